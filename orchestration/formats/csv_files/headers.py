"""CSV headers: the names a file's header gives its columns, and which of them holds each field.

Exports name the same field in several ways (Vietnamese or English, with or without
diacritics, with a note in brackets); `resolve_columns` finds each field's column by its known
variants and refuses a header that names one twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import polars as pl

from orchestration.domain.text import clean_text, fold_key
from orchestration.formats.csv_files.decoding import CsvFileError


def header_names(raw: list[str]) -> list[str]:
    """The header's names, NFC-cleaned; an empty one named by its place, a repeated one made
    unique with trailing underscores."""
    names, seen = [], set()
    for index, value in enumerate(raw):
        name = clean_text(value) or f"column_{index + 1}"
        while name in seen:
            name += "_"
        seen.add(name)
        names.append(name)
    return names


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
