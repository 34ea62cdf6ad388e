"""The workbook guard: what calamine would allocate for an .xlsx, bounded before it opens it.

A workbook is a zip of XML parts. calamine opens the sheets wherever xl/workbook.xml and
xl/_rels/workbook.xml.rels say they are (`xl/data/sheet2.xml` is as good as
`xl/worksheets/sheet2.xml`), the shared strings, the styles, and it inflates each part to the
end of its deflate stream, whatever size the zip directory declares. So the guard trusts nothing
the directory says about sizes:

- every part's size is measured, per part and in all: the sheets and shared strings are
  inflated from the workbook's bytes, a chunk at a time with a hard limit on what may come out;
  any other part is bounded by deflate's own limit (about 1,032 bytes out per byte in) when that
  proves it small, else inflated and measured too. A part inflating past the size its directory
  entry declares is refused: no honest writer makes one;
- every sheet, wherever it is stored, is scanned for the farthest cell it fills: calamine builds
  a sheet as a dense grid from its first to its last filled cell, so a few bytes placing one
  value in A1 and one in XFD1048576 would make it allocate half a terabyte and abort the whole
  process (an abort, not an exception);
- shared-string cells: each cell that refers to a shared string gets its own copy of the text
  when the sheet is loaded, so a 1 MB string referred to by 3,000 cells of a 4 KB sheet costs
  3 GB. The guard bounds cells x longest shared string.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator


class WorkbookError(ValueError):
    """A file that cannot be read as a workbook; the message is for the person who sent it."""


# Limits far above any workbook the Department's template produces (tens of KB unzipped; a
# hotline log of a year a few MB), far below what would exhaust the machine: calamine holds
# about 4 bytes per byte of shared strings, about 2 per byte of a sheet once loaded, and 32 per
# cell of a sheet's grid, so a file within all of them stays well under 1 GiB.
MAX_FILE_BYTES = 64 * 1024 * 1024  # the workbook as sent (read whole into memory)
MAX_UNZIPPED_BYTES = 128 * 1024 * 1024  # all parts together, as inflated
MAX_PART_BYTES = 64 * 1024 * 1024  # one part, as inflated
MAX_RATIO = 200  # inflated / compressed, for parts over 1 MB (deflate tops out near 1000)
MAX_PARTS = 2_000
MAX_SHEET_CELLS = 4_000_000  # rows x columns of the grid calamine would build (128 MB)
# Shared-string cells x the longest shared string: the text loading the sheets may copy out.
MAX_SHARED_TEXT_BYTES = 64 * 1024 * 1024

# Excel writes parts stored or deflated; anything else (bzip2, LZMA, Zstandard, Deflate64) is
# refused rather than measured by a decompressor that calamine may not share.
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_UNSUPPORTED_FLAGS = 0x01 | 0x20 | 0x40  # encrypted, compressed patch, strong encryption
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CHUNK = 4 << 20  # bytes of XML inflated at a time: a template's part comes out in one

_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,4})([0-9]{1,8})\"[^>]*?(/?)>")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"([0-9]{1,8})\"")
# Any reference, row or cell, in any element (`_extent_bound`).
_ANY_REF = re.compile(rb'r="([A-Z]{0,4})([0-9]{1,8})"')
# A reference beyond column Z or row 99,999 (`_far`): two letters or more, or six digits.
_FAR_REF = re.compile(rb'r="(?:[A-Z]{2}|[A-Z]?[0-9]{6})')
# The most cells a part without such a reference can make calamine hold: columns A..Z, rows 1..99,999.
Z99999_CELLS = 26 * 99_999
# A cell that refers to a shared string (t="s"), and the start of a shared string (<si>).
_SHARED_CELL = b't="s"'
_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si[\s/>]")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} bytes"


def _body(data: bytes, info: zipfile.ZipInfo) -> memoryview | None:
    """The part's stored bytes, where a zip reader finds them: after the local header, whose own
    name and extra-field lengths say where the body starts; as long as the directory says. None
    when they are not there (a damaged part: calamine fails on it if it reads it, and a part it
    cannot inflate costs it nothing)."""
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        return None
    fields = _LOCAL_HEADER.unpack(header)
    body_at = start + _LOCAL_HEADER.size + fields[10] + fields[11]
    if body_at + info.compress_size > len(data):
        return None
    return memoryview(data)[body_at : body_at + info.compress_size]


# Deflate produces at most about 1,032 bytes per byte it reads: a part this many times smaller
# than its limit cannot pass it, and is inflated in one call (a template's parts are a few KB).
_DEFLATE_MAX_RATIO = 1_032


def _check_method(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & _UNSUPPORTED_FLAGS:
        raise WorkbookError(f"the workbook part {info.filename} is encrypted: save the workbook without a password")
    if info.compress_type not in _METHODS:
        raise WorkbookError(
            f"the workbook part {info.filename} is compressed with method {info.compress_type}, which Excel "
            "never writes: open the file in Excel and save it again as .xlsx"
        )


def part_pieces(data: bytes, info: zipfile.ZipInfo, limit: int) -> list[bytes]:
    """The part's XML as a zip reader inflates it, to the end of the deflate stream whatever size
    the directory declares, in pieces that never split an element; raises WorkbookError once
    more than `limit` bytes have come out, before inflating further. A damaged part gives what
    inflates before the damage (what calamine would get before failing)."""
    _check_method(info)
    body = _body(data, info)
    if body is None:
        return []
    if info.compress_type == zipfile.ZIP_STORED:
        if len(body) > limit:
            raise _too_big(info, len(body), limit)
        return [bytes(body)]
    if len(body) * _DEFLATE_MAX_RATIO <= min(limit, _CHUNK):
        try:
            xml = zlib.decompress(body, -15)
        except zlib.error:
            pass  # damaged: measured below, up to the damage
        else:
            if len(xml) > info.file_size:
                raise _forged(info, len(xml))
            return [xml]
    return list(_elements(_inflate(body, info, limit)))


def _inflate(body: memoryview, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-15)
    produced, pending = 0, body
    while pending and not inflater.eof:
        try:
            piece = inflater.decompress(pending, min(_CHUNK, limit - produced + 1))
        except zlib.error:
            return
        pending = inflater.unconsumed_tail
        produced += len(piece)
        if produced > limit:
            raise _too_big(info, produced, limit)
        if produced > info.file_size:
            raise _forged(info, produced)
        if produced > 2**20 and produced > MAX_RATIO * max(info.compress_size, 1):
            raise _ratio(info, produced, stopped=True)
        yield piece


def _too_big(info: zipfile.ZipInfo, produced: int, limit: int) -> WorkbookError:
    whole = limit < MAX_PART_BYTES
    cap = MAX_UNZIPPED_BYTES if whole else MAX_PART_BYTES
    what = "takes the whole workbook past" if whole else "unpacks to more than"
    return WorkbookError(
        f"the workbook part {info.filename} {what} {_mb(cap)} (declared {_mb(info.file_size)}, "
        f"{_mb(produced)} unpacked when reading stopped): refused as a possible zip bomb"
    )


def _forged(info: zipfile.ZipInfo, produced: int) -> WorkbookError:
    # Excel, and every zip writer, declares what a part holds (zip readers check it against the
    # CRC); a part holding more hides it from the size limits of readers that trust the directory.
    return WorkbookError(
        f"the workbook part {info.filename} unpacks to more than the {_mb(info.file_size)} the zip directory "
        f"declares ({_mb(produced)} when reading stopped): the file is forged or damaged, refused as a possible zip bomb"
    )


def _ratio(info: zipfile.ZipInfo, size: int, stopped: bool = False) -> WorkbookError:
    found = (
        f"more than {size // max(info.compress_size, 1)} to 1 ({_mb(info.compress_size)} unpacked to "
        f"{_mb(size)} when reading stopped, {_mb(info.file_size)} declared)"
        if stopped
        else f"{size // max(info.compress_size, 1)} to 1"
    )
    return WorkbookError(
        f"the workbook part {info.filename} is compressed {found} (at most {MAX_RATIO} expected): "
        "refused as a possible zip bomb"
    )


def _elements(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The pieces re-cut so that none splits an element (each ends before a '<')."""
    tail = b""
    for chunk in pieces:
        text = tail + chunk if tail else chunk
        cut = text.rfind(b"<")
        scan, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
        yield scan
    yield tail


def _far(piece: bytes) -> bool:
    """Whether a reference the strict scan counts (`r="` after a character that is not a letter,
    digit or underscore) goes past column Z or row 99,999. `_FAR_REF` alone also finds attributes
    whose name ends in r (a theme's lastClr="000000"); those are passed over here."""
    for match in _FAR_REF.finditer(piece):
        at = match.start()
        if at == 0 or not (piece[at - 1 : at].isalnum() or piece[at - 1] == 0x5F):
            return True
    return False


def _extent_bound(pieces: list[bytes]) -> tuple[int, int]:
    """At least the (last row, last column) `_part_extent` finds, about three times as fast.

    Every `r="<letters><digits>"` of the part counts, row or cell, self-closing or not, whatever
    the element: each reference the strict scan counts is one of them (its body holds no `r`,
    `=` or space, so no earlier match can swallow the next one's start), and the others can only
    raise the bound. A part whose bound is within the limit is within it; only a part over it
    needs the strict scan.
    """
    rows = columns = 0
    for piece in pieces:
        found = _ANY_REF.findall(piece)
        if not found:
            continue
        letters, numbers = zip(*found)
        rows = max(rows, *map(int, set(numbers)))
        named = set(letters) - {b""}
        if named:
            columns = max(columns, *map(_column_number, named))
    return rows, columns


def _part_extent(pieces: list[bytes]) -> tuple[int, int]:
    """(last row, last column) a part fills.

    Self-closing cells (`<c r="K9" s="3"/>`, formatting without a value) do not widen the grid
    (calamine does not place them); every numbered row counts, since a cell without its own `r`
    sits in its row's.
    """
    rows = columns = 0
    for piece in pieces:
        for letters, number, closed in _CELL_REF.findall(piece):
            if not closed:
                columns = max(columns, _column_number(letters))
                rows = max(rows, int(number))
        for number in _ROW_REF.findall(piece):
            rows = max(rows, int(number))  # a cell without `r` sits in its row's
    return rows, columns


# A shared-string cell's index, when its value follows its start tag (what Excel writes).
_SHARED_VALUE = re.compile(rb't="s"[^>]*>\s*<(?:\w+:)?v>\s*([0-9]{1,10})\s*<')


def _item_lengths(pieces: list[bytes]) -> list[int]:
    """Bytes from each <si> to the next (the last one to the end of the part), markup included:
    at least each shared string's text."""
    starts, offset = [], 0
    for piece in pieces:
        starts += [offset + m.start() for m in _SHARED_ITEM.finditer(piece)]
        offset += len(piece)
    return [end - start for start, end in zip(starts, [*starts[1:], offset])]


def _shared_text(data: bytes, infos: list[zipfile.ZipInfo], opened: set[str]) -> tuple[int, int]:
    """At least the bytes of text loading every shared-string cell copies out: each cell's own
    string's length (the longest one's for a cell whose index is not where Excel writes it).
    Taken only when cells x the largest part is over the limit (a second pass over the parts).
    Returns (those bytes, the longest shared string's)."""
    lengths: list[int] = []
    used: dict[int, int] = {}
    unmatched = 0
    for info in infos:
        if info.is_dir() or info.filename.lower() not in opened:
            continue
        pieces = part_pieces(data, info, MAX_PART_BYTES)
        items = _item_lengths(pieces)
        lengths = [max(a, b) for a, b in zip(lengths, items)] + lengths[len(items) :] + items[len(lengths) :]
        for piece in pieces:
            found = _SHARED_VALUE.findall(piece)
            unmatched += piece.count(_SHARED_CELL) - len(found)
            for index in found:
                used[int(index)] = used.get(int(index), 0) + 1
    longest = max(lengths, default=0)
    return sum(lengths[i] * n for i, n in used.items() if i < len(lengths)) + unmatched * longest, longest


# Where calamine finds sheets and shared strings: the sheet folders and xl/sharedStrings.xml by
# name, and whatever xl/_rels/workbook.xml.rels says for the relationship ids that
# xl/workbook.xml's <sheet> elements name (a sheet may be stored at xl/data/sheet2.xml). Names
# are compared in lower case (a zip reader may match them so).
_SHEET_FOLDERS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/", "xl/macrosheets/")
_SHARED_STRINGS = "xl/sharedstrings.xml"
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_ID = re.compile(rb"""\sId\s*=\s*["']([^"']*)""")
_TYPE = re.compile(rb"""\sType\s*=\s*["']([^"']*)""")
_TARGET = re.compile(rb"""\sTarget\s*=\s*["']([^"']*)""")
_SHEET_ID = re.compile(rb"""\s(?:[\w.-]+:)?id\s*=\s*["']([^"']*)""")


def _value(pattern: re.Pattern[bytes], element: bytes) -> str | None:
    found = pattern.search(element)
    if found is None:
        return None
    text = found[1].decode("utf-8", "replace")
    return html.unescape(text).strip() if "&" in text else text.strip()


def _resolved(target: str) -> set[str]:
    """Every name a reader may give a relationship's target: from xl/ or from the root, with
    `..` resolved or not, in lower case."""
    target = target.replace("\\", "/").lower()
    names = {target.lstrip("/"), f"xl/{target}", f"xl/{target.lstrip('/')}"}
    if "." in target.replace(".xml", "") or "//" in target:  # '..', './', '//' to resolve
        names |= {posixpath.normpath(name) for name in names}
    return names


def sheet_and_shared_parts(data: bytes, by_name: dict[str, list[zipfile.ZipInfo]]) -> tuple[set[str], set[str]]:
    """(sheets, shared strings): lower-case names of the parts calamine may open as each, of the
    parts `by_name` lists under their lower-case names."""

    def text(name: str) -> bytes:
        return b"".join(piece for info in by_name.get(name, ()) for piece in part_pieces(data, info, MAX_PART_BYTES))

    sheets = {n for n in by_name if n.startswith(_SHEET_FOLDERS)}
    shared = {_SHARED_STRINGS}
    relationships = _RELATIONSHIP.findall(text("xl/_rels/workbook.xml.rels"))
    if relationships:
        sheet_ids = {_value(_SHEET_ID, element) for element in _SHEET.findall(text("xl/workbook.xml"))}
        for element in relationships:
            is_sheet = _value(_ID, element) in sheet_ids
            if is_sheet or (_value(_TYPE, element) or "").endswith("/sharedStrings"):
                (sheets if is_sheet else shared).update(_resolved(_value(_TARGET, element) or ""))
    return sheets & by_name.keys(), shared & by_name.keys()


def _open(data: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(
            f"the workbook is {_mb(len(data))} (at most {_mb(MAX_FILE_BYTES)} expected): split it into several files"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive, archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise WorkbookError("the workbook cannot be opened, it may be truncated or damaged (not a valid zip)") from None


def check_workbook(data: bytes) -> None:
    """Refuse (WorkbookError) an .xlsx whose parts, as inflated, or whose sheets' extent or shared
    text would make calamine allocate more than the limits, before any Excel library opens it; a
    plain zip, an OpenDocument or an .xlsb file is refused too."""
    archive, infos = _open(data)
    archive.close()  # the directory is all it gives: the parts are inflated from `data`
    if len(infos) > MAX_PARTS:
        raise WorkbookError(f"the workbook has {len(infos)} parts (at most {MAX_PARTS} expected): refused")
    # What an honest directory declares is refused at once; what it hides is measured below.
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNZIPPED_BYTES:
        raise WorkbookError(
            f"the workbook unpacks to {_mb(declared)} (at most {_mb(MAX_UNZIPPED_BYTES)} expected): "
            "refused as a possible zip bomb"
        )
    for info in infos:
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _ratio(info, info.file_size)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        what = (
            "an Excel binary workbook (.xlsb)"
            if "xl/workbook.bin" in names
            else ("an OpenDocument spreadsheet" if "content.xml" in names else "a zip archive")
        )
        raise WorkbookError(f"the file is {what}, not an Excel workbook: save it as .xlsx")
    lowered = [(info.filename.lower(), info) for info in infos if not info.is_dir()]
    by_name: dict[str, list[zipfile.ZipInfo]] = {}
    for name, info in lowered:
        by_name.setdefault(name, []).append(info)
    sheets, shared = sheet_and_shared_parts(data, by_name)
    total = shared_cells = largest = 0
    for name, info in lowered:
        _check_method(info)  # any part: a zip reader's bzip2 or LZMA has no limit of its own to bound it by
        if name not in sheets and name not in shared:
            # Any other part (styles, theme, properties) is bounded without inflating it when
            # deflate's own limit proves it small, else inflated and measured.
            bound = info.compress_size * (_DEFLATE_MAX_RATIO if info.compress_type == zipfile.ZIP_DEFLATED else 1)
            if bound <= _CHUNK and total + bound <= MAX_UNZIPPED_BYTES:
                total += bound
                continue
        pieces = part_pieces(data, info, min(MAX_PART_BYTES, MAX_UNZIPPED_BYTES - total))
        size = sum(map(len, pieces))
        total += size
        if name in shared:
            largest = max(largest, size)  # at least the longest shared string
        if name not in sheets:
            continue
        shared_cells += sum(piece.count(_SHARED_CELL) for piece in pieces)
        if Z99999_CELLS <= MAX_SHEET_CELLS and not any(map(_far, pieces)):
            continue  # within the limit whatever its exact bound
        rows, columns = _extent_bound(pieces)
        if rows * columns > MAX_SHEET_CELLS:
            rows, columns = _part_extent(pieces)
        if rows * columns > MAX_SHEET_CELLS:
            raise WorkbookError(
                f"a sheet ({info.filename}) fills cells as far as {column_letters(columns)}{rows}: its grid would "
                f"hold {rows * columns:,} cells (at most {MAX_SHEET_CELLS:,} expected); delete the stray "
                "cells far from the table and send the file again"
            )
    if shared_cells * largest > MAX_SHARED_TEXT_BYTES:
        copied, longest = _shared_text(data, [i for _, i in lowered], sheets | shared)
        if copied > MAX_SHARED_TEXT_BYTES:
            raise WorkbookError(
                f"the workbook's {shared_cells:,} cells of shared text would copy out {_mb(copied)} when "
                f"loaded (at most {_mb(MAX_SHARED_TEXT_BYTES)} expected; its longest shared text is "
                f"{_mb(longest)}): shorten the long cells or split the file"
            )
