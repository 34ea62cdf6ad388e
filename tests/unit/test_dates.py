import datetime as dt

import pytest

from orchestration.domain.dates import DateFormatError, parse_date, parse_datetime, to_hcm


@pytest.mark.parametrize(
    "raw",
    ["05/01/2026", "5/1/2026", "2026-01-05", "2026-01-05 00:00:00", 46027, "46027", dt.date(2026, 1, 5)],
)
def test_every_accepted_form_gives_5_january_2026(raw):
    # 46027 days after Excel's 1899-12-30 epoch is 2026-01-05.
    assert parse_date(raw) == dt.date(2026, 1, 5)


def test_day_comes_before_month():
    assert parse_date("03/12/2025") == dt.date(2025, 12, 3)


def test_time_of_day_is_kept():
    assert parse_datetime("14/12/2025 23:59") == dt.datetime(2025, 12, 14, 23, 59)


def test_offset_is_converted_to_hanoi_date():
    # 20:00 UTC on 14 Dec is 03:00 on 15 Dec in Hanoi.
    assert parse_date("2025-12-14T20:00:00+00:00") == dt.date(2025, 12, 15)


def test_naive_time_read_as_hanoi_wall_clock():
    assert to_hcm(dt.datetime(2025, 12, 15, 0, 0)).utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize("raw", ["31/02/2026", "ngày 5 tháng 1", 12, "2026/13/01"])
def test_bad_dates_are_refused(raw):
    with pytest.raises(DateFormatError):
        parse_date(raw)
