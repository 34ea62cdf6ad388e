"""One run of the pipeline, measured: the city-scale inputs it reads, and its time and memory per stage.

The inputs (tools/sample/city.py, `--scale city`) are generated once into `part-base`
(2025-Q4 and 2026-Q1) and `part-new` (2026-Q2) and hard-linked into each scenario's inbox. A run
is `python -m orchestration.run` in a fresh process, timed on the wall clock, its process tree's
memory sampled every 0.2 s; its steps are read back from the Dagster instance's event log.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.domain.reference import PROJECT_ROOT

SCHOOL_YEAR = "2025-2026"
BASE_PERIODS = ("2025-Q4", "2026-Q1")
NEW_PERIOD = "2026-Q2"
CORRECTED_PERIOD = "2026-Q1"
PARTS_VERSION = 2  # bump when the city generator's output changes
RECEIPT_LOG = Path("unit_reports/_received.csv")

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


def say(text: str) -> None:
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
        say(f"generating {name} ({', '.join(periods)}) ...")
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tools.sample.generate",
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
        say(f"  {time.monotonic() - started:.0f} s")
        manifest.write_text(json.dumps(wanted))


def _receipts(path: Path) -> list[tuple[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["file"], row["received_at"]) for row in csv.DictReader(handle)]


def add_part(inbox: Path, part: Path) -> list[Path]:
    """Hard-link `part`'s files into `inbox` (the receipt log is merged into a file of its own);
    returns the files that were not there before."""
    from tools.sample.city import merge_receipts

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
    say(f"→ {label}: {' '.join(command[2:])}")
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
    say(
        f"  {'ok' if run.returncode == 0 else 'FAILED (see ' + str(log) + ')'} in {run.wall:.0f} s, "
        f"peak {run.peak / 2**20:,.0f} MiB, first step after {run.first_step_after:.1f} s"
    )
    for stage, (seconds, peak) in run.stages().items():  # as it goes, in case a later run is cut short
        say(f"    {stage:<32} {seconds:8.1f} s {peak / 2**20:8,.0f} MiB")
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
