"""The data catalogue is regenerated only when what it shows can have changed: the dbt project or
the columns of the warehouse (orchestration/defs/operations/catalogue.py, catalogue_key)."""

from __future__ import annotations

import duckdb

from orchestration.defs.operations.catalogue import catalogue_key


def test_rows_keep_the_key_and_columns_change_it(tmp_path):
    database = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.m as select 1 as a")
    first = catalogue_key(database)
    with duckdb.connect(str(database)) as con:
        con.execute("insert into marts.m values (2)")
    assert catalogue_key(database) == first  # new rows: same page
    with duckdb.connect(str(database)) as con:
        con.execute("alter table marts.m add column b varchar")
    second = catalogue_key(database)
    assert second != first  # a new column
    with duckdb.connect(str(database)) as con:
        con.execute("alter table marts.m alter b type integer")
    assert catalogue_key(database) not in (first, second)  # a column's type
