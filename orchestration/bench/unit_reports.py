"""Time the ingestion of a city-scale period of unit reports (about 3,700 workbooks).

    python -m orchestration.bench.unit_reports [--workbooks 3700] [--out /tmp/bench-inbox]
        [--seed 7] [--sample-pandas 200] [--repeat 3] [--sample-stages 600]
        [--docs docs/benchmarks.md | --no-docs]

Generates the period (`bench.city_period`; skipped when --out already holds the same count for
the seed, so re-runs only time), then times four readers over the same files, each phase in a
fresh Python process so its peak memory is its own:

- `reader`: the pipeline's `read_unit_report_file`, one file at a time in receipt order with
  shared receipts and `seen`, as its docstring says; only counts are kept;
- `parallel`: the pipeline's batch reader, `read_unit_reports_in_batches`, with its worker
  processes (`WAREHOUSE_READ_WORKERS`, default the CPUs this process may use); its peak memory
  is this process's plus each worker's (the largest worker's peak times the workers, an upper
  bound), its CPU time this process's and the workers' together;
- `floor`: a bare fastexcel read of the same sheets (open, load ThongTin, HoatDong, DanhGia and
  SuCo as the reader does, to polars) and nothing else: what calamine itself costs;
- `pandas`: `pd.read_excel(path, sheet_name=None, engine="openpyxl")`, what most teams use, on
  an evenly spaced sample of --sample-pandas files, extrapolated per workbook.

Each reader runs --repeat times, alternating, and its best run counts (the machine may be
shared). A last phase takes the reader apart stage by stage
(`bench.unit_report_stages`) on --sample-stages files. Prints one table (reader, workbooks,
seconds, workbooks/s, ratio to the floor, peak memory), the stages and the machine, and writes
them into docs/benchmarks.md between its unit-reports markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOCS = PROJECT_ROOT / "docs" / "benchmarks.md"
START, END = "<!-- unit-reports:start -->", "<!-- unit-reports:end -->"
PHASES = ("floor", "reader", "parallel", "pandas")
CHILD_PHASES = (*PHASES, "stages")
# The sheets the reader reads, by the folded name it looks them up by (`_sheet_names`).
READER_SHEETS = ("thongtin", "hoatdong", "danhgia", "suco")
TARGET_FLOOR_RATIO = 1.5
TARGET_PANDAS_SPEEDUP = 10.0


# ---------------------------------------------------------------- phases (run in a child process)


def _peak_rss_mib() -> float:
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
    from orchestration.lib.workers import read_workers
    from orchestration.readers.unit_report import read_unit_reports_in_batches

    workers = read_workers()
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

    from orchestration.lib.text import fold_key

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
    from orchestration.bench import unit_report_stages

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
    peak = _peak_rss_mib() + found.get("workers", 1) * found.get("worker_peak_mib", 0.0)
    return {"phase": name, **found, "peak_mib": peak, "cpu_seconds": _cpu_seconds() - cpu}


# ---------------------------------------------------------------- the parent: generate, time, report


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


def _in_child(name: str, inbox: Path, sample: int) -> dict:
    """Run one phase in a fresh interpreter, so that its peak memory is its own."""
    command = [
        sys.executable,
        "-m",
        "orchestration.bench.unit_reports",
        "--phase",
        name,
        "--out",
        str(inbox),
        "--phase-sample",
        str(sample),
    ]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"phase {name} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _warm(folder: Path) -> None:
    """Read every file once so that no phase pays for a cold page cache the others do not."""
    for path in sorted(folder.iterdir()):
        with path.open("rb") as handle:
            while handle.read(1 << 20):
                pass


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
    from orchestration.bench import unit_report_stages

    total = rows["reader"].workbooks
    mix = ", ".join(
        f"{kind} {manifest.get(key, 0):,}"
        for kind, key in (("departments", "department"), ("wards", "ward"), ("schools", "school"))
    )
    done = counts["reader"]
    command = " ".join(["python -m orchestration.bench.unit_reports", *argv])
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
            "Where the reader's time goes beyond the floor (`orchestration/bench/unit_report_stages.py`):",
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


def _report(name: str, found: dict) -> None:
    details = ", ".join(f"{k} {v:,}" for k, v in found["counts"].items())
    print(
        f"  {found['workbooks']:,} workbooks in {found['seconds']:.1f} s, peak {found['peak_mib']:.0f} MiB"
        + (f" ({details})" if details else ""),
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workbooks", type=int, default=3700, help="workbooks in the period (default 3700)")
    parser.add_argument(
        "--out", type=Path, default=Path("/tmp/bench-inbox"), help="inbox folder (default /tmp/bench-inbox)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample-pandas", type=int, default=200, help="files pandas reads (default 200)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each reader, alternating; the best counts (default 3)"
    )
    parser.add_argument(
        "--sample-stages", type=int, default=600, help="files for the stage breakdown; 0 skips it (default 600)"
    )
    parser.add_argument("--jobs", type=int, default=None, help="processes writing workbooks (default: every core)")
    parser.add_argument("--docs", type=Path, default=DOCS, help="markdown file to write the tables into")
    parser.add_argument("--no-docs", action="store_true", help="print only, do not write --docs")
    # Internal: run one phase in this process (the files it samples), print its result as JSON.
    parser.add_argument("--phase", choices=CHILD_PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--phase-sample", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for option in ("workbooks", "sample_pandas", "repeat"):
        if getattr(args, option) < 1:
            parser.error(f"--{option.replace('_', '-')} must be at least 1")

    if args.phase:
        print(json.dumps(run_phase(args.phase, args.out, args.phase_sample)))
        return 0

    # Imported here, not with the module: the phases' processes (and the workers of `parallel`, which
    # import the main module again) have no use for the generator and its reference data.
    from orchestration.bench import city_period

    out: Path = args.out
    have = city_period.existing_count(out, args.seed)
    if have == args.workbooks:
        manifest = json.loads((out / city_period.MANIFEST).read_text(encoding="utf-8"))
        print(f"reusing {have:,} workbooks in {out / city_period.FOLDER} (seed {args.seed})", flush=True)
    else:
        started = time.perf_counter()
        print(
            f"generating {args.workbooks:,} workbooks into {out / city_period.FOLDER} (seed {args.seed}) ...",
            flush=True,
        )
        manifest = city_period.generate(out, args.workbooks, args.seed, args.jobs)
        print(f"  {manifest['activity_rows']:,} activity rows in {time.perf_counter() - started:.0f} s", flush=True)

    _warm(out / city_period.FOLDER)
    runs: dict[str, list[dict]] = {name: [] for name in PHASES}
    repeat = args.repeat
    for attempt in range(repeat):
        for name in PHASES:
            print(f"timing {name} (run {attempt + 1} of {repeat}) ...", flush=True)
            runs[name].append(_in_child(name, out, args.sample_pandas))
            _report(name, runs[name][-1])
    stages = None
    if args.sample_stages > 0:
        print(f"taking the reader apart on {args.sample_stages} workbooks ...", flush=True)
        stages = _in_child("stages", out, args.sample_stages)

    rows = {}
    for name, found in runs.items():
        best = min(found, key=lambda r: r["seconds"])
        rows[name] = Row(
            name,
            best["workbooks"],
            best["seconds"],
            max(r["peak_mib"] for r in found),
            runs=len(found),
            sampled=name == "pandas",
            cpu_seconds=best.get("cpu_seconds"),
            workers=best.get("workers", 1),
        )
    counts = {name: found[0]["counts"] for name, found in runs.items()}
    host = machine()
    total = rows["reader"].workbooks
    print()
    print("\n".join(table(rows, total)))
    print("\n".join(verdict(rows)))
    print(f"pandas: timed on {rows['pandas'].workbooks} of {total:,} workbooks, extrapolated per workbook")
    if stages is not None:
        from orchestration.bench import unit_report_stages

        print()
        print("\n".join(unit_report_stages.table(stages["stages"], stages["workbooks"])))
    print("machine: " + ", ".join(f"{k} {v}" for k, v in host.items()))
    if counts["reader"]["rejects"]:
        print(
            f"warning: the reader rejected {counts['reader']['rejects']} rows or files of a generated inbox "
            "that should load cleanly",
            file=sys.stderr,
        )
    if "parallel" in counts and counts["parallel"] != counts["reader"]:
        print(
            f"warning: the batch reader with worker processes loaded {counts['parallel']}, the one-file "
            f"reader {counts['reader']}",
            file=sys.stderr,
        )
    if not args.no_docs:
        shown = [a for a in argv if a != "--no-docs"]
        write_docs(args.docs, section(rows, stages, manifest, counts, host, shown))
        print(f"wrote {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
