"""Sentiment from a lexicon (ref_sentiment_lexicon.csv), with negation, the headline first.

Each polar term found adds its weight (positive) or subtracts it (negative). A negator
("không", "chưa", "chẳng", "thiếu" ...) turns the next polar term within `NEGATION_WORDS`
words of the same clause: a positive term becomes negative with its full weight ("không an
toàn"), a negative one becomes positive with half ("không còn quá tải": the problem is gone,
a weaker claim than praise). Expressions that start with a negator without negating
("không ngừng", "không chỉ", "không gian") are listed as `shield` and consume the words.
A weak positive word denied counts a full -POLAR_THRESHOLD ("không an toàn" is negative).

The headline decides (the labelling guideline, docs/classifier.md): the item's score is the
title's when the title scores, else the lede's. A score of at least POLAR_THRESHOLD is positive,
at most -POLAR_THRESHOLD negative, anything between neutral: one weak word ("an toàn", "hỗ
trợ", weight below 1) does not make policy news praise.

A `response` term in the headline ("chấn chỉnh", "yêu cầu", "chỉ đạo kiểm tra", "đính chính")
means the item reports the authorities' answer to a problem: the problem's negative words, in
the title and the lede, do not count (the guideline labels such items neutral unless something
positive leads). The evidence keeps them, marked "~"; the response term is marked "↺".
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.classify.matching import NeedsSegmentation, Passage, PhraseIndex, unsure_between
from orchestration.classify.reference import Entry

NEGATION_WORDS = 3
NEGATED_NEGATIVE_FACTOR = 0.5
POLAR_THRESHOLD = 1.0


@dataclass(frozen=True)
class SentimentDecision:
    sentiment: str  # positive / neutral / negative
    score: float
    evidence: tuple[str, ...]  # terms found: "¬" negated, "~" not counted, "↺" a response


class SentimentScorer:
    def __init__(self, lexicon: list[Entry]):
        self._index = PhraseIndex(lexicon)

    def score(self, text: Passage) -> tuple[list[tuple[str, float]], bool]:
        """([(evidence, signed weight)], a response term found); a response's weight is 0."""
        found: list[tuple[str, float]] = []
        response = False
        negator_at: tuple[int, int] | None = None  # (word index, clause) of a pending negator
        negator_end = 0  # syllable position just after the pending negator
        for match in self._index.find(text):
            entry = match.entry
            word, clause = text.word_of[match.start], text.clause_of[match.start]
            if entry.label == "shield":
                continue
            if entry.label == "response":
                response = True
                found.append(("↺" + entry.text, 0.0))
                continue
            if entry.label == "negator":
                negator_at = (text.word_of[match.end - 1], clause)
                negator_end = match.end
                continue
            if negator_at is not None and unsure_between(text, negator_end, match.start):
                raise NeedsSegmentation(text)  # words or clauses between are the CRF's to say
            negated = negator_at is not None and negator_at[1] == clause and 0 < word - negator_at[0] <= NEGATION_WORDS
            negator_at = None
            sign = 1.0 if entry.label == "positive" else -1.0
            if negated and entry.label == "positive":
                # "không an toàn": a weak word denied is a plain claim that something is wrong.
                found.append(("¬" + entry.text, -max(entry.weight, POLAR_THRESHOLD)))
            elif negated:
                found.append(("¬" + entry.text, NEGATED_NEGATIVE_FACTOR * entry.weight))
            else:
                found.append((entry.text, sign * entry.weight))
        return found, response

    def decide(self, title: Passage, lede: Passage) -> SentimentDecision:
        head, response = self.score(title)
        body, _ = self.score(lede)
        if response:  # the authorities' answer leads: the problem it answers is context
            head, body = _mute_negatives(head), _mute_negatives(body)
        head_total = sum((value for _, value in head), 0.0)
        total = head_total if head_total != 0 else sum((value for _, value in body), 0.0)
        label = "positive" if total >= POLAR_THRESHOLD else "negative" if total <= -POLAR_THRESHOLD else "neutral"
        return SentimentDecision(label, total, tuple(text for text, _ in head + body))


def _mute_negatives(found: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return [("~" + text, 0.0) if value < 0 else (text, value) for text, value in found]
