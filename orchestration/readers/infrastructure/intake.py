"""The intake of infrastructure files: each file's sheets (or CSV parses), the kind each one's
header tells, and its rows read by that kind's rules into one of the three tables.

A file's kind is told by its header, found in the first 10 rows of each visible sheet (CSV
files may carry a banner too), never by its name alone: a header with a project code is a
classroom-project list, one with an indicator and a value is a city-indicator list, one with a
ward, a school level and classrooms is a ward-statistics table. A file in which no sheet has any
of these headers is refused. Every sheet with a header is read.

Rows whose known cells are all blank are padding, not counted. A totals row ("Tổng cộng") is
rejected: totals are computed in the warehouse. A statistic or indicator for a year after the
run's is rejected. A rejected row counts once, whatever number of problems it has.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.domain.dates import HCM
from orchestration.domain.text import clean_text, fold_key
from orchestration.formats.csv_files import CsvFileError
from orchestration.formats.excel import Header, WorkbookError, find_header, repeated_header
from orchestration.formats.inbox import source_name
from orchestration.readers import ReadResult
from orchestration.readers.feedback import Grid, file_grids, inbox_files
from orchestration.readers.infrastructure import ward_statistics
from orchestration.readers.infrastructure.city_indicators import (
    CITY_INDICATORS_COLUMNS,
    CITY_INDICATORS_SCHEMA,
    city_indicator_row,
)
from orchestration.readers.infrastructure.classroom_projects import (
    CLASSROOM_PROJECTS_COLUMNS,
    CLASSROOM_PROJECTS_SCHEMA,
    banner_date,
    classroom_project_row,
)
from orchestration.readers.infrastructure.rows import FAMILY, Row
from orchestration.readers.infrastructure.ward_statistics import (
    WARD_STATISTICS_COLUMNS,
    WARD_STATISTICS_SCHEMA,
    ward_statistics_row,
)
from orchestration.readers.quarantine import Reject

FOLDER = "infrastructure"
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
# A cell that is only "Tổng cộng" (possibly "Tổng cộng toàn thành phố"), "Tổng", "Cộng"...
_TOTALS = re.compile(r"^(tong cong( .*)?|tong|cong|tong so|toan thanh pho)$")


@dataclass(frozen=True)
class _Kind:
    table: str
    columns: dict[str, list[str]]
    required: set[str]
    label: str
    schema: dict[str, pl.DataType]


# Most specific first: a project list also has wards, levels and classrooms.
KINDS = (
    _Kind(
        "classroom_projects",
        CLASSROOM_PROJECTS_COLUMNS,
        {"project_code", "classrooms_planned"},
        "classroom projects",
        CLASSROOM_PROJECTS_SCHEMA,
    ),
    _Kind(
        "city_indicators",
        CITY_INDICATORS_COLUMNS,
        {"year", "indicator", "value"},
        "city indicators",
        CITY_INDICATORS_SCHEMA,
    ),
    _Kind(
        "ward_statistics",
        WARD_STATISTICS_COLUMNS,
        {"ward", "school_level", "classrooms"},
        "ward statistics",
        WARD_STATISTICS_SCHEMA,
    ),
)


def _detect(grid: Grid) -> tuple[_Kind, Header] | None:
    for kind in KINDS:
        header = find_header(grid.frame, kind.columns, kind.required)
        if header is not None:
            return kind, header
    return None


def _refusal(kind: _Kind, header: Header, year_fallback: int | None) -> str | None:
    """Why a sheet with a known header cannot be read at all, or None."""
    if kind.table != "ward_statistics":
        return None
    return ward_statistics.refusal(header, year_fallback)


def _read_grid(
    grid: Grid,
    kind: _Kind,
    header: Header,
    source_file: str,
    year_fallback: int | None,
    seen_projects: dict[str, str],
    today: dt.date,
) -> tuple[list[dict[str, object]], list[Reject], int]:
    known = list(header.columns)
    start = header.row_index + 1
    rows = grid.frame.slice(start).select([header.columns[c] for c in known]).rows()
    loaded, rejects, read = [], [], 0
    for row_number, values in zip(grid.row_numbers[start:], rows):
        cells = dict(zip(known, values))
        if all(clean_text(v) is None for v in cells.values()):
            continue
        read += 1
        row = Row(cells, header)
        totals = next((c for c, v in cells.items() if _TOTALS.match(fold_key(v) or "")), None)
        if totals is not None:
            row.problem(totals, "a totals row, not data: totals are computed in the warehouse")
            record = None
        elif kind.table == "ward_statistics":
            record = ward_statistics_row(row, year_fallback)
        elif kind.table == "classroom_projects":
            where = f"row {row_number}" if grid.sheet is None else f"sheet {grid.sheet!r} row {row_number}"
            record = classroom_project_row(row, seen_projects, where, today)
        else:
            record = city_indicator_row(row)
        if record is not None and (record.get("year") or 0) > today.year:
            # A statistic or indicator is counted after its year: one for a year to come is a typo.
            row.problem(
                "year" if "year" in cells else None,
                f"the figures are for {record['year']}, a year that has not come (this run: {today:%d/%m/%Y})",
                raw=str(record["year"]),
            )
            record = None
        if record is None:
            for column, raw, reason in row.problems:
                rejects.append(
                    Reject(
                        FAMILY,
                        source_file,
                        reason,
                        source_sheet=grid.sheet,
                        source_row=row_number,
                        source_column=column,
                        raw_value=raw,
                    )
                )
            continue
        loaded.append({"source_file": source_file, "source_sheet": grid.sheet, "source_row": row_number, **record})
    return loaded, rejects, read


def read_infrastructure(inbox: Path, today: dt.date | None = None) -> ReadResult:
    """Read every file in `inbox/infrastructure/` into the three infrastructure tables; `today` is
    the run's date (an actual completion after it is refused)."""
    today = today or dt.datetime.now(HCM).date()
    tables: dict[str, list[dict[str, object]]] = {k.table: [] for k in KINDS}
    rejects: list[Reject] = []
    counts: dict[str, tuple[int, int, int]] = {}
    for path in inbox_files(inbox, FOLDER):
        source_file = source_name(path, inbox)
        try:
            grids = file_grids(path, inbox)
        except (CsvFileError, WorkbookError) as exc:
            rejects.append(Reject(FAMILY, source_file, reason=f"file refused: {exc}"))
            counts[source_file] = (0, 0, 0)
            continue
        years = set(_YEAR_IN_NAME.findall(path.stem))
        year_fallback = int(years.pop()) if len(years) == 1 else None
        read = loaded = rejected = 0
        found: list[str] = []
        seen_projects: dict[str, str] = {}  # project code -> where it first appears in the file
        detections = [(grid, _detect(grid)) for grid in grids]
        headed = [(g, d) for g, d in detections if d is not None]
        if grids and grids[0].sheet is None:  # a CSV parsed with ',' then ';': the first parse with a header
            headed = headed[:1]
        repeated = next(((g, r) for g, d in headed if (r := repeated_header(d[1], g.sheet is not None))), None)
        if repeated is not None:
            grid, (label, reason) = repeated
            rejects.append(
                Reject(FAMILY, source_file, f"file refused: {reason}", source_sheet=grid.sheet, source_column=label)
            )
            counts[source_file] = (0, 0, 0)
            continue
        for grid, detected in detections:
            if detected is None:
                continue
            kind, header = detected
            refusal = _refusal(kind, header, year_fallback)
            if refusal is not None:
                rejects.append(Reject(FAMILY, source_file, source_sheet=grid.sheet, reason=f"sheet refused: {refusal}"))
                found.append(kind.label)
                continue
            found.append(kind.label)
            rows, row_rejects, n = _read_grid(grid, kind, header, source_file, year_fallback, seen_projects, today)
            if kind.table == "classroom_projects":
                as_of = banner_date(grid, header)
                rows = [{**r, "as_of_date": as_of} for r in rows]
            tables[kind.table] += rows
            rejects += row_rejects
            read += n
            loaded += len(rows)
            rejected += len({r.source_row for r in row_rejects})
            if grid.sheet is None:
                break  # a CSV parsed with ',' then ';': the first parse with a header wins
        if not found:
            rejects.append(
                Reject(
                    FAMILY,
                    source_file,
                    reason="file refused: no sheet has the header of ward statistics (phường/xã, "
                    "cấp học, số phòng học), classroom projects (mã dự án, số phòng học) or city "
                    "indicators (năm, chỉ tiêu, giá trị) in its first 10 rows",
                )
            )
        counts[source_file] = (read, loaded, rejected)
    return ReadResult.build(
        {kind.table: pl.DataFrame(tables[kind.table], schema=kind.schema) for kind in KINDS},
        rejects,
        counts,
    )
