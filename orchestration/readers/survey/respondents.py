"""The respondent key: a salted hash of a response's personal cells, so that two responses of
one person can be told apart from two people without keeping who they are."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from orchestration.domain.personal_data import vietnamese_national
from orchestration.domain.text import clean_text, fold_key

_NOT_DIGIT = re.compile(r"\D")


@lru_cache(maxsize=256)
def personal_kind(header: str) -> str:
    key = fold_key(header) or ""
    if "mail" in key or "thu dien tu" in key:
        return "email"
    if any(w in key for w in ("dien thoai", "sdt", "so dt", "phone", "di dong", "zalo")):
        return "phone"
    if any(w in key for w in ("ho ten", "ho va ten", "ten", "name")):
        return "name"
    return "other"


def normalise_personal(kind: str, value: object) -> str:
    text = clean_text(value)
    if text is None:
        return ""
    if kind == "email":
        return text.replace(" ", "").lower()
    if kind == "phone":
        digits = _NOT_DIGIT.sub("", text)
        return national_phone_digits(digits)
    return fold_key(text) or ""


def national_phone_digits(digits: str) -> str:
    """A Vietnamese number's digits as dialled inside the country: +84 912 345 678, 0084 912 345 678
    and +84 (0) 912 345 678 are all 0912345678 (a mobile number is 9 digits after the 0, a
    landline 10); anything else is kept as typed."""
    national = vietnamese_national(digits[2:] if digits.startswith("00") else digits)
    return "0" + national if national is not None and len(national) in (9, 10) else digits


def respondent_key(salt: str, personal: list[tuple[str, object]]) -> str | None:
    """Salted SHA-256 of the respondent's (header, value) personal cells; None when all are blank.

    Names come first, then phones, then emails, then any other personal column, each group in
    questionnaire order, so the key does not depend on the export's column order.
    """
    order = {"name": 0, "phone": 1, "email": 2, "other": 3}
    parts = sorted(
        ((order[personal_kind(h)], i, normalise_personal(personal_kind(h), v)) for i, (h, v) in enumerate(personal)),
    )
    return salted_key(salt, [p[2] for p in parts])


def salted_key(salt: str, values: list[str]) -> str | None:
    """Hex SHA-256 of the salt and the normalised personal values; None when all are blank."""
    if not any(values):
        return None
    return hashlib.sha256((salt + "|".join(values)).encode("utf-8")).hexdigest()
