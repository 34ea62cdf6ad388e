"""The run history's event log (orchestration/lib/history_storage.py): the project's dagster.yaml
selects it, it writes Dagster's own files where Dagster's default storage reads them, a batch is
one transaction, and a run's planned events arrive as one batch."""

from __future__ import annotations

import os
import shutil

import dagster as dg
import pytest
from dagster._core.events import DagsterEventType
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from orchestration.lib import history_storage
from orchestration.lib.reference import PROJECT_ROOT


@dg.asset
def press_items() -> int:
    return 3


@dg.asset(deps=[press_items])
def press_coverage() -> int:
    return 2


@dg.asset_check(asset=press_coverage)
def coverage_is_counted() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


@pytest.fixture
def instance(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        yield instance


def _events(storage, run_id: str, kind: DagsterEventType) -> list:
    return [e for e in storage.get_logs_for_run(run_id) if e.dagster_event and e.dagster_event.event_type == kind]


def test_the_projects_instance_keeps_its_event_log_in_dagster_home(instance, tmp_path):
    storage = instance.event_log_storage
    assert isinstance(storage, history_storage.HistoryEventLogStorage)
    assert storage._base_dir == str(tmp_path / "dagster_home" / "history" / "runs")


def test_a_run_is_read_back_by_dagsters_default_storage(instance, tmp_path, monkeypatch):
    monkeypatch.setenv(history_storage.BATCH_ENV, "1000")
    result = dg.materialize([press_items, press_coverage, coverage_is_counted], instance=instance)
    assert result.success
    # The same files, read by the storage Dagster uses without the project's setting: an
    # existing history carries on, and a history written here can be read without the project.
    default = SqliteEventLogStorage(str(tmp_path / "dagster_home" / "history" / "runs"))
    run_id = result.run_id
    planned = _events(default, run_id, DagsterEventType.ASSET_MATERIALIZATION_PLANNED)
    assert sorted(e.dagster_event.asset_key.to_user_string() for e in planned) == ["press_coverage", "press_items"]
    assert len(_events(default, run_id, DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED)) == 1
    done = _events(default, run_id, DagsterEventType.ASSET_MATERIALIZATION)
    assert sorted(e.dagster_event.asset_key.to_user_string() for e in done) == ["press_coverage", "press_items"]
    # The cross-run index (what the UI's asset pages read) has them too.
    latest = default.get_latest_materialization_events([dg.AssetKey("press_coverage")])
    assert latest[dg.AssetKey("press_coverage")].run_id == run_id
    check = instance.event_log_storage.get_latest_asset_check_execution_by_key(
        [dg.AssetCheckKey(dg.AssetKey("press_coverage"), "coverage_is_counted")])
    assert check[dg.AssetCheckKey(dg.AssetKey("press_coverage"), "coverage_is_counted")].run_id == run_id


def test_planned_events_are_stored_as_one_batch(instance, monkeypatch):
    monkeypatch.setenv(history_storage.BATCH_ENV, "1000")
    storage = instance.event_log_storage
    batches: list[int] = []
    original = storage.store_event_batch

    def counted(events):
        batches.append(len(events))
        return original(events)

    monkeypatch.setattr(storage, "store_event_batch", counted)
    assert dg.materialize([press_items, press_coverage, coverage_is_counted], instance=instance).success
    # Two materializations and one check planned at the run's start: one batch of three.
    assert batches == [3]


def test_a_failed_batch_leaves_nothing_behind(instance):
    storage = instance.event_log_storage
    result = dg.materialize([press_items], instance=instance)
    stored = storage.get_logs_for_run(result.run_id)
    before = len(stored)
    good = stored[0]._replace(timestamp=stored[0].timestamp + 1)
    with pytest.raises(Exception):
        storage.store_event_batch([good, "not an event"])
    assert len(storage.get_logs_for_run(result.run_id)) == before
    storage.store_event_batch([good, good])
    assert len(storage.get_logs_for_run(result.run_id)) == before + 2


def test_a_missing_table_is_still_reported_missing(instance):
    storage = instance.event_log_storage
    assert storage.has_table("event_logs") is True
    assert storage.has_table("no_such_table") is False
    assert storage.has_table("event_logs") is True


def test_an_instance_opened_by_its_folder_reads_its_own_event_log(instance, tmp_path, monkeypatch):
    # The benchmark opens each scenario's instance by its folder while DAGSTER_HOME is unset (or
    # names another instance): the events must be read from that folder's files.
    from orchestration.bench.pipeline import step_spans

    result = dg.materialize([press_items, press_coverage], instance=instance)
    assert result.success
    monkeypatch.delenv("DAGSTER_HOME")
    with pytest.raises(RuntimeError, match="open_instance"):
        history_storage.default_base_dir()
    home = tmp_path / "dagster_home"
    opened = history_storage.open_instance(home)
    assert opened.event_log_storage._base_dir == str(home / "history" / "runs")
    assert "DAGSTER_HOME" not in os.environ
    spans = step_spans(home)
    assert [(stage, step) for stage, step, _, _ in spans] == [("reports", "press_items"), ("reports", "press_coverage")]
    assert all(start <= end for _, _, start, end in spans)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "another_home"))
    assert history_storage.open_instance(home).get_run_by_id(result.run_id) is not None
