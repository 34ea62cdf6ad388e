"""The unit-report benchmark's phases, each run in a fresh Python process by `bench.unit_reports`.

One phase times one reader over the inbox's workbooks (or an evenly spaced sample of them) and
returns what it found: workbooks, wall seconds, row counts, and, through `run_phase`, the
process's peak memory and CPU time, so that the parent can compare readers run apart.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

PHASES = ("floor", "reader", "parallel", "pandas")
CHILD_PHASES = (*PHASES, "stages")
# The sheets the reader reads, by the folded name it looks them up by (`_sheet_names`).
READER_SHEETS = ("thongtin", "hoatdong", "danhgia", "suco")


def peak_rss_mib() -> float:
    """The process's peak resident set (VmHWM), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _files(inbox: Path) -> list[Path]:
    from orchestration.readers.unit_report import read_receipts, unit_report_files

    return unit_report_files(inbox, read_receipts(inbox))


def _sample(files: list[Path], size: int) -> list[Path]:
    """`size` files evenly spaced over the list (departments, wards and schools alike)."""
    if size >= len(files):
        return files
    if size < 1:
        return []
    step = len(files) / size
    return [files[int(i * step)] for i in range(size)]


def _no_counts() -> dict[str, int]:
    return dict.fromkeys(("submissions", "activities", "assessments", "incidents", "rejects"), 0)


def _count(counts: dict[str, int], result) -> None:
    """Add a read's rows (one file's or one batch's) to `counts`."""
    for name in ("submissions", "activities", "assessments", "incidents"):
        counts[name] += result.tables[f"unit_report_{name}"].height
    counts["rejects"] += result.rejects.height


def phase_reader(inbox: Path) -> dict:
    from orchestration.readers.unit_report import read_receipts, read_unit_report_file, unit_report_files

    start = time.perf_counter()
    receipts = read_receipts(inbox)
    files = unit_report_files(inbox, receipts)
    seen: dict[str, str] = {}
    counts = _no_counts()
    for path in files:
        _count(counts, read_unit_report_file(path, inbox, receipts, seen))
    seconds = time.perf_counter() - start
    return {"workbooks": len(files), "seconds": seconds, "counts": counts}


def phase_parallel(inbox: Path) -> dict:
    from orchestration.readers.unit_report import read_unit_reports_in_batches
    from orchestration.readers.workers import READ_WORKERS_SETTING, read_workers

    workers = read_workers(os.environ.get(READ_WORKERS_SETTING))
    start = time.perf_counter()
    workbooks = 0
    counts = _no_counts()
    for batch in read_unit_reports_in_batches(inbox, workers=workers):
        workbooks += len(batch.file_counts)
        _count(counts, batch)
    seconds = time.perf_counter() - start
    # The workers are gone (the pool is shut down when the batches end): their peak is known.
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if workers > 1 else 0.0
    return {
        "workbooks": workbooks,
        "seconds": seconds,
        "counts": counts,
        "workers": workers,
        "worker_peak_mib": worker_peak,
    }


def phase_floor(inbox: Path) -> dict:
    import fastexcel

    from orchestration.domain.text import fold_key

    files = _files(inbox)
    start = time.perf_counter()
    sheets = cells = 0
    for path in files:
        reader = fastexcel.read_excel(path)
        for name in reader.sheet_names:
            if (fold_key(name) or "").replace(" ", "") in READER_SHEETS:
                # The reader's own load options: no header, every cell as text, leading rows kept.
                frame = reader.load_sheet(name, header_row=None, dtypes="string", skip_rows=0).to_polars()
                sheets += 1
                cells += frame.height * frame.width
    seconds = time.perf_counter() - start
    return {"workbooks": len(files), "seconds": seconds, "counts": {"sheets": sheets, "grid_cells": cells}}


def phase_pandas(inbox: Path, sample: int) -> dict:
    import openpyxl  # noqa: F401  (pandas imports it on its first read: an import, not a read)
    import pandas as pd

    files = _sample(_files(inbox), sample)
    start = time.perf_counter()
    sheets = rows = 0
    for path in files:
        frames = pd.read_excel(path, sheet_name=None, engine="openpyxl")
        sheets += len(frames)
        rows += sum(len(f) for f in frames.values())
    seconds = time.perf_counter() - start
    return {"workbooks": len(files), "seconds": seconds, "counts": {"sheets": sheets, "rows": rows}}


def phase_stages(inbox: Path, sample: int) -> dict:
    from tools.bench import unit_report_stages

    files = _sample(_files(inbox), sample)
    start = time.perf_counter()
    stages = unit_report_stages.measure(inbox, files)
    return {"workbooks": len(files), "seconds": time.perf_counter() - start, "counts": {}, "stages": stages}


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (a pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_phase(name: str, inbox: Path, sample: int) -> dict:
    cpu = _cpu_seconds()
    if name == "reader":
        found = phase_reader(inbox)
    elif name == "parallel":
        found = phase_parallel(inbox)
    elif name == "floor":
        found = phase_floor(inbox)
    elif name == "pandas":
        found = phase_pandas(inbox, sample)
    elif name == "stages":
        found = phase_stages(inbox, sample)
    else:
        raise ValueError(f"unknown phase {name!r}; expected one of {', '.join(CHILD_PHASES)}")
    peak = peak_rss_mib() + found.get("workers", 1) * found.get("worker_peak_mib", 0.0)
    return {"phase": name, **found, "peak_mib": peak, "cpu_seconds": _cpu_seconds() - cpu}
