"""The `warehouse` resource: where the inbox and the warehouse files are, and the settings every
asset and check of a refresh takes (defs/resources.py fills them from the environment)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg
import duckdb

from orchestration import privacy
from orchestration.defs.transform.project import DbtProfile
from orchestration.domain.reference import PROJECT_ROOT
from orchestration.warehouse import database as warehouse

DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "warehouse.duckdb"
DEFAULT_INBOX = PROJECT_ROOT / "sources"
DEFAULT_DUCKDB_MEMORY = warehouse.DEFAULT_MEMORY_LIMIT
DEFAULT_ENVIRONMENT = "development"
DEVELOPMENT_SALT = "development-salt-not-for-production"


class Warehouse(dg.ConfigurableResource):
    """The published DuckDB file (WAREHOUSE, default warehouse/warehouse.duckdb), the build copy
    beside it that refreshes write to, and the inbox (INBOX, default sources/).

    Assets read and write the build copy (`database()`); the publish step replaces the published
    file, which analysts open, only once every blocking check has passed.
    """

    # Where things are.
    path: str = ""
    inbox: str = ""
    # What a refresh reads and builds.
    reread: bool = False  # every inbox file read again, not only new and changed ones
    full_rebuild: bool = False  # every dbt model built, not only those downstream of changes
    read_workers: str = ""  # unit-report reading processes (readers/workers.py); empty: the CPUs
    duckdb_memory: str = DEFAULT_DUCKDB_MEMORY  # DuckDB's memory limit, ingestion and dbt alike
    dbt_log_level_file: str = "info"  # dbt's log file level (dbt_project/logs/dbt.log)
    # Personal data.
    salt: str = ""  # the survey respondent key's salt; empty: the development salt
    environment: str = DEFAULT_ENVIRONMENT  # `production` refuses to run without a salt
    known_strings_file: str = ""  # personal strings the privacy checks prove absent, one a line
    privacy_full_scan: bool = False  # scan every relation, not only those changed since a clean scan
    # The year-end reports.
    school_year: str = ""  # empty: the latest school year begun with reports (reports/data.py)

    def published(self) -> Path:
        return warehouse.absolute(self.path or DEFAULT_WAREHOUSE)

    def database(self) -> Path:
        """The build copy every asset writes to (not the file analysts have open)."""
        return warehouse.build_path(self.published())

    def report_staging_dir(self) -> Path:
        """Where the report asset writes; publishing copies the files into the new generation,
        which `reports_dir()` leads to once published."""
        return self.database().parent / "reports"

    def reports_dir(self) -> Path:
        """The published reports, beside the published warehouse file (a link that always leads
        to the reports of the published warehouse)."""
        return self.published().parent / "reports"

    def inbox_dir(self) -> Path:
        return Path(self.inbox or DEFAULT_INBOX).resolve()

    def connect(self) -> duckdb.DuckDBPyConnection:
        return warehouse.connect(self.database(), memory_limit=self.duckdb_memory)

    def dbt_profile(self) -> DbtProfile:
        """What dbt's profile and log settings read: this warehouse's build copy and limits."""
        return DbtProfile(self.database(), self.duckdb_memory, self.dbt_log_level_file)

    def respondent_salt(self) -> str:
        if self.salt:
            return self.salt
        if self.environment == "production":
            raise RuntimeError(
                "WAREHOUSE_SALT is not set: in production the survey respondent key needs a secret "
                "salt (set WAREHOUSE_SALT to a long random string and keep it unchanged between runs)"
            )
        return DEVELOPMENT_SALT

    def salt_fingerprint(self) -> str:
        """Respondent keys depend on the salt: a new salt re-reads every export. Only a digest of
        the salt is kept in the file index, never the salt."""
        return hashlib.sha256(b"respondent-salt:" + self.respondent_salt().encode()).hexdigest()[:16]

    def known_strings(self) -> list[str]:
        """The strings of PRIVACY_KNOWN_STRINGS_FILE (none when unset)."""
        if not self.known_strings_file:
            return []
        path = Path(self.known_strings_file)
        if not path.is_file():
            raise FileNotFoundError(f"PRIVACY_KNOWN_STRINGS_FILE names {path}, which is not a file")
        return privacy.read_known_strings(path)
