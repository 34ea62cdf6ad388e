"""Media coverage: press-monitoring CSVs, Meta fanpage exports and GA4 web exports.

These exports are cumulative and overlap the windows (a monthly press file spans two
periods), so each family is re-read whole and replaced whole; rows carry their period.
"""

from orchestration.lib.ingestion import Family, whole_inbox_asset
from orchestration.readers.fanpage import read_fanpage
from orchestration.readers.press import read_press
from orchestration.readers.web_analytics import read_web_analytics

PRESS = Family(name="press", tables=("press_items",))
FANPAGE = Family(name="fanpage", tables=("fanpage_posts",))
WEB = Family(name="web", tables=("web_pageviews",))

press_exports = whole_inbox_asset(
    "press_exports", PRESS, "media", read_press, "Monthly press-monitoring exports in media/press/."
)
fanpage_exports = whole_inbox_asset(
    "fanpage_exports", FANPAGE, "media", read_fanpage, "Meta Business Suite post exports in media/fanpage/."
)
web_exports = whole_inbox_asset(
    "web_exports", WEB, "media", read_web_analytics, "GA4 page reports in media/web/."
)
