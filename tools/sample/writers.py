"""Byte-reproducible file writers for the sample inbox, and the record of what was written.

Everything a writer produces depends only on its arguments: workbooks are built in memory
(xlsxwriter then stamps every zip member 1980-01-01) with a fixed creation date, CSVs use an
explicit line terminator, and each file's modification time is set from the data at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from orchestration.domain.dates import HCM


@dataclass
class Inbox:
    """The output folder and every file written into it, with the mtime each must carry."""

    root: Path
    mtimes: dict[Path, dt.datetime] = field(default_factory=dict)

    def path(self, relative: str) -> Path:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def record(self, path: Path, mtime: dt.datetime) -> None:
        if mtime.tzinfo is None:
            mtime = mtime.replace(tzinfo=HCM)
        self.mtimes[path] = mtime

    def apply_mtimes(self) -> None:
        for path, moment in sorted(self.mtimes.items()):
            stamp = moment.timestamp()
            os.utime(path, (stamp, stamp))


def csv_text(rows: Iterable[Sequence[object]], *, quote_all: bool, line_end: str = "\r\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator=line_end,
    )
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


def write_text(path: Path, text: str, *, bom: bool = False, nfd: bool = False) -> None:
    if nfd:
        text = unicodedata.normalize("NFD", text)
    data = text.encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def write_csv(
    path: Path,
    rows: Iterable[Sequence[object]],
    *,
    bom: bool = False,
    quote_all: bool = False,
    line_end: str = "\r\n",
    preamble: str = "",
) -> None:
    write_text(path, preamble + csv_text(rows, quote_all=quote_all, line_end=line_end), bom=bom)


def new_workbook(path: Path, created: dt.datetime, author: str) -> xlsxwriter.Workbook:
    """A workbook whose bytes depend only on what is written into it."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    # core.xml carries the creation date; without one xlsxwriter stamps the current time.
    naive_utc = created.astimezone(dt.UTC).replace(tzinfo=None)
    workbook.set_properties({"created": naive_utc, "author": author})
    return workbook


def excel_naive(moment: dt.date | dt.datetime) -> dt.datetime:
    """xlsxwriter writes datetimes as Excel serials and needs them naive (local wall clock)."""
    if isinstance(moment, dt.datetime):
        return moment.replace(tzinfo=None)
    return dt.datetime(moment.year, moment.month, moment.day)
