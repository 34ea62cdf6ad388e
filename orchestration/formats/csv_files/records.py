"""CSV records: a file's data records as raw strings, each with the line it starts on.

Two ways a reader walks a CSV, by what it does with the records: `read_csv_records` gives the
media readers whole columns (polars, with Python's csv module for quoting polars will not
follow) and says which records have the wrong number of fields; `text_records` and
`file_records` give (line, cells) record by record, for the questionnaire and survey exports,
which are read answer by answer.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.domain.text import clean_text
from orchestration.formats.csv_files.decoding import CsvFileError
from orchestration.formats.csv_files.headers import header_names

LINE = "__line"  # the physical line of the file on which the record starts
PROBLEM = "__problem"  # why the record's shape is wrong (too few / too many fields), else null


def split_preamble(data: bytes, is_preamble: Callable[[str], bool]) -> tuple[list[str], int, int]:
    """Peel the lines above the header: (preamble lines, byte offset of the header, its line no.).

    `data` is the file as `utf8_bytes` returns it (valid UTF-8, so each line decodes). The
    offset, not a copy of the rest, goes to `read_csv_records`: a GA4 export is large.
    """
    preamble: list[str] = []
    position = 0
    while position < len(data):
        end = data.find(b"\n", position)
        end = len(data) if end < 0 else end
        line = data[position:end].decode("utf-8").rstrip("\r")
        if not is_preamble(line):
            break
        preamble.append(line)
        position = end + 1
    return preamble, position, len(preamble) + 1


@dataclass(frozen=True)
class CsvRecords:
    """A CSV's data records as raw strings (blank records dropped), plus `__line` and `__problem`."""

    header: list[str]  # header names as found, NFC-cleaned, made unique
    frame: pl.DataFrame


def _lines(data: bytes, position: int = 0) -> Iterator[str]:
    """The lines from `position` with their endings, decoded lazily (the header needs the first
    few only)."""
    while position < len(data):
        end = data.find(b"\n", position)
        end = len(data) if end < 0 else end + 1
        yield data[position:end].decode("utf-8")
        position = end


def newlines(data: bytes, start: int = 0, chunk: int = 1 << 20) -> int:
    """`data.count(b"\\n", start)`, by numpy a megabyte at a time (faster than bytes.count,
    without an array of booleans the size of the file)."""
    import numpy as np  # here, not at import: processes that never read an export skip numpy's import

    view = np.frombuffer(data, dtype=np.uint8)
    return sum(int(np.count_nonzero(view[at : at + chunk] == 10)) for at in range(start, len(data), chunk))


def _parse_fast(data: bytes, start: int, width: int) -> tuple[pl.DataFrame, pl.Series, bool] | None:
    """polars over the bytes from `start`, one spare column to catch long rows: (records, newlines
    inside each record's values, whether some record has more fields than the spare column
    holds); None when the parse looks off."""
    names = [f"c{i}" for i in range(width + 1)]
    # The header record is read as a record (has_header=False) under the spare-column schema;
    # the lines above it are skipped by polars, so the rest of the file is not copied to put a
    # made-up header in front of it.
    options = dict(
        has_header=False,
        skip_lines=data.count(b"\n", 0, start),
        schema=dict.fromkeys(names, pl.String),
        missing_columns="insert",
        quote_char='"',
        empty_string_is_null=True,
        raise_if_empty=False,
    )
    source = data
    # First without truncating: a record longer than the spare column makes polars refuse the
    # file, and then the field count of every record is worked out (a row "7,8,9,,x" under a
    # 3-column header leaves the spare column empty and would otherwise pass as 3 fields).
    overlong = False
    try:
        frame = pl.read_csv(source, truncate_ragged_lines=False, **options)
    except Exception:  # noqa: BLE001 - too many fields, or quoting polars will not follow
        overlong = True
        try:
            frame = pl.read_csv(source, truncate_ragged_lines=True, **options)
        except Exception:  # noqa: BLE001 - polars refuses some broken quoting; the exact path copes
            return None
    if frame.width != width + 1:
        return None
    # Line numbers come from the newlines inside quoted values; the total is checked against
    # the file so that a record boundary polars saw differently from a line reader is never
    # silently misnumbered. As many records as lines means no value holds a newline.
    lines = newlines(data, start) + (0 if data.endswith(b"\n") else 1)
    if frame.height == lines:
        return frame, pl.zeros(frame.height, dtype=pl.Int64, eager=True), overlong
    if data.find(b'"', start) < 0:
        return None
    embedded = frame.select(
        pl.sum_horizontal(pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in names).cast(pl.Int64)
    ).to_series()
    if frame.height != lines - int(embedded.sum()):
        return None
    return frame, embedded, overlong


def _parse_exact(text: str, width: int) -> tuple[pl.DataFrame, pl.Series, pl.Series]:
    """Python's csv module record by record: for files whose quoting polars will not follow."""
    columns: list[list[str | None]] = [[] for _ in range(width + 1)]
    embedded: list[int] = []
    fields: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    previous_end = 0
    try:
        for row in reader:
            embedded.append(reader.line_num - previous_end - 1)
            previous_end = reader.line_num
            fields.append(len(row))
            for i in range(width + 1):
                value = row[i] if i < len(row) else None
                columns[i].append(value if value else None)
    except csv.Error as exc:
        raise CsvFileError(f"the CSV cannot be parsed near line {reader.line_num}: {exc}") from None
    frame = pl.DataFrame({f"c{i}": pl.Series(values=col, dtype=pl.String) for i, col in enumerate(columns)})
    return frame, pl.Series(values=embedded, dtype=pl.Int64), pl.Series(values=fields, dtype=pl.Int64)


def _blank_records(frame: pl.DataFrame, names: list[str]) -> pl.Series:
    """Whether each record holds nothing but whitespace. Only a record whose first value is
    missing or blank can be: the other values are looked at for those records alone."""

    def empty(c: str) -> pl.Expr:
        return pl.col(c).is_null() | pl.col(c).str.contains(r"^\s*$")

    maybe = frame.select(empty(names[0])).to_series()
    blank = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    if maybe.any():
        blank = blank.scatter(
            maybe.arg_true(), frame.filter(maybe).select(pl.all_horizontal(empty(c) for c in names)).to_series()
        )
    return blank


def read_csv_records(data: bytes | str, *, first_line: int = 1, start: int = 0) -> CsvRecords:
    """Parse CSV text whose first record is the header; raises CsvFileError for an unusable file.

    Each data record keeps the physical line it starts on (`first_line` is the header's line
    in the file; `start`, the header's byte offset in `data`) and, in `__problem`, a plain-words reason when it has fewer or more fields
    than the header (a truncated row, a value with a comma that lost its quotes). Blank
    records are not data and are dropped.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if start >= len(data):
        data, start = b"", 0
    try:
        raw_header = next(csv.reader(_lines(data, start)), [])
    except csv.Error as exc:
        raise CsvFileError(f"the header row cannot be parsed: {exc}") from None
    if not any(clean_text(v) for v in raw_header):
        raise CsvFileError("no header row was found")
    width = len(raw_header)
    names = [f"c{i}" for i in range(width + 1)]

    fast = _parse_fast(data, start, width)
    overlong = False
    if fast is not None:
        frame, embedded, overlong = fast
        fields = None
    else:
        data, start = data[start:], 0  # the rare road reads text: a copy does not matter
        frame, embedded, fields = _parse_exact(data.decode("utf-8"), width)

    index = pl.int_range(pl.len(), dtype=pl.Int64)
    frame = frame.with_columns(
        __embedded=embedded,
        __offset=index + embedded.cum_sum() - embedded,  # line offset from the header line
        __blank=_blank_records(frame, names),
    )
    blank = pl.col("__blank")

    if fields is None:
        # Long rows show in the spare column. A short row ends in nulls, like a row whose last
        # values are empty; only for rows that end in null is the field count worth working out:
        # separators in the raw lines minus the commas inside quoted values.
        suspect = pl.col(names[-1]).is_not_null() | (pl.col(names[-2]).is_null() & ~blank)
        if overlong or frame.select(suspect.any()).item():
            line_commas = (
                pl.Series([data[start:]], dtype=pl.Binary)
                .cast(pl.String)
                .str.split("\n")
                .explode()
                .str.count_matches(",", literal=True)
            )
            prefix = pl.concat([pl.Series([0], dtype=pl.Int64), line_commas.cast(pl.Int64).cum_sum()])
            starts = frame.get_column("__offset")
            ends = starts + frame.get_column("__embedded") + 1
            raw_commas = prefix.gather(ends) - prefix.gather(starts)
            value_commas = frame.select(
                pl.sum_horizontal(pl.col(c).str.count_matches(",", literal=True).fill_null(0) for c in names).cast(
                    pl.Int64
                )
            ).to_series()
            frame = frame.with_columns(__fields=1 + raw_commas - value_commas)
        else:
            frame = frame.with_columns(__fields=pl.lit(width, dtype=pl.Int64))
    else:
        frame = frame.with_columns(__fields=fields)

    unclosed = fields is not None and ends_inside_quotes(data.decode("utf-8"))  # start is 0 here
    last = pl.int_range(pl.len()) == pl.len() - 1
    # Every record has the header's width (the usual file): no reason to word. polars would
    # otherwise format both sentences for every record before choosing (when/then evaluates
    # each branch on the whole column).
    same_width = not unclosed and not frame.select((pl.col("__fields") != width).any()).item()
    problem = (
        pl.lit(None, dtype=pl.String)
        if same_width
        else (
            pl.when(pl.lit(unclosed) & last)
            .then(pl.lit("the file ends inside a quoted value: this row is truncated"))
            .when(pl.col("__fields") < width)
            .then(
                pl.format(
                    "the row has {} fields where the header has {}: it looks truncated",
                    pl.col("__fields"),
                    pl.lit(width),
                )
            )
            .when(pl.col("__fields") > width)
            .then(
                pl.format(
                    "the row has {} fields where the header has {}: a value containing a comma is probably not quoted",
                    pl.col("__fields"),
                    pl.lit(width),
                )
            )
            .otherwise(None)
        )
    )
    header = header_names(raw_header)
    data = frame.with_columns(**{LINE: pl.col("__offset") + first_line, PROBLEM: problem}).slice(
        1  # the header record
    )
    if data.get_column("__blank").any():  # else no copy of every column through a filter
        data = data.filter(~blank)
    data = data.select([LINE, PROBLEM, *[pl.col(c).alias(h) for c, h in zip(names, header)]])
    return CsvRecords(header=header, frame=data)


def ends_inside_quotes(text: str) -> bool:
    """Whether the text ends inside a quoted value (a quote opened and never closed).

    An odd number of quote characters is not enough to say so: a quote inside an unquoted
    value (`Cô giáo nói "hạnh phúc`) is a literal character, and blaming the last row for it
    would refuse a good row. Python's csv module in strict mode says "unexpected end of data"
    exactly when the end comes inside quotes; any other strict complaint is about a row in the
    middle, which the lenient parse reads, so the answer falls back to the parity of quotes.
    """
    if text.count('"') % 2 == 0:
        return False
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), strict=True):
            pass
    except csv.Error:  # "unexpected end of data", or a mid-file complaint: the odd parity stands
        return True
    return False


def text_records(text: str, separator: str = ",") -> list[tuple[int, list[str]]]:
    """(line on which the record starts, cells) for every CSV record of `text`, its values
    separated by `separator`."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    out, line = [], 1
    for cells in reader:
        out.append((line, cells))
        line = reader.line_num + 1
    return out


def file_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line on which the record starts, cells) for every CSV record of a file `check_csv_file`
    accepted, read one record at a time (memory follows the record, not the file)."""
    # O_NOFOLLOW: the check refused links; a file swapped for one since is not followed either.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with open(fd, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        line = 1
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
