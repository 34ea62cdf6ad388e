"""Every survey export of the inbox, each read through its questionnaire, into the three survey
tables; a file that cannot be used is refused with a reason and never stops the others."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from orchestration.formats.csv_files import CsvFileError
from orchestration.formats.inbox import InboxFileError, check_regular_file, inbox_files, source_name
from orchestration.readers import ReadResult
from orchestration.readers.quarantine import Reject
from orchestration.readers.survey.export import read_export
from orchestration.readers.survey.questionnaire import (
    FAMILY,
    FOLDER,
    QUESTIONNAIRE_SUFFIX,
    QuestionnaireError,
    read_questionnaire,
)
from orchestration.readers.survey.tables import (
    SURVEY_ANSWER_TEXTS_SCHEMA,
    SURVEY_QUESTIONS_SCHEMA,
    SURVEY_RESPONSES_SCHEMA,
)


def _exports(inbox: Path) -> list[Path]:
    """Every file of `surveys/` but the questionnaires: exports, and anything else to refuse.

    A questionnaire is read with its export, never alone. A file that is not CSV (a Forms
    export saved as .xlsx), a link or a FIFO is listed so that it is refused with a reason,
    not skipped in silence (formats/inbox.py).
    """
    return [
        path
        for path, _ in inbox_files(inbox, FOLDER)
        if not (path.name.lower().endswith(QUESTIONNAIRE_SUFFIX) and not path.is_symlink())
    ]


def _orphan_questionnaires(inbox: Path, exports: list[Path]) -> list[Path]:
    """Questionnaires with no export beside them: nothing is read, which is said, not hidden."""
    expected = {p.with_name(p.stem + QUESTIONNAIRE_SUFFIX) for p in exports}
    return [
        path
        for path, _ in inbox_files(inbox, FOLDER)
        if path.name.lower().endswith(QUESTIONNAIRE_SUFFIX) and not path.is_symlink() and path not in expected
    ]


def survey_files(inbox: Path) -> dict[str, list[Path]]:
    """What `read_surveys` reads, by source_file: each export with the questionnaire it is read
    through (its rows depend on both), and each questionnaire with no export (it is reported)."""
    exports = _exports(inbox)
    files = {source_name(p, inbox): [p, p.with_name(p.stem + QUESTIONNAIRE_SUFFIX)] for p in exports}
    files |= {source_name(p, inbox): [p] for p in _orphan_questionnaires(inbox, exports)}
    return files


def read_surveys(inbox: Path, salt: str, only: Collection[str] | None = None) -> ReadResult:
    """Read every export in `inbox/surveys/` into `survey_responses` (with each response's
    answer_codes), `survey_answer_texts` (what the codes stand for) and `survey_questions`.

    `only` (inbox-relative names) limits the run to those exports and orphan questionnaires:
    an incremental run reads just what is new or changed (warehouse/file_index.py)."""
    if not salt:
        raise ValueError("the respondent salt is empty: the respondent key would be an unsalted hash")
    response_frames: list[pl.DataFrame] = []
    text_frames: list[pl.DataFrame] = []
    question_frames: list[pl.DataFrame] = []
    rejects: list[Reject] = []
    counts: dict[str, tuple[int, int, int]] = {}
    exports = _exports(inbox)
    chosen = None if only is None else set(only)

    def wanted(path: Path) -> bool:
        return chosen is None or source_name(path, inbox) in chosen

    for path in filter(wanted, exports):
        source_file = source_name(path, inbox)
        questionnaire_path = path.with_name(path.stem + QUESTIONNAIRE_SUFFIX)
        try:
            check_regular_file(path, inbox)
            if path.suffix.lower() != ".csv":
                raise CsvFileError(
                    f"a survey export must be a CSV file (Forms: 'Download responses (.csv)'), "
                    f"got {path.suffix or 'a name without extension'}"
                )
            questionnaire = read_questionnaire(questionnaire_path)
            outcome = read_export(path, source_file, questionnaire, salt)
        except InboxFileError as exc:
            rejects.append(Reject(FAMILY, source_file, reason=f"file refused: {exc}"))
            counts[source_file] = (0, 0, 0)
            continue
        except (QuestionnaireError, CsvFileError) as exc:
            rejects.append(Reject(FAMILY, source_file, reason=f"file refused: {exc}"))
            counts[source_file] = (0, 0, 0)
            continue
        response_frames.append(outcome.response_frame)
        text_frames.append(outcome.answer_texts)
        question_frames.append(outcome.questions)
        rejects += outcome.rejects
        counts[source_file] = (outcome.read, outcome.loaded, outcome.rejected)
    for path in filter(wanted, _orphan_questionnaires(inbox, exports)):
        source_file = source_name(path, inbox)
        rejects.append(
            Reject(
                FAMILY,
                source_file,
                reason="file refused: a questionnaire with no export beside it "
                f"(expected {path.name[: -len(QUESTIONNAIRE_SUFFIX)]}.csv): nothing to read",
            )
        )
        counts[source_file] = (0, 0, 0)
    return ReadResult.build(
        {
            "survey_responses": pl.concat(response_frames)
            if response_frames
            else pl.DataFrame(schema=SURVEY_RESPONSES_SCHEMA),
            "survey_answer_texts": pl.concat(text_frames)
            if text_frames
            else pl.DataFrame(schema=SURVEY_ANSWER_TEXTS_SCHEMA),
            "survey_questions": pl.concat(question_frames)
            if question_frames
            else pl.DataFrame(schema=SURVEY_QUESTIONS_SCHEMA),
        },
        rejects,
        counts,
    )
