"""A relation's rows as fingerprints: their count and the sum of each row's hash, whole or per
period. The rebuild scope (defs/transform/scope.py) compares raw tables and gates whole; the
period scope (defs/transform/period_scope.py) compares the inputs of period-scoped models period
by period.

hash(t) hashes the whole row as one struct: a value moved from one row to another changes the
sum, which per-column hashes would not notice. The sum does not depend on the rows' order, so a
table rewritten in another order keeps its fingerprint. DuckDB computes it for millions of rows
in well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from orchestration.lib.warehouse import quote_ident

# Rows with no period are their own period, ''.
NO_PERIOD = ""


@dataclass(frozen=True)
class Fingerprint:
    rows: int
    row_hash_sum: int


def relation_fingerprints(
    con: duckdb.DuckDBPyConnection, relation: tuple[str, str], period_column: str | None = None
) -> dict[str, Fingerprint] | None:
    """The relation's fingerprint per value of `period_column` (as text, '' for none), or its
    whole fingerprint under '' when no column is given. None when it cannot be read (a view
    whose inputs are gone)."""
    schema, table = relation
    source = f"{quote_ident(schema)}.{quote_ident(table)} as t"
    fingerprint = "count(*), coalesce(sum(hash(t)), 0)"
    try:
        if period_column is None:
            rows = [(NO_PERIOD, *con.execute(f"select {fingerprint} from {source}").fetchone())]
        else:
            rows = con.execute(
                f"select coalesce(cast({quote_ident(period_column)} as varchar), ''), {fingerprint} from {source} group by 1"
            ).fetchall()
    except duckdb.Error:
        return None
    return {period: Fingerprint(int(n), int(h)) for period, n, h in rows}
