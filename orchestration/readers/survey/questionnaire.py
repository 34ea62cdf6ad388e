"""The questionnaire the Office writes beside each survey export: which header of the export
plays which role (timestamp, group, ward, personal data, a question with its code and task)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.domain.text import clean_text, fold_key
from orchestration.formats.csv_files import CsvFileError, decode_utf8, text_records

FAMILY = "surveys"
FOLDER = "surveys"
QUESTIONNAIRE_SUFFIX = ".questions.csv"
ROLES = ("question", "timestamp", "group", "ward", "personal", "ignore")

_TASK = re.compile(r"^(?:nhiem vu |nv )?2 (\d{1,2})$")
_TRUE = {"true", "1", "yes", "x", "co", "dung"}
_FALSE = {"false", "0", "no", "khong", "sai"}


class QuestionnaireError(ValueError):
    """The questionnaire beside an export is missing or cannot be used; the message says why."""


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


def read_questionnaire(path: Path) -> Questionnaire:
    """Parse and check a questionnaire file; raises QuestionnaireError naming the file and row."""
    name = path.name
    if not path.is_file():
        raise QuestionnaireError(
            f"the questionnaire {name} is missing: the Office writes it beside each export "
            "(header column,role,question_code,task_code,reverse_coded)"
        )
    try:
        records = text_records(decode_utf8(path))
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
