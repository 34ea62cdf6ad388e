"""Year-end report writers: formula neutralising, number wording, SVG charts, and a formula
planted in a real unit-report workbook arriving inert in the Excel scorecards."""

from __future__ import annotations

import openpyxl
import pytest

from orchestration.readers.unit_report import read_unit_reports
from orchestration.reports import charts, workbook
from orchestration.reports.data import YearData
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
    svg = charts.grouped_bars("trend", "Xu hướng", ["Quý IV/2025", "Quý I/2026"], [("Hoạt động", [6, 3], "#000"), ("Tin, bài", [2, 0], "#111")])
    assert svg.startswith("<svg") and "data-chart='trend'" in svg
    assert svg.count("class='bar'") == 4
    assert "data-value='6'" in svg and "data-value='0'" in svg
    assert "<title>Xu hướng</title>" in svg


def test_stacked_share_with_no_items_says_so():
    svg = charts.stacked_share("sentiment", "Sắc thái", [("Tích cực", 0, "#0f0"), ("Tiêu cực", 0, "#f00")])
    assert "Chưa có tin, bài" in svg and "class='bar'" not in svg
    svg = charts.stacked_share("sentiment", "Sắc thái", [("Tích cực", 3, "#0f0"), ("Tiêu cực", 1, "#f00")])
    assert "75%" in svg and "25%" in svg  # 3 of 4, 1 of 4


def _year(unit_tasks: list[dict]) -> YearData:
    return YearData(school_year="2025-2026", periods=[], task_year=[], task_quarters=[], targets=[], clusters=[],
                    units=[], unit_tasks=unit_tasks, late_reports=[], file_loads=[], quarantine=[])


def test_planted_formula_in_a_unit_report_arrives_inert(tmp_path):
    # A unit types a formula as its highlight (sheet DanhGia): the real reader keeps the text,
    # and the workbook writes it as text with a leading apostrophe, never as a formula.
    inbox = tmp_path / "inbox"
    write_report(
        inbox / "unit_reports" / "q4.xlsx",
        Report(info=info("Phòng Học sinh, sinh viên", "HSSV", "Quý IV/2025", "10/12/2025"),
               activities=[[1, "2.9", "Tin bài", "Fanpage", PLANTED, "20/11/2025", 1, "", "", "", ""]],
               assessments=[[1, "2.9", "85%", PLANTED, "+cmd|' /C calc'!A0", "@SUM(1+1)"]]),
    )
    write_receipts(inbox, [("q4.xlsx", "2025-12-10T09:00:00+07:00")])
    assessment = read_unit_reports(inbox).tables["unit_report_assessments"].row(0, named=True)
    assert assessment["highlights"] == PLANTED  # kept word for word by the reader
    row = {"unit_code": "HSSV", "unit_name": "Phòng Học sinh, sinh viên", "task_code": "2.9", "task_number": 9,
           "unit_role": "lead", "completion_pct": assessment["completion_pct"], "highlights": assessment["highlights"],
           "difficulties": assessment["difficulties"], "proposals": assessment["proposals"]}
    path = tmp_path / "the-diem.xlsx"
    workbook.write(path, _year([row]), Figures())

    sheet = openpyxl.load_workbook(path)["Đơn vị - nhiệm vụ"]
    header = [c.value for c in sheet[4]]
    cells = {name: sheet.cell(row=5, column=header.index(name) + 1) for name in ("highlights", "difficulties", "proposals", "completion_pct")}
    assert cells["highlights"].value == "'" + PLANTED
    assert cells["difficulties"].value == "'+cmd|' /C calc'!A0"
    assert cells["proposals"].value == "'@SUM(1+1)"
    assert all(cells[n].data_type == "s" for n in ("highlights", "difficulties", "proposals"))
    assert cells["completion_pct"].value == 85.0 and cells["completion_pct"].data_type == "n"
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


def _write_cell_by_cell(path, data: YearData) -> None:
    """The scorecards as xlsxwriter writes them one cell at a time (the workbook's writer before
    sheet_cells): the reference the bulk writer must equal byte for byte."""
    import datetime as dt

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    for sheet_name, mart, attribute, caption in workbook.SHEETS:
        rows = getattr(data, attribute)
        ws = book.add_worksheet(sheet_name)
        ws.write_string(0, 0, f"{caption} — năm học {data.school_year}", title)
        ws.write_string(1, 0, f"Nguồn: marts.{mart}. Tên cột như trong kho dữ liệu (mô tả: dbt docs).")
        columns = list(rows[0].keys()) if rows else ["(không có dòng nào)"]
        ws.write_row(3, 0, columns, header)
        for c, name in enumerate(columns):
            ws.set_column(c, c, 40 if name in workbook.WIDE_TEXT else 14, wrap if name in workbook.WIDE_TEXT else None)
        for r, row in enumerate(rows, start=4):
            for c, name in enumerate(columns):
                value = row[name]
                if value is None:
                    continue
                if isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif isinstance(value, (int, float)):
                    ws.write_number(r, c, value)
                elif isinstance(value, dt.datetime):
                    ws.write_string(r, c, value.isoformat())
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date)
                else:
                    ws.write_string(r, c, workbook.neutralise(str(value)))
        ws.freeze_panes(4, 1)
        if rows:
            ws.autofilter(3, 0, 3 + len(rows), len(columns) - 1)
    book.close()


def test_bulk_cells_equal_xlsxwriter_cell_by_cell(tmp_path):
    # Every kind of value the marts give, and the text xlsxwriter escapes: the workbook written
    # in bulk (sheet_cells) must be the same package as xlsxwriter's own, part for part (only
    # docProps/core.xml differs: it holds the time of writing).
    import datetime as dt
    import zipfile
    from decimal import Decimal

    odd = ["a & b < c > d", " leading space", "trailing\n", "tab\tinside", "bell\x07", "_x0041_ literal",
           "x" * 40_000, "😀" * 20_000, PLANTED, "-5 điểm", "", "Trường THPT Nguyễn Thị Minh Khai"]
    rows = [
        {"unit_code": f"U{i}", "unit_name": odd[i % len(odd)], "task_number": i, "share": i / 7 if i % 3 else None,
         "big": 0.1 + 0.2, "flag": i % 2 == 0, "deadline": dt.date(2026, 3, 15 + i % 10) if i % 4 else None,
         "received_at": dt.datetime(2026, 3, 14, 9, i % 60), "amount": Decimal("1.50"),
         "highlights": odd[(i * 5) % len(odd)] if i % 5 else None}
        for i in range(40)
    ]
    data = _year(rows)
    data.units = [{"unit_code": "HSSV", "unit_name": "Phòng HSSV", "activities_count": 3}]
    fast, reference = tmp_path / "bulk.xlsx", tmp_path / "reference.xlsx"
    workbook.write(fast, data, Figures())
    _write_cell_by_cell(reference, data)
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(reference) as b:
        assert a.namelist() == b.namelist()
        parts = [n for n in a.namelist() if n != "docProps/core.xml"]
        assert len(parts) == 14  # content types, 2 rels, workbook, 6 sheets, shared strings, styles, theme, app.xml
        assert [n for n in parts if a.read(n) != b.read(n)] == []
    # And what a reader sees, for a few cells worked out by hand: row 5 is rows[0].
    sheet = openpyxl.load_workbook(fast)["Đơn vị - nhiệm vụ"]
    header = [c.value for c in sheet[4]]
    cell = lambda row, name: sheet.cell(row=row, column=header.index(name) + 1).value  # noqa: E731
    assert cell(5, "unit_name") == "a & b < c > d" and cell(5, "flag") is True and cell(5, "share") is None
    # 1/7 to xlsxwriter's 16 significant digits (%.16G), as the workbook always stored numbers.
    assert cell(6, "share") == 0.1428571428571428 and cell(6, "deadline") == dt.datetime(2026, 3, 16)
    assert cell(13, "unit_name") == "'" + PLANTED  # rows[8]: neutralised
    assert cell(5, "amount") == "1.50"  # a DECIMAL prints as its text
    assert len(cell(11, "unit_name")) == 32_767  # rows[6]: cut at Excel's limit
