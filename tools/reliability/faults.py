"""The fault loop: kill the pipeline at random points and check that nothing is lost.

    python -m tools.reliability.faults [--inbox sources] [--trials 20] [--seed 2025]
                                               [--periods 2025-Q4,2026-Q1,2026-Q2] [--work DIR]
                                               [--publish-steps all | step,step]

1. A reference run builds the warehouse uninterrupted; every mart is fingerprinted.
2. The same run again, with analysts querying the published file all along (the README's
   example queries, several read-only processes): it must succeed, no query may fail, and the
   marts must be identical (a re-run changes nothing).
3. Each trial starts a run (on a copy of the finished warehouse, or on an empty folder) and
   SIGKILLs its whole process group at a random moment inside one stage (ingestion, dbt build,
   reports, publish; aimed with the reference run's timeline). After the kill, the published
   warehouse must be either absent (nothing was ever published) or intact and equal to the
   reference, with the reports of the same build beside it. Then a run to the end must succeed
   and give the reference marts.
4. With --publish-steps, a refresh of the finished warehouse SIGKILLs itself at each chosen step
   of its publish (WAREHOUSE_PUBLISH_KILL_AT): the same checks, and the next run must complete.

Prints one line per trial and exits non-zero if any trial failed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from orchestration.warehouse.publication import build_id_of_database, build_id_of_reports
from orchestration.warehouse.publish import KILL_AT_ENV, STEPS
from tools.reliability.fingerprint import differences, mart_fingerprints
from tools.reliability.pipeline import Workspace, run, run_and_kill_in_stage
from tools.reliability.stages import STAGES, stage_at, stage_windows, timeline, typical_step_seconds
from tools.reliability.workload import Workload


@dataclass
class Trial:
    number: int
    start_state: str
    aimed_stage: str
    kill_after: float
    killed_in: str = ""
    after_kill: str = ""
    recovery: str = ""

    @property
    def ok(self) -> bool:
        return self.after_kill.startswith(("intact", "absent")) and self.recovery == "same marts"


def _say(text: str) -> None:
    print(text, flush=True)


def check_published(workspace: Workspace, reference: dict[str, str], may_be_absent: bool) -> str:
    if not workspace.published.exists():
        return "absent (nothing published yet)" if may_be_absent else "MISSING"
    try:
        found = mart_fingerprints(workspace.published)
    except Exception as exc:  # a torn file would not open: that is the failure we look for
        return f"UNREADABLE: {exc}"
    diff = differences(reference, found)
    if diff:
        return f"CHANGED: {'; '.join(diff[:3])}"
    # The reports must be those of the warehouse beside them (both carry the build id).
    database_build = build_id_of_database(workspace.published)
    reports_build = build_id_of_reports(workspace.published.parent / "reports")
    if database_build != reports_build:
        return f"MISMATCHED: warehouse of build {database_build}, reports of build {reports_build}"
    return "intact, same marts"


def reference_run(
    workspace: Workspace,
) -> tuple[dict[str, str], dict[str, tuple[float, float]], dict[str, float], float]:
    finished = run(workspace, "reference.log")
    if finished.returncode != 0:
        raise SystemExit(f"the reference run failed ({finished.returncode}); see {finished.log}")
    spans = timeline(workspace.dagster_home, finished.started_at)
    return mart_fingerprints(workspace.published), stage_windows(spans), typical_step_seconds(spans), finished.seconds


def rerun_under_load(workspace: Workspace, reference: dict[str, str], workers: int) -> bool:
    load = Workload(workspace.published, workers=workers).start()
    finished = run(workspace, "rerun.log")
    result = load.stop()
    diff = differences(reference, mart_fingerprints(workspace.published))
    _say(
        f"re-run under load: exit {finished.returncode} in {finished.seconds:.0f}s; {workers} analysts ran "
        f"{result.queries} queries in {result.rounds} rounds, {result.failures} failed; "
        f"marts {'identical' if not diff else 'DIFFER: ' + '; '.join(diff[:3])}"
    )
    for error in result.errors[:5]:
        _say(f"  query error: {error}")
    return finished.returncode == 0 and result.failures == 0 and not diff


@contextlib.contextmanager
def full_refresh():
    """A copy of the finished warehouse has nothing new to read or build (refreshes are
    incremental): the killed run reads and builds everything again, so that every stage is there
    to be killed in. The recovery run after it is an ordinary one."""
    forced = {"WAREHOUSE_REREAD": "1", "WAREHOUSE_REBUILD": "1"}
    before = {k: os.environ.get(k) for k in forced}
    os.environ.update(forced)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def trial(
    number: int,
    reference_ws: Workspace,
    work: Path,
    reference: dict[str, str],
    step_seconds: dict[str, float],
    rng: random.Random,
) -> Trial:
    stage = STAGES[number % len(STAGES)]
    start_state = "published" if number % 2 == 0 else "empty"
    root = work / f"trial-{number:02d}"
    shutil.rmtree(root, ignore_errors=True)
    if start_state == "published":
        # Links stay links: the published paths lead into the copy's own generations.
        shutil.copytree(reference_ws.root, root, symlinks=True)
    workspace = Workspace(root, reference_ws.inbox, reference_ws.periods)
    # Wait for the stage to start in this run, then kill within the typical length of its steps.
    kill_after = rng.uniform(0.0, step_seconds.get(stage, 1.0))
    result = Trial(number, start_state, stage, kill_after)
    with full_refresh():
        killed = run_and_kill_in_stage(workspace, stage, kill_after, timeline)
    spans = timeline(workspace.dagster_home, killed.started_at) if workspace.dagster_home.exists() else []
    if killed.returncode is None:
        result.killed_in = stage_at(spans, killed.seconds) if spans else "start-up"
    else:
        result.killed_in = f"finished first (exit {killed.returncode})"
    result.after_kill = check_published(workspace, reference, may_be_absent=start_state == "empty")
    recovered = run(workspace, "recovery.log")
    if recovered.returncode != 0:
        result.recovery = f"FAILED (exit {recovered.returncode}, see {recovered.log})"
    else:
        diff = differences(reference, mart_fingerprints(workspace.published))
        result.recovery = "same marts" if not diff else f"DIFFERENT: {'; '.join(diff[:3])}"
    shutil.rmtree(root, ignore_errors=True) if result.ok else None
    return result


def publish_step_trial(step: str, reference_ws: Workspace, work: Path, reference: dict[str, str]) -> Trial:
    """A refresh of a copy of the published warehouse that SIGKILLs itself at one step of its
    publish (the publish module's test seam, WAREHOUSE_PUBLISH_KILL_AT): the warehouse and reports
    must be of one build, and the next run must complete."""
    root = work / f"step-{step}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(reference_ws.root, root, symlinks=True)
    workspace = Workspace(root, reference_ws.inbox, reference_ws.periods)
    result = Trial(0, "published", "publish", 0.0)
    os.environ[KILL_AT_ENV] = step
    try:
        killed = run(workspace, "killed.log")
    finally:
        os.environ.pop(KILL_AT_ENV)
    result.killed_in = (
        f"step {step}" if killed.returncode == -signal.SIGKILL else f"NOT KILLED (exit {killed.returncode})"
    )
    result.after_kill = check_published(workspace, reference, may_be_absent=False)
    recovered = run(workspace, "recovery.log")
    if recovered.returncode != 0:
        result.recovery = f"FAILED (exit {recovered.returncode}, see {recovered.log})"
    else:
        diff = differences(reference, mart_fingerprints(workspace.published))
        result.recovery = "same marts" if not diff else f"DIFFERENT: {'; '.join(diff[:3])}"
    if not result.killed_in.startswith("step"):
        result.recovery = "NOT KILLED: " + result.recovery
    shutil.rmtree(root, ignore_errors=True) if result.ok else None
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inbox", default="sources")
    parser.add_argument("--periods", default="2025-Q4,2026-Q1,2026-Q2")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--workers", type=int, default=3, help="concurrent analysts during the re-run")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a new temporary one)")
    parser.add_argument(
        "--publish-steps",
        default="",
        help=f"also kill a refresh at these steps of its publish, comma-separated, or 'all' ({', '.join(STEPS)})",
    )
    args = parser.parse_args(argv)
    steps = list(STEPS) if args.publish_steps == "all" else [s for s in args.publish_steps.split(",") if s]
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise SystemExit(f"unknown publish step(s) {unknown}: the steps are {', '.join(STEPS)}")

    work = args.work or Path(tempfile.mkdtemp(prefix="fault-loop-"))
    reference_ws = Workspace(work / "reference", Path(args.inbox).resolve(), args.periods)
    shutil.rmtree(reference_ws.root, ignore_errors=True)
    _say(f"reference run on {reference_ws.inbox} (periods {args.periods}) in {work} ...")
    reference, windows, step_seconds, seconds = reference_run(reference_ws)
    _say(
        f"reference: {len(reference)} marts in {seconds:.0f}s; stages: "
        + ", ".join(f"{s} {lo:.1f}-{hi:.1f}s" for s, (lo, hi) in windows.items())
    )
    ok = rerun_under_load(reference_ws, reference, args.workers)

    rng = random.Random(args.seed)
    _say(
        f"{'trial':>5}  {'start':<9} {'stage':<10} {'+delay':>8}  {'killed in':<32} {'published after kill':<32} next run"
    )
    for number in range(args.trials):
        t = trial(number, reference_ws, work, reference, step_seconds, rng)
        ok &= t.ok
        _say(
            f"{t.number:>5}  {t.start_state:<9} {t.aimed_stage:<10} {t.kill_after:>7.1f}s  {t.killed_in[:32]:<32} "
            f"{t.after_kill[:32]:<32} {t.recovery}"
        )
    for step in steps:
        t = publish_step_trial(step, reference_ws, work, reference)
        ok &= t.ok
        _say(
            f"{'kill':>5}  {t.start_state:<9} {t.aimed_stage:<10} {'':>8}  {t.killed_in[:32]:<32} "
            f"{t.after_kill[:32]:<32} {t.recovery}"
        )
    _say("all trials passed" if ok else "SOME TRIALS FAILED (folders kept under " + str(work) + ")")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
