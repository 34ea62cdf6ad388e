"""The task model: a linear model over the words of the headline and lede, for the stories the
phrase list cannot place, trained by `python -m orchestration.classify.train_task` on the
development parts of the labelled sets (never the sealed holdout), shipped as a plain CSV.

Why: real news is often told in the words of the event, not of the plan ("cấm điện thoại giờ
ra chơi", "bão", "cháy"): no phrase of the list is found and the item would have no task. The
model has learnt which words go with which task from the labelled stories. It decides only
where the phrase list found no specific phrase, the item names no place elsewhere, and there
is a lede to read (a bare title, such as a portal page's, is too little text); it may also
answer "none". Transparent all the same: the evidence names the words that weighed most for
the chosen task, and its probability is the task's score, so the review queue can weigh it.

Features: those of the sentiment model's texts (`t:<syllable>`, `t:<a>_<b>` in the title,
`l:...` in the lede, present = 1). Scores: for each class (a task code or `none`), bias + Σ
weight over the features present; the highest wins; its softmax probability is its score.
"""

from __future__ import annotations

import csv
import heapq
import math
from dataclasses import dataclass
from pathlib import Path

from orchestration.classify.sentiment_model import BIAS, part_features

TASK_MODEL_CSV = Path(__file__).with_name("task_model.csv")
NO_TASK = "none"
EVIDENCE_WORDS = 3


@dataclass(frozen=True)
class TaskGuess:
    task_code: str | None  # None: the model's best class is "none"
    probability: float
    words: tuple[str, ...]  # the words that pulled most towards it, strongest first
    runner_up_code: str | None  # the next task (never "none"), for the review queue
    runner_up_probability: float
    runner_up_words: tuple[str, ...]


def features(title: tuple[str, ...], lede: tuple[str, ...]) -> dict[str, float]:
    """`title` and `lede` are the texts' syllables in lower case (a Passage's `lower`)."""
    return dict.fromkeys(part_features("t:", title) + part_features("l:", lede), 1.0)


class TaskModel:
    def __init__(self, classes: tuple[str, ...], weights: dict[str, tuple[float, ...]]):
        self.classes = classes
        self._bias = weights.get(BIAS, (0.0,) * len(classes))
        self._weights = {name: w for name, w in weights.items() if name != BIAS}
        # A text's share of the sums depends on that text alone; titles and ledes recur.
        self._parts: dict[tuple[str, tuple[str, ...]], tuple[tuple[float, ...], tuple]] = {}

    @staticmethod
    def load(path: Path = TASK_MODEL_CSV) -> TaskModel:
        with path.open(encoding="utf-8", newline="") as handle:
            return TaskModel.read(handle)

    @staticmethod
    def read(lines) -> TaskModel:
        """From the CSV's lines: a header `feature,<class>,...`, then one row per feature."""
        reader = csv.reader(lines)
        classes = tuple(next(reader)[1:])
        return TaskModel(classes, {row[0]: tuple(float(v) for v in row[1:]) for row in reader})

    def _part(self, prefix: str, syllables: tuple[str, ...]):
        key = (prefix, syllables)
        found = self._parts.get(key)
        if found is None:
            get = self._weights.get
            known = [(name, weight) for name in part_features(prefix, syllables) if (weight := get(name)) is not None]
            sums = tuple(sum(weight[c] for _, weight in known) for c in range(len(self.classes)))
            found = (sums, tuple(known))
            if len(self._parts) >= 200_000:  # bounded, like the other caches of the classifier
                self._parts.clear()
            self._parts[key] = found
        return found

    def _words(self, known: tuple, column: int) -> tuple[str, ...]:
        strongest = heapq.nlargest(EVIDENCE_WORDS, known, key=lambda k: k[1][column])
        return tuple(dict.fromkeys(name[2:].replace("_", " ") for name, weight in strongest if weight[column] > 0))

    def decide(self, title: tuple[str, ...], lede: tuple[str, ...]) -> TaskGuess:
        title_sums, title_known = self._part("t:", title)
        lede_sums, lede_known = self._part("l:", lede)
        scores = [bias + in_title + in_lede for bias, in_title, in_lede in zip(self._bias, title_sums, lede_sums)]
        order = sorted(range(len(scores)), key=lambda c: -scores[c])  # stable: ties by class order
        top = scores[order[0]]
        total = sum(math.exp(s - top) for s in scores)
        known = title_known + lede_known
        best = order[0]
        second = next((c for c in order[1:] if self.classes[c] != NO_TASK), None)
        code = self.classes[best]
        return TaskGuess(
            task_code=None if code == NO_TASK else code,
            probability=1.0 / total,
            words=self._words(known, best),
            runner_up_code=self.classes[second] if second is not None else None,
            runner_up_probability=math.exp(scores[second] - top) / total if second is not None else 0.0,
            runner_up_words=self._words(known, second) if second is not None else (),
        )
