"""CSV exports as they arrive: UTF-8 with or without BOM, checked before any reader parses them.

Exports from the monitoring service, Meta, GA4 and the forms are UTF-8; a file in another
encoding (Windows-1258, UTF-16) is refused with a message saying so rather than loaded as
mojibake.

A file is read whole only up to MAX_CSV_BYTES (a survey export, read record by record, is
checked a batch at a time by `check_csv_file` and has no such limit), and every reader's bytes
pass `check_csv_bounds` before a parser sees them: a parser allocates per column of the header
and per byte of a line, so a header wider than MAX_COLUMNS or a line longer than
MAX_LINE_BYTES refuses the file, saying what the limit is and what was found.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from orchestration.formats.inbox import MAX_READ_BYTES, InboxFileError, read_regular_file


class CsvFileError(ValueError):
    """A file that cannot be read as the expected CSV; the message is for the person who sent it,
    `column` the header it is about, when there is one."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


# Far above what any export needs (the press export has 10 columns, Meta's about 40, a Forms
# export one per question; Excel holds at most 32,767 characters in a cell), far below what makes
# a parser allocate gigabytes.
# A file read whole: the media readers peak at several times the file, so this keeps one file
# well under the memory of the machine; a year of GA4, the largest real export, is far below.
MAX_CSV_BYTES = MAX_READ_BYTES
MAX_COLUMNS = 2_000  # fields of a header line
MAX_LINE_BYTES = 1 << 20  # one line, in bytes
HEADER_LINES = 20  # lines where a header may be (GA4 writes a few comment lines above its own)
_SEPARATORS = (b",", b";", b"\t")


def _line_break_before(data: bytes, start: int, end: int) -> int:
    """The last \\n in data[start:end], else the last \\r (old Mac files end lines with it), else -1."""
    found = data.rfind(b"\n", start, end)
    return found if found >= 0 else data.rfind(b"\r", start, end)


def _line_end(data: bytes, start: int) -> int:
    """Where the line starting at `start` ends: its first \\n or \\r, or the end of data."""
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    carriage = data.find(b"\r", start, end)  # searched within the line only: a file may hold none
    return end if carriage < 0 else carriage


def check_csv_bounds(data: bytes, first_line: int = 1, header: bool = True) -> None:
    """Refuse (CsvFileError) `data` when a line is longer than MAX_LINE_BYTES or, with `header`
    (data starts the file), one of its first HEADER_LINES lines has more than MAX_COLUMNS fields.
    `first_line` is the line number data starts on (for the message). A window of
    MAX_LINE_BYTES + 1 bytes from a line's start always holds a line break unless that line is
    too long, so the check jumps from window to window: a scan in C, whatever the file's size."""
    if header:
        position = 0
        for line in range(first_line, first_line + HEADER_LINES):
            end = _line_end(data, position)
            fields = 1 + max(data.count(s, position, end) for s in _SEPARATORS)
            if fields > MAX_COLUMNS:
                raise CsvFileError(
                    f"line {line} has {fields:,} columns (at most {MAX_COLUMNS:,} expected): it is not an export "
                    "the Department's readers can use; export the file again"
                )
            if end >= len(data):
                break
            position = end + (2 if data[end : end + 2] == b"\r\n" else 1)
    position, size = 0, len(data)
    while size - position > MAX_LINE_BYTES:
        cut = _line_break_before(data, position, position + MAX_LINE_BYTES + 1)
        if cut < 0:
            end = _line_end(data, position)
            line = first_line + data.count(b"\n", 0, position)
            raise CsvFileError(
                f"line {line} is {(end - position) / 2**20:,.1f} MB long (at most {MAX_LINE_BYTES // 2**20} MB "
                "expected): a cell holds at most 32,767 characters; export the file again"
            )
        position = cut + 1


def _checked_bytes(path: Path, inbox: Path | None) -> bytes:
    """The file's bytes, refused early when they are plainly not CSV UTF-8 (before decoding)."""
    try:
        data = read_regular_file(path, inbox, limit=MAX_CSV_BYTES)
    except InboxFileError as exc:
        raise CsvFileError(str(exc)) from None
    if not data or data.isspace():  # `not data.strip()` without copying a large file
        raise CsvFileError("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError("the file is UTF-16: export it again as CSV UTF-8")
    if data.startswith(b"PK\x03\x04"):
        raise CsvFileError("the file is an Excel workbook or a zip archive, not CSV")
    if b"\x00" in data[:65536]:  # before decoding: UTF-16 without a BOM may not fail UTF-8 first
        raise CsvFileError("the file contains NUL bytes: it is binary or UTF-16, not CSV UTF-8")
    check_csv_bounds(data)
    return data


def _not_utf8(data: bytes) -> CsvFileError:
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return CsvFileError(
            f"the file is not UTF-8 (byte {exc.start}): it may be Windows-1258 or another legacy "
            "encoding; export it again as CSV UTF-8"
        )
    raise AssertionError("_not_utf8 called on valid UTF-8")  # pragma: no cover


def decode_utf8(path: Path, inbox: Path | None = None) -> str:
    """The file's text; the bytes are read through `read_regular_file` (a link is never followed)."""
    data = _checked_bytes(path, inbox)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_utf8(data) from None
    if "\x00" in text:
        raise CsvFileError("the file contains NUL bytes: it is binary or UTF-16, not CSV UTF-8")
    return text


def utf8_bytes(path: Path, inbox: Path | None = None) -> bytes:
    """What `decode_utf8` returns, refused for the same reasons with the same words, but left as
    UTF-8 bytes without the BOM: for readers that hand the file to polars' CSV parser, which
    reads bytes, so a large export is not decoded into a Python string and encoded back."""
    data = _checked_bytes(path, inbox)
    if not is_utf8(data):
        raise _not_utf8(data) from None
    if b"\x00" in data:  # NUL is a byte of its own in UTF-8: the same test as on the text
        raise CsvFileError("the file contains NUL bytes: it is binary or UTF-16, not CSV UTF-8")
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


UTF8_CHUNK = 1 << 20


def is_utf8(data: bytes, chunk: int = UTF8_CHUNK) -> bool:
    """Whether `data` is valid UTF-8, checked by polars `chunk` bytes at a time.

    One polars Series of the whole file would copy it into fresh memory; a piece of about a
    megabyte at a time reuses the same memory. Pieces end before a byte that starts a
    character (never between a character's bytes): UTF-8 is valid exactly when every such
    piece is, as no character runs across a byte that is not a continuation byte.
    """
    chunk = max(chunk, 4)  # a piece can then always move back three bytes and still hold one
    view = memoryview(data)
    position, size = 0, len(data)
    while position < size:
        end = min(position + chunk, size)
        # Back to a byte that is not a continuation byte (0b10xxxxxx); a valid character has at
        # most three of them, so four or more in a row are invalid wherever the piece ends.
        for _ in range(3):
            if end < size and 0x80 <= data[end] < 0xC0:
                end -= 1
        try:
            pl.Series([bytes(view[position:end])], dtype=pl.Binary).cast(pl.String)
        except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
            return False
        position = end
    return True


# Bytes of whole lines checked at a time by `check_csv_file`: memory follows the batch.
CHECK_BATCH_BYTES = 32 << 20


def check_csv_file(path: Path) -> None:
    """Refuse (CsvFileError) what `decode_utf8` refuses, reading the file a batch of whole lines
    at a time instead of whole: for exports read one record at a time afterwards, whatever their
    size. Bounds are checked batch by batch; on any other doubt (an empty file, UTF-16, a
    workbook, NUL bytes, bytes that are not UTF-8) `decode_utf8` reads the file and raises with
    its own message."""
    # O_NOFOLLOW: the inbox check refused links; a file swapped for one since is not followed.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    line, carry, first, nonblank = 1, b"", True, False
    with open(fd, "rb") as handle:
        while True:
            chunk = handle.read(CHECK_BATCH_BYTES)
            data = carry + chunk
            if not data:
                break
            check_csv_bounds(data, line, header=first)  # before a line grows past the bound
            end = len(data) if not chunk else data.rfind(b"\n") + 1
            if end == 0:  # no line break yet in a long line: read on
                carry = data
                continue
            part, carry = data[:end], data[end:]
            if (
                b"\x00" in part
                or (first and part.startswith((b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04")))
                or not is_utf8(part)  # parts end at a line break: no character is cut in two
            ):
                decode_utf8(path)  # raises CsvFileError with the whole-file check's message
                raise AssertionError("decode_utf8 accepted a file check_csv_file refused")  # pragma: no cover
            first = False
            nonblank = nonblank or not part.isspace()
            line += part.count(b"\n")
            if not chunk:
                break
    if not nonblank:
        decode_utf8(path)  # "the file is empty"
        raise AssertionError("decode_utf8 accepted an empty file")  # pragma: no cover
