"""Unit reports (báo cáo định kỳ, tổng kết): one partition per reporting period.

A workbook belongs to the period its `Kỳ báo cáo` cell names, so a partition run reads the
inbox, keeps the submissions of its period, and replaces that period's rows. Files whose
period cannot be told (unreadable, empty, unknown period) are reported under no period.
"""

import dagster as dg
import polars as pl

from orchestration.lib.ingestion import Family, publish
from orchestration.lib.partitions import DUCKDB_POOL, reporting_period_partitions
from orchestration.lib.resources import Warehouse
from orchestration.readers.unit_report import read_unit_reports

UNIT_REPORTS = Family(
    name="unit_reports",
    tables=("unit_report_submissions", "unit_report_activities", "unit_report_assessments", "unit_report_incidents"),
    row_tables=("unit_report_activities", "unit_report_assessments", "unit_report_incidents"),
)
_CHILD_TABLES = UNIT_REPORTS.tables[1:]


def keep_period(result, period_key: str):
    """The part of a whole-inbox read that belongs to one period (plus files of no period)."""
    submissions = result.tables["unit_report_submissions"]
    file_periods = dict(zip(submissions["source_file"], submissions["period_key"], strict=True))
    in_period = submissions.filter(pl.col("period_key") == period_key)
    ids = in_period["submission_id"]
    period_of_id = pl.DataFrame({"submission_id": submissions["submission_id"], "period_key": submissions["period_key"]})
    result.tables["unit_report_submissions"] = in_period
    for table in _CHILD_TABLES:
        frame = result.tables[table]
        if "period_key" not in frame.columns:
            frame = frame.join(period_of_id, on="submission_id", how="left")
        result.tables[table] = frame.filter(pl.col("submission_id").is_in(ids.implode()))
    rejects = result.rejects.with_columns(
        pl.coalesce(pl.col("period_key"), pl.col("source_file").replace_strict(file_periods, default=None, return_dtype=pl.String))
    )
    result.rejects = rejects.filter(pl.col("period_key").is_null() | (pl.col("period_key") == period_key))
    kept_files = set(in_period["source_file"]) | {
        f for f in result.file_counts if file_periods.get(f) is None
    }
    result.file_counts = {f: c for f, c in result.file_counts.items() if f in kept_files}
    return result, {f: file_periods.get(f) for f in kept_files}


@dg.multi_asset(
    specs=UNIT_REPORTS.asset_specs(group="unit_reports"),
    check_specs=UNIT_REPORTS.check_specs(),
    partitions_def=reporting_period_partitions,
    pool=DUCKDB_POOL,
)
def unit_reports(context: dg.AssetExecutionContext, warehouse: Warehouse):
    period_key = context.partition_key
    result = read_unit_reports(warehouse.inbox_dir())
    result, file_periods = keep_period(result, period_key)
    context.log.info(
        f"{period_key}: {result.tables['unit_report_submissions'].height} submissions, "
        f"{result.rejects.height} quarantine rows"
    )
    with warehouse.connect() as con:
        yield from publish(
            con, UNIT_REPORTS, result,
            where="(period_key = ? or period_key is null)", params=[period_key],
            file_periods=file_periods,
        )
