"""The sample inbox generator: same seed, same bytes and mtimes; another seed, other content;
the small scale writes every family and leaves the inbox's other files alone."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

from orchestration.lib.dates import HCM
from orchestration.sample.generate import FAMILIES, generate


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
    # a late ward report is not in the log: only its mtime says it came after the deadline
    late = out / "unit_reports" / "2026-Q1_27664_Xa-Can-Gio.xlsx"
    assert late.name not in logged
    assert late.stat().st_mtime > dt.datetime(2026, 3, 15, tzinfo=HCM).timestamp()
    assert (out / "unit_reports" / "2026-Q2_THCS-TVO_Truong-THCS-Tran-Van-On.xlsx").read_bytes()[:3] == b"STT"
