"""The classifier's general rules on items worked out by hand from the seeds.

Weights quoted from dbt_project/seeds/ref_task_keywords.csv (score = weight x 2 in the title,
x 1 in the lede; weight 1 or less = generic, never decides alone) and ref_sentiment_lexicon.csv.
The lexicon-alone classifier (`sentiment_model=None`) is used where the lexicon's rules are the
point; the shipped classifier (with the model) where the method and evidence are.
"""

from __future__ import annotations

import pytest

from orchestration.classify.classifier import Classifier, default_classifier


@pytest.fixture(scope="module")
def lexicon() -> Classifier:
    return Classifier(sentiment_model=None)


def test_specific_stem_beats_the_generic_festival(lexicon):
    # STEM (2.4, weight 4) x 2 = 8 against "ngày hội" (2.15, generic 1) x 2 = 2.
    label = lexicon.label("Ngày hội STEM cho học sinh tiểu học", "")
    assert (label.task_code, label.task_score, label.task_evidence) == ("2.4", 8.0, "STEM")
    assert (label.runner_up_task_code, label.runner_up_task_score, label.secondary_task_code) == ("2.15", 2.0, None)


def test_swimming_beats_life_skills(lexicon):
    # "bơi" (2.10, weight 3) x 2 = 6 against "kỹ năng sống" (2.8, generic 1) x 2 = 2.
    label = lexicon.label("Phổ cập bơi, kỹ năng sống cho học sinh tiểu học", "")
    assert (label.task_code, label.task_score, label.runner_up_task_code) == ("2.10", 6.0, "2.8")


def test_vocational_school_equipment_is_vocational(lexicon):
    # "trường nghề" (2.6, 3) x 2 = 6 against "thiết bị" (2.12, generic 1) x 2 = 2; "thiếu"
    # negates "hiện đại" (positive 1): -1, negative.
    label = lexicon.label("Nhiều trường nghề thiếu thiết bị thực hành hiện đại", "")
    assert (label.task_code, label.task_evidence, label.runner_up_task_code) == ("2.6", "trường nghề", "2.12")
    assert (label.sentiment, label.sentiment_score, label.sentiment_evidence) == ("negative", -1.0, "¬hiện đại")


def test_principals_powers_are_autonomy(lexicon):
    # 2.1: "hiệu trưởng" 1 + "được quyết định" 3 + "kế hoạch giáo dục nhà trường" 5 = 9, x 2.
    label = lexicon.label("Hiệu trưởng được quyết định nhiều hơn về kế hoạch giáo dục nhà trường", "")
    assert (label.task_code, label.task_score) == ("2.1", 18.0)
    assert label.task_evidence == "hiệu trưởng; được quyết định; kế hoạch giáo dục nhà trường"


def test_ai_training_for_teachers_serves_two_tasks(lexicon):
    # 2.11: "ứng dụng" 1 + "AI" 4 = 5, x 2 = 10; 2.5: "bồi dưỡng giáo viên" (4 syllables) x 2 = 8.
    # 8 >= 0.5 x 10 with a headline phrase: secondary task 2.5.
    label = lexicon.label("Bồi dưỡng giáo viên ứng dụng AI trong dạy học", "")
    assert (label.task_code, label.task_score, label.task_evidence) == ("2.11", 10.0, "ứng dụng; AI")
    assert (label.secondary_task_code, label.secondary_task_evidence) == ("2.5", "bồi dưỡng giáo viên")
    assert (label.runner_up_task_code, label.runner_up_task_score) == ("2.5", 8.0)


def test_a_generic_word_alone_decides_no_task(lexicon):
    label = lexicon.label("Ngày hội đọc sách ở phường Bến Thành", "")
    assert (label.task_code, label.task_method, label.task_evidence) == (None, "none", None)
    assert (label.runner_up_task_code, label.runner_up_task_score) == ("2.15", 2.0)  # for the review queue


def test_another_province_alone_is_no_task(lexicon):
    label = lexicon.label("Hà Nội thí điểm tự chủ cho 50 trường", "")
    assert (label.task_code, label.task_method, label.task_evidence) == (None, "none", "nơi khác: Hà Nội")
    assert (label.runner_up_task_code, label.runner_up_task_score) == ("2.1", 6.0)
    # Naming the city too keeps the task: "tự chủ" (3) x 2.
    both = lexicon.label("Từ Hà Nội đến TP.HCM, các trường được tự chủ", "")
    assert (both.task_code, both.task_score) == ("2.1", 6.0)


def test_a_response_in_the_headline_mutes_the_problem(lexicon):
    # "yêu cầu", "chấn chỉnh" are responses: "lạm thu" (-2) and the lede's "bức xúc" (-2) do
    # not count; nothing positive: neutral.
    label = lexicon.label("Sở GD-ĐT yêu cầu các trường chấn chỉnh lạm thu", "Phụ huynh bức xúc vì nhiều khoản thu.")
    assert (label.sentiment, label.sentiment_score) == ("neutral", 0.0)
    assert label.sentiment_evidence == "↺yêu cầu; ↺chấn chỉnh; ~lạm thu; ~bức xúc"
    # 2.1: "lạm thu" 4 x 2 + "khoản thu" 4 x 1 = 12.
    assert (label.task_code, label.task_score) == ("2.1", 12.0)


def test_the_headline_decides_sentiment(lexicon):
    # Title: "khang trang" +2; the lede's "bức xúc" -2, "kẹt xe" -1 count only when the title
    # scores 0.
    label = lexicon.label("Trường mới khang trang đón học sinh", "Phụ huynh vẫn bức xúc vì kẹt xe.")
    assert (label.sentiment, label.sentiment_score) == ("positive", 2.0)
    quiet = lexicon.label("Lịch nghỉ Tết của học sinh", "Phụ huynh bức xúc vì kẹt xe.")
    assert (quiet.sentiment, quiet.sentiment_score) == ("negative", -3.0)


def test_shipped_classifier_labels_sentiment_by_the_model_with_evidence():
    label = default_classifier().label(
        "Sở GD-ĐT yêu cầu các trường chấn chỉnh lạm thu", "Phụ huynh bức xúc vì nhiều khoản thu."
    )
    assert label.sentiment_method == "model"
    # The lexicon's terms first, then the words that weighed most for the chosen sentiment.
    assert label.sentiment_evidence.startswith("↺yêu cầu; ↺chấn chỉnh; ~lạm thu; ~bức xúc")
    assert 1 / 3 < label.sentiment_confidence <= 1.0  # the winner of three classes
    assert label.sentiment_score == 0.0  # the lexicon's score, kept beside the model's label
