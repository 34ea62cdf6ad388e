"""The scan of the warehouse: a cheap SQL filter in DuckDB picks the candidate values of each
text column, and the exact detector (`findings.find_personal_data`) judges them in Python.

`scan_warehouse` reads every relation `relations.relations_to_scan` lists, skipping what the
previous scan's state (state.py) proves unchanged since it was found clean, and reading only the
changed periods or blocks of rows of the others.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import duckdb

from orchestration.domain import personal_data
from orchestration.privacy import state as scan_state
from orchestration.privacy.findings import PrivacyHit, ScanResult, find_personal_data, prepare_known
from orchestration.privacy.relations import relations_to_scan
from orchestration.warehouse.database import quote_ident

FETCH_ROWS = 10_000  # candidates are checked in batches: memory stays bounded, none is dropped


# Cheap filter run inside DuckDB (RE2: no look-arounds, no NFKC) before the exact detector: it
# must pass every value `personal_data.find` finds, and few others. It is the detector loosened:
# - a digit worth 0 or 8 in any script at the start of a token or after a label, then 9 more
#   digits with anything but letters and digits between (separators, zero-width spaces), not
#   followed by a letter;
# - or a plus sign in any form, then 8 digits with anything but letters and digits between;
# - or an at sign in any form.
# A looser filter (any run of 9 digits and separators) passes ids such as 'BC2509-00001', post
# ids, hex hashes and every article URL: at city scale, far too many candidates to check again
# in Python. The two phone patterns are two calls: as one alternation RE2's automaton for them
# grows so large that the filter runs many times slower; the second runs only on values with a
# plus sign (a plain search first).
# A phone number is at least 8 characters: the length test spares the regular expressions the
# short values most columns hold (Likert answers, codes).
@lru_cache(maxsize=1)
def _candidate_sql() -> str:
    zero_eight = "".join(
        chr(c + d)
        for c in range(0x110000)
        if unicodedata.category(chr(c)) == "Nd" and unicodedata.decimal(chr(c)) == 0
        for d in (0, 8)
    )
    labels = "|".join(sorted(personal_data.PHONE_LABELS, key=len, reverse=True))
    national = rf"(?:^|[^\pL\pN_]|(?i:{labels}))[^\pL\pN]*[{zero_eight}](?:[^\pL\pN]*\p{{Nd}}){{9}}(?:$|[^\pL_])"
    international = rf"[{re.escape(personal_data.PLUS_SIGNS)}][^\pL\pN]*(?:\p{{Nd}}[^\pL\pN]*){{8}}"

    def matches(pattern: str) -> str:  # SQL text, then a str.format template
        return "regexp_matches({col}, '" + pattern.replace("'", "''").replace("{", "{{").replace("}", "}}") + "')"

    return (
        f"(length({{col}}) >= 8 and ({matches(national)} or ("
        + " or ".join(f"contains({{col}}, '{sign}')" for sign in personal_data.PLUS_SIGNS)
        + f") and {matches(international)}))"
        + "".join(f" or contains({{col}}, '{sign}')" for sign in personal_data.AT_SIGNS)
    )


_FOLD_SQL = (
    "(' ' || trim(regexp_replace(strip_accents(lower(replace(replace({col}, 'đ', 'd'), 'Đ', 'D'))), "
    "'[^a-z0-9]+', ' ', 'g')) || ' ')"
)


# What a folded value is made of: a known string with any other character is never in one.
_FOLDED_TEXT = re.compile(r"[0-9a-z ]*")


def candidate_filter(column: str, known: Sequence[str]) -> tuple[str, list[object]]:
    """The SQL condition a value of `column` passes to be judged by the detector, and its
    parameters (the known strings, folded as `_FOLD_SQL` folds the value)."""
    col = quote_ident(column)
    where = _candidate_sql().format(col=col)
    # The value is folded once and searched for every known string at once: " k1 | k2 " finds
    # exactly the values in which " k1 " or " k2 " occurs, as the strings hold no character a
    # regular expression reads otherwise (folding one copy per known string cost a fold each).
    keys = sorted({k for k in known if _FOLDED_TEXT.fullmatch(k)})
    if not keys:
        return f"{col} is not null and ({where})", []
    where += f" or regexp_matches({_FOLD_SQL.format(col=col)}, ?)"
    return f"{col} is not null and ({where})", ["|".join(f" {k} " for k in keys)]


def scan_relation(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    table: str,
    columns: Sequence[str],
    known: Sequence[str] = (),
    rows: str | None = None,
) -> list[PrivacyHit]:
    """Hits in some text columns of one table or view: one per column and kind found, with the
    rows holding it and one masked sample. The relation is read once (a view runs once).
    `rows`, a SQL condition (periods, a table's rowid ranges), limits the scan to those rows."""
    parts, params = [], []
    for index, column in enumerate(columns):
        where, extra = candidate_filter(column, known)
        parts.append(
            f"select {index} as i, {quote_ident(column)} as v, count(*) as n from rel where {where} group by all"
        )
        params += extra
    sql = (
        f"with rel as materialized (select {', '.join(quote_ident(c) for c in columns)} from {quote_ident(schema)}.{quote_ident(table)}"
        + (f" where {rows}" if rows else "")
        + ") "
        + " union all ".join(parts)
    )
    counts: dict[tuple[int, str], int] = {}
    samples: dict[tuple[int, str], str] = {}
    cursor = con.execute(sql, params)
    while batch := cursor.fetchmany(FETCH_ROWS):
        for index, value, n in batch:
            matches = find_personal_data(value, known)
            for kind in {m.kind for m in matches}:
                counts[(index, kind)] = counts.get((index, kind), 0) + n
            for m in matches:
                samples.setdefault((index, m.kind), m.masked)
    return [
        PrivacyHit(schema, table, columns[index], kind, counts[(index, kind)], samples[(index, kind)])
        for index, kind in sorted(counts)
    ]


def scan_warehouse(
    con: duckdb.DuckDBPyConnection,
    known: Iterable[str] = (),
    schemas: Sequence[str] | None = None,
    state: object = None,
) -> ScanResult:
    """Scan every VARCHAR column of every table, and of the views analysts read, of `schemas`
    (default all but the system's).

    `state` is the previous scan's `ScanResult.state` (None, or anything unreadable: scan
    everything). Relations it recorded clean whose fingerprint is unchanged are skipped; the
    result's `state` records every relation now known clean, never one with hits or errors."""
    prepared = prepare_known(known)
    previous, inputs = scan_state.previous_relations(state, prepared)
    result = ScanResult()
    relations = relations_to_scan(con, schemas)
    result.views_of_tables = relations.views_of_tables
    clean: dict[str, dict[str, object]] = {}
    # One snapshot for fingerprints and scans alike: what is recorded clean is what was read.
    try:
        con.begin()
        own_transaction = True
    except duckdb.TransactionException:
        own_transaction = False
    try:
        for (schema, table), columns in relations.columns.items():
            key, digest = f"{schema}.{table}", scan_state.columns_digest(columns)
            is_table = (schema, table) not in relations.views
            try:
                # None when the relation cannot be read: the scan then says why.
                now = scan_state.fingerprint_relation(con, schema, table, columns, is_table)
                before = previous.get(key)
                if now is None or before is None or before.get("columns") != digest:
                    rows, rows_read = None, None
                elif scan_state.unchanged(now, before):
                    result.relations_skipped += 1
                    result.columns_skipped += len(columns)
                    result.rows_skipped += now.whole.rows
                    clean[key] = now.as_state(digest)
                    continue
                else:
                    rows, rows_read = scan_state.changed_rows(now, before)
                hits = scan_relation(con, schema, table, columns, prepared, rows)
            except duckdb.Error as exc:
                # A view whose inputs are gone cannot be read: say so rather than pass silently.
                result.errors.append(f"{key}: {str(exc).splitlines()[0]}")
                continue
            result.hits += hits
            if now is None:  # read, yet not fingerprinted: never recorded clean
                result.errors.append(f"{key}: its rows could not be fingerprinted")
                continue
            rows_read = now.whole.rows if rows_read is None else rows_read
            result.relations_scanned += 1
            result.columns_scanned += len(columns)
            result.rows_scanned += rows_read
            result.rows_skipped += now.whole.rows - rows_read
            if not hits:
                clean[key] = now.as_state(digest)
    finally:
        if own_transaction:
            con.rollback()  # read only: nothing to keep
    result.state = scan_state.new_state(inputs, clean)
    return result


def scan_database(
    path: Path, known: Iterable[str] = (), schemas: Sequence[str] | None = None, state: object = None
) -> ScanResult:
    """`scan_warehouse` on a DuckDB file opened read-only."""
    with duckdb.connect(str(path), read_only=True) as con:
        return scan_warehouse(con, known, schemas, state)
