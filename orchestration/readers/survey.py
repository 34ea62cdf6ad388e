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
(`orchestration.lib.personal_data.redact`): "Gọi 0903 111 222" is kept as "Gọi [đã ẩn]".
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

from orchestration.lib.csv_files import CsvFileError, check_csv_bounds, decode_utf8
from orchestration.lib.dates import DateFormatError, parse_datetime, to_hcm
from orchestration.lib.inbox import InboxFileError, check_regular_file, inbox_files, source_name
from orchestration.lib.periods import FIRST_PERIOD, LAST_PERIOD, period_for_date
from orchestration.lib.personal_data import redact
from orchestration.lib.quarantine import Reject
from orchestration.lib.text import clean_text, fold_key
from orchestration.lib.unit_matching import resolve_ward
from orchestration.readers import ReadResult

FAMILY = "surveys"
FOLDER = "surveys"
QUESTIONNAIRE_SUFFIX = ".questions.csv"
ROLES = ("question", "timestamp", "group", "ward", "personal", "ignore")
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
    # response instead of a row per answer: DuckDB stores 10 million codes in about 0.4 s of
    # CPU, against about 1.5 s for a narrow long table of integers and 2.7 s for the rows of
    # text the answers were before.
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

GROUPS: dict[str, list[str]] = {
    "Phụ huynh": ["phụ huynh học sinh", "cha mẹ học sinh", "cha mẹ", "PHHS", "CMHS"],
    "Giáo viên": ["GV", "nhà giáo"],
    "Học sinh": ["HS"],
    "Cán bộ quản lý": ["CBQL", "cán bộ quản lý giáo dục"],
    "Người dân": ["công dân"],
    "Chuyên gia": ["nhà khoa học"],
}
_GROUP_BY_KEY = {fold_key(a): g for g, aliases in GROUPS.items() for a in [g, *aliases]}

LIKERT: dict[str, int] = {
    "hoàn toàn không đồng ý": 1,
    "rất không đồng ý": 1,
    "không đồng ý": 2,
    "phân vân": 3,
    "bình thường": 3,
    "trung lập": 3,
    "đồng ý": 4,
    "hoàn toàn đồng ý": 5,
    "rất đồng ý": 5,
}
_LIKERT_BY_KEY = {fold_key(k): v for k, v in LIKERT.items()}
NO_OPINION = {fold_key(t) for t in ("Không ý kiến", "Không có ý kiến")}
_DIGIT = re.compile(r"^([1-5])(?:[.,]0+)?$")
_DIGIT_THEN_WORDS = re.compile(r"^([1-5]) (.+)$")
_WORDS_THEN_DIGIT = re.compile(r"^(.+) ([1-5])$")
_TASK = re.compile(r"^(?:nhiem vu |nv )?2 (\d{1,2})$")
_TRUE = {"true", "1", "yes", "x", "co", "dung"}
_FALSE = {"false", "0", "no", "khong", "sai"}


class QuestionnaireError(ValueError):
    """The questionnaire beside an export is missing or cannot be used; the message says why."""


class LikertError(ValueError):
    """An answer that is not a point on the five-point scale."""


@lru_cache(maxsize=4096)  # an export holds a few dozen distinct answers over millions of cells
def likert_score(value: object) -> int | None:
    """The raw 1..5 point an answer means, before reverse coding; None for blank/no opinion.

    Accepts the scale's words in any case and with or without diacritics, the digits 1..5
    ("4", "4.0"), and both together when they agree ("4 - Đồng ý", "Đồng ý (4)").
    """
    text = clean_text(value)
    if text is None:
        return None
    if match := _DIGIT.match(text):
        return int(match[1])
    key = fold_key(text) or ""
    if key in NO_OPINION:
        return None
    if key in _LIKERT_BY_KEY:
        return _LIKERT_BY_KEY[key]
    for pattern, digit_group, words_group in ((_DIGIT_THEN_WORDS, 1, 2), (_WORDS_THEN_DIGIT, 2, 1)):
        if match := pattern.match(key):
            digit, words = int(match[digit_group]), match[words_group]
            if words not in _LIKERT_BY_KEY:
                break
            if _LIKERT_BY_KEY[words] != digit:
                raise LikertError(f"the number {digit} and the words disagree on the scale")
            return digit
    raise LikertError(
        "not a point on the five-point scale: expected 1-5 or Hoàn toàn không đồng ý / "
        "Không đồng ý / Phân vân / Đồng ý / Hoàn toàn đồng ý, or Không ý kiến"
    )


def respondent_group(value: object) -> str | None:
    """One of the six canonical groups, or None when the written value is not one of them."""
    return _GROUP_BY_KEY.get(fold_key(value) or "")


# ---------------------------------------------------------------- personal data -> key


@lru_cache(maxsize=256)
def _personal_kind(header: str) -> str:
    key = fold_key(header) or ""
    if "mail" in key or "thu dien tu" in key:
        return "email"
    if any(w in key for w in ("dien thoai", "sdt", "so dt", "phone", "di dong", "zalo")):
        return "phone"
    if any(w in key for w in ("ho ten", "ho va ten", "ten", "name")):
        return "name"
    return "other"


def _normalise_personal(kind: str, value: object) -> str:
    text = clean_text(value)
    if text is None:
        return ""
    if kind == "email":
        return text.replace(" ", "").lower()
    if kind == "phone":
        digits = re.sub(r"\D", "", text)
        # +84 912 345 678 and 0912 345 678 are the same number.
        if digits.startswith("84") and len(digits) in (11, 12):
            digits = "0" + digits[2:]
        return digits
    return fold_key(text) or ""


def respondent_key(salt: str, personal: list[tuple[str, object]]) -> str | None:
    """Salted SHA-256 of the respondent's (header, value) personal cells; None when all are blank.

    Names come first, then phones, then emails, then any other personal column, each group in
    questionnaire order, so the key does not depend on the export's column order.
    """
    order = {"name": 0, "phone": 1, "email": 2, "other": 3}
    parts = sorted(
        ((order[_personal_kind(h)], i, _normalise_personal(_personal_kind(h), v)) for i, (h, v) in enumerate(personal)),
    )
    return _salted_key(salt, [p[2] for p in parts])


def _salted_key(salt: str, values: list[str]) -> str | None:
    """Hex SHA-256 of the salt and the normalised personal values; None when all are blank.
    (`_respondent_keys` computes the same, column by column, for the one-line-record path.)"""
    if not any(values):
        return None
    return hashlib.sha256((salt + "|".join(values)).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- questionnaire


@dataclass(frozen=True)
class Question:
    column: str
    question_code: str
    task_code: str | None
    reverse_coded: bool


@dataclass
class Questionnaire:
    roles: dict[str, str] = field(default_factory=dict)  # cleaned column -> role
    questions: list[Question] = field(default_factory=list)

    def columns(self, role: str) -> list[str]:
        return [c for c, r in self.roles.items() if r == role]


def _records(text: str) -> list[tuple[int, list[str]]]:
    """(line on which the record starts, cells) for every CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out, line = [], 1
    for cells in reader:
        out.append((line, cells))
        line = reader.line_num + 1
    return out


def read_questionnaire(path: Path) -> Questionnaire:
    """Parse and check a questionnaire file; raises QuestionnaireError naming the file and row."""
    name = path.name
    if not path.is_file():
        raise QuestionnaireError(
            f"the questionnaire {name} is missing: the Office writes it beside each export "
            "(header column,role,question_code,task_code,reverse_coded)"
        )
    try:
        records = _records(decode_utf8(path))
    except CsvFileError as exc:
        raise QuestionnaireError(f"the questionnaire {name} cannot be read: {exc}") from None
    header = [(fold_key(c) or "").replace(" ", "_") for c in records[0][1]]
    if "column" not in header or "role" not in header:
        raise QuestionnaireError(
            f"the questionnaire {name} must have the header column,role,question_code,task_code,reverse_coded"
        )
    result, problems, codes = Questionnaire(), [], set()
    for line, cells in records[1:]:
        row = dict(zip(header, cells))
        if not any(clean_text(c) for c in cells):
            continue
        column = clean_text(row.get("column"))
        role = (fold_key(row.get("role")) or "").replace(" ", "_")
        where = f"line {line}"
        if column is None:
            problems.append(f"{where}: the column is empty")
            continue
        if column in result.roles:
            problems.append(f"{where}: the column {column!r} is listed twice")
            continue
        if role not in ROLES:
            problems.append(f"{where}: role {row.get('role')!r} is not one of {', '.join(ROLES)}")
            continue
        result.roles[column] = role
        if role != "question":
            continue
        code = clean_text(row.get("question_code"))
        task_raw = clean_text(row.get("task_code"))
        task_match = _TASK.match(fold_key(task_raw) or "") if task_raw else None
        reverse = fold_key(row.get("reverse_coded")) or "false"
        if code is None:
            problems.append(f"{where}: the question {column!r} has no question_code")
        elif code in codes:
            problems.append(f"{where}: question_code {code!r} is used twice")
        if task_raw is not None and (task_match is None or not 1 <= int(task_match[1]) <= 15):
            problems.append(f"{where}: task_code {task_raw!r} is not a task 2.1 .. 2.15")
        if reverse not in _TRUE | _FALSE:
            problems.append(f"{where}: reverse_coded {row.get('reverse_coded')!r} is not true or false")
        if code is not None:
            codes.add(code)
            result.questions.append(
                Question(
                    column=column,
                    question_code=code,
                    task_code=f"2.{int(task_match[1])}" if task_match else None,
                    reverse_coded=reverse in _TRUE,
                )
            )
    for role in ("timestamp", "group", "ward"):
        found = result.columns(role)
        if role == "timestamp" and len(found) != 1:
            problems.append(f"exactly one column must have the role timestamp, found {len(found)}")
        elif len(found) > 1:
            problems.append(f"at most one column may have the role {role}, found {len(found)}")
    if problems:
        raise QuestionnaireError(f"the questionnaire {name} is invalid: " + "; ".join(problems[:5]))
    return result


# ---------------------------------------------------------------- one export


ANSWER_BATCH = 200_000

# Answer cells repeat a few dozen texts millions of times: clean and redact each text once.
_clean_answer = lru_cache(maxsize=8192)(clean_text)
_redact_answer = lru_cache(maxsize=8192)(redact)
_respondent_group_cached = lru_cache(maxsize=4096)(respondent_group)


def _iter_records(path: Path):
    """(line on which the record starts, cells) for every CSV record of a file `decode_utf8`
    accepted, read from the file one record at a time (the same text `_records` would parse)."""
    # O_NOFOLLOW: `decode_utf8` refused links; a file swapped for one since is not followed either.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with open(fd, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        line = 1
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1


@dataclass
class _FileOutcome:
    # survey_responses, column by column (a dict per response would cost far more).
    responses: dict[str, list[object]] = field(default_factory=lambda: {c: [] for c in SURVEY_RESPONSES_SCHEMA})
    loaded: int = 0
    text_frames: list[pl.DataFrame] = field(default_factory=list)
    question_frames: list[pl.DataFrame] = field(default_factory=list)
    # survey_responses as frames, batch by batch (the column-wise reader).
    response_frames: list[pl.DataFrame] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    read: int = 0
    rejected: int = 0


class _AnswerCoder:
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
        self.cells: list[str | None] | pl.Series = []
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
        """One loaded response of the record reader (its codes come out of `flush`)."""
        self.lines.append(line)
        self.periods.append(period_key)
        n = len(cells)
        self.cells.extend([cells[i] if i < n else None for i in self.positions])
        if len(self.cells) >= ANSWER_BATCH:
            self.code_lists.append(self.flush())

    def _resolve(self, raw: str) -> tuple[int | None, str | None]:
        found = self.lookup.get(raw)
        if found is None:
            answer = _clean_answer(raw)
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
                answer = _clean_answer(cell)
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


def _read_export_by_record(path: Path, source_file: str, questionnaire: Questionnaire, salt: str) -> _FileOutcome:
    """Record by record, for any file Python's csv module reads (a quoted value spanning lines, a
    lone carriage return); raises CsvFileError / QuestionnaireError for a file refused whole."""
    out = _FileOutcome()
    survey_id = path.stem
    # Refuses an empty, UTF-16, binary or non-UTF-8 file as before; the records are then read
    # from the file one at a time instead of from the whole decoded text.
    decode_utf8(path)
    records = _iter_records(path)
    headers = [clean_text(h) for h in next(records)[1]]

    def note(column: str, reason: str, row: int | None = None, raw: object = None, period: str | None = None) -> Reject:
        return Reject(
            FAMILY,
            source_file,
            reason,
            source_row=row,
            source_column=column,
            raw_value=redact(raw),
            period_key=period,
            action=VALUE_DROPPED,
        )

    position: dict[str, int] = {}
    for index, header in enumerate(headers):
        if header is None:
            body = _iter_records(path)
            next(body)
            if any(clean_text(cells[index]) for _, cells in body if index < len(cells)):
                out.rejects.append(
                    note(
                        f"(column {index + 1}, no header)",
                        "column not in the questionnaire: it has no header; its values are ignored",
                    )
                )
            continue
        if header in position:
            raise QuestionnaireError(
                f"two columns of the export are headed {header!r}: the questionnaire cannot tell them apart"
            )
        position[header] = index
        if header not in questionnaire.roles:
            out.rejects.append(note(header, "column not in the questionnaire; its values are ignored"))
    for column, role in questionnaire.roles.items():
        if column not in position:
            if role == "timestamp":
                raise QuestionnaireError(
                    f"the timestamp column {column!r} named by the questionnaire is not in the export"
                )
            out.rejects.append(
                note(column, f"listed in the questionnaire (role {role}) but not a column of the export")
            )

    timestamp_col = questionnaire.columns("timestamp")[0]
    group_col = next((c for c in questionnaire.columns("group") if c in position), None)
    ward_col = next((c for c in questionnaire.columns("ward") if c in position), None)
    personal_cols = [c for c in questionnaire.columns("personal") if c in position]
    questions = [q for q in questionnaire.questions if q.column in position]
    width = len(headers)
    timestamp_index = position[timestamp_col]
    group_index = position[group_col] if group_col is not None else None
    ward_index = position[ward_col] if ward_col is not None else None
    personal_indexes = [position[c] for c in personal_cols]
    coder = _AnswerCoder(survey_id, source_file, questions, [position[q.column] for q in questions])
    row_rejects: list[tuple[int, int, Reject]] = []

    # `respondent_key`, with the headers classified and ordered once per file. Names repeat,
    # so their folded form is remembered for this file only (personal data is not kept in a
    # module-level cache).
    kind_order = {"name": 0, "phone": 1, "email": 2, "other": 3}
    kinds = [_personal_kind(c) for c in personal_cols]
    key_plan = [
        (kinds[i], personal_indexes[i]) for i in sorted(range(len(kinds)), key=lambda i: (kind_order[kinds[i]], i))
    ]
    names: dict[object, str] = {}

    def key_of(cells: list[str], n: int) -> str | None:
        values = []
        for kind, index in key_plan:
            value = cells[index] if index < n else None
            if kind == "name":
                folded = names.get(value)
                if folded is None:
                    if len(names) > 100_000:
                        names.clear()
                    folded = names[value] = _normalise_personal(kind, value)
                values.append(folded)
            else:
                values.append(_normalise_personal(kind, value))
        return _salted_key(salt, values)

    group_reason = (
        f"unknown respondent group; expected one of {', '.join(GROUPS)}; the response is loaded without a group"
    )

    columns = out.responses
    add_row_number = columns["source_row"].append
    add_key = columns["respondent_key"].append
    add_submitted = columns["submitted_at"].append
    add_group = columns["respondent_group"].append
    add_ward = columns["ward_code"].append
    add_unresolved = columns["ward_raw_unresolved"].append
    add_period = columns["period_key"].append

    for line, cells in records:
        if not any(clean_text(c) for c in cells):
            continue
        out.read += 1
        n = len(cells)

        extra = [c for c in cells[width:] if clean_text(c)]
        stamp_raw = clean_text(cells[timestamp_index] if timestamp_index < n else None)
        reason, period, submitted = None, None, None
        if extra:
            reason = f"the row has {len(cells)} cells with values beyond the {width} columns of the header"
        else:
            try:
                parsed = parse_datetime(stamp_raw)
                if parsed is None:
                    reason = "the timestamp is empty"
                else:
                    submitted = to_hcm(parsed)
                    period = period_for_date(submitted)
                    if period is None:
                        reason = (
                            f"submitted on {submitted:%d/%m/%Y}, outside every reporting window "
                            f"({FIRST_PERIOD} to {LAST_PERIOD})"
                        )
            except DateFormatError as exc:
                reason = f"the timestamp is not a date and time: {exc}"
        if reason is not None:
            out.rejected += 1
            row_rejects.append(
                (
                    line,
                    0,
                    Reject(
                        FAMILY,
                        source_file,
                        reason,
                        source_row=line,
                        source_column=timestamp_col,
                        raw_value=None if extra else redact(stamp_raw),
                    ),
                )
            )
            continue

        group = None
        if (
            group_index is not None
            and (group_raw := _clean_answer(cells[group_index] if group_index < n else None)) is not None
        ):
            group = _respondent_group_cached(group_raw)
            if group is None:
                row_rejects.append((line, 0, note(group_col, group_reason, line, group_raw, period.key)))
        ward_code = ward_unresolved = None
        if (
            ward_index is not None
            and (ward_raw := _clean_answer(cells[ward_index] if ward_index < n else None)) is not None
        ):
            match = resolve_ward(ward_raw)
            if match is None:
                ward_unresolved = redact(ward_raw)
            else:
                ward_code = match.unit_code
        out.loaded += 1
        add_row_number(line)
        add_key(key_of(cells, n))
        add_submitted(submitted)
        add_group(group)
        add_ward(ward_code)
        add_unresolved(ward_unresolved)
        add_period(period.key)
        coder.add(line, period.key, cells)
    coder.code_lists.append(coder.flush())
    out.text_frames = [coder.texts_frame()]
    out.question_frames = [coder.questions_frame()]
    columns["answer_codes"] = pl.concat(coder.code_lists)
    columns["survey_id"] = [survey_id] * out.loaded
    columns["source_file"] = [source_file] * out.loaded
    columns["response_id"] = [f"{survey_id}:{line}" for line in columns["source_row"]]
    out.response_frames = [pl.DataFrame(columns, schema=SURVEY_RESPONSES_SCHEMA)]
    # Group notes and row rejects come before the answer notes of the same row, which follow
    # in question order: the order in which the row-by-row reader wrote them.
    merged = row_rejects + coder.answer_rejects
    merged.sort(key=lambda item: (item[0], item[1]))
    out.rejects += [r for _, _, r in merged]
    return out


# ---------------------------------------------------------------- one export, column by column
#
# The record-by-record reader above handles every cell as a Python object (1.5 µs an answer).
# Most exports are simpler than what Python's csv module allows: no value spans two lines and
# no carriage return stands alone. Then each line is one record, a line without a quote is its
# cells joined by commas, and the export can be read as columns: a batch of lines at a time,
# split and picked apart by polars, with Python only for what repeats little (each distinct
# answer, group, ward and name once) and for the rare line that has quotes (Python's csv
# module parses it, so "a, ""b""" means what it meant). A file this path cannot read exactly
# raises _NeedsRecordReader before anything is kept, and the record reader reads it instead;
# the two give the same tables, quarantine rows and counts (tests/unit/test_survey.py).

# Bytes of whole lines per batch: about 100,000 responses of 20 questions, so that memory
# follows the batch, not the export (the output still holds every answer, as a code: 4 bytes).
LINE_BATCH_BYTES = 32 << 20
HCM_ZONE = "Asia/Ho_Chi_Minh"
# dd/mm/yyyy HH:MM:SS in ASCII digits, as Google Forms writes it: the common case of
# `parse_datetime`'s _DMY. Anything else (another form, Unicode digits, spaces to clean, a
# date that does not exist) is parsed by `parse_datetime` itself, value by value.
_FAST_STAMP = r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-5][0-9]:[0-5][0-9]$"
# Years whose Hanoi offset is +07:00 without exception (no transition since 1975), so that
# polars' and zoneinfo's readings of a wall-clock time cannot differ.
_FAST_YEARS = (1976, 2099)
# Printable ASCII and the space: text `clean_text` changes only by folding and stripping spaces.
_PRINTABLE_ASCII = r"^[\x20-\x7E]*$"


class _NeedsRecordReader(Exception):  # noqa: N818 (a signal, not an error)
    """The export holds a record spanning lines or a lone carriage return: read it record by record."""


# Python's whitespace (str.isspace: Unicode's space separators and the characters of
# bidirectional class WS, B or S) ends at U+3000, the ideographic space: looking below it finds
# them all without testing the other million code points (0.25 s of CPU on each read).
# tests/unit/test_survey.py checks it against every code point of this Python's Unicode.
_WHITESPACE_END = 0x3001


@lru_cache(maxsize=1)
def _blank_class() -> str:
    """A regex character class of what `clean_text` reduces to nothing: Python's whitespace
    (what str.strip removes) and the odd spaces it turns into spaces (\\u200b is not whitespace)."""
    chars = {chr(c) for c in range(_WHITESPACE_END) if chr(c).isspace()} | set(
        "\u00a0\u2007\u202f\u200b\u2060\ufeff\t\r\n"
    )
    return "".join(f"\\x{{{ord(c):x}}}" for c in sorted(chars))


def _line_batches(path: Path) -> Iterator[tuple[int, pl.Series]]:
    """(line number of the first line, lines) for batches of whole lines of a UTF-8 export.

    The lines are a polars String Series decoded and split by polars from the batch's bytes: no
    Python string of the batch nor per line (they cost about 0.8 s of CPU on 500,000 responses).

    Refuses what `decode_utf8` refuses, with its message (empty, UTF-16, a workbook, NUL bytes,
    not UTF-8): on any doubt it calls `decode_utf8`, which raises. Raises _NeedsRecordReader on a
    lone carriage return; "\\r\\n" ends a line like "\\n", as in Python's csv module."""
    # O_NOFOLLOW: the inbox check refused links; a file swapped for one since is not followed.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    line, carry, first, nonblank = 1, b"", True, False
    with open(fd, "rb") as handle:
        while True:
            chunk = handle.read(LINE_BATCH_BYTES)
            data = carry + chunk
            if not data:
                break
            check_csv_bounds(data, line, header=first)  # before a line grows past the bound
            end = len(data) if not chunk else data.rfind(b"\n") + 1
            if end == 0:  # no line break yet in a long line: read on
                carry = data
                continue
            part, carry = data[:end], data[end:]
            lines = None
            if not (b"\x00" in part or (first and part.startswith((b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04")))):
                # Decoded and checked by polars (strict UTF-8, as Python's decoder): no Python
                # string of the batch, and none per line.
                body = part[len(codecs.BOM_UTF8) :] if first and part.startswith(codecs.BOM_UTF8) else part
                try:
                    lines = _split_lines(body)
                except pl.exceptions.ComputeError:
                    lines = None
            if lines is None:
                decode_utf8(path)  # raises CsvFileError with the message the whole-file check gives
                raise _NeedsRecordReader
            first = False
            nonblank = nonblank or not part.isspace()
            if b"\r" in part and part.count(b"\r") != part.count(b"\r\n"):
                raise _NeedsRecordReader
            del body
            yield line, lines
            line += len(lines)
            if not chunk:
                break
    if not nonblank:
        decode_utf8(path)  # "the file is empty"
        raise _NeedsRecordReader


def _split_lines(body: bytes) -> pl.Series:
    """The lines of `body` (whole lines of UTF-8 without NUL, each carriage return followed by a
    line break), as `body.decode().split("\\n")` would give them without the empty string after a
    last line break and with "\\r\\n" ending a line like "\\n"; raises ComputeError on bytes that
    are not UTF-8.

    polars' CSV reader splits them, with NUL (absent) as the separator and no quoting, so each
    line is one field: 6-7 times faster than splitting the batch's text (0.15 against 1.1 s of
    CPU on a 162 MiB export). It reads an empty line as null (made "" here), drops the "\\r" of
    "\\r\\n" and a byte-order mark at the start of what it reads: a body starting with one (a
    second mark at the top of the file, or a line that starts with one at a batch's start) is
    split the slow way, which keeps it."""
    if not body or body.startswith(codecs.BOM_UTF8):
        lines = pl.Series("text", [body], dtype=pl.Binary).cast(pl.String).str.split("\n").explode()
        if b"\r" in body:
            lines = lines.str.strip_suffix("\r")
        return lines.head(-1) if body.endswith(b"\n") else lines
    frame = pl.read_csv(
        io.BytesIO(body),
        has_header=False,
        separator="\x00",
        quote_char=None,
        comment_prefix=None,
        schema={"text": pl.String},
        eol_char="\n",
        raise_if_empty=False,
    )
    return frame.to_series().fill_null("")


def _parse_quoted(line: str) -> list[str]:
    """The cells of a line holding a quote, as Python's csv module reads them; raises
    _NeedsRecordReader when the line ends inside a quoted value (the record goes on)."""
    reader = csv.reader((line, ""))
    cells = next(reader)
    if reader.line_num != 1:
        raise _NeedsRecordReader
    return cells


@dataclass
class _ExportPlan:
    """Which column of the export plays which role, from its header and questionnaire."""

    headers: list[str | None]
    position: dict[str, int]
    header_notes: list[tuple[int | None, Reject]]  # (index of a headerless column, else None; note)
    timestamp_col: str
    group_col: str | None
    ward_col: str | None
    personal_cols: list[str]
    questions: list[Question]

    @property
    def width(self) -> int:
        return len(self.headers)

    def index(self, column: str | None) -> int | None:
        return None if column is None else self.position[column]


def _plan_export(headers: list[str | None], questionnaire: Questionnaire, source_file: str) -> _ExportPlan:
    """The export's columns against its questionnaire, with the notes `_read_export_by_record`
    writes for them (a headerless column's note is kept only if the column has a value)."""

    def note(column: str, reason: str) -> Reject:
        return Reject(FAMILY, source_file, reason, source_column=column, action=VALUE_DROPPED)

    position: dict[str, int] = {}
    notes: list[tuple[int | None, Reject]] = []
    for index, header in enumerate(headers):
        if header is None:
            notes.append(
                (
                    index,
                    note(
                        f"(column {index + 1}, no header)",
                        "column not in the questionnaire: it has no header; its values are ignored",
                    ),
                )
            )
            continue
        if header in position:
            raise QuestionnaireError(
                f"two columns of the export are headed {header!r}: the questionnaire cannot tell them apart"
            )
        position[header] = index
        if header not in questionnaire.roles:
            notes.append((None, note(header, "column not in the questionnaire; its values are ignored")))
    for column, role in questionnaire.roles.items():
        if column not in position:
            if role == "timestamp":
                raise QuestionnaireError(
                    f"the timestamp column {column!r} named by the questionnaire is not in the export"
                )
            notes.append(
                (None, note(column, f"listed in the questionnaire (role {role}) but not a column of the export"))
            )
    return _ExportPlan(
        headers=headers,
        position=position,
        header_notes=notes,
        timestamp_col=questionnaire.columns("timestamp")[0],
        group_col=next((c for c in questionnaire.columns("group") if c in position), None),
        ward_col=next((c for c in questionnaire.columns("ward") if c in position), None),
        personal_cols=[c for c in questionnaire.columns("personal") if c in position],
        questions=[q for q in questionnaire.questions if q.column in position],
    )


def _distinct_map(values: pl.Series, function, dtype: pl.DataType) -> pl.Series:
    """`function` applied once per distinct non-null value, spread back over the column (null
    stays null)."""
    distinct = values.drop_nulls().unique(maintain_order=True)
    if distinct.len() == 0:
        return pl.repeat(None, values.len(), dtype=dtype, eager=True)
    mapped = [function(v) for v in distinct.to_list()]
    return values.replace_strict(distinct, pl.Series(mapped, dtype=dtype), default=None, return_dtype=dtype)


def _fast_timestamps(raw: pl.Series) -> pl.Series:
    """Aware datetimes (Hanoi) of the values in the common dd/mm/yyyy HH:MM:SS form; null for
    every other value, which `parse_datetime` then reads."""
    common = raw.str.contains(_FAST_STAMP).fill_null(False)
    # strict=False: a day that does not exist (31/02) or hour 24 is null here, and
    # parse_datetime says why; the pattern keeps out what chrono would read more loosely
    # than parse_datetime (spaces, one-digit minutes, the leap second 60).
    naive = raw.str.to_datetime("%d/%m/%Y %H:%M:%S", strict=False, time_unit="us")
    naive = pl.select(
        pl.when(pl.lit(common) & pl.lit(naive).dt.year().is_between(*_FAST_YEARS)).then(pl.lit(naive))
    ).to_series()
    return naive.dt.replace_time_zone(HCM_ZONE, ambiguous="null", non_existent="null")


# What `fold_key` does to a name, done by polars on a whole column: đ/Đ to d/D, NFD, the
# combining marks dropped, lowercase, every run of anything but a-z and 0-9 one space, ends
# stripped. Exact on text made of _FOLDABLE characters only (printable ASCII, the Latin letters
# with diacritics of Vietnamese and its neighbours, the combining marks of NFD text; U+034F, a
# mark Python keeps, left out): tests/unit/test_survey_fold.py folds every one of them both ways.
# Any other value is folded by `fold_key` itself, once per distinct value.
_COMBINING = "[\u0300-\u034e\u0350-\u036f]"
_FOLDABLE = "^[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff\u0300-\u034e\u0350-\u036f]*$"


def _fold_column(raw: pl.Series) -> pl.Series:
    """`fold_key(v) or ""` of each value made of _FOLDABLE characters (null stays null)."""
    return (
        raw.str.replace_all("đ", "d", literal=True)
        .str.replace_all("Đ", "D", literal=True)
        .str.normalize("NFD")
        .str.replace_all(_COMBINING, "")
        .str.to_lowercase()
        .str.replace_all("[^0-9a-z]+", " ")
        .str.strip_chars(" ")
    )


def _fold_names(values: pl.Series) -> pl.Series:
    """`_normalise_personal` of names (and other personal columns): `fold_key(v) or ""`, by
    polars for values of _FOLDABLE characters, by `fold_key` for the rest."""
    simple = values.str.contains(_FOLDABLE).fill_null(True)
    folded = _fold_column(values)
    if simple.all():
        return folded
    slow = pl.Series(
        [None if s else fold_key(v) or "" for v, s in zip(values.to_list(), simple.to_list())], dtype=pl.String
    )
    return folded.zip_with(simple, slow)


def _distinct_apply(values: pl.Series, function) -> pl.Series:
    """`function` (Series -> String Series of the same length) applied to the distinct non-null
    values once, spread back over the column (null stays null)."""
    distinct = values.drop_nulls().unique(maintain_order=True)
    if distinct.len() == 0:
        return pl.repeat(None, values.len(), dtype=pl.String, eager=True)
    return values.replace_strict(distinct, function(distinct), default=None, return_dtype=pl.String)


def _sha256_hex(texts: pl.Series, blank: pl.Series) -> pl.Series:
    """Hex SHA-256 of each text's UTF-8 bytes (as hashlib), null where `blank`; by DuckDB, in
    memory: the salted text is never written to a file. The connection has no temporary
    directory, so that it cannot spill the personal values to disk whatever its memory use (a
    projection streams; it would fail rather than write)."""
    import duckdb

    frame = pl.DataFrame({"text": texts, "blank": blank})  # noqa: F841 (read by DuckDB by name)
    with duckdb.connect(config={"temp_directory": ""}) as con:
        keys = con.sql("select case when blank then null else sha256(text) end as key from frame").pl()
    return keys["key"].cast(pl.String)


def _respondent_keys(rows: pl.DataFrame, plan: _ExportPlan, salt: str) -> pl.Series:
    """`respondent_key` of each record, column by column: names folded and phones and e-mails
    normalised by polars when their characters allow it (see _FOLDABLE; phones and e-mails in
    printable ASCII), any other value by `_normalise_personal` once per distinct value (this
    mapping lives only for the batch); the SHA-256 by DuckDB in memory."""
    kind_order = {"name": 0, "phone": 1, "email": 2, "other": 3}
    kinds = [_personal_kind(c) for c in plan.personal_cols]
    order = sorted(range(len(kinds)), key=lambda i: (kind_order[kinds[i]], i))
    if not order:
        return pl.repeat(None, rows.height, dtype=pl.String, eager=True)
    parts = []
    for i in order:
        kind, raw = kinds[i], _ColumnarExport.cell(rows, plan.position[plan.personal_cols[i]])
        if kind not in ("phone", "email"):
            # Names repeat (a few percent distinct in a large export): fold each distinct one.
            parts.append(_distinct_apply(raw, _fold_names).fill_null(""))
            continue
        simple = raw.str.contains(_PRINTABLE_ASCII).fill_null(True)
        if kind == "phone":
            digits = raw.str.replace_all("[^0-9]", "")
            # +84 912 345 678 and 0912 345 678 are the same number (as _normalise_personal).
            fast = pl.select(
                pl.when(pl.lit(digits).str.starts_with("84") & pl.lit(digits).str.len_chars().is_in([11, 12]))
                .then(pl.lit("0") + pl.lit(digits).str.slice(2))
                .otherwise(pl.lit(digits))
            ).to_series()
        else:
            fast = raw.str.replace_all(" ", "", literal=True).str.to_lowercase()
        if not simple.all():
            others = pl.select(pl.when(pl.lit(simple)).then(None).otherwise(pl.lit(raw))).to_series()
            slow = _distinct_map(others, lambda v, kind=kind: _normalise_personal(kind, v), pl.String)
            fast = pl.select(pl.when(pl.lit(simple)).then(pl.lit(fast)).otherwise(pl.lit(slow))).to_series()
        parts.append(fast.fill_null(""))
    frame = pl.DataFrame({f"p{i}": p for i, p in enumerate(parts)})
    joined = frame.select(pl.concat_str([pl.lit(salt), pl.concat_str(pl.all(), separator="|")])).to_series()
    empty = frame.select(pl.all_horizontal(pl.all() == "")).to_series()
    return _sha256_hex(joined, empty)


class _ColumnarExport:
    """The state of one export read column by column; `batch` takes its lines in turn.

    A batch's records are a frame with `line`, `cells` (a list of strings) and `extra`: the
    number of cells of a record with values beyond the header's columns (null for the others)."""

    def __init__(self, path: Path, source_file: str, plan: _ExportPlan, salt: str) -> None:
        self.survey_id, self.source_file, self.plan, self.salt = path.stem, source_file, plan, salt
        self.out = _FileOutcome()
        self.coder = _AnswerCoder(
            self.survey_id, source_file, plan.questions, [plan.position[q.column] for q in plan.questions]
        )
        self.row_rejects: list[tuple[int, int, Reject]] = []
        self.headerless_with_values: set[int] = set()
        blank = _blank_class()
        self.blank_line = f"^[,{blank}]*$"
        self.nonblank_cell = f"[^{blank}]"
        self.group_reason = (
            f"unknown respondent group; expected one of {', '.join(GROUPS)}; the response is loaded without a group"
        )

    def note(self, column: str, reason: str, row: int, raw: object, period: str | None) -> Reject:
        return Reject(
            FAMILY,
            self.source_file,
            reason,
            source_row=row,
            source_column=column,
            raw_value=redact(raw),
            period_key=period,
            action=VALUE_DROPPED,
        )

    def _extra(self, cells: list[str]) -> int | None:
        width = self.plan.width
        return len(cells) if len(cells) > width and any(clean_text(c) for c in cells[width:]) else None

    def _records(self, lines: pl.Series, first_line: int) -> pl.DataFrame:
        """The batch's records that are not blank (every cell empty after `clean_text`)."""
        text = lines
        quoted = text.str.contains('"', literal=True).arg_true().to_list()
        blank = text.str.contains(self.blank_line)
        separator = ","  # a line without a quote is its cells joined by commas
        if quoted:
            # Lines with a quote are parsed by Python's csv module; to split every line at once,
            # cells are then joined by NUL, which a file read here never holds (_line_batches).
            parsed = [_parse_quoted(line) for line in lines.gather(quoted).to_list()]
            separator = "\x00"
            text = text.str.replace_all(",", separator, literal=True).scatter(
                quoted, pl.Series([separator.join(cells) for cells in parsed], dtype=pl.String)
            )
            blank = blank.scatter(quoted, pl.Series([not any(clean_text(c) for c in cells) for cells in parsed]))
        frame = pl.DataFrame(
            {
                "line": pl.int_range(first_line, first_line + len(lines), eager=True, dtype=pl.Int64),
                "cells": text.str.split(separator),
                "blank": blank,
            }
        )
        frame = frame.filter(~pl.col("blank")).drop("blank")
        long_rows = (frame["cells"].list.len() > self.plan.width).arg_true().to_list()
        extra = pl.Series("extra", [None] * frame.height, dtype=pl.Int64)
        if long_rows:
            counts = [self._extra(cells) for cells in frame["cells"].gather(long_rows).to_list()]
            extra = extra.scatter(long_rows, pl.Series(counts, dtype=pl.Int64))
        return frame.with_columns(extra)

    def column(self, rows: pl.DataFrame, column: str) -> pl.Series:
        return self.cell(rows, self.plan.position[column])

    @staticmethod
    def cell(rows: pl.DataFrame, index: int) -> pl.Series:
        return rows["cells"].list.get(index, null_on_oob=True)

    def batch(self, lines: pl.Series, first_line: int) -> None:
        plan, out = self.plan, self.out
        rows = self._records(lines, first_line)
        if rows.height == 0:
            return
        out.read += rows.height
        for index, _ in plan.header_notes:
            if index is not None and index not in self.headerless_with_values:
                if self.cell(rows, index).str.contains(self.nonblank_cell).any():
                    self.headerless_with_values.add(index)

        # Row rejects: cells beyond the header, then the timestamp (as the record reader).
        reasons: dict[int, tuple[str, str | None]] = {}  # row position -> (reason, raw value)
        long_rows = rows["extra"].is_not_null().arg_true().to_list()
        for pos, cells in zip(long_rows, rows["extra"].gather(long_rows).to_list()):
            reasons[pos] = (
                f"the row has {cells} cells with values beyond the {plan.width} columns of the header",
                None,
            )
        stamps = self.column(rows, plan.timestamp_col)
        submitted = _fast_timestamps(stamps)
        slow = submitted.is_null().arg_true().to_list()
        slow_values: list[dt.datetime | None] = []
        for pos, raw in zip(slow, stamps.gather(slow).to_list()):
            stamp_raw = clean_text(raw)
            value = None
            if pos not in reasons:
                try:
                    parsed = parse_datetime(stamp_raw)
                    if parsed is None:
                        reasons[pos] = ("the timestamp is empty", redact(stamp_raw))
                    else:
                        value = to_hcm(parsed)
                except DateFormatError as exc:
                    reasons[pos] = (f"the timestamp is not a date and time: {exc}", redact(stamp_raw))
            slow_values.append(value)
        if slow:
            submitted = submitted.scatter(slow, pl.Series(slow_values, dtype=pl.Datetime("us", HCM_ZONE)))
        days = submitted.dt.date()
        periods = _distinct_map(days, lambda d: getattr(period_for_date(d), "key", None), pl.String)
        outside = (submitted.is_not_null() & periods.is_null()).arg_true().to_list()
        for pos, day, raw in zip(outside, days.gather(outside).to_list(), stamps.gather(outside).to_list()):
            if pos not in reasons:
                reasons[pos] = (
                    f"submitted on {day:%d/%m/%Y}, outside every reporting window ({FIRST_PERIOD} to {LAST_PERIOD})",
                    redact(clean_text(raw)),
                )
        if reasons:
            out.rejected += len(reasons)
            positions = sorted(reasons)
            for pos, line in zip(positions, rows["line"].gather(positions).to_list()):
                reason, raw = reasons[pos]
                self.row_rejects.append(
                    (
                        line,
                        0,
                        Reject(
                            FAMILY,
                            self.source_file,
                            reason,
                            source_row=line,
                            source_column=plan.timestamp_col,
                            raw_value=raw,
                        ),
                    )
                )
            loaded = pl.Series([True] * rows.height).scatter(positions, False)
            rows, submitted, periods = rows.filter(loaded), submitted.filter(loaded), periods.filter(loaded)
        if rows.height == 0:
            return
        out.loaded += rows.height
        self._responses(rows, submitted, periods)

    def _responses(self, rows: pl.DataFrame, submitted: pl.Series, periods: pl.Series) -> None:
        plan, count = self.plan, rows.height
        lines = rows["line"]
        group = ward = unresolved = pl.repeat(None, count, dtype=pl.String, eager=True)
        if plan.group_col is not None:
            cleaned = _distinct_map(self.column(rows, plan.group_col), _clean_answer, pl.String)
            group = _distinct_map(cleaned, _respondent_group_cached, pl.String)
            unknown = (cleaned.is_not_null() & group.is_null()).arg_true().to_list()
            for line, value, period in zip(
                lines.gather(unknown).to_list(), cleaned.gather(unknown).to_list(), periods.gather(unknown).to_list()
            ):
                self.row_rejects.append((line, 0, self.note(plan.group_col, self.group_reason, line, value, period)))
        if plan.ward_col is not None:
            cleaned = _distinct_map(self.column(rows, plan.ward_col), _clean_answer, pl.String)
            ward = _distinct_map(cleaned, lambda v: getattr(resolve_ward(v), "unit_code", None), pl.String)
            unresolved = pl.select(
                pl.when(pl.lit(ward).is_null()).then(pl.lit(_distinct_map(cleaned, redact, pl.String)))
            ).to_series()
        # The answers response by response, question by question (the record reader's order),
        # in one flat column, coded and cut back into one list per response.
        coder = self.coder
        coder.lines = lines.to_list()
        coder.periods = periods.to_list()
        if coder.width:
            coder.cells = rows["cells"].list.gather(coder.positions, null_on_oob=True).explode()
        self.out.response_frames.append(
            pl.DataFrame(
                {
                    "survey_id": pl.repeat(self.survey_id, count, dtype=pl.String, eager=True),
                    "source_file": pl.repeat(self.source_file, count, dtype=pl.String, eager=True),
                    "source_row": lines,
                    "response_id": pl.repeat(self.survey_id + ":", count, dtype=pl.String, eager=True)
                    + lines.cast(pl.String),
                    "respondent_key": _respondent_keys(rows, plan, self.salt),
                    "submitted_at": submitted,
                    "respondent_group": group,
                    "ward_code": ward,
                    "ward_raw_unresolved": unresolved,
                    "period_key": periods,
                    "answer_codes": coder.flush(),
                },
                schema=SURVEY_RESPONSES_SCHEMA,
            )
        )

    def finish(self) -> _FileOutcome:
        out = self.out
        out.text_frames = [self.coder.texts_frame()]
        out.question_frames = [self.coder.questions_frame()]
        out.rejects += [
            r for index, r in self.plan.header_notes if index is None or index in self.headerless_with_values
        ]
        merged = self.row_rejects + self.coder.answer_rejects
        merged.sort(key=lambda item: (item[0], item[1]))
        out.rejects += [r for _, _, r in merged]
        return out


def _read_export_columnar(path: Path, source_file: str, questionnaire: Questionnaire, salt: str) -> _FileOutcome:
    """Raises CsvFileError / QuestionnaireError for a file that must be refused whole, and
    _NeedsRecordReader for one that `_read_export_by_record` must read."""
    batches = _line_batches(path)
    first_line, lines = next(batches)
    header = lines[0] if lines.len() else ""
    headers = [clean_text(h) for h in _parse_quoted(header)]
    try:
        plan = _plan_export(headers, questionnaire, source_file)
    except QuestionnaireError:
        for _ in batches:  # a file that cannot be read at all is refused for that first
            pass
        raise
    export = _ColumnarExport(path, source_file, plan, salt)
    export.batch(lines[1:], first_line + 1)
    for first_line, lines in batches:
        export.batch(lines, first_line)
    return export.finish()


def _read_export(path: Path, source_file: str, questionnaire: Questionnaire, salt: str) -> _FileOutcome:
    """Raises CsvFileError / QuestionnaireError for a file that must be refused whole."""
    try:
        return _read_export_columnar(path, source_file, questionnaire, salt)
    except _NeedsRecordReader:
        return _read_export_by_record(path, source_file, questionnaire, salt)


def _exports(inbox: Path) -> list[Path]:
    """Every file of `surveys/` but the questionnaires: exports, and anything else to refuse.

    A questionnaire is read with its export, never alone. A file that is not CSV (a Forms
    export saved as .xlsx), a link or a FIFO is listed so that it is refused with a reason,
    not skipped in silence (lib/inbox.py).
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
    an incremental run reads just what is new or changed (lib/file_index.py)."""
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
            outcome = _read_export(path, source_file, questionnaire, salt)
        except InboxFileError as exc:
            rejects.append(Reject(FAMILY, source_file, reason=f"file refused: {exc}"))
            counts[source_file] = (0, 0, 0)
            continue
        except (QuestionnaireError, CsvFileError) as exc:
            rejects.append(Reject(FAMILY, source_file, reason=f"file refused: {exc}"))
            counts[source_file] = (0, 0, 0)
            continue
        response_frames += outcome.response_frames
        text_frames += outcome.text_frames
        question_frames += outcome.question_frames
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


__all__ = [
    "read_surveys",
    "survey_files",
    "read_questionnaire",
    "likert_score",
    "respondent_group",
    "respondent_key",
    "SURVEY_RESPONSES_SCHEMA",
    "SURVEY_ANSWER_TEXTS_SCHEMA",
    "SURVEY_QUESTIONS_SCHEMA",
]
