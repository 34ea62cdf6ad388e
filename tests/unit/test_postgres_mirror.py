"""The raw-schema mirror from DuckDB to PostgreSQL: type mapping, and a real copy into a real server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from orchestration.postgres_compare import compare_marts
from orchestration.warehouse import postgres_mirror
from orchestration.warehouse.postgres_mirror import UnsupportedType, postgres_type
from tests.unit.postgres_server import connect_or_skip


@pytest.mark.parametrize(
    ("duckdb_type", "expected"),
    [
        ("VARCHAR", "text"),
        ("BIGINT", "bigint"),
        ("INTEGER", "integer"),
        ("DOUBLE", "double precision"),
        ("BOOLEAN", "boolean"),
        ("DATE", "date"),
        ("TIMESTAMP WITH TIME ZONE", "timestamp with time zone"),
        ("DECIMAL(18,3)", "numeric(18, 3)"),
        ("HUGEINT", "numeric(39, 0)"),
        ("INTEGER[]", "integer[]"),  # a survey response's answer codes
        ("SMALLINT[]", "smallint[]"),
    ],
)
def test_each_duckdb_type_has_the_postgres_type_that_keeps_its_values(duckdb_type, expected):
    assert postgres_type(duckdb_type) == expected


def test_a_type_without_a_faithful_counterpart_is_refused_naming_the_column():
    with pytest.raises(UnsupportedType, match=r"raw\.press_items\.tags has DuckDB type VARCHAR\[\]"):
        postgres_type("VARCHAR[]", "raw.press_items.tags")


def test_connection_settings_come_from_the_environment_with_the_profile_defaults():
    assert postgres_mirror.connection_settings(
        {"WAREHOUSE_PG_HOST": "db.sgddt", "WAREHOUSE_PG_PASSWORD": "s3cret"}
    ) == {
        "host": "db.sgddt",
        "port": "5432",
        "user": "gddt",
        "password": "s3cret",
        "dbname": "gddt_warehouse",
    }


def _raw_file(path: Path, schema: str = "raw") -> Path:
    con = duckdb.connect(str(path))
    con.execute(f"create schema {schema}")
    con.execute(
        f"""
        create table {schema}.unit_report_submissions as select * from (values
            (1, 'Phòng Học sinh, sinh viên', '', 0.1::double, timestamptz '2025-12-15 00:00:00+07', true, date '2025-12-10'),
            (2, null, 'dòng 1\n"trích dẫn", dấu phẩy', 1 / 3::double, null, null, null),
            (3, '\\N', null, 1e-300::double, timestamptz '2026-03-14 23:59:59.5+07', false, date '2026-03-14')
        ) as v (submission_id, unit_name, note, share, received_at, is_latest, declared_sent_date)
        """
    )
    con.execute(f"create table {schema}.ref_tasks as select '2.' || range as task_code from range(1, 16)")
    con.close()
    return path


def test_the_raw_schema_is_copied_row_for_row_with_its_types(tmp_path):
    pg = connect_or_skip()
    source = _raw_file(tmp_path / "warehouse.duckdb", schema="raw_mirror_test")
    try:
        mirrored = postgres_mirror.mirror_raw(source, pg, schema="raw_mirror_test")
        assert [(t.name, t.rows) for t in mirrored] == [("ref_tasks", 15), ("unit_report_submissions", 3)]
        with pg.cursor() as cur:
            cur.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'raw_mirror_test' and table_name = 'unit_report_submissions' order by ordinal_position"
            )
            assert cur.fetchall() == [
                ("submission_id", "integer"),
                ("unit_name", "text"),
                ("note", "text"),
                ("share", "double precision"),
                ("received_at", "timestamp with time zone"),
                ("is_latest", "boolean"),
                ("declared_sent_date", "date"),
            ]
            cur.execute("select * from raw_mirror_test.unit_report_submissions order by submission_id")
            rows = cur.fetchall()
        hanoi = dt.timezone(dt.timedelta(hours=7))
        # Empty text stays empty and null stays null; quotes, commas, newlines and a literal \N
        # survive; doubles come back bit for bit; timestamps are the same instants.
        assert rows == [
            (
                1,
                "Phòng Học sinh, sinh viên",
                "",
                0.1,
                dt.datetime(2025, 12, 15, 0, 0, tzinfo=hanoi),
                True,
                dt.date(2025, 12, 10),
            ),
            (2, None, 'dòng 1\n"trích dẫn", dấu phẩy', 1 / 3, None, None, None),
            (
                3,
                "\\N",
                None,
                1e-300,
                dt.datetime(2026, 3, 14, 23, 59, 59, 500000, tzinfo=hanoi),
                False,
                dt.date(2026, 3, 14),
            ),
        ]
    finally:
        with pg.cursor() as cur:
            cur.execute("drop schema if exists raw_mirror_test cascade")
        pg.commit()
        pg.close()


def test_a_list_of_integers_is_copied_as_an_array_with_its_nulls(tmp_path):
    pg = connect_or_skip()
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema raw_mirror_test")
    con.execute(
        "create table raw_mirror_test.survey_responses as select * from (values "
        "(2, [1, null, 3]::integer[]), (3, []::integer[]), (4, null::integer[]), (5, [2147483647]::integer[])"
        ") as v (source_row, answer_codes)"
    )
    con.close()
    try:
        postgres_mirror.mirror_raw(path, pg, schema="raw_mirror_test")
        with pg.cursor() as cur:
            cur.execute(
                "select data_type, udt_name from information_schema.columns "
                "where table_schema = 'raw_mirror_test' and column_name = 'answer_codes'"
            )
            assert cur.fetchall() == [("ARRAY", "_int4")]
            cur.execute("select source_row, answer_codes from raw_mirror_test.survey_responses order by source_row")
            # A null element, an empty list and a null list each stay what they were.
            assert cur.fetchall() == [(2, [1, None, 3]), (3, []), (4, None), (5, [2147483647])]
    finally:
        with pg.cursor() as cur:
            cur.execute("drop schema if exists raw_mirror_test cascade")
        pg.commit()
        pg.close()


def test_a_second_mirror_replaces_the_first(tmp_path):
    pg = connect_or_skip()
    source = _raw_file(tmp_path / "warehouse.duckdb", schema="raw_mirror_test")
    try:
        with pg.cursor() as cur:
            cur.execute("drop schema if exists raw_mirror_test cascade")
            cur.execute("create schema raw_mirror_test")
            cur.execute("create table raw_mirror_test.gone (x integer)")
        pg.commit()
        postgres_mirror.mirror_raw(source, pg, schema="raw_mirror_test")
        with pg.cursor() as cur:
            cur.execute(
                "select table_name from information_schema.tables where table_schema = 'raw_mirror_test' order by 1"
            )
            assert [r[0] for r in cur.fetchall()] == ["ref_tasks", "unit_report_submissions"]  # 'gone' went
    finally:
        with pg.cursor() as cur:
            cur.execute("drop schema if exists raw_mirror_test cascade")
        pg.commit()
        pg.close()


def test_the_comparison_finds_a_changed_number_and_a_missing_row(tmp_path):
    pg = connect_or_skip()
    source = _raw_file(tmp_path / "warehouse.duckdb", schema="compare_test")
    con = duckdb.connect(str(source), read_only=True)
    try:
        postgres_mirror.mirror_raw(source, pg, schema="compare_test")
        assert {r.name: r.equal for r in compare_marts(con, pg, schema="compare_test")} == {
            "ref_tasks": True,
            "unit_report_submissions": True,
        }
        with pg.cursor() as cur:
            cur.execute("update compare_test.unit_report_submissions set share = 0.1000001 where submission_id = 1")
            cur.execute("delete from compare_test.ref_tasks where task_code = '2.15'")
        pg.commit()
        changed = {r.name: r for r in compare_marts(con, pg, schema="compare_test")}
        assert changed["unit_report_submissions"].numeric_differences == [
            "share: DuckDB 0.1, PostgreSQL 0.1000001 (unit_name='Phòng Học sinh, sinh viên', note='')"
        ]
        assert changed["ref_tasks"].only_in_duckdb == [("2.15",)]
        assert changed["ref_tasks"].only_in_postgres == []
        assert (changed["ref_tasks"].duckdb_rows, changed["ref_tasks"].postgres_rows) == (15, 14)
    finally:
        con.close()
        with pg.cursor() as cur:
            cur.execute("drop schema if exists compare_test cascade")
        pg.commit()
        pg.close()
