"""What a change to the dbt project rebuilds (orchestration/defs/transform/state.py): dbt's own
state comparison against the manifest kept beside the warehouse, on the project's real manifest."""

from __future__ import annotations

import json

import pytest

from orchestration.defs.resources import SETTINGS
from orchestration.defs.transform import state
from orchestration.defs.transform.project import dbt_project, prepare_manifest


@pytest.fixture(scope="module")
def manifest() -> dict:
    prepare_manifest(SETTINGS.warehouse_resource().dbt_profile(), reparse_if_changed=True)
    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))


def _kept(tmp_path, manifest: dict) -> tuple:
    database = tmp_path / ".build" / "warehouse.duckdb"
    database.parent.mkdir()
    source = tmp_path / "manifest.json"
    source.write_text(json.dumps(manifest), encoding="utf-8")
    return database, state.keep(source, database)


def test_the_manifest_is_kept_beside_the_build_copy(tmp_path, manifest):
    database, kept = _kept(tmp_path, manifest)
    assert kept == tmp_path / ".build" / "dbt-state" / "manifest.json"
    assert json.loads(kept.read_text(encoding="utf-8"))["metadata"] == manifest["metadata"]
    assert sorted(p.name for p in kept.parent.iterdir()) == ["manifest.json"]  # no partial file left


def test_without_a_kept_manifest_nothing_can_be_compared(tmp_path):
    assert state.modified_since_last_build(tmp_path / ".build" / "warehouse.duckdb") is None


def test_a_manifest_of_another_dbt_version_is_not_compared(tmp_path, manifest):
    other = {**manifest, "metadata": {**manifest["metadata"], "dbt_version": "1.8.0"}}
    database, _ = _kept(tmp_path, other)
    assert state.modified_since_last_build(database) is None


def _downstream(manifest: dict, unique_id: str) -> set[str]:
    """The models, seeds and snapshots reading `unique_id`, however indirectly, and itself."""
    found, todo = {unique_id}, [unique_id]
    while todo:
        for child in manifest["child_map"].get(todo.pop(), []):
            if child not in found and child.split(".")[0] in ("model", "seed", "snapshot"):
                found.add(child)
                todo.append(child)
    return found


def test_an_edited_model_rebuilds_it_and_what_reads_it(tmp_path, manifest):
    # The kept manifest is the project before an edit of int_units: its SQL differed.
    edited = "model.gddt_comms.int_units"
    before = json.loads(json.dumps(manifest))
    before["nodes"][edited]["raw_code"] += "\n-- an earlier version"
    database, _ = _kept(tmp_path, before)
    selected = state.modified_since_last_build(database)
    expected = _downstream(manifest, edited)
    assert "model.gddt_comms.mart_unit_quarter" in expected and len(expected) > 5
    assert selected == expected


def test_an_unchanged_project_selects_nothing(tmp_path, manifest):
    database, _ = _kept(tmp_path, manifest)
    assert state.modified_since_last_build(database) == frozenset()
