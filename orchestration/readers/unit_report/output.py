"""The reader's output: every table column by column while files are read, built into polars
frames and a `ReadResult` once at the end of a batch.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

import polars as pl

from orchestration.readers import ReadResult
from orchestration.readers.quarantine import Reject
from orchestration.readers.unit_report.schema import TABLES


@dataclass
class Output:
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


def joined(parts: list[ReadResult]) -> ReadResult:
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
