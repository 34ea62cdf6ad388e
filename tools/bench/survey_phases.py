"""The survey benchmark's phases that run in a child process of their own (`bench.surveys`).

Each returns what it measured as a dict the parent reads back as JSON: `ingest` (the pipeline's
`read_surveys` and `replace_rows`), `floor` (DuckDB's `read_csv` and one SQL script,
`bench.survey_floor`), `verify` (the pipeline's consensus cells against the floor's, untimed)
and `profile` (the reader's stages and cProfile on a smaller export). A fresh interpreter per
phase keeps each phase's peak memory its own.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import time
from pathlib import Path

from tools.bench import survey_export
from tools.bench.unit_report_phases import peak_rss_mib

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SALT = "bench-salt-not-a-secret"
SURVEY_TABLES = ("survey_responses", "survey_answer_texts", "survey_questions")
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

    from orchestration.readers.survey import read_surveys
    from orchestration.warehouse.database import connect, replace_rows

    before = os.times()
    start = time.perf_counter()
    result = read_surveys(out, SALT)
    read = time.perf_counter() - start
    after = os.times()
    read_peak = peak_rss_mib()
    start = time.perf_counter()
    con = connect(_pipeline_db(out))
    try:
        written = {table: replace_rows(con, table, result.tables[table]) for table in SURVEY_TABLES}
    finally:
        con.close()
    write = time.perf_counter() - start
    done = os.times()
    # the ingestion's peak, taken before the counting below (which unpacks every answer) adds its own
    peak = peak_rss_mib()
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

    from tools.bench import survey_floor

    export, questionnaire = survey_export.export_path(out), survey_export.questionnaire_path(out)
    con = duckdb.connect(str(_floor_db(out)))
    before = os.times()
    try:
        start = time.perf_counter()
        con.execute(survey_floor.read_sql(export, questionnaire))
        stages = {"read": time.perf_counter() - start}
        read_peak = peak_rss_mib()
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

    from tools.bench import survey_floor

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


def phase_profile(out: Path, responses: int, questions: int, seed: int, top: int = 14) -> dict:
    """The reader taken apart on a smaller export: cumulative stages (wall, best of 2), then cProfile."""

    from orchestration.formats.csv_files import check_csv_file, file_records
    from orchestration.readers import survey as reader
    from orchestration.readers.survey.export import read_export

    inbox = _profile_inbox(out, responses)
    if survey_export.existing(inbox, responses, questions, seed) is None:
        survey_export.generate(inbox, responses, questions, seed)
    export, questionnaire_file = survey_export.export_path(inbox), survey_export.questionnaire_path(inbox)
    source_file = export.relative_to(inbox).as_posix()

    best = dict.fromkeys(("records", "rows", "read_surveys"), float("inf"))
    for _ in range(2):
        start = time.perf_counter()
        check_csv_file(export)
        for _record in file_records(export):
            pass
        best["records"] = min(best["records"], time.perf_counter() - start)
        start = time.perf_counter()
        outcome = read_export(export, source_file, reader.read_questionnaire(questionnaire_file), SALT)
        best["rows"] = min(best["rows"], time.perf_counter() - start)
        del outcome
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
    callee of `read_export` and of the answer coder's `flush`, with the time spent through that
    call edge only, and their own time."""

    def key(name: str) -> tuple | None:
        return next((k for k in stats if k[2] == name and "readers/survey/" in k[0].replace("\\", "/")), None)

    steps = []
    parents = ("read_export", "flush")
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
    return {"phase": name, "peak_mib": peak_rss_mib(), **found}
