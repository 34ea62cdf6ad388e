"""The Office's label overrides win, end to end: real readers and classifier on a small inbox,
the raw tables in a real DuckDB file, real dbt building the media models from its own copy of
the project whose ref_media_label_overrides seed holds the Office's corrections.

A copy of dbt_project/ (models, macros, seeds, tests; not target/) in a temporary folder, so
the shipped seed (empty) and the shared e2e run (tests/e2e/conftest.py) are not touched; only
the media models' ancestors are built (`+int_press_items__attributed
+int_fanpage_posts__attributed`: a few seconds, not a whole pipeline run).

Expected values worked out by hand from the files below and the seeds:
- ref_task_keywords: "thanh tra", "dạy thêm", "đoàn kiểm tra" are phrases of task 2.3 and
  "tư vấn tâm lý" of task 2.9; score = syllables x (2 in the title, 1 in the lede). None of the
  texts holds a phrase of another task, so each press title below scores only for its task
  (P1, P3, P4: "thanh tra" 2x2 + "dạy thêm" 2x2 = 8 for 2.3; P2: "tư vấn tâm lý" 4x2 = 8 for
  2.9), F1 and F2 score 2.3 from their description (F1: "đoàn kiểm tra" 3 + "dạy thêm" 2;
  F2: "thanh tra" 2 + "dạy thêm" 2).
- ref_sentiment_lexicon: no term of it occurs in the fanpage texts, so their lexicon sentiment
  is neutral; every press item carries the service's label ("Tiêu cực" negative, "Trung
  tính" neutral), which wins over the lexicon (method service_label).
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

PROJECT_ROOT = Path(__file__).resolve().parents[2]

PRESS_CSV = """ma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai,tieu_de,tom_tat,url,sac_thai,luot_xem
P1,15/01/2026 08:00,Báo Tuổi Trẻ,Báo điện tử,Tin,Thanh tra dạy thêm tại Phường Bến Thành,,https://tuoitre.vn/thanh-tra-p1.htm,Tiêu cực,100
P2,16/01/2026 08:00,Báo Thanh Niên,Báo điện tử,Tin,Học sinh được tư vấn tâm lý miễn phí,,https://www.thanhnien.vn/tu-van-p2/?utm_source=fb,Trung tính,200
P3,17/01/2026 08:00,Báo Người Lao Động,Báo điện tử,Tin,Thanh tra dạy thêm ở Xã Cần Giờ,,https://nld.com.vn/thanh-tra-p3.htm,Tiêu cực,300
P4,18/01/2026 08:00,Báo Pháp Luật TP.HCM,Báo điện tử,Tin,Thanh tra dạy thêm ở Phường Sài Gòn,,https://plo.vn/thanh-tra-p4.htm,Tiêu cực,400
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
OVERRIDES_CSV = """item_kind,item_key,task_code,sentiment,note
press,https://tuoitre.vn/thanh-tra-p1.htm,2.9,positive,about school counselling
press,thanhnien.vn/tu-van-p2,,negative,the story reports a complaint
press,nld.com.vn/thanh-tra-p3.htm,none,,not about the plan
fanpage,F1,2.9,negative,
"""


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
        for name, frame in (("press_items", press.tables["press_items"]),
                            ("fanpage_posts", fanpage.tables["fanpage_posts"])):
            con.register("frame", frame.to_arrow())
            con.execute(f"create table raw.{name} as select * from frame")
            con.unregister("frame")

    project = root / "dbt_project"
    shutil.copytree(PROJECT_ROOT / "dbt_project", project,
                    ignore=shutil.ignore_patterns("target", "logs", "dbt_packages", ".user.yml"))
    (project / "seeds" / "ref_media_label_overrides.csv").write_text(OVERRIDES_CSV, encoding="utf-8")
    dbt = Path(sys.executable).parent / "dbt"
    run = subprocess.run(
        [str(dbt), "build", "--project-dir", str(project), "--profiles-dir", str(project),
         "--select", "+int_press_items__attributed", "+int_fanpage_posts__attributed",
         "--indirect-selection", "cautious"],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "WAREHOUSE_BUILD": str(database), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]

    with duckdb.connect(str(database), read_only=True) as con:
        press_rows = con.execute(
            "select item_id, task_code, task_method, sentiment, sentiment_method, service_sentiment "
            "from intermediate.int_press_items__attributed"
        ).fetchall()
        post_rows = con.execute(
            "select post_id, task_code, task_method, sentiment, sentiment_method "
            "from intermediate.int_fanpage_posts__attributed"
        ).fetchall()
        ingested = con.execute(
            "select item_id, task_code, sentiment from raw.press_items order by item_id"
        ).fetchall()
    return {
        "press": {r[0]: r[1:] for r in press_rows},
        "fanpage": {r[0]: r[1:] for r in post_rows},
        "raw_press": {r[0]: r[1:] for r in ingested},
    }


def test_ingestion_labels_before_the_overrides(attributed):
    # What the classifier and the service decided, as loaded: the overrides act only in dbt.
    assert attributed["raw_press"] == {
        "P1": ("2.3", "negative"),
        "P2": ("2.9", "neutral"),
        "P3": ("2.3", "negative"),
        "P4": ("2.3", "negative"),
    }


def test_press_override_wins_over_classifier_and_service_label(attributed):
    press = attributed["press"]
    assert len(press) == 4
    # (task_code, task_method, sentiment, sentiment_method, service_sentiment)
    assert press["P1"] == ("2.9", "override", "positive", "override", "negative")
    assert press["P2"] == ("2.9", "phrase_list", "negative", "override", "neutral")
    assert press["P3"] == (None, "override", "negative", "service_label", "negative")
    assert press["P4"] == ("2.3", "phrase_list", "negative", "service_label", "negative")


def test_fanpage_override_by_post_id(attributed):
    assert attributed["fanpage"] == {
        # (task_code, task_method, sentiment, sentiment_method)
        "F1": ("2.9", "override", "negative", "override"),
        "F2": ("2.3", "phrase_list", "neutral", "lexicon"),
    }
