"""The inbox sensor: a new or corrected file triggers a refresh of the period it belongs to.

The period is read from the file's content (warehouse/inbox_changes.py). A unit report triggers the
quarterly_refresh job for its period (that period's unit-report partition and every other input);
a file of another family, whose tables are re-read whole, triggers inbox_refresh (every input but
the unit reports). Both read the inbox only: the dbt models, the reports and publishing follow in
a second run, launched by the run-status sensor in models_sensor.py once the input run succeeded. The run key is made of the files' content hashes, so the same bytes
never trigger twice, and a file only touched (same bytes, new mtime) triggers nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import dagster as dg

from orchestration.defs.operations.schedules import quarterly_refresh
from orchestration.defs.transform.refresh import INPUTS
from orchestration.defs.warehouse import Warehouse
from orchestration.domain.dates import HCM
from orchestration.domain.periods import all_periods, period_for_date
from orchestration.warehouse.inbox_changes import FileState, changed_files, family_of, periods_of, snapshot

UNIT_REPORT_ASSETS = dg.AssetSelection.groups("unit_reports")

inbox_refresh = dg.define_asset_job(
    "inbox_refresh",
    selection=INPUTS - UNIT_REPORT_ASSETS,
    description=(
        "Re-read every family but the unit reports (no dbt model: the sensor refresh_models_after_inputs "
        "then runs the models the changes need, and publishes)."
    ),
)


def _run_key(job: str, scope: str, files: list[str], states: dict[str, FileState]) -> str:
    digest = hashlib.sha256("\n".join(f"{f}={states[f].sha256}" for f in sorted(files)).encode()).hexdigest()[:16]
    return f"{job}:{scope}:{digest}"


def plan_runs(
    changed: list[str], periods: dict[str, set[str]], states: dict[str, FileState], current_period: str
) -> list[dg.RunRequest]:
    """One quarterly_refresh run per unit-report period touched, else one inbox_refresh run.

    A unit report whose period cannot be read (unreadable, no `Kỳ báo cáo`) is refused under no
    period, which every partition run records: it goes with the current period's run.
    """
    by_period: dict[str, list[str]] = {}
    others: list[str] = []
    for name in changed:
        if family_of(name) == "unit_reports":
            for key in sorted(periods.get(name) or {current_period}):
                by_period.setdefault(key, []).append(name)
        else:
            others.append(name)
    requests = [
        dg.RunRequest(
            job_name=quarterly_refresh.name,
            partition_key=key,
            run_key=_run_key(quarterly_refresh.name, key, files + others, states),
            tags={"trigger": "inbox", "files": str(len(files + others))},
        )
        for key, files in sorted(by_period.items())
    ]
    if others and not requests:
        touched = sorted(set().union(*(periods.get(n, set()) for n in others)))
        requests.append(
            dg.RunRequest(
                job_name=inbox_refresh.name,
                run_key=_run_key(inbox_refresh.name, "all", others, states),
                tags={"trigger": "inbox", "files": str(len(others)), "periods": ",".join(touched) or "none"},
            )
        )
    return requests


@dg.sensor(
    jobs=[quarterly_refresh, inbox_refresh],
    minimum_interval_seconds=120,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Refreshes the period of any new or corrected file in the inbox (read from the file's content).",
)
def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse):
    inbox = warehouse.inbox_dir()
    previous = {k: FileState.from_list(v) for k, v in json.loads(context.cursor).items()} if context.cursor else None
    current = snapshot(inbox, previous or {})
    cursor = json.dumps({k: v.as_list() for k, v in current.items()}, sort_keys=True)
    if previous is None:
        # First look: what is already there was loaded by `make run` or the schedule.
        context.update_cursor(cursor)
        return dg.SkipReason(f"recorded the {len(current)} files of {inbox} as the starting point")
    changed = changed_files(previous, current)
    if not changed:
        context.update_cursor(cursor)
        return dg.SkipReason("no new or changed file in the inbox")
    periods = {name: periods_of(inbox, name) for name in changed}
    for name in changed:
        context.log.info(f"{name}: periods {sorted(periods[name]) or 'none'} (read from the file)")
    context.update_cursor(cursor)
    return plan_runs(changed, periods, current, current_period())


def current_period(today: dt.date | None = None) -> str:
    """The period whose window contains today (Hanoi time), else the nearest one."""
    today = today or dt.datetime.now(HCM).date()
    found = period_for_date(today)
    if found is not None:
        return found.key
    keys = all_periods()
    return keys[0].key if today < keys[0].window_start else keys[-1].key
