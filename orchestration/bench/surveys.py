"""Time survey ingestion and the consensus marts on a city-scale export (sources.md §5).

    python -m orchestration.bench.surveys [--responses 500000] [--questions 20]
        [--out /tmp/bench-surveys] [--seed 11] [--repeat 1] [--profile-sample 50000]
        [--docs docs/benchmarks.md | --no-docs]

Generates one Google Forms export of --responses responses × --questions Likert questions
with its questionnaire (`bench.survey_export`; skipped when --out already holds the export of
the same parameters), then times, each in a fresh process so that its peak memory is its own:

- the pipeline, in two processes:
  `ingest`: `read_surveys` on the inbox (CSV -> the three polars frames), then `replace_rows` of
  `survey_responses` (each response's answers as a list of codes), `survey_answer_texts` (the
  export's dictionary of answers) and `survey_questions` into a fresh DuckDB file;
  `dbt`: `dbt build --exclude-resource-type unit_test --select +mart_consensus --indirect-selection
  cautious` (the survey staging, intermediate and mart models with their data tests) with WAREHOUSE
  on that file. Unit tests are left out as the pipeline's refreshes leave them out
  (orchestration/defs/transform/assets.py): they test the SQL on fixed rows, not the data, and
  `make test` runs every one (tests/e2e/test_dbt_unit_tests.py).
  The file is prepared before the clock starts with what those models read besides the
  surveys: the reference tables, from the builders the Dagster `reference_tables` asset runs
  (`orchestration.lib.reference.tasks`, `wards`, the reporting-period calendar), and one stub
  quarterly row in `raw.unit_report_submissions`, because `int_periods_loaded` only admits a
  period once a unit report of it has arrived. `dbt parse` runs once beforehand too, so that
  the timed build parses partially, as a re-run does.
- the floor (`bench.survey_floor`): DuckDB's `read_csv` with explicit types into a table, then
  the same aggregation in one plain SQL script, in a fresh file holding the same reference
  tables.

A last untimed process checks that the floor and the pipeline agree (every cell of
`int_survey_consensus__cells` against the floor's, figure by figure), and another takes the
reader apart on a --profile-sample export (stages timed without a profiler, then cProfile).
Prints one table and writes it into docs/benchmarks.md between the surveys markers.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from orchestration.bench import survey_export
from orchestration.bench.unit_reports import _peak_rss_mib
from orchestration.bench.unit_reports import machine as _unit_reports_machine

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOCS = PROJECT_ROOT / "docs" / "benchmarks.md"
DBT_DIR = PROJECT_ROOT / "dbt_project"
START, END = "<!-- surveys:start -->", "<!-- surveys:end -->"
HEADING = "## Surveys (sources.md §5)"
TARGET_FLOOR_RATIO = 1.5
SALT = "bench-salt-not-a-secret"
SURVEY_TABLES = ("survey_responses", "survey_answer_texts", "survey_questions")
DBT_COMMAND = (
    "build",
    "--exclude-resource-type",
    "unit_test",
    "--select",
    "+mart_consensus",
    "--indirect-selection",
    "cautious",
)
CHILD_PHASES = ("ingest", "floor", "verify", "profile")


def _work(out: Path) -> Path:
    return out / "work"


def _pipeline_db(out: Path) -> Path:
    return _work(out) / "pipeline.duckdb"


def _floor_db(out: Path) -> Path:
    return _work(out) / "floor.duckdb"


def _profile_inbox(out: Path, responses: int) -> Path:
    return _work(out) / f"profile-{responses}"


# ---------------------------------------------------------------- phases (run in a child process)


def phase_ingest(out: Path) -> dict:
    import polars as pl

    from orchestration.lib.warehouse import connect, replace_rows
    from orchestration.readers.survey import read_surveys

    before = os.times()
    start = time.perf_counter()
    result = read_surveys(out, SALT)
    read = time.perf_counter() - start
    after = os.times()
    read_peak = _peak_rss_mib()
    start = time.perf_counter()
    con = connect(_pipeline_db(out))
    try:
        written = {table: replace_rows(con, table, result.tables[table]) for table in SURVEY_TABLES}
    finally:
        con.close()
    write = time.perf_counter() - start
    done = os.times()
    # the ingestion's peak, taken before the counting below (which unpacks every answer) adds its own
    peak = _peak_rss_mib()
    responses, texts = result.tables["survey_responses"], result.tables["survey_answer_texts"]
    # Answers are codes in each response's list; scored when the code's text is a Likert point.
    codes = responses.select("source_file", pl.col("answer_codes").alias("answer_code")).explode("answer_code")
    counts = {
        "responses": written["survey_responses"],
        "answers": int(responses["answer_codes"].list.len().sum()),
        "scored_answers": codes.join(
            texts.filter(pl.col("likert_point").is_not_null()), on=["source_file", "answer_code"]
        ).height,
        "rejects": result.rejects.height,
    }
    return {
        "seconds": read + write,
        "stages": {"read": read, "write": write},
        "read_peak_mib": read_peak,
        "peak_mib": peak,
        "read_cpu": {"user": after.user - before.user, "sys": after.system - before.system},
        "cpu": _cpu(done) - _cpu(before),
        "counts": counts,
    }


def _cpu(times: os.times_result) -> float:
    """User + system seconds of this process, every thread (the machine is shared: CPU time moves
    less with the load than wall time)."""
    return times.user + times.system


def phase_floor(out: Path) -> dict:
    import duckdb

    from orchestration.bench import survey_floor

    export, questionnaire = survey_export.export_path(out), survey_export.questionnaire_path(out)
    con = duckdb.connect(str(_floor_db(out)))
    before = os.times()
    try:
        start = time.perf_counter()
        con.execute(survey_floor.read_sql(export, questionnaire))
        stages = {"read": time.perf_counter() - start}
        read_peak = _peak_rss_mib()
        start = time.perf_counter()
        con.execute(survey_floor.aggregate_sql(questionnaire))
        stages["aggregate"] = time.perf_counter() - start
        rows, cells = con.execute(
            f"select (select count(*) from {survey_floor.EXPORT_TABLE}), count(*) from {survey_floor.MART_TABLE}"
        ).fetchone()
    finally:
        con.close()
    return {
        "seconds": sum(stages.values()),
        "stages": stages,
        "read_peak_mib": read_peak,
        "cpu": _cpu(os.times()) - _cpu(before),
        "counts": {"responses": rows, "cells": cells},
    }


def phase_verify(out: Path) -> dict:
    """Compare the pipeline's consensus cells with the floor's; count the mart's rows."""
    import duckdb

    from orchestration.bench import survey_floor

    con = duckdb.connect(str(_pipeline_db(out)), read_only=True)
    try:
        con.execute(f"attach {survey_floor._quote(str(_floor_db(out)))} as floor (read_only)")
        keys = "task_code, period_key, respondent_group, ward_code"
        exact = (
            "responses",
            "answers",
            "responses_agreeing",
            "share_agreeing",
            "share_agreeing_ci_low",
            "share_agreeing_ci_high",
            "below_min_cell",
        )
        differs = " or ".join(
            ["p.task_code is null", "f.task_code is null"]
            + [f"p.{c} is distinct from f.{c}" for c in exact]
            # The mean is rounded to 4 decimals by both; sums in another order may round apart.
            + ["abs(p.mean_score - f.mean_score) > 0.000101"]
        )
        start = time.perf_counter()
        cells, different, mean_different = con.execute(f"""
            select count(*), count(*) filter (where {differs}),
                   count(*) filter (where p.mean_score is distinct from f.mean_score)
            from intermediate.int_survey_consensus__cells as p
            full join floor.{survey_floor.CELLS_TABLE} as f using ({keys})
        """).fetchone()
        mart, suppressed, complementary = con.execute(
            "select count(*), count(*) filter (where suppressed), "
            "count(*) filter (where suppression_reason = 'complementary') from marts.mart_consensus"
        ).fetchone()
        collapsed = con.execute(
            "select (select count(*) from staging.stg_surveys__responses) "
            "- (select count(*) from intermediate.int_survey_responses__latest)"
        ).fetchone()[0]
    finally:
        con.close()
    return {
        "seconds": time.perf_counter() - start,
        "counts": {
            "cells": cells,
            "cells_different": different,
            "means_off_in_last_decimal": mean_different,
            "mart_rows": mart,
            "mart_suppressed": suppressed,
            "mart_complementary": complementary,
            "duplicates_collapsed": collapsed,
        },
    }


READER_STAGES: tuple[tuple[str, str], ...] = (
    (
        "records",
        "read and check the file (UTF-8, BOM, line breaks) and split it into lines, batch by batch (`_line_batches`)",
    ),
    ("rows", "+ questionnaire, records column by column, keys, answers: one pair of frames per batch (`_read_export`)"),
    ("frames", "+ the batches' frames put together (as `read_surveys` does)"),
)


def phase_profile(out: Path, responses: int, questions: int, seed: int, top: int = 14) -> dict:
    """The reader taken apart on a smaller export: cumulative stages (wall, best of 2), then cProfile."""
    import polars as pl

    from orchestration.readers import survey as reader

    inbox = _profile_inbox(out, responses)
    if survey_export.existing(inbox, responses, questions, seed) is None:
        survey_export.generate(inbox, responses, questions, seed)
    export, questionnaire_file = survey_export.export_path(inbox), survey_export.questionnaire_path(inbox)
    source_file = export.relative_to(inbox).as_posix()

    best = dict.fromkeys(("records", "rows", "frames", "read_surveys"), float("inf"))
    for _ in range(2):
        start = time.perf_counter()
        for _batch in reader._line_batches(export):
            pass
        best["records"] = min(best["records"], time.perf_counter() - start)
        start = time.perf_counter()
        outcome = reader._read_export(export, source_file, reader.read_questionnaire(questionnaire_file), SALT)
        rows = time.perf_counter() - start
        start = time.perf_counter()
        # What read_surveys does with the batches' frames.
        pl.concat(outcome.response_frames)
        pl.concat(outcome.text_frames)
        frames = time.perf_counter() - start
        del outcome
        if rows + frames < best["frames"]:  # the two steps of one pass, so that they add up
            best["rows"], best["frames"] = rows, rows + frames
        start = time.perf_counter()
        reader.read_surveys(inbox, SALT)
        best["read_surveys"] = min(best["read_surveys"], time.perf_counter() - start)

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    reader.read_surveys(inbox, SALT)
    profiler.disable()
    profiled = time.perf_counter() - start
    stats = pstats.Stats(profiler, stream=io.StringIO()).stats
    entries = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.items():
        entries.append(
            {"function": _short(filename, line, name), "calls": calls, "tottime": tottime, "cumtime": cumtime}
        )
    entries.sort(key=lambda e: e["tottime"], reverse=True)
    return {
        "seconds": best["read_surveys"],
        "stages": best,
        "profiled_seconds": profiled,
        "profile": entries[:top],
        "steps": _steps(stats),
        "responses": responses,
        "counts": {},
    }


def _steps(stats: dict) -> list[dict]:
    """The reader's profiled time split by the step that spends it, without overlap: each direct
    callee of the column-wise reader's three levels (`_read_export_columnar`, its `batch` and
    `_responses`), with the time spent through that call edge only, and their own time."""

    def key(name: str) -> tuple | None:
        return next((k for k in stats if k[2] == name and k[0].endswith("readers/survey.py")), None)

    steps = []
    parents = ("_read_export_columnar", "batch", "_responses")
    for parent in parents:
        parent_key = key(parent)
        if parent_key is None:
            continue
        own = stats[parent_key][2]
        steps.append({"step": f"{parent} itself", "calls": stats[parent_key][1], "seconds": own})
        for callee, (_cc, _nc, _tt, _ct, callers) in stats.items():
            if parent_key in callers and callee[2] not in parents:
                _ecc, calls, _ett, through = callers[parent_key]
                steps.append({"step": _short(*callee), "calls": calls, "seconds": through})
    steps.sort(key=lambda e: e["seconds"], reverse=True)
    return steps


def _short(filename: str, line: int, name: str) -> str:
    if filename == "~":
        return name  # a built-in: "<method 'sub' of 're.Pattern' objects>"
    path = Path(filename)
    if "site-packages" in path.parts:
        path = Path(*path.parts[path.parts.index("site-packages") + 1 :])
    else:
        try:
            path = path.relative_to(PROJECT_ROOT)
        except ValueError:
            path = Path(path.name)
    return f"{name} ({path.as_posix()}:{line})"


def run_phase(name: str, out: Path, args: argparse.Namespace) -> dict:
    if name == "ingest":
        found = phase_ingest(out)
    elif name == "floor":
        found = phase_floor(out)
    elif name == "verify":
        found = phase_verify(out)
    elif name == "profile":
        found = phase_profile(out, args.profile_sample, args.questions, args.seed)
    else:
        raise ValueError(f"unknown phase {name!r}; expected one of {', '.join(CHILD_PHASES)}")
    return {"phase": name, "peak_mib": _peak_rss_mib(), **found}


# ---------------------------------------------------------------- the parent: prepare, time, report


def _in_child(name: str, out: Path, args: argparse.Namespace) -> dict:
    """Run one phase in a fresh interpreter, so that its peak memory is its own."""
    command = [
        sys.executable,
        "-m",
        "orchestration.bench.surveys",
        "--phase",
        name,
        "--out",
        str(out),
        "--questions",
        str(args.questions),
        "--seed",
        str(args.seed),
        "--profile-sample",
        str(args.profile_sample),
    ]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"phase {name} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _dbt_executable() -> str:
    return shutil.which("dbt", path=str(Path(sys.executable).parent)) or shutil.which("dbt") or "dbt"


def _dbt(out: Path, arguments: list[str]) -> tuple[float, float, str, float]:
    """Run dbt on the pipeline's file with its own target and log folders (the project's
    dbt_project/target is left alone); returns (wall seconds, peak RSS MiB, output, CPU seconds)."""
    work = _work(out)
    # dbt's file log at info level, as in a refresh (orchestration/defs/transform/project.py)
    env = {
        "DBT_LOG_LEVEL_FILE": "info",
        **os.environ,
        "WAREHOUSE_BUILD": str(_pipeline_db(out)),
        "DBT_PROFILES_DIR": str(DBT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        _dbt_executable(),
        *arguments,
        "--project-dir",
        str(DBT_DIR),
        "--profiles-dir",
        str(DBT_DIR),
        "--target-path",
        str(work / "dbt-target"),
        "--log-path",
        str(work / "dbt-logs"),
    ]
    log = work / "dbt-output.txt"
    with log.open("w", encoding="utf-8") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=DBT_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"dbt {' '.join(arguments)} failed (exit {process.returncode}):\n{text[-4000:]}")
    # ru_maxrss is in KiB on Linux
    return seconds, usage.ru_maxrss / 1024, text, usage.ru_utime + usage.ru_stime


def phase_dbt(out: Path) -> dict:
    """`dbt build` of the consensus mart and its ancestors, timed from outside as a process."""
    seconds, peak, _, cpu = _dbt(out, list(DBT_COMMAND))
    results = json.loads((_work(out) / "dbt-target" / "run_results.json").read_text(encoding="utf-8"))
    spent = {"model": 0.0, "test": 0.0, "unit_test": 0.0}
    nodes = {"model": 0, "test": 0, "unit_test": 0}
    slowest = []
    for result in results["results"]:
        kind = result["unique_id"].split(".", 1)[0]
        spent[kind] = spent.get(kind, 0.0) + result["execution_time"]
        nodes[kind] = nodes.get(kind, 0) + 1
        parts = result["unique_id"].split(".")
        # A data test's id ends in a hash: its name is the third part.
        slowest.append((result["execution_time"], parts[2] if kind == "test" else parts[-1]))
    slowest.sort(reverse=True)
    return {
        "phase": "dbt",
        "seconds": seconds,
        "peak_mib": peak,
        "cpu": cpu,
        "stages": {
            "models": spent["model"],
            "tests": spent["test"] + spent["unit_test"],
            "dbt": seconds - sum(spent.values()),
        },
        "counts": {"models": nodes["model"], "tests": nodes["test"], "unit_tests": nodes["unit_test"]},
        "slowest": [{"node": n, "seconds": s} for s, n in slowest[:4]],
    }


def prepare_warehouse(path: Path, *, stub_submission: bool) -> None:
    """A fresh DuckDB file holding the reference tables the consensus models join."""
    import polars as pl

    from orchestration.defs.reference.assets import reporting_periods
    from orchestration.lib import reference
    from orchestration.lib.warehouse import connect, replace_rows
    from orchestration.readers.unit_report import SUBMISSIONS_SCHEMA

    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = connect(path)
    try:
        for name, frame in (
            ("ref_tasks", reference.tasks()),
            ("ref_wards", reference.wards()),
            ("ref_reporting_periods", reporting_periods()),
        ):
            replace_rows(con, name, frame)
        if stub_submission:
            stub = pl.DataFrame(
                [
                    {
                        "submission_id": "bench-stub",
                        "source_file": "bench-stub",
                        "report_kind": "quarterly",
                        "period_key": survey_export.PERIOD,
                    }
                ],
                schema=SUBMISSIONS_SCHEMA,
            )
            replace_rows(con, "unit_report_submissions", stub)
    finally:
        con.close()


def _warm(path: Path) -> None:
    """Read the export once so that no phase pays for a cold page cache the others do not."""
    with path.open("rb") as handle:
        while handle.read(1 << 22):
            pass


@dataclass(frozen=True)
class Measured:
    ingest: dict  # best run
    dbt: dict
    floor: dict
    runs: int

    @property
    def pipeline_seconds(self) -> float:
        return self.ingest["seconds"] + self.dbt["seconds"]

    @property
    def ratio(self) -> float:
        return self.pipeline_seconds / self.floor["seconds"]


def _ratio(a: float, b: float) -> str:
    return f"{a / b:,.1f}x" if b else "n/a"


def table(m: Measured) -> list[str]:
    """The measured table as markdown lines (also what is printed)."""
    ingest, dbt, floor = m.ingest, m.dbt, m.floor
    read, write = ingest["stages"]["read"], ingest["stages"]["write"]
    return [
        "| stage | pipeline | seconds | peak MiB | floor | seconds | peak MiB | pipeline / floor |",
        "|---|---|---:|---:|---|---:|---:|---:|",
        f"| read: export → raw tables | `read_surveys` (CSV → three polars frames) | {read:,.1f} "
        f"| {ingest['read_peak_mib']:,.0f} | DuckDB `read_csv`, explicit types → table | {floor['stages']['read']:,.1f} "
        f"| {floor['read_peak_mib']:,.0f} | {_ratio(read + write, floor['stages']['read'])} |",
        f"| | `replace_rows` × 3 (frames → DuckDB) | {write:,.1f} | {ingest['peak_mib']:,.0f} | | | | |",
        f"| aggregate: consensus cells and roll-ups | `dbt build --select +mart_consensus` (no unit tests) | {dbt['seconds']:,.1f} "
        f"| {dbt['peak_mib']:,.0f} | one SQL script (unpivot, scale, grouping sets, Wilson) "
        f"| {floor['stages']['aggregate']:,.1f} | {floor['peak_mib']:,.0f} "
        f"| {_ratio(dbt['seconds'], floor['stages']['aggregate'])} |",
        f"| | of which the models' SQL | {dbt['stages']['models']:,.1f} | | | | | "
        f"{_ratio(dbt['stages']['models'], floor['stages']['aggregate'])} |",
        f"| | of which data tests | {dbt['stages']['tests']:,.1f} | | | | | |",
        f"| | of which dbt itself (start, partial parse, compile, run bookkeeping) | {dbt['stages']['dbt']:,.1f} "
        "| | | | | |",
        f"| **total** | | **{m.pipeline_seconds:,.1f}** | {max(ingest['peak_mib'], dbt['peak_mib']):,.0f} | "
        f"| **{floor['seconds']:,.1f}** | {floor['peak_mib']:,.0f} | **{m.ratio:,.1f}x** |",
    ]


def verdict(m: Measured) -> str:
    met = m.ratio <= TARGET_FLOOR_RATIO
    load = os.getloadavg()[0]
    text = (
        f"- pipeline / floor: **{m.ratio:,.1f}x** (target at most {TARGET_FLOOR_RATIO}x: "
        f"{'met' if met else 'not met'}"
        # The floor's SQL runs on every core and loses more to other work than the pipeline's
        # mostly one-thread steps: on a busy machine the ratio flatters the pipeline.
        + (f" at load average {load:.1f}; only a run on the idle machine decides" if load >= 1 else "")
        + ")"
    )
    cpu = [m.ingest.get("cpu"), m.dbt.get("cpu"), m.floor.get("cpu")]
    if None not in cpu:
        # Load average when the runs ended: on a shared machine the wall times move with it.
        text += (
            f"\n- CPU time (user + system, every thread) of the same runs: pipeline {cpu[0] + cpu[1]:,.1f} s "
            f"(ingest {cpu[0]:,.1f} s, dbt {cpu[1]:,.1f} s), floor {cpu[2]:,.1f} s: "
            f"{_ratio(cpu[0] + cpu[1], cpu[2])}; load average {load:.1f} on "
            f"{os.cpu_count()} cores when the table was made."
        )
    return text


def stages_table(profile: dict) -> list[str]:
    stages = profile["stages"]
    lines = [
        f"| reader stage (cumulative, {profile['responses']:,} responses, wall, best of 2) "
        "| seconds | step | µs per answer |",
        "|---|---:|---:|---:|",
    ]
    answers = profile["responses"] * profile.get("questions", 20)
    previous = None
    for name, label in READER_STAGES:
        value = stages[name]
        step = "" if previous is None else f"{value - previous:+.2f}"
        lines.append(f"| {label} | {value:.2f} | {step} | {value / answers * 1e6:.2f} |")
        previous = value
    lines.append(
        f"| `read_surveys` as called (for comparison) | {stages['read_surveys']:.2f} | "
        f"| {stages['read_surveys'] / answers * 1e6:.2f} |"
    )
    return lines


def steps_table(profile: dict, top: int = 12) -> list[str]:
    total = profile["profiled_seconds"]
    lines = [
        f"| step of `read_surveys` (cProfile, {profile['responses']:,} responses, {total:.1f} s under the profiler) "
        "| calls | seconds | share |",
        "|---|---:|---:|---:|",
    ]
    steps = profile["steps"]
    for entry in steps[:top]:
        name = entry["step"].replace("|", "\\|")
        lines.append(f"| `{name}` | {entry['calls']:,} | {entry['seconds']:.2f} | {entry['seconds'] / total:.0%} |")
    rest = sum(e["seconds"] for e in steps[top:])
    if rest:
        lines.append(f"| {len(steps) - top} other steps | | {rest:.2f} | {rest / total:.0%} |")
    return lines


def profile_table(profile: dict, top: int = 10) -> list[str]:
    lines = [
        "| function, by its own time (cProfile) | calls | own seconds | with callees |",
        "|---|---:|---:|---:|",
    ]
    for entry in profile["profile"][:top]:
        name = entry["function"].replace("|", "\\|")
        lines.append(f"| `{name}` | {entry['calls']:,} | {entry['tottime']:.2f} | {entry['cumtime']:.2f} |")
    return lines


def _step_share(profile: dict, prefix: str) -> float:
    """Share of the profiled reader time spent through the step whose label starts with `prefix`."""
    found = sum(e["seconds"] for e in profile["steps"] if e["step"].startswith(prefix))
    return found / profile["profiled_seconds"]


def account(m: Measured, profile: dict | None, manifest: dict) -> list[str]:
    """What holds the pipeline back, stage by stage, in the measured numbers."""
    ingest, dbt, floor = m.ingest, m.dbt, m.floor
    read, write = ingest["stages"]["read"], ingest["stages"]["write"]
    total, answers = m.pipeline_seconds, manifest["answers"]
    cpu = ingest.get("read_cpu", {})
    lines = [
        "What holds the pipeline back, stage by stage:",
        "",
        f"1. **`read_surveys`: {read:,.1f} s, {read / total:.0%} of the pipeline**, "
        f"{read / floor['stages']['read']:,.1f}x the floor's read ({read / answers * 1e6:.2f} µs per answer"
        + (f"; {cpu['user']:,.1f} s user and {cpu['sys']:,.1f} s kernel time" if cpu else "")
        + "). An export whose records each fit on one line (this one, and every Forms export seen so far) "
        "is read column by column: batches of 32 MiB checked, decoded and split into lines by polars' CSV "
        "reader (NUL as the separator, no quoting: a line is one field; 0.65 s of CPU for this export, where "
        "splitting each batch's text took 1.0 s), the cells picked from the split lists and each answer coded "
        "(one list of codes per response); Python runs once per distinct answer text, group and ward, and once per line "
        "holding a quote (Python's csv module parses it). Names are folded by polars once per distinct name "
        "(Python's `fold_key` only for characters outside the tested set) and the respondent key's SHA-256 is "
        "taken by an in-memory DuckDB connection without a temporary directory (it cannot spill personal "
        "values to disk). A file with a value spanning lines or a lone carriage return is still read record "
        "by record (about 1.5 µs per answer). Tried and dropped: batches read by threads (polars' eager "
        "calls did not run side by side: slower than one after the other) and by worker processes "
        "(`lib/workers.py`; sending lines and frames back through pickling cost more than the reading: "
        "7-9 s against 4.7 s).",
    ]
    if profile is not None:
        stages = profile["stages"]
        frames = stages["frames"]
        top = [e for e in profile["steps"] if not e["step"].endswith(" itself")][:4]
        lines += [
            f"   - On {profile['responses']:,} responses: reading, checking and splitting the file into lines "
            f"{stages['records'] / frames:.0%} of the reader, records to frames "
            f"{(stages['rows'] - stages['records']) / frames:.0%}, putting the batches together "
            f"{(stages['frames'] - stages['rows']) / frames:.0%}.",
            "   - Largest steps under cProfile: "
            + ", ".join(f"`{e['step']}` {e['seconds'] / profile['profiled_seconds']:.0%}" for e in top)
            + " (tables below).",
        ]
    lines += [
        f"2. **Memory**: the reader's peak is {ingest['read_peak_mib']:,.0f} MiB. The export is read in batches "
        "of 32 MiB of lines, so parsing holds one batch at a time; what grows with the export is the output "
        f"itself: {answers:,} answers kept as one list of integer codes per response (4 bytes an answer) with a "
        "small dictionary per export, which `read_surveys` returns whole (its callers write them with "
        f"`replace_rows`). The floor peaks at {floor['peak_mib']:,.0f} MiB.",
        f"3. `replace_rows`: {write:,.1f} s to hand the frames to DuckDB through Arrow and insert them "
        f"({write / total:.0%} of the pipeline; `orchestration/lib/warehouse.py`, not changed here). The answers "
        "are not rows: each response's `answer_codes` (a list of integers, one per question) and the export's "
        "`survey_answer_texts` (code -> answer as written, Likert point); stg_surveys__answers unpacks them when "
        "read. Measured apart on 10 million answers: DuckDB stores the lists in about 0.4 s of CPU, against about "
        "1.5 s for a narrow long table of four small integers and 0.6-0.7 s per text column of the answer rows "
        "before.",
        f"4. **`dbt build`: {dbt['seconds']:,.1f} s** against {floor['stages']['aggregate']:,.1f} s for the floor's "
        f"aggregation. The models' SQL takes {dbt['stages']['models']:,.1f} s "
        f"({_ratio(dbt['stages']['models'], floor['stages']['aggregate'])} the floor's script), almost all of it "
        "the table `int_survey_consensus__cells`: the grouping sets over every response run once, reading the "
        "view `int_survey_responses__task_scores` (about 7 million rows of response × task). That view unpacks "
        "only the kept responses' `answer_codes` (each code beside its question position) and scores them by "
        "one join on integers (file number, position, code) to `stg_surveys__answer_scores`, a few hundred "
        "rows per export; a code that scores nothing has no row there and drops out. A task with one question "
        "in its export (10 of this export's 15 tasks) needs no grouping: that answer is the response's task "
        "score; only the answers on tasks with several questions are grouped per response and task. Measured "
        "apart, the cells over this view took 2.7 s of CPU and 480 MiB, against 4.4 s and 1,200 MiB over "
        "the unpacked answers with their texts. stg_surveys__answers (every answer with its texts, for "
        "analysts) is a view no model here reads (one data test does: every code in its export's "
        "dictionary), and int_survey_responses__latest sorts only the "
        f"submissions whose respondent key recurs. The {dbt['counts']['tests']} data tests take "
        f"{dbt['stages']['tests']:,.1f} s (unit tests are left out, as the pipeline's refreshes leave them out; "
        "`make test` runs them); the answers' task check runs on raw.survey_questions (a few dozen rows) "
        "instead of 10 million answers, and five tests that could not fail (mart_consensus's not_null and "
        "relationships on task_code and period_key, which the model's inner joins guarantee; the latest "
        "responses' not_null submissions) were dropped. "
        f"dbt's own start, partial parse and bookkeeping take {dbt['stages']['dbt']:,.1f} s whatever the size.",
        "   Slowest nodes: " + ", ".join(f"`{n['node']}` {n['seconds']:.1f} s" for n in dbt["slowest"]) + ".",
    ]
    budget = TARGET_FLOOR_RATIO * floor["seconds"]
    fixed = write + dbt["stages"]["dbt"]
    lines.append(
        f"5. The 1.5x budget is {budget:,.1f} s here; the pipeline takes {total:,.1f} s. dbt's fixed cost and "
        f"`replace_rows` alone take {fixed:,.1f} s ({fixed / floor['seconds']:,.1f}x the floor) before any "
        "survey is read or any figure computed; the floor pays neither (one process, one SQL script, no "
        "tests). What is left above it: polars splitting every line into a list of cells, the grouping of "
        "the answers per response and task (tasks with several questions), and dbt's per-node overhead; "
        "the answers are stored as one list of codes per response, not as 10 million rows."
    )
    return lines


def machine() -> dict[str, str]:
    import duckdb

    host = _unit_reports_machine()
    keep = ("cores", "cpu", "memory", "os", "python", "polars")
    found = {k: host[k] for k in keep}
    found["duckdb"] = duckdb.__version__
    try:
        from importlib.metadata import version

        found["dbt"] = f"dbt-core {version('dbt-core')}, dbt-duckdb {version('dbt-duckdb')}"
    except Exception:  # noqa: BLE001 - informative only
        found["dbt"] = "unknown"
    return found


def section(
    m: Measured, manifest: dict, checks: dict, profile: dict | None, host: dict, argv: list[str], generated: str
) -> str:
    """The docs section, markers included."""
    command = " ".join(["python -m orchestration.bench.surveys", *argv])
    ingest = m.ingest["counts"]
    dbt_counts = m.dbt["counts"]
    lines = [
        START,
        f"Measured {dt.date.today():%Y-%m-%d} with `{command}`: one Google Forms export of "
        f"{manifest['responses']:,} responses × {manifest['questions']} questions ({manifest['answers']:,} answers, "
        f"{manifest['bytes'] / 2**20:,.0f} MiB, period {manifest['period']}, seed {manifest['seed']}; {generated}). "
        "Each phase runs in a fresh process; seconds are wall time"
        + (f", the best of {m.runs} runs" if m.runs > 1 else ", one run")
        + "; peak memory is the process's peak RSS (VmHWM, or the dbt process's own ru_maxrss), "
        "interpreter and imports included.",
        "",
        *table(m),
        "",
        verdict(m),
        f"- the pipeline loaded {ingest['responses']:,} responses and {ingest['answers']:,} answers "
        f"({ingest['scored_answers']:,} scored), {ingest['rejects']} rejects; dbt built {dbt_counts['models']} models "
        f"and ran {dbt_counts['tests']} data tests ({dbt_counts['unit_tests']} unit tests); mart_consensus has "
        f"{checks['mart_rows']:,} rows, {checks['mart_suppressed']:,} suppressed "
        f"({checks['mart_complementary']:,} complementary).",
        f"- same figures: the floor's {m.floor['counts']['cells']:,} cells and the pipeline's "
        f"`int_survey_consensus__cells` ({checks['cells']:,} in their union) differ in "
        f"{checks['cells_different']} (responses, answers, agreeing, share, interval and flag compared exactly, "
        f"the 4-decimal mean within one unit of its last decimal: {checks['means_off_in_last_decimal']} differ there); "
        f"{checks['duplicates_collapsed']} submissions were collapsed as duplicates (the export has none).",
        "- the floor leaves out what only the pipeline does: the respondent key, per-cell checks and "
        "redaction, the quarantine, duplicate collapsing, complementary suppression and dbt's tests.",
    ]
    lines += ["", *account(m, profile, manifest)]
    if profile is not None:
        lines += [
            "",
            "Where the reader's time goes (`phase_profile`, on a smaller export of the same generator):",
            "",
            *stages_table(profile),
            "",
            *steps_table(profile),
            "",
            *profile_table(profile),
        ]
    lines += [
        "",
        f"Machine: {host['cores']} cores ({host['cpu']}), {host['memory']} memory, {host['os']}; Python "
        f"{host['python']}, duckdb {host['duckdb']}, polars {host['polars']}, {host['dbt']}.",
        END,
    ]
    return "\n".join(lines)


def write_docs(path: Path, text: str) -> None:
    """Replace the surveys section of `path` (markers included); add it at the end when missing."""
    current = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n"
    if START in current and END in current:
        before, rest = current.split(START, 1)
        updated = before + text + rest.split(END, 1)[1]
    else:
        updated = current.rstrip("\n") + f"\n\n{HEADING}\n\n" + text + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")


def _say(message: str) -> None:
    print(message, flush=True)


def _stages_text(found: dict) -> str:
    return ", ".join(f"{k} {v:.1f} s" for k, v in found.get("stages", {}).items())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=500_000, help="responses in the export (default 500000)")
    parser.add_argument("--questions", type=int, default=20, help="Likert questions (default 20)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("/tmp/bench-surveys"),
        help="inbox folder: surveys/ and the work files (default /tmp/bench-surveys)",
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=1, help="runs of pipeline and floor, alternating; best counts")
    parser.add_argument(
        "--profile-sample",
        type=int,
        default=50_000,
        help="responses in the export the reader is profiled on; 0 skips it (default 50000)",
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="markdown file to write the table into")
    parser.add_argument("--no-docs", action="store_true", help="print only, do not write --docs")
    parser.add_argument("--phase", choices=CHILD_PHASES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for option in ("responses", "questions", "repeat"):
        if getattr(args, option) < 1:
            parser.error(f"--{option} must be at least 1")
    out: Path = args.out.resolve()

    if args.phase:
        print(json.dumps(run_phase(args.phase, out, args)))
        return 0

    manifest = survey_export.existing(out, args.responses, args.questions, args.seed)
    if manifest is not None:
        generated = "reused"
        _say(f"reusing {survey_export.export_path(out)} ({args.responses:,} × {args.questions}, seed {args.seed})")
    else:
        _say(f"generating {args.responses:,} responses × {args.questions} questions into {out} (seed {args.seed}) ...")
        started = time.perf_counter()
        manifest = survey_export.generate(out, args.responses, args.questions, args.seed)
        generated = f"written in {time.perf_counter() - started:.0f} s"
        _say(
            f"  {manifest['bytes'] / 2**20:,.0f} MiB, {manifest['answers']:,} answers in "
            f"{time.perf_counter() - started:.1f} s"
        )
    _work(out).mkdir(parents=True, exist_ok=True)
    _warm(survey_export.export_path(out))

    _say("dbt parse (untimed, so that the timed builds parse partially) ...")
    prepare_warehouse(_pipeline_db(out), stub_submission=True)
    _dbt(out, ["parse", "--quiet"])

    runs: dict[str, list[dict]] = {"ingest": [], "dbt": [], "floor": []}
    for attempt in range(args.repeat):
        label = f"(run {attempt + 1} of {args.repeat})"
        prepare_warehouse(_pipeline_db(out), stub_submission=True)
        _say(f"timing the pipeline: read_surveys + replace_rows {label} ...")
        runs["ingest"].append(_in_child("ingest", out, args))
        _say(
            f"  {runs['ingest'][-1]['seconds']:.1f} s ({_stages_text(runs['ingest'][-1])}), "
            f"peak {runs['ingest'][-1]['peak_mib']:,.0f} MiB; {runs['ingest'][-1]['counts']}"
        )
        _say(f"timing the pipeline: dbt {' '.join(DBT_COMMAND)} {label} ...")
        runs["dbt"].append(phase_dbt(out))
        _say(
            f"  {runs['dbt'][-1]['seconds']:.1f} s ({_stages_text(runs['dbt'][-1])}), "
            f"peak {runs['dbt'][-1]['peak_mib']:,.0f} MiB"
        )
        prepare_warehouse(_floor_db(out), stub_submission=False)
        _say(f"timing the floor: read_csv + one SQL script {label} ...")
        runs["floor"].append(_in_child("floor", out, args))
        _say(
            f"  {runs['floor'][-1]['seconds']:.1f} s ({_stages_text(runs['floor'][-1])}), "
            f"peak {runs['floor'][-1]['peak_mib']:,.0f} MiB"
        )

    _say("checking that the pipeline and the floor agree ...")
    checks = _in_child("verify", out, args)["counts"]
    _say(f"  {checks}")
    profile = None
    if args.profile_sample > 0:
        _say(f"taking the reader apart on {args.profile_sample:,} responses ...")
        profile = _in_child("profile", out, args)
        profile["questions"] = args.questions
        _say(f"  {_stages_text(profile)}")

    best = {name: min(found, key=lambda r: r["seconds"]) for name, found in runs.items()}
    peaks = {name: max(r["peak_mib"] for r in found) for name, found in runs.items()}
    best = {name: {**found, "peak_mib": peaks[name]} for name, found in best.items()}
    measured = Measured(best["ingest"], best["dbt"], best["floor"], args.repeat)
    host = machine()
    (_work(out) / "results.json").write_text(
        json.dumps(
            {
                "argv": argv,
                "manifest": manifest,
                "generated": generated,
                "runs": runs,
                "checks": checks,
                "profile": profile,
                "host": host,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    _say("")
    _say("\n".join(table(measured)))
    _say(verdict(measured))
    if profile is not None:
        _say("")
        _say("\n".join(stages_table(profile)))
        _say("")
        _say("\n".join(steps_table(profile)))
        _say("")
        _say("\n".join(profile_table(profile)))
    _say("machine: " + ", ".join(f"{k} {v}" for k, v in host.items()))
    if best["ingest"]["counts"]["rejects"] or checks["cells_different"]:
        print(
            "warning: the generated export should load with no reject and the floor should match the pipeline",
            file=sys.stderr,
        )
    if not args.no_docs:
        shown = [a for a in argv if a != "--no-docs"]
        write_docs(args.docs, section(measured, manifest, checks, profile, host, shown, generated))
        _say(f"wrote {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
