"""What the media readers (press, fanpage, web) share besides parsing: finding their files,
turning failed checks into quarantine rows, and reading every file so that one bad file never
stops the others.

Parsing lives in formats/csv_files (records, headers), value parsers in readers/csv_values.py.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.domain.personal_data import redact
from orchestration.formats.csv_files import LINE, PROBLEM, CsvFileError
from orchestration.formats.inbox import inbox_files
from orchestration.readers import ReadResult
from orchestration.readers.quarantine import QUARANTINE_SCHEMA, Reject, quarantine_text, rejects_frame

REASON = "__reason"
REJECT_COLUMN = "__reject_column"
REJECT_RAW = "__reject_raw"


def media_files(inbox: Path, folder: str) -> list[tuple[Path, str]]:
    """Every file under `inbox/media/<folder>/`, recursively, skipping dot-files and dot-folders.

    Returns (path, path relative to the inbox in posix form), sorted.
    """
    # Links and special files are listed too, for `utf8_bytes` to refuse (formats/inbox.py).
    return inbox_files(inbox, f"media/{folder}")


def only_files(files: list[tuple[Path, str]], only: Collection[str] | None) -> list[tuple[Path, str]]:
    """The files whose inbox-relative name is in `only` (all of them when `only` is None):
    an incremental run reads just the files that are new or changed (warehouse/file_index.py)."""
    if only is None:
        return files
    wanted = set(only)
    return [(path, name) for path, name in files if name in wanted]


ROW_REJECTED = "row_rejected"
VALUE_DROPPED = "value_dropped"


@dataclass(frozen=True)
class Check:
    """One reason to refuse a row (or, with VALUE_DROPPED, to explain a value set to null)."""

    failed: pl.Expr
    column: str | None
    raw: pl.Expr
    reason: pl.Expr
    action: str = ROW_REJECTED


def shape_check(header: list[str]) -> Check:
    # The row as the parser saw it, without the empty padding of a short row.
    whole_row = pl.concat_str([pl.col(h).fill_null("") for h in header], separator=",").str.strip_chars_end(",")
    return Check(pl.col(PROBLEM).is_not_null(), None, whole_row, pl.col(PROBLEM))


def _first_failure(checks: list[Check]) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(reason, column, raw value) of the first check each row fails, null when none."""
    reason = column = raw = None
    for check in checks:
        failed = check.failed.fill_null(False)
        col_value = pl.lit(check.column, dtype=pl.String)
        raw_value = check.raw.cast(pl.String)
        if reason is None:
            reason = pl.when(failed).then(check.reason)
            column = pl.when(failed).then(col_value)
            raw = pl.when(failed).then(raw_value)
        else:
            reason = reason.when(failed).then(check.reason)
            column = column.when(failed).then(col_value)
            raw = raw.when(failed).then(raw_value)
    return (
        reason.otherwise(None).cast(pl.String).alias(REASON),
        column.otherwise(None).cast(pl.String).alias(REJECT_COLUMN),
        raw.otherwise(None).cast(pl.String).alias(REJECT_RAW),
    )


def _quarantine_rows(
    marked: pl.DataFrame, *, family: str, source_file: str, period_col: str, action: str
) -> pl.DataFrame:
    known = {
        "family": pl.lit(family),
        "source_file": pl.lit(source_file),
        "source_row": pl.col(LINE),
        "source_column": pl.col(REJECT_COLUMN),
        "raw_value": pl.col(REJECT_RAW).map_elements(quarantine_text, return_dtype=pl.String),
        "reason": pl.col(REASON).map_elements(redact, return_dtype=pl.String),
        "period_key": pl.col(period_col),
        "action": pl.lit(action),
    }
    return marked.select(
        [known.get(name, pl.lit(None)).cast(dtype).alias(name) for name, dtype in QUARANTINE_SCHEMA.items()]
    )


def split_rejects(
    frame: pl.DataFrame,
    checks: list[Check],
    *,
    family: str,
    source_file: str,
    period_col: str = "period_key",
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows kept, quarantine rows).

    A row failing a ROW_REJECTED check is refused once, for the first check it fails; a kept
    row failing a VALUE_DROPPED check stays (the reader has already nulled the value) and gets
    one explanatory quarantine row per such check.
    """
    row_checks = [c for c in checks if c.action == ROW_REJECTED]
    parts: list[pl.DataFrame] = []
    kept = frame
    if row_checks:
        # Reasons are worded only for the rows that fail, not computed for every row.
        failing = frame.select(pl.any_horizontal(c.failed.fill_null(False) for c in row_checks)).to_series()
        kept = frame.filter(~failing) if failing.any() else frame  # no copy when every row passes
        marked = frame.filter(failing).with_columns(*_first_failure(row_checks))
        parts.append(
            _quarantine_rows(
                marked,
                family=family,
                source_file=source_file,
                period_col=period_col,
                action=ROW_REJECTED,
            )
        )
    for check in checks:
        if check.action == ROW_REJECTED:
            continue
        marked = kept.filter(check.failed.fill_null(False)).with_columns(*_first_failure([check]))
        parts.append(
            _quarantine_rows(
                marked,
                family=family,
                source_file=source_file,
                period_col=period_col,
                action=check.action,
            )
        )
    rejects = pl.concat(parts) if parts else pl.DataFrame(schema=QUARANTINE_SCHEMA)
    return kept, rejects


def run_reader(
    family: str,
    files: list[tuple[Path, str]],
    read_file: Callable[[Path, str], tuple[pl.DataFrame, pl.DataFrame, int]],
    table: str,
    schema: dict[str, pl.DataType],
) -> ReadResult:
    """Read every file; a file the reader cannot use becomes one file-level reject, never a raise.

    `read_file` returns (loaded rows, row rejects, rows read) or raises CsvFileError.
    """
    loaded: list[pl.DataFrame] = []
    row_rejects: list[pl.DataFrame] = []
    file_rejects: list[Reject] = []
    counts: dict[str, tuple[int, int, int]] = {}
    for path, source_file in files:
        try:
            rows, rejects, read = read_file(path, source_file)
        except CsvFileError as exc:
            file_rejects.append(
                Reject(family=family, source_file=source_file, reason=str(exc), source_column=exc.column)
            )
            counts[source_file] = (0, 0, 0)
            continue
        except OSError as exc:
            file_rejects.append(Reject(family, source_file, f"the file cannot be opened: {exc.strerror or exc}"))
            counts[source_file] = (0, 0, 0)
            continue
        except Exception as exc:  # noqa: BLE001 - the contract: never raise on bad input
            file_rejects.append(
                Reject(
                    family,
                    source_file,
                    f"the reader failed on this file ({type(exc).__name__}: "
                    f"{str(exc).splitlines()[0][:200] if str(exc) else ''}); report it to the data team",
                )
            )
            counts[source_file] = (0, 0, 0)
            continue
        loaded.append(rows.select([pl.col(c).cast(t) for c, t in schema.items()]))
        row_rejects.append(rejects)
        rejected = rejects.filter(pl.col("action") == ROW_REJECTED).height
        counts[source_file] = (read, rows.height, rejected)
    frame = pl.concat(loaded) if loaded else pl.DataFrame(schema=schema)
    rejects = pl.concat([rejects_frame(file_rejects), *row_rejects])
    return ReadResult(tables={table: frame}, rejects=rejects, file_counts=counts)
