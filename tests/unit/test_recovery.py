"""After a crash: the dead refresh's run is failed and its writer slot freed; one refresh at a time."""

import os
import subprocess
import sys

import dagster as dg
import pytest

from orchestration.recovery import (
    HOST_TAG,
    PID_TAG,
    hold_refresh_lock,
    recover_abandoned_runs,
    run_tags,
)


@dg.op
def noop():
    return None


@dg.job
def some_job():
    noop()


@pytest.fixture
def instance(tmp_path):
    # A real SQLite-backed instance with the project's pool: one writer slot.
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        instance.event_log_storage.set_concurrency_slots("duckdb_writer", 1)
        yield instance


def _dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def _started_run(instance, tags):
    run = instance.create_run_for_job(some_job, tags=tags, status=dg.DagsterRunStatus.STARTED)
    claim = instance.event_log_storage.claim_concurrency_slot("duckdb_writer", run.run_id, "step")
    assert claim.is_claimed
    return run


def test_a_dead_refresh_is_failed_and_its_slot_freed(instance):
    dead = _started_run(instance, {**run_tags(), PID_TAG: str(_dead_pid())})
    alive = instance.create_run_for_job(some_job, tags=run_tags(), status=dg.DagsterRunStatus.STARTED)  # this process
    elsewhere = instance.create_run_for_job(
        some_job,
        tags={**run_tags(), PID_TAG: str(_dead_pid()), HOST_TAG: "another-host"},
        status=dg.DagsterRunStatus.STARTED,
    )
    assert recover_abandoned_runs(instance) == [dead.run_id]
    assert instance.get_run_by_id(dead.run_id).status == dg.DagsterRunStatus.FAILURE
    assert instance.get_run_by_id(alive.run_id).status == dg.DagsterRunStatus.STARTED
    assert instance.get_run_by_id(elsewhere.run_id).status == dg.DagsterRunStatus.STARTED
    # The slot is free again: a new run can claim it.
    assert instance.event_log_storage.claim_concurrency_slot("duckdb_writer", "next-run", "step").is_claimed


def test_runs_from_the_ui_are_left_alone(instance):
    ui_run = instance.create_run_for_job(some_job, tags={}, status=dg.DagsterRunStatus.STARTED)
    assert recover_abandoned_runs(instance) == []
    assert instance.get_run_by_id(ui_run.run_id).status == dg.DagsterRunStatus.STARTED


def test_one_refresh_at_a_time(tmp_path):
    build = tmp_path / ".build"
    with hold_refresh_lock(build):
        # Another process trying the same warehouse is refused with the holder's pid.
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from orchestration.recovery import hold_refresh_lock\n"
                "try:\n    hold_refresh_lock(Path(sys.argv[1]))\nexcept Exception as e:\n    print(e)",
                str(build),
            ],
            capture_output=True,
            text=True,
            cwd=os.getcwd(),
        )
        assert (
            probe.stdout.strip()
            == f"another refresh of this warehouse is running (process {os.getpid()}); wait for it to finish"
        )
    with hold_refresh_lock(build):  # released: taken again
        pass
