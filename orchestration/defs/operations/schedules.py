"""The quarterly refresh: on the 15th of the quarter's last month, when the window has just
closed and reports are due, and again on the month's last day for late reports.

Both runs read the inbox for the period whose window ended on the 14th (Asia/Ho_Chi_Minh): the
unit-report partition of that period and every other input (reference data, the other families),
not the dbt models nor what comes after them. When such a run succeeds, the run-status sensor
refresh_models_after_inputs (models_sensor.py) decides the models to rebuild and launches them.
"""

import datetime as dt

import dagster as dg

from orchestration.defs.transform.refresh import INPUTS
from orchestration.domain.dates import HCM
from orchestration.domain.periods import period_for_date

quarterly_refresh = dg.define_asset_job(
    "quarterly_refresh",
    # Partitioned by reporting period, inferred from the unit-report assets in the selection.
    selection=INPUTS,
    description=(
        "Read the inbox for one reporting period: its unit reports and the other families (no dbt model: "
        "the sensor refresh_models_after_inputs then runs the models the changes need, and publishes)."
    ),
)

# 06:00 on the 15th, then 20:00 on the last day of March, June, September and December.
REFRESH_CRONS = ["0 6 15 3,6,9,12 *", "0 20 31 3,12 *", "0 20 30 6,9 *"]


def period_just_closed(moment: dt.datetime) -> str | None:
    """The period whose window ended on the 14th of this month (the quarter's last month)."""
    local = moment.astimezone(HCM) if moment.tzinfo else moment
    closed = period_for_date(dt.date(local.year, local.month, 14))
    return closed.key if closed else None


@dg.schedule(
    cron_schedule=REFRESH_CRONS,
    execution_timezone="Asia/Ho_Chi_Minh",
    job=quarterly_refresh,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Quarterly refresh on the deadline day (the 15th) and again at month end for late reports.",
)
def quarterly_refresh_schedule(context: dg.ScheduleEvaluationContext):
    moment = context.scheduled_execution_time
    key = period_just_closed(moment)
    if key is None:
        return dg.SkipReason(f"no reporting period closed on the 14th before {moment:%Y-%m-%d}")
    return dg.RunRequest(
        run_key=f"{key}@{moment:%Y-%m-%d}",
        partition_key=key,
        tags={"refresh": "deadline" if moment.day == 15 else "late_reports"},
    )
