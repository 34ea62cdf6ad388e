"""`make postgres`: build the marts on PostgreSQL from a DuckDB warehouse and check they equal DuckDB's.

    python -m orchestration.postgres [--warehouse warehouse/warehouse.duckdb] [--no-build]

1. mirror: raw.* of the DuckDB file is copied into PostgreSQL (orchestration/warehouse/postgres_mirror.py);
2. build: `dbt build --target postgres` builds the seeds, every model and its tests there;
3. compare: every table of schema marts in PostgreSQL against the DuckDB file's
   (orchestration/postgres_compare.py states the rules and the tolerance), one line per mart.

The DuckDB file is the published warehouse (WAREHOUSE): the last build whose blocking checks all
passed, so its raw tables and its marts belong together. It is only read. The connection comes
from WAREHOUSE_PG_HOST, _PORT, _USER, _PASSWORD and _DATABASE, as for the dbt target. Exit status
0 when the build passed and every mart is equal, 1 otherwise, 2 when PostgreSQL cannot be reached.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from orchestration.domain.reference import PROJECT_ROOT
from orchestration.postgres_compare import MartComparison, compare_marts
from orchestration.warehouse import postgres_mirror

DBT_PROJECT = PROJECT_ROOT / "dbt_project"
# Collations that order text by code point, as DuckDB does: the latest-wins and first-seen rules
# break ties on text, so another collation could pick another row.
CODE_POINT_COLLATIONS = {"C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic"}


def _say(message: str = "") -> None:
    print(message, flush=True)


def check_database(pg) -> list[str]:
    """Why this database would not give DuckDB's results (empty when it would)."""
    with pg.cursor() as cur:
        cur.execute(
            "select pg_encoding_to_char(encoding), datcollate from pg_database where datname = current_database()"
        )
        encoding, collation = cur.fetchone()
    problems = []
    if encoding != "UTF8":
        problems.append(f"the database's encoding is {encoding}, not UTF8: Vietnamese text cannot be stored as is")
    if collation not in CODE_POINT_COLLATIONS:
        problems.append(
            f"the database's collation is {collation}: text sorts differently from DuckDB (code points), so ties broken "
            "on text may pick other rows; create it with LC_COLLATE 'C.UTF-8' (see .ci/postgres-server)"
        )
    return problems


TARGET_PATH = "target/postgres"


def run_dbt_build(log_dir: Path) -> int:
    """`dbt build --target postgres --full-refresh`, its output passed through, its target folder apart
    from DuckDB's. Full refresh: every table there is derived, and a seed whose columns changed
    since the last build must be recreated rather than appended to."""
    dbt = Path(sys.executable).with_name("dbt")
    command = [
        str(dbt) if dbt.exists() else "dbt",
        "build",
        "--target",
        "postgres",
        "--full-refresh",
        "--project-dir",
        str(DBT_PROJECT),
        "--profiles-dir",
        str(DBT_PROJECT),
        "--target-path",
        TARGET_PATH,
        "--log-path",
        str(log_dir),
    ]
    return subprocess.run(command, cwd=DBT_PROJECT, env=os.environ.copy()).returncode


def unbuilt_models(run_results: Path) -> dict[str, str]:
    """Models dbt did not build in its last run (name -> status: error, skipped), from run_results.json."""
    if not run_results.is_file():
        return {}
    results = json.loads(run_results.read_text(encoding="utf-8")).get("results", [])
    return {
        r["unique_id"].split(".")[-1]: r["status"]
        for r in results
        if r["unique_id"].startswith("model.") and r["status"] != "success"
    }


def report(results: list[MartComparison]) -> list[str]:
    lines = [f"{'mart':<40} {'DuckDB':>7} {'Postgres':>7}", "-" * 66]
    for result in results:
        lines.extend(result.summary())
    equal = sum(r.equal for r in results)
    lines.append("-" * 66)
    lines.append(f"{equal} of {len(results)} marts equal (fractions within 1e-9 relative, rows in any order)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--warehouse", default=os.environ.get("WAREHOUSE") or str(PROJECT_ROOT / "warehouse" / "warehouse.duckdb")
    )
    parser.add_argument("--no-build", action="store_true", help="only compare what is already in PostgreSQL")
    parser.add_argument("--log-dir", default=str(DBT_PROJECT / "logs" / "postgres"))
    args = parser.parse_args(argv)

    warehouse = Path(args.warehouse).resolve()
    if not warehouse.is_file():
        _say(f"error: no DuckDB warehouse at {warehouse}: run `make run` first (or pass --warehouse)")
        return 1
    settings = postgres_mirror.connection_settings(os.environ)
    where = f"{settings['user']}@{settings['host']}:{settings['port']}/{settings['dbname']}"
    try:
        pg = postgres_mirror.connect(os.environ)
    except Exception as exc:  # psycopg2.OperationalError and friends: say where and how to point elsewhere
        _say(f"error: cannot connect to PostgreSQL at {where}: {str(exc).strip()}")
        _say(
            "set WAREHOUSE_PG_HOST, WAREHOUSE_PG_PORT, WAREHOUSE_PG_USER, WAREHOUSE_PG_PASSWORD, WAREHOUSE_PG_DATABASE"
        )
        return 2

    import duckdb

    try:
        for problem in check_database(pg):
            _say(f"warning: {problem}")
        ok = True
        if not args.no_build:
            started = time.monotonic()
            tables = postgres_mirror.mirror_raw(warehouse, pg)
            _say(
                f"→ mirrored {len(tables)} raw tables, {sum(t.rows for t in tables)} rows, from {warehouse} to {where} "
                f"in {time.monotonic() - started:.1f}s"
            )
            _say("→ dbt build --target postgres ...")
            ok = run_dbt_build(Path(args.log_dir)) == 0
            _say(f"  dbt build {'passed' if ok else 'FAILED (see above); comparing what was built'}")
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            results = compare_marts(con, pg)
        finally:
            con.close()
        if not args.no_build:
            # A mart dbt did not rebuild is an earlier build's table: say so rather than compare it.
            unbuilt = unbuilt_models(DBT_PROJECT / TARGET_PATH / "run_results.json")
            for result in results:
                if result.name in unbuilt:
                    result.problems = [
                        f"dbt did not build it in this run ({unbuilt[result.name]}); see the dbt errors above"
                    ]
                    result.only_in_duckdb, result.only_in_postgres = [], []
                    result.numeric_differences, result.rounding_ties = [], []
    finally:
        pg.close()
    _say("\n=== Marts: DuckDB vs PostgreSQL ===")
    for line in report(results):
        _say(line)
    return 0 if ok and results and all(r.equal for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
