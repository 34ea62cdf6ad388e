"""Infrastructure statistics: ward statistics, classroom projects, citywide indicators (yearly)."""

from orchestration.defs.ingestion import Family, whole_inbox_asset
from orchestration.readers.infrastructure import read_infrastructure

INFRASTRUCTURE = Family(
    name="infrastructure",
    tables=("ward_statistics", "classroom_projects", "city_indicators"),
    row_tables=("ward_statistics", "classroom_projects", "city_indicators"),
)

infrastructure_statistics = whole_inbox_asset(
    "infrastructure_statistics",
    INFRASTRUCTURE,
    "infrastructure",
    lambda inbox, only: read_infrastructure(inbox),
    "Ward statistics, classroom-programme projects and city indicators in infrastructure/ "
    "(a few yearly files: re-read whole on every refresh).",
)
