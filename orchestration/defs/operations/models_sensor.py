"""The second run of a refresh started by the daemon: the dbt models an input run's changes need.

The schedule's quarterly_refresh and the inbox sensor's inbox_refresh only read the inbox. When
one of them succeeds, this sensor decides which models to rebuild from the build copy's raw tables
as that run left them (refresh.plan_models, the decision `make run` takes between its two runs) and
asks for one refresh_models run of exactly those models, with what comes after them and the
privacy scan. A kept model is not in that run, so its history in Dagster is the history of its
data. The run key is the input run's id: one models run per input run, however often the sensor
looks. A failed input run launches nothing (its blocking checks stand between bad input and the
marts); the next input run that succeeds decides again from the raw tables as they then are.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.operations.schedules import quarterly_refresh
from orchestration.defs.operations.sensors import inbox_refresh
from orchestration.defs.transform.refresh import models_request, plan_models, refresh_models
from orchestration.defs.warehouse import Warehouse


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[quarterly_refresh, inbox_refresh],
    request_job=refresh_models,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description=(
        "After a quarterly_refresh or inbox_refresh run succeeds: runs the dbt models its changes need "
        "(decided from the raw tables' fingerprints), then the catalogue, reports, privacy scan and publishing."
    ),
)
def refresh_models_after_inputs(context: dg.RunStatusSensorContext, warehouse: Warehouse):
    inputs_run = context.dagster_run.run_id
    plan = plan_models(warehouse)
    context.log.info(f"run {inputs_run}: {len(plan.models)} dbt models to build ({plan.reason})")
    return models_request(
        plan,
        context.repository_def.asset_graph,
        run_key=inputs_run,
        tags={"inputs_run": inputs_run},
    )
