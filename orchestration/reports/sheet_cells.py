"""The scorecards' cells written as SpreadsheetML in one pass, instead of cell by cell through
xlsxwriter.

Why: a city's school year is ~980,000 cells. xlsxwriter keeps each cell as an object and writes
it out again when the workbook closes: about 12 µs a cell, 12 of the report build's 13 seconds.
Here xlsxwriter still writes the workbook's frame (sheets, formats, column widths, frozen panes,
filters, title and header rows) into memory; then the <sheetData> of every sheet and the shared
strings are written by this module, in the form xlsxwriter gives them (same cells, styles,
spans, dimension and string order: tests/unit/test_reports.py compares the two byte for byte),
and the package is copied out with those parts replaced.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name

FIRST_DATA_ROW = 4  # rows 0-3: title, source line, blank, column names
_MAX_STRING = 32_767  # Excel's limit for a cell, in UTF-16 units; xlsxwriter truncates longer text
_XML_SPECIAL = re.compile("[&<>]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_CONTROL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


@dataclass
class SheetCells:
    """What one worksheet holds: the fixed top cells (row, column, text, format) and the data rows."""

    top: list[tuple[int, int, str, Format | None]]
    columns: list[str]
    rows: Sequence[dict[str, object]]
    column_formats: list[Format | None]  # set_column's format: styles a cell that has none of its own
    date_format: Format
    text: Callable[[str], str]  # what a text value becomes in its cell (formula neutralisation)


def first_date(columns: list[str], rows: Sequence[dict[str, object]]) -> tuple[int, int, dt.date] | None:
    """The first date cell in row order: xlsxwriter numbers formats in the order cells use them,
    so the frame writes this one cell itself for the date format to get the same number."""
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        for c, name in enumerate(columns):
            value = row[name]
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                return r, c, value
    return None


class _Strings:
    """The shared-string table: one index per distinct text, in order of first use."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def add(self, text: str) -> int:
        self.count += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> bytes:
        parts = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{self.count}" '
            f'uniqueCount="{len(self.index)}">'
        ]
        for text in self.index:
            # Excel's escapes, as xlsxwriter writes them: a literal _xHHHH_ gets its '_' escaped,
            # control characters become _xHHHH_, and so do the non-characters U+FFFE, U+FFFF.
            if "_x" in text:
                text = _CONTROL_ESCAPE.sub(r"_x005F\1", text)
            if _CONTROL.search(text):
                text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
            if "\ufffe" in text or "\uffff" in text:
                text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
            space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
            if _XML_SPECIAL.search(text):
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            parts.append(f"<si><t{space}>{text}</t></si>")
        parts.append("</sst>")
        return "".join(parts).encode("utf-8")


def _truncated(text: str) -> str:
    if len(text) <= _MAX_STRING // 2 or len(text.encode("utf-16-le", "surrogatepass")) // 2 <= _MAX_STRING:
        return text
    units = 0
    for i, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > _MAX_STRING:
            return text[:i]
    return text


def _style(fmt: Format | None) -> str:
    return f' s="{fmt._get_xf_index()}"' if fmt is not None else ""


def _number(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"a scorecard cell holds {value!r}: the marts should give a number or NULL")
    return f"{value:.16G}"


def _excel_serial(day: dt.date) -> str:
    """Excel's day number (1900 system, which counts a 29/02/1900 that never was)."""
    serial = (day - dt.date(1899, 12, 31)).days
    return _number(float(serial + 1 if serial > 59 else serial))


def _sheet_data(sheet: SheetCells, strings: _Strings) -> tuple[str, int]:
    """(<sheetData> element, last row with a cell)."""
    letters = [xl_col_to_name(c) for c in range(len(sheet.columns))]
    column_style = [_style(f) for f in sheet.column_formats]
    date_style = _style(sheet.date_format)
    rows: list[tuple[int, int, int, str]] = []  # row, first column, last column, cells
    top: dict[int, list[tuple[int, str, Format | None]]] = {}
    for r, c, text, fmt in sheet.top:
        top.setdefault(r, []).append((c, text, fmt))
    for r in sorted(top):
        cells = sorted(top[r], key=lambda cell: cell[0])
        xml = "".join(
            f'<c r="{xl_col_to_name(c)}{r + 1}"{_style(fmt) or (column_style[c] if c < len(column_style) else "")} '
            f't="s"><v>{strings.add(_truncated(text))}</v></c>'
            for c, text, fmt in cells
        )
        rows.append((r, cells[0][0], cells[-1][0], xml))
    text, add = sheet.text, strings.add
    for r, row in enumerate(sheet.rows, start=FIRST_DATA_ROW):
        ref = str(r + 1)
        cells, first, last = [], -1, -1
        for c, name in enumerate(sheet.columns):
            value = row[name]
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                cells.append(f'<c r="{letters[c]}{ref}"{column_style[c]} t="s"><v>{add(_truncated(text(value)))}</v></c>')
            elif kind is int or kind is float:
                cells.append(f'<c r="{letters[c]}{ref}"{column_style[c]}><v>{_number(value)}</v></c>')
            elif kind is bool:
                cells.append(f'<c r="{letters[c]}{ref}"{column_style[c]} t="b"><v>{1 if value else 0}</v></c>')
            elif isinstance(value, (int, float)):
                cells.append(f'<c r="{letters[c]}{ref}"{column_style[c]}><v>{_number(value)}</v></c>')
            elif isinstance(value, dt.datetime):  # as text, as the workbook always printed it
                cells.append(f'<c r="{letters[c]}{ref}"{column_style[c]} t="s"><v>{add(_truncated(value.isoformat()))}</v></c>')
            elif isinstance(value, dt.date):
                cells.append(f'<c r="{letters[c]}{ref}"{date_style}><v>{_excel_serial(value)}</v></c>')
            else:
                cells.append(f'<c r="{letters[c]}{ref}"{column_style[c]} t="s"><v>{add(_truncated(text(str(value))))}</v></c>')
            if first < 0:
                first = c
            last = c
        if cells:
            rows.append((r, first, last, "".join(cells)))
    # xlsxwriter's optional "spans": the first:last column used in each block of 16 rows.
    spans: dict[int, str] = {}
    for r, first, last, _ in rows:
        block = r // 16
        low, high = spans.get(block, (first, last))  # type: ignore[misc]
        spans[block] = (min(low, first), max(high, last))  # type: ignore[assignment]
    span_text = {b: f"{low + 1}:{high + 1}" for b, (low, high) in spans.items()}  # type: ignore[misc]
    body = "".join(f'<row r="{r + 1}" spans="{span_text[r // 16]}">{cells}</row>' for r, _, _, cells in rows)
    return f"<sheetData>{body}</sheetData>", rows[-1][0] if rows else 0


def _dimension(last_row: int, columns: int) -> str:
    last = f"{xl_col_to_name(columns - 1)}{last_row + 1}"
    return f'<dimension ref="{"A1" if last == "A1" else "A1:" + last}"/>'


def write(path: Path, frame: io.BytesIO, sheets: list[SheetCells]) -> None:
    """Copy the xlsxwriter frame (closed) to path with every sheet's cells and the shared strings written here."""
    strings = _Strings()
    parts: dict[str, tuple[str, str]] = {}  # sheet part: (<sheetData>, <dimension>)
    for number, sheet in enumerate(sheets, start=1):
        data, last_row = _sheet_data(sheet, strings)
        parts[f"xl/worksheets/sheet{number}.xml"] = (data, _dimension(last_row, len(sheet.columns)))
    frame.seek(0)
    with zipfile.ZipFile(frame) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in parts:
                data, dimension = parts[info.filename]
                xml = content.decode("utf-8")
                start, end = xml.index("<sheetData>"), xml.index("</sheetData>") + len("</sheetData>")
                head, replaced = _DIMENSION.subn(dimension, xml[:start], count=1)
                if not replaced:
                    raise ValueError(f"{info.filename}: no <dimension> element in xlsxwriter's frame")
                content = (head + data + xml[end:]).encode("utf-8")
            elif info.filename == "xl/sharedStrings.xml":
                content = strings.xml()
            target.writestr(info, content)


def new_frame() -> tuple[io.BytesIO, xlsxwriter.Workbook]:
    frame = io.BytesIO()
    return frame, xlsxwriter.Workbook(frame, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
