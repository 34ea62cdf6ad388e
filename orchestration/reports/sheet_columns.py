"""The workbook's columns in Vietnamese: a header per mart column, how its values are shown
(count, share, percent, date, status word), and the status words themselves.

Percentages follow one convention in the workbook: a true Excel percentage (0.385 shown as
38,5%). Columns the marts hold as 0-1 shares are written as they are; columns they hold as
0-100 (names ending in _pct, city_standard_share) are divided by 100 on the way."""

from __future__ import annotations

from orchestration.reports.labels import MEASURES, REPORT_STATUS, ROLE, TARGET_STATUS, period_label

HEADERS: dict[str, str] = {
    "task_code": "Mã nhiệm vụ", "task_number": "STT nhiệm vụ", "task_title": "Nhiệm vụ", "cluster": "Cụm",
    "school_year": "Năm học", "period_scope": "Phạm vi", "period_key": "Kỳ báo cáo", "periods_count": "Số kỳ có số liệu",
    "activities_count": "Hoạt động, sản phẩm", "activities_quantity": "Số lượng sản phẩm",
    "activities_reach": "Lượt tiếp cận (đơn vị báo cáo)", "activities_engagement": "Lượt tương tác (đơn vị báo cáo)",
    "units_active": "Đơn vị có hoạt động", "activities_lead": "Hoạt động của đơn vị chủ trì",
    "activities_coordinating": "Hoạt động của đơn vị phối hợp", "activities_other": "Hoạt động của đơn vị khác",
    "lead_units_active": "Đơn vị chủ trì có hoạt động", "coordinating_units_active": "Đơn vị phối hợp có hoạt động",
    "press_items": "Tin, bài", "press_positive": "Tin, bài tích cực", "press_neutral": "Tin, bài trung tính",
    "press_negative": "Tin, bài tiêu cực", "press_unclassified": "Tin, bài chưa phân loại",
    "press_central": "Tin, bài báo chí Trung ương", "press_city": "Tin, bài báo chí Thành phố",
    "press_other": "Tin, bài báo chí khác", "press_negative_share": "Tỉ lệ tin, bài tiêu cực",
    "net_sentiment": "Chỉ số sắc thái ròng (−1 đến +1)", "fanpage_posts": "Fanpage: bài đăng",
    "fanpage_reach": "Fanpage: tổng lượt tiếp cận các bài", "fanpage_engagement": "Fanpage: lượt tương tác",
    "fanpage_engagement_rate": "Fanpage: tỉ lệ tương tác", "web_views": "Lượt xem các trang của nhiệm vụ (Cổng TTĐT)",
    "consensus_responses": "Khảo sát: người trả lời", "consensus_mean_score": "Khảo sát: điểm trung bình (1-5)",
    "consensus_share_agreeing": "Khảo sát: tỉ lệ đồng thuận", "consensus_share_agreeing_ci_low": "Đồng thuận: cận dưới khoảng tin cậy 95%",
    "consensus_share_agreeing_ci_high": "Đồng thuận: cận trên khoảng tin cậy 95%", "consensus_suppressed": "Khảo sát: ẩn (ít người trả lời)",
    "feedback_received": "Thư góp ý, phản ánh", "incidents": "Sự cố truyền thông", "incidents_high": "Sự cố mức cao",
    "incidents_resolved": "Sự cố đã xử lý xong", "incidents_open": "Sự cố chưa xử lý xong",
    "incidents_resolved_share": "Tỉ lệ sự cố đã xử lý xong", "mean_resolution_days": "Số ngày xử lý trung bình",
    "worst_resolution_days": "Số ngày xử lý lâu nhất", "lead_completion_pct": "Đơn vị chủ trì tự đánh giá hoàn thành",
    "lead_units_assessed": "Đơn vị chủ trì có tự đánh giá",
    "programme_classrooms_delivered": "Phòng học đưa vào sử dụng trong năm (chương trình 4.500 phòng)",
    "programme_classrooms_to_date": "Phòng học đưa vào sử dụng lũy kế",
    "programme_share_of_target_pct": "Tiến độ chương trình 4.500 phòng học", "infrastructure_statistics_year": "Năm thống kê cơ sở vật chất",
    "city_classrooms_per_10k": "Phòng học / 10.000 dân độ tuổi đi học", "city_classrooms_needed": "Phòng học còn thiếu",
    "city_standard_share": "Tỉ lệ trường đạt chuẩn quốc gia", "wards_below_classroom_target": "Phường, xã dưới mục tiêu phòng học",
    "city_infrastructure_status": "Tiến độ cơ sở vật chất", "targets_set": "Chỉ tiêu đặt ra", "targets_met": "Chỉ tiêu đạt",
    "targets_not_met": "Chỉ tiêu chưa đạt", "targets_no_data": "Chỉ tiêu không có số liệu",
    "targets_met_share": "Tỉ lệ chỉ tiêu đạt (trên chỉ tiêu có số liệu)", "target_status": "Đánh giá",
    "communication_rank": "Thứ tự (mọi nhiệm vụ)", "ranking_evidence": "Đủ dữ liệu để xếp hạng",
    "evidence_rank": "Xếp hạng (nhiệm vụ đủ dữ liệu)",
    "measure": "Chỉ số", "actual_value": "Thực hiện", "comparison": "So sánh", "target_value": "Chỉ tiêu",
    "achievement_pct": "Mức đạt so với chỉ tiêu", "target_note": "Căn cứ chỉ tiêu", "target_provisional": "Tạm tính",
    "confirmed_by": "Văn bản xác nhận chỉ tiêu", "ci_low": "Cận dưới khoảng tin cậy 95%", "ci_high": "Cận trên khoảng tin cậy 95%",
    "interval_straddles_target": "Khoảng tin cậy 95% chứa chỉ tiêu (chưa kết luận)",
    "cluster_key": "Mã cụm", "cluster_title": "Cụm chủ đề", "tasks": "Số nhiệm vụ", "best_task_code": "Nhiệm vụ tốt nhất",
    "worst_task_code": "Nhiệm vụ kém nhất",
    "unit_code": "Mã đơn vị", "unit_name": "Đơn vị", "unit_kind": "Loại đơn vị", "quarterly_reports_owed": "Báo cáo quý phải nộp",
    "quarterly_reports_received": "Báo cáo quý đã nhận", "quarterly_on_time": "Báo cáo quý đúng hạn",
    "quarterly_late": "Báo cáo quý trễ hạn", "quarterly_missing": "Báo cáo quý chưa nộp",
    "quarterly_days_late_total": "Tổng số ngày trễ", "quarterly_days_late_worst": "Số ngày trễ nhiều nhất",
    "year_end_status": "Báo cáo tổng kết", "year_end_days_late": "Báo cáo tổng kết: số ngày trễ",
    "share_on_time": "Tỉ lệ báo cáo đúng hạn", "reporting_status": "Chế độ báo cáo", "tasks_assigned": "Nhiệm vụ được giao",
    "tasks_led": "Nhiệm vụ chủ trì", "tasks_assigned_active": "Nhiệm vụ được giao có hoạt động",
    "tasks_assigned_without_activity": "Nhiệm vụ được giao chưa có hoạt động",
    "led_tasks_without_activity": "Nhiệm vụ chủ trì chưa có hoạt động", "activities_on_assigned_tasks": "Hoạt động cho nhiệm vụ được giao",
    "activities_on_unassigned_tasks": "Hoạt động cho nhiệm vụ ngoài phân công",
    "activities_per_assigned_task": "Hoạt động / nhiệm vụ được giao", "median_resolution_days": "Số ngày xử lý sự cố (trung vị)",
    "tasks_self_assessed": "Nhiệm vụ có tự đánh giá", "self_assessment_mean_pct": "Tự đánh giá hoàn thành (trung bình)",
    "self_assessment_lowest_pct": "Tự đánh giá hoàn thành (thấp nhất)", "press_mentions": "Tin, bài nhắc đến đơn vị",
    "feedback_handled": "Thư góp ý đơn vị xử lý", "unit_role": "Vai trò", "task_assigned": "Được giao",
    "periods_active": "Số kỳ có hoạt động", "assigned_without_activity": "Được giao nhưng chưa có hoạt động",
    "completion_pct": "Tự đánh giá hoàn thành", "highlights": "Kết quả nổi bật", "difficulties": "Khó khăn, vướng mắc",
    "proposals": "Đề xuất, kiến nghị", "assessment_report_kind": "Tự đánh giá lấy từ",
    "assessment_period_key": "Kỳ của báo cáo tự đánh giá",
    # section IV.6's sheets (orchestration.reports.measures)
    "outlet_level": "Cấp cơ quan báo chí", "media_type": "Loại hình", "genre": "Thể loại", "site": "Trang",
    "scope": "Phạm vi", "views": "Lượt xem", "page_name": "Trang Fanpage", "posts": "Bài đăng",
    "reach": "Tổng lượt tiếp cận", "engagement": "Lượt tương tác", "rate_reach": "Tiếp cận (bài có cả hai số liệu)",
    "rate_engagement": "Tương tác (bài có cả hai số liệu)", "product_type": "Loại sản phẩm", "source": "Nguồn",
    "products": "Số sản phẩm", "products_with_reach": "Sản phẩm có số liệu tiếp cận", "channel": "Kênh tiếp nhận",
    "received": "Nhận", "answered": "Đã trả lời", "answered_within_deadline": "Trả lời trong hạn",
    "detected_date": "Ngày phát hiện", "severity": "Mức độ", "content": "Nội dung", "spread_channel": "Kênh lan truyền",
    "measures": "Biện pháp xử lý", "resolved_date": "Ngày xử lý xong", "resolution_days": "Số ngày xử lý", "result": "Kết quả",
    "family": "Nguồn dữ liệu", "action": "Xử lý", "reason": "Lý do", "entries": "Số mục", "name": "Chỉ tiêu",
    "year": "Năm số liệu", "value": "Thực hiện", "target": "Mục tiêu 2030", "status": "Đánh giá", "coverage": "Nguồn, độ phủ",
    "unit": "Đơn vị tính", "code": "Mã chỉ tiêu", "files": "Số tệp", "rows_read": "Dòng đọc", "rows_loaded": "Dòng nạp",
    "rows_rejected": "Dòng loại",
}

# Columns the marts hold as 0-1 shares, and as 0-100 percents.
SHARES = {"press_negative_share", "fanpage_engagement_rate", "consensus_share_agreeing", "consensus_share_agreeing_ci_low",
          "consensus_share_agreeing_ci_high", "incidents_resolved_share", "targets_met_share", "share_on_time", "ci_low", "ci_high"}
PERCENTS = {"lead_completion_pct", "programme_share_of_target_pct", "achievement_pct", "self_assessment_mean_pct",
            "self_assessment_lowest_pct", "completion_pct", "city_standard_share"}
DECIMALS = {"net_sentiment", "consensus_mean_score", "mean_resolution_days", "median_resolution_days", "activities_quantity",
            "activities_per_assigned_task", "city_classrooms_per_10k"}
WIDE_TEXT = {"content", "measures", "result", "reason", "name", "coverage", "site", "page_name", "task_title", "highlights", "difficulties", "proposals", "target_note", "cluster_title", "unit_name",
             "confirmed_by", "measure"}
# Measures of mart_task_year_targets whose actual and target values are shares or percents.
SHARE_MEASURES = {"press_negative_share", "consensus_share_agreeing", "incidents_resolved_share"}
PERCENT_MEASURES = {"lead_completion_pct", "programme_share_of_target_pct"}

STATUS_WORDS: dict[str, dict[object, str]] = {
    "period_scope": {"year": "Cả năm học", "quarter": "Theo quý"},
    "target_status": {k: v for k, v in TARGET_STATUS.items() if k is not None},
    "comparison": {"at_least": "Tối thiểu (≥)", "at_most": "Tối đa (≤)"},
    "year_end_status": REPORT_STATUS,
    "reporting_status": REPORT_STATUS,
    "unit_role": ROLE,
    "unit_kind": {"department": "Phòng, ban thuộc Sở", "ward": "Phường, xã, đặc khu", "school": "Trường học"},
    "assessment_report_kind": {"year_end": "Báo cáo tổng kết", "quarterly": "Báo cáo quý"},
    "city_infrastructure_status": {"on_track": "Đúng tiến độ", "at_risk": "Có nguy cơ chậm", "off_track": "Chậm tiến độ",
                                   "met": "Đã đạt"},
    "cluster_key": {"city": "Toàn ngành"},
    "outlet_level": {"central": "Trung ương", "city": "Thành phố", "other": "Khác"},
    "scope": {"site": "Toàn trang", "task": "Các trang của nhiệm vụ"},
    "status": {"on_track": "Đúng tiến độ", "at_risk": "Có nguy cơ chậm", "off_track": "Chậm tiến độ", "met": "Đã đạt"},
    "source": {"unit_report": "Báo cáo của đơn vị", "fanpage": "Bài đăng Fanpage"},
    "product_type": {"infographic": "Infographic", "video": "Video, clip", "e_magazine": "E-magazine",
                     "livestream": "Phát trực tiếp", "podcast": "Podcast"},
    "measure": MEASURES,
}


def header(column: str) -> str:
    return HEADERS.get(column, column)


def status_word(column: str, value: object) -> object:
    """The Vietnamese word for a status value; other values unchanged."""
    if column == "period_key" and isinstance(value, str):
        return "Cả năm học" if value == "all" else period_label(value) if "-Q" in value else value
    if isinstance(value, bool):
        return "Có" if value else "Không"
    words = STATUS_WORDS.get(column)
    return words.get(value, value) if words else value
