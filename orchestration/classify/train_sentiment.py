"""Train the sentiment model and write orchestration/classify/sentiment_model.csv.

    python -m orchestration.classify.train_sentiment            # writes the file
    python -m orchestration.classify.train_sentiment --check    # exit 1 when the file differs
    python -m orchestration.classify.train_sentiment --cross-validate   # 5-fold figure on news_dev
    python -m orchestration.classify.train_sentiment --cross-validate --nb-weight 0 --seeds 3 --test-first 401

Training data: the development parts only: tests/classify/news_dev.jsonl (real news) and the
lines of tests/classify/eval_set.jsonl marked split "dev". The sealed real-news holdout and the
217-item set's holdout half are never read here.

The model is two linear models over the same features, summed into one weight per feature and
sentiment (so labelling reads one CSV and one sum, as before):
- a multinomial logistic regression (scikit-learn, lbfgs, deterministic), classes weighted by
  their inverse frequency, C = REGULARISATION_C;
- a complement naive Bayes (scikit-learn ComplementNB, alpha = NB_ALPHA) over the present/absent
  features (the lexicon's clipped score is left out: it is not a count), whose per-feature log
  weights, centred over the three sentiments, are added with weight NB_WEIGHT.
Why both: the regression, strongly regularised, leans on the lexicon and a few frequent words;
naive Bayes counts every word it has seen with each sentiment, which is what separates good news
told as plain facts from plain announcements when only some five hundred stories are labelled.
The sum is multiplied by TEMPERATURE so that the softmax of the scores is a calibrated
probability again (`sentiment_confidence`, the review queue's weak-sentiment threshold); it
changes no label. The three constants were chosen by `--cross-validate` (docs/classifier.md).
Weights are rounded to 6 decimals, features whose three weights all round below 1e-4 dropped.
The file is a pure function of the two sets and the lexicon: `--check` (and
tests/classify/test_sentiment_model.py) shows it reproduces.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from orchestration.classify.evaluate import EVAL_SET, NEWS_DEV, load
from orchestration.classify.sentiment_model import BIAS, CLASSES, MODEL_CSV, features

REGULARISATION_C = 0.3
NB_WEIGHT = 0.5
NB_ALPHA = 1.0
TEMPERATURE = 0.3
MIN_WEIGHT = 1e-4
COUNT_FREE = ("lex:score",)  # features naive Bayes leaves out: values, not presence


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


def fit(rows: list[dict[str, float]], labels: list[str], nb_weight: float = NB_WEIGHT):
    """(feature names, sentiments, weights [sentiment × feature], biases): the summed model."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer  # only the training needs scikit-learn
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB

    vectoriser = DictVectorizer(sort=True)
    matrix = vectoriser.fit_transform(rows).tocsr()
    names = vectoriser.get_feature_names_out()
    regression = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=10_000, tol=1e-8)
    regression.fit(matrix, labels)
    weights = regression.coef_.copy()
    if nb_weight:
        counted = np.array([name not in COUNT_FREE for name in names])
        bayes = ComplementNB(alpha=NB_ALPHA).fit(matrix[:, counted], labels)
        assert list(bayes.classes_) == list(regression.classes_)
        log_weights = bayes.feature_log_prob_
        # Centred over the sentiments: a constant added to all three changes no score difference.
        weights[:, counted] += nb_weight * (log_weights - log_weights.mean(axis=0))
    temperature = TEMPERATURE if nb_weight else 1.0  # the regression alone is calibrated as it is
    return list(names), list(regression.classes_), temperature * weights, temperature * regression.intercept_


def predict(model, rows: list[dict[str, float]]) -> list[str]:
    names, classes, weights, biases = model
    column = {name: k for k, name in enumerate(names)}
    out = []
    for row in rows:
        scores = list(biases)
        for name, value in row.items():
            k = column.get(name)
            if k is not None:
                for c in range(len(classes)):
                    scores[c] += weights[c, k] * value
        out.append(classes[max(range(len(classes)), key=scores.__getitem__)])
    return out


def cross_validate(
    folds: int = 5, nb_weight: float = NB_WEIGHT, seeds: int = 1, test_first: int | None = None
) -> tuple[float, dict[str, float]]:
    """Macro-F1 on news_dev, each fifth predicted by a model trained on the rest (plus the
    217-item set's dev half): what the model does on real news it has not seen. With
    `test_first`, only the first N items of news_dev are split into folds (the later items join
    every training fold): figures comparable with an earlier, smaller news_dev. Averaged over
    `seeds` shuffles. The lexicon's own terms were chosen reading news_dev, so this flatters it."""
    from sklearn.model_selection import StratifiedKFold

    from orchestration.classify.evaluate import macro_f1

    news = load(NEWS_DEV)
    written = [i for i in load(EVAL_SET) if i.get("split") == "dev"]
    tested = news[:test_first] if test_first else news
    rest = news[len(tested) :]
    rows, extra = feature_rows(tested), feature_rows(written + rest)
    labels = [i["sentiment"] for i in tested]
    extra_labels = [i["sentiment"] for i in written + rest]
    totals: list[float] = []
    per_class: dict[str, list[float]] = {}
    for seed in range(seeds):
        predicted: list[str] = [""] * len(tested)
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(rows, labels):
            model = fit([rows[i] for i in train] + extra, [labels[i] for i in train] + extra_labels, nb_weight)
            for i, label in zip(test, predict(model, [rows[i] for i in test])):
                predicted[i] = label
        score, classes = macro_f1(list(zip(labels, predicted)))
        totals.append(score)
        for name, value in classes.items():
            per_class.setdefault(name, []).append(value)
    return sum(totals) / seeds, {name: sum(v) / seeds for name, v in per_class.items()}


def model_csv(items: list[dict]) -> str:
    names, classes, weights, biases = fit(feature_rows(items), [item["sentiment"] for item in items])
    order = [classes.index(c) for c in CLASSES]
    out = io.StringIO()
    out.write("feature," + ",".join(CLASSES) + "\n")
    out.write(BIAS + "," + ",".join(f"{biases[i]:.6f}" for i in order) + "\n")
    for column, name in enumerate(names):
        row = [weights[i, column] for i in order]
        if max(abs(w) for w in row) < MIN_WEIGHT:
            continue
        quoted = '"' + name.replace('"', '""') + '"' if ("," in name or '"' in name) else name
        out.write(quoted + "," + ",".join(f"{w:.6f}" for w in row) + "\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.classify.train_sentiment", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    parser.add_argument("--cross-validate", action="store_true", help="print the 5-fold macro-F1 on news_dev")
    parser.add_argument("--nb-weight", type=float, default=NB_WEIGHT, help="for --cross-validate; 0: regression alone")
    parser.add_argument("--seeds", type=int, default=1, help="for --cross-validate: average over this many shuffles")
    parser.add_argument("--test-first", type=int, help="for --cross-validate: folds over the first N items only")
    parser.add_argument("--out", type=Path, default=MODEL_CSV)
    args = parser.parse_args(argv)
    if args.cross_validate:
        score, per_class = cross_validate(nb_weight=args.nb_weight, seeds=args.seeds, test_first=args.test_first)
        print(
            f"sentiment model (naive Bayes weight {args.nb_weight:g}), 5-fold on news_dev"
            + (f"'s first {args.test_first}" if args.test_first else "")
            + f", {args.seeds} shuffle(s): macro-F1 {score:.4f}  "
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
