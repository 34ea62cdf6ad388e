"""Great Expectations suites from `expectations/`, run on raw tables before the marts use them.

GE 1.x validates pandas frames, so the polars frame is handed over through Arrow. A suite is a
JSON file `expectations/<raw table>.json` in GE's own format (name, expectations with type and
kwargs); the result comes back as plain data that an asset check can show to a person.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

from orchestration.lib.reference import PROJECT_ROOT

SUITES = PROJECT_ROOT / "expectations"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
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


def validate(table: str, frame: pl.DataFrame) -> SuiteOutcome:
    """Run the suite named after `table` on `frame`; a table without a suite is an error."""
    import great_expectations as gx

    spec = json.loads(suite_path(table).read_text(encoding="utf-8"))
    context = _context()
    name = f"{table}_{id(frame)}"
    source = context.data_sources.add_or_update_pandas(name)
    batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=spec["expectations"]))
    definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
    result = definition.run(
        batch_parameters={"dataframe": frame.to_pandas(use_pyarrow_extension_array=False)},
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
