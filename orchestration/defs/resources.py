"""Resources shared by every asset: the warehouse and the dbt CLI."""

import os

import dagster as dg

from orchestration.defs.transform.project import dbt_cli
from orchestration.defs.warehouse import Warehouse
from orchestration.warehouse import database as warehouse


@dg.definitions
def resources() -> dg.Definitions:
    # dbt writes the same build copy as the Python assets: WAREHOUSE_BUILD, derived from WAREHOUSE.
    os.environ.setdefault("WAREHOUSE", str(warehouse.warehouse_path()))
    os.environ["WAREHOUSE_BUILD"] = str(warehouse.build_path(warehouse.warehouse_path()))
    return dg.Definitions(
        resources={
            "warehouse": Warehouse(path=os.environ.get("WAREHOUSE", ""), inbox=os.environ.get("INBOX", "")),
            "dbt": dbt_cli(),
        }
    )
