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

from orchestration.defs.transform import period_scope, scope
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


class _KeptOutputs:
    """The outputs of the models a refresh keeps, in the order Dagster takes a step's outputs:
    parents first. A kept model is reported once every model it reads has been: before the build
    when it reads only kept models, or right after dbt rebuilt the last of its parents (a gate's
    view reads staging views that are rebuilt; dbt orders a selection through the nodes it leaves
    out, so a rebuilt model that reads a kept one comes after the kept one's parents)."""

    def __init__(self, manifest: scope.Manifest, plan: scope.Scope, output_names: dict[str, str]):
        self._output_names = output_names  # unique id -> output name, for this step's outputs
        self._unique_ids = {name: u for u, name in output_names.items()}
        self._waiting = [u for u in manifest.kept_in_order(plan) if u in output_names]
        self._parents = {
            u: [p for p in manifest.raw["parent_map"].get(u, []) if p in output_names] for u in self._waiting
        }
        self._reason = plan.reason
        self._reported: set[str] = set()
        self.names: set[str] = set()

    def release(self, after: str | None = None):
        """The kept outputs whose parents are all reported now (`after`: an output just built)."""
        if after in self._unique_ids:
            self._reported.add(self._unique_ids[after])
        later = []
        for unique_id in self._waiting:  # parents first, so one pass releases a chain
            if all(p in self._reported for p in self._parents[unique_id]):
                self._reported.add(unique_id)
                self.names.add(self._output_names[unique_id])
                yield dg.Output(None, output_name=self._output_names[unique_id],
                                metadata={"rebuilt": False, "why": f"kept from the last build ({self._reason})"})
            else:
                later.append(unique_id)
        self._waiting = later


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
    plan, periods = decide_scope(database, manifest, digest)
    if plan.full:
        context.log.info(f"dbt builds every model: {plan.reason}")
    else:
        context.log.info(f"dbt builds only the models downstream of changed raw tables: {plan.reason}")
    for line in periods.describe():
        context.log.info(line)
    # Models whose inputs are the rows they were built from last time keep their tables. They are
    # reported as materialized, unchanged, so that the steps after them (checks, reports,
    # publish) run as after a full build.
    translator = WarehouseTranslator()
    outputs = context.assets_def.keys_by_output_name
    selected = set(context.selected_output_names)
    output_of = {key: name for name, key in outputs.items()}
    output_names = {
        unique_id: output_of[key]
        for unique_id, node in manifest.raw["nodes"].items()
        if (key := translator.get_asset_key(node)) in output_of and output_of[key] in selected
    }
    kept = _KeptOutputs(manifest, plan, output_names)
    yield from kept.release()
    built: set[str] = set()
    if not plan.nothing_to_build:
        scoped = {output_names[u]: periods.periods[manifest.raw["nodes"][u]["name"]]
                  for u in output_names if manifest.raw["nodes"][u]["name"] in periods.periods}
        for event in _build(context, dbt, plan.select(manifest), database, periods):
            if isinstance(event, dg.Output) and event.output_name in scoped:
                # What a period-scoped model recomputed, for the UI (its other periods were kept).
                event = event.with_metadata({**event.metadata, "periods_rebuilt": ", ".join(scoped[event.output_name])})
            yield event
            if isinstance(event, dg.Output):
                built.add(event.output_name)
                yield from kept.release(after=event.output_name)
    missing = sorted((selected & set(outputs)) - kept.names - built)
    if missing:
        raise RuntimeError(f"dbt neither built nor kept {len(missing)} selected models, e.g. {missing[:3]}")
    record_scope(database, digest, plan, periods, manifest)


# dbt's unit tests check the models' SQL on fixed rows, not the data: they belong with the code's
# tests (tests/e2e/test_dbt_unit_tests.py runs them in `make test`), not in every refresh, as dbt
# recommends for production builds.
BUILD = ["build", "--exclude-resource-type", "unit_test"]


def _build(context: dg.AssetExecutionContext, dbt: DbtCliResource, select: list[str], database: Path,
           periods: period_scope.PeriodPlan | None = None):
    with warehouse.connect(database) as con:
        # A build without a plan (everything, or a hand-picked selection) removes any earlier
        # one, so that its period-scoped models recompute every period.
        plan = period_scope.write_plan(con, periods or period_scope.PeriodPlan())
    if plan:
        os.environ[period_scope.PLAN_ENV] = plan
    try:
        yield from _run_dbt(context, dbt, select, database)
    finally:
        os.environ.pop(period_scope.PLAN_ENV, None)


def _run_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, select: list[str], database: Path):
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


def decide_scope(database: Path, manifest: scope.Manifest, digest: str) -> tuple[scope.Scope, period_scope.PeriodPlan]:
    """Which models to rebuild, and which periods of the period-scoped ones. Before a build of
    everything, the period-scoped tables are dropped, so that dbt creates them anew."""
    with warehouse.connect(database) as con:
        plan = scope.decide(con, manifest, digest)
        if plan.full:
            period_scope.drop_tables(con, manifest)
        return plan, period_scope.decide(con, manifest, plan)


def record_scope(database: Path, digest: str, decided: scope.Scope, periods: period_scope.PeriodPlan,
                 manifest: scope.Manifest) -> None:
    """Called once the build succeeded (a failed dbt build raises before this)."""
    with warehouse.connect(database) as con:
        scope.record(con, digest, decided.fingerprints, manifest.gates)
        period_scope.record(con, manifest, periods, decided.full)


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
