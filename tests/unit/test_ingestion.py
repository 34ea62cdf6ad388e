"""publish(): raw tables written per scope, and blocking checks that keep bad data from the marts."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import duckdb
import polars as pl
import pytest

from orchestration.defs.ingestion import RECONCILE_CHECK, SUITE_CHECK, Family, publish
from orchestration.domain.dates import HCM
from orchestration.readers import ReadResult
from orchestration.readers.press import PRESS_SCHEMA
from orchestration.readers.quarantine import Reject

PRESS = Family(name="press", tables=("press_items",))


def press_row(row: int, media_type: str = "Báo điện tử") -> dict[str, object]:
    return {
        "source_file": "media/press/a.csv",
        "source_row": row,
        "item_id": f"T{row}",
        "published_at": dt.datetime(2025, 11, 20, 8, 0, tzinfo=HCM),
        "outlet_raw": "Tuổi Trẻ",
        "media_type": media_type,
        "genre": "Tin",
        "title": "Tin giáo dục",
        "lede": None,
        "url": f"https://tuoitre.vn/{row}",
        "sentiment_label": None,
        "views": None,
        "period_key": "2025-Q4",
    }


def read_result(rows: list[dict[str, object]], rejected_rows: list[int], read: int) -> ReadResult:
    rejects = [
        Reject("press", "media/press/a.csv", "bad date", source_row=r, period_key="2025-Q4") for r in rejected_rows
    ]
    return ReadResult.build(
        {"press_items": pl.DataFrame(rows, schema=PRESS_SCHEMA)},
        rejects,
        {"media/press/a.csv": (read, len(rows), len(rejected_rows))},
    )


def materialise(result: ReadResult, database) -> dg.ExecuteInProcessResult:
    @dg.multi_asset(specs=PRESS.asset_specs(group="media"), check_specs=PRESS.check_specs())
    def press_exports():
        with duckdb.connect(str(database)) as con:
            yield from publish(con, PRESS, result)

    @dg.asset(deps=[dg.AssetKey(["raw", "press_items"])])
    def mart():
        return None

    return dg.materialize([press_exports, mart], raise_on_error=False)


def checks(run: dg.ExecuteInProcessResult) -> dict[str, bool]:
    return {f"{c.asset_key.path[-1]}:{c.check_name}": c.passed for c in run.get_asset_check_evaluations()}


def materialised(run: dg.ExecuteInProcessResult) -> set[str]:
    return {e.asset_key.path[-1] for e in run.get_asset_materialization_events()}


def test_good_data_passes_and_reaches_downstream(tmp_path):
    run = materialise(read_result([press_row(2), press_row(4)], rejected_rows=[3], read=3), tmp_path / "w.duckdb")
    assert checks(run) == {f"press_items:{SUITE_CHECK}": True, f"file_loads_press:{RECONCILE_CHECK}": True}
    assert "mart" in materialised(run)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        assert con.execute("select rows_read, rows_loaded, rows_rejected from raw.file_loads_press").fetchall() == [
            (3, 2, 1)
        ]
        assert con.execute("select source_row, action from raw.quarantine_press").fetchall() == [(3, "row_rejected")]


def test_failed_suite_blocks_downstream(tmp_path):
    run = materialise(read_result([press_row(2, media_type="Radio")], rejected_rows=[], read=1), tmp_path / "w.duckdb")
    assert checks(run)[f"press_items:{SUITE_CHECK}"] is False
    assert "mart" not in materialised(run)


def test_counts_that_do_not_add_up_block_downstream(tmp_path):
    # The reader claims 3 rows read but only 1 is loaded and none rejected: one row vanished.
    run = materialise(read_result([press_row(2)], rejected_rows=[], read=3), tmp_path / "w.duckdb")
    assert checks(run)[f"file_loads_press:{RECONCILE_CHECK}"] is False
    assert "mart" not in materialised(run)


def test_rerun_replaces_rows_instead_of_adding(tmp_path):
    database = tmp_path / "w.duckdb"
    for _ in range(2):
        materialise(read_result([press_row(2), press_row(4)], rejected_rows=[3], read=3), database)
    with duckdb.connect(str(database)) as con:
        assert con.execute("select count(*) from raw.press_items").fetchone() == (2,)
        assert con.execute("select count(*) from raw.quarantine_press").fetchone() == (1,)


def test_period_scoped_publish_needs_file_periods(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con, pytest.raises(ValueError, match="file_periods"):
        list(publish(con, PRESS, read_result([], [], 0), where="period_key = ?", params=["2025-Q4"]))


def test_suite_runs_once_on_every_batch_together(tmp_path):
    # Two batches of the same file, each unique within itself; batch 2 repeats row 4 of batch 1
    # and has a media type outside the set on row 9. Checked together, by hand: the compound
    # (source_file, source_row) is duplicated on 2 rows (row 4 twice), and 1 media type is wrong.
    first = read_result([press_row(2), press_row(4)], rejected_rows=[], read=2)
    second = read_result([press_row(4), press_row(9, media_type="Radio")], rejected_rows=[], read=2)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        events = list(publish(con, PRESS, iter([first, second])))
    suite = next(e for e in events if isinstance(e, dg.AssetCheckResult) and e.check_name == SUITE_CHECK)
    assert suite.passed is False
    assert suite.metadata["expectations"].value == 14  # expectations/press_items.json, run once
    failures = {(f["expectation"], f["unexpected_count"]) for f in suite.metadata["failures"].value}
    assert failures == {("expect_compound_columns_to_be_unique", 2), ("expect_column_values_to_be_in_set", 1)}


def test_nothing_loaded_passes_every_suite(tmp_path):
    # A refresh that reads nothing writes zero rows: the suite holds (GE's own answer on zero rows).
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        events = list(publish(con, PRESS, read_result([], [], 0)))
    suite = next(e for e in events if isinstance(e, dg.AssetCheckResult) and e.check_name == SUITE_CHECK)
    assert (suite.passed, suite.metadata["expectations"].value, suite.metadata["failed"].value) == (True, 14, 0)
