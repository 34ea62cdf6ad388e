"""The unit-report asset imports Great Expectations in a thread while worker processes read
(`import_suites_meanwhile`), so that the suites run without importing it after the last batch.

Run in a fresh interpreter: in the test process another test may already have imported it.
"""

from __future__ import annotations

import subprocess
import sys

from orchestration.domain.reference import PROJECT_ROOT

SCRIPT = """
import sys
import polars as pl
from orchestration.defs.unit_reports.assets import import_suites_meanwhile

assert "great_expectations" not in sys.modules, "imported before the thread started"
thread = import_suites_meanwhile()
assert thread.daemon and thread.name == "import-great-expectations"
thread.join(timeout=120)
assert not thread.is_alive()
assert "great_expectations" in sys.modules

# The suites then run on the module the thread imported: one incident row missing its
# submission_id fails the suite's not-null expectation on that one row.
from orchestration.warehouse import quality
incident = pl.DataFrame({"submission_id": [None], "source_file": ["unit_reports/a.xlsx"], "source_row": [5],
                         "severity": ["Cao"]}, schema_overrides={"submission_id": pl.String})
outcome = quality.validate("unit_report_incidents", incident)
failed = {(f["expectation"], f["column"]): f["unexpected_count"] for f in outcome.failures}
print(outcome.success, failed[("expect_column_values_to_not_be_null", "submission_id")])
"""


def test_the_suites_import_runs_in_a_thread_and_the_suites_use_it():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False 1"
