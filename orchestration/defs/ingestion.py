"""What every ingestion asset does with a reader's result: write, check, and say what happened.

Each family writes its data tables, its quarantine table (`raw.quarantine_<family>`) and its
per-file counts (`raw.file_loads_<family>`) in the warehouse, then reports one materialization
per table and two kinds of blocking check: the Great Expectations suite of each data table,
and the reconciliation of every file (rows read = rows loaded + rows rejected, with the loaded
and rejected rows counted again in the tables just written, not taken from the reader's word).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from orchestration.defs.freshness import freshness_for
from orchestration.defs.partitions import DUCKDB_POOL
from orchestration.defs.warehouse import Warehouse
from orchestration.readers import ReadResult, file_counts_frame
from orchestration.warehouse import file_index, quality
from orchestration.warehouse.database import RAW_SCHEMA, append_rows, delete_rows, replace_rows, transaction

SUITE_CHECK = "expectations_suite"
RECONCILE_CHECK = "rows_reconcile"


@dataclass(frozen=True)
class Family:
    """One kind of source file and the raw tables its reader fills."""

    name: str  # press, fanpage, ... (the quarantine 'family' value)
    tables: tuple[str, ...]  # data tables; the first one is where rows are counted per file
    row_tables: tuple[str, ...] = ()  # tables whose rows count as 'loaded' (default: the first)

    @property
    def quarantine_table(self) -> str:
        return f"quarantine_{self.name}"

    @property
    def file_loads_table(self) -> str:
        return f"file_loads_{self.name}"

    @property
    def counted_tables(self) -> tuple[str, ...]:
        return self.row_tables or self.tables[:1]

    def asset_specs(self, group: str, **kwargs: object) -> list[dg.AssetSpec]:
        described = {
            self.quarantine_table: f"Rejected files and rows of the {self.name} family, with file, sheet, row, column, raw value and reason.",
            self.file_loads_table: f"Per file of the {self.name} family: rows read, loaded and rejected.",
        }
        kwargs.setdefault("freshness_policy", freshness_for(self.name))
        return [
            dg.AssetSpec(
                key=[RAW_SCHEMA, table],
                group_name=group,
                kinds={"polars", "duckdb"},
                description=described.get(table, f"Raw {table.replace('_', ' ')} as read from the inbox."),
                **kwargs,
            )
            for table in (*self.tables, self.quarantine_table, self.file_loads_table)
        ]

    def check_specs(self) -> list[dg.AssetCheckSpec]:
        specs = [
            dg.AssetCheckSpec(
                SUITE_CHECK,
                asset=[RAW_SCHEMA, t],
                blocking=True,
                description=f"Great Expectations suite expectations/{t}.json",
            )
            for t in self.tables
        ]
        specs.append(
            dg.AssetCheckSpec(
                RECONCILE_CHECK,
                asset=[RAW_SCHEMA, self.file_loads_table],
                blocking=True,
                description="Per file, rows read = rows loaded + rows rejected.",
            )
        )
        return specs


def _reconcile(con: duckdb.DuckDBPyConnection, family: Family, where: str, params: list[object]) -> pl.DataFrame:
    """Files whose counts do not add up, recounted from the tables as written."""
    loaded_parts = " union all ".join(
        f"select source_file from {RAW_SCHEMA}.{t} where {where}" for t in family.counted_tables
    )
    sql = f"""
        with loaded as (select source_file, count(*) as n from ({loaded_parts}) group by all),
        rejected as (
            select source_file, count(distinct (coalesce(source_sheet, ''), source_row)) as n
            from {RAW_SCHEMA}.{family.quarantine_table}
            where action = 'row_rejected' and ({where}) group by all
        )
        select f.source_file, f.rows_read, f.rows_loaded, f.rows_rejected,
               coalesce(l.n, 0) as rows_in_tables, coalesce(r.n, 0) as rows_in_quarantine
        from {RAW_SCHEMA}.{family.file_loads_table} f
        left join loaded l using (source_file)
        left join rejected r using (source_file)
        where ({where.replace("period_key", "f.period_key")})
          and (f.rows_read <> f.rows_loaded + f.rows_rejected
               or f.rows_loaded <> coalesce(l.n, 0)
               or f.rows_rejected <> coalesce(r.n, 0))
        order by f.source_file
    """
    return con.sql(sql, params=params * (len(family.counted_tables) + 2)).pl()


def _file_counts(
    family: Family, result: ReadResult, where: str, file_periods: Callable[[ReadResult], dict[str, str | None]] | None
) -> pl.DataFrame:
    counts = file_counts_frame(family.name, result)
    if file_periods is not None:
        periods = file_periods(result)
        return counts.with_columns(
            pl.col("source_file").replace_strict(periods, default=None, return_dtype=pl.String).alias("period_key")
        )
    if "period_key" in where:
        raise ValueError("a period-scoped publish needs file_periods")
    return counts.with_columns(pl.lit(None, pl.String).alias("period_key"))


def publish(
    con: duckdb.DuckDBPyConnection,
    family: Family,
    result: ReadResult | Iterable[ReadResult],
    where: str = "true",
    params: list[object] | None = None,
    file_periods: Callable[[ReadResult], dict[str, str | None]] | None = None,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Write the family's tables for one scope (`where`), then check them.

    `where` selects the rows this run replaces (all of them, one period's, some files'); every
    table written must carry the columns `where` names. `result` may come in batches (a large
    inbox is read a thousand workbooks at a time, so memory does not grow with it): the rows of
    the scope are deleted and every batch inserted in one transaction. `file_periods` gives the
    period of each file of a batch, for partitioned families, so that file counts land in the
    right scope.

    Each table's suite runs once, on every row written (the columns it reads, gathered batch by
    batch: warehouse/quality.py), before the transaction commits: one run instead of one per batch,
    and a uniqueness expectation then holds across batches too.
    """
    params = params or []
    batches = [result] if isinstance(result, ReadResult) else result
    tables = (*family.tables, family.quarantine_table, family.file_loads_table)
    written = dict.fromkeys(tables, 0)
    checked: dict[str, list[pl.DataFrame]] = {t: [] for t in family.tables}
    totals = {"files": 0, "rows_read": 0, "rows_loaded": 0, "rows_rejected": 0}
    with transaction(con):
        delete_rows(con, tables, where, params)
        for batch in batches:
            counts = _file_counts(family, batch, where, file_periods)
            frames = {**batch.tables, family.quarantine_table: batch.rejects, family.file_loads_table: counts}
            for table in tables:
                written[table] += append_rows(con, table, frames[table])
            for table in family.tables:
                checked[table].append(quality.suite_frame(table, batch.tables[table]))
            totals["files"] += counts.height
            for column in ("rows_read", "rows_loaded", "rows_rejected"):
                totals[column] += int(counts[column].sum())
        outcomes = {}
        for table in family.tables:
            parts = checked.pop(table)
            if not parts:
                raise ValueError(f"{family.name}: the reader gave no batch to write")
            outcomes[table] = quality.validate(table, pl.concat(parts, how="diagonal_relaxed"))

    for table, rows in written.items():
        total = con.execute(f"select count(*) from {RAW_SCHEMA}.{table}").fetchall()[0][0]
        yield dg.MaterializeResult(
            asset_key=[RAW_SCHEMA, table],
            metadata={"dagster/row_count": total, "rows_written": rows, "files": totals["files"]},
        )

    for table in family.tables:
        outcome = outcomes[table]
        yield dg.AssetCheckResult(
            asset_key=[RAW_SCHEMA, table],
            check_name=SUITE_CHECK,
            passed=outcome.success,
            metadata={
                "suite": outcome.suite,
                "expectations": outcome.evaluated,
                "failed": len(outcome.failures),
                "failures": dg.MetadataValue.json(outcome.failures),
            },
        )

    broken = _reconcile(con, family, where, params)
    yield dg.AssetCheckResult(
        asset_key=[RAW_SCHEMA, family.file_loads_table],
        check_name=RECONCILE_CHECK,
        passed=broken.height == 0,
        metadata={
            **totals,
            "files_not_reconciled": broken.height,
            "examples": dg.MetadataValue.json(broken.head(5).to_dicts()),
        },
    )


def publish_files(
    con: duckdb.DuckDBPyConnection,
    family: Family,
    result: ReadResult | Iterable[ReadResult],
    current: dict[str, tuple[str | None, str | None]],
    chosen: file_index.Plan,
    file_periods: Callable[[ReadResult], dict[str, str | None]] | None = None,
    hasher: file_index.Hasher | None = None,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """`publish` for the files a plan read, then remember them in the family's file index.

    The index is written last and only when every check of this write passed: a file whose rows
    failed a blocking check is read (and checked) again by the next refresh, instead of being
    taken as loaded while the warehouse is held back from publishing. With the `hasher` that
    made `current`, the index also keeps each file's stat, so that the next refresh hashes only
    files whose stat changed (warehouse/file_index.py).
    """
    where, params = file_index.scope(chosen)
    passed = True
    for event in publish(con, family, result, where, params, file_periods=file_periods):
        if isinstance(event, dg.AssetCheckResult):
            passed = passed and event.passed
        yield event
    table = file_index.index_table(family.name)
    stats = hasher.stats if hasher is not None else {}
    kept = file_index.index_frame(current, chosen.read if passed else [], stats)
    replace_rows(con, table, kept, where, params)
    if hasher is not None:
        read = set(chosen.read)
        file_index.restat(con, family.name, hasher.before, stats, [f for f in current if f not in read])


def whole_inbox_asset(
    name: str,
    family: Family,
    group: str,
    read: Callable[[Path, Collection[str] | None], ReadResult],
    description: str,
    files: Callable[[Path], dict[str, list[Path]]] | None = None,
    options: Callable[[Warehouse], dict[str, object]] | None = None,
    key_extra: Callable[[Warehouse], str] | None = None,
) -> dg.AssetsDefinition:
    """The ingestion asset of a family whose files are independent of each other.

    With `files` (source_file -> the paths its rows depend on, itself first), a refresh reads
    only the files that are new or changed since the last one (warehouse/file_index.py); without it,
    the family is small and re-read whole. `options` are the reader's settings from the
    resource (keyword arguments of `read`); `key_extra`, what of them goes into every file's key
    (a changed setting then reads every file again).
    """

    @dg.multi_asset(
        name=name,
        specs=family.asset_specs(group=group),
        check_specs=family.check_specs(),
        pool=DUCKDB_POOL,
        description=description,
    )
    def _ingest(context, warehouse: Warehouse):  # noqa: ANN001 - dagster reads the annotation at run time
        inbox = warehouse.inbox_dir()
        settings = options(warehouse) if options else {}
        if files is None:
            result = read(inbox, None, **settings)
            with warehouse.connect() as con:
                yield from publish(con, family, result)
            return
        extra = key_extra(warehouse) if key_extra else ""
        with warehouse.connect() as con:
            before = file_index.loaded(con, family.name, reread=warehouse.reread)
            hasher = file_index.Hasher(before)
            current = {f: hasher.key(f, paths, extra) for f, paths in files(inbox).items()}
            chosen = file_index.plan(current, before)
            context.log.info(f"{family.name}: {chosen.describe()}; {hasher.describe()}")
            result = read(inbox, None if chosen.everything else chosen.read, **settings)
            yield from publish_files(con, family, result, current, chosen, hasher=hasher)

    return _ingest
