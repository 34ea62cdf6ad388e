"""Personal-data scan: phone numbers, e-mail addresses and known strings in the warehouse's text.

Decree 13/2023 and the Personal Data Protection Law: names, phones and e-mails of respondents,
citizens and preparers must never reach a table or a report. The readers drop or hash them at
the edge; this scan is the independent proof, run as a blocking Dagster check.

What it looks at: every VARCHAR column of every table and view of the DuckDB file (raw,
staging, intermediate, marts, reference), and text files such as generated reports. Nothing is
whitelisted: false positives are avoided by the patterns themselves, which match whole tokens
only, so a number inside a longer id, a hex hash, a URL's long post id, a decimal amount or a
file name like 'THPT-NTMK' is not a phone. What it finds:
- Vietnamese mobile numbers: 10 digits 03x/05x/07x/08x/09x, or the same 9 digits after +84,
  (+84) or 84, written together or grouped by spaces, dots or hyphens (0903 123 456,
  0903.123.456, 09xx-xxx-xxx, +84 903123456). Landlines (028 ...) and hotlines (1900 ...) are
  public numbers of offices and are not reported;
- e-mail addresses;
- optional known strings (the fixtures' or a complaint's names, phones, e-mails), compared
  folded (case, diacritics and punctuation ignored) on word boundaries.
A hit names the schema, table and column, how many rows hold it and one masked sample
(`09******56`, `n***@b***.vn`), never the value itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.lib.text import fold_key

PHONE = re.compile(
    r"""
    (?<![\w+])              # starts a token: not inside a word, an id or after a '+'
    (?<!\d[.,])             # nor the decimals of a number
    (?:\(?\+84\)?[ .-]?|84|0)
    [35789]                 # mobile networks: 03x, 05x, 07x, 08x, 09x
    (?:[ .-]?\d){8}         # eight more digits, optionally grouped
    (?![ .-]?\d)            # ends the number
    (?!\w)                  # and the token
    """,
    re.VERBOSE,
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")

# Cheap filter run inside DuckDB before the exact patterns above (RE2 has no look-around):
# a digit run of at least 9 with separators, or an '@'.
# A phone number is at least 9 characters: the length test spares the regular expression the
# short values most columns hold (Likert answers, codes), 10 million of them at city scale.
_CANDIDATE_SQL = r"(length({col}) >= 9 and regexp_matches({col}, '\d[\d .()+-]{{7,}}\d')) or contains({col}, '@')"
_FOLD_SQL = (
    "(' ' || trim(regexp_replace(strip_accents(lower(replace(replace({col}, 'đ', 'd'), 'Đ', 'D'))), "
    "'[^a-z0-9]+', ' ', 'g')) || ' ')"
)
SYSTEM_SCHEMAS = ("information_schema", "pg_catalog")
MAX_VALUES_PER_COLUMN = 20_000
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
        return {"schema": self.schema, "table": self.table, "column": self.column,
                "kind": self.kind, "rows": self.rows, "sample": self.sample}


@dataclass
class ScanResult:
    hits: list[PrivacyHit] = field(default_factory=list)
    columns_scanned: int = 0
    errors: list[str] = field(default_factory=list)  # relations that could not be read

    @property
    def clean(self) -> bool:
        return not self.hits and not self.errors


# ---------------------------------------------------------------- masking


def mask_phone(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return ("+" if text.lstrip("(").startswith("+") else "") + digits[:2] + "*" * (len(digits) - 4) + digits[-2:]


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
    found = [Match("phone", mask_phone(m.group())) for m in PHONE.finditer(text)]
    found += [Match("email", mask_email(m.group())) for m in EMAIL.finditer(text)]
    if known:
        folded = _folded(text)
        found += [Match("known", mask_known(k)) for k in known if f" {k} " in folded]
    return found


PHONE_REDACTED = "[số điện thoại đã ẩn]"
EMAIL_REDACTED = "[email đã ẩn]"


def redact(text: str | None) -> str | None:
    """The text with every phone number and e-mail address replaced by a marker, for readers
    that keep free text people typed (a topic, an answer off the scale, an unknown ward)."""
    if not text:
        return text
    return EMAIL.sub(EMAIL_REDACTED, PHONE.sub(PHONE_REDACTED, text))


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


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _candidate_filter(column: str, known: Sequence[str]) -> tuple[str, list[object]]:
    col = _quote(column)
    where = _CANDIDATE_SQL.format(col=col)
    folded = _FOLD_SQL.format(col=col)
    where += "".join(f" or contains({folded}, ?)" for _ in known)
    return f"{col} is not null and ({where})", [f" {k} " for k in known]


def scan_relation(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, columns: Sequence[str], known: Sequence[str] = ()
) -> list[PrivacyHit]:
    """Hits in some text columns of one table or view: one per column and kind found, with the
    rows holding it and one masked sample. The relation is read once (a view runs once)."""
    parts, params = [], []
    for index, column in enumerate(columns):
        where, extra = _candidate_filter(column, known)
        parts.append(f"select {index} as i, {_quote(column)} as v, count(*) as n from rel where {where} group by all")
        params += extra
    sql = (
        f"with rel as materialized (select {', '.join(_quote(c) for c in columns)} from {_quote(schema)}.{_quote(table)}) "
        + " union all ".join(parts)
        + f" limit {MAX_VALUES_PER_COLUMN * len(columns)}"
    )
    counts: dict[tuple[int, str], int] = {}
    samples: dict[tuple[int, str], str] = {}
    for index, value, n in con.execute(sql, params).fetchall():
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
    con: duckdb.DuckDBPyConnection, known: Iterable[str] = (), schemas: Sequence[str] | None = None
) -> ScanResult:
    """Scan every VARCHAR column of every table, and of the views analysts read (VIEW_SCHEMAS),
    of `schemas` (default all but the system's)."""
    prepared = prepare_known(known)
    result = ScanResult()
    relations: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in text_columns(con, schemas):
        relations.setdefault((schema, table), []).append(column)
    for (schema, table), columns in relations.items():
        try:
            result.hits += scan_relation(con, schema, table, columns, prepared)
        except duckdb.Error as exc:
            # A view whose inputs are gone cannot be read: say so rather than pass silently.
            result.errors.append(f"{schema}.{table}: {str(exc).splitlines()[0]}")
            continue
        result.columns_scanned += len(columns)
    return result


def scan_database(path: Path, known: Iterable[str] = (), schemas: Sequence[str] | None = None) -> ScanResult:
    """`scan_warehouse` on a DuckDB file opened read-only."""
    with duckdb.connect(str(path), read_only=True) as con:
        return scan_warehouse(con, known, schemas)


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
        hits += [PrivacyHit("file", str(path), f"line {first[k][0]}", k, counts[k], first[k][1]) for k in sorted(counts)]
    return hits


def read_known_strings(path: Path) -> list[str]:
    """One known string per line of a UTF-8 file; blank lines and lines starting with # ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


__all__ = [
    "PHONE",
    "EMAIL",
    "Match",
    "PrivacyHit",
    "ScanResult",
    "find_personal_data",
    "prepare_known",
    "read_known_strings",
    "redact",
    "scan_relation",
    "scan_database",
    "scan_files",
    "scan_warehouse",
    "text_columns",
]
