"""The Great Expectations suites run on polars frames and report what failed, with examples."""

import polars as pl

from orchestration.lib import quality


def test_suite_reports_the_failing_column_and_value():
    frame = pl.DataFrame(
        {
            "year": [2025, 2025],
            "indicator_code": ["stem_student_share", "workforce_tertiary_share"],
            "value_pct": [31.5, 120.0],
        }
    )
    outcome = quality.validate("city_indicators", frame)
    assert outcome.success is False
    assert [(f["column"], f["unexpected_count"], f["examples"]) for f in outcome.failures] == [
        ("value_pct", 1, ["120.0"])
    ]


def test_every_suite_names_its_table():
    for path in sorted(quality.SUITES.glob("*.json")):
        import json

        spec = json.loads(path.read_text(encoding="utf-8"))
        assert spec["name"] == f"raw_{path.stem}"
        assert spec["expectations"], path.name
