"""Measure the classifier on a labelled set: task accuracy, sentiment macro-F1, confusions.

    python -m orchestration.classify.evaluate tests/classify/eval_set.jsonl

Each line: {"title", "lede", "task" ("2.1".."2.15" or ""), "sentiment"}. The service's label is
never given here: sentiment is the lexicon's alone.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from orchestration.classify.classifier import SENTIMENTS, Classifier, default_classifier


@dataclass(frozen=True)
class Evaluation:
    items: int
    task_accuracy: float  # share of items whose predicted task (or none) equals the label
    sentiment_macro_f1: float  # mean over the 3 classes of F1 = 2PR / (P + R)
    sentiment_f1: dict[str, float]
    task_confusions: list[tuple[str, str, int]]  # (expected, predicted, count), most frequent first
    sentiment_confusions: list[tuple[str, str, int]]


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def macro_f1(pairs: list[tuple[str, str]], classes: tuple[str, ...] = SENTIMENTS) -> tuple[float, dict[str, float]]:
    """pairs = (expected, predicted). A class never predicted nor expected is skipped."""
    scores: dict[str, float] = {}
    for cls in classes:
        tp = sum(1 for e, p in pairs if e == cls and p == cls)
        fp = sum(1 for e, p in pairs if e != cls and p == cls)
        fn = sum(1 for e, p in pairs if e == cls and p != cls)
        if tp + fp + fn == 0:
            continue
        scores[cls] = 2 * tp / (2 * tp + fp + fn)  # = 2PR/(P+R), defined as 0 when tp = 0
    return (sum(scores.values()) / len(scores) if scores else 0.0), scores


def evaluate(items: list[dict], classifier: Classifier | None = None) -> Evaluation:
    classifier = classifier or default_classifier()
    task_pairs, sentiment_pairs = [], []
    for item in items:
        label = classifier.label(item.get("title"), item.get("lede"))
        task_pairs.append((item.get("task") or "", label.task_code or ""))
        sentiment_pairs.append((item["sentiment"], label.sentiment))
    accuracy = sum(1 for e, p in task_pairs if e == p) / len(task_pairs)
    f1, per_class = macro_f1(sentiment_pairs)
    confusions = lambda pairs: [  # noqa: E731
        (e or "none", p or "none", n) for (e, p), n in Counter(x for x in pairs if x[0] != x[1]).most_common()
    ]
    return Evaluation(len(items), accuracy, f1, per_class, confusions(task_pairs), confusions(sentiment_pairs))


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path("tests/classify/eval_set.jsonl")
    result = evaluate(load(path))
    print(f"items               {result.items}")
    print(f"task accuracy       {result.task_accuracy:.4f}")
    print(f"sentiment macro-F1  {result.sentiment_macro_f1:.4f}  " + "  ".join(f"{k} {v:.3f}" for k, v in result.sentiment_f1.items()))
    print("task confusions (expected -> predicted):", ", ".join(f"{e}->{p} x{n}" for e, p, n in result.task_confusions[:12]))
    print("sentiment confusions:", ", ".join(f"{e}->{p} x{n}" for e, p, n in result.sentiment_confusions))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
