"""Dagster's event log on SQLite, with one connection setup per file instead of one per event.

Dagster's SQLite event log (one file per run, plus an index file) builds a new SQLAlchemy
engine for every read and write: the engine, its dialect's first-connect queries and its
disposal cost about 0.6 ms of CPU, and a refresh makes some 3,000 of them (each dbt model and
test, planned and done, is written to the run's file and mirrored to the index). It also writes
the events Dagster plans at a run's start one at a time: some 300 for the step that builds the
models, each in its own transaction on two files.

This storage keeps one engine per file (still no pool: every use opens and closes its own
SQLite connection, as before, so the files are never held open between events and the
webserver's file watcher sees every write), remembers which tables exist once seen, and writes a
batch of events in one transaction per file. Dagster hands it batches when
DAGSTER_EVENT_BATCH_SIZE is set (`enable_batches`). A batch that fails is rolled back whole,
and Dagster then stores its events one by one (its own fallback).

What is stored, and where, is Dagster's own: the files under DAGSTER_HOME/history/runs are
those of the default storage, so an existing history carries on. dagster.yaml selects it;
a deployment on PostgreSQL (dagster.postgres.yaml) does not use it.

The folder comes from DAGSTER_HOME (a storage named in dagster.yaml is not told which folder
the file was read from). Code that opens an instance by its folder, as the benchmark does, uses
`open_instance`, which sets DAGSTER_HOME to that folder while the instance is made.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dagster import Field, StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

# Events Dagster may write in one batch (planned materializations and checks at a run's start).
BATCH_ENV = "DAGSTER_EVENT_BATCH_SIZE"
BATCH_SIZE = 1000
# Engines kept at once: a refresh uses two files (its run's and the index); the webserver, which
# reads the runs it shows, keeps the most recent ones.
KEPT_ENGINES = 32


def enable_batches() -> None:
    """Let Dagster hand the event log batches of events (unless the environment sets a size)."""
    os.environ.setdefault(BATCH_ENV, str(BATCH_SIZE))


def default_base_dir() -> str:
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        raise RuntimeError(
            "DAGSTER_HOME is not set: the run history's event log lives in DAGSTER_HOME/history/runs "
            "(to open an instance by its folder, use orchestration.lib.history_storage.open_instance)")
    # Where Dagster's default SQLite storage keeps its event log (dagster/_core/instance/ref.py).
    return str(Path(home) / "history" / "runs")


def open_instance(home: Path) -> Any:
    """The Dagster instance whose dagster.yaml is in `home`, its event log in `home` too (not in
    whatever DAGSTER_HOME says, or fails on, in the calling process)."""
    import dagster as dg

    before = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        return dg.DagsterInstance.from_config(str(home))
    finally:
        if before is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = before


class HistoryEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage with cached engines and batched writes (see the module's docstring)."""

    def __init__(self, base_dir: str | None = None, inst_data: Any = None):
        self._engines: dict[str, Engine] = {}
        self._tables_seen: set[str] = set()
        # Open connections by file while a batch is written; None otherwise.
        self._batch: dict[str, Connection] | None = None
        super().__init__(base_dir or default_base_dir(), inst_data)
        # Re-entrant: a batch holds the lock while each of its events takes it again.
        self._db_lock = threading.RLock()

    @classmethod
    def config_type(cls) -> Mapping[str, Any]:
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: Mapping[str, Any]) -> HistoryEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                poolclass=NullPool,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            )
            self._engines[shard] = engine
            while len(self._engines) > KEPT_ENGINES:
                oldest = next(iter(self._engines))
                self._engines.pop(oldest).dispose()
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            if self._batch is not None:
                conn = self._batch.get(shard)
                if conn is None:
                    conn = self._batch[shard] = self._engine(shard).connect()
                if not conn.in_transaction():
                    conn.begin()
                yield conn
                return
            with self._engine(shard).connect() as conn, conn.begin():
                yield conn

    def store_event_batch(self, events: Sequence[Any]) -> None:
        with self._db_lock:
            if self._batch is not None:  # a batch within a batch: part of the outer one
                for event in events:
                    self.store_event(event)
                return
            self._batch = {}
            try:
                for event in events:
                    self.store_event(event)
                for conn in self._batch.values():
                    if conn.in_transaction():
                        conn.commit()
            except BaseException:
                for conn in self._batch.values():
                    if conn.in_transaction():
                        conn.rollback()
                raise
            finally:
                for conn in self._batch.values():
                    conn.close()
                self._batch = None

    def has_table(self, table_name: str) -> bool:
        # Asked before every asset and check event; a table, once there, stays.
        if table_name in self._tables_seen:
            return True
        engine = self._engine(INDEX_SHARD_NAME)
        with self._db_lock, engine.connect() as conn:
            present = bool(engine.dialect.has_table(conn, table_name))
        if present:
            self._tables_seen.add(table_name)
        return present

    def upgrade(self) -> None:
        self._tables_seen.clear()
        super().upgrade()

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
        super().dispose()
