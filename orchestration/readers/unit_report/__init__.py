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

The package, one module per concern, each importing only those above it in this list:
- `schema`: the family, folder and receipt-log names, and the four tables' schemas;
- `cells`: the cell parsers (tasks, forms, channels, severities, dates, numbers, percentages);
- `grid`: a sheet loaded as cleaned text, and its header row located against a layout;
- `info`: the ThongTin sheet; `sheets`: the data sheets, their rows checked column by column;
- `intake`: the receipt log, the files of the folder and when each was received, each file's
  bytes taken in or the file refused;
- `output`: the tables built into frames and a `ReadResult`;
- `workbook`: one workbook read into the output;
- `batches`: the entry points, batches and worker processes.
"""

from orchestration.readers.unit_report.batches import (
    PART_FILES,
    read_unit_report_file,
    read_unit_reports,
    read_unit_reports_in_batches,
)
from orchestration.readers.unit_report.cells import (
    ACTIVITY_FORMS,
    CHANNELS,
    EARLIEST_DATE,
    LATEST_DATE,
    SEVERITIES,
    CellError,
    parse_channel,
    parse_completion_pct,
    parse_form,
    parse_severity,
    parse_task,
)
from orchestration.readers.unit_report.intake import (
    CLOCK_TOLERANCE,
    RECEIPT_LOG_MAX_BYTES,
    PendingFile,
    Receipts,
    list_unit_report_files,
    pending_files,
    read_receipts,
    received_stamp,
    unit_report_files,
)
from orchestration.readers.unit_report.schema import (
    ACTIVITIES_SCHEMA,
    ASSESSMENTS_SCHEMA,
    FAMILY,
    FOLDER,
    INCIDENTS_SCHEMA,
    RECEIPT_LOG,
    RECEIPT_LOG_PATH,
    SUBMISSIONS_SCHEMA,
    TABLES,
    TS,
)
from orchestration.readers.unit_report.sheets import ACTIVITY_COLUMNS, ASSESSMENT_COLUMNS, INCIDENT_COLUMNS
from orchestration.readers.unit_report.workbook import declared_period_key

__all__ = [
    "ACTIVITIES_SCHEMA",
    "ACTIVITY_COLUMNS",
    "ACTIVITY_FORMS",
    "ASSESSMENTS_SCHEMA",
    "ASSESSMENT_COLUMNS",
    "CHANNELS",
    "CLOCK_TOLERANCE",
    "EARLIEST_DATE",
    "FAMILY",
    "FOLDER",
    "INCIDENTS_SCHEMA",
    "INCIDENT_COLUMNS",
    "LATEST_DATE",
    "PART_FILES",
    "RECEIPT_LOG",
    "RECEIPT_LOG_MAX_BYTES",
    "RECEIPT_LOG_PATH",
    "SEVERITIES",
    "SUBMISSIONS_SCHEMA",
    "TABLES",
    "TS",
    "CellError",
    "PendingFile",
    "Receipts",
    "declared_period_key",
    "list_unit_report_files",
    "parse_channel",
    "parse_completion_pct",
    "parse_form",
    "parse_severity",
    "parse_task",
    "pending_files",
    "read_receipts",
    "read_unit_report_file",
    "read_unit_reports",
    "read_unit_reports_in_batches",
    "received_stamp",
    "unit_report_files",
]
