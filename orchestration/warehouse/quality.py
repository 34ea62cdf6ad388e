"""Great Expectations suites from `expectations/`, run on raw tables before the marts use them.

GE 1.x validates pandas frames, so the polars frame is handed over through Arrow. A suite is a
JSON file `expectations/<raw table>.json` in GE's own format (name, expectations with type and
kwargs); the result comes back as plain data that an asset check can show to a person.

Converting to pandas costs more than most expectations, so only the columns the suite reads are
converted (`suite_frame`), and text columns go over as pandas categoricals: the same values,
stored once per distinct value (a school year's 1.3 million activity rows name 15,000
submissions and a dozen task codes), which every expectation the suites use (null, set, range,
regex, unique, compound unique) evaluates exactly as it does plain strings. GE's cost per
expectation run is fixed (tens of milliseconds), so a table written in batches is validated
once, on the suite's columns of every batch together (`defs/ingestion.publish`), which also
makes uniqueness hold across batches, not only within each.

A refresh that loads nothing new hands every suite zero rows. On zero rows each expectation
judged row by row holds (there is no value to break it), which is GE's own answer too
(tests/unit/test_quality.py runs every suite on zero rows), so GE is not started for them:
a refresh with nothing to load does not pay its import (several seconds) or its fixed cost.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

from orchestration.domain.reference import PROJECT_ROOT

SUITES = PROJECT_ROOT / "expectations"

logging.getLogger("great_expectations").setLevel(logging.ERROR)


@dataclass
class SuiteOutcome:
    suite: str
    success: bool
    evaluated: int
    failures: list[dict[str, object]] = field(default_factory=list)


@lru_cache(maxsize=1)
def _context():
    import great_expectations as gx  # slow import (seconds): only when a suite actually runs

    context = gx.get_context(mode="ephemeral")
    try:
        context.variables.progress_bars = {"globally": False}
    except Exception:  # older or newer config shapes: the bars are cosmetic
        pass
    return context


def suite_path(table: str) -> Path:
    return SUITES / f"{table}.json"


def _spec(table: str) -> dict:
    return json.loads(suite_path(table).read_text(encoding="utf-8"))


# Expectations about values of the columns their kwargs name (GE's column, column-pair,
# multicolumn and compound families); anything else (a table-level expectation such as a column
# list, or a row_condition naming more columns) makes the suite read the whole frame.
_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")
_COLUMN_FAMILIES = ("expect_column_", "expect_compound_columns_", "expect_multicolumn_", "expect_select_column_values_")


def suite_columns(table: str) -> tuple[str, ...] | None:
    """The columns the suite of `table` reads, in first-named order; None when it may read any."""
    columns: list[str] = []
    for expectation in _spec(table)["expectations"]:
        kwargs = expectation.get("kwargs", {})
        if not expectation["type"].startswith(_COLUMN_FAMILIES) or "row_condition" in kwargs:
            return None
        named = [kwargs[k] for k in _COLUMN_KWARGS if k in kwargs]
        if not named:
            return None
        for value in named:
            for column in value if isinstance(value, list) else [value]:
                if column not in columns:
                    columns.append(column)
    return tuple(columns)


# Expectations judged row by row (GE's map expectations): on zero rows none can fail. Not the
# type checks (they read the column's type, rows or not) nor aggregates (a mean, a count).
_ROW_BY_ROW = (
    "expect_column_values_to_",
    "expect_compound_columns_to_be_unique",
    "expect_multicolumn_values_to_",
    "expect_select_column_values_",
    "expect_column_pair_values_",
)
_NOT_ROW_BY_ROW = ("expect_column_values_to_be_of_type", "expect_column_values_to_be_in_type_list")


def holds_on_no_rows(table: str) -> bool:
    """Whether every expectation of the suite is judged row by row (so holds on zero rows)."""
    return all(
        e["type"].startswith(_ROW_BY_ROW) and e["type"] not in _NOT_ROW_BY_ROW for e in _spec(table)["expectations"]
    )


def suite_frame(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The part of `frame` the suite of `table` reads: its columns (those present; a missing one
    stays missing, for the suite to report), every row."""
    columns = suite_columns(table)
    if columns is None:
        return frame
    return frame.select([c for c in columns if c in frame.columns])


def _to_pandas(frame: pl.DataFrame):
    # Text as categoricals: values and nulls unchanged, each distinct string held once.
    return frame.with_columns(pl.col(pl.String).cast(pl.Categorical)).to_pandas(use_pyarrow_extension_array=False)


def validate(table: str, frame: pl.DataFrame) -> SuiteOutcome:
    """Run the suite named after `table` on every row of `frame` (the frame may hold only the
    suite's columns, see `suite_frame`); a table without a suite is an error."""
    spec = _spec(table)
    columns = suite_columns(table)
    if frame.height == 0 and columns is not None and set(columns) <= set(frame.columns) and holds_on_no_rows(table):
        # No row to break a row-by-row expectation (a missing column still goes to GE, to fail).
        return SuiteOutcome(spec["name"], True, len(spec["expectations"]))
    return run_suite(table, frame)


def run_suite(table: str, frame: pl.DataFrame) -> SuiteOutcome:
    """`validate` through GE whatever the frame, zero rows included."""
    import great_expectations as gx

    spec = _spec(table)
    context = _context()
    name = f"{table}_{id(frame)}"
    source = context.data_sources.add_or_update_pandas(name)
    batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=spec["expectations"]))
    definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
    result = definition.run(
        batch_parameters={"dataframe": _to_pandas(suite_frame(table, frame))},
        result_format="SUMMARY",
    )
    failures = [
        {
            "expectation": r.expectation_config.type,
            "column": r.expectation_config.kwargs.get("column"),
            "unexpected_count": r.result.get("unexpected_count"),
            "examples": [str(v) for v in (r.result.get("partial_unexpected_list") or [])[:5]],
            "observed": str(r.result.get("observed_value")) if "observed_value" in r.result else None,
        }
        for r in result.results
        if not r.success
    ]
    context.validation_definitions.delete(name)
    context.suites.delete(name)
    context.data_sources.delete(name)
    return SuiteOutcome(spec["name"], bool(result.success), len(result.results), failures)
