"""A refresh after one unit report left the inbox rebuilds only the models that read unit reports
(orchestration/defs/transform/scope.py), short of the views that stay the same (its gates), and
its marts equal those of a build of every model.

Starts from a copy of the shared e2e run. 2026-Q1_GDPT.xlsx is removed: GDPT's late 2026-Q1
report (test_end_to_end: ("GDPT", "2026-Q1", "late", ...)) is gone, so 2026-Q1 has 1 report
received of 9 expected, 1 on time, 0 late, 8 missing, and the share on time stays 1/9 = 0.1111.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.lib.warehouse import build_path
from orchestration.reliability.fingerprint import differences, mart_fingerprints
from orchestration.reliability.pipeline import Workspace, run

pytestmark = pytest.mark.e2e

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _latest_metadata(*path: str) -> dict:
    with dg.DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey(list(path)))
        return {k: v.value for k, v in event.asset_materialization.metadata.items()}


@pytest.fixture(scope="module")
def refreshed(e2e_run, tmp_path_factory) -> Workspace:
    root = tmp_path_factory.mktemp("incremental") / "copy"
    shutil.copytree(e2e_run.root, root, symlinks=True)
    workspace = Workspace(root, root / "inbox", "2026-Q1", warehouse=root / e2e_run.database.name)
    (workspace.inbox / "unit_reports" / "2026-Q1_GDPT.xlsx").unlink()
    finished = run(workspace, "removed-workbook.log", timeout=900)
    assert finished.returncode == 0, finished.log.read_text(encoding="utf-8")[-3000:]
    return workspace


def test_the_removed_report_is_gone_from_the_marts(refreshed):
    with duckdb.connect(str(refreshed.published), read_only=True) as con:
        assert con.execute(
            """select units_expected, units_received, units_on_time, units_late, units_missing, share_on_time
               from marts.mart_period_compliance where period_key = '2026-Q1' and report_kind = 'quarterly'"""
        ).fetchall() == [(9, 1, 1, 0, 8, 0.1111)]


def test_models_that_do_not_read_unit_reports_were_kept(refreshed, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(refreshed.dagster_home))
    press = _latest_metadata("intermediate", "int_press_items__attributed")
    assert press.get("rebuilt") is False
    compliance = _latest_metadata("marts", "mart_period_compliance")
    assert "rebuilt" not in compliance  # built by dbt in this refresh
    # These read the unit reports only through the periods loaded and the units' names, which the
    # removed report does not change (2026-Q1 is still loaded, with its other report; GDPT is a
    # department, named in the seed): kept, like the press.
    for kept in (("marts", "mart_press_coverage"), ("intermediate", "int_unit_channels__by_period")):
        assert _latest_metadata(*kept).get("rebuilt") is False, kept
    # Same project, same columns: the data catalogue staged last time is kept and published.
    assert _latest_metadata("operations", "data_catalogue")["regenerated"] is False
    assert (refreshed.published.parent / "reports" / "data-catalogue.html").stat().st_size > 100_000


def test_the_marts_equal_a_build_of_every_model(refreshed, tmp_path):
    copy = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(build_path(refreshed.published), copy)
    build = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "build", "--quiet", "--target-path", str(tmp_path / "target")],
        cwd=PROJECT_ROOT / "dbt_project", env={**os.environ, "WAREHOUSE_BUILD": str(copy)},
        capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert differences(mart_fingerprints(copy), mart_fingerprints(refreshed.published)) == []
