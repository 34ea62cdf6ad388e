"""Surveys and feedback: social consensus, with personal data hashed or dropped at the edge.

The respondent key is a salted hash; the salt comes from WAREHOUSE_SALT. A production run
(WAREHOUSE_ENV=production) refuses to start without it rather than fall back to the public
development salt, which would make keys reversible by anyone holding the sample code.
"""

import os

import dagster as dg

from orchestration.lib.ingestion import Family, publish
from orchestration.lib.partitions import DUCKDB_POOL
from orchestration.lib.resources import Warehouse
from orchestration.readers.feedback import read_feedback
from orchestration.readers.survey import read_surveys

SURVEYS = Family(name="surveys", tables=("survey_responses", "survey_answers"))
FEEDBACK = Family(name="feedback", tables=("feedback_items",))

DEVELOPMENT_SALT = "development-salt-not-for-production"


def respondent_salt() -> str:
    salt = os.environ.get("WAREHOUSE_SALT")
    if salt:
        return salt
    if os.environ.get("WAREHOUSE_ENV", "development") == "production":
        raise RuntimeError(
            "WAREHOUSE_SALT is not set: in production the survey respondent key needs a secret "
            "salt (set WAREHOUSE_SALT to a long random string and keep it unchanged between runs)"
        )
    return DEVELOPMENT_SALT


@dg.multi_asset(
    specs=SURVEYS.asset_specs(group="surveys"),
    check_specs=SURVEYS.check_specs(),
    pool=DUCKDB_POOL,
)
def survey_exports(warehouse: Warehouse):
    result = read_surveys(warehouse.inbox_dir(), salt=respondent_salt())
    with warehouse.connect() as con:
        yield from publish(con, SURVEYS, result)


@dg.multi_asset(
    specs=FEEDBACK.asset_specs(group="surveys"),
    check_specs=FEEDBACK.check_specs(),
    pool=DUCKDB_POOL,
)
def feedback_logs(warehouse: Warehouse):
    result = read_feedback(warehouse.inbox_dir())
    with warehouse.connect() as con:
        yield from publish(con, FEEDBACK, result)
