"""The Great Expectations suites run on polars frames and report what failed, with examples."""

import polars as pl

from orchestration.warehouse import quality


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


# ---------------------------------------------------------------- what is handed to GE


def test_suite_columns_are_the_ones_its_expectations_name():
    # expectations/unit_report_incidents.json: not_null(submission_id), in_set(severity).
    assert quality.suite_columns("unit_report_incidents") == ("submission_id", "severity")
    # press_items: eight not_null columns, the compound (source_file, source_row) already named,
    # then sentiment_label and views, read by the set and range expectations only.
    assert quality.suite_columns("press_items") == (
        "source_file",
        "source_row",
        "published_at",
        "outlet_raw",
        "media_type",
        "genre",
        "title",
        "period_key",
        "sentiment_label",
        "views",
    )


def test_suite_frame_keeps_every_row_and_only_the_suite_columns():
    frame = pl.DataFrame(
        {"note": ["a", "b", "c"], "severity": ["Cao", None, "Thấp"], "submission_id": ["s1", "s2", "s3"]}
    )
    kept = quality.suite_frame("unit_report_incidents", frame)
    assert kept.columns == ["submission_id", "severity"]
    assert kept.height == 3


def test_text_checked_as_categoricals_fails_the_same_rows_as_text():
    # Five submissions built to break one expectation each, worked out by hand:
    # s2 has no unit_kind (not_null: 1); 'trường' is not a unit kind (in_set: 1, example 'trường');
    # s3 appears twice (unique: 2 rows); '2026-Q5' does not match ^\d{4}-Q[1-4]$ (regex: 1);
    # match_confidence 1.5 is above 1 (between: 1). (GE lists the uniqueness result first, and
    # shows the missing unit_kind as 'nan', as it did with text.)
    n = 5
    frame = pl.DataFrame(
        {
            "submission_id": ["s1", "s2", "s3", "s3", "s5"],
            "source_file": [f"unit_reports/{i}.xlsx" for i in range(n)],
            "received_at": ["2026-01-05"] * n,
            "unit_code": ["27664"] * n,
            "unit_kind": ["ward", None, "school", "trường", "ward"],
            "unit_name": ["Xã Cần Giờ"] * n,
            "report_kind": ["quarterly"] * n,
            "period_key": ["2026-Q1", "2026-Q1", "2026-Q1", "2026-Q1", "2026-Q5"],
            "received_source": ["receipt_log"] * n,
            "match_confidence": [1.0, 1.0, 1.0, 1.0, 1.5],
            "rows_read": [3] * n,
            "rows_loaded": [3] * n,
            "rows_rejected": [0] * n,
        }
    )
    outcome = quality.validate("unit_report_submissions", frame)
    assert outcome.success is False and outcome.evaluated == 17
    assert [(f["expectation"], f["column"], f["unexpected_count"], f["examples"]) for f in outcome.failures] == [
        ("expect_column_values_to_be_unique", "submission_id", 2, ["s3", "s3"]),
        ("expect_column_values_to_not_be_null", "unit_kind", 1, ["nan"]),
        ("expect_column_values_to_be_in_set", "unit_kind", 1, ["trường"]),
        ("expect_column_values_to_match_regex", "period_key", 1, ["2026-Q5"]),
        ("expect_column_values_to_be_between", "match_confidence", 1, ["1.5"]),
    ]


def test_every_suite_holds_on_zero_rows_as_ge_itself_says():
    # The shortcut for an empty frame must give GE's own answer, for every suite: passed, with
    # every expectation counted.
    import json

    for path in sorted(quality.SUITES.glob("*.json")):
        table = path.stem
        expectations = len(json.loads(path.read_text(encoding="utf-8"))["expectations"])
        empty = pl.DataFrame(schema={c: pl.String for c in quality.suite_columns(table)})
        by_ge = quality.run_suite(table, empty)
        assert (by_ge.success, by_ge.evaluated, by_ge.failures) == (True, expectations, []), table
        shortcut = quality.validate(table, empty)
        assert (shortcut.suite, shortcut.success, shortcut.evaluated, shortcut.failures) == (
            by_ge.suite,
            True,
            expectations,
            [],
        ), table


def test_zero_rows_missing_a_column_still_fail():
    # No 'severity' column at all: GE reports the in_set expectation failed, rows or not.
    outcome = quality.validate("unit_report_incidents", pl.DataFrame(schema={"submission_id": pl.String}))
    assert outcome.success is False
    assert [f["expectation"] for f in outcome.failures] == ["expect_column_values_to_be_in_set"]
