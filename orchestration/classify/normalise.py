"""Text as the classifier sees it: NFC, lower case, split into syllables, optionally folded.

Vietnamese writes one syllable per space-separated token, so a phrase is a sequence of
syllables and matches only at syllable boundaries ("AI" never fires inside "tai nạn").
Diacritics are kept when the text has them: folding "bơi" (swim) and "bồi" (as in "bồi dưỡng",
training) to the same "boi" would merge tasks 2.10 and 2.5. Text typed without any diacritics
is matched folded instead (see `has_diacritics`).
"""

from __future__ import annotations

import re
import unicodedata

from orchestration.domain.text import clean_text, strip_diacritics

# A syllable: letters and digits, with the dots and commas inside numbers ("4.500", "2,5").
_SYLLABLE = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)


def normalise(text: object) -> str:
    """NFC with clean spaces (domain.text.clean_text), '' for nothing."""
    return clean_text(text) or ""


def raw_syllables(text: str) -> list[str]:
    """The text's syllables in order, case kept, punctuation dropped: 'Tuyển sinh lớp 10!' ->
    ['Tuyển', 'sinh', 'lớp', '10']. Numbers lose their separators: '4.500' -> '4500'."""
    return [s.replace(".", "").replace(",", "") for s in _SYLLABLE.findall(normalise(text))]


def syllables(text: str) -> list[str]:
    """`raw_syllables`, lower-cased: the form phrases are compared in."""
    return [s.lower() for s in raw_syllables(text)]


class _StrippedChars(dict):
    """char -> the char without its marks (strip_diacritics of that char), filled on first sight,
    for str.translate. Removing marks works char by char (NFD only reorders marks among
    themselves, and they are all dropped), so translating an NFC text by this table gives
    strip_diacritics(text) without a Python loop over its characters."""

    def __missing__(self, code: int) -> str:
        stripped = strip_diacritics(chr(code))
        self[code] = stripped
        return stripped


_STRIPPED = _StrippedChars()


def has_diacritics(text: str) -> bool:
    """True when any letter carries a Vietnamese mark (or is đ): the text was typed with accents.
    Same as strip_diacritics(text) != NFC(text) (tests/classify/test_fast_path.py checks it)."""
    nfc = unicodedata.normalize("NFC", text)
    return nfc.translate(_STRIPPED) != nfc


def fold(syllable: str) -> str:
    """One syllable without marks: 'bơi' -> 'boi', 'đạo' -> 'dao'."""
    return strip_diacritics(syllable).lower()
