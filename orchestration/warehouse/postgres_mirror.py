"""Copy the raw schema of a DuckDB warehouse file into PostgreSQL, types kept, for the dbt target `postgres`.

The ingestion writes raw.* into DuckDB with Python; the PostgreSQL build starts from an exact copy
of those tables (the seeds are loaded by dbt itself). DuckDB's postgres extension would need a
download at run time, so the rows travel as CSV through psycopg2's COPY, one table at a time,
inside one PostgreSQL transaction: analysts on PostgreSQL see the old raw schema or the new one,
never half of it.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.warehouse.database import quote_ident

RAW_SCHEMA = "raw"

# DuckDB type -> PostgreSQL type, for every type a raw table may hold. Anything else is refused
# with the table and column named, rather than copied as text and silently changed.
_SCALAR_TYPES = {
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric(20, 0)",
    "HUGEINT": "numeric(39, 0)",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "VARCHAR": "text",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
    "INTERVAL": "interval",
    "UUID": "uuid",
}
_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")
# Lists of integers (a survey response's answer codes) become PostgreSQL arrays of the same
# integer type, written to the CSV as array literals ({1,NULL,3}).
_INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER")


class UnsupportedType(ValueError):
    """A raw column whose DuckDB type has no faithful PostgreSQL counterpart here."""


def postgres_type(duckdb_type: str, where: str = "") -> str:
    """The PostgreSQL type that holds every value of `duckdb_type` unchanged."""
    if duckdb_type in _SCALAR_TYPES:
        return _SCALAR_TYPES[duckdb_type]
    decimal = _DECIMAL.fullmatch(duckdb_type)
    if decimal:
        return f"numeric({decimal.group(1)}, {decimal.group(2)})"
    if duckdb_type.endswith("[]") and duckdb_type[:-2] in _INTEGER_TYPES:
        return f"{_SCALAR_TYPES[duckdb_type[:-2]]}[]"
    raise UnsupportedType(
        f"{where or 'a raw column'} has DuckDB type {duckdb_type}, which the PostgreSQL mirror does not copy "
        f"(supported: {', '.join(sorted(_SCALAR_TYPES))}, DECIMAL(p, s), lists of integers); add it to "
        "postgres_mirror._SCALAR_TYPES "
        "with the PostgreSQL type that keeps its values"
    )


@dataclass(frozen=True)
class Column:
    name: str
    duckdb_type: str
    postgres_type: str


@dataclass(frozen=True)
class MirroredTable:
    name: str
    rows: int
    columns: tuple[Column, ...]


def raw_tables(con: duckdb.DuckDBPyConnection, schema: str = RAW_SCHEMA) -> dict[str, tuple[Column, ...]]:
    """Every table of the schema with its columns in order, their DuckDB and PostgreSQL types."""
    rows = con.execute(
        """
        select c.table_name, c.column_name, c.data_type
        from information_schema.columns as c
        inner join information_schema.tables as t using (table_catalog, table_schema, table_name)
        where c.table_schema = ? and t.table_type = 'BASE TABLE'
        order by c.table_name, c.ordinal_position
        """,
        [schema],
    ).fetchall()
    tables: dict[str, list[Column]] = {}
    for table, column, dtype in rows:
        tables.setdefault(table, []).append(Column(column, dtype, postgres_type(dtype, f"{schema}.{table}.{column}")))
    return {table: tuple(columns) for table, columns in tables.items()}


def _create_sql(schema: str, table: str, columns: tuple[Column, ...]) -> str:
    body = ",\n    ".join(f"{quote_ident(c.name)} {c.postgres_type}" for c in columns)
    return f"create table {quote_ident(schema)}.{quote_ident(table)} (\n    {body}\n)"


def _csv_value(column: Column) -> str:
    """The column as written to the CSV: a list of integers as a PostgreSQL array literal
    ({1,NULL,3}; a null list stays null), any other column as it is."""
    name = quote_ident(column.name)
    if column.duckdb_type.endswith("[]"):
        return (
            f"'{{' || array_to_string(list_transform({name}, lambda x: coalesce(cast(x as varchar), 'NULL')), ',')"
            f" || '}}' as {name}"
        )
    return name


def _export_csv(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, columns: tuple[Column, ...], path: Path
) -> None:
    # Text columns are always quoted, so that an empty string ("") stays apart from NULL (an
    # unquoted empty field, PostgreSQL's CSV default). Timestamps are written in UTC with their
    # offset; doubles in DuckDB's shortest round-trip form, which PostgreSQL reads back exactly.
    text = [quote_ident(c.name) for c in columns if c.duckdb_type == "VARCHAR"]
    force_quote = f", force_quote ({', '.join(text)})" if text else ""
    select = ", ".join(_csv_value(c) for c in columns)
    con.execute(
        f"copy (select {select} from {quote_ident(schema)}.{quote_ident(table)}) to '{path}' "
        f"(format csv, header false, delimiter ',', quote '\"', escape '\"', nullstr ''{force_quote})"
    )


def mirror_raw(duckdb_path: Path, pg_connection, schema: str = RAW_SCHEMA) -> list[MirroredTable]:
    """Replace `schema` in PostgreSQL with an exact copy of the DuckDB file's `schema`.

    `pg_connection` is an open psycopg2 connection; the whole copy is one transaction, committed
    only after every table's row count matched. Views built on the old tables (dbt's staging) are
    dropped with them and rebuilt by the dbt run that follows.
    """
    source = duckdb.connect(str(duckdb_path), read_only=True)
    mirrored: list[MirroredTable] = []
    try:
        source.execute("set TimeZone = 'UTC'")
        tables = raw_tables(source, schema)
        if not tables:
            raise ValueError(f"{duckdb_path} has no tables in schema {schema}: run the ingestion (make run) first")
        with tempfile.TemporaryDirectory(prefix="pg_mirror_") as tmp, pg_connection.cursor() as cur:
            cur.execute("set local time zone 'UTC'")
            cur.execute(f"drop schema if exists {quote_ident(schema)} cascade")
            cur.execute(f"create schema {quote_ident(schema)}")
            for table, columns in tables.items():
                csv_path = Path(tmp) / f"{table}.csv"
                _export_csv(source, schema, table, columns, csv_path)
                cur.execute(_create_sql(schema, table, columns))
                with csv_path.open("rb") as data:
                    cur.copy_expert(
                        f"copy {quote_ident(schema)}.{quote_ident(table)} ({', '.join(quote_ident(c.name) for c in columns)}) "
                        "from stdin with (format csv, header false, delimiter ',', quote '\"', escape '\"')",
                        data,
                    )
                expected = source.execute(
                    f"select count(*) from {quote_ident(schema)}.{quote_ident(table)}"
                ).fetchone()[0]
                cur.execute(f"select count(*) from {quote_ident(schema)}.{quote_ident(table)}")
                copied = cur.fetchone()[0]
                if copied != expected:
                    raise RuntimeError(
                        f"{schema}.{table}: {expected} rows in {duckdb_path}, {copied} copied to PostgreSQL"
                    )
                mirrored.append(MirroredTable(table, copied, columns))
        pg_connection.commit()
    except BaseException:
        pg_connection.rollback()
        raise
    finally:
        source.close()
    return mirrored


# The connection of the dbt target `postgres` (dbt_project/profiles.yml) and of orchestration.postgres.
PG_ENV = {
    "host": ("WAREHOUSE_PG_HOST", "localhost"),
    "port": ("WAREHOUSE_PG_PORT", "5432"),
    "user": ("WAREHOUSE_PG_USER", "gddt"),
    "password": ("WAREHOUSE_PG_PASSWORD", ""),
    "dbname": ("WAREHOUSE_PG_DATABASE", "gddt_warehouse"),
}


def connection_settings(environ: Mapping[str, str]) -> dict[str, str]:
    """psycopg2.connect keywords from WAREHOUSE_PG_* in `environ` (the entry point's
    environment), with the profile's defaults."""
    return {key: environ.get(var) or default for key, (var, default) in PG_ENV.items()}


def connect(environ: Mapping[str, str], connect_timeout: int = 5):
    import psycopg2

    return psycopg2.connect(**connection_settings(environ), connect_timeout=connect_timeout)
