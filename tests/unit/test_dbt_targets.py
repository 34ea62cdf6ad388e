"""Old per-invocation dbt target folders are pruned; the newest stay, other files are untouched."""

import os
from pathlib import Path

from orchestration.defs.transform.assets import prune_run_targets


def test_only_the_newest_run_folders_stay(tmp_path):
    for age, name in enumerate(
        ["warehouse_models-a", "warehouse_models-b", "warehouse_models-c", "warehouse_models-d"]
    ):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "manifest.json").write_text("{}")
        moment = 1_700_000_000 - age * 60  # a is the newest, d the oldest
        os.utime(folder, (moment, moment))
    (tmp_path / "manifest.json").write_text("{}")  # the project's own manifest
    removed = prune_run_targets(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == ["warehouse_models-c", "warehouse_models-d"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "warehouse_models-a", "warehouse_models-b"]


# The data catalogue re-uses the build's compiled manifest instead of compiling the project again.


def _manifest(nodes: dict) -> str:
    import json

    return json.dumps({"nodes": nodes})


def test_the_build_manifest_is_kept_beside_the_build_copy(tmp_path):
    from orchestration.defs.transform.assets import keep_build_manifest

    run_target = tmp_path / "target" / "warehouse_models-a"
    run_target.mkdir(parents=True)
    (run_target / "manifest.json").write_text('{"nodes": {"m": 1}}')
    database = tmp_path / "w" / ".build" / "warehouse.duckdb"
    database.parent.mkdir(parents=True)
    kept = keep_build_manifest(run_target, database)
    assert kept == tmp_path / "w" / ".build" / "dbt-build-manifest.json"
    assert kept.read_text() == '{"nodes": {"m": 1}}'
    # A run whose dbt wrote no manifest keeps nothing (and leaves the earlier one).
    assert keep_build_manifest(tmp_path / "target" / "none", database) is None
    assert kept.read_text() == '{"nodes": {"m": 1}}'


def test_the_catalogue_uses_the_build_manifest_only_when_every_model_and_test_is_compiled(tmp_path):
    from orchestration.defs.operations.catalogue import compiled_manifest

    built, destination = tmp_path / "built.json", tmp_path / "docs" / "manifest.json"
    destination.parent.mkdir()
    compiled = {
        "model.p.a": {"resource_type": "model", "compiled_code": "select 1"},
        "test.p.t": {"resource_type": "test", "compiled_code": "select 2"},
        "seed.p.s": {"resource_type": "seed"},  # seeds have no SQL: not required
    }
    built.write_text(_manifest(compiled))
    assert compiled_manifest(built, destination) is True
    assert destination.read_text() == built.read_text()

    destination.unlink()
    # A build of a selection left model b uncompiled: the catalogue compiles instead.
    built.write_text(_manifest({**compiled, "model.p.b": {"resource_type": "model", "compiled_code": None}}))
    assert compiled_manifest(built, destination) is False
    assert not destination.exists()
    built.write_text("{not json")
    assert compiled_manifest(built, destination) is False
    assert compiled_manifest(tmp_path / "missing.json", destination) is False
    assert not destination.exists()


def test_the_parse_on_load_is_skipped_only_while_its_inputs_are_unchanged(tmp_path):
    from orchestration.defs.transform.project import parse_inputs_digest

    root = tmp_path
    (root / "models").mkdir()
    (root / "models" / "m.sql").write_text("select 1")
    (root / "dbt_project.yml").write_text("name: x")
    (root / "profiles.yml").write_text("x: {}")
    build = Path("/a/.build/warehouse.duckdb")
    first = parse_inputs_digest(build, root)
    assert parse_inputs_digest(build, root) == first
    (root / "target").mkdir()
    (root / "target" / "run_results.json").write_text("{}")  # dbt's own output is no input
    assert parse_inputs_digest(build, root) == first
    (root / "models" / "m.sql").write_text("select 2")  # a model edited
    assert parse_inputs_digest(build, root) != first
    (root / "models" / "m.sql").write_text("select 1")
    assert parse_inputs_digest(build, root) == first
    (root / "macros").mkdir()
    (root / "macros" / "new.sql").write_text("")  # a file added, even an empty one
    assert parse_inputs_digest(build, root) != first
    (root / "macros" / "new.sql").unlink()
    assert parse_inputs_digest(build, root) == first
    # Another build copy: dbt's saved parse is per profile, so the parse runs again.
    assert parse_inputs_digest(Path("/b/.build/warehouse.duckdb"), root) != first
