"""Each source family's raw tables carry the freshness policy its delivery rhythm calls for."""

import datetime as dt

import dagster as dg

from orchestration.definitions import defs

DAY = dt.timedelta(days=1)


def _policy(*key: str):
    return defs.resolve_asset_graph().get(dg.AssetKey(list(key))).freshness_policy


def test_monthly_exports_fail_after_45_days():
    for table in ("press_items", "fanpage_posts", "web_pageviews", "quarantine_press"):
        policy = _policy("raw", table)
        assert (policy.fail_window.to_timedelta(), policy.warn_window.to_timedelta()) == (45 * DAY, 35 * DAY), table


def test_unit_reports_are_due_each_quarter_by_the_16th_in_hanoi_time():
    policy = _policy("raw", "unit_report_submissions")
    assert (policy.deadline_cron, policy.timezone) == ("0 0 16 3,6,9,12 *", "Asia/Ho_Chi_Minh")
    assert policy.lower_bound_delta == 90 * DAY


def test_infrastructure_statistics_are_yearly():
    assert _policy("raw", "ward_statistics").fail_window.to_timedelta() == 400 * DAY


def test_models_have_no_policy_of_their_own():
    # The marts follow their sources; only what arrives from outside is timed.
    assert _policy("marts", "mart_task_quarter") is None
