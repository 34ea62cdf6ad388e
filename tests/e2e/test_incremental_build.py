"""A refresh after one unit report left the inbox and one press item arrived rebuilds only the
models that read unit reports or press items (orchestration/defs/transform/scope.py), short of
the views that stay the same (its gates); the press items' attribution is recomputed for the new
item's period only (period_scope.py); and its marts equal those of a build of every model.

Starts from a copy of the shared e2e run. 2026-Q1_GDPT.xlsx is removed: GDPT's late 2026-Q1
report (test_end_to_end: ("GDPT", "2026-Q1", "late", ...)) is gone, so 2026-Q1 has 1 report
received of 9 expected, 1 on time, 0 late, 8 missing, and the share on time stays 1/9 = 0.1111.
A press export with one item of 15/02/2026 (in 2026-Q1, like T4 of 05/02/2026) arrives.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.warehouse.database import build_path
from tools.reliability.fingerprint import differences, mart_fingerprints
from tools.reliability.pipeline import Workspace, run

pytestmark = pytest.mark.e2e

MARK = "(marked before the refresh)"

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
    # A mark on every attributed press item, in a column no mart reads (how its outlet was matched;
    # the press marts read the evidence columns): the rows of the periods dbt recomputes lose it,
    # the rows it keeps still carry it.
    with duckdb.connect(str(build_path(workspace.published))) as con:
        con.execute(f"update intermediate.int_press_items__attributed set outlet_matched_by = '{MARK}'")
    (workspace.inbox / "media" / "press" / "bao-chi_2026-02.csv").write_text(
        "\ufeffma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai,tieu_de,tom_tat,url,sac_thai,luot_xem\n"
        '"T7","15/02/2026 08:00","VnExpress","Báo điện tử","Tin","Tuyển sinh lớp 10 có nhiều điểm mới","","https://vnexpress.net/g","Tích cực",""\n',
        encoding="utf-8",
    )
    (root / "refresh-started-at").write_text(repr(time.time()))
    finished = run(workspace, "removed-workbook.log", timeout=900)
    assert finished.returncode == 0, finished.log.read_text(encoding="utf-8")[-3000:]
    return workspace


def test_the_removed_report_is_gone_from_the_marts(refreshed):
    with duckdb.connect(str(refreshed.published), read_only=True) as con:
        assert con.execute(
            """select units_expected, units_received, units_on_time, units_late, units_missing, share_on_time
               from marts.mart_period_compliance where period_key = '2026-Q1' and report_kind = 'quarterly'"""
        ).fetchall() == [(9, 1, 1, 0, 8, 0.1111)]


def _materialized_by_the_refresh(workspace: Workspace, *path: str) -> int:
    """How many materializations of the asset the refresh recorded."""
    started = float((workspace.root / "refresh-started-at").read_text())
    with dg.DagsterInstance.from_config(str(workspace.dagster_home)) as instance:
        records = instance.fetch_materializations(dg.AssetKey(list(path)), limit=1000).records
    return sum(1 for r in records if r.timestamp >= started)


def test_models_that_read_neither_unit_reports_nor_press_were_kept(refreshed, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(refreshed.dagster_home))
    # Dagster was told before dbt started which models the refresh builds: a kept model gets no
    # new materialization (its history is the history of its data), a rebuilt one gets one.
    assert _materialized_by_the_refresh(refreshed, "marts", "mart_period_compliance") == 1
    assert _materialized_by_the_refresh(refreshed, "intermediate", "int_web_pageviews__attributed") == 0
    # These read the unit reports only through the periods loaded, which the removed report does
    # not change (2026-Q1 is still loaded, with its other report): kept, like the page views.
    for kept in (("marts", "mart_web_traffic"), ("marts", "mart_fanpage_posts")):
        assert _materialized_by_the_refresh(refreshed, *kept) == 0, kept
    # Same project, same columns: the data catalogue staged last time is kept and published.
    assert _latest_metadata("operations", "data_catalogue")["regenerated"] is False
    assert (refreshed.published.parent / "reports" / "data-catalogue.html").stat().st_size > 100_000


def test_the_press_items_were_attributed_for_the_new_items_period_only(refreshed, e2e_run, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(refreshed.dagster_home))
    assert _latest_metadata("intermediate", "int_press_items__attributed")["periods_rebuilt"] == "2026-Q1"
    # The units' channels read the press items (and the units' names, unchanged): 2026-Q1 too.
    assert _latest_metadata("intermediate", "int_unit_channels__by_period")["periods_rebuilt"] == "2026-Q1"
    query = "select period_key, count(*) from intermediate.int_press_items__attributed group by 1 order by 1"
    with duckdb.connect(str(e2e_run.database), read_only=True) as con:
        before = con.execute(query).fetchall()
    with duckdb.connect(str(refreshed.published), read_only=True) as con:
        after = con.execute(query).fetchall()
        new_item = con.execute(
            "select period_key, outlet_code, title from intermediate.int_press_items__attributed where item_id = 'T7'"
        ).fetchall()
        marked = con.execute(
            f"""select period_key, count(*) filter (where outlet_matched_by = '{MARK}')
                from intermediate.int_press_items__attributed group by 1 order by 1"""
        ).fetchall()
    # The 2025-Q4 items (T1, T2) were kept; 2026-Q1's (T3 to T6) were attributed again, with T7.
    assert before == [("2025-Q4", 2), ("2026-Q1", 4)]
    assert after == [("2025-Q4", 2), ("2026-Q1", 5)]
    assert marked == [("2025-Q4", 2), ("2026-Q1", 0)]
    assert new_item == [("2026-Q1", "vnexpress", "Tuyển sinh lớp 10 có nhiều điểm mới")]


def test_the_marts_equal_a_build_of_every_model(refreshed, tmp_path):
    copy = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(build_path(refreshed.published), copy)
    build = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "build", "--quiet", "--target-path", str(tmp_path / "target")],
        cwd=PROJECT_ROOT / "dbt_project",
        env={**os.environ, "WAREHOUSE_BUILD": str(copy)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert differences(mart_fingerprints(copy), mart_fingerprints(refreshed.published)) == []
