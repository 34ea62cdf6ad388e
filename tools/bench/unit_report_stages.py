"""Where the pipeline's unit-report reader spends its time beyond the bare fastexcel read.

Each stage is the one before it plus one more step of `read_unit_report_file`, timed over the
same files (an evenly spaced sample of the inbox), best of a few interleaved passes, CPU time of
this process. The stages call the reader's inner steps (`grid.load_grid`, `workbook.read_file`, ...) on
purpose: this module exists to take the reader apart, and must follow it when it changes.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

import fastexcel

from orchestration.domain.text import fold_key
from orchestration.formats.excel import open_workbook
from orchestration.readers import unit_report as reader
from orchestration.readers.unit_report import grid, intake, output, workbook
from tools.bench.unit_report_phases import READER_SHEETS

STAGES: tuple[tuple[str, str], ...] = (
    ("floor", "bare fastexcel: open, load the four sheets, to polars (the floor)"),
    ("arrow", "open, load the four sheets as Arrow batches (what the reader asks fastexcel for)"),
    ("checks", "+ read the bytes, sha256 (duplicates), sniff the content (CSV/HTML under .xlsx)"),
    ("python", "+ every cell to a Python string (`to_pylist`)"),
    ("clean", "+ cleaning: NFC, odd and double spaces, blanks to null (`grid.load_grid`)"),
    ("validate", "+ ThongTin, header search, data rows, cell parsing, unit look-up, redaction"),
    ("frames", "+ the per-file result: four polars frames and the quarantine frame"),
)


def _sheets(book: fastexcel.ExcelReader) -> list[str]:
    return [name for name in book.sheet_names if (fold_key(name) or "").replace(" ", "") in READER_SHEETS]


def _passes(inbox: Path, files: list[Path]) -> dict[str, Callable[[], None]]:
    receipts = reader.read_receipts(inbox)

    def floor() -> None:
        for path in files:
            book = fastexcel.read_excel(path)
            for name in _sheets(book):
                book.load_sheet(name, header_row=None, dtypes="string", skip_rows=0).to_polars()

    def arrow() -> None:
        for path in files:
            book = fastexcel.read_excel(path)
            for name in _sheets(book):
                book.load_sheet(name, header_row=None, dtypes="string", skip_rows=0, eager=True)

    def checks() -> None:
        for path in files:
            hashlib.sha256(path.read_bytes()).hexdigest()
            book = open_workbook(path)
            for name in _sheets(book):
                book.load_sheet(name, header_row=None, dtypes="string", skip_rows=0, eager=True)

    def python() -> None:
        for path in files:
            hashlib.sha256(path.read_bytes()).hexdigest()
            book = open_workbook(path)
            for name in _sheets(book):
                batch = book.load_sheet(name, header_row=None, dtypes="string", skip_rows=0, eager=True)
                [column.to_pylist() for column in batch.columns]

    def clean() -> None:
        for path in files:
            hashlib.sha256(path.read_bytes()).hexdigest()
            book = open_workbook(path)
            for name in _sheets(book):
                grid.load_grid(book, name)

    def validate() -> None:
        seen: dict[str, str] = {}
        for path in files:
            workbook.read_file(intake.pending_file(path, inbox, receipts), seen, output.Output())

    def frames() -> None:
        seen: dict[str, str] = {}
        for path in files:
            reader.read_unit_report_file(path, inbox, receipts, seen)

    return {
        "floor": floor,
        "arrow": arrow,
        "checks": checks,
        "python": python,
        "clean": clean,
        "validate": validate,
        "frames": frames,
    }


def measure(inbox: Path, files: list[Path], repeat: int = 3) -> dict[str, float]:
    """Seconds per workbook for each stage: the best of `repeat` interleaved passes."""
    passes = _passes(inbox, files)
    passes["frames"]()  # warm every cache and the reference data once, outside the timing
    best = dict.fromkeys(passes, float("inf"))
    for _ in range(repeat):
        for name, run in passes.items():
            start = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - start)
    return {name: seconds / len(files) for name, seconds in best.items()}


def table(per_workbook: dict[str, float], sample: int) -> list[str]:
    floor = per_workbook["floor"]
    lines = [
        f"| stage (cumulative, {sample} workbooks, CPU time) | ms per workbook | step (ms) | ratio to floor |",
        "|---|---:|---:|---:|",
    ]
    previous = None
    for name, label in STAGES:
        value = per_workbook[name]
        step = "" if previous is None else f"{(value - previous) * 1e3:+.3f}"
        lines.append(f"| {label} | {value * 1e3:.3f} | {step} | {value / floor:.2f}x |")
        previous = value if name != "floor" else None
    return lines
