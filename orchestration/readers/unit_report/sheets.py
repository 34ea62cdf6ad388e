"""The data sheets (`HoatDong`, `DanhGia`, `SuCo`): what each holds (`SheetSpec`), which rows
are data, and each row checked column by column into loaded columns and rejects.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field

from orchestration.domain.excel_errors import error_reason, excel_error
from orchestration.domain.periods import ReportWindow
from orchestration.formats.excel import Header
from orchestration.readers.quarantine import Reject
from orchestration.readers.unit_report.cells import (
    CellError,
    parse_channel,
    parse_completion_pct,
    parse_day,
    parse_engagement,
    parse_quantity,
    parse_reach,
    parse_required_form,
    parse_severity,
    parse_task,
)
from orchestration.readers.unit_report.grid import Grid, Layout, fold
from orchestration.readers.unit_report.schema import FAMILY

# Each sheet's header: canonical column -> the labels units write for it (folded when matched).
ACTIVITY_COLUMNS: dict[str, list[str]] = {
    "stt": ["stt", "so tt", "so thu tu", "tt"],
    "task_code": ["nhiem vu", "ma nhiem vu", "nv", "nhiem vu trong tam"],
    "activity_form": ["hinh thuc", "hinh thuc truyen thong", "loai hinh", "loai san pham"],
    "channel": ["kenh", "kenh truyen thong", "kenh dang tai", "kenh dang", "noi dang tai", "phuong tien"],
    "title": ["ten hoat dong san pham", "ten hoat dong", "ten san pham", "tieu de", "noi dung", "ten bai"],
    "activity_date": ["ngay thuc hien", "ngay dang", "thoi gian thuc hien", "ngay", "thoi gian"],
    "quantity": ["so luong", "sl"],
    "reach": ["luot tiep can", "tiep can", "luot xem", "reach"],
    "engagement": ["luot tuong tac", "tuong tac", "engagement"],
    "link": ["duong dan", "link", "lien ket", "url"],
    "note": ["ghi chu"],
}
ASSESSMENT_COLUMNS: dict[str, list[str]] = {
    "stt": ["stt", "so tt", "tt"],
    "task_code": ["nhiem vu", "ma nhiem vu", "nv"],
    "completion_pct": ["muc do hoan thanh", "ty le hoan thanh", "ti le hoan thanh", "hoan thanh"],
    "highlights": ["ket qua noi bat", "ket qua", "noi bat"],
    "difficulties": ["kho khan vuong mac", "kho khan", "vuong mac"],
    "proposals": ["de xuat kien nghi", "de xuat", "kien nghi"],
}
INCIDENT_COLUMNS: dict[str, list[str]] = {
    "stt": ["stt", "so tt", "tt"],
    "detected_date": ["ngay phat hien", "thoi gian phat hien"],
    "content": ["noi dung", "noi dung su co", "su co", "mo ta"],
    "severity": ["muc do", "cap do", "muc do anh huong"],
    "spread_channel": ["kenh lan truyen", "kenh", "noi lan truyen"],
    "measures": ["bien phap xu ly", "bien phap", "xu ly"],
    "resolved_date": ["ngay xu ly xong", "ngay hoan thanh xu ly", "ngay ket thuc", "ngay xu ly"],
    "result": ["ket qua", "ket qua xu ly"],
}

# Folded first cells that end a table (a signature block) or mark a totals row.
_FOOTER_MARKERS = ("nguoi lap", "thu truong", "lanh dao don vi", "xac nhan cua", "ky ten", "noi nhan", "ky ghi ro")
_TOTAL_MARKERS = {"tong", "tong cong", "cong", "tong so", "tong cong so"}


def _incident_dates(parsed: dict[str, list]) -> dict[int, tuple[str, str]]:
    """Rows whose incident was resolved before it was detected."""
    out = {}
    for i, (detected, resolved) in enumerate(zip(parsed["detected_date"], parsed["resolved_date"])):
        if detected and resolved and resolved < detected:
            out[i] = ("resolved_date", f"resolved ({resolved:%d/%m/%Y}) before it was detected ({detected:%d/%m/%Y})")
    return out


@dataclass(frozen=True)
class SheetSpec:
    """A data sheet: its name, the table it fills, its header layout and how its columns are read."""

    name: str
    table: str
    layout: Layout
    checks: dict[str, Callable[[str | None], object]]  # column -> parser raising CellError
    texts: tuple[str, ...]  # free-text columns copied as written (NFC), personal data scrubbed
    plain: tuple[str, ...] = ()  # columns copied as written (links), personal data scrubbed
    row_check: Callable[[dict[str, list]], dict[int, tuple[str, str]]] | None = None  # cross-column checks
    windowed: tuple[str, ...] = ()  # date columns that must fall inside the report's window


ACTIVITIES_SHEET = SheetSpec(
    "HoatDong",
    "unit_report_activities",
    Layout.of(ACTIVITY_COLUMNS, {"task_code", "activity_form"}),
    {
        "task_code": parse_task,
        "activity_form": parse_required_form,
        "channel": parse_channel,
        "activity_date": parse_day,
        "quantity": parse_quantity,
        "reach": parse_reach,
        "engagement": parse_engagement,
    },
    ("title", "note"),
    ("stt", "link"),
    windowed=("activity_date",),
)
ASSESSMENTS_SHEET = SheetSpec(
    "DanhGia",
    "unit_report_assessments",
    Layout.of(ASSESSMENT_COLUMNS, {"task_code"}),
    {"task_code": parse_task, "completion_pct": parse_completion_pct},
    ("highlights", "difficulties", "proposals"),
)
INCIDENTS_SHEET = SheetSpec(
    "SuCo",
    "unit_report_incidents",
    Layout.of(INCIDENT_COLUMNS, {"content"}),
    {"detected_date": parse_day, "severity": parse_severity, "resolved_date": parse_day},
    ("content", "spread_channel", "measures", "result"),
    row_check=_incident_dates,
)


@dataclass
class Sheet:
    """A data sheet read: its loaded rows, its rejects and how many data rows it held."""

    spec: SheetSpec
    name: str
    columns: dict[str, list]  # loaded rows, column by column (source_row included)
    rejects: list[Reject] = field(default_factory=list)
    read: int = 0
    dropped: list[Reject] = field(default_factory=list)  # values set to null in loaded rows

    @property
    def loaded(self) -> int:
        return len(self.columns["source_row"])


def _data_rows(grid: Grid, header: Header, sheet: str, source_file: str) -> tuple[list[int], list[Reject]]:
    """Indices of the rows below the header that hold data, and rejects for totals rows.

    Blank rows (or rows holding only an STT number) are template padding, not data; a signature
    block ('Người lập', 'Thủ trưởng đơn vị') ends the table: what follows are names.
    """
    positions = {canon: int(col[1:]) for canon, col in header.columns.items()}
    content = [p for c, p in positions.items() if c != "stt"]
    task_at = positions.get("task_code")
    labels_at = {p: header.labels[c] for c, p in positions.items()}
    # Cleaned cells are None or non-empty text, so a row has content when any content cell is truthy.
    content_of = operator.itemgetter(*content) if len(content) > 1 else (lambda r: (r[content[0]],))
    tasks = grid.columns[task_at] if task_at is not None else None
    kept, rejects = [], []
    for index in range(header.row_index + 1, grid.height):
        if tasks is None or tasks[index] is None:
            row = grid.row(index)
            first_at = next((i for i, c in enumerate(row) if c is not None), None)
            if first_at is None:
                continue
            first_key = fold(row[first_at]) or ""
            if first_key.startswith(_FOOTER_MARKERS):
                break
            if not any(content_of(row)):
                continue
            if task_at is not None and first_key in _TOTAL_MARKERS:
                rejects.append(
                    Reject(
                        FAMILY,
                        source_file,
                        "a totals row, not an activity: the warehouse computes totals itself",
                        sheet,
                        index + 1,
                        labels_at.get(first_at),
                        row[first_at],
                    )
                )
                continue
        kept.append(index)
    return kept, rejects


def _parse_column(parse: Callable[[str | None], object], values: list[str | None]) -> tuple[list, dict[int, str]]:
    """Parsed values and, by position, the problem with each value that does not parse.

    Each distinct value is parsed once: task codes, forms, channels and dates repeat down a sheet.
    """
    distinct = set(values)
    try:
        outcomes = {value: parse(value) for value in distinct}
    except CellError:
        outcomes, problems = {}, {}
        for value in distinct:
            if (token := excel_error(value)) is not None:
                # Whatever the column expects, an Excel error value is no value: say which it is.
                outcomes[value], problems[value] = None, error_reason(token)
                continue
            try:
                outcomes[value] = parse(value)
            except CellError as exc:
                outcomes[value] = None
                problems[value] = str(exc)
    else:
        return list(map(outcomes.__getitem__, values)), {}
    parsed = list(map(outcomes.__getitem__, values))
    return parsed, {i: problems[value] for i, value in enumerate(values) if value in problems}


def _window_problems(
    parsed: dict[str, list], columns: tuple[str, ...], window: ReportWindow
) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for column in columns:
        for i, day in enumerate(parsed[column]):
            if day is not None and (problem := window.problem(day)) is not None:
                out.setdefault(i, []).append(
                    (column, f"{problem}: an activity is reported in the report of the period it took place in")
                )
    return out


def _dropped_errors(
    columns: dict[str, list],
    labels: dict[str, str],
    rows: list[int],
    sheet: str,
    source_file: str,
    names: tuple[str, ...],
) -> list[Reject]:
    """Excel error values in the free-text columns of loaded rows: each value is set to null (the
    activity is still loaded) and noted in quarantine as a dropped value."""
    dropped = []
    for name in names:
        values = columns[name]
        for i, value in enumerate(values):
            if value is not None and (token := excel_error(value)) is not None:
                values[i] = None
                label = labels.get(name, name)
                dropped.append(
                    Reject(
                        FAMILY,
                        source_file,
                        f"{label} left empty, the row is still loaded: {error_reason(token)}",
                        sheet,
                        rows[i],
                        label,
                        value,
                        action="value_dropped",
                    )
                )
    return dropped


def read_sheet_rows(
    grid: Grid, header: Header, sheet: str, source_file: str, spec: SheetSpec, window: ReportWindow | None = None
) -> Sheet:
    """Validate the data rows column by column; a row with any bad cell is one reject naming the
    first bad column (in the spec's order), with every problem in the reason. Dates of the spec's
    `windowed` columns must fall inside `window`, the days the report covers."""
    kept, rejects = _data_rows(grid, header, sheet, source_file)
    totals = len(rejects)
    positions = {canon: int(col[1:]) for canon, col in header.columns.items()}
    if kept and kept[-1] - kept[0] + 1 == len(kept):  # no blank row inside the table: slices
        first, end = kept[0], kept[-1] + 1
        pick = lambda column: column[first:end]  # noqa: E731
    else:
        pick = lambda column: [column[i] for i in kept]  # noqa: E731
    raw = {
        c: (pick(grid.columns[p]) if (p := positions.get(c)) is not None else [None] * len(kept))
        for c in (*spec.checks, *spec.texts, *spec.plain)
    }
    parsed: dict[str, list] = {}
    problems: dict[int, list[tuple[str, str]]] = {}
    for canon, parse in spec.checks.items():
        parsed[canon], errors = _parse_column(parse, raw[canon])
        for i, reason in errors.items():
            problems.setdefault(i, []).append((canon, reason))
    if spec.row_check is not None:
        for i, problem in spec.row_check(parsed).items():
            problems.setdefault(i, []).append(problem)
    if window is not None and spec.windowed:
        for i, found in _window_problems(parsed, spec.windowed, window).items():
            problems.setdefault(i, []).extend(found)
    for i, found in sorted(problems.items()):
        column = found[0][0]
        reason = "; ".join(f"{header.labels.get(c, c)}: {r}" for c, r in found)
        rejects.append(
            Reject(
                FAMILY,
                source_file,
                reason,
                sheet,
                kept[i] + 1,
                header.labels.get(column, column),
                raw[column][i] if column in raw else None,
            )
        )
    good = [i for i in range(len(kept)) if i not in problems]
    columns = {"source_row": [kept[i] + 1 for i in good]}
    for canon, values in parsed.items():
        columns[canon] = values if not problems else [values[i] for i in good]
    for canon in (*spec.texts, *spec.plain):
        values = raw[canon]
        columns[canon] = values if not problems else [values[i] for i in good]
    rejects.sort(key=lambda r: r.source_row or 0)
    texts = (*spec.texts, *spec.plain)
    dropped = []
    if any(value is not None and "#" in value for c in texts for value in columns[c]):  # rare: look closer
        columns = {**columns, **{c: list(columns[c]) for c in texts}}
        dropped = _dropped_errors(columns, header.labels, columns["source_row"], sheet, source_file, texts)
    return Sheet(spec, sheet, columns, rejects, len(kept) + totals, dropped)
