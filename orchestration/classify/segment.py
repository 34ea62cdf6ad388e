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
import string
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


# --- The fast path: pyvi's syllable split (a regex) without its CRF -------------------------
#
# `ViTokenizer.tokenize` splits the text into tokens with a regex (`sylabelize`), then its CRF
# decides, for each pair of neighbours, whether they are glued into one word with "_". Its own
# rule forbids a glue next to ASCII punctuation, next to a token starting with a digit, and before
# a capitalised token that follows a lower-case one (`can_glue`, copied from pyvi). Everything the
# classifier reads is therefore fixed by the regex alone, except at the links the CRF may glue.
# `tokens` gives the tokens; the matcher asks for the CRF only when a decision depends on such a
# link (matching.py), which is rare: a one-syllable phrase or a negation nearby.

_PUNCTUATION = string.punctuation


def tokens(clean: str) -> list[str]:
    """pyvi's regex tokens of an already normalised text ('Học sinh, trường' -> ['Học', 'sinh',
    ',', 'trường'])."""
    return _tokenizer().ViTokenizer.sylabelize(clean)[1]


def can_glue(previous: str, token: str) -> bool:
    """May pyvi's CRF glue `token` to `previous`? The same test as in ViTokenizer.tokenize."""
    return (
        token not in _PUNCTUATION
        and previous not in _PUNCTUATION
        and not token[0].isdigit()
        and not previous[0].isdigit()
        and not (token[0].istitle() and not previous[0].istitle())
    )


_TOKEN_SYLLABLES: dict[str, tuple[str, ...]] = {}


def token_syllables(token: str) -> tuple[str, ...]:
    """The syllables of one regex token, as `words` computes them for a word made of tokens
    (split at "_", then `raw_syllables`); cached, tokens repeat across texts."""
    found = _TOKEN_SYLLABLES.get(token)
    if found is None:
        found = tuple(s for piece in token.split("_") for s in raw_syllables(piece))
        if len(_TOKEN_SYLLABLES) > 200_000:
            _TOKEN_SYLLABLES.clear()
        _TOKEN_SYLLABLES[token] = found
    return found


_TOKEN_PROPERTIES: dict[str, tuple[tuple[str, ...], bool, bool]] = {}


def token_properties(token: str) -> tuple[tuple[str, ...], bool, bool]:
    """(syllables, never glued on either side, starts with a capital) of one regex token:
    `can_glue(a, b)` is `not (a.blocked or b.blocked or (b.title and not a.title))`."""
    found = _TOKEN_PROPERTIES.get(token)
    if found is None:
        blocked = token in _PUNCTUATION or token[0].isdigit()
        found = (token_syllables(token), blocked, token[0].istitle())
        if len(_TOKEN_PROPERTIES) > 200_000:
            _TOKEN_PROPERTIES.clear()
        _TOKEN_PROPERTIES[token] = found
    return found


def crf_glue(found: list[str]) -> list[bool]:
    """For each regex token, whether ViTokenizer.tokenize glues it to the previous one with "_"
    (its CRF says I_W and `can_glue` allows it); the first is never glued."""
    if not found:
        return []
    tokenizer = _tokenizer().ViTokenizer
    labels = tokenizer.model.predict_single(tokenizer.sent2features(found, False))
    return [False] + [labels[i] == "I_W" and can_glue(found[i - 1], found[i]) for i in range(1, len(found))]
