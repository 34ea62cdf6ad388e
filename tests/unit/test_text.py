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


# The definitions `clean_text` and `strip_diacritics` must keep, written out step by step: the
# functions skip steps that cannot change a value, and these say the result never differs.
def _clean_text_by_definition(value: str) -> str | None:
    from orchestration.domain.text import MULTI_SPACE, ODD_SPACES

    text = MULTI_SPACE.sub(" ", ODD_SPACES.sub(" ", unicodedata.normalize("NFC", value))).strip()
    return text or None


def _strip_diacritics_by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Characters that test each step: odd spaces, other Unicode spaces and separators (which
# str.strip removes but ODD_SPACES does not), controls, format characters, combining marks,
# precomposed and decomposed Vietnamese letters, đ, full-width and other-script letters.
_ALPHABET = (
    " \t\r\n\x0b\x0c\x1c\x1f\x85\u00a0\u1680\u2000\u2002\u2007\u2009\u200b\u200d\u2028\u2029\u202f\u2060\u3000"
    "\ufeff\u00ad\u0300\u0301\u0303\u0309\u0323\u031b\u0306\u0302aAeEoOuUdD1đĐơưăâêôếỆữ"
    "Ｖ１ąǅﬁ\u212b\u2126"
)


def _random_texts(count: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_every_odd_space_is_unprintable():
    # clean_text skips the ODD_SPACES substitution on printable text: exact only if no
    # character the pattern matches is printable.
    from orchestration.domain.text import ODD_SPACES

    odd = [chr(c) for c in range(0x110000) if ODD_SPACES.fullmatch(chr(c))]
    assert len(odd) == 9
    assert not any(ch.isprintable() for ch in odd)


def test_clean_text_equals_its_definition_on_mixed_text():
    texts = _random_texts(20_000, seed=7)
    assert sum(_clean_text_by_definition(t) is None for t in texts) > 100  # blanks are tested too
    for text in texts:
        assert clean_text(text) == _clean_text_by_definition(text), repr(text)


def test_clean_text_by_hand():
    assert clean_text("a\u200b\u200bb") == "a b"  # format characters become one space
    assert clean_text("\u1680a  \u3000") == "a"  # spaces other than the odd ones: only stripped
    assert clean_text("a\u2009\u2009b") == "a\u2009\u2009b"  # ... and kept inside
    assert clean_text("a \t b") == "a b"
    assert clean_text(unicodedata.normalize("NFD", " Đức  ")) == "Đức"
    assert clean_text(12.5) == "12.5"
    assert clean_text("\x1c\x85") is None  # str.strip's whitespace, not odd spaces


def test_strip_diacritics_equals_its_definition():
    from orchestration.domain.text import strip_diacritics

    for text in _random_texts(20_000, seed=8):
        assert strip_diacritics(text) == _strip_diacritics_by_definition(text), repr(text)


def test_strip_diacritics_by_hand():
    from orchestration.domain.text import strip_diacritics

    assert strip_diacritics("Nguyễn Văn Đức") == "Nguyen Van Duc"
    assert strip_diacritics(unicodedata.normalize("NFD", "Phường Bến Thành")) == "Phuong Ben Thanh"
    assert strip_diacritics("Ångström ﬁ") == "Angstrom ﬁ"  # marks go, a ligature is no mark
    assert strip_diacritics("plain ascii") == "plain ascii"
    assert fold_key("  NGUYỄN\u00a0văn   AN ") == "nguyen van an"
