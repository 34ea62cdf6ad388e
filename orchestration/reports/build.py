"""Building the three reports into a folder from the year marts, each file written under a
temporary name and renamed (a reader never sees half a file), and their lineage into the
warehouse."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.domain.dates import HCM
from orchestration.reports import data as year_data
from orchestration.reports import html_report, lineage, measures, word, workbook


@dataclass
class Built:
    school_year: str | None
    files: list[Path] = field(default_factory=list)
    figures: int = 0


def _replace(target: Path, write) -> Path:
    temporary = target.with_name(f".{target.name}.writing")
    try:
        write(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def build_reports(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    generated_at: dt.datetime | None = None,
    school_year: str | None = None,
) -> Built:
    """Write the HTML, .xlsx and .docx reports of the school year (default: the latest the marts
    hold) into out_dir, and reports.report_figures / report_lineage into the open database."""
    generated_at = generated_at or dt.datetime.now(HCM)
    data = year_data.load(con, school_year)
    if data is None or not data.task_year:
        return Built(school_year=None)
    data.measures = measures.load(con, [p["period_key"] for p in data.periods])
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = lineage.Figures()
    name, text = html_report.render(data, figures, generated_at)
    files = [_replace(out_dir / name, lambda p: p.write_text(text, encoding="utf-8"))]
    files.append(
        _replace(
            out_dir / workbook.FILE_NAME.format(school_year=data.school_year),
            lambda p: workbook.write(p, data, figures),
        )
    )
    files.append(
        _replace(
            out_dir / word.FILE_NAME.format(school_year=data.school_year),
            lambda p: word.write(p, data, figures, generated_at),
        )
    )
    count = lineage.write(con, figures)
    return Built(school_year=data.school_year, files=files, figures=count)
