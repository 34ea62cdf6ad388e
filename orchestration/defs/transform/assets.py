"""dbt models, seeds and tests as Dagster assets and checks, in the same graph as the raw tables.

Sources keep dagster-dbt's default keys (["raw", <table>]), which are the ingestion assets'
keys, so each raw table feeds its staging model directly. Groups follow the dbt folders.

dbt builds exactly the models the run selected (dagster-dbt turns the selection into dbt's
--select), so Dagster records a materialization only for what dbt built. A refresh plans that
selection before the run (refresh.py: the models downstream of changed raw tables, or what a
changed project modified); the asset takes the same decision again at its start and, when the
run's selection is that decision, also limits the period-scoped models to the periods whose
inputs changed and records what the build was made from. Any other selection (a hand-picked
subset in the UI) is built as asked, every period, and leaves the record alone; a selection of
every model is a build of everything.
"""

import os
import shutil
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.partitions import DUCKDB_POOL
from orchestration.defs.resources import SETTINGS
from orchestration.defs.transform import period_scope, scope, state
from orchestration.defs.transform.project import (
    dbt_environment,
    dbt_project,
    period_plan,
    prepare_manifest,
    project_digest,
)
from orchestration.defs.warehouse import Warehouse
from orchestration.warehouse.database import DEFAULT_MEMORY_LIMIT, connect


class WarehouseTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        # staging/<family>/... joins its family's group; intermediate and marts are groups of their own.
        fqn = dbt_resource_props.get("fqn", [])
        if len(fqn) > 3 and fqn[1] == "staging":
            return "data_quality" if fqn[2] == "data_quality" else fqn[2]
        return fqn[1] if len(fqn) > 2 else "dbt"


def asset_keys(manifest: scope.Manifest) -> dict[str, dg.AssetKey]:
    """Each model's, seed's and snapshot's asset key by its unique id."""
    translator = WarehouseTranslator()
    nodes = manifest.raw["nodes"]
    return {unique_id: translator.get_asset_key(nodes[unique_id]) for unique_id in manifest.built_nodes}


def decide(
    database: Path,
    manifest: scope.Manifest,
    digest: str,
    compare: bool = True,
    full_rebuild: bool = False,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
) -> scope.Scope:
    """Which models a refresh rebuilds (scope.py), dbt's state comparison asked when the project
    changed (and `compare`); everything when `full_rebuild` (WAREHOUSE_REBUILD)."""
    with connect(database, memory_limit=memory_limit) as con:
        return scope.decide(
            con,
            manifest,
            digest,
            lambda: state.modified_since_last_build(database) if compare else None,
            full_rebuild=full_rebuild,
        )


# The manifest the decorator below reads: parsed when missing, and when the project changed
# under `dg dev` (make run parses before it loads the definitions, with its own warehouse).
prepare_manifest(SETTINGS.warehouse_resource().dbt_profile(), reparse_if_changed=SETTINGS.parse_on_load)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseTranslator(),
    pool=DUCKDB_POOL,
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    database = warehouse.database()
    # dbt's state comparison (in `decide`) and the build read this run's warehouse.
    dbt_environment(warehouse.dbt_profile())
    digest = project_digest()
    manifest = scope.Manifest.read(dbt_project.manifest_path)
    keys = {u: key for u, key in asset_keys(manifest).items() if key in context.assets_def.keys}
    selected = frozenset(u for u, key in keys.items() if key in context.selected_asset_keys)
    decided = decide(
        database,
        manifest,
        digest,
        compare=context.is_subset,
        full_rebuild=warehouse.full_rebuild,
        memory_limit=warehouse.duckdb_memory,
    )
    if not context.is_subset:
        if not decided.full:
            decided = replace(decided, full=True, reason="every model was selected")
    elif decided.full or selected != decided.rebuild & keys.keys():
        # A hand-picked selection: built as asked; the record describes refreshes only.
        context.log.info(f"dbt builds the {len(selected)} models selected")
        yield from _build(context, dbt, warehouse, manifest, period_scope.PeriodPlan())
        return
    context.log.info(f"dbt builds {'every model' if decided.full else f'{len(selected)} models'}: {decided.reason}")
    with warehouse.connect() as con:
        periods = period_scope.decide(con, manifest, decided)
        if decided.full:
            period_scope.drop_tables(con, manifest)
        elif decided.project_changed:
            period_scope.drop_tables(con, manifest, only=decided.modified)
    for line in periods.describe():
        context.log.info(line)
    # The changed raw tables' own dbt tests run with the models that read them.
    sources = [f"source:{name}" for name in decided.changed] if not decided.full else []
    invocation = yield from _build(context, dbt, warehouse, manifest, periods, sources)
    record_scope(warehouse, digest, decided, periods, manifest)
    state.keep(invocation.target_path / "manifest.json", database)
    # The catalogue re-uses a build's compiled SQL: a build of everything compiles every node; a
    # build of a selection after a project change replaces the earlier one, then stale (the
    # catalogue compiles what it lacks).
    if decided.full or decided.project_changed or not build_manifest_path(database).exists():
        keep_build_manifest(invocation.target_path, database)


# dbt's unit tests check the models' SQL on fixed rows, not the data: they belong with the code's
# tests (tests/e2e/test_dbt_unit_tests.py runs them in `make test`), not in every refresh, as dbt
# recommends for production builds.
BUILD = ["build", "--exclude-resource-type", "unit_test"]


def _build(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: Warehouse,
    manifest: scope.Manifest,
    periods: period_scope.PeriodPlan,
    select: list[str] = (),
):
    """Run `dbt build` on the run's selection (and `select`), each period-scoped model limited to
    its periods in `periods` (none: every period); returns the invocation once its events are out."""
    with warehouse.connect() as con:
        plan = period_scope.write_plan(con, periods)
    nodes = manifest.raw["nodes"]
    scoped = {
        key: periods.periods[nodes[u]["name"]]
        for u, key in asset_keys(manifest).items()
        if nodes[u]["name"] in periods.periods
    }
    outputs = context.assets_def.keys_by_output_name
    with period_plan(plan):
        invocation = dbt.cli([*BUILD, *(["--select", " ".join(select)] if select else [])], context=context)
        for event in invocation.stream():
            if isinstance(event, dg.Output) and outputs.get(event.output_name) in scoped:
                # What a period-scoped model recomputed, for the UI (its other periods were kept).
                periods_rebuilt = ", ".join(scoped[outputs[event.output_name]])
                event = event.with_metadata({**event.metadata, "periods_rebuilt": periods_rebuilt})
            yield event
    prune_run_targets(dbt_project.target_path)
    return invocation


def record_scope(
    warehouse: Warehouse, digest: str, decided: scope.Scope, periods: period_scope.PeriodPlan, manifest: scope.Manifest
) -> None:
    """Called once the build succeeded (a failed dbt build raises before this)."""
    with warehouse.connect() as con:
        scope.record(con, digest, decided.fingerprints, manifest.gates)
        period_scope.record(con, manifest, periods, decided.full or decided.project_changed)


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
# the manifest: megabytes each); a refresh every quarter plus the sensor's runs would fill the
# disk in time. The newest few stay for inspection.
KEEP_RUN_TARGETS = 5


def prune_run_targets(target: Path, keep: int = KEEP_RUN_TARGETS) -> list[Path]:
    """Remove all but the newest `keep` per-invocation folders (warehouse_models-*) of `target`."""
    runs = sorted(target.glob("warehouse_models-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = [p for p in runs[keep:] if p.is_dir()]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed
