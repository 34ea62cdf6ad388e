"""Every case of the bad-input corpus, alone in its inbox: exactly the quarantine rows it states.

"Exactly": the case's files produce these rows and no other (same count, file, sheet, row,
column, action, raw value when stated, and the reason's words), the reader does not raise, and
the case's good rows still load.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from tests.badinput.corpus import CASES, FAMILIES, Case, Q
from tests.badinput.readers import READERS, loaded_rows


def matches(row: dict, q: Q) -> bool:
    return (
        row["source_file"] == q.file
        and row["source_sheet"] == q.sheet
        and row["source_row"] == q.row
        and (q.column is None or row["source_column"] == q.column)
        and row["action"] == q.expected_action
        and (q.raw is None or row["raw_value"] == q.raw)
        and all(word in (row["reason"] or "") for word in q.reason)
    )


def assert_quarantine(case: Case, rejects: pl.DataFrame, ignore_row_of: tuple[str, ...] = ()) -> None:
    found = rejects.filter(pl.col("source_file").is_in(list(case.all_files))).to_dicts()
    # A file several cases write to (the receipt log) holds other cases' rows too: a row of it
    # belongs to the case whose expected raw value it carries.
    raws = {(q.file, q.raw) for q in case.expect}
    found = [r for r in found if r["source_file"] not in ignore_row_of or (r["source_file"], r["raw_value"]) in raws]
    assert all(r["family"] == case.family for r in found)
    unmatched = list(found)
    for q in case.expect:
        hit = next(
            (r for r in unmatched if matches({**r, "source_row": q.row} if q.file in ignore_row_of else r, q)), None
        )
        assert hit is not None, f"{case.id}: no quarantine row like {q}; found {found}"
        unmatched.remove(hit)
    assert not unmatched, f"{case.id}: unexpected quarantine rows {unmatched}"


def build_case(case: Case, tmp_path: Path) -> Path:
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    inbox.mkdir()
    outside.mkdir()
    case.build(inbox, outside)
    return inbox


def test_the_corpus_is_large_and_covers_every_kind():
    assert len(CASES) >= 50
    assert len({c.id for c in CASES}) == len(CASES)
    kinds = Counter(c.family for c in CASES)
    assert set(kinds) == set(FAMILIES), kinds
    assert all(c.expect or c.extra or c.loaded for c in CASES)  # each case asserts something


@pytest.mark.parametrize("case", [c for c in CASES if c.mixable], ids=lambda c: c.id)
def test_case_alone(case: Case, tmp_path: Path):
    inbox = build_case(case, tmp_path)
    result = READERS[case.family](inbox)
    assert_quarantine(case, result.rejects)
    assert loaded_rows(case.family, result, case.all_files) == case.loaded
    if case.extra is not None:
        case.extra(result)
    # Nothing lost silently: every file of the case is counted, and read = loaded + rejected.
    listed = {f for f in case.all_files if not f.endswith("_received.csv")}
    assert listed <= set(result.file_counts), (listed, result.file_counts)
    for name in listed:
        read, loaded, rejected = result.file_counts[name]
        assert read == loaded + rejected


def test_path_outside_the_inbox_is_refused(tmp_path: Path):
    from orchestration.readers.unit_report import read_unit_reports

    case = next(c for c in CASES if c.id == "ur_path_outside")
    inbox = build_case(case, tmp_path)
    result = read_unit_reports(inbox, files=["unit_reports/../../outside/ur_path_outside.xlsx"])
    [row] = result.rejects.to_dicts()
    assert row["source_file"] == "unit_reports/../../outside/ur_path_outside.xlsx"  # as the caller named it
    assert row["reason"] == "the path is outside the inbox: only files inside the inbox are read"
    assert result.tables["unit_report_submissions"].height == 0


def test_linked_press_folder_is_refused(tmp_path: Path):
    from orchestration.readers.press import read_press

    case = next(c for c in CASES if c.id == "press_folder_link")
    result = read_press(build_case(case, tmp_path))
    assert_quarantine(case, result.rejects)
    assert result.tables["press_items"].height == 0  # elsewhere.csv was never read
