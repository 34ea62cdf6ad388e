"""Personal-data scan: phone numbers, e-mail addresses and known strings in the warehouse's text.

Decree 13/2023 and the Personal Data Protection Law: names, phones and e-mails of respondents,
citizens and preparers must never reach a table or a report. The readers drop or hash them at
the edge; this scan is the independent proof, run as a blocking Dagster check.

What it looks at: every VARCHAR column of every table and view of the DuckDB file (raw,
staging, intermediate, marts, reference), and text files such as generated reports. Nothing is
whitelisted: false positives are avoided by the detector itself, which matches whole tokens
only, so a number inside a longer id, a hex hash, a URL's long post id, a decimal amount or a
file name like 'THPT-NTMK' is not a phone. What it finds:
- phone numbers and e-mail addresses, by `orchestration.lib.personal_data` (the detector the
  readers redact with: every form it knows is listed there): Vietnamese mobiles and landlines
  with any prefix, grouping, dash, space or digit form people type, foreign numbers after '+';
  hotlines (1800, 1900) are public and not reported;
- optional known strings (the fixtures' or a complaint's names, phones, e-mails), compared
  folded (case, diacritics and punctuation ignored) on word boundaries.
A hit names the schema, table and column, how many rows hold it and one masked sample
(`09******56`, `n***@b***.vn`), never the value itself.

Incremental: given the state of the previous scan, a relation whose scanned text is unchanged
since it was last scanned clean with the same patterns and known strings is skipped, and a
relation is rescanned only in the periods (period_key) or blocks of rows that changed (see
"incremental scan" below).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import phonenumbers

from orchestration.lib import personal_data
from orchestration.lib.text import fold_key
from orchestration.lib.warehouse import quote_ident


# Cheap filter run inside DuckDB (RE2: no look-arounds, no NFKC) before the exact detector: it
# must pass every value `personal_data.find` finds, and few others. It is the detector loosened:
# - a digit worth 0 or 8 in any script at the start of a token or after a label, then 9 more
#   digits with anything but letters and digits between (separators, zero-width spaces), not
#   followed by a letter;
# - or a plus sign in any form, then 8 digits with anything but letters and digits between;
# - or an at sign in any form.
# A looser filter (any run of 9 digits and separators) passed ids such as 'BC2509-00001', post
# ids, hex hashes and every article URL: half a million candidates per table at city scale, all
# to be checked again in Python. The two phone patterns are two calls: as one alternation RE2's
# automaton for them grows so large that the filter ran 20 times slower; the second runs only
# on values with a plus sign (a plain search first).
# A phone number is at least 8 characters: the length test spares the regular expressions the
# short values most columns hold (Likert answers, codes), 10 million of them at city scale.
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
SYSTEM_SCHEMAS = ("information_schema", "pg_catalog")
FETCH_ROWS = 10_000  # candidates are checked in batches: memory stays bounded, none is dropped
MIN_KNOWN_LENGTH = 5


@dataclass(frozen=True)
class Match:
    kind: str  # phone | email | known
    masked: str


@dataclass(frozen=True)
class PrivacyHit:
    schema: str
    table: str
    column: str
    kind: str
    rows: int
    sample: str  # masked

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": self.schema,
            "table": self.table,
            "column": self.column,
            "kind": self.kind,
            "rows": self.rows,
            "sample": self.sample,
        }


@dataclass
class ScanResult:
    hits: list[PrivacyHit] = field(default_factory=list)
    columns_scanned: int = 0
    errors: list[str] = field(default_factory=list)  # relations that could not be read
    # Incremental scan: a relation is scanned (in whole or in its changed blocks of rows) or
    # skipped as unchanged since its last clean scan.
    relations_scanned: int = 0
    relations_skipped: int = 0
    columns_skipped: int = 0
    rows_scanned: int = 0
    rows_skipped: int = 0
    # Views that only show columns of tables the scan covers (`columns_of_tables`): not read.
    views_of_tables: list[str] = field(default_factory=list)
    # What the next scan may skip: fingerprints of the relations scanned clean (see save_scan_state).
    state: dict[str, object] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.hits and not self.errors


# ---------------------------------------------------------------- masking


def mask_phone(text: str) -> str:
    text = personal_data.detection_copy(text)[0]  # ASCII digits: the sample shows no full-width '０９'
    digits = re.sub(r"[^0-9]", "", text)
    return ("+" if text.lstrip("( ").startswith("+") else "") + digits[:2] + "*" * (len(digits) - 4) + digits[-2:]


def mask_email(text: str) -> str:
    local, _, domain = text.partition("@")
    tld = domain.rsplit(".", 1)[-1]
    return f"{local[:1]}***@{domain[:1]}***.{tld}"


def mask_known(text: str) -> str:
    return f"{text[:1]}*** ({len(text)} characters)"


# ---------------------------------------------------------------- matching


def _folded(text: str) -> str:
    return f" {fold_key(text) or ''} "


def prepare_known(strings: Iterable[str]) -> list[str]:
    """Known strings folded for matching; raises ValueError for one so short it would match anything."""
    prepared = []
    for text in strings:
        folded = fold_key(text)
        if folded is None:
            continue
        if len(folded) < MIN_KNOWN_LENGTH:
            raise ValueError(
                f"known string {mask_known(text)!r} is shorter than {MIN_KNOWN_LENGTH} characters once "
                "folded: it would match ordinary words; give the full name, number or address"
            )
        prepared.append(folded)
    return sorted(set(prepared))


def find_personal_data(text: str | None, known: Sequence[str] = ()) -> list[Match]:
    """Phones, e-mails and known strings (already `prepare_known`-ed) in one text, masked."""
    if not text:
        return []
    found = [
        Match(f.kind, (mask_phone if f.kind == "phone" else mask_email)(f.text(text))) for f in personal_data.find(text)
    ]
    if known:
        folded = _folded(text)
        found += [Match("known", mask_known(k)) for k in known if f" {k} " in folded]
    return found


# ---------------------------------------------------------------- the warehouse


# Views are scanned only where analysts read them. A staging or intermediate view shows only
# what the tables it reads hold, and every table is scanned; running those views again over
# millions of rows doubled the check's time at city scale (92 of 145 s).
VIEW_SCHEMAS = ("marts", "reports")


def text_columns(con: duckdb.DuckDBPyConnection, schemas: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
    """(schema, table or view, column) of every VARCHAR column of every table of the open
    database, and of the views in VIEW_SCHEMAS."""
    sql = """
        select c.table_schema, c.table_name, c.column_name
        from information_schema.columns c
        join information_schema.tables t
          on t.table_catalog = c.table_catalog and t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_catalog = current_database() and c.data_type = 'VARCHAR'
          and c.table_schema not in ('information_schema', 'pg_catalog')
          and (t.table_type <> 'VIEW' or list_contains(?, c.table_schema))
    """
    params: list[object] = [list(VIEW_SCHEMAS)]
    if schemas is not None:
        sql += " and list_contains(?, c.table_schema)"
        params.append(list(schemas))
    return [tuple(r) for r in con.execute(sql + " order by 1, 2, c.ordinal_position", params).fetchall()]


def _candidate_filter(column: str, known: Sequence[str]) -> tuple[str, list[object]]:
    col = quote_ident(column)
    where = _candidate_sql().format(col=col)
    folded = _FOLD_SQL.format(col=col)
    where += "".join(f" or contains({folded}, ?)" for _ in known)
    return f"{col} is not null and ({where})", [f" {k} " for k in known]


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
    `rows`, a SQL condition (a table's rowid ranges), limits the scan to those rows."""
    parts, params = [], []
    for index, column in enumerate(columns):
        where, extra = _candidate_filter(column, known)
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


# A view that only shows columns of tables (no expression, constant, aggregate, CTE, subquery or
# set operation: the select list is bare column references, the FROM clause base tables and
# joins) shows no value that is not in one of those tables, and the scan judges one value at a
# time: scanning the tables covers it. reports.report_lineage is such a view: a join of the
# report's figures to the year's sources, 2.4 million rows at city scale, which every refresh
# scanned whole again (a view has no blocks of rowids to skip): about 5 s of the check.
_VIEW_PREFIX = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+.+?\s+AS\s+(?=SELECT\b|\()", re.I | re.S)


def _base_tables(node: dict, found: list[tuple[str, str]]) -> bool:
    """Collect the base tables of a FROM clause made only of tables and joins."""
    kind = node.get("type")
    if kind == "BASE_TABLE":
        if not node.get("schema_name") or node.get("catalog_name") or node.get("at_clause") or node.get("sample"):
            return False
        found.append((node["schema_name"], node["table_name"]))
        return True
    if kind == "JOIN":
        return _base_tables(node["left"], found) and _base_tables(node["right"], found)
    return False


def columns_of_tables(con: duckdb.DuckDBPyConnection, view_sql: str) -> list[tuple[str, str]] | None:
    """The tables a view shows columns of, when that is all it shows (see above), else None."""
    match = _VIEW_PREFIX.match(view_sql or "")
    if not match:
        return None
    try:
        parsed = json.loads(
            con.execute("select json_serialize_sql(?)", [view_sql[match.end() :].rstrip().rstrip(";")]).fetchone()[0]
        )
    except duckdb.Error:
        return None
    statements = parsed.get("statements") or []
    if parsed.get("error") or len(statements) != 1:
        return None
    node = statements[0]["node"]
    if (
        node.get("type") != "SELECT_NODE"
        or (node.get("cte_map") or {}).get("map")
        or node.get("group_expressions")
        or node.get("group_sets")
        or not node.get("select_list")
        or any(e.get("class") != "COLUMN_REF" for e in node["select_list"])
    ):
        return None
    tables: list[tuple[str, str]] = []
    return tables if _base_tables(node.get("from_table") or {}, tables) else None


# ---------------------------------------------------------------- incremental scan

# A refresh changes a few relations, yet scanning every one again cost 17-37 s at city scale
# whatever changed. A relation whose scanned text is the same multiset of rows as when it was
# last scanned clean, by the same code with the same known strings, cannot hold anything new:
# it is skipped. Sameness is a fingerprint computed in DuckDB over the columns the scan reads:
# the row count and the sum of hash() of each row (vectorised, ~15x cheaper than the patterns;
# a sum does not depend on row order, so a mart rebuilt with the same rows is still the same).
# A relation with a period_key column is fingerprinted per period, so a refresh that brings a new
# quarter rescans that quarter's rows of every table and view rebuilt with it, whatever order dbt
# wrote them in (a table rebuilt whole rewrites every block of rowids: at city scale a new
# quarter rescanned 5.9 of 9.6 million rows). Any other table is fingerprinted per block of
# CHUNK_ROWS rowids, so appending rows or replacing one unit's rows rescans the blocks they
# touched, not the whole table. Any other view is fingerprinted, and rescanned, whole.
CHUNK_ROWS = 122_880  # DuckDB's row group: the unit an append or a delete touches
PERIOD_COLUMN = "period_key"
_PERIOD_SQL = f"coalesce(cast({quote_ident(PERIOD_COLUMN)} as varchar), '')"  # no period: its own part, ''
STATE_VERSION = 2  # 2: parts of a relation are periods ("p:<period>") or blocks of rowids
# The known strings are personal data kept outside the warehouse: the state holds only a slow,
# salted digest of them (with this module's code and DuckDB's version), so that it cannot be used
# to test guesses such as a phone number cheaply. Fingerprints of relations reveal nothing the
# database beside the state does not already hold.
_INPUTS_ITERATIONS = 200_000


@dataclass(frozen=True)
class Fingerprint:
    rows: int
    hash_sum: int
    # The relation's parts -> (rows, hash sum): "p:<period_key>" for a relation with that column,
    # else, for a table, its blocks of rowids (rowid // CHUNK_ROWS, as text); None: whole.
    blocks: dict[str, tuple[int, int]] | None

    def as_state(self, columns_digest: str) -> dict[str, object]:
        entry: dict[str, object] = {"columns": columns_digest, "rows": self.rows, "hash_sum": str(self.hash_sum)}
        if self.blocks is not None:
            entry["blocks"] = {k: [n, str(h)] for k, (n, h) in sorted(self.blocks.items())}
        return entry


def _inputs_digest(known: Sequence[str], salt: str) -> str:
    """What a clean verdict depends on besides the rows: this module (filters, limits), the
    detector (personal_data: its patterns), phonenumbers (its metadata says which numbers are
    valid), DuckDB (its regexes and hash()), Python's Unicode tables (the detector folds
    characters by them), and the known strings (already prepared). A change of any of them makes
    the next scan read everything."""
    payload = b"\0".join(
        [
            Path(__file__).read_bytes(),
            Path(personal_data.__file__).read_bytes(),
            phonenumbers.__version__.encode(),
            duckdb.__version__.encode(),
            unicodedata.unidata_version.encode(),
            *(k.encode("utf-8") for k in known),
        ]
    )
    return hashlib.pbkdf2_hmac("sha256", payload, bytes.fromhex(salt), _INPUTS_ITERATIONS).hex()


def _columns_digest(columns: Sequence[str]) -> str:
    return hashlib.sha256("\0".join(columns).encode("utf-8")).hexdigest()[:16]


def fingerprint_relation(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, columns: Sequence[str], is_table: bool
) -> Fingerprint:
    """Row count and sum of per-row hashes of `columns`, per period when `columns` hold
    period_key, else per block of rowids for a table, else whole."""
    row_hash = f"hash({', '.join(quote_ident(c) for c in columns)})"
    relation = f"{quote_ident(schema)}.{quote_ident(table)}"
    if PERIOD_COLUMN in columns:
        part = f"'p:' || {_PERIOD_SQL}"
    elif is_table:
        part = f"cast(rowid // {CHUNK_ROWS} as varchar)"
    else:
        rows, hash_sum = con.execute(f"select count(*), coalesce(sum({row_hash}), 0) from {relation}").fetchone()
        return Fingerprint(int(rows), int(hash_sum), None)
    blocks = {
        k: (int(n), int(h))
        for k, n, h in con.execute(f"select {part}, count(*), sum({row_hash}) from {relation} group by 1").fetchall()
    }
    return Fingerprint(sum(n for n, _ in blocks.values()), sum(h for _, h in blocks.values()), blocks)


def _changed_rows(now: Fingerprint, before: dict[str, object]) -> tuple[str | None, int]:
    """The SQL condition covering the parts (periods or blocks of rowids) whose fingerprint
    changed (None: the whole relation) and how many rows they hold."""
    old_blocks = before.get("blocks")
    if now.blocks is None or not isinstance(old_blocks, dict):
        return None, now.rows
    changed_parts = [k for k, (n, h) in now.blocks.items() if old_blocks.get(k) != [n, str(h)]]
    rows = sum(now.blocks[k][0] for k in changed_parts)
    if any(k.startswith("p:") for k in now.blocks):
        periods = ", ".join("'" + k[2:].replace("'", "''") + "'" for k in sorted(changed_parts))
        return (f"({_PERIOD_SQL} in ({periods}))" if periods else "false"), rows
    changed = sorted(int(k) for k in changed_parts)
    ranges: list[list[int]] = []
    for k in changed:  # adjacent blocks merge into one range
        if ranges and ranges[-1][1] == k:
            ranges[-1][1] = k + 1
        else:
            ranges.append([k, k + 1])
    condition = " or ".join(f"(rowid >= {a * CHUNK_ROWS} and rowid < {b * CHUNK_ROWS})" for a, b in ranges)
    return (f"({condition})" if condition else "false"), rows


def _previous_relations(state: object, known: Sequence[str]) -> tuple[dict[str, dict[str, object]], dict[str, str]]:
    """The relations the previous scan found clean and its inputs (salt and digest), if it ran
    with the same inputs; else nothing, and new inputs with a fresh salt."""
    inputs = state.get("inputs") if isinstance(state, dict) and state.get("version") == STATE_VERSION else None
    relations = state.get("relations") if isinstance(state, dict) else None
    if isinstance(inputs, dict) and isinstance(relations, dict):
        salt, digest = inputs.get("salt"), inputs.get("digest")
        try:
            if isinstance(salt, str) and isinstance(digest, str) and _inputs_digest(known, salt) == digest:
                return {k: v for k, v in relations.items() if isinstance(v, dict)}, {"salt": salt, "digest": digest}
        except ValueError:  # a salt that is not hex
            pass
    salt = os.urandom(16).hex()
    return {}, {"salt": salt, "digest": _inputs_digest(known, salt)}


def scan_warehouse(
    con: duckdb.DuckDBPyConnection,
    known: Iterable[str] = (),
    schemas: Sequence[str] | None = None,
    state: object = None,
) -> ScanResult:
    """Scan every VARCHAR column of every table, and of the views analysts read (VIEW_SCHEMAS),
    of `schemas` (default all but the system's).

    `state` is the previous scan's `ScanResult.state` (None, or anything unreadable: scan
    everything). Relations it recorded clean whose fingerprint is unchanged are skipped; the
    result's `state` records every relation now known clean, never one with hits or errors."""
    prepared = prepare_known(known)
    previous, inputs = _previous_relations(state, prepared)
    result = ScanResult()
    relations: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in text_columns(con, schemas):
        relations.setdefault((schema, table), []).append(column)
    view_sql = {
        (schema, name): sql
        for schema, name, sql in con.execute(
            "select schema_name, view_name, sql from duckdb_views() where not internal and database_name = current_database()"
        ).fetchall()
    }
    views = set(view_sql)
    base_tables = {
        tuple(r)
        for r in con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() and table_type = 'BASE TABLE'"
        ).fetchall()
    }
    in_scope = set(schemas) if schemas is not None else None
    for relation in [r for r in relations if r in views]:
        shown = columns_of_tables(con, view_sql[relation])
        if shown is not None and all(t in base_tables and (in_scope is None or t[0] in in_scope) for t in shown):
            del relations[relation]
            result.views_of_tables.append(f"{relation[0]}.{relation[1]}")
    clean: dict[str, dict[str, object]] = {}
    # One snapshot for fingerprints and scans alike: what is recorded clean is what was read.
    try:
        con.begin()
        own_transaction = True
    except duckdb.TransactionException:
        own_transaction = False
    try:
        for (schema, table), columns in relations.items():
            key, columns_digest = f"{schema}.{table}", _columns_digest(columns)
            try:
                now = fingerprint_relation(con, schema, table, columns, is_table=(schema, table) not in views)
                before = previous.get(key)
                if before is None or before.get("columns") != columns_digest:
                    before, rows, rows_read = {}, None, now.rows
                elif before.get("rows") == now.rows and before.get("hash_sum") == str(now.hash_sum):
                    result.relations_skipped += 1
                    result.columns_skipped += len(columns)
                    result.rows_skipped += now.rows
                    clean[key] = now.as_state(columns_digest)
                    continue
                else:
                    rows, rows_read = _changed_rows(now, before)
                hits = scan_relation(con, schema, table, columns, prepared, rows)
            except duckdb.Error as exc:
                # A view whose inputs are gone cannot be read: say so rather than pass silently.
                result.errors.append(f"{schema}.{table}: {str(exc).splitlines()[0]}")
                continue
            result.hits += hits
            result.relations_scanned += 1
            result.columns_scanned += len(columns)
            result.rows_scanned += rows_read
            result.rows_skipped += now.rows - rows_read
            if not hits:
                clean[key] = now.as_state(columns_digest)
    finally:
        if own_transaction:
            con.rollback()  # read only: nothing to keep
    result.state = {
        "version": STATE_VERSION,
        "inputs": inputs,
        "relations": clean,
    }
    return result


def load_scan_state(path: Path) -> object:
    """The state a previous scan saved, or None when there is none or it cannot be read (the
    next scan then reads everything; `scan_warehouse` checks its shape)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_scan_state(path: Path, state: dict[str, object]) -> None:
    """Write the state atomically: a crash leaves the old state or the new, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as tmp:
        json.dump(state, tmp, sort_keys=True)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, path)


def scan_database(
    path: Path, known: Iterable[str] = (), schemas: Sequence[str] | None = None, state: object = None
) -> ScanResult:
    """`scan_warehouse` on a DuckDB file opened read-only."""
    with duckdb.connect(str(path), read_only=True) as con:
        return scan_warehouse(con, known, schemas, state)


# ---------------------------------------------------------------- reports and other files


def scan_files(paths: Iterable[Path], known: Iterable[str] = ()) -> list[PrivacyHit]:
    """Hits in text files (generated reports: .md, .csv, .html, ...): schema 'file', table the
    path, column 'line N' of the first line holding each kind."""
    prepared = prepare_known(known)
    hits = []
    for path in paths:
        first: dict[str, tuple[int, str]] = {}
        counts: dict[str, int] = {}
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for m in find_personal_data(line, prepared):
                counts[m.kind] = counts.get(m.kind, 0) + 1
                first.setdefault(m.kind, (number, m.masked))
        hits += [
            PrivacyHit("file", str(path), f"line {first[k][0]}", k, counts[k], first[k][1]) for k in sorted(counts)
        ]
    return hits


def read_known_strings(path: Path) -> list[str]:
    """One known string per line of a UTF-8 file; blank lines and lines starting with # ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


__all__ = [
    "Match",
    "PrivacyHit",
    "ScanResult",
    "find_personal_data",
    "fingerprint_relation",
    "load_scan_state",
    "save_scan_state",
    "prepare_known",
    "read_known_strings",
    "scan_relation",
    "scan_database",
    "scan_files",
    "scan_warehouse",
    "text_columns",
]
