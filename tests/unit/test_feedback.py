"""The feedback reader on a hand-written CSV log and a workbook with a banner and a hidden sheet."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from orchestration.readers.feedback import FEEDBACK_ITEMS_SCHEMA, read_feedback

# Line 1 is a banner, line 2 blank, line 3 the header; data from line 4. Line 11 holds only
# separators and line 12 only an STT number: neither is a row.
CSV_LOG = """Sổ theo dõi thư góp ý năm học 2025-2026
,,,,,,,,
STT,Ngày nhận,Kênh,Chủ đề,Nội dung,Đơn vị xử lý,Ngày trả lời,Trạng thái,Họ tên người gửi
1,02/10/2025,Email,Học phí,"Tôi là Lê Văn Cường, SĐT 0903111222, hỏi về học phí",Văn phòng,05/10/2025,Đã trả lời,Lê Văn Cường
2,2025-12-20,đường dây nóng,An toàn trường học,Phụ huynh Phạm Thị Dung gọi lúc 9h,"Phòng Học sinh,  sinh viên",,đang xử lý,Phạm Thị Dung
3,10/11/2025,Fax,Tuyển sinh,nội dung,Văn phòng,,,
4,10/11/2025,Thư,Tuyển sinh,nội dung,Văn phòng,01/11/2025,Đã trả lời,
5,,Email,Tuyển sinh,nội dung,Văn phòng,,,
6,01/01/2024,Email,Tuyển sinh,nội dung,Văn phòng,,,
7,32/13/2025,Mạng xã hội,Tuyển sinh,nội dung,Văn phòng,,,
,,,,,,,,
12,,,,,,,,
"""
PERSONAL = ["Lê Văn Cường", "0903111222", "Phạm Thị Dung", "gọi lúc 9h"]


def write_xlsx(path: Path) -> None:
    workbook = xlsxwriter.Workbook(path)
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet = workbook.add_worksheet("Tháng 1")
    # Row 1 empty, a merged banner on row 2, the header on row 4, data from row 5.
    sheet.merge_range(1, 0, 1, 6, "SỞ GIÁO DỤC VÀ ĐÀO TẠO - NHẬT KÝ ĐƯỜNG DÂY NÓNG")
    header = [
        "Ngày tiếp nhận",
        "Kênh tiếp nhận",
        "Chủ đề",
        unicodedata.normalize("NFD", "Nội dung"),
        "Đơn vị  xử lý",
        "Ngày trả lời",
        "Tình trạng",
    ]
    sheet.write_row(3, 0, header)
    sheet.write_datetime(4, 0, dt.datetime(2026, 1, 12), date_format)
    sheet.write_row(4, 1, ["Cổng TTĐT Sở", "Chuyển đổi số", "Số điện thoại 0911222333", "Văn phòng"])
    sheet.write_datetime(4, 5, dt.datetime(2026, 1, 20), date_format)
    sheet.write(4, 6, "Hoàn thành")
    sheet.write_row(5, 0, ["15/03/2026", "Zalo", "Học bạ số", "", "Phòng Giáo dục Phổ thông", "", "Chưa trả lời"])
    sheet.write_row(6, 0, ["16/03/2026", "Email", "Học bạ số", "", "Văn phòng", "", "Đã gửi công văn"])
    hidden = workbook.add_worksheet("Nháp")
    hidden.write_row(0, 0, ["Ngày nhận", "Kênh"])
    hidden.write_row(1, 0, ["01/10/2025", "Email"])
    hidden.hide()
    workbook.close()


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    folder = inbox / "feedback"
    folder.mkdir()
    (folder / "so_theo_doi.csv").write_text(CSV_LOG, encoding="utf-8-sig")
    write_xlsx(folder / "duong_day_nong.xlsx")
    (folder / "bao_cao.xlsx").write_text("Ngày nhận,Kênh\n01/10/2025,Email\n", encoding="utf-8")
    return read_feedback(inbox)


def test_counts_per_file(result):
    assert result.file_counts == {
        "feedback/bao_cao.xlsx": (0, 0, 0),
        "feedback/duong_day_nong.xlsx": (3, 2, 1),
        "feedback/so_theo_doi.csv": (7, 2, 5),
    }
    for read, loaded, rejected in result.file_counts.values():
        assert read == loaded + rejected


def test_csv_rows_loaded(result):
    items = result.tables["feedback_items"].filter(pl.col("source_file") == "feedback/so_theo_doi.csv")
    assert items.to_dicts() == [
        {
            "source_file": "feedback/so_theo_doi.csv",
            "source_sheet": None,
            "source_row": 4,
            "received_date": dt.date(2025, 10, 2),
            "channel": "Email",
            "topic": "Học phí",
            "handling_unit": "Văn phòng",
            "answered_date": dt.date(2025, 10, 5),
            "status": "Đã trả lời",
            "period_key": "2025-Q4",
        },
        {
            "source_file": "feedback/so_theo_doi.csv",
            "source_sheet": None,
            "source_row": 5,
            "received_date": dt.date(2025, 12, 20),
            "channel": "Đường dây nóng",
            "topic": "An toàn trường học",
            "handling_unit": "Phòng Học sinh, sinh viên",
            "answered_date": None,
            "status": "Đang xử lý",
            "period_key": "2026-Q1",
        },
    ]


def test_csv_row_rejects(result):
    rejects = result.rejects.filter(pl.col("source_file") == "feedback/so_theo_doi.csv").sort("source_row")
    got = [(r["source_row"], r["source_column"], r["raw_value"]) for r in rejects.iter_rows(named=True)]
    assert got == [
        (6, "Kênh", "Fax"),
        (7, "Ngày trả lời", "01/11/2025"),
        (8, "Ngày nhận", None),
        (9, "Ngày nhận", "01/01/2024"),
        (10, "Ngày nhận", "32/13/2025"),
    ]
    reasons = rejects["reason"].to_list()
    assert reasons[0].startswith("unknown channel")
    assert reasons[1] == "answered on 01/11/2025, before it was received on 10/11/2025"
    assert reasons[2] == "the received date (ngày nhận) is empty"
    assert "outside every reporting window" in reasons[3]
    assert reasons[4].startswith("the received date (ngày nhận) is not a date")
    assert set(rejects["action"]) == {"row_rejected"}
    assert rejects["period_key"].to_list() == ["2025-Q4", "2025-Q4", None, None, None]


def test_workbook_with_banner_and_hidden_sheet(result):
    items = result.tables["feedback_items"].filter(pl.col("source_file") == "feedback/duong_day_nong.xlsx")
    got = [
        (
            r["source_sheet"],
            r["source_row"],
            r["received_date"],
            r["channel"],
            r["answered_date"],
            r["status"],
            r["period_key"],
        )
        for r in items.iter_rows(named=True)
    ]
    assert got == [
        ("Tháng 1", 5, dt.date(2026, 1, 12), "Cổng TTĐT", dt.date(2026, 1, 20), "Đã trả lời", "2026-Q1"),
        ("Tháng 1", 6, dt.date(2026, 3, 15), "Mạng xã hội", None, "Chưa xử lý", "2026-Q2"),
    ]
    [reject] = result.rejects.filter(pl.col("source_file") == "feedback/duong_day_nong.xlsx").to_dicts()
    assert (reject["source_sheet"], reject["source_row"], reject["source_column"]) == ("Tháng 1", 7, "Tình trạng")
    assert reject["raw_value"] == "Đã gửi công văn"
    assert reject["reason"].startswith("unknown status")


def test_csv_named_xlsx_is_refused(result):
    [reject] = result.rejects.filter(pl.col("source_file") == "feedback/bao_cao.xlsx").to_dicts()
    assert reject["action"] == "file_rejected"
    assert "really CSV" in reject["reason"]


def test_content_and_sender_columns_are_dropped(result):
    table = result.tables["feedback_items"]
    assert table.schema == pl.Schema(FEEDBACK_ITEMS_SCHEMA)
    assert not any("noi dung" in c or "content" in c for c in table.columns)
    cells = [str(v) for frame in (table, result.rejects) for row in frame.iter_rows() for v in row if v is not None]
    for secret in [*PERSONAL, "0911222333", "hỏi về học phí"]:
        assert not any(secret in cell for cell in cells), secret


def test_phones_and_emails_in_kept_text_are_redacted(tmp_path):
    # A clerk typed the caller's number into the topic and an e-mail into the unit column.
    folder = tmp_path / "feedback"
    folder.mkdir()
    (folder / "log.csv").write_text(
        "Ngày nhận,Kênh,Chủ đề,Đơn vị xử lý,Ngày trả lời,Trạng thái\n"
        "02/10/2025,Đường dây nóng,Học phí (anh Minh 0903.222.333),Văn phòng,,\n"
        "03/10/2025,Email,Tuyển sinh,vanphong.sgddt@example.com,,\n"
        "04/10/2025,Fax 0987 654 321,Tuyển sinh,Văn phòng,,\n",
        encoding="utf-8",
    )
    out = read_feedback(tmp_path)
    items = out.tables["feedback_items"].sort("source_row")
    assert items["topic"].to_list() == ["Học phí (anh Minh [đã ẩn])", "Tuyển sinh"]
    assert items["handling_unit"].to_list() == ["Văn phòng", "[đã ẩn]"]
    [reject] = out.rejects.to_dicts()
    assert (reject["source_row"], reject["source_column"], reject["raw_value"]) == (4, "Kênh", "Fax [đã ẩn]")


def test_only_the_named_files_are_read(tmp_path):
    # A refresh reads only new and changed logs (warehouse/file_index.py): here the hotline workbook
    # alone, with the same counts as in the whole read above (3 read, 2 loaded, 1 rejected).
    inbox = tmp_path / "inbox"
    (inbox / "feedback").mkdir(parents=True)
    (inbox / "feedback" / "so_theo_doi.csv").write_text(CSV_LOG, encoding="utf-8-sig")
    write_xlsx(inbox / "feedback" / "duong_day_nong.xlsx")
    only = read_feedback(inbox, only={"feedback/duong_day_nong.xlsx"})
    assert only.file_counts == {"feedback/duong_day_nong.xlsx": (3, 2, 1)}
    assert set(only.tables["feedback_items"]["source_file"]) == {"feedback/duong_day_nong.xlsx"}
