"""The unit report reader on real .xlsx files written by tests/unit/workbooks.py.

Expected values were worked out from the rows each test writes: Excel rows are counted from 1,
with a banner in row 1, the header in row 3 and data from row 4 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import unicodedata
from pathlib import Path

import polars as pl
import pytest

from orchestration.domain.dates import HCM
from orchestration.readers.unit_report import (
    ACTIVITIES_SCHEMA,
    ASSESSMENTS_SCHEMA,
    INCIDENTS_SCHEMA,
    SUBMISSIONS_SCHEMA,
    CellError,
    parse_completion_pct,
    parse_task,
    read_receipts,
    read_unit_report_file,
    read_unit_reports,
    unit_report_files,
)
from tests.unit.workbooks import (
    PREPARER_EMAIL,
    PREPARER_NAME,
    PREPARER_PHONE,
    Percent,
    Report,
    Sheet,
    info,
    write_receipts,
    write_report,
    write_workbook,
)

LINK = "https://benthanh.hcm.gov.vn/tin/ngay-hoi-stem"


def activity(task: object, form: object = "Tin bài", **cells: object) -> list[object]:
    """A HoatDong row in the template's column order; unnamed cells are blank."""
    order = ["stt", "task", "form", "channel", "title", "date", "quantity", "reach", "engagement", "link", "note"]
    values = {"task": task, "form": form, "title": "Hoạt động", **cells}
    return [values.get(name) for name in order]


def inbox_with(tmp_path: Path, *reports: tuple[str, Report]) -> Path:
    inbox = tmp_path / "inbox"
    for name, report in reports:
        write_report(inbox / "unit_reports" / name, report)
    return inbox


def only_reject(result, source_file: str) -> dict:
    rows = result.rejects.filter(pl.col("source_file") == source_file).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


# ---------------------------------------------------------------- cell parsers


@pytest.mark.parametrize(
    ("written", "task"),
    [
        ("2.4", "2.4"),
        ("Nhiệm vụ 2.4", "2.4"),
        ("NV4", "2.4"),
        ("NV 4", "2.4"),
        ("4", "2.4"),
        ("2.04", "2.4"),
        ("nv 2.15", "2.15"),
        ("2,10", "2.10"),
        ("2.4 - Chất lượng giáo dục", "2.4"),
        ("Nhiệm vụ số 12", "2.12"),
    ],
)
def test_task_spellings(written: str, task: str) -> None:
    assert parse_task(written) == task


@pytest.mark.parametrize("written", [None, "2.16", "16", "0", "1.4", "2.4.1", "3.2", "Truyền thông"])
def test_tasks_outside_the_plan_are_errors(written: str | None) -> None:
    with pytest.raises(CellError):
        parse_task(written)


@pytest.mark.parametrize(
    ("written", "pct"),
    [("38,5%", 38.5), ("38,5", 38.5), ("0.385", 38.5), ("85", 85.0), ("100%", 100.0), ("0", 0.0), (None, None)],
)
def test_completion_percentages(written: str | None, pct: float | None) -> None:
    assert parse_completion_pct(written) == pct


@pytest.mark.parametrize("written", ["120%", "-5", "Hoàn thành"])
def test_completion_out_of_range_or_not_a_number(written: str) -> None:
    with pytest.raises(CellError):
        parse_completion_pct(written)


# ---------------------------------------------------------------- layout and values


def test_banner_merged_title_and_every_value_form(tmp_path: Path) -> None:
    report = Report(
        info=info(),
        activities=[
            activity(
                "2.4",
                "Tin bài",
                stt=1,
                channel="Fanpage",
                title="Ngày hội STEM",
                date="03/10/2025",
                reach="12.500",
                engagement=340,
                link=LINK,
            ),
            activity(
                "Nhiệm vụ 2.4",
                "video clip",
                stt=2,
                channel="Cổng TTĐT Sở",
                date=dt.date(2025, 11, 5),
                quantity=2,
                reach=1000,
                engagement=25,
            ),
            activity("NV4", "Họp báo", stt=3, date="2025-11-20", quantity="1,5"),
            activity("4", "Sự kiện", stt=4, channel="Nội bộ"),
        ],
        assessments=[[1, "2.4", "38,5%", "Tốt", "Ít người", "Thêm kinh phí"], [2, "2.15", Percent(0.385)]],
    )
    result = read_unit_reports(inbox_with(tmp_path, ("ben_thanh.xlsx", report)))

    acts = result.tables["unit_report_activities"].sort("source_row")
    assert acts["source_row"].to_list() == [4, 5, 6, 7]
    assert acts["task_code"].to_list() == ["2.4"] * 4
    assert acts["activity_form"].to_list() == ["Tin bài", "Video clip", "Họp báo", "Sự kiện"]
    assert acts["channel"].to_list() == ["Fanpage", "Cổng TTĐT Sở", None, "Nội bộ"]
    assert acts["activity_date"].to_list() == [dt.date(2025, 10, 3), dt.date(2025, 11, 5), dt.date(2025, 11, 20), None]
    assert acts["quantity"].to_list() == [1.0, 2.0, 1.5, 1.0]
    assert acts["reach"].to_list() == [12500, 1000, None, None]
    assert acts["engagement"].to_list() == [340, 25, None, None]
    assert acts["stt"].to_list() == ["1", "2", "3", "4"]
    assert acts["link"].to_list()[0] == LINK

    assess = result.tables["unit_report_assessments"].sort("source_row")
    assert assess.select("source_row", "task_code", "completion_pct").rows() == [(4, "2.4", 38.5), (5, "2.15", 38.5)]
    assert assess["difficulties"].to_list() == ["Ít người", None]

    sub = result.tables["unit_report_submissions"].row(0, named=True)
    assert (sub["unit_code"], sub["unit_kind"], sub["unit_name"]) == ("26743", "ward", "Phường Bến Thành")
    assert (sub["report_kind"], sub["period_key"], sub["school_year"]) == ("quarterly", "2025-Q4", "2025-2026")
    assert sub["declared_sent_date"] == dt.date(2025, 12, 10)
    assert (sub["rows_read"], sub["rows_loaded"], sub["rows_rejected"]) == (6, 6, 0)
    assert result.file_counts == {"unit_reports/ben_thanh.xlsx": (6, 6, 0)}
    assert result.rejects.height == 0


def test_columns_in_another_order_with_other_wording_and_header_lower(tmp_path: Path) -> None:
    header = [
        "Ghi chú",
        "Kênh đăng tải",
        "Hình thức truyền thông",
        "Mã nhiệm vụ",
        "Tên hoạt động",
        "Số lượng (sản phẩm)",
        "Ngày đăng",
        "STT",
        "Lượt xem",
    ]
    report = Report(
        info=info(),
        banner=None,
        header_row=5,  # Excel row 6, after five blank rows
        activity_header=header,
        activities=[
            [
                "Phối hợp báo Tuổi Trẻ",
                "Báo điện tử",
                "Infographic",
                "2.11",
                "Chuyển đổi số",
                3,
                "15/11/2025",
                1,
                "2.000",
            ],
        ],
        assessments=None,
    )
    result = read_unit_reports(inbox_with(tmp_path, ("x.xlsx", report)))
    acts = result.tables["unit_report_activities"]
    assert acts.select(
        "source_row", "task_code", "activity_form", "channel", "title", "quantity", "activity_date", "reach", "note"
    ).rows() == [
        (
            7,
            "2.11",
            "Infographic",
            "Báo điện tử",
            "Chuyển đổi số",
            3.0,
            dt.date(2025, 11, 15),
            2000,
            "Phối hợp báo Tuổi Trẻ",
        ),
    ]


def test_nfd_text_becomes_nfc(tmp_path: Path) -> None:
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    report = Report(
        info=info(unit=nfd("Phường Bến Thành")),
        activities=[
            activity(
                nfd("Nhiệm vụ 2.8"),
                nfd("Tọa đàm"),
                channel=nfd("Truyền hình"),
                title=nfd("Tọa đàm  về văn hóa học đường"),
            )
        ],
    )
    result = read_unit_reports(inbox_with(tmp_path, ("nfd.xlsx", report)))
    act = result.tables["unit_report_activities"].row(0, named=True)
    assert (act["task_code"], act["activity_form"], act["channel"]) == ("2.8", "Tọa đàm", "Truyền hình")
    assert act["title"] == "Tọa đàm về văn hóa học đường"
    assert unicodedata.is_normalized("NFC", act["title"])
    sub = result.tables["unit_report_submissions"].row(0, named=True)
    assert sub["unit_name_raw"] == "Phường Bến Thành" and sub["unit_code"] == "26743"


def test_a_cell_is_cleaned_as_lib_text_cleans_it_whatever_its_neighbours(tmp_path: Path) -> None:
    # An ideographic space (U+3000) is whitespace that is not one of the odd spaces turned into a
    # plain space: clean_text strips it from the ends of a cell, and a cell holding only it is blank.
    report = Report(
        info=info(),
        activities=[
            activity("2.4", title="Ngày hội STEM\u3000", note="\u3000Phối hợp"),
            activity(None, form=None, title="\u3000"),  # only a blank-looking title: template padding
        ],
        assessments=None,
    )
    result = read_unit_reports(inbox_with(tmp_path, ("w.xlsx", report)))
    acts = result.tables["unit_report_activities"]
    # The header is on Excel row 3, so the activity is row 4.
    assert acts.select("source_row", "title", "note").rows() == [(4, "Ngày hội STEM", "Phối hợp")]
    assert result.rejects.height == 0
    assert result.file_counts == {"unit_reports/w.xlsx": (1, 1, 0)}


def test_info_sheet_inline_values_and_template_hints(tmp_path: Path) -> None:
    report = Report(
        info=[
            ("Tên đơn vị: P. Bến Thành",),
            ("Mã đơn vị", None, "(để trống nếu không có)"),
            ("Kỳ báo cáo", "Quý I/2026"),
            ("Người lập", PREPARER_NAME),
        ],
        activities=[activity("2.9")],
    )
    result = read_unit_reports(inbox_with(tmp_path, ("i.xlsx", report)))
    sub = result.tables["unit_report_submissions"].row(0, named=True)
    assert (sub["unit_name_raw"], sub["unit_code_raw"], sub["unit_code"], sub["match_method"]) == (
        "P. Bến Thành",
        None,
        "26743",
        "alias",
    )
    assert (sub["period_key"], sub["declared_sent_date"]) == ("2026-Q1", None)


# ---------------------------------------------------------------- who sent it


@pytest.mark.parametrize(
    ("unit", "code", "expected"),
    [
        (None, "26743", ("26743", "ward", "Phường Bến Thành", "code", 1.0)),
        ("Phường Bến Thành", None, ("26743", "ward", "Phường Bến Thành", "exact_name", 1.0)),
        ("P. Bến Thành", None, ("26743", "ward", "Phường Bến Thành", "alias", 1.0)),
        ("Phường 6, Quận 3", None, ("27139", "ward", "Phường Xuân Hòa", "legacy_ward", 1.0)),
        ("Phòng HSSV", None, ("HSSV", "department", "Phòng Học sinh, sinh viên", "alias", 1.0)),
        ("Trường THCS Nguyễn Du", "thcs-0001", ("THCS-0001", "school", "Trường THCS Nguyễn Du", "code", 1.0)),
    ],
)
def test_unit_identified(tmp_path: Path, unit: str | None, code: str | None, expected: tuple) -> None:
    report = Report(info=info(unit=unit, code=code), activities=[activity("2.15")])
    result = read_unit_reports(inbox_with(tmp_path, ("u.xlsx", report)))
    sub = result.tables["unit_report_submissions"]
    assert sub.select("unit_code", "unit_kind", "unit_name", "match_method", "match_confidence").rows() == [expected]


def test_unit_that_cannot_be_identified_rejects_the_file(tmp_path: Path) -> None:
    report = Report(info=info(unit="Xã Cần Giờ Mới"), activities=[activity("2.15")])
    result = read_unit_reports(inbox_with(tmp_path, ("u.xlsx", report)))
    assert result.tables["unit_report_submissions"].height == 0
    assert result.tables["unit_report_activities"].height == 0
    reject = only_reject(result, "unit_reports/u.xlsx")
    # 'can gio moi' vs 'can gio' = 2 * 7 / 18 = 0.78, below the 0.85 threshold
    assert "'Xã Cần Giờ Mới'" in reject["reason"] and "Xã Cần Giờ (27664)" in reject["reason"]
    assert "0.78" in reject["reason"]
    assert (reject["source_row"], reject["action"], reject["period_key"]) == (None, "file_rejected", "2025-Q4")
    assert result.file_counts["unit_reports/u.xlsx"] == (0, 0, 0)


def test_name_and_code_that_disagree_reject_naming_both(tmp_path: Path) -> None:
    report = Report(info=info(unit="Phường Bến Thành", code="HSSV"), activities=[activity("2.15")])
    result = read_unit_reports(inbox_with(tmp_path, ("u.xlsx", report)))
    reason = only_reject(result, "unit_reports/u.xlsx")["reason"]
    assert "Phường Bến Thành" in reason and "HSSV" in reason


# ---------------------------------------------------------------- periods and receipts


def test_year_end_and_ad_hoc_periods(tmp_path: Path) -> None:
    inbox = inbox_with(
        tmp_path,
        ("tong_ket.xlsx", Report(info=info(period="Tổng kết năm học 2025-2026"), activities=[activity("2.1")])),
        ("dot_xuat.xlsx", Report(info=info(period="Đột xuất"), activities=[activity("2.15")])),
    )
    write_receipts(
        inbox, [("tong_ket.xlsx", "2026-06-10T08:00:00+07:00"), ("dot_xuat.xlsx", "2026-01-10T09:00:00+07:00")]
    )
    subs = read_unit_reports(inbox).tables["unit_report_submissions"].sort("source_file")
    assert subs.select("source_file", "report_kind", "period_key", "school_year").rows() == [
        ("unit_reports/dot_xuat.xlsx", "ad_hoc", "2026-Q1", "2025-2026"),
        ("unit_reports/tong_ket.xlsx", "year_end", "2026-Q2", "2025-2026"),
    ]


def test_unknown_period_rejects_the_file(tmp_path: Path) -> None:
    report = Report(info=info(period="Quý V/2025"), activities=[activity("2.15")])
    result = read_unit_reports(inbox_with(tmp_path, ("p.xlsx", report)))
    reason = only_reject(result, "unit_reports/p.xlsx")["reason"]
    assert reason.startswith("unknown reporting period") and "Quý V/2025" in reason


def test_corrected_second_submission_keeps_both_with_receipt_times(tmp_path: Path) -> None:
    inbox = inbox_with(
        tmp_path,
        ("ben_thanh_q4.xlsx", Report(info=info(), activities=[activity("2.4", quantity=3)])),
        ("ben_thanh_q4_sua.xlsx", Report(info=info(), activities=[activity("2.4", quantity=5)])),
    )
    write_receipts(
        inbox,
        [("ben_thanh_q4.xlsx", "2025-12-12T10:00:00+07:00"), ("ben_thanh_q4_sua.xlsx", "2025-12-14T16:05:00+07:00")],
    )
    result = read_unit_reports(inbox)
    subs = result.tables["unit_report_submissions"].sort("received_at")
    assert subs["source_file"].to_list() == ["unit_reports/ben_thanh_q4.xlsx", "unit_reports/ben_thanh_q4_sua.xlsx"]
    assert subs["received_at"].to_list() == [
        dt.datetime(2025, 12, 12, 10, 0, tzinfo=HCM),
        dt.datetime(2025, 12, 14, 16, 5, tzinfo=HCM),
    ]
    assert subs["received_source"].to_list() == ["receipt_log", "receipt_log"]
    assert subs["submission_id"].n_unique() == 2
    assert subs["submission_id"].to_list() == [s[:16] for s in subs["file_sha256"].to_list()]
    assert set(subs["unit_code"]) == {"26743"} and set(subs["period_key"]) == {"2025-Q4"}
    acts = result.tables["unit_report_activities"].join(
        subs.select("submission_id", "source_file"), on=["submission_id", "source_file"]
    )
    assert acts.sort("source_file")["quantity"].to_list() == [3.0, 5.0]


def test_malformed_receipt_line_is_rejected_and_the_file_falls_back_to_mtime(tmp_path: Path) -> None:
    inbox = inbox_with(tmp_path, ("a.xlsx", Report(info=info(), activities=[activity("2.4")])))
    write_receipts(inbox, [("a.xlsx", "14/12/2025 16:05")])
    mtime = dt.datetime(2025, 12, 13, 9, 30, tzinfo=HCM)
    os.utime(inbox / "unit_reports" / "a.xlsx", (mtime.timestamp(), mtime.timestamp()))
    result = read_unit_reports(inbox)
    reject = only_reject(result, "unit_reports/_received.csv")
    assert (reject["source_row"], reject["source_column"], reject["raw_value"]) == (
        2,
        "received_at",
        "14/12/2025 16:05",
    )
    sub = result.tables["unit_report_submissions"].row(0, named=True)
    assert (sub["received_at"], sub["received_source"]) == (mtime, "file_mtime")


def test_unreadable_sent_date_is_kept_empty_and_noted(tmp_path: Path) -> None:
    report = Report(info=info(sent="mười hai tháng mười hai"), activities=[activity("2.4")])
    result = read_unit_reports(inbox_with(tmp_path, ("s.xlsx", report)))
    sub = result.tables["unit_report_submissions"].row(0, named=True)
    assert sub["declared_sent_date"] is None and sub["rows_read"] == 1
    reject = only_reject(result, "unit_reports/s.xlsx")
    # ThongTin: banner in row 1, then Tên đơn vị (3), Mã đơn vị (4), Kỳ báo cáo (5), Ngày gửi (6)
    assert (reject["source_sheet"], reject["source_row"], reject["source_column"]) == ("ThongTin", 6, "Ngày gửi")
    assert (reject["raw_value"], reject["action"]) == ("mười hai tháng mười hai", "value_dropped")
    assert result.file_counts["unit_reports/s.xlsx"] == (1, 1, 0)


# ---------------------------------------------------------------- files that are not reports


@pytest.mark.parametrize(
    ("content", "reason_part"),
    [
        (b"", "empty"),
        ("Tên đơn vị,Kỳ báo cáo\nPhường Bến Thành,Quý IV/2025\n".encode(), "really CSV"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "really HTML"),
        (b"\x00\x01\x02 not a workbook", "not an Excel workbook"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, content: bytes, reason_part: str) -> None:
    path = tmp_path / "inbox" / "unit_reports" / "bao_cao.xlsx"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    result = read_unit_reports(tmp_path / "inbox")
    reject = only_reject(result, "unit_reports/bao_cao.xlsx")
    assert reason_part in reject["reason"] and reject["action"] == "file_rejected"
    assert result.file_counts == {"unit_reports/bao_cao.xlsx": (0, 0, 0)}
    assert all(frame.height == 0 for frame in result.tables.values())


def test_truncated_workbook(tmp_path: Path) -> None:
    inbox = inbox_with(tmp_path, ("t.xlsx", Report(info=info(), activities=[activity("2.4")])))
    path = inbox / "unit_reports" / "t.xlsx"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    result = read_unit_reports(inbox)
    assert "truncated or damaged" in only_reject(result, "unit_reports/t.xlsx")["reason"]
    assert result.file_counts["unit_reports/t.xlsx"] == (0, 0, 0)


def test_missing_activity_sheet(tmp_path: Path) -> None:
    path = tmp_path / "inbox" / "unit_reports" / "m.xlsx"
    write_workbook(path, [Sheet("ThongTin", [list(kv) for kv in info()])])
    reason = only_reject(read_unit_reports(tmp_path / "inbox"), "unit_reports/m.xlsx")["reason"]
    assert "no HoatDong sheet" in reason


def test_empty_template(tmp_path: Path) -> None:
    # The template as distributed: STT numbers pre-filled, nothing else.
    report = Report(info=info(unit=None, sent=None), activities=[[n] for n in range(1, 11)])
    result = read_unit_reports(inbox_with(tmp_path, ("mau.xlsx", report)))
    assert "empty template" in only_reject(result, "unit_reports/mau.xlsx")["reason"]
    assert result.tables["unit_report_submissions"].height == 0


def test_identical_bytes_keep_the_earliest_received(tmp_path: Path) -> None:
    inbox = inbox_with(tmp_path, ("z_gui_truoc.xlsx", Report(info=info(), activities=[activity("2.4")])))
    shutil.copy(inbox / "unit_reports" / "z_gui_truoc.xlsx", inbox / "unit_reports" / "a_gui_lai.xlsx")
    write_receipts(
        inbox, [("z_gui_truoc.xlsx", "2025-12-01T08:00:00+07:00"), ("a_gui_lai.xlsx", "2025-12-03T08:00:00+07:00")]
    )
    result = read_unit_reports(inbox)
    assert result.tables["unit_report_submissions"]["source_file"].to_list() == ["unit_reports/z_gui_truoc.xlsx"]
    reason = only_reject(result, "unit_reports/a_gui_lai.xlsx")["reason"]
    assert reason.startswith("same content as unit_reports/z_gui_truoc.xlsx")
    assert result.file_counts["unit_reports/a_gui_lai.xlsx"] == (0, 0, 0)


def test_receipt_log_and_dot_files_are_not_reports(tmp_path: Path) -> None:
    inbox = inbox_with(tmp_path, ("sub/a.xlsx", Report(info=info(), activities=[activity("2.4")])))
    write_receipts(inbox, [("sub/a.xlsx", "2025-12-01T08:00:00+07:00")])
    (inbox / "unit_reports" / ".DS_Store").write_bytes(b"\x00")
    result = read_unit_reports(inbox)
    assert list(result.file_counts) == ["unit_reports/sub/a.xlsx"]
    assert result.tables["unit_report_submissions"]["received_source"].to_list() == ["receipt_log"]


# ---------------------------------------------------------------- rows


def test_row_rejects_and_counts(tmp_path: Path) -> None:
    report = Report(
        info=info(),
        activities=[
            activity("2.4", stt=1),  # row 4: loaded
            activity("2.16", stt=2),  # row 5: no such task
            activity("2.4", "Bài hát", stt=3, date="31/02/2025"),  # row 6: unknown form and impossible date
            [4],  # row 7: STT only, template padding: not read
            [],  # row 8: blank
            activity("2.4", None, stt=5),  # row 9: no form
            ["Tổng cộng", None, None, None, None, None, 4],  # row 10: totals
            ["Người lập biểu"],  # row 11: signature block: the table ends here
            [None, None, None, None, PREPARER_NAME],  # row 12: never read
        ],
        assessments=[[1, "NV9", "85%"], [2, "9", "Hoàn thành"]],  # rows 4, 5
        incidents=[
            [1, "05/11/2025", "Tin sai về học phí", "trung bình", "Facebook", "Đính chính", "07/11/2025", "Đã gỡ"],
            [2, "10/11/2025", "Clip sai sự thật", "Cao", "TikTok", "Họp báo", "08/11/2025", None],
        ],
    )
    result = read_unit_reports(inbox_with(tmp_path, ("r.xlsx", report)))
    rejects = (
        result.rejects.sort("source_sheet", "source_row")
        .select("source_sheet", "source_row", "source_column", "raw_value", "period_key", "action")
        .rows()
    )
    assert rejects == [
        ("DanhGia", 5, "Mức độ hoàn thành (%)", "Hoàn thành", "2025-Q4", "row_rejected"),
        ("HoatDong", 5, "Nhiệm vụ", "2.16", "2025-Q4", "row_rejected"),
        ("HoatDong", 6, "Hình thức", "Bài hát", "2025-Q4", "row_rejected"),
        ("HoatDong", 9, "Hình thức", None, "2025-Q4", "row_rejected"),
        ("HoatDong", 10, "STT", "Tổng cộng", "2025-Q4", "row_rejected"),
        ("SuCo", 5, "Ngày xử lý xong", "08/11/2025", "2025-Q4", "row_rejected"),
    ]
    both = result.rejects.filter(pl.col("source_row") == 6)["reason"].item()
    assert both.startswith("Hình thức: unknown form 'Bài hát'")  # one row, both problems
    assert "; Ngày thực hiện: expected a date" in both and "31/02/2025" in both

    assert result.tables["unit_report_activities"]["source_row"].to_list() == [4]
    assert result.tables["unit_report_assessments"].select("task_code", "completion_pct").rows() == [("2.9", 85.0)]
    incident = result.tables["unit_report_incidents"].row(0, named=True)
    assert (incident["source_row"], incident["detected_date"], incident["severity"], incident["resolved_date"]) == (
        4,
        dt.date(2025, 11, 5),
        "Trung bình",
        dt.date(2025, 11, 7),
    )
    # read: HoatDong rows 4, 5, 6, 9, 10 (5) + DanhGia 2 + SuCo 2 = 9; loaded 1 + 1 + 1 = 3; rejected 6
    assert result.file_counts["unit_reports/r.xlsx"] == (9, 3, 6)
    sub = result.tables["unit_report_submissions"].row(0, named=True)
    assert (sub["rows_read"], sub["rows_loaded"], sub["rows_rejected"]) == (9, 3, 6)


def test_missing_suco_sheet_loads(tmp_path: Path) -> None:
    report = Report(info=info(), activities=[activity("2.10")], incidents=None)
    result = read_unit_reports(inbox_with(tmp_path, ("k.xlsx", report)))
    assert result.tables["unit_report_submissions"].height == 1
    assert result.tables["unit_report_incidents"].height == 0
    assert result.rejects.height == 0


def test_hidden_sheets_other_than_the_named_ones_are_ignored(tmp_path: Path) -> None:
    report = Report(
        info=info(),
        activities=[activity("2.4")],
        extra_sheets=[Sheet("DanhMuc", [["Tin bài"], ["Phóng sự"]], header=["Hình thức"], hidden=True)],
    )
    result = read_unit_reports(inbox_with(tmp_path, ("h.xlsx", report)))
    assert result.file_counts["unit_reports/h.xlsx"] == (1, 1, 0)


def test_two_row_header(tmp_path: Path) -> None:
    path = tmp_path / "inbox" / "unit_reports" / "two.xlsx"
    header_top = ["STT", "Nhiệm vụ", "Hình thức", "Hiệu quả", None]
    header_sub = [None, None, None, "Lượt tiếp cận", "Lượt tương tác"]
    write_workbook(
        path,
        [
            Sheet("ThongTin", [list(kv) for kv in info()]),
            Sheet("HoatDong", [header_sub, [1, "2.9", "Tin bài", "1.200", 45]], header=header_top),
        ],
    )
    act = read_unit_reports(tmp_path / "inbox").tables["unit_report_activities"].row(0, named=True)
    assert (act["source_row"], act["task_code"], act["reach"], act["engagement"]) == (3, "2.9", 1200, 45)


# ---------------------------------------------------------------- personal data


def test_personal_data_appears_nowhere(tmp_path: Path) -> None:
    report = Report(
        info=info(),
        activities=[
            activity("2.4", note=f"Liên hệ {PREPARER_NAME}, {PREPARER_PHONE}"),
            activity("2.4", channel=f"Zalo {PREPARER_PHONE}"),  # rejected: unknown channel
            activity("2.99", title=f"Gửi {PREPARER_EMAIL}"),  # rejected: unknown task
        ],
        assessments=[[1, "2.4", "50%", f"Báo cáo viên: {PREPARER_NAME}"]],
        incidents=[[1, "05/11/2025", f"Phản ánh qua {PREPARER_EMAIL}", "Thấp"]],
    )
    inbox = inbox_with(tmp_path, ("pii.xlsx", report))
    # a file refused as a whole still must not leak
    write_report(
        inbox / "unit_reports" / "pii_bad.xlsx", Report(info=info(period="Không rõ"), activities=[activity("2.4")])
    )
    result = read_unit_reports(inbox)
    assert result.tables["unit_report_activities"].height == 1
    texts: list[str] = []
    for frame in [*result.tables.values(), result.rejects]:
        for column, dtype in frame.schema.items():
            if dtype == pl.String:
                texts += [v for v in frame[column].to_list() if v]
    blob = "\n".join(texts)
    for secret in (PREPARER_NAME, PREPARER_PHONE, PREPARER_EMAIL, "0903123456", "nhung.nth"):
        assert secret not in blob
    assert "Liên hệ [đã ẩn], [đã ẩn]" in blob


# ---------------------------------------------------------------- contract


def test_schemas_and_one_file_at_a_time(tmp_path: Path) -> None:
    inbox = inbox_with(
        tmp_path,
        ("a.xlsx", Report(info=info(), activities=[activity("2.4")])),
        ("b.xlsx", Report(info=info(unit="Xã Cần Giờ"), activities=[activity("2.2")], incidents=[])),
    )
    write_receipts(inbox, [("a.xlsx", "2025-12-02T08:00:00+07:00"), ("b.xlsx", "2025-12-01T08:00:00+07:00")])
    whole = read_unit_reports(inbox)
    assert whole.tables["unit_report_submissions"].schema == pl.Schema(SUBMISSIONS_SCHEMA)
    assert whole.tables["unit_report_activities"].schema == pl.Schema(ACTIVITIES_SCHEMA)
    assert whole.tables["unit_report_assessments"].schema == pl.Schema(ASSESSMENTS_SCHEMA)
    assert whole.tables["unit_report_incidents"].schema == pl.Schema(INCIDENTS_SCHEMA)
    assert SUBMISSIONS_SCHEMA["received_at"] == pl.Datetime("us", "Asia/Ho_Chi_Minh")

    receipts = read_receipts(inbox)
    ordered = unit_report_files(inbox, receipts)
    assert [p.name for p in ordered] == ["b.xlsx", "a.xlsx"]  # earliest received first
    seen: dict[str, str] = {}
    one_by_one = [read_unit_report_file(p, inbox, receipts, seen) for p in ordered]
    assert [r.tables["unit_report_submissions"]["unit_code"].item() for r in one_by_one] == ["27664", "26743"]
    assert {f: c for r in one_by_one for f, c in r.file_counts.items()} == whole.file_counts
    for read, loaded, rejected in whole.file_counts.values():
        assert read == loaded + rejected


def test_absurd_numbers_reject_the_row_instead_of_crashing(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "unit_reports").mkdir(parents=True)
    write_report(
        inbox / "unit_reports" / "vp.xlsx",
        Report(
            info=info("Văn phòng", "VP", "Quý IV/2025"),
            activities=[
                [1, "2.4", "Tin bài", "Fanpage", "Một", "01/10/2025", 1, "9" * 400, "", "", ""],
                [2, "2.4", "Tin bài", "Fanpage", "Hai", "01/10/2025", 2, "35290", "12", "", ""],
            ],
        ),
    )
    result = read_unit_reports(inbox)
    activities = result.tables["unit_report_activities"]
    assert activities.select("title", "reach", "engagement").rows() == [("Hai", 35290, 12)]
    assert result.rejects.select("source_row", "source_column").rows() == [(4, "Lượt tiếp cận")]
    assert result.file_counts["unit_reports/vp.xlsx"] == (2, 1, 1)
