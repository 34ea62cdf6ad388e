"""Finding phrases in a text: greedy longest match, left to right, at syllable boundaries.

A text becomes a `Passage`: its syllables (lower-cased and folded), where pyvi's words start
and end, and where punctuation breaks a clause. Rules, in order of why they exist:
- a phrase never crosses punctuation (", " between two clauses is not a phrase);
- a one-syllable phrase must be a whole word ("học" is not found in "trường_học");
- a phrase in capitals ("AI", "STEM") is found only in capitals (Vietnamese "ai" is "who");
- the text is compared with diacritics when it has any, folded when it was typed without.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from orchestration.classify.normalise import fold, has_diacritics, normalise
from orchestration.classify.reference import Entry
from orchestration.classify.segment import _TOKEN_PROPERTIES, crf_glue, token_properties, tokens, words


@dataclass(frozen=True)
class Passage:
    original: tuple[str, ...]  # syllables as written
    lower: tuple[str, ...]
    folded: tuple[str, ...]
    word_of: tuple[int, ...]  # index of the pyvi word each syllable belongs to
    clause_of: tuple[int, ...]  # index of the clause (between punctuation marks)
    word_start: frozenset[int]  # syllable positions where a word starts
    word_end: frozenset[int]  # positions just after a word ends
    accented: bool
    # Gaps (position p = between syllables p-1 and p) where pyvi's CRF was not run and could
    # glue: whether a word ends there is unknown (`word_unsure`), and, where a punctuation token
    # that the CRF may glue lies in the gap, whether a clause ends there too (`clause_unsure`).
    # Empty for a passage segmented by pyvi (`passage`); see `fast_passage`.
    word_unsure: frozenset[int] = field(default=frozenset())
    clause_unsure: frozenset[int] = field(default=frozenset())


class NeedsSegmentation(Exception):
    """A decision on a `fast_passage` depends on a link pyvi's CRF decides: segment the text."""

    def __init__(self, text: Passage):
        super().__init__("segmentation needed")
        self.text = text


def unsure_between(text: Passage, first: int, last: int) -> bool:
    """Is any gap first..last (inclusive) one where the CRF could glue?"""
    unsure = text.word_unsure
    return bool(unsure) and any(gap in unsure for gap in range(first, last + 1))


def passage(text: str) -> Passage:
    clean = normalise(text)
    original: list[str] = []
    word_of: list[int] = []
    clause_of: list[int] = []
    starts: set[int] = set()
    ends: set[int] = set()
    clause = 0
    for index, word in enumerate(words(clean)):
        if not word:
            clause += 1
            continue
        starts.add(len(original))
        for syllable in word:
            original.append(syllable)
            word_of.append(index)
            clause_of.append(clause)
        ends.add(len(original))
    lower = tuple(s.lower() for s in original)
    return Passage(
        tuple(original),
        lower,
        tuple(fold(s) for s in lower),
        tuple(word_of),
        tuple(clause_of),
        frozenset(starts),
        frozenset(ends),
        has_diacritics(clean),
    )


_FOLDED: dict[str, tuple[str, str]] = {}


def _forms(syllable: str) -> tuple[str, str]:
    found = _FOLDED.get(syllable)
    if found is None:
        lower = syllable.lower()
        found = (lower, fold(lower))
        if len(_FOLDED) > 200_000:
            _FOLDED.clear()
        _FOLDED[syllable] = found
    return found


def fast_passage(text: str) -> Passage:
    """The passage `passage` would build, without running pyvi's CRF: every regex token taken as
    a word of its own, and the gaps where the CRF could have glued tokens marked as unsure. The
    matcher raises NeedsSegmentation when a decision reads an unsure gap; otherwise everything
    it read is what `passage` gives (the syllables, and word and clause breaks at sure gaps)."""
    clean = normalise(text)
    return _build_unsure(clean, tokens(clean) if clean else [])


def segmented_passage(text: str) -> Passage:
    """`passage(text)`, with pyvi's CRF run on the regex tokens directly (the same model and
    glue rule as ViTokenizer.tokenize, without re-reading its output string)."""
    clean = normalise(text)
    found = tokens(clean) if clean else []
    return _build(clean, found, crf_glue(found))


def _build_unsure(clean: str, found: list[str]) -> Passage:
    """`_build(clean, found, None)`, written for speed (the path every text takes)."""
    cached = _TOKEN_PROPERTIES.get
    original: list[str] = []
    word_of: list[int] = []
    clause_of: list[int] = []
    starts: list[int] = []
    word_unsure: list[int] = []
    clause_unsure: list[int] = []
    clause = 0
    at = 0
    previous_blocked, previous_title = True, False  # nothing glues to the first token
    glueable = empty = False
    for index, token in enumerate(found):
        syllables_, blocked, title = cached(token) or token_properties(token)
        if not (blocked or previous_blocked or (title and not previous_title)):
            glueable = True
        previous_blocked, previous_title = blocked, title
        if not syllables_:
            clause += 1
            empty = True
            continue
        if glueable:
            if at:
                word_unsure.append(at)
                if empty:
                    clause_unsure.append(at)
            glueable = False
        empty = False
        starts.append(at)
        original.extend(syllables_)
        n = len(syllables_)
        if n == 1:
            word_of.append(index)
            clause_of.append(clause)
        else:
            word_of.extend([index] * n)
            clause_of.extend([clause] * n)
        at += n
    forms = _FOLDED.get
    pairs = [forms(s) or _forms(s) for s in original]
    lower = tuple(p[0] for p in pairs)
    folded = tuple(p[1] for p in pairs)
    return Passage(
        tuple(original),
        lower,
        folded,
        tuple(word_of),
        tuple(clause_of),
        frozenset(starts),
        frozenset(starts[1:] + [at]) if starts else frozenset(),
        has_diacritics(clean),
        frozenset(word_unsure),
        frozenset(clause_unsure),
    )


def _build(clean: str, found: list[str], glued: list[bool] | None) -> Passage:
    """glued[i]: token i is glued to token i-1 (None: unknown, mark the gaps the CRF could glue)."""
    original: list[str] = []
    word_of: list[int] = []
    clause_of: list[int] = []
    starts: set[int] = set()
    ends: set[int] = set()
    word_unsure: set[int] = set()
    clause_unsure: set[int] = set()
    clause = 0
    word = -1
    previous: tuple[tuple[str, ...], bool, bool] | None = None
    glueable = empty = False  # since the last syllable: a link the CRF may glue; a punctuation token
    in_word = False  # the current word (of `glued`) already holds a syllable
    for index, token in enumerate(found):
        props = token_properties(token)
        syllables_, blocked, title = props
        if glued is not None:
            if index == 0 or not glued[index]:
                if word >= 0 and not in_word:
                    clause += 1  # the word that just ended had no syllable: punctuation
                word += 1
                in_word = False
                if syllables_:
                    starts.add(len(original))
            elif syllables_ and not in_word:
                starts.add(len(original))
            if syllables_:
                if in_word:
                    ends.discard(len(original))
                in_word = True
                original.extend(syllables_)
                word_of.extend([word] * len(syllables_))
                clause_of.extend([clause] * len(syllables_))
                ends.add(len(original))
            continue
        if previous is not None and not blocked and not previous[1] and not (title and not previous[2]):
            glueable = True
        previous = props
        if not syllables_:
            clause += 1
            empty = True
            continue
        at = len(original)
        if at and glueable:
            word_unsure.add(at)
            if empty:
                clause_unsure.add(at)
        glueable = empty = False
        starts.add(at)
        original.extend(syllables_)
        word_of.extend([index] * len(syllables_))
        clause_of.extend([clause] * len(syllables_))
        ends.add(len(original))
    forms = [_forms(s) for s in original]
    return Passage(
        tuple(original),
        tuple(f[0] for f in forms),
        tuple(f[1] for f in forms),
        tuple(word_of),
        tuple(clause_of),
        frozenset(starts),
        frozenset(ends),
        has_diacritics(clean),
        frozenset(word_unsure),
        frozenset(clause_unsure),
    )


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int  # syllable position
    end: int


class PhraseIndex:
    """Entries grouped by first syllable, longest first, for one left-to-right pass."""

    def __init__(self, entries: Iterable[Entry]):
        self._accented: dict[str, list[Entry]] = defaultdict(list)
        self._folded: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            self._accented[entry.syllables[0]].append(entry)
            self._folded[entry.folded[0]].append(entry)
        for table in (self._accented, self._folded):
            for bucket in table.values():
                bucket.sort(key=lambda e: -len(e.syllables))

    def _fits(self, entry: Entry, text: Passage, start: int) -> bool:
        n = len(entry.syllables)
        end = start + n
        if end > len(text.lower):
            return False
        seen = text.lower[start:end] if text.accented else text.folded[start:end]
        wanted = entry.syllables if text.accented else entry.folded
        if seen != wanted:
            return False
        if text.clause_unsure and any(gap in text.clause_unsure for gap in range(start + 1, end)):
            raise NeedsSegmentation(text)
        if text.clause_of[start] != text.clause_of[end - 1]:
            return False
        if entry.acronym and text.original[start] != entry.text.strip():
            return False
        if n == 1:
            unsure = text.word_unsure
            if (start not in unsure and start not in text.word_start) or (
                end not in unsure and end not in text.word_end
            ):
                return False  # surely not a whole word (inside a regex token)
            if start in unsure or end in unsure:
                raise NeedsSegmentation(text)
        return True

    def find(self, text: Passage) -> Iterator[Match]:
        accented = text.accented
        keys = text.lower if accented else text.folded
        get = (self._accented if accented else self._folded).get
        position = 0
        length = len(keys)
        while position < length:
            bucket = get(keys[position])
            if bucket:
                for entry in bucket:
                    n = len(entry.syllables)
                    # the syllables first (cheap, and most candidates fail there), then the rules
                    if keys[position : position + n] == (entry.syllables if accented else entry.folded) and self._fits(
                        entry, text, position
                    ):
                        yield Match(entry, position, position + n)
                        position += n
                        break
                else:
                    position += 1
            else:
                position += 1
