"""dbt models, seeds and tests as Dagster assets and checks, in the same graph as the raw tables.

Sources keep dagster-dbt's default keys (["raw", <table>]), which are the ingestion assets'
keys, so each raw table feeds its staging model directly. Groups follow the dbt folders.
"""

import logging
import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.transform import scope
from orchestration.defs.transform.project import dbt_project, project_digest
from orchestration.lib import warehouse
from orchestration.lib.partitions import DUCKDB_POOL


class _KeptModelsTests(logging.Filter):
    """Dagster warns once per blocking check that gave no result. The tests of the models a
    refresh kept unchanged do not run (their models were not rebuilt): expected, and hundreds
    of lines, so those warnings are dropped; any other step's still show."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Blocking asset check") and "in step 'warehouse_models'" in message)


logging.getLogger("dagster._core.execution.plan.active").addFilter(_KeptModelsTests())


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
    database = Path(os.environ["WAREHOUSE_BUILD"])
    if context.is_subset:
        # A hand-picked selection (the UI): dbt builds exactly that, and the recorded state is left
        # alone, since it describes whole builds (orchestration/defs/transform/scope.py).
        yield from _build(context, dbt, [], database)
        return
    digest = project_digest()
    manifest = scope.Manifest.read(dbt_project.manifest_path)
    plan = decide_scope(database, manifest, digest)
    if plan.full:
        context.log.info(f"dbt builds every model: {plan.reason}")
    else:
        context.log.info(f"dbt builds only the models downstream of changed raw tables: {plan.reason}")
    # Models whose inputs are the rows they were built from last time keep their tables. They are
    # reported as materialized, unchanged, before the build (parents before children, as Dagster
    # requires; none of them reads a model being rebuilt), so that the steps after them (checks,
    # reports, publish) run as after a full build.
    translator = WarehouseTranslator()
    outputs = context.assets_def.keys_by_output_name
    selected = set(context.selected_output_names)
    output_of = {key: name for name, key in outputs.items()}
    kept: set[str] = set()
    for unique_id in manifest.kept_in_order(plan):
        name = output_of.get(translator.get_asset_key(manifest.raw["nodes"][unique_id]))
        if name in selected:
            kept.add(name)
            yield dg.Output(None, output_name=name, metadata={"rebuilt": False, "why": f"kept from the last build ({plan.reason})"})
    built: set[str] = set()
    if not plan.nothing_to_build:
        for event in _build(context, dbt, plan.select(), database):
            if isinstance(event, dg.Output):
                built.add(event.output_name)
            yield event
    missing = sorted((selected & set(outputs)) - kept - built)
    if missing:
        raise RuntimeError(f"dbt neither built nor kept {len(missing)} selected models, e.g. {missing[:3]}")
    record_scope(database, digest, plan)


# dbt's unit tests check the models' SQL on fixed rows, not the data: they belong with the code's
# tests (tests/e2e/test_dbt_unit_tests.py runs them in `make test`), not in every refresh, as dbt
# recommends for production builds.
BUILD = ["build", "--exclude-resource-type", "unit_test"]


def _build(context: dg.AssetExecutionContext, dbt: DbtCliResource, select: list[str], database: Path):
    if select:
        # Given the context, dagster-dbt adds the assets' own selection (every node, "fqn:*") to
        # ours, and dbt builds the union: everything. So the build starts without the context and
        # is handed it afterwards, which is what turns dbt's events into this step's outputs and
        # check results (tests/e2e/test_incremental_build.py runs it).
        target = dbt_project.target_path / f"warehouse_models-{context.run.run_id[:7]}-{uuid.uuid4().hex[:7]}"
        invocation = dbt.cli(
            [*BUILD, "--select", " ".join(select)],
            manifest=dbt_project.manifest_path,
            dagster_dbt_translator=WarehouseTranslator(),
            target_path=target,
        )
        invocation.context = context
    else:
        invocation = dbt.cli(BUILD, context=context)
    yield from invocation.stream()
    # A build of a selection compiles only the selected nodes; the catalogue needs every node's
    # SQL, which the kept manifest of the last whole build holds (the project has not changed
    # since: a change means a whole build).
    if not select or not build_manifest_path(database).exists():
        keep_build_manifest(invocation.target_path, database)
    prune_run_targets(dbt_project.target_path)


def decide_scope(database: Path, manifest: scope.Manifest, digest: str) -> scope.Scope:
    with warehouse.connect(database) as con:
        return scope.decide(con, manifest, digest)


def record_scope(database: Path, digest: str, decided: scope.Scope) -> None:
    """Called once the build succeeded (a failed dbt build raises before this)."""
    with warehouse.connect(database) as con:
        scope.record(con, digest, decided.fingerprints)


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
