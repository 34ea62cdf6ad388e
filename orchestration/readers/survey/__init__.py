"""Survey exports (Google Forms, Microsoft Forms) from `surveys/`, read through their questionnaire.

Each export `<name>.csv` needs the Office's questionnaire `<name>.questions.csv` beside it
(`column,role,question_code,task_code,reverse_coded`): it says which header is the timestamp,
the respondent group, the ward, personal data, a question (with its code, task and whether it
is reverse-coded) or to be ignored. Headers are compared after `clean_text` (NFC, spaces).

Counting (per export, rows_read == rows_loaded + rows_rejected; rows are responses):
- a response is loaded into `survey_responses` when its timestamp parses and falls inside a
  reporting window; otherwise the whole response is rejected (action `row_rejected`, one
  quarantine row) and none of its answers is kept;
- a loaded response keeps every one of its answers, as codes in `survey_responses.answer_codes`
  (see below); an answer that is not a Likert value is kept without a score (its text has no
  Likert point) and gets one quarantine row with action `value_dropped`; so does
  a respondent group that is not one of the six groups (the response is loaded with a null
  group). These rows explain a value, they are not rejected rows and are not counted;
- an export column the questionnaire does not list, and a questionnaire column the export
  lacks, are reported once each (no row, action `value_dropped`) and otherwise ignored;
- a missing or invalid questionnaire, or an export that cannot be read, refuses the file
  (action `file_rejected`, counts 0/0/0).
- rows with every cell blank are not responses and are not counted.

`source_row` is the line of the file on which the response starts (the header is line 1).
Blank answers and "Không ý kiến" have a null score, never 3. Scores are 1..5 after reverse
coding (reversed = 6 - raw).

Answers are stored compactly, not one row each (10 million rows at city scale cost more to store
than to read): a response's `answer_codes` lists one small integer per question of its export,
in the order of `survey_questions.question_position`; a code names a row of
`survey_answer_texts` (per export: the answer's text as written and its Likert point before
reverse coding), and a blank cell is a null code. `stg_surveys__answers` unnests them back into
one row per answer, with the score (the point, reversed for a reverse-coded question).

Personal data: the `personal` columns only feed `respondent_key`, the hex SHA-256 of the salt
followed by folded names, phone digits and lowercased emails joined with "|"; they are never
copied into a table, a quarantine row or a message. Columns are not read unless the
questionnaire names them, so an unlisted column (a new "Số CCCD") is never loaded either.
Text people typed that is kept as written (an answer off the scale, an unknown group or ward,
a bad timestamp) has any phone number or e-mail address in it replaced by a marker
(`orchestration.domain.personal_data.redact`): "Gọi 0903 111 222" is kept as "Gọi [đã ẩn]".
"""

from orchestration.readers.survey.questionnaire import (
    FAMILY,
    FOLDER,
    QUESTIONNAIRE_SUFFIX,
    ROLES,
    Question,
    Questionnaire,
    QuestionnaireError,
    read_questionnaire,
)
from orchestration.readers.survey.reader import read_surveys, survey_files
from orchestration.readers.survey.respondents import respondent_key
from orchestration.readers.survey.scales import GROUPS, LIKERT, LikertError, likert_score, respondent_group
from orchestration.readers.survey.tables import (
    SURVEY_ANSWER_TEXTS_SCHEMA,
    SURVEY_QUESTIONS_SCHEMA,
    SURVEY_RESPONSES_SCHEMA,
)

__all__ = [
    "FAMILY",
    "FOLDER",
    "GROUPS",
    "LIKERT",
    "QUESTIONNAIRE_SUFFIX",
    "ROLES",
    "SURVEY_ANSWER_TEXTS_SCHEMA",
    "SURVEY_QUESTIONS_SCHEMA",
    "SURVEY_RESPONSES_SCHEMA",
    "LikertError",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "likert_score",
    "read_questionnaire",
    "read_surveys",
    "respondent_group",
    "respondent_key",
    "survey_files",
]
