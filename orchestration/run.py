"""`make run`: ingest an inbox and build every model and test into a warehouse file, then summarise.

    python -m orchestration.run [--inbox sources] [--warehouse warehouse/warehouse.duckdb]
                                [--periods 2025-Q4,2026-Q1 | --school-year 2025-2026]

Runs are real Dagster runs recorded in the instance (DAGSTER_HOME, default .dagster_home/),
so they appear in `make dev`'s UI. Unit reports run once per reporting period (partition);
reference data, the other families and dbt run together afterwards, so that the blocking
checks of the raw tables stand between bad input and the marts.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from orchestration.dbt_progress import ProgressStream
from orchestration.domain.dates import HCM
from orchestration.domain.periods import all_periods, school_year_periods
from orchestration.domain.reference import PROJECT_ROOT
from orchestration.recovery import (
    RefreshRunning,
    hold_instance_lock,
    hold_refresh_lock,
    recover_abandoned_runs,
    run_tags,
)
from orchestration.warehouse.database import absolute, build_path
from orchestration.warehouse.publication import Layout, published_reports

PERIOD_KEY = re.compile(r"^\d{4}-Q[1-4]$")
SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
# The areas of "rows per mart", by the folder of marts/ a mart's SQL is in.
MART_AREAS = {
    "": "unit reports and data quality",
    "media": "media",
    "surveys": "surveys and feedback",
    "infrastructure": "infrastructure",
    "year": "year-end scorecards",
}


_console = sys.stdout  # progress goes here; dbt's own log lines go to the refresh log


def _say(message: str) -> None:
    print(message, file=_console, flush=True)


def prepare_instance(home: Path) -> None:
    """DAGSTER_HOME with the project's dagster.yaml in it (the instance reads it from there)."""
    home.mkdir(parents=True, exist_ok=True)
    # A shared deployment keeps runs and events in PostgreSQL: DAGSTER_PG_HOST selects those settings.
    settings = "dagster.postgres.yaml" if os.environ.get("DAGSTER_PG_HOST") else "dagster.yaml"
    shutil.copyfile(PROJECT_ROOT / settings, home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)


def default_periods(today: dt.date) -> list[str]:
    """Every period whose window has started by today: re-running them all is idempotent."""
    return [p.key for p in all_periods() if p.window_start <= today]


class UsageError(ValueError):
    """A mistake on the command line: said in one line, nothing run."""


def parse_periods(args: argparse.Namespace) -> list[str]:
    known = [p.key for p in all_periods()]
    if args.periods:
        keys = [k.strip() for k in args.periods.split(",") if k.strip()]
        malformed = [k for k in keys if not PERIOD_KEY.match(k)]
        if malformed or not keys:
            raise UsageError(
                f"PERIODS={args.periods!r}: {', '.join(repr(k) for k in malformed) or 'no period'} is not a "
                f"period; write periods like 2026-Q1 (quarter 1 to 4), several separated by commas"
            )
        unknown = [k for k in keys if k not in known]
        if unknown:
            raise UsageError(
                f"PERIODS: {', '.join(unknown)} is outside the plan's periods ({known[0]} .. {known[-1]}); "
                f"write periods like 2026-Q1"
            )
        return keys
    if args.school_year:
        keys = [p.key for p in school_year_periods(args.school_year)] if SCHOOL_YEAR.match(args.school_year) else []
        if not keys:
            raise UsageError(
                f"SCHOOL_YEAR={args.school_year!r} is not a school year the plan covers; write it like 2025-2026 "
                f"({all_periods()[0].school_year} .. {all_periods()[-1].school_year})"
            )
        return keys
    return default_periods(dt.datetime.now(HCM).date())


def warehouse_problem(warehouse: Path) -> str | None:
    """Why refreshes cannot write beside `warehouse` (its folder, the build copy's folder), if so."""
    folder = build_path(warehouse).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-check-"):
            pass
    except OSError as exc:
        return (
            f"WAREHOUSE={warehouse}: cannot write in {exc.filename or folder} ({exc.strerror or exc}); "
            f"set WAREHOUSE to a file in a folder you can write"
        )
    return None


def periods_named(inbox: Path, warehouse: Path, wanted: list[str]) -> set[str]:
    """Which of `wanted` some unit report names in its `Kỳ báo cáo`: first from what the
    warehouse already loaded, then from the `Kỳ báo cáo` of the inbox's unit reports it has not
    loaded (their ThongTin sheet alone), one by one until every wanted period is named."""
    import duckdb

    named: set[str] = set()
    loaded: set[str] = set()
    for database in (build_path(warehouse), warehouse):
        if not database.exists():
            continue
        try:
            with duckdb.connect(str(database), read_only=True) as con:
                for period_key, source_file in con.execute(
                    "select distinct period_key, source_file from raw.unit_report_submissions"
                ).fetchall():
                    if period_key:
                        named.add(period_key)
                    loaded.add(source_file)
        except duckdb.Error:
            continue  # no such table yet, or a writer holds it: the inbox answers
    wanted_set = set(wanted)
    if wanted_set <= named:
        return wanted_set
    from orchestration.readers.unit_report import declared_period_key, list_unit_report_files

    unread = [p for p in list_unit_report_files(inbox) if p.relative_to(inbox).as_posix() not in loaded]
    # In an order unrelated to the files' names and receipt (a hash of the name): however the
    # inbox groups its files, each named period turns up within the first few reads.
    for path in sorted(unread, key=lambda p: hashlib.sha256(p.name.encode()).digest()):
        named.add(declared_period_key(path, inbox))
        if wanted_set <= named:
            break
    return named & wanted_set


def run(
    inbox: Path,
    warehouse: Path,
    periods: list[str],
    home: Path,
    explicit: bool = False,
    school_year: str | None = None,
) -> int:
    global _console
    _console = sys.stdout
    if not inbox.is_dir():
        _say(f"error: the inbox {inbox} is not a folder (set INBOX=<folder>)")
        return 2
    problem = warehouse_problem(warehouse)
    if problem:
        _say(f"error: {problem}")
        return 2
    if explicit:
        named = periods_named(inbox, warehouse, periods)
        for key in [k for k in periods if k not in named]:
            _say(f"warning: no unit report in {inbox} names period {key} (its Kỳ báo cáo); nothing is run for it")
        periods = [k for k in periods if k in named]
        if not periods:
            _say("nothing to refresh: the published warehouse is unchanged")
            return 4
    # The warehouse resource's configuration for every run of this refresh (defs/warehouse.py);
    # what the command line does not give comes from the environment (defs/resources.py).
    config = {"path": str(warehouse), "inbox": str(inbox)}
    if school_year:
        config["school_year"] = school_year  # the year-end reports are of that year too
    try:
        lock = hold_refresh_lock(build_path(warehouse).parent)
    except RefreshRunning as exc:
        _say(f"error: {exc}")
        return 3
    with lock, hold_instance_lock(home, warehouse, _say):
        return _refresh(inbox, warehouse, periods, home, config)


def _refresh(inbox: Path, warehouse: Path, periods: list[str], home: Path, config: dict[str, str]) -> int:
    prepare_instance(home)

    import dagster as dg  # after DAGSTER_HOME is set

    from orchestration.defs.resources import SETTINGS
    from orchestration.defs.transform.project import dbt_environment, prepare_manifest

    # dbt commands run outside the runs too (the plan's state comparison): on this refresh's
    # warehouse. The definitions read the dbt manifest when they load: parsed first if the
    # project changed, with the same profile, so that the refresh's dbt commands re-use it.
    resource = SETTINGS.warehouse_resource().model_copy(update=config)  # as the runs will see it
    profile = resource.dbt_profile()
    dbt_environment(profile)
    prepare_manifest(profile, reparse_if_changed=True)
    from orchestration.definitions import defs
    from orchestration.defs.partitions import reporting_period_partitions
    from orchestration.defs.transform import refresh

    instance = dg.DagsterInstance.get()
    for run_id in recover_abandoned_runs(instance):
        _say(f"run {run_id} of an earlier refresh was killed before it finished: marked failed, its writer slot freed")
    job = defs.resolve_implicit_global_asset_job_def()
    all_keys = list(defs.resolve_asset_graph().get_all_asset_keys())
    graph = defs.resolve_asset_graph()
    partitioned = [
        k
        for k in all_keys
        if graph.get(k).partitions_def == reporting_period_partitions and graph.get(k).is_materializable
    ]
    unpartitioned = [k for k in all_keys if graph.get(k).partitions_def is None and graph.get(k).is_materializable]

    materialized: list[str] = []
    checks: list[tuple[str, str]] = []  # (asset:check, "passed" | "failed" | "warning")
    failures: list[str] = []

    log_path = home / "last-refresh.log"
    log_path.write_text("", encoding="utf-8")

    def execute(label: str, selection, partition_key: str | None = None, run_job=None) -> bool:
        started = time.monotonic()
        _say(f"→ {label} ...")
        # dbt prints a line per model and test (hundreds): they go to the refresh log, not the screen.
        with (
            log_path.open("a", encoding="utf-8") as log,
            contextlib.redirect_stdout(ProgressStream(log, _console)) as stream,
        ):
            result = (run_job or job).execute_in_process(
                instance=instance,
                asset_selection=selection,
                partition_key=partition_key,
                tags=run_tags(),
                raise_on_error=False,
                run_config={
                    # Progress is printed here, one line per step; Dagster's own event log is in the UI.
                    "loggers": {"console": {"config": {"log_level": "ERROR"}}},
                    "resources": {"warehouse": {"config": {**SETTINGS.resource_config(), **config}}},
                },
            )
        stream.finish()
        done = result.get_asset_materialization_events()
        evaluations = result.get_asset_check_evaluations()
        materialized.extend(
            e.asset_key.to_user_string() + (f" [{partition_key}]" if partition_key else "") for e in done
        )
        checks.extend((f"{c.asset_key.to_user_string()}:{c.check_name}", _outcome(c)) for c in evaluations)
        failed_checks = [c for c in evaluations if _outcome(c) == "failed"]
        warnings = [c for c in evaluations if _outcome(c) == "warning"]
        _say(
            f"  {'ok' if result.success else 'FAILED'} in {time.monotonic() - started:.1f}s: "
            f"{len(done)} assets, {len(evaluations) - len(failed_checks) - len(warnings)} checks passed, "
            f"{len(failed_checks)} failed, {len(warnings)} warnings"
        )
        for c in warnings:
            _say(
                f"  ! warning {c.asset_key.to_user_string()}:{c.check_name} (see its metadata in the UI or the mart it names)"
            )
        for c in failed_checks:
            _say(
                f"  ✗ check {c.asset_key.to_user_string()}:{c.check_name} {dict(c.metadata) if c.metadata else ''}"[
                    :600
                ]
            )
        if not result.success:
            for event in result.all_events:
                if event.is_failure and event.step_key:
                    reason = _failure_reason(event)
                    failures.append(f"{event.step_key}: {reason}")
                    _say(f"  ✗ {event.step_key}: {reason[:800]}")
        return result.success

    ok = True
    for key in periods:
        ok &= execute(f"unit reports, period {key}", partitioned, partition_key=key)
    if ok:
        ok &= execute("reference data, media, surveys, feedback, infrastructure", refresh.inputs(unpartitioned, defs))
        if ok:
            # Dagster is told which dbt models this refresh builds before dbt starts (defs/transform/refresh.py):
            # the request the daemon's run-status sensor makes after an input run, run here in-process.
            models = refresh.plan_models(resource)
            _say(f"  dbt: {len(models.models)} models to build ({models.reason})")
            request = refresh.models_request(models, graph)
            ok &= execute(
                "dbt models and tests, catalogue, reports, publishing",
                None,
                run_job=refresh.requested_job(defs, request),
            )
    else:
        _say("not building the marts: a unit-report period failed (see above); fix the input and run again")

    published = any(m.startswith("operations/published_warehouse") for m in materialized)
    summary(warehouse, inbox, home, materialized, checks)
    layout = Layout(warehouse)
    generation = layout.current_generation()
    if published:
        build = generation.name if generation is not None else "?"
        _say(
            f"published           : build {build}: {warehouse} and its reports in {layout.reports} "
            f"(new sessions see it; open ones keep their copy until they reconnect)"
        )
        for report in published_reports(layout.reports):
            _say(f"report              : {report}")
        for leftover in sorted(p for p in layout.generations.iterdir() if p.name != build):
            _say(f"  ! the old publication {leftover} could not be removed: remove it by hand (see the refresh log)")
    elif generation is not None and generation.is_dir():
        _say(
            f"NOT published       : the warehouse {warehouse} and its reports are unchanged (build {generation.name}); "
            f"the unfinished build is {build_path(warehouse)}"
        )
    elif warehouse.exists():
        _say(
            f"NOT published       : the warehouse {warehouse} and its reports are unchanged; the unfinished build is {build_path(warehouse)}"
        )
    else:
        _say(
            f"NOT published       : nothing has been published at {warehouse} yet; the unfinished build is {build_path(warehouse)}"
        )
    return 0 if ok and published else 1


def _failure_reason(event) -> str:
    """The error the step's own code raised (a PublishError says what is still published), not
    Dagster's "Execution of step ... failed" that wraps it."""
    error = event.step_failure_data.error if event.is_step_failure and event.step_failure_data else None
    while error is not None and error.cls_name.startswith("Dagster") and error.cause is not None:
        error = error.cause
    if error is None:
        return event.message or ""
    return error.message.strip()


def _outcome(evaluation) -> str:
    """A check that did not pass is a failure, or a warning when its severity is WARN (it blocks nothing)."""
    import dagster as dg

    if evaluation.passed:
        return "passed"
    return "warning" if evaluation.severity == dg.AssetCheckSeverity.WARN else "failed"


def summary(warehouse: Path, inbox: Path, home: Path, materialized: list[str], checks: list[tuple[str, str]]) -> None:
    import duckdb

    passed = sum(1 for _, o in checks if o == "passed")
    warned = [name for name, o in checks if o == "warning"]
    _say("\n=== Warehouse summary ===")
    _say(f"assets materialised : {len(materialized)}")
    _say(f"checks              : {passed} passed, {len(checks) - passed - len(warned)} failed, {len(warned)} warnings")
    for name, outcome in checks:
        if outcome != "passed":
            _say(f"  {outcome}: {name}")
    try:
        con = duckdb.connect(str(warehouse), read_only=True) if warehouse.exists() else None
    except duckdb.IOException as exc:
        _say(f"the warehouse cannot be opened to count rows: {str(exc).splitlines()[0]}")
        con = None
    if con is not None:
        with con:
            present = {
                r[0]
                for r in con.execute(
                    "select table_name from information_schema.tables where table_schema = 'marts'"
                ).fetchall()
            }
            _say("rows per mart       :")
            for area, marts in marts_by_area(sorted(present)).items():
                _say(f"  {area}:")
                for mart in marts:
                    count = con.execute(f"select count(*) from marts.{mart}").fetchone()[0]
                    _say(f"    marts.{mart:<36} {count:>8,}")
            if "mart_unit_report_submissions" in present:
                timed = dict(
                    con.execute(
                        "select received_at_source, count(*) from marts.mart_unit_report_submissions group by 1"
                    ).fetchall()
                )
                by_file = timed.get("file_time", 0)
                _say(
                    f"receipt times       : {timed.get('receipt_log', 0)} from the receipt log, {by_file} from the file's time"
                    + (
                        " (check them: received_at_source = 'file_time' in marts.mart_unit_report_submissions)"
                        if by_file
                        else ""
                    )
                )
            if "mart_quarantine" in present:
                q = con.execute("select count(*) from marts.mart_quarantine").fetchone()[0]
                _say(f"quarantined entries : {q} (query marts.mart_quarantine to see file, row, column, value, reason)")
    _say(f"inbox               : {inbox}")
    _say(f"warehouse           : {warehouse}")
    _say(f"dagster home        : {home} (see the runs with `make dev`)")
    _say(f"dbt's log           : {home / 'last-refresh.log'}")
    _say(f"query it            : make sql WAREHOUSE={warehouse}   (read-only DuckDB shell)")


def marts_by_area(marts: list[str]) -> dict[str, list[str]]:
    """The marts grouped by the folder of dbt_project/models/marts/ their SQL is in."""
    manifest = PROJECT_ROOT / "dbt_project" / "target" / "manifest.json"
    folder_of: dict[str, str] = {}
    if manifest.exists():
        for node in json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values():
            parts = node.get("path", "").split("/")
            if node.get("resource_type") == "model" and parts[0] == "marts":
                folder_of[node["name"]] = parts[1] if len(parts) > 2 else ""
    grouped: dict[str, list[str]] = {}
    for mart in marts:
        area = MART_AREAS.get(folder_of.get(mart, "?"), "other")
        grouped.setdefault(area, []).append(mart)
    order = [*MART_AREAS.values(), "other"]
    return {area: grouped[area] for area in order if area in grouped}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inbox", default=os.environ.get("INBOX") or str(PROJECT_ROOT / "sources"))
    parser.add_argument(
        "--warehouse", default=os.environ.get("WAREHOUSE") or str(PROJECT_ROOT / "warehouse" / "warehouse.duckdb")
    )
    parser.add_argument("--periods", help="comma-separated period keys, e.g. 2025-Q4,2026-Q1")
    parser.add_argument("--school-year", help="all three periods of a school year, e.g. 2025-2026")
    parser.add_argument("--dagster-home", default=os.environ.get("DAGSTER_HOME") or str(PROJECT_ROOT / ".dagster_home"))
    args = parser.parse_args(argv)
    try:
        periods = parse_periods(args)
    except UsageError as exc:
        _say(f"error: {exc}")
        return 2
    return run(
        Path(args.inbox).resolve(),
        absolute(args.warehouse),
        periods,
        Path(args.dagster_home).resolve(),
        explicit=bool(args.periods or args.school_year),
        school_year=args.school_year,
    )


if __name__ == "__main__":
    sys.exit(main())
