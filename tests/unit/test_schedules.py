import datetime as dt

import dagster as dg

from orchestration.defs.operations.schedules import period_just_closed, quarterly_refresh_schedule
from orchestration.domain.dates import HCM


def evaluate(moment: dt.datetime):
    # The schedule's own function, without the repository (whose dbt manifest takes seconds to load).
    return [quarterly_refresh_schedule(dg.build_schedule_context(scheduled_execution_time=moment))]


def test_deadline_day_refreshes_the_window_that_just_closed():
    [request] = evaluate(dt.datetime(2026, 3, 15, 6, 0, tzinfo=HCM))
    assert (request.partition_key, request.run_key, request.tags["refresh"]) == (
        "2026-Q1",
        "2026-Q1@2026-03-15",
        "deadline",
    )


def test_month_end_rerun_is_for_late_reports_of_the_same_period():
    [request] = evaluate(dt.datetime(2026, 3, 31, 20, 0, tzinfo=HCM))
    assert (request.partition_key, request.tags["refresh"]) == ("2026-Q1", "late_reports")


def test_december_closes_the_first_window_of_the_school_year():
    assert period_just_closed(dt.datetime(2025, 12, 15, 6, 0, tzinfo=HCM)) == "2025-Q4"
    assert period_just_closed(dt.datetime(2026, 6, 30, 20, 0, tzinfo=HCM)) == "2026-Q2"


def test_hanoi_time_decides_not_utc():
    # 23:30 UTC on 14 June is 06:30 on 15 June in Hanoi: the Q2 deadline run.
    assert period_just_closed(dt.datetime(2026, 6, 14, 23, 30, tzinfo=dt.UTC)) == "2026-Q2"


def test_before_the_warehouse_starts_there_is_nothing_to_refresh():
    assert period_just_closed(dt.datetime(2025, 9, 15, 6, 0, tzinfo=HCM)) is None
