"""The Dagster code location: everything under `defs/`, loaded by convention."""

from pathlib import Path

import dagster as dg

from orchestration.lib import run_history

# Every process that runs this project's assets loads this module: the run history's SQLite
# writes stop waiting for the disk there (orchestration/lib/run_history.py says what that risks).
run_history.register()

defs = dg.load_from_defs_folder(path_within_project=Path(__file__).resolve().parent)
