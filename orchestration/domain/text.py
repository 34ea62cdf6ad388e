"""Vietnamese text at the edge: Unicode NFC, clean spaces, and a folded key for matching.

Files saved on macOS arrive in NFD and Excel users type non-breaking spaces; everything that
enters the warehouse goes through `clean_text`, and every name comparison goes through
`fold_key` (diacritic- and case-insensitive), while what people read keeps its diacritics.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

# Spaces other than the plain one that `clean_text` turns into one (readers that clean cells in
# bulk use the same patterns).
ODD_SPACES = re.compile(r"[\u00a0\u2007\u202f\u200b\u2060\ufeff\t\r\n]+")
MULTI_SPACE = re.compile(r" {2,}")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def clean_text(value: object) -> str | None:
    """NFC, odd spaces to plain ones, runs of spaces folded, ends stripped; empty becomes None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value if type(value) is str else str(value))
    # Every character ODD_SPACES matches is unprintable (a control, a format character or a
    # space other than ' '), so printable text has none: a C scan spares the regex on nearly
    # every cell. Likewise a run of spaces needs two in a row.
    if not text.isprintable():
        text = ODD_SPACES.sub(" ", text)
    if "  " in text:
        text = MULTI_SPACE.sub(" ", text)
    return text.strip() or None


class _WithoutMarks(dict):
    """str.translate table that drops every character `unicodedata.combining` calls a mark and
    keeps every other, filled on first sight of each character (Unicode is too big to build
    ahead; a table that misses raises and catches an error per character)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def strip_diacritics(text: str) -> str:
    if text.isascii():  # NFD leaves ASCII as it is, and no ASCII character is a mark
        return text
    # đ/Đ is a letter of its own, not a base letter with a mark, so NFD leaves it alone.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return decomposed.translate(_WITHOUT_MARKS)


def fold_key(value: object) -> str | None:
    """Lowercase, no diacritics, words joined by single spaces: 'P. Bến  Thành' -> 'p ben thanh'."""
    text = clean_text(value)
    if text is None:
        return None
    folded = _NOT_WORD.sub(" ", strip_diacritics(text).lower()).strip()
    return folded or None


def clean_text_expr(column: str, normalise: bool = True) -> pl.Expr:
    """The polars form of `clean_text`, for whole columns. `normalise=False` skips the NFC step,
    for values the caller knows NFC leaves alone (readers/csv_values.clean_values)."""
    expr = pl.col(column).cast(pl.String)
    if normalise:
        expr = expr.str.normalize("NFC")
    expr = expr.str.replace_all(ODD_SPACES.pattern, " ").str.replace_all(" {2,}", " ").str.strip_chars()
    return pl.when(expr == "").then(None).otherwise(expr).alias(column)
