"""A refresh in two runs, so that Dagster knows before dbt starts which models it builds.

The first run reads the inbox: every unpartitioned asset upstream of the dbt models (reference
data, media, surveys, feedback, infrastructure, with their blocking checks). Then the models to
rebuild are decided from the raw tables as they now are (scope.py; dbt's state comparison when
the project changed), and the second run materializes exactly those, with their tests, and what
comes after the models (the data catalogue, the reports, publishing). A model the refresh keeps
is not in the second run: it gets no new materialization, and its history in Dagster is the
history of its data.

The privacy scan reads the whole warehouse, raw tables included, so it runs in every second
run, whichever marts were rebuilt; it is blocking, so a leak still stops publishing.

Both ways of refreshing take the same two runs: `make run` launches both itself (orchestration/
run.py); the daemon launches the first from the schedule or the inbox sensor and the second from
the run-status sensor (operations/models_sensor.py). The second is always `refresh_models`
narrowed by `models_request`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import dagster as dg

from orchestration.defs.operations.privacy import no_personal_data
from orchestration.defs.transform import scope
from orchestration.defs.transform.assets import asset_keys, decide, warehouse_models
from orchestration.defs.transform.project import dbt_project, project_digest
from orchestration.defs.warehouse import Warehouse

MODELS = dg.AssetSelection.assets(warehouse_models)
AFTER_MODELS = MODELS.downstream() - MODELS
# What the first run reads: everything but the models and what comes after them.
INPUTS = dg.AssetSelection.all() - MODELS - AFTER_MODELS
PRIVACY_SCAN = dg.AssetSelection.checks(no_personal_data)

# The second run, whoever launches it (`make run`, or the run-status sensor after an input run):
# run whole it builds every model; a refresh narrows it to the models it decided.
refresh_models = dg.define_asset_job(
    "refresh_models",
    selection=MODELS | AFTER_MODELS | PRIVACY_SCAN,
    description=(
        "The second run of a refresh: the dbt models it decided (every model when run whole) with their "
        "tests, then the catalogue, the reports, the privacy scan and publishing."
    ),
)


@dataclass(frozen=True)
class ModelsPlan:
    """The dbt assets a refresh materializes, and why (scope.Scope's reason)."""

    models: tuple[dg.AssetKey, ...]
    reason: str


def inputs(keys: Iterable[dg.AssetKey], graph: dg.Definitions) -> list[dg.AssetKey]:
    """Of `keys`, those the first run materializes: neither a dbt model nor after one."""
    later = (MODELS | AFTER_MODELS).resolve(graph.resolve_asset_graph())
    return [key for key in keys if key not in later]


def plan_models(warehouse: Warehouse) -> ModelsPlan:
    """The models to rebuild, decided from the raw tables of the warehouse's build copy (once the
    first run read the inbox) and the recorded state of the last build."""
    manifest = scope.Manifest.read(dbt_project.manifest_path)
    decided = decide(
        warehouse.database(),
        manifest,
        project_digest(),
        full_rebuild=warehouse.full_rebuild,
        memory_limit=warehouse.duckdb_memory,
    )
    keys = asset_keys(manifest)
    chosen = keys.keys() if decided.full else decided.rebuild
    return ModelsPlan(
        tuple(sorted((keys[u] for u in chosen if u in keys), key=lambda k: k.to_user_string())), decided.reason
    )


def models_selection(models: Iterable[dg.AssetKey]) -> dg.AssetSelection:
    """The second run: the chosen models with their tests, what comes after the models, and the
    privacy scan."""
    return dg.AssetSelection.assets(*models) | AFTER_MODELS | PRIVACY_SCAN


def models_request(
    plan: ModelsPlan, graph, run_key: str | None = None, tags: dict[str, str] | None = None
) -> dg.RunRequest:
    """The second run as a request for `refresh_models`, resolved against `graph` (the code
    location's asset graph): the assets and the checks it runs, named one by one (the privacy
    scan's mart is often kept, so its check cannot come with its asset)."""
    selection = models_selection(plan.models)
    return dg.RunRequest(
        job_name=refresh_models.name,
        run_key=run_key,
        asset_selection=sorted(selection.resolve(graph), key=lambda k: k.to_user_string()),
        asset_check_keys=sorted(selection.resolve_checks(graph), key=lambda k: k.to_user_string()),
        tags={"dbt_models": str(len(plan.models)), **(tags or {})},
    )


def requested_job(defs: dg.Definitions, request: dg.RunRequest) -> dg.JobDefinition:
    """`refresh_models` narrowed to `request`'s assets and checks, to run in this process, as the
    daemon narrows it when it launches the request (execute_in_process selects assets only, and
    would drop a check whose asset the run keeps)."""
    return defs.resolve_job_def(request.job_name).get_subset(
        asset_selection=set(request.asset_selection or ()), asset_check_selection=set(request.asset_check_keys or ())
    )
