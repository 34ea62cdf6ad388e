"""Task and sentiment of one item, with the method that decided each.

Methods written beside the labels (and in the warehouse):
- task: `phrase_list` (a phrase of the task was found), `model` (no specific phrase; the task
  model read the words, task_model.py), `none` (no task);
- sentiment: `service_label` (the monitoring service's own label, which always wins),
  `model` (the sentiment model over the words and the lexicon's verdict, sentiment_model.py),
  `lexicon` (the lexicon alone, for a classifier built without the model).
dbt adds `override` when the Office's seed ref_media_label_overrides names the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from orchestration.classify.matching import NeedsSegmentation, Passage, fast_passage, passage, segmented_passage
from orchestration.classify.reference import (
    PLACES_CSV,
    SENTIMENT_LEXICON_CSV,
    TASK_PHRASES_CSV,
    load_places,
    load_sentiment_lexicon,
    load_task_phrases,
)
from orchestration.classify.sentiment import SentimentDecision, SentimentScorer
from orchestration.classify.sentiment_model import MODEL_CSV, SentimentModel
from orchestration.classify.task_model import TASK_MODEL_CSV, TaskModel
from orchestration.classify.tasks import Candidate, TaskDecision, TaskScorer

SENTIMENTS = ("positive", "neutral", "negative")
TASK_METHODS = ("phrase_list", "model", "none")
SENTIMENT_METHODS = ("service_label", "model", "lexicon")


@dataclass(frozen=True)
class Label:
    task_code: str | None
    task_method: str
    task_evidence: str | None  # phrases found for the task, "; "-separated
    sentiment: str
    sentiment_method: str
    sentiment_evidence: str | None  # lexicon terms found, "¬" marks a negated one
    # For analysts and the review queue (docs/classifier.md, "Secondary task and review"):
    task_score: float = 0.0  # the primary task's score (0 without a task)
    secondary_task_code: str | None = None  # a second task the item serves too
    secondary_task_evidence: str | None = None
    runner_up_task_code: str | None = None  # the next candidate, secondary or not
    runner_up_task_score: float | None = None
    runner_up_task_evidence: str | None = None
    sentiment_score: float | None = None  # the lexicon's total (None when the service decided)
    sentiment_confidence: float | None = None  # the model's probability of its sentiment


class Classifier:
    def __init__(
        self,
        phrases_csv: Path = TASK_PHRASES_CSV,
        lexicon_csv: Path = SENTIMENT_LEXICON_CSV,
        places_csv: Path = PLACES_CSV,
        *,
        sentiment_model: Path | None = MODEL_CSV,
        task_model: Path | TaskModel | None = TASK_MODEL_CSV,
        lazy_segmentation: bool = True,
    ):
        """`lazy_segmentation=False` runs pyvi's CRF on every text (the reference the fast path is
        tested against, tests/classify/test_fast_path.py); the labels are the same either way."""
        self._lazy = lazy_segmentation
        self._tasks = TaskScorer(load_task_phrases(phrases_csv), load_places(places_csv))
        self._sentiment = SentimentScorer(load_sentiment_lexicon(lexicon_csv))
        # None: the lexicon decides alone (the model's own training reads it that way).
        self._model = SentimentModel.load(sentiment_model) if sentiment_model is not None else None
        # None: the phrase list alone decides tasks.
        self._task_model = TaskModel.load(task_model) if isinstance(task_model, Path) else task_model
        self._cache: dict[tuple[str, str, str | None], Label] = {}
        # For `label` only (`_label` stays the whole computation, which the speed bench times):
        # a text's passage (fast, or segmented once a decision needed the CRF), and the task
        # and lexicon sentiment of each (title, lede). A press title recurs under several
        # ledes and service labels (200,000 city-scale items: 10,461 distinct (title, lede,
        # label), 7,189 (title, lede), 3,736 titles, 574 ledes). The fast path gives the
        # labels the CRF path gives (tests/classify/test_fast_path.py), so which passage a
        # decision reads does not change it.
        self._passages: dict[str, Passage] = {}
        self._task_of: dict[tuple[str, str], TaskDecision] = {}
        self._sentiment_of: dict[tuple[str, str], Judgement] = {}

    def label(self, title: str | None, lede: str | None = None, service_sentiment: str | None = None) -> Label:
        """`service_sentiment` is the monitoring service's label already mapped to
        positive / neutral / negative (None when the export had none)."""
        key = (title or "", lede or "", service_sentiment)
        found = self._cache.get(key)
        if found is None:
            found = self._label_shared(*key) if self._lazy else self._label(*key)
            if len(self._cache) < 500_000:  # the same story recurs across outlets and exports
                self._cache[key] = found
        return found

    def _label(self, title: str, lede: str, service_sentiment: str | None) -> Label:
        if not self._lazy:
            return self._decide(passage(title), passage(lede), service_sentiment, title, lede)
        head, body = fast_passage(title), fast_passage(lede)
        while True:  # at most twice more: each pass segments one of the two texts with the CRF
            try:
                return self._decide(head, body, service_sentiment, title, lede)
            except NeedsSegmentation as needed:
                if needed.text is head:
                    head = segmented_passage(title)
                else:
                    body = segmented_passage(lede)

    def _label_shared(self, title: str, lede: str, service_sentiment: str | None) -> Label:
        """What `_label` returns, from the passages and decisions already made for other items."""
        pair = (title, lede)
        task = self._task_of.get(pair)
        if task is None:
            task = self._guess(
                self._decided(self._tasks.decide, title, lede), self._passage(title).lower, self._passage(lede).lower
            )
            self._remember(self._task_of, pair, task)
        if service_sentiment in SENTIMENTS:
            return self._label_of(task, Judgement(service_sentiment, "service_label", None, None, None))
        judged = self._sentiment_of.get(pair)
        if judged is None:
            decided = self._decided(self._sentiment.decide, title, lede)
            judged = self._judge(decided, self._passage(title).lower, self._passage(lede).lower)
            self._remember(self._sentiment_of, pair, judged)
        return self._label_of(task, judged)

    def _judge(self, decided: SentimentDecision, title: tuple[str, ...], lede: tuple[str, ...]) -> Judgement:
        """The sentiment from the lexicon's decision, through the model when there is one."""
        terms = "; ".join(decided.evidence)
        if self._model is None:
            return Judgement(decided.sentiment, "lexicon", terms or None, decided.score, None)
        sentiment, confidence, words = self._model.decide(title, lede, decided.sentiment, decided.score)
        evidence = "; ".join(part for part in (terms, "từ: " + ", ".join(words) if words else "") if part)
        return Judgement(sentiment, "model", evidence or None, decided.score, round(confidence, 4))

    def _guess(self, task: TaskDecision, title: tuple[str, ...], lede: tuple[str, ...]) -> TaskDecision:
        """The phrase list's decision, or the task model's where no specific phrase decided, no
        place elsewhere is named and there is a lede (a bare title is too little to read)."""
        if self._task_model is None or task.task_code is not None or task.elsewhere is not None or not lede:
            return task
        guess = self._task_model.decide(title, lede)
        if guess.task_code is None:  # the model reads no task either: the phrase list's runner-up stays
            return task

        def words(found: tuple[str, ...]) -> tuple[str, ...]:
            return ("từ: " + ", ".join(found),) if found else ()

        runner_up = (
            Candidate(guess.runner_up_code, round(guess.runner_up_probability, 4), words(guess.runner_up_words))
            if guess.runner_up_code is not None
            else None
        )
        return TaskDecision(
            guess.task_code, round(guess.probability, 4), words(guess.words), None, runner_up, method="model"
        )

    def _decided(self, decide, title: str, lede: str):
        head, body = self._passage(title), self._passage(lede)
        while True:  # at most twice more: each pass segments one of the two texts with the CRF
            try:
                return decide(head, body)
            except NeedsSegmentation as needed:
                if needed.text is head:
                    head = self._passages[title] = segmented_passage(title)
                else:
                    body = self._passages[lede] = segmented_passage(lede)

    def _passage(self, text: str) -> Passage:
        found = self._passages.get(text)
        if found is None:
            found = fast_passage(text)
            self._remember(self._passages, text, found)
        return found

    @staticmethod
    def _remember(cache: dict, key, value) -> None:
        if len(cache) >= 200_000:  # bounded: a long run of distinct texts must not grow memory
            cache.clear()
        cache[key] = value

    @staticmethod
    def _label_of(task: TaskDecision, judged: Judgement) -> Label:
        secondary, runner_up = task.secondary, task.runner_up
        return Label(
            task_code=task.task_code,
            task_method=task.method if task.task_code else "none",  # none's evidence: a place elsewhere
            task_evidence="; ".join(task.evidence) or None,
            sentiment=judged.sentiment,
            sentiment_method=judged.method,
            sentiment_evidence=judged.evidence,
            task_score=task.score,
            secondary_task_code=secondary.task_code if secondary else None,
            secondary_task_evidence="; ".join(secondary.evidence) if secondary else None,
            runner_up_task_code=runner_up.task_code if runner_up else None,
            runner_up_task_score=runner_up.score if runner_up else None,
            runner_up_task_evidence=("; ".join(runner_up.evidence) or None) if runner_up else None,
            sentiment_score=judged.score,
            sentiment_confidence=judged.confidence,
        )

    def _decide(self, head: Passage, body: Passage, service_sentiment: str | None, title: str, lede: str) -> Label:
        task = self._guess(self._tasks.decide(head, body), head.lower, body.lower)
        if service_sentiment in SENTIMENTS:
            return self._label_of(task, Judgement(service_sentiment, "service_label", None, None, None))
        return self._label_of(task, self._judge(self._sentiment.decide(head, body), head.lower, body.lower))


@dataclass(frozen=True)
class Judgement:
    sentiment: str
    method: str
    evidence: str | None
    score: float | None
    confidence: float | None


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The classifier on the seeds as they are in the repository (read once per process)."""
    return Classifier()
