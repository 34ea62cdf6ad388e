"""Reading spreadsheets as they arrive: sniff what the file really is, then find the header.

Workbooks come from a template, but people add title banners and merged cells above the
header, reorder columns and reword headers, and save CSV or HTML under a .xlsx name. A sheet
is read as a grid of strings (fastexcel/calamine, no formula is ever evaluated: calamine reads
the cached values), and the header row is the first of the first `search_rows` rows whose
cells match enough of the expected column names.

A workbook is a zip of XML parts, and calamine builds a sheet as a dense grid from its first
to its last filled cell: a few bytes placing one value in A1 and one in XFD1048576 would make
it allocate half a terabyte and abort the whole process (not an exception: an abort). So the
zip is checked before calamine sees it (`check_workbook`): sizes and ratios from the zip
directory, then each worksheet part decompressed with a hard limit on the bytes it may
produce and scanned for the farthest cell it fills. Legacy .xls (BIFF) cannot be checked that
way and is refused with a request to save as .xlsx.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl
import pyarrow as pa

from orchestration.lib.excel_errors import calamine_error_token, error_reason, unreadable_error_token
from orchestration.lib.inbox import InboxFileError, read_regular_file
from orchestration.lib.text import fold_key

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


# Limits far above any workbook the Department's template produces (tens of KB unzipped), far
# below what would exhaust the machine. A sheet's grid costs calamine about 32 bytes a cell.
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # all parts together, as the zip directory declares them
MAX_PART_BYTES = 128 * 1024 * 1024  # one worksheet part, as actually decompressed
MAX_RATIO = 200  # uncompressed / compressed, for parts over 1 MB (deflate tops out near 1000)
MAX_PARTS = 2_000
MAX_SHEET_CELLS = 4_000_000  # rows x columns of the grid calamine would build (128 MB)
MAX_SHEET_ROWS = 200_000  # rows loaded from a sheet; a sheet with more is refused, never cut

_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,4})([0-9]{1,8})\"[^>]*?(/?)>")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"([0-9]{1,8})\"")
# Any reference, row or cell, in any element (`_extent_bound`).
_ANY_REF = re.compile(rb'r="([A-Z]{0,4})([0-9]{1,8})"')
# A reference beyond column Z or row 99,999 (`_within_z99999`): two letters or more, or six digits.
_FAR_REF = re.compile(rb'r="(?:[A-Z]{2}|[A-Z]?[0-9]{6})')
# The most cells a part without such a reference can make calamine hold: columns A..Z, rows 1..99,999.
Z99999_CELLS = 26 * 99_999


class WorkbookError(ValueError):
    """A file that cannot be read as a workbook; the message is for the person who sent it."""


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _part_pieces(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A worksheet part's XML in pieces that never split an element, decompressing at most
    MAX_PART_BYTES: the scan runs on the decompressed stream, so a zip directory that lies about
    sizes does not get past it."""
    produced = 0
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(1 << 20):
            produced += len(chunk)
            if produced > MAX_PART_BYTES:
                raise WorkbookError(
                    f"the workbook part {info.filename} unpacks to more than {MAX_PART_BYTES // 2**20} MB: "
                    "refused as a possible zip bomb"
                )
            text = tail + chunk
            cut = text.rfind(b"<")  # keep an element split between chunks for the next round
            scan, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            yield scan
    yield tail


def _extent_bound(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """At least the (last row, last column) `_part_extent` finds, about three times as fast.

    Every `r="<letters><digits>"` of the part counts, row or cell, self-closing or not, whatever
    the element: each reference the strict scan counts is one of them (its body holds no `r`,
    `=` or space, so no earlier match can swallow the next one's start), and the others can only
    raise the bound. A part whose bound is within the limit is within it; only a part over it
    needs the strict scan.
    """
    rows = columns = 0
    for piece in _part_pieces(archive, info):
        found = _ANY_REF.findall(piece)
        if not found:
            continue
        letters, numbers = zip(*found)
        rows = max(rows, *map(int, set(numbers)))
        named = set(letters) - {b""}
        if named:
            columns = max(columns, *map(_column_number, named))
    return rows, columns


# A part this small is inflated in one call from the workbook's bytes (`_small_part`).
SMALL_PART_BYTES = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_UNSUPPORTED_FLAGS = 0x01 | 0x20 | 0x40  # encrypted, compressed patch, strong encryption


def _small_part(data: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """A small worksheet part's XML, inflated in one call from the workbook's bytes, or None when
    anything about it is unusual (then `_part_pieces` reads it through zipfile, whose checks and
    errors decide).

    What zipfile's reader would give for a well-formed part, at a fraction of its cost (a
    template's sheets are a few KB): the local header checked as zipfile checks it (signature,
    name, flags), the deflated or stored bytes taken at the same place, and the result kept
    only when it ends where the directory says, with the size and CRC-32 it declares.
    """
    if info.file_size > SMALL_PART_BYTES or info.flag_bits & _UNSUPPORTED_FLAGS:
        return None
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size:
        return None
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        return None
    name_at = start + _LOCAL_HEADER.size
    name = data[name_at : name_at + fields[10]]
    try:
        if name.decode("utf-8" if fields[3] & 0x800 else "cp437") != info.orig_filename:
            return None
    except UnicodeDecodeError:
        return None
    body_at = name_at + fields[10] + fields[11]
    body = data[body_at : body_at + info.compress_size]
    if len(body) != info.compress_size:
        return None
    if info.compress_type == zipfile.ZIP_STORED:
        xml = body
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            xml = inflater.decompress(body, info.file_size + 1)
        except zlib.error:
            return None
        if not inflater.eof:
            return None
    else:
        return None
    if len(xml) != info.file_size or zlib.crc32(xml) != info.CRC:
        return None
    return xml


def _within_z99999(archive: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None = None) -> bool:
    """Whether no reference of the part, row or cell, goes past column Z or row 99,999.

    Every `r="<letters><digits>"` that `_extent_bound` counts is within Z99999 unless it has two
    letters or more or six digits or more, which is what `_FAR_REF` finds; so when it finds
    nothing, the bound is within Z99999 too. One search in C, with no match to build, instead of
    the bound's every reference (a template's sheet fills A..K and a hundred rows).

    With the workbook's `data`, a small part is inflated in one call (`_small_part`): the whole
    XML holds a match exactly when one of zipfile's pieces does, since a match holds no `<`.
    """
    xml = _small_part(data, info) if data is not None else None
    if xml is not None:
        return _FAR_REF.search(xml) is None
    return not any(_FAR_REF.search(piece) for piece in _part_pieces(archive, info))


def _part_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """(last row, last column) a worksheet part fills, decompressing at most MAX_PART_BYTES.

    Self-closing cells (`<c r="K9" s="3"/>`, formatting without a value) do not widen the grid
    (calamine does not place them); every numbered row counts, since a cell without its own `r`
    sits in its row's.
    """
    rows = columns = 0
    for piece in _part_pieces(archive, info):
        for letters, number, closed in _CELL_REF.findall(piece):
            if not closed:
                columns = max(columns, _column_number(letters))
                rows = max(rows, int(number))
        for number in _ROW_REF.findall(piece):
            rows = max(rows, int(number))  # a cell without `r` sits in its row's
    return rows, columns


def check_workbook(data: bytes) -> None:
    """Refuse (WorkbookError) an .xlsx whose unpacked size or sheet extent is absurd, before any
    Excel library opens it; a plain zip, an OpenDocument or an .xlsb file is refused too."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise WorkbookError("the workbook cannot be opened, it may be truncated or damaged (not a valid zip)") from None
    with archive:
        if len(infos) > MAX_PARTS:
            raise WorkbookError(f"the workbook has {len(infos)} parts (at most {MAX_PARTS} expected): refused")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNZIPPED_BYTES:
            raise WorkbookError(
                f"the workbook unpacks to {declared // 2**20} MB (at most {MAX_UNZIPPED_BYTES // 2**20} MB "
                "expected): refused as a possible zip bomb"
            )
        for info in infos:
            if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise WorkbookError(
                    f"the workbook part {info.filename} is compressed {info.file_size // max(info.compress_size, 1)} "
                    f"to 1 (at most {MAX_RATIO} expected): refused as a possible zip bomb"
                )
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            what = "an Excel binary workbook (.xlsb)" if "xl/workbook.bin" in names else (
                "an OpenDocument spreadsheet" if "content.xml" in names else "a zip archive")
            raise WorkbookError(f"the file is {what}, not an Excel workbook: save it as .xlsx")
        for info in infos:
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            try:
                if Z99999_CELLS <= MAX_SHEET_CELLS and _within_z99999(archive, info, data):
                    continue  # within the limit whatever its exact bound
                rows, columns = _extent_bound(archive, info)
                if rows * columns > MAX_SHEET_CELLS:
                    rows, columns = _part_extent(archive, info)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise WorkbookError(
                    f"the workbook cannot be opened, it may be truncated or damaged ({type(exc).__name__} in {info.filename})"
                ) from None
            if rows * columns > MAX_SHEET_CELLS:
                raise WorkbookError(
                    f"a sheet ({info.filename}) fills cells as far as {_column_letters(columns)}{rows}: its grid would "
                    f"hold {rows * columns:,} cells (at most {MAX_SHEET_CELLS:,} expected); delete the stray "
                    "cells far from the table and send the file again"
                )


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
            data = read_regular_file(path, inbox)
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
        raise WorkbookError(f"the workbook cannot be opened, it may be truncated or damaged ({type(exc).__name__})") from None


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
            sheet, header_row=None, dtypes="string", skip_rows=0, n_rows=MAX_SHEET_ROWS + 1,
            skip_whitespace_tail_rows=True,
        )
    except Exception as exc:
        token = unreadable_error_token(str(exc))
        if token is not None:
            # calamine stops at an error value it does not know: the sheet cannot be read at all.
            raise WorkbookError(f"sheet {sheet!r} cannot be read: {error_reason(token)}") from None
        raise WorkbookError(f"sheet {sheet!r} cannot be read ({type(exc).__name__})") from None
    if loaded.height > MAX_SHEET_ROWS:
        raise WorkbookError(
            f"sheet {sheet!r} has more than {MAX_SHEET_ROWS:,} rows: split it into several files"
        )
    return sheet_values(loaded, sheet) if eager else loaded


def sheet_values(loaded: fastexcel.ExcelSheet, sheet: str) -> pa.RecordBatch:
    """A loaded sheet's cells as strings, an Excel error value as its text ('#REF!').

    calamine gives an error cell as a null with a cell error beside it, which would pass for a
    blank cell; written back as its text, the error reaches the parsers, which refuse it by name
    (lib/excel_errors.py), as they refuse the same words typed or exported as text.
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
            return Header(index, columns, labels, unknown)
    return None
