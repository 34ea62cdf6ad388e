"""The personal-data scan: the patterns on many small cases, and planted data in tiny DuckDB files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration import privacy
from orchestration.defs.operations import privacy as privacy_check
from orchestration.defs.warehouse import Warehouse

NAME = "Nguyễn Thị Hồng Nhung"
PHONE = "0903 123 456"
EMAIL = "nhung.nth@benthanh.hcm.edu.vn"


def kinds(text: str, known: list[str] | None = None) -> list[str]:
    return [m.kind for m in privacy.find_personal_data(text, privacy.prepare_known(known or []))]


MOBILES = [
    "0903 123 456",
    "0903.123.456",
    "0903-123-456",
    "0903123456",
    "090 312 3456",
    "+84 903123456",
    "+84903123456",
    "(+84) 903 123 456",
    "84903123456",
    "0387 654 321",
    "0562.111.222",
    "0779 999 000",
    "0812345678",
    "Liên hệ chị Lan 0912345678.",
    "SĐT:0987654321, cảm ơn",
    "zalo.me/0912345678",
    "028 3829 1234",  # a landline is someone's too: a preparer's office, a parent's home
]


@pytest.mark.parametrize("text", MOBILES)
def test_vietnamese_mobiles_are_found(text):
    assert kinds(text) == ["phone"]


@pytest.mark.parametrize("text", [*MOBILES, "an.nguyen@example.com"])
def test_the_filter_in_duckdb_passes_every_phone_and_email(text):
    # The SQL filter runs before the exact patterns: a value it drops is never checked.
    where, params = privacy.candidate_filter("v", [])
    with duckdb.connect() as con:
        assert con.execute(f"select count(*) from (select ? as v) where {where}", [text, *params]).fetchone() == (1,)


@pytest.mark.parametrize(
    "text",
    [
        "BC2509-00001",
        "https://laodong.vn/giao-vien-tp-hcm-2509016152.htm",
        "https://www.facebook.com/100064298046581/posts/4024033637053739",
        "0790062373cb8f21",
        "Likert 4",
    ],
)
def test_the_filter_in_duckdb_drops_ids_and_urls(text):
    where, params = privacy.candidate_filter("v", [])
    with duckdb.connect() as con:
        assert con.execute(f"select count(*) from (select ? as v) where {where}", [text, *params]).fetchone() == (0,)


@pytest.mark.parametrize(
    "text",
    [
        "THPT-NTMK",
        "THPT-Nguyen-Thi-Minh-Khai_2025-09-15_2025-12-14.csv",
        "https://www.facebook.com/sogddt/posts/1234567890123456",
        "123456789012345_0903123456789",
        "09031234567",  # 11 digits: not a mobile
        "0203123456",  # 02x is a landline area code, 10 digits
        "1900 1234",
        "a0903123456b",  # inside a hex hash
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "12.500.000",
        "84.903.123.456",  # a grouped amount, not +84
        "1.0903123456",
        "2025-12-14 17:00:00",
        "25747",
        "khao-sat-truong-hoc-hanh-phuc_2026-03:39",
        "38,5%",
        "https://medium.com/@user.name",
        "Phường Bến Thành",
        "",
    ],
)
def test_ids_amounts_dates_and_names_are_not_personal_data(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text", ["an.nguyen@example.com", "Gửi về Nhung.NTH@benthanh.hcm.edu.vn nhé", "x_y+tag@mail.co"]
)
def test_emails_are_found(text):
    assert kinds(text) == ["email"]


def test_masks_never_show_the_value():
    assert privacy.mask_phone("0903 123 456") == "09******56"
    assert privacy.mask_phone("+84 903123456") == "+84*******56"
    assert privacy.mask_email(EMAIL) == "n***@b***.vn"
    assert privacy.mask_known(NAME) == "N*** (21 characters)"


def test_known_strings_match_folded_on_word_boundaries():
    assert kinds("Người gửi: NGUYEN THI HONG NHUNG (phụ huynh)", [NAME]) == ["known"]
    assert kinds("nguyễn thị hồng nhungx", [NAME]) == []
    with pytest.raises(ValueError, match="shorter than 5"):
        privacy.prepare_known(["An"])


def _database(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A tiny warehouse: marts.feedback(topic, handling_unit, note), a mart view over it (scanned:
    analysts read it) and a staging view over it (not scanned again: it shows only the table)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create schema staging")
        con.execute("create table marts.feedback (topic varchar, handling_unit varchar, note varchar, n bigint)")
        con.executemany("insert into marts.feedback values (?, ?, ?, 1)", rows)
        con.execute("create view marts.notes as select note, 'THPT-NTMK' as school from marts.feedback")
        con.execute("create view staging.notes as select note from marts.feedback")
    return path


CLEAN = [
    ("Học phí", "Phòng KHTC", "Đã trả lời qua Cổng TTĐT"),
    ("Tuyển sinh", "Phòng GDPT", "https://www.facebook.com/sogddt/posts/1234567890123456"),
    ("Chuyển trường", "Phường Bến Thành", "Mã hồ sơ 25747, 12.500.000 đồng"),
]


def test_scan_passes_on_clean_data(tmp_path):
    result = privacy.scan_database(_database(tmp_path / "clean.duckdb", CLEAN), known=[NAME])
    assert result.hits == []
    assert result.errors == []
    assert result.columns_scanned == 5  # 3 columns of the table, 2 of the mart view; none of the staging view
    assert result.clean


def test_scan_finds_a_planted_phone_email_and_name(tmp_path):
    planted = CLEAN + [
        ("Học phí", "Phòng KHTC", f"Chị {NAME} gọi {PHONE}"),
        ("Học phí", "Phòng KHTC", f"Trả lời về {EMAIL}"),
    ]
    result = privacy.scan_database(_database(tmp_path / "leak.duckdb", planted), known=[NAME])
    found = sorted((h.schema, h.table, h.column, h.kind, h.rows, h.sample) for h in result.hits)
    assert found == [
        ("marts", "feedback", "note", "email", 1, "n***@b***.vn"),
        ("marts", "feedback", "note", "known", 1, "n*** (21 characters)"),
        ("marts", "feedback", "note", "phone", 1, "09******56"),
        ("marts", "notes", "note", "email", 1, "n***@b***.vn"),
        ("marts", "notes", "note", "known", 1, "n*** (21 characters)"),
        ("marts", "notes", "note", "phone", 1, "09******56"),
    ]
    assert not result.clean


def test_a_phone_among_many_candidates_is_found(tmp_path):
    # 100,000 distinct values pass the filter in DuckDB ('1.0903100000' looks like a phone to
    # RE2) but not the exact pattern (the decimals of a number); the one real phone among them
    # must be checked too. The scan once kept the first 20,000 candidates and could miss it.
    path = tmp_path / "many.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table notes as select '1.0903' || (100000 + i) as note from range(100000) t(i)")
        con.execute(f"insert into notes values ('Liên hệ {PHONE}')")
    result = privacy.scan_database(path)
    assert [(h.table, h.column, h.kind, h.rows, h.sample) for h in result.hits] == [
        ("notes", "note", "phone", 1, "09******56")
    ]


def test_scan_files_finds_a_phone_in_a_generated_report(tmp_path):
    report = tmp_path / "bao-cao-quy.md"
    report.write_text("# Báo cáo quý\n\nĐồng thuận 0,39\nLiên hệ: 0912.345.678\n", encoding="utf-8")
    hits = privacy.scan_files([report])
    assert [(h.column, h.kind, h.rows, h.sample) for h in hits] == [("line 4", "phone", 1, "09******78")]


def test_dagster_check_fails_with_the_hits_in_metadata(tmp_path):
    # The check scans the build copy (warehouse/.build/), before anything is published.
    _database(tmp_path / ".build" / "leak.duckdb", CLEAN + [("Học phí", "Phòng KHTC", f"gọi {PHONE}")])
    result = privacy_check.no_personal_data(warehouse=Warehouse(path=str(tmp_path / "leak.duckdb")))
    assert result.passed is False
    assert result.metadata["hits"].value == 2  # the table and the mart view over it
    assert result.metadata["hit_examples"].data[0] == {
        "schema": "marts",
        "table": "feedback",
        "column": "note",
        "kind": "phone",
        "rows": 1,
        "sample": "09******56",
    }


def test_dagster_check_passes_on_clean_data_and_reads_known_strings(tmp_path):
    known = tmp_path / "known.txt"
    known.write_text(f"# fixtures\n{NAME}\n\n", encoding="utf-8")
    _database(tmp_path / ".build" / "clean.duckdb", CLEAN)
    result = privacy_check.no_personal_data(
        warehouse=Warehouse(path=str(tmp_path / "clean.duckdb"), known_strings_file=str(known))
    )
    assert result.passed is True
    assert result.metadata["known_strings"].value == 1
    assert result.metadata["columns_scanned"].value == 5


# The SQL filter folds each value once and looks for every known string in it: a value passes
# when some known string is one of its folded words or runs of words, and only then.
@pytest.mark.parametrize(
    ("text", "passes"),
    [
        ("Phụ huynh NGUYỄN VĂN AN gọi lại", True),  # the first known string, folded
        ("Cô Trần-Thị-Bình, lớp 5A", True),  # the second: '-' and ',' fold to spaces
        ("Nguyễn Văn Anh", False),  # not on a word boundary
        ("an nguyen van", False),  # the words in another order
        ("Bad Key", False),  # a string that is not folded never matches a folded value
        ("Đồng ý", False),
    ],
)
def test_the_filter_in_duckdb_finds_any_of_several_known_strings(text, passes):
    where, params = privacy.candidate_filter("v", ["nguyen van an", "tran thi binh", "Bad Key"])
    with duckdb.connect() as con:
        found = con.execute(f"select count(*) from (select ? as v) where {where}", [text, *params]).fetchone()
    assert found == (1 if passes else 0,)


def test_the_filter_without_usable_known_strings_is_the_detectors_alone():
    assert privacy.candidate_filter("v", ["Bad Key", "a.b"]) == privacy.candidate_filter("v", [])


def test_a_scan_counts_each_known_string_of_several(tmp_path):
    path = tmp_path / "known.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.notes as select * from (values ('Phụ huynh Nguyễn Văn An gọi'), "
            "('Cô Trần Thị Bình'), ('Cô Trần Thị Bình'), ('Nguyễn Văn Anh'), ('Đồng ý')) t(note)"
        )
    result = privacy.scan_database(path, known=["Nguyễn Văn An", "Trần Thị Bình"])
    # Three rows hold one of the names; the sample is the first name of the known list found.
    assert [(h.table, h.column, h.kind, h.rows) for h in result.hits] == [("notes", "note", "known", 3)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("028 3829 1234", ["phone"]),  # Ho Chi Minh City (area 28)
        ("0236 3822 123", ["phone"]),  # Da Nang (area 236)
        ("0201 2345 678", []),  # area 201 does not exist
        ("0200 1234 567", []),
        ("+84 201 234 5678", []),
    ],
)
def test_landlines_are_judged_by_their_area_code(text, found):
    assert kinds(text) == found
