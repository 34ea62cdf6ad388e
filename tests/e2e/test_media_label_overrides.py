"""The Office's label overrides win, end to end: real readers and classifier on a small inbox,
the raw tables in a real DuckDB file, real dbt building the media models from its own copy of
the project whose ref_media_label_overrides seed holds the Office's corrections.

A copy of dbt_project/ (models, macros, seeds, tests; not target/) in a temporary folder, so
the shipped seed (empty) and the shared e2e run (tests/e2e/conftest.py) are not touched; only
the media models' ancestors are built (`+mart_media_review +mart_press_items
+mart_press_coverage`: a few seconds, not a whole pipeline run). One unit report submission row
makes 2026-Q1 a loaded period, as a quarterly report does.

Expected values worked out by hand from the files below and the seeds:
- ref_task_keywords: "thanh tra", "dạy thêm", "đoàn kiểm tra" are phrases of task 2.3 and
  "tư vấn tâm lý" of task 2.9; score = syllables x (2 in the title, 1 in the lede). None of the
  texts holds a phrase of another task, so each press title below scores only for its task
  (P1, P3, P4: "thanh tra" 2x2 + "dạy thêm" 2x2 = 8 for 2.3; P2: "tư vấn tâm lý" 4x2 = 8 for
  2.9), F1 and F2 score 2.3 from their description (F1: "đoàn kiểm tra" 3 + "dạy thêm" 2;
  F2: "thanh tra" 2 + "dạy thêm" 2).
- ref_sentiment_lexicon: no term of it occurs in the fanpage texts nor in P5; the sentiment
  model (method model) reads them neutral, F2 with probability 0.476 and P5 with 0.647 (the
  bias and the weights of the texts' syllables and pairs in
  orchestration/classify/sentiment_model.csv, summed per sentiment, then the softmax: F2's
  sums -0.104 / 0.401 / -0.296, P5's -0.251 / 0.879 / -0.628). F2 is below 0.5: a weak
  sentiment, in the review queue (F1, weaker still, is settled by its override); P5 is not;
  P1-P4 carry the service's label ("Tiêu cực" negative, "Trung tính" neutral), which wins
  (method service_label).
- P5, "Bồi dưỡng giáo viên ứng dụng AI trong dạy học", has no service label and no lexicon term. Its phrases: 2.11 "AI" (weight 4) x 2
  + "ứng dụng" (1) x 2 = 10; 2.5 "bồi dưỡng giáo viên" (4 syllables) x 2 = 8; 2.4 "dạy học"
  (generic, 1) x 2 = 2. Primary 2.11 (10); runner-up 2.5 (8) has a headline phrase and 8 >= 0.5
  x 10: secondary task 2.5; and 8 >= 0.75 x 10: a close second task, so P5 is in the review
  queue until the Office settles it (second build: 2.11 kept, secondary 2.5 confirmed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.media.assets import read_fanpage_labelled, read_press_labelled
from orchestration.defs.reference.assets import BUILDERS

PROJECT_ROOT = Path(__file__).resolve().parents[2]

PRESS_CSV = """ma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai,tieu_de,tom_tat,url,sac_thai,luot_xem
P1,15/01/2026 08:00,Báo Tuổi Trẻ,Báo điện tử,Tin,Thanh tra dạy thêm tại Phường Bến Thành,,https://tuoitre.vn/thanh-tra-p1.htm,Tiêu cực,100
P2,16/01/2026 08:00,Báo Thanh Niên,Báo điện tử,Tin,Học sinh được tư vấn tâm lý miễn phí,,https://www.thanhnien.vn/tu-van-p2/?utm_source=fb,Trung tính,200
P3,17/01/2026 08:00,Báo Người Lao Động,Báo điện tử,Tin,Thanh tra dạy thêm ở Xã Cần Giờ,,https://nld.com.vn/thanh-tra-p3.htm,Tiêu cực,300
P4,18/01/2026 08:00,Báo Pháp Luật TP.HCM,Báo điện tử,Tin,Thanh tra dạy thêm ở Phường Sài Gòn,,https://plo.vn/thanh-tra-p4.htm,Tiêu cực,400
P5,19/01/2026 08:00,Báo Tuổi Trẻ,Báo điện tử,Tin,Bồi dưỡng giáo viên ứng dụng AI trong dạy học,,https://tuoitre.vn/ai-p5.htm,,500
"""

FANPAGE_CSV = """Post ID,Page ID,Page name,Title,Description,Publish time,Post type,Reach,Reactions,Comments,Shares
F1,100,Sở Giáo dục và Đào tạo TP.HCM,,Đoàn kiểm tra dạy thêm làm việc tại trường,01/20/2026 09:00,Photos,1000,10,2,3
F2,100,Sở Giáo dục và Đào tạo TP.HCM,,Thanh tra dạy thêm làm việc tại trường,01/21/2026 09:00,Photos,2000,20,4,6
"""

# The Office's corrections:
# - P1 by the URL as exported: task 2.9 and positive, over the classifier's 2.3 and the
#   service's "Tiêu cực";
# - P2 by the normalised URL the reader derives (scheme, "www.", utm_* and the trailing slash
#   dropped: "thanhnien.vn/tu-van-p2"), sentiment only: the classifier's task 2.9 stays;
# - P3 task "none": about no task; its sentiment (empty here) stays the service's;
# - F1 by Post ID: task 2.9 and negative, over the classifier's 2.3 and neutral;
# - P4 and F2 are not named: their labels are the ingestion's.
OVERRIDES_CSV = """item_kind,item_key,task_code,sentiment,note,secondary_task_code
press,https://tuoitre.vn/thanh-tra-p1.htm,2.9,positive,about school counselling,
press,thanhnien.vn/tu-van-p2,,negative,the story reports a complaint,
press,nld.com.vn/thanh-tra-p3.htm,none,,not about the plan,
fanpage,F1,2.9,negative,,
"""
# The Office settles P5 from the review queue (item_kind and item_key copied from it).
SETTLED_CSV = OVERRIDES_CSV + "press,https://tuoitre.vn/ai-p5.htm,2.11,,AI training for teachers,2.5\n"

SUBMISSION = """create table raw.unit_report_submissions as select
    'S1' as submission_id, 'unit_reports/x.xlsx' as source_file, 'h' as file_sha256,
    timestamptz '2026-03-01 08:00:00+07' as received_at, 'inbox' as received_source,
    date '2026-03-01' as declared_sent_date, 'VP' as unit_code, 'department' as unit_kind,
    'Văn phòng' as unit_name, 'exact' as match_method, 1.0 as match_confidence,
    'quarterly' as report_kind, '2026-Q1' as period_key, '2025-2026' as school_year,
    1 as rows_read, 1 as rows_loaded, 0 as rows_rejected"""
MEDIA_MODELS = [
    "+int_press_items__attributed",
    "+int_fanpage_posts__attributed",
    "+mart_media_review",
    "+mart_press_items",
    "+mart_press_coverage",
]


def build(project: Path, database: Path, overrides: str) -> None:
    (project / "seeds" / "ref_media_label_overrides.csv").write_text(overrides, encoding="utf-8")
    dbt = Path(sys.executable).parent / "dbt"
    run = subprocess.run(
        [
            str(dbt),
            "build",
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
            "--select",
            *MEDIA_MODELS,
            "--exclude",
            "test_type:unit",
            "--indirect-selection",
            "cautious",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "WAREHOUSE_BUILD": str(database), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


def review_and_items(database: Path) -> tuple[dict, dict]:
    with duckdb.connect(str(database), read_only=True) as con:
        review = con.execute(
            "select item_kind, item_key, review_reasons, task_code, task_score, runner_up_task_code, "
            "runner_up_task_score, secondary_task_code, sentiment from marts.mart_media_review"
        ).fetchall()
        items = con.execute(
            "select url, outlet_name, task_code, secondary_task_code, task_method, secondary_task_method, "
            "sentiment, sentiment_method from marts.mart_press_items"
        ).fetchall()
    return {(r[0], r[1]): r[2:] for r in review}, {r[0]: r[1:] for r in items}


@pytest.fixture(scope="module")
def attributed(tmp_path_factory) -> dict[str, dict[str, tuple]]:
    root = tmp_path_factory.mktemp("overrides")
    inbox = root / "inbox"
    (inbox / "media" / "press").mkdir(parents=True)
    (inbox / "media" / "fanpage").mkdir(parents=True)
    (inbox / "media" / "press" / "2026-01.csv").write_text(PRESS_CSV, encoding="utf-8")
    (inbox / "media" / "fanpage" / "page.csv").write_text(FANPAGE_CSV, encoding="utf-8")

    press = read_press_labelled(inbox)
    fanpage = read_fanpage_labelled(inbox)
    assert press.rejects.height == 0 and fanpage.rejects.height == 0
    database = root / "warehouse.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema raw")
        for name, frame in (
            ("press_items", press.tables["press_items"]),
            ("fanpage_posts", fanpage.tables["fanpage_posts"]),
            ("ref_tasks", BUILDERS["ref_tasks"][0]()),
            ("ref_reporting_periods", BUILDERS["ref_reporting_periods"][0]()),
        ):
            con.register("frame", frame.to_arrow())
            con.execute(f"create table raw.{name} as select * from frame")
            con.unregister("frame")
        con.execute(SUBMISSION)

    project = root / "dbt_project"
    shutil.copytree(
        PROJECT_ROOT / "dbt_project",
        project,
        ignore=shutil.ignore_patterns("target", "logs", "dbt_packages", ".user.yml"),
    )
    build(project, database, OVERRIDES_CSV)

    with duckdb.connect(str(database), read_only=True) as con:
        press_rows = con.execute(
            "select item_id, task_code, task_method, sentiment, sentiment_method, service_sentiment "
            "from intermediate.int_press_items__attributed"
        ).fetchall()
        post_rows = con.execute(
            "select post_id, task_code, task_method, sentiment, sentiment_method "
            "from intermediate.int_fanpage_posts__attributed"
        ).fetchall()
        ingested = con.execute("select item_id, task_code, sentiment from raw.press_items order by item_id").fetchall()
        coverage = con.execute(
            "select task_code, cast(sum(press_items) as int), cast(sum(press_items_secondary) as int), "
            "cast(sum(press_secondary_neutral) as int) from marts.mart_press_coverage group by task_code"
        ).fetchall()
    review, items = review_and_items(database)
    build(project, database, SETTLED_CSV)
    settled_review, settled_items = review_and_items(database)
    return {
        "press": {r[0]: r[1:] for r in press_rows},
        "fanpage": {r[0]: r[1:] for r in post_rows},
        "raw_press": {r[0]: r[1:] for r in ingested},
        "coverage": {r[0]: r[1:] for r in coverage},
        "review": review,
        "items": items,
        "settled_review": settled_review,
        "settled_items": settled_items,
    }


def test_ingestion_labels_before_the_overrides(attributed):
    # What the classifier and the service decided, as loaded: the overrides act only in dbt.
    assert attributed["raw_press"] == {
        "P1": ("2.3", "negative"),
        "P2": ("2.9", "neutral"),
        "P3": ("2.3", "negative"),
        "P4": ("2.3", "negative"),
        "P5": ("2.11", "neutral"),
    }


def test_press_override_wins_over_classifier_and_service_label(attributed):
    press = attributed["press"]
    assert len(press) == 5
    # (task_code, task_method, sentiment, sentiment_method, service_sentiment)
    assert press["P1"] == ("2.9", "override", "positive", "override", "negative")
    assert press["P2"] == ("2.9", "phrase_list", "negative", "override", "neutral")
    assert press["P3"] == (None, "override", "negative", "service_label", "negative")
    assert press["P4"] == ("2.3", "phrase_list", "negative", "service_label", "negative")


def test_fanpage_override_by_post_id(attributed):
    assert attributed["fanpage"] == {
        # (task_code, task_method, sentiment, sentiment_method)
        "F1": ("2.9", "override", "negative", "override"),
        "F2": ("2.3", "phrase_list", "neutral", "model"),
    }


def test_review_queue_lists_the_unsure_item_with_both_candidates(attributed):
    # P5 is unsure of its task, F2 of its sentiment (the model's 0.476): P1-P3 and F1 are
    # overridden; P4 has one task and the service's sentiment.
    # (reasons, task, score, runner-up, its score, secondary, sentiment)
    assert attributed["review"] == {
        ("press", "https://tuoitre.vn/ai-p5.htm"): ("close_second_task", "2.11", 10.0, "2.5", 8.0, "2.5", "neutral"),
        ("fanpage", "F2"): ("weak_sentiment", "2.3", 4.0, None, None, None, "neutral"),
    }


def test_secondary_task_counted_apart_in_coverage(attributed):
    # (press_items, press_items_secondary, press_secondary_neutral) per task in 2026-Q1, summed
    # over outlet levels (P1 is a city outlet's, P2 a central one's):
    # 2.9 P1 (override) and P2; 2.3 P4; none P3 (override 'none'); 2.11 P5; 2.5 only as P5's
    # secondary task (neutral), a cell with no primary item.
    assert attributed["coverage"] == {
        "2.9": (2, 0, 0),
        "2.3": (1, 0, 0),
        None: (1, 0, 0),
        "2.11": (1, 0, 0),
        "2.5": (0, 1, 1),
    }


def test_press_items_mart_names_article_outlet_and_labels(attributed):
    # (outlet, task, secondary, task method, secondary method, sentiment, sentiment method); the
    # outlet by its name in ref_outlets ("Báo Tuổi Trẻ" is an alias of "Tuổi Trẻ").
    items = attributed["items"]
    assert len(items) == 5
    assert items["https://tuoitre.vn/ai-p5.htm"] == (
        "Tuổi Trẻ",
        "2.11",
        "2.5",
        "phrase_list",
        "phrase_list",
        "neutral",
        "model",
    )
    assert items["https://nld.com.vn/thanh-tra-p3.htm"] == (
        "Người Lao Động",
        None,
        None,
        "override",
        None,
        "negative",
        "service_label",
    )


def test_settling_an_item_through_the_seed_takes_it_out_of_review(attributed):
    # P5 leaves the queue; F2, not named in the seed, stays.
    assert attributed["settled_review"] == {
        ("fanpage", "F2"): ("weak_sentiment", "2.3", 4.0, None, None, None, "neutral"),
    }
    assert attributed["settled_items"]["https://tuoitre.vn/ai-p5.htm"] == (
        "Tuổi Trẻ",
        "2.11",
        "2.5",
        "override",
        "override",
        "neutral",
        "model",
    )
