"""The refreshes keep dbt's own log file at info level (orchestration/defs/transform/project.py):
at debug level, writing it cost about a sixth of a build's CPU. DBT_LOG_LEVEL_FILE still wins."""

from __future__ import annotations

import json

import pytest

from orchestration.defs.resources import Settings
from orchestration.defs.transform.assets import dbt_project  # prepares the manifest when missing
from orchestration.defs.transform.project import dbt_cli, dbt_environment


@pytest.fixture(autouse=True)
def _restore_dbt_environment(monkeypatch):
    """dbt_environment sets the process's variables: put them back after each test."""
    for name in ("WAREHOUSE_BUILD", "WAREHOUSE_DUCKDB_MEMORY", "DBT_LOG_LEVEL_FILE"):
        monkeypatch.delenv(name, raising=False)


def _file_log_levels(tmp_path, environ: dict[str, str]) -> set[str]:
    dbt_environment(Settings.from_environment(environ).warehouse_resource().dbt_profile())
    logs = tmp_path / "logs"
    invocation = (
        dbt_cli()
        .cli(
            ["ls", "--select", "mart_consensus", "--log-path", str(logs)],
            manifest=dbt_project.manifest_path,
            target_path=tmp_path / "target",
        )
        .wait()
    )
    assert invocation.is_successful()
    lines = (logs / "dbt.log").read_text(encoding="utf-8").splitlines()
    assert lines, "dbt wrote no log lines"
    return {json.loads(line)["info"]["level"] for line in lines}


def test_the_refreshes_dbt_log_file_leaves_out_debug_lines(tmp_path):
    levels = _file_log_levels(tmp_path, {})
    assert "info" in levels
    assert "debug" not in levels


def test_the_environment_can_ask_for_the_full_log(tmp_path):
    assert "debug" in _file_log_levels(tmp_path, {"DBT_LOG_LEVEL_FILE": "debug"})
