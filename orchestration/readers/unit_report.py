"""Unit reports (báo cáo định kỳ, tổng kết, đột xuất) from `unit_reports/`: one workbook per unit and period.

Each workbook has a `ThongTin` sheet (key / value rows: unit, code, reporting period, date sent,
and the preparer's name, phone and email, which are personal data and never read out), a
`HoatDong` sheet (one row per communication activity), a `DanhGia` sheet (the unit's own
assessment per task) and an optional `SuCo` sheet (incidents). Files are taken in one at a
time, oldest receipt first, so a byte-identical copy is refused against the earliest one; a large
inbox is then read by worker processes, with the same result (`read_unit_reports_in_batches`).

Rules:
- file-level rejects (no rows counted): not a workbook (empty, CSV or HTML under an Excel name,
  truncated), no ThongTin or HoatDong sheet, no header in HoatDong, an empty template, an
  unknown reporting period, a period that had not begun when the file was received, a unit
  that cannot be resolved, the same bytes as an earlier file, a file time (when the receipt log
  does not name the file) more than a day in the future of the run, a sheet holding an Excel
  error value calamine cannot read (#SPILL!, #CALC! ...);
- row-level rejects, one per bad row (problems joined): unknown task (not 2.1 .. 2.15), missing
  or unknown form, unknown channel or severity, unreadable date or number, an Excel error value
  (#REF!, #DIV/0! ..., as a failed formula's cached value or as text) in any of those cells, a
  number outside its field's bound (seed ref_value_bounds), an activity dated outside the
  report's window (its quarter's, its school year's for a year-end report; an ad hoc report
  has none), a totals row;
- an Excel error value in a free-text column (title, note, link ...) is dropped (null), the row
  loaded, and noted in quarantine (action value_dropped);
- rows whose cells are all blank (or hold only an STT number) are template padding: neither
  read nor counted; a signature block ("Người lập", "Thủ trưởng đơn vị") ends a table;
- DanhGia and SuCo may be missing; present with content but no header, the file is refused;
- a receipt-log line more than a day in the future of the run is refused (the file falls back
  to its file time);
- an unreadable `Ngày gửi` is kept as null and noted in quarantine (action value_dropped):
  the receipt time, not that cell, is what counts against the deadline;
- the preparer's name, phone and email (and anything shaped like an email or a phone number)
  are replaced by "[đã ẩn]" in every free-text column and every reject.
Counts per file: rows_read == rows_loaded + rows_rejected over HoatDong + DanhGia + SuCo.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import operator
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import fastexcel
import polars as pl

from orchestration.lib.dates import HCM, DateFormatError, parse_date
from orchestration.lib.excel import (
    Header,
    WorkbookError,
    load_sheet_rows,
    open_workbook,
    repeated_columns,
    repeated_header,
)
from orchestration.lib.excel_errors import error_reason, excel_error
from orchestration.lib.inbox import InboxFileError, inbox_files, read_regular_file, relative_text
from orchestration.lib.numbers import NumberFormatError, parse_count, parse_number
from orchestration.lib.periods import (
    DeclaredPeriod,
    ReportWindow,
    all_periods,
    parse_declared_period,
    period_for_date,
    report_window,
)
from orchestration.lib.personal_data import REDACTED
from orchestration.lib.personal_data import redact as redact_phones_and_emails
from orchestration.lib.quarantine import Reject
from orchestration.lib.text import MULTI_SPACE, ODD_SPACES, clean_text, fold_key, strip_diacritics
from orchestration.lib.unit_matching import explain_unit
from orchestration.lib.value_bounds import bound_problem
from orchestration.lib.workbook_guard import MAX_FILE_BYTES
from orchestration.lib.workers import in_order, workers_for
from orchestration.readers import ReadResult

FAMILY = "unit_reports"
FOLDER = "unit_reports"
RECEIPT_LOG = "_received.csv"
RECEIPT_LOG_PATH = f"{FOLDER}/{RECEIPT_LOG}"
# A line per workbook received (15,000 a school year, about 1 MB): read whole and parsed in Python.
RECEIPT_LOG_MAX_BYTES = 16 * 1024 * 1024

TS = pl.Datetime("us", "Asia/Ho_Chi_Minh")

SUBMISSIONS_SCHEMA: dict[str, pl.DataType] = {
    "submission_id": pl.String,
    "source_file": pl.String,
    "file_sha256": pl.String,
    "received_at": TS,
    "received_source": pl.String,  # receipt_log | file_mtime
    "declared_sent_date": pl.Date,
    "unit_name_raw": pl.String,
    "unit_code_raw": pl.String,
    "unit_code": pl.String,
    "unit_kind": pl.String,
    "unit_name": pl.String,
    "match_method": pl.String,
    "match_confidence": pl.Float64,
    "report_kind": pl.String,  # quarterly | year_end | ad_hoc
    "period_key": pl.String,
    "school_year": pl.String,
    "rows_read": pl.Int64,
    "rows_loaded": pl.Int64,
    "rows_rejected": pl.Int64,
}
ACTIVITIES_SCHEMA: dict[str, pl.DataType] = {
    "submission_id": pl.String,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
    "stt": pl.String,
    "task_code": pl.String,
    "activity_form": pl.String,
    "channel": pl.String,
    "title": pl.String,
    "activity_date": pl.Date,
    "quantity": pl.Float64,
    "reach": pl.Int64,
    "engagement": pl.Int64,
    "link": pl.String,
    "note": pl.String,
}
ASSESSMENTS_SCHEMA: dict[str, pl.DataType] = {
    "submission_id": pl.String,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
    "task_code": pl.String,
    "completion_pct": pl.Float64,
    "highlights": pl.String,
    "difficulties": pl.String,
    "proposals": pl.String,
}
INCIDENTS_SCHEMA: dict[str, pl.DataType] = {
    "submission_id": pl.String,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
    "detected_date": pl.Date,
    "content": pl.String,
    "severity": pl.String,  # Thấp | Trung bình | Cao
    "spread_channel": pl.String,
    "measures": pl.String,
    "resolved_date": pl.Date,
    "result": pl.String,
}
TABLES: dict[str, dict[str, pl.DataType]] = {
    "unit_report_submissions": SUBMISSIONS_SCHEMA,
    "unit_report_activities": ACTIVITIES_SCHEMA,
    "unit_report_assessments": ASSESSMENTS_SCHEMA,
    "unit_report_incidents": INCIDENTS_SCHEMA,
}

# ---------------------------------------------------------------- canonical values

ACTIVITY_FORMS: dict[str, list[str]] = {
    "Tin bài": ["tin bai", "tin", "bai", "bai viet", "tin tuc", "bai bao", "tin bai viet"],
    "Phóng sự": ["phong su", "phong su truyen hinh", "phong su anh"],
    "Tọa đàm": ["toa dam", "toa dam truyen hinh", "toa dam truc tuyen"],
    "Họp báo": ["hop bao"],
    "Thông cáo báo chí": ["thong cao bao chi", "thong cao"],
    "Infographic": ["infographic", "infographics", "info graphic", "do hoa thong tin"],
    "Video clip": ["video clip", "video", "clip", "video ngan", "phim ngan"],
    "E-magazine": ["e magazine", "emagazine", "e magazin", "longform"],
    "Livestream": ["livestream", "live stream", "phat truc tiep", "truc tiep"],
    "Hội nghị / tập huấn": ["hoi nghi tap huan", "hoi nghi", "tap huan", "hoi thao", "boi duong", "hoi nghi hoi thao"],
    "Sự kiện": ["su kien"],
    "Khác": ["khac", "hinh thuc khac"],
}
CHANNELS: dict[str, list[str]] = {
    "Cổng TTĐT Sở": [
        "cong ttdt so",
        "cong ttdt",
        "cong thong tin dien tu so",
        "cong thong tin dien tu",
        "cong thong tin so",
        "cong thong tin",
        "website so",
        "cong ttdt so gddt",
    ],
    "Trang TTĐT đơn vị": [
        "trang ttdt don vi",
        "trang ttdt",
        "trang thong tin dien tu don vi",
        "trang thong tin dien tu",
        "website don vi",
        "website",
        "trang web don vi",
        "trang web",
    ],
    "Fanpage": ["fanpage", "fan page", "facebook", "trang facebook", "fanpage don vi", "fanpage so"],
    "Báo in": ["bao in", "bao giay"],
    "Báo điện tử": ["bao dien tu", "bao mang", "bao online", "tap chi dien tu"],
    "Truyền hình": ["truyen hinh", "dai truyen hinh", "tv", "htv", "vtv"],
    "Phát thanh": ["phat thanh", "dai phat thanh", "radio", "voh", "vov"],
    "Nội bộ": ["noi bo", "noi bo don vi", "van ban noi bo"],
}
SEVERITIES: dict[str, list[str]] = {
    "Thấp": ["thap", "muc thap", "nhe"],
    "Trung bình": ["trung binh", "tb", "muc trung binh", "vua"],
    "Cao": ["cao", "muc cao", "rat cao", "nghiem trong"],
}


def _lookup(canonical: dict[str, list[str]]) -> dict[str, str]:
    out = {}
    for name, aliases in canonical.items():
        for alias in [name, *aliases]:
            out[fold_key(alias) or ""] = name
    return out


_FORM_BY_KEY = _lookup(ACTIVITY_FORMS)
_CHANNEL_BY_KEY = _lookup(CHANNELS)
_SEVERITY_BY_KEY = _lookup(SEVERITIES)

# ---------------------------------------------------------------- sheet layouts

ACTIVITY_COLUMNS: dict[str, list[str]] = {
    "stt": ["stt", "so tt", "so thu tu", "tt"],
    "task_code": ["nhiem vu", "ma nhiem vu", "nv", "nhiem vu trong tam"],
    "activity_form": ["hinh thuc", "hinh thuc truyen thong", "loai hinh", "loai san pham"],
    "channel": ["kenh", "kenh truyen thong", "kenh dang tai", "kenh dang", "noi dang tai", "phuong tien"],
    "title": ["ten hoat dong san pham", "ten hoat dong", "ten san pham", "tieu de", "noi dung", "ten bai"],
    "activity_date": ["ngay thuc hien", "ngay dang", "thoi gian thuc hien", "ngay", "thoi gian"],
    "quantity": ["so luong", "sl"],
    "reach": ["luot tiep can", "tiep can", "luot xem", "reach"],
    "engagement": ["luot tuong tac", "tuong tac", "engagement"],
    "link": ["duong dan", "link", "lien ket", "url"],
    "note": ["ghi chu"],
}
ASSESSMENT_COLUMNS: dict[str, list[str]] = {
    "stt": ["stt", "so tt", "tt"],
    "task_code": ["nhiem vu", "ma nhiem vu", "nv"],
    "completion_pct": ["muc do hoan thanh", "ty le hoan thanh", "ti le hoan thanh", "hoan thanh"],
    "highlights": ["ket qua noi bat", "ket qua", "noi bat"],
    "difficulties": ["kho khan vuong mac", "kho khan", "vuong mac"],
    "proposals": ["de xuat kien nghi", "de xuat", "kien nghi"],
}
INCIDENT_COLUMNS: dict[str, list[str]] = {
    "stt": ["stt", "so tt", "tt"],
    "detected_date": ["ngay phat hien", "thoi gian phat hien"],
    "content": ["noi dung", "noi dung su co", "su co", "mo ta"],
    "severity": ["muc do", "cap do", "muc do anh huong"],
    "spread_channel": ["kenh lan truyen", "kenh", "noi lan truyen"],
    "measures": ["bien phap xu ly", "bien phap", "xu ly"],
    "resolved_date": ["ngay xu ly xong", "ngay hoan thanh xu ly", "ngay ket thuc", "ngay xu ly"],
    "result": ["ket qua", "ket qua xu ly"],
}

# ThongTin keys (folded), longest first when matched. Personal keys are only recognised so
# their values can be scrubbed from every other text of the same file.
_INFO_KEYS: dict[str, list[str]] = {
    "unit_name": ["ten don vi", "ten don vi bao cao", "don vi bao cao", "don vi", "ten co quan"],
    "unit_code": ["ma don vi", "ma so don vi", "ma dv", "ma"],
    "period": ["ky bao cao", "thoi ky bao cao", "loai bao cao"],
    "sent_date": ["ngay gui", "ngay gui bao cao", "ngay bao cao"],
    "personal": [
        "nguoi lap",
        "nguoi lap bieu",
        "nguoi bao cao",
        "nguoi phu trach",
        "can bo phu trach",
        "ho ten",
        "ho va ten",
        "dien thoai",
        "so dien thoai",
        "sdt",
        "dt",
        "dtdd",
        "email",
        "e mail",
        "thu dien tu",
        "dia chi email",
    ],
}
_INFO_ALIASES = sorted(
    ((alias, key) for key, aliases in _INFO_KEYS.items() for alias in aliases), key=lambda a: -len(a[0])
)
_FOOTER_MARKERS = ("nguoi lap", "thu truong", "lanh dao don vi", "xac nhan cua", "ky ten", "noi nhan", "ky ghi ro")
_TOTAL_MARKERS = {"tong", "tong cong", "cong", "tong so", "tong cong so"}


# ---------------------------------------------------------------- cell parsers (cached: values repeat)


class CellError(ValueError):
    """A cell that does not hold what its column expects."""


_TASK_PREFIX = re.compile(r"^(?:nhiem\s*vu|nv)\s*(?:so\s*)?[:.\-]?\s*")
_TASK_NUMBER = re.compile(r"^(?P<a>\d{1,2})(?:\s*[.,]\s*(?P<b>\d{1,2}))?(?P<rest>.*)$")


@lru_cache(maxsize=4096)
def parse_task(value: str | None) -> str:
    """'2.4', 'Nhiệm vụ 2.4', 'NV4', 'NV 4', the table row '4', '2.04' -> '2.4'; else CellError."""
    text = clean_text(value)
    if text is None:
        raise CellError("empty; expected a task 2.1 .. 2.15")
    plain = strip_diacritics(text).lower()
    plain = _TASK_PREFIX.sub("", plain, count=1)
    match = _TASK_NUMBER.match(plain)
    expected = f"expected a task 2.1 .. 2.15 (as '2.4', 'Nhiệm vụ 2.4', 'NV4' or '4'), got {text!r}"
    if not match:
        raise CellError(expected)
    rest = match["rest"]
    # A title may follow the code ('2.4 - Chất lượng giáo dục'), a third level may not ('2.4.1').
    if rest and (re.match(r"^\s*[.,]\s*\d", rest) or not re.match(r"^(?:\s|[.:\-–)])", rest)):
        raise CellError(expected)
    if match["b"] is not None:
        if int(match["a"]) != 2:
            raise CellError(expected)
        number = int(match["b"])
    else:
        number = int(match["a"])
    if not 1 <= number <= 15:
        raise CellError(expected)
    return f"2.{number}"


def _canonical(value: str | None, table: dict[str, str], what: str, canonical: dict[str, list[str]]) -> str | None:
    key = fold_key(value)
    if key is None:
        return None
    found = table.get(key)
    if found is None:
        raise CellError(f"unknown {what} {value!r}; expected one of: {', '.join(canonical)}")
    return found


@lru_cache(maxsize=1024)
def parse_form(value: str | None) -> str | None:
    return _canonical(value, _FORM_BY_KEY, "form", ACTIVITY_FORMS)


@lru_cache(maxsize=1024)
def parse_channel(value: str | None) -> str | None:
    return _canonical(value, _CHANNEL_BY_KEY, "channel", CHANNELS)


@lru_cache(maxsize=256)
def parse_severity(value: str | None) -> str | None:
    return _canonical(value, _SEVERITY_BY_KEY, "severity", SEVERITIES)


# A date a unit writes (activity, incident, sent) is refused outside these bounds: before 2000
# it is a typo (1925 for 2025) or an Excel serial read wrong, after the last reporting window
# the warehouse knows it is in the future of every report it can hold.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = all_periods()[-1].window_end


@lru_cache(maxsize=8192)
def _date(value: str | None) -> dt.date | None:
    try:
        parsed = parse_date(value)
    except DateFormatError as exc:
        raise CellError(str(exc)) from None
    if parsed is not None and not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise CellError(
            f"the date {parsed:%d/%m/%Y} is outside {EARLIEST_DATE:%d/%m/%Y} .. {LATEST_DATE:%d/%m/%Y}, "
            "the years the warehouse covers: check the year"
        )
    return parsed


_LEADING_ZERO_DECIMAL = re.compile(r"^[+-]?0\.\d+$")


def _number(value: str | None) -> float | None:
    """`parse_number`, except that '0.385' is a decimal: a thousands group never follows a lone 0.

    Excel number cells reach us as text ('0.385' for a 38.5% cell), which the thousands-dot
    rule of `parse_number` would read as 385.
    """
    if value is not None and _LEADING_ZERO_DECIMAL.match(value.strip()):
        return float(value)
    return parse_number(value)


@lru_cache(maxsize=8192)
def _quantity(value: str | None) -> float:
    try:
        number = _number(value)
    except NumberFormatError as exc:
        raise CellError(str(exc)) from None
    if number is None:
        return 1.0
    if number < 0:
        raise CellError(f"expected a quantity of zero or more, got {value!r}")
    if (problem := bound_problem(FAMILY, "quantity", number)) is not None:
        raise CellError(problem)
    return number


def _count(value: str | None) -> int | None:
    # Reach and engagement are mostly plain digits ('35290'), and too varied for the cache to
    # hold them all: read those directly, as `parse_number` and `parse_count` would.
    if value is not None and value.isdigit() and value.isascii() and len(value) <= 18:
        return int(value)
    return _count_text(value)


@lru_cache(maxsize=8192)
def _count_text(value: str | None) -> int | None:
    try:
        number = _number(value)
        return None if number is None else parse_count(number)
    except NumberFormatError as exc:
        raise CellError(str(exc)) from None


def _bounded_count(field: str) -> Callable[[str | None], int | None]:
    """`_count`, refusing a value outside the field's bound (lib/value_bounds.py)."""

    def parse(value: str | None) -> int | None:
        number = _count(value)
        if number is not None and (problem := bound_problem(FAMILY, field, number)) is not None:
            raise CellError(problem)
        return number

    return parse


_reach = _bounded_count("reach")
_engagement = _bounded_count("engagement")


_PLAIN_DECIMAL = re.compile(r"^\d+(\.\d+)?$")


@lru_cache(maxsize=4096)
def parse_completion_pct(value: str | None) -> float | None:
    """'38,5%' -> 38.5; '38.5' -> 38.5; an Excel percent cell read as 0.385 -> 38.5; 0..100."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        number = _number(text)
    except NumberFormatError as exc:
        raise CellError(str(exc)) from None
    assert number is not None
    # A percent-formatted cell stores a fraction and reaches us as its plain value ('0.385');
    # a person typing a percentage writes 38,5 or 38,5%.
    if "%" not in text and _PLAIN_DECIMAL.match(text) and 0 < number <= 1:
        number *= 100
    if not 0 <= number <= 100:
        raise CellError(f"expected a percentage between 0 and 100, got {text!r}")
    return round(number, 6)


# ---------------------------------------------------------------- receipt log


@dataclass(frozen=True)
class Receipts:
    """When each workbook was received, from `unit_reports/_received.csv` (path -> aware time)."""

    times: dict[str, dt.datetime] = field(default_factory=dict)
    rejects: tuple[Reject, ...] = ()

    def lookup(self, relative: str) -> dt.datetime | None:
        key = _path_key(relative)
        if key in self.times:
            return self.times[key]
        # A log that names only the file (not its sub-folder) still identifies it when unique.
        found = self._by_name.get(key.rsplit("/", 1)[-1], [])
        return found[0] if len(found) == 1 else None

    @property
    def _by_name(self) -> dict[str, list[dt.datetime]]:
        if "_names" not in self.__dict__:
            names: dict[str, list[dt.datetime]] = {}
            for key, moment in self.times.items():
                names.setdefault(key.rsplit("/", 1)[-1], []).append(moment)
            object.__setattr__(self, "_names", names)
        return self.__dict__["_names"]


def _path_key(text: str) -> str:
    key = unicodedata.normalize("NFC", text.strip().replace("\\", "/"))
    while key.startswith("./"):
        key = key[2:]
    if key.startswith(f"{FOLDER}/"):
        key = key[len(FOLDER) + 1 :]
    return key


# A receipt time later than the run by more than this is wrong, not early: the Office's document
# system and this machine may disagree by minutes, and a time written in the wrong zone by hours.
CLOCK_TOLERANCE = dt.timedelta(days=1)


def _latest_believable(now: dt.datetime | None = None) -> dt.datetime:
    return (now or dt.datetime.now(HCM)) + CLOCK_TOLERANCE


def read_receipts(inbox: Path, now: dt.datetime | None = None) -> Receipts:
    """The receipt log; a malformed line, or one received after `now` (the run's time), is
    rejected and its file falls back to its mtime."""
    latest = _latest_believable(now)
    path = Path(inbox) / FOLDER / RECEIPT_LOG
    if not os.path.lexists(path):
        return Receipts()
    rejects: list[Reject] = []

    def reject(reason: str, row: int | None = None, column: str | None = None, raw: object = None) -> None:
        rejects.append(Reject(FAMILY, RECEIPT_LOG_PATH, reason, None, row, column, raw))

    try:
        text = read_regular_file(path, inbox, limit=RECEIPT_LOG_MAX_BYTES).decode("utf-8-sig")
    except InboxFileError as exc:
        reject(f"the receipt log is not read: {exc}; every workbook falls back to its file time")
        return Receipts(rejects=tuple(rejects))
    except UnicodeDecodeError:
        reject("the receipt log is not readable UTF-8 text; every workbook falls back to its file time")
        return Receipts(rejects=tuple(rejects))
    rows = list(csv.reader(io.StringIO(text)))
    header = [fold_key(c) or "" for c in (rows[0] if rows else [])]
    if "file" not in header or "received at" not in header:
        rejects.append(
            Reject(
                FAMILY,
                RECEIPT_LOG_PATH,
                "the receipt log has no header 'file,received_at'; every workbook falls back to its file time",
                None,
                1,
                None,
                ",".join(rows[0]) if rows else None,
                action="file_rejected",
            )
        )
        return Receipts(rejects=tuple(rejects))
    file_at, time_at = header.index("file"), header.index("received at")
    times: dict[str, dt.datetime] = {}
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        name = row[file_at].strip() if len(row) > file_at else ""
        raw_time = row[time_at].strip() if len(row) > time_at else ""
        if not name:
            reject("the file name is empty", line_number, "file", ",".join(row))
            continue
        if ".." in _path_key(name).split("/") or name.startswith(("/", "\\")):
            reject(
                "the file name leaves the unit_reports folder ('..' or an absolute path): "
                "the log names files inside it; the line is ignored",
                line_number,
                "file",
                name,
            )
            continue
        try:
            moment = dt.datetime.fromisoformat(raw_time.replace("Z", "+00:00"))
        except ValueError:
            reject(
                f"expected received_at as ISO 8601 with offset (2025-12-14T16:05:00+07:00), got {raw_time!r}; "
                "the file falls back to its modification time",
                line_number,
                "received_at",
                raw_time,
            )
            continue
        if moment.tzinfo is None:
            reject(
                f"received_at {raw_time!r} has no UTC offset (expected e.g. +07:00); "
                "the file falls back to its modification time",
                line_number,
                "received_at",
                raw_time,
            )
            continue
        key = _path_key(name)
        moment = moment.astimezone(HCM)
        if moment > latest:
            reject(
                f"received_at {raw_time!r} is in the future of this run ({latest - CLOCK_TOLERANCE:%d/%m/%Y %H:%M}): "
                "a receipt time cannot be later than the run; the file falls back to its modification time",
                line_number,
                "received_at",
                raw_time,
            )
            continue
        # A name logged twice was sent again under the same name: the file on disk is the later one.
        times[key] = max(moment, times.get(key, moment))
    return Receipts(times=times, rejects=tuple(rejects))


# ---------------------------------------------------------------- grids and headers
#
# Workbooks are small (tens of rows) and there are thousands per quarter, so a polars frame per
# sheet costs more than the work it would do: a sheet is read once, eagerly, into Python lists
# column by column; its cells are cleaned in one pass over the joined text, and rows are
# validated column by column, each distinct value parsed once by a cached parser (dates, forms
# and tasks repeat down a sheet and across files). docs/benchmarks.md has what each step costs.

_CELL_SEP = "\x1f"  # the ASCII unit separator: not a space to clean, never typed in a cell
_fold = lru_cache(maxsize=65536)(fold_key)

Rows = list[tuple[str | None, ...]]


_ODD_CHARS = tuple("\u00a0\u2007\u202f\u200b\u2060\ufeff\t\r\n")


def _clean_cells(values: list[str | None]) -> list[str | None]:
    """`clean_text` over many cells at once: one NFC pass over the joined text instead of one
    call per cell (a sheet has hundreds of cells, an inbox millions). Substring tests are much
    cheaper than a regex scan, so the regexes run only when an odd or double space is there."""
    text = unicodedata.normalize("NFC", _CELL_SEP.join([v or "" for v in values]))
    if any(ch in text for ch in _ODD_CHARS):
        text = ODD_SPACES.sub(" ", text)
    if "  " in text:
        text = MULTI_SPACE.sub(" ", text)
    pieces = text.split(_CELL_SEP)
    if len(pieces) != len(values):  # a cell holding the separator itself: rare, go cell by cell
        return [clean_text(v) for v in values]
    if " " + _CELL_SEP in text or _CELL_SEP + " " in text or text[:1] == " " or text[-1:] == " ":
        return [p.strip() or None for p in pieces]
    return [p or None for p in pieces]


def _sheet_names(reader: fastexcel.ExcelReader) -> dict[str, str]:
    """Folded sheet name (no spaces) -> sheet name, as `excel.find_sheet` compares them, built once."""
    names: dict[str, str] = {}
    for sheet in reader.sheet_names:
        names.setdefault((_fold(sheet) or "").replace(" ", ""), sheet)
    return names


class _Grid:
    """A sheet's cleaned cells (NFC, spaces cleaned, blank = None), column by column: the loops
    over data rows read a column or two, so rows are only built for the few that need them."""

    __slots__ = ("columns", "height", "_rows")

    def __init__(self, columns: list[list[str | None]]):
        self.columns = columns
        self.height = len(columns[0]) if columns else 0
        self._rows: Rows | None = None

    def row(self, index: int) -> tuple[str | None, ...]:
        return tuple([column[index] for column in self.columns])

    @property
    def rows(self) -> Rows:
        if self._rows is None:
            self._rows = list(zip(*self.columns))
        return self._rows

    def filled_cells(self, start: int = 0) -> int:
        """Cells holding something at or below grid row `start`."""
        if start >= self.height:
            return 0
        return sum(self.height - start - column[start:].count(None) for column in self.columns)


def _clean_columns(columns: list[list[str | None]]) -> list[list[str | None]]:
    """`_clean_cells` over a sheet's columns. Most sheets need no cleaning at all (NFC already,
    no odd or double space, nothing to strip): then the columns are kept as they are, blank
    strings aside, instead of being split back out of the joined text."""
    height = len(columns[0])
    # Only filled cells need looking at: blank ones become None whatever happens.
    filled = list(filter(None, itertools.chain.from_iterable(columns)))
    text = _CELL_SEP.join(filled)
    normalized = unicodedata.normalize("NFC", text)
    if (
        (normalized is text or normalized == text)
        and not any(ch in text for ch in _ODD_CHARS)
        and "  " not in text
        and not (" " + _CELL_SEP in text or _CELL_SEP + " " in text or text[:1] == " " or text[-1:] == " ")
        and text.count(_CELL_SEP) == len(filled) - 1
    ):
        return [[v or None for v in column] if "" in column else column for column in columns]
    cleaned = _clean_cells([v for column in columns for v in column])
    return [cleaned[i * height : (i + 1) * height] for i in range(len(columns))]


def _load_grid(reader: fastexcel.ExcelReader, sheet: str) -> _Grid:
    """The sheet as a grid of cleaned text; grid row i is Excel row i + 1.

    `skip_rows=0` keeps leading blank rows, which calamine would otherwise drop, so that row
    numbers in rejects are the ones a person sees in Excel.
    """
    batch = load_sheet_rows(reader, sheet, eager=True)  # trailing blank rows trimmed, rows bounded
    try:
        columns = [column.to_pylist() for column in batch.columns]
    except Exception as exc:
        raise WorkbookError(f"sheet {sheet!r} cannot be read ({type(exc).__name__})") from None
    if not columns:
        return _Grid([])
    return _Grid(_clean_columns(columns))


@dataclass(frozen=True, eq=False)  # hashed by identity: layouts are module constants
class _Layout:
    """What a sheet's header may say: canonical column -> folded aliases, required columns."""

    columns: dict[str, tuple[str, ...]]
    required: frozenset[str]

    @staticmethod
    def of(columns: dict[str, list[str]], required: set[str]) -> _Layout:
        folded = {c: tuple(k for k in (fold_key(a) for a in aliases) if k) for c, aliases in columns.items()}
        return _Layout(folded, frozenset(required))


@lru_cache(maxsize=4096)
def _match_header_row(row: tuple[str | None, ...], layout: _Layout, skip: frozenset[str]) -> tuple[dict, dict, list]:
    """Canonical column -> position and label, as `excel.find_header` matches them (exact, then prefix).

    Cached: most workbooks come from one template, so their header rows are the same tuple.
    Callers must not mutate the returned dicts.
    """
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    unknown: list[str] = []
    for position, cell in enumerate(row):
        key = _fold(cell)
        if key is None:
            continue
        taken = positions.keys() | skip
        match = next((c for c, al in layout.columns.items() if c not in taken and key in al), None) or next(
            (c for c, al in layout.columns.items() if c not in taken and any(key.startswith(a) for a in al)),
            None,
        )
        if match is None:
            unknown.append(cell)
            continue
        positions[match] = position
        labels[match] = cell
    return positions, labels, unknown


def _locate_header(grid: _Grid, layout: _Layout) -> Header | None:
    """The first of the first 10 rows holding every required column (as `excel.find_header`).

    The aliases are folded once per layout rather than per call, which matters at thousands of
    workbooks. A two-row header (a merged group cell above 'Lượt tiếp cận | Lượt tương tác')
    puts some labels one row lower; they are taken when that row holds no required column's data.
    """
    for index in range(min(10, grid.height)):
        positions, labels, unknown = _match_header_row(grid.row(index), layout, frozenset())
        if not layout.required <= positions.keys():
            continue
        repeated = repeated_columns([_fold(c) for c in grid.row(index)], positions)
        positions, labels = dict(positions), dict(labels)
        below = index + 1
        if below < grid.height and all(grid.columns[positions[r]][below] is None for r in layout.required):
            extra, extra_labels, _ = _match_header_row(
                tuple(None if i in positions.values() else c for i, c in enumerate(grid.row(below))),
                layout,
                frozenset(positions),
            )
            if extra:
                positions.update(extra)
                labels.update(extra_labels)
                index = below
        return Header(index, {c: f"c{p}" for c, p in positions.items()}, labels, list(unknown), repeated)
    return None


# ---------------------------------------------------------------- ThongTin


@dataclass
class _Info:
    values: dict[str, str | None]
    rows: dict[str, int]
    labels: dict[str, str]
    personal: list[str]


@lru_cache(maxsize=1024)
def _info_key(label: str) -> str | None:
    """The ThongTin key a label names; short aliases ('ma', 'dt') only when they are the whole label."""
    key_text = _fold(label) or ""
    return next(
        (k for alias, k in _INFO_ALIASES if key_text == alias or (len(alias) > 3 and key_text.startswith(alias + " "))),
        None,
    )


def _is_hint(text: str) -> bool:
    """Template guidance beside an empty value, such as '(ghi đầy đủ tên đơn vị)'."""
    return text.startswith("(") and text.endswith(")")


def _read_info(rows: list[tuple[str | None, ...]]) -> _Info:
    """Key / value rows; the value is right of the key, or after a colon in the key's own cell."""
    values: dict[str, str | None] = {}
    line: dict[str, int] = {}
    labels: dict[str, str] = {}
    personal: list[str] = []
    for index, row in enumerate(rows):
        cells = [c for c in row if c is not None and not _is_hint(c)]
        if not cells:
            continue
        head, sep, tail = cells[0].partition(":")
        key = _info_key(head)
        if key is None:
            continue
        inline = clean_text(tail) if sep else None
        if key == "personal":
            personal += [v for v in [inline, *cells[1:]] if v]
            continue
        if key in values:
            continue
        values[key] = inline or (cells[1] if len(cells) > 1 else None)
        line[key] = index + 1
        labels[key] = clean_text(head) or head
    return _Info(values, line, labels, personal)


# ---------------------------------------------------------------- data sheets


@lru_cache(maxsize=1024)
def _required_form(value: str | None) -> str:
    form = parse_form(value)
    if form is None:
        raise CellError(f"empty; expected one of: {', '.join(ACTIVITY_FORMS)}")
    return form


def _incident_dates(parsed: dict[str, list]) -> dict[int, tuple[str, str]]:
    """Rows whose incident was resolved before it was detected."""
    out = {}
    for i, (detected, resolved) in enumerate(zip(parsed["detected_date"], parsed["resolved_date"])):
        if detected and resolved and resolved < detected:
            out[i] = ("resolved_date", f"resolved ({resolved:%d/%m/%Y}) before it was detected ({detected:%d/%m/%Y})")
    return out


@dataclass(frozen=True)
class _SheetSpec:
    name: str
    table: str
    layout: _Layout
    checks: dict[str, Callable[[str | None], object]]  # column -> parser raising CellError
    texts: tuple[str, ...]  # free-text columns copied as written (NFC), personal data scrubbed
    plain: tuple[str, ...] = ()  # columns copied as written (links), personal data scrubbed
    row_check: Callable[[dict[str, list]], dict[int, tuple[str, str]]] | None = None  # cross-column checks
    windowed: tuple[str, ...] = ()  # date columns that must fall inside the report's window


_ACTIVITIES = _SheetSpec(
    "HoatDong",
    "unit_report_activities",
    _Layout.of(ACTIVITY_COLUMNS, {"task_code", "activity_form"}),
    {
        "task_code": parse_task,
        "activity_form": _required_form,
        "channel": parse_channel,
        "activity_date": _date,
        "quantity": _quantity,
        "reach": _reach,
        "engagement": _engagement,
    },
    ("title", "note"),
    ("stt", "link"),
    windowed=("activity_date",),
)
_ASSESSMENTS = _SheetSpec(
    "DanhGia",
    "unit_report_assessments",
    _Layout.of(ASSESSMENT_COLUMNS, {"task_code"}),
    {"task_code": parse_task, "completion_pct": parse_completion_pct},
    ("highlights", "difficulties", "proposals"),
)
_INCIDENTS = _SheetSpec(
    "SuCo",
    "unit_report_incidents",
    _Layout.of(INCIDENT_COLUMNS, {"content"}),
    {"detected_date": _date, "severity": parse_severity, "resolved_date": _date},
    ("content", "spread_channel", "measures", "result"),
    row_check=_incident_dates,
)


@dataclass
class _Sheet:
    spec: _SheetSpec
    name: str
    columns: dict[str, list]  # loaded rows, column by column (source_row included)
    rejects: list[Reject] = field(default_factory=list)
    read: int = 0
    dropped: list[Reject] = field(default_factory=list)  # values set to null in loaded rows

    @property
    def loaded(self) -> int:
        return len(self.columns["source_row"])


def _data_rows(grid: _Grid, header: Header, sheet: str, source_file: str) -> tuple[list[int], list[Reject]]:
    """Indices of the rows below the header that hold data, and rejects for totals rows.

    Blank rows (or rows holding only an STT number) are template padding, not data; a signature
    block ('Người lập', 'Thủ trưởng đơn vị') ends the table: what follows are names.
    """
    positions = {canon: int(col[1:]) for canon, col in header.columns.items()}
    content = [p for c, p in positions.items() if c != "stt"]
    task_at = positions.get("task_code")
    labels_at = {p: header.labels[c] for c, p in positions.items()}
    # Cleaned cells are None or non-empty text, so a row has content when any content cell is truthy.
    content_of = operator.itemgetter(*content) if len(content) > 1 else (lambda r: (r[content[0]],))
    tasks = grid.columns[task_at] if task_at is not None else None
    kept, rejects = [], []
    for index in range(header.row_index + 1, grid.height):
        if tasks is None or tasks[index] is None:
            row = grid.row(index)
            first_at = next((i for i, c in enumerate(row) if c is not None), None)
            if first_at is None:
                continue
            first_key = _fold(row[first_at]) or ""
            if first_key.startswith(_FOOTER_MARKERS):
                break
            if not any(content_of(row)):
                continue
            if task_at is not None and first_key in _TOTAL_MARKERS:
                rejects.append(
                    Reject(
                        FAMILY,
                        source_file,
                        "a totals row, not an activity: the warehouse computes totals itself",
                        sheet,
                        index + 1,
                        labels_at.get(first_at),
                        row[first_at],
                    )
                )
                continue
        kept.append(index)
    return kept, rejects


def _parse_column(parse: Callable[[str | None], object], values: list[str | None]) -> tuple[list, dict[int, str]]:
    """Parsed values and, by position, the problem with each value that does not parse.

    Each distinct value is parsed once: task codes, forms, channels and dates repeat down a sheet.
    """
    distinct = set(values)
    try:
        outcomes = {value: parse(value) for value in distinct}
    except CellError:
        outcomes, problems = {}, {}
        for value in distinct:
            if (token := excel_error(value)) is not None:
                # Whatever the column expects, an Excel error value is no value: say which it is.
                outcomes[value], problems[value] = None, error_reason(token)
                continue
            try:
                outcomes[value] = parse(value)
            except CellError as exc:
                outcomes[value] = None
                problems[value] = str(exc)
    else:
        return list(map(outcomes.__getitem__, values)), {}
    parsed = list(map(outcomes.__getitem__, values))
    return parsed, {i: problems[value] for i, value in enumerate(values) if value in problems}


def _window_problems(
    parsed: dict[str, list], columns: tuple[str, ...], window: ReportWindow
) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for column in columns:
        for i, day in enumerate(parsed[column]):
            if day is not None and (problem := window.problem(day)) is not None:
                out.setdefault(i, []).append(
                    (column, f"{problem}: an activity is reported in the report of the period it took place in")
                )
    return out


def _dropped_errors(
    columns: dict[str, list],
    labels: dict[str, str],
    rows: list[int],
    sheet: str,
    source_file: str,
    names: tuple[str, ...],
) -> list[Reject]:
    """Excel error values in the free-text columns of loaded rows: each value is set to null (the
    activity is still loaded) and noted in quarantine as a dropped value."""
    dropped = []
    for name in names:
        values = columns[name]
        for i, value in enumerate(values):
            if value is not None and (token := excel_error(value)) is not None:
                values[i] = None
                label = labels.get(name, name)
                dropped.append(
                    Reject(
                        FAMILY,
                        source_file,
                        f"{label} left empty, the row is still loaded: {error_reason(token)}",
                        sheet,
                        rows[i],
                        label,
                        value,
                        action="value_dropped",
                    )
                )
    return dropped


def _sheet_rows(
    grid: _Grid, header: Header, sheet: str, source_file: str, spec: _SheetSpec, window: ReportWindow | None = None
) -> _Sheet:
    """Validate the data rows column by column; a row with any bad cell is one reject naming the
    first bad column (in the spec's order), with every problem in the reason. Dates of the spec's
    `windowed` columns must fall inside `window`, the days the report covers."""
    kept, rejects = _data_rows(grid, header, sheet, source_file)
    totals = len(rejects)
    positions = {canon: int(col[1:]) for canon, col in header.columns.items()}
    if kept and kept[-1] - kept[0] + 1 == len(kept):  # no blank row inside the table: slices
        first, end = kept[0], kept[-1] + 1
        pick = lambda column: column[first:end]  # noqa: E731
    else:
        pick = lambda column: [column[i] for i in kept]  # noqa: E731
    raw = {
        c: (pick(grid.columns[p]) if (p := positions.get(c)) is not None else [None] * len(kept))
        for c in (*spec.checks, *spec.texts, *spec.plain)
    }
    parsed: dict[str, list] = {}
    problems: dict[int, list[tuple[str, str]]] = {}
    for canon, parse in spec.checks.items():
        parsed[canon], errors = _parse_column(parse, raw[canon])
        for i, reason in errors.items():
            problems.setdefault(i, []).append((canon, reason))
    if spec.row_check is not None:
        for i, problem in spec.row_check(parsed).items():
            problems.setdefault(i, []).append(problem)
    if window is not None and spec.windowed:
        for i, found in _window_problems(parsed, spec.windowed, window).items():
            problems.setdefault(i, []).extend(found)
    for i, found in sorted(problems.items()):
        column = found[0][0]
        reason = "; ".join(f"{header.labels.get(c, c)}: {r}" for c, r in found)
        rejects.append(
            Reject(
                FAMILY,
                source_file,
                reason,
                sheet,
                kept[i] + 1,
                header.labels.get(column, column),
                raw[column][i] if column in raw else None,
            )
        )
    good = [i for i in range(len(kept)) if i not in problems]
    columns = {"source_row": [kept[i] + 1 for i in good]}
    for canon, values in parsed.items():
        columns[canon] = values if not problems else [values[i] for i in good]
    for canon in (*spec.texts, *spec.plain):
        values = raw[canon]
        columns[canon] = values if not problems else [values[i] for i in good]
    rejects.sort(key=lambda r: r.source_row or 0)
    texts = (*spec.texts, *spec.plain)
    dropped = []
    if any("#" in _CELL_SEP.join(filter(None, columns[c])) for c in texts):  # rare: look closer
        columns = {**columns, **{c: list(columns[c]) for c in texts}}
        dropped = _dropped_errors(columns, header.labels, columns["source_row"], sheet, source_file, texts)
    return _Sheet(spec, sheet, columns, rejects, len(kept) + totals, dropped)


# ---------------------------------------------------------------- reading one workbook


class _Redactor:
    """Removes the preparer's name, phone and email (and any email or phone) from free text."""

    def __init__(self, personal: list[str]):
        # Plain replacements: a compiled pattern per file would cost more than the file's text.
        self._literals = sorted({p for p in personal if len(p) >= 4}, key=len, reverse=True)

    def __call__(self, text: str | None) -> str | None:
        if text is None:
            return None
        for literal in self._literals:
            if literal in text:
                text = text.replace(literal, REDACTED)
        return redact_phones_and_emails(text)

    def column(self, values: list[str | None]) -> list[str | None]:
        """The same over a whole column in one pass (no pattern can match across the separator)."""
        if not values:
            return values
        text = _CELL_SEP.join([v or "" for v in values])
        scrubbed = self(text)
        if scrubbed == text and "" not in values:
            return values  # nothing personal: the cells as they are
        pieces = scrubbed.split(_CELL_SEP)
        if len(pieces) != len(values):
            return [self(v) for v in values]
        return [p or None for p in pieces]


@dataclass
class _Output:
    """Every table column by column, built into frames once at the end."""

    tables: dict[str, dict[str, list]] = field(
        default_factory=lambda: {name: {c: [] for c in schema} for name, schema in TABLES.items()}
    )
    rejects: list[Reject] = field(default_factory=list)
    counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, object]) -> None:
        for column, values in self.tables[table].items():
            values.append(row[column])

    def add_columns(self, table: str, columns: dict[str, list], constants: dict[str, object]) -> None:
        height = len(columns["source_row"])
        for column, values in self.tables[table].items():
            values.extend(columns[column] if column in columns else itertools.repeat(constants[column], height))

    def result(self) -> ReadResult:
        tables = {name: _frame(name, columns) for name, columns in self.tables.items()}
        if not self.rejects:
            return ReadResult(tables=tables, rejects=_EMPTY_REJECTS.clear(), file_counts=self.counts)
        return ReadResult.build(tables, self.rejects, self.counts)


# Read one file at a time, an inbox builds five small frames per workbook: the constructor's
# own overhead (schema checks per column, aware datetimes converted one by one in Python)
# would cost more than reading the sheets. Same frames, built the cheap way.
_EMPTY_TABLES = {name: pl.DataFrame(schema=schema) for name, schema in TABLES.items()}
_EMPTY_REJECTS = ReadResult(tables={}).rejects
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
_FEW_ROWS = 16  # up to this height one build from row dicts beats a series per column


def _frame(name: str, columns: dict[str, list]) -> pl.DataFrame:
    """`pl.DataFrame(columns, schema=TABLES[name])`, faster."""
    schema = TABLES[name]
    height = len(columns["source_file"])
    if height == 0:
        return _EMPTY_TABLES[name].clear()
    if height <= _FEW_ROWS:
        return pl.from_dicts([dict(zip(schema, row)) for row in zip(*(columns[c] for c in schema))], schema=schema)
    return pl.DataFrame([_series(c, columns[c], dtype) for c, dtype in schema.items()])


def _series(name: str, values: list, dtype: pl.DataType) -> pl.Series:
    if (
        isinstance(dtype, pl.Datetime)
        and dtype.time_zone is not None
        and dtype.time_unit == "us"
        and all(isinstance(v, dt.datetime) and v.utcoffset() is not None for v in values)
    ):
        # Microseconds since the epoch, exactly (timedelta floor division, no float); an
        # integer cast to an aware Datetime is read as UTC epoch time, as polars stores it.
        micros = [(v - _EPOCH) // _MICROSECOND for v in values]
        return pl.Series(name, micros, dtype=pl.Int64).cast(dtype)
    return pl.Series(name, values, dtype=dtype)


@dataclass(frozen=True)
class _Pending:
    """A file to read: where it is, its name in the warehouse, and when it was received."""

    path: Path
    source_file: str
    received_at: dt.datetime
    received_source: str
    inbox: Path | None = None
    outside: bool = False  # a path given by the caller that is not inside the inbox

    @property
    def stamp(self) -> str:
        """When and how it was received, as the file index keys on it (`received_stamp`)."""
        return f"{self.received_at.isoformat()}|{self.received_source}"


def _pending(path: Path, inbox: Path, receipts: Receipts) -> _Pending:
    # (A Path given is kept: building it again parses its text again, twice per file here.)
    path = path if isinstance(path, Path) else Path(path)
    inbox = inbox if isinstance(inbox, Path) else Path(inbox)
    outside = False
    relative = relative_text(path, inbox)  # the text way for a listed file: a tenth of relative_to
    try:
        if relative is not None:
            source_file = relative
            outside = ".." in relative.split("/")
        else:
            source_file = path.relative_to(inbox).as_posix()
            # 'unit_reports/../../x' is relative by its text but lands outside the inbox.
            outside = ".." in path.relative_to(inbox).parts
    except ValueError:
        try:
            source_file = path.resolve().relative_to(Path(inbox).resolve()).as_posix()
        except ValueError:
            source_file, outside = f"{FOLDER}/{path.name}", True
    source_file = unicodedata.normalize("NFC", source_file)
    in_folder = source_file[len(FOLDER) + 1 :] if source_file.startswith(f"{FOLDER}/") else source_file
    logged = receipts.lookup(in_folder)
    if logged is not None:
        return _Pending(path, source_file, logged, "receipt_log", inbox, outside)
    try:
        mtime = path.lstat().st_mtime  # a link's own time: its target is never looked at
    except OSError:
        mtime = 0.0
    return _Pending(path, source_file, dt.datetime.fromtimestamp(mtime, tz=HCM), "file_mtime", inbox, outside)


@lru_cache(maxsize=256)
def _declared(value: str | None):
    return parse_declared_period(value)


def _not_begun(declared: DeclaredPeriod, item: _Pending) -> str | None:
    """Why a report cannot be for the period it declares: the period had not begun when the file
    was received (a ward typing 'Quý I/2027' for 'Quý I/2026'), or None."""
    window = report_window(declared)
    received = item.received_at.date()
    if window is None or window.start <= received:
        return None
    how = "in the receipt log" if item.received_source == "receipt_log" else "by its file time"
    return (
        f"the report declares {window.label} (Kỳ báo cáo), whose window opens on {window.start:%d/%m/%Y}, "
        f"but it was received on {received:%d/%m/%Y} ({how}): a report cannot be for a period that had "
        "not begun; check the reporting period and send the file again"
    )


@dataclass(frozen=True)
class _Received:
    """A file taken in: its bytes and their sha256, or why it is refused before being opened.

    Taking files in is the one order-dependent step (the first copy of identical bytes is the
    one kept, `seen`), so it is done in receipt order by whoever holds the whole inbox's `seen`;
    reading what was taken in depends on nothing else and can be done anywhere (worker processes:
    `_read_in_workers`).
    """

    item: _Pending
    data: bytes | None = None
    sha: str | None = None
    refusal: str | None = None


def _receive(item: _Pending, seen: dict[str, str]) -> _Received:
    """The file's bytes, unless it is outside the inbox, unreadable, or a copy of an earlier file
    (`seen`: sha256 -> source_file of the first file with those bytes, updated here)."""
    source_file = item.source_file
    if item.outside:
        return _Received(item, refusal="the path is outside the inbox: only files inside the inbox are read")
    if item.received_at > _latest_believable():
        return _Received(
            item,
            refusal=(
                f"the file's modification time, {item.received_at:%d/%m/%Y %H:%M}, is in the future of this run, "
                "so when it was received is unknown: add it to the receipt log (unit_reports/_received.csv)"
            ),
        )
    try:
        data = read_regular_file(item.path, item.inbox, limit=MAX_FILE_BYTES)
    except InboxFileError as exc:
        return _Received(item, refusal=str(exc))
    sha = hashlib.sha256(data).hexdigest()
    if seen.get(sha, source_file) != source_file:
        return _Received(item, refusal=f"same content as {seen[sha]} (received earlier): the copy is not loaded again")
    seen.setdefault(sha, source_file)
    return _Received(item, data, sha)


def _read_file(item: _Pending, seen: dict[str, str], out: _Output) -> _Output:
    """Read one workbook into `out`; nothing of a refused file is written but its reject."""
    return _read_received(_receive(item, seen), out)


def _read_received(received: _Received, out: _Output) -> _Output:
    """Read one workbook taken in by `_receive` into `out`."""
    item = received.item
    source_file = item.source_file
    out.counts[source_file] = (0, 0, 0)
    redact = _Redactor([])

    def refuse(reason: str, period_key: str | None = None) -> _Output:
        out.rejects.append(Reject(FAMILY, source_file, redact(reason), period_key=period_key))
        return out

    def refuse_repeated(sheet: str, header: Header) -> _Output | None:
        repeated = repeated_header(header, in_sheet=True)
        if repeated is None:
            return None
        label, reason = repeated
        out.rejects.append(Reject(FAMILY, source_file, redact(reason), source_sheet=sheet, source_column=label))
        return out

    if received.refusal is not None:
        return refuse(received.refusal)
    sha = received.sha
    assert sha is not None and received.data is not None
    try:
        reader = open_workbook(item.path, data=received.data)
        sheet_names = _sheet_names(reader)
        info_sheet = sheet_names.get("thongtin")
        activity_sheet = sheet_names.get("hoatdong")
        missing = [n for n, s in (("ThongTin", info_sheet), ("HoatDong", activity_sheet)) if s is None]
        if missing:
            return refuse(
                f"the workbook has no {' and no '.join(missing)} sheet (sheets found: "
                f"{', '.join(reader.sheet_names) or 'none'}); use the Department's report template"
            )
        info = _read_info(_load_grid(reader, info_sheet).rows)
        activity_grid = _load_grid(reader, activity_sheet)
    except WorkbookError as exc:
        return refuse(str(exc))

    redact = _Redactor(info.personal)
    unit_name_raw = redact(info.values.get("unit_name"))
    unit_code_raw = info.values.get("unit_code")
    no_unit = unit_name_raw is None and unit_code_raw is None

    header = _locate_header(activity_grid, _ACTIVITIES.layout)
    if header is None:
        if no_unit and activity_grid.filled_cells(10) == 0:
            return refuse("the workbook is an empty template: no unit name and no activity")
        return refuse(f"sheet {activity_sheet} has no header row with 'Nhiệm vụ' and 'Hình thức' in its first 10 rows")
    if (refused := refuse_repeated(activity_sheet, header)) is not None:
        return refused
    try:
        declared: DeclaredPeriod | None = _declared(info.values.get("period"))
        unknown_period = None
    except ValueError as exc:
        declared, unknown_period = None, exc
    covered = report_window(declared) if declared is not None else None
    activities = _sheet_rows(activity_grid, header, activity_sheet, source_file, _ACTIVITIES, covered)
    if no_unit and activities.read == 0:
        return refuse("the workbook is an empty template: no unit name and no activity")
    if declared is None:
        return refuse(f"unknown reporting period (Kỳ báo cáo): {unknown_period}")
    if (early := _not_begun(declared, item)) is not None:
        return refuse(early, declared.period_key)
    period_key, school_year = declared.period_key, declared.school_year
    if declared.report_kind == "ad_hoc":
        window = period_for_date(item.received_at)
        if window is None:
            return refuse(f"an ad hoc report received on {item.received_at:%d/%m/%Y}, outside every reporting window")
        period_key, school_year = window.key, window.school_year

    resolution = explain_unit(unit_name_raw, unit_code_raw)
    if resolution.match is None:
        return refuse(
            f"the unit cannot be identified (Tên đơn vị {unit_name_raw!r}, Mã đơn vị {unit_code_raw!r}): "
            f"{resolution.reason}",
            period_key,
        )
    unit = resolution.match

    sheets = [activities]
    try:
        for spec in (_ASSESSMENTS, _INCIDENTS):
            sheet = sheet_names.get(spec.name.lower())
            if sheet is None:
                continue  # DanhGia and SuCo may be left out; SuCo often is
            grid = _load_grid(reader, sheet)
            found = _locate_header(grid, spec.layout)
            if found is None:
                # A banner and a note ('Không có sự cố') are an empty sheet; anything more is
                # data that cannot be read without its header.
                if grid.filled_cells() > 2:
                    expected = ", ".join(repr(a[0]) for a in list(spec.layout.columns.values())[1:4])
                    return refuse(
                        f"sheet {sheet} has content but no header row in its first 10 rows (expected "
                        f"columns such as {expected}); use the Department's report template",
                        period_key,
                    )
                continue
            if (refused := refuse_repeated(sheet, found)) is not None:
                return refused
            sheets.append(_sheet_rows(grid, found, sheet, source_file, spec))
    except WorkbookError as exc:
        return refuse(str(exc), period_key)
    del reader

    sent_raw = info.values.get("sent_date")
    try:
        sent_date = _date(sent_raw)
    except CellError as exc:
        sent_date = None
        out.rejects.append(
            Reject(
                FAMILY,
                source_file,
                f"Ngày gửi left empty, the submission is still loaded: {exc}",
                info_sheet,
                info.rows.get("sent_date"),
                info.labels.get("sent_date"),
                sent_raw,
                period_key,
                action="value_dropped",
            )
        )

    submission_id = sha[:16]
    base = {"submission_id": submission_id, "source_file": source_file}
    rows_read = rows_loaded = rows_rejected = 0
    for parsed in sheets:
        rows_read += parsed.read
        rows_loaded += parsed.loaded
        rows_rejected += len(parsed.rejects)
        # Plain columns too: a link such as "zalo.me/0912345678" is a phone number all the same.
        for column in (*parsed.spec.texts, *parsed.spec.plain):
            parsed.columns[column] = redact.column(parsed.columns[column])
        constants = {"submission_id": submission_id, "source_file": source_file, "source_sheet": parsed.name}
        out.add_columns(parsed.spec.table, parsed.columns, constants)
        for reject in (*parsed.rejects, *parsed.dropped):
            raw = None if reject.raw_value is None else redact(str(reject.raw_value))
            out.rejects.append(replace(reject, raw_value=raw, reason=redact(reject.reason), period_key=period_key))
    out.counts[source_file] = (rows_read, rows_loaded, rows_rejected)
    out.add(
        "unit_report_submissions",
        {
            **base,
            "file_sha256": sha,
            "received_at": item.received_at,
            "received_source": item.received_source,
            "declared_sent_date": sent_date,
            "unit_name_raw": unit_name_raw,
            "unit_code_raw": unit_code_raw,
            "unit_code": unit.unit_code,
            "unit_kind": unit.unit_kind,
            "unit_name": unit.unit_name,
            "match_method": unit.method,
            "match_confidence": unit.confidence,
            "report_kind": declared.report_kind,
            "period_key": period_key,
            "school_year": school_year,
            "rows_read": rows_read,
            "rows_loaded": rows_loaded,
            "rows_rejected": rows_rejected,
        },
    )
    return out


# ---------------------------------------------------------------- public entry points


def read_unit_report_file(
    path: Path,
    inbox: Path,
    receipts: Receipts | None = None,
    seen: dict[str, str] | None = None,
) -> ReadResult:
    """Read one workbook.

    To process an inbox one file at a time, read the receipt log once (`read_receipts`), take
    the files in receipt order (`unit_report_files`) and pass the same `receipts` and `seen`
    (sha256 -> source_file of the first file with those bytes) to every call.
    """
    receipts = receipts if receipts is not None else read_receipts(inbox)
    item = _pending(path, inbox, receipts)
    return _read_file(item, seen if seen is not None else {}, _Output()).result()


def list_unit_report_files(inbox: Path) -> list[Path]:
    """Every file under `unit_reports/` but the receipt log and dot-files, whatever its extension.

    Links and special files are listed too (lib/inbox.py), so that they are refused with a
    reason rather than skipped: a link is never followed.
    """
    inbox = Path(inbox)
    folder = inbox / FOLDER
    return [path for path, _ in inbox_files(inbox, FOLDER) if not (path.parent == folder and path.name == RECEIPT_LOG)]


def _in_receipt_order(inbox: Path, receipts: Receipts, files: list[Path] | None) -> list[_Pending]:
    """The files to read (all of the folder, or `files`), earliest received first (ties by name),
    so the first copy of identical bytes is the one kept."""
    paths = (
        list_unit_report_files(inbox)
        if files is None
        else [p if Path(p).is_absolute() else inbox / p for p in map(Path, files)]
    )
    return sorted((_pending(p, inbox, receipts) for p in paths), key=lambda i: (i.received_at, i.source_file))


def pending_files(inbox: Path, receipts: Receipts) -> list[_Pending]:
    """Every file of the folder (`list_unit_report_files`) as the reader takes it in: its path,
    source_file and receipt. What a refresh keys the files on, and then hands back to
    `read_unit_reports_in_batches` (`pending=`) for those it reads, instead of both listing and
    naming the inbox's 15,000 workbooks."""
    inbox = Path(inbox)
    return [_pending(p, inbox, receipts) for p in list_unit_report_files(inbox)]


def unit_report_files(inbox: Path, receipts: Receipts, files: list[Path] | None = None) -> list[Path]:
    """The files to read, earliest received first (ties by name), so the first copy of identical
    bytes is the one kept."""
    return [i.path for i in _in_receipt_order(Path(inbox), receipts, files)]


def received_stamp(path: Path, inbox: Path, receipts: Receipts) -> tuple[str, str]:
    """(source_file, when and how it was received) as the reader will record it: what a file's
    rows depend on besides its bytes (lib/file_index.py keys on both)."""
    item = _pending(path, inbox, receipts)
    return item.source_file, item.stamp


def read_unit_reports_in_batches(
    inbox: Path,
    files: list[Path] | None = None,
    batch_size: int = 1000,
    workers: int | None = None,
    *,
    receipts: Receipts | None = None,
    pending: list[_Pending] | None = None,
) -> Iterator[ReadResult]:
    """`read_unit_reports`, `batch_size` workbooks at a time (the receipt log's rejects come with
    the first batch): what a whole school year of workbooks is read with, in bounded memory.

    The workbooks are read by `workers` processes (default: `WAREHOUSE_READ_WORKERS`, the
    CPUs this process may use, and 1 for a read of under a few hundred files: lib/workers.py),
    while the caller works on the batch before; the batches are the same either way. A caller
    that has read the receipt log (`receipts`) and taken the files in (`pending`, from
    `pending_files`, instead of `files`) passes them.
    """
    inbox = Path(inbox)
    receipts = read_receipts(inbox) if receipts is None else receipts
    if pending is not None:
        if files is not None:
            raise ValueError("give the files to read as paths (files) or as taken in (pending), not both")
        items = sorted(pending, key=lambda i: (i.received_at, i.source_file))
    else:
        items = _in_receipt_order(inbox, receipts, files)
    workers = workers_for(len(items)) if workers is None else workers
    if workers > 1 and items:
        yield from _read_in_workers(items, receipts.rejects, batch_size, workers)
        return
    out = _Output(rejects=list(receipts.rejects))
    seen: dict[str, str] = {}
    for batch in _batches(items, batch_size):
        for item in batch:
            _read_file(item, seen, out)
        yield out.result()
        out = _Output()
    if not items:  # the receipt log's rejects, if any, in an otherwise empty batch
        yield out.result()


# A worker's share of a batch: small enough that the workers start at once and finish together
# (a part is under half a second of reading) and that a worker holds little (its part's bytes and
# rows), large enough that handing it over costs nothing (a few milliseconds a part).
PART_FILES = 100


def _batches(items: list[_Pending], batch_size: int) -> Iterator[list[_Pending]]:
    """The items of each batch `read_unit_reports_in_batches` yields, in one process or in
    workers: a batch ends once it holds `batch_size` distinct files."""
    batch: list[_Pending] = []
    names: set[str] = set()
    for item in items:
        batch.append(item)
        names.add(item.source_file)
        if len(names) >= batch_size:
            yield batch
            batch, names = [], set()
    if batch:
        yield batch


def _read_part(received: list[_Received], leading: tuple[Reject, ...] = ()) -> ReadResult:
    """What a worker process does: read consecutive files taken in by the parent."""
    out = _Output(rejects=list(leading))
    for file in received:
        _read_received(file, out)
    return out.result()


def _read_in_workers(
    items: list[_Pending], leading: tuple[Reject, ...], batch_size: int, workers: int
) -> Iterator[ReadResult]:
    """The batches of the one-process reader, read by a pool of processes.

    This process takes the files in, in receipt order, with the whole inbox's `seen` (so a copy
    is refused against the first file with its bytes wherever the two fall), and hands each
    batch's files out in parts with their bytes: a worker never opens the inbox, and reads what
    was hashed. The parts of a batch come back in order and are put end to end, which is the
    batch one process would have built (its rows, rejects and counts, file after file).
    """
    seen: dict[str, str] = {}

    def parts() -> Iterator[tuple[bool, tuple]]:
        """(is this the batch's last part, the part's arguments), taking its files in on the way."""
        for number, batch in enumerate(_batches(items, batch_size)):
            size = max(1, min(PART_FILES, -(-len(batch) // workers)))
            for start in range(0, len(batch), size):
                received = [_receive(item, seen) for item in batch[start : start + size]]
                yield start + size >= len(batch), (received, leading if number == 0 and start == 0 else ())

    gathered: list[ReadResult] = []
    # Three parts a worker given out: the workers keep reading while the caller publishes a batch.
    for last, part in in_order(_read_part, parts(), workers, ahead=3 * workers):
        gathered.append(part)
        if last:
            yield _joined(gathered)
            gathered = []


def _joined(parts: list[ReadResult]) -> ReadResult:
    """Consecutive parts of a batch as one result, in order."""
    if len(parts) == 1:
        return parts[0]
    counts: dict[str, tuple[int, int, int]] = {}
    for part in parts:
        counts.update(part.file_counts)
    return ReadResult(
        tables={name: pl.concat([part.tables[name] for part in parts]) for name in TABLES},
        rejects=pl.concat([part.rejects for part in parts]),
        file_counts=counts,
    )


def read_unit_reports(inbox: Path, files: list[Path] | None = None) -> ReadResult:
    """Read the unit reports in `inbox/unit_reports/` (or just `files`), earliest received first."""
    return next(read_unit_reports_in_batches(inbox, files, batch_size=sys.maxsize))
