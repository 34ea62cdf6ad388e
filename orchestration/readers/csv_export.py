"""The CSV machinery the media readers (press, fanpage, web) share.

Finding the files, reading a CSV into raw strings with each record's line number and shape
problems, whole-column parsers for counts and dates, and turning failed checks into
quarantine rows. Everything works on whole columns; Python loops only run over distinct values
or, for a file whose quoting polars cannot follow, over its records.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.lib.csv_files import CsvFileError, ends_inside_quotes
from orchestration.lib.excel_errors import EXCEL_ERRORS, error_reason
from orchestration.lib.inbox import inbox_files
from orchestration.lib.periods import all_periods, period_for_date
from orchestration.lib.personal_data import AT_SIGNS, redact
from orchestration.lib.quarantine import QUARANTINE_SCHEMA, Reject, quarantine_text, rejects_frame
from orchestration.lib.text import ODD_SPACES, clean_text, clean_text_expr, fold_key
from orchestration.lib.value_bounds import Bound
from orchestration.readers import ReadResult

HCM_TZ = "Asia/Ho_Chi_Minh"
HCM_DATETIME = pl.Datetime("us", HCM_TZ)

LINE = "__line"  # the physical line of the file on which the record starts
PROBLEM = "__problem"  # why the record's shape is wrong (too few / too many fields), else null
REASON = "__reason"
REJECT_COLUMN = "__reject_column"
REJECT_RAW = "__reject_raw"


def media_files(inbox: Path, folder: str) -> list[tuple[Path, str]]:
    """Every file under `inbox/media/<folder>/`, recursively, skipping dot-files and dot-folders.

    Returns (path, path relative to the inbox in posix form), sorted.
    """
    # Links and special files are listed too, for `utf8_bytes` to refuse (lib/inbox.py).
    return inbox_files(inbox, f"media/{folder}")


def only_files(files: list[tuple[Path, str]], only: Collection[str] | None) -> list[tuple[Path, str]]:
    """The files whose inbox-relative name is in `only` (all of them when `only` is None):
    an incremental run reads just the files that are new or changed (lib/file_index.py)."""
    if only is None:
        return files
    wanted = set(only)
    return [(path, name) for path, name in files if name in wanted]


def split_preamble(data: bytes, is_preamble: Callable[[str], bool]) -> tuple[list[str], int, int]:
    """Peel the lines above the header: (preamble lines, byte offset of the header, its line no.).

    `data` is the file as `utf8_bytes` returns it (valid UTF-8, so each line decodes). The
    offset, not a copy of the rest, goes to `read_csv_records`: a GA4 export is 65 MB.
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


def _header_names(raw: list[str]) -> list[str]:
    names, seen = [], set()
    for index, value in enumerate(raw):
        name = clean_text(value) or f"column_{index + 1}"
        while name in seen:
            name += "_"
        seen.add(name)
        names.append(name)
    return names


def newlines(data: bytes, start: int = 0, chunk: int = 1 << 20) -> int:
    """`data.count(b"\\n", start)`, by numpy a megabyte at a time (about three times faster
    than bytes.count on a 65 MB export, without a 65 MB array of booleans)."""
    import numpy as np  # here, not at import: processes that never read an export skip numpy's import

    view = np.frombuffer(data, dtype=np.uint8)
    return sum(int(np.count_nonzero(view[at : at + chunk] == 10)) for at in range(start, len(data), chunk))


def _parse_fast(data: bytes, start: int, width: int) -> tuple[pl.DataFrame, pl.Series, bool] | None:
    """polars over the bytes from `start`, one spare column to catch long rows: (records, newlines
    inside each record's values, whether some record has more fields than the spare column
    holds); None when the parse looks off."""
    names = [f"c{i}" for i in range(width + 1)]
    # The header record is read as a record (has_header=False) under the spare-column schema;
    # the lines above it are skipped by polars, so the 65 MB that follow are not copied to put
    # a made-up header in front of them (that copy cost more than half the parse).
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

    Not `csv_files.read_csv_strings`: it cannot tell a short row from a row whose last values
    are empty, numbers records rather than lines when a value spans lines, and passes
    `missing_utf8_is_empty_string`, which polars 2 no longer accepts.
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
    header = _header_names(raw_header)
    data = frame.with_columns(**{LINE: pl.col("__offset") + first_line, PROBLEM: problem}).slice(
        1  # the header record
    )
    if data.get_column("__blank").any():  # else no copy of every column through a filter
        data = data.filter(~blank)
    data = data.select([LINE, PROBLEM, *[pl.col(c).alias(h) for c, h in zip(names, header)]])
    return CsvRecords(header=header, frame=data)


_TRAILING_NOTE = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*$")


def resolve_columns(header: Iterable[str], variants: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
    """Output field -> the header name that matches one of its known variants (an exact match
    before a match without a trailing note). Raises CsvFileError when two columns of the header
    match the variant a field takes: `luot_xem` twice, or `Reach` beside `reach`."""
    header = list(header)
    by_key: dict[str, str] = {}
    for name in header:
        key = fold_key(name)
        if key is not None:
            by_key.setdefault(key, name)
    _refuse_duplicates(header, variants, fold_key)
    # Looser second pass: a header with a trailing note in brackets ("Publish time (GMT+07:00)",
    # "Reach (Lượt tiếp cận)") matches its bare name, unless another header already has it.
    bare: dict[str, str] = {}
    for name in header:
        key = fold_key(_TRAILING_NOTE.sub("", name))
        if key is not None and key not in by_key:
            bare.setdefault(key, name)
    unmatched = [f for f, names in variants.items() if not any(fold_key(n) in by_key for n in names)]
    # rstrip: `read_csv_records` makes a repeated name unique with trailing underscores
    _refuse_duplicates(
        header, {f: variants[f] for f in unmatched}, lambda name: fold_key(_TRAILING_NOTE.sub("", name.rstrip("_")))
    )
    resolved: dict[str, str | None] = {}
    for field_name, names in variants.items():
        keys = [fold_key(n) for n in names]
        resolved[field_name] = next((by_key[k] for k in keys if k in by_key), None) or next(
            (bare[k] for k in keys if k in bare), None
        )
    return resolved


def _refuse_duplicates(
    header: list[str], variants: dict[str, tuple[str, ...]], key: Callable[[str], str | None]
) -> None:
    """Raise CsvFileError naming the first field whose chosen variant two header columns match
    (by `key`).

    The whole file is refused: which of the two columns holds the field's values cannot be told
    from the file, and taking either would load numbers nobody can vouch for."""
    keyed = [key(name) for name in header]
    for names in variants.values():
        # The variant the field takes (the first of its variants the header has: `Views` before
        # `Impressions`) must be there once; two different variants are a choice, not a doubt.
        chosen = next((k for k in map(fold_key, names) if k in keyed), None)
        found = [(i, name) for i, (name, k) in enumerate(zip(header, keyed)) if chosen is not None and k == chosen]
        if len(found) > 1:
            first = found[0][1]
            # `read_csv_records` makes names unique with trailing underscores; the text as written
            # is shown only when the columns are written differently ('Reach' and 'reach').
            written = [name for _, name in found if name.rstrip("_") != first.rstrip("_")]
            places = ", ".join(str(i + 1) for i, _ in found)
            spelled = f", written {', '.join(repr(n) for n in [first, *written])}" if written else ""
            raise CsvFileError(
                f"the header names the column {first!r} {len(found)} times (columns {places}{spelled}): "
                "which one holds the values cannot be told; keep one column and send the file again",
                column=first,
            )


def require_columns(
    resolved: dict[str, str | None],
    variants: dict[str, tuple[str, ...]],
    required: Iterable[str],
    header: list[str],
) -> None:
    missing = [variants[f][0] for f in required if resolved.get(f) is None]
    if missing:
        quoted = ", ".join(repr(m) for m in missing)
        found = ", ".join(repr(h) for h in header)
        raise CsvFileError(
            f"required column{'s' if len(missing) > 1 else ''} {quoted} not found; the header has: {found}"
        )


def raw_col(resolved: dict[str, str | None], field_name: str) -> pl.Expr:
    """The raw string column for a field, or a null column when the file does not have it."""
    name = resolved.get(field_name)
    return pl.col(name) if name is not None else pl.lit(None, dtype=pl.String)


# Blocks where Vietnamese text, punctuation and emoji live. A character of these blocks that
# is assigned, not combining (canonical combining class 0), its own NFC form, and never the
# second half of a canonical composition is left alone by NFC whatever surrounds it (Unicode's
# NFC quick check answers "yes"), so a string made of such characters alone is already NFC.
_STABLE_BLOCKS = (
    (0x09, 0x0A),
    (0x0D, 0x0D),
    (0xFEFF, 0xFEFF),  # tab, line feed, carriage return, BOM
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
    (0x2190, 0x23FF),
    (0x2460, 0x27BF),
    (0x3000, 0x303F),
    (0x1F000, 0x1FAFF),
)


def _nfc_stable(code: int) -> bool:
    char = chr(code)
    return (
        unicodedata.category(char) != "Cn"
        and unicodedata.combining(char) == 0
        and unicodedata.normalize("NFC", char) == char
    )


def _stable_class() -> str:
    ranges: list[tuple[int, int]] = []
    for first, last in _STABLE_BLOCKS:
        for code in range(first, last + 1):
            if not _nfc_stable(code):
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\x{{{a:x}}}-\\x{{{b:x}}}" if a != b else f"\\x{{{a:x}}}" for a, b in ranges)


# A value `clean_text` may change: a character outside the stable set (NFC could change it),
# an odd space, two spaces in a row, whitespace at either end, or nothing at all. Any other
# value is its own clean form.
NFC_MAY_CHANGE = f"[^{_stable_class()}]"
MAY_NEED_CLEANING = f"{NFC_MAY_CHANGE}|{ODD_SPACES.pattern}| {{2}}|^\\s|\\s$|^$"


def clean_values(values: pl.Series) -> pl.Series:
    """`clean_text_expr` of each value, worked out for the distinct values that may change
    (`MAY_NEED_CLEANING`) and mapped back; every other value is already clean.

    NFC is the costly part of cleaning (ten to thirty times a regular-expression scan); most
    exports hold precomposed text, and ids and counts repeat or are plain ASCII.
    """
    values = values.cast(pl.String)
    distinct = values.drop_nulls().unique()
    suspect = distinct.filter(distinct.str.contains(MAY_NEED_CLEANING))
    if suspect.is_empty():
        return values
    # Only values holding a character NFC may change go through NFC; the others (a post text
    # with line breaks, a name with a non-breaking space) need only their spaces cleaned.
    # (polars' when/then would run both branches on every value: the two sets are split.)
    marked = suspect.to_frame("v").with_columns(nfc=pl.col("v").str.contains(NFC_MAY_CHANGE))
    nfc, spaces = marked.filter("nfc"), marked.filter(~pl.col("nfc"))
    suspect = pl.concat([nfc.get_column("v"), spaces.get_column("v")])
    cleaned = pl.concat(
        [
            nfc.select(clean_text_expr("v")).to_series(),
            spaces.select(clean_text_expr("v", normalise=False)).to_series(),
        ]
    )
    changed = (suspect != cleaned).fill_null(True)  # cleaned to null: an empty value
    suspect, cleaned = suspect.filter(changed), cleaned.filter(changed)
    if suspect.is_empty():
        return values
    return values.replace(suspect, cleaned)


def with_clean_text(frame: pl.DataFrame, columns: dict[str, str | None]) -> pl.DataFrame:
    """Add each target as `clean_text_expr` of its source column (null when there is none),
    by `clean_values`: only distinct values that may change are cleaned."""
    added: list[pl.Series | pl.Expr] = []
    for target, source in columns.items():
        if source is None:
            added.append(pl.lit(None, dtype=pl.String).alias(target))
        else:
            added.append(clean_values(frame.get_column(source)).alias(target))
    return frame.with_columns(added)


def with_redacted_text(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Each of `columns` with phone numbers and e-mail addresses replaced (`redact`), worked out
    once per distinct value that holds a digit or an at sign, and mapped back: a headline or a
    post is public, but a number typed into it is someone's, and the privacy check would stop
    the refresh for it."""
    replaced = []
    for column in columns:
        values = frame.get_column(column)
        distinct = values.drop_nulls().unique()
        suspect = distinct.filter(distinct.str.contains(r"\d|[" + AT_SIGNS + "]"))
        changed = {v: r for v in suspect.to_list() if (r := redact(v)) != v}
        if changed:
            replaced.append(values.replace(changed))
    return frame.with_columns(replaced) if replaced else frame


def trimmed_expr(raw: pl.Expr) -> pl.Expr:
    """Whitespace trimmed (non-breaking spaces too), value otherwise as given; empty is null."""
    value = raw.str.strip_chars()
    return pl.when(value.str.len_chars() == 0).then(None).otherwise(value)


def quoted(raw: pl.Expr) -> pl.Expr:
    return pl.format("'{}'", raw)


def _blank_to_null(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.len_chars() == 0).then(None).otherwise(expr)


def with_counts(
    frame: pl.DataFrame,
    targets: dict[str, pl.Expr],
    *,
    comma_thousands: bool = False,
    bounds: dict[str, Bound] | None = None,
) -> pl.DataFrame:
    """The whole-column twin of `parse_count`, for each target: `<target>` (Int64, null when
    blank or unreadable) and `<target>__problem` (why it cannot be read, else null). A target
    with a bound (`bounds`, lib/value_bounds.py) above which a count cannot be real is refused
    above it; an Excel error value written as text ('#VALUE!') is refused by name.

    "12.500" is 12 500 (dot as thousands separator), "12,5" is 12.5 and refused as not whole.
    `comma_thousands` also reads "12,500" as 12 500, for exports made in an English locale
    (Meta, GA4) where a count cannot hold a decimal comma. The work is done in stages over
    materialised columns: nested when/then trees would otherwise re-evaluate every branch.
    """
    # Most columns hold plain digits and nothing else. A value polars casts to a whole number
    # holds no whitespace (the cast refuses any), so it is its own compact form below and the
    # cast is the answer: a column where every value casts to zero or more (or is missing)
    # skips the regular expressions altogether. Any other column takes the full road.
    bounds = bounds or {}

    def within(t: str) -> pl.Expr:
        inside = pl.col(t) >= 0
        return inside & (pl.col(t) <= bounds[t].maximum) if t in bounds else inside

    frame = frame.with_columns(raw.cast(pl.Int64, strict=False).alias(t) for t, raw in targets.items())
    trusted = frame.select(
        (raw.is_null() | within(t).fill_null(False)).all().alias(t) for t, raw in targets.items()
    ).row(0, named=True)
    frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(f"{t}__problem") for t in targets if trusted[t])
    targets = {t: raw for t, raw in targets.items() if not trusted[t]}
    if not targets:
        return frame
    compact = {t: f"{t}__compact" for t in targets}
    normal = {t: f"{t}__normal" for t in targets}
    number = {t: f"{t}__number" for t in targets}
    frame = frame.with_columns(
        _blank_to_null(raw.str.replace_all(r"\s", "")).alias(compact[t]) for t, raw in targets.items()
    )
    # Most cells are plain digits: cast them directly, and take the slow road below only for
    # the columns that hold something else (separators, signs, text).
    frame = frame.with_columns(pl.col(compact[t]).cast(pl.Int64, strict=False).alias(t) for t in targets)
    odd = frame.select(
        (pl.col(compact[t]).is_not_null() & (pl.col(t).is_null() | ~within(t))).any().alias(t) for t in targets
    ).row(0, named=True)
    plain = [t for t in targets if not odd[t]]
    frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(f"{t}__problem") for t in plain)
    targets = {t: raw for t, raw in targets.items() if odd[t]}
    if not targets:
        return frame.drop(*compact.values())

    def normalised(c: pl.Expr) -> pl.Expr:
        has_comma = c.str.contains(",", literal=True)
        has_dot = c.str.contains(".", literal=True)
        return (
            pl.when(has_comma & has_dot & c.str.contains(r",[^.,]*$"))
            .then(c.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
            .when(has_comma & has_dot)
            .then(c.str.replace_all(",", "", literal=True))
            .when(pl.lit(comma_thousands) & c.str.contains(r"^[+-]?\d{1,3}(,\d{3})+$"))
            .then(c.str.replace_all(",", "", literal=True))
            .when(has_comma)
            .then(c.str.replace(",", ".", literal=True))
            .when(c.str.contains(r"^[+-]?\d{1,3}(\.\d{3})+$"))
            .then(c.str.replace_all(".", "", literal=True))
            .otherwise(c)
        )

    frame = frame.with_columns(normalised(pl.col(compact[t])).alias(normal[t]) for t in targets)
    frame = frame.with_columns(
        pl.when(pl.col(normal[t]).str.contains(r"^[+-]?\d+(\.\d+)?$"))
        .then(pl.col(normal[t]).str.strip_prefix("+").cast(pl.Float64, strict=False))
        .otherwise(None)
        .alias(number[t])
        for t in targets
    )

    def problem(t: str, raw: pl.Expr) -> pl.Expr:
        n = pl.col(number[t])
        excel = (
            pl.col(compact[t])
            .str.to_uppercase()
            .replace_strict(_EXCEL_ERROR_REASONS, default=None, return_dtype=pl.String)
        )
        above = (
            pl.when(n > bounds[t].maximum).then(pl.format(bounds[t].above_template(), quoted(raw)))
            if t in bounds
            else pl.lit(None, dtype=pl.String)
        )
        return (
            pl.when(excel.is_not_null())
            .then(excel)
            .when(pl.col(compact[t]).is_not_null() & n.is_null())
            .then(pl.format("expected a whole number such as 12500 or 12.500, got {}", quoted(raw)))
            .when(n < 0)
            .then(pl.format("expected a count of zero or more, got {}", quoted(raw)))
            .when(n != n.floor())
            .then(pl.format("expected a whole number, got {}", quoted(raw)))
            .when(n >= 2.0**63)
            .then(pl.format("the number {} is too large for a count", quoted(raw)))
            .otherwise(above)
            .alias(f"{t}__problem")
        )

    frame = frame.with_columns(problem(t, raw) for t, raw in targets.items())
    frame = frame.with_columns(
        pl.when(pl.col(f"{t}__problem").is_null())
        .then(pl.col(number[t]).cast(pl.Int64, strict=False))
        .otherwise(None)
        .alias(t)
        for t in targets
    )
    return frame.drop(*compact.values(), *(normal[t] for t in targets), *(number[t] for t in targets))


# An Excel error value as text, upper case -> why it is refused (lib/excel_errors.py).
_EXCEL_ERROR_REASONS = {token.upper(): error_reason(token) for token in EXCEL_ERRORS}


def datetime_expr(raw: pl.Expr, formats: Iterable[str]) -> pl.Expr:
    """Wall-clock text in Hanoi time, first matching format wins -> Datetime(us, Asia/Ho_Chi_Minh)."""
    text = raw.str.strip_chars()
    parsed = pl.coalesce([text.str.strptime(pl.Datetime("us"), fmt, strict=False) for fmt in formats])
    return parsed.dt.replace_time_zone(HCM_TZ)


def with_datetime(frame: pl.DataFrame, target: str, raw: pl.Expr, formats: Iterable[str]) -> pl.DataFrame:
    """`frame` with `target` = `datetime_expr(raw, formats)`, read with the first format alone
    when every value fits it (the usual export): the other formats would only fill values the
    first left empty, and there are none."""
    formats = list(formats)
    text = raw.str.strip_chars()
    frame = frame.with_columns(text.str.strptime(pl.Datetime("us"), formats[0], strict=False).alias(target))
    if len(formats) > 1 and frame.select((pl.col(target).is_null() & text.is_not_null()).any()).item():
        frame = frame.with_columns(
            pl.coalesce([text.str.strptime(pl.Datetime("us"), fmt, strict=False) for fmt in formats]).alias(target)
        )
    return frame.with_columns(pl.col(target).dt.replace_time_zone(HCM_TZ))


def period_keys(days: pl.Series) -> pl.Series:
    """Reporting-period key of each date (null outside every window), via `period_for_date`."""
    mapping = {}
    for day in days.drop_nulls().unique().to_list():
        found = period_for_date(day)
        mapping[day] = found.key if found is not None else None
    return days.replace_strict(mapping, default=None, return_dtype=pl.String)


def windows_text() -> str:
    periods = all_periods()
    first, last = periods[0].window_start, periods[-1].window_end
    return f"{first:%d/%m/%Y} to {last:%d/%m/%Y}"


def canonical_values(raw: pl.Series, choices: dict[str, str]) -> pl.Series:
    """Map each value through `fold_key` to its canonical spelling; unknown values become null."""
    mapping = {value: choices.get(fold_key(value) or "") for value in raw.drop_nulls().unique()}
    return raw.replace_strict(mapping, default=None, return_dtype=pl.String)


ROW_REJECTED = "row_rejected"
VALUE_DROPPED = "value_dropped"


@dataclass(frozen=True)
class Check:
    """One reason to refuse a row (or, with VALUE_DROPPED, to explain a value set to null)."""

    failed: pl.Expr
    column: str | None
    raw: pl.Expr
    reason: pl.Expr
    action: str = ROW_REJECTED


def shape_check(header: list[str]) -> Check:
    # The row as the parser saw it, without the empty padding of a short row.
    whole_row = pl.concat_str([pl.col(h).fill_null("") for h in header], separator=",").str.strip_chars_end(",")
    return Check(pl.col(PROBLEM).is_not_null(), None, whole_row, pl.col(PROBLEM))


def _first_failure(checks: list[Check]) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(reason, column, raw value) of the first check each row fails, null when none."""
    reason = column = raw = None
    for check in checks:
        failed = check.failed.fill_null(False)
        col_value = pl.lit(check.column, dtype=pl.String)
        raw_value = check.raw.cast(pl.String)
        if reason is None:
            reason = pl.when(failed).then(check.reason)
            column = pl.when(failed).then(col_value)
            raw = pl.when(failed).then(raw_value)
        else:
            reason = reason.when(failed).then(check.reason)
            column = column.when(failed).then(col_value)
            raw = raw.when(failed).then(raw_value)
    return (
        reason.otherwise(None).cast(pl.String).alias(REASON),
        column.otherwise(None).cast(pl.String).alias(REJECT_COLUMN),
        raw.otherwise(None).cast(pl.String).alias(REJECT_RAW),
    )


def _quarantine_rows(
    marked: pl.DataFrame, *, family: str, source_file: str, period_col: str, action: str
) -> pl.DataFrame:
    known = {
        "family": pl.lit(family),
        "source_file": pl.lit(source_file),
        "source_row": pl.col(LINE),
        "source_column": pl.col(REJECT_COLUMN),
        "raw_value": pl.col(REJECT_RAW).map_elements(quarantine_text, return_dtype=pl.String),
        "reason": pl.col(REASON).map_elements(redact, return_dtype=pl.String),
        "period_key": pl.col(period_col),
        "action": pl.lit(action),
    }
    return marked.select(
        [known.get(name, pl.lit(None)).cast(dtype).alias(name) for name, dtype in QUARANTINE_SCHEMA.items()]
    )


def split_rejects(
    frame: pl.DataFrame,
    checks: list[Check],
    *,
    family: str,
    source_file: str,
    period_col: str = "period_key",
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows kept, quarantine rows).

    A row failing a ROW_REJECTED check is refused once, for the first check it fails; a kept
    row failing a VALUE_DROPPED check stays (the reader has already nulled the value) and gets
    one explanatory quarantine row per such check.
    """
    row_checks = [c for c in checks if c.action == ROW_REJECTED]
    parts: list[pl.DataFrame] = []
    kept = frame
    if row_checks:
        # Reasons are worded only for the rows that fail, not computed for every row.
        failing = frame.select(pl.any_horizontal(c.failed.fill_null(False) for c in row_checks)).to_series()
        kept = frame.filter(~failing) if failing.any() else frame  # no copy when every row passes
        marked = frame.filter(failing).with_columns(*_first_failure(row_checks))
        parts.append(
            _quarantine_rows(
                marked,
                family=family,
                source_file=source_file,
                period_col=period_col,
                action=ROW_REJECTED,
            )
        )
    for check in checks:
        if check.action == ROW_REJECTED:
            continue
        marked = kept.filter(check.failed.fill_null(False)).with_columns(*_first_failure([check]))
        parts.append(
            _quarantine_rows(
                marked,
                family=family,
                source_file=source_file,
                period_col=period_col,
                action=check.action,
            )
        )
    rejects = pl.concat(parts) if parts else pl.DataFrame(schema=QUARANTINE_SCHEMA)
    return kept, rejects


def run_reader(
    family: str,
    files: list[tuple[Path, str]],
    read_file: Callable[[Path, str], tuple[pl.DataFrame, pl.DataFrame, int]],
    table: str,
    schema: dict[str, pl.DataType],
) -> ReadResult:
    """Read every file; a file the reader cannot use becomes one file-level reject, never a raise.

    `read_file` returns (loaded rows, row rejects, rows read) or raises CsvFileError.
    """
    loaded: list[pl.DataFrame] = []
    row_rejects: list[pl.DataFrame] = []
    file_rejects: list[Reject] = []
    counts: dict[str, tuple[int, int, int]] = {}
    for path, source_file in files:
        try:
            rows, rejects, read = read_file(path, source_file)
        except CsvFileError as exc:
            file_rejects.append(
                Reject(family=family, source_file=source_file, reason=str(exc), source_column=exc.column)
            )
            counts[source_file] = (0, 0, 0)
            continue
        except OSError as exc:
            file_rejects.append(Reject(family, source_file, f"the file cannot be opened: {exc.strerror or exc}"))
            counts[source_file] = (0, 0, 0)
            continue
        except Exception as exc:  # noqa: BLE001 - the contract: never raise on bad input
            file_rejects.append(
                Reject(
                    family,
                    source_file,
                    f"the reader failed on this file ({type(exc).__name__}: "
                    f"{str(exc).splitlines()[0][:200] if str(exc) else ''}); report it to the data team",
                )
            )
            counts[source_file] = (0, 0, 0)
            continue
        loaded.append(rows.select([pl.col(c).cast(t) for c, t in schema.items()]))
        row_rejects.append(rejects)
        rejected = rejects.filter(pl.col("action") == ROW_REJECTED).height
        counts[source_file] = (read, rows.height, rejected)
    frame = pl.concat(loaded) if loaded else pl.DataFrame(schema=schema)
    rejects = pl.concat([rejects_frame(file_rejects), *row_rejects])
    return ReadResult(tables={table: frame}, rejects=rejects, file_counts=counts)
