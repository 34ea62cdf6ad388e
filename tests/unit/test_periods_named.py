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


def test_the_declared_period_is_read_from_the_info_sheet(tmp_path):
    from orchestration.readers.unit_report import declared_period_key

    # The sample's first quarterly workbook of 2025-Q4 (Phường Thủ Dầu Một), whose ThongTin sheet
    # says Kỳ báo cáo "Quý IV/2025".
    quarterly = sorted((SAMPLE / "unit_reports").glob("2025-Q4_*.xlsx"))[0]
    assert declared_period_key(quarterly, SAMPLE) == "2025-Q4"
    not_a_workbook = tmp_path / "bao-cao.xlsx"
    not_a_workbook.write_text("Đơn vị,Kỳ báo cáo\nPhường Bến Thành,Quý I/2026\n", encoding="utf-8")
    assert declared_period_key(not_a_workbook) is None
