"""Worker processes for CPU-bound reading: how many (`WAREHOUSE_READ_WORKERS`), and a pool that
hands results back in the order the work was given.

Readers are pure Python over many small files, so one process uses one core whatever the
machine has. A pool of processes reads on every core while the caller (an ingestion asset)
publishes what was read before.

The pool's processes are started with 'spawn', never 'fork': a refresh runs inside Dagster,
whose processes hold threads (event log, compute log capture, polars' and DuckDB's pools), and a
forked child gets their locks but not the threads that would release them. 'forkserver' would
fork from a server that preloads the reader, and so polars and its threads too. A spawned
worker starts a fresh interpreter and imports the reader itself: about a second, paid once per
read, which is why small reads stay in the caller's process (`workers_for`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

READ_WORKERS_SETTING = "WAREHOUSE_READ_WORKERS"
# The default's ceiling: past it the caller's own share (listing, hashing, publishing to
# DuckDB, one process) is the bottleneck, and each worker holds its own interpreter, polars and
# fastexcel in memory. An explicit setting may go higher.
MAX_DEFAULT_WORKERS = 8
# Below this many files a read stays in the caller's process: starting the pool (an interpreter
# and its imports per worker) costs more than reading that many workbooks one after another.
MIN_PARALLEL_FILES = 300

Tag = TypeVar("Tag")
Result = TypeVar("Result")


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask: a container's or taskset's limit),
    not every CPU of the machine."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def read_workers(value: str | None = None) -> int:
    """The number of reading processes the setting `value` (`WAREHOUSE_READ_WORKERS`) asks for.

    None or empty: the CPUs this process may use, at most `MAX_DEFAULT_WORKERS`. 1: read in
    the caller's process, no pool. Anything but a whole number of 1 or more is an error that
    says what is expected.
    """
    text = value
    if text is None or not text.strip():
        return max(1, min(available_cpus(), MAX_DEFAULT_WORKERS))
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ValueError(
            f"{READ_WORKERS_SETTING}={text!r}: expected a whole number of reading processes, 1 or more "
            f"(1 reads in the refresh's own process; unset uses the CPUs this process may use, "
            f"{available_cpus()} here, at most {MAX_DEFAULT_WORKERS})"
        )
    return int(text)


def workers_for(files: int, value: str | None = None) -> int:
    """The processes to read `files` files with: the setting (checked even when unused, so a bad
    value fails on the first refresh, not the first large one), or 1 for a small read."""
    workers = read_workers(value)
    return 1 if files < MIN_PARALLEL_FILES else workers


def in_order(
    function: Callable[..., Result],
    tasks: Iterable[tuple[Tag, tuple]],
    workers: int,
    ahead: int | None = None,
) -> Iterator[tuple[Tag, Result]]:
    """`(tag, function(*arguments))` for each `(tag, arguments)` of `tasks`, computed by a pool of
    `workers` spawned processes and yielded in the order of `tasks`.

    `tasks` is pulled lazily and at most `ahead` tasks (default twice the workers) are given
    out and not yet yielded, so memory stays bounded whatever their number; while the caller
    works on one result, the pool works on the next ones. `function` must be importable by
    name (a module-level function) and its arguments and result picklable. An exception in a
    worker is raised here, with the worker's traceback as its cause; closing the iterator early
    cancels the tasks not started and waits for the running ones.
    """
    ahead = ahead or 2 * workers
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_end_with_parent
    )
    pending: deque[tuple[Tag, Future]] = deque()
    try:
        for tag, arguments in tasks:
            pending.append((tag, pool.submit(function, *arguments)))
            while len(pending) >= ahead:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _end_with_parent() -> None:
    """In each worker: exit when the process that started it ends. A refresh killed mid-read
    (a deploy, the fault tests, an operator's kill -9) would otherwise leave its workers waiting
    forever for work, each holding its memory."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent's end of the spawn pipe closes, i.e. it ended
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _result(tag: Tag, future: Future) -> tuple[Tag, Result]:
    try:
        return tag, future.result()
    except BrokenProcessPool as exc:
        raise RuntimeError(
            f"a reading process ended abruptly: killed, out of memory, or it could not start (a script "
            f"run as `python script.py` that reads in worker processes needs the `if __name__ == "
            f"'__main__':` guard, as spawned workers import it again) ({exc}); "
            f"{READ_WORKERS_SETTING}=1 reads in one process"
        ) from exc
