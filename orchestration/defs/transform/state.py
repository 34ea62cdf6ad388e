"""The manifest of the last successful build, kept beside the warehouse, and dbt's own state
comparison against it: what a change to the dbt project rebuilds.

After each build that recorded its state (scope.record), the manifest it was built with is copied
to `dbt-state/manifest.json` beside the build copy, so that it always describes the tables next
to it. When the project changed since, `dbt ls --select state:modified+ --state dbt-state` names
the models, seeds and snapshots whose SQL, config, macros or inputs changed, and those downstream
of them: dbt's comparison, not ours. A manifest made by another dbt version, or none (a warehouse
built before it was kept), cannot be compared: everything is built then.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from orchestration.defs.transform.project import dbt_cli, dbt_project
from orchestration.defs.transform.scope import BUILT_TYPES

STATE_DIR = "dbt-state"


def state_dir(database: Path) -> Path:
    return database.parent / STATE_DIR


def keep(manifest: Path, database: Path) -> Path:
    """Keep `manifest` as the state of the build copy `database` (replaced in one rename)."""
    folder = state_dir(database)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / ".manifest.json.tmp"
    shutil.copyfile(manifest, partial)
    os.replace(partial, folder / "manifest.json")
    return folder / "manifest.json"


def _dbt_version(manifest: Path) -> str | None:
    try:
        return json.loads(manifest.read_text(encoding="utf-8"))["metadata"]["dbt_version"]
    except (OSError, ValueError, KeyError):
        return None


def modified_since_last_build(database: Path) -> frozenset[str] | None:
    """Unique ids of the models, seeds and snapshots `state:modified+` selects against the kept
    manifest, or None when there is none to compare with (or dbt's version differs)."""
    kept = state_dir(database) / "manifest.json"
    if not kept.exists() or _dbt_version(kept) != _dbt_version(dbt_project.manifest_path):
        return None
    types = [arg for kind in BUILT_TYPES for arg in ("--resource-type", kind)]
    invocation = dbt_cli().cli(
        [
            "ls",
            "--select",
            "state:modified+",
            "--state",
            str(kept.parent),
            *types,
            "--output",
            "json",
            "--output-keys",
            "unique_id",
        ],
        manifest=dbt_project.manifest_path,
        # The project's own target folder: dbt re-uses its saved parse (seconds) and rewrites the
        # same manifest of the current project there.
        target_path=dbt_project.target_path,
        raise_on_error=False,
    )
    selected = set()
    for event in invocation.stream_raw_events():
        # `dbt ls` prints each node it lists as one JSON line (a PrintEvent in dbt's JSON log).
        if event.raw_event["info"]["name"] != "PrintEvent":
            continue
        try:
            selected.add(json.loads(event.raw_event["data"]["msg"])["unique_id"])
        except (ValueError, KeyError, TypeError):
            continue
    if not invocation.is_successful():
        return None
    return frozenset(selected)
