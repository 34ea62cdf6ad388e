"""The DuckDB warehouse file: its build copy, its connections, and how raw tables are replaced safely.

Raw tables are written per scope (a family's whole table, or the rows of some files): the old
rows of that scope are deleted and the new ones inserted in one transaction, so a re-run of the
same inbox gives the same tables and a failed write leaves the old rows.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import polars as pl

RAW_SCHEMA = "raw"


def quote_ident(name: str) -> str:
    """A schema, table or column name as a SQL identifier (DuckDB and PostgreSQL alike)."""
    return '"' + name.replace('"', '""') + '"'


def absolute(path: str | Path) -> Path:
    """An absolute path whose links are NOT followed: the published warehouse path is a link
    into the published generation, and the build copy and the next generation belong beside the
    link, not inside the generation it points to today."""
    return Path(os.path.abspath(path))


def build_path(published: Path) -> Path:
    """The build copy of a published warehouse file: refreshes write here, never to the file
    analysts have open (DuckDB allows one writer or many readers, never both)."""
    return published.parent / ".build" / published.name


# Analysts' tools lag behind: the DuckDB CLI on PyPI (duckdb-cli, `make sql`) and most GUI
# drivers are still 1.x and cannot open a file in DuckDB 2's storage format. A new warehouse file
# is created in the 1.4 format, which DuckDB 2 keeps writing compatibly.
STORAGE_COMPATIBILITY = "v1.4.0"


# How much memory DuckDB may take before spilling to disk (DuckDB's own default is 80% of the
# machine). At city scale 2GB keeps a refresh's processes together under the machine's 4 GiB
# target, at a small cost in speed against a larger limit. dbt's profile has the same default.
DEFAULT_MEMORY_LIMIT = "2GB"


def connect(path: Path, read_only: bool = False, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    if read_only:
        con = duckdb.connect(str(path), read_only=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        # (A setting, not connection config: DuckDB refuses a second connection to the same file
        # in one process whose config differs from the first's.)
        config = {} if path.exists() else {"storage_compatibility_version": STORAGE_COMPATIBILITY}
        con = duckdb.connect(str(path), config=config)
    con.execute("set memory_limit = ?", [memory_limit])
    return con


def _ensure_table(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Create the table from the frame's schema, or add the columns a newer reader brings."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.register("_incoming", frame.head(0).to_arrow())
    con.execute(f"create table if not exists {RAW_SCHEMA}.{table} as select * from _incoming")
    existing = {row[0] for row in con.execute(f"describe {RAW_SCHEMA}.{table}").fetchall()}
    for name, dtype, *_ in con.execute("describe _incoming").fetchall():
        if name not in existing:
            con.execute(f'alter table {RAW_SCHEMA}.{table} add column "{name}" {dtype}')
    con.unregister("_incoming")


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: pl.DataFrame,
    where: str = "true",
    params: list[object] | None = None,
) -> int:
    """Delete the rows of `table` matching `where`, insert `frame`; returns rows inserted."""
    _ensure_table(con, table, frame)
    with transaction(con):
        delete_rows(con, [table], where, params)
        return append_rows(con, table, frame)


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Commit what the block wrote, or roll all of it back if the block raises."""
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def delete_rows(
    con: duckdb.DuckDBPyConnection, tables: Iterable[str], where: str, params: list[object] | None = None
) -> None:
    """Delete the rows matching `where` from each raw table that exists (inside the caller's
    transaction: with `append_rows`, a scope is replaced in batches and still all at once)."""
    existing = {
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = ?", [RAW_SCHEMA]
        ).fetchall()
    }
    for table in tables:
        if table in existing:
            con.execute(f"delete from {RAW_SCHEMA}.{table} where {where}", params or [])


def append_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Insert `frame` into a raw table (created, or widened, from the frame); returns rows inserted."""
    _ensure_table(con, table, frame)
    con.register("_incoming", frame.to_arrow())
    try:
        con.execute(f"insert into {RAW_SCHEMA}.{table} by name select * from _incoming")
    finally:
        con.unregister("_incoming")
    return frame.height
