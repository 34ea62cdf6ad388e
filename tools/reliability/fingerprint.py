"""A content hash of every mart, independent of row order and of the file it sits in.

Two warehouses built from the same inbox must have equal fingerprints: that is how a re-run, a
run after a crash, and a run on another machine are compared. Columns that record when a
build happened (not what it found) are left out. The fingerprint is the warehouse's own
(orchestration/warehouse/fingerprints.py: the row count and the sum of the rows' hashes), the one
the rebuild scope, the period scope and the privacy scan compare.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.warehouse.fingerprints import relation_fingerprints

# Columns whose value is the build's own clock, not the data.
BUILD_TIME_COLUMNS = frozenset({"loaded_at", "built_at", "generated_at", "_loaded_at"})


def mart_fingerprints(database: Path, schema: str = "marts") -> dict[str, str]:
    """table -> "<rows>:<sum of the rows' hashes>", the build-time columns left out."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
            ).fetchall()
        ]
        prints: dict[str, str] = {}
        for table in tables:
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                    "order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if r[0] not in BUILD_TIME_COLUMNS
            ]
            whole = relation_fingerprints(con, (schema, table), columns=columns)
            if whole is None:
                raise RuntimeError(f"{schema}.{table} in {database} cannot be read")
            (fingerprint,) = whole.values()
            prints[table] = f"{fingerprint.rows}:{fingerprint.row_hash_sum}"
        return prints
    finally:
        con.close()


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """The marts that differ, are missing or are extra, in words."""
    found = []
    for table in sorted(expected.keys() | actual.keys()):
        if table not in actual:
            found.append(f"{table}: missing")
        elif table not in expected:
            found.append(f"{table}: not expected")
        elif expected[table] != actual[table]:
            found.append(
                f"{table}: content differs ({expected[table].split(':')[0]} vs {actual[table].split(':')[0]} rows)"
            )
    return found
