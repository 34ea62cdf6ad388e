"""Press reader: monthly CSV exports of the press-monitoring service -> press_items."""

import datetime as dt
import unicodedata
from pathlib import Path

import polars as pl
import pytest

from orchestration.domain.dates import HCM
from orchestration.readers.press import (
    PRESS_SCHEMA,
    read_csv_records,
    read_press,
    with_counts,
)

HEADER = "ma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai,tieu_de,tom_tat,url,sac_thai,luot_xem"

# Quoted values with commas and a line break, a BOM, CRLF line ends (written below), a lower-
# case media type, "12.500" views, and the period boundary at 14/12 23:59 -> 15/12 00:00.
DECEMBER = """ma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai,tieu_de,tom_tat,url,sac_thai,luot_xem
"TT-001","14/12/2025 23:59","Tuổi Trẻ","Báo điện tử","Tin","Khai giảng, năm học mới","Sở GDĐT
tổ chức lễ khai giảng"," https://tuoitre.vn/a.htm ","Tích cực","12.500"
"HTV-002","15/12/2025 00:00","HTV","truyền hình","phóng sự","{nfd_title}","","https://htv.com.vn/b","trung tinh",""
"SGGP-003","05/01/2026 08:30","Sài  Gòn Giải Phóng","BÁO IN","Bài","Trường học hạnh phúc","","https://sggp.org.vn/c","","830"
"""

NFD_TITLE = unicodedata.normalize("NFD", "Học sinh Thủ Đức đạt giải")

# One loaded row (line 10); every other row is refused for one reason.
JANUARY = """ma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai,tieu_de,tom_tat,url,sac_thai,luot_xem
TN-010,10/09/2025 09:00,Thanh Niên,Báo điện tử,Tin,Tin trước năm học,,https://thanhnien.vn/x,,
TN-011,32/01/2026 09:00,Thanh Niên,Báo điện tử,Tin,Ngày sai,,https://thanhnien.vn/y,,
TN-012,10/01/2026 09:00,Thanh Niên,Báo mạng,Tin,Loại hình lạ,,https://thanhnien.vn/z,,
TN-013,10/01/2026 09:00,Thanh Niên,Báo điện tử,Bình luận,Thể loại lạ,,https://thanhnien.vn/w,,
TN-014,10/01/2026 09:00,Thanh Niên,Báo điện tử,Tin,,,https://thanhnien.vn/v,,
TN-015,10/01/2026 09:00,Thanh Niên,Báo điện tử,Tin,Lượt xem âm,,https://thanhnien.vn/u,,-40
TN-016,10/01/2026 09:00,Thanh Niên,Báo điện tử,Tin,Lượt xem chữ,,https://thanhnien.vn/t,,nhiều
TN-017,10/01/2026 09:00,Thanh Niên,Báo điện tử,Tin,Dòng bị cắt
TN-018,11/01/2026 07:15,Thanh Niên,Phát thanh,Phỏng vấn,Phỏng vấn Giám đốc Sở,,https://thanhnien.vn/s,Tiêu cực,1.200
TN-019,12/01/2026 10:00,Thanh Niên,Báo điện tử,Tin,Học sinh, sinh viên,,https://thanhnien.vn/r,,
"""


def _write(inbox: Path, name: str, data: str | bytes) -> Path:
    path = inbox / "media" / "press" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _assert_reconciles(result) -> None:
    table = result.tables["press_items"]
    for source_file, (read, loaded, rejected) in result.file_counts.items():
        assert read == loaded + rejected
        assert table.filter(pl.col("source_file") == source_file).height == loaded
        assert (
            result.rejects.filter((pl.col("source_file") == source_file) & (pl.col("action") == "row_rejected")).height
            == rejected
        )


def test_press_values_bom_crlf_quotes_nfd_views_and_period_boundary(tmp_path):
    text = "\ufeff" + DECEMBER.format(nfd_title=NFD_TITLE).replace("\n", "\r\n")
    _write(tmp_path, "2025-12/thang12.csv", text)

    result = read_press(tmp_path)
    table = result.tables["press_items"]

    assert dict(table.schema) == PRESS_SCHEMA
    assert result.file_counts == {"media/press/2025-12/thang12.csv": (3, 3, 0)}
    assert result.rejects.height == 0
    assert table["source_row"].to_list() == [2, 4, 5]  # the first item spans lines 2-3
    assert table["item_id"].to_list() == ["TT-001", "HTV-002", "SGGP-003"]
    assert table["published_at"].to_list() == [
        dt.datetime(2025, 12, 14, 23, 59, tzinfo=HCM),
        dt.datetime(2025, 12, 15, 0, 0, tzinfo=HCM),
        dt.datetime(2026, 1, 5, 8, 30, tzinfo=HCM),
    ]
    assert table["period_key"].to_list() == ["2025-Q4", "2026-Q1", "2026-Q1"]
    assert table["title"].to_list() == [
        "Khai giảng, năm học mới",
        "Học sinh Thủ Đức đạt giải",
        "Trường học hạnh phúc",
    ]
    assert unicodedata.is_normalized("NFC", table["title"][1])
    assert table["lede"].to_list() == ["Sở GDĐT tổ chức lễ khai giảng", None, None]
    assert table["outlet_raw"].to_list() == ["Tuổi Trẻ", "HTV", "Sài Gòn Giải Phóng"]
    assert table["media_type"].to_list() == ["Báo điện tử", "Truyền hình", "Báo in"]
    assert table["genre"].to_list() == ["Tin", "Phóng sự", "Bài"]
    assert table["url"].to_list() == [
        "https://tuoitre.vn/a.htm",
        "https://htv.com.vn/b",
        "https://sggp.org.vn/c",
    ]
    assert table["sentiment_label"].to_list() == ["positive", "neutral", None]
    assert table["views"].to_list() == [12500, None, 830]


def test_press_row_rejects_say_why(tmp_path):
    _write(tmp_path, "2026-01.csv", JANUARY)

    result = read_press(tmp_path)
    table = result.tables["press_items"]

    assert result.file_counts == {"media/press/2026-01.csv": (10, 1, 9)}
    _assert_reconciles(result)
    loaded = table.row(0, named=True)
    assert (loaded["source_row"], loaded["item_id"], loaded["media_type"], loaded["genre"]) == (
        10,
        "TN-018",
        "Phát thanh",
        "Phỏng vấn",
    )
    assert (loaded["sentiment_label"], loaded["views"]) == ("negative", 1200)

    rejects = {
        r["source_row"]: (r["source_column"], r["raw_value"], r["reason"], r["period_key"])
        for r in result.rejects.iter_rows(named=True)
    }
    windows = "(15/09/2025 to 14/09/2030)"
    expected_media = "Báo điện tử, Báo in, Truyền hình, Phát thanh"
    assert rejects == {
        2: (
            "ngay_dang",
            "10/09/2025 09:00",
            f"published 10/09/2025, outside every reporting window the warehouse knows {windows}",
            None,
        ),
        3: (
            "ngay_dang",
            "32/01/2026 09:00",
            "expected the publication date as dd/mm/yyyy HH:MM (Hanoi time), got '32/01/2026 09:00'",
            None,
        ),
        4: ("loai_hinh", "Báo mạng", f"unknown media type 'Báo mạng'; expected one of {expected_media}", "2026-Q1"),
        5: (
            "the_loai",
            "Bình luận",
            "unknown genre 'Bình luận'; expected one of Tin, Bài, Phóng sự, Tọa đàm, Phỏng vấn",
            "2026-Q1",
        ),
        6: ("tieu_de", None, "the title (tiêu đề) is empty", "2026-Q1"),
        7: ("luot_xem", "-40", "expected a count of zero or more, got '-40'", "2026-Q1"),
        8: ("luot_xem", "nhiều", "expected a whole number such as 12500 or 12.500, got 'nhiều'", "2026-Q1"),
        9: (
            None,
            "TN-017,10/01/2026 09:00,Thanh Niên,Báo điện tử,Tin,Dòng bị cắt",
            "the row has 6 fields where the header has 10: it looks truncated",
            "2026-Q1",
        ),
        11: (
            None,
            "TN-019,12/01/2026 10:00,Thanh Niên,Báo điện tử,Tin,Học sinh, sinh viên,,https://thanhnien.vn/r",
            "the row has 11 fields where the header has 10: a value containing a comma is probably not quoted",
            "2026-Q1",
        ),
    }
    assert set(result.rejects["action"]) == {"row_rejected"}
    assert set(result.rejects["family"]) == {"press"}


def test_press_unknown_sentiment_keeps_the_item_and_says_so(tmp_path):
    _write(
        tmp_path,
        "s.csv",
        HEADER + "\nVX-1,20/03/2026 09:00,VnExpress,Báo điện tử,Tin,Tin A,,https://vnexpress.net/a,Trái chiều,\n",
    )

    result = read_press(tmp_path)

    assert result.file_counts == {"media/press/s.csv": (1, 1, 0)}
    assert result.tables["press_items"]["sentiment_label"].to_list() == [None]
    assert result.tables["press_items"]["period_key"].to_list() == ["2026-Q2"]
    reject = result.rejects.row(0, named=True)
    assert (reject["action"], reject["source_row"], reject["source_column"], reject["raw_value"]) == (
        "value_dropped",
        2,
        "sac_thai",
        "Trái chiều",
    )


def test_press_file_ending_inside_a_quote_loads_the_rows_before(tmp_path):
    text = HEADER + (
        '\n"A-1","05/01/2026 08:00","VnExpress","Báo điện tử","Tin","Tiêu đề đủ","",'
        '"https://vnexpress.net/1","",""'
        '\n"A-2","06/01/2026 08:00","VnExpress","Báo điện tử","Tin","Tiêu đề bị cắt ngang gi'
    )
    _write(tmp_path, "cut.csv", text)

    result = read_press(tmp_path)

    assert result.file_counts == {"media/press/cut.csv": (2, 1, 1)}
    assert result.tables["press_items"]["item_id"].to_list() == ["A-1"]
    assert result.rejects.select("source_row", "reason").rows() == [
        (3, "the file ends inside a quoted value: this row is truncated")
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            # 89 header characters, a newline, 19 ASCII characters, "B", then "á" as 0xE1
            (HEADER + "\nX,05/01/2026 08:00,Báo Cà Mau,Báo in,Bài,Bài hay,,u,,\n").encode("cp1258"),
            "the file is not UTF-8 (byte 110): it may be Windows-1258 or another legacy encoding; "
            "export it again as CSV UTF-8",
        ),
        (
            (HEADER + "\nX,05/01/2026 08:00,Tuổi Trẻ,Báo in,Bài,Bài,,u,,\n").encode("utf-16"),
            "the file is UTF-16: export it again as CSV UTF-8",
        ),
    ],
    ids=["windows-1258", "utf-16"],
)
def test_press_legacy_encodings_are_refused_at_file_level(tmp_path, data, expected):
    _write(tmp_path, "legacy.csv", data)

    result = read_press(tmp_path)

    assert result.tables["press_items"].height == 0
    assert dict(result.tables["press_items"].schema) == PRESS_SCHEMA
    assert result.file_counts == {"media/press/legacy.csv": (0, 0, 0)}
    assert result.rejects.select("source_row", "reason", "action").rows() == [(None, expected, "file_rejected")]


def test_press_missing_column_is_refused_with_the_columns_found(tmp_path):
    _write(tmp_path, "no_title.csv", "ma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai,url\n")

    result = read_press(tmp_path)

    assert result.rejects["reason"].to_list() == [
        "required column 'tieu_de' not found; the header has: 'ma_tin', 'ngay_dang', "
        "'co_quan_bao_chi', 'loai_hinh', 'the_loai', 'url'"
    ]


def test_press_keeps_duplicates_reads_subfolders_and_skips_dot_files(tmp_path):
    row = "\nVX-1,20/10/2025 09:00,VnExpress,Báo điện tử,Tin,Tin A,,https://vnexpress.net/a,,\n\n,,,,,,,,,\n"
    _write(tmp_path, "10/thang10.csv", HEADER + row)
    _write(tmp_path, "11/thang10-gui-lai.csv", HEADER + row)
    _write(tmp_path, ".~lock.thang10.csv#", "not a csv")
    _write(tmp_path, ".hidden/thang10.csv", "not a csv")

    result = read_press(tmp_path)

    # blank and all-empty trailing rows are not items and are not counted
    assert result.file_counts == {
        "media/press/10/thang10.csv": (1, 1, 0),
        "media/press/11/thang10-gui-lai.csv": (1, 1, 0),
    }
    assert result.tables["press_items"]["url"].to_list() == ["https://vnexpress.net/a"] * 2


def test_press_without_folder_gives_empty_table(tmp_path):
    result = read_press(tmp_path)
    assert dict(result.tables["press_items"].schema) == PRESS_SCHEMA
    assert result.tables["press_items"].height == 0
    assert result.file_counts == {}


def test_counts_read_like_parse_count():
    frame = pl.DataFrame(
        {
            "raw": [
                "12.500",
                "830",
                " 1 200 ",
                "1.234.567",
                "12,5",
                "-3",
                "nhiều",
                "",
                None,
                "12,500",
                "99999999999999999999",
            ]
        }
    )
    out = with_counts(frame, {"n": pl.col("raw")})
    assert out["n"].to_list() == [12500, 830, 1200, 1234567] + [None] * 7
    assert out["n__problem"].to_list()[3:] == [
        None,
        "expected a whole number, got '12,5'",
        "expected a count of zero or more, got '-3'",
        "expected a whole number such as 12500 or 12.500, got 'nhiều'",
        None,  # blank is not a problem, just no value
        None,
        "expected a whole number, got '12,500'",  # 12.5 the Vietnamese way
        "the number '99999999999999999999' is too large for a count",
    ]
    english = with_counts(frame.slice(9, 1), {"n": pl.col("raw")}, comma_thousands=True)
    assert english["n"].to_list() == [12500]


def test_records_keep_physical_line_numbers_and_shape():
    text = 'a,b,c\n1,"x\ny",3\n\n4,5\n6,,\n7,8,9,10\n'
    records = read_csv_records(text, first_line=3)
    frame = records.frame
    assert records.header == ["a", "b", "c"]
    assert frame["__line"].to_list() == [4, 7, 8, 9]  # the blank line 6 is not a record
    assert frame["b"].to_list() == ["x\ny", "5", None, "8"]
    assert frame["__problem"].to_list() == [
        None,
        "the row has 2 fields where the header has 3: it looks truncated",
        None,
        "the row has 4 fields where the header has 3: a value containing a comma is probably not quoted",
    ]


def test_url_key_counts_one_article_once_whatever_its_decoration():
    import polars as pl

    from orchestration.readers.press import url_host, url_key

    frame = pl.DataFrame(
        {
            "u": [
                "https://tuoitre.vn/a/?utm_source=fb",  # tracking parameter, trailing slash
                "http://www.TuoiTre.vn/a",  # other scheme, 'www.', capitals in the host
                "https://vnexpress.net/x?id=3&utm_medium=y#c",  # a real parameter stays, fragment goes
            ]
        }
    )
    got = frame.select(k=url_key(pl.col("u")), h=url_host(pl.col("u"))).rows()
    assert got == [
        ("tuoitre.vn/a", "tuoitre.vn"),
        ("tuoitre.vn/a", "tuoitre.vn"),
        ("vnexpress.net/x?id=3", "vnexpress.net"),
    ]
