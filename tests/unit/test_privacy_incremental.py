"""The incremental privacy scan: what it skips, what it rescans, on real DuckDB files.

The warehouse of these tests (`_database`) holds three scanned relations:
- marts.feedback, a table with 3 text columns (topic, handling_unit, note) and 3 rows;
- marts.notes, a view over it with 2 text columns (note, school): analysts read marts views;
- raw.activities, a table with 1 text column (title) and 300,000 rows, that is three blocks of
  privacy.CHUNK_ROWS = 122,880 rowids: 0-122,879, 122,880-245,759 and 245,760-299,999 (54,240 rows);
and a staging view that is never scanned. So a full scan reads 3 relations, 3 + 2 + 1 = 6
columns and 3 + 3 + 300,000 = 300,006 rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from orchestration import privacy
from orchestration.defs.operations import privacy as privacy_check
from orchestration.defs.warehouse import Warehouse

NAME = "Nguyễn Thị Hồng Nhung"
PHONE = "0903 123 456"
EMAIL = "nhung.nth@benthanh.hcm.edu.vn"
ALL_ROWS = 300_006


def _database(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema staging; create schema raw")
        con.execute("create table marts.feedback (topic varchar, handling_unit varchar, note varchar, n bigint)")
        con.execute(
            """insert into marts.feedback values
               ('Học phí', 'Phòng KHTC', 'Đã trả lời qua Cổng TTĐT', 1),
               ('Tuyển sinh', 'Phòng GDPT', 'https://www.facebook.com/sogddt/posts/1234567890123456', 1),
               ('Chuyển trường', 'Phường Bến Thành', 'Mã hồ sơ 25747, 12.500.000 đồng', 1)"""
        )
        con.execute("create view marts.notes as select note, 'THPT-NTMK' as school from marts.feedback")
        con.execute("create view staging.notes as select note from marts.feedback")
        con.execute("create table raw.activities as select 'Hoạt động số ' || i as title, i from range(300000) t(i)")
    return path


def _write(path: Path, sql: str) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(sql)


def _scan(path: Path, state: object = None, known: list[str] | None = None) -> privacy.ScanResult:
    return privacy.scan_database(path, known=known or [], state=state)


def _counts(result: privacy.ScanResult) -> tuple[int, int, int, int, int, int]:
    return (
        result.relations_scanned,
        result.columns_scanned,
        result.rows_scanned,
        result.relations_skipped,
        result.columns_skipped,
        result.rows_skipped,
    )


def _hits(result: privacy.ScanResult) -> list[tuple[str, str, str, int]]:
    return sorted((h.table, h.column, h.kind, h.rows) for h in result.hits)


def test_a_first_scan_reads_everything_and_a_second_skips_everything(tmp_path):
    db = _database(tmp_path / "w.duckdb")
    first = _scan(db)
    assert first.clean
    assert _counts(first) == (3, 6, ALL_ROWS, 0, 0, 0)
    second = _scan(db, first.state)
    assert second.clean
    assert _counts(second) == (0, 0, 0, 3, 6, ALL_ROWS)


def test_a_table_rebuilt_with_the_same_rows_in_another_order_is_skipped(tmp_path):
    # What dbt does to a mart each refresh: the fingerprint is a sum, so order does not matter.
    db = _database(tmp_path / "w.duckdb")
    first = _scan(db)
    _write(db, "create or replace table marts.feedback as select * from marts.feedback order by topic desc")
    assert _counts(_scan(db, first.state)) == (0, 0, 0, 3, 6, ALL_ROWS)


def test_a_phone_planted_in_a_table_scanned_clean_is_found(tmp_path):
    db = _database(tmp_path / "w.duckdb")
    first = _scan(db)
    _write(db, f"insert into marts.feedback values ('Học phí', 'Phòng KHTC', 'gọi {PHONE}', 1)")
    second = _scan(db, first.state)
    # The table (now 4 rows) and the view over it changed; raw.activities did not.
    assert _counts(second) == (2, 5, 8, 1, 1, 300_000)
    assert _hits(second) == [("feedback", "note", "phone", 1), ("notes", "note", "phone", 1)]
    assert not second.clean


def test_hits_are_never_recorded_as_clean(tmp_path):
    db = _database(tmp_path / "w.duckdb")
    _write(db, f"insert into marts.feedback values ('Học phí', 'Phòng KHTC', 'gửi {EMAIL}', 1)")
    first = _scan(db)
    assert _hits(first) == [("feedback", "note", "email", 1), ("notes", "note", "email", 1)]
    assert sorted(first.state["relations"]) == ["raw.activities"]
    # Nothing changed, yet the two relations with hits are read again and fail again.
    second = _scan(db, first.state)
    assert _counts(second) == (2, 5, 8, 1, 1, 300_000)
    assert _hits(second) == _hits(first)


def test_an_append_rescans_only_the_last_block_of_rows(tmp_path):
    db = _database(tmp_path / "w.duckdb")
    first = _scan(db)
    _write(db, f"insert into raw.activities values ('Liên hệ {PHONE}', 300000), ('Hoạt động mới', 300001)")
    second = _scan(db, first.state)
    # Rowids 300,000 and 300,001 fall in the third block (245,760-...): 54,240 + 2 rows read.
    assert _counts(second) == (1, 1, 54_242, 2, 5, 245_760 + 6)
    assert _hits(second) == [("activities", "title", "phone", 1)]


def test_an_update_inside_the_table_rescans_the_block_it_touched(tmp_path):
    db = _database(tmp_path / "w.duckdb")
    first = _scan(db)
    _write(db, f"update raw.activities set title = 'Gửi về {EMAIL}' where i = 200000")
    second = _scan(db, first.state)
    # Row 200,000 is in the second block: its 122,880 rows are read, the 177,120 others are not.
    assert _counts(second) == (1, 1, 122_880, 2, 5, 177_120 + 6)
    assert _hits(second) == [("activities", "title", "email", 1)]


def test_a_change_of_the_known_strings_rescans_everything(tmp_path):
    db = _database(tmp_path / "w.duckdb")
    _write(db, f"update raw.activities set title = 'Gặp chị {NAME}' where i = 7")
    first = _scan(db)
    assert first.clean  # a name is found only when it is a known string
    with_name = _scan(db, first.state, known=[NAME])
    assert _counts(with_name) == (3, 6, ALL_ROWS, 0, 0, 0)
    assert _hits(with_name) == [("activities", "title", "known", 1)]
    # The same known strings again: only the relation with the hit is read again.
    again = _scan(db, with_name.state, known=[NAME])
    assert _counts(again) == (1, 1, 300_000, 2, 5, 6)


def test_a_new_text_column_rescans_its_relation(tmp_path):
    db = _database(tmp_path / "w.duckdb")
    first = _scan(db)
    _write(db, "alter table raw.activities add column channel varchar default 'Fanpage'")
    assert _counts(_scan(db, first.state)) == (1, 2, 300_000, 2, 5, 6)


@pytest.mark.parametrize(
    "state",
    [
        None,  # no state file
        "not a state",
        {"version": 1, "inputs": {"salt": "zz", "digest": "x"}, "relations": {}},  # salt not hex
        {"version": 99},
    ],
)
def test_a_missing_or_unreadable_state_scans_everything(tmp_path, state):
    db = _database(tmp_path / "w.duckdb")
    assert _counts(_scan(db, state)) == (3, 6, ALL_ROWS, 0, 0, 0)


def test_a_state_of_the_previous_version_scans_everything_once(tmp_path):
    # A state written before the scan took its fingerprints from warehouse/fingerprints.py (version 2,
    # its parts under "blocks") proves nothing to this code: the first scan reads everything,
    # the next one nothing.
    db = _database(tmp_path / "w.duckdb")
    state = _scan(db).state
    assert state["version"] == privacy.STATE_VERSION == 3
    old = {
        **state,
        "version": 2,
        "relations": {
            k: {("blocks" if f == "parts" else f): v for f, v in entry.items()}
            for k, entry in state["relations"].items()
        },
    }
    first = _scan(db, old)
    assert _counts(first) == (3, 6, ALL_ROWS, 0, 0, 0)
    assert _counts(_scan(db, first.state)) == (0, 0, 0, 3, 6, ALL_ROWS)


def test_a_change_of_a_column_that_is_not_text_rescans_nothing(tmp_path):
    # Only the text columns are read, so only they are fingerprinted: marts.feedback's count n
    # changes, its text does not.
    db = _database(tmp_path / "w.duckdb")
    first = _scan(db)
    _write(db, "update marts.feedback set n = n + 1; update raw.activities set i = i + 1 where i < 10")
    assert _counts(_scan(db, first.state)) == (0, 0, 0, 3, 6, ALL_ROWS)


def test_a_state_from_other_inputs_scans_everything(tmp_path):
    db = _database(tmp_path / "w.duckdb")
    state = _scan(db).state
    state["inputs"]["digest"] = "0" * 64  # as if the patterns (this code) had changed
    assert _counts(_scan(db, state)) == (3, 6, ALL_ROWS, 0, 0, 0)


def test_the_state_holds_no_value_and_no_known_string(tmp_path):
    db = _database(tmp_path / "w.duckdb")
    result = _scan(db, known=[NAME])
    path = tmp_path / "state.json"
    privacy.save_scan_state(path, result.state)
    text = path.read_text(encoding="utf-8")
    for secret in ("Nguyễn", "nguyen thi hong nhung", "Phòng KHTC", "Hoạt động", "facebook"):
        assert secret.lower() not in text.lower()
    assert privacy.load_scan_state(path) == result.state
    assert sorted(json.loads(text)["relations"]) == ["marts.feedback", "marts.notes", "raw.activities"]


def test_load_scan_state_of_a_missing_or_corrupt_file_is_none(tmp_path):
    assert privacy.load_scan_state(tmp_path / "missing.json") is None
    (tmp_path / "corrupt.json").write_text('{"version": 1, "relat', encoding="utf-8")
    assert privacy.load_scan_state(tmp_path / "corrupt.json") is None


def _check(tmp_path: Path, full_scan: bool = False) -> dict[str, object]:
    result = privacy_check.no_personal_data(
        warehouse=Warehouse(path=str(tmp_path / "w.duckdb"), privacy_full_scan=full_scan)
    )
    assert result.passed is True
    return {
        k: result.metadata[k].value
        for k in (
            "relations_scanned",
            "columns_scanned",
            "rows_scanned",
            "relations_skipped_unchanged",
            "columns_skipped_unchanged",
            "rows_skipped_unchanged",
        )
    }


def test_the_dagster_check_keeps_its_state_beside_the_build_copy(tmp_path):
    db = _database(tmp_path / ".build" / "w.duckdb")
    full = {
        "relations_scanned": 3,
        "columns_scanned": 6,
        "rows_scanned": ALL_ROWS,
        "relations_skipped_unchanged": 0,
        "columns_skipped_unchanged": 0,
        "rows_skipped_unchanged": 0,
    }
    assert _check(tmp_path) == full
    state = tmp_path / ".build" / privacy_check.STATE_FILE
    assert state.is_file()
    assert _check(tmp_path) == {
        "relations_scanned": 0,
        "columns_scanned": 0,
        "rows_scanned": 0,
        "relations_skipped_unchanged": 3,
        "columns_skipped_unchanged": 6,
        "rows_skipped_unchanged": ALL_ROWS,
    }
    assert _check(tmp_path, full_scan=True) == full
    state.write_text("garbage", encoding="utf-8")
    assert _check(tmp_path) == full
    _write(db, f"insert into marts.feedback values ('Học phí', 'Phòng KHTC', 'gọi {PHONE}', 1)")
    failed = privacy_check.no_personal_data(warehouse=Warehouse(path=str(tmp_path / "w.duckdb")))
    assert failed.passed is False
    assert failed.metadata["hits"].value == 2  # the table and the mart view over it
    assert failed.metadata["relations_scanned"].value == 2


def _periods_database(path: Path) -> Path:
    """marts.coverage: a table with a period_key, 1,000 rows in each of 2025-Q4 and 2026-Q1 and 10
    rows without a period; marts.coverage_view: a view over it, its titles in lower case."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            """create table marts.coverage as
               select 'Bài số ' || i as title, p as period_key from range(1000) t(i), (values ('2025-Q4'), ('2026-Q1')) v(p)
               union all select 'Không kỳ ' || i, null from range(10) t(i)"""
        )
        # an expression, so that the scan reads the view (a view of bare columns is covered by its table)
        con.execute("create view marts.coverage_view as select lower(title) as title, period_key from marts.coverage")
    return path


def test_a_new_period_rescans_only_its_rows_whatever_order_the_table_was_rebuilt_in(tmp_path):
    db = _periods_database(tmp_path / "w.duckdb")
    first = _scan(db)
    assert _counts(first) == (2, 4, 4_020, 0, 0, 0)
    # dbt rebuilds the table with a new quarter's 500 rows, in another order: every block of
    # rowids is rewritten, but only 2026-Q2's rows are new, in the table and in the view.
    _write(
        db,
        """create or replace table marts.coverage as
                  select * from (select * from marts.coverage union all
                                 select 'Bài mới ' || i, '2026-Q2' from range(500) t(i)) order by title desc""",
    )
    second = _scan(db, first.state)
    assert second.clean
    assert _counts(second) == (2, 4, 1_000, 0, 0, 2 * 2_010)


def test_a_phone_planted_in_an_earlier_period_rescans_that_period_and_is_found(tmp_path):
    db = _periods_database(tmp_path / "w.duckdb")
    first = _scan(db)
    _write(db, f"update marts.coverage set title = 'Gọi {PHONE}' where title = 'Bài số 7' and period_key = '2025-Q4'")
    second = _scan(db, first.state)
    # 2025-Q4's 1,000 rows of the table and of the view; 2026-Q1 and the rows without a period kept.
    assert _counts(second) == (2, 4, 2_000, 0, 0, 2 * 1_010)
    assert _hits(second) == [("coverage", "title", "phone", 1), ("coverage_view", "title", "phone", 1)]


def test_a_period_that_left_the_table_needs_no_rescan(tmp_path):
    db = _periods_database(tmp_path / "w.duckdb")
    first = _scan(db)
    _write(db, "delete from marts.coverage where period_key = '2026-Q1'")
    second = _scan(db, first.state)
    assert second.clean
    assert _counts(second) == (2, 4, 0, 0, 0, 2 * 1_010)
    # and the next scan finds both relations unchanged
    assert _counts(_scan(db, second.state)) == (0, 0, 0, 2, 4, 2 * 1_010)


def test_rows_deleted_to_the_last_block_need_no_rescan_and_are_no_error(tmp_path):
    # The third block of raw.activities (rowids 245,760-299,999) deleted whole, as when the last
    # file's rows leave a raw table: no block left changed, so nothing is read, and nothing fails.
    db = _database(tmp_path / "w.duckdb")
    first = _scan(db)
    _write(db, "delete from raw.activities where i >= 245760")
    second = _scan(db, first.state)
    assert second.errors == []
    assert second.clean
    assert _counts(second) == (1, 1, 0, 2, 5, 245_760 + 6)


def test_a_change_of_the_detector_or_of_phonenumbers_rescans_everything(tmp_path, monkeypatch):
    # The patterns live in orchestration.domain.personal_data and landlines are validated by
    # phonenumbers' metadata: a state recorded clean by other patterns or other metadata proves
    # nothing about what the new ones would find.
    import phonenumbers

    from orchestration.domain import personal_data

    db = _database(tmp_path / "w.duckdb")
    state = _scan(db).state
    assert _counts(_scan(db, state)) == (0, 0, 0, 3, 6, ALL_ROWS)  # same inputs: all skipped
    changed = tmp_path / "personal_data.py"
    changed.write_bytes(Path(personal_data.__file__).read_bytes() + b"\n# a new form of number\n")
    with monkeypatch.context() as m:
        m.setattr(personal_data, "__file__", str(changed))
        assert _counts(_scan(db, state)) == (3, 6, ALL_ROWS, 0, 0, 0)
    with monkeypatch.context() as m:
        m.setattr(phonenumbers, "__version__", "0.0.1")
        assert _counts(_scan(db, state)) == (3, 6, ALL_ROWS, 0, 0, 0)
