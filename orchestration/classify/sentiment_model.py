"""The sentiment model: a linear model over the words of the headline and lede and the lexicon's
verdict, trained by `python -m orchestration.classify.train_sentiment` on the development parts
of the labelled sets (never the sealed holdout), shipped as a plain CSV of weights.

Why a model beside the lexicon: real news is mostly told in plain words ("khánh thành", "đón
học sinh", "tăng gấp bốn"); a lexicon lists feelings and verdicts, and misses good or bad news
told as facts. The lexicon's verdict stays a feature (its terms, negation and response rules
carry over), the words add what it lacks. Transparent all the same: a label's evidence names
the lexicon terms and the words that weighed most for the chosen sentiment.

Features (the same function at training and at labelling):
- `t:<syllable>`, `t:<syllable>_<syllable>` in the title, `l:...` in the lede (the syllables
  the phrase matcher reads: lower case, diacritics kept), present = 1;
- `lex:positive` / `lex:negative` (the lexicon's label) = 1, and `lex:score` = the lexicon's
  score clipped to [-4, 4].
Scores: for each sentiment, bias + Σ weight × value; the highest wins; its softmax probability
is the label's confidence. Each weight is the sum of a logistic regression's and a naive Bayes
model's weight for the feature (train_sentiment.py says why and how); labelling needs only the
sums.
"""

from __future__ import annotations

import csv
import heapq
import math
from pathlib import Path

MODEL_CSV = Path(__file__).with_name("sentiment_model.csv")
CLASSES = ("positive", "neutral", "negative")
BIAS = "__bias__"
SCORE_CLIP = 4.0
EVIDENCE_WORDS = 3


def part_features(prefix: str, syllables: tuple[str, ...]) -> tuple[str, ...]:
    """The word features of one text: its syllables and pairs of neighbours, once each."""
    names = dict.fromkeys(prefix + s for s in syllables)
    names.update(dict.fromkeys(prefix + a + "_" + b for a, b in zip(syllables, syllables[1:])))
    return tuple(names)


def features(
    title: tuple[str, ...], lede: tuple[str, ...], lexicon_label: str, lexicon_score: float
) -> dict[str, float]:
    """`title` and `lede` are the texts' syllables in lower case (a Passage's `lower`)."""
    found = dict.fromkeys(part_features("t:", title) + part_features("l:", lede), 1.0)
    if lexicon_label != "neutral":
        found["lex:" + lexicon_label] = 1.0
    if lexicon_score:
        found["lex:score"] = max(-SCORE_CLIP, min(SCORE_CLIP, lexicon_score))
    return found


class SentimentModel:
    def __init__(self, weights: dict[str, tuple[float, float, float]]):
        self._bias = weights.get(BIAS, (0.0, 0.0, 0.0))
        # Each feature's weights, then the same centred on their mean (a word's pull towards a
        # sentiment, for the evidence), in one tuple: one lookup per feature.
        self._weights = {
            name: (*w, *(x - (w[0] + w[1] + w[2]) / 3 for x in w)) for name, w in weights.items() if name != BIAS
        }
        # The model is a sum over features, and a text's word features depend on that text
        # alone: each text's share (three sums, and its strongest words for each sentiment) is
        # worked out once; titles and ledes recur across outlets, exports and items.
        self._parts: dict[tuple[str, tuple[str, ...]], tuple[tuple[float, float, float], tuple]] = {}

    @staticmethod
    def load(path: Path = MODEL_CSV) -> SentimentModel:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            weights = {row["feature"]: tuple(float(row[c]) for c in CLASSES) for row in reader}
        return SentimentModel(weights)

    def _part(self, prefix: str, syllables: tuple[str, ...]):
        key = (prefix, syllables)
        found = self._parts.get(key)
        if found is None:
            get = self._weights.get
            known = [(name, weight) for name in part_features(prefix, syllables) if (weight := get(name)) is not None]
            sums = tuple(sum(weight[i] for _, weight in known) for i in range(3))
            strongest = tuple(
                tuple(
                    (weight[3 + c], name)
                    for name, weight in heapq.nlargest(EVIDENCE_WORDS, known, key=lambda k: k[1][3 + c])
                )
                for c in range(3)
            )
            found = (sums, strongest)
            if len(self._parts) >= 200_000:  # bounded, like the other caches of the classifier
                self._parts.clear()
            self._parts[key] = found
        return found

    def decide(
        self, title: tuple[str, ...], lede: tuple[str, ...], lexicon_label: str, lexicon_score: float
    ) -> tuple[str, float, tuple[str, ...]]:
        """(sentiment, its probability, the words that weighed most for it); the same sums as
        over `features(...)`, by text."""
        (t0, t1, t2), title_words = self._part("t:", title)
        (l0, l1, l2), lede_words = self._part("l:", lede)
        positive, neutral, negative = self._bias
        positive, neutral, negative = positive + t0 + l0, neutral + t1 + l1, negative + t2 + l2
        get = self._weights.get
        lexicon = features((), (), lexicon_label, lexicon_score)  # the lex: features alone
        for name, value in lexicon.items():
            weight = get(name)
            if weight is not None:
                positive += weight[0] * value
                neutral += weight[1] * value
                negative += weight[2] * value
        scores = (positive, neutral, negative)
        best = 0 if positive >= neutral and positive >= negative else 1 if neutral >= negative else 2
        top = scores[best]
        confidence = 1.0 / (math.exp(positive - top) + math.exp(neutral - top) + math.exp(negative - top))
        strongest = heapq.nlargest(EVIDENCE_WORDS, title_words[best] + lede_words[best])
        evidence = tuple(dict.fromkeys(name[2:].replace("_", " ") for pull, name in strongest if pull > 0))
        return CLASSES[best], confidence, evidence
