"""The media classifier's parts on specific Vietnamese examples (orchestration/classify)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from orchestration.classify.classifier import Classifier
from orchestration.classify.matching import PhraseIndex, passage
from orchestration.classify.normalise import has_diacritics, syllables
from orchestration.classify.reference import ReferenceError, compile_entry, load_task_phrases
from orchestration.classify.segment import words


def phrases(*pairs: tuple[str, str]) -> PhraseIndex:
    return PhraseIndex([compile_entry(text, task, float(len(text.split()))) for task, text in pairs])


def found(index: PhraseIndex, text: str) -> list[str]:
    return [m.entry.text for m in index.find(passage(text))]


# ---------------------------------------------------------------- normalisation, segmentation


def test_syllables_lower_case_and_drop_punctuation_and_number_separators():
    assert syllables("Đề án 4.500 phòng học!") == ["đề", "án", "4500", "phòng", "học"]


def test_nfd_text_becomes_the_same_syllables_as_nfc():
    nfc = "Trường học hạnh phúc"
    assert syllables(unicodedata.normalize("NFD", nfc)) == ["trường", "học", "hạnh", "phúc"]


def test_has_diacritics_tells_typed_without_accents_apart():
    assert has_diacritics("Học sinh") is True
    assert has_diacritics("dau tu cong") is False


def test_pyvi_groups_syllables_into_words_and_marks_punctuation():
    assert words("Học sinh chưa biết bơi, trường an toàn") == [
        ("Học", "sinh"),
        ("chưa",),
        ("biết",),
        ("bơi",),
        (),
        ("trường",),
        ("an", "toàn"),
    ]


# ---------------------------------------------------------------- phrase matching


def test_longest_phrase_wins_at_a_position():
    index = phrases(("2.9", "hạnh phúc"), ("2.9", "trường học hạnh phúc"))
    assert found(index, "Nhân rộng trường học hạnh phúc") == ["trường học hạnh phúc"]


def test_one_syllable_phrase_must_be_a_whole_word():
    index = phrases(("2.4", "học"))
    # "trường học" is one word for pyvi: "học" inside it does not count; "học" alone does.
    assert found(index, "Trường học mới") == []
    assert found(index, "Em học bài") == ["học"]


def test_swimming_is_not_training_with_diacritics_kept():
    index = phrases(("2.10", "bơi"))
    assert found(index, "Bồi dưỡng giáo viên") == []
    assert found(index, "Dạy bơi cho học sinh") == ["bơi"]


def test_text_without_diacritics_is_matched_folded():
    index = phrases(("2.12", "đầu tư công"))
    assert found(index, "Giai ngan von dau tu cong cham") == ["đầu tư công"]


def test_acronym_phrase_matches_only_in_capitals():
    index = phrases(("2.11", "AI"))
    assert found(index, "AI vào lớp học: ai chịu trách nhiệm?") == ["AI"]
    assert found(index, "Tai nạn giao thông") == []


def test_a_phrase_never_crosses_punctuation():
    index = phrases(("2.3", "dạy thêm học thêm"))
    assert found(index, "Dạy thêm học thêm") == ["dạy thêm học thêm"]
    assert found(index, "Dạy thêm, học thêm") == []


def test_phrase_list_weights_default_to_syllables_and_reject_bad_codes(tmp_path: Path):
    seed = tmp_path / "ref_task_keywords.csv"
    seed.write_text("task_code,phrase,weight\n2.9,trường học hạnh phúc,\n2.5,giáo viên,1\n", encoding="utf-8")
    assert [(e.label, e.weight) for e in load_task_phrases(seed)] == [("2.9", 4.0), ("2.5", 1.0)]
    seed.write_text("task_code,phrase,weight\n2.16,học sinh,\n", encoding="utf-8")
    with pytest.raises(ReferenceError, match="line 2: task_code '2.16'"):
        load_task_phrases(seed)


# ---------------------------------------------------------------- task and sentiment decisions


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    # The lexicon's own rules (negation, shields, threshold) are what these tests check: the
    # sentiment model on top is tested in tests/classify/test_rules.py.
    return Classifier(sentiment_model=None)


def test_title_phrases_count_double(classifier):
    # Title: "dạy thêm" (2 syllables x 2 = 4) for 2.3; lede: "giáo viên" (weight 1) for 2.5.
    label = classifier.label("Siết dạy thêm", "Giáo viên phải đăng ký")
    assert (label.task_code, label.task_method, label.task_evidence) == ("2.3", "phrase_list", "dạy thêm")


def test_no_phrase_means_no_task(classifier):
    label = classifier.label("Giá xăng giảm nhẹ từ chiều nay", "")
    assert (label.task_code, label.task_method) == (None, "none")


def test_negation_turns_a_positive_term(classifier):
    label = classifier.label("Nhiều trường không an toàn", "")
    assert (label.sentiment, label.sentiment_method, label.sentiment_evidence) == ("negative", "lexicon", "¬an toàn")


def test_negation_reaches_three_words_and_stops_at_a_comma(classifier):
    # pyvi words after "chưa": thật_sự (1), hiệu_quả (2): within the 3-word reach -> negated.
    assert classifier.label("Đề án chưa thật sự hiệu quả", "").sentiment == "negative"
    # A comma closes the clause: "chưa" does not reach "khang trang" (positive, weight 2).
    label = classifier.label("Học sinh chưa đến, trường khang trang", "")
    assert (label.sentiment, label.sentiment_evidence) == ("positive", "khang trang")


def test_one_weak_word_leaves_policy_news_neutral(classifier):
    # "an toàn" weighs 0.5 in the lexicon: below the threshold 1, so neutral, with its evidence.
    label = classifier.label("Học sinh chưa đến, trường an toàn", "")
    assert (label.sentiment, label.sentiment_score, label.sentiment_evidence) == ("neutral", 0.5, "an toàn")


def test_negated_negative_turns_mildly_positive(classifier):
    label = classifier.label("Không còn tình trạng quá tải", "")
    assert (label.sentiment, label.sentiment_evidence) == ("positive", "¬quá tải")


def test_shield_expressions_do_not_negate(classifier):
    # "không ngừng" (constantly) is not a negation of "nâng cao".
    label = classifier.label("Không ngừng nâng cao chất lượng", "")
    assert (label.sentiment, label.sentiment_evidence) == ("positive", "nâng cao")


def test_the_service_label_wins_over_the_lexicon(classifier):
    label = classifier.label("Nhiều trường không an toàn", "", "neutral")
    assert (label.sentiment, label.sentiment_method, label.sentiment_evidence) == ("neutral", "service_label", None)


def test_nothing_polar_is_neutral_by_the_lexicon(classifier):
    label = classifier.label("Lịch thi tốt nghiệp THPT năm 2026", "")
    assert (label.sentiment, label.sentiment_method) == ("neutral", "lexicon")
