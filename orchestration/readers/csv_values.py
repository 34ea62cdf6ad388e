"""Whole-column parsers for the values of the media exports (press, fanpage, web).

Text cleaned to NFC and redacted once per distinct value, counts read in the Vietnamese and
English ways of writing thousands, wall-clock times in Hanoi time, reporting periods, and
canonical spellings: each works on a whole column, with Python only over distinct values.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import polars as pl

from orchestration.domain.excel_errors import EXCEL_ERRORS, error_reason
from orchestration.domain.periods import all_periods, period_for_date
from orchestration.domain.personal_data import AT_SIGNS, redact
from orchestration.domain.text import ODD_SPACES, clean_text_expr, fold_key
from orchestration.domain.value_bounds import Bound

HCM_TZ = "Asia/Ho_Chi_Minh"
HCM_DATETIME = pl.Datetime("us", HCM_TZ)


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

    NFC is the costly part of cleaning (far more than a regular-expression scan); most
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
    with a bound (`bounds`, domain/value_bounds.py) above which a count cannot be real is refused
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


# An Excel error value as text, upper case -> why it is refused (domain/excel_errors.py).
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
