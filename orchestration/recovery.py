"""After a crash: one refresh at a time per warehouse, and no run left holding the writer slot.

A refresh killed part-way (power cut, out-of-memory kill, SIGKILL) leaves its Dagster run marked
as started and its claim on the `duckdb_writer` pool slot in the instance, and every later run
would wait for that slot forever. Each refresh therefore tags its runs with its process id; the
next refresh marks the runs of dead processes as failed and frees their slots before it starts.
A lock file beside the build copy keeps two refreshes of one warehouse from running at once.
"""

from __future__ import annotations

import datetime
import fcntl
import os
import socket
from pathlib import Path
from typing import IO

LAUNCHER_TAG = "gddt/launcher"
PID_TAG = "gddt/pid"
HOST_TAG = "gddt/host"
LAUNCHER = "orchestration.run"


class RefreshRunning(RuntimeError):
    """Another refresh of the same warehouse is running."""


def run_tags() -> dict[str, str]:
    return {LAUNCHER_TAG: LAUNCHER, PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def recover_abandoned_runs(instance) -> list[str]:
    """Mark this host's unfinished runs whose process is gone as failed; free their pool slots."""
    import dagster as dg

    unfinished = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.NOT_STARTED],
            tags={LAUNCHER_TAG: LAUNCHER},
        )
    )
    recovered = []
    for run in unfinished:
        pid = run.tags.get(PID_TAG, "")
        if run.tags.get(HOST_TAG) != socket.gethostname() or not pid.isdigit() or _alive(int(pid)):
            continue
        instance.report_run_failed(run, f"the refresh process {pid} ended without finishing this run (killed?)")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(run.run_id)
    return recovered


def _lock_file(folder: Path) -> tuple[IO, str | None]:
    """Open `folder`/.refresh.lock and try to take it: (the file, None) when taken, else (the
    file, what its holder wrote). The kernel releases the lock when the file is closed or the
    process ends, even after SIGKILL."""
    folder.mkdir(parents=True, exist_ok=True)
    handle = (folder / ".refresh.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        return handle, handle.read().strip()
    return handle, None


def _write_holder(handle: IO, text: str) -> IO:
    handle.seek(0)
    handle.truncate()
    handle.write(text)
    handle.flush()
    return handle


def hold_refresh_lock(build_dir: Path) -> IO:
    """An exclusive lock for this warehouse's build, held until the returned file is closed."""
    handle, holder = _lock_file(build_dir)
    if holder is not None:
        handle.close()
        raise RefreshRunning(
            f"another refresh of this warehouse is running (process {holder or 'unknown'}); wait for it to finish"
        )
    return _write_holder(handle, str(os.getpid()))


def hold_instance_lock(home: Path, warehouse: Path, say) -> IO:
    """Wait for, then hold, the Dagster home: refreshes of different warehouses that share one
    instance share its single `duckdb_writer` slot, so the second would otherwise sit silent
    until the first ends. `say` tells the person at the terminal what it waits for, and since when."""
    handle, holder = _lock_file(home)
    if holder is not None:
        pid, since, other = (holder.split("\t") + ["?", "?", "?"])[:3]
        say(
            f"waiting: the Dagster home {home} is in use by the refresh of {other} (process {pid}) "
            f"since {since}; this refresh starts when that one ends (Ctrl-C to give up)"
        )
        fcntl.flock(handle, fcntl.LOCK_EX)
    started = datetime.datetime.now().astimezone().strftime("%d/%m/%Y %H:%M:%S")
    return _write_holder(handle, f"{os.getpid()}\t{started}\t{warehouse}")
