"""Reporting periods of the plan: quarterly windows from the 15th to the 14th (Decree 09/2019, art. 12).

A quarterly report for quarter Q of year Y covers the 15th of the month before the quarter to
the 14th of the quarter's last month, and is due before the 15th of that last month. Keys look
like `2025-Q4`. A school year (Sept to June) is the three windows Q4, Q1 and Q2; the Q3 window
(15 June - 14 September) is the summer between school years.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from orchestration.domain.dates import HCM
from orchestration.domain.excel_errors import error_reason, excel_error
from orchestration.domain.text import clean_text, fold_key

FIRST_PERIOD = "2025-Q4"  # the first window of the plan's school year 2025-2026
LAST_PERIOD = "2030-Q3"  # the plan's horizon is 2030; extend here, never elsewhere

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_KEY = re.compile(r"^(?P<y>\d{4})-Q(?P<q>[1-4])$")


@dataclass(frozen=True)
class ReportingPeriod:
    key: str
    year: int
    quarter: int

    @property
    def window_start(self) -> dt.date:
        last_month = self.quarter * 3
        month_before = last_month - 3 if last_month > 3 else 12
        year = self.year if last_month > 3 else self.year - 1
        return dt.date(year, month_before, 15)

    @property
    def window_end(self) -> dt.date:
        """Last day inside the window (inclusive): the 14th of the quarter's last month."""
        return dt.date(self.year, self.quarter * 3, 14)

    @property
    def deadline(self) -> dt.date:
        """A report is on time when received before 00:00 of this day, Hanoi time."""
        return dt.date(self.year, self.quarter * 3, 15)

    @property
    def deadline_at(self) -> dt.datetime:
        return dt.datetime.combine(self.deadline, dt.time(0, 0), tzinfo=HCM)

    @property
    def school_year(self) -> str:
        """The school year the window reports on; the summer window Q3 closes the year before."""
        start = self.year if self.quarter == 4 else self.year - 1
        return f"{start}-{start + 1}"

    @property
    def in_school_year(self) -> bool:
        return self.quarter != 3

    @property
    def label_vi(self) -> str:
        roman = {v: k for k, v in _ROMAN.items()}[self.quarter]
        return f"Quý {roman}/{self.year}"

    def contains(self, day: dt.date) -> bool:
        return self.window_start <= day <= self.window_end


def period(key: str) -> ReportingPeriod:
    match = _KEY.match(key)
    if not match:
        raise ValueError(f"expected a period key like 2025-Q4, got {key!r}")
    return ReportingPeriod(key=key, year=int(match["y"]), quarter=int(match["q"]))


def _next(p: ReportingPeriod) -> ReportingPeriod:
    year, quarter = (p.year + 1, 1) if p.quarter == 4 else (p.year, p.quarter + 1)
    return period(f"{year}-Q{quarter}")


@lru_cache(maxsize=1)
def all_periods() -> tuple[ReportingPeriod, ...]:
    current, last, out = period(FIRST_PERIOD), period(LAST_PERIOD), []
    while (current.year, current.quarter) <= (last.year, last.quarter):
        out.append(current)
        current = _next(current)
    return tuple(out)


def period_for_date(day: dt.date | dt.datetime) -> ReportingPeriod | None:
    """The window a date falls in; None when it is outside every window the warehouse knows."""
    if isinstance(day, dt.datetime):
        day = (day.astimezone(HCM) if day.tzinfo else day).date()
    # Dates from the 15th of a quarter's last month belong to the next quarter's window.
    quarter_of_month = (day.month - 1) // 3 + 1
    year, quarter = day.year, quarter_of_month
    if day.month % 3 == 0 and day.day >= 15:
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    key = f"{year}-Q{quarter}"
    return next((p for p in all_periods() if p.key == key), None)


def school_year_periods(school_year: str) -> list[ReportingPeriod]:
    return [p for p in all_periods() if p.in_school_year and p.school_year == school_year]


@dataclass(frozen=True)
class DeclaredPeriod:
    """What a unit report says it covers in its `Kỳ báo cáo` cell."""

    report_kind: str  # quarterly | year_end | ad_hoc
    period_key: str | None
    school_year: str | None


_QUARTER_LABEL = re.compile(r"^(quy|q)\s*(?P<q>iv|iii|ii|i|[1-4])\s*(nam)?\s*(?P<y>\d{4})$")
_YEAR_END_LABEL = re.compile(r"tong ket.*?(?P<a>\d{4})\s*(?P<b>\d{4})")


def parse_declared_period(value: object) -> DeclaredPeriod:
    """'Quý IV/2025' -> quarterly 2025-Q4; 'Tổng kết năm học 2025-2026' -> year end, due with 2026-Q2."""
    key = fold_key(value)
    if key is None:
        raise ValueError("the reporting period (Kỳ báo cáo) is empty")
    if (token := excel_error(clean_text(value))) is not None:
        raise ValueError(error_reason(token))
    if match := _QUARTER_LABEL.match(key):
        raw_q = match["q"]
        quarter = int(raw_q) if raw_q.isdigit() else _ROMAN[raw_q.upper()]
        found = f"{match['y']}-Q{quarter}"
        if found not in {p.key for p in all_periods()}:
            raise ValueError(f"the reporting period {value!r} is outside {FIRST_PERIOD}..{LAST_PERIOD}")
        return DeclaredPeriod("quarterly", found, period(found).school_year)
    if match := _YEAR_END_LABEL.search(key):
        start, end = int(match["a"]), int(match["b"])
        if end != start + 1:
            raise ValueError(f"the school year in {value!r} is not two consecutive years")
        if f"{end}-Q2" not in {p.key for p in all_periods()}:
            raise ValueError(f"the school year in {value!r} is outside the plan's years, {FIRST_PERIOD}..{LAST_PERIOD}")
        return DeclaredPeriod("year_end", f"{end}-Q2", f"{start}-{end}")
    if key.startswith("dot xuat"):
        return DeclaredPeriod("ad_hoc", None, None)
    raise ValueError(
        f"expected a reporting period such as 'Quý IV/2025', 'Tổng kết năm học 2025-2026' or 'Đột xuất', got {value!r}"
    )


@dataclass(frozen=True)
class ReportWindow:
    """The days a report covers: its quarter's window, or the three windows of its school year for
    a year-end report."""

    start: dt.date
    end: dt.date
    label: str  # 'Quý I/2026', 'năm học 2025-2026'

    def problem(self, day: dt.date) -> str | None:
        """Why `day` is outside the window, or None."""
        if self.start <= day <= self.end:
            return None
        return (
            f"the date {day:%d/%m/%Y} is outside the report's window, "
            f"{self.start:%d/%m/%Y} .. {self.end:%d/%m/%Y} ({self.label})"
        )


def report_window(declared: DeclaredPeriod) -> ReportWindow | None:
    """The days a quarterly or year-end report covers. None for an ad hoc report: it tells of
    what arose, whenever that was, and its activities are added to no quarter."""
    if declared.report_kind == "quarterly" and declared.period_key is not None:
        p = period(declared.period_key)
        return ReportWindow(p.window_start, p.window_end, p.label_vi)
    if declared.report_kind == "year_end" and declared.school_year is not None:
        first, last = (int(y) for y in declared.school_year.split("-"))
        return ReportWindow(
            period(f"{first}-Q4").window_start, period(f"{last}-Q2").window_end, f"năm học {declared.school_year}"
        )
    return None
