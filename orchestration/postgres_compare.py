"""Whether the marts built on PostgreSQL equal the DuckDB ones: same tables, columns, kinds of type and rows.

Rows are compared as multisets (order does not matter). Whole numbers, text, booleans, dates and
timestamps (as instants) must be equal. Fractions (DuckDB DOUBLE/DECIMAL/FLOAT columns) are equal
when |a - b| <= TOLERANCE x max(1, |a|, |b|): both engines compute in binary doubles or exact
decimals and may differ in the last bits, never more. Two rounded values one unit apart in their
last decimal (0.29 / 0.28: a value half-way between them, which DuckDB rounds on its binary value
and PostgreSQL on its decimal value) are reported apart as rounding ties, and are differences too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from orchestration.warehouse.database import quote_ident

TOLERANCE = 1e-9
MARTS_SCHEMA = "marts"

_WHOLE = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
_FRACTION_PREFIXES = ("DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC")


def type_kind(type_name: str) -> str:
    """The kind of a DuckDB or PostgreSQL type name: whole, fraction, text, boolean, date, timestamp."""
    name = type_name.upper().strip()
    if name in _WHOLE or name in {"INT2", "INT4", "INT8"}:
        return "whole"
    if name.startswith(_FRACTION_PREFIXES) or name in {"FLOAT4", "FLOAT8", "DOUBLE PRECISION"}:
        return "fraction"
    if name in {"VARCHAR", "TEXT", "CHARACTER VARYING", "STRING"} or name.startswith(
        ("VARCHAR(", "CHARACTER VARYING(")
    ):
        return "text"
    if name in {"BOOLEAN", "BOOL"}:
        return "boolean"
    if name == "DATE":
        return "date"
    if name.startswith("TIMESTAMP"):
        return "timestamp"
    return name.lower()


@dataclass(frozen=True)
class Column:
    name: str
    duckdb_type: str
    postgres_type: str | None

    @property
    def kind(self) -> str:
        return type_kind(self.duckdb_type)


def normalise(value, kind: str):
    """One value in the form both engines' drivers agree on for its column's kind."""
    if value is None:
        return None
    if kind == "whole":
        return int(value)
    if kind == "fraction":
        return float(value)
    if kind == "timestamp" and isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC)
    if isinstance(value, Decimal):
        return float(value)
    return value


def numbers_close(a: float | None, b: float | None, tolerance: float = TOLERANCE) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


def rounding_tie(a: float | None, b: float | None) -> bool:
    """Two values rounded to the same number of decimals (1 to 9) and one unit of the last apart."""
    if a is None or b is None:
        return False
    for decimals in range(1, 10):
        unit = 10.0**-decimals
        on_grid = all(abs(x / unit - round(x / unit)) < 1e-6 for x in (a, b))
        if on_grid:
            return abs(abs(a - b) - unit) < unit * 1e-6
    return False


@dataclass
class MartComparison:
    name: str
    duckdb_rows: int = 0
    postgres_rows: int = 0
    problems: list[str] = field(default_factory=list)
    only_in_duckdb: list[tuple] = field(default_factory=list)
    only_in_postgres: list[tuple] = field(default_factory=list)
    numeric_differences: list[str] = field(default_factory=list)
    rounding_ties: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not (
            self.problems
            or self.only_in_duckdb
            or self.only_in_postgres
            or self.numeric_differences
            or self.rounding_ties
        )

    def summary(self, examples: int = 3) -> list[str]:
        status = "equal" if self.equal else "DIFFERENT"
        lines = [f"{self.name:<40} {self.duckdb_rows:>7} {self.postgres_rows:>7}  {status}"]
        for problem in self.problems:
            lines.append(f"    {problem}")
        for label, items in (
            ("rows only in DuckDB", self.only_in_duckdb),
            ("rows only in PostgreSQL", self.only_in_postgres),
            ("numbers beyond the tolerance", self.numeric_differences),
            ("rounding ties (one unit in the last decimal)", self.rounding_ties),
        ):
            if items:
                lines.append(f"    {len(items)} {label}, e.g.:")
                lines.extend(f"      {item}" for item in items[:examples])
        return lines


def compare_rows(
    name: str, columns: list[Column], duckdb_rows: list[tuple], postgres_rows: list[tuple]
) -> MartComparison:
    """Compare two row sets of the same columns, ignoring order; fractions within the tolerance."""
    result = MartComparison(name, len(duckdb_rows), len(postgres_rows))
    kinds = [c.kind for c in columns]
    fraction_positions = [i for i, k in enumerate(kinds) if k == "fraction"]
    exact_positions = [i for i, k in enumerate(kinds) if k != "fraction"]

    def split(row: tuple) -> tuple[tuple, tuple]:
        values = [normalise(v, k) for v, k in zip(row, kinds)]
        return tuple(values[i] for i in exact_positions), tuple(values[i] for i in fraction_positions)

    def sort_key(fractions: tuple) -> tuple:
        return tuple((x is None, 0.0 if x is None else x) for x in fractions)

    groups: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for row in duckdb_rows:
        exact, fractions = split(row)
        groups[exact][0].append(fractions)
    for row in postgres_rows:
        exact, fractions = split(row)
        groups[exact][1].append(fractions)

    def whole_row(exact: tuple, fractions: tuple) -> tuple:
        values: list = [None] * len(columns)
        for i, v in zip(exact_positions, exact):
            values[i] = v
        for i, v in zip(fraction_positions, fractions):
            values[i] = v
        return tuple(values)

    for exact, (left, right) in groups.items():
        left.sort(key=sort_key)
        right.sort(key=sort_key)
        for a, b in zip(left, right):
            for position, x, y in zip(fraction_positions, a, b):
                if numbers_close(x, y):
                    continue
                where = ", ".join(
                    f"{columns[i].name}={v!r}" for i, v in zip(exact_positions, exact) if kinds[i] == "text"
                )[:160]
                message = f"{columns[position].name}: DuckDB {x!r}, PostgreSQL {y!r} ({where})"
                (result.rounding_ties if rounding_tie(x, y) else result.numeric_differences).append(message)
        result.only_in_duckdb.extend(whole_row(exact, f) for f in left[len(right) :])
        result.only_in_postgres.extend(whole_row(exact, f) for f in right[len(left) :])
    return result


def compare_columns(
    name: str, duckdb_columns: list[tuple[str, str]], postgres_columns: list[tuple[str, str]]
) -> tuple[list[Column], list[str]]:
    """The columns both sides have (DuckDB's order) and what differs: missing columns, other kinds of type."""
    theirs = dict(postgres_columns)
    problems = []
    columns = []
    for column, dtype in duckdb_columns:
        if column not in theirs:
            problems.append(f"column {column} ({dtype}) is missing in PostgreSQL")
            continue
        if type_kind(dtype) != type_kind(theirs[column]):
            problems.append(f"column {column} is {dtype} in DuckDB but {theirs[column]} in PostgreSQL")
        columns.append(Column(column, dtype, theirs[column]))
    ours = {c for c, _ in duckdb_columns}
    problems.extend(f"column {c} is only in PostgreSQL" for c, _ in postgres_columns if c not in ours)
    return columns, problems


def compare_marts(duckdb_con, pg_con, schema: str = MARTS_SCHEMA) -> list[MartComparison]:
    """Every table of `schema` in the DuckDB file against the same table in PostgreSQL."""
    duckdb_tables = {
        r[0]
        for r in duckdb_con.execute(
            "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE'",
            [schema],
        ).fetchall()
    }
    with pg_con.cursor() as cur:
        cur.execute(
            "select table_name from information_schema.tables where table_schema = %s and table_type = 'BASE TABLE'",
            [schema],
        )
        postgres_tables = {r[0] for r in cur.fetchall()}
    results = []
    for table in sorted(duckdb_tables | postgres_tables):
        if table not in postgres_tables:
            rows = duckdb_con.execute(f"select count(*) from {quote_ident(schema)}.{quote_ident(table)}").fetchone()[0]
            results.append(MartComparison(table, duckdb_rows=rows, problems=["not built in PostgreSQL"]))
            continue
        if table not in duckdb_tables:
            results.append(MartComparison(table, problems=["only in PostgreSQL (not in the DuckDB file)"]))
            continue
        duckdb_columns = duckdb_con.execute(
            "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, table],
        ).fetchall()
        with pg_con.cursor() as cur:
            cur.execute(
                "select column_name, data_type from information_schema.columns where table_schema = %s and table_name = %s order by ordinal_position",
                [schema, table],
            )
            postgres_columns = cur.fetchall()
        columns, problems = compare_columns(table, duckdb_columns, postgres_columns)
        select = ", ".join(quote_ident(c.name) for c in columns)
        relation = f"{quote_ident(schema)}.{quote_ident(table)}"
        left = duckdb_con.execute(f"select {select} from {relation}").fetchall()
        with pg_con.cursor() as cur:
            cur.execute(f"select {select} from {relation}")
            right = cur.fetchall()
        result = compare_rows(table, columns, left, right)
        result.problems[:0] = problems
        results.append(result)
    return results
