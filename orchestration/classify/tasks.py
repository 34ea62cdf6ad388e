"""Primary task from the Office's phrase list (ref_task_keywords.csv).

Score of a task = sum over its distinct phrases found of (syllables in the phrase) x (2 in the
title, 1 in the lede): longer phrases are more specific ("trường học hạnh phúc" beats
"hạnh phúc"), and the headline says what the item is about. The highest score wins; a tie goes
to the task whose phrase comes first in the headline (then in the lede), then to the lower task
number. No phrase found: no task.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.classify.matching import Passage, PhraseIndex
from orchestration.classify.reference import Entry

TITLE_WEIGHT = 2.0
LEDE_WEIGHT = 1.0


@dataclass(frozen=True)
class TaskDecision:
    task_code: str | None
    score: float
    evidence: tuple[str, ...]  # the phrases of the winning task, as the seed writes them


def _task_number(code: str) -> int:
    return int(code.split(".")[1])


class TaskScorer:
    def __init__(self, phrases: list[Entry]):
        self._index = PhraseIndex(phrases)

    def decide(self, title: Passage, lede: Passage) -> TaskDecision:
        scores: dict[str, float] = {}
        first_seen: dict[str, int] = {}
        evidence: dict[str, list[str]] = {}
        for offset, (text, weight) in enumerate(((title, TITLE_WEIGHT), (lede, LEDE_WEIGHT))):
            counted: set[tuple[str, ...]] = set()
            for match in self._index.find(text):
                entry = match.entry
                first_seen.setdefault(entry.label, offset * 100_000 + match.start)
                if entry.syllables in counted:
                    continue
                counted.add(entry.syllables)
                scores[entry.label] = scores.get(entry.label, 0.0) + entry.weight * weight
                if entry.text not in evidence.setdefault(entry.label, []):
                    evidence[entry.label].append(entry.text)
        if not scores:
            return TaskDecision(None, 0.0, ())
        best = min(scores, key=lambda t: (-scores[t], first_seen[t], _task_number(t)))
        return TaskDecision(best, scores[best], tuple(evidence[best]))
