"""The sample inbox generator: same seed, same bytes and mtimes; another seed, other content;
the small scale writes every family and leaves the inbox's other files alone."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

from orchestration.domain.dates import HCM
from tools.sample.generate import FAMILIES, generate


def _fingerprint(root: Path) -> dict[str, tuple[str, int]]:
    """relative path -> (sha256 of the bytes, mtime in ns) for every file under root."""
    return {
        path.relative_to(root).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_same_seed_gives_byte_identical_files_and_mtimes(tmp_path: Path) -> None:
    generate(tmp_path / "a", scale="tiny", seed=11)
    generate(tmp_path / "b", scale="tiny", seed=11)
    first, second = _fingerprint(tmp_path / "a"), _fingerprint(tmp_path / "b")

    assert first == second
    # the HSSV report of 2026-Q1 is sent twice; the correction is saved minutes after it came
    assert "unit_reports/2026-Q1_HSSV_Phong-Hoc-sinh-sinh-vien_v2.xlsx" in first
    corrected = dt.datetime(2026, 3, 13, 16, 30, tzinfo=HCM)
    saved = (tmp_path / "a" / "unit_reports" / "2026-Q1_HSSV_Phong-Hoc-sinh-sinh-vien_v2.xlsx").stat().st_mtime
    assert corrected.timestamp() < saved <= corrected.timestamp() + 40 * 60


def test_another_seed_changes_content_but_not_the_layout_of_the_inbox(tmp_path: Path) -> None:
    generate(tmp_path / "a", scale="tiny", seed=11)
    generate(tmp_path / "c", scale="tiny", seed=12)
    first, other = _fingerprint(tmp_path / "a"), _fingerprint(tmp_path / "c")

    # the deliberate mess sits in the same files whatever the seed, so the names are the same
    assert sorted(first) == sorted(other)
    changed = {name for name in first if first[name][0] != other[name][0]}
    assert "media/press/giam-sat-bao-chi_2025-09.csv" in changed
    assert "unit_reports/2025-Q4_HSSV_Phong-Hoc-sinh-sinh-vien.xlsx" in changed
    assert "surveys/khao-sat-truong-hoc-hanh-phuc_2026-03.csv" in changed


def test_small_scale_writes_every_family_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "sources"
    (out / "unit_reports").mkdir(parents=True)
    (out / "unit_reports" / "stale.xlsx").write_bytes(b"from an earlier run")
    (out / "README.md").write_text("# notes by an analyst\n", encoding="utf-8")

    generate(out, scale="small", seed=2025)

    assert (out / "README.md").read_text(encoding="utf-8") == "# notes by an analyst\n"
    assert not (out / "unit_reports" / "stale.xlsx").exists()
    for family in FAMILIES:
        assert any(p.is_file() for p in (out / family).rglob("*")), family
    reports = sorted(p.name for p in (out / "unit_reports").glob("*.xlsx"))
    # 9 lead departments x 4 reports - 2 missing + 1 corrected + 1 duplicate copy, 12 ward, 6 school
    assert len(reports) == 9 * 4 - 2 + 1 + 1 + 12 + 6
    assert "2026-Q1_NCL_Phong-Quan-ly-CSGD-ngoai-cong-lap.xlsx" not in reports
    assert "2025-2026_TongKet_KTPC_Phong-Kiem-tra-Phap-che.xlsx" not in reports

    with (out / "unit_reports" / "_received.csv").open(encoding="utf-8", newline="") as handle:
        logged = {row["file"]: row["received_at"] for row in csv.DictReader(handle)}
    assert logged["2025-Q4_HSSV_Phong-Hoc-sinh-sinh-vien.xlsx"] == "2025-12-14T23:41:00+07:00"
    # every workbook is in the log (git keeps no modification times): the late ward report too
    assert set(logged) == set(reports)
    assert logged["2026-Q1_27664_Xa-Can-Gio.xlsx"] == "2026-03-19T11:45:00+07:00"
    assert (out / "unit_reports" / "2026-Q2_THCS-TVO_Truong-THCS-Tran-Van-On.xlsx").read_bytes()[:3] == b"STT"


# ------------------------------------------------------------------ the city scale (issue 9)

# A few-percent copy of the city year: same writers, same rules, small sizes.
_TOWN = None


def _town():
    from tools.sample import city

    global _TOWN
    _TOWN = _TOWN or city.Year(
        units=6,
        press_per_month=40,
        fanpage_posts=(5, 3),
        web_rows=600,
        survey_responses=300,
        survey_questions=4,
        feedback_rows=(20, 20),
    )
    return _TOWN


def _csv_rows(path: Path, encoding: str = "utf-8-sig") -> int:
    with path.open(encoding=encoding, newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_city_year_has_the_sizes_asked_for(tmp_path: Path) -> None:
    from tools.sample import city

    _inbox, counts = city.write(tmp_path, seed=7, jobs=1, year=_town())
    workbooks = sorted(p.name for p in (tmp_path / "unit_reports").glob("*.xlsx"))
    # 6 units x (3 quarters + the year end) = 24 workbooks, each logged once in the receipt log
    assert len(workbooks) == 24 == counts["workbooks"]
    assert sum(name.startswith("2025-2026_TongKet_") for name in workbooks) == 6
    assert _csv_rows(tmp_path / "unit_reports" / "_received.csv") == 24
    # 10 monthly press exports (September to June) of exactly 40 items each
    press = sorted((tmp_path / "media" / "press").glob("*.csv"))
    assert len(press) == 10 and all(_csv_rows(p) == 40 for p in press)
    # 2 pages x 3 periods of Meta exports with 5 and 3 posts: (5 + 3) x 3 = 24 posts
    assert counts["fanpage_posts"] == 24
    # 600 GA4 rows over 6 exports (2 sites x 3 periods): 100 each, plus a totals row in 3 of them
    assert counts["web_rows"] == 600
    # 300 responses in 3 period exports of 100, 4 questions each: 1,200 answers
    exports = sorted((tmp_path / "surveys").glob("*_20??-Q?.csv"))
    assert [_csv_rows(p, "utf-8") for p in exports] == [100, 100, 100]
    assert counts["survey_answers"] == 1_200
    assert counts["feedback_records"] == 40


def test_city_periods_one_at_a_time_give_the_whole_year_byte_for_byte(tmp_path: Path) -> None:
    from tools.sample import city

    city.write(tmp_path / "whole", seed=7, jobs=1, year=_town())
    _inbox, first = city.write(tmp_path / "parts", seed=7, periods=["2025-Q4", "2026-Q1"], jobs=1, year=_town())
    _inbox, last = city.write(tmp_path / "parts", seed=7, periods=["2026-Q2"], jobs=1, year=_town())

    # 2026-Q2 brings its 6 quarterly workbooks and the 6 year-end ones (due with it); the first
    # two periods 6 each; March to June's press exports (saved 2 April .. 2 July) come with Q2
    assert (first["workbooks"], last["workbooks"]) == (12, 12)
    assert (first["press_items"], last["press_items"]) == (6 * 40, 4 * 40)
    assert _fingerprint(tmp_path / "whole") == _fingerprint(tmp_path / "parts")


def test_periods_are_refused_outside_the_city_scale(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(ValueError, match="city scale only"):
        generate(tmp_path, scale="tiny", periods=["2026-Q1"])
