"""Reading one workbook taken in: its sheets found, ThongTin read, the unit and the reporting
period resolved, the data sheets checked, personal data scrubbed, and its rows, rejects and
counts added to the output; or the whole file refused with one reason.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from orchestration.domain.periods import DeclaredPeriod, parse_declared_period, period_for_date, report_window
from orchestration.domain.personal_data import REDACTED
from orchestration.domain.personal_data import redact as redact_phones_and_emails
from orchestration.domain.unit_matching import explain_unit
from orchestration.formats.excel import Header, WorkbookError, open_workbook, repeated_header
from orchestration.readers.quarantine import Reject
from orchestration.readers.unit_report.cells import CellError, parse_day
from orchestration.readers.unit_report.grid import load_grid, locate_header, sheets_by_key
from orchestration.readers.unit_report.info import read_info
from orchestration.readers.unit_report.intake import PendingFile, ReceivedFile, receive
from orchestration.readers.unit_report.output import Output
from orchestration.readers.unit_report.schema import FAMILY
from orchestration.readers.unit_report.sheets import (
    ACTIVITIES_SHEET,
    ASSESSMENTS_SHEET,
    INCIDENTS_SHEET,
    read_sheet_rows,
)


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
        """The same over each cell of a column."""
        return [self(value) for value in values]


@lru_cache(maxsize=256)
def _declared(value: str | None):
    return parse_declared_period(value)


def _not_begun(declared: DeclaredPeriod, item: PendingFile) -> str | None:
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


def declared_period_key(path: Path, inbox: Path | None = None) -> str | None:
    """The reporting period a workbook's ThongTin sheet declares (Kỳ báo cáo), read from that
    sheet alone; None when the file, the sheet or the value cannot be read. For questions about
    an inbox's periods before it is read: the reading itself is `read_file`."""
    try:
        reader = open_workbook(path, inbox=inbox)
        info_sheet = sheets_by_key(reader).get("thongtin")
        if info_sheet is None:
            return None
        declared = _declared(read_info(load_grid(reader, info_sheet).rows).values.get("period"))
    except (WorkbookError, ValueError):
        return None
    return declared.period_key if declared is not None else None


def read_file(item: PendingFile, seen: dict[str, str], out: Output) -> Output:
    """Read one workbook into `out`; nothing of a refused file is written but its reject."""
    return read_received(receive(item, seen), out)


def read_received(received: ReceivedFile, out: Output) -> Output:
    """Read one workbook taken in by `receive` into `out`."""
    item = received.item
    source_file = item.source_file
    out.counts[source_file] = (0, 0, 0)
    redact = _Redactor([])

    def refuse(reason: str, period_key: str | None = None) -> Output:
        out.rejects.append(Reject(FAMILY, source_file, redact(reason), period_key=period_key))
        return out

    def refuse_repeated(sheet: str, header: Header) -> Output | None:
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
        sheet_names = sheets_by_key(reader)
        info_sheet = sheet_names.get("thongtin")
        activity_sheet = sheet_names.get("hoatdong")
        missing = [n for n, s in (("ThongTin", info_sheet), ("HoatDong", activity_sheet)) if s is None]
        if missing:
            return refuse(
                f"the workbook has no {' and no '.join(missing)} sheet (sheets found: "
                f"{', '.join(reader.sheet_names) or 'none'}); use the Department's report template"
            )
        info = read_info(load_grid(reader, info_sheet).rows)
        activity_grid = load_grid(reader, activity_sheet)
    except WorkbookError as exc:
        return refuse(str(exc))

    redact = _Redactor(info.personal)
    unit_name_raw = redact(info.values.get("unit_name"))
    unit_code_raw = info.values.get("unit_code")
    no_unit = unit_name_raw is None and unit_code_raw is None

    header = locate_header(activity_grid, ACTIVITIES_SHEET.layout)
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
    activities = read_sheet_rows(activity_grid, header, activity_sheet, source_file, ACTIVITIES_SHEET, covered)
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
        for spec in (ASSESSMENTS_SHEET, INCIDENTS_SHEET):
            sheet = sheet_names.get(spec.name.lower())
            if sheet is None:
                continue  # DanhGia and SuCo may be left out; SuCo often is
            grid = load_grid(reader, sheet)
            found = locate_header(grid, spec.layout)
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
            sheets.append(read_sheet_rows(grid, found, sheet, source_file, spec))
    except WorkbookError as exc:
        return refuse(str(exc), period_key)
    del reader

    sent_raw = info.values.get("sent_date")
    try:
        sent_date = parse_day(sent_raw)
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
