"""The unit-report benchmark's report: its table, its verdict against the targets, the machine,
and the section it writes into docs/benchmarks.md between its unit-reports markers.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass
from pathlib import Path

from tools.bench.unit_report_phases import PHASES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOCS = PROJECT_ROOT / "docs" / "benchmarks.md"
START, END = "<!-- unit-reports:start -->", "<!-- unit-reports:end -->"
TARGET_FLOOR_RATIO = 1.5
TARGET_PANDAS_SPEEDUP = 10.0


@dataclass(frozen=True)
class Row:
    reader: str
    workbooks: int  # timed
    seconds: float  # best run
    peak_mib: float  # highest of the runs
    runs: int = 1
    sampled: bool = False
    cpu_seconds: float | None = None  # the best run's CPU time, workers included
    workers: int = 1

    @property
    def per_second(self) -> float:
        return self.workbooks / self.seconds if self.seconds else float("inf")


LABELS = {
    "reader": "pipeline reader (`read_unit_report_file`)",
    "parallel": "pipeline batch reader, worker processes (`read_unit_reports_in_batches`)",
    "floor": "bare fastexcel → polars (floor)",
    "pandas": "pandas + openpyxl (`pd.read_excel`)",
}


def machine() -> dict[str, str]:
    import fastexcel
    import openpyxl
    import pandas
    import polars

    try:
        memory_text = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        memory_text = "unknown"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory_text,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "fastexcel": fastexcel.__version__,
        "polars": polars.__version__,
        "pandas": pandas.__version__,
        "openpyxl": openpyxl.__version__,
    }


def table(rows: dict[str, Row], total: int) -> list[str]:
    """The measured table as markdown lines (also what is printed)."""
    floor = rows["floor"]
    floor_each = floor.seconds / floor.workbooks
    lines = [
        "| reader | workbooks | seconds | workbooks/s | ratio to floor | peak memory (MiB) | CPU seconds |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in (p for p in PHASES if p in rows):
        row = rows[name]
        ratio = (row.seconds / row.workbooks) / floor_each
        if row.sampled:
            workbooks = f"{row.workbooks} of {total:,} (sample)"
            seconds = f"{row.seconds:.1f} (≈ {row.seconds / row.workbooks * total:,.0f} for {total:,}, extrapolated)"
        else:
            workbooks, seconds = f"{row.workbooks:,}", f"{row.seconds:.1f}"
        label = LABELS[name] + (f", {row.workers} processes" if row.workers > 1 else "")
        cpu = "" if row.cpu_seconds is None else f"{row.cpu_seconds:.1f}"
        lines.append(
            f"| {label} | {workbooks} | {seconds} | {row.per_second:,.1f} | {ratio:.2f}x "
            f"| {row.peak_mib:,.0f} | {cpu} |"
        )
    return lines


def verdict(rows: dict[str, Row]) -> list[str]:
    each = {name: row.seconds / row.workbooks for name, row in rows.items()}
    floor_ratio = each["reader"] / each["floor"]
    speedup = each["pandas"] / each["reader"]
    lines = [
        f"- pipeline reader / floor: **{floor_ratio:.2f}x** (target at most {TARGET_FLOOR_RATIO}x: "
        f"{'met' if floor_ratio <= TARGET_FLOOR_RATIO else 'not met'})",
        f"- pandas + openpyxl / pipeline reader: **{speedup:.1f}x** slower "
        f"(target at least {TARGET_PANDAS_SPEEDUP:.0f}x: "
        f"{'met' if speedup >= TARGET_PANDAS_SPEEDUP else 'not met'})",
    ]
    if "parallel" in rows:
        lines.append(
            f"- with {rows['parallel'].workers} worker processes: **{each['parallel'] / each['floor']:.2f}x** the "
            f"one-process floor, {each['reader'] / each['parallel']:.2f}x as fast as the one-process reader"
        )
    return lines


def section(
    rows: dict[str, Row], stages: dict | None, manifest: dict, counts: dict, host: dict, argv: list[str]
) -> str:
    """The docs section, markers included: the table, the verdict, the stages and the machine."""
    from tools.bench import unit_report_stages

    total = rows["reader"].workbooks
    mix = ", ".join(
        f"{kind} {manifest.get(key, 0):,}"
        for kind, key in (("departments", "department"), ("wards", "ward"), ("schools", "school"))
    )
    done = counts["reader"]
    command = " ".join(["python -m tools.bench.unit_reports", *argv])
    lines = [
        START,
        f"Measured {dt.date.today():%Y-%m-%d} with `{command}`: {total:,} workbooks of period 2026-Q1 "
        f"({mix}; {manifest.get('activity_rows', 0):,} activity rows). Each reader runs in a fresh process; "
        f"seconds are wall time, the best of {rows['reader'].runs} alternating runs of each reader; "
        "peak memory is the process's peak RSS (VmHWM), interpreter and imports included (with worker "
        "processes: this process's plus the largest worker's times the workers); CPU seconds are the best "
        "run's, workers included.",
        "",
        *table(rows, total),
        "",
        *verdict(rows),
        f"- the pipeline reader loaded {done['submissions']:,} submissions, {done['activities']:,} activities, "
        f"{done['assessments']:,} assessments and {done['incidents']:,} incidents, with {done['rejects']} rejects; "
        "it reads one file at a time and keeps only counts, so its memory does not grow with the inbox.",
        f"- pandas was timed on an evenly spaced sample of {rows['pandas'].workbooks} workbooks; its total is that "
        f"sample's time per workbook times {total:,}.",
    ]
    if stages is not None:
        lines += [
            "",
            "Where the reader's time goes beyond the floor (`tools/bench/unit_report_stages.py`):",
            "",
            *unit_report_stages.table(stages["stages"], stages["workbooks"]),
        ]
    lines += [
        "",
        f"Machine: {host['cores']} cores ({host['cpu']}), {host['memory']} memory, {host['os']}; Python "
        f"{host['python']}, fastexcel {host['fastexcel']}, polars {host['polars']}, pandas {host['pandas']}, "
        f"openpyxl {host['openpyxl']}.",
        END,
    ]
    return "\n".join(lines)


INTRO = """# Benchmarks

Timings of the pipeline's readers on generated city-scale inboxes. Each section between markers
is written by the script it names, and re-measured by running it again; the notes outside the
markers are written by hand.

## Unit reports (sources.md §1)

"""


def write_docs(path: Path, text: str) -> None:
    """Replace the unit-reports section of `path`, creating the file when it is missing."""
    current = path.read_text(encoding="utf-8") if path.is_file() else INTRO + START + "\n" + END + "\n"
    if START in current and END in current:
        before, rest = current.split(START, 1)
        updated = before + text + rest.split(END, 1)[1]
    else:
        updated = current.rstrip("\n") + "\n\n## Unit reports (sources.md §1)\n\n" + text + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")
