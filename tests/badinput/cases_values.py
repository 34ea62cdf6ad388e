"""Bad-input cases: values that are not what they say (Excel error values, dates outside the report's
window or in the future of the run, numbers beyond what their field can mean, a period that had
not begun when the report was received).

Each case's expected rows were worked out from the file it writes: the unit-report template puts
its header on row 3 and data from row 4 (`report_bytes`); the workbooks written here with
xlsxwriter put the header on row 1 and data from row 2; a CSV's header is line 1. Bounds are those
of dbt_project/seeds/ref_value_bounds.csv (Số lượng 10,000; Lượt tiếp cận 200,000,000; a ward's
age band 2,000,000; a ward's classrooms of one level 50,000; a project's classrooms 4,500; an
article's or a post's views and reach 1,000,000,000). "After the run" cases date their values
from the day the suite runs (a letter received 60 days later, figures for next year).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import xlsxwriter

from orchestration.domain.dates import HCM
from tests.badinput.corpus import (
    FANPAGE_HEADER,
    FEEDBACK_HEADER,
    PRESS_HEADER,
    UR,
    WARD_HEADER,
    Q,
    case,
    cell,
    fanpage,
    feedback,
    infra,
    press,
    press_row,
    put,
    raw_xlsx,
    receipt,
    report_bytes,
    ur,
)
from tests.unit.workbooks import ACTIVITY_HEADER, info

_TODAY = dt.datetime.now(HCM).date()
_LATER = f"{_TODAY + dt.timedelta(days=60):%d/%m/%Y}"  # inside the plan's windows until mid-2030
_NEXT_YEAR = str(_TODAY.year + 1)


def _activity(stt: int, title: str, day: str, quantity: object = 1, reach: object = "") -> list[object]:
    return [stt, "2.15", "Tin bài", "Fanpage", title, day, quantity, reach, "", "", ""]


# ---------------------------------------------------------------- Excel error values


def _error_report(tmp: Path) -> bytes:
    """A report whose cells hold formulas that failed, saved with their cached error values
    (`<c t="e"><v>#REF!</v></c>`, as Excel saves them), and one error typed as text."""
    path = tmp / "_errors.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("ThongTin")
    for r, (k, v) in enumerate(info("Phòng Quản lý chất lượng", "QLCL", "Quý IV/2025", "10/12/2025")):
        ws.write_string(r, 0, k)
        ws.write_string(r, 1, str(v))
    ws = book.add_worksheet("HoatDong")
    ws.write_row(0, 0, ACTIVITY_HEADER)
    for row in range(1, 7):
        ws.write_row(row, 0, [row, "2.15", "Tin bài", "Fanpage", f"Bài {row}", "05/10/2025", 1])
    ws.write_formula(2, 6, "=Sheet9!A1", None, "#REF!")  # row 3: Số lượng
    ws.write_formula(3, 7, "=1/0", None, "#DIV/0!")  # row 4: Lượt tiếp cận
    ws.write_formula(4, 5, '=DATE("x",1,1)', None, "#VALUE!")  # row 5: Ngày thực hiện
    ws.write_formula(5, 10, "=VLOOKUP(1,Z1:Z2,2,0)", None, "#N/A")  # row 6: Ghi chú, free text
    ws.write_string(6, 8, "#NAME?")  # row 7: Lượt tương tác, typed (or pasted) as text
    book.close()
    data = path.read_bytes()
    path.unlink()
    return data


@case(
    "ur_excel_error_values",
    UR,
    "#REF!, #DIV/0!, #VALUE! in count and date cells, #N/A in a note, #NAME? as text",
    [
        Q(
            ur("ur_excel_error_values.xlsx"),
            ("Số lượng", "Excel error #REF!"),
            sheet="HoatDong",
            row=3,
            column="Số lượng",
            raw="#REF!",
        ),
        Q(
            ur("ur_excel_error_values.xlsx"),
            ("Lượt tiếp cận", "Excel error #DIV/0!", "division by zero"),
            sheet="HoatDong",
            row=4,
            column="Lượt tiếp cận",
            raw="#DIV/0!",
        ),
        Q(
            ur("ur_excel_error_values.xlsx"),
            ("Ngày thực hiện", "Excel error #VALUE!"),
            sheet="HoatDong",
            row=5,
            column="Ngày thực hiện",
            raw="#VALUE!",
        ),
        Q(
            ur("ur_excel_error_values.xlsx"),
            ("Ghi chú left empty", "row is still loaded", "Excel error #N/A"),
            sheet="HoatDong",
            row=6,
            column="Ghi chú",
            raw="#N/A",
            action="value_dropped",
        ),
        Q(
            ur("ur_excel_error_values.xlsx"),
            ("Lượt tương tác", "Excel error #NAME?"),
            sheet="HoatDong",
            row=7,
            column="Lượt tương tác",
            raw="#NAME?",
        ),
    ],
    loaded=2,
)  # rows 2 and 6 (its note null)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_excel_error_values.xlsx"), _error_report(outside))


def _spill_report() -> bytes:
    info_rows = "".join(
        f'<row r="{i}">{cell(f"A{i}", k)}{cell(f"B{i}", v)}</row>'
        for i, (k, v) in enumerate([("Tên đơn vị", "Văn phòng"), ("Kỳ báo cáo", "Quý IV/2025")], start=1)
    )
    activities = (
        f'<row r="1">{cell("A1", "Nhiệm vụ")}{cell("B1", "Hình thức")}{cell("C1", "Số lượng")}</row>'
        f'<row r="2">{cell("A2", "2.15")}{cell("B2", "Tin bài")}<c r="C2" t="e"><f>SEQUENCE(3)</f><v>#SPILL!</v></c></row>'
    )
    return raw_xlsx({"ThongTin": info_rows, "HoatDong": activities})


@case(
    "ur_spill_error",
    UR,
    "a #SPILL! error cell, a value calamine cannot read: the sheet cannot be read",
    [Q(ur("ur_spill_error.xlsx"), ("sheet 'HoatDong' cannot be read", "Excel error #SPILL!"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_spill_error.xlsx"), _spill_report())


# ---------------------------------------------------------------- dates outside the window, times in the future


@case(
    "ur_outside_window",
    UR,
    "activities dated 29/02/2028 and 14/12/2025 in a Quý I/2026 report",
    [
        Q(
            ur("ur_outside_window.xlsx"),
            ("Ngày thực hiện", "29/02/2028", "outside the report's window", "15/12/2025 .. 14/03/2026", "Quý I/2026"),
            sheet="HoatDong",
            row=5,
            column="Ngày thực hiện",
            raw="29/02/2028",
        ),
        Q(
            ur("ur_outside_window.xlsx"),
            ("14/12/2025", "outside the report's window"),
            sheet="HoatDong",
            row=6,
            column="Ngày thực hiện",
            raw="14/12/2025",
        ),
    ],
    loaded=2,
)  # 10/01/2026 and 14/03/2026, the window's last day
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_outside_window.xlsx"),
        report_bytes(
            "Phòng Giáo dục Phổ thông",
            "GDPT",
            "Quý I/2026",
            [
                _activity(1, "Trong kỳ", "10/01/2026"),
                _activity(2, "Ngày nhuận năm 2028", "29/02/2028"),
                _activity(3, "Kỳ trước", "14/12/2025"),
                _activity(4, "Ngày cuối kỳ", "14/03/2026"),
            ],
            outside,
        ),
    )
    receipt(inbox, "ur_outside_window.xlsx", "2026-03-10T09:00:00+07:00")


@case(
    "ur_receipt_2099",
    UR,
    "a receipt-log time in 2099: the line is refused, the file falls back to its file time",
    [
        Q(
            ur("_received.csv"),
            ("in the future of this run", "modification time"),
            row=2,
            column="received_at",
            raw="2099-01-01T08:00:00+07:00",
        )
    ],
    files=(ur("ur_receipt_2099.xlsx"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_receipt_2099.xlsx"),
        report_bytes(
            "Phòng Tổ chức cán bộ", "TCCB", "Quý IV/2025", [_activity(1, "Nhận năm 2099", "01/10/2025")], outside
        ),
    )
    receipt(inbox, "ur_receipt_2099.xlsx", "2099-01-01T08:00:00+07:00")


@case(
    "ur_mtime_2099",
    UR,
    "a workbook not in the receipt log whose file time is in 2099",
    [Q(ur("ur_mtime_2099.xlsx"), ("modification time", "in the future of this run", "receipt log"))],
)
def _(inbox: Path, outside: Path) -> None:
    path = put(
        inbox,
        ur("ur_mtime_2099.xlsx"),
        report_bytes(
            "Phòng Kế hoạch Tài chính", "KHTC", "Quý IV/2025", [_activity(1, "Giờ máy sai", "01/10/2025")], outside
        ),
    )
    moment = 4_070_908_800  # 2099-01-01 00:00 UTC
    os.utime(path, (moment, moment))


# ---------------------------------------------------------------- a period that had not begun


@case(
    "ur_period_not_begun",
    UR,
    "'Quý I/2027' typed for 'Quý I/2026', received on 10/03/2026",
    [
        Q(
            ur("ur_period_not_begun.xlsx"),
            ("Quý I/2027", "opens on 15/12/2026", "received on 10/03/2026", "had not begun"),
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_period_not_begun.xlsx"),
        report_bytes("Phường Bến Thành", None, "Quý I/2027", [_activity(1, "Nhầm năm", "10/01/2026")], outside),
    )
    receipt(inbox, "ur_period_not_begun.xlsx", "2026-03-10T09:00:00+07:00")


@case(
    "ur_year_end_not_begun",
    UR,
    "'Tổng kết năm học 2026-2027' received on 10/06/2026",
    [Q(ur("ur_year_end_not_begun.xlsx"), ("năm học 2026-2027", "opens on 15/09/2026", "had not begun"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_year_end_not_begun.xlsx"),
        report_bytes(
            "Phòng Học sinh, sinh viên",
            "HSSV",
            "Tổng kết năm học 2026-2027",
            [_activity(1, "Nhầm năm học", "10/05/2026")],
            outside,
        ),
    )
    receipt(inbox, "ur_year_end_not_begun.xlsx", "2026-06-10T09:00:00+07:00")


# ---------------------------------------------------------------- numbers beyond what the field can mean

_308_DIGITS = "1" + "0" * 307


@case(
    "ur_quantity_308_digits",
    UR,
    "a 308-digit Số lượng in two rows, a reach of 500 million",
    [
        Q(
            ur("ur_quantity_308_digits.xlsx"),
            ("Số lượng 1e+307 is above 10,000", "ref_value_bounds.csv"),
            sheet="HoatDong",
            row=5,
            column="Số lượng",
            raw=_308_DIGITS,
        ),
        Q(
            ur("ur_quantity_308_digits.xlsx"),
            ("Số lượng 1e+307 is above 10,000",),
            sheet="HoatDong",
            row=6,
            column="Số lượng",
            raw=_308_DIGITS,
        ),
        Q(
            ur("ur_quantity_308_digits.xlsx"),
            ("Lượt tiếp cận 500,000,000 is above 200,000,000", "population"),
            sheet="HoatDong",
            row=7,
            column="Lượt tiếp cận",
            raw="500.000.000",
        ),
    ],
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_quantity_308_digits.xlsx"),
        report_bytes(
            "Phòng GDTX-NN&ĐH",
            "GDTX",
            "Quý IV/2025",
            [
                _activity(1, "Bình thường", "01/10/2025", quantity=3),
                _activity(2, "Số khổng lồ", "02/10/2025", quantity=_308_DIGITS),
                _activity(3, "Số khổng lồ 2", "03/10/2025", quantity=_308_DIGITS),
                _activity(4, "Lượt tiếp cận quá lớn", "04/10/2025", reach="500.000.000"),
            ],
            outside,
        ),
    )


@case(
    "infra_beyond_bounds",
    "infrastructure",
    "a ward's 6-10 population of 5 billion, 72 million classrooms",
    [
        Q(
            infra("ward_statistics_bounds_2025.csv"),
            ("population aged 6-10 5,000,000,000 is above 2,000,000",),
            row=3,
            column="Dân số 6-10 tuổi",
            raw="5.000.000.000",
        ),
        Q(
            infra("ward_statistics_bounds_2025.csv"),
            ("classrooms 72,000,000 is above 50,000", "50,650"),
            row=4,
            column="Số phòng học",
            raw="72.000.000",
        ),
    ],
    files=(infra("ward_statistics_bounds_2025.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        infra("ward_statistics_bounds_2025.csv"),
        WARD_HEADER
        + "2025,Phường Bến Thành,Tiểu học,2.340,3,1,72\n"
        + "2025,Phường Sài Gòn,Tiểu học,5.000.000.000,2,1,40\n"
        + "2025,Phường Tân Định,Tiểu học,1.200,2,1,72.000.000\n",
    )


# ---------------------------------------------------------------- Excel errors in the other workbooks


def _error_workbook(
    tmp: Path, name: str, header: str, rows: list[list[object]], errors: dict[tuple[int, int], str]
) -> bytes:
    """A one-sheet workbook: the CSV header's columns on row 1, `rows` below, and at each
    (0-based row, column) of `errors` a failed formula saved with that cached error value."""
    path = tmp / name
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Sheet1")
    ws.write_row(0, 0, header.strip().split(","))
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if (r, c) in errors:
                ws.write_formula(r, c, "=1/0", None, errors[(r, c)])
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            elif value is not None:
                ws.write_string(r, c, value)
    book.close()
    data = path.read_bytes()
    path.unlink()
    return data


@case(
    "infra_excel_error_values",
    "infrastructure",
    "#REF! in classrooms, #DIV/0! in schools of a ward statistics workbook",
    [
        Q(
            infra("ward_statistics_errors_2025.xlsx"),
            ("Excel error #REF!",),
            sheet="Sheet1",
            row=3,
            column="Số phòng học",
            raw="#REF!",
        ),
        Q(
            infra("ward_statistics_errors_2025.xlsx"),
            ("Excel error #DIV/0!",),
            sheet="Sheet1",
            row=4,
            column="Số trường",
            raw="#DIV/0!",
        ),
    ],
    files=(infra("ward_statistics_errors_2025.xlsx"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    rows = [
        [2025, "Phường Bến Thành", "Tiểu học", 2340, 3, 1, 72],
        [2025, "Phường Sài Gòn", "Tiểu học", 1100, 2, 1, None],
        [2025, "Phường Tân Định", "Tiểu học", 1200, None, 1, 40],
    ]
    put(
        inbox,
        infra("ward_statistics_errors_2025.xlsx"),
        _error_workbook(outside, "_infra_errors.xlsx", WARD_HEADER, rows, {(2, 6): "#REF!", (3, 4): "#DIV/0!"}),
    )


@case(
    "feedback_excel_error_values",
    "feedback",
    "#VALUE! in a received date, #N/A in a topic",
    [
        Q(
            feedback("feedback_excel_errors.xlsx"),
            ("Excel error #VALUE!",),
            sheet="Sheet1",
            row=3,
            column="Ngày nhận",
            raw="#VALUE!",
        ),
        Q(
            feedback("feedback_excel_errors.xlsx"),
            ("Excel error #N/A",),
            sheet="Sheet1",
            row=4,
            column="Chủ đề",
            raw="#N/A",
        ),
    ],
    files=(feedback("feedback_excel_errors.xlsx"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    rows = [
        [1, "02/10/2025", "Email", "Học phí", "nội dung", "Văn phòng", "05/10/2025", "Đã trả lời"],
        [2, None, "Thư", "Tuyển sinh", "nội dung", "Văn phòng", None, None],
        [3, "04/10/2025", "Email", None, "nội dung", "Văn phòng", None, None],
    ]
    put(
        inbox,
        feedback("feedback_excel_errors.xlsx"),
        _error_workbook(outside, "_feedback_errors.xlsx", FEEDBACK_HEADER, rows, {(2, 1): "#VALUE!", (3, 3): "#N/A"}),
    )


# ---------------------------------------------------------------- exports (CSV): error text, counts beyond bounds


@case(
    "press_views_beyond_bounds",
    "press",
    "luot_xem '#VALUE!' (a sheet exported to CSV) and 2 billion views",
    [
        Q(press("press_views_beyond_bounds.csv"), ("Excel error #VALUE!",), row=3, column="luot_xem", raw="#VALUE!"),
        Q(
            press("press_views_beyond_bounds.csv"),
            ("luot_xem (views) '2000000000' is above 1,000,000,000",),
            row=4,
            column="luot_xem",
            raw="2000000000",
        ),
    ],
    files=(press("press_views_beyond_bounds.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        press("press_views_beyond_bounds.csv"),
        PRESS_HEADER
        + press_row("VB1", views="1200")
        + press_row("VB2", views="#VALUE!")
        + press_row("VB3", views="2000000000"),
    )


@case(
    "fanpage_reach_beyond_bounds",
    "fanpage",
    "a post's reach of 5,000,000,000",
    [
        Q(
            fanpage("fanpage_reach_beyond_bounds.csv"),
            ("Reach '5,000,000,000' is above 1,000,000,000", "population"),
            row=3,
            column="Reach",
            raw="5,000,000,000",
        )
    ],
    files=(fanpage("fanpage_reach_beyond_bounds.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        fanpage("fanpage_reach_beyond_bounds.csv"),
        FANPAGE_HEADER
        + "7_1,Phòng GD Mầm non,10/20/2025 08:00,Photos,100,80,5,1,0\n"
        + '7_2,Phòng GD Mầm non,10/21/2025 08:00,Photos,100,"5,000,000,000",5,1,0\n',
    )


# ---------------------------------------------------------------- dates after the run

PROJECTS_HEADER = (
    "Mã dự án,Tên dự án,Phường/Xã,Cấp học,Số phòng học theo kế hoạch,Tổng mức đầu tư (tỷ đồng),"
    "Ngày khởi công,Ngày hoàn thành thực tế,Số phòng học đã bàn giao\n"
)


@case(
    "feedback_dates_after_the_run",
    "feedback",
    "a letter received 60 days after the run, one answered on 01/01/2099",
    [
        Q(
            feedback("feedback_after_run.csv"),
            (f"received date {_LATER} is after this run",),
            row=3,
            column="Ngày nhận",
            raw=_LATER,
        ),
        Q(
            feedback("feedback_after_run.csv"),
            ("answered date 01/01/2099 is after this run",),
            row=4,
            column="Ngày trả lời",
            raw="01/01/2099",
        ),
    ],
    files=(feedback("feedback_after_run.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        feedback("feedback_after_run.csv"),
        FEEDBACK_HEADER
        + "1,02/10/2025,Email,Học phí,nội dung,Văn phòng,05/10/2025,Đã trả lời\n"
        + f"2,{_LATER},Email,Học phí,nội dung,Văn phòng,,\n"
        + "3,03/10/2025,Thư,Tuyển sinh,nội dung,Văn phòng,01/01/2099,Đã trả lời\n",
    )


@case(
    "infra_completed_after_the_run",
    "infrastructure",
    "a project 'completed' on 30/06/2099, one 4.5 million-classroom project",
    [
        Q(
            infra("classroom_projects_after_run.csv"),
            ("actual completion date 30/06/2099 is after this run",),
            row=3,
            column="Ngày hoàn thành thực tế",
            raw="30/06/2099",
        ),
        Q(
            infra("classroom_projects_after_run.csv"),
            ("classrooms planned 4,500,000 is above 4,500",),
            row=4,
            column="Số phòng học theo kế hoạch",
            raw="4.500.000",
        ),
    ],
    files=(infra("classroom_projects_after_run.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        infra("classroom_projects_after_run.csv"),
        PROJECTS_HEADER
        + 'DA-1,Trường Tiểu học Bến Thành,Phường Bến Thành,Tiểu học,30,"75,5",01/03/2025,15/01/2026,30\n'
        + "DA-2,Trường THCS Sài Gòn,Phường Sài Gòn,THCS,24,60,01/04/2025,30/06/2099,24\n"
        + "DA-3,Trường Mầm non Tân Định,Phường Tân Định,Mầm non,4.500.000,60,01/05/2025,,0\n",
    )


@case(
    "ur_year_end_outside_the_plan",
    UR,
    "'Tổng kết năm học 2019-2020', a year before the plan's first",
    [Q(ur("ur_year_end_outside_the_plan.xlsx"), ("unknown reporting period", "2019-2020", "outside the plan's years"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_year_end_outside_the_plan.xlsx"),
        report_bytes(
            "Phòng Học sinh, sinh viên",
            "HSSV",
            "Tổng kết năm học 2019-2020",
            [_activity(1, "Năm cũ", "10/05/2020")],
            outside,
        ),
    )


@case(
    "ur_ad_hoc_across_windows",
    UR,
    "an ad hoc report received 20/03/2026 about an activity of 10/03/2026 (Q1's window)",
    [],
    files=(ur("ur_ad_hoc_across_windows.xlsx"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    # An ad hoc report tells of what arose whenever it did; its activities go to no quarter.
    put(
        inbox,
        ur("ur_ad_hoc_across_windows.xlsx"),
        report_bytes("Văn phòng", "VP", "Đột xuất", [_activity(1, "Đính chính thông tin sai", "10/03/2026")], outside),
    )
    receipt(inbox, "ur_ad_hoc_across_windows.xlsx", "2026-03-20T09:00:00+07:00")


@case(
    "infra_year_to_come",
    "infrastructure",
    "ward statistics for next year, a year that has not come",
    [
        Q(
            infra("ward_statistics_to_come.csv"),
            (f"figures are for {_NEXT_YEAR}", "has not come"),
            row=3,
            column="Năm",
            raw=_NEXT_YEAR,
        )
    ],
    files=(infra("ward_statistics_to_come.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        infra("ward_statistics_to_come.csv"),
        WARD_HEADER
        + "2025,Phường Bến Thành,Tiểu học,2.340,3,1,72\n"
        + f"{_NEXT_YEAR},Phường Sài Gòn,Tiểu học,1.100,2,1,40\n",
    )
