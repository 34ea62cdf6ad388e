"""The year-end scorecards and reports of the fixture inbox (tests/e2e/fixture_inbox.py), from
the shared pipeline run. Figures worked out by hand (school year 2025-2026, periods 2025-Q4 and
2026-Q1 loaded, so the year-end report is not due yet):

Activities per task over the year: 2.4: 1, 2.8: 1, 2.9: 2 (HSSV, qty 2 + 5), 2.10: 2 (HSSV
lead, VP coordinating), 2.11: 1, 2.13: 1 (GDPT, unassigned), 2.15: 1; total 9.
Press (service labels, else the sentiment lexicon; tasks by phrase list): 2.9 two positive
(Thanh Niên central, Tuổi Trẻ city): net (2 - 0) / 2 = 1.0, negative share 0; 2.3 one negative
(VnExpress, central): -1.0; 2.4 one neutral (Tuyển sinh lớp 10, unknown outlet): net 0; 2.10 one
negative (T5 "Học sinh chưa biết bơi, nhiều vụ đuối nước thương tâm", Tuổi Trẻ, city; T5b is the
same URL); 2.11 one positive (T6 "Trường học số ...", Znews, central): 1.0.
City: 6 items, 3 positive, 1 neutral, 2 negative; central 3, city 2, other 1; net (3-2)/6.
Consensus on 2.9: 3 respondents < 10 -> the year is suppressed too.
Incidents: VP's two (resolved in 4 and 1 days); "Thông tin sai lệch về học phí / Đính chính,
họp báo" has the 2.15 phrases "đính chính", "họp báo": 2.15 has a resolved incident.
Targets (seed ref_task_targets): every task activities >= 4 (all fail: at most 2), negative
share <= 0.2 (2.4, 2.9, 2.11: 0.0 met; 2.3, 2.10: 1.0 not met; the others have no labelled
press: no data), consensus >= 0.6 (no data anywhere); 2.9 press >= 12 (2: not met); 2.10 press
>= 6 (1: not met); 2.15 incidents resolved share >= 1 (1.0: met); 2.12 programme classrooms >=
900 (0 delivered, the fixture has no project list: not met).
So 2.4, 2.11 and 2.15 met 1 of 2 assessable (0.5; by net sentiment 2.11 (1.0), 2.4 (0.0), 2.15
(none)), 2.9 1 of 3 (0.3333), all others 0: then by net sentiment 2.10 and 2.3 (-1.0, 1 press
item each; 2.10 first on activities 2 against 0), then by activities 2.8, 2.13 (1 each, by task
number), then the tasks with nothing: 2.1 ... 2.14; worst 2.14.
Targets set 15 x 3 + 4 = 49; met 4; not met 15 + 2 + 1 + 1 + 1 = 20.
Units: HSSV on time twice; VP late 2 days (Q4) and missing (Q1); GDPT missing (Q4), late 1 day
(Q1); the other six lead departments missing twice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest

TASKS = [f"2.{n}" for n in range(1, 16)]


@pytest.fixture(scope="module")
def con(e2e_run):
    c = duckdb.connect(str(e2e_run.database), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def reports(e2e_run) -> Path:
    return e2e_run.database.parent / "reports"


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_task_year_rows_per_scope(con):
    assert rows(con, "select period_scope, count(*) from marts.mart_task_year group by 1 order by 1") == [
        ("quarter", 30),
        ("year", 15),
    ]


def test_task_year_figures_for_2_9(con):
    assert rows(
        con,
        """select activities_count, activities_quantity, activities_lead, lead_units_active, press_items, press_positive,
                  press_central, press_city, net_sentiment, press_negative_share, consensus_responses, consensus_suppressed,
                  lead_completion_pct, targets_set, targets_met, targets_not_met, targets_no_data, target_status, communication_rank
           from marts.mart_task_year where task_code = '2.9' and period_key = 'all'""",
    ) == [(2, 7.0, 2, 1, 2, 2, 1, 1, 1.0, 0.0, None, True, 85.0, 4, 1, 2, 1, "partly_met", 4)]


def test_ranking_best_and_worst(con):
    order = [
        r[0]
        for r in rows(
            con, "select task_code from marts.mart_task_year where period_scope = 'year' order by communication_rank"
        )
    ]
    assert order == [
        "2.11",
        "2.4",
        "2.15",
        "2.9",
        "2.10",
        "2.3",
        "2.8",
        "2.13",
        "2.1",
        "2.2",
        "2.5",
        "2.6",
        "2.7",
        "2.12",
        "2.14",
    ]


def test_targets_say_no_target_and_no_data(con):
    got = dict(rows(con, "select measure, target_status from marts.mart_task_year_targets where task_code = '2.3'"))
    assert got["activities_count"] == "not_met"
    assert got["press_negative_share"] == "not_met"
    assert got["consensus_share_agreeing"] == "no_data"
    assert got["press_items"] == "no_target"
    assert rows(con, "select count(*) from marts.mart_task_year_targets where target_status <> 'no_target'") == [(49,)]


def test_city_summary(con):
    assert rows(
        con,
        """select tasks, activities_count, press_items, press_positive, press_negative, press_unclassified, press_central,
                  press_city, press_other, net_sentiment, incidents, incidents_resolved, targets_set, targets_met, targets_not_met,
                  best_task_code, worst_task_code
           from marts.mart_cluster_year where cluster_key = 'city'""",
    ) == [(15, 9, 6, 3, 2, 0, 3, 2, 1, 0.1667, 2, 2, 49, 4, 20, "2.11", "2.14")]
    assert rows(con, "select count(*) from marts.mart_cluster_year") == [(5,)]


def test_unit_year(con):
    got = rows(
        con,
        """select unit_code, quarterly_reports_owed, quarterly_on_time, quarterly_late, quarterly_missing,
                  quarterly_days_late_total, year_end_status, reporting_status, activities_count, activities_quantity,
                  activities_on_unassigned_tasks, incidents, median_resolution_days, worst_resolution_days
           from marts.mart_unit_year where unit_code in ('HSSV', 'VP', 'GDPT') order by unit_code""",
    )
    assert got == [
        ("GDPT", 2, 0, 1, 1, 1, "not_due", "missing", 2, 2.0, 1, 0, None, None),
        ("HSSV", 2, 2, 0, 0, 0, "not_due", "on_time", 4, 11.0, 0, 0, None, None),
        ("VP", 2, 0, 1, 1, 2, "not_due", "missing", 3, 7.0, 0, 2, 2.5, 4),
    ]
    assert rows(con, "select count(*) from marts.mart_unit_year") == [(9,)]
    # HSSV leads 2.2, 2.8, 2.9, 2.10 and reported nothing on 2.2.
    assert rows(
        con,
        "select tasks_led, led_tasks_without_activity, self_assessment_mean_pct from marts.mart_unit_year where unit_code = 'HSSV'",
    ) == [(4, "2.2", 85.0)]


def test_lineage_reaches_the_source_rows(con):
    # 2.9's activities in the HTML summary come from HSSV's Q4 row 4 and its corrected Q1 file, row 4.
    got = rows(
        con,
        """select distinct source_file, source_rows from reports.report_lineage
           where report like '%.html' and row_key = '2.9|2025-2026|all' and column_name = 'activities_count'
           order by 1""",
    )
    assert got == [("unit_reports/2025-Q4_HSSV.xlsx", "4"), ("unit_reports/2026-Q1_HSSV_v2.xlsx", "4")]


def test_the_three_reports_are_published_beside_the_warehouse(reports):
    assert {p.name for p in reports.iterdir()} >= {
        "bao-cao-tong-ket-2025-2026.docx",
        "bao-cao-tong-ket-2025-2026.html",
        "the-diem-2025-2026.xlsx",
    }


def test_html_summary_ranks_only_on_evidence_and_names_late_units(reports):
    html = (reports / "bao-cao-tong-ket-2025-2026.html").read_text(encoding="utf-8")
    assert "<meta charset='utf-8'>" in html
    # No task has 5 press items or a published survey cell: none is ranked, all are listed as such.
    best = html[html.index("id='tot-nhat'") : html.index("id='kem-nhat'")]
    assert "Chưa nhiệm vụ nào đủ dữ liệu để xếp hạng." in best and "hạng 1/" not in html
    unranked = html[html.index("id='chua-xep-hang'") :]
    assert unranked.startswith("id='chua-xep-hang'>15 nhiệm vụ chưa đủ dữ liệu để xếp hạng:")
    # One denominator: 4 of the 24 targets with data, never 4/49.
    assert "Toàn ngành đạt 4/24 chỉ tiêu có số liệu (16,7%); 25 chỉ tiêu không có số liệu, không tính là đạt." in html
    assert "4/49" not in html
    late = html[html.index("id='don-vi-tre-han'") : html.index("Báo cáo chưa nộp")]
    assert "Văn phòng — Báo cáo quý Quý IV/2025: trễ 2 ngày" in late
    assert "Phòng Giáo dục Phổ thông — Báo cáo quý Quý I/2026: trễ 1 ngày" in late
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "<script" not in html


def test_xlsx_sheets_and_figures(reports):
    book = openpyxl.load_workbook(reports / "the-diem-2025-2026.xlsx")
    assert book.sheetnames == [
        "Nhiệm vụ - cả năm",
        "Nhiệm vụ - theo quý",
        "Chỉ tiêu",
        "Toàn ngành 4 cụm",
        "Đơn vị",
        "Đơn vị - nhiệm vụ",
        "Báo chí",
        "Sản phẩm truyền thông",
        "Cổng TTĐT",
        "Fanpage",
        "Góp ý, phản ánh",
        "Sự cố",
        "Chỉ tiêu 2030",
        "Dữ liệu bị loại",
    ]
    ws = book["Nhiệm vụ - cả năm"]
    names = [c.value for c in ws[3]]  # the marts' column names, in a hidden row
    assert ws.row_dimensions[3].hidden
    row_2_9 = [c.value for c in ws[4 + 9]]  # tasks in number order from row 5
    assert row_2_9[names.index("task_code")] == "2.9"
    assert row_2_9[names.index("activities_count")] == 2
    assert row_2_9[names.index("communication_rank")] == 4
    assert book["Toàn ngành 4 cụm"].max_row == 4 + 5


def test_xlsx_speaks_vietnamese_with_percentages(reports):
    book = openpyxl.load_workbook(reports / "the-diem-2025-2026.xlsx")
    ws = book["Nhiệm vụ - cả năm"]
    names = [c.value for c in ws[3]]
    headers = [c.value for c in ws[4]]
    assert headers[:4] == ["Mã nhiệm vụ", "STT nhiệm vụ", "Nhiệm vụ", "Cụm"]
    assert headers[names.index("press_negative_share")] == "Tỉ lệ tin, bài tiêu cực"
    # No header is a mart column name left in English.
    assert not [h for h in headers if re.fullmatch(r"[a-z0-9_]+", h)]
    row_2_9 = {n: c for n, c in zip(names, ws[13], strict=True)}
    assert row_2_9["press_negative_share"].value == 0.0 and row_2_9["press_negative_share"].number_format == "0.0%"
    assert row_2_9["targets_met_share"].value == pytest.approx(1 / 3, abs=1e-4)
    assert row_2_9["targets_met_share"].number_format == "0.0%"
    # HSSV assessed 2.9 at 85%: an Excel percentage, not the number 85.
    assert row_2_9["lead_completion_pct"].value == 0.85 and row_2_9["lead_completion_pct"].number_format == "0.0%"
    assert row_2_9["press_items"].number_format == "#,##0"
    assert row_2_9["target_status"].value == "Đạt một phần" and row_2_9["period_key"].value == "Cả năm học"
    targets = book["Chỉ tiêu"]
    t_names = [c.value for c in targets[3]]
    statuses = {r[t_names.index("target_status")].value for r in targets.iter_rows(min_row=5)}
    assert statuses == {"Đạt", "Chưa đạt", "Không có số liệu", "Không có chỉ tiêu"}
    reasons = [r[2].value for r in book["Dữ liệu bị loại"].iter_rows(min_row=5)]
    assert reasons and not [r for r in reasons if r.startswith("Chi tiết (tiếng Anh)")], reasons


def test_docx_is_in_the_form_of_decree_30(reports):
    document = docx.Document(str(reports / "bao-cao-tong-ket-2025-2026.docx"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    margins = [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    assert 20 <= margins[0] <= 25 and 20 <= margins[1] <= 25 and 30 <= margins[2] <= 35 and 15 <= margins[3] <= 20
    # Page numbers from page 2: a PAGE field in the header, none on the first page.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header.part.element.xml and not section.first_page_header.paragraphs[0].text
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
    assert document.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0, 0, 0)
    assert "python-docx" not in (document.core_properties.author + document.core_properties.comments)

    left, right = (c.text.split("\n") for c in document.tables[0].rows[0].cells)
    assert left[:2] == ["UBND THÀNH PHỐ HỒ CHÍ MINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"] and left[-1].startswith("Số:")
    assert left[-1].endswith("/BC-SGDĐT")
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert re.fullmatch(r"Thành phố Hồ Chí Minh, ngày +tháng +năm \d{4}", right[-1])
    texts = [p.text for p in document.paragraphs]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == "Tổng kết công tác truyền thông năm học 2025 - 2026"
    assert "(Số liệu từ 15/9/2025 đến 14/3/2026: 2 kỳ báo cáo quý, Quý IV/2025, Quý I/2026)" in texts
    sections = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert sections == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. ĐÁNH GIÁ CHUNG",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM HỌC TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    # Nơi nhận and the signature block close the letter; the Phụ lục follows.
    closing = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    assert closing.rows[0].cells[1].text.split("\n")[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert "- Lưu: VT, VP." in closing.rows[0].cells[0].text
    assert texts.index("PHỤ LỤC") > texts.index("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    annexes = [p.text for p in document.paragraphs if p.style.name == "Heading 2" and p.text.startswith("Phụ lục")]
    assert annexes[0] == "Phụ lục I. Số liệu theo nhiệm vụ" and len(annexes) == 7
    assert "Phòng Học sinh, sinh viên" in [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert not [t for t in texts if "{{" in t]


def test_docx_verdicts_count_only_targets_with_data(reports):
    document = docx.Document(str(reports / "bao-cao-tong-ket-2025-2026.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    # 49 targets: 4 met, 20 not met, 25 without data (see the module's docstring): 4/24, never 4/49.
    assert "Toàn ngành đạt 4/24 chỉ tiêu có số liệu (16,7%); 25 chỉ tiêu không có số liệu, không tính là đạt." in text
    assert "4/49" not in text
    # No task has 5 press items or a published survey cell: none is ranked.
    assert "15 nhiệm vụ chưa đủ dữ liệu để xếp hạng" in text
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Nhiệm vụ" and len(t.columns) == 6)
    row_2_9 = next(r for r in table.rows if r.cells[0].text.startswith("2.9."))
    assert [c.text for c in row_2_9.cells[1:]] == [
        "2",
        "2",
        "1/3 (tạm tính)",
        "Đạt một phần (trên chỉ tiêu có số liệu)",
        "chưa đủ dữ liệu để xếp hạng",
    ]
    # The units' sentences grouped into findings, units named.
    assert "Bổ sung kinh phí truyền thông (Phòng Học sinh, sinh viên; nhiệm vụ 2.9)." in text
    assert "Chưa đặt chỉ tiêu" not in text


class _Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self._current: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and a.get("data-task"):
            self._current = a["data-task"]
            self.sections[self._current] = []
        elif tag == "svg" and self._current and a.get("data-chart"):
            self.sections[self._current].append(a["data-chart"])


def test_html_renders_in_headless_chromium(reports, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed here (apt-get install chromium); .ci/run installs it in CI")
    page = reports / "bao-cao-tong-ket-2025-2026.html"
    run = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    dom = _Dom()
    dom.feed(run.stdout)
    assert sorted(dom.sections, key=lambda c: int(c.split(".")[1])) == TASKS
    for code, found in dom.sections.items():
        assert found == ["trend", "sentiment", "press_level", "reach"], code
    assert "Nhiệm vụ được truyền thông tốt nhất năm học" in run.stdout
