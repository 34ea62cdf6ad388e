"""The survey benchmark's dbt side and its warehouse files (`bench.surveys`).

`prepare_warehouse` writes the fresh DuckDB file each timed run starts from (the reference
tables the consensus models join); `phase_dbt` times `dbt build` of the consensus mart as an
outside process, with its own target and log folders, and splits its time by node kind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools.bench import survey_export
from tools.bench.survey_phases import PROJECT_ROOT, _pipeline_db, _work

DBT_DIR = PROJECT_ROOT / "dbt_project"
DBT_COMMAND = (
    "build",
    "--exclude-resource-type",
    "unit_test",
    "--select",
    "+mart_consensus",
    "--indirect-selection",
    "cautious",
)


def _dbt_executable() -> str:
    return shutil.which("dbt", path=str(Path(sys.executable).parent)) or shutil.which("dbt") or "dbt"


def _dbt(out: Path, arguments: list[str]) -> tuple[float, float, str, float]:
    """Run dbt on the pipeline's file with its own target and log folders (the project's
    dbt_project/target is left alone); returns (wall seconds, peak RSS MiB, output, CPU seconds)."""
    work = _work(out)
    # dbt's file log at info level, as in a refresh (orchestration/defs/transform/project.py)
    env = {
        "DBT_LOG_LEVEL_FILE": "info",
        **os.environ,
        "WAREHOUSE_BUILD": str(_pipeline_db(out)),
        "DBT_PROFILES_DIR": str(DBT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        _dbt_executable(),
        *arguments,
        "--project-dir",
        str(DBT_DIR),
        "--profiles-dir",
        str(DBT_DIR),
        "--target-path",
        str(work / "dbt-target"),
        "--log-path",
        str(work / "dbt-logs"),
    ]
    log = work / "dbt-output.txt"
    with log.open("w", encoding="utf-8") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=DBT_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"dbt {' '.join(arguments)} failed (exit {process.returncode}):\n{text[-4000:]}")
    # ru_maxrss is in KiB on Linux
    return seconds, usage.ru_maxrss / 1024, text, usage.ru_utime + usage.ru_stime


def phase_dbt(out: Path) -> dict:
    """`dbt build` of the consensus mart and its ancestors, timed from outside as a process."""
    seconds, peak, _, cpu = _dbt(out, list(DBT_COMMAND))
    results = json.loads((_work(out) / "dbt-target" / "run_results.json").read_text(encoding="utf-8"))
    spent = {"model": 0.0, "test": 0.0, "unit_test": 0.0}
    nodes = {"model": 0, "test": 0, "unit_test": 0}
    slowest = []
    for result in results["results"]:
        kind = result["unique_id"].split(".", 1)[0]
        spent[kind] = spent.get(kind, 0.0) + result["execution_time"]
        nodes[kind] = nodes.get(kind, 0) + 1
        parts = result["unique_id"].split(".")
        # A data test's id ends in a hash: its name is the third part.
        slowest.append((result["execution_time"], parts[2] if kind == "test" else parts[-1]))
    slowest.sort(reverse=True)
    return {
        "phase": "dbt",
        "seconds": seconds,
        "peak_mib": peak,
        "cpu": cpu,
        "stages": {
            "models": spent["model"],
            "tests": spent["test"] + spent["unit_test"],
            "dbt": seconds - sum(spent.values()),
        },
        "counts": {"models": nodes["model"], "tests": nodes["test"], "unit_tests": nodes["unit_test"]},
        "slowest": [{"node": n, "seconds": s} for s, n in slowest[:4]],
    }


def prepare_warehouse(path: Path, *, stub_submission: bool) -> None:
    """A fresh DuckDB file holding the reference tables the consensus models join."""
    import polars as pl

    from orchestration.defs.reference.assets import reporting_periods
    from orchestration.domain import reference
    from orchestration.readers.unit_report import SUBMISSIONS_SCHEMA
    from orchestration.warehouse.database import connect, replace_rows

    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = connect(path)
    try:
        for name, frame in (
            ("ref_tasks", reference.tasks()),
            ("ref_wards", reference.wards()),
            ("ref_reporting_periods", reporting_periods()),
        ):
            replace_rows(con, name, frame)
        if stub_submission:
            stub = pl.DataFrame(
                [
                    {
                        "submission_id": "bench-stub",
                        "source_file": "bench-stub",
                        "report_kind": "quarterly",
                        "period_key": survey_export.PERIOD,
                    }
                ],
                schema=SUBMISSIONS_SCHEMA,
            )
            replace_rows(con, "unit_report_submissions", stub)
    finally:
        con.close()


def _warm(path: Path) -> None:
    """Read the export once so that no phase pays for a cold page cache the others do not."""
    with path.open("rb") as handle:
        while handle.read(1 << 22):
            pass
