"""Reference data generated from its sources of truth: the plan's tasks and assignments, the
168 commune-level units from vietnamadminunits, and the reporting-period calendar."""

import dagster as dg
import polars as pl

from orchestration.defs.partitions import DUCKDB_POOL
from orchestration.defs.warehouse import Warehouse
from orchestration.domain import reference
from orchestration.domain.periods import all_periods
from orchestration.warehouse.database import RAW_SCHEMA, replace_rows

GROUP = "reference"


def reporting_periods() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "period_key": p.key,
                "year": p.year,
                "quarter": p.quarter,
                "label_vi": p.label_vi,
                "window_start": p.window_start,
                "window_end": p.window_end,
                "deadline": p.deadline,
                "deadline_at": p.deadline_at,
                "school_year": p.school_year,
                "in_school_year": p.in_school_year,
            }
            for p in all_periods()
        ]
    ).with_columns(pl.col("deadline_at").dt.convert_time_zone("Asia/Ho_Chi_Minh"))


BUILDERS = {
    "ref_tasks": (reference.tasks, "The plan's 15 priority tasks (section II): code, title, cluster."),
    "ref_task_assignments": (
        reference.task_assignments,
        "Lead and coordinating units or groups per task, parsed from the plan's section IV.2 table.",
    ),
    "ref_wards": (reference.wards, "The 168 commune-level units of HCMC since 1 July 2025, from vietnamadminunits."),
    "ref_targets_2030": (reference.targets_2030, "The plan's 2030 targets (section I.1 and task 2.12), as quoted."),
    "ref_reporting_periods": (reporting_periods, "Quarterly windows 15th-14th, deadlines and school years."),
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec([RAW_SCHEMA, name], group_name=GROUP, description=doc, kinds={"python", "duckdb"})
        for name, (_, doc) in BUILDERS.items()
    ],
    pool=DUCKDB_POOL,
)
def reference_tables(warehouse: Warehouse):
    frames = {name: build() for name, (build, _) in BUILDERS.items()}
    with warehouse.connect() as con:
        for name, frame in frames.items():
            replace_rows(con, name, frame)
            yield dg.MaterializeResult(asset_key=[RAW_SCHEMA, name], metadata={"dagster/row_count": frame.height})
