"""The DuckDB-vs-PostgreSQL mart comparison on small hand-made row sets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from orchestration.postgres_compare import Column, compare_columns, compare_rows, rounding_tie, type_kind

COLUMNS = [
    Column("unit_code", "VARCHAR", "text"),
    Column("days_late", "BIGINT", "bigint"),
    Column("share_on_time", "DOUBLE", "double precision"),
]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("BIGINT", "whole"),
        ("integer", "whole"),
        ("DOUBLE", "fraction"),
        ("double precision", "fraction"),
        ("DECIMAL(18,3)", "fraction"),
        ("numeric", "fraction"),
        ("VARCHAR", "text"),
        ("character varying", "text"),
        ("text", "text"),
        ("TIMESTAMP WITH TIME ZONE", "timestamp"),
        ("timestamp with time zone", "timestamp"),
        ("DATE", "date"),
        ("boolean", "boolean"),
    ],
)
def test_type_kinds_pair_duckdb_and_postgres_names(name, kind):
    assert type_kind(name) == kind


def test_the_same_rows_in_another_order_and_driver_types_are_equal():
    duckdb_rows = [("HSSV", None, 0.5), ("VP", 2, 0.0), ("GDPT", 1, 1 / 3)]
    # PostgreSQL hands numerics over as Decimal, and in its own order.
    postgres_rows = [("GDPT", 1, Decimal("0.33333333333333331")), ("HSSV", None, Decimal("0.5")), ("VP", 2, 0.0)]
    result = compare_rows("mart_unit_quarter", COLUMNS, duckdb_rows, postgres_rows)
    assert result.equal
    assert (result.duckdb_rows, result.postgres_rows) == (3, 3)


def test_fractions_within_the_tolerance_are_equal_and_beyond_it_are_named():
    # 1e-9 relative: 0.3333333333 vs 1/3 differs by 3.3e-11, equal; 0.3334 is a real difference.
    assert compare_rows("m", COLUMNS, [("GDPT", 1, 1 / 3)], [("GDPT", 1, 0.3333333333)]).equal
    result = compare_rows("m", COLUMNS, [("GDPT", 1, 1 / 3)], [("GDPT", 1, 0.3334)])
    assert result.numeric_differences == [
        "share_on_time: DuckDB 0.3333333333333333, PostgreSQL 0.3334 (unit_code='GDPT')"
    ]
    assert not result.equal


def test_one_unit_in_the_last_decimal_is_reported_as_a_rounding_tie():
    result = compare_rows("m", COLUMNS, [("VP", 2, 0.28)], [("VP", 2, 0.29)])
    assert result.rounding_ties == ["share_on_time: DuckDB 0.28, PostgreSQL 0.29 (unit_code='VP')"]
    assert result.numeric_differences == []
    assert not result.equal


@pytest.mark.parametrize(
    ("a", "b", "tie"),
    [
        (0.28, 0.29, True),
        (0.1234, 0.1235, True),
        (2.0, 3.0, False),
        (0.28, 0.3, False),
        (0.28, 0.2802, False),
        (0.28, 0.2801, True),
        (None, 0.1, False),
    ],
)
def test_rounding_tie(a, b, tie):
    assert rounding_tie(a, b) is tie


def test_whole_numbers_and_text_must_match_exactly():
    result = compare_rows("m", COLUMNS, [("VP", 2, 0.0), ("VP", 2, 0.0)], [("VP", 3, 0.0), ("vp", 2, 0.0)])
    assert result.only_in_duckdb == [("VP", 2, 0.0), ("VP", 2, 0.0)]
    assert sorted(result.only_in_postgres) == [("VP", 3, 0.0), ("vp", 2, 0.0)]


def test_a_duplicated_row_on_one_side_is_a_difference():
    result = compare_rows("m", COLUMNS, [("VP", 2, 0.5)], [("VP", 2, 0.5), ("VP", 2, 0.5)])
    assert result.only_in_postgres == [("VP", 2, 0.5)]
    assert result.only_in_duckdb == []


def test_timestamps_compare_as_instants():
    columns = [Column("received_at", "TIMESTAMP WITH TIME ZONE", "timestamp with time zone")]
    hanoi = dt.timezone(dt.timedelta(hours=7))
    at_midnight_in_hanoi = dt.datetime(2026, 3, 15, 0, 0, tzinfo=hanoi)
    same_instant_in_utc = dt.datetime(2026, 3, 14, 17, 0, tzinfo=dt.UTC)
    assert compare_rows("m", columns, [(at_midnight_in_hanoi,)], [(same_instant_in_utc,)]).equal


def test_columns_missing_or_of_another_kind_are_named():
    columns, problems = compare_columns(
        "mart_unit_quarter",
        [("unit_code", "VARCHAR"), ("days_late", "BIGINT"), ("received_at", "TIMESTAMP WITH TIME ZONE")],
        [("unit_code", "text"), ("days_late", "text"), ("extra", "integer")],
    )
    assert [c.name for c in columns] == ["unit_code", "days_late"]
    assert problems == [
        "column days_late is BIGINT in DuckDB but text in PostgreSQL",
        "column received_at (TIMESTAMP WITH TIME ZONE) is missing in PostgreSQL",
        "column extra is only in PostgreSQL",
    ]
