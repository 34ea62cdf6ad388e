"""One pipeline run on the hand-made fixture inbox, shared by every end-to-end test module
(a run costs about a minute)."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e import fixture_inbox

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class PipelineRun:
    root: Path
    database: Path
    stdout: str


@pytest.fixture(scope="session")
def e2e_run(tmp_path_factory) -> PipelineRun:
    root = tmp_path_factory.mktemp("e2e")
    inbox = fixture_inbox.build(root / "inbox")
    database = root / "warehouse.duckdb"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.run",
            "--inbox",
            str(inbox),
            "--warehouse",
            str(database),
            "--periods",
            "2025-Q4,2026-Q1",
            "--dagster-home",
            str(root / "dagster_home"),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert re.search(r"^checks\s+: \d+ passed, 0 failed", run.stdout, flags=re.M), run.stdout[-4000:]
    return PipelineRun(root=root, database=database, stdout=run.stdout)
