"""The tables a survey export becomes, and how a response's answers are stored in them: one small
code per question, a code naming a row of the export's dictionary of answers."""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

import polars as pl

from orchestration.domain.personal_data import redact
from orchestration.domain.text import clean_text
from orchestration.readers.quarantine import Reject
from orchestration.readers.survey.questionnaire import FAMILY, Question
from orchestration.readers.survey.scales import LikertError, likert_score

VALUE_DROPPED = "value_dropped"

SURVEY_RESPONSES_SCHEMA: dict[str, pl.DataType] = {
    "survey_id": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int64,
    "response_id": pl.String,
    "respondent_key": pl.String,
    "submitted_at": pl.Datetime("us", "Asia/Ho_Chi_Minh"),
    "respondent_group": pl.String,
    "ward_code": pl.String,
    "ward_raw_unresolved": pl.String,
    "period_key": pl.String,
    # The response's answers, one code per question of the export in question_position order
    # (a code of survey_answer_texts; null for a blank cell). A list of small integers per
    # response instead of a row per answer: DuckDB stores such lists for far less than a long
    # table of one row per answer.
    "answer_codes": pl.List(pl.Int32),
}
# One row per distinct answer of an export (its dictionary): the text as written (cleaned,
# phones and e-mails redacted) and the Likert point it means before reverse coding (null for
# "Không ý kiến" and for an answer off the scale). Codes are numbered from 1 per export, in the
# order the answers first appear.
SURVEY_ANSWER_TEXTS_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "answer_code": pl.Int32,
    "answer_raw": pl.String,
    "likert_point": pl.Int64,
}
# One row per question of an export that was read (the questionnaire's questions whose column
# the export has), whether or not any response was loaded. question_position (1, 2, ...) is the
# question's place in its responses' answer_codes.
SURVEY_QUESTIONS_SCHEMA: dict[str, pl.DataType] = {
    "survey_id": pl.String,
    "source_file": pl.String,
    "question_code": pl.String,
    "question_text": pl.String,
    "task_code": pl.String,
    "reverse_coded": pl.Boolean,
    "question_position": pl.Int64,
}


ANSWER_BATCH = 200_000

# Answer cells repeat a few dozen texts millions of times: clean and redact each text once.
clean_answer = lru_cache(maxsize=8192)(clean_text)
_redact_answer = lru_cache(maxsize=8192)(redact)


class AnswerCoder:
    """Turns the answer cells of loaded responses into `answer_codes` lists, batch by batch, and
    keeps the export's dictionary of answers (`survey_answer_texts`).

    The cells of a batch come in one flat column (response by response, question by question);
    each distinct cell is cleaned, scored and redacted once per export, and its code spread over
    the column by polars, which then cuts it into one list per response."""

    def __init__(self, survey_id: str, source_file: str, questions: list[Question], positions: list[int]) -> None:
        self.survey_id = survey_id
        self.source_file = source_file
        self.questions = questions
        self.positions = positions
        self.width = len(questions)
        # A row's answer cells in question order, picked in one call (a tuple even for one).
        self.needed = max(positions, default=-1) + 1
        self.pick = (lambda cells: [cells[i] for i in positions]) if len(positions) < 2 else itemgetter(*positions)
        self.cells: list[str | None] = []
        self.lines: list[int] = []
        self.periods: list[str] = []
        self.code_lists: list[pl.Series] = []
        # Row-level notes (key (line, order)) and answer notes, to be merged in row order.
        self.answer_rejects: list[tuple[int, int, Reject]] = []
        # distinct raw cell -> (code or None for a blank cell, error message or None)
        self.lookup: dict[str, tuple[int | None, str | None]] = {}
        # the dictionary: code - 1 -> (answer_raw, Likert point before reverse coding)
        self.texts: list[tuple[str, int | None]] = []
        self._code_of: dict[tuple[str, int | None], int] = {}

    def questions_frame(self) -> pl.DataFrame:
        """survey_questions: what each position of this export's answer_codes means."""
        return pl.DataFrame(
            {
                "survey_id": [self.survey_id] * self.width,
                "source_file": [self.source_file] * self.width,
                "question_code": [q.question_code for q in self.questions],
                "question_text": [q.column for q in self.questions],
                "task_code": [q.task_code for q in self.questions],
                "reverse_coded": [q.reverse_coded for q in self.questions],
                "question_position": list(range(1, self.width + 1)),
            },
            schema=SURVEY_QUESTIONS_SCHEMA,
        )

    def texts_frame(self) -> pl.DataFrame:
        """survey_answer_texts: the answer each code of this export stands for."""
        return pl.DataFrame(
            {
                "source_file": [self.source_file] * len(self.texts),
                "answer_code": list(range(1, len(self.texts) + 1)),
                "answer_raw": [t[0] for t in self.texts],
                "likert_point": [t[1] for t in self.texts],
            },
            schema=SURVEY_ANSWER_TEXTS_SCHEMA,
        )

    def add(self, line: int, period_key: str, cells: list[str]) -> None:
        """One loaded response (its codes come out of `flush`)."""
        self.lines.append(line)
        self.periods.append(period_key)
        if len(cells) >= self.needed:
            self.cells.extend(self.pick(cells))
        else:  # a short row: its missing cells are blank answers
            n = len(cells)
            self.cells.extend([cells[i] if i < n else None for i in self.positions])
        if len(self.cells) >= ANSWER_BATCH:
            self.code_lists.append(self.flush())

    def _resolve(self, raw: str) -> tuple[int | None, str | None]:
        found = self.lookup.get(raw)
        if found is None:
            answer = clean_answer(raw)
            error, code = None, None
            try:
                point = likert_score(answer)
            except LikertError as exc:
                point, error = None, str(exc)
            if answer is not None:
                text = (_redact_answer(answer), point)
                code = self._code_of.get(text)
                if code is None:
                    self.texts.append(text)
                    code = self._code_of[text] = len(self.texts)
            found = self.lookup[raw] = (code, error)
        return found

    def flush(self) -> pl.Series:
        """answer_codes of the pending responses (one list per response, in order)."""
        count, width = len(self.lines), self.width
        if width == 0:
            self.cells, self.lines, self.periods = [], [], []
            return pl.Series("answer_codes", [[]] * count, dtype=pl.List(pl.Int32))
        raw = pl.Series("raw", self.cells, dtype=pl.String)
        self.cells = []
        distinct = raw.drop_nulls().unique(maintain_order=True).to_list()
        resolved = [self._resolve(r) for r in distinct]
        # Each cell's position among the distinct texts, then its code gathered from the few
        # resolved ones (null cell, null index: null code).
        if distinct:
            # An Enum of the distinct texts numbers them in that order (null stays null): half the
            # time of replace_strict on 2 million cells.
            index = raw.cast(pl.Enum(distinct)).to_physical()
            codes = pl.Series([r[0] for r in resolved], dtype=pl.Int32).gather(index)
        else:
            codes = pl.repeat(None, raw.len(), dtype=pl.Int32, eager=True)
        bad = [r for r, (_, err) in zip(distinct, resolved) if err is not None]
        if bad:
            positions = raw.is_in(bad).arg_true().to_list()
            raw_values = raw.gather(positions).to_list() if positions else []
            for pos, cell in zip(positions, raw_values):
                row, q = divmod(pos, width)
                line = self.lines[row]
                answer = clean_answer(cell)
                question = self.questions[q]
                reason = self.lookup[cell][1]
                self.answer_rejects.append(
                    (
                        line,
                        1 + q,
                        Reject(
                            FAMILY,
                            self.source_file,
                            f"{reason}; the answer is kept without a score",
                            source_row=line,
                            source_column=question.column,
                            raw_value=redact(answer),
                            period_key=self.periods[row],
                            action=VALUE_DROPPED,
                        ),
                    )
                )
        self.lines = []
        self.periods = []
        if count == 0:
            return pl.Series("answer_codes", [], dtype=pl.List(pl.Int32))
        return codes.reshape((count, width)).cast(pl.List(pl.Int32)).alias("answer_codes")
