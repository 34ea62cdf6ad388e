"""Vietnamese wording of the reports: measures, statuses, roles, and number formatting."""

from __future__ import annotations

import datetime as dt
import math

MEASURES: dict[str, str] = {
    "activities_count": "Hoạt động, sản phẩm truyền thông",
    "activities_quantity": "Số lượng sản phẩm",
    "press_items": "Tin, bài trên báo chí",
    "press_positive": "Tin, bài tích cực",
    "press_central": "Tin, bài trên báo chí Trung ương",
    "press_city": "Tin, bài trên báo chí Thành phố",
    "press_negative_share": "Tỉ lệ tin, bài tiêu cực",
    "net_sentiment": "Chỉ số sắc thái ròng",
    "fanpage_posts": "Bài đăng Fanpage",
    "fanpage_reach": "Lượt tiếp cận Fanpage",
    "fanpage_engagement": "Lượt tương tác Fanpage",
    "web_views": "Lượt xem Cổng TTĐT",
    "consensus_share_agreeing": "Tỉ lệ đồng thuận (khảo sát)",
    "feedback_received": "Thư góp ý, phản ánh",
    "incidents": "Sự cố, khủng hoảng truyền thông",
    "incidents_resolved_share": "Tỉ lệ sự cố đã xử lý xong",
    "lead_completion_pct": "Mức độ hoàn thành tự đánh giá (%)",
    "programme_classrooms_delivered": "Phòng học đưa vào sử dụng (chương trình 4.500 phòng)",
    "programme_share_of_target_pct": "Tiến độ chương trình 4.500 phòng học (%)",
}

SHARE_MEASURES = {"press_negative_share", "consensus_share_agreeing", "incidents_resolved_share"}

TARGET_STATUS = {
    "met": "Đạt",
    "not_met": "Chưa đạt",
    "partly_met": "Đạt một phần",
    "no_data": "Không có số liệu",
    "no_target": "Không có chỉ tiêu",
    None: "",
}

REPORT_STATUS = {
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "missing": "Chưa nộp",
    "not_owed": "Không thuộc diện",
    "not_due": "Chưa đến kỳ",
}
REPORT_KIND = {"quarterly": "Báo cáo quý", "year_end": "Báo cáo tổng kết"}
ROLE = {"lead": "Chủ trì", "coordinating": "Phối hợp", "not_assigned": "Ngoài phân công"}
COMPARISON = {"at_least": "≥", "at_most": "≤"}
PERIOD_SHORT = {1: "Quý I", 2: "Quý II", 3: "Quý III", 4: "Quý IV"}


def period_label(period_key: str) -> str:
    """'2025-Q4' -> 'Quý IV/2025'."""
    year, quarter = period_key.split("-Q")
    return f"{PERIOD_SHORT[int(quarter)]}/{year}"


# A figure the marts hold but cannot be printed as a number (a sum that overflowed, 0/0): shown
# as missing, with the reason, rather than stopping the reports.
NOT_A_NUMBER = "– (số liệu không hợp lệ: vượt giới hạn tính toán)"


def is_printable_number(value: object) -> bool:
    return value is not None and math.isfinite(float(value))


def number(value: object, decimals: int = 0) -> str:
    """Vietnamese number style: '.' between thousands, ',' before decimals; '–' for none."""
    if value is None:
        return "–"
    if not math.isfinite(float(value)):
        return NOT_A_NUMBER
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(share: object, decimals: int = 1) -> str:
    """A 0-1 share as '38,5%'."""
    if not is_printable_number(share):
        return number(share)
    return number(100 * float(share), decimals) + "%"


def signed(value: object, decimals: int = 2) -> str:
    if not is_printable_number(value):
        return number(value)
    text = number(value, decimals)
    return f"+{text}" if float(value) > 0 else text


def measure_value(measure: str, value: object) -> str:
    if measure in SHARE_MEASURES:
        return percent(value)
    if measure == "net_sentiment":
        return signed(value)
    if measure in ("lead_completion_pct", "programme_share_of_target_pct"):
        return number(value) if not is_printable_number(value) else number(value, 1) + "%"
    if not is_printable_number(value):
        return number(value)
    return number(value, 0 if float(value) == int(float(value)) else 1)


def date_vi(value: dt.date | None) -> str:
    return "–" if value is None else value.strftime("%d/%m/%Y")
