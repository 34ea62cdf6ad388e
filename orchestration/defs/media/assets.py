"""Media coverage: press-monitoring CSVs, Meta fanpage exports and GA4 web exports.

These exports are cumulative and overlap the windows (a monthly press file spans two
periods), so each family is re-read whole and replaced whole; rows carry their period.
"""

import dagster as dg

from orchestration.lib.ingestion import Family, publish
from orchestration.lib.partitions import DUCKDB_POOL
from orchestration.lib.resources import Warehouse
from orchestration.readers.fanpage import read_fanpage
from orchestration.readers.press import read_press
from orchestration.readers.web_analytics import read_web_analytics

PRESS = Family(name="press", tables=("press_items",))
FANPAGE = Family(name="fanpage", tables=("fanpage_posts",))
WEB = Family(name="web", tables=("web_pageviews",))


def _ingest(family: Family, reader):
    @dg.multi_asset(
        name=f"{family.name}_exports",
        specs=family.asset_specs(group="media"),
        check_specs=family.check_specs(),
        pool=DUCKDB_POOL,
    )
    def _asset(warehouse: Warehouse):
        result = reader(warehouse.inbox_dir())
        with warehouse.connect() as con:
            yield from publish(con, family, result)

    return _asset


press_exports = _ingest(PRESS, read_press)
fanpage_exports = _ingest(FANPAGE, read_fanpage)
web_exports = _ingest(WEB, read_web_analytics)
