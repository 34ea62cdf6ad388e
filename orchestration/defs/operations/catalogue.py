"""The data catalogue: dbt's documentation site, regenerated when the dbt project or the
warehouse's columns changed (a refresh that changed only rows keeps the page staged last time).

`dbt docs generate --static` writes one self-contained HTML page (models, columns, their
descriptions, tests and lineage, with the column types read from the build). It is staged with
the reports and published beside the warehouse as reports/data-catalogue.html, which opens
offline in a browser.

The refresh's `dbt build` has just compiled every model and test: its manifest (kept beside the
build copy) is handed to `docs generate --no-compile`, which then only reads the column types.
When that manifest is missing or lacks a node's compiled SQL (a build of a selection), the
catalogue compiles the project itself.
"""

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import dagster as dg

from orchestration.defs.partitions import DUCKDB_POOL
from orchestration.defs.transform.assets import build_manifest_path, warehouse_models
from orchestration.defs.transform.project import dbt_cli, dbt_environment, dbt_project, project_digest
from orchestration.defs.warehouse import Warehouse
from orchestration.warehouse.database import DEFAULT_MEMORY_LIMIT, connect

DATA_CATALOGUE = dg.AssetKey(["operations", "data_catalogue"])
CATALOGUE_FILE = "data-catalogue.html"


@dg.asset(
    key=DATA_CATALOGUE,
    deps=list(warehouse_models.keys),
    group_name="operations",
    pool=DUCKDB_POOL,  # dbt reads the build copy's column types
    kinds={"dbt"},
    description="dbt docs as one offline HTML page (every mart and column described), published as reports/data-catalogue.html.",
)
def data_catalogue(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    staging = warehouse.report_staging_dir()
    staging.mkdir(parents=True, exist_ok=True)
    key = catalogue_key(warehouse.database(), warehouse.duckdb_memory)
    key_file = staging / f".{CATALOGUE_FILE}.key"
    if (staging / CATALOGUE_FILE).exists() and key_file.exists() and key_file.read_text() == key:
        context.log.info("data catalogue unchanged (same dbt project, same columns): the staged page is kept")
        return dg.MaterializeResult(
            metadata={
                "page": dg.MetadataValue.path(str(warehouse.reports_dir() / CATALOGUE_FILE)),
                "regenerated": False,
            }
        )
    with tempfile.TemporaryDirectory(prefix="dbt-docs-") as scratch:
        target = Path(scratch)
        command = ["docs", "generate", "--static"]
        if compiled_manifest(build_manifest_path(warehouse.database()), target / "manifest.json"):
            # --no-write-json: the parse must not replace the compiled manifest the page embeds.
            command += ["--no-compile", "--no-write-json"]
        context.log.info(f"dbt {' '.join(command)}")
        dbt_environment(warehouse.dbt_profile())
        invocation = dbt_cli().cli(command, manifest=dbt_project.manifest_path, target_path=target).wait()
        page = target / "static_index.html"
        if not invocation.is_successful() or not page.exists():
            raise RuntimeError(f"dbt docs generate failed: see the run's dbt output ({target})")
        partial = staging / f".{CATALOGUE_FILE}.tmp"
        shutil.copyfile(page, partial)
        os.replace(partial, staging / CATALOGUE_FILE)
    key_file.write_text(key)
    size = (staging / CATALOGUE_FILE).stat().st_size
    context.log.info(f"data catalogue staged: {staging / CATALOGUE_FILE} ({size / 2**20:.1f} MiB)")
    return dg.MaterializeResult(metadata={"page": dg.MetadataValue.path(str(warehouse.reports_dir() / CATALOGUE_FILE))})


def catalogue_key(database: Path, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> str:
    """What the page is made of: the dbt project (descriptions, tests, lineage, compiled SQL) and
    every relation's columns and types in the file. A
    refresh that changed neither (rows only) keeps the page it staged last time."""
    # The file's name is the database name the compiled SQL is written with; its folder is not in the page.
    digest = hashlib.sha256(f"{project_digest()}\0{database.name}".encode())
    # (Not read-only: this process may hold the file open already, and DuckDB refuses a second
    # configuration; the catalogue runs in the writer pool, so nothing else writes meanwhile.)
    with connect(database, memory_limit=memory_limit) as con:
        columns = con.execute(
            """select table_schema, table_name, column_name, data_type, ordinal_position
               from information_schema.columns order by all"""
        ).fetchall()
    digest.update(repr(columns).encode())
    return digest.hexdigest()


def compiled_manifest(built: Path, destination: Path) -> bool:
    """Copy the build's manifest to `destination` when every model and test in it is compiled."""
    try:
        manifest = json.loads(built.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    nodes = [n for n in manifest.get("nodes", {}).values() if n.get("resource_type") in ("model", "test")]
    if not nodes or any(not n.get("compiled_code") for n in nodes):
        return False
    shutil.copyfile(built, destination)
    return True
