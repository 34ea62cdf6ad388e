"""The evaluation sets and the evaluation script's arithmetic.

eval_set.jsonl: 217 Vietnamese headlines and ledes written for the purpose (14 per task, 7 about
no task), labelled by hand, split into 'dev' and 'holdout' halves. The real-news set
(news_dev.jsonl, news_holdout.jsonl) is described in NEWS_SET.md. The figures themselves are
reported by `python -m orchestration.classify.evaluate` and docs/classifier.md, not asserted
here: the tests assert specific labels (tests/classify/test_rules.py) and the arithmetic.
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
    assert sorted(tasks, key=lambda t: (t == "", int(t.split(".")[1]) if t else 0)) == [
        f"2.{n}" for n in range(1, 16)
    ] + [""]
    assert min(tasks[f"2.{n}"] for n in range(1, 16)) == 14
    assert Counter(i["sentiment"] for i in items) == {"neutral": 84, "positive": 70, "negative": 63}
    assert Counter(i["split"] for i in items) == {"dev": 109, "holdout": 108}


def test_a_label_naming_two_tasks_counts_either(items):
    # The AI-for-teachers item is 2.11 primary (tests/classify/test_rules.py): right against a
    # label 2.11, and against a label 2.5 with secondary 2.11, wrong against 2.5 alone.
    item = {"title": "Bồi dưỡng giáo viên ứng dụng AI trong dạy học", "lede": "", "sentiment": "neutral"}
    assert evaluate([{**item, "task": "2.11"}]).task_accuracy == 1.0
    two = evaluate([{**item, "task": "2.5", "task_secondary": "2.11"}])
    assert (two.task_accuracy, two.secondary_hits) == (1.0, 1)
    assert evaluate([{**item, "task": "2.5"}]).task_confusions == [("2.5", "2.11", 1)]


def test_macro_f1_by_hand():
    # positive: tp 1, fp 1, fn 0 -> 2/3; neutral: tp 0, fp 0, fn 1 -> 0; negative: tp 1 -> 1.
    pairs = [("positive", "positive"), ("neutral", "positive"), ("negative", "negative")]
    score, per_class = macro_f1(pairs)
    assert per_class == {"positive": 2 / 3, "neutral": 0.0, "negative": 1.0}
    assert score == pytest.approx((2 / 3 + 0 + 1) / 3)
