"""The pipeline benchmark's table: its rows, the machine it ran on, and its place in docs/benchmarks.md."""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.domain.reference import PROJECT_ROOT
from tools.bench.pipeline_runs import STAGE_ORDER, Run

DOCS = PROJECT_ROOT / "docs" / "benchmarks.md"
START, END = "<!-- pipeline:start -->", "<!-- pipeline:end -->"


def mib(value: float) -> str:
    return f"{value / 2**20:,.0f}" if value else ""


def ratio(pipeline: float, floor: float) -> str:
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
            f"| {name} | {stage} | {seconds:.1f} | {mib(peak)} | {floor_text} | "
            f"{ratio(seconds, floor['seconds']) if floor else ''} |"
        )
    floor_total = sum(f["seconds"] for f in floors.values())
    rows.append(
        f"| **{name}** | **total (wall)** | **{run.wall:.1f}** | {mib(run.peak)} | **{floor_total:.1f}** | "
        f"{max((f['peak_mib'] for f in floors.values()), default=0):,.0f} | **{ratio(run.wall, floor_total)}** |"
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
