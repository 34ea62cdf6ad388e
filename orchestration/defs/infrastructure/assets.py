"""Infrastructure statistics: ward statistics, classroom projects, citywide indicators (yearly)."""

import dagster as dg

from orchestration.lib.ingestion import Family, publish
from orchestration.lib.partitions import DUCKDB_POOL
from orchestration.lib.resources import Warehouse
from orchestration.readers.infrastructure import read_infrastructure

INFRASTRUCTURE = Family(
    name="infrastructure",
    tables=("ward_statistics", "classroom_projects", "city_indicators"),
    row_tables=("ward_statistics", "classroom_projects", "city_indicators"),
)


@dg.multi_asset(
    specs=INFRASTRUCTURE.asset_specs(group="infrastructure"),
    check_specs=INFRASTRUCTURE.check_specs(),
    pool=DUCKDB_POOL,
)
def infrastructure_statistics(warehouse: Warehouse):
    result = read_infrastructure(warehouse.inbox_dir())
    with warehouse.connect() as con:
        yield from publish(con, INFRASTRUCTURE, result)
