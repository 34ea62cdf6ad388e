"""The product's settings, read from the environment here and nowhere else, and the resources
built from them: the warehouse and the dbt CLI.

Every asset and check takes its settings from the `warehouse` resource. An entry point that
knows better (`make run`'s command line) overrides them through the run's configuration
(`run_config={"resources": {"warehouse": {"config": {...}}}}`), never through the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import dagster as dg

from orchestration.defs.transform.project import dbt_cli
from orchestration.defs.warehouse import DEFAULT_DUCKDB_MEMORY, DEFAULT_ENVIRONMENT, Warehouse

SALT_VARIABLE = "WAREHOUSE_SALT"


def _flag(value: str | None) -> bool:
    """A yes/no setting: 1, true or yes (any case)."""
    return (value or "").strip().lower() in ("1", "true", "yes")


def _set(value: str | None) -> bool:
    """A switch that is on when the variable is set to anything."""
    return bool(value)


@dataclass(frozen=True)
class Settings:
    """Every variable the product reads, with its default (README.md, "Configuration")."""

    warehouse: str = ""  # WAREHOUSE: the published DuckDB file; empty: warehouse/warehouse.duckdb
    inbox: str = ""  # INBOX: the inbox folder; empty: the sample inbox in sources/
    school_year: str = ""  # SCHOOL_YEAR: the year-end reports' school year; empty: the latest begun
    duckdb_memory: str = DEFAULT_DUCKDB_MEMORY  # WAREHOUSE_DUCKDB_MEMORY: DuckDB's memory limit (ingestion and dbt)
    salt_set: bool = False  # WAREHOUSE_SALT set: the respondent key's salt (its value stays in the environment)
    environment: str = DEFAULT_ENVIRONMENT  # WAREHOUSE_ENV: `production` refuses the development salt
    known_strings_file: str = ""  # PRIVACY_KNOWN_STRINGS_FILE: personal strings the privacy checks prove absent
    privacy_full_scan: bool = False  # WAREHOUSE_PRIVACY_FULL_SCAN=1/true/yes: scan every relation, not the changed ones
    reread: bool = False  # WAREHOUSE_REREAD set to anything: read every inbox file again
    full_rebuild: bool = False  # WAREHOUSE_REBUILD set to anything: build every dbt model
    read_workers: str = ""  # WAREHOUSE_READ_WORKERS: unit-report reading processes; empty: the CPUs, at most 8
    dbt_log_level_file: str = "info"  # DBT_LOG_LEVEL_FILE: dbt's log file level in refreshes (dbt's own default: debug)
    parse_on_load: bool = False  # DAGSTER_IS_DEV_CLI (set by `dg dev`, `dg check`): re-parse a changed project

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Settings:
        get = environ.get
        return cls(
            warehouse=get("WAREHOUSE", ""),
            inbox=get("INBOX", ""),
            school_year=(get("SCHOOL_YEAR") or "").strip(),
            duckdb_memory=get("WAREHOUSE_DUCKDB_MEMORY") or DEFAULT_DUCKDB_MEMORY,
            salt_set=_set(get(SALT_VARIABLE)),
            environment=get("WAREHOUSE_ENV", DEFAULT_ENVIRONMENT),
            known_strings_file=get("PRIVACY_KNOWN_STRINGS_FILE", ""),
            privacy_full_scan=_flag(get("WAREHOUSE_PRIVACY_FULL_SCAN")),
            reread=_set(get("WAREHOUSE_REREAD")),
            full_rebuild=_set(get("WAREHOUSE_REBUILD")),
            read_workers=get("WAREHOUSE_READ_WORKERS", ""),
            dbt_log_level_file=get("DBT_LOG_LEVEL_FILE") or "info",
            parse_on_load=_set(get("DAGSTER_IS_DEV_CLI")),
        )

    def resource_config(self) -> dict[str, object]:
        """The `warehouse` resource's configuration, as a run's configuration gives it: a run
        that configures the resource gives every field (Dagster does not merge a run's
        configuration with the resource's own), the salt by the variable's name only."""
        return {
            "path": self.warehouse,
            "inbox": self.inbox,
            "school_year": self.school_year,
            "duckdb_memory": self.duckdb_memory,
            "salt": {"env": SALT_VARIABLE} if self.salt_set else "",
            "environment": self.environment,
            "known_strings_file": self.known_strings_file,
            "privacy_full_scan": self.privacy_full_scan,
            "reread": self.reread,
            "full_rebuild": self.full_rebuild,
            "read_workers": self.read_workers,
            "dbt_log_level_file": self.dbt_log_level_file,
        }

    def warehouse_resource(self) -> Warehouse:
        """The `warehouse` resource of these settings."""
        # The salt is a secret: Dagster resolves it when a run starts and shows only its name.
        salt = dg.EnvVar(SALT_VARIABLE) if self.salt_set else ""
        return Warehouse(**{**self.resource_config(), "salt": salt})


# Read once, when the code location loads.
SETTINGS = Settings.from_environment(os.environ)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"warehouse": SETTINGS.warehouse_resource(), "dbt": dbt_cli()})
