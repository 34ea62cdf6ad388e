"""Word segmentation with pyvi's ViTokenizer (a CRF model shipped inside the package).

Vietnamese words span several syllables ("trường học", "an toàn"). The segmentation decides
two things: a one-syllable phrase only matches a whole word ("học" does not fire inside
"trường_học"), and negation scopes over words, not syllables ("không an toàn" negates the
word "an toàn"). Multi-syllable phrases are matched on syllables, because the model sometimes
glues a word to its neighbour ("tiếng Anh_thành").
"""

from __future__ import annotations

import contextlib
import io
import warnings
from functools import lru_cache

from orchestration.classify.normalise import normalise, raw_syllables


@lru_cache(maxsize=1)
def _tokenizer():
    # pyvi prints nothing on import today; guard stdout anyway so `make -s classify` emits JSON
    # only. Its regexes raise DeprecationWarnings (invalid escapes) that say nothing about us.
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from pyvi import ViTokenizer
    return ViTokenizer


def words(text: str) -> list[tuple[str, ...]]:
    """The text as words, each a tuple of syllables (case kept); a punctuation mark becomes the
    empty tuple, a clause break that neither a phrase nor a negation crosses:
    'Học sinh chưa biết bơi, ...' -> [('Học', 'sinh'), ('chưa',), ('biết',), ('bơi',), (), ...]."""
    clean = normalise(text)
    if not clean:
        return []
    found: list[tuple[str, ...]] = []
    for token in _tokenizer().tokenize(clean).split(" "):
        if not token:
            continue
        parts = tuple(s for piece in token.split("_") for s in raw_syllables(piece))
        found.append(parts)
    return found
