"""The ward apportionment: how each pre-July-2025 ward's figures go to today's units (whole, or
shared by area between the successors of a split ward), from the vietnamadminunits converter."""

import dagster as dg
import polars as pl

from orchestration.defs.partitions import DUCKDB_POOL
from orchestration.defs.warehouse import Warehouse
from orchestration.domain.ward_apportionment import ward_apportionment
from orchestration.warehouse.database import RAW_SCHEMA, replace_rows

GROUP = "reference"
TABLE = "ref_ward_apportionment"


@dg.asset(
    key=[RAW_SCHEMA, TABLE],
    group_name=GROUP,
    description=(
        "One row per old ward (before 1 July 2025) of the city and today's ward its figures go to: "
        "share 1 when merged whole, the successor's area over the candidates' areas when split "
        "(vietnamadminunits converter_2025.json; the area is the whole successor's, a proxy)."
    ),
    kinds={"python", "duckdb"},
    pool=DUCKDB_POOL,
)
def ref_ward_apportionment(warehouse: Warehouse) -> dg.MaterializeResult:
    frame = ward_apportionment()
    with warehouse.connect() as con:
        replace_rows(con, TABLE, frame)
    split = frame.filter(pl.col("is_split"))
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": frame.height,
            "old_wards": frame["old_ward_key"].n_unique(),
            "split_old_wards": split["old_ward_key"].n_unique(),
        }
    )
