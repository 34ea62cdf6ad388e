"""The shipped sentiment model is what its training script makes from the development parts."""

from __future__ import annotations

from orchestration.classify import train_sentiment
from orchestration.classify.sentiment_model import SentimentModel


def test_the_model_file_reproduces_from_the_training_script(tmp_path):
    out = tmp_path / "model.csv"
    assert train_sentiment.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == train_sentiment.MODEL_CSV.read_text(encoding="utf-8")


def test_training_reads_the_development_parts_only():
    items = train_sentiment.training_items()
    ids = {i["id"] for i in items}
    # news_dev.jsonl ids start "rn"; the 217-item set's dev half "e" with split dev.
    assert all(i.startswith(("rn", "e")) for i in ids)
    assert not any(i.get("split") == "holdout" for i in items)


def test_model_decision_by_hand():
    # "t:tốt" pulls to positive, "l:tệ" and "lex:negative" to negative.
    model = SentimentModel(
        {
            "__bias__": (0.0, 0.5, 0.0),
            "t:tốt": (2.0, 0.0, -1.0),
            "l:tệ": (0.0, 0.0, 1.0),
            "lex:negative": (-1.0, 0.0, 1.5),
        }
    )
    # positive 2.0, neutral 0.5, negative -1.0: positive, p = e^2 / (e^2 + e^0.5 + e^-1); the
    # word's pull: 2.0 - (2.0 + 0 - 1.0) / 3 > 0.
    sentiment, confidence, words = model.decide(("tốt",), (), "neutral", 0.0)
    assert (sentiment, words) == ("positive", ("tốt",))
    assert abs(confidence - 7.389056 / (7.389056 + 1.648721 + 0.367879)) < 1e-6
    # With the lede's "tệ" and the lexicon's negative: positive 1.0, neutral 0.5, negative 1.5:
    # negative; "tệ" pulls to it (1 - 1/3), "tốt" away from it (-1 - 1/3): not evidence.
    assert model.decide(("tốt",), ("tệ",), "negative", 0.0)[0::2] == ("negative", ("tệ",))


def test_naive_bayes_part_of_the_weights_by_hand():
    # Five items, features a and b present or absent, and the lexicon's score on one.
    # Complement naive Bayes, alpha 1: the weight of f for class c is -log of f's share of the
    # counts of the other classes (each count + 1). Counts: positive a 2, b 1; neutral a 0, b 2;
    # negative a 0, b 1; all a 2, b 4. Complements (all + 1 - own): positive a 1, b 4 (shares
    # 1/5, 4/5); neutral a 3, b 3 (1/2, 1/2); negative a 3, b 4 (3/7, 4/7). Weights: positive
    # a ln 5, b ln 5/4; neutral a ln 2, b ln 2; negative a ln 7/3, b ln 7/4; centred over the
    # three classes, times NB_WEIGHT, added to the regression's, the sum times TEMPERATURE.
    # lex:score is a value, not a count: no naive Bayes share.
    import math

    rows = [{"a": 1.0, "lex:score": 2.0}, {"a": 1.0, "b": 1.0}, {"b": 1.0}, {"b": 1.0}, {"b": 1.0}]
    labels = ["positive", "positive", "neutral", "neutral", "negative"]
    names, classes, with_nb, bias_nb = train_sentiment.fit(rows, labels)
    names0, classes0, alone, bias0 = train_sentiment.fit(rows, labels, nb_weight=0)
    assert (names, classes) == (names0, classes0) == (["a", "b", "lex:score"], ["negative", "neutral", "positive"])
    a_log = {"negative": math.log(7 / 3), "neutral": math.log(2), "positive": math.log(5)}
    b_log = {"negative": math.log(7 / 4), "neutral": math.log(2), "positive": math.log(5 / 4)}
    a_mean, b_mean = sum(a_log.values()) / 3, sum(b_log.values()) / 3
    t, w = train_sentiment.TEMPERATURE, train_sentiment.NB_WEIGHT
    for c, name in enumerate(classes):
        assert abs(with_nb[c, 0] / t - alone[c, 0] - w * (a_log[name] - a_mean)) < 1e-9
        assert abs(with_nb[c, 1] / t - alone[c, 1] - w * (b_log[name] - b_mean)) < 1e-9
        assert abs(with_nb[c, 2] / t - alone[c, 2]) < 1e-9  # lex:score: the regression's alone
        assert abs(bias_nb[c] / t - bias0[c]) < 1e-9
