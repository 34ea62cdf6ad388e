"""Real .xlsx fixtures for the unit report reader, written with xlsxwriter from explicit rows.

A test says what each sheet holds, row by row; `write_workbook` puts it in a file the way a
unit's Excel would (banner and merged title above the header, date and percent cells).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

PREPARER_NAME = "Nguyễn Thị Hồng Nhung"
PREPARER_PHONE = "0903 123 456"
PREPARER_EMAIL = "nhung.nth@benthanh.hcm.edu.vn"

ACTIVITY_HEADER = [
    "STT",
    "Nhiệm vụ",
    "Hình thức",
    "Kênh",
    "Tên hoạt động / sản phẩm",
    "Ngày thực hiện",
    "Số lượng",
    "Lượt tiếp cận",
    "Lượt tương tác",
    "Đường dẫn",
    "Ghi chú",
]
ASSESSMENT_HEADER = [
    "STT",
    "Nhiệm vụ",
    "Mức độ hoàn thành (%)",
    "Kết quả nổi bật",
    "Khó khăn, vướng mắc",
    "Đề xuất, kiến nghị",
]
INCIDENT_HEADER = [
    "STT",
    "Ngày phát hiện",
    "Nội dung",
    "Mức độ",
    "Kênh lan truyền",
    "Biện pháp xử lý",
    "Ngày xử lý xong",
    "Kết quả",
]


@dataclass(frozen=True)
class Percent:
    """A number in a cell formatted as a percentage (Excel stores 0.385 for 38.5%)."""

    value: float


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    header: list[str] | None = None
    banner: str | None = None  # a title merged across the header's width in row 1
    header_row: int = 0  # 0-based row of the header (or of the first row when no header)
    hidden: bool = False


@dataclass
class Report:
    """A unit report's content; every field is what a test wants to see in the file."""

    info: list[tuple[str, object]] = field(default_factory=list)
    activities: list[list[object]] = field(default_factory=list)
    assessments: list[list[object]] | None = field(default_factory=list)
    incidents: list[list[object]] | None = None  # None: no SuCo sheet at all
    activity_header: list[str] = field(default_factory=lambda: list(ACTIVITY_HEADER))
    assessment_header: list[str] = field(default_factory=lambda: list(ASSESSMENT_HEADER))
    incident_header: list[str] = field(default_factory=lambda: list(INCIDENT_HEADER))
    banner: str | None = "BÁO CÁO KẾT QUẢ CÔNG TÁC TRUYỀN THÔNG"
    header_row: int | None = None  # 0-based; default: row 3 under a banner, else row 1
    extra_sheets: list[Sheet] = field(default_factory=list)


def info(
    unit: str | None = "Phường Bến Thành",
    code: object = None,
    period: str | None = "Quý IV/2025",
    sent: object = "10/12/2025",
) -> list[tuple[str, object]]:
    """ThongTin key / value rows as the template has them, preparer's personal data included."""
    return [
        ("Tên đơn vị", unit),
        ("Mã đơn vị", code),
        ("Kỳ báo cáo", period),
        ("Ngày gửi", sent),
        ("Người lập", PREPARER_NAME),
        ("Điện thoại", PREPARER_PHONE),
        ("Email", PREPARER_EMAIL),
    ]


def write_workbook(path: Path, sheets: list[Sheet]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    percent_format = book.add_format({"num_format": "0.0%"})
    title_format = book.add_format({"bold": True, "align": "center"})
    for sheet in sheets:
        ws = book.add_worksheet(sheet.name)
        if sheet.hidden:
            ws.hide()
        row = sheet.header_row
        if sheet.banner:
            width = max(len(sheet.header or []), 2)
            ws.merge_range(0, 0, 0, width - 1, sheet.banner, title_format)
        if sheet.header is not None:
            ws.write_row(row, 0, sheet.header)
            row += 1
        for values in sheet.rows:
            for col, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, Percent):
                    ws.write_number(row, col, value.value, percent_format)
                elif isinstance(value, (dt.date, dt.datetime)):
                    moment = (
                        value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
                    )
                    ws.write_datetime(row, col, moment, date_format)
                elif isinstance(value, bool):
                    ws.write_boolean(row, col, value)
                elif isinstance(value, (int, float)):
                    ws.write_number(row, col, value)
                else:
                    ws.write_string(row, col, str(value))
            row += 1
    book.close()
    return path


def write_report(path: Path, report: Report) -> Path:
    """ThongTin, HoatDong, DanhGia (unless None) and SuCo (when given), banners above headers."""
    header_row = report.header_row if report.header_row is not None else (2 if report.banner else 0)
    sheets = [
        Sheet("ThongTin", [list(kv) for kv in report.info], banner=report.banner, header_row=header_row),
        Sheet("HoatDong", report.activities, report.activity_header, report.banner, header_row),
    ]
    if report.assessments is not None:
        sheets.append(Sheet("DanhGia", report.assessments, report.assessment_header, report.banner, header_row))
    if report.incidents is not None:
        sheets.append(Sheet("SuCo", report.incidents, report.incident_header, report.banner, header_row))
    return write_workbook(path, sheets + report.extra_sheets)


def write_receipts(inbox: Path, rows: list[tuple[str, str]]) -> Path:
    path = inbox / "unit_reports" / "_received.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["file,received_at", *(f"{name},{when}" for name, when in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
