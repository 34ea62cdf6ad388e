"""The publish step: the last asset of every refresh.

It depends on every dbt model (and the reports), so it runs only when they were all built and
their blocking checks passed; a failed build never reaches the file analysts have open.
"""

import dagster as dg

from orchestration.defs.operations.catalogue import DATA_CATALOGUE
from orchestration.defs.partitions import DUCKDB_POOL
from orchestration.defs.reports.assets import YEAR_END_REPORTS
from orchestration.defs.transform.assets import warehouse_models
from orchestration.defs.warehouse import Warehouse
from orchestration.warehouse.publish import publish

PUBLISHED_WAREHOUSE = dg.AssetKey(["operations", "published_warehouse"])


@dg.asset(
    key=PUBLISHED_WAREHOUSE,
    deps=[*warehouse_models.keys, DATA_CATALOGUE, YEAR_END_REPORTS],
    group_name="operations",
    pool=DUCKDB_POOL,
    description=(
        "Publishes the finished build and its reports as one new generation: the warehouse file "
        "(WAREHOUSE) and warehouse/reports change together in one atomic rename, or not at all. "
        "Analysts' read-only connections never block it."
    ),
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    result = publish(warehouse.database(), warehouse.published(), warehouse.report_staging_dir())
    context.log.info(
        f"published build {result.build_id}: {result.path} ({result.size_bytes / 2**20:.1f} MiB, "
        f"{result.marts} marts) and {len(result.reports)} reports"
    )
    for warning in result.warnings:
        context.log.warning(warning)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(result.path)),
            "build_id": result.build_id,
            "size_mib": round(result.size_bytes / 2**20, 1),
            "marts": result.marts,
            "reports": dg.MetadataValue.json([str(p) for p in result.reports]),
            "warnings": dg.MetadataValue.json(result.warnings),
        }
    )
