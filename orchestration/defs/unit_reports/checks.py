"""Receipt times that came from a file's modification time, checked for being plausible.

Lateness is decided by when a report was received: the document system's receipt log, or else
the file's modification time. A copy, an unzip or a git checkout resets that time to the moment
it happened, which would make an on-time report look months late. This check warns (it blocks
nothing: the figure may be right) about file times that cannot be receipt times: a time after
the run began (less a minute, for a file saved just before), or more than 90 days after its
period's deadline.
"""

import datetime as dt

import dagster as dg
import duckdb
import polars as pl

from orchestration.defs.partitions import DUCKDB_POOL
from orchestration.defs.warehouse import Warehouse

MAX_DAYS_AFTER_DEADLINE = 90
SAVED_BEFORE_RUN = dt.timedelta(minutes=1)

SUSPECT_SQL = f"""
    select source_file, unit_name, period_key, report_kind,
           strftime(timezone('Asia/Ho_Chi_Minh', received_at), '%d/%m/%Y %H:%M') as received_at_hanoi,
           case when received_at > $latest_plausible then 'after the run began'
                else 'more than {MAX_DAYS_AFTER_DEADLINE} days after the deadline' end as why
    from marts.mart_unit_report_submissions as s
    left join (select distinct period_key, report_kind, deadline from marts.mart_reporting_compliance) as p
        using (period_key, report_kind)
    where s.received_at_source = 'file_time'
      and (s.received_at > $latest_plausible
           or cast(timezone('Asia/Ho_Chi_Minh', s.received_at) as date) > p.deadline + {MAX_DAYS_AFTER_DEADLINE})
    order by source_file
"""


def implausible_file_times(con: duckdb.DuckDBPyConnection, latest_plausible: dt.datetime) -> pl.DataFrame:
    """The reports timed by their file whose time cannot be when they were received."""
    return con.sql(SUSPECT_SQL, params={"latest_plausible": latest_plausible}).pl()


def _run_started(context: dg.AssetCheckExecutionContext) -> dt.datetime:
    record = context.instance.get_run_record_by_id(context.run.run_id)
    started = record.start_time if record is not None and record.start_time else None
    return dt.datetime.fromtimestamp(started, tz=dt.UTC) if started else dt.datetime.now(dt.UTC)


@dg.asset_check(
    asset=dg.AssetKey(["marts", "mart_unit_report_submissions"]),
    name="plausible_file_receipt_times",
    blocking=False,
    pool=DUCKDB_POOL,
    description=(
        "Warns about reports whose receipt time came from the file's modification time and cannot "
        "be one: after the run began, or more than 90 days after the deadline."
    ),
)
def plausible_file_receipt_times(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
    latest_plausible = _run_started(context) - SAVED_BEFORE_RUN
    try:
        con = duckdb.connect(str(warehouse.database()), read_only=True)
    except duckdb.ConnectionException:
        con = duckdb.connect(str(warehouse.database()))  # this process already holds the writer
    with con:
        suspect = implausible_file_times(con, latest_plausible)
        from_file_time = con.execute(
            "select count(*) from marts.mart_unit_report_submissions where received_at_source = 'file_time'"
        ).fetchone()[0]
    return dg.AssetCheckResult(
        passed=suspect.height == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "reports_timed_by_file": from_file_time,
            "implausible": suspect.height,
            "examples": dg.MetadataValue.json(suspect.head(10).to_dicts()),
            "how_to_resolve": (
                "Add the files to unit_reports/_received.csv (file,received_at with its +07:00 offset) "
                "from the document system's register, then refresh: the receipt log wins over file times."
            ),
        },
    )
