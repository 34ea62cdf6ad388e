"""The Excel workbook: one formatted sheet per scorecard, for the Office to adjust.

Text from source files (units' highlights, difficulties, proposals, unit names) goes into cells
people will open in Excel: any text starting with = + - @ (or a tab or carriage return) would
be read as a formula when the cell is edited, or by other spreadsheet programs on import
(CSV/formula injection). Such text is written as a string with a leading apostrophe, so that
nothing from the data can run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from orchestration.reports import sheet_cells
from orchestration.reports.data import Row, YearData
from orchestration.reports.lineage import Figures, task_row_key, unit_row_key

FILE_NAME = "the-diem-{school_year}.xlsx"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that cannot start a formula: a leading ' when it starts with = + - @ tab or CR."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


# sheet name (31 characters at most), mart, rows attribute of YearData, title
SHEETS = [
    ("Nhiệm vụ - cả năm", "mart_task_year", "task_year", "Thẻ điểm nhiệm vụ, cả năm học"),
    ("Nhiệm vụ - theo quý", "mart_task_year", "task_quarters", "Thẻ điểm nhiệm vụ, theo kỳ báo cáo"),
    ("Chỉ tiêu", "mart_task_year_targets", "targets", "Chỉ tiêu và mức độ đạt (seed ref_task_targets)"),
    ("Toàn ngành 4 cụm", "mart_cluster_year", "clusters", "Tổng hợp toàn ngành theo 4 cụm"),
    ("Đơn vị", "mart_unit_year", "units", "Thẻ điểm đơn vị: chế độ báo cáo, hoạt động, sự cố, tự đánh giá"),
    ("Đơn vị - nhiệm vụ", "mart_unit_task_year", "unit_tasks", "Đơn vị × nhiệm vụ: hoạt động, tự đánh giá, kết quả nổi bật, khó khăn, đề xuất"),
]
WIDE_TEXT = {"task_title", "highlights", "difficulties", "proposals", "target_note", "cluster_title", "unit_name"}


def _row_key(mart: str, row: Row, school_year: str) -> str | None:
    if mart == "mart_task_year":
        return task_row_key(row["task_code"], school_year, row["period_key"])
    if mart == "mart_unit_year":
        return unit_row_key(row["unit_code"], school_year)
    return None


def write(path: Path, data: YearData, figures: Figures) -> None:
    # xlsxwriter writes the frame (formats, columns, panes, filters, top rows); sheet_cells
    # writes the ~1 million data cells in bulk, as xlsxwriter would have (see its docstring).
    frame, book = sheet_cells.new_frame()
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheets = []
    file_name = FILE_NAME.format(school_year=data.school_year)
    for sheet_name, mart, attribute, caption in SHEETS:
        rows: list[Row] = getattr(data, attribute)
        ws = book.add_worksheet(sheet_name)
        top = [(0, 0, f"{caption} — năm học {data.school_year}", title),
               (1, 0, f"Nguồn: marts.{mart}. Tên cột như trong kho dữ liệu (mô tả: dbt docs).", None)]
        columns = list(rows[0].keys()) if rows else ["(không có dòng nào)"]
        top += [(3, c, name, header) for c, name in enumerate(columns)]
        for r, c, text, fmt in top:
            ws.write_string(r, c, text, fmt)
        column_formats = [wrap if name in WIDE_TEXT else None for name in columns]
        for c, fmt in enumerate(column_formats):
            ws.set_column(c, c, 40 if fmt is wrap else 14, fmt)
        first_date = sheet_cells.first_date(columns, rows)
        if first_date is not None:
            r, c, day = first_date
            ws.write_datetime(r, c, dt.datetime(day.year, day.month, day.day), date)
        for r, row in enumerate(rows, start=sheet_cells.FIRST_DATA_ROW):
            key = _row_key(mart, row, data.school_year)
            if key is not None:
                figures.add(file_name, sheet_name, f"row {r + 1}", "", mart, key, "*")
        ws.freeze_panes(4, 1)
        if rows:
            ws.autofilter(3, 0, 3 + len(rows), len(columns) - 1)
        sheets.append(sheet_cells.SheetCells(top, columns, rows, column_formats, date, neutralise))
    book.close()
    sheet_cells.write(path, frame, sheets)
