"""Feedback letters and the hotline log (thư góp ý, đường dây nóng) from `feedback/`, CSV or .xlsx.

One row per item received: when, through which channel, on what topic, which unit handles it,
when it was answered and its status. The free-text content (`nội dung`) often carries citizens'
names and phone numbers, so it is never read into the warehouse; neither is any column the
reader does not know (a sender's name or phone added by a unit). The free text it does keep
(topic, handling unit, a rejected value) has any phone number or e-mail address replaced by a
marker (`orchestration.domain.personal_data.redact`), for the clerk who typed one into the topic.

Rules, per data row (a row with any known column filled; rows with only an STT number or
nothing are template padding and are neither read nor counted):
- rejected: missing or unparseable received date, received date outside every reporting
  window, a received or answered date after the run's date, unparseable answered date,
  answered before received, unknown channel, unknown non-blank status, an Excel error value
  (#VALUE!, #N/A ...) in any column that is loaded (its one problem: nothing else is said
  about that cell); a rejected row gets one quarantine row per problem found and counts once;
- loaded: channel and status mapped to their canonical names (blank status stays null),
  topic and handling unit as written (NFC, spaces cleaned).

Workbooks: every visible sheet whose first 10 rows hold a header with at least `ngày nhận` and
`kênh` is read; sheets without one (notes, pivots) are skipped; a workbook with none is refused.
CSV files may also carry a banner above the header; `;` as separator is accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.domain.dates import HCM, DateFormatError, parse_date
from orchestration.domain.excel_errors import error_reason, excel_error
from orchestration.domain.periods import FIRST_PERIOD, LAST_PERIOD, period_for_date
from orchestration.domain.personal_data import redact
from orchestration.domain.text import clean_text, fold_key
from orchestration.formats.csv_files import CsvFileError, decode_utf8, text_records
from orchestration.formats.excel import (
    Header,
    WorkbookError,
    find_header,
    open_workbook,
    repeated_header,
    visible_grids,
)
from orchestration.formats.inbox import InboxFileError, check_regular_file, source_name
from orchestration.formats.inbox import inbox_files as list_inbox
from orchestration.readers import ReadResult
from orchestration.readers.quarantine import Reject

FAMILY = "feedback"
FOLDER = "feedback"

FEEDBACK_ITEMS_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
    "received_date": pl.Date,
    "channel": pl.String,
    "topic": pl.String,
    "handling_unit": pl.String,
    "answered_date": pl.Date,
    "status": pl.String,
    "period_key": pl.String,
}

# Canonical column -> header texts that mean it (folded, matched exactly or as a prefix).
# `content` is listed only so that its header is recognised and a row holding only content
# still counts as a row; its values are never copied out of the grid.
COLUMNS: dict[str, list[str]] = {
    "received_date": ["ngày nhận", "ngày tiếp nhận", "ngày nhận thư"],
    "channel": ["kênh", "kênh tiếp nhận", "hình thức tiếp nhận", "nguồn tiếp nhận"],
    "topic": ["chủ đề", "lĩnh vực", "nhóm vấn đề"],
    "content": ["nội dung", "nội dung góp ý", "nội dung phản ánh", "tóm tắt nội dung"],
    "handling_unit": ["đơn vị xử lý", "đơn vị chủ trì xử lý", "đơn vị giải quyết", "đơn vị được giao"],
    "answered_date": ["ngày trả lời", "ngày phản hồi", "ngày trả lời phản hồi"],
    "status": ["trạng thái", "tình trạng", "tình trạng xử lý", "kết quả xử lý"],
}
REQUIRED = {"received_date", "channel"}

CHANNELS: dict[str, list[str]] = {
    "Email": ["email", "e mail", "mail", "gmail", "thu dien tu", "hop thu dien tu"],
    "Cổng TTĐT": ["cong ttdt", "cong thong tin dien tu", "cong thong tin", "website", "trang ttdt"],
    "Đường dây nóng": ["duong day nong", "hotline", "dien thoai", "tong dai"],
    "Thư": ["thu", "thu tay", "thu giay", "thu gop y", "buu dien", "buu chinh", "don thu"],
    "Mạng xã hội": ["mang xa hoi", "mxh", "facebook", "fanpage", "zalo", "tiktok", "youtube"],
}
STATUSES: dict[str, list[str]] = {
    "Đã trả lời": ["da tra loi", "da phan hoi", "da xu ly", "da giai quyet", "da hoan thanh", "hoan thanh", "xong"],
    "Đang xử lý": ["dang xu ly", "dang giai quyet", "dang xem xet", "dang thu ly", "da chuyen", "chuyen xu ly"],
    "Chưa xử lý": ["chua xu ly", "chua tra loi", "chua giai quyet", "chua phan hoi", "moi tiep nhan", "moi nhan"],
}


def _vocabulary(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(folded alias, canonical) pairs, longest alias first so prefixes pick the most specific."""
    pairs = [(fold_key(alias) or alias, canon) for canon, aliases in table.items() for alias in aliases]
    pairs += [(fold_key(canon) or canon, canon) for canon in table]
    return sorted(set(pairs), key=lambda p: -len(p[0]))


_CHANNEL_WORDS = _vocabulary(CHANNELS)
_STATUS_WORDS = _vocabulary(STATUSES)


def canonical(value: object, vocabulary: list[tuple[str, str]]) -> str | None:
    """The canonical name a written value means: exact folded match, else the longest alias
    the value starts with as whole words ('Cổng TTĐT Sở' -> 'Cổng TTĐT'); None when unknown."""
    key = fold_key(value)
    if key is None:
        return None
    for alias, canon in vocabulary:
        if key == alias:
            return canon
    for alias, canon in vocabulary:
        if key.startswith(alias + " "):
            return canon
    return None


# ---------------------------------------------------------------- grids (CSV or workbook)
# Also used by the infrastructure reader; they would sit well in `lib/` beside `excel.py`.


@dataclass(frozen=True)
class Grid:
    """A sheet or CSV file as strings (columns c0, c1, ...) and the file row of each grid row."""

    sheet: str | None  # None for CSV
    frame: pl.DataFrame
    row_numbers: list[int]  # as a person sees them: Excel row, or the CSV line a record starts on


# A CSV read here is parsed twice into Python lists (',' then ';'), many times its size in
# memory: this bound keeps one file's grids well under a gigabyte, far above a year of a
# hotline log (a few megabytes).
MAX_CSV_GRID_CHARACTERS = 32 * 1024 * 1024


def csv_grid(text: str, separator: str) -> Grid:
    found = text_records(text, separator)
    records, lines = [cells for _, cells in found], [line for line, _ in found]
    width = max((len(r) for r in records), default=0)
    rows = [[cell if cell.strip() else None for cell in r] + [None] * (width - len(r)) for r in records]
    frame = pl.DataFrame(rows, schema={f"c{i}": pl.String for i in range(width)}, orient="row")
    return Grid(None, frame, lines)


def workbook_grids(path: Path, inbox: Path | None = None) -> list[Grid]:
    """Every visible sheet; `skip_rows=0` keeps the empty rows above the first filled cell,
    which calamine otherwise trims, so that row numbers are the ones Excel shows."""
    return [
        Grid(name, frame, list(range(1, frame.height + 1)))
        for name, frame in visible_grids(open_workbook(path, inbox=inbox))
    ]


def file_grids(path: Path, inbox: Path | None = None) -> list[Grid]:
    """The grids of a .csv (parsed with ',' then with ';') or a workbook (.xlsx, .xlsm: read as
    data, no macro or formula is run).

    Raises CsvFileError / WorkbookError with a message for the person who sent the file; a
    link or special file is refused whatever its name (formats/inbox.py).
    """
    try:
        check_regular_file(path, inbox)
    except InboxFileError as exc:
        raise WorkbookError(str(exc)) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = decode_utf8(path, inbox)
        if len(text) > MAX_CSV_GRID_CHARACTERS:
            raise CsvFileError(
                f"the file holds {len(text):,} characters (at most {MAX_CSV_GRID_CHARACTERS:,} expected): "
                "split it into several files"
            )
        return [csv_grid(text, ","), csv_grid(text, ";")]
    if suffix in {".xlsx", ".xlsm", ".xls"}:
        return workbook_grids(path, inbox)
    raise WorkbookError(f"expected a .csv or .xlsx file, got {suffix or 'a name without extension'}")


def inbox_files(inbox: Path, folder: str) -> list[Path]:
    """Files of an inbox folder, sorted; Office lock files (~$...) and hidden files are not data.
    Links and special files are listed, for `file_grids` to refuse (formats/inbox.py)."""
    return [path for path, _ in list_inbox(inbox, folder)]


# ---------------------------------------------------------------- the reader


def _header_cell(header: Header, canon: str) -> str:
    return clean_text(header.labels[canon]) or canon


def _read_rows(
    grid: Grid, header: Header, source_file: str, today: dt.date
) -> tuple[list[dict[str, object]], list[Reject], int]:
    items: list[dict[str, object]] = []
    rejects: list[Reject] = []
    read = 0
    known = list(header.columns)
    sheet = grid.sheet
    start = header.row_index + 1
    rows = grid.frame.slice(start).select([header.columns[c] for c in known]).rows()
    for row_number, values in zip(grid.row_numbers[start:], rows):
        cells = dict(zip(known, values))
        if all(clean_text(v) is None for v in cells.values()):
            continue
        read += 1
        problems: list[tuple[str, object, str]] = []  # (column, raw value, reason)
        # An Excel error value (#VALUE!, #N/A ...) in a column that is loaded is that column's one
        # problem: the cell is read as blank afterwards and nothing else is said about it.
        failed = {c: t for c in known if c != "content" and (t := excel_error(clean_text(cells[c]))) is not None}
        for canon, token in failed.items():
            problems.append((_header_cell(header, canon), token, error_reason(token)))
            cells[canon] = None

        def reject(canon: str, reason: str, failed=failed, problems=problems, cells=cells) -> None:
            if canon not in failed:
                problems.append((_header_cell(header, canon), cells.get(canon), reason))

        received = answered = None
        try:
            received = parse_date(cells.get("received_date"))
            if received is None:
                reject("received_date", "the received date (ngày nhận) is empty")
        except DateFormatError as exc:
            reject("received_date", f"the received date (ngày nhận) is not a date: {exc}")
        period = period_for_date(received) if received else None
        if received and period is None:
            reject(
                "received_date",
                f"the received date {received:%d/%m/%Y} is outside every reporting window "
                f"({FIRST_PERIOD} to {LAST_PERIOD})",
            )
        elif received and received > today:
            reject("received_date", f"the received date {received:%d/%m/%Y} is after this run ({today:%d/%m/%Y})")
        if "answered_date" in cells:
            try:
                answered = parse_date(cells["answered_date"])
            except DateFormatError as exc:
                reject("answered_date", f"the answered date (ngày trả lời) is not a date: {exc}")
        if answered and answered > today:
            reject("answered_date", f"the answered date {answered:%d/%m/%Y} is after this run ({today:%d/%m/%Y})")
        if received and answered and answered < received:
            reject(
                "answered_date",
                f"answered on {answered:%d/%m/%Y}, before it was received on {received:%d/%m/%Y}",
            )
        channel = canonical(cells.get("channel"), _CHANNEL_WORDS)
        if channel is None:
            written = clean_text(cells.get("channel"))
            reject(
                "channel",
                ("the channel (kênh) is empty" if written is None else "unknown channel")
                + f"; expected one of {', '.join(CHANNELS)}",
            )
        status = None
        if clean_text(cells.get("status")) is not None:
            status = canonical(cells["status"], _STATUS_WORDS)
            if status is None:
                reject("status", f"unknown status; expected one of {', '.join(STATUSES)}")

        if problems:
            for column, raw, reason in problems:
                rejects.append(
                    Reject(
                        family=FAMILY,
                        source_file=source_file,
                        source_sheet=sheet,
                        source_row=row_number,
                        source_column=column,
                        raw_value=redact(clean_text(raw)),
                        reason=reason,
                        period_key=period.key if period else None,
                    )
                )
            continue
        items.append(
            {
                "source_file": source_file,
                "source_sheet": sheet,
                "source_row": row_number,
                "received_date": received,
                "channel": channel,
                "topic": redact(clean_text(cells.get("topic"))),
                "handling_unit": redact(clean_text(cells.get("handling_unit"))),
                "answered_date": answered,
                "status": status,
                "period_key": period.key if period else None,
            }
        )
    return items, rejects, read


def read_feedback(inbox: Path, only: Collection[str] | None = None, today: dt.date | None = None) -> ReadResult:
    """Read every file in `inbox/feedback/` (or those of `only`, by source_file) into
    `feedback_items` (content never loaded); a date after `today` (the run's date) is refused."""
    today = today or dt.datetime.now(HCM).date()
    items: list[dict[str, object]] = []
    rejects: list[Reject] = []
    counts: dict[str, tuple[int, int, int]] = {}
    for path in inbox_files(inbox, FOLDER):
        source_file = source_name(path, inbox)
        if only is not None and source_file not in only:
            continue
        try:
            grids = file_grids(path, inbox)
        except (CsvFileError, WorkbookError) as exc:
            rejects.append(Reject(FAMILY, source_file, reason=f"file refused: {exc}"))
            counts[source_file] = (0, 0, 0)
            continue
        found_any = False
        read = loaded = rejected = 0
        headers = [(grid, find_header(grid.frame, COLUMNS, REQUIRED)) for grid in grids]
        headed = [(g, h) for g, h in headers if h is not None]
        if path.suffix.lower() == ".csv":  # the same text parsed with ',' then ';': the first with a header
            headed = headed[:1]
        repeated = next(((g, r) for g, h in headed if (r := repeated_header(h, g.sheet is not None))), None)
        if repeated is not None:
            grid, (label, reason) = repeated
            rejects.append(
                Reject(FAMILY, source_file, f"file refused: {reason}", source_sheet=grid.sheet, source_column=label)
            )
            counts[source_file] = (0, 0, 0)
            continue
        for grid, header in headers:
            if header is None:
                continue
            found_any = True
            rows, row_rejects, n = _read_rows(grid, header, source_file, today)
            items += rows
            rejects += row_rejects
            read += n
            loaded += len(rows)
            rejected += len({r.source_row for r in row_rejects})
            if path.suffix.lower() == ".csv":
                break  # the same text parsed with ',' then ';': the first that has a header wins
        if not found_any:
            rejects.append(
                Reject(
                    FAMILY,
                    source_file,
                    reason="file refused: no header row with at least 'Ngày nhận' and 'Kênh' in "
                    "the first 10 rows of any visible sheet",
                )
            )
        counts[source_file] = (read, loaded, rejected)
    table = pl.DataFrame(items, schema=FEEDBACK_ITEMS_SCHEMA)
    return ReadResult.build({"feedback_items": table}, rejects, counts)


__all__ = ["read_feedback", "FEEDBACK_ITEMS_SCHEMA", "canonical", "Grid", "file_grids", "inbox_files"]
