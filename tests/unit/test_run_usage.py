"""`make run` mistakes: each exits non-zero with one line that says what is wrong and what to do,
with no traceback, and leaves the published warehouse as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.recovery import hold_instance_lock

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A published warehouse from an earlier refresh (one mart is enough to tell it changed)."""
    path = tmp_path / "warehouse" / "warehouse.duckdb"
    path.parent.mkdir()
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create table marts.mart_task_quarter as select '2.9' as task_code")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "orchestration.run", "--dagster-home", str(home), *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_line(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert "Traceback" not in result.stdout + result.stderr
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--periods", "2027-Q9", ["'2027-Q9' is not a period", "like 2026-Q1"]),
        ("--periods", "2025-Q4,foo", ["'foo' is not a period", "separated by commas"]),
        ("--periods", "2031-Q1", ["2031-Q1 is outside the plan's periods (2025-Q4 .. 2030-Q3)"]),
        ("--school-year", "2025", ["SCHOOL_YEAR='2025' is not a school year", "like 2025-2026"]),
    ],
)
def test_a_malformed_period_or_school_year_is_one_line(tmp_path, published, option, value, words):
    before = _digest(published)
    result = _run(
        "--inbox", str(PROJECT_ROOT / "sources"), "--warehouse", str(published), option, value, home=tmp_path / "home"
    )
    line = _one_line(result)
    assert result.returncode == 2
    assert line.startswith("error: ")
    assert all(word in line for word in words), line
    assert _digest(published) == before
    assert not (published.parent / ".build").exists()  # nothing was started


def test_a_warehouse_in_a_folder_that_cannot_be_written_is_one_line(tmp_path):
    result = _run("--inbox", str(PROJECT_ROOT / "sources"), "--warehouse", "/proc/x.duckdb", home=tmp_path / "home")
    line = _one_line(result)
    assert result.returncode == 2
    assert line.startswith("error: WAREHOUSE=/proc/x.duckdb: cannot write in /proc")
    assert line.endswith("set WAREHOUSE to a file in a folder you can write")


def test_a_period_no_report_names_is_a_warning_and_runs_nothing(tmp_path, published):
    before = _digest(published)
    home = tmp_path / "home"
    result = _run(
        "--inbox", str(PROJECT_ROOT / "sources"), "--warehouse", str(published), "--periods", "2027-Q1", home=home
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert result.returncode == 4
    assert lines[0].startswith("warning: no unit report in ") and "names period 2027-Q1" in lines[0]
    assert lines[1:] == ["nothing to refresh: the published warehouse is unchanged"]
    assert _digest(published) == before
    assert not (home / "storage").exists()  # no Dagster run, so no partition materialized


def test_a_second_refresh_sharing_the_dagster_home_says_what_it_waits_for(tmp_path, published):
    home = tmp_path / "home"
    first = tmp_path / "other" / "warehouse.duckdb"
    messages: list[str] = []
    with hold_instance_lock(home, first, messages.append):
        assert messages == []  # the first refresh did not wait
        second = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "orchestration.run",
                "--dagster-home",
                str(home),
                "--inbox",
                str(PROJECT_ROOT / "sources"),
                "--warehouse",
                str(published),
            ],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            line = second.stdout.readline()
            time.sleep(0.5)
            assert second.poll() is None  # still waiting
        finally:
            second.kill()
            second.wait()
    assert line.startswith(
        f"waiting: the Dagster home {home} is in use by the refresh of {first} (process {os.getpid()}) since "
    )
    assert line.rstrip().endswith("this refresh starts when that one ends (Ctrl-C to give up)")
