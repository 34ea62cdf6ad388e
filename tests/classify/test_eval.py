"""The classifier's measured quality stays at the level published in docs/classifier.md.

eval_set.jsonl: 217 Vietnamese headlines and ledes written for the purpose (14 per task, 7 about
no task), labelled by hand. Lines with split 'dev' were looked at while the phrase list and the
lexicon were extended; 'holdout' lines were not (their errors were never read before the
figures below were measured). Thresholds = the measured value rounded down by about 0.01-0.02,
so that a small regression in the seeds fails here.

Measured (docs/classifier.md):   task accuracy   sentiment macro-F1
  holdout (108 items)             0.9167          0.7293
  all (217 items)                 0.9309          0.8287
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from orchestration.classify.evaluate import evaluate, load, macro_f1

EVAL_SET = Path(__file__).with_name("eval_set.jsonl")


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return load(EVAL_SET)


def test_the_set_covers_every_task_and_sentiment(items):
    assert len(items) >= 200
    tasks = Counter(i["task"] for i in items)
    assert sorted(tasks, key=lambda t: (t == "", int(t.split(".")[1]) if t else 0)) == [f"2.{n}" for n in range(1, 16)] + [""]
    assert min(tasks[f"2.{n}"] for n in range(1, 16)) == 14
    assert Counter(i["sentiment"] for i in items) == {"neutral": 84, "positive": 70, "negative": 63}
    assert Counter(i["split"] for i in items) == {"dev": 109, "holdout": 108}


def test_holdout_stays_at_the_published_level(items):
    result = evaluate([i for i in items if i["split"] == "holdout"])
    assert result.task_accuracy >= 0.90  # measured 0.9167
    assert result.sentiment_macro_f1 >= 0.70  # measured 0.7293


def test_whole_set_stays_at_the_published_level(items):
    result = evaluate(items)
    assert result.task_accuracy >= 0.92  # measured 0.9309
    assert result.sentiment_macro_f1 >= 0.80  # measured 0.8287


def test_macro_f1_by_hand():
    # positive: tp 1, fp 1, fn 0 -> 2/3; neutral: tp 0, fp 0, fn 1 -> 0; negative: tp 1 -> 1.
    pairs = [("positive", "positive"), ("neutral", "positive"), ("negative", "negative")]
    score, per_class = macro_f1(pairs)
    assert per_class == {"positive": 2 / 3, "neutral": 0.0, "negative": 1.0}
    assert score == pytest.approx((2 / 3 + 0 + 1) / 3)
