"""Surveys and feedback: social consensus, with personal data hashed or dropped at the edge.

The respondent key is a salted hash; the salt comes from WAREHOUSE_SALT. A production run
(WAREHOUSE_ENV=production) refuses to start without it rather than fall back to the public
development salt, which would make keys reversible by anyone holding the sample code.
"""

import hashlib
import os
from pathlib import Path

from orchestration.defs.ingestion import Family, whole_inbox_asset
from orchestration.formats.inbox import inbox_files
from orchestration.readers.feedback import FOLDER as FEEDBACK_FOLDER
from orchestration.readers.feedback import read_feedback
from orchestration.readers.survey import read_surveys, survey_files

SURVEYS = Family(name="surveys", tables=("survey_responses", "survey_answer_texts", "survey_questions"))
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


def salt_fingerprint() -> str:
    """Respondent keys depend on the salt: a new salt re-reads every export. Only a digest of
    the salt is kept in the file index, never the salt."""
    return hashlib.sha256(b"respondent-salt:" + respondent_salt().encode()).hexdigest()[:16]


survey_exports = whole_inbox_asset(
    "survey_exports",
    SURVEYS,
    "surveys",
    lambda inbox, only: read_surveys(inbox, salt=respondent_salt(), only=only),
    "Google / Microsoft Forms exports in surveys/, each read through its questionnaire.",
    files=survey_files,
    key_extra=salt_fingerprint,
)


def feedback_files(inbox: Path) -> dict[str, list[Path]]:
    """The feedback logs, each read on its own (a row depends on its file only)."""
    return {name: [path] for path, name in inbox_files(inbox, FEEDBACK_FOLDER)}


feedback_logs = whole_inbox_asset(
    "feedback_logs",
    FEEDBACK,
    "surveys",
    read_feedback,
    "Feedback letters and hotline logs in feedback/ (new and changed files only).",
    files=feedback_files,
)
