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
    text = unicodedata.normalize("NFC", str(value))
    text = MULTI_SPACE.sub(" ", ODD_SPACES.sub(" ", text)).strip()
    return text or None


def strip_diacritics(text: str) -> str:
    # đ/Đ is a letter of its own, not a base letter with a mark, so NFD leaves it alone.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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
