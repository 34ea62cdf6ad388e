"""The fault loop's reading of a run's timeline: which stage a step is, and how long to wait."""

from tools.reliability.fingerprint import differences
from tools.reliability.stages import Span, stage_at, stage_of, typical_step_seconds


def test_steps_fall_in_their_stage():
    assert stage_of("unit_reports") == "ingestion"  # not "reports"
    assert stage_of("press_exports") == "ingestion"
    assert stage_of("warehouse_models") == "dbt build"
    assert stage_of("reports__year_end_reports") == "reports"
    assert stage_of("operations__data_catalogue") == "reports"
    assert stage_of("operations__published_warehouse") == "publish"


def test_typical_step_length_is_the_median_of_finished_steps():
    spans = [
        Span("ingestion", "a", 0.0, 2.0),
        Span("ingestion", "b", 2.0, 3.0),
        Span("ingestion", "c", 3.0, 9.0),
        Span("dbt build", "warehouse_models", 9.0, 49.0),
        Span("publish", "p", 49.0, float("inf")),
    ]
    # ingestion lengths 2, 1, 6 -> median 2; the unfinished publish step has no length yet.
    assert typical_step_seconds(spans) == {"ingestion": 2.0, "dbt build": 40.0}
    assert stage_at(spans, 20.0) == "dbt build"
    assert stage_at(spans, 60.0) == "publish"


def test_differences_name_the_mart_and_the_row_counts():
    assert differences({"m": "3:aa", "gone": "1:x"}, {"m": "4:bb", "new": "2:y"}) == [
        "gone: missing",
        "m: content differs (3 vs 4 rows)",
        "new: not expected",
    ]
