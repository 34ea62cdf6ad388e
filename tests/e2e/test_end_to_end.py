"""The whole graph, materialised by `python -m orchestration.run` on a hand-made inbox.

Every expected figure below was worked out by hand from tests/e2e/fixture_inbox.py:

Unit reports (periods 2025-Q4 = 15/09-14/12/2025 and 2026-Q1 = 15/12/2025-14/03/2026; a
report is on time when received before 00:00 on the 15th of the quarter's last month):
- HSSV 2025-Q4, received 10/12 09:00: on time; tasks 2.9 (qty 2), 2.10 (qty 1), 2.8 (qty 3).
- HSSV 2026-Q1, received 10/03, corrected 12/03: the correction wins: task 2.9, qty 5; 2 submissions.
- VP 2025-Q4, received 16/12 08:00: late, 2 days (the 15th is day 1); 2.15 (qty 4), 2.11 (qty 1),
  2.10 (qty 2, VP coordinates 2.10); its third row names task 2.19 and is quarantined (Excel row 6:
  banner, blank, header, rows 4-7). Two incidents: high, 01/11 -> 05/11 (4 days); medium,
  10/12 -> 11/12 (1 day): median 2.5, worst 4. Rows read 4 + 2 = 6, loaded 5, rejected 1.
- GDPT 2026-Q1, received 15/03 00:00 exactly: late, 1 day; task 2.4 (qty 1) and 2.13 (qty 1,
  a task the plan gives GDPT no role in).
- HSSV assesses task 2.9 (which it leads) at "85%" in its 2025-Q4 report.
- KTPC's "workbook" is CSV: refused as a file.
- 9 departments lead a task (all but QLCL), so 9 x 2 = 18 unit-period rows; 4 reported.
Press: T1 and T1b share a URL (counted once); T1, T2 -> 2.9 positive (one city, one central)
in 2025-Q4; T3 -> 2.3 negative, central; T4 -> 2.4, no label, unknown outlet, in 2026-Q1.
Survey (2026-Q1, task 2.9): scores Q1 = 4, 5, blank ("Không ý kiến"); Q2 (reverse coded)
raw 2, 4, 1 -> 4, 2, 5: 3 respondents, fewer than the minimum cell of 10, so suppressed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.e2e import fixture_inbox
from tests.unit.workbooks import PREPARER_EMAIL, PREPARER_NAME, PREPARER_PHONE

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def warehouse(e2e_run) -> duckdb.DuckDBPyConnection:
    # The run itself is shared with the other e2e modules (tests/e2e/conftest.py).
    con = duckdb.connect(str(e2e_run.database), read_only=True)
    yield con
    con.close()


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_task_quarter_has_every_task_for_both_periods(warehouse):
    assert rows(warehouse, "select period_key, count(*) from marts.mart_task_quarter group by 1 order by 1") == [
        ("2025-Q4", 15),
        ("2026-Q1", 15),
    ]


def test_task_quarter_activities_from_latest_reports(warehouse):
    got = rows(
        warehouse,
        """select period_key, task_code, activities_count, activities_quantity
           from marts.mart_task_quarter where activities_count > 0 order by period_key, task_number""",
    )
    assert got == [
        ("2025-Q4", "2.8", 1, 3.0),
        ("2025-Q4", "2.9", 1, 2.0),
        ("2025-Q4", "2.10", 2, 3.0),
        ("2025-Q4", "2.11", 1, 1.0),
        ("2025-Q4", "2.15", 1, 4.0),
        ("2026-Q1", "2.4", 1, 1.0),
        ("2026-Q1", "2.9", 1, 5.0),
        ("2026-Q1", "2.13", 1, 1.0),
    ]


def test_task_quarter_splits_activities_by_role(warehouse):
    got = rows(
        warehouse,
        """select period_key, task_code, activities_lead, activities_coordinating, activities_other
           from marts.mart_task_quarter where task_code in ('2.10', '2.13') order by 1, 2""",
    )
    assert got == [
        ("2025-Q4", "2.10", 1, 1, 0),
        ("2025-Q4", "2.13", 0, 0, 0),
        ("2026-Q1", "2.10", 0, 0, 0),
        ("2026-Q1", "2.13", 0, 0, 1),
    ]


def test_task_quarter_press_by_sentiment_and_level(warehouse):
    got = rows(
        warehouse,
        """select period_key, task_code, press_items, press_positive, press_neutral, press_negative,
                  press_unclassified, press_central, press_city, press_other
           from marts.mart_task_quarter where press_items > 0 order by period_key, task_number""",
    )
    # Issue 4: items without a service label get the classifier's sentiment, so nothing is
    # unclassified any more. T4 "Tuyển sinh lớp 10 năm 2026" holds no lexicon term: neutral
    # (it was press_unclassified = 1 before). T5 and T5b are one article (same URL once the
    # tracking parameter, 'www.' and trailing slash are dropped), Tuổi Trẻ (city), task 2.10 by
    # "biết bơi", negative by "đuối nước". T6 "Znews Online" is no known spelling, but its URL's
    # host znews.vn is an alias of Znews (central); 2.11 by "trường học số", positive by "dễ dàng".
    assert got == [
        ("2025-Q4", "2.9", 2, 2, 0, 0, 0, 1, 1, 0),
        ("2026-Q1", "2.3", 1, 0, 0, 1, 0, 1, 0, 0),
        ("2026-Q1", "2.4", 1, 0, 1, 0, 0, 0, 0, 1),
        ("2026-Q1", "2.10", 1, 0, 0, 1, 0, 0, 1, 0),
        ("2026-Q1", "2.11", 1, 1, 0, 0, 0, 1, 0, 0),
    ]
    assert rows(warehouse, "select outlet_raw, press_items from marts.mart_unknown_outlets") == [("Báo Tầm Nhìn", 1)]


def test_task_quarter_consensus_is_suppressed_below_the_minimum_cell(warehouse):
    # 3 respondents < 10 (min_cell_size): the figures are hidden, the row says why.
    assert rows(
        warehouse,
        """select consensus_responses, consensus_mean_score, consensus_share_agreeing, consensus_suppressed
           from marts.mart_task_quarter where task_code = '2.9' and period_key = '2026-Q1'""",
    ) == [(None, None, None, True)]
    assert rows(
        warehouse,
        "select consensus_suppressed from marts.mart_task_quarter where task_code = '2.9' and period_key = '2025-Q4'",
    ) == [(False,)]


def test_unit_quarter_statuses(warehouse):
    assert rows(warehouse, "select count(*) from marts.mart_unit_quarter") == [(18,)]
    got = rows(
        warehouse,
        """select unit_code, period_key, report_status, days_late, submissions_count, activities_count, activities_quantity
           from marts.mart_unit_quarter where report_status <> 'missing' order by period_key, unit_code""",
    )
    assert got == [
        ("HSSV", "2025-Q4", "on_time", None, 1, 3, 6.0),
        ("VP", "2025-Q4", "late", 2, 1, 3, 7.0),
        ("GDPT", "2026-Q1", "late", 1, 1, 2, 2.0),
        ("HSSV", "2026-Q1", "on_time", None, 2, 1, 5.0),
    ]
    missing = rows(warehouse, "select count(*) from marts.mart_unit_quarter where report_status = 'missing'")
    assert missing == [(14,)]
    assert rows(warehouse, "select unit_name from marts.mart_unit_quarter where unit_code = 'HSSV' limit 1") == [
        ("Phòng Học sinh, sinh viên",)
    ]


def test_rejects_are_queryable(warehouse):
    got = rows(
        warehouse,
        """select source_file, source_sheet, source_row, raw_value, action
           from marts.mart_quarantine where family = 'unit_reports' order by source_file""",
    )
    assert got == [
        ("unit_reports/2025-Q4_VP.xlsx", "HoatDong", 6, "2.19", "row_rejected"),
        ("unit_reports/2026-Q1_KTPC.xlsx", None, None, None, "file_rejected"),
    ]


def test_every_file_reconciles(warehouse):
    assert rows(
        warehouse, "select count(*) from marts.mart_file_loads where rows_read <> rows_loaded + rows_rejected"
    ) == [(0,)]
    assert rows(
        warehouse,
        "select rows_read, rows_loaded, rows_rejected from marts.mart_file_loads where source_file = 'unit_reports/2025-Q4_VP.xlsx'",
    ) == [(6, 5, 1)]


def test_no_personal_data_anywhere_in_the_warehouse(warehouse):
    secrets = [PREPARER_NAME, PREPARER_PHONE, PREPARER_EMAIL, *fixture_inbox.RESPONDENT_NAMES]
    columns = rows(
        warehouse,
        """select table_schema, table_name, column_name from information_schema.columns
           where data_type = 'VARCHAR' and table_schema not in ('information_schema', 'pg_catalog')""",
    )
    assert len(columns) > 100
    for schema, table, column in columns:
        for secret in secrets:
            hits = warehouse.execute(
                f'select count(*) from "{schema}"."{table}" where contains("{column}", ?)', [secret]
            ).fetchone()[0]
            assert hits == 0, f"{secret!r} found in {schema}.{table}.{column}"


def test_period_compliance(warehouse):
    assert rows(
        warehouse,
        """select period_key, report_kind, units_expected, units_received, units_on_time, units_late,
                  units_missing, share_on_time
           from marts.mart_period_compliance order by 1, 2""",
    ) == [
        ("2025-Q4", "quarterly", 9, 2, 1, 1, 7, 0.1111),
        ("2026-Q1", "quarterly", 9, 2, 1, 1, 7, 0.1111),
    ]


def test_unit_task_activities_flag_unassigned_work(warehouse):
    assert rows(
        warehouse,
        """select unit_code, period_key, task_code, unit_role, task_assigned, activity_form, channel,
                  activities_count, activities_quantity
           from marts.mart_unit_task_activities where task_code in ('2.10', '2.13') order by 1, 2""",
    ) == [
        ("GDPT", "2026-Q1", "2.13", "not_assigned", False, "Hội nghị / tập huấn", "Nội bộ", 1, 1.0),
        ("HSSV", "2025-Q4", "2.10", "lead", True, "Video clip", "Fanpage", 1, 1.0),
        ("VP", "2025-Q4", "2.10", "coordinating", True, "Tin bài", "Cổng TTĐT Sở", 1, 2.0),
    ]


def test_self_assessment_kept_for_the_year_end_report(warehouse):
    assert rows(
        warehouse,
        """select unit_code, period_key, report_kind, task_code, unit_role, completion_pct, highlights
           from marts.mart_unit_task_assessment""",
    ) == [("HSSV", "2025-Q4", "quarterly", "2.9", "lead", 85.0, "Nhân rộng mô hình tại 20 trường")]


def test_incidents_and_resolution_times(warehouse):
    assert rows(
        warehouse,
        """select unit_code, period_key, incidents, incidents_high, incidents_medium, incidents_low,
                  incidents_open, median_resolution_days, worst_resolution_days
           from marts.mart_unit_incidents""",
    ) == [("VP", "2025-Q4", 2, 1, 1, 0, 0, 2.5, 4)]
    # "Which incidents took more than 3 days?" (README)
    assert rows(warehouse, "select unit_code, content from marts.mart_incidents where resolution_days > 3") == [
        ("VP", "Thông tin sai lệch về học phí")
    ]


def test_submission_history_keeps_the_superseded_report(warehouse):
    assert rows(
        warehouse,
        """select source_file, is_latest from marts.mart_unit_report_submissions
           where unit_code = 'HSSV' and period_key = '2026-Q1' order by received_at""",
    ) == [("unit_reports/2026-Q1_HSSV.xlsx", False), ("unit_reports/2026-Q1_HSSV_v2.xlsx", True)]


def test_every_example_query_in_the_readme_runs(warehouse):
    import re

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", readme, flags=re.S)
    statements = [part for block in blocks for part in block.split(";") if "select" in part.lower()]
    assert len(statements) >= 10
    for statement in statements:
        warehouse.execute(statement).fetchall()


def test_the_analysts_shell_can_open_the_warehouse(warehouse, tmp_path_factory):
    # `make sql` runs the DuckDB CLI from the duckdb-cli package (1.x); the warehouse is written in
    # the 1.4 storage format so that it, and 1.x GUI drivers, can read it.
    database = warehouse.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    cli = Path(sys.executable).parent / "duckdb"
    shell = subprocess.run(
        [str(cli), "-readonly", "-csv", database, "-c", "select count(*) from marts.mart_task_quarter"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.split() == ["count_star()", "30"]


# ---------------------------------------------------------------- media (issue 4)
# Hand-worked from tests/e2e/fixture_inbox.py. Press in 2026-Q1: T3 (2.3, central, Tin,
# service label negative), T4 (2.4, other, Tin, neutral by the classifier), T5 (2.10, city, Tin,
# negative by the classifier), T6 (2.11, central, Bài, positive by the classifier): four items of the 15 tasks.
# 2025-Q4: T1 (city, Tin) and T2 (central, Bài), both 2.9 positive by the service.


def test_press_coverage_cells(warehouse):
    got = rows(
        warehouse,
        """select period_key, task_code, outlet_level, media_type, genre, press_items, press_positive,
                  press_neutral, press_negative, net_sentiment, share_of_voice, sentiment_by_service,
                  sentiment_by_lexicon
           from marts.mart_press_coverage order by period_key, task_code, outlet_level""",
    )
    # Every cell holds one item, so net sentiment is +1 / 0 / -1 and each is the only task of its
    # (period, level, media type, genre): share of voice 1.0.
    assert got == [
        ("2025-Q4", "2.9", "central", "Báo điện tử", "Bài", 1, 1, 0, 0, 1.0, 1.0, 1, 0),
        ("2025-Q4", "2.9", "city", "Báo điện tử", "Tin", 1, 1, 0, 0, 1.0, 1.0, 1, 0),
        ("2026-Q1", "2.10", "city", "Báo điện tử", "Tin", 1, 0, 0, 1, -1.0, 1.0, 0, 1),
        ("2026-Q1", "2.11", "central", "Báo điện tử", "Bài", 1, 1, 0, 0, 1.0, 1.0, 0, 1),
        ("2026-Q1", "2.3", "central", "Báo điện tử", "Tin", 1, 0, 0, 1, -1.0, 1.0, 1, 0),
        ("2026-Q1", "2.4", "other", "Báo điện tử", "Tin", 1, 0, 1, 0, 0.0, 1.0, 0, 1),
    ]


def test_task_quarter_media_columns(warehouse):
    got = rows(
        warehouse,
        """select period_key, task_code, press_net_sentiment, press_share_of_voice, press_sentiment_by_lexicon,
                  fanpage_posts, fanpage_reach, fanpage_engagement, fanpage_engagement_rate, web_views,
                  media_products, press_negative_alert
           from marts.mart_task_quarter
           where press_items > 0 or fanpage_posts > 0 or web_views > 0 or media_products > 0
           order by period_key, task_number""",
    )
    # 2025-Q4 2.9: (2 positive - 0 negative) / 2 items = 1.0 (not 2 - 0 / 2: the brackets matter).
    # 2026-Q1 share of voice: 1 of the 4 task items each. 2.9 fanpage: P1 (reach 1000, 80+10+10 =
    # 100) and P2 (2000, 100+20+30 = 150): 250 / 3000 = 0.0833; 2.10: P3 25 / 500 = 0.05.
    # Portal: the 2.9 page 1000 views, the 2.4 page 600 (the home page maps to no task).
    # Media products: unit reports 2025-Q4 Video clip (HSSV, 2.10) and Infographic (VP, 2.11);
    # fanpage P2 names an infographic (2.9), P3 is a video (2.10). No alert: fewer than 5 items.
    assert got == [
        ("2025-Q4", "2.9", 1.0, 1.0, 0, 0, 0, 0, None, 0, 0.0, False),
        ("2025-Q4", "2.10", None, 0.0, 0, 0, 0, 0, None, 0, 1.0, False),
        ("2025-Q4", "2.11", None, 0.0, 0, 0, 0, 0, None, 0, 1.0, False),
        ("2026-Q1", "2.3", -1.0, 0.25, 0, 0, 0, 0, None, 0, 0.0, False),
        ("2026-Q1", "2.4", 0.0, 0.25, 1, 0, 0, 0, None, 600, 0.0, False),
        ("2026-Q1", "2.9", None, 0.0, 0, 2, 3000, 250, 0.0833, 1000, 1.0, False),
        ("2026-Q1", "2.10", -1.0, 0.25, 1, 1, 500, 25, 0.05, 0, 1.0, False),
        ("2026-Q1", "2.11", 1.0, 0.25, 1, 0, 0, 0, None, 0, 0.0, False),
    ]
    assert rows(warehouse, "select count(*) from marts.mart_media_alerts") == [(0,)]


def test_fanpage_top_posts_and_pages(warehouse):
    # "Top 10 fanpage posts by engagement rate for task 2.9" (docs/classifier.md, README).
    assert rows(
        warehouse,
        """select post_id, engagement_rate, rank_in_task_period, product_type, sentiment, sentiment_method
           from marts.mart_fanpage_posts where task_code = '2.9' and rank_in_task_period <= 10
           order by rank_in_task_period""",
    ) == [("P1", 0.1, 1, None, "positive", "model"), ("P2", 0.075, 2, "infographic", "neutral", "model")]
    # The page: 3 posts, reach 3500, engagements 100 + 150 + 25 = 275, rate 275 / 3500 = 0.0786;
    # followers from its page-level export (named by the file name, as the posts name the page):
    # 10,100 on 10/03/2026, the last day the export reports in 2026-Q1; gained 30 + 20, lost 5 + 4.
    assert rows(
        warehouse,
        """select page_name, period_key, posts, reach, reactions, comments, shares, engagements,
                  engagement_rate, best_engagement_rate, followers_end, cast(followers_end_day as varchar),
                  followers_gained, followers_lost
           from marts.mart_fanpage_page_period where scope = 'page'""",
    ) == [("Sở GDĐT TP.HCM", "2026-Q1", 3, 3500, 200, 35, 40, 275, 0.0786, 0.1, 10100, "2026-03-10", 50, 9)]
    # The export without Reach is refused whole, with the header it has.
    assert rows(
        warehouse,
        "select source_file, action, reason from marts.mart_quarantine where family = 'fanpage'",
    ) == [
        (
            "media/fanpage/no-reach.csv",
            "file_rejected",
            "required column 'Reach' not found; the header has: 'Post ID', 'Page name', 'Publish time', 'Post type', 'Reactions'",
        )
    ]


def test_web_traffic_by_site_section_and_task(warehouse):
    # The totals row (1800 views) is not data. Engagement time weighted by active users:
    # site (60x200 + 30x100 + 40x30) / 330 = 49.09; tin-tuc (12000 + 3000) / 300 = 50; home 40.
    assert rows(
        warehouse,
        """select scope, section, task_code, pages, views, active_user_days, new_users, events, avg_engagement_seconds
           from marts.mart_web_traffic where period_key = '2026-Q1'
           order by scope, section nulls first, task_code""",
    ) == [
        ("section", "(home)", None, 1, 200, 30, 10, 500, 40.0),
        ("section", "tin-tuc", None, 2, 1600, 300, 140, 4500, 50.0),
        ("site", None, None, 3, 1800, 330, 150, 5000, 49.1),
        ("task", None, "2.4", 1, 600, 100, 40, 1500, 30.0),
        ("task", None, "2.9", 1, 1000, 200, 100, 3000, 60.0),
    ]


def test_media_products(warehouse):
    assert rows(
        warehouse,
        """select period_key, task_code, product_type, source, products, reach, products_with_reach
           from marts.mart_media_products order by period_key, source, task_code""",
    ) == [
        ("2025-Q4", "2.10", "video", "unit_report", 1.0, None, 0),
        ("2025-Q4", "2.11", "infographic", "unit_report", 1.0, None, 0),
        ("2026-Q1", "2.10", "video", "fanpage", 1.0, 500, 1),
        ("2026-Q1", "2.9", "infographic", "fanpage", 1.0, 2000, 1),
    ]
