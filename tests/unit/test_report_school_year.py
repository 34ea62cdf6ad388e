"""Which school year the year-end reports are of: the one the Office is in, never decided by one file."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from orchestration.reports.data import latest_school_year


@pytest.fixture
def marts(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema marts")
    con.execute("create table marts.mart_task_year (task_code varchar, school_year varchar)")
    con.execute(
        "create table marts.mart_reporting_compliance "
        "(unit_code varchar, school_year varchar, report_kind varchar, received boolean)"
    )

    def hold(year: str, units: list[str], kind: str = "quarterly", received: bool = True) -> None:
        con.execute("insert into marts.mart_task_year values ('2.15', ?)", [year])
        for unit in units:
            con.execute("insert into marts.mart_reporting_compliance values (?, ?, ?, ?)", [unit, year, kind, received])

    yield con, hold
    con.close()


def test_one_unit_in_a_new_year_does_not_move_the_reports(marts):
    con, hold = marts
    hold("2025-2026", ["VP", "TCCB", "26734"])
    hold("2026-2027", ["26734"])  # one ward's report in the new year (begun 15/09/2026)
    assert latest_school_year(con, dt.date(2026, 12, 20)) == "2025-2026"


def test_the_new_year_once_several_units_reported(marts):
    con, hold = marts
    hold("2025-2026", ["VP", "TCCB", "26734"])
    hold("2026-2027", ["26734", "VP"])
    assert latest_school_year(con, dt.date(2026, 12, 20)) == "2026-2027"


def test_a_year_that_has_not_begun_is_never_chosen(marts):
    con, hold = marts
    hold("2025-2026", ["VP", "TCCB"])
    hold("2026-2027", ["VP", "TCCB", "KHTC"], kind="year_end")  # begins 15/09/2026
    assert latest_school_year(con, dt.date(2026, 9, 14)) == "2025-2026"
    assert latest_school_year(con, dt.date(2026, 9, 15)) == "2026-2027"


def test_reports_owed_but_not_received_do_not_count(marts):
    con, hold = marts
    hold("2025-2026", ["VP", "TCCB"])
    hold("2026-2027", ["VP"])
    hold("2026-2027", ["TCCB", "KHTC"], received=False)  # missing: owed by the plan, never sent
    assert latest_school_year(con, dt.date(2027, 1, 5)) == "2025-2026"


def test_a_first_refresh_with_one_unit_still_has_its_year(marts):
    con, hold = marts
    hold("2025-2026", ["VP"])
    assert latest_school_year(con, dt.date(2026, 1, 5)) == "2025-2026"


def test_nothing_begun_is_no_year(marts):
    con, hold = marts
    hold("2025-2026", ["VP", "TCCB"])
    assert latest_school_year(con, dt.date(2025, 9, 14)) is None
