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
