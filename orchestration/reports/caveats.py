"""Quarantine reasons and data-quality caveats in Vietnamese, for the reports.

The readers write their reasons in English (marts.mart_quarantine keeps them, for the data
engineer). The reports translate the reasons' recurring forms, keeping the values they quote
(file names, cell values, dates); a reason of a form not listed here is printed as written,
after "Chi tiết (tiếng Anh):", rather than half-translated."""

from __future__ import annotations

import re

from orchestration.reports.data import Row

FAMILY = {
    "unit_reports": "Báo cáo của đơn vị",
    "press": "Dữ liệu báo chí",
    "fanpage": "Fanpage",
    "web": "Cổng TTĐT (GA4)",
    "survey": "Khảo sát",
    "surveys": "Khảo sát",
    "feedback": "Thư góp ý, phản ánh",
    "infrastructure": "Thống kê cơ sở vật chất",
    "inbox": "Hộp thư đến",
    "reference": "Danh mục tham chiếu",
}
ACTION = {
    "row_rejected": "Loại dòng",
    "file_rejected": "Loại cả tệp",
    "value_dropped": "Bỏ giá trị",
    "row_flagged": "Đánh dấu dòng",
}

# (English form, Vietnamese form): the groups carry the quoted values over.
_FORMS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^published (.+?), outside every reporting window the warehouse knows \((.+?) to (.+?)\)$"),
        r"đăng ngày \1, ngoài mọi kỳ báo cáo của kho dữ liệu (\2 đến \3)",
    ),
    (
        re.compile(r"^dated (.+?), outside every reporting window the warehouse knows \((.+?) to (.+?)\)$"),
        r"ghi ngày \1, ngoài mọi kỳ báo cáo của kho dữ liệu (\2 đến \3)",
    ),
    (
        re.compile(r"^the received date (.+?) is outside every reporting window \((.+?) to (.+?)\)$"),
        r"ngày nhận \1 nằm ngoài mọi kỳ báo cáo (\2 đến \3)",
    ),
    (re.compile(r"^submitted on (.+?), outside every reporting window(.*)$"), r"nộp ngày \1, ngoài mọi kỳ báo cáo\2"),
    (
        re.compile(r"^same content as (.+?) \(received earlier\): the copy is not loaded again$"),
        r"trùng nội dung với tệp \1 (nhận trước): bản sao không được nạp lại",
    ),
    (
        re.compile(
            r"^the file is named \.xlsx but is really CSV: open it in Excel and save it as an Excel workbook \(\.xlsx\)$"
        ),
        "tệp mang đuôi .xlsx nhưng thực chất là CSV: mở bằng Excel và lưu lại dạng sổ tính Excel (.xlsx)",
    ),
    (
        re.compile(r"^the workbook cannot be opened, it may be truncated or damaged \(not a valid zip\)$"),
        "không mở được sổ tính: tệp có thể bị cắt cụt hoặc hỏng",
    ),
    (
        re.compile(r"^the file is not an Excel workbook \(unrecognised content\)$"),
        "tệp không phải sổ tính Excel (nội dung không nhận dạng được)",
    ),
    (re.compile(r"^required columns? (.+?) not found;(.*)$"), r"thiếu cột bắt buộc \1;\2"),
    (
        re.compile(r"^a totals row, not (?:an activity|data): .*$"),
        "dòng tổng cộng, không phải số liệu: kho dữ liệu tự tính tổng",
    ),
    (re.compile(r"^empty; expected (.+)$"), r"ô trống; cần \1"),
    (re.compile(r"^(.+?) is empty; expected (.+)$"), r"\1 trống; cần \2"),
    (re.compile(r"^expected (.+?), got (.+)$"), r"cần \1, nhận được \2"),
]
# Words inside the forms above that have a Vietnamese name.
_WORDS = [
    ("a task 2.1 .. 2.15", "một nhiệm vụ 2.1 .. 2.15"),
    ("a number such as", "một số như"),
    ("a date as", "ngày dạng"),
    ("or an Excel date", "hoặc ngày Excel"),
    ("a whole number such as", "một số nguyên như"),
    ("a whole number", "một số nguyên"),
    ("a percentage between 0 and 100", "một tỉ lệ phần trăm từ 0 đến 100"),
    ("a count of zero or more", "một số đếm từ 0 trở lên"),
    ("a reporting period such as", "một kỳ báo cáo như"),
    ("day is out of range for month", "ngày không có trong tháng"),
    (" or ", " hoặc "),
    ("(as ", "(dạng "),
]


def reason_vi(reason: str | None) -> str:
    """A quarantine reason in Vietnamese; several reasons joined by '; ' are translated one by one."""
    if not reason:
        return ""
    parts = []
    for part in re.split(r"; (?=[A-ZĐ][^:]{0,40}: expected)", reason):
        prefix, _, rest = part.partition(": ") if re.match(r"^[^:]{1,40}: expected", part) else ("", "", part)
        translated = _translate(rest)
        if translated is None:
            return f"Chi tiết (tiếng Anh): {reason}"
        parts.append(f"{prefix}: {translated}" if prefix else translated)
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _translate(text: str) -> str | None:
    for pattern, form in _FORMS:
        if pattern.match(text):
            out = pattern.sub(form, text)
            for english, vietnamese in _WORDS:
                out = out.replace(english, vietnamese)
            return out
    return None


def vietnamese_row(row: Row) -> Row:
    """A mart_quarantine summary row (family, action, reason, entries) with its words in Vietnamese."""
    return {
        **row,
        "family": FAMILY.get(str(row["family"]), row["family"]),
        "action": ACTION.get(str(row["action"]), row["action"]),
        "reason": reason_vi(row["reason"]),
    }
