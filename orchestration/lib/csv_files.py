"""CSV exports as they arrive: UTF-8 with or without BOM, checked, read as strings.

Exports from the monitoring service, Meta, GA4 and the forms are UTF-8; a file in another
encoding (Windows-1258, UTF-16) is refused with a message saying so rather than loaded as
mojibake. All columns are read as strings so that the raw value of a bad cell can be shown.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from orchestration.lib.text import clean_text


class CsvFileError(ValueError):
    """A file that cannot be read as the expected CSV; the message is for the person who sent it."""


def decode_utf8(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise CsvFileError("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError("the file is UTF-16: export it again as CSV UTF-8")
    if data.startswith(b"PK\x03\x04"):
        raise CsvFileError("the file is an Excel workbook or a zip archive, not CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(
            f"the file is not UTF-8 (byte {exc.start}): it may be Windows-1258 or another legacy "
            "encoding; export it again as CSV UTF-8"
        ) from None
    if "\x00" in text:
        raise CsvFileError("the file contains NUL bytes: it is binary or UTF-16, not CSV UTF-8")
    return text


def read_csv_strings(text: str, *, skip_lines: int = 0, separator: str = ",") -> pl.DataFrame:
    """Parse CSV text into an all-string frame; headers are NFC-cleaned; raises CsvFileError."""
    try:
        frame = pl.read_csv(
            io.StringIO(text),
            infer_schema=False,
            skip_rows=skip_lines,
            separator=separator,
            quote_char='"',
            truncate_ragged_lines=False,
        )
    except Exception as exc:  # polars raises ComputeError / NoDataError with parser detail
        raise CsvFileError(f"the CSV cannot be parsed: {str(exc).splitlines()[0][:200]}") from None
    renamed, seen = {}, set()
    for column in frame.columns:
        name = clean_text(column) or column
        while name in seen:
            name += "_"
        seen.add(name)
        renamed[column] = name
    return frame.rename(renamed)
