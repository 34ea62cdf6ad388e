"""Fake personal data: Vietnamese names, phone numbers and e-mail addresses made up at random.

No list of real people is used. Names are drawn from common family, middle and given names;
phone numbers are random digits behind real mobile prefixes; e-mail addresses sit on the
reserved `.example` domains (RFC 2606) so that none can reach anybody.
"""

from __future__ import annotations

import random

from orchestration.domain.text import strip_diacritics

FAMILY = [
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Huỳnh", 5),
    ("Hoàng", 3),
    ("Phan", 4),
    ("Võ", 5),
    ("Vũ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Trương", 2),
    ("Đinh", 1),
    ("Lâm", 1),
    ("Mai", 1),
    ("Tạ", 1),
    ("Châu", 1),
]
MIDDLE_MALE = ["Văn", "Minh", "Hữu", "Quốc", "Thành", "Đức", "Hoàng", "Tuấn", "Công", "Gia", "Anh", "Trọng"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bảo", "Hồng", "Phương", "Minh", "Thảo", "Diệu"]
GIVEN_MALE = [
    "An",
    "Bảo",
    "Cường",
    "Dũng",
    "Duy",
    "Đạt",
    "Hải",
    "Hiển",
    "Hòa",
    "Huy",
    "Khang",
    "Khoa",
    "Kiên",
    "Long",
    "Luân",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tài",
    "Thắng",
    "Thịnh",
    "Trí",
    "Trung",
    "Tú",
    "Vinh",
    "Vũ",
    "Lộc",
]
GIVEN_FEMALE = [
    "Anh",
    "Châu",
    "Diễm",
    "Dung",
    "Giang",
    "Hà",
    "Hằng",
    "Hạnh",
    "Hiền",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Tâm",
    "Thảo",
    "Trâm",
    "Trang",
    "Tuyết",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
]
# Names of people the plan itself names: never generated, even by chance.
_NEVER = {"Nguyễn Văn Hiếu"}

MOBILE_PREFIXES = [
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
]
PUBLIC_DOMAINS = ["example.com", "example.net", "example.org"]
STAFF_DOMAIN = "hcm.edu.example"


def full_name(rng: random.Random) -> str:
    while True:
        female = rng.random() < 0.55
        family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        name = f"{family} {middle} {given}"
        if name not in _NEVER:
            return name


def phone(rng: random.Random) -> str:
    """A Vietnamese mobile number written the way people type it."""
    prefix = rng.choice(MOBILE_PREFIXES)
    digits = "".join(str(rng.randrange(10)) for _ in range(7))
    number = prefix + digits
    style = rng.random()
    if style < 0.45:
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    if style < 0.75:
        return number
    if style < 0.9:
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"
    return f"+84 {number[1:4]} {number[4:7]} {number[7:]}"


def _ascii(text: str) -> str:
    return "".join(ch for ch in strip_diacritics(text).lower() if ch.isalnum())


def email(rng: random.Random, name: str, *, staff_unit: str | None = None) -> str:
    parts = name.split()
    family, given = _ascii(parts[0]), _ascii(parts[-1])
    initials = "".join(_ascii(p)[0] for p in parts[:-1])
    if staff_unit is not None:
        return f"{given}{initials}.{_ascii(staff_unit)}@{STAFF_DOMAIN}"
    style = rng.random()
    if style < 0.4:
        local = f"{_ascii(''.join(parts[::-1]))}{rng.randrange(80, 100) if rng.random() < 0.6 else ''}"
    elif style < 0.7:
        local = f"{given}.{family}{rng.randrange(1, 999)}"
    else:
        local = f"{initials}{given}{rng.randrange(1975, 2012)}"
    return f"{local}@{rng.choice(PUBLIC_DOMAINS)}"
