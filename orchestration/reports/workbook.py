"""The Excel workbook: one formatted sheet per scorecard and per measure of section IV.6, in
Vietnamese, for the Office to adjust.

Each sheet: a title, a source line, a hidden row with the mart's column names (for analysts),
the Vietnamese headers with a filter, then the rows. Numbers carry thousands separators, shares
are Excel percentages, dates dd/mm/yyyy, status values Vietnamese words.

Text from source files (units' highlights, difficulties, proposals, unit names) goes into cells
people will open in Excel: any text starting with = + - @ (or a tab or carriage return) would
be read as a formula when the cell is edited, or by other spreadsheet programs on import
(CSV/formula injection). Such text is written as a string with a leading apostrophe, so that
nothing from the data can run.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import xlsxwriter

from orchestration.reports import caveats
from orchestration.reports.data import Row, YearData
from orchestration.reports.labels import NOT_A_NUMBER
from orchestration.reports.lineage import Figures, task_row_key, unit_row_key
from orchestration.reports.sheet_columns import (
    DECIMALS,
    PERCENT_MEASURES,
    PERCENTS,
    SHARE_MEASURES,
    SHARES,
    WIDE_TEXT,
    header,
    status_word,
)

FILE_NAME = "the-diem-{school_year}.xlsx"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FIRST_DATA_ROW = 4  # rows 0-3: title, source line, mart column names (hidden), Vietnamese headers
NAMES_ROW, HEADER_ROW = 2, 3


def neutralise(text: str) -> str:
    """Text that cannot start a formula: a leading ' when it starts with = + - @ tab or CR."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


# sheet name (31 characters at most), mart, rows attribute of YearData, title
SHEETS = [
    ("Nhiệm vụ - cả năm", "mart_task_year", "task_year", "Thẻ điểm nhiệm vụ, cả năm học"),
    ("Nhiệm vụ - theo quý", "mart_task_year", "task_quarters", "Thẻ điểm nhiệm vụ, theo kỳ báo cáo"),
    ("Chỉ tiêu", "mart_task_year_targets", "targets", "Chỉ tiêu và mức độ đạt (bảng chỉ tiêu ref_task_targets)"),
    ("Toàn ngành 4 cụm", "mart_cluster_year", "clusters", "Tổng hợp toàn ngành theo 4 cụm"),
    ("Đơn vị", "mart_unit_year", "units", "Thẻ điểm đơn vị: chế độ báo cáo, hoạt động, sự cố, tự đánh giá"),
    (
        "Đơn vị - nhiệm vụ",
        "mart_unit_task_year",
        "unit_tasks",
        "Đơn vị × nhiệm vụ: hoạt động, tự đánh giá, kết quả nổi bật, khó khăn, đề xuất",
    ),
]
# Section IV.6's measures (YearData.measures), each from its mart for the year's periods.
MEASURE_SHEETS = [
    ("Báo chí", "mart_press_coverage", "press", "Tin, bài theo nhiệm vụ, cấp cơ quan báo chí, loại hình và thể loại"),
    (
        "Sản phẩm truyền thông",
        "mart_media_products",
        "products",
        "Sản phẩm truyền thông theo loại, với tổng lượt tiếp cận",
    ),
    ("Cổng TTĐT", "mart_web_traffic", "web", "Lượt xem toàn trang và các trang về từng nhiệm vụ"),
    (
        "Fanpage",
        "mart_fanpage_posts",
        "fanpage",
        "Fanpage: bài đăng, tổng lượt tiếp cận các bài, tương tác (cả trang và theo nhiệm vụ)",
    ),
    ("Góp ý, phản ánh", "mart_feedback", "feedback", "Tiếp nhận, trả lời thư góp ý, phản ánh theo kênh"),
    ("Sự cố", "mart_incidents", "incidents", "Sự cố truyền thông, biện pháp và kết quả xử lý"),
    (
        "Chỉ tiêu 2030",
        "mart_city_indicators",
        "indicators",
        "Các chỉ tiêu đến năm 2030 (mục I Kế hoạch), nguồn và độ phủ",
    ),
]


def _row_key(mart: str, row: Row, school_year: str) -> str | None:
    if mart == "mart_task_year":
        return task_row_key(row["task_code"], school_year, row["period_key"])
    if mart == "mart_unit_year":
        return unit_row_key(row["unit_code"], school_year)
    return None


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook):
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.header = book.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.names = book.add_format({"font_color": "#808080", "italic": True})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.count = book.add_format({"num_format": "#,##0", "valign": "top"})
        self.decimal = book.add_format({"num_format": "#,##0.00", "valign": "top"})
        self.share = book.add_format({"num_format": "0.0%", "valign": "top"})
        self.date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        self.datetime = book.add_format({"num_format": "dd/mm/yyyy hh:mm", "valign": "top"})
        self.text = book.add_format({"valign": "top"})


def _number_format(fm: _Formats, column: str, row: Row) -> tuple[object, float]:
    """(format, factor) of a numeric cell: shares as percentages, 0-100 percents divided by 100."""
    if column in ("actual_value", "target_value") and "measure" in row:
        if row["measure"] in SHARE_MEASURES:
            return fm.share, 1.0
        if row["measure"] in PERCENT_MEASURES:
            return fm.share, 0.01
        return (fm.count if row["measure"] != "net_sentiment" else fm.decimal), 1.0
    if column in SHARES:
        return fm.share, 1.0
    if column in PERCENTS:
        return fm.share, 0.01
    if column in DECIMALS:
        return fm.decimal, 1.0
    return fm.count, 1.0


def _write_cell(ws, fm: _Formats, r: int, c: int, column: str, row: Row) -> None:
    value = status_word(column, row[column])
    if value is None:
        return
    if isinstance(value, str):
        ws.write_string(r, c, neutralise(value), fm.wrap if column in WIDE_TEXT else fm.text)
    elif isinstance(value, (int, float)):
        if not math.isfinite(float(value)):
            ws.write_string(r, c, NOT_A_NUMBER, fm.text)
            return
        fmt, factor = _number_format(fm, column, row)
        ws.write_number(r, c, float(value) * factor, fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(r, c, value.replace(tzinfo=None), fm.datetime)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), fm.date)
    else:
        ws.write_string(r, c, neutralise(str(value)), fm.text)


def _sheet(book, fm: _Formats, name: str, mart: str, caption: str, rows: list[Row], school_year: str) -> object:
    ws = book.add_worksheet(name)
    columns = list(rows[0].keys()) if rows else []
    ws.write_string(0, 0, f"{caption} — năm học {school_year.replace('-', ' - ')}", fm.title)
    ws.write_string(
        1, 0, f"Nguồn: bảng marts.{mart} của kho dữ liệu. Hàng 3 (ẩn) ghi tên cột trong kho cho người phân tích."
    )
    if not columns:
        ws.write_string(HEADER_ROW, 0, "(không có dòng nào)")
        return ws
    # In constant_memory mode a row's properties are set before its cells are written.
    for c, column in enumerate(columns):
        ws.set_column(c, c, 40 if column in WIDE_TEXT else 14)
    ws.set_row(NAMES_ROW, None, None, {"hidden": True})
    for c, column in enumerate(columns):
        ws.write_string(NAMES_ROW, c, column, fm.names)
    ws.set_row(HEADER_ROW, 45)
    for c, column in enumerate(columns):
        ws.write_string(HEADER_ROW, c, header(column), fm.header)
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        for c, column in enumerate(columns):
            _write_cell(ws, fm, r, c, column, row)
    ws.freeze_panes(FIRST_DATA_ROW, 1)
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(rows), len(columns) - 1)
    return ws


def write(path: Path, data: YearData, figures: Figures) -> None:
    # constant_memory: rows go to disk as they are written, so a city's year stays small in memory.
    book = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    fm = _Formats(book)
    file_name = FILE_NAME.format(school_year=data.school_year)
    for sheet_name, mart, attribute, caption in SHEETS:
        rows: list[Row] = getattr(data, attribute)
        _sheet(book, fm, sheet_name, mart, caption, rows, data.school_year)
        for r, row in enumerate(rows, start=FIRST_DATA_ROW):
            key = _row_key(mart, row, data.school_year)
            if key is not None:
                figures.add(file_name, sheet_name, f"row {r + 1}", "", mart, key, "*")
    if data.measures is not None:
        for sheet_name, mart, attribute, caption in MEASURE_SHEETS:
            _sheet(book, fm, sheet_name, mart, caption, getattr(data.measures, attribute), data.school_year)
    _sheet(
        book,
        fm,
        "Dữ liệu bị loại",
        "mart_quarantine",
        "Tệp, dòng bị loại và lý do (chi tiết: marts.mart_quarantine)",
        [caveats.vietnamese_row(r) for r in data.quarantine],
        data.school_year,
    )
    book.close()
