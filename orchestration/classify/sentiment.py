"""Sentiment from a lexicon (ref_sentiment_lexicon.csv), with negation.

Each polar term found adds its weight (positive) or subtracts it (negative). A negator
("không", "chưa", "chẳng", "thiếu" ...) turns the next polar term within `NEGATION_WORDS`
words of the same clause: a positive term becomes negative with its full weight ("không an
toàn"), a negative one becomes positive with half ("không còn quá tải": the problem is gone,
a weaker claim than praise). Expressions that start with a negator without negating
("không ngừng", "không chỉ", "không gian") are listed as `shield` and consume the words.
Total > 0: positive; < 0: negative; 0 (nothing found, or balanced): neutral.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.classify.matching import NeedsSegmentation, Passage, PhraseIndex, unsure_between
from orchestration.classify.reference import Entry

NEGATION_WORDS = 3
NEGATED_NEGATIVE_FACTOR = 0.5


@dataclass(frozen=True)
class SentimentDecision:
    sentiment: str  # positive / neutral / negative
    score: float
    evidence: tuple[str, ...]  # terms found, "¬" before a negated one


class SentimentScorer:
    def __init__(self, lexicon: list[Entry]):
        self._index = PhraseIndex(lexicon)

    def score(self, text: Passage) -> tuple[float, list[str]]:
        total = 0.0
        evidence: list[str] = []
        negator_at: tuple[int, int] | None = None  # (word index, clause) of a pending negator
        negator_end = 0  # syllable position just after the pending negator
        for match in self._index.find(text):
            entry = match.entry
            word, clause = text.word_of[match.start], text.clause_of[match.start]
            if entry.label == "shield":
                continue
            if entry.label == "negator":
                negator_at = (text.word_of[match.end - 1], clause)
                negator_end = match.end
                continue
            if negator_at is not None and unsure_between(text, negator_end, match.start):
                raise NeedsSegmentation(text)  # words or clauses between are the CRF's to say
            negated = (
                negator_at is not None
                and negator_at[1] == clause
                and 0 < word - negator_at[0] <= NEGATION_WORDS
            )
            negator_at = None
            sign = 1.0 if entry.label == "positive" else -1.0
            if negated:
                sign = -sign * (NEGATED_NEGATIVE_FACTOR if entry.label == "negative" else 1.0)
                evidence.append("¬" + entry.text)
            else:
                evidence.append(entry.text)
            total += sign * entry.weight
        return total, evidence

    def decide(self, *texts: Passage) -> SentimentDecision:
        total = 0.0
        evidence: list[str] = []
        for text in texts:
            score, found = self.score(text)
            total += score
            evidence.extend(found)
        label = "positive" if total > 0 else "negative" if total < 0 else "neutral"
        return SentimentDecision(label, total, tuple(evidence))
