"""The dbt project, and its manifest prepared when missing (a fresh clone has none)."""

import os
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.lib import warehouse
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


# dbt re-parses the whole project (seconds) instead of only the changed files whenever the profile
# differs from the one the saved parse was made with, and the profile's path is the build copy
# (WAREHOUSE_BUILD). So the parse below uses the path the refresh's `dbt build` and the catalogue
# will use (the same derivation as defs/resources.py): they then re-use this parse.
os.environ.setdefault("WAREHOUSE_BUILD", str(warehouse.build_path(warehouse.warehouse_path())))

# `dg dev` / `dg check` (DAGSTER_IS_DEV_CLI) and `make run` (DBT_PARSE_ON_LOAD) re-parse on
# start so that model edits are never run against a stale manifest; other entry points parse
# once when there is no manifest (a fresh clone).
if os.getenv("DAGSTER_IS_DEV_CLI") or os.getenv("DBT_PARSE_ON_LOAD") or not dbt_project.manifest_path.exists():
    parse_manifest()
