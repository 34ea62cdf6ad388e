"""dbt models, seeds and tests as Dagster assets and checks, in the same graph as the raw tables.

Sources keep dagster-dbt's default keys (["raw", <table>]), which are the ingestion assets'
keys, so each raw table feeds its staging model directly. Groups follow the dbt folders.
"""

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.transform.project import dbt_project
from orchestration.lib.partitions import DUCKDB_POOL


class WarehouseTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        # staging/<family>/... joins its family's group; intermediate and marts are groups of their own.
        fqn = dbt_resource_props.get("fqn", [])
        if len(fqn) > 3 and fqn[1] == "staging":
            return "data_quality" if fqn[2] == "data_quality" else fqn[2]
        return fqn[1] if len(fqn) > 2 else "dbt"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseTranslator(),
    pool=DUCKDB_POOL,
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    invocation = dbt.cli(["build"], context=context)
    yield from invocation.stream()
    keep_build_manifest(invocation.target_path, Path(os.environ["WAREHOUSE_BUILD"]))
    prune_run_targets(dbt_project.target_path)


# The build's manifest holds every node's compiled SQL: the data catalogue re-uses it instead of
# compiling the whole project again (orchestration/defs/operations/catalogue.py). It is kept
# beside the build copy it describes, so that two warehouses built from one checkout never
# read each other's.
BUILD_MANIFEST = "dbt-build-manifest.json"


def build_manifest_path(database: Path) -> Path:
    return database.parent / BUILD_MANIFEST


def keep_build_manifest(run_target: Path, database: Path) -> Path | None:
    source = run_target / "manifest.json"
    if not source.exists():
        return None
    kept = build_manifest_path(database)
    partial = kept.with_name(f".{kept.name}.tmp")
    shutil.copyfile(source, partial)
    os.replace(partial, kept)
    return kept


# dagster-dbt gives every invocation its own target folder (compiled SQL, run results, a copy of
# the manifest: about 13 MB each); a refresh every quarter plus the sensor's runs would fill the
# disk in time. The newest few stay for inspection.
KEEP_RUN_TARGETS = 5


def prune_run_targets(target: Path, keep: int = KEEP_RUN_TARGETS) -> list[Path]:
    """Remove all but the newest `keep` per-invocation folders (warehouse_models-*) of `target`."""
    runs = sorted(target.glob("warehouse_models-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = [p for p in runs[keep:] if p.is_dir()]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed
