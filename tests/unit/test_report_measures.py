"""Section IV.6's measures as the reports read them from the marts (a real DuckDB with the marts'
columns, rows written here): the year's periods only, the fanpage's engagement rate over the
posts that report both figures, press items without a task kept, and the 2030 indicators with
the coverage of their source when a figure is partial or missing."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.reports import measures


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute("create schema marts")
    c.execute("""create table marts.mart_press_coverage as select * from (values
        ('2.9', '2025-Q4', 'central', 'Báo điện tử', 'Tin', 3), ('2.9', '2026-Q1', 'city', 'Truyền hình', 'Phóng sự', 2),
        (null, '2026-Q1', 'other', 'Báo điện tử', 'Tin', 1), ('2.9', '2026-Q3', 'central', 'Báo in', 'Bài', 7))
        t(task_code, period_key, outlet_level, media_type, genre, press_items)""")
    c.execute("""create table marts.mart_web_traffic as select * from (values
        ('Cổng', '2025-Q4', 'site', null, 1000), ('Cổng', '2025-Q4', 'task', '2.9', 40), ('Cổng', '2025-Q4', 'section', null, 1000))
        t(site, period_key, scope, task_code, views)""")
    # Three posts of the year: the second has no engagement figure, the third no reach.
    c.execute("""create table marts.mart_fanpage_posts as select * from (values
        ('Sở', '2025-Q4', '2.9', 1000, 50), ('Sở', '2026-Q1', '2.9', 3000, null), ('Sở', '2026-Q1', null, null, 20),
        ('Sở', '2026-Q3', '2.9', 99999, 99999))
        t(page_name, period_key, task_code, reach, engagement)""")
    c.execute("""create table marts.mart_media_products as select * from (values
        ('2.9', '2025-Q4', 'video', 'unit_report', 2.0, 500, 1), ('2.9', '2026-Q1', 'video', 'fanpage', 1.0, 300, 1),
        ('2.10', '2026-Q1', 'infographic', 'unit_report', 4.0, null, 0))
        t(task_code, period_key, product_type, source, products, reach, products_with_reach)""")
    c.execute("""create table marts.mart_feedback as select * from (values ('2025-Q4', 'Email', 5, 4, 3), ('2026-Q1', 'Email', 2, 2, 2))
        t(period_key, channel, received, answered, answered_within_deadline)""")
    c.execute("""create table marts.mart_incidents as select * from (values
        ('Văn phòng', '2025-Q4', date '2025-11-01', 'Cao', 'Tin sai', 'Mạng xã hội', 'Đính chính', date '2025-11-05', 4, 'Đã xử lý'))
        t(unit_name, period_key, detected_date, severity, content, spread_channel, measures, resolved_date, resolution_days, result)""")
    c.execute("""create table marts.mart_city_indicators as select * from (values
        (2025, 'stem_student_share', 27.4::double, 35.0::double, 'at_risk', true)) t(year, indicator_code, value_pct, target, status, is_latest_year)""")
    c.execute("""create table marts.mart_infrastructure_rollup as select * from (values
        ('city', 'all', true, 2025, 168, 10, 279.9::double, 300.0::double, null::double, 42.5::double, 'at_risk', null))
        t(scope, school_level, is_latest_year, year, wards_total, wards_reporting, classrooms_per_10k, classrooms_per_10k_target,
          standard_share, standard_share_target, classrooms_status, standard_status)""")
    yield c
    c.close()


def test_only_the_years_periods_are_read(con):
    m = measures.load(con, ["2025-Q4", "2026-Q1"])
    # 2026-Q3 is not in the year: its 7 press items and its post are left out.
    assert m.press_by("media_type") == [("Báo điện tử", 4), ("Truyền hình", 2)]
    assert m.press_by("outlet_level") == [("central", 3), ("city", 2), ("other", 1)]  # the item without a task kept
    assert m.press_by("genre", "2.9") == [("Tin", 3), ("Phóng sự", 2)]
    assert [(w["scope"], w["task_code"], w["views"]) for w in m.web] == [("site", None, 1000), ("task", "2.9", 40)]


def test_fanpage_rate_is_over_posts_reporting_both(con):
    m = measures.load(con, ["2025-Q4", "2026-Q1"])
    # Reach 1000 + 3000 = 4000, engagement 50 + 20 = 70; the rate uses only the first post: 50 / 1000.
    assert m.fanpage_totals() == {"posts": 3, "reach": 4000, "engagement": 70, "engagement_rate": 0.05}
    assert m.fanpage_totals("2.9") == {"posts": 2, "reach": 4000, "engagement": 50, "engagement_rate": 0.05}


def test_products_feedback_and_incidents(con):
    m = measures.load(con, ["2025-Q4", "2026-Q1"])
    assert m.products_by_type() == [("infographic", 4.0, 0, 0), ("video", 3.0, 800, 2)]
    assert [(r["channel"], r["received"], r["answered"], r["answered_within_deadline"]) for r in m.feedback] == [
        ("Email", 7, 6, 5)
    ]
    assert [(i["measures"], i["result"], i["resolution_days"]) for i in m.incidents] == [("Đính chính", "Đã xử lý", 4)]


def test_2030_indicators_print_their_coverage(con):
    found = {i["code"]: i for i in measures.load(con, ["2025-Q4"]).indicators}
    assert (found["stem_student_share"]["value"], found["stem_student_share"]["coverage"]) == (
        27.4,
        "Cục Thống kê Thành phố",
    )
    assert found["workforce_tertiary_share"]["value"] is None
    assert found["workforce_tertiary_share"]["coverage"] == "chưa nhận được số liệu của Cục Thống kê Thành phố"
    # 10 of 168 wards reported: the classrooms figure is printed with its coverage; the standard share could not be computed.
    assert (found["classrooms_per_10k"]["value"], found["classrooms_per_10k"]["coverage"]) == (
        279.9,
        "10/168 phường, xã, đặc khu báo cáo",
    )
    assert found["standard_share"]["value"] is None
    assert found["standard_share"]["coverage"] == "10/168 phường, xã, đặc khu báo cáo: chưa đủ để tính"
