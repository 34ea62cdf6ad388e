"""Resources: where the inbox and the warehouse files are, from the environment with local defaults."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from orchestration.warehouse import database as warehouse


class Warehouse(dg.ConfigurableResource):
    """The published DuckDB file (WAREHOUSE, default warehouse/warehouse.duckdb), the build copy
    beside it that refreshes write to, and the inbox (INBOX, default sources/).

    Assets read and write the build copy (`database()`); the publish step replaces the published
    file, which analysts open, only once every blocking check has passed.
    """

    path: str = ""
    inbox: str = ""

    def published(self) -> Path:
        return warehouse.absolute(self.path) if self.path else warehouse.warehouse_path()

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
        return Path(self.inbox).resolve() if self.inbox else warehouse.inbox_path()

    def connect(self) -> duckdb.DuckDBPyConnection:
        return warehouse.connect(self.database())
