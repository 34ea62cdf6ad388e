"""Fanpage reader: Meta Business Suite post exports -> fanpage_posts."""

import datetime as dt
from pathlib import Path

import polars as pl

from orchestration.domain.dates import HCM
from orchestration.readers.fanpage import FANPAGE_SCHEMA, read_fanpage

# Current export: "Views", "Total clicks" beside "Link clicks", two negative-feedback columns,
# a description with a comma, "15,230" written with an English thousands comma.
EXPORT_2025 = """Post ID,Page ID,Page name,Title,Description,Duration (sec),Publish time,Caption type,Permalink,Post type,Views,Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,Total clicks,Link clicks,Negative feedback from users: Hide,Negative feedback from users: Hide all
1000_1,1000,Sở Giáo dục và Đào tạo TP.HCM,,"Lễ khai giảng, năm học 2025-2026",,12/14/2025 23:59,,https://www.facebook.com/1000/posts/1,Photos,"15,230",9800,640,500,90,50,310,120,2,1
1000_2,1000,Sở Giáo dục và Đào tạo TP.HCM,Video tuyển sinh,Thông tin tuyển sinh lớp 10,45,12/15/2025 00:00,,https://www.facebook.com/reel/2,Reels,20000,15000,1100,800,200,100,90,75,,
"""

# An older export of the same posts: other capitalisation, "Impressions", another column
# order, one negative-feedback column holding the sum.
EXPORT_2024 = """Publish Time,Post ID,Page ID,Page Name,Title,Description,Post Type,Permalink,Impressions,Reach,"Reactions, comments and shares",Reactions,Comments,Shares,Total Clicks,Negative feedback from users: Hide
12/14/2025 23:59,1000_1,1000,Sở Giáo dục và Đào tạo TP.HCM,,"Lễ khai giảng, năm học 2025-2026",Photos,https://www.facebook.com/1000/posts/1,15230,9800,640,500,90,50,310,3
12/15/2025 00:00,1000_2,1000,Sở Giáo dục và Đào tạo TP.HCM,Video tuyển sinh,Thông tin tuyển sinh lớp 10,Reels,https://www.facebook.com/reel/2,20000,15000,1100,800,200,100,90,
"""

# A unit's page, no engagement total and no clicks column; rows 2-7 are refused.
UNIT_PAGE = """Post ID,Page name,Publish time,Post type,Views,Reach,Reactions,Comments,Shares
2000_1,Phòng GD Mầm non,14/12/2025 10:00,Photos,100,80,5,1,0
2000_2,Phòng GD Mầm non,10/09/2025 10:00,Photos,100,,5,1,0
,Phòng GD Mầm non,10/09/2025 10:00,Photos,100,80,5,1,0
2000_4,Phòng GD Mầm non,09/14/2025 23:59,Photos,100,80,5,1,0
2000_5,Phòng GD Mầm non,10/20/2025 08:00,Photos,100,80,-5,1,0
2000_6,Phòng GD Mầm non,10/20/2025 08:00,Photos,100,80,5,1
2000_7,Phòng GD Mầm non,10/21/2025 08:00,Text,100,80,5,1,0
2000_8,Phòng GD Mầm non,10/21/2025 08:00,Text,"1.250",80,5,,0
"""


def _write(inbox: Path, name: str, data: str | bytes) -> None:
    path = inbox / "media" / "fanpage" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _assert_reconciles(result) -> None:
    table = result.tables["fanpage_posts"]
    for source_file, (read, loaded, rejected) in result.file_counts.items():
        assert read == loaded + rejected
        assert table.filter(pl.col("source_file") == source_file).height == loaded
        row_rejects = result.rejects.filter(
            (pl.col("source_file") == source_file) & (pl.col("action") == "row_rejected")
        )
        assert row_rejects.height == rejected


def test_fanpage_current_export_values(tmp_path):
    _write(tmp_path, "so-gddt/2025-q4.csv", "\ufeff" + EXPORT_2025)

    result = read_fanpage(tmp_path)
    table = result.tables["fanpage_posts"]

    assert dict(table.schema) == FANPAGE_SCHEMA
    assert result.file_counts == {"media/fanpage/so-gddt/2025-q4.csv": (2, 2, 0)}
    first, second = table.rows(named=True)
    assert first == {
        "source_file": "media/fanpage/so-gddt/2025-q4.csv",
        "source_row": 2,
        "post_id": "1000_1",
        "page_id": "1000",
        "page_name": "Sở Giáo dục và Đào tạo TP.HCM",
        "title": None,
        "description": "Lễ khai giảng, năm học 2025-2026",
        "published_at": dt.datetime(2025, 12, 14, 23, 59, tzinfo=HCM),
        "post_type": "Photos",
        "permalink": "https://www.facebook.com/1000/posts/1",
        "views": 15230,
        "reach": 9800,
        "reactions": 500,
        "comments": 90,
        "shares": 50,
        "engagement": 640,  # the export's own total
        "clicks": 310,  # "Total clicks" wins over "Link clicks"
        "negative_feedback": 3,  # Hide 2 + Hide all 1
        "period_key": "2025-Q4",
    }
    assert (second["published_at"], second["period_key"]) == (
        dt.datetime(2025, 12, 15, 0, 0, tzinfo=HCM),
        "2026-Q1",
    )
    assert (second["engagement"], second["clicks"], second["negative_feedback"]) == (1100, 90, None)


def test_fanpage_older_column_names_load_the_same_values(tmp_path):
    _write(tmp_path, "a/posts.csv", EXPORT_2025)
    _write(tmp_path, "b/posts.csv", EXPORT_2024)

    result = read_fanpage(tmp_path)
    table = result.tables["fanpage_posts"]

    assert result.file_counts == {
        "media/fanpage/a/posts.csv": (2, 2, 0),
        "media/fanpage/b/posts.csv": (2, 2, 0),
    }
    current = table.filter(pl.col("source_file") == "media/fanpage/a/posts.csv").drop("source_file")
    older = table.filter(pl.col("source_file") == "media/fanpage/b/posts.csv").drop("source_file")
    assert older.equals(current)


def test_fanpage_row_rejects_and_engagement_from_parts(tmp_path):
    _write(tmp_path, "phong-gd-mn.csv", UNIT_PAGE)

    result = read_fanpage(tmp_path)
    table = result.tables["fanpage_posts"]

    assert result.file_counts == {"media/fanpage/phong-gd-mn.csv": (8, 2, 6)}
    _assert_reconciles(result)
    assert table.select("source_row", "post_id", "views", "engagement", "clicks", "period_key").rows() == [
        (8, "2000_7", 100, 6, None, "2025-Q4"),  # 5 + 1 + 0
        (9, "2000_8", 1250, None, None, "2025-Q4"),  # comments missing: no sum
    ]
    rejects = {
        r["source_row"]: (r["source_column"], r["raw_value"], r["reason"]) for r in result.rejects.iter_rows(named=True)
    }
    assert rejects == {
        2: (
            "Publish time",
            "14/12/2025 10:00",
            "expected the publish time as MM/DD/YYYY HH:MM (month first, as Meta writes it), got '14/12/2025 10:00'",
        ),
        3: ("Reach", None, "the Reach is empty; expected the number of people reached"),
        4: ("Post ID", None, "the Post ID is empty"),
        5: (
            "Publish time",
            "09/14/2025 23:59",
            "published 14/09/2025, outside every reporting window the warehouse knows (15/09/2025 to 14/09/2030)",
        ),
        6: ("Reactions", "-5", "expected a count of zero or more, got '-5'"),
        7: (
            None,
            "2000_6,Phòng GD Mầm non,10/20/2025 08:00,Photos,100,80,5,1",
            "the row has 8 fields where the header has 9: it looks truncated",
        ),
    }


def test_fanpage_link_clicks_when_there_is_no_total(tmp_path):
    _write(
        tmp_path,
        "links.csv",
        "Post ID,Publish time,Reach,Link clicks\n3000_1,03/02/2026 07:30 PM,500,42\n",
    )

    table = read_fanpage(tmp_path).tables["fanpage_posts"]

    assert table.select("published_at", "reach", "clicks", "period_key").rows() == [
        (dt.datetime(2026, 3, 2, 19, 30, tzinfo=HCM), 500, 42, "2026-Q1")
    ]


def test_fanpage_without_reach_is_refused_naming_the_columns(tmp_path):
    _write(
        tmp_path,
        "no-reach.csv",
        "Post ID,Page name,Publish time,Views\n1000_9,Sở GDĐT,01/05/2026 08:00,10\n",
    )

    result = read_fanpage(tmp_path)

    assert result.tables["fanpage_posts"].height == 0
    assert result.file_counts == {"media/fanpage/no-reach.csv": (0, 0, 0)}
    assert result.rejects.select("reason", "action").rows() == [
        (
            "required column 'Reach' not found; the header has: 'Post ID', 'Page name', 'Publish time', 'Views'",
            "file_rejected",
        )
    ]


def test_fanpage_utf16_export_is_refused(tmp_path):
    _write(tmp_path, "utf16.csv", EXPORT_2025.encode("utf-16"))

    result = read_fanpage(tmp_path)

    assert result.file_counts == {"media/fanpage/utf16.csv": (0, 0, 0)}
    assert result.rejects["reason"].to_list() == ["the file is UTF-16: export it again as CSV UTF-8"]
