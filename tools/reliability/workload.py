"""The analysts' workload: the README's example queries, in read-only sessions, in a loop.

Each worker is its own process (as analysts are), reconnects for every round so that it picks up
a newly published file, and counts the queries that ran and the ones that failed, with the
first errors word for word.
"""

from __future__ import annotations

import multiprocessing
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.domain.reference import PROJECT_ROOT


def readme_queries(readme: Path = PROJECT_ROOT / "README.md") -> list[str]:
    """Every statement of the README's ```sql blocks."""
    blocks = re.findall(r"```sql\n(.*?)```", readme.read_text(encoding="utf-8"), flags=re.S)
    return [part.strip() for block in blocks for part in block.split(";") if "select" in part.lower()]


@dataclass
class WorkloadResult:
    queries: int = 0
    failures: int = 0
    rounds: int = 0
    waited_for_first_file: bool = False
    errors: list[str] = field(default_factory=list)


def _worker(database: str, queries: list[str], seconds: float, stop, out: multiprocessing.Queue) -> None:
    result = WorkloadResult()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not stop.is_set():
        if not Path(database).exists():
            result.waited_for_first_file = True  # nothing published yet: nothing to read
            time.sleep(0.2)
            continue
        try:
            con = duckdb.connect(database, read_only=True)
        except duckdb.Error as exc:
            result.failures += 1
            result.errors.append(f"connect: {exc}")
            continue
        with con:
            for sql in queries:
                try:
                    con.execute(sql).fetchall()
                    result.queries += 1
                except duckdb.Error as exc:
                    result.failures += 1
                    if len(result.errors) < 5:
                        result.errors.append(f"{sql.splitlines()[0][:80]}: {exc}")
        result.rounds += 1
    out.put(result)


class Workload:
    """`workers` analysts querying `database` in the background until `stop()` (at most `seconds`)."""

    def __init__(self, database: Path, workers: int = 3, seconds: float = 900.0, queries: list[str] | None = None):
        context = multiprocessing.get_context("spawn")
        self._queue = context.Queue()
        self._stop = context.Event()
        self._processes = [
            context.Process(
                target=_worker,
                args=(str(database), queries or readme_queries(), seconds, self._stop, self._queue),
                daemon=True,
            )
            for _ in range(workers)
        ]

    def start(self) -> Workload:
        for process in self._processes:
            process.start()
        return self

    def stop(self) -> WorkloadResult:
        self._stop.set()
        return self.join()

    def join(self) -> WorkloadResult:
        total = WorkloadResult()
        for _ in self._processes:
            part = self._queue.get(timeout=600)
            total.queries += part.queries
            total.failures += part.failures
            total.rounds += part.rounds
            total.waited_for_first_file |= part.waited_for_first_file
            total.errors.extend(part.errors)
        for process in self._processes:
            process.join(timeout=30)
        return total
