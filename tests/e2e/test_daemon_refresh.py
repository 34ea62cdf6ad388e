"""A refresh started by the daemon: an input run (quarterly_refresh or inbox_refresh) reads the
inbox, then the run-status sensor refresh_models_after_inputs decides the models from the raw
tables and asks for a refresh_models run of exactly those, with what comes after them and the
privacy scan.

First build: the fixture inbox into a new warehouse (quarterly_refresh, period 2026-Q1): nothing
was built yet, so every dbt model is asked for.

Change in one family: a copy of the shared e2e run gets one new Facebook page export (followers
of 2026-Q2). inbox_refresh loads it into raw.fanpage_page_days, and records the file in
raw.file_loads_fanpage_pages. Read by hand from dbt_project/models, those two tables are read by
stg_media__fanpage_page_days (-> mart_fanpage_page_period) and by the union of every family's
file loads, stg_data_quality__file_loads (-> mart_file_loads); no other model reads these four.
mart_task_quarter is not among them: the privacy scan, a check on it, is asked for by name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs.warehouse import Warehouse
from tests.e2e import fixture_inbox

pytestmark = pytest.mark.e2e

AFTER_MODELS = {
    dg.AssetKey(["operations", "data_catalogue"]),
    dg.AssetKey(["reports", "year_end_reports"]),
    dg.AssetKey(["operations", "published_warehouse"]),
}
PRIVACY = dg.AssetCheckKey(dg.AssetKey(["marts", "mart_task_quarter"]), "no_personal_data")
FANPAGE_PAGE_MODELS = {
    dg.AssetKey(["staging", "stg_media__fanpage_page_days"]),
    dg.AssetKey(["marts", "mart_fanpage_page_period"]),
    dg.AssetKey(["staging", "stg_data_quality__file_loads"]),
    dg.AssetKey(["marts", "mart_file_loads"]),
}


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    from orchestration.definitions import defs

    return defs


def _input_run(defs, job: str, warehouse: Warehouse, instance, partition: str | None = None):
    result = defs.resolve_job_def(job).execute_in_process(
        instance=instance, resources={"warehouse": warehouse}, partition_key=partition, raise_on_error=False
    )
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


def _sensor_request(defs, result, warehouse: Warehouse, instance) -> dg.RunRequest:
    from orchestration.defs.operations.models_sensor import refresh_models_after_inputs

    context = dg.build_run_status_sensor_context(
        sensor_name=refresh_models_after_inputs.name,
        dagster_event=result.get_run_success_event(),
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"warehouse": warehouse},
        repository_def=defs.get_repository_def(),
    )
    return refresh_models_after_inputs(context)


def _models_of(request: dg.RunRequest) -> set[dg.AssetKey]:
    return set(request.asset_selection) - AFTER_MODELS


def test_a_first_build_asks_for_every_model(defs, tmp_path, monkeypatch):
    from orchestration.defs.transform.assets import warehouse_models

    inbox = fixture_inbox.build(tmp_path / "inbox")
    warehouse = Warehouse(path=str(tmp_path / "warehouse.duckdb"), inbox=str(inbox))
    monkeypatch.setenv("WAREHOUSE_BUILD", str(warehouse.database()))
    with dg.DagsterInstance.ephemeral() as instance:
        result = _input_run(defs, "quarterly_refresh", warehouse, instance, partition="2026-Q1")
        # The input run built no model and nothing after the models.
        built = {e.asset_key for e in result.get_asset_materialization_events()}
        assert dg.AssetKey(["raw", "unit_report_submissions"]) in built
        assert not built & (set(warehouse_models.keys) | AFTER_MODELS)

        request = _sensor_request(defs, result, warehouse, instance)
    assert request.job_name == "refresh_models"
    assert request.run_key == result.run_id
    assert _models_of(request) == set(warehouse_models.keys)
    assert set(request.asset_selection) >= AFTER_MODELS
    assert PRIVACY in request.asset_check_keys


@pytest.fixture(scope="module")
def changed_fanpage_pages(e2e_run, tmp_path_factory):
    root = tmp_path_factory.mktemp("daemon") / "copy"
    shutil.copytree(e2e_run.root, root, symlinks=True)
    (root / "inbox" / "media" / "fanpage" / "pages" / "Sở GDĐT TP.HCM_2026-03-15_2026-06-14.csv").write_text(
        "Lượt theo dõi Facebook\nNgày,Lượt theo dõi Facebook,Lượt theo dõi mới,Lượt bỏ theo dõi\n04/10/2026,10200,25,3\n",
        encoding="utf-8",
    )
    return Warehouse(path=str(root / e2e_run.database.name), inbox=str(root / "inbox"))


def test_a_change_in_one_family_builds_only_the_models_that_read_it(defs, changed_fanpage_pages, monkeypatch):
    from orchestration.defs.transform.refresh import requested_job

    warehouse = changed_fanpage_pages
    monkeypatch.setenv("WAREHOUSE_BUILD", str(warehouse.database()))
    with dg.DagsterInstance.ephemeral() as instance:
        inputs = _input_run(defs, "inbox_refresh", warehouse, instance)
        request = _sensor_request(defs, inputs, warehouse, instance)
        assert (request.job_name, request.run_key) == ("refresh_models", inputs.run_id)
        assert _models_of(request) == FANPAGE_PAGE_MODELS
        assert set(request.asset_selection) == FANPAGE_PAGE_MODELS | AFTER_MODELS
        # Its mart is kept, its check runs: the scan reads the whole warehouse.
        assert PRIVACY in request.asset_check_keys

        run = requested_job(defs, request).execute_in_process(
            instance=instance, resources={"warehouse": warehouse}, tags=request.tags, raise_on_error=False
        )
        assert run.success, [e.message for e in run.all_events if e.is_failure]
        records = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
        materialized = {r.event_log_entry.dagster_event.asset_key for r in records}
        evaluated = {e.asset_check_key: e.passed for e in run.get_asset_check_evaluations()}
    assert materialized == FANPAGE_PAGE_MODELS | AFTER_MODELS
    assert evaluated[PRIVACY] is True
    assert Path(warehouse.published()).exists()
