"""The shipped sample reads right on a fresh clone, whatever the checkout time.

Git does not keep modification times: a clone gives every file the moment of the checkout. The
sample's lateness must therefore come from its receipt log alone. The expected figures are the
ones the sample was made to give (sources/README.md, "Late, missing and corrected reports"),
worked out by hand from the rule: on time = received before 00:00 of the 15th of the quarter's
last month, Hanoi time; days late = days since the 15th began, the 15th counting as 1.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from orchestration.readers.unit_report import read_unit_reports

SAMPLE = Path(__file__).resolve().parents[2] / "sources"
HCM = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory) -> pl.DataFrame:
    """The sample's unit reports as a checkout leaves them: every file modified just now."""
    inbox = tmp_path_factory.mktemp("clone")
    shutil.copytree(SAMPLE / "unit_reports", inbox / "unit_reports")
    now = dt.datetime.now().timestamp()
    for path in (inbox / "unit_reports").iterdir():
        os.utime(path, (now, now))
    return read_unit_reports(inbox).tables["unit_report_submissions"]


def _submission(submissions: pl.DataFrame, file: str) -> dict:
    rows = submissions.filter(pl.col("source_file") == f"unit_reports/{file}").to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def _status(received: dt.datetime, deadline: dt.date) -> tuple[str, int | None]:
    due = dt.datetime.combine(deadline, dt.time(0), tzinfo=HCM)
    if received < due:
        return "on_time", None
    return "late", (received.astimezone(HCM).date() - deadline).days + 1


def test_every_sample_workbook_is_timed_by_the_receipt_log(fresh_clone: pl.DataFrame):
    workbooks = sorted(p.name for p in (SAMPLE / "unit_reports").glob("*.xlsx"))
    loaded = fresh_clone["source_file"].to_list()
    # Two are not loaded: the CSV saved under an .xlsx name, and the " (1)" copy of identical bytes.
    assert len(loaded) == len(workbooks) - 2 == 52
    assert set(fresh_clone["received_source"].to_list()) == {"receipt_log"}


@pytest.mark.parametrize(
    ("file", "received", "deadline", "status", "days_late"),
    [
        # Xã Cần Giờ, 2026-Q1: received 19/03/2026 11:45, due before 15/03/2026.
        (
            "2026-Q1_27664_Xa-Can-Gio.xlsx",
            dt.datetime(2026, 3, 19, 11, 45, tzinfo=HCM),
            dt.date(2026, 3, 15),
            "late",
            5,
        ),
        # Phòng Kế hoạch Tài chính, 2025-Q4: received 19/12/2025 11:30, due before 15/12/2025.
        (
            "2025-Q4_KHTC_Phong-Ke-hoach-Tai-chinh.xlsx",
            dt.datetime(2025, 12, 19, 11, 30, tzinfo=HCM),
            dt.date(2025, 12, 15),
            "late",
            5,
        ),
        # Phòng Học sinh, sinh viên, 2025-Q4: 23:41 on the 14th, on time by 19 minutes.
        (
            "2025-Q4_HSSV_Phong-Hoc-sinh-sinh-vien.xlsx",
            dt.datetime(2025, 12, 14, 23, 41, tzinfo=HCM),
            dt.date(2025, 12, 15),
            "on_time",
            None,
        ),
    ],
)
def test_the_sample_reports_read_as_they_were_made(fresh_clone, file, received, deadline, status, days_late):
    row = _submission(fresh_clone, file)
    assert row["received_at"].replace(second=0, microsecond=0) == received
    assert _status(row["received_at"], deadline) == (status, days_late)


@pytest.mark.parametrize(
    ("file", "deadline"),
    [
        ("2025-Q4_TH-NBK_Truong-Tieu-hoc-Nguyen-Binh-Khiem.xlsx", dt.date(2025, 12, 15)),
        ("2026-Q2_26732_Dac-khu-Con-Dao.xlsx", dt.date(2026, 6, 15)),
    ],
)
def test_reports_once_timed_by_their_file_are_on_time_after_a_checkout(fresh_clone, file, deadline):
    row = _submission(fresh_clone, file)
    assert row["received_source"] == "receipt_log"
    assert _status(row["received_at"], deadline)[0] == "on_time"
