"""Which periods a `make run PERIODS=...` can refresh: named by a loaded report or by a file of the
inbox (orchestration/run.py periods_named), on real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from orchestration.run import periods_named

SAMPLE = Path(__file__).resolve().parents[2] / "sources"


def _warehouse(path: Path, rows: list[tuple[str, str]]) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        con.execute("create table raw.unit_report_submissions (period_key varchar, source_file varchar)")
        con.executemany("insert into raw.unit_report_submissions values (?, ?)", rows)
    return path


def test_a_period_the_warehouse_loaded_needs_no_inbox(tmp_path):
    empty_inbox = tmp_path / "inbox"
    (empty_inbox / "unit_reports").mkdir(parents=True)
    warehouse = _warehouse(tmp_path / "w.duckdb", [("2026-Q1", "unit_reports/a.xlsx"), (None, "unit_reports/b.xlsx")])
    assert periods_named(empty_inbox, warehouse, ["2026-Q1", "2026-Q2"]) == {"2026-Q1"}


def test_a_new_file_names_its_period(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLE / "unit_reports", inbox / "unit_reports")
    # The sample's reports are of 2025-Q4 and 2026-Q1 (their Kỳ báo cáo); none of 2027-Q1.
    assert periods_named(inbox, tmp_path / "none.duckdb", ["2025-Q4", "2027-Q1"]) == {"2025-Q4"}
    assert periods_named(inbox, tmp_path / "none.duckdb", ["2026-Q1"]) == {"2026-Q1"}


def test_files_already_loaded_are_not_read_again(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLE / "unit_reports", inbox / "unit_reports")
    loaded = [("2025-Q4", f"unit_reports/{p.name}") for p in sorted((inbox / "unit_reports").iterdir())]
    # Every file counts as loaded (with the period the warehouse recorded): the inbox is not read,
    # so 2026-Q1, which only the files' content names, is not found.
    warehouse = _warehouse(tmp_path / "w.duckdb", loaded)
    assert periods_named(inbox, warehouse, ["2025-Q4", "2026-Q1"]) == {"2025-Q4"}
