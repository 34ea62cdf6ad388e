"""Old per-invocation dbt target folders are pruned; the newest stay, other files are untouched."""

import os

from orchestration.defs.transform.assets import prune_run_targets


def test_only_the_newest_run_folders_stay(tmp_path):
    for age, name in enumerate(["warehouse_models-a", "warehouse_models-b", "warehouse_models-c", "warehouse_models-d"]):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "manifest.json").write_text("{}")
        moment = 1_700_000_000 - age * 60  # a is the newest, d the oldest
        os.utime(folder, (moment, moment))
    (tmp_path / "manifest.json").write_text("{}")  # the project's own manifest
    removed = prune_run_targets(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == ["warehouse_models-c", "warehouse_models-d"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "warehouse_models-a", "warehouse_models-b"]
