"""When each stage of a finished run happened, read from the Dagster instance's event log.

The fault loop uses a reference run's timeline to aim its kills: a random moment inside
ingestion, the dbt build, the reports or the publish step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

STAGES = ("ingestion", "dbt build", "reports", "publish")


def stage_of(step_key: str) -> str:
    if step_key == "warehouse_models":
        return "dbt build"
    if "published_warehouse" in step_key:
        return "publish"
    if step_key.startswith("reports__") or "year_end_reports" in step_key or "data_catalogue" in step_key:
        return "reports"
    if "no_personal_data" in step_key or "privacy" in step_key:
        return "dbt build"  # the privacy check guards the marts dbt built
    return "ingestion"


@dataclass(frozen=True)
class Span:
    stage: str
    step: str
    start: float  # seconds after the process started
    end: float


def timeline(dagster_home: Path, process_started_at: float) -> list[Span]:
    """Every step of the runs the process started, as offsets from the process start; a step
    that started but never finished (the process was killed) runs to infinity."""
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    import dagster as dg
    from dagster import DagsterEventType

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    spans: list[Span] = []
    for run in instance.get_runs():
        starts: dict[str, float] = {}
        for entry in instance.all_logs(
            run.run_id, of_type={DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS}
        ):
            if entry.timestamp < process_started_at:
                break  # a run of an earlier process (the instance was copied with the warehouse)
            step = entry.step_key or ""
            if entry.dagster_event.event_type == DagsterEventType.STEP_START:
                starts[step] = entry.timestamp
            elif step in starts:
                start = starts.pop(step)
                spans.append(
                    Span(stage_of(step), step, start - process_started_at, entry.timestamp - process_started_at)
                )
        spans.extend(
            Span(stage_of(step), step, start - process_started_at, float("inf")) for step, start in starts.items()
        )
    return sorted(spans, key=lambda s: s.start)


def stage_windows(spans: list[Span]) -> dict[str, tuple[float, float]]:
    """stage -> (first start, last end) in the reference run."""
    windows: dict[str, tuple[float, float]] = {}
    for span in spans:
        low, high = windows.get(span.stage, (span.start, span.end))
        windows[span.stage] = (min(low, span.start), max(high, span.end))
    return windows


def stage_at(spans: list[Span], moment: float) -> str:
    running = [s for s in spans if s.start <= moment <= s.end]
    if running:
        return running[-1].stage
    before = [s for s in spans if s.end < moment]
    return f"between steps (after {before[-1].step})" if before else "start-up"


def typical_step_seconds(spans: list[Span]) -> dict[str, float]:
    """stage -> the median length of its steps in the reference run: how long after a step of
    the stage starts a kill still lands inside it."""
    lengths: dict[str, list[float]] = {}
    for span in spans:
        if span.end != float("inf"):
            lengths.setdefault(span.stage, []).append(span.end - span.start)
    return {stage: sorted(values)[len(values) // 2] for stage, values in lengths.items()}
