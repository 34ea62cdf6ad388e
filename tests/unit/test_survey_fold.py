"""The respondent key's column-wise name folding (readers/survey.py `_fold_column`) against
`fold_key`, the one definition: every character the fast path accepts is folded both ways.

Names are folded by polars only when every character is in _FOLDABLE; the key would silently
change (and duplicates stop collapsing across a re-read) if the two folds ever disagreed.
"""

import re
import unicodedata

import polars as pl
import pytest

from orchestration.lib.text import fold_key
from orchestration.readers.survey import _FOLDABLE, _fold_column

FOLDABLE = re.compile(_FOLDABLE)
EVERY_FOLDABLE_CHARACTER = [chr(c) for c in range(0x20, 0x2000) if FOLDABLE.match(chr(c))]


def python_fold(values: list[str | None]) -> list[str]:
    return [fold_key(v) or "" for v in values]


def test_the_fast_path_takes_ascii_vietnamese_letters_and_nfd_marks_only():
    # 95 printable ASCII + U+00C0..U+024F (400) + U+1E00..U+1EFF (256) + the 111 marks
    # U+0300..U+036F but U+034F (the grapheme joiner: Python's NFD keeps it, it is no combining mark).
    assert len(EVERY_FOLDABLE_CHARACTER) == 95 + 400 + 256 + 111
    assert not FOLDABLE.match("\u034f")
    assert not FOLDABLE.match("Σ")  # Greek lowercases by context: left to fold_key
    assert not FOLDABLE.match("\u00a0")  # a non-breaking space: left to fold_key


@pytest.mark.parametrize("context", ["{}", "a{}b", "{}  {}", " Nguyễn{}Văn ", "{}\u0301"])
def test_every_foldable_character_folds_as_fold_key(context):
    values = [context.format(c, c) for c in EVERY_FOLDABLE_CHARACTER]
    values = [v for v in values if FOLDABLE.match(v)]
    assert _fold_column(pl.Series(values, dtype=pl.String)).to_list() == python_fold(values)


def test_names_as_people_type_them():
    # Worked by hand: diacritics and case dropped, đ is d, punctuation and runs of spaces one space.
    names = [
        "Nguyễn Văn An",
        unicodedata.normalize("NFD", "Trần Thị Bích"),
        "  ĐỖ  thị-Hồng ",
        "Lê Ánh (mẹ)",
        "",
        "...",
        None,
    ]
    expected = ["nguyen van an", "tran thi bich", "do thi hong", "le anh me", "", "", None]
    assert _fold_column(pl.Series(names, dtype=pl.String)).to_list() == expected
    assert python_fold(names[:-1]) == expected[:-1]


def test_values_outside_the_fast_path_are_folded_by_fold_key():
    # "Σοφία" keeps no a-z letter: fold_key gives "" (as before this path existed); the
    # non-breaking space and the grapheme joiner fold to one space between the words.
    from orchestration.readers.survey import _fold_names

    names = ["Nguyễn\u00a0Văn An", "Σοφία", "Lê\u034fThị", "Trần Bích"]
    assert _fold_names(pl.Series(names, dtype=pl.String)).to_list() == ["nguyen van an", "", "le thi", "tran bich"]
