"""Train the task model and write orchestration/classify/task_model.csv.

    python -m orchestration.classify.train_task                     # writes the file
    python -m orchestration.classify.train_task --check             # exit 1 when the file differs
    python -m orchestration.classify.train_task --cross-validate    # 5-fold figures on news_dev

Training data: the development parts only: tests/classify/news_dev.jsonl (real news) and the
lines of tests/classify/eval_set.jsonl marked split "dev"; the class of an item is its primary
task, or `none`. The sealed real-news holdout and the 217-item set's holdout half are never
read here. Multinomial logistic regression (scikit-learn, lbfgs, deterministic), classes
weighted by their inverse frequency, C chosen by the cross-validation (docs/classifier.md);
weights rounded to 6 decimals, features whose weights all round below 1e-4 dropped. The file
is a pure function of the two sets: `--check` (and tests/classify/test_task_model.py) shows it
reproduces.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from orchestration.classify.evaluate import EVAL_SET, NEWS_DEV, load
from orchestration.classify.sentiment_model import BIAS
from orchestration.classify.task_model import NO_TASK, TASK_MODEL_CSV, TaskModel, features

REGULARISATION_C = 3.0
MIN_WEIGHT = 1e-4


def training_items() -> list[dict]:
    return load(NEWS_DEV) + [i for i in load(EVAL_SET) if i.get("split") == "dev"]


def task_class(item: dict) -> str:
    return item.get("task") or NO_TASK


def feature_rows(items: list[dict]) -> list[dict[str, float]]:
    from orchestration.classify.matching import fast_passage

    return [features(fast_passage(i["title"]).lower, fast_passage(i.get("lede") or "").lower) for i in items]


def model_csv(rows: list[dict[str, float]], classes: list[str], c: float = REGULARISATION_C) -> str:
    from sklearn.feature_extraction import DictVectorizer  # only the training needs scikit-learn
    from sklearn.linear_model import LogisticRegression

    vectoriser = DictVectorizer(sort=True)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=10_000, tol=1e-8)
    model.fit(vectoriser.fit_transform(rows), classes)
    out = io.StringIO()
    out.write("feature," + ",".join(model.classes_) + "\n")
    out.write(BIAS + "," + ",".join(f"{b:.6f}" for b in model.intercept_) + "\n")
    for column, name in enumerate(vectoriser.get_feature_names_out()):
        weights = model.coef_[:, column]
        if max(abs(w) for w in weights) < MIN_WEIGHT:
            continue
        quoted = '"' + name.replace('"', '""') + '"' if ("," in name or '"' in name) else name
        out.write(quoted + "," + ",".join(f"{w:.6f}" for w in weights) + "\n")
    return out.getvalue()


def cross_validate(folds: int = 5, c: float = REGULARISATION_C) -> dict[str, float]:
    """On news_dev, each fifth labelled by a model trained on the rest (plus the 217-item set's
    dev half): the model alone on the items that have a task, and the classifier (phrase list,
    then the model where it applies) on all items, beside the phrase list alone. The phrase
    list was written reading news_dev, so the last two flatter it."""
    from sklearn.model_selection import KFold

    from orchestration.classify.classifier import Classifier
    from orchestration.classify.evaluate import task_right

    news = load(NEWS_DEV)
    written = [i for i in load(EVAL_SET) if i.get("split") == "dev"]
    rows, extra = feature_rows(news), feature_rows(written)
    phrases_only = Classifier(sentiment_model=None, task_model=None)
    alone = with_model = by_phrases = 0
    with_task = [i for i, item in enumerate(news) if item.get("task")]
    for train, test in KFold(folds, shuffle=True, random_state=0).split(news):
        text = model_csv(
            [rows[i] for i in train] + extra, [task_class(news[i]) for i in train] + [task_class(i) for i in written], c
        )
        model = TaskModel.read(io.StringIO(text))
        classifier = Classifier(sentiment_model=None, task_model=model)
        for i in test:
            item = news[i]
            guess = model.decide(*_syllables(item))
            alone += i in with_task and task_right(item, guess.task_code or "")[0]
            with_model += task_right(item, classifier.label(item["title"], item.get("lede")).task_code or "")[0]
            by_phrases += task_right(item, phrases_only.label(item["title"], item.get("lede")).task_code or "")[0]
    return {
        "model alone, items with a task": alone / len(with_task),
        "phrase list alone": by_phrases / len(news),
        "phrase list, then the model": with_model / len(news),
    }


def _syllables(item: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from orchestration.classify.matching import fast_passage

    return fast_passage(item["title"]).lower, fast_passage(item.get("lede") or "").lower


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.classify.train_task", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    parser.add_argument("--cross-validate", action="store_true", help="print the 5-fold task accuracies on news_dev")
    parser.add_argument("-C", type=float, default=REGULARISATION_C, help="regularisation for --cross-validate")
    parser.add_argument("--out", type=Path, default=TASK_MODEL_CSV)
    args = parser.parse_args(argv)
    if args.cross_validate:
        figures = cross_validate(c=args.C)
        print(
            f"task model, 5-fold on news_dev (C = {args.C:g}): " + "; ".join(f"{k} {v:.4f}" for k, v in figures.items())
        )
        return 0
    items = training_items()
    text = model_csv(feature_rows(items), [task_class(i) for i in items])
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("task model: reproduced" if same else f"task model: {args.out} differs from what the script trains")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"task model: {text.count(chr(10)) - 2} features written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
