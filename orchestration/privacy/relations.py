"""What the privacy scan reads: every VARCHAR column of every table of the warehouse (raw,
staging, intermediate, marts, reference), and of the views analysts read.

Views are read only where analysts read them (VIEW_SCHEMAS). A staging or intermediate view
shows only what the tables it reads hold, and every table is scanned: running those views again
over millions of rows would cost as much as the tables' own scan and find nothing new. A view in
VIEW_SCHEMAS that only shows columns of scanned tables (`columns_of_tables`) is not read either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

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


# A view that only shows columns of tables (no expression, constant, aggregate, CTE, subquery or
# set operation: the select list is bare column references, the FROM clause base tables and
# joins) shows no value that is not in one of those tables, and the scan judges one value at a
# time: scanning the tables covers it. reports.report_lineage is such a view: a join of the
# report's figures to the year's sources, millions of rows at city scale, which every refresh
# would otherwise read whole again (a view has no blocks of rowids to skip).
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


@dataclass(frozen=True)
class Relations:
    """The relations a scan reads, with their text columns, and the views it need not read."""

    columns: dict[tuple[str, str], list[str]]
    views: set[tuple[str, str]]  # which of them are views (fingerprinted whole, no rowids)
    views_of_tables: list[str]  # 'schema.view' shown by the scanned tables alone


def relations_to_scan(con: duckdb.DuckDBPyConnection, schemas: Sequence[str] | None = None) -> Relations:
    """The tables and views of `schemas` (default all but the system's) the scan reads."""
    columns: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in text_columns(con, schemas):
        columns.setdefault((schema, table), []).append(column)
    view_sql = {
        (schema, name): sql
        for schema, name, sql in con.execute(
            "select schema_name, view_name, sql from duckdb_views() where not internal and database_name = current_database()"
        ).fetchall()
    }
    base_tables = {
        tuple(r)
        for r in con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() and table_type = 'BASE TABLE'"
        ).fetchall()
    }
    in_scope = set(schemas) if schemas is not None else None
    views_of_tables = []
    for relation in [r for r in columns if r in view_sql]:
        shown = columns_of_tables(con, view_sql[relation])
        if shown is not None and all(t in base_tables and (in_scope is None or t[0] in in_scope) for t in shown):
            del columns[relation]
            views_of_tables.append(f"{relation[0]}.{relation[1]}")
    return Relations(columns, set(view_sql), views_of_tables)
