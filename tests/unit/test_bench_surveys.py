"""The survey benchmark's generator writes an export the pipeline reader loads whole.

The expected answers are counted from the written files themselves with the csv module (the
question columns named by the questionnaire, cells that are a point of the five-point scale),
with a small Likert table of this test's own, not taken from the generator's bookkeeping.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from orchestration.readers.survey import read_surveys
from tests.unit.test_survey import answers_of
from tools.bench import survey_export

# The spellings sources.md §5 allows, lower case, NFC.
WORDS = {
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
NO_OPINION = {"không ý kiến", "không có ý kiến"}


def _point(cell: str) -> int | None:
    """The point 1..5 a cell means; None for blank or no opinion; fails on anything else."""
    text = unicodedata.normalize("NFC", cell).strip().lower()
    if not text or text in NO_OPINION:
        return None
    if text in {"1", "2", "3", "4", "5"}:
        return int(text)
    if text in WORDS:
        return WORDS[text]
    if match := re.fullmatch(r"([1-5]) - (.+)", text) or re.fullmatch(r"(.+) \(([1-5])\)", text):
        digit, words = (match[1], match[2]) if match[1].isdigit() else (match[2], match[1])
        assert WORDS[words] == int(digit), text
        return int(digit)
    raise AssertionError(f"not a point of the scale: {cell!r}")


def test_generated_export_loads_every_answer(tmp_path: Path) -> None:
    responses, questions = 200, 20
    survey_export.generate(tmp_path, responses, questions, seed=3)

    with survey_export.questionnaire_path(tmp_path).open(encoding="utf-8", newline="") as handle:
        roles = list(csv.DictReader(handle))
    reverse = {r["column"]: r["reverse_coded"] == "true" for r in roles if r["role"] == "question"}
    assert len(reverse) == questions and sum(reverse.values()) == 2
    assert {r["task_code"] for r in roles if r["role"] == "question"} == {f"2.{i}" for i in range(1, 16)}
    with survey_export.export_path(tmp_path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == responses
    points = [(column, _point(row[column])) for row in rows for column in reverse]
    scored = [6 - p if reverse[column] else p for column, p in points if p is not None]
    assert 0.9 * responses * questions < len(scored) < responses * questions

    result = read_surveys(tmp_path, salt="test-salt")
    assert result.rejects.height == 0, result.rejects.to_dicts()
    assert result.tables["survey_responses"].height == responses
    assert result.tables["survey_responses"]["period_key"].unique().to_list() == [survey_export.PERIOD]
    answers = answers_of(result.tables)
    assert answers.height == responses * questions
    assert answers["score"].is_not_null().sum() == len(scored)
    assert answers["score"].sum() == sum(scored)

    # The same parameters find the export already written; others do not.
    assert survey_export.existing(tmp_path, responses, questions, 3) is not None
    assert survey_export.existing(tmp_path, responses, questions, 4) is None
