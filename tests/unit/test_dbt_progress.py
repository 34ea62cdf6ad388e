"""The dbt stage's progress line, counted from dbt's own result lines (as a refresh logs them)."""

from __future__ import annotations

import io

from orchestration.dbt_progress import BuildProgress, ProgressStream

GREEN, RED, RESET = "\x1b[32m", "\x1b[31m", "\x1b[0m"
LOG = [
    "Running with dbt=1.11.16",
    "1 of 6 START sql view model staging.stg_media__press_items ................... [RUN]",
    f"1 of 6 OK created sql view model staging.stg_media__press_items .............. [{GREEN}OK{RESET} in 0.07s]",
    f"2 of 6 OK loaded seed file reference.ref_departments ......................... [{GREEN}INSERT 10{RESET} in 0.12s]",
    f"3 of 6 OK created sql table model marts.mart_task_quarter ..................... [{GREEN}OK{RESET} in 2.40s]",
    f"4 of 6 PASS not_null_mart_task_quarter_task_code .............................. [{GREEN}PASS{RESET} in 0.05s]",
    f"5 of 6 FAIL 3 unique_mart_unit_quarter_unit_code ............................. [{RED}FAIL 3{RESET} in 0.04s]",
    f"6 of 6 ERROR creating sql table model marts.mart_consensus .................... [{RED}ERROR{RESET} in 0.90s]",
    "Done. PASS=3 WARN=0 ERROR=2 SKIP=0 NO-OP=0 TOTAL=6",
]


def test_counts_models_tests_and_failures_from_result_lines():
    progress = BuildProgress()
    failures = [f for f in (progress.take(line) for line in LOG) if f]
    assert (progress.done, progress.total) == (6, 6)
    assert progress.models == 3  # the seed is neither a model nor a test
    assert progress.tests == 2
    assert failures == ["FAIL unique_mart_unit_quarter_unit_code", "ERROR marts.mart_consensus"]
    assert progress.slowest(2) == [("marts.mart_task_quarter", 2.4), ("marts.mart_consensus", 0.9)]
    assert progress.line() == "  dbt: 6/6 done (3 models, 2 tests), 2 failed"


def test_off_a_terminal_a_plain_line_per_tenth_and_every_failure_and_the_whole_log_kept():
    log, console = io.StringIO(), io.StringIO()
    stream = ProgressStream(log, console)
    for line in LOG:
        stream.write(line + "\n")
    stream.finish()
    assert log.getvalue() == "".join(line + "\n" for line in LOG)
    shown = console.getvalue().splitlines()
    assert shown == [
        "  dbt: 1/6 done (1 models, 0 tests)",  # 1/6 is the first tenth reached
        "  dbt: 2/6 done (1 models, 0 tests)",
        "  dbt: 3/6 done (2 models, 0 tests)",
        "  dbt: 4/6 done (2 models, 1 tests)",
        "  ✗ dbt FAIL unique_mart_unit_quarter_unit_code",
        "  dbt: 5/6 done (2 models, 2 tests), 1 failed",
        "  ✗ dbt ERROR marts.mart_consensus",
        "  dbt: 6/6 done (3 models, 2 tests), 2 failed",
        "  slowest models: mart_task_quarter 2.4s, mart_consensus 0.9s, stg_media__press_items 0.1s",
    ]


def test_nothing_is_shown_when_dbt_did_not_run():
    log, console = io.StringIO(), io.StringIO()
    stream = ProgressStream(log, console)
    stream.write("unit reports: 54 workbooks read\n")
    stream.finish()
    assert console.getvalue() == ""
    assert log.getvalue() == "unit reports: 54 workbooks read\n"
