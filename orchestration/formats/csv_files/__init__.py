"""CSV files as every reader of the project takes them: one place for the whole road.

- `decoding`: the bytes as they arrive, checked before any parser sees them (UTF-8 with or
  without BOM, no NUL, bounds on columns and line length) and decoded;
- `records`: the records, with the line each starts on (whole columns for the media exports,
  one record at a time for the surveys and their questionnaires);
- `headers`: the header's names and which column holds each field.
"""

from orchestration.formats.csv_files.decoding import (
    HEADER_LINES,
    MAX_COLUMNS,
    MAX_CSV_BYTES,
    MAX_LINE_BYTES,
    CsvFileError,
    check_csv_bounds,
    check_csv_file,
    decode_utf8,
    is_utf8,
    utf8_bytes,
)
from orchestration.formats.csv_files.headers import header_names, raw_col, require_columns, resolve_columns
from orchestration.formats.csv_files.records import (
    LINE,
    PROBLEM,
    CsvRecords,
    ends_inside_quotes,
    file_records,
    newlines,
    read_csv_records,
    split_preamble,
    text_records,
)

__all__ = [
    "HEADER_LINES",
    "LINE",
    "MAX_COLUMNS",
    "MAX_CSV_BYTES",
    "MAX_LINE_BYTES",
    "PROBLEM",
    "CsvFileError",
    "CsvRecords",
    "check_csv_bounds",
    "check_csv_file",
    "decode_utf8",
    "ends_inside_quotes",
    "file_records",
    "header_names",
    "is_utf8",
    "newlines",
    "raw_col",
    "read_csv_records",
    "require_columns",
    "resolve_columns",
    "split_preamble",
    "text_records",
    "utf8_bytes",
]
