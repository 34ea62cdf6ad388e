import datetime as dt

import pytest

from orchestration.domain.periods import parse_declared_period, period, period_for_date, school_year_periods


def test_windows_follow_decree_09_2019():
    q1 = period("2026-Q1")
    assert (q1.window_start, q1.window_end, q1.deadline) == (
        dt.date(2025, 12, 15),
        dt.date(2026, 3, 14),
        dt.date(2026, 3, 15),
    )
    assert q1.label_vi == "Quý I/2026"
    assert q1.deadline_at.isoformat() == "2026-03-15T00:00:00+07:00"


def test_school_year_is_three_windows():
    periods = school_year_periods("2025-2026")
    assert [p.key for p in periods] == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert periods[0].window_start == dt.date(2025, 9, 15)
    assert periods[-1].window_end == dt.date(2026, 6, 14)


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (dt.date(2025, 9, 15), "2025-Q4"),
        (dt.date(2025, 12, 14), "2025-Q4"),
        (dt.date(2025, 12, 15), "2026-Q1"),
        (dt.date(2026, 3, 14), "2026-Q1"),
        (dt.date(2026, 6, 15), "2026-Q3"),
    ],
)
def test_date_to_period(day, key):
    assert period_for_date(day).key == key


def test_before_the_first_window_is_no_period():
    assert period_for_date(dt.date(2025, 9, 14)) is None


def test_hanoi_midnight_decides_the_window():
    # 17:30 UTC on 14 Dec 2025 is 00:30 on 15 Dec in Hanoi: the next window.
    moment = dt.datetime(2025, 12, 14, 17, 30, tzinfo=dt.UTC)
    assert period_for_date(moment).key == "2026-Q1"


@pytest.mark.parametrize(
    ("label", "kind", "key", "year"),
    [
        ("Quý IV/2025", "quarterly", "2025-Q4", "2025-2026"),
        ("quý i/2026", "quarterly", "2026-Q1", "2025-2026"),
        ("Quý 2 năm 2026", "quarterly", "2026-Q2", "2025-2026"),
        ("Tổng kết năm học 2025-2026", "year_end", "2026-Q2", "2025-2026"),
        ("Đột xuất", "ad_hoc", None, None),
    ],
)
def test_declared_periods(label, kind, key, year):
    declared = parse_declared_period(label)
    assert (declared.report_kind, declared.period_key, declared.school_year) == (kind, key, year)


def test_unknown_label_says_what_is_expected():
    with pytest.raises(ValueError, match="Quý IV/2025"):
        parse_declared_period("Năm 2025")
