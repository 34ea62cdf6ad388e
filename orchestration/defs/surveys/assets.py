"""Surveys and feedback: social consensus, with personal data hashed or dropped at the edge.

The respondent key is a salted hash; the salt comes from WAREHOUSE_SALT. A production run
(WAREHOUSE_ENV=production) refuses to start without it rather than fall back to the public
development salt, which would make keys reversible by anyone holding the sample code.
"""

import os

from orchestration.lib.ingestion import Family, whole_inbox_asset
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


survey_exports = whole_inbox_asset(
    "survey_exports",
    SURVEYS,
    "surveys",
    lambda inbox: read_surveys(inbox, salt=respondent_salt()),
    "Google / Microsoft Forms exports in surveys/, each read through its questionnaire.",
)
feedback_logs = whole_inbox_asset(
    "feedback_logs", FEEDBACK, "surveys", read_feedback, "Feedback letters and hotline logs in feedback/."
)
