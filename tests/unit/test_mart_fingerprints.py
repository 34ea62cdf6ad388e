"""The marts' fingerprint the bench and the fault drills compare warehouses with
(tools/reliability/fingerprint.py), on real DuckDB files."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tools.reliability.fingerprint import differences, mart_fingerprints


def _warehouse(path: Path, rows: list[tuple[str, int, str]]) -> Path:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create table marts.mart_a (task_code varchar, items integer, built_at varchar)")
    con.executemany("insert into marts.mart_a values (?, ?, ?)", rows)
    con.execute("create table marts.mart_b as select 1 as n")
    con.close()
    return path


def test_row_order_and_build_time_do_not_count(tmp_path):
    first = _warehouse(tmp_path / "first.duckdb", [("2.1", 3, "08:00"), ("2.2", 5, "08:00")])
    second = _warehouse(tmp_path / "second.duckdb", [("2.2", 5, "09:30"), ("2.1", 3, "09:30")])
    prints = mart_fingerprints(first)
    assert sorted(prints) == ["mart_a", "mart_b"]
    assert prints["mart_a"].startswith("2:") and prints["mart_b"].startswith("1:")
    assert prints == mart_fingerprints(second)
    assert differences(prints, mart_fingerprints(second)) == []


def test_a_moved_value_is_a_difference(tmp_path):
    first = _warehouse(tmp_path / "first.duckdb", [("2.1", 3, "08:00"), ("2.2", 5, "08:00")])
    # The same values in the column, on other rows: only a whole-row hash sees it.
    moved = _warehouse(tmp_path / "moved.duckdb", [("2.1", 5, "08:00"), ("2.2", 3, "08:00")])
    assert differences(mart_fingerprints(first), mart_fingerprints(moved)) == ["mart_a: content differs (2 vs 2 rows)"]


def test_missing_and_extra_marts_are_named(tmp_path):
    prints = mart_fingerprints(_warehouse(tmp_path / "w.duckdb", [("2.1", 3, "08:00")]))
    fewer = {"mart_a": prints["mart_a"]}
    assert differences(prints, fewer) == ["mart_b: missing"]
    assert differences(fewer, prints) == ["mart_b: not expected"]
