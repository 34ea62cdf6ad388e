"""The whole pipeline on a city-scale school year, full and incremental, against the floor.

    python -m orchestration.bench.pipeline [--root /tmp/bench-city] [--seed 2025]

Inputs, generated on first use and reused (orchestration/sample/city.py, `--scale city`):
`part-base` holds 2025-Q4 and 2026-Q1, `part-new` 2026-Q2 (its quarterly and year-end workbooks,
March-June exports, its survey and the HK2 feedback log). Inboxes are assembled from them with
hard links (the receipt log is written, never linked), so nothing is generated twice.

Runs, each `python -m orchestration.run` in a fresh process with its own warehouse and Dagster
home, timed on the wall clock, its process tree's memory (sum of RSS of the run and its
children, such as dbt) sampled every 0.2 s:
1. base: the first two periods, built from nothing (only to have something to add to);
2. new period: 2026-Q2 arrives in that inbox; `--periods 2026-Q2`;
3. full: the whole year in a fresh warehouse; `--school-year 2025-2026`;
   the marts of 2 and 3 are compared (orchestration/reliability/fingerprint.py);
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
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.lib.reference import PROJECT_ROOT

ROOT = Path("/tmp/bench-city")
SEED = 2025
SCHOOL_YEAR = "2025-2026"
BASE_PERIODS = ("2025-Q4", "2026-Q1")
NEW_PERIOD = "2026-Q2"
CORRECTED_PERIOD = "2026-Q1"
PARTS_VERSION = 2  # bump when the city generator's output changes
RECEIPT_LOG = Path("unit_reports/_received.csv")
DOCS = PROJECT_ROOT / "docs" / "benchmarks.md"
START, END = "<!-- pipeline:start -->", "<!-- pipeline:end -->"

# step key -> stage, as the table names them
INGESTION = {
    "unit_reports": "ingestion: unit reports",
    "press_exports": "ingestion: press",
    "fanpage_exports": "ingestion: fanpage",
    "web_exports": "ingestion: web analytics",
    "survey_exports": "ingestion: surveys",
    "feedback_logs": "ingestion: feedback",
    "infrastructure_statistics": "ingestion: infrastructure",
    "reference_tables": "ingestion: reference data",
    "raw__ref_ward_apportionment": "ingestion: reference data",
}
STAGE_ORDER = [
    *dict.fromkeys(INGESTION.values()),
    "dbt build (models and tests)",
    "checks",
    "reports",
    "publish",
    "start-up and between steps",
]
FAMILY_FOLDERS = {  # floor: which inbox folder a stage's files are in
    "ingestion: press": "media/press",
    "ingestion: fanpage": "media/fanpage",
    "ingestion: web analytics": "media/web",
    "ingestion: surveys": "surveys",
    "ingestion: feedback": "feedback",
    "ingestion: infrastructure": "infrastructure",
}


def stage_of(step: str) -> str:
    if step in INGESTION:
        return INGESTION[step]
    if step == "warehouse_models":
        return "dbt build (models and tests)"
    if "published_warehouse" in step:
        return "publish"
    if "no_personal_data" in step or step.startswith("marts__"):
        return "checks"
    return "reports"  # year-end reports, the data catalogue


def _say(text: str) -> None:
    print(text, flush=True)


# ------------------------------------------------------------------ inputs


def ensure_parts(root: Path, seed: int) -> None:
    for name, periods in (("part-base", BASE_PERIODS), ("part-new", (NEW_PERIOD,))):
        folder, manifest = root / name, root / f"{name}.json"
        wanted = {"version": PARTS_VERSION, "seed": seed, "periods": list(periods)}
        if manifest.is_file() and json.loads(manifest.read_text()) == wanted and folder.is_dir():
            continue
        shutil.rmtree(folder, ignore_errors=True)
        manifest.unlink(missing_ok=True)
        _say(f"generating {name} ({', '.join(periods)}) ...")
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "orchestration.sample.generate",
                "--scale",
                "city",
                "--seed",
                str(seed),
                "--out",
                str(folder),
                "--periods",
                ",".join(periods),
            ],
            check=True,
            cwd=PROJECT_ROOT,
        )
        _say(f"  {time.monotonic() - started:.0f} s")
        manifest.write_text(json.dumps(wanted))


def _receipts(path: Path) -> list[tuple[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["file"], row["received_at"]) for row in csv.DictReader(handle)]


def add_part(inbox: Path, part: Path) -> list[Path]:
    """Hard-link `part`'s files into `inbox` (the receipt log is merged into a file of its own);
    returns the files that were not there before."""
    from orchestration.sample.city import merge_receipts

    added = []
    for source in sorted(part.rglob("*")):
        relative = source.relative_to(part)
        if not source.is_file() or relative == RECEIPT_LOG:
            continue
        target = inbox / relative
        if target.exists():
            continue  # infrastructure files: the same bytes in every part
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
        added.append(target)
    merge_receipts(inbox / RECEIPT_LOG, _receipts(part / RECEIPT_LOG))
    return added


# ------------------------------------------------------------------ one pipeline run


def _tree_rss(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


@dataclass
class Run:
    label: str
    wall: float = 0.0
    peak: int = 0
    samples: list[tuple[float, int]] = field(default_factory=list)
    steps: list[tuple[str, str, float, float]] = field(default_factory=list)  # (stage, step, start, end)
    first_step_after: float = 0.0
    returncode: int = 0

    def stages(self) -> dict[str, tuple[float, int]]:
        """stage -> (seconds inside its steps, peak bytes sampled while they ran)."""
        out: dict[str, tuple[float, int]] = {}
        for stage, _step, start, end in self.steps:
            seconds, peak = out.get(stage, (0.0, 0))
            inside = [b for t, b in self.samples if start <= t <= end]
            out[stage] = (seconds + end - start, max([peak, *inside]))
        covered = _union([(s, e) for _, _, s, e in self.steps])
        outside = [b for t, b in self.samples if not any(s <= t <= e for s, e in covered)]
        out["start-up and between steps"] = (self.wall - sum(e - s for s, e in covered), max(outside, default=0))
        return out


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def run_pipeline(label: str, inbox: Path, warehouse: Path, home: Path, periods: list[str] | None, log: Path) -> Run:
    selection = ["--periods", ",".join(periods)] if periods else ["--school-year", SCHOOL_YEAR]
    command = [
        sys.executable,
        "-m",
        "orchestration.run",
        "--inbox",
        str(inbox),
        "--warehouse",
        str(warehouse),
        "--dagster-home",
        str(home),
        *selection,
    ]
    run = Run(label)
    _say(f"→ {label}: {' '.join(command[2:])}")
    with log.open("w", encoding="utf-8") as out:
        started = time.time()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                run.samples.append((time.time(), _tree_rss(process.pid)))
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        run.returncode = process.wait()
        run.wall = time.time() - started
        done.set()
        sampler.join()
    run.peak = max((b for _, b in run.samples), default=0)
    run.steps = step_spans(home)
    run.first_step_after = min((s for _, _, s, _ in run.steps), default=started) - started
    _say(
        f"  {'ok' if run.returncode == 0 else 'FAILED (see ' + str(log) + ')'} in {run.wall:.0f} s, "
        f"peak {run.peak / 2**20:,.0f} MiB, first step after {run.first_step_after:.1f} s"
    )
    for stage, (seconds, peak) in run.stages().items():  # as it goes, in case a later run is cut short
        _say(f"    {stage:<32} {seconds:8.1f} s {peak / 2**20:8,.0f} MiB")
    return run


def step_spans(home: Path) -> list[tuple[str, str, float, float]]:
    """(stage, step, start, end) of every step of every run in the instance (epoch seconds)."""
    from dagster import DagsterEventType, DagsterInstance

    instance = DagsterInstance.from_config(str(home))
    spans = []
    for record in instance.get_runs():
        starts: dict[str, float] = {}
        for entry in instance.all_logs(
            record.run_id, of_type={DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS}
        ):
            step = entry.step_key or ""
            if entry.dagster_event.event_type == DagsterEventType.STEP_START:
                starts[step] = entry.timestamp
            elif step in starts:
                spans.append((stage_of(step), step, starts[step], entry.timestamp))
    return sorted(spans, key=lambda s: s[2])


# ------------------------------------------------------------------ the floor (each in a child)


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def floor_workbooks(files: list[str]) -> dict:
    """Bare fastexcel: open each workbook, load every sheet as text to polars."""
    import fastexcel

    started = time.perf_counter()
    cells = 0
    for path in files:
        reader = fastexcel.read_excel(path)
        for name in reader.sheet_names:
            frame = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
            cells += frame.height * frame.width
    return {"seconds": time.perf_counter() - started, "rows": cells}


def _leading_lines(path: str) -> int:
    """Comment and blank lines before a CSV's header (the GA4 preamble)."""
    skip = 0
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                skip += 1
            else:
                break
    return skip


def floor_csvs(files: list[str]) -> dict:
    """DuckDB read_csv of each CSV into a table (every column as text); workbooks by fastexcel."""
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    rows = 0
    for index, path in enumerate(files):
        if path.endswith(".xlsx"):
            rows += floor_workbooks([path])["rows"]
            continue
        con.execute(
            f"create table t{index} as select * from read_csv(?, header = true, all_varchar = true, "
            f"skip = {_leading_lines(path)})",
            [path],
        )
        rows += con.execute(f"select count(*) from t{index}").fetchone()[0]
    return {"seconds": time.perf_counter() - started, "rows": rows}


def floor_marts(database: str, manifest: str) -> dict:
    """The models' compiled SQL, in dependency order, on plain DuckDB (no dbt, no tests)."""
    import duckdb

    nodes = json.loads(Path(manifest).read_text())["nodes"]
    models = {k: n for k, n in nodes.items() if n["resource_type"] in {"model", "seed"}}
    order: list[str] = []
    seen: set[str] = set()

    def visit(key: str) -> None:
        if key in seen or key not in models:
            return
        seen.add(key)
        for parent in models[key].get("depends_on", {}).get("nodes", []):
            visit(parent)
        order.append(key)

    for key in sorted(models):
        visit(key)
    con = duckdb.connect(database)
    started = time.perf_counter()
    built = 0
    for key in order:
        node = models[key]
        if node["resource_type"] == "seed" or node["config"]["materialized"] == "ephemeral":
            continue  # seeds are in the file already; ephemeral models are inlined
        kind = "view" if node["config"]["materialized"] == "view" else "table"
        relation = f'"{node["schema"]}"."{node["alias"] or node["name"]}"'
        con.execute(f"create or replace {kind} {relation} as {node['compiled_code']}")
        built += 1
    con.execute("checkpoint")
    return {"seconds": time.perf_counter() - started, "rows": built}


def in_child(kind: str, *arguments: str) -> dict:
    """Run one floor part in a fresh interpreter; returns its seconds, rows and peak MiB."""
    spec = Path(ROOT / "floor-args.json")
    spec.write_text(json.dumps({"kind": kind, "arguments": list(arguments)}))
    output = subprocess.run(
        [sys.executable, "-m", "orchestration.bench.pipeline", "--floor-child", str(spec)],
        check=True,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _floor_child(spec: Path) -> int:
    job = json.loads(spec.read_text())
    args = job["arguments"]
    if job["kind"] == "workbooks":
        result = floor_workbooks(json.loads(Path(args[0]).read_text()))
    elif job["kind"] == "csvs":
        result = floor_csvs(json.loads(Path(args[0]).read_text()))
    else:
        result = floor_marts(args[0], args[1])
    print(json.dumps({**result, "peak_mib": _peak_mib()}))
    return 0


def floor_for(label: str, files: dict[str, list[Path]]) -> dict[str, dict]:
    """stage -> floor measurement for the files a run had to read."""
    out = {}
    for stage, paths in files.items():
        if not paths:
            out[stage] = {"seconds": 0.0, "rows": 0, "peak_mib": 0.0}
            continue
        listing = ROOT / f"floor-{label}-{re.sub(r'[^a-z]+', '-', stage)}.json"
        listing.write_text(json.dumps([str(p) for p in paths]))
        out[stage] = in_child("workbooks" if stage == "ingestion: unit reports" else "csvs", str(listing))
    return out


def files_by_stage(paths: list[Path], inbox: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {"ingestion: unit reports": []}
    out.update({stage: [] for stage in FAMILY_FOLDERS})
    for path in paths:
        relative = path.relative_to(inbox).as_posix()
        if relative.startswith("unit_reports/") and path.suffix == ".xlsx":
            out["ingestion: unit reports"].append(path)
            continue
        for stage, folder in FAMILY_FOLDERS.items():
            if (
                relative.startswith(folder + "/")
                and path.suffix in {".csv", ".xlsx"}
                and ".questions." not in path.name
            ):
                out[stage].append(path)
    return out


def compile_models(database: Path, target: Path) -> Path:
    env = dict(os.environ, WAREHOUSE_BUILD=str(database))
    subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "compile",
            "--project-dir",
            "dbt_project",
            "--profiles-dir",
            "dbt_project",
            "--target-path",
            str(target),
            "--quiet",
        ],
        check=True,
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
    )
    return target / "manifest.json"


def build_every_model(database: Path, target: Path) -> None:
    env = dict(os.environ, WAREHOUSE_BUILD=str(database))
    subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "build",
            "--project-dir",
            "dbt_project",
            "--profiles-dir",
            "dbt_project",
            "--target-path",
            str(target),
            "--quiet",
        ],
        check=True,
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
    )


# ------------------------------------------------------------------ analyst queries


def readme_queries() -> list[tuple[str, str]]:
    """(first comment line, SQL) of each example query in README.md's sql blocks."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sql\n(.*?)```", text, flags=re.S):
        for statement in block.split(";"):
            lines = [line for line in statement.strip().splitlines()]
            comments = [line[2:].strip() for line in lines if line.startswith("--")]
            sql = "\n".join(line for line in lines if not line.startswith("--")).strip()
            if sql:
                out.append((comments[0] if comments else sql[:60], sql))
    return out


def time_queries(database: Path) -> list[tuple[str, float, float, int]]:
    """(question, first run ms, best of 5 ms, rows) on a read-only connection to the file."""
    import duckdb

    out = []
    con = duckdb.connect(str(database), read_only=True)
    for question, sql in readme_queries():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            rows = len(con.execute(sql).fetchall())
            times.append((time.perf_counter() - started) * 1000)
        out.append((question, times[0], min(times), rows))
    return out


# ------------------------------------------------------------------ the table


def _mib(value: float) -> str:
    return f"{value / 2**20:,.0f}" if value else ""


def _ratio(pipeline: float, floor: float) -> str:
    return f"{pipeline / floor:.1f}x" if floor > 0 else ""


def scenario_rows(name: str, run: Run, floors: dict[str, dict]) -> list[str]:
    stages = run.stages()
    rows = []
    for stage in STAGE_ORDER:
        if stage not in stages and stage not in floors:
            continue
        seconds, peak = stages.get(stage, (0.0, 0))
        floor = floors.get(stage)
        floor_text = f"{floor['seconds']:.1f} | {floor['peak_mib']:,.0f}" if floor else " | "
        rows.append(
            f"| {name} | {stage} | {seconds:.1f} | {_mib(peak)} | {floor_text} | "
            f"{_ratio(seconds, floor['seconds']) if floor else ''} |"
        )
    floor_total = sum(f["seconds"] for f in floors.values())
    rows.append(
        f"| **{name}** | **total (wall)** | **{run.wall:.1f}** | {_mib(run.peak)} | **{floor_total:.1f}** | "
        f"{max((f['peak_mib'] for f in floors.values()), default=0):,.0f} | **{_ratio(run.wall, floor_total)}** |"
    )
    return rows


def machine() -> str:
    import platform
    from importlib.metadata import version

    import duckdb
    import polars

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.1f} GiB memory, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, dagster {version('dagster')}, duckdb {duckdb.__version__}, "
        f"polars {polars.__version__}"
    )


def write_docs(text: str) -> None:
    current = DOCS.read_text(encoding="utf-8")
    if START in current and END in current:
        before, rest = current.split(START, 1)
        current = before + text + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n## The whole pipeline, full and incremental (issue 9)\n\n" + text + "\n"
    DOCS.write_text(current, encoding="utf-8")


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--floor-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-docs", action="store_true", help="print the table, leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    if args.floor_child:
        return _floor_child(args.floor_child)

    from orchestration.reliability.fingerprint import differences, mart_fingerprints
    from orchestration.sample.city import correct_workbook

    ROOT = root = args.root
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
    _say("→ the floor ...")
    all_files = sorted(p for p in inbox.rglob("*") if p.is_file() and p != corrected_file)
    floors = {
        "full": floor_for("full", files_by_stage(all_files, inbox)),
        "new": floor_for("new", files_by_stage(new_files, inc / "inbox")),
        "corrected": floor_for("corrected", files_by_stage([corrected_file], inbox)),
    }
    floor_db = root / "floor" / "warehouse.duckdb"  # same file name: the compiled SQL names catalog "warehouse"
    shutil.rmtree(floor_db.parent, ignore_errors=True)
    floor_db.parent.mkdir(parents=True)
    shutil.copyfile(published, floor_db)
    manifest = compile_models(floor_db, root / "dbt-target")
    marts = in_child("marts", str(floor_db), str(manifest))
    for name in floors:
        floors[name]["dbt build (models and tests)"] = marts
    queries = time_queries(published)

    # the table
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} with `python -m orchestration.bench.pipeline` (`make bench`) on "
        f"the city-scale school year {SCHOOL_YEAR} (`python -m orchestration.sample.generate --scale city`, seed "
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
        f"peak {_mib(base.peak)} MiB.",
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
            f"{_ratio(full.wall, full_floor)} ({full.wall:.0f} s / {full_floor:.0f} s)",
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
    _say("\n" + text)
    if not args.no_docs:
        write_docs(START + "\n" + text + "\n" + END)
        _say(f"\nwritten to {DOCS}")
    return 0 if not any(r.returncode for r in (base, new, full, corrected)) else 1


if __name__ == "__main__":
    sys.exit(main())
