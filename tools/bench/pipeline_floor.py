"""The floor: the least work the pipeline's stages could do, each part timed in a fresh process.

Bare fastexcel reads of the workbooks a run had to read, DuckDB `read_csv` of its CSV exports
(the feedback workbook through fastexcel), and the marts' compiled SQL run in dependency order
on plain DuckDB (no Dagster, no dbt, no tests). Each part runs as
`python -m tools.bench.pipeline --floor-child <spec>` so that its peak memory is its own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from orchestration.domain.reference import PROJECT_ROOT

FAMILY_FOLDERS = {  # floor: which inbox folder a stage's files are in
    "ingestion: press": "media/press",
    "ingestion: fanpage": "media/fanpage",
    "ingestion: web analytics": "media/web",
    "ingestion: surveys": "surveys",
    "ingestion: feedback": "feedback",
    "ingestion: infrastructure": "infrastructure",
}


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


def in_child(root: Path, kind: str, *arguments: str) -> dict:
    """Run one floor part in a fresh interpreter (its arguments written under `root`); returns its
    seconds, rows and peak MiB."""
    spec = Path(root / "floor-args.json")
    spec.write_text(json.dumps({"kind": kind, "arguments": list(arguments)}))
    output = subprocess.run(
        [sys.executable, "-m", "tools.bench.pipeline", "--floor-child", str(spec)],
        check=True,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def floor_child(spec: Path) -> int:
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


def floor_for(root: Path, label: str, files: dict[str, list[Path]]) -> dict[str, dict]:
    """stage -> floor measurement for the files a run had to read."""
    out = {}
    for stage, paths in files.items():
        if not paths:
            out[stage] = {"seconds": 0.0, "rows": 0, "peak_mib": 0.0}
            continue
        listing = root / f"floor-{label}-{re.sub(r'[^a-z]+', '-', stage)}.json"
        listing.write_text(json.dumps([str(p) for p in paths]))
        out[stage] = in_child(root, "workbooks" if stage == "ingestion: unit reports" else "csvs", str(listing))
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
