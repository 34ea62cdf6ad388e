"""Time survey ingestion and the consensus marts on a city-scale export (sources.md §5).

    python -m tools.bench.surveys [--responses 500000] [--questions 20]
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
  (`orchestration.domain.reference.tasks`, `wards`, the reporting-period calendar), and one stub
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

The child phases live in `bench.survey_phases`, the dbt process and the warehouse files in
`bench.survey_dbt`, the tables and the docs section in `bench.survey_report`; this module
is the command line and the parent process that runs them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from tools.bench import survey_export
from tools.bench.survey_dbt import DBT_COMMAND, _dbt, _warm, phase_dbt, prepare_warehouse
from tools.bench.survey_phases import (
    CHILD_PHASES,
    PROJECT_ROOT,
    _floor_db,
    _pipeline_db,
    _work,
    run_phase,
)
from tools.bench.survey_report import (
    Measured,
    machine,
    profile_table,
    section,
    stages_table,
    steps_table,
    table,
    verdict,
    write_docs,
)

DOCS = PROJECT_ROOT / "docs" / "benchmarks.md"


# ---------------------------------------------------------------- the parent: prepare, time, report


def _in_child(name: str, out: Path, args: argparse.Namespace) -> dict:
    """Run one phase in a fresh interpreter, so that its peak memory is its own."""
    command = [
        sys.executable,
        "-m",
        "tools.bench.surveys",
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
