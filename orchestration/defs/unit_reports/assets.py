"""Unit reports (báo cáo định kỳ, tổng kết): one partition per reporting period.

A workbook belongs to the period its `Kỳ báo cáo` cell names; files whose period cannot be told
(unreadable, empty, unknown period) are reported under no period.

A refresh reads only the workbooks that are new or changed since the last one (their bytes, the
receipt log's entry for them, or the code and reference data that read them: warehouse/file_index.py),
whatever partition it runs for: a workbook's period is known only once it is read, and reading
it a second time to load it under its own partition would double the work. So the first
partition of a full build loads the inbox once, the next ones find nothing new, a new period
reads only its own files and a corrected workbook only itself; unchanged files keep their rows.
Identical bytes under two names are loaded once, the copy received first; when any file of such
a group changes or leaves, the whole group is read again in receipt order.
"""

import importlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import polars as pl

from orchestration.defs.ingestion import Family, publish_files
from orchestration.defs.partitions import DUCKDB_POOL, reporting_period_partitions
from orchestration.defs.warehouse import Warehouse
from orchestration.readers import ReadResult
from orchestration.readers.unit_report import (
    RECEIPT_LOG_PATH,
    Receipts,
    pending_files,
    read_receipts,
    read_unit_reports_in_batches,
)
from orchestration.readers.workers import workers_for
from orchestration.warehouse import file_index

UNIT_REPORTS = Family(
    name="unit_reports",
    tables=("unit_report_submissions", "unit_report_activities", "unit_report_assessments", "unit_report_incidents"),
    row_tables=("unit_report_activities", "unit_report_assessments", "unit_report_incidents"),
)

Keys = dict[str, tuple[str | None, str | None]]


@dataclass
class Intake:
    """The inbox's workbooks as the reader takes them in (path, source_file, receipt), by
    source_file, listed and named once per refresh for both the keys and the read."""

    receipts: Receipts
    files: dict  # source_file -> the reader's pending file

    @classmethod
    def of(cls, inbox: Path) -> "Intake":
        receipts = read_receipts(inbox)
        return cls(receipts, {item.source_file: item for item in pending_files(inbox, receipts)})

    def keys(self, hasher: file_index.Hasher | None = None) -> Keys:
        """Every workbook's key (bytes, receipt, code), by source_file; with a `hasher` built on
        the index, a workbook whose stat is unchanged keeps its stored hash."""
        hasher = hasher or file_index.Hasher(None)
        return {f: hasher.key(f, [item.path], item.stamp) for f, item in self.files.items()}


def inbox_keys(inbox: Path, hasher: file_index.Hasher | None = None) -> tuple[Keys, dict[str, Path]]:
    """Every workbook's key and path, by source_file (`Intake.keys`)."""
    intake = Intake.of(inbox)
    return intake.keys(hasher), {f: item.path for f, item in intake.files.items()}


def with_copies(chosen: file_index.Plan, current: Keys, before: file_index.Loaded | None) -> file_index.Plan:
    """The plan, widened to every file sharing bytes with a file read or removed: which copy is
    loaded depends on all of them (the reader keeps the one received first)."""
    if chosen.everything or before is None:
        return chosen
    chosen_read = set(chosen.read)
    touched = {current[f][1] for f in chosen.read} | {before.index.get(f, (None, None))[1] for f in chosen.removed}
    touched.discard(None)
    read = [f for f, (_, sha) in current.items() if f in chosen_read or sha in touched]
    # The receipt log is read on every refresh: its own rejects are replaced every time.
    return file_index.Plan(
        read=read,
        removed=chosen.removed,
        everything=False,
        unchanged=len(current) - len(read),
        always=(RECEIPT_LOG_PATH,),
    )


def file_periods(result: ReadResult) -> dict[str, str | None]:
    """The period of every file read (None when it could not be told)."""
    submissions = result.tables["unit_report_submissions"]
    periods: dict[str, str | None] = dict(zip(submissions["source_file"], submissions["period_key"], strict=True))
    for row in result.rejects.filter(pl.col("period_key").is_not_null()).iter_rows(named=True):
        periods.setdefault(row["source_file"], row["period_key"])
    return {f: periods.get(f) for f in result.file_counts}


@dg.multi_asset(
    specs=UNIT_REPORTS.asset_specs(group="unit_reports"),
    check_specs=UNIT_REPORTS.check_specs(),
    partitions_def=reporting_period_partitions,
    pool=DUCKDB_POOL,
)
def unit_reports(context: dg.AssetExecutionContext, warehouse: Warehouse):
    inbox = warehouse.inbox_dir()
    with warehouse.connect() as con:
        before = file_index.loaded(con, UNIT_REPORTS.name, reread=warehouse.reread)
        intake = Intake.of(inbox)
        hasher = file_index.Hasher(before)
        current = intake.keys(hasher)
        chosen = with_copies(file_index.plan(current, before), current, before)
        workers = workers_for(len(chosen.read), warehouse.read_workers)
        context.log.info(
            f"partition {context.partition_key}: {chosen.describe()} (of any period); {hasher.describe()}; "
            f"{'read in this process' if workers == 1 else f'read by {workers} processes'}"
        )
        if workers > 1:
            import_suites_meanwhile()
        batches = read_unit_reports_in_batches(
            inbox, workers=workers, receipts=intake.receipts, pending=[intake.files[f] for f in chosen.read]
        )
        yield from publish_files(
            con,
            UNIT_REPORTS,
            logged(context, batches, len(chosen.read)),
            current,
            chosen,
            file_periods=file_periods,
            hasher=hasher,
        )


def import_suites_meanwhile() -> threading.Thread:
    """Import Great Expectations in a thread while worker processes read.

    The suites run once every batch is written (defs/ingestion.publish), and their first run in
    a process imports Great Expectations, a heavy import, which would otherwise come after the
    last workbook is read, with the workers done and a core idle. Imported meanwhile, it
    overlaps the read; this process mostly waits on the workers then. An import that fails here
    fails again, with its error, where the suites import it.
    """

    def load() -> None:
        try:
            importlib.import_module("great_expectations")
        except Exception:  # noqa: BLE001 - reported by the suites' own import
            pass

    thread = threading.Thread(target=load, name="import-great-expectations", daemon=True)
    thread.start()
    return thread


def logged(context: dg.AssetExecutionContext, batches: Iterator[ReadResult], total: int) -> Iterator[ReadResult]:
    """The batches, with a progress line after each (a school year is 15,000 workbooks)."""
    done = submissions = rejects = 0
    for batch in batches:
        done += len(batch.file_counts)
        submissions += batch.tables["unit_report_submissions"].height
        rejects += batch.rejects.height
        context.log.info(
            f"read {done:,} of {total:,} workbooks: {submissions:,} submissions, {rejects:,} quarantine rows"
        )
        yield batch
