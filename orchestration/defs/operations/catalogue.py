"""The data catalogue: dbt's documentation site, regenerated on every refresh.

`dbt docs generate --static` writes one self-contained HTML page (models, columns, their
descriptions, tests and lineage, with the column types read from the build). It is staged with
the reports and published beside the warehouse as reports/data-catalogue.html, which opens
offline in a browser.
"""

import os
import shutil
import tempfile
from pathlib import Path

import dagster as dg

from orchestration.defs.transform.assets import warehouse_models
from orchestration.defs.transform.project import dbt_cli, dbt_project
from orchestration.lib.partitions import DUCKDB_POOL
from orchestration.lib.resources import Warehouse

DATA_CATALOGUE = dg.AssetKey(["operations", "data_catalogue"])
CATALOGUE_FILE = "data-catalogue.html"


@dg.asset(
    key=DATA_CATALOGUE,
    deps=list(warehouse_models.keys),
    group_name="operations",
    pool=DUCKDB_POOL,  # dbt reads the build copy's column types
    kinds={"dbt"},
    description="dbt docs as one offline HTML page (every mart and column described), published as reports/data-catalogue.html.",
)
def data_catalogue(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    staging = warehouse.report_staging_dir()
    staging.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dbt-docs-") as scratch:
        target = Path(scratch)
        os.environ["WAREHOUSE_BUILD"] = str(warehouse.database())
        invocation = dbt_cli().cli(
            ["docs", "generate", "--static"], manifest=dbt_project.manifest_path, target_path=target
        ).wait()
        page = target / "static_index.html"
        if not invocation.is_successful() or not page.exists():
            raise RuntimeError(f"dbt docs generate failed: see the run's dbt output ({target})")
        partial = staging / f".{CATALOGUE_FILE}.tmp"
        shutil.copyfile(page, partial)
        os.replace(partial, staging / CATALOGUE_FILE)
    size = (staging / CATALOGUE_FILE).stat().st_size
    context.log.info(f"data catalogue staged: {staging / CATALOGUE_FILE} ({size / 2**20:.1f} MiB)")
    return dg.MaterializeResult(metadata={"page": dg.MetadataValue.path(str(warehouse.reports_dir() / CATALOGUE_FILE))})
