"""Each family's reader, as its ingestion asset calls it (the salt is the development one)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from orchestration.readers import ReadResult
from orchestration.readers.fanpage import read_fanpage
from orchestration.readers.feedback import read_feedback
from orchestration.readers.infrastructure import read_infrastructure
from orchestration.readers.press import read_press
from orchestration.readers.survey import read_surveys
from orchestration.readers.unit_report import read_unit_reports
from orchestration.readers.web_analytics import read_web_analytics

SALT = "bad-input-corpus-salt"

READERS: dict[str, Callable[[Path], ReadResult]] = {
    "unit_reports": read_unit_reports,
    "press": read_press,
    "fanpage": read_fanpage,
    "web": read_web_analytics,
    "surveys": lambda inbox: read_surveys(inbox, salt=SALT),
    "feedback": read_feedback,
    "infrastructure": read_infrastructure,
}
# The table whose rows count as a file's loaded data rows in `Case.loaded`.
FIRST_TABLE = {
    "unit_reports": "unit_report_activities",
    "press": "press_items",
    "fanpage": "fanpage_posts",
    "web": "web_pageviews",
    "surveys": "survey_responses",
    "feedback": "feedback_items",
    "infrastructure": ("ward_statistics", "classroom_projects", "city_indicators"),
}


def loaded_rows(family: str, result: ReadResult, files: tuple[str, ...]) -> int:
    tables = FIRST_TABLE[family]
    tables = (tables,) if isinstance(tables, str) else tables
    return sum(result.tables[t].filter(result.tables[t]["source_file"].is_in(list(files))).height for t in tables)
