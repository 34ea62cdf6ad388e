"""Running `make run`'s pipeline as a separate process, so that it can be killed like a real one.

The process gets its own session: a SIGKILL to the group takes dbt's subprocess down with it,
as a power cut or an out-of-memory kill would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from orchestration.domain.reference import PROJECT_ROOT


@dataclass(frozen=True)
class Workspace:
    """One warehouse folder and its Dagster instance."""

    root: Path
    inbox: Path
    periods: str
    warehouse: Path | None = None  # default: <root>/warehouse/warehouse.duckdb

    @property
    def published(self) -> Path:
        return self.warehouse or self.root / "warehouse" / "warehouse.duckdb"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster_home"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "orchestration.run",
            "--inbox",
            str(self.inbox),
            "--warehouse",
            str(self.published),
            "--periods",
            self.periods,
            "--dagster-home",
            str(self.dagster_home),
        ]


@dataclass
class Finished:
    returncode: int | None  # None: killed by us
    seconds: float
    log: Path
    started_at: float  # epoch seconds, to line up with Dagster's event times


def start(workspace: Workspace, log_name: str = "run.log") -> tuple[subprocess.Popen, float, Path]:
    workspace.root.mkdir(parents=True, exist_ok=True)
    log = workspace.root / log_name
    handle = log.open("w", encoding="utf-8")
    started = time.time()
    process = subprocess.Popen(
        workspace.command(),
        cwd=PROJECT_ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    handle.close()
    return process, started, log


def run(workspace: Workspace, log_name: str = "run.log", timeout: float = 1800) -> Finished:
    process, started, log = start(workspace, log_name)
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill(process)
        raise
    return Finished(code, time.time() - started, log, started)


def run_and_kill(workspace: Workspace, after_seconds: float, log_name: str = "killed.log") -> Finished:
    """Start a run and SIGKILL its whole process group after `after_seconds` (if still running)."""
    process, started, log = start(workspace, log_name)
    try:
        code = process.wait(timeout=after_seconds)
        return Finished(code, time.time() - started, log, started)  # finished before the kill
    except subprocess.TimeoutExpired:
        kill(process)
        return Finished(None, time.time() - started, log, started)


def run_and_kill_in_stage(
    workspace: Workspace, stage: str, delay: float, stage_of_spans, log_name: str = "killed.log", timeout: float = 1800
) -> Finished:
    """Start a run; once a step of `stage` has started (read from the run's own event log), wait
    `delay` seconds and SIGKILL the process group. `stage_of_spans(home, started_at)` lists the
    steps seen so far (tools.reliability.stages.timeline)."""
    process, started, log = start(workspace, log_name)
    deadline = time.time() + timeout
    while process.poll() is None and time.time() < deadline:
        spans = stage_of_spans(workspace.dagster_home, started) if workspace.dagster_home.exists() else []
        entered = [s for s in spans if s.stage == stage]
        if entered:
            time.sleep(delay)
            break
        time.sleep(0.25)
    if process.poll() is not None:
        return Finished(process.returncode, time.time() - started, log, started)
    kill(process)
    return Finished(None, time.time() - started, log, started)


def kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
