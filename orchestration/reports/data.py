"""Reading the year marts into plain rows for the report writers (one school year at a time)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

from orchestration.domain.dates import HCM
from orchestration.domain.periods import period
from orchestration.reports.text_safety import safe_value

if TYPE_CHECKING:
    from orchestration.reports.measures import Measures

Row = dict[str, object]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> list[Row]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    # Every text is made safe for the DOCX, XLSX and HTML writers here, once for all three.
    return [dict(zip(names, map(safe_value, values), strict=True)) for values in cursor.fetchall()]


@dataclass
class YearData:
    """Everything the three reports print, for one school year."""

    school_year: str
    periods: list[Row]  # loaded periods of the year, in order
    task_year: list[Row]  # mart_task_year year rows, by task number
    task_quarters: list[Row]  # mart_task_year quarter rows, by task and period
    targets: list[Row]  # mart_task_year_targets
    clusters: list[Row]  # mart_cluster_year, clusters 1-4 then 'city'
    units: list[Row]  # mart_unit_year
    unit_tasks: list[Row]  # mart_unit_task_year
    late_reports: list[Row]  # mart_reporting_compliance rows late or missing (owed)
    file_loads: list[Row]  # per family: files, rows read / loaded / rejected
    quarantine: list[Row]  # per family and reason: entries
    generated_from: dict[str, str] = field(default_factory=dict)
    measures: Measures | None = None  # section IV.6's breakdowns (orchestration.reports.measures)

    def task(self, code: str) -> Row:
        return next(r for r in self.task_year if r["task_code"] == code)

    def quarters_of(self, code: str) -> list[Row]:
        return [r for r in self.task_quarters if r["task_code"] == code]

    def targets_of(self, code: str) -> list[Row]:
        return [r for r in self.targets if r["task_code"] == code]


# A school year the marts hold is the reports' only when this many units reported in it: one
# unit's file (a period typed a year ahead) never decides which year the city's reports are of.
MIN_REPORTING_UNITS = 2


def latest_school_year(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> str | None:
    """The school year the year-end reports are of when none is chosen (SCHOOL_YEAR, `make run
    SCHOOL_YEAR=2025-2026`, given to `load`), never decided by one file.

    Of the school years the marts
    hold whose first window had begun by `today` (the run date, Hanoi time), the latest one with
    quarterly or year-end reports received from at least MIN_REPORTING_UNITS units
    (mart_reporting_compliance), or failing that the
    latest begun one (a first refresh with a single unit); None when no begun year is held. From
    15 September to the first reports of the new year this is still the year that ended, whose
    reports are the ones being written.
    """
    today = today or dt.datetime.now(HCM).date()
    held = con.execute(
        """select y.school_year, count(distinct s.unit_code) as units
           from (select distinct school_year from marts.mart_task_year where school_year is not null) as y
           left join marts.mart_reporting_compliance as s
             on s.school_year = y.school_year and s.received
           group by y.school_year
           order by y.school_year"""
    ).fetchall()
    begun = [(year, units) for year, units in held if period(f"{year[:4]}-Q4").window_start <= today]
    if not begun:
        return None
    reported = [year for year, units in begun if units >= MIN_REPORTING_UNITS]
    return (reported or [year for year, _ in begun])[-1]


def load(con: duckdb.DuckDBPyConnection, school_year: str | None = None) -> YearData | None:
    """The rows of `school_year` (default: `latest_school_year`), or None when the marts hold
    no school year yet (nothing reported)."""
    school_year = (school_year or "").strip() or latest_school_year(con)
    if school_year is None:
        return None
    sy = [school_year]
    return YearData(
        school_year=school_year,
        periods=_rows(
            con,
            """select p.period_key, p.label_vi, p.window_start, p.window_end, p.deadline
               from intermediate.int_periods_loaded as p where p.school_year = ? order by p.period_key""",
            sy,
        ),
        task_year=_rows(
            con,
            "select * from marts.mart_task_year where school_year = ? and period_scope = 'year' order by task_number",
            sy,
        ),
        task_quarters=_rows(
            con,
            "select * from marts.mart_task_year where school_year = ? and period_scope = 'quarter' order by task_number, period_key",
            sy,
        ),
        targets=_rows(
            con, "select * from marts.mart_task_year_targets where school_year = ? order by task_number, measure", sy
        ),
        clusters=_rows(
            con,
            "select * from marts.mart_cluster_year where school_year = ? order by cluster_key = 'city', cluster_key",
            sy,
        ),
        units=_rows(
            con,
            """select * from marts.mart_unit_year where school_year = ?
               order by unit_kind <> 'department', reporting_status = 'on_time', unit_name""",
            sy,
        ),
        unit_tasks=_rows(
            con, "select * from marts.mart_unit_task_year where school_year = ? order by unit_name, task_number", sy
        ),
        late_reports=_rows(
            con,
            """select unit_code, unit_name, period_key, report_kind, report_status, days_late, deadline
               from marts.mart_reporting_compliance
               where school_year = ? and expected and report_status in ('late', 'missing')
               order by report_status, days_late desc nulls last, unit_name, period_key""",
            sy,
        ),
        file_loads=_rows(
            con,
            """select family, count(*) as files, sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded,
                      sum(rows_rejected) as rows_rejected
               from marts.mart_file_loads group by family order by family""",
        ),
        quarantine=_rows(
            con,
            """select family, action, reason, count(*) as entries
               from marts.mart_quarantine group by all order by family, entries desc, reason""",
        ),
    )
