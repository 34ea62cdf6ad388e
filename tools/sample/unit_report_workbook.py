"""How a unit report is written out: sheets, header wording and order, banners, and the way a
unit writes task codes, dates, counts and percentages (its house style, `Style`).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tools.sample.context import Context
from tools.sample.text_bank import CHANNELS, FORMS
from tools.sample.writers import csv_text, excel_naive, new_workbook, write_text

YEAR_END = "Y"  # slot of the year-end summary; quarterly slots are "0", "1", "2"


@dataclass(frozen=True)
class Style:
    banner: str | None = None  # None | department | ward | school
    layout: str = "template"  # template | reordered | reworded
    task_formats: tuple[str, ...] = ("code",)  # code "2.4" | nv_code "Nhiệm vụ 2.4" | nv_row "NV4" | row 4
    dates: str = "excel"  # excel | dmy | iso | mixed
    thousands_text: float = 0.0  # share of counts >= 1000 written as text "12.500"
    percent_text: bool = False  # completion written "38,5%" rather than 38.5
    incidents_sheet: str = "always"  # always | sometimes | never
    hidden_lists: bool = False  # template's hidden DanhMuc sheet with drop-down lists
    trailing_blank_rows: int = 0


CANON = ["stt", "task", "form", "channel", "title", "date", "qty", "reach", "engage", "link", "note"]
LABELS = {
    "template": {
        "stt": "STT",
        "task": "Nhiệm vụ",
        "form": "Hình thức",
        "channel": "Kênh",
        "title": "Tên hoạt động / sản phẩm",
        "date": "Ngày thực hiện",
        "qty": "Số lượng",
        "reach": "Lượt tiếp cận",
        "engage": "Lượt tương tác",
        "link": "Đường dẫn",
        "note": "Ghi chú",
    },
    "reworded": {
        "stt": "STT",
        "task": "Nhiệm vụ số",
        "form": "Hình thức truyền thông",
        "channel": "Kênh đăng tải",
        "title": "Tên sản phẩm / hoạt động truyền thông",
        "date": "Thời gian thực hiện",
        "qty": "Số lượng (tin, bài, sản phẩm)",
        "reach": "Lượt tiếp cận (lượt xem)",
        "engage": "Lượt tương tác (thích, bình luận, chia sẻ)",
        "link": "Link bài viết",
        "note": "Ghi chú",
    },
}
ORDER = {
    "template": CANON,
    "reworded": ["stt", "task", "title", "form", "channel", "date", "qty", "reach", "engage", "link", "note"],
    "reordered": ["stt", "date", "title", "task", "form", "channel", "qty", "reach", "engage", "note", "link"],
}
EVAL_HEADER = ["Nhiệm vụ", "Mức độ hoàn thành (%)", "Kết quả nổi bật", "Khó khăn, vướng mắc", "Đề xuất, kiến nghị"]
INCIDENT_HEADER = [
    "Ngày phát hiện",
    "Nội dung",
    "Mức độ",
    "Kênh lan truyền",
    "Biện pháp xử lý",
    "Ngày xử lý xong",
    "Kết quả",
]


@dataclass(frozen=True)
class Reporter:
    kind: str  # department | ward | school
    code: str
    name: str
    lead: tuple[str, ...]
    coordinating: tuple[str, ...]
    slots: tuple[str, ...]
    style: Style
    ward: str | None = None
    school: str | None = None


@dataclass
class Report:
    reporter: Reporter
    slot: str
    file: str
    received: dt.datetime
    quirks: set[str]
    activities: list[dict] = field(default_factory=list)
    evaluations: list[dict] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)
    sent_date: dt.date | None = None
    preparer: tuple[str, str, str] = ("", "", "")
    note: str | None = None


# ------------------------------------------------------------------ cells


def _task_cell(rng: random.Random, style: Style, task: str) -> str | int:
    fmt = rng.choice(style.task_formats)
    row = int(task.split(".")[1]) if task.count(".") == 1 else task
    if fmt == "nv_code":
        return f"Nhiệm vụ {task}"
    if fmt == "nv_row":
        return f"NV{row}"
    if fmt == "row" and isinstance(row, int):
        return row
    return task


def _date_kind(rng: random.Random, style: Style) -> str:
    return rng.choice(["excel", "dmy", "iso"]) if style.dates == "mixed" else style.dates


def _count_cell(rng: random.Random, style: Style, value: object) -> object:
    if isinstance(value, int) and value >= 1000 and rng.random() < style.thousands_text:
        return f"{value:,}".replace(",", ".")
    return value


def _percent_cell(style: Style, value: float) -> object:
    if style.percent_text:
        return (f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")) + "%"
    return int(value) if value == int(value) else value


class _Sheet:
    """Writes one worksheet: values in order, dates by kind, text normalised as the file wants."""

    def __init__(self, workbook, name: str, formats: dict, nfd: bool):
        self.ws = workbook.add_worksheet(name)
        self.formats = formats
        self.nfd = nfd

    def text(self, value: str) -> str:
        return unicodedata.normalize("NFD", value) if self.nfd else value

    def put(self, row: int, col: int, value: object, fmt: str = "cell", date_kind: str = "excel") -> None:
        style = self.formats[fmt]
        if value is None:
            self.ws.write_blank(row, col, None, style)
        elif isinstance(value, dt.date):
            if date_kind == "excel":
                self.ws.write_datetime(row, col, excel_naive(value), self.formats["date"])
            elif date_kind == "iso":
                self.ws.write_string(row, col, value.isoformat(), style)
            else:
                self.ws.write_string(row, col, value.strftime("%d/%m/%Y"), style)
        elif isinstance(value, str):
            self.ws.write_string(row, col, self.text(value), style)
        else:
            self.ws.write_number(row, col, value, style)

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int, text: str, fmt: str) -> None:
        self.ws.merge_range(first_row, first_col, last_row, last_col, self.text(text), self.formats[fmt])


def _banner(sheet: _Sheet, report: Report, ctx: Context, width: int) -> int:
    """Title rows above the header, as the unit's template has them; returns the header row."""
    rep, style = report.reporter, report.reporter.style
    last = width - 1
    period = (
        f"TỔNG KẾT NĂM HỌC {ctx.school_year}"
        if report.slot == YEAR_END
        else ctx.periods[int(report.slot)].label_vi.upper()
    )
    if style.banner == "department":
        sheet.merge(0, 0, 0, 3, "SỞ GIÁO DỤC VÀ ĐÀO TẠO TP.HCM", "banner_left")
        sheet.merge(1, 0, 1, 3, rep.name.upper(), "banner_left_bold")
        sheet.merge(2, 0, 2, last, f"BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC TRUYỀN THÔNG {period}", "title")
        sheet.merge(
            3, 0, 3, last, f"(Theo Kế hoạch truyền thông về GDĐT Thành phố năm học {ctx.school_year})", "subtitle"
        )
        return 5
    upper_left = (
        ("ỦY BAN NHÂN DÂN " + _unit_label(report).upper(), "PHÒNG VĂN HÓA - XÃ HỘI")
        if style.banner == "ward"
        else ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TP.HCM", rep.name.upper())
    )
    sheet.merge(0, 0, 0, 3, upper_left[0], "banner_left")
    sheet.merge(1, 0, 1, 3, upper_left[1], "banner_left_bold")
    sheet.merge(0, 5, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "banner_left_bold")
    sheet.merge(1, 5, 1, last, "Độc lập - Tự do - Hạnh phúc", "banner_left")
    sheet.merge(3, 0, 3, last, f"BÁO CÁO KẾT QUẢ CÔNG TÁC TRUYỀN THÔNG VỀ GIÁO DỤC - {period}", "title")
    return 5


def _unit_label(report: Report) -> str:
    rep, quirks = report.reporter, report.quirks
    if "legacy_name" in quirks:
        return "Phường Bến Nghé, Quận 1"
    if "short_name" in quirks:
        return "P. " + rep.name.split(" ", 1)[1]
    return rep.name


def _formats(workbook) -> dict:
    border = {"border": 1, "valign": "top", "text_wrap": True, "font_name": "Times New Roman", "font_size": 12}
    return {
        "cell": workbook.add_format(border),
        "date": workbook.add_format({**border, "num_format": "dd/mm/yyyy"}),
        "head": workbook.add_format({**border, "bold": True, "align": "center", "bg_color": "#DDEBF7"}),
        "key": workbook.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 12}),
        "plain": workbook.add_format({"font_name": "Times New Roman", "font_size": 12}),
        "title": workbook.add_format(
            {"bold": True, "align": "center", "font_size": 14, "font_name": "Times New Roman"}
        ),
        "subtitle": workbook.add_format({"italic": True, "align": "center", "font_name": "Times New Roman"}),
        "banner_left": workbook.add_format({"align": "center", "font_name": "Times New Roman"}),
        "banner_left_bold": workbook.add_format({"align": "center", "bold": True, "font_name": "Times New Roman"}),
    }


def _info_rows(ctx: Context, report: Report) -> list[tuple[str, object]]:
    rep, quirks = report.reporter, report.quirks
    code = rep.code
    if "no_unit_code" in quirks or "legacy_name" in quirks or rep.name == "Phường Thủ Dầu Một":
        code = None
    label = f"Tổng kết năm học {ctx.school_year}" if report.slot == YEAR_END else ctx.periods[int(report.slot)].label_vi
    name, tel, mail = report.preparer
    rows: list[tuple[str, object]] = [
        ("Tên đơn vị", _unit_label(report)),
        ("Mã đơn vị", code),
        ("Kỳ báo cáo", label),
        ("Ngày gửi", report.sent_date),
        ("Người lập", name),
        ("Điện thoại", tel),
        ("Email", mail),
    ]
    if report.note:
        rows.append(("Ghi chú", report.note))
    return rows


def write_workbook(ctx: Context, report: Report, path: Path) -> None:
    style = report.reporter.style
    rng = ctx.rng("unit_reports", "cells", report.file)
    workbook = new_workbook(path, report.received, author=report.preparer[0])
    formats = _formats(workbook)
    nfd = "nfd" in report.quirks
    colon = ":" if style.banner else ""

    info = _Sheet(workbook, "ThongTin", formats, nfd)
    info.ws.set_column(0, 0, 22)
    info.ws.set_column(1, 1, 48)
    first = 0
    if style.banner:
        info.merge(0, 0, 0, 1, "THÔNG TIN ĐƠN VỊ BÁO CÁO", "title")
        first = 2
    for offset, (key, value) in enumerate(_info_rows(ctx, report)):
        info.put(first + offset, 0, key + colon, "key")
        info.put(
            first + offset, 1, value, "plain", date_kind="excel" if style.dates in {"excel", "mixed"} else style.dates
        )

    layout = "template" if style.layout == "reordered" else style.layout
    order = ORDER[style.layout]
    acts = _Sheet(workbook, "HoatDong", formats, nfd)
    widths = {
        "stt": 6,
        "task": 13,
        "form": 18,
        "channel": 18,
        "title": 60,
        "date": 15,
        "qty": 10,
        "reach": 14,
        "engage": 14,
        "link": 40,
        "note": 28,
    }
    for col, key in enumerate(order):
        acts.ws.set_column(col, col, widths[key])
    header_row = _banner(acts, report, ctx, len(order)) if style.banner else 0
    for col, key in enumerate(order):
        acts.put(header_row, col, LABELS[layout][key], "head")
    for index, activity in enumerate(report.activities, start=1):
        values = {
            **activity,
            "stt": index,
            "task": _task_cell(rng, style, activity["task"]) if activity["task"] != "2.19" else "2.19",
            "qty": _count_cell(rng, style, activity["qty"]),
            "reach": _count_cell(rng, style, activity["reach"]),
            "engage": _count_cell(rng, style, activity["engage"]),
        }
        date_kind = _date_kind(rng, style)
        for col, key in enumerate(order):
            acts.put(header_row + index, col, values[key], date_kind=date_kind)
    for extra in range(style.trailing_blank_rows):
        for col in range(len(order)):
            acts.put(header_row + len(report.activities) + 1 + extra, col, None)
    if style.hidden_lists:
        end = header_row + len(report.activities) + style.trailing_blank_rows
        acts.ws.data_validation(
            header_row + 1,
            order.index("form"),
            end,
            order.index("form"),
            {"validate": "list", "source": f"=DanhMuc!$A$2:$A${len(FORMS) + 1}"},
        )
        acts.ws.data_validation(
            header_row + 1,
            order.index("channel"),
            end,
            order.index("channel"),
            {"validate": "list", "source": f"=DanhMuc!$B$2:$B${len(CHANNELS) + 1}"},
        )

    evals = _Sheet(workbook, "DanhGia", formats, nfd)
    for col, width in enumerate([14, 16, 60, 50, 50]):
        evals.ws.set_column(col, col, width)
    for col, label in enumerate(EVAL_HEADER):
        evals.put(0, col, label, "head")
    for row, item in enumerate(report.evaluations, start=1):
        evals.put(row, 0, _task_cell(rng, style, item["task"]))
        evals.put(row, 1, _percent_cell(style, item["completion"]))
        evals.put(row, 2, item["highlights"])
        evals.put(row, 3, item["difficulties"] or None)
        evals.put(row, 4, item["proposals"] or None)

    keep_incidents = (
        report.incidents
        or style.incidents_sheet == "always"
        or (style.incidents_sheet == "sometimes" and rng.random() < 0.5)
    )
    if keep_incidents:
        incidents = _Sheet(workbook, "SuCo", formats, nfd)
        for col, width in enumerate([15, 60, 12, 16, 45, 15, 40]):
            incidents.ws.set_column(col, col, width)
        for col, label in enumerate(INCIDENT_HEADER):
            incidents.put(0, col, label, "head")
        date_kind = _date_kind(rng, style)
        for row, item in enumerate(report.incidents, start=1):
            for col, key in enumerate(["found", "content", "level", "channel", "measures", "closed", "result"]):
                incidents.put(row, col, item[key], date_kind=date_kind)

    if style.hidden_lists:
        lists = _Sheet(workbook, "DanhMuc", formats, False)
        lists.put(0, 0, "Hình thức", "key")
        lists.put(0, 1, "Kênh", "key")
        lists.put(0, 2, "Nhiệm vụ", "key")
        for i, form in enumerate(FORMS, start=1):
            lists.put(i, 0, form, "plain")
        for i, channel in enumerate(CHANNELS.values(), start=1):
            lists.put(i, 1, channel, "plain")
        for i, task in enumerate(ctx.task_codes, start=1):
            lists.put(i, 2, task, "plain")
        lists.ws.hide()
    workbook.close()


def write_csv_instead(ctx: Context, report: Report, path: Path) -> None:
    """What a school sends when it fills the form in Google Sheets and downloads it as CSV."""
    rows = [[LABELS["template"][k] for k in CANON]]
    for index, activity in enumerate(report.activities, start=1):
        rows.append(
            [
                index,
                activity["task"],
                activity["form"],
                activity["channel"],
                activity["title"],
                activity["date"].strftime("%d/%m/%Y"),
                activity["qty"],
                activity["reach"],
                activity["engage"],
                activity["link"],
                activity["note"],
            ]
        )
    write_text(path, csv_text(rows, quote_all=False, line_end="\n"))
