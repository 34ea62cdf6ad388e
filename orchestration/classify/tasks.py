"""Primary and secondary task from the Office's phrase list (ref_task_keywords.csv).

Score of a task = sum over its distinct phrases found of weight x (2 in the title, 1 in the
lede). A phrase's weight is its specificity: its number of syllables unless the seed says
otherwise ("STEM", "bơi" are short but name one task; the seed gives them more). A phrase of
weight 1 or less is *generic* ("ngày hội", "nhà trường", "giáo viên": every education story
uses them): it adds to a task that a specific phrase found, and never decides a task alone.

The highest-scoring task with a specific phrase wins; a tie goes to the task whose phrase comes
first in the headline (then in the lede), then to the lower task number. No specific phrase: no
task. The next task is kept as the runner-up (for the review queue), and becomes the
*secondary* task when it has a specific phrase in the headline and scores at least
SECONDARY_SHARE of the winner: the item then serves both ("Bồi dưỡng giáo viên ứng dụng AI":
2.11 and 2.5).

An item that names a place elsewhere (another province, ref_classifier_places.csv) and no
place of the city is about another locality's schools: no task, its best candidate kept as
the runner-up for review, the place as evidence ("nơi khác: Huế").
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.classify.matching import Passage, PhraseIndex
from orchestration.classify.reference import Entry

TITLE_WEIGHT = 2.0
LEDE_WEIGHT = 1.0
GENERIC_WEIGHT = 1.0  # a phrase of this weight or less never decides a task alone
SECONDARY_SHARE = 0.5  # a runner-up scoring this share of the winner is a secondary task


@dataclass(frozen=True)
class Candidate:
    task_code: str
    score: float
    evidence: tuple[str, ...]  # its phrases found, as the seed writes them


@dataclass(frozen=True)
class TaskDecision:
    task_code: str | None
    score: float
    evidence: tuple[str, ...]  # the phrases of the winning task, as the seed writes them
    secondary: Candidate | None = None  # a second task the item serves too
    runner_up: Candidate | None = None  # the next candidate, secondary or not (review queue)
    elsewhere: str | None = None  # no task: the place elsewhere the item names, if any
    method: str = "phrase_list"  # who chose task_code: the phrase list, or the task model


def _task_number(code: str) -> int:
    return int(code.split(".")[1])


class TaskScorer:
    def __init__(self, phrases: list[Entry], places: list[Entry] = ()):
        self._index = PhraseIndex(phrases)
        # Places are looked up by their syllables alone, without the phrase matcher's word and
        # clause rules: a place name is never part of another word the way "học" is of
        # "trường học", and the rules would send most texts to pyvi's CRF ("TP.HCM").
        self._places: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self._folded_places: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for entry in places:
            self._places.setdefault(entry.syllables[0], []).append((entry.syllables, entry.label, entry.text))
            self._folded_places.setdefault(entry.folded[0], []).append((entry.folded, entry.label, entry.text))

    def _elsewhere(self, title: Passage, lede: Passage) -> str | None:
        """The first place elsewhere named, when no place of the city is."""
        elsewhere = None
        for text in (title, lede):
            keys, table = (text.lower, self._places) if text.accented else (text.folded, self._folded_places)
            for position, syllable in enumerate(keys):
                for syllables, scope, name in table.get(syllable, ()):
                    if keys[position : position + len(syllables)] == syllables:
                        if scope == "city":
                            return None
                        elsewhere = elsewhere or name
        return elsewhere

    def decide(self, title: Passage, lede: Passage) -> TaskDecision:
        scores: dict[str, float] = {}
        first_seen: dict[str, int] = {}
        evidence: dict[str, list[str]] = {}
        specific: set[str] = set()  # tasks with a specific phrase anywhere
        headline: set[str] = set()  # tasks with a specific phrase in the title
        for offset, (text, weight) in enumerate(((title, TITLE_WEIGHT), (lede, LEDE_WEIGHT))):
            counted: set[tuple[str, ...]] = set()
            for match in self._index.find(text):
                entry = match.entry
                first_seen.setdefault(entry.label, offset * 100_000 + match.start)
                if entry.weight > GENERIC_WEIGHT:
                    specific.add(entry.label)
                    if offset == 0:
                        headline.add(entry.label)
                if entry.syllables in counted:
                    continue
                counted.add(entry.syllables)
                scores[entry.label] = scores.get(entry.label, 0.0) + entry.weight * weight
                if entry.text not in evidence.setdefault(entry.label, []):
                    evidence[entry.label].append(entry.text)
        if not scores:  # the place, if any, is kept apart: the task model must not guess then
            return TaskDecision(None, 0.0, (), elsewhere=self._elsewhere(title, lede))
        # Specific tasks first, then by score, first appearance, task number.
        ranked = sorted(scores, key=lambda t: (t not in specific, -scores[t], first_seen[t], _task_number(t)))
        candidates = [Candidate(t, scores[t], tuple(evidence[t])) for t in ranked[:2]]
        best = candidates[0]
        if best.task_code not in specific:
            # Only generic words: no task, the best guess kept for the review queue.
            return TaskDecision(None, 0.0, (), None, best, elsewhere=self._elsewhere(title, lede))
        place = self._elsewhere(title, lede)
        if place is not None:
            return TaskDecision(None, 0.0, (f"nơi khác: {place}",), None, best, elsewhere=place)
        runner_up = candidates[1] if len(candidates) > 1 else None
        secondary = (
            runner_up
            if runner_up is not None
            and runner_up.task_code in headline
            and runner_up.score >= SECONDARY_SHARE * best.score
            else None
        )
        return TaskDecision(best.task_code, best.score, best.evidence, secondary, runner_up)
