"""The Dagster instance of a shared deployment: dagster.postgres.yaml, selected by DAGSTER_PG_HOST,
keeps runs and events in a real PostgreSQL database with the same retries and DuckDB pool."""

from __future__ import annotations

import uuid

import dagster as dg
import yaml

from orchestration.domain.reference import PROJECT_ROOT
from orchestration.run import prepare_instance
from tests.unit.postgres_server import connect_or_skip

LOCAL = PROJECT_ROOT / "dagster.yaml"
SHARED = PROJECT_ROOT / "dagster.postgres.yaml"


def test_the_shared_settings_differ_from_the_local_ones_only_in_storage():
    local, shared = yaml.safe_load(LOCAL.read_text()), yaml.safe_load(SHARED.read_text())
    storage = shared.pop("storage")
    # local: Dagster's default storage (SQLite files in DAGSTER_HOME), no project class named
    assert shared == local
    assert not {"storage", "run_storage", "event_log_storage", "schedule_storage"} & local.keys()
    # The connection is read from the environment only; no password is written in the file.
    assert storage == {
        "postgres": {
            "postgres_db": {
                "hostname": {"env": "DAGSTER_PG_HOST"},
                "port": {"env": "DAGSTER_PG_PORT"},
                "username": {"env": "DAGSTER_PG_USER"},
                "password": {"env": "DAGSTER_PG_PASSWORD"},
                "db_name": {"env": "DAGSTER_PG_DB"},
                "scheme": "postgresql+psycopg2",
            }
        }
    }


def test_dagster_pg_host_selects_the_postgres_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "unused"))
    monkeypatch.delenv("DAGSTER_PG_HOST", raising=False)
    prepare_instance(tmp_path / "local")
    assert (tmp_path / "local" / "dagster.yaml").read_text() == LOCAL.read_text()
    monkeypatch.setenv("DAGSTER_PG_HOST", "db.sgddt.internal")
    prepare_instance(tmp_path / "shared")
    assert (tmp_path / "shared" / "dagster.yaml").read_text() == SHARED.read_text()


@dg.asset
def heartbeat() -> int:
    return 1


def test_runs_and_events_land_in_postgres_with_retries_and_the_duckdb_pool(tmp_path, monkeypatch):
    pg = connect_or_skip()
    database = "gddt_dagster_test"
    pg.autocommit = True
    with pg.cursor() as cur:
        cur.execute("select 1 from pg_database where datname = %s", [database])
        if cur.fetchone() is None:
            cur.execute(f"create database {database}")
    dsn = pg.get_dsn_parameters()
    password = pg.info.password
    pg.close()
    for name, value in {
        "DAGSTER_PG_HOST": dsn["host"],
        "DAGSTER_PG_PORT": dsn["port"],
        "DAGSTER_PG_USER": dsn["user"],
        "DAGSTER_PG_PASSWORD": password,
        "DAGSTER_PG_DB": database,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "unused"))
    prepare_instance(tmp_path / "home")

    instance = dg.DagsterInstance.from_config(str(tmp_path / "home"))
    try:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"
        assert (instance.run_retries_enabled, instance.run_retries_max_retries) == (True, 1)
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
        tag = uuid.uuid4().hex
        result = dg.materialize([heartbeat], instance=instance, tags={"test": tag})
        assert result.success
    finally:
        instance.dispose()

    # Read back through PostgreSQL itself, not through Dagster.
    import psycopg2

    with psycopg2.connect(
        host=dsn["host"], port=dsn["port"], user=dsn["user"], password=password, dbname=database
    ) as con:
        with con.cursor() as cur:
            cur.execute("select status from runs where run_id = %s", [result.run_id])
            assert cur.fetchone() == ("SUCCESS",)
            cur.execute(
                "select count(*) from event_logs where run_id = %s and dagster_event_type = 'ASSET_MATERIALIZATION'",
                [result.run_id],
            )
            assert cur.fetchone() == (1,)
    con.close()
