"""Early warning on press sentiment, surfaced in Dagster for the crisis-handling work of task 2.15.

The rule lives in dbt (marts/media/mart_media_alerts.sql, thresholds as dbt vars); this check
reads the mart after each build and warns (non-blocking: an alert is news, not a broken build)
while any alert is open, listing the tasks and windows.
"""

from __future__ import annotations

import dagster as dg
import duckdb

from orchestration.defs.partitions import DUCKDB_POOL
from orchestration.defs.warehouse import Warehouse

ALERTS_SQL = """
    select task_code, window_kind, period_key, cast(window_start as varchar) as window_start,
           cast(window_end as varchar) as window_end, press_items, press_negative, negative_share, baseline_share
    from marts.mart_media_alerts
    order by window_end desc, task_code
"""


@dg.asset_check(
    asset=dg.AssetKey(["marts", "mart_media_alerts"]),
    name="media_negative_alerts",
    blocking=False,
    pool=DUCKDB_POOL,
    description="Warns while a task's negative press share is above its threshold and baseline (mart_media_alerts).",
)
def media_negative_alerts(warehouse: Warehouse) -> dg.AssetCheckResult:
    try:
        con = duckdb.connect(str(warehouse.database()), read_only=True)
    except duckdb.ConnectionException:
        con = duckdb.connect(str(warehouse.database()))  # this process already holds the writer
    with con:
        alerts = con.sql(ALERTS_SQL).pl()
    return dg.AssetCheckResult(
        passed=alerts.height == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "alerts": alerts.height,
            "tasks": dg.MetadataValue.json(sorted(set(alerts["task_code"].to_list()))),
            "examples": dg.MetadataValue.json(alerts.head(10).to_dicts()),
            "how_to_resolve": (
                "Read the task's negative items in marts.mart_press_coverage / int_press_items__attributed "
                "for the window; handle the issue (task 2.15: correction, press briefing); a label the "
                "classifier got wrong goes into seed ref_media_label_overrides."
            ),
        },
    )
