"""Year-end report writers: formula neutralising, number wording, SVG charts, and a formula
planted in a real unit-report workbook arriving inert in the Excel scorecards."""

from __future__ import annotations

import openpyxl
import pytest

from orchestration.readers.unit_report import read_unit_reports
from orchestration.reports import charts, workbook
from orchestration.reports.data import YearData
from orchestration.reports.html_report import chart_svg
from orchestration.reports.labels import number, percent, period_label, signed
from orchestration.reports.lineage import Figures
from orchestration.reports.privacy_scan import scan_reports
from tests.unit.workbooks import Report, info, write_receipts, write_report

PLANTED = '=HYPERLINK("http://attacker.example/x","Bấm vào đây")'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+84 phản hồi", "'+84 phản hồi"),
        ("-5 điểm", "'-5 điểm"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("Nhân rộng mô hình", "Nhân rộng mô hình"),
        ("2.9 = tốt", "2.9 = tốt"),  # only a leading trigger starts a formula
    ],
)
def test_neutralise(text, expected):
    assert workbook.neutralise(text) == expected


def test_vietnamese_numbers():
    assert number(1702570) == "1.702.570"
    assert number(2.5, 1) == "2,5"
    assert number(None) == "–"
    assert percent(0.385) == "38,5%"
    assert signed(0.3333) == "+0,33"
    assert signed(-1.0) == "-1,00"
    assert period_label("2025-Q4") == "Quý IV/2025"


def test_grouped_bars_carry_every_value():
    svg = chart_svg(
        charts.grouped_bars(
            "trend",
            "Xu hướng",
            ["Quý IV/2025", "Quý I/2026"],
            [("Hoạt động", [6, 3], "#000"), ("Tin, bài", [2, 0], "#111")],
        )
    )
    assert svg.startswith("<svg") and "data-chart='trend'" in svg
    assert svg.count("class='bar'") == 4
    assert "data-value='6'" in svg and "data-value='0'" in svg
    assert "<title>Xu hướng</title>" in svg


def test_chart_text_is_escaped_and_legends_wrap():
    # A series name with markup stays text; a legend too long for one row wraps onto a second.
    long = "Tổng tiếp cận các bài Fanpage của toàn ngành <b>"
    chart = charts.grouped_bars(
        "reach", "Lan tỏa", ["Quý I/2026"], [(long, [1], "#000"), ("Lượt xem các trang của nhiệm vụ", [2], "#111")]
    )
    svg = chart_svg(chart)
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    legend_rows = sorted(
        {s.attrs["y"] for s in chart.shapes if s.tag == "text" and s.text in (long, "Lượt xem các trang của nhiệm vụ")}
    )
    assert legend_rows == [36, 54]  # two rows, 18 px apart, below the title


def test_stacked_share_with_no_items_says_so():
    svg = chart_svg(charts.stacked_share("sentiment", "Sắc thái", [("Tích cực", 0, "#0f0"), ("Tiêu cực", 0, "#f00")]))
    assert "Chưa có tin, bài" in svg and "class='bar'" not in svg
    svg = chart_svg(charts.stacked_share("sentiment", "Sắc thái", [("Tích cực", 3, "#0f0"), ("Tiêu cực", 1, "#f00")]))
    assert "75%" in svg and "25%" in svg  # 3 of 4, 1 of 4


def _year(unit_tasks: list[dict]) -> YearData:
    return YearData(
        school_year="2025-2026",
        periods=[],
        task_year=[],
        task_quarters=[],
        targets=[],
        clusters=[],
        units=[],
        unit_tasks=unit_tasks,
        late_reports=[],
        file_loads=[],
        quarantine=[],
    )


def test_planted_formula_in_a_unit_report_arrives_inert(tmp_path):
    # A unit types a formula as its highlight (sheet DanhGia): the real reader keeps the text,
    # and the workbook writes it as text with a leading apostrophe, never as a formula.
    inbox = tmp_path / "inbox"
    write_report(
        inbox / "unit_reports" / "q4.xlsx",
        Report(
            info=info("Phòng Học sinh, sinh viên", "HSSV", "Quý IV/2025", "10/12/2025"),
            activities=[[1, "2.9", "Tin bài", "Fanpage", PLANTED, "20/11/2025", 1, "", "", "", ""]],
            assessments=[[1, "2.9", "85%", PLANTED, "+cmd|' /C calc'!A0", "@SUM(1+1)"]],
        ),
    )
    write_receipts(inbox, [("q4.xlsx", "2025-12-10T09:00:00+07:00")])
    assessment = read_unit_reports(inbox).tables["unit_report_assessments"].row(0, named=True)
    assert assessment["highlights"] == PLANTED  # kept word for word by the reader
    row = {
        "unit_code": "HSSV",
        "unit_name": "Phòng Học sinh, sinh viên",
        "task_code": "2.9",
        "task_number": 9,
        "unit_role": "lead",
        "completion_pct": assessment["completion_pct"],
        "highlights": assessment["highlights"],
        "difficulties": assessment["difficulties"],
        "proposals": assessment["proposals"],
    }
    path = tmp_path / "the-diem.xlsx"
    workbook.write(path, _year([row]), Figures())

    sheet = openpyxl.load_workbook(path)["Đơn vị - nhiệm vụ"]
    header = [c.value for c in sheet[3]]  # the hidden row of the marts' column names
    cells = {
        name: sheet.cell(row=5, column=header.index(name) + 1)
        for name in ("highlights", "difficulties", "proposals", "completion_pct")
    }
    assert cells["highlights"].value == "'" + PLANTED
    assert cells["difficulties"].value == "'+cmd|' /C calc'!A0"
    assert cells["proposals"].value == "'@SUM(1+1)"
    assert all(cells[n].data_type == "s" for n in ("highlights", "difficulties", "proposals"))
    # 85% as an Excel percentage (0.85 shown as 85,0%), not the number 85.
    assert cells["completion_pct"].value == 0.85 and cells["completion_pct"].data_type == "n"
    assert cells["completion_pct"].number_format == "0.0%"
    # No cell of the workbook is a formula.
    book = openpyxl.load_workbook(path)
    assert [c.coordinate for ws in book for r in ws.iter_rows() for c in r if c.data_type == "f"] == []


def test_report_scan_finds_a_phone_inside_a_workbook(tmp_path):
    path = tmp_path / "the-diem.xlsx"
    row = {"unit_code": "X", "unit_name": "Phường Bến Thành", "highlights": "Liên hệ 0903 123 456"}
    workbook.write(path, _year([row]), Figures())
    hits = scan_reports([path])
    assert [(h.table, h.kind, h.sample) for h in hits] == [("the-diem.xlsx", "phone", "09******56")]


def test_report_scan_reads_html_text(tmp_path):
    path = tmp_path / "r.html"
    path.write_text("<p>Liên hệ <b>nhung.nth@benthanh.hcm.edu.vn</b></p><p>2.9 đạt 85%</p>", encoding="utf-8")
    assert [(h.kind, h.sample) for h in scan_reports([path])] == [("email", "n***@b***.vn")]
