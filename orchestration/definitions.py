"""The Dagster code location: everything under `defs/`, loaded by convention."""

from pathlib import Path

import dagster as dg

from orchestration.lib import history_storage, run_history

# Every process that runs this project's assets loads this module: the run history's SQLite
# writes stop waiting for the disk there (orchestration/lib/run_history.py says what that risks),
# and Dagster writes the events it plans at a run's start as one batch (lib/history_storage.py).
run_history.register()
history_storage.enable_batches()

defs = dg.load_from_defs_folder(path_within_project=Path(__file__).resolve().parent)
