"""The dbt project, the environment dbt reads, and its manifest prepared when missing (a fresh
clone has none) or, on request, when the project changed."""

import contextlib
import hashlib
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.domain.reference import PROJECT_ROOT

# dbt is installed in the project's environment; it need not be on PATH (e.g. .venv/bin/dg).
DBT_EXECUTABLE = shutil.which("dbt") or str(Path(sys.executable).parent / "dbt")

dbt_project = DbtProject(
    project_dir=PROJECT_ROOT / "dbt_project",
    profiles_dir=PROJECT_ROOT / "dbt_project",
)


def dbt_cli() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


# The key of the period plan the `period_scope` macro reads (defs/transform/period_scope.py).
PERIOD_PLAN_VARIABLE = "WAREHOUSE_PERIOD_PLAN"


@dataclass(frozen=True)
class DbtProfile:
    """What dbt reads from the environment: the profile's build copy (WAREHOUSE_BUILD) and memory
    limit (WAREHOUSE_DUCKDB_MEMORY, dbt_project/profiles.yml), and its log file's level.

    dbt writes its own log file (dbt_project/logs/dbt.log) at debug level by default: every SQL
    statement and internal event of every node, and writing it is a sizeable share of a build's
    CPU. The refreshes keep the file at info level (one line per model and test, the errors);
    the compiled SQL of every node stays in the run's target folder. A `dbt` command run by
    hand keeps dbt's default.
    """

    build: Path
    duckdb_memory: str
    log_level_file: str


def dbt_environment(profile: DbtProfile) -> None:
    """Point the dbt commands of this process at `profile`. The process environment is dbt's
    channel: its profile reads `env_var()`, and DbtCliResource hands every dbt command the
    process environment (it takes none of its own). Called before each dbt command, from the
    run's resource, so that the run's configuration decides."""
    os.environ["WAREHOUSE_BUILD"] = str(profile.build)
    os.environ["WAREHOUSE_DUCKDB_MEMORY"] = profile.duckdb_memory
    os.environ["DBT_LOG_LEVEL_FILE"] = profile.log_level_file


@contextlib.contextmanager
def period_plan(token: str | None) -> Iterator[None]:
    """The period plan of one `dbt build` (its token in the plan table), for the `period_scope`
    macro; none: every period. Removed afterwards, so that no later dbt command sees it."""
    if token:
        os.environ[PERIOD_PLAN_VARIABLE] = token
    else:
        os.environ.pop(PERIOD_PLAN_VARIABLE, None)
    try:
        yield
    finally:
        os.environ.pop(PERIOD_PLAN_VARIABLE, None)


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


def parse_inputs_digest(build: Path, root: Path | None = None) -> str:
    """The project and the build copy the profile points at (a parse is saved per profile)."""
    digest = hashlib.sha256(project_digest(root).encode())
    digest.update(b"\0" + str(build).encode())
    return digest.hexdigest()


def manifest_is_current(build: Path) -> bool:
    digest_file = dbt_project.manifest_path.with_name(PARSE_DIGEST)
    try:
        return dbt_project.manifest_path.exists() and digest_file.read_text().strip() == parse_inputs_digest(build)
    except OSError:
        return False


def parse_manifest(profile: DbtProfile) -> None:
    """`dbt parse`, which writes target/manifest.json; run when models change or none exists."""
    digest = parse_inputs_digest(profile.build)
    dbt_environment(profile)
    invocation = dbt_cli().cli(["parse", "--quiet"], target_path=dbt_project.target_path, manifest={}).wait()
    if invocation.is_successful():
        (dbt_project.manifest_path.with_name(PARSE_DIGEST)).write_text(digest)


def prepare_manifest(profile: DbtProfile, reparse_if_changed: bool) -> None:
    """Parse the project when it has no manifest (a fresh clone) or, with `reparse_if_changed`,
    when it changed since the last parse, so that model edits are never run against a stale
    manifest.

    dbt re-parses the whole project (seconds) instead of only the changed files whenever the
    profile differs from the one the saved parse was made with, and the profile's path is the
    build copy: the parse uses the profile the refresh's `dbt build` and the catalogue will use,
    so that they re-use it."""
    if reparse_if_changed:
        if not manifest_is_current(profile.build):
            parse_manifest(profile)
    elif not dbt_project.manifest_path.exists():
        parse_manifest(profile)
