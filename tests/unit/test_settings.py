"""The product's settings: read from the environment in one place (defs/resources.py), handed to
assets and checks by the `warehouse` resource, and to dbt through the one function that sets its
environment (defs/transform/project.py)."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs.resources import Settings
from orchestration.defs.transform.project import DbtProfile, dbt_environment, period_plan
from orchestration.defs.warehouse import DEVELOPMENT_SALT, Warehouse
from orchestration.readers.workers import available_cpus, workers_for

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "orchestration"

# The only modules of the package that touch the process environment, and why.
ALLOWED = {
    "defs/resources.py": "reads the product's settings, once",
    "defs/transform/project.py": "sets dbt's environment (its profile, log level, period plan)",
    "warehouse/publish.py": "the test seam WAREHOUSE_PUBLISH_KILL_AT",
    "run.py": "entry point: its own defaults, DAGSTER_HOME, DAGSTER_PG_HOST",
    "postgres.py": "entry point: WAREHOUSE, WAREHOUSE_PG_* for dbt and psycopg2",
}


def _resource(environ: dict[str, str]) -> Warehouse:
    return Settings.from_environment(environ).warehouse_resource()


def test_defaults_with_an_empty_environment():
    settings = Settings.from_environment({})
    assert settings == Settings(
        warehouse="",
        inbox="",
        school_year="",
        duckdb_memory="2GB",
        salt_set=False,
        environment="development",
        known_strings_file="",
        privacy_full_scan=False,
        reread=False,
        full_rebuild=False,
        read_workers="",
        dbt_log_level_file="info",
        parse_on_load=False,
    )
    warehouse = settings.warehouse_resource()
    assert warehouse.published() == ROOT / "warehouse" / "warehouse.duckdb"
    assert warehouse.database() == ROOT / "warehouse" / ".build" / "warehouse.duckdb"
    assert warehouse.inbox_dir() == ROOT / "sources"
    assert warehouse.dbt_profile() == DbtProfile(ROOT / "warehouse" / ".build" / "warehouse.duckdb", "2GB", "info")
    assert warehouse.respondent_salt() == DEVELOPMENT_SALT
    assert warehouse.known_strings() == []
    assert workers_for(300, warehouse.read_workers) == min(available_cpus(), 8)


def test_warehouse_and_inbox(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    warehouse = _resource({"WAREHOUSE": str(tmp_path / "kho" / "w.duckdb"), "INBOX": "hop-thu"})
    assert warehouse.published() == tmp_path / "kho" / "w.duckdb"
    assert warehouse.database() == tmp_path / "kho" / ".build" / "w.duckdb"
    assert warehouse.reports_dir() == tmp_path / "kho" / "reports"
    assert warehouse.inbox_dir() == tmp_path / "hop-thu"  # relative to where the process runs
    assert warehouse.dbt_profile().build == tmp_path / "kho" / ".build" / "w.duckdb"


def test_school_year_is_trimmed():
    assert _resource({"SCHOOL_YEAR": " 2025-2026 "}).school_year == "2025-2026"
    assert _resource({"SCHOOL_YEAR": "  "}).school_year == ""


def test_duckdb_memory_reaches_the_connections_and_dbt(tmp_path):
    warehouse = _resource({"WAREHOUSE": str(tmp_path / "w.duckdb"), "WAREHOUSE_DUCKDB_MEMORY": "1GiB"})
    with warehouse.connect() as con:
        assert con.execute("select current_setting('memory_limit')").fetchone() == ("1.0 GiB",)
    assert warehouse.dbt_profile().duckdb_memory == "1GiB"
    # An empty value is no value: the default.
    assert _resource({"WAREHOUSE_DUCKDB_MEMORY": ""}).duckdb_memory == "2GB"


def test_the_salt_reaches_a_run_by_name_only(monkeypatch):
    monkeypatch.setenv("WAREHOUSE_SALT", "s3cret")
    settings = Settings.from_environment({"WAREHOUSE_SALT": "s3cret"})
    assert settings.salt_set is True
    assert settings.resource_config()["salt"] == {"env": "WAREHOUSE_SALT"}
    seen: dict[str, str] = {}

    @dg.asset
    def probe(warehouse: Warehouse) -> None:
        seen["salt"] = warehouse.respondent_salt()

    result = dg.materialize([probe], resources={"warehouse": settings.warehouse_resource()})
    assert result.success
    assert seen == {"salt": "s3cret"}
    assert "s3cret" not in repr(result.dagster_run.run_config)


def test_production_refuses_the_development_salt():
    with pytest.raises(RuntimeError, match="WAREHOUSE_SALT is not set"):
        _resource({"WAREHOUSE_ENV": "production"}).respondent_salt()
    assert _resource({"WAREHOUSE_ENV": "staging"}).respondent_salt() == DEVELOPMENT_SALT


def test_known_strings_file(tmp_path):
    known = tmp_path / "known.txt"
    known.write_text("# tên đã biết\nNguyễn Văn An\n\n", encoding="utf-8")
    assert _resource({"PRIVACY_KNOWN_STRINGS_FILE": str(known)}).known_strings() == ["Nguyễn Văn An"]
    with pytest.raises(FileNotFoundError, match=r"PRIVACY_KNOWN_STRINGS_FILE names .*missing.txt, which is not a file"):
        _resource({"PRIVACY_KNOWN_STRINGS_FILE": str(tmp_path / "missing.txt")}).known_strings()


@pytest.mark.parametrize(
    ("value", "full"), [("1", True), ("TRUE", True), (" yes ", True), ("0", False), ("no", False), ("", False)]
)
def test_privacy_full_scan_is_a_yes_or_no(value, full):
    assert _resource({"WAREHOUSE_PRIVACY_FULL_SCAN": value}).privacy_full_scan is full


@pytest.mark.parametrize("name", ["WAREHOUSE_REREAD", "WAREHOUSE_REBUILD"])
def test_reread_and_rebuild_are_on_when_set_to_anything(name):
    field = {"WAREHOUSE_REREAD": "reread", "WAREHOUSE_REBUILD": "full_rebuild"}[name]
    assert getattr(_resource({}), field) is False
    assert getattr(_resource({name: ""}), field) is False
    assert getattr(_resource({name: "1"}), field) is True
    assert getattr(_resource({name: "0"}), field) is True  # set is set


def test_read_workers():
    assert workers_for(300, _resource({"WAREHOUSE_READ_WORKERS": "3"}).read_workers) == 3
    assert workers_for(299, _resource({"WAREHOUSE_READ_WORKERS": "3"}).read_workers) == 1
    with pytest.raises(ValueError, match="WAREHOUSE_READ_WORKERS='zero'"):
        workers_for(3, _resource({"WAREHOUSE_READ_WORKERS": "zero"}).read_workers)


def test_dbt_log_level_and_parse_on_load():
    assert _resource({"DBT_LOG_LEVEL_FILE": "debug"}).dbt_profile().log_level_file == "debug"
    assert Settings.from_environment({"DAGSTER_IS_DEV_CLI": "1"}).parse_on_load is True


def test_a_run_configuration_overrides_the_fields_it_names_and_keeps_the_others(tmp_path):
    """`make run` configures the resource for its runs: the command line's values, the
    environment's for the rest (Dagster replaces a resource's configuration whole)."""
    settings = Settings.from_environment({"WAREHOUSE_REBUILD": "1", "INBOX": "/hop-thu", "SCHOOL_YEAR": "2024-2025"})
    seen: dict[str, object] = {}

    @dg.asset
    def probe(warehouse: Warehouse) -> None:
        seen.update(
            path=warehouse.path, inbox=warehouse.inbox, year=warehouse.school_year, rebuild=warehouse.full_rebuild
        )

    config = {**settings.resource_config(), "path": str(tmp_path / "w.duckdb"), "school_year": "2025-2026"}
    result = dg.materialize(
        [probe],
        resources={"warehouse": settings.warehouse_resource()},
        run_config={"resources": {"warehouse": {"config": config}}},
    )
    assert result.success
    assert seen == {"path": str(tmp_path / "w.duckdb"), "inbox": "/hop-thu", "year": "2025-2026", "rebuild": True}


def test_dbt_environment_and_the_period_plan(tmp_path, monkeypatch):
    for name in ("WAREHOUSE_BUILD", "WAREHOUSE_DUCKDB_MEMORY", "DBT_LOG_LEVEL_FILE", "WAREHOUSE_PERIOD_PLAN"):
        monkeypatch.delenv(name, raising=False)
    dbt_environment(DbtProfile(tmp_path / ".build" / "w.duckdb", "1GiB", "warn"))
    assert (os.environ["WAREHOUSE_BUILD"], os.environ["WAREHOUSE_DUCKDB_MEMORY"], os.environ["DBT_LOG_LEVEL_FILE"]) == (
        str(tmp_path / ".build" / "w.duckdb"),
        "1GiB",
        "warn",
    )
    with period_plan("token-1"):
        assert os.environ["WAREHOUSE_PERIOD_PLAN"] == "token-1"
    assert "WAREHOUSE_PERIOD_PLAN" not in os.environ
    # A plan left by a killed build is never handed to the next one.
    os.environ["WAREHOUSE_PERIOD_PLAN"] = "stale"
    with period_plan(None):
        assert "WAREHOUSE_PERIOD_PLAN" not in os.environ


def _touches_the_environment(source: str) -> bool:
    """`os.environ`, `os.getenv` (or `putenv`, `unsetenv`), or either imported from os."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv", "unsetenv"):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            if any(alias.name in ("environ", "getenv", "putenv") for alias in node.names):
                return True
    return False


def test_the_scan_sees_each_way_of_reading_the_environment():
    assert _touches_the_environment("import os\nos.environ.get('X')")
    assert _touches_the_environment("import os\nos.getenv('X')")
    assert _touches_the_environment("from os import environ\nenviron['X']")
    assert _touches_the_environment("from os import getenv\ngetenv('X')")
    assert not _touches_the_environment("import os\nos.replace('a', 'b')")


def test_only_the_allowed_modules_touch_the_environment():
    touching = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if _touches_the_environment(path.read_text(encoding="utf-8"))
    )
    assert [m for m in touching if m not in ALLOWED] == []
