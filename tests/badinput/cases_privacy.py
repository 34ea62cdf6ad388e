"""Bad-input cases: personal data in the forms people really type it.

Each case plants phone numbers (and addresses) where a reader keeps text or quarantines a
value, and says exactly which quarantine rows the files give (the raw value as stored: the
number replaced by the marker) and, in `extra`, that no digit run of a planted number and no
part of a planted address reaches any table or quarantine row of the ReadResult, whatever its
column type, once every digit is folded to ASCII and everything else removed.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import polars as pl

from orchestration.domain.personal_data import REDACTED
from tests.badinput.corpus import (
    FEEDBACK_HEADER,
    PRESS_HEADER,
    UR,
    Q,
    _activity,
    case,
    feedback,
    press,
    press_row,
    put,
    ur,
)
from tests.unit.workbooks import Report, write_report

R = REDACTED


def _digits(value: object) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in str(value) if unicodedata.category(c) == "Nd")


def assert_absent(result, digit_runs: tuple[str, ...], words: tuple[str, ...] = ()) -> None:
    """No cell of any table or of the quarantine holds these digits (as one run once every
    non-digit is removed) or these words (case-folded, NFKC)."""
    frames = {**result.tables, "quarantine": result.rejects}
    for name, frame in frames.items():
        for column in frame.columns:
            for value in frame.get_column(column).cast(pl.String).drop_nulls().to_list():
                digits = _digits(value)
                folded = unicodedata.normalize("NFKC", value).casefold()
                for run in digit_runs:
                    assert run not in digits, f"{name}.{column} holds {run}: {value!r}"
                for word in words:
                    assert word.casefold() not in folded, f"{name}.{column} holds {word!r}: {value!r}"


# ---------------------------------------------------------------- feedback


def _check_feedback_topic(result) -> None:
    rows = result.tables["feedback_items"]
    rows = rows.filter(rows["source_file"] == feedback("privacy_feedback_phones.csv"))
    assert rows["topic"].to_list() == [f"Học phí - anh Minh {R},{R}"]
    assert rows["handling_unit"].to_list() == [f"Văn phòng ({R})"]
    assert_absent(result, ("912345678", "987654321", "903111222"), ("lan.anh",))


@case(
    "privacy_feedback_phones",
    "feedback",
    "two phone numbers joined by a comma in a topic, an address in the unit, a number as the channel",
    [Q(feedback("privacy_feedback_phones.csv"), ("unknown channel",), row=3, column="Kênh", raw=f"Gọi {R}")],
    files=(feedback("privacy_feedback_phones.csv"),),
    loaded=1,
    extra=_check_feedback_topic,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        feedback("privacy_feedback_phones.csv"),
        FEEDBACK_HEADER + '1,02/10/2025,Đường dây nóng,"Học phí - anh Minh 0912 345 678,0987654321",nội dung,'
        "Văn phòng (lan.anh@sởgd.vn),,\n" + "2,03/10/2025,Gọi 0903–111–222,Tuyển sinh,nội dung,Văn phòng,,\n",
    )


# ---------------------------------------------------------------- unit reports


def _check_unit_report(result) -> None:
    rows = result.tables["unit_report_activities"]
    rows = rows.filter(rows["source_file"] == ur("privacy_ur_preparer.xlsx"))
    assert rows.select("title", "note", "link").rows() == [
        ("Tin bài mẫu", f"Liên hệ {R} hoặc {R}", f"https://zalo.me/{R}")
    ]
    assert_absent(result, ("912345678", "2838291234"), ("binh.tv", "trườnghọc", "Trần Văn Bình"))


@case(
    "privacy_ur_preparer",
    UR,
    "a preparer's phone written '+84 (0) 912 345 678', the same number and a landline in other forms "
    "in a note, a Zalo link to it, a number in the task column",
    [Q(ur("privacy_ur_preparer.xlsx"), ("Nhiệm vụ",), sheet="HoatDong", row=5, column="Nhiệm vụ", raw=f"Gọi {R}")],
    files=(ur("privacy_ur_preparer.xlsx"),),
    loaded=1,
    extra=_check_unit_report,
)
def _(inbox: Path, outside: Path) -> None:
    path = inbox / ur("privacy_ur_preparer.xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_report(
        path,
        Report(
            info=[
                ("Tên đơn vị", "Văn phòng"),
                ("Mã đơn vị", "VP"),
                ("Kỳ báo cáo", "Quý IV/2025"),
                ("Ngày gửi", "10/12/2025"),
                ("Người lập", "Trần Văn Bình"),
                ("Điện thoại", "+84 (0) 912 345 678"),
                ("Email", "binh.tv@trườnghọc.edu.vn"),
            ],
            activities=[
                [
                    *_activity(1, "2.15", "Tin bài", "Tin bài mẫu", "01/10/2025", link="https://zalo.me/0912345678")[
                        :-1
                    ],
                    "Liên hệ ０９１２.３４５.６７８ hoặc (028) 3829\u00a01234",
                ],
                _activity(2, "Gọi 0912/345/678", "Tin bài", "Nhiệm vụ lạ", "02/10/2025"),
            ],
        ),
    )


# ---------------------------------------------------------------- press (the CSV readers' quarantine)


def _check_press(result) -> None:
    rows = result.tables["press_items"]
    rows = rows.filter(rows["source_file"] == press("privacy_press.csv"))
    assert rows["title"].to_list() == [f"Đường dây nóng tuyển sinh {R}"]
    assert_absent(result, ("987654321", "912345678"))


@case(
    "privacy_press",
    "press",
    "a phone number as the publication date and one in a headline",
    [Q(press("privacy_press.csv"), ("publication date", "dd/mm/yyyy", R), row=3, column="ngay_dang", raw=f"LH {R}")],
    files=(press("privacy_press.csv"),),
    loaded=1,
    extra=_check_press,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        press("privacy_press.csv"),
        PRESS_HEADER
        + press_row("PV1", title="Đường dây nóng tuyển sinh 0987\u2011654\u2011321")
        + press_row("PV2", day="LH 84-912-345-678"),
    )
