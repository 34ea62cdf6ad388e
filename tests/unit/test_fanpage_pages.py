"""Fanpage followers: Meta Business Suite page-level exports -> fanpage_page_days."""

import datetime as dt
from pathlib import Path

import polars as pl

from orchestration.readers.fanpage import read_fanpage
from orchestration.readers.fanpage_pages import PAGE_DAYS_SCHEMA, page_name_from_file, read_fanpage_pages

# English interface, `sep=,` first, Page ID and name columns, a thousands comma, ISO dates; the
# 13th is missing (no activity).
ENGLISH = """sep=,
Date,Page ID,Page name,Facebook followers,Follows,Unfollows,Reach,Visits
2025-12-12,100,Sở GDĐT TP.HCM,"5,020",25,5,900,40
2025-12-14,100,Sở GDĐT TP.HCM,"5,030",12,2,,
"""

# Vietnamese interface, a line naming the metric, no page name column: the file names the page.
# Row 3 has a day-first date Meta never writes (13/31 is no month), row 4 a day outside every
# window, row 5 a negative count: refused, each with its reason.
VIETNAMESE = """Lượt theo dõi Facebook
Ngày,Lượt theo dõi Facebook,Lượt theo dõi mới,Lượt bỏ theo dõi
12/15/2025,18500,3,1
31/12/2025,18502,2,0
01/01/2020,18000,1,0
12/16/2025,18503,-1,0
"""


def _write(inbox: Path, name: str, data: str) -> None:
    path = inbox / "media" / "fanpage" / "pages" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data, encoding="utf-8")


def test_english_export_values(tmp_path):
    _write(tmp_path, "so.csv", ENGLISH)
    result = read_fanpage_pages(tmp_path)
    table = result.tables["fanpage_page_days"]
    assert table.schema == pl.Schema(PAGE_DAYS_SCHEMA)
    assert table.select(
        "page_id", "page_name", "day", "followers", "follows", "unfollows", "reach", "visits", "period_key"
    ).rows() == [
        ("100", "Sở GDĐT TP.HCM", dt.date(2025, 12, 12), 5020, 25, 5, 900, 40, "2025-Q4"),
        ("100", "Sở GDĐT TP.HCM", dt.date(2025, 12, 14), 5030, 12, 2, None, None, "2025-Q4"),
    ]
    # The header is on the file's line 2: the data rows are lines 3 and 4.
    assert table["source_row"].to_list() == [3, 4]
    assert result.file_counts == {"media/fanpage/pages/so.csv": (2, 2, 0)}


def test_vietnamese_export_named_by_its_file_and_rejects(tmp_path):
    name = "Trường THPT Nguyễn Thị Minh Khai_2025-12-15_2026-03-14.csv"
    _write(tmp_path, name, VIETNAMESE)
    result = read_fanpage_pages(tmp_path)
    table = result.tables["fanpage_page_days"]
    # 15/12/2025 opens 2026-Q1 (windows run from the 15th).
    assert table.select("page_id", "page_name", "day", "followers", "follows", "unfollows", "period_key").rows() == [
        (None, "Trường THPT Nguyễn Thị Minh Khai", dt.date(2025, 12, 15), 18500, 3, 1, "2026-Q1"),
    ]
    reasons = dict(zip(result.rejects["source_row"].to_list(), result.rejects["reason"].to_list()))
    assert set(reasons) == {4, 5, 6}
    assert (
        reasons[4] == "expected the date as YYYY-MM-DD or MM/DD/YYYY (month first, as Meta writes it), got '31/12/2025'"
    )
    assert reasons[5].startswith("day 01/01/2020, outside every reporting window the warehouse knows")
    assert "-1" in reasons[6]
    assert result.file_counts == {f"media/fanpage/pages/{name}": (4, 1, 3)}


def test_a_file_without_follower_columns_or_page_is_refused_whole(tmp_path):
    _write(tmp_path, "reach_only_2025-12-15_2026-03-14.csv", "Date,Reach\n2025-12-20,100\n")
    _write(tmp_path, "unnamed.csv", "Date,Follows\n2025-12-20,1\n")
    result = read_fanpage_pages(tmp_path)
    assert result.tables["fanpage_page_days"].height == 0
    reasons = dict(zip(result.rejects["source_file"].to_list(), result.rejects["reason"].to_list()))
    assert reasons["media/fanpage/pages/reach_only_2025-12-15_2026-03-14.csv"].startswith(
        "none of the follower columns 'Facebook followers', 'Follows', 'Unfollows'"
    )
    assert reasons["media/fanpage/pages/unnamed.csv"] == (
        "the page is not named: expected a 'Page name' column or a file name "
        "'<page name>_<from>_<to>.csv' (dates as YYYY-MM-DD), got 'unnamed.csv'"
    )


def test_page_name_from_file():
    assert page_name_from_file("media/fanpage/pages/Sở GDĐT_2025-12-15_2026-03-14.csv") == "Sở GDĐT"
    assert page_name_from_file("Trường A_20251215_20260314.csv") == "Trường A"
    assert page_name_from_file("export.csv") is None


def test_post_reader_leaves_page_exports_to_their_reader(tmp_path):
    _write(tmp_path, "so.csv", ENGLISH)
    result = read_fanpage(tmp_path)
    assert result.tables["fanpage_posts"].height == 0
    assert result.file_counts == {} and result.rejects.height == 0
