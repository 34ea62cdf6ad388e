"""Train the sentiment model and write orchestration/classify/sentiment_model.csv.

    python -m orchestration.classify.train_sentiment            # writes the file
    python -m orchestration.classify.train_sentiment --check    # exit 1 when the file differs

Training data: the development parts only: tests/classify/news_dev.jsonl (real news) and the
lines of tests/classify/eval_set.jsonl marked split "dev". The sealed real-news holdout and the
217-item set's holdout half are never read here. Multinomial logistic regression (scikit-learn,
lbfgs, deterministic), classes weighted by their inverse frequency; weights rounded to 6
decimals, features whose three weights all round below 1e-4 dropped. The file is a pure
function of the two sets and the lexicon: `--check` (and tests/classify/test_sentiment_model.py)
shows it reproduces.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from orchestration.classify.evaluate import EVAL_SET, NEWS_DEV, load
from orchestration.classify.sentiment_model import BIAS, CLASSES, MODEL_CSV, features

REGULARISATION_C = 0.3
MIN_WEIGHT = 1e-4


def training_items() -> list[dict]:
    return load(NEWS_DEV) + [i for i in load(EVAL_SET) if i.get("split") == "dev"]


def model_csv(items: list[dict]) -> str:
    from sklearn.feature_extraction import DictVectorizer  # only the training needs scikit-learn
    from sklearn.linear_model import LogisticRegression

    from orchestration.classify.classifier import Classifier
    from orchestration.classify.matching import fast_passage

    lexicon = Classifier(sentiment_model=None)  # the lexicon alone, as the features need it
    rows = []
    for item in items:
        label = lexicon.label(item["title"], item.get("lede") or "")
        title, lede = fast_passage(item["title"]).lower, fast_passage(item.get("lede") or "").lower
        rows.append(features(title, lede, label.sentiment, label.sentiment_score or 0.0))
    vectoriser = DictVectorizer(sort=True)
    matrix = vectoriser.fit_transform(rows)
    model = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=10_000, tol=1e-8)
    model.fit(matrix, [item["sentiment"] for item in items])
    order = [list(model.classes_).index(c) for c in CLASSES]
    out = io.StringIO()
    out.write("feature," + ",".join(CLASSES) + "\n")
    out.write(BIAS + "," + ",".join(f"{model.intercept_[i]:.6f}" for i in order) + "\n")
    for column, name in enumerate(vectoriser.get_feature_names_out()):
        weights = [model.coef_[i, column] for i in order]
        if max(abs(w) for w in weights) < MIN_WEIGHT:
            continue
        quoted = '"' + name.replace('"', '""') + '"' if ("," in name or '"' in name) else name
        out.write(quoted + "," + ",".join(f"{w:.6f}" for w in weights) + "\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.classify.train_sentiment", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    parser.add_argument("--out", type=Path, default=MODEL_CSV)
    args = parser.parse_args(argv)
    text = model_csv(training_items())
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("sentiment model: reproduced" if same else f"sentiment model: {args.out} differs from what the script trains")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"sentiment model: {text.count(chr(10)) - 2} features written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
