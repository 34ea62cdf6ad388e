"""Train the sentiment model and write orchestration/classify/sentiment_model.csv.

    python -m orchestration.classify.train_sentiment            # writes the file
    python -m orchestration.classify.train_sentiment --check    # exit 1 when the file differs
    python -m orchestration.classify.train_sentiment --cross-validate   # 5-fold figure on news_dev

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


def feature_rows(items: list[dict]) -> list[dict[str, float]]:
    from orchestration.classify.classifier import Classifier
    from orchestration.classify.matching import fast_passage

    lexicon = Classifier(sentiment_model=None)  # the lexicon alone, as the features need it
    rows = []
    for item in items:
        label = lexicon.label(item["title"], item.get("lede") or "")
        title, lede = fast_passage(item["title"]).lower, fast_passage(item.get("lede") or "").lower
        rows.append(features(title, lede, label.sentiment, label.sentiment_score or 0.0))
    return rows


def fit(rows: list[dict[str, float]], labels: list[str]):
    from sklearn.feature_extraction import DictVectorizer  # only the training needs scikit-learn
    from sklearn.linear_model import LogisticRegression

    vectoriser = DictVectorizer(sort=True)
    model = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=10_000, tol=1e-8)
    model.fit(vectoriser.fit_transform(rows), labels)
    return vectoriser, model


def cross_validate(folds: int = 5) -> tuple[float, dict[str, float]]:
    """Macro-F1 on news_dev, each fifth predicted by a model trained on the rest (plus the
    217-item set's dev half): what the model does on real news it has not seen. The lexicon's
    own terms were chosen reading news_dev, so this flatters it somewhat."""
    from sklearn.model_selection import StratifiedKFold

    from orchestration.classify.evaluate import macro_f1

    news = load(NEWS_DEV)
    written = [i for i in load(EVAL_SET) if i.get("split") == "dev"]
    rows, extra = feature_rows(news), feature_rows(written)
    labels = [i["sentiment"] for i in news]
    predicted: list[str] = [""] * len(news)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(rows, labels):
        vectoriser, model = fit(
            [rows[i] for i in train] + extra, [labels[i] for i in train] + [i["sentiment"] for i in written]
        )
        for i, label in zip(test, model.predict(vectoriser.transform([rows[i] for i in test]))):
            predicted[i] = label
    return macro_f1(list(zip(labels, predicted)))


def model_csv(items: list[dict]) -> str:
    vectoriser, model = fit(feature_rows(items), [item["sentiment"] for item in items])
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
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.classify.train_sentiment", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    parser.add_argument("--cross-validate", action="store_true", help="print the 5-fold macro-F1 on news_dev")
    parser.add_argument("--out", type=Path, default=MODEL_CSV)
    args = parser.parse_args(argv)
    if args.cross_validate:
        score, per_class = cross_validate()
        print(
            f"sentiment model, 5-fold on news_dev: macro-F1 {score:.4f}  "
            + "  ".join(f"{k} {v:.3f}" for k, v in per_class.items())
        )
        return 0
    text = model_csv(training_items())
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(
            "sentiment model: reproduced"
            if same
            else f"sentiment model: {args.out} differs from what the script trains"
        )
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"sentiment model: {text.count(chr(10)) - 2} features written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
