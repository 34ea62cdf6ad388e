"""`make -s classify < items.jsonl > labelled.jsonl`: label JSON Lines from standard input.

Each input line is a JSON object with `title` and `lede` (and optionally `sentiment_label`, the
monitoring service's label in Vietnamese or English, which then wins). Each output line is the
same object with `task` ("2.1" ... "2.15", or "" for none) and `sentiment` (positive / neutral /
negative) added; `--explain` also adds the methods, the evidence, the secondary and runner-up
tasks and the sentiment score. Run at a terminal with nothing piped in, it prints the
evaluation of the real-news set and the 217-item set (orchestration/classify/evaluate.py). Only JSON goes to standard
output; a bad line stops the run with its line number on standard error (exit status 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from orchestration.classify.classifier import default_classifier
from orchestration.domain.text import fold_key

SERVICE_LABELS = {
    "tich cuc": "positive",
    "trung tinh": "neutral",
    "tieu cuc": "negative",
    "positive": "positive",
    "neutral": "neutral",
    "negative": "negative",
}


class BadLine(ValueError):
    pass


def _text(item: dict, field: str, number: int) -> str:
    value = item.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadLine(
            f"line {number}: `{field}` must be text, got {type(value).__name__} {json.dumps(value, ensure_ascii=False)[:80]}"
        )
    return value


def label_lines(source: TextIO, sink: TextIO, *, explain: bool = False) -> int:
    classifier = default_classifier()
    count = 0
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadLine(
                f"line {number}: not valid JSON ({exc.msg} at column {exc.colno}): {line.strip()[:120]}"
            ) from None
        if not isinstance(item, dict):
            raise BadLine(f"line {number}: expected a JSON object with `title` and `lede`, got {type(item).__name__}")
        title, lede = _text(item, "title", number), _text(item, "lede", number)
        if not title.strip() and not lede.strip():
            raise BadLine(f"line {number}: both `title` and `lede` are missing or empty")
        service = SERVICE_LABELS.get(fold_key(item.get("sentiment_label")) or "")
        label = classifier.label(title, lede, service)
        item["task"] = label.task_code or ""
        item["sentiment"] = label.sentiment
        if explain:
            item.update(
                task_method=label.task_method,
                task_evidence=label.task_evidence,
                sentiment_method=label.sentiment_method,
                sentiment_evidence=label.sentiment_evidence,
                secondary_task=label.secondary_task_code or "",
                secondary_task_evidence=label.secondary_task_evidence,
                runner_up_task=label.runner_up_task_code or "",
                sentiment_score=label.sentiment_score,
            )
        sink.write(json.dumps(item, ensure_ascii=False) + "\n")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.classify", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also write task_method, task_evidence, sentiment_method, sentiment_evidence",
    )
    args = parser.parse_args(argv)
    if sys.stdin.isatty():
        # Nothing piped in (`make -s classify` at a terminal): report the evaluation sets instead.
        from orchestration.classify.evaluate import main as evaluate_main

        return evaluate_main(["--holdout"])
    sys.stdin.reconfigure(encoding="utf-8")
    sys.stdout.reconfigure(encoding="utf-8")
    try:
        count = label_lines(sys.stdin, sys.stdout, explain=args.explain)
    except BadLine as exc:
        sys.stdout.flush()
        print(f"classify: {exc}", file=sys.stderr)
        return 2
    print(f"classify: {count} items labelled", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
