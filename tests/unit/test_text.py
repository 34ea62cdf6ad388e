import unicodedata

from orchestration.domain.text import clean_text, fold_key


def test_nfd_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Phường Bến Thành")
    assert nfd != "Phường Bến Thành"
    assert clean_text(nfd) == "Phường Bến Thành"


def test_odd_spaces_folded_and_stripped():
    assert clean_text("\u00a0 Phòng  Học sinh,\u00a0sinh viên \t") == "Phòng Học sinh, sinh viên"


def test_blank_is_none():
    assert clean_text("  \u00a0 ") is None
    assert clean_text(None) is None


def test_fold_key_ignores_case_diacritics_and_punctuation():
    assert fold_key("P. Bến  Thành") == "p ben thanh"
    assert fold_key("ĐẶC KHU CÔN ĐẢO") == "dac khu con dao"
    assert fold_key(unicodedata.normalize("NFD", "Đồng ý")) == "dong y"
