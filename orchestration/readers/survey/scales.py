"""The answers a survey understands: the five-point Likert scale and the six respondent groups,
in the words and digits people write them."""

from __future__ import annotations

import re
from functools import lru_cache

from orchestration.domain.text import clean_text, fold_key

GROUPS: dict[str, list[str]] = {
    "Phụ huynh": ["phụ huynh học sinh", "cha mẹ học sinh", "cha mẹ", "PHHS", "CMHS"],
    "Giáo viên": ["GV", "nhà giáo"],
    "Học sinh": ["HS"],
    "Cán bộ quản lý": ["CBQL", "cán bộ quản lý giáo dục"],
    "Người dân": ["công dân"],
    "Chuyên gia": ["nhà khoa học"],
}
_GROUP_BY_KEY = {fold_key(a): g for g, aliases in GROUPS.items() for a in [g, *aliases]}

LIKERT: dict[str, int] = {
    "hoàn toàn không đồng ý": 1,
    "rất không đồng ý": 1,
    "không đồng ý": 2,
    "phân vân": 3,
    "bình thường": 3,
    "trung lập": 3,
    "đồng ý": 4,
    "hoàn toàn đồng ý": 5,
    "rất đồng ý": 5,
}
_LIKERT_BY_KEY = {fold_key(k): v for k, v in LIKERT.items()}
NO_OPINION = {fold_key(t) for t in ("Không ý kiến", "Không có ý kiến")}
_DIGIT = re.compile(r"^([1-5])(?:[.,]0+)?$")
_DIGIT_THEN_WORDS = re.compile(r"^([1-5]) (.+)$")
_WORDS_THEN_DIGIT = re.compile(r"^(.+) ([1-5])$")


class LikertError(ValueError):
    """An answer that is not a point on the five-point scale."""


@lru_cache(maxsize=4096)  # an export holds a few dozen distinct answers over millions of cells
def likert_score(value: object) -> int | None:
    """The raw 1..5 point an answer means, before reverse coding; None for blank/no opinion.

    Accepts the scale's words in any case and with or without diacritics, the digits 1..5
    ("4", "4.0"), and both together when they agree ("4 - Đồng ý", "Đồng ý (4)").
    """
    text = clean_text(value)
    if text is None:
        return None
    if match := _DIGIT.match(text):
        return int(match[1])
    key = fold_key(text) or ""
    if key in NO_OPINION:
        return None
    if key in _LIKERT_BY_KEY:
        return _LIKERT_BY_KEY[key]
    for pattern, digit_group, words_group in ((_DIGIT_THEN_WORDS, 1, 2), (_WORDS_THEN_DIGIT, 2, 1)):
        if match := pattern.match(key):
            digit, words = int(match[digit_group]), match[words_group]
            if words not in _LIKERT_BY_KEY:
                break
            if _LIKERT_BY_KEY[words] != digit:
                raise LikertError(f"the number {digit} and the words disagree on the scale")
            return digit
    raise LikertError(
        "not a point on the five-point scale: expected 1-5 or Hoàn toàn không đồng ý / "
        "Không đồng ý / Phân vân / Đồng ý / Hoàn toàn đồng ý, or Không ý kiến"
    )


def respondent_group(value: object) -> str | None:
    """One of the six canonical groups, or None when the written value is not one of them."""
    return _GROUP_BY_KEY.get(fold_key(value) or "")
