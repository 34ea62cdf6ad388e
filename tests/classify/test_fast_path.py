"""The fast path (pyvi's CRF only where a decision depends on it) labels exactly as the
reference path (pyvi's CRF on every text).

The fast path takes pyvi's regex tokens as words and marks the links its CRF could glue
(matching.fast_passage); a decision that reads such a link raises NeedsSegmentation and the text
is segmented by the CRF. Same labels, evidence included, on every text we have: the evaluation
set, the sample inbox's press titles and ledes, fanpage texts and portal page titles, the press
bank, and hand-made texts that stress the unsure links (non-ASCII punctuation that the CRF may
glue, capitals, numbers, text typed without diacritics, NFD).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from orchestration.classify.classifier import Classifier
from orchestration.classify.evaluate import load
from orchestration.classify.matching import NeedsSegmentation, fast_passage, passage, segmented_passage
from orchestration.classify.reference import load_sentiment_lexicon
from orchestration.classify.sentiment import SentimentScorer
from tools.sample.press_bank import STORIES

ROOT = Path(__file__).resolve().parents[2]
EVAL_SET = Path(__file__).with_name("eval_set.jsonl")
MEDIA = ROOT / "sources" / "media"


def _csv_rows(path: Path, skip_comments: bool = False) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = [line for line in handle if not (skip_comments and (line.startswith("#") or not line.strip()))]
    return list(csv.DictReader(lines))


def _press() -> list[tuple[str, str, str | None]]:
    rows = [row for path in sorted((MEDIA / "press").glob("*.csv")) for row in _csv_rows(path)]
    return [(r["tieu_de"], r["tom_tat"], None) for r in rows]


def _fanpage() -> list[tuple[str, str, str | None]]:
    rows = [row for path in sorted((MEDIA / "fanpage").glob("*.csv")) for row in _csv_rows(path)]
    return [(r["Title"], r["Description"], None) for r in rows]


def _web() -> list[tuple[str, str, str | None]]:
    # GA4 exports: a "#" preamble, a blank line, then the table; page titles are labelled alone.
    titles = {
        row["Page title"]
        for path in sorted((MEDIA / "web").glob("*.csv"))
        for row in _csv_rows(path, skip_comments=True)
        if row.get("Page title")
    }
    return [(title, "", None) for title in sorted(titles)]


HAND_MADE = [
    ("Học sinh chưa biết bơi, nhiều vụ đuối nước", "Phụ huynh lo lắng.", None),
    ("“Không an toàn” – trường học vẫn thiếu giáo viên…", "Không còn quá tải — nhưng chưa đủ phòng học.", None),
    ("Trường “không” an toàn?", "“Chưa” hài lòng: phụ huynh «bức xúc» vì lạm thu", None),
    ("Giáo viên học AI, STEM và IELTS “miễn phí”", "Ai được học? Chương trình PPP không chỉ cho trường công.", None),
    ("Hoc sinh chua biet boi, nhieu vu duoi nuoc", "Truong hoc khong an toan – thieu giao vien", None),
    ("Ho\u0323c sinh chu\u031binh bi\u00ea\u0301t bơi", "kho\u0302ng an toa\u0300n", None),  # NFD marks
    ("Học phí tăng 4.500 đồng; lớp 10 “chật” chội", "Trường học hạnh phúc không ngừng đổi mới – không gian xanh", None),
    ("Không… vui", "không—vui; chưa‐tốt; thiếu/đủ", None),
    ("", "", None),
    ("…", "“”", None),
    ("Sập trần, nứt tường: học sinh không bị thương", "Cháy phòng thí nghiệm, ngập sân trường sau mưa", None),
]


def _all_texts() -> list[tuple[str, str, str | None]]:
    items = [(i["title"], i["lede"], None) for i in load(EVAL_SET)]
    bank = [(h, s.lede, None) for s in STORIES for h in s.headlines]
    return items + _press() + _fanpage() + _web() + bank + HAND_MADE


def test_the_sources_are_read():
    # sources/media: 10 monthly press exports and 6 fanpage exports, each with dozens of rows;
    # the GA4 exports repeat a few page titles. A broken reader here would make the comparison vacuous.
    assert len(_press()) >= 500
    assert len(_fanpage()) >= 100
    assert len(_web()) >= 10  # 16 distinct page titles in the sample
    assert len(load(EVAL_SET)) == 217


@pytest.fixture(scope="module")
def texts():
    return _all_texts()


def test_fast_path_labels_equal_the_pyvi_everywhere_labels(texts):
    fast, reference = Classifier(), Classifier(lazy_segmentation=False)
    differ = [(t, lede) for t, lede, s in texts if fast.label(t, lede, s) != reference.label(t, lede, s)]
    assert differ == []


def test_fast_and_reference_passages_agree_on_syllables(texts):
    # The syllables (what phrases are compared with) never depend on the CRF.
    for title, lede, _ in texts:
        for text in (title, lede):
            fast, slow = fast_passage(text), passage(text)
            assert (fast.original, fast.lower, fast.folded, fast.accented) == (
                slow.original,
                slow.lower,
                slow.folded,
                slow.accented,
            )


def test_the_crf_run_on_tokens_segments_as_pyvi_tokenize(texts):
    # The fallback (segmented_passage) runs pyvi's model on the regex tokens itself; the
    # reference (passage) reads ViTokenizer.tokenize's output string. Same passage, field by field.
    for title, lede, _ in texts:
        for text in (title, lede):
            assert segmented_passage(text) == passage(text), text


def test_the_fast_builder_equals_the_general_one(texts):
    # _build_unsure is _build(..., glued=None) rewritten for speed: the same passage, unsure gaps included.
    from orchestration.classify.matching import _build, _build_unsure
    from orchestration.classify.normalise import normalise
    from orchestration.classify.segment import tokens

    for title, lede, _ in texts:
        for text in (title, lede):
            clean = normalise(text)
            found = tokens(clean) if clean else []
            assert _build_unsure(clean, found) == _build(clean, found, None), text


def test_most_texts_need_no_crf_but_some_do(texts):
    # The eval set, measured: 67 of its 434 texts ask for the CRF (a one-syllable phrase or a
    # negator at a link the CRF could glue). Checked here as bounds on all texts: if none ever
    # needed the CRF, the comparison above would not exercise the fallback at all.
    scorer = SentimentScorer(load_sentiment_lexicon())
    needed = 0
    for title, lede, _ in texts:
        for text in (title, lede):
            try:
                scorer.score(fast_passage(text))
            except NeedsSegmentation:
                needed += 1
    assert 0.03 * 2 * len(texts) < needed < 0.5 * 2 * len(texts)


def test_has_diacritics_is_strip_diacritics_by_another_road(texts):
    import unicodedata

    from orchestration.classify.normalise import has_diacritics
    from orchestration.domain.text import strip_diacritics

    for title, lede, _ in texts:
        for text in (title, lede, unicodedata.normalize("NFD", title)):
            assert has_diacritics(text) == (strip_diacritics(text) != unicodedata.normalize("NFC", text))
    assert has_diacritics("Học sinh") and has_diacritics("đi") and not has_diacritics("Hoc sinh, STEM 4.500")


def test_an_unsure_one_syllable_phrase_asks_for_the_crf():
    # "chưa" (a negator, one syllable) followed by "biết": pyvi's CRF could glue "chưa_biết",
    # so whether "chưa" is a whole word is the CRF's to say.
    text = fast_passage("Học sinh chưa biết bơi")
    assert 3 in text.word_unsure and 2 in text.word_unsure
    scorer = SentimentScorer(load_sentiment_lexicon())
    with pytest.raises(NeedsSegmentation):
        scorer.score(text)
    # ASCII punctuation is never glued: the comma's gaps are sure, and so is a word starting
    # with a capital after a lower-case one ("học" -> "AI") and a number ("lớp" -> "10").
    sure = fast_passage("Học, AI lớp 10")
    # syllables: Học(0) AI(1) lớp(2) 10(3); gap 1 (after the comma), 2 ("AI" -> "lớp": may glue), 3
    assert sure.word_unsure == frozenset({2})
    assert sure.clause_unsure == frozenset()
    quoted = fast_passage("trường “học”")
    # "“" is not ASCII punctuation: the CRF may glue it to "trường", so the clause break is unsure.
    assert quoted.clause_unsure == frozenset({1})
