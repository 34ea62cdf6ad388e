"""Resources: where the inbox and the warehouse file are, from the environment with local defaults."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from orchestration.lib import warehouse


class Warehouse(dg.ConfigurableResource):
    """The DuckDB file (WAREHOUSE, default warehouse/warehouse.duckdb) and the inbox (INBOX, default sources/)."""

    path: str = ""
    inbox: str = ""

    def database(self) -> Path:
        return Path(self.path).resolve() if self.path else warehouse.warehouse_path()

    def inbox_dir(self) -> Path:
        return Path(self.inbox).resolve() if self.inbox else warehouse.inbox_path()

    def connect(self) -> duckdb.DuckDBPyConnection:
        return warehouse.connect(self.database())
