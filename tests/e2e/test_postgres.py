"""The production path: the marts built on PostgreSQL from the fixture inbox equal the DuckDB ones.

Reuses the e2e pipeline run (tests/e2e/conftest.py) and runs `python -m orchestration.postgres` on
its published warehouse: raw.* mirrored into PostgreSQL, `dbt build --target postgres` (every
seed, model and test), then every mart compared with DuckDB's. Beside that comparison, a few
figures worked out by hand from the fixture inbox (see test_end_to_end.py's docstring) are read
from PostgreSQL directly, and the folded unit names (fold_text, which PostgreSQL computes without
strip_accents) must be the DuckDB ones.
Needs a server (WAREHOUSE_PG_*; .ci/postgres-server starts one in CI): skipped without one, and
failed instead when CI is set.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.unit.postgres_server import connect_or_skip

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def postgres_build(e2e_run, tmp_path_factory):
    pg = connect_or_skip()
    pg.autocommit = True
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.postgres",
            "--warehouse",
            str(e2e_run.database),
            "--log-dir",
            str(tmp_path_factory.mktemp("dbt_postgres_logs")),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env=os.environ.copy(),
    )
    duck = duckdb.connect(str(e2e_run.database), read_only=True)
    yield run, pg, duck
    duck.close()
    pg.close()


def pg_rows(pg, sql: str) -> list[tuple]:
    with pg.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def test_every_model_builds_on_postgres_and_every_mart_equals_duckdb(postgres_build):
    run, _, duck = postgres_build
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-3000:]
    marts = duck.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_type = 'BASE TABLE'"
    ).fetchone()[0]
    assert marts >= 20
    assert f"{marts} of {marts} marts equal" in run.stdout
    assert "DIFFERENT" not in run.stdout


def test_unit_statuses_on_postgres(postgres_build):
    # By hand: HSSV on time in both periods (2 submissions in 2026-Q1), VP 2 days late in
    # 2025-Q4 (the 15th is day 1), GDPT received at 00:00 on the 15th: 1 day late.
    _, pg, _ = postgres_build
    assert pg_rows(
        pg,
        """select unit_code, period_key, report_status, days_late, submissions_count, activities_count, activities_quantity
           from marts.mart_unit_quarter where report_status <> 'missing' order by period_key, unit_code""",
    ) == [
        ("HSSV", "2025-Q4", "on_time", None, 1, 3, 6.0),
        ("VP", "2025-Q4", "late", 2, 1, 3, 7.0),
        ("GDPT", "2026-Q1", "late", 1, 1, 2, 2.0),
        ("HSSV", "2026-Q1", "on_time", None, 2, 1, 5.0),
    ]
    assert pg_rows(pg, "select count(*) from marts.mart_unit_quarter where report_status = 'missing'") == [(14,)]


def test_medians_and_the_duplicate_press_url_on_postgres(postgres_build):
    # VP's incidents took 4 and 1 days: median 2.5 (interpolated, as DuckDB's median), worst 4.
    # T1 and T1b share a URL and count once: task 2.9 has 2 positive items in 2025-Q4, one
    # central and one city outlet; "Báo Tầm Nhìn" is the one unknown outlet.
    _, pg, _ = postgres_build
    assert pg_rows(
        pg,
        """select unit_code, period_key, incidents, median_resolution_days, worst_resolution_days
           from marts.mart_unit_incidents""",
    ) == [("VP", "2025-Q4", 2, 2.5, 4)]
    assert pg_rows(
        pg,
        """select press_items, press_positive, press_central, press_city
           from marts.mart_task_quarter where task_code = '2.9' and period_key = '2025-Q4'""",
    ) == [(2, 2, 1, 1)]
    assert pg_rows(pg, "select outlet_raw, press_items from marts.mart_unknown_outlets") == [("Báo Tầm Nhìn", 1)]


def test_small_survey_cells_are_suppressed_on_postgres(postgres_build):
    # 3 respondents on task 2.9 in 2026-Q1, fewer than the minimum cell of 10: nothing shown.
    _, pg, _ = postgres_build
    assert pg_rows(
        pg,
        """select consensus_responses, consensus_mean_score, consensus_share_agreeing, consensus_suppressed
           from marts.mart_task_quarter where task_code = '2.9' and period_key = '2026-Q1'""",
    ) == [(None, None, None, True)]


def test_unit_names_fold_the_same_way_on_both(postgres_build):
    # Every spelling of every department, ward and school, folded: the PostgreSQL variant of
    # fold_text must give DuckDB's strings, or feedback, pages and press would match other units.
    _, pg, duck = postgres_build
    query = "select unit_code, folded_name, is_official from intermediate.int_unit_names"
    duckdb_names = set(duck.execute(query).fetchall())
    assert len(duckdb_names) > 170  # 168 wards, 10 departments and their aliases
    assert set(pg_rows(pg, query)) == duckdb_names
    assert ("HSSV", " phong hoc sinh sinh vien ", True) in duckdb_names
