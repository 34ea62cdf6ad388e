"""The two runs of a refresh (orchestration/defs/transform/refresh.py), resolved against the
project's real definitions: the first reads the inbox, the second materializes the chosen dbt
models, what comes after them and the privacy scan, and nothing else."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.defs.transform import refresh

PERIOD_COMPLIANCE = dg.AssetKey(["marts", "mart_period_compliance"])
AFTER = {
    dg.AssetKey(["operations", "data_catalogue"]),
    dg.AssetKey(["reports", "year_end_reports"]),
    dg.AssetKey(["operations", "published_warehouse"]),
}
PRIVACY = dg.AssetCheckKey(dg.AssetKey(["marts", "mart_task_quarter"]), "no_personal_data")


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    from orchestration.definitions import defs

    return defs


def test_the_first_run_reads_the_inbox_and_builds_no_model(defs):
    graph = defs.resolve_asset_graph()
    everything = list(graph.get_all_asset_keys())
    first = set(refresh.inputs(everything, defs))
    assert {dg.AssetKey(["raw", "press_items"]), dg.AssetKey(["raw", "ref_wards"])} <= first
    assert not first & AFTER
    assert PERIOD_COMPLIANCE not in first and dg.AssetKey(["marts", "mart_task_quarter"]) not in first


def test_the_second_run_is_the_chosen_models_then_catalogue_reports_and_publishing(defs):
    graph = defs.resolve_asset_graph()
    selection = refresh.models_selection([PERIOD_COMPLIANCE])
    assert selection.resolve(graph) == {PERIOD_COMPLIANCE} | AFTER
    checks = selection.resolve_checks(graph)
    # The privacy scan reads the whole warehouse: it runs although its mart is kept.
    assert PRIVACY in checks
    assert dg.AssetCheckKey(dg.AssetKey(["reports", "year_end_reports"]), "no_personal_data_in_reports") in checks
    # The chosen model's dbt tests come with it; a kept mart's do not.
    assert {c.asset_key for c in checks} == {
        PERIOD_COMPLIANCE,
        dg.AssetKey(["marts", "mart_task_quarter"]),
        dg.AssetKey(["reports", "year_end_reports"]),
    }
    assert any(c.asset_key == PERIOD_COMPLIANCE for c in checks)


def test_a_refresh_with_nothing_to_rebuild_still_publishes(defs):
    graph = defs.resolve_asset_graph()
    assert refresh.models_selection([]).resolve(graph) == AFTER
    request = refresh.models_request(refresh.ModelsPlan((), "no raw table changed"), graph)
    assert (request.job_name, set(request.asset_selection)) == ("refresh_models", AFTER)
    assert set(request.asset_check_keys) == {
        PRIVACY,
        dg.AssetCheckKey(dg.AssetKey(["reports", "year_end_reports"]), "no_personal_data_in_reports"),
    }


def test_the_request_runs_the_registered_job_narrowed_to_its_assets_and_checks(defs):
    graph = defs.resolve_asset_graph()
    request = refresh.models_request(refresh.ModelsPlan((PERIOD_COMPLIANCE,), "test"), graph)
    job = refresh.requested_job(defs, request)
    assert job.name == "refresh_models"
    assert job.asset_check_selection == set(request.asset_check_keys)
    # The privacy scan runs although its mart (mart_task_quarter) is not rebuilt.
    assert PRIVACY in job.asset_check_selection
    assert dg.AssetKey(["marts", "mart_task_quarter"]) not in request.asset_selection


def test_the_daemon_jobs_read_the_inbox_and_build_no_model(defs):
    from orchestration.defs.operations.schedules import quarterly_refresh
    from orchestration.defs.operations.sensors import inbox_refresh

    graph = defs.resolve_asset_graph()
    later = (refresh.MODELS | refresh.AFTER_MODELS).resolve(graph)
    quarterly = quarterly_refresh.selection.resolve(graph)
    inbox = inbox_refresh.selection.resolve(graph)
    assert not quarterly & later and not inbox & later
    assert {dg.AssetKey(["raw", "press_items"]), dg.AssetKey(["raw", "unit_report_submissions"])} <= quarterly
    assert dg.AssetKey(["raw", "press_items"]) in inbox
    assert dg.AssetKey(["raw", "unit_report_submissions"]) not in inbox
    # No dbt test runs in an input run: the raw tables' own checks only.
    assert all(c.asset_key.path[0] == "raw" for c in quarterly_refresh.selection.resolve_checks(graph))
