"""A change to the dbt project rebuilds what dbt's own state comparison selects, not everything
(orchestration/defs/transform/state.py), and Dagster records materializations for those only.

Starts from a copy of the shared e2e run. The project is not edited (other tests read it): the
copy is made to look as if it had been built by an earlier version of the project, in which the
press items' attribution (int_press_items__attributed, a period-scoped model) had other SQL: the
kept manifest in dbt-state/ carries that other SQL, and the recorded project digest is another.
The inbox is unchanged, so the refresh rebuilds that model and what reads it, however
indirectly, and nothing else; the data being the same, every mart stays the same.
"""

from __future__ import annotations

import json
import shutil
import time

import dagster as dg
import duckdb
import pytest

from orchestration.warehouse.database import build_path
from tools.reliability.fingerprint import differences, mart_fingerprints
from tools.reliability.pipeline import Workspace, run

pytestmark = pytest.mark.e2e

EDITED = "model.gddt_comms.int_press_items__attributed"


def _downstream(manifest: dict, unique_id: str) -> set[str]:
    """The model and every model, seed or snapshot reading it, however indirectly."""
    found, todo = {unique_id}, [unique_id]
    while todo:
        for child in manifest["child_map"].get(todo.pop(), []):
            if child not in found and child.split(".")[0] in ("model", "seed", "snapshot"):
                found.add(child)
                todo.append(child)
    return found


@pytest.fixture(scope="module")
def changed(e2e_run, tmp_path_factory) -> tuple[Workspace, dict, float]:
    root = tmp_path_factory.mktemp("project-change") / "copy"
    shutil.copytree(e2e_run.root, root, symlinks=True)
    workspace = Workspace(root, root / "inbox", "2025-Q4,2026-Q1", warehouse=root / e2e_run.database.name)
    build = build_path(workspace.published)
    kept = build.parent / "dbt-state" / "manifest.json"
    manifest = json.loads(kept.read_text(encoding="utf-8"))
    earlier = json.loads(json.dumps(manifest))
    earlier["nodes"][EDITED]["raw_code"] += "\n-- the earlier version"
    kept.write_text(json.dumps(earlier), encoding="utf-8")
    with duckdb.connect(str(build)) as con:
        con.execute("update dbt_state.source_fingerprints set project_digest = 'an earlier project'::blob")
    started = time.time()
    finished = run(workspace, "project-change.log", timeout=900)
    assert finished.returncode == 0, finished.log.read_text(encoding="utf-8")[-3000:]
    return workspace, manifest, started


def _materialized_since(workspace: Workspace, started: float, key: dg.AssetKey) -> int:
    with dg.DagsterInstance.from_config(str(workspace.dagster_home)) as instance:
        records = instance.fetch_materializations(key, limit=1000).records
    return sum(1 for r in records if r.timestamp >= started)


def test_the_refresh_rebuilds_the_edited_model_and_its_readers_only(changed):
    workspace, manifest, _ = changed
    expected = _downstream(manifest, EDITED)
    assert len(expected) >= 3
    log = (workspace.root / "project-change.log").read_text(encoding="utf-8")
    assert (
        f"dbt: {len(expected)} models to build (the dbt project changed: dbt's state comparison selects {len(expected)} models)"
        in log
    )


def test_dagster_records_materializations_for_what_dbt_rebuilt_only(changed):
    workspace, _, started = changed
    assert _materialized_since(workspace, started, dg.AssetKey(["intermediate", "int_press_items__attributed"])) == 1
    # The page views' attribution does not read the press items: kept, no new materialization.
    assert _materialized_since(workspace, started, dg.AssetKey(["intermediate", "int_web_pageviews__attributed"])) == 0
    assert _materialized_since(workspace, started, dg.AssetKey(["marts", "mart_period_compliance"])) == 0


def test_the_marts_are_the_same(changed, e2e_run):
    workspace, _, _ = changed
    assert differences(mart_fingerprints(e2e_run.database), mart_fingerprints(workspace.published)) == []


def test_the_next_refresh_compares_with_the_new_manifest(changed):
    workspace, manifest, _ = changed
    kept = json.loads(
        (build_path(workspace.published).parent / "dbt-state" / "manifest.json").read_text(encoding="utf-8")
    )
    assert kept["nodes"][EDITED]["raw_code"] == manifest["nodes"][EDITED]["raw_code"]
