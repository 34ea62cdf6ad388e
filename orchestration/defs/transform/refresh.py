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
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from orchestration.defs.operations.privacy import no_personal_data
from orchestration.defs.transform import scope
from orchestration.defs.transform.assets import asset_keys, decide, warehouse_models
from orchestration.defs.transform.project import dbt_project, project_digest

MODELS = dg.AssetSelection.assets(warehouse_models)
AFTER_MODELS = MODELS.downstream() - MODELS
TRANSFORM_JOB = "refresh_models"


@dataclass(frozen=True)
class ModelsPlan:
    """The dbt assets a refresh materializes, and why (scope.Scope's reason)."""

    models: tuple[dg.AssetKey, ...]
    reason: str


def inputs(keys: Iterable[dg.AssetKey], graph: dg.Definitions) -> list[dg.AssetKey]:
    """Of `keys`, those the first run materializes: neither a dbt model nor after one."""
    later = (MODELS | AFTER_MODELS).resolve(graph.resolve_asset_graph())
    return [key for key in keys if key not in later]


def plan_models(database: Path | None = None) -> ModelsPlan:
    """The models to rebuild, decided from the build copy's raw tables (once the first run read
    the inbox) and the recorded state of the last build."""
    database = database or Path(os.environ["WAREHOUSE_BUILD"])
    manifest = scope.Manifest.read(dbt_project.manifest_path)
    decided = decide(database, manifest, project_digest())
    keys = asset_keys(manifest)
    chosen = keys.keys() if decided.full else decided.rebuild
    return ModelsPlan(
        tuple(sorted((keys[u] for u in chosen if u in keys), key=lambda k: k.to_user_string())), decided.reason
    )


def models_selection(models: Iterable[dg.AssetKey]) -> dg.AssetSelection:
    """The second run: the chosen models with their tests, what comes after the models, and the
    privacy scan."""
    return dg.AssetSelection.assets(*models) | AFTER_MODELS | dg.AssetSelection.checks(no_personal_data)


def models_job(defs: dg.Definitions, models: Iterable[dg.AssetKey]) -> dg.JobDefinition:
    """The second run's job, resolved against the project's definitions."""
    job = dg.define_asset_job(
        TRANSFORM_JOB,
        selection=models_selection(models),
        description="dbt models chosen for this refresh, then the catalogue, reports and publishing",
    )
    return dg.Definitions.merge(defs, dg.Definitions(jobs=[job])).resolve_job_def(TRANSFORM_JOB)
