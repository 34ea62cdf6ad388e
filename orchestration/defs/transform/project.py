"""The dbt project, and its manifest prepared when missing (a fresh clone has none)."""

import hashlib
import os
import shutil
import sys
from importlib.metadata import version
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.domain.reference import PROJECT_ROOT
from orchestration.warehouse import database as warehouse

# dbt writes its own log file (dbt_project/logs/dbt.log) at debug level by default: every SQL
# statement and internal event of every node, tens of megabytes for one build of the sample,
# and writing it is a sizeable share of a build's CPU. The refreshes keep the file at info level (one line per model and test, the errors); the compiled SQL of every
# node stays in the run's target folder. DBT_LOG_LEVEL_FILE=debug in the environment restores
# the full log, and a `dbt` command run by hand is not affected.
os.environ.setdefault("DBT_LOG_LEVEL_FILE", "info")

# dbt is installed in the project's environment; it need not be on PATH (e.g. .venv/bin/dg).
DBT_EXECUTABLE = shutil.which("dbt") or str(Path(sys.executable).parent / "dbt")

dbt_project = DbtProject(
    project_dir=PROJECT_ROOT / "dbt_project",
    profiles_dir=PROJECT_ROOT / "dbt_project",
)


def dbt_cli() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


# What a parse reads: the project's files, the build copy the profile points at (dbt keeps one
# saved parse per profile) and dbt's version. The digest of the last parse is kept beside the
# manifest, so that a refresh whose project is unchanged skips the parse (seconds of start-up).
PARSE_INPUTS = ("models", "macros", "seeds", "tests", "snapshots", "analyses")
PARSE_DIGEST = "manifest.inputs-sha256"


def project_digest(root: Path | None = None) -> str:
    """The project's files and dbt's version: what the models' SQL is made of (whichever
    warehouse file it builds)."""
    root = root or dbt_project.project_dir
    files = sorted(p for folder in PARSE_INPUTS for p in (root / folder).rglob("*") if p.is_file())
    digest = hashlib.sha256()
    for path in [root / "dbt_project.yml", root / "profiles.yml", *files]:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update((path.read_bytes() if path.exists() else b"(absent)") + b"\0")
    digest.update(f"dbt-core={version('dbt-core')} dbt-duckdb={version('dbt-duckdb')}".encode())
    return digest.hexdigest()


def parse_inputs_digest(root: Path | None = None) -> str:
    """The project and the build copy the profile points at (a parse is saved per profile)."""
    digest = hashlib.sha256(project_digest(root).encode())
    digest.update(b"\0" + os.environ.get("WAREHOUSE_BUILD", "").encode())
    return digest.hexdigest()


def manifest_is_current() -> bool:
    digest_file = dbt_project.manifest_path.with_name(PARSE_DIGEST)
    try:
        return dbt_project.manifest_path.exists() and digest_file.read_text().strip() == parse_inputs_digest()
    except OSError:
        return False


def parse_manifest() -> None:
    """`dbt parse`, which writes target/manifest.json; run when models change or none exists."""
    digest = parse_inputs_digest()
    invocation = dbt_cli().cli(["parse", "--quiet"], target_path=dbt_project.target_path, manifest={}).wait()
    if invocation.is_successful():
        (dbt_project.manifest_path.with_name(PARSE_DIGEST)).write_text(digest)


# dbt re-parses the whole project (seconds) instead of only the changed files whenever the profile
# differs from the one the saved parse was made with, and the profile's path is the build copy
# (WAREHOUSE_BUILD). So the parse below uses the path the refresh's `dbt build` and the catalogue
# will use (the same derivation as defs/resources.py): they then re-use this parse.
os.environ.setdefault("WAREHOUSE_BUILD", str(warehouse.build_path(warehouse.warehouse_path())))

# `dg dev` / `dg check` (DAGSTER_IS_DEV_CLI) and `make run` (DBT_PARSE_ON_LOAD) re-parse on
# start when the project changed since the last parse, so that model edits are never run against
# a stale manifest; other entry points parse once when there is no manifest (a fresh clone).
if os.getenv("DAGSTER_IS_DEV_CLI") or os.getenv("DBT_PARSE_ON_LOAD"):
    if not manifest_is_current():
        parse_manifest()
elif not dbt_project.manifest_path.exists():
    parse_manifest()
