"""Dagster's SQLite run history is written without waiting for the disk, and nothing else is
(orchestration/lib/run_history.py). SQLite's `pragma synchronous` reads 0 for OFF, 1 for NORMAL
and 2 for FULL, its default."""

from __future__ import annotations

from dagster import DagsterInstance
import pytest
import sqlalchemy

from orchestration.lib import run_history


@pytest.fixture
def dagster_home(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.delenv(run_history.SYNC_ENV, raising=False)
    run_history.register()
    return home


def _run_storage_sync(home) -> int:
    """`pragma synchronous` on a connection of the instance's run storage (DAGSTER_HOME is `home`)."""
    with DagsterInstance.get() as instance:
        with instance.run_storage.connect() as con:
            return con.exec_driver_sql("pragma synchronous").scalar()


def test_the_run_history_does_not_wait_for_the_disk_by_default(dagster_home):
    assert _run_storage_sync(dagster_home) == 0


def test_full_restores_sqlites_default(dagster_home, monkeypatch):
    monkeypatch.setenv(run_history.SYNC_ENV, " Full ")
    assert _run_storage_sync(dagster_home) == 2


def test_a_sqlite_file_outside_dagster_home_keeps_the_default(dagster_home, tmp_path):
    engine = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'elsewhere.db'}")
    with engine.connect() as con:
        assert con.exec_driver_sql("pragma synchronous").scalar() == 2
    engine.dispose()


def test_a_bad_level_is_refused_with_the_choices(monkeypatch):
    monkeypatch.setenv(run_history.SYNC_ENV, "fast")
    with pytest.raises(ValueError, match=r"WAREHOUSE_RUN_HISTORY_SYNC='fast': expected one of off, normal, full"):
        run_history.sync_level()
