"""Web analytics reader: GA4 report exports -> web_pageviews."""

import datetime as dt
from pathlib import Path

import polars as pl

from orchestration.readers.web_analytics import WEB_SCHEMA, parse_preamble, read_web_analytics

# GA4's "Pages and screens" download: comment block (lines 1-9), a blank line (10), the
# header (11), the totals row (12), then the data rows on lines 13-15.
PORTAL_WITH_TOTALS = """# ----------------------------------------
# Pages and screens: Page path and screen class
# Account: Sở GDĐT TP.HCM
# Property: Cổng thông tin điện tử Sở GDĐT
# ----------------------------------------
#
# All Users
# Start date: 20251215
# End date: 20260314

Date,Page path and screen class,Page title,Views,Active users,New users,Average engagement time per active user,Event count
,,,6400,2530,1080,52.75,19100
20251215,/,Trang chủ | Sở GDĐT,3200,1400,600,38.5,9000
20251215,/tin-tuc/khai-giang,"Khai giảng, năm học mới",1950,730,380,71.25,7000
20260314,/tuyen-sinh,Tuyển sinh lớp 10,"1,250",400,100,45.123,3100
"""

# Another way GA4 names the property ("Account – Property") and the range, no totals row:
# header on line 7, data on lines 8-10; the last row is after the declared range.
UNIT_SITE_NO_TOTALS = """# ----------------------------------------
# Sở GDĐT TP.HCM – Trang thông tin Phòng GD Mầm non
# Pages and screens: Page path and screen class
# 20250915-20251214
# ----------------------------------------

Date,Page path and screen class,Page title,Views,Active users,New users,Average engagement time per active user,Event count
20250915,/,Trang chủ,120,80,30,20.5,400
20251214,/thong-bao,Thông báo,1.500,60,10,12,200
20251215,/thong-bao,Thông báo,5,5,1,3,10
"""

# No property named: the site falls back to the file name. Rows on lines 4-9.
SCHOOL_SITE = """# Start date: 20250901
# End date: 20250930
Date,Page path and screen class,Page title,Views,Active users,New users,Average engagement time per active user,Event count
20250910,/,Trang chủ,10,5,2,11,30
20250920,/,Trang chủ,12,6,3,9.5,33
2025-09-21,/,Trang chủ,12,6,3,9.5,33
20250922,,Không có đường dẫn,1,1,1,1,1
20250923,/lich-thi,Lịch thi,4,2
20250924,/lich-thi,Lịch thi,abc,2,1,3,5
"""


def _write(inbox: Path, name: str, data: str | bytes) -> None:
    path = inbox / "media" / "web" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _assert_reconciles(result) -> None:
    table = result.tables["web_pageviews"]
    for source_file, (read, loaded, rejected) in result.file_counts.items():
        assert read == loaded + rejected
        assert table.filter(pl.col("source_file") == source_file).height == loaded
        row_rejects = result.rejects.filter(
            (pl.col("source_file") == source_file) & (pl.col("action") == "row_rejected")
        )
        assert row_rejects.height == rejected


def test_ga4_with_totals_row(tmp_path):
    _write(tmp_path, "cong-ttdt/2026-q1.csv", "\ufeff" + PORTAL_WITH_TOTALS)

    result = read_web_analytics(tmp_path)
    table = result.tables["web_pageviews"]

    assert dict(table.schema) == WEB_SCHEMA
    # the totals row is neither read nor loaded nor rejected
    assert result.file_counts == {"media/web/cong-ttdt/2026-q1.csv": (3, 3, 0)}
    assert result.rejects.height == 0
    assert table.drop("source_file").rows() == [
        (
            13,
            "Cổng thông tin điện tử Sở GDĐT",
            dt.date(2025, 12, 15),
            "/",
            "Trang chủ | Sở GDĐT",
            3200,
            1400,
            600,
            9000,
            38.5,
            "2026-Q1",
        ),
        (
            14,
            "Cổng thông tin điện tử Sở GDĐT",
            dt.date(2025, 12, 15),
            "/tin-tuc/khai-giang",
            "Khai giảng, năm học mới",
            1950,
            730,
            380,
            7000,
            71.25,
            "2026-Q1",
        ),
        (
            15,
            "Cổng thông tin điện tử Sở GDĐT",
            dt.date(2026, 3, 14),
            "/tuyen-sinh",
            "Tuyển sinh lớp 10",
            1250,
            400,
            100,
            3100,
            45.123,
            "2026-Q1",
        ),
    ]


def test_ga4_without_totals_row_and_outside_declared_range(tmp_path):
    _write(tmp_path, "phong-gd-mn.csv", UNIT_SITE_NO_TOTALS)

    result = read_web_analytics(tmp_path)
    table = result.tables["web_pageviews"]

    assert result.file_counts == {"media/web/phong-gd-mn.csv": (3, 2, 1)}
    _assert_reconciles(result)
    assert table.select("source_row", "site", "view_date", "views", "period_key").rows() == [
        (8, "Trang thông tin Phòng GD Mầm non", dt.date(2025, 9, 15), 120, "2025-Q4"),
        (9, "Trang thông tin Phòng GD Mầm non", dt.date(2025, 12, 14), 1500, "2025-Q4"),
    ]
    assert result.rejects.select("source_row", "source_column", "raw_value", "reason", "period_key").rows() == [
        (
            10,
            "Date",
            "20251215",
            "dated 20251215, outside the range the file declares (20250915 to 20251214)",
            "2026-Q1",
        ),
    ]


def test_ga4_row_rejects_and_site_from_file_name(tmp_path):
    _write(tmp_path, "thpt-le-quy-don.csv", SCHOOL_SITE)

    result = read_web_analytics(tmp_path)
    table = result.tables["web_pageviews"]

    assert result.file_counts == {"media/web/thpt-le-quy-don.csv": (6, 1, 5)}
    _assert_reconciles(result)
    assert table.select("source_row", "site", "view_date", "avg_engagement_seconds").rows() == [
        (5, "thpt-le-quy-don", dt.date(2025, 9, 20), 9.5),
    ]
    rejects = {
        r["source_row"]: (r["source_column"], r["raw_value"], r["reason"]) for r in result.rejects.iter_rows(named=True)
    }
    assert rejects == {
        4: (
            "Date",
            "20250910",
            "dated 10/09/2025, outside every reporting window the warehouse knows (15/09/2025 to 14/09/2030)",
        ),
        6: ("Date", "2025-09-21", "expected the date as YYYYMMDD, got '2025-09-21'"),
        7: ("Page path and screen class", None, "the page path is empty"),
        8: (None, "20250923,/lich-thi,Lịch thi,4,2", "the row has 5 fields where the header has 8: it looks truncated"),
        9: ("Views", "abc", "expected a whole number such as 12500 or 12.500, got 'abc'"),
    }


def test_ga4_bad_declared_date_and_legacy_encoding_are_refused(tmp_path):
    _write(
        tmp_path,
        "bad-range.csv",
        "# Start date: 15/12/2025\n# End date: 20260314\n\nDate,Page path and screen class,Views\n20251215,/,1\n",
    )
    # first non-ASCII byte: "á" (0xE1) after 11 + 49 + 12 characters
    _write(
        tmp_path,
        "cp1258.csv",
        "# Cong So\n\nDate,Page path and screen class,Page title,Views\n20251215,/,Báo,1\n".encode("cp1258"),
    )

    result = read_web_analytics(tmp_path)

    assert result.file_counts == {"media/web/bad-range.csv": (0, 0, 0), "media/web/cp1258.csv": (0, 0, 0)}
    reasons = dict(result.rejects.select("source_file", "reason").rows())
    assert reasons["media/web/bad-range.csv"] == (
        "the comment line '# Start date: 15/12/2025' does not hold a date as YYYYMMDD"
    )
    assert reasons["media/web/cp1258.csv"].startswith("the file is not UTF-8 (byte 72)")


def test_preamble_names_the_site_leniently():
    assert parse_preamble(["# Cổng thông tin điện tử Sở GDĐT", "# Start date: 20251215"]).site == (
        "Cổng thông tin điện tử Sở GDĐT"
    )
    assert parse_preamble(["# Property: Cổng A", "# Acc – Cổng B", "# Cổng C"]).site == "Cổng A"
    assert parse_preamble(["# ------", "# All Users", "# 20251215-20260314"]) == (
        parse_preamble(["# Start date: 20251215", "# End date: 20260314"])
    )
    assert parse_preamble(["# All Users"]).site is None
