"""The survey reader on tiny exports written by hand: questionnaire, Likert, keys, personal data."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from pathlib import Path

import polars as pl
import pytest

from orchestration.domain.dates import HCM
from orchestration.readers.survey import LikertError, likert_score, read_surveys, respondent_group

SALT = "salt-A"

QUESTIONNAIRE = """column,role,question_code,task_code,reverse_coded
Dấu thời gian,timestamp,,,
Họ và tên,personal,,,
Số điện thoại,personal,,,
Email,personal,,,
Bạn là,group,,,
Phường/xã nơi bạn sống,ward,,,
Nhà trường thân thiện,question,Q1,2.9,false
Học sinh bị áp lực,question,Q2,2.9,true
Thông tin về học phí rõ ràng,question,Q3,2.4,false
Tổng điểm,ignore,,,
Câu hỏi đã bỏ,question,Q4,2.15,false
"""


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# The export as macOS saves it: NFD text, a doubled space in one header. Line 3's note spans
# two lines (a quoted newline), so the responses start on lines 2, 3, 5, 6, 7 and 9; line 8
# holds only separators.
EXPORT_HEADER = ",".join(
    [
        "Dấu thời gian",
        "Họ và tên",
        "Số điện thoại",
        "Email",
        "Bạn là",
        "Phường/xã nơi bạn sống",
        nfd("Nhà trường  thân thiện"),
        nfd("Học sinh bị áp lực"),
        "Thông tin về học phí rõ ràng",
        "Tổng điểm",
        "Ghi chú thêm",
    ]
)
EXPORT_ROWS = [
    '20/10/2025 08:15:00,Nguyễn Văn An,0912 345 678,an.nguyen@example.com,Phụ huynh,"Phường 6, Quận 3",Hoàn toàn đồng ý,2,4 - Đồng ý,0,',
    f'21/10/2025 09:30:00,{nfd("NGUYỄN VĂN AN")},+84 912 345 678,An.Nguyen@Example.com ,phụ huynh học sinh,P. Bến Thành,phan van,Không ý kiến,,0,"Cảm ơn\nnhà trường"',
    "15/12/2025 10:00:00,Trần Thị Bình,0987654321,binh.tran@example.com,Sinh viên,Khu phố 5,Rất tốt,1,hoàn toàn không đồng ý,0,",
    "not a date,Lê Văn Cường,0903111222,cuong@example.com,Học sinh,,5,5,5,0,",
    "01/08/2025 10:00:00,,,,Học sinh,,5,5,5,0,",
    ",,,,,,,,,,",
    "14/03/2026 23:59:59,,,,Giáo viên,,Đồng ý,Trung lập,5,0,",
]
PERSONAL = [
    "Nguyễn Văn An",
    "nguyen van an",
    "912345678",
    "912 345 678",
    "an.nguyen@example.com",
    "Trần Thị Bình",
    "tran thi binh",
    "0987654321",
    "binh.tran",
    "Lê Văn Cường",
    "0903111222",
    "cuong@example.com",
]


def write_survey(
    inbox: Path, stem: str = "khao_sat_truong_hanh_phuc", questionnaire: str | None = QUESTIONNAIRE
) -> None:
    folder = inbox / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.csv").write_text(EXPORT_HEADER + "\n" + "\n".join(EXPORT_ROWS) + "\n", encoding="utf-8")
    if questionnaire is not None:
        (folder / f"{stem}.questions.csv").write_text(questionnaire, encoding="utf-8")


def answers_of(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per answer (file, line, question, answer as written, score), unpacked from the
    responses' answer_codes as stg_surveys__answers does: the code at position i answers the
    export's question i; the score is the code's Likert point, 6 - point on a reverse-coded
    question."""
    codes = (
        tables["survey_responses"]
        .select("source_file", "source_row", "answer_codes")
        .with_columns(pl.col("answer_codes").list.eval(pl.int_range(1, pl.len() + 1)).alias("question_position"))
        .explode("answer_codes", "question_position")
        .filter(pl.col("question_position").is_not_null())
        .rename({"answer_codes": "answer_code"})
    )
    return (
        codes.join(tables["survey_questions"], on=["source_file", "question_position"], how="left")
        .join(tables["survey_answer_texts"], on=["source_file", "answer_code"], how="left")
        .with_columns(
            pl.when(pl.col("reverse_coded"))
            .then(6 - pl.col("likert_point"))
            .otherwise(pl.col("likert_point"))
            .alias("score")
        )
        .select("source_file", "source_row", "question_code", "answer_raw", "score")
    )


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    write_survey(inbox)
    return read_surveys(inbox, salt=SALT)


def test_missing_questionnaire_refuses_the_export_naming_the_expected_file(tmp_path):
    write_survey(tmp_path, stem="ks_q4", questionnaire=None)
    out = read_surveys(tmp_path, salt=SALT)
    assert out.tables["survey_responses"].height == 0
    assert out.tables["survey_answer_texts"].height == 0
    assert out.file_counts == {"surveys/ks_q4.csv": (0, 0, 0)}
    [reject] = out.rejects.to_dicts()
    assert reject["action"] == "file_rejected"
    assert reject["source_row"] is None
    assert "ks_q4.questions.csv" in reject["reason"]


def test_questionnaire_with_an_unknown_role_refuses_the_export(tmp_path):
    write_survey(tmp_path, questionnaire=QUESTIONNAIRE.replace("Tổng điểm,ignore", "Tổng điểm,score"))
    out = read_surveys(tmp_path, salt=SALT)
    [reject] = out.rejects.to_dicts()
    assert reject["action"] == "file_rejected"
    assert "role 'score' is not one of" in reject["reason"]
    assert "line 11" in reject["reason"]


def test_counts_reconcile_per_file(result):
    # 6 responses (lines 2, 3, 5, 6, 7, 9): 4 loaded, 2 rejected (bad timestamp, out of window)
    assert result.file_counts == {"surveys/khao_sat_truong_hanh_phuc.csv": (6, 4, 2)}
    row_rejects = result.rejects.filter(pl.col("action") == "row_rejected")
    assert row_rejects["source_row"].to_list() == [6, 7]
    assert row_rejects["raw_value"].to_list() == ["not a date", "01/08/2025 10:00:00"]


def test_responses(result):
    responses = result.tables["survey_responses"].sort("source_row")
    assert responses["source_row"].to_list() == [2, 3, 5, 9]
    assert responses["response_id"].to_list() == [
        "khao_sat_truong_hanh_phuc:2",
        "khao_sat_truong_hanh_phuc:3",
        "khao_sat_truong_hanh_phuc:5",
        "khao_sat_truong_hanh_phuc:9",
    ]
    assert responses["survey_id"].unique().to_list() == ["khao_sat_truong_hanh_phuc"]
    assert responses["submitted_at"].to_list() == [
        dt.datetime(2025, 10, 20, 8, 15, tzinfo=HCM),
        dt.datetime(2025, 10, 21, 9, 30, tzinfo=HCM),
        dt.datetime(2025, 12, 15, 10, 0, tzinfo=HCM),
        dt.datetime(2026, 3, 14, 23, 59, 59, tzinfo=HCM),
    ]
    assert responses["period_key"].to_list() == ["2025-Q4", "2025-Q4", "2026-Q1", "2026-Q1"]
    assert responses["respondent_group"].to_list() == ["Phụ huynh", "Phụ huynh", None, "Giáo viên"]
    # 'Phường 6, Quận 3' (pre-2025) is today's Phường Xuân Hòa; 'P. Bến Thành' is Phường Bến Thành.
    assert responses["ward_code"].to_list() == ["27139", "26743", None, None]
    assert responses["ward_raw_unresolved"].to_list() == [None, None, "Khu phố 5", None]
    assert responses.schema == pl.Schema(
        {
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
            "answer_codes": pl.List(pl.Int32),
        }
    )


def test_nfd_header_with_doubled_space_matches_its_question(result):
    reported = result.rejects.filter(pl.col("source_row").is_null())
    assert sorted(reported["source_column"].to_list()) == ["Câu hỏi đã bỏ", "Ghi chú thêm"]
    by_column = dict(zip(reported["source_column"], reported["reason"]))
    assert by_column["Ghi chú thêm"].startswith("column not in the questionnaire")
    assert by_column["Câu hỏi đã bỏ"].startswith("listed in the questionnaire (role question)")
    assert set(reported["action"]) == {"value_dropped"}


def test_answers_scores_and_reverse_coding(result):
    answers = answers_of(result.tables).sort("source_row", "question_code")
    got = [(r["source_row"], r["question_code"], r["answer_raw"], r["score"]) for r in answers.iter_rows(named=True)]
    assert got == [
        (2, "Q1", "Hoàn toàn đồng ý", 5),
        (2, "Q2", "2", 4),  # reverse-coded: 6 - 2
        (2, "Q3", "4 - Đồng ý", 4),
        (3, "Q1", "phan van", 3),
        (3, "Q2", "Không ý kiến", None),  # no opinion is null, not 3
        (3, "Q3", None, None),  # blank is null, not 3
        (5, "Q1", "Rất tốt", None),  # not on the scale: kept, no score, reported
        (5, "Q2", "1", 5),  # reverse-coded: 6 - 1
        (5, "Q3", "hoàn toàn không đồng ý", 1),
        (9, "Q1", "Đồng ý", 4),
        (9, "Q2", "Trung lập", 3),  # reverse-coded: 6 - 3
        (9, "Q3", "5", 5),
    ]
    assert answers.filter(pl.col("question_code") == "Q1")["answer_raw"][0] == "Hoàn toàn đồng ý"
    assert set(answers["source_file"]) == {"surveys/khao_sat_truong_hanh_phuc.csv"}


def test_answers_are_stored_as_codes_of_the_exports_dictionary(result):
    # Not one row per answer: each response lists one code per question (Q1, Q2, Q3 in
    # question_position order), numbered from 1 in the order the answers first appear, row by
    # row; a blank cell (line 3's Q3) has no code. "Không ý kiến" and "Rất tốt" have a code
    # (their text is kept) but no Likert point; points are before reverse coding ("2" is 2).
    responses = result.tables["survey_responses"].sort("source_row")
    assert responses["answer_codes"].to_list() == [[1, 2, 3], [4, 5, None], [6, 7, 8], [9, 10, 11]]
    texts = result.tables["survey_answer_texts"]
    assert texts.columns == ["source_file", "answer_code", "answer_raw", "likert_point"]
    assert set(texts["source_file"]) == {"surveys/khao_sat_truong_hanh_phuc.csv"}
    assert list(zip(texts["answer_code"], texts["answer_raw"], texts["likert_point"])) == [
        (1, "Hoàn toàn đồng ý", 5),
        (2, "2", 2),
        (3, "4 - Đồng ý", 4),
        (4, "phan van", 3),
        (5, "Không ý kiến", None),
        (6, "Rất tốt", None),
        (7, "1", 1),
        (8, "hoàn toàn không đồng ý", 1),
        (9, "Đồng ý", 4),
        (10, "Trung lập", 3),
        (11, "5", 5),
    ]
    assert "survey_answers" not in result.tables


def test_questions_of_the_export_with_task_and_reverse_coding(result):
    # The questionnaire's Q1-Q3 (Q4's column is not in the export: no row); the NFD header with
    # a doubled space is kept as cleaned (NFC, one space).
    questions = result.tables["survey_questions"]
    assert questions.drop("question_position").rows() == [
        (
            "khao_sat_truong_hanh_phuc",
            "surveys/khao_sat_truong_hanh_phuc.csv",
            "Q1",
            "Nhà trường thân thiện",
            "2.9",
            False,
        ),
        ("khao_sat_truong_hanh_phuc", "surveys/khao_sat_truong_hanh_phuc.csv", "Q2", "Học sinh bị áp lực", "2.9", True),
        (
            "khao_sat_truong_hanh_phuc",
            "surveys/khao_sat_truong_hanh_phuc.csv",
            "Q3",
            "Thông tin về học phí rõ ràng",
            "2.4",
            False,
        ),
    ]
    assert questions.columns == [
        "survey_id",
        "source_file",
        "question_code",
        "question_text",
        "task_code",
        "reverse_coded",
        "question_position",
    ]
    assert questions["question_position"].to_list() == [1, 2, 3]


def test_values_dropped_on_loaded_responses_are_reported_but_not_counted(result):
    dropped = result.rejects.filter(pl.col("source_row").is_not_null() & (pl.col("action") == "value_dropped"))
    got = sorted(zip(dropped["source_row"], dropped["source_column"], dropped["raw_value"]))
    assert got == [(5, "Bạn là", "Sinh viên"), (5, "Nhà trường thân thiện", "Rất tốt")]
    assert dropped["period_key"].to_list() == ["2026-Q1", "2026-Q1"]


def test_respondent_key_is_salted_and_stable_across_rows(result, tmp_path):
    keys = result.tables["survey_responses"].sort("source_row")["respondent_key"].to_list()
    expected = hashlib.sha256((SALT + "nguyen van an|0912345678|an.nguyen@example.com").encode("utf-8")).hexdigest()
    assert keys[0] == expected
    assert keys[1] == expected  # upper case NFD name, +84 phone, mixed-case email: the same person
    assert keys[2] not in (None, expected)
    assert keys[3] is None  # no personal data given
    write_survey(tmp_path)
    other = read_surveys(tmp_path, salt="salt-B").tables["survey_responses"].sort("source_row")
    assert other["respondent_key"][0] != expected
    assert other["respondent_key"][0] == other["respondent_key"][1]


def test_personal_data_appears_nowhere(result):
    frames = [*result.tables.values(), result.rejects]
    cells = [str(value).lower() for frame in frames for row in frame.iter_rows() for value in row if value is not None]
    cells += [c.lower() for frame in frames for c in frame.columns]
    for secret in PERSONAL:
        needle = unicodedata.normalize("NFC", secret).lower()
        assert not any(needle in cell for cell in cells), secret


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("Hoàn toàn không đồng ý", 1),
        ("HOAN TOAN KHONG DONG Y", 1),
        ("Không đồng ý", 2),
        ("không  đồng ý", 2),
        ("Phân vân", 3),
        ("Bình thường", 3),
        ("Trung lập", 3),
        ("Đồng ý", 4),
        (nfd("đồng ý"), 4),
        ("Hoàn toàn đồng ý", 5),
        ("1", 1),
        ("5", 5),
        ("4.0", 4),
        ("4 - Đồng ý", 4),
        ("Đồng ý (4)", 4),
        ("Không ý kiến", None),
        ("", None),
        (None, None),
    ],
)
def test_likert_score(text, score):
    assert likert_score(text) == score


@pytest.mark.parametrize("text", ["0", "6", "Rất tốt", "2 - Đồng ý", "3,5"])
def test_likert_score_refuses(text):
    with pytest.raises(LikertError):
        likert_score(text)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Phụ huynh", "Phụ huynh"),
        ("PHHS", "Phụ huynh"),
        ("giao vien", "Giáo viên"),
        ("Cán bộ quản lý", "Cán bộ quản lý"),
        ("Người dân", "Người dân"),
        ("Sinh viên", None),
    ],
)
def test_respondent_group(text, group):
    assert respondent_group(text) == group


def test_phones_and_emails_typed_into_kept_text_are_redacted(tmp_path):
    # Text kept as written (an answer off the scale, an unknown group, an unresolved ward)
    # loses any phone number or e-mail a respondent typed into it.
    folder = tmp_path / "surveys"
    folder.mkdir()
    header = "Dấu thời gian,Họ và tên,Bạn là,Phường/xã nơi bạn sống,Nhà trường thân thiện"
    row = '20/10/2025 08:15:00,Lê Thị Hoa,"Mẹ bé Na, 0903 111 222",Gần chợ - gọi +84 912345678,Xin gọi lại hoa.le@example.com'
    (folder / "ks.csv").write_text(header + "\n" + row + "\n", encoding="utf-8")
    (folder / "ks.questions.csv").write_text(
        "column,role,question_code,task_code,reverse_coded\n"
        "Dấu thời gian,timestamp,,,\nHọ và tên,personal,,,\nBạn là,group,,,\n"
        "Phường/xã nơi bạn sống,ward,,,\nNhà trường thân thiện,question,Q1,2.9,false\n",
        encoding="utf-8",
    )
    out = read_surveys(tmp_path, salt=SALT)
    [response] = out.tables["survey_responses"].to_dicts()
    [answer] = answers_of(out.tables).to_dicts()
    assert response["ward_raw_unresolved"] == "Gần chợ - gọi [đã ẩn]"
    assert (answer["answer_raw"], answer["score"]) == ("Xin gọi lại [đã ẩn]", None)
    dropped = dict(zip(out.rejects["source_column"], out.rejects["raw_value"]))
    assert dropped == {"Bạn là": "Mẹ bé Na, [đã ẩn]", "Nhà trường thân thiện": "Xin gọi lại [đã ẩn]"}


# ---------------------------------------------------------------- quoting and line breaks
#
# Every export is read record by record with Python's csv module: a record on one line, a value
# spanning lines (the fixture above: line 3's note) and a lone carriage return give the same
# figures, numbered by the line on which each response starts.


def _one_line_rows() -> list[str]:
    # The fixture with line 3's note on one line: the responses now start on lines 2, 3, 4, 5,
    # 6 and 8 (line 7 holds only separators).
    return [row.replace("Cảm ơn\nnhà trường", "Cảm ơn, nhà trường") for row in EXPORT_ROWS]


def _write_one_line(inbox: Path, line_end: str = "\n") -> None:
    folder = inbox / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    body = line_end.join([EXPORT_HEADER, *_one_line_rows()]) + line_end
    (folder / "ks_mot_dong.csv").write_bytes(body.encode("utf-8"))
    (folder / "ks_mot_dong.questions.csv").write_text(QUESTIONNAIRE, encoding="utf-8")


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_one_line_records_give_the_fixture_figures_one_line_earlier(tmp_path, line_end):
    _write_one_line(tmp_path, line_end)
    out = read_surveys(tmp_path, salt=SALT)
    # Same counts and rows as the fixture, one line earlier from line 4 on (hand-shifted).
    assert out.file_counts == {"surveys/ks_mot_dong.csv": (6, 4, 2)}
    assert out.tables["survey_responses"]["source_row"].to_list() == [2, 3, 4, 8]
    rejected = out.rejects.filter(pl.col("action") == "row_rejected")
    assert rejected["source_row"].to_list() == [5, 6]
    answers = answers_of(out.tables)
    assert answers["score"].to_list() == [5, 4, 4, 3, None, None, None, 5, 1, 4, 3, 5]
    keys = out.tables["survey_responses"]["respondent_key"].to_list()
    assert (
        keys[0]
        == keys[1]
        == hashlib.sha256((SALT + "nguyen van an|0912345678|an.nguyen@example.com").encode("utf-8")).hexdigest()
    )


def test_a_lone_carriage_return_inside_a_quoted_value_breaks_the_value_not_the_record(tmp_path):
    _write_one_line(tmp_path)
    lone = tmp_path / "surveys" / "ks_cr.csv"
    lone.write_bytes(
        (EXPORT_HEADER + "\n" + "\n".join(_one_line_rows()).replace("Cảm ơn,", "Cảm ơn\r") + "\n").encode()
    )
    (tmp_path / "surveys" / "ks_cr.questions.csv").write_text(QUESTIONNAIRE, encoding="utf-8")
    out = read_surveys(tmp_path, salt=SALT)
    # The CR falls inside line 3's quoted note: Python's csv module counts it as a line break
    # inside the value, as the fixture's "\n", so the responses start on lines 2, 3, 5, 6, 7, 9.
    assert out.file_counts["surveys/ks_cr.csv"] == (6, 4, 2)
    responses = out.tables["survey_responses"].filter(pl.col("source_file") == "surveys/ks_cr.csv")
    assert responses["source_row"].to_list() == [2, 3, 5, 9]


def test_an_export_is_checked_batch_by_batch_without_the_whole_file_limit(tmp_path, monkeypatch):
    from orchestration.formats.csv_files import decoding

    _write_one_line(tmp_path)
    size = (tmp_path / "surveys" / "ks_mot_dong.csv").stat().st_size
    # A limit below the export's size: a whole-file read refuses it, the survey reader does not.
    monkeypatch.setattr(decoding, "MAX_CSV_BYTES", size - 1)
    monkeypatch.setattr(decoding, "CHECK_BATCH_BYTES", 64)  # many batches of a few lines
    out = read_surveys(tmp_path, salt=SALT)
    assert out.file_counts == {"surveys/ks_mot_dong.csv": (6, 4, 2)}
    assert out.tables["survey_responses"]["source_row"].to_list() == [2, 3, 4, 8]


def test_a_line_too_long_in_a_later_batch_is_refused_with_its_line_number(tmp_path, monkeypatch):
    from orchestration.formats.csv_files import decoding

    _write_one_line(tmp_path)
    export = tmp_path / "surveys" / "ks_mot_dong.csv"
    rows = export.read_text(encoding="utf-8").splitlines()
    # A bound just above the longest line; line 6 (the header is line 1) gets a note that long.
    bound = max(len(row.encode()) for row in rows) + 1
    rows[5] = rows[5] + "," + "x" * bound
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(decoding, "MAX_LINE_BYTES", bound)
    monkeypatch.setattr(decoding, "CHECK_BATCH_BYTES", 64)
    with pytest.raises(decoding.CsvFileError, match=r"^line 6 is"):
        decoding.check_csv_file(export)


def test_an_export_that_is_not_utf8_is_refused_with_the_whole_file_message(tmp_path, monkeypatch):
    from orchestration.formats.csv_files import decoding

    _write_one_line(tmp_path)
    export = tmp_path / "surveys" / "ks_mot_dong.csv"
    data = export.read_bytes()
    at = data.index("Đồng ý".encode())
    export.write_bytes(data[:at] + b"\xff" + data[at + 1 :])
    monkeypatch.setattr(decoding, "CHECK_BATCH_BYTES", 64)
    with pytest.raises(decoding.CsvFileError, match=rf"^the file is not UTF-8 \(byte {at}\)"):
        decoding.check_csv_file(export)
