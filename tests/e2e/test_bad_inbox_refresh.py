"""A whole refresh of an inbox that holds every bad-input case beside the good files publishes,
and the good files' rows are the ones a refresh of the good files alone loads.

The bad-input corpus (tests/badinput) shows each reader's quarantine rows; this runs what a real
quarterly refresh runs on them: ingestion and its blocking checks, every dbt model and test, the
personal-data scan, the year-end reports (a unit's self-assessment holds a vertical tab, Word's
Shift+Enter pasted into Excel) and publishing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.badinput.corpus import CASES, put, report_bytes

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SELF_ASSESSMENT_WITH_TAB = "Đã tổ chức 3 buổi tọa đàm\x0bcó phụ huynh tham dự"


def _refresh(inbox: Path, database: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.run",
            "--inbox",
            str(inbox),
            "--warehouse",
            str(database),
            "--periods",
            "2025-Q4,2026-Q1",
            "--dagster-home",
            str(home),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def bad_inbox_run(tmp_path_factory, e2e_run):
    root = tmp_path_factory.mktemp("bad-inbox")
    # The very files of the good-files-alone refresh (a workbook written again would differ in
    # its bytes, and so in its submission_id).
    inbox, outside = root / "inbox", root / "outside"
    shutil.copytree(e2e_run.root / "inbox", inbox, copy_function=shutil.copy2)
    # The receipt log is shared: the cases add their own lines to it.
    good = sorted(
        p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file() and p.name != "_received.csv"
    )
    outside.mkdir()
    for case in CASES:
        if case.mixable:
            case.build(inbox, outside)
    activity = [1, "2.4", "Tin bài", "Fanpage", "Ngày hội STEM cấp thành phố", "05/01/2026", 1, "", "", "", ""]
    put(
        inbox,
        "unit_reports/self_assessment_vertical_tab.xlsx",
        report_bytes(
            "Phòng Giáo dục Mầm non",
            "GDMN",
            "Quý I/2026",
            [activity],
            root,
            assessments=[[1, "2.4", "80%", SELF_ASSESSMENT_WITH_TAB, "Thiếu kinh phí", "Bổ sung kinh phí"]],
        ),
    )
    database = root / "warehouse" / "warehouse.duckdb"
    return _refresh(inbox, database, root / "home"), database, good


def test_the_refresh_publishes_the_warehouse_and_its_reports(bad_inbox_run):
    run, database, _ = bad_inbox_run
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert re.search(r"^checks\s+: \d+ passed, 0 failed", run.stdout, flags=re.M), run.stdout[-4000:]
    assert re.search(r"^published\s+: build ", run.stdout, flags=re.M)
    reports = {
        p.suffix for p in (database.parent / "reports").iterdir() if p.name.startswith("bao-cao-tong-ket-2025-2026")
    }
    assert reports == {".docx", ".html"}


def test_the_good_files_rows_are_those_of_a_refresh_of_the_good_files_alone(bad_inbox_run, e2e_run):
    _, database, good = bad_inbox_run
    with (
        duckdb.connect(str(database), read_only=True) as mixed,
        duckdb.connect(str(e2e_run.database), read_only=True) as alone,
    ):
        tables = [
            r[0]
            for r in alone.execute(
                "select table_name from information_schema.columns where table_schema = 'raw' "
                "and column_name = 'source_file' and table_name not like 'file_index%'"
            ).fetchall()
        ]
        compared = 0
        for table in tables:
            query = f"select * from raw.{table} where source_file in (select unnest($files)) order by all"
            expected = alone.execute(query, {"files": good}).fetchall()
            assert mixed.execute(query, {"files": good}).fetchall() == expected, table
            compared += len(expected)
    assert compared > 50  # the comparison holds real rows


def test_the_self_assessment_reaches_the_reports_without_its_control_character(bad_inbox_run):
    _, database, _ = bad_inbox_run
    html = (database.parent / "reports" / "bao-cao-tong-ket-2025-2026.html").read_text(encoding="utf-8")
    assert "\x0b" not in html
    with duckdb.connect(str(database), read_only=True) as con:
        flagged = con.execute(
            "select count(*) from marts.mart_quarantine where source_file like '%self_assessment_vertical_tab%'"
        ).fetchone()[0]
    assert flagged == 0  # a control character is text to clean, not a reason to refuse the report
