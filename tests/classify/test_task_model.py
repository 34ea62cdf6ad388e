"""The task model: reproduced by its training script from the development parts, its decision
worked out by hand on a model small enough to add up, and where the classifier lets it decide
(no specific phrase, a lede, no place elsewhere)."""

from __future__ import annotations

import math

import pytest

from orchestration.classify import train_task
from orchestration.classify.classifier import Classifier, default_classifier
from orchestration.classify.task_model import TaskModel

# No phrase of ref_task_keywords.csv in the title, only generic words in the lede: the phrase
# list alone gives no task, its best guess from generic words ("trường công", 2.12) as runner-up.
TITLE = "Công nhân ngại gửi con vào trường công"
LEDE = "Trường công đóng cửa lúc 17 giờ."


def small_model(none_bias: float = 0.5) -> TaskModel:
    return TaskModel(
        ("2.2", "2.12", "none"),
        {
            "__bias__": (0.0, 0.0, none_bias),
            "t:công_nhân": (2.0, 0.0, 0.0),
            "l:đóng_cửa": (1.0, -0.5, 0.0),
            "l:giờ": (0.0, 0.0, 0.0),
        },
    )


def test_the_model_file_reproduces_from_the_training_script(tmp_path):
    out = tmp_path / "task_model.csv"
    assert train_task.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == train_task.TASK_MODEL_CSV.read_text(encoding="utf-8")


def test_training_reads_the_development_parts_only():
    items = train_task.training_items()
    assert all(i["id"].startswith(("rn", "e")) for i in items)  # news_dev "rn...", the 217-item set "e..."
    assert not any(i.get("split") == "holdout" for i in items)
    assert train_task.task_class({"task": ""}) == "none" and train_task.task_class({"task": "2.9"}) == "2.9"


def test_model_decision_by_hand():
    # 2.2: t:công_nhân 2 + l:đóng_cửa 1 = 3; 2.12: -0.5; none: 0.5.
    guess = small_model().decide(("công", "nhân", "ngại"), ("đóng", "cửa", "lúc", "17", "giờ"))
    total = math.exp(3) + math.exp(-0.5) + math.exp(0.5)
    assert (guess.task_code, guess.words) == ("2.2", ("công nhân", "đóng cửa"))
    assert guess.probability == pytest.approx(math.exp(3) / total)
    # The runner-up is the next task, never "none" (which scores more here).
    assert (guess.runner_up_code, guess.runner_up_words) == ("2.12", ())
    assert guess.runner_up_probability == pytest.approx(math.exp(-0.5) / total)


def test_model_may_read_no_task():
    # none: 5 against 2.2's 3: no task; the best task is the runner-up.
    guess = small_model(none_bias=5.0).decide(("công", "nhân"), ("đóng", "cửa"))
    assert (guess.task_code, guess.runner_up_code) == (None, "2.2")
    assert guess.probability == pytest.approx(math.exp(5) / (math.exp(5) + math.exp(3) + math.exp(-0.5)))


def test_classifier_asks_the_model_when_no_specific_phrase_decides():
    phrases = Classifier(sentiment_model=None, task_model=None).label(TITLE, LEDE)
    assert (phrases.task_code, phrases.task_method, phrases.runner_up_task_code) == (None, "none", "2.12")
    label = Classifier(sentiment_model=None, task_model=small_model()).label(TITLE, LEDE)
    total = math.exp(3) + math.exp(-0.5) + math.exp(0.5)
    assert (label.task_code, label.task_method, label.task_evidence) == ("2.2", "model", "từ: công nhân, đóng cửa")
    assert label.task_score == round(math.exp(3) / total, 4)
    assert (label.runner_up_task_code, label.runner_up_task_score, label.runner_up_task_evidence) == (
        "2.12",
        round(math.exp(-0.5) / total, 4),
        None,
    )
    assert label.secondary_task_code is None  # the model never gives a secondary task


def test_the_model_stays_out_where_the_rules_decide():
    classifier = Classifier(sentiment_model=None, task_model=small_model())
    # A specific phrase decides: "STEM" (2.4).
    stem = classifier.label("Ngày hội STEM cho công nhân", LEDE)
    assert (stem.task_code, stem.task_method) == ("2.4", "phrase_list")
    # A place elsewhere and none of the city: another locality's story, no task.
    huế = classifier.label(TITLE, "Trường công ở Huế đóng cửa lúc 17 giờ.")
    assert (huế.task_code, huế.task_method) == (None, "none")
    # A bare title (a portal page, a post without text) is too little to read.
    bare = classifier.label(TITLE, "")
    assert (bare.task_code, bare.task_method, bare.runner_up_task_code) == (None, "none", "2.12")
    # The model reads no task: the phrase list's guess stays the runner-up.
    unsure = Classifier(sentiment_model=None, task_model=small_model(none_bias=5.0)).label(TITLE, LEDE)
    assert (unsure.task_code, unsure.task_method, unsure.runner_up_task_code) == (None, "none", "2.12")


def test_shipped_classifier_gives_the_models_task_with_its_words():
    label = default_classifier().label(
        TITLE, "Trường công đóng cửa lúc 17 giờ, phụ huynh làm ca phải thuê người trông con."
    )
    assert label.task_method == "model"
    assert label.task_evidence.startswith("từ: ")
    assert 1 / 16 < label.task_score <= 1.0  # the winner of 16 classes (15 tasks and none)
    assert label.runner_up_task_score <= label.task_score
