"""The benchmark's city-scale generator writes workbooks the pipeline reader loads cleanly.

The expected activity rows are counted from the written files themselves with openpyxl (the
rows under the HoatDong header whose task cell is filled), not taken from the generator.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl

from orchestration.readers.unit_report import read_receipts, read_unit_report_file, unit_report_files
from tools.bench import city_period
from tools.bench.unit_reports import Row, section, table, write_docs


def _activity_rows(path: Path) -> int:
    """Rows under the HoatDong header (found in the first 10 rows) with a task cell filled in."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["HoatDong"].iter_rows(values_only=True))
    book.close()
    text = lambda v: unicodedata.normalize("NFC", str(v)).strip() if v is not None else ""  # noqa: E731
    header_at, task_at = next(
        (i, j) for i, row in enumerate(rows[:10]) for j, cell in enumerate(row) if text(cell).startswith("Nhiệm vụ")
    )
    return sum(1 for row in rows[header_at + 1 :] if task_at < len(row) and text(row[task_at]))


def test_generated_period_loads_with_no_reject(tmp_path: Path) -> None:
    manifest = city_period.generate(tmp_path, 5, seed=7, jobs=1)
    folder = tmp_path / "unit_reports"
    workbooks = sorted(folder.glob("*.xlsx"))
    assert len(workbooks) == 5
    assert (manifest["department"], manifest["ward"], manifest["school"]) == (1, 1, 3)
    expected = {f"unit_reports/{p.name}": _activity_rows(p) for p in workbooks}
    assert all(20 <= n <= 200 for n in expected.values()), expected

    receipts = read_receipts(tmp_path)
    assert len(receipts.times) == 5 and not receipts.rejects
    seen: dict[str, str] = {}
    kinds, loaded = [], {}
    for path in unit_report_files(tmp_path, receipts):
        result = read_unit_report_file(path, tmp_path, receipts, seen)
        assert result.rejects.height == 0, result.rejects.to_dicts()
        submission = result.tables["unit_report_submissions"].row(0, named=True)
        assert submission["received_source"] == "receipt_log"
        assert submission["period_key"] == "2026-Q1"
        kinds.append(submission["unit_kind"])
        loaded[submission["source_file"]] = result.tables["unit_report_activities"].height
    assert sorted(kinds) == ["department", "school", "school", "school", "ward"]
    assert loaded == expected
    # A second call with the same seed and count finds the period already written.
    assert city_period.existing_count(tmp_path, 7) == 5
    assert city_period.existing_count(tmp_path, 8) is None


def test_docs_section_is_replaced_between_markers(tmp_path: Path) -> None:
    rows = {
        "floor": Row("floor", 100, 0.1, 120.0),
        "reader": Row("reader", 100, 0.2, 150.0),
        "pandas": Row("pandas", 10, 0.3, 190.0, sampled=True),
    }
    lines = table(rows, 100)
    assert lines[2].startswith("| bare fastexcel") and "| 1,000.0 | 1.00x | 120 |" in lines[2]
    assert "| 500.0 | 2.00x | 150 |" in lines[3]
    assert "10 of 100 (sample)" in lines[4] and "≈ 3 for 100, extrapolated" in lines[4] and "| 30.00x |" in lines[4]

    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\nkept\n<!-- unit-reports:start -->\nold\n<!-- unit-reports:end -->\nafter\n")
    counts = {"reader": {"submissions": 100, "activities": 1, "assessments": 1, "incidents": 0, "rejects": 0}}
    host = dict.fromkeys(("cores", "cpu", "memory", "os", "python", "fastexcel", "polars", "pandas", "openpyxl"), "x")
    manifest = {"department": 1, "ward": 1, "school": 98}
    write_docs(docs, section(rows, None, manifest, counts, host, ["--workbooks", "100"]))
    written = docs.read_text()
    assert written.startswith("# Benchmarks\n\nkept\n<!-- unit-reports:start -->\nMeasured ")
    assert written.endswith("<!-- unit-reports:end -->\nafter\n")
    assert "\nold\n" not in written and "**2.00x**" in written and "**15.0x** slower" in written
