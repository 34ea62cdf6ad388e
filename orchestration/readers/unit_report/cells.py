"""Cell parsers for the data sheets: tasks, forms, channels, severities, dates, quantities, counts
and percentages, each raising `CellError` with what the column expects.

Parsers are cached: a value such as a task code, a form or a date repeats down a sheet and across
the thousands of workbooks of a quarter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from orchestration.domain.dates import DateFormatError, parse_date
from orchestration.domain.numbers import NumberFormatError, parse_count, parse_number
from orchestration.domain.periods import all_periods
from orchestration.domain.text import clean_text, fold_key, strip_diacritics
from orchestration.domain.value_bounds import bound_problem
from orchestration.readers.unit_report.schema import FAMILY

ACTIVITY_FORMS: dict[str, list[str]] = {
    "Tin bài": ["tin bai", "tin", "bai", "bai viet", "tin tuc", "bai bao", "tin bai viet"],
    "Phóng sự": ["phong su", "phong su truyen hinh", "phong su anh"],
    "Tọa đàm": ["toa dam", "toa dam truyen hinh", "toa dam truc tuyen"],
    "Họp báo": ["hop bao"],
    "Thông cáo báo chí": ["thong cao bao chi", "thong cao"],
    "Infographic": ["infographic", "infographics", "info graphic", "do hoa thong tin"],
    "Video clip": ["video clip", "video", "clip", "video ngan", "phim ngan"],
    "E-magazine": ["e magazine", "emagazine", "e magazin", "longform"],
    "Livestream": ["livestream", "live stream", "phat truc tiep", "truc tiep"],
    "Hội nghị / tập huấn": ["hoi nghi tap huan", "hoi nghi", "tap huan", "hoi thao", "boi duong", "hoi nghi hoi thao"],
    "Sự kiện": ["su kien"],
    "Khác": ["khac", "hinh thuc khac"],
}
CHANNELS: dict[str, list[str]] = {
    "Cổng TTĐT Sở": [
        "cong ttdt so",
        "cong ttdt",
        "cong thong tin dien tu so",
        "cong thong tin dien tu",
        "cong thong tin so",
        "cong thong tin",
        "website so",
        "cong ttdt so gddt",
    ],
    "Trang TTĐT đơn vị": [
        "trang ttdt don vi",
        "trang ttdt",
        "trang thong tin dien tu don vi",
        "trang thong tin dien tu",
        "website don vi",
        "website",
        "trang web don vi",
        "trang web",
    ],
    "Fanpage": ["fanpage", "fan page", "facebook", "trang facebook", "fanpage don vi", "fanpage so"],
    "Báo in": ["bao in", "bao giay"],
    "Báo điện tử": ["bao dien tu", "bao mang", "bao online", "tap chi dien tu"],
    "Truyền hình": ["truyen hinh", "dai truyen hinh", "tv", "htv", "vtv"],
    "Phát thanh": ["phat thanh", "dai phat thanh", "radio", "voh", "vov"],
    "Nội bộ": ["noi bo", "noi bo don vi", "van ban noi bo"],
}
SEVERITIES: dict[str, list[str]] = {
    "Thấp": ["thap", "muc thap", "nhe"],
    "Trung bình": ["trung binh", "tb", "muc trung binh", "vua"],
    "Cao": ["cao", "muc cao", "rat cao", "nghiem trong"],
}


def _lookup(canonical: dict[str, list[str]]) -> dict[str, str]:
    out = {}
    for name, aliases in canonical.items():
        for alias in [name, *aliases]:
            out[fold_key(alias) or ""] = name
    return out


_FORM_BY_KEY = _lookup(ACTIVITY_FORMS)
_CHANNEL_BY_KEY = _lookup(CHANNELS)
_SEVERITY_BY_KEY = _lookup(SEVERITIES)


class CellError(ValueError):
    """A cell that does not hold what its column expects."""


_TASK_PREFIX = re.compile(r"^(?:nhiem\s*vu|nv)\s*(?:so\s*)?[:.\-]?\s*")
_TASK_NUMBER = re.compile(r"^(?P<a>\d{1,2})(?:\s*[.,]\s*(?P<b>\d{1,2}))?(?P<rest>.*)$")


@lru_cache(maxsize=4096)
def parse_task(value: str | None) -> str:
    """'2.4', 'Nhiệm vụ 2.4', 'NV4', 'NV 4', the table row '4', '2.04' -> '2.4'; else CellError."""
    text = clean_text(value)
    if text is None:
        raise CellError("empty; expected a task 2.1 .. 2.15")
    plain = strip_diacritics(text).lower()
    plain = _TASK_PREFIX.sub("", plain, count=1)
    match = _TASK_NUMBER.match(plain)
    expected = f"expected a task 2.1 .. 2.15 (as '2.4', 'Nhiệm vụ 2.4', 'NV4' or '4'), got {text!r}"
    if not match:
        raise CellError(expected)
    rest = match["rest"]
    # A title may follow the code ('2.4 - Chất lượng giáo dục'), a third level may not ('2.4.1').
    if rest and (re.match(r"^\s*[.,]\s*\d", rest) or not re.match(r"^(?:\s|[.:\-–)])", rest)):
        raise CellError(expected)
    if match["b"] is not None:
        if int(match["a"]) != 2:
            raise CellError(expected)
        number = int(match["b"])
    else:
        number = int(match["a"])
    if not 1 <= number <= 15:
        raise CellError(expected)
    return f"2.{number}"


def _canonical(value: str | None, table: dict[str, str], what: str, canonical: dict[str, list[str]]) -> str | None:
    key = fold_key(value)
    if key is None:
        return None
    found = table.get(key)
    if found is None:
        raise CellError(f"unknown {what} {value!r}; expected one of: {', '.join(canonical)}")
    return found


@lru_cache(maxsize=1024)
def parse_form(value: str | None) -> str | None:
    return _canonical(value, _FORM_BY_KEY, "form", ACTIVITY_FORMS)


@lru_cache(maxsize=1024)
def parse_channel(value: str | None) -> str | None:
    return _canonical(value, _CHANNEL_BY_KEY, "channel", CHANNELS)


@lru_cache(maxsize=256)
def parse_severity(value: str | None) -> str | None:
    return _canonical(value, _SEVERITY_BY_KEY, "severity", SEVERITIES)


@lru_cache(maxsize=1024)
def parse_required_form(value: str | None) -> str:
    form = parse_form(value)
    if form is None:
        raise CellError(f"empty; expected one of: {', '.join(ACTIVITY_FORMS)}")
    return form


# A date a unit writes (activity, incident, sent) is refused outside these bounds: before 2000
# it is a typo (1925 for 2025) or an Excel serial read wrong, after the last reporting window
# the warehouse knows it is in the future of every report it can hold.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = all_periods()[-1].window_end


@lru_cache(maxsize=8192)
def parse_day(value: str | None) -> dt.date | None:
    try:
        parsed = parse_date(value)
    except DateFormatError as exc:
        raise CellError(str(exc)) from None
    if parsed is not None and not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise CellError(
            f"the date {parsed:%d/%m/%Y} is outside {EARLIEST_DATE:%d/%m/%Y} .. {LATEST_DATE:%d/%m/%Y}, "
            "the years the warehouse covers: check the year"
        )
    return parsed


_LEADING_ZERO_DECIMAL = re.compile(r"^[+-]?0\.\d+$")


def _number(value: str | None) -> float | None:
    """`parse_number`, except that '0.385' is a decimal: a thousands group never follows a lone 0.

    Excel number cells reach us as text ('0.385' for a 38.5% cell), which the thousands-dot
    rule of `parse_number` would read as 385.
    """
    if value is not None and _LEADING_ZERO_DECIMAL.match(value.strip()):
        return float(value)
    return parse_number(value)


@lru_cache(maxsize=8192)
def parse_quantity(value: str | None) -> float:
    try:
        number = _number(value)
    except NumberFormatError as exc:
        raise CellError(str(exc)) from None
    if number is None:
        return 1.0
    if number < 0:
        raise CellError(f"expected a quantity of zero or more, got {value!r}")
    if (problem := bound_problem(FAMILY, "quantity", number)) is not None:
        raise CellError(problem)
    return number


@lru_cache(maxsize=8192)
def _count(value: str | None) -> int | None:
    try:
        number = _number(value)
        return None if number is None else parse_count(number)
    except NumberFormatError as exc:
        raise CellError(str(exc)) from None


def _bounded_count(field: str) -> Callable[[str | None], int | None]:
    """`_count`, refusing a value outside the field's bound (domain/value_bounds.py)."""

    def parse(value: str | None) -> int | None:
        number = _count(value)
        if number is not None and (problem := bound_problem(FAMILY, field, number)) is not None:
            raise CellError(problem)
        return number

    return parse


parse_reach = _bounded_count("reach")
parse_engagement = _bounded_count("engagement")


_PLAIN_DECIMAL = re.compile(r"^\d+(\.\d+)?$")


@lru_cache(maxsize=4096)
def parse_completion_pct(value: str | None) -> float | None:
    """'38,5%' -> 38.5; '38.5' -> 38.5; an Excel percent cell read as 0.385 -> 38.5; 0..100."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        number = _number(text)
    except NumberFormatError as exc:
        raise CellError(str(exc)) from None
    assert number is not None
    # A percent-formatted cell stores a fraction and reaches us as its plain value ('0.385');
    # a person typing a percentage writes 38,5 or 38,5%.
    if "%" not in text and _PLAIN_DECIMAL.match(text) and 0 < number <= 1:
        number *= 100
    if not 0 <= number <= 100:
        raise CellError(f"expected a percentage between 0 and 100, got {text!r}")
    return round(number, 6)
