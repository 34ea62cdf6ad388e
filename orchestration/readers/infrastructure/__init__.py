"""Infrastructure statistics from `infrastructure/`: ward statistics, classroom projects, city indicators.

- `intake`: the files, the kind each sheet's header tells, its rows read into one of the three
  tables (`read_infrastructure`);
- `rows`: one data row's cells read and checked (counts, dates, years, school level, ward with
  its former district), shared by the three kinds;
- `ward_statistics`, `classroom_projects`, `city_indicators`: each kind's header, table and
  rules.

A row with a problem is rejected whole, with one quarantine row per problem found, and counts
once; a file or sheet that cannot be read is refused with the reason.
"""

from orchestration.readers.infrastructure.city_indicators import (
    CITY_INDICATORS_COLUMNS,
    CITY_INDICATORS_SCHEMA,
    indicator_code,
)
from orchestration.readers.infrastructure.classroom_projects import (
    CLASSROOM_PROJECTS_COLUMNS,
    CLASSROOM_PROJECTS_SCHEMA,
    FUNDING,
    banner_date,
    investment_multiplier,
)
from orchestration.readers.infrastructure.intake import FOLDER, KINDS, read_infrastructure
from orchestration.readers.infrastructure.rows import FAMILY, SCHOOL_LEVELS, school_level, ward_with_district
from orchestration.readers.infrastructure.ward_statistics import (
    AGE_BANDS,
    WARD_STATISTICS_COLUMNS,
    WARD_STATISTICS_SCHEMA,
    age_band,
)

__all__ = [
    "AGE_BANDS",
    "CITY_INDICATORS_COLUMNS",
    "CITY_INDICATORS_SCHEMA",
    "CLASSROOM_PROJECTS_COLUMNS",
    "CLASSROOM_PROJECTS_SCHEMA",
    "FAMILY",
    "FOLDER",
    "FUNDING",
    "KINDS",
    "SCHOOL_LEVELS",
    "WARD_STATISTICS_COLUMNS",
    "WARD_STATISTICS_SCHEMA",
    "age_band",
    "banner_date",
    "indicator_code",
    "investment_multiplier",
    "read_infrastructure",
    "school_level",
    "ward_with_district",
]
