"""A relation's rows as fingerprints (orchestration/warehouse/fingerprints.py), on a real DuckDB file."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.warehouse.fingerprints import Fingerprint, relation_fingerprints


@pytest.fixture
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema raw")
    con.execute(
        "create table raw.a as select * from (values ('2025-Q4', 'x'), ('2025-Q4', 'y'), (null, 'z')) as t(period_key, v)"
    )
    yield con
    con.close()


def test_the_same_rows_in_another_order_have_the_same_fingerprint(con):
    before = relation_fingerprints(con, ("raw", "a"))
    con.execute("create or replace table raw.a as select * from raw.a order by v desc")
    assert relation_fingerprints(con, ("raw", "a")) == before
    assert before[""].rows == 3


def test_values_swapped_between_rows_change_it(con):
    before = relation_fingerprints(con, ("raw", "a"))
    # Each column keeps its values; rows (2025-Q4, x) and (null, z) become (2025-Q4, z) and (null, x).
    con.execute("update raw.a set v = case v when 'x' then 'z' when 'z' then 'x' else v end")
    after = relation_fingerprints(con, ("raw", "a"))
    assert after[""].rows == 3 and after != before


def test_per_period_the_parts_add_up_to_the_whole(con):
    parts = relation_fingerprints(con, ("raw", "a"), "period_key")
    whole = relation_fingerprints(con, ("raw", "a"))[""]
    # Rows without a period are their own period, ''.
    assert {p: f.rows for p, f in parts.items()} == {"2025-Q4": 2, "": 1}
    assert Fingerprint(sum(f.rows for f in parts.values()), sum(f.row_hash_sum for f in parts.values())) == whole


def test_an_empty_relation_and_one_that_does_not_run(con):
    con.execute("create table raw.empty (period_key varchar)")
    assert relation_fingerprints(con, ("raw", "empty")) == {"": Fingerprint(0, 0)}
    assert relation_fingerprints(con, ("raw", "empty"), "period_key") == {}
    con.execute("create view raw.broken as select * from raw.a")
    con.execute("drop table raw.a")
    assert relation_fingerprints(con, ("raw", "broken")) is None


def test_a_subset_of_columns_is_the_relation_cut_to_them(con):
    # raw.a cut to its column v, as a table of its own: the same rows, the same fingerprint.
    con.execute("create table raw.cut as select v from raw.a")
    cut = relation_fingerprints(con, ("raw", "a"), columns=["v"])
    assert cut == relation_fingerprints(con, ("raw", "cut"))
    assert cut != relation_fingerprints(con, ("raw", "a"))
    # A change outside the subset leaves it as it was; one inside changes it.
    con.execute("update raw.a set period_key = '2026-Q1' where v = 'x'")
    assert relation_fingerprints(con, ("raw", "a"), columns=["v"]) == cut
    con.execute("update raw.a set v = 'w' where v = 'x'")
    assert relation_fingerprints(con, ("raw", "a"), columns=["v"]) != cut


def test_all_columns_named_is_the_whole_row(con):
    named = relation_fingerprints(con, ("raw", "a"), "period_key", columns=["period_key", "v"])
    assert named == relation_fingerprints(con, ("raw", "a"), "period_key")


def test_per_block_of_rowids(con):
    # 5 rows in rowids 0-4, blocks of 2 rowids: 0-1, 2-3 and 4.
    con.execute("create table raw.b as select 'r' || i as v from range(5) t(i)")
    blocks = relation_fingerprints(con, ("raw", "b"), rowid_blocks=2, columns=["v"])
    assert {k: f.rows for k, f in blocks.items()} == {"0": 2, "1": 2, "2": 1}
    con.execute("create table raw.b_last as select v from raw.b where v = 'r4'")
    assert blocks["2"] == relation_fingerprints(con, ("raw", "b_last"))[""]
    with pytest.raises(ValueError):
        relation_fingerprints(con, ("raw", "a"), "period_key", rowid_blocks=2)
