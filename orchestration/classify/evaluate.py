"""Measure the classifier on labelled sets: task accuracy, sentiment macro-F1, confusions.

    python -m orchestration.classify.evaluate                 # the real-news dev part and the 217-item set
    python -m orchestration.classify.evaluate --holdout       # also the sealed real-news holdout
    python -m orchestration.classify.evaluate my_set.jsonl    # one file

Each line: {"title", "lede", "task" ("2.1".."2.15" or ""), "sentiment"}, optionally
"task_secondary". A predicted primary task counts as right when it is the label's primary task,
or its secondary task when the label names two. The service's label is never given here:
sentiment is the classifier's alone. The holdout's errors are not listed, only its figures
(it is measured, never read while tuning: docs/classifier.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from orchestration.classify.classifier import SENTIMENTS, Classifier, default_classifier

SETS = Path(__file__).resolve().parents[2] / "tests" / "classify"
NEWS_DEV = SETS / "news_dev.jsonl"
NEWS_HOLDOUT = SETS / "news_holdout.jsonl"
EVAL_SET = SETS / "eval_set.jsonl"


@dataclass(frozen=True)
class Evaluation:
    items: int
    task_accuracy: float  # share of items whose predicted task (or none) is the label's primary or secondary
    sentiment_macro_f1: float  # mean over the 3 classes of F1 = 2PR / (P + R)
    sentiment_f1: dict[str, float]
    task_confusions: list[tuple[str, str, int]]  # (expected, predicted, count), most frequent first
    sentiment_confusions: list[tuple[str, str, int]]
    sentiment_matrix: dict[tuple[str, str], int]  # (expected, predicted) -> items
    secondary_hits: int  # items right only through the label's secondary task


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


def task_right(item: dict, predicted: str) -> tuple[bool, bool]:
    """(right, right only through the secondary task)."""
    primary, secondary = item.get("task") or "", item.get("task_secondary") or ""
    if predicted == primary:
        return True, False
    return bool(secondary) and predicted == secondary, True


def evaluate(items: list[dict], classifier: Classifier | None = None) -> Evaluation:
    classifier = classifier or default_classifier()
    right = by_secondary = 0
    task_misses, sentiment_pairs = [], []
    for item in items:
        label = classifier.label(item.get("title"), item.get("lede"))
        predicted = label.task_code or ""
        ok, secondary = task_right(item, predicted)
        right += ok
        by_secondary += ok and secondary
        if not ok:
            task_misses.append((item.get("task") or "none", predicted or "none"))
        sentiment_pairs.append((item["sentiment"], label.sentiment))
    f1, per_class = macro_f1(sentiment_pairs)
    matrix = Counter(sentiment_pairs)
    return Evaluation(
        items=len(items),
        task_accuracy=right / len(items),
        sentiment_macro_f1=f1,
        sentiment_f1=per_class,
        task_confusions=[(e, p, n) for (e, p), n in Counter(task_misses).most_common()],
        sentiment_confusions=[(e, p, n) for (e, p), n in matrix.most_common() if e != p],
        sentiment_matrix=dict(matrix),
        secondary_hits=by_secondary,
    )


def report(name: str, result: Evaluation, *, errors: bool = True) -> str:
    lines = [
        f"== {name}: {result.items} items",
        f"task accuracy       {result.task_accuracy:.4f}  ({result.secondary_hits} right by the label's secondary task)",
        f"sentiment macro-F1  {result.sentiment_macro_f1:.4f}  "
        + "  ".join(f"{k} {v:.3f}" for k, v in result.sentiment_f1.items()),
        "sentiment confusion matrix (rows expected, columns predicted):",
        "            " + "".join(f"{p:>10}" for p in SENTIMENTS),
    ]
    for expected in SENTIMENTS:
        lines.append(
            f"  {expected:<10}" + "".join(f"{result.sentiment_matrix.get((expected, p), 0):>10}" for p in SENTIMENTS)
        )
    # Task codes and counts only, never an item's text: the holdout is measured, not read.
    lines.append(
        "task confusions (expected -> predicted): "
        + ", ".join(f"{e}->{p} x{n}" for e, p, n in result.task_confusions[: 15 if errors else 40])
    )
    return "\n".join(lines)


def standard_sets(holdout: bool) -> list[tuple[str, list[dict], bool]]:
    """(name, items, list the errors?) for the real-news set and the 217-item set."""
    sets: list[tuple[str, list[dict], bool]] = []
    if NEWS_DEV.exists():
        sets.append(("real news, development part", load(NEWS_DEV), True))
    if holdout and NEWS_HOLDOUT.exists():
        sets.append(("real news, sealed holdout", load(NEWS_HOLDOUT), False))
    written = load(EVAL_SET)
    sets.append(("217-item set, holdout half", [i for i in written if i.get("split") == "holdout"], True))
    sets.append(("217-item set, all", written, True))
    return sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.classify.evaluate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("files", nargs="*", type=Path, help="labelled JSON Lines (default: the standard sets)")
    parser.add_argument("--holdout", action="store_true", help="also measure the sealed real-news holdout")
    args = parser.parse_args(argv)
    sets = [(str(f), load(f), True) for f in args.files] if args.files else standard_sets(args.holdout)
    print("\n\n".join(report(name, evaluate(items), errors=errors) for name, items, errors in sets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
