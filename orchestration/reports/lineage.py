"""Lineage of the reports: every figure a report prints, with the mart row it was read from.

The writers record each figure here as they print it (report file, section, label, the text
printed, mart, row key, column). `write` stores them in the build copy as
reports.report_figures, and creates reports.report_lineage, which joins each figure through
its mart row to the source files and rows of marts.mart_year_sources: figure -> mart row ->
source file (and rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl


def task_row_key(task_code: str, school_year: str, period_key: str = "all") -> str:
    """The key mart_year_sources uses for a row of mart_task_year."""
    return f"{task_code}|{school_year}|{period_key}"


def unit_row_key(unit_code: str, school_year: str) -> str:
    return f"{unit_code}|{school_year}|all"


@dataclass(frozen=True)
class Figure:
    report: str  # file name
    section: str
    label: str
    value: str  # as printed
    mart_name: str
    row_key: str
    column_name: str  # '*' for a whole mart row (a row of a workbook sheet)


@dataclass
class Figures:
    items: list[Figure] = field(default_factory=list)

    def add(
        self, report: str, section: str, label: str, value: str, mart_name: str, row_key: str, column_name: str
    ) -> str:
        """Record a printed figure and give its text back, so that printing and recording are one step."""
        self.items.append(Figure(report, section, label, value, mart_name, row_key, column_name))
        return value


def write(con: duckdb.DuckDBPyConnection, figures: Figures) -> int:
    """Replace reports.report_figures with these figures; (re)create the lineage view."""
    con.execute("create schema if not exists reports")
    con.execute(
        """create or replace table reports.report_figures (
               report varchar, section varchar, label varchar, value varchar,
               mart_name varchar, row_key varchar, column_name varchar)"""
    )
    # One batch, not `executemany`: a city's year prints about a hundred thousand figures (the
    # scorecards' unit rows), far too many to insert row by row. A polars frame rather than
    # pyarrow's `pa.array`, whose first call imports pandas, an import every refresh would pay.
    columns = ("report", "section", "label", "value", "mart_name", "row_key", "column_name")
    frame = pl.DataFrame(
        {c: [getattr(f, c) for f in figures.items] for c in columns}, schema=dict.fromkeys(columns, pl.String)
    )
    con.register("_figures", frame)
    try:
        con.execute("insert into reports.report_figures select * from _figures")
    finally:
        con.unregister("_figures")
    con.execute(
        """create or replace view reports.report_lineage as
           select f.report, f.section, f.label, f.value, f.mart_name, f.row_key, f.column_name,
                  s.measure_group, s.source_family, s.source_file, s.link_kind, s.rows_used, s.source_rows
           from reports.report_figures as f
           left join marts.mart_year_sources as s
             on f.mart_name = s.mart_name and f.row_key = s.row_key
            and (f.column_name = '*' or s.measure_group = case
                 when f.column_name like 'activities%' or f.column_name like '%units_active' or f.column_name like 'tasks%' then 'activities'
                 when f.column_name like 'press%' or f.column_name = 'net_sentiment' then 'press'
                 when f.column_name like 'fanpage%' then 'fanpage'
                 when f.column_name like 'web%' then 'web'
                 when f.column_name like 'consensus%' then 'consensus'
                 when f.column_name like 'feedback%' then 'feedback'
                 when f.column_name like '%incident%' or f.column_name like '%resolution%' then 'incidents'
                 when f.column_name like '%completion%' or f.column_name like 'self_assessment%'
                   or f.column_name in ('highlights', 'difficulties', 'proposals') then 'self_assessment'
                 when f.column_name like 'programme%' or f.column_name like 'city_%' then 'infrastructure'
                 when f.column_name like 'quarterly%' or f.column_name like 'year_end%'
                   or f.column_name in ('reporting_status', 'share_on_time', 'days_late') then 'reporting_compliance'
               end)"""
    )
    return len(figures.items)
