"""Views the privacy scan need not read (orchestration/privacy.columns_of_tables): those
that show only bare columns of tables it scans. Any other view is read, since it can make a value
that no table holds: below, two halves of a phone number, each harmless in its table, become one
in a view that joins them."""

from __future__ import annotations

import duckdb
import pytest

from orchestration import privacy

PHONE_HALVES = ("0903 123", " 456")  # together "0903 123 456", a mobile number


@pytest.fixture
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema marts; create schema reports")
    con.execute(
        "create table reports.figures as select * from (values ('r1', 'k1', 'Số tin bài'), ('r1', 'k2', 'Lượt xem')) as t(report, row_key, label)"
    )
    con.execute(
        "create table marts.sources as select * from (values ('k1', 'bao-chi_2026-01.csv', '0903 123'), ('k2', 'ga4_2026-01.csv', ' 456')) as t(row_key, source_file, part)"
    )
    yield con
    con.close()


def _sql(con, view: str) -> str:
    return con.execute("select sql from duckdb_views() where view_name = ?", [view]).fetchone()[0]


def test_a_join_showing_bare_columns_names_its_tables(con):
    con.execute(
        """create view reports.lineage as
           select f.report, f.label, s.source_file as file from reports.figures as f
           left join marts.sources as s on f.row_key = s.row_key where f.report = 'r1'"""
    )
    assert privacy.columns_of_tables(con, _sql(con, "lineage")) == [("reports", "figures"), ("marts", "sources")]


@pytest.mark.parametrize(
    "select",
    [
        "select s.part || s.part as v from marts.sources as s",  # an expression
        "select 'THPT-NTMK' as school, s.part from marts.sources as s",  # a constant
        "select string_agg(s.part, '') as v from marts.sources as s",  # an aggregate
        "select * from marts.sources",  # a star (not looked into)
        "with x as (select part from marts.sources) select x.part from x",  # a CTE
        "select x.part from (select part from marts.sources) as x",  # a subquery
        "select part from marts.sources union all select label from reports.figures",  # a set operation
        "select part from sources",  # an unqualified table
    ],
)
def test_any_other_view_is_read(con, select):
    con.execute(f"create view marts.v as {select}")
    assert privacy.columns_of_tables(con, _sql(con, "v")) is None


def test_the_scan_skips_a_view_of_bare_columns_and_reads_one_that_joins_values(con):
    con.execute(
        """create view reports.lineage as
           select f.report, f.label, s.source_file, s.part from reports.figures as f
           inner join marts.sources as s on f.row_key = s.row_key"""
    )
    con.execute(
        "create view reports.joined as select a.part || b.part as phone from marts.sources as a, marts.sources as b"
    )
    result = privacy.scan_warehouse(con)
    assert result.views_of_tables == ["reports.lineage"]
    # The two tables hold half a number each: clean. The view joining them is read, and caught.
    assert [(h.schema, h.table, h.column, h.kind, h.rows) for h in result.hits] == [
        ("reports", "joined", "phone", "phone", 1),  # '0903 123' || ' 456'; the other 3 pairs are not numbers
    ]
    assert result.relations_scanned == 3  # figures, sources, joined


def test_a_view_over_a_table_outside_the_scanned_schemas_is_read(con):
    con.execute("create view reports.lineage as select f.report, s.part from reports.figures as f, marts.sources as s")
    result = privacy.scan_warehouse(con, schemas=["reports"])
    assert result.views_of_tables == []
    assert result.relations_scanned == 2  # reports.figures and the view
