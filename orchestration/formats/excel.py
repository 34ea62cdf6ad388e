"""Reading spreadsheets as they arrive: sniff what the file really is, then find the header.

Workbooks come from a template, but people add title banners and merged cells above the
header, reorder columns and reword headers, and save CSV or HTML under a .xlsx name. A sheet
is read as a grid of strings (fastexcel/calamine, no formula is ever evaluated: calamine reads
the cached values), and the header row is the first of the first `search_rows` rows whose
cells match enough of the expected column names.

A workbook is checked before calamine sees it (formats/workbook_guard.py, `check_workbook`): every
part inflated with a hard limit, sheets' extents and shared text bounded, so that no file can
make calamine allocate without bound. Legacy .xls (BIFF) cannot be checked that way and is
refused with a request to save as .xlsx.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import polars as pl
import pyarrow as pa

from orchestration.domain.excel_errors import calamine_error_token, error_reason, unreadable_error_token
from orchestration.domain.text import fold_key
from orchestration.formats.inbox import InboxFileError, read_regular_file
from orchestration.formats.workbook_guard import MAX_FILE_BYTES, WorkbookError, check_workbook, column_letters

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


MAX_SHEET_ROWS = 200_000  # rows loaded from a sheet; a sheet with more is refused, never cut


def sniff_kind(path: Path | None = None, head: bytes | None = None) -> str:
    """What the bytes say the file is: xlsx, xls, html, csv, empty or unknown (never the name)."""
    if head is None:
        with Path(path).open("rb") as handle:
            head = handle.read(2048)
    head = head[:2048]
    if not head:
        return "empty"
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        return "xls"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        return "html"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "unknown"
    return "csv" if b"," in head or b";" in head or b"\t" in head else "unknown"


def open_workbook(path: Path, data: bytes | None = None, inbox: Path | None = None) -> fastexcel.ExcelReader:
    """The workbook at `path` (or its bytes, `data`, already read), checked before it is opened.

    The bytes are read once, through `read_regular_file` (a link is never followed), and handed
    to calamine as bytes: what was checked is what is opened.
    """
    if data is None:
        try:
            data = read_regular_file(path, inbox, limit=MAX_FILE_BYTES)
        except InboxFileError as exc:
            raise WorkbookError(str(exc)) from None
    kind = sniff_kind(head=data)
    if kind == "empty":
        raise WorkbookError("the file is empty (0 bytes)")
    if kind in {"csv", "html"}:
        raise WorkbookError(
            f"the file is named {path.suffix} but is really {kind.upper()}: "
            "open it in Excel and save it as an Excel workbook (.xlsx)"
        )
    if kind == "xls":
        raise WorkbookError(
            "the file is a legacy Excel 97-2003 workbook (.xls), whose size cannot be checked before "
            "opening: open it in Excel and save it as an Excel workbook (.xlsx)"
        )
    if kind != "xlsx":
        raise WorkbookError("the file is not an Excel workbook (unrecognised content)")
    check_workbook(data)
    try:
        return fastexcel.read_excel(data)
    except Exception as exc:  # calamine reports truncated zips and corrupt parts in many ways
        raise WorkbookError(
            f"the workbook cannot be opened, it may be truncated or damaged ({type(exc).__name__})"
        ) from None


def find_sheet(reader: fastexcel.ExcelReader, name: str) -> str | None:
    """The sheet whose folded name equals `name`'s (case, diacritics and spaces ignored)."""
    wanted = (fold_key(name) or "").replace(" ", "")
    for sheet in reader.sheet_names:
        if (fold_key(sheet) or "").replace(" ", "") == wanted:
            return sheet
    return None


def load_sheet_rows(reader: fastexcel.ExcelReader, sheet: str, eager: bool = False):
    """A sheet as strings, header_row=None, blank trailing rows trimmed, at most MAX_SHEET_ROWS.

    `skip_rows=0` keeps the blank rows above the first filled cell (calamine drops them
    otherwise) so that grid row i is Excel row i + 1. Rows of only spaces at the bottom (a
    formatted template filled down to row 100,000) are not loaded. A sheet with more rows than
    the limit is refused whole rather than cut, which would lose rows silently. Returns an
    ExcelSheet, or with `eager` its values as `sheet_values` gives them (a pyarrow RecordBatch,
    the unit-report reader's fast path).
    """
    try:
        loaded = reader.load_sheet(
            sheet,
            header_row=None,
            dtypes="string",
            skip_rows=0,
            n_rows=MAX_SHEET_ROWS + 1,
            skip_whitespace_tail_rows=True,
        )
    except Exception as exc:
        token = unreadable_error_token(str(exc))
        if token is not None:
            # calamine stops at an error value it does not know: the sheet cannot be read at all.
            raise WorkbookError(f"sheet {sheet!r} cannot be read: {error_reason(token)}") from None
        raise WorkbookError(f"sheet {sheet!r} cannot be read ({type(exc).__name__})") from None
    if loaded.height > MAX_SHEET_ROWS:
        raise WorkbookError(f"sheet {sheet!r} has more than {MAX_SHEET_ROWS:,} rows: split it into several files")
    return sheet_values(loaded, sheet) if eager else loaded


def sheet_values(loaded: fastexcel.ExcelSheet, sheet: str) -> pa.RecordBatch:
    """A loaded sheet's cells as strings, an Excel error value as its text ('#REF!').

    calamine gives an error cell as a null with a cell error beside it, which would pass for a
    blank cell; written back as its text, the error reaches the parsers, which refuse it by name
    (domain/excel_errors.py), as they refuse the same words typed or exported as text.
    """
    try:
        batch, errors = loaded.to_arrow_with_errors()
    except Exception as exc:
        raise WorkbookError(f"sheet {sheet!r} cannot be read ({type(exc).__name__})") from None
    if errors is None:
        return batch
    columns = [column.to_pylist() for column in batch.columns]
    for error in errors.errors:
        row, column = error.position
        token = calamine_error_token(error.detail)
        if token is not None and column < len(columns) and row < len(columns[column]):
            columns[column][row] = token
    return pa.RecordBatch.from_arrays(
        [pa.array(values, type=batch.column(i).type) for i, values in enumerate(columns)],
        names=batch.schema.names,
    )


def _grid(reader: fastexcel.ExcelReader, sheet: str) -> tuple[pl.DataFrame, bool]:
    loaded = load_sheet_rows(reader, sheet)
    frame = pl.from_arrow(sheet_values(loaded, sheet))
    assert isinstance(frame, pl.DataFrame)
    return frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)}), loaded.visible == "visible"


def read_grid(reader: fastexcel.ExcelReader, sheet: str) -> pl.DataFrame:
    """The sheet as strings, columns c0, c1, ...; dates come as 'yyyy-mm-dd hh:mm:ss'.

    Grid row i is Excel row i + 1: skip_rows=0 stops calamine from dropping the empty rows
    above the first filled cell, which would shift every row number a person is told.
    """
    return _grid(reader, sheet)[0]


def visible_grids(reader: fastexcel.ExcelReader) -> list[tuple[str, pl.DataFrame]]:
    """Every visible sheet as `read_grid` gives it, in workbook order; hidden sheets are skipped."""
    grids = []
    for sheet in reader.sheet_names:
        frame, visible = _grid(reader, sheet)
        if visible:
            grids.append((sheet, frame))
    return grids


@dataclass(frozen=True)
class Header:
    row_index: int  # 0-based index of the header row in the grid
    columns: dict[str, str]  # canonical column name -> grid column (c0, c1, ...)
    labels: dict[str, str]  # canonical column name -> header text as written
    unknown: list[str]  # header texts that matched no expected column
    # canonical column -> 0-based positions of the cells naming it the same way, when more than one
    repeated: dict[str, list[int]] = field(default_factory=dict)


def repeated_columns(keys: Sequence[str | None], positions: dict[str, int]) -> dict[str, list[int]]:
    """Canonical column -> its position and those of the other cells of the header row whose
    folded text (`keys`) is the same as its cell's, for each column named more than once. Two
    different aliases of one column are not counted: the first is taken, as always."""
    taken = set(positions.values())
    by_key = {keys[at]: canon for canon, at in positions.items()}
    repeated: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        canon = by_key.get(key) if key is not None and position not in taken else None
        if canon is not None:
            repeated.setdefault(canon, [positions[canon]]).append(position)
    return repeated


def repeated_header(header: Header, in_sheet: bool) -> tuple[str, str] | None:
    """(label, reason) for the first column the header names more than once, else None.

    The whole file is refused, not the column nor the sheet: which cell holds the column's
    values cannot be told from the file, and loading either would give numbers nobody can
    vouch for."""
    for canon, places in header.repeated.items():
        label = header.labels[canon]
        where = ", ".join(column_letters(p + 1) if in_sheet else str(p + 1) for p in places)
        return label, (
            f"the header names the column {label!r} {len(places)} times (columns {where}): which one holds "
            "the values cannot be told; keep one column and send the file again"
        )
    return None


def find_header(
    grid: pl.DataFrame,
    expected: dict[str, list[str]],
    required: set[str],
    search_rows: int = 10,
) -> Header | None:
    """The first row among the first `search_rows` holding every required column.

    `expected` maps a canonical name to the header texts that mean it; a cell matches when
    its folded text equals one of them or starts with one (so 'Số lượng (sản phẩm)' still
    means 'Số lượng'). Returns None when no row qualifies.
    """
    folded = {canon: [fold_key(a) for a in aliases] for canon, aliases in expected.items()}
    for index, row in enumerate(grid.head(search_rows).iter_rows()):
        columns, labels, unknown = {}, {}, []
        for position, cell in enumerate(row):
            key = fold_key(cell)
            if key is None:
                continue
            match = next(
                (c for c, al in folded.items() if c not in columns and any(key == a for a in al)),
                None,
            ) or next(
                (c for c, al in folded.items() if c not in columns and any(key.startswith(a) for a in al)),
                None,
            )
            if match is None:
                unknown.append(str(cell))
                continue
            columns[match] = f"c{position}"
            labels[match] = str(cell)
        if required <= columns.keys():
            keys = [fold_key(cell) for cell in row]
            positions = {canon: int(column[1:]) for canon, column in columns.items()}
            return Header(index, columns, labels, unknown, repeated_columns(keys, positions))
    return None
