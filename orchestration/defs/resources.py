"""Resources shared by every asset: the warehouse and the dbt CLI."""

import os

import dagster as dg

from orchestration.defs.transform.project import dbt_cli
from orchestration.lib import warehouse
from orchestration.lib.resources import Warehouse


@dg.definitions
def resources() -> dg.Definitions:
    # dbt reads the warehouse path from the same variable the Python assets use.
    os.environ.setdefault("WAREHOUSE", str(warehouse.warehouse_path()))
    return dg.Definitions(
        resources={
            "warehouse": Warehouse(path=os.environ.get("WAREHOUSE", ""), inbox=os.environ.get("INBOX", "")),
            "dbt": dbt_cli(),
        }
    )
