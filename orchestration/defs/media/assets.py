"""Media coverage: press-monitoring CSVs, Meta fanpage exports and GA4 web exports.

These exports overlap the windows (a monthly press file spans two periods), so the families
are not partitioned: rows carry their period, and a refresh reads only the exports that are new
or changed since the last one (warehouse/file_index.py); duplicates across exports are resolved in dbt.
Press items and fanpage posts are labelled at ingestion with a primary task and a sentiment
(orchestration/classify, methods recorded beside the labels), portal page titles with a task;
the Office's overrides (seed ref_media_label_overrides) are applied on top in dbt.
"""

from collections.abc import Callable, Collection
from pathlib import Path

from orchestration.classify.frames import with_labels, with_task
from orchestration.defs.ingestion import Family, whole_inbox_asset
from orchestration.readers import ReadResult
from orchestration.readers.csv_export import media_files
from orchestration.readers.fanpage import post_export_files, read_fanpage
from orchestration.readers.fanpage_pages import page_export_files, read_fanpage_pages
from orchestration.readers.press import read_press
from orchestration.readers.web_analytics import read_web_analytics

PRESS = Family(name="press", tables=("press_items",))
FANPAGE = Family(name="fanpage", tables=("fanpage_posts",))
FANPAGE_PAGES = Family(name="fanpage_pages", tables=("fanpage_page_days",))
WEB = Family(name="web", tables=("web_pageviews",))


def read_press_labelled(inbox: Path, only: Collection[str] | None = None) -> ReadResult:
    result = read_press(inbox, only)
    result.tables["press_items"] = with_labels(
        result.tables["press_items"], title="title", lede="lede", service_sentiment="sentiment_label"
    )
    return result


def read_fanpage_labelled(inbox: Path, only: Collection[str] | None = None) -> ReadResult:
    result = read_fanpage(inbox, only)
    result.tables["fanpage_posts"] = with_labels(result.tables["fanpage_posts"], title="title", lede="description")
    return result


def read_web_labelled(inbox: Path, only: Collection[str] | None = None) -> ReadResult:
    result = read_web_analytics(inbox, only)
    result.tables["web_pageviews"] = with_task(result.tables["web_pageviews"], title="page_title")
    return result


def export_files(folder: str) -> Callable[[Path], dict[str, list[Path]]]:
    """The exports of one media folder, each read on its own (a row depends on its file only)."""
    return lambda inbox: {name: [path] for path, name in media_files(inbox, folder)}


def listed_files(lister: Callable[[Path], list[tuple[Path, str]]]) -> Callable[[Path], dict[str, list[Path]]]:
    return lambda inbox: {name: [path] for path, name in lister(inbox)}


press_exports = whole_inbox_asset(
    "press_exports",
    PRESS,
    "media",
    read_press_labelled,
    "Monthly press-monitoring exports in media/press/, each item labelled with task and sentiment.",
    files=export_files("press"),
)
fanpage_exports = whole_inbox_asset(
    "fanpage_exports",
    FANPAGE,
    "media",
    read_fanpage_labelled,
    "Meta Business Suite post exports in media/fanpage/, each post labelled with task and sentiment.",
    files=listed_files(post_export_files),
)
fanpage_page_exports = whole_inbox_asset(
    "fanpage_page_exports",
    FANPAGE_PAGES,
    "media",
    read_fanpage_pages,
    "Meta Business Suite page-level exports in media/fanpage/pages/: followers, follows and unfollows per page and day.",
    files=listed_files(page_export_files),
)
web_exports = whole_inbox_asset(
    "web_exports",
    WEB,
    "media",
    read_web_labelled,
    "GA4 page reports in media/web/, page titles labelled with a task.",
    files=export_files("web"),
)
