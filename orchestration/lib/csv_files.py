"""CSV exports as they arrive: UTF-8 with or without BOM, checked before any reader parses them.

Exports from the monitoring service, Meta, GA4 and the forms are UTF-8; a file in another
encoding (Windows-1258, UTF-16) is refused with a message saying so rather than loaded as
mojibake. Parsing is each reader's job (readers/csv_export.py for the media exports).
"""

from __future__ import annotations

from pathlib import Path




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
