"""The survey reader row by row on an export written here: short rows, the window's edges,
respondent keys from messy personal cells; every expected value worked out by hand."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

import polars as pl
import pytest

from orchestration.domain.dates import HCM
from orchestration.readers.survey import read_surveys

SALT = "salt-R"
QUESTIONNAIRE = """column,role,question_code,task_code,reverse_coded
Thời gian,timestamp,,,
Họ tên,personal,,,
Số điện thoại,personal,,,
Email,personal,,,
Đối tượng,group,,,
Câu 1,question,Q1,2.1,false
Câu 2,question,Q2,2.2,true
"""
HEADER = "Thời gian,Email,Họ tên,Số điện thoại,Đối tượng,Câu 1,Câu 2"  # e-mail before the name
ROWS = [
    # line 2: messy personal cells; both answers
    f'14/06/2026 23:59:59, An.Nguyen@Example.com ,"  {unicodedata.normalize("NFD", "Nguyễn")}\u00a0Văn  An ",+84 912 345 678,GV,Đồng ý,2',
    # line 3: the first second of the next window
    "15/06/2026 00:00:00,,,,,5,",
    # line 4: UTC, which is 00:30 on 15/06 in Hanoi
    "2026-06-14T17:30:00Z,,Trần Thị Bình,,,,1",
    # line 5: a short row (no answer cells at all)
    "01/05/2026 08:00:00,,,0987 654 321",
    # line 6: cells only up to the first question
    "02/05/2026 09:00:00,,,,Phụ huynh,4",
    # line 7: blank, not a response
    ",,\u00a0,, ,,",
]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    folder = inbox / "surveys"
    folder.mkdir()
    (folder / "ks.csv").write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    (folder / "ks.questions.csv").write_text(QUESTIONNAIRE, encoding="utf-8")
    return read_surveys(inbox, salt=SALT)


def test_every_response_is_loaded_and_the_blank_row_is_not_one(result):
    assert result.file_counts == {"surveys/ks.csv": (5, 5, 0)}
    assert result.rejects.height == 0


def test_periods_at_the_edges_of_the_window(result):
    responses = result.tables["survey_responses"].sort("source_row")
    assert responses["source_row"].to_list() == [2, 3, 4, 5, 6]
    assert responses["submitted_at"].to_list() == [
        dt.datetime(2026, 6, 14, 23, 59, 59, tzinfo=HCM),
        dt.datetime(2026, 6, 15, 0, 0, 0, tzinfo=HCM),
        dt.datetime(2026, 6, 15, 0, 30, 0, tzinfo=HCM),
        dt.datetime(2026, 5, 1, 8, 0, 0, tzinfo=HCM),
        dt.datetime(2026, 5, 2, 9, 0, 0, tzinfo=HCM),
    ]
    # The 15th of a quarter's last month opens the next quarter's window.
    assert responses["period_key"].to_list() == ["2026-Q2", "2026-Q3", "2026-Q3", "2026-Q2", "2026-Q2"]
    assert responses["respondent_group"].to_list() == ["Giáo viên", None, None, None, "Phụ huynh"]


def test_respondent_keys_from_messy_cells(result):
    keys = result.tables["survey_responses"].sort("source_row")["respondent_key"].to_list()
    # Names, then phones, then e-mails, whatever the export's column order; names folded, phones
    # as national digits, e-mails without spaces and lowercased; a blank cell is an empty part.
    assert keys == [
        sha(SALT + "nguyen van an|0912345678|an.nguyen@example.com"),
        None,
        sha(SALT + "tran thi binh||"),
        sha(SALT + "|0987654321|"),
        None,
    ]


def test_short_rows_have_blank_answers(result):
    responses = result.tables["survey_responses"].sort("source_row")
    texts = result.tables["survey_answer_texts"]
    text_of = dict(zip(texts["answer_code"], texts["answer_raw"]))
    answers = [[text_of.get(code) for code in codes] for codes in responses["answer_codes"].to_list()]
    assert answers == [["Đồng ý", "2"], ["5", None], [None, "1"], [None, None], ["4", None]]
    assert dict(zip(texts["answer_raw"], texts["likert_point"])) == {"Đồng ý": 4, "2": 2, "5": 5, "1": 1, "4": 4}
    assert result.tables["survey_questions"].select("question_code", "question_position").rows() == [
        ("Q1", 1),
        ("Q2", 2),
    ]
    assert responses.schema["answer_codes"] == pl.List(pl.Int32)


def test_one_phone_number_written_five_ways_is_one_respondent():
    from orchestration.readers.survey.respondents import normalise_personal

    written = ["0912 345 678", "+84 912 345 678", "+84 (0) 912 345 678", "0084 912.345.678", "(+84) 912-345-678"]
    assert {normalise_personal("phone", w) for w in written} == {"0912345678"}
    # A Ho Chi Minh City landline (area code 28): 10 digits after the 0.
    assert normalise_personal("phone", "+84 (0)28 3829 1234") == "02838291234"
    assert normalise_personal("phone", "028 3829 1234") == "02838291234"
    # Not a Vietnamese number as dialled from abroad: kept as typed.
    assert normalise_personal("phone", "+1 415 555 0100") == "14155550100"
    assert normalise_personal("phone", "84 12") == "8412"
