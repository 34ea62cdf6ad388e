"""Faults and load on a real pipeline (the short version of `python -m tools.reliability.faults`).

Starts from a copy of the shared e2e run (published warehouse, build copy, Dagster instance):
a refresh is SIGKILLed part-way, the published copy must be untouched; then a refresh runs to
the end while analysts query the published file: no query and no refresh may fail, and the
marts must be identical to the first run's (same inbox, same marts).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.warehouse.database import build_path
from tools.reliability.fingerprint import differences, mart_fingerprints
from tools.reliability.pipeline import Workspace, run, run_and_kill
from tools.reliability.workload import Workload

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def reference(e2e_run) -> dict[str, str]:
    return mart_fingerprints(e2e_run.database)


def test_fingerprints_cover_the_marts(reference):
    # Every mart is fingerprinted, each with its row count in front.
    assert "mart_task_quarter" in reference and reference["mart_task_quarter"].startswith("30:")


def test_a_killed_refresh_then_a_refresh_under_load(e2e_run, reference, tmp_path, monkeypatch):
    root = tmp_path / "copy"
    shutil.copytree(e2e_run.root, root, symlinks=True)
    workspace = Workspace(root, root / "inbox", "2025-Q4,2026-Q1", warehouse=root / e2e_run.database.name)

    # Killed 20 s in: ingestion or the dbt build, depending on the machine; either way the
    # published copy must be the finished one of before. The inbox is unchanged, so without
    # WAREHOUSE_REBUILD dbt would have nothing to build and the refresh could end first.
    monkeypatch.setenv("WAREHOUSE_REBUILD", "1")
    killed = run_and_kill(workspace, after_seconds=20)
    assert killed.returncode is None, "the refresh ended before the kill: nothing was tested"
    assert differences(reference, mart_fingerprints(workspace.published)) == []

    # The next refresh builds what the killed one may have left half done (a model's table
    # renamed away mid-build means a whole build: orchestration/defs/transform/scope.py).
    monkeypatch.delenv("WAREHOUSE_REBUILD")
    load = Workload(workspace.published, workers=2).start()
    finished = run(workspace, "under-load.log", timeout=900)
    result = load.stop()
    assert finished.returncode == 0, finished.log.read_text(encoding="utf-8")[-3000:]
    assert (result.failures, result.errors) == (0, [])
    assert result.queries > 0
    assert differences(reference, mart_fingerprints(workspace.published)) == []


def _big_build(path: Path, rows: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.mart_task_quarter as select 'new' as label")
        con.execute(
            "create table marts.padding as select gen_random_uuid()::varchar || gen_random_uuid()::varchar as t "
            f"from range({rows})"
        )
    return path


PUBLISH_IN_A_PROCESS = (
    "import sys; from pathlib import Path; from orchestration.warehouse.publish import publish; "
    "publish(Path(sys.argv[1]), Path(sys.argv[2]))"
)


def test_a_publish_killed_mid_copy_leaves_the_old_copy(tmp_path):
    # Killed at a moment no step names: while the database is being copied into the new
    # generation (tests/unit/test_publish_faults.py kills between the steps).
    published = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(published)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.mart_task_quarter as select 'old' as label")
    build = _big_build(build_path(published), rows=3_000_000)  # a few hundred MB: the copy takes a while

    def partial_copies() -> list[Path]:
        return list((tmp_path / "generations").glob("*/warehouse.duckdb"))

    for _attempt in range(5):
        process = subprocess.Popen([sys.executable, "-c", PUBLISH_IN_A_PROCESS, str(build), str(published)])
        # Kill the moment the partial copy appears (whatever the machine's speed).
        while process.poll() is None and not partial_copies():
            time.sleep(0.002)
        process.kill()
        process.wait()
        if partial_copies() and not (tmp_path / "current").exists():
            break  # killed while copying
    else:
        pytest.fail("never caught the publish mid-copy: the copy finished before the kill five times")
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select label from marts.mart_task_quarter").fetchone()[0] == "old"
    # The next publish completes and clears the partial copy.
    done = subprocess.run([sys.executable, "-c", PUBLISH_IN_A_PROCESS, str(build), str(published)])
    assert done.returncode == 0
    generations = list((tmp_path / "generations").iterdir())
    assert [p.name for p in generations] == [(tmp_path / "current").readlink().name]
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select label from marts.mart_task_quarter").fetchone()[0] == "new"
