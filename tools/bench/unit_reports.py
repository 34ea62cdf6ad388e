"""Time the ingestion of a city-scale period of unit reports (about 3,700 workbooks).

    python -m tools.bench.unit_reports [--workbooks 3700] [--out /tmp/bench-inbox]
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

The phases live in `bench.unit_report_phases`, the table and the docs section in
`bench.unit_report_docs`; this module generates, runs each phase in its own process, and reports.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from tools.bench.unit_report_docs import DOCS, PROJECT_ROOT, Row, machine, section, table, verdict, write_docs
from tools.bench.unit_report_phases import CHILD_PHASES, PHASES, run_phase


def _in_child(name: str, inbox: Path, sample: int) -> dict:
    """Run one phase in a fresh interpreter, so that its peak memory is its own."""
    command = [
        sys.executable,
        "-m",
        "tools.bench.unit_reports",
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
    from tools.bench import city_period

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
        from tools.bench import unit_report_stages

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
