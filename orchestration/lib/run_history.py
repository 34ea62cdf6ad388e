"""Dagster's run history on SQLite, written without waiting for the disk at every event.

A refresh records about 800 events in Dagster's history (each dbt model and test, planned and
done). Dagster's SQLite storage opens, commits and closes a connection for every event, and
SQLite by default waits for the disk at the commit and again at the checkpoint when the
connection closes: about 13 ms an event on the 2-core machine, some 10 s of a corrected-workbook
refresh. Handing the writes to the operating system without waiting takes under 1 ms an event.

What is at stake is the run history only (the SQLite files under DAGSTER_HOME), never the
warehouse (DuckDB, which keeps its own durability). A refresh that crashes or is killed loses no
event: every write reaches the operating system before SQLite returns. A power cut or an
operating-system crash during a refresh can damage the history files; the warehouse is not
affected, and moving DAGSTER_HOME/storage aside starts a new history.
WAREHOUSE_RUN_HISTORY_SYNC=full restores SQLite's default (normal is the middle way).
A deployment that keeps its history in PostgreSQL (dagster.postgres.yaml) is not concerned.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

SYNC_ENV = "WAREHOUSE_RUN_HISTORY_SYNC"
LEVELS = ("off", "normal", "full")
DEFAULT_LEVEL = "off"

_registered = False


def sync_level() -> str:
    """The SQLite `synchronous` level for the run history, from WAREHOUSE_RUN_HISTORY_SYNC."""
    value = os.environ.get(SYNC_ENV, "").strip().lower() or DEFAULT_LEVEL
    if value not in LEVELS:
        raise ValueError(f"{SYNC_ENV}={os.environ[SYNC_ENV]!r}: expected one of {', '.join(LEVELS)}")
    return value


def _main_file(connection: sqlite3.Connection) -> Path | None:
    for _, name, file in connection.execute("pragma database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    return None


def _in_dagster_home(path: Path) -> bool:
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return False
    try:
        return path.resolve().is_relative_to(Path(home).resolve())
    except OSError:
        return False


def _on_connect(dbapi_connection: object, _record: object) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    path = _main_file(dbapi_connection)
    if path is not None and _in_dagster_home(path):
        dbapi_connection.execute(f"pragma synchronous = {sync_level()}")


def register() -> None:
    """Apply the level to every SQLite connection this process opens to a file under
    DAGSTER_HOME (Dagster's storage connects through SQLAlchemy). Idempotent."""
    global _registered
    if _registered:
        return
    sync_level()  # a bad value fails here, when the code location loads, not at the first event
    event.listen(Engine, "connect", _on_connect)
    _registered = True
