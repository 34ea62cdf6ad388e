"""The whole corpus in one inbox beside good files: the good files load exactly as they do alone,
every bad case lands in quarantine as it does alone, and the raw tables written to a real
DuckDB file pass their blocking checks (Great Expectations suites, per-file reconciliation).

The good files are the hand-made end-to-end fixture (unit reports, press, a survey) plus one
good export for each family the fixture lacks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from orchestration.defs.infrastructure.assets import INFRASTRUCTURE
from orchestration.defs.ingestion import publish
from orchestration.defs.media.assets import FANPAGE, PRESS, WEB
from orchestration.defs.surveys.assets import FEEDBACK, SURVEYS
from orchestration.defs.unit_reports.assets import UNIT_REPORTS
from tests.badinput.corpus import (
    CASES,
    FAMILIES,
    FANPAGE_HEADER,
    FEEDBACK_HEADER,
    GA4_HEADER,
    GA4_PREAMBLE,
    WARD_HEADER,
    put,
)
from tests.badinput.readers import READERS
from tests.badinput.test_corpus import assert_quarantine
from tests.e2e import fixture_inbox

# Each family as its ingestion asset defines it (so a table added to a family is covered here).
FAMILY_SPECS = {f.name: f for f in (UNIT_REPORTS, PRESS, FANPAGE, WEB, SURVEYS, FEEDBACK, INFRASTRUCTURE)}
FAMILY_TABLES = {name: f.tables for name, f in FAMILY_SPECS.items()}


def build_good(inbox: Path) -> None:
    fixture_inbox.build(inbox)
    put(
        inbox,
        "media/fanpage/good_page.csv",
        FANPAGE_HEADER + "9_1,Phòng GD Mầm non,10/20/2025 08:00,Photos,100,80,5,1,0\n",
    )
    put(inbox, "media/web/good_portal.csv", GA4_PREAMBLE + GA4_HEADER + "20251001,/,Trang chủ,100,50,10,12.5,300\n")
    put(
        inbox,
        "feedback/good_log.csv",
        FEEDBACK_HEADER + "1,02/10/2025,Email,Học phí,nội dung,Văn phòng,05/10/2025,Đã trả lời\n",
    )
    put(
        inbox,
        "infrastructure/ward_statistics_good_2025.csv",
        WARD_HEADER + "2025,Phường Bến Thành,Tiểu học,2.340,3,1,72\n",
    )


def good_files(inbox: Path) -> set[str]:
    return {p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file()} - {"unit_reports/_received.csv"}


@pytest.fixture(scope="module")
def inboxes(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    alone, mixed, outside = root / "alone", root / "mixed", root / "outside"
    build_good(alone)
    shutil.copytree(alone, mixed, copy_function=shutil.copy2)  # same bytes and file times
    outside.mkdir()
    for case in CASES:
        if case.mixable:
            case.build(mixed, outside)
    good = good_files(alone)
    results = {f: (READERS[f](alone), READERS[f](mixed)) for f in FAMILIES}
    return mixed, good, results


def _rows(frame: pl.DataFrame, files: set[str]) -> pl.DataFrame:
    kept = frame.filter(pl.col("source_file").is_in(sorted(files)))
    return kept.sort(kept.columns, nulls_last=True)


@pytest.mark.parametrize("family", FAMILIES)
def test_good_files_load_exactly_as_alone(inboxes, family):
    _, good, results = inboxes
    alone, mixed = results[family]
    for table in FAMILY_TABLES[family]:
        expected = _rows(alone.tables[table], good)
        assert _rows(mixed.tables[table], good).equals(expected), table
    assert _rows(mixed.rejects, good).equals(_rows(alone.rejects, good))
    assert {f: c for f, c in mixed.file_counts.items() if f in good} == {
        f: c for f, c in alone.file_counts.items() if f in good
    }


def test_the_good_files_are_not_empty(inboxes):
    # The comparison above means something only if good rows exist in every family.
    _, good, results = inboxes
    for family in FAMILIES:
        alone, _ = results[family]
        table = FAMILY_TABLES[family][0] if family != "unit_reports" else "unit_report_activities"
        if family == "infrastructure":
            table = "ward_statistics"
        assert _rows(alone.tables[table], good).height > 0, family


@pytest.mark.parametrize("case", [c for c in CASES if c.mixable], ids=lambda c: c.id)
def test_every_bad_case_in_quarantine(inboxes, case):
    _, _, results = inboxes
    _, mixed = results[case.family]
    # The receipt log is shared by the cases: its line numbers depend on the order they wrote it.
    assert_quarantine(case, mixed.rejects, ignore_row_of=("unit_reports/_received.csv",))
    if case.extra is not None:
        case.extra(mixed)


def test_raw_tables_written_and_checked(inboxes, tmp_path):
    """What each ingestion asset does with the mixed inbox: write, then run its blocking checks."""
    _, _, results = inboxes
    database = tmp_path / "warehouse.duckdb"
    outcomes = {}
    with duckdb.connect(str(database)) as con:
        for family in FAMILIES:
            for event in publish(con, FAMILY_SPECS[family], results[family][1]):
                if isinstance(event, dg.AssetCheckResult):
                    outcomes[f"{family}:{event.asset_key.path[-1]}:{event.check_name}"] = event.passed
        quarantined = con.sql(
            "select family, count(distinct source_file) from ("
            + " union all ".join(f"select family, source_file from raw.quarantine_{f}" for f in FAMILIES)
            + ") group by all"
        ).fetchall()
    assert all(outcomes.values()), {k: v for k, v in outcomes.items() if not v}
    assert len(outcomes) == sum(len(t) for t in FAMILY_TABLES.values()) + len(FAMILIES)
    # Every refusing case's file is in its family's quarantine table in the warehouse.
    expected_files = {}
    for case in CASES:
        if case.mixable:
            expected_files.setdefault(case.family, set()).update(q.file for q in case.expect)
    found = dict(quarantined)
    for family, files in expected_files.items():
        assert found.get(family, 0) >= len(files), family


# A blank Kênh is loaded as null (the activity happened; its channel is unknown): the suite
# does not require it, so one blank cell cannot hold back every unit report.
def test_a_blank_channel_does_not_block_the_family(tmp_path):
    from orchestration.warehouse import quality
    from tests.badinput.corpus import report_bytes

    inbox = tmp_path / "inbox"
    put(
        inbox,
        "unit_reports/blank_channel.xlsx",
        report_bytes(
            "Văn phòng",
            "VP",
            "Quý IV/2025",
            [[1, "2.15", "Tin bài", "", "Không ghi kênh", "01/10/2025", 1, "", "", "", ""]],
            tmp_path,
        ),
    )
    result = READERS["unit_reports"](inbox)
    loaded = result.tables["unit_report_activities"].height
    rejected = result.rejects.filter(pl.col("action") == "row_rejected").height
    assert loaded + rejected == 1
    assert quality.validate("unit_report_activities", result.tables["unit_report_activities"]).success
