"""Surveys and feedback: social consensus, with personal data hashed or dropped at the edge.

The respondent key is a salted hash; the salt comes from WAREHOUSE_SALT (the warehouse
resource's `respondent_salt`). A production run (WAREHOUSE_ENV=production) refuses to start
without it rather than fall back to the public development salt, which would make keys
reversible by anyone holding the sample code.
"""

from pathlib import Path

from orchestration.defs.ingestion import Family, whole_inbox_asset
from orchestration.formats.inbox import inbox_files
from orchestration.readers.feedback import FOLDER as FEEDBACK_FOLDER
from orchestration.readers.feedback import read_feedback
from orchestration.readers.survey import read_surveys, survey_files

SURVEYS = Family(name="surveys", tables=("survey_responses", "survey_answer_texts", "survey_questions"))
FEEDBACK = Family(name="feedback", tables=("feedback_items",))

survey_exports = whole_inbox_asset(
    "survey_exports",
    SURVEYS,
    "surveys",
    lambda inbox, only, salt: read_surveys(inbox, salt=salt, only=only),
    "Google / Microsoft Forms exports in surveys/, each read through its questionnaire.",
    files=survey_files,
    options=lambda warehouse: {"salt": warehouse.respondent_salt()},
    key_extra=lambda warehouse: warehouse.salt_fingerprint(),
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
