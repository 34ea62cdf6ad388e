"""What the unit-report reader writes: its quarantine family, its inbox folder and receipt log,
and the four tables it fills (one row per workbook, per activity, per assessed task, per incident).
"""

from __future__ import annotations

import polars as pl

FAMILY = "unit_reports"
FOLDER = "unit_reports"
RECEIPT_LOG = "_received.csv"
RECEIPT_LOG_PATH = f"{FOLDER}/{RECEIPT_LOG}"

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
