"""A relation's rows as fingerprints: their count and the sum of each row's hash, whole or per
part. The rebuild scope (defs/transform/scope.py) compares raw tables and gates whole; the
period scope (defs/transform/period_scope.py) compares the inputs of period-scoped models period
by period; the privacy scan (privacy/state.py) compares the text columns it read, per period
or per block of rowids, to skip what it has already found clean.

hash(t) hashes the whole row as one struct: a value moved from one row to another changes the
sum, which per-column hashes would not notice. A subset of the columns is hashed the same way,
as the struct of those columns: the fingerprint of the relation cut to them. The sum does not
depend on the rows' order, so a table rewritten in another order keeps its fingerprint. DuckDB
computes it for millions of rows in well under a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from orchestration.warehouse.database import quote_ident

# Rows with no period are their own period, ''.
NO_PERIOD = ""


@dataclass(frozen=True)
class Fingerprint:
    rows: int
    row_hash_sum: int


def period_part(column: str) -> str:
    """The SQL expression of a row's period: `column` as text, '' when it has none."""
    return f"coalesce(cast({quote_ident(column)} as varchar), '')"


def rowid_block_part(block_rows: int) -> str:
    """The SQL expression of a table row's block of `block_rows` rowids: its number, as text."""
    return f"cast(rowid // {int(block_rows)} as varchar)"


def relation_fingerprints(
    con: duckdb.DuckDBPyConnection,
    relation: tuple[str, str],
    period_column: str | None = None,
    *,
    columns: Sequence[str] | None = None,
    rowid_blocks: int | None = None,
) -> dict[str, Fingerprint] | None:
    """The relation's fingerprint per part, or its whole fingerprint under '' when no part is
    given. A part is the value of `period_column` (as text, '' for none), or, for a table, a
    block of `rowid_blocks` rowids (its number as text). `columns` limits the hash to those
    columns (default: the whole row). None when it cannot be read (a view whose inputs are gone)."""
    if period_column is not None and rowid_blocks is not None:
        raise ValueError("a relation is fingerprinted per period or per block of rowids, not both")
    schema, table = relation
    source = f"{quote_ident(schema)}.{quote_ident(table)} as t"
    row = "t" if columns is None else f"struct_pack({', '.join(quote_ident(c) for c in columns)})"
    fingerprint = f"count(*), coalesce(sum(hash({row})), 0)"
    part = None
    if period_column is not None:
        part = period_part(period_column)
    elif rowid_blocks is not None:
        part = rowid_block_part(rowid_blocks)
    try:
        if part is None:
            rows = [(NO_PERIOD, *con.execute(f"select {fingerprint} from {source}").fetchone())]
        else:
            rows = con.execute(f"select {part}, {fingerprint} from {source} group by 1").fetchall()
    except duckdb.Error:
        return None
    return {key: Fingerprint(int(n), int(h)) for key, n, h in rows}
