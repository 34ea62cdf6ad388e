"""Readers: one module per kind of file in the inbox, each turning files into raw tables.

Every reader is a pure function of the files it is given (no database, no Dagster), so it can
be tested on tiny fixtures. The contract every reader keeps:

- it returns a `ReadResult`: `tables` (raw table name -> polars frame with the documented
  schema, possibly empty but never missing), `rejects` (quarantine rows, see
  `orchestration.readers.quarantine`) and `rows_read` per source file;
- every data row read is either in a table or in `rejects`: per file,
  rows_read == rows loaded + rows rejected (file-level rejects count the file, not rows);
- text is NFC and space-cleaned (`orchestration.domain.text.clean_text`);
- personal data (names, phones, emails of respondents and preparers) never enters a table,
  a reject's raw value, or an exception message;
- a reader never raises on bad input: it rejects, with the file, sheet, row, column, raw value
  and a reason in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from orchestration.readers.quarantine import QUARANTINE_SCHEMA, Reject, rejects_frame


@dataclass
class ReadResult:
    tables: dict[str, pl.DataFrame]
    rejects: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=QUARANTINE_SCHEMA))
    # source_file -> (rows read, rows loaded, rows rejected); file-level rejects are (0, 0, 0)
    file_counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @staticmethod
    def build(
        tables: dict[str, pl.DataFrame],
        rejects: list[Reject],
        file_counts: dict[str, tuple[int, int, int]],
    ) -> ReadResult:
        return ReadResult(tables=tables, rejects=rejects_frame(rejects), file_counts=file_counts)

    def period_keys(self) -> set[str]:
        """The reporting periods the rows (loaded or rejected) belong to."""
        keys: set[str] = set()
        for frame in (*self.tables.values(), self.rejects):
            if "period_key" in frame.columns:
                keys.update(frame["period_key"].drop_nulls().unique().to_list())
        return keys


def file_counts_frame(family: str, result: ReadResult) -> pl.DataFrame:
    """One row per file: what the reconciliation check compares (read = loaded + rejected)."""
    return pl.DataFrame(
        [
            {"family": family, "source_file": f, "rows_read": read, "rows_loaded": loaded, "rows_rejected": rejected}
            for f, (read, loaded, rejected) in sorted(result.file_counts.items())
        ],
        schema={
            "family": pl.String,
            "source_file": pl.String,
            "rows_read": pl.Int64,
            "rows_loaded": pl.Int64,
            "rows_rejected": pl.Int64,
        },
    )
