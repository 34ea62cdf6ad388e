"""The whole pipeline on a city-scale school year, full and incremental, against the floor.

    python -m tools.bench.pipeline [--root /tmp/bench-city] [--seed 2025]

Inputs, generated on first use and reused (tools/sample/city.py, `--scale city`):
`part-base` holds 2025-Q4 and 2026-Q1, `part-new` 2026-Q2 (its quarterly and year-end workbooks,
March-June exports, its survey and the HK2 feedback log). Inboxes are assembled from them with
hard links (the receipt log is written, never linked), so nothing is generated twice.

Runs, each `python -m orchestration.run` in a fresh process with its own warehouse and Dagster
home, timed on the wall clock, its process tree's memory (sum of RSS of the run and its
children, such as dbt) sampled every 0.2 s:
1. base: the first two periods, built from nothing (only to have something to add to);
2. new period: 2026-Q2 arrives in that inbox; `--periods 2026-Q2`;
3. full: the whole year in a fresh warehouse; `--school-year 2025-2026`;
   the marts of 2 and 3 are compared (tools/reliability/fingerprint.py);
4. corrected workbook: one unit's `_v2` of 2026-Q1 arrives in the full inbox; `--periods 2026-Q1`;
   dbt rebuilds only what reads unit reports, so its marts are compared with a `dbt build` of
   every model on a copy of the result.
Per stage, the run's steps are read from the Dagster instance's event log (STEP_START,
STEP_SUCCESS); each stage's peak is the highest sample taken while one of its steps ran.

The floor, measured in the same process run, each part in a fresh child process: bare fastexcel
reads of the workbooks the run had to read (sheet by sheet, to polars), DuckDB `read_csv` of the
CSV exports into tables (the feedback workbook through fastexcel), and the marts' SQL run
directly on DuckDB: the dbt models compiled once (`dbt compile`) and their compiled SQL run in
dependency order in plain duckdb (views as views, tables as tables), no Dagster, no dbt, no tests.
Analyst queries: the README's example queries, each timed on the published file.
The table goes into docs/benchmarks.md between the `pipeline` markers.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from tools.bench.pipeline_floor import compile_models, files_by_stage, floor_child, floor_for, in_child
from tools.bench.pipeline_marts import build_every_model, time_queries
from tools.bench.pipeline_report import DOCS, END, START, machine, mib, ratio, scenario_rows, write_docs
from tools.bench.pipeline_runs import (
    BASE_PERIODS,
    CORRECTED_PERIOD,
    NEW_PERIOD,
    SCHOOL_YEAR,
    add_part,
    ensure_parts,
    run_pipeline,
    say,
)

ROOT = Path("/tmp/bench-city")
SEED = 2025


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--floor-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-docs", action="store_true", help="print the table, leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    if args.floor_child:
        return floor_child(args.floor_child)

    from tools.reliability.fingerprint import differences, mart_fingerprints
    from tools.sample.city import correct_workbook

    root = args.root
    root.mkdir(parents=True, exist_ok=True)
    ensure_parts(root, args.seed)
    logs = root / "logs"
    logs.mkdir(exist_ok=True)

    # 1-2: the first two periods, then 2026-Q2 arrives
    inc = root / "incremental"
    shutil.rmtree(inc, ignore_errors=True)
    add_part(inc / "inbox", root / "part-base")
    base = run_pipeline(
        "base (2025-Q4, 2026-Q1)",
        inc / "inbox",
        inc / "warehouse" / "warehouse.duckdb",
        inc / "dagster",
        list(BASE_PERIODS),
        logs / "base.log",
    )
    new_files = add_part(inc / "inbox", root / "part-new")
    shutil.rmtree(inc / "dagster", ignore_errors=True)  # so that its event log holds this run only
    new = run_pipeline(
        f"new period ({NEW_PERIOD})",
        inc / "inbox",
        inc / "warehouse" / "warehouse.duckdb",
        inc / "dagster",
        [NEW_PERIOD],
        logs / "new-period.log",
    )

    # 3: the whole year from nothing
    full_dir = root / "full"
    shutil.rmtree(full_dir, ignore_errors=True)
    add_part(full_dir / "inbox", root / "part-base")
    add_part(full_dir / "inbox", root / "part-new")
    inbox = full_dir / "inbox"
    published = full_dir / "warehouse" / "warehouse.duckdb"
    full = run_pipeline("full year", inbox, published, full_dir / "dagster", None, logs / "full.log")
    fingerprints_differ = differences(
        mart_fingerprints(published), mart_fingerprints(inc / "warehouse" / "warehouse.duckdb")
    )

    # 4: one corrected workbook
    corrected_file = correct_workbook(inbox, args.seed, CORRECTED_PERIOD)
    shutil.rmtree(full_dir / "dagster", ignore_errors=True)
    corrected = run_pipeline(
        f"corrected workbook ({CORRECTED_PERIOD})",
        inbox,
        published,
        full_dir / "dagster",
        [CORRECTED_PERIOD],
        logs / "corrected.log",
    )

    # dbt rebuilt only the unit-report models there: a build of every model on the same raw
    # tables must give the same marts
    rebuilt_db = root / "rebuilt" / "warehouse.duckdb"
    shutil.rmtree(rebuilt_db.parent, ignore_errors=True)
    rebuilt_db.parent.mkdir(parents=True)
    shutil.copyfile(published, rebuilt_db)
    build_every_model(rebuilt_db, root / "dbt-target-rebuilt")
    corrected_differ = differences(mart_fingerprints(rebuilt_db), mart_fingerprints(published))
    shutil.rmtree(rebuilt_db.parent, ignore_errors=True)

    # the floor, for the files each run had to read
    say("→ the floor ...")
    all_files = sorted(p for p in inbox.rglob("*") if p.is_file() and p != corrected_file)
    floors = {
        "full": floor_for(root, "full", files_by_stage(all_files, inbox)),
        "new": floor_for(root, "new", files_by_stage(new_files, inc / "inbox")),
        "corrected": floor_for(root, "corrected", files_by_stage([corrected_file], inbox)),
    }
    floor_db = root / "floor" / "warehouse.duckdb"  # same file name: the compiled SQL names catalog "warehouse"
    shutil.rmtree(floor_db.parent, ignore_errors=True)
    floor_db.parent.mkdir(parents=True)
    shutil.copyfile(published, floor_db)
    manifest = compile_models(floor_db, root / "dbt-target")
    marts = in_child(root, "marts", str(floor_db), str(manifest))
    for name in floors:
        floors[name]["dbt build (models and tests)"] = marts
    queries = time_queries(published)

    # the table
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} with `python -m tools.bench.pipeline` (`make bench`) on "
        f"the city-scale school year {SCHOOL_YEAR} (`python -m tools.sample.generate --scale city`, seed "
        f"{args.seed}): 14,800 unit workbooks, 200,000 press items, 50,001 fanpage posts, 2,000,000 GA4 rows, "
        "10,000,000 survey answers, 50,000 feedback records. Seconds are wall time, one run each; peak memory is "
        "the run's process tree (the run and its dbt children, RSS summed), sampled every 0.2 s, highest while "
        "the stage's steps ran. The floor is measured in the same bench run, each part in a fresh process: bare "
        "fastexcel reads of the workbooks the run had to read, DuckDB `read_csv` of its CSV exports, and the "
        "marts' compiled SQL on plain DuckDB (the same whole-warehouse SQL for every scenario).",
        "",
        "| scenario | stage | pipeline s | pipeline peak MiB | floor s | floor peak MiB | pipeline / floor |",
        "|---|---|---:|---:|---:|---:|---:|",
        *scenario_rows("full year", full, floors["full"]),
        *scenario_rows(f"new period ({NEW_PERIOD})", new, floors["new"]),
        *scenario_rows(f"corrected workbook ({CORRECTED_PERIOD})", corrected, floors["corrected"]),
        "",
        f"- base build (2025-Q4 and 2026-Q1 from nothing, the state the new period is added to): {base.wall:.0f} s, "
        f"peak {mib(base.peak)} MiB.",
        f"- start-up: {full.first_step_after:.1f} s from the full run's start to its first step (Python, Dagster "
        "definitions, dbt manifest); each later Dagster run and dbt's own start come on top and are counted in "
        "'start-up and between steps' and in the dbt build.",
        "- marts after the incremental path (base + new period) and after the full build: "
        + (
            "identical (every mart's fingerprint)."
            if not fingerprints_differ
            else f"**differ**: {'; '.join(fingerprints_differ[:5])}"
        ),
        "- marts after the corrected workbook's refresh (dbt rebuilt only the models downstream of the raw "
        "tables that changed) and after a build of every model on the same raw tables: "
        + ("identical." if not corrected_differ else f"**differ**: {'; '.join(corrected_differ[:5])}"),
        f"- runs that failed: {', '.join(r.label for r in (base, new, full, corrected) if r.returncode) or 'none'}.",
        "",
        "Targets (issue 9):",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    full_floor = sum(f["seconds"] for f in floors["full"].values())
    targets = [
        (
            "full year within 1.5x of the floor",
            f"{ratio(full.wall, full_floor)} ({full.wall:.0f} s / {full_floor:.0f} s)",
            full.wall <= 1.5 * full_floor,
        ),
        ("start-up under 20 s", f"{full.first_step_after:.1f} s to the first step", full.first_step_after < 20),
        ("peak memory under 4 GiB", f"{full.peak / 2**30:.2f} GiB", full.peak < 4 * 2**30),
        (
            "one new period under 30% of the full build",
            f"{new.wall / full.wall:.0%} ({new.wall:.0f} s)",
            new.wall < 0.3 * full.wall,
        ),
        ("one corrected workbook under 60 s", f"{corrected.wall:.0f} s", corrected.wall < 60),
        (
            "each analyst query under 100 ms",
            f"slowest {max(q[2] for q in queries):.1f} ms (best of 5)",
            all(q[2] < 100 for q in queries),
        ),
    ]
    lines += [f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in targets]
    lines += [
        "",
        "Analyst queries (README.md's examples) on the published file, read-only:",
        "",
        "| question | first run ms | best of 5 ms | rows |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {q} | {first:.1f} | {best:.1f} | {rows:,} |" for q, first, best, rows in queries]
    lines += ["", f"Machine: {machine()}."]
    text = "\n".join(lines)
    say("\n" + text)
    if not args.no_docs:
        write_docs(START + "\n" + text + "\n" + END)
        say(f"\nwritten to {DOCS}")
    return 0 if not any(r.returncode for r in (base, new, full, corrected)) else 1


if __name__ == "__main__":
    sys.exit(main())
