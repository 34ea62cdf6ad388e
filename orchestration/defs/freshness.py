"""How old each source family's newest data may be before the Dagster UI marks it overdue.

The windows follow how often each kind of file arrives (sources.md): unit reports every quarter
(the window closes on the 14th of March, June, September and December and reports are due the
next day), press, fanpage and web exports every month, feedback logs every semester, surveys
per wave (a few a year), infrastructure statistics once a year. A policy measures the time since
the family was last loaded, so a refresh that found no new file still counts as looked at.
"""

from __future__ import annotations

import datetime as dt

import dagster as dg

DAYS = dt.timedelta(days=1)

FRESHNESS: dict[str, dg.FreshnessPolicy] = {
    # Every report period: loaded since the day after the deadline (the 16th), within the shortest quarter (90 days, December to March).
    "unit_reports": dg.FreshnessPolicy.cron(
        deadline_cron="0 0 16 3,6,9,12 *", lower_bound_delta=90 * DAYS, timezone="Asia/Ho_Chi_Minh"
    ),
    "press": dg.FreshnessPolicy.time_window(fail_window=45 * DAYS, warn_window=35 * DAYS),
    "fanpage": dg.FreshnessPolicy.time_window(fail_window=45 * DAYS, warn_window=35 * DAYS),
    "fanpage_pages": dg.FreshnessPolicy.time_window(fail_window=45 * DAYS, warn_window=35 * DAYS),
    "web": dg.FreshnessPolicy.time_window(fail_window=45 * DAYS, warn_window=35 * DAYS),
    "feedback": dg.FreshnessPolicy.time_window(fail_window=200 * DAYS, warn_window=120 * DAYS),
    "surveys": dg.FreshnessPolicy.time_window(fail_window=200 * DAYS, warn_window=120 * DAYS),
    "infrastructure": dg.FreshnessPolicy.time_window(fail_window=400 * DAYS, warn_window=370 * DAYS),
}


def freshness_for(family: str) -> dg.FreshnessPolicy | None:
    return FRESHNESS.get(family)
