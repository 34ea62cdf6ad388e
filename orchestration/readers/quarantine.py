"""Rejected input, in the data: every file or row the pipeline refuses becomes one quarantine row.

Analysts query `raw.quarantine`; nothing is rejected only in a log. A file-level reject has
no sheet or row; a row-level reject names the sheet (Excel) or none (CSV), the 1-based row
number as a person sees it in the file, the column header, the raw value and the reason.
Phone numbers and e-mail addresses in a raw value or a reason are redacted here, whatever the
reader passed: a value is quarantined because it is not what its column expects, and a phone
typed into the wrong cell is exactly such a value.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from orchestration.domain.personal_data import redact

RAW_VALUE_CHARS = 500
# Redaction runs on a prefix this long, then the result is cut to RAW_VALUE_CHARS: a number cut
# in half at the prefix's end could no longer be recognised, and redaction shortens a text by at
# most 30% (a 10-character number becomes the 7-character marker), so what is left of it lies
# beyond what is kept.
_REDACTED_PREFIX = 2 * RAW_VALUE_CHARS


def quarantine_text(value: object) -> str | None:
    """A raw value or reason as the quarantine stores it: text, redacted, at most RAW_VALUE_CHARS."""
    if value is None:
        return None
    return redact(str(value)[:_REDACTED_PREFIX])[:RAW_VALUE_CHARS]


QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "family": pl.String,  # unit_reports | press | fanpage | web | surveys | feedback | infrastructure
    "source_file": pl.String,  # path relative to the inbox
    "source_sheet": pl.String,
    "source_row": pl.Int64,
    "source_column": pl.String,
    "raw_value": pl.String,
    "reason": pl.String,  # plain words: what was found and what was expected
    "period_key": pl.String,  # the period the row belongs to, when known
    # file_rejected: nothing of the file loaded; row_rejected: the row is not loaded;
    # value_dropped: the row is loaded but this one value was set to null
    "action": pl.String,
}


@dataclass(frozen=True)
class Reject:
    family: str
    source_file: str
    reason: str
    source_sheet: str | None = None
    source_row: int | None = None
    source_column: str | None = None
    raw_value: object = None
    period_key: str | None = None
    action: str | None = None  # default: file_rejected without a row, else row_rejected

    def as_row(self) -> dict[str, object]:
        return {
            "family": self.family,
            "source_file": self.source_file,
            "source_sheet": self.source_sheet,
            "source_row": self.source_row,
            "source_column": self.source_column,
            "raw_value": quarantine_text(self.raw_value),
            "reason": redact(self.reason),
            "period_key": self.period_key,
            "action": self.action or ("file_rejected" if self.source_row is None else "row_rejected"),
        }


def rejects_frame(rejects: list[Reject]) -> pl.DataFrame:
    return pl.DataFrame([r.as_row() for r in rejects], schema=QUARANTINE_SCHEMA)
