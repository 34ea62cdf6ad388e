"""The dbt project, and its manifest prepared when missing (a fresh clone has none)."""

import os
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.lib.reference import PROJECT_ROOT

# dbt is installed in the project's environment; it need not be on PATH (e.g. .venv/bin/dg).
DBT_EXECUTABLE = shutil.which("dbt") or str(Path(sys.executable).parent / "dbt")

dbt_project = DbtProject(
    project_dir=PROJECT_ROOT / "dbt_project",
    profiles_dir=PROJECT_ROOT / "dbt_project",
)


def dbt_cli() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def parse_manifest() -> None:
    """`dbt parse`, which writes target/manifest.json; run when models change or none exists."""
    dbt_cli().cli(["parse", "--quiet"], target_path=dbt_project.target_path, manifest={}).wait()


# `dg dev` / `dg check` (DAGSTER_IS_DEV_CLI) and `make run` (DBT_PARSE_ON_LOAD) re-parse on
# start so that model edits are never run against a stale manifest; other entry points parse
# once when there is no manifest (a fresh clone).
if os.getenv("DAGSTER_IS_DEV_CLI") or os.getenv("DBT_PARSE_ON_LOAD") or not dbt_project.manifest_path.exists():
    parse_manifest()
