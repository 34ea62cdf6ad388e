"""The HTML report: one self-contained file (styles and SVG charts inline, nothing fetched), in
Vietnamese. A summary page names the best and worst communicated tasks and the units that
reported late or not at all; then one section per task with its charts, the units' compliance
table, and the methods (formulas, sources, data-quality caveats)."""

from __future__ import annotations

import datetime as dt
from html import escape

from orchestration.reports import charts
from orchestration.reports.data import Row, YearData
from orchestration.reports.labels import (
    COMPARISON,
    MEASURES,
    REPORT_KIND,
    REPORT_STATUS,
    TARGET_STATUS,
    date_vi,
    measure_value,
    number,
    percent,
    period_label,
    signed,
)
from orchestration.reports.lineage import Figures, task_row_key, unit_row_key

FILE_NAME = "bao-cao-tong-ket-{school_year}.html"
STYLE = """
body{font-family:'Segoe UI',Arial,sans-serif;max-width:1100px;margin:0 auto;padding:16px;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:0}h2{border-bottom:2px solid #1f6f8b;padding-bottom:4px;margin-top:2em}
table{border-collapse:collapse;margin:8px 0;font-size:.92em}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef4f7}td.n{text-align:right;white-space:nowrap}.charts{display:flex;flex-wrap:wrap;gap:12px}
.best{background:#e8f5e9}.worst{background:#fdecea}.late{color:#b03a2e;font-weight:bold}.note{color:#555;font-size:.9em}
.callout{border-left:4px solid #1f6f8b;background:#f6fafb;padding:8px 14px;margin:12px 0}
nav a{margin-right:10px}@media print{nav{display:none}section{page-break-inside:avoid}}
"""


def _td(value: str, numeric: bool = True, cls: str = "") -> str:
    classes = " ".join(c for c in ("n" if numeric else "", cls) if c)
    return f"<td class='{classes}'>{value}</td>" if classes else f"<td>{value}</td>"


def _table(header: list[str], rows: list[str], cls: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    return f"<table class='{cls}'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


class HtmlReport:
    def __init__(self, data: YearData, figures: Figures, generated_at: dt.datetime):
        self.d = data
        self.figures = figures
        self.generated_at = generated_at
        self.file_name = FILE_NAME.format(school_year=data.school_year)

    # ------------------------------------------------------------ figures with lineage
    def task_fig(self, section: str, row: Row, column: str, text: str, label: str | None = None) -> str:
        key = task_row_key(row["task_code"], self.d.school_year, row["period_key"])
        return escape(self.figures.add(self.file_name, section, label or column, text, "mart_task_year", key, column))

    def unit_fig(self, section: str, row: Row, column: str, text: str) -> str:
        key = unit_row_key(row["unit_code"], self.d.school_year)
        return escape(self.figures.add(self.file_name, section, column, text, "mart_unit_year", key, column))

    def when(self, u: Row) -> str:
        return f"năm học {self.d.school_year}" if u["report_kind"] == "year_end" else period_label(u["period_key"])

    # ------------------------------------------------------------ sections
    def summary(self) -> str:
        ranked = sorted(self.d.task_year, key=lambda r: r["communication_rank"])
        best, worst = ranked[:3], ranked[-3:][::-1]

        def line(r: Row) -> str:
            s = "tom-tat"
            return (
                f"<li><a href='#nhiem-vu-{r['task_code'].replace('.', '-')}'>Nhiệm vụ {escape(r['task_code'])}</a> "
                f"— {escape(r['task_title'])}: hạng {self.task_fig(s, r, 'communication_rank', str(r['communication_rank']))}/{len(ranked)}; "
                f"đạt {self.task_fig(s, r, 'targets_met', number(r['targets_met']))}/"
                f"{self.task_fig(s, r, 'targets_set', number(r['targets_set']))} chỉ tiêu; "
                f"{self.task_fig(s, r, 'press_items', number(r['press_items']))} tin, bài "
                f"(sắc thái ròng {self.task_fig(s, r, 'net_sentiment', signed(r['net_sentiment']))}); "
                f"{self.task_fig(s, r, 'activities_count', number(r['activities_count']))} hoạt động của các đơn vị.</li>"
            )

        late = [u for u in self.d.late_reports if u["report_status"] == "late"]
        missing = [u for u in self.d.late_reports if u["report_status"] == "missing"]

        def late_line(u: Row) -> str:
            return (
                f"<li class='late'>{escape(u['unit_name'])} — {escape(REPORT_KIND[u['report_kind']])} "
                f"{escape(self.when(u))}: trễ {number(u['days_late'])} ngày (hạn {date_vi(u['deadline'])})</li>"
            )

        def missing_line(u: Row) -> str:
            return (
                f"<li>{escape(u['unit_name'])} — {escape(REPORT_KIND[u['report_kind']])} "
                f"{escape(self.when(u))} (hạn {date_vi(u['deadline'])})</li>"
            )

        city = next((c for c in self.d.clusters if c["cluster_key"] == "city"), None)
        cluster_rows = [
            "<tr>"
            + _td(escape(c["cluster_title"] if c["cluster_key"] != "city" else "Toàn ngành"), False)
            + "".join(_td(number(c[k])) for k in ("tasks", "activities_count", "press_items", "press_central", "press_city"))
            + _td(signed(c["net_sentiment"]))
            + _td(number(c["fanpage_reach"]))
            + _td(number(c["web_views"]))
            + _td(number(c["incidents"]))
            + _td(f"{number(c['targets_met'])}/{number(c['targets_set'])}")
            + _td(f"{escape(c['best_task_code'] or '–')} / {escape(c['worst_task_code'] or '–')}", False)
            + "</tr>"
            for c in self.d.clusters
        ]
        periods = ", ".join(period_label(p["period_key"]) for p in self.d.periods)
        late_block = "".join(late_line(u) for u in late) or "<li>Không có đơn vị nào nộp trễ hạn.</li>"
        missing_block = "".join(missing_line(u) for u in missing) or "<li>Không có báo cáo nào còn thiếu.</li>"
        return f"""
<section id='tom-tat'>
<h2>Tóm tắt</h2>
<p>Số liệu năm học {escape(self.d.school_year)}, các kỳ báo cáo đã có: {escape(periods)}.
{f"Toàn ngành: {number(city['activities_count'])} hoạt động, {number(city['press_items'])} tin, bài, đạt {number(city['targets_met'])}/{number(city['targets_set'])} chỉ tiêu." if city else ""}</p>
<div class='callout' id='tot-nhat'><h3>Nhiệm vụ được truyền thông tốt nhất năm học</h3><ol>{''.join(line(r) for r in best)}</ol></div>
<div class='callout' id='kem-nhat'><h3>Nhiệm vụ được truyền thông kém nhất năm học</h3><ol>{''.join(line(r) for r in worst)}</ol></div>
<p class='note'>Xếp hạng: tỷ lệ chỉ tiêu đạt (trên các chỉ tiêu đánh giá được), rồi chỉ số sắc thái ròng, rồi số tin, bài, rồi số hoạt động (xem Phương pháp).</p>
<div class='callout' id='don-vi-tre-han'><h3>Đơn vị nộp báo cáo trễ hạn</h3><ul>{late_block}</ul>
<h3>Báo cáo chưa nộp</h3><ul>{missing_block}</ul></div>
<h3>Toàn ngành theo 4 cụm</h3>
{_table(["Cụm", "Nhiệm vụ", "Hoạt động", "Tin, bài", "Báo TW", "Báo TP", "Sắc thái ròng", "Tiếp cận Fanpage", "Lượt xem Cổng", "Sự cố", "Chỉ tiêu đạt", "Tốt nhất / kém nhất"], cluster_rows)}
<h3>Xếp hạng 15 nhiệm vụ</h3>
{self.ranking(ranked)}
</section>"""

    def ranking(self, ranked: list[Row]) -> str:
        rows = []
        for i, r in enumerate(ranked):
            cls = "best" if i < 3 else "worst" if i >= len(ranked) - 3 else ""
            rows.append(
                f"<tr class='{cls}'>"
                + _td(str(r["communication_rank"]))
                + _td(f"<a href='#nhiem-vu-{r['task_code'].replace('.', '-')}'>{escape(r['task_code'])}</a> {escape(r['task_title'])}", False)
                + _td(escape(TARGET_STATUS[r["target_status"]]), False)
                + _td(f"{number(r['targets_met'])}/{number(r['targets_set'])}")
                + _td(signed(r["net_sentiment"]))
                + _td(number(r["press_items"]))
                + _td(number(r["activities_count"]))
                + "</tr>"
            )
        return _table(["Hạng", "Nhiệm vụ", "Chỉ tiêu", "Đạt", "Sắc thái ròng", "Tin, bài", "Hoạt động"], rows, "ranking")

    def task_section(self, r: Row) -> str:
        code = r["task_code"]
        section = f"nhiem-vu-{code.replace('.', '-')}"
        quarters = self.d.quarters_of(code)
        categories = [period_label(q["period_key"]) for q in quarters]
        trend = charts.grouped_bars(
            "trend", "Xu hướng theo quý: hoạt động và tin, bài", categories,
            [("Hoạt động", [q["activities_count"] for q in quarters], charts.PALETTE["activities"]),
             ("Tin, bài", [q["press_items"] for q in quarters], charts.PALETTE["press"])],
        )
        sentiment = charts.stacked_share(
            "sentiment", "Sắc thái tin, bài cả năm",
            [("Tích cực", r["press_positive"], charts.PALETTE["positive"]),
             ("Trung tính", r["press_neutral"], charts.PALETTE["neutral"]),
             ("Tiêu cực", r["press_negative"], charts.PALETTE["negative"]),
             ("Chưa phân loại", r["press_unclassified"], charts.PALETTE["unclassified"])],
        )
        level = charts.stacked_share(
            "press_level", "Báo chí Trung ương và Thành phố",
            [("Trung ương", r["press_central"], charts.PALETTE["central"]),
             ("Thành phố", r["press_city"], charts.PALETTE["city"]),
             ("Khác", r["press_other"], charts.PALETTE["other"])],
        )
        reach = charts.grouped_bars(
            "reach", "Lan tỏa theo quý: tiếp cận Fanpage và lượt xem Cổng TTĐT", categories,
            [("Tiếp cận Fanpage", [q["fanpage_reach"] for q in quarters], charts.PALETTE["fanpage"]),
             ("Lượt xem Cổng", [q["web_views"] for q in quarters], charts.PALETTE["web"])],
        )
        f = lambda column, text: self.task_fig(section, r, column, text)  # noqa: E731
        consensus = (
            "bị ẩn (dưới ngưỡng tối thiểu người trả lời)" if r["consensus_suppressed"]
            else "chưa khảo sát" if not r["consensus_responses"]
            else f"{f('consensus_share_agreeing', percent(r['consensus_share_agreeing']))} đồng thuận "
                 f"({f('consensus_responses', number(r['consensus_responses']))} người trả lời, khoảng tin cậy 95%: "
                 f"{percent(r['consensus_share_agreeing_ci_low'])}–{percent(r['consensus_share_agreeing_ci_high'])})"
        )
        facts = [
            ("Hoạt động, sản phẩm (chủ trì / phối hợp / khác)",
             f"{f('activities_count', number(r['activities_count']))} ({f('activities_lead', number(r['activities_lead']))} / "
             f"{f('activities_coordinating', number(r['activities_coordinating']))} / {f('activities_other', number(r['activities_other']))})"),
            ("Đơn vị tham gia (chủ trì / phối hợp có hoạt động)",
             f"{f('units_active', number(r['units_active']))} ({f('lead_units_active', number(r['lead_units_active']))} / "
             f"{f('coordinating_units_active', number(r['coordinating_units_active']))})"),
            ("Tin, bài (Trung ương / Thành phố)",
             f"{f('press_items', number(r['press_items']))} ({f('press_central', number(r['press_central']))} / {f('press_city', number(r['press_city']))})"),
            ("Sắc thái ròng; tỷ lệ tiêu cực",
             f"{f('net_sentiment', signed(r['net_sentiment']))}; {f('press_negative_share', percent(r['press_negative_share']))}"),
            ("Fanpage: bài đăng, tiếp cận, tương tác",
             f"{f('fanpage_posts', number(r['fanpage_posts']))}, {f('fanpage_reach', number(r['fanpage_reach']))}, {f('fanpage_engagement', number(r['fanpage_engagement']))}"),
            ("Lượt xem Cổng TTĐT", f("web_views", number(r["web_views"]))),
            ("Đồng thuận xã hội (khảo sát)", consensus),
            ("Thư góp ý, phản ánh", f("feedback_received", number(r["feedback_received"]))),
            ("Sự cố (mức cao; đã xử lý; trung bình ngày xử lý)",
             f"{f('incidents', number(r['incidents']))} ({f('incidents_high', number(r['incidents_high']))}; "
             f"{f('incidents_resolved', number(r['incidents_resolved']))}; {f('mean_resolution_days', number(r['mean_resolution_days'], 1))})"),
            ("Đơn vị chủ trì tự đánh giá mức độ hoàn thành", f("lead_completion_pct", measure_value("lead_completion_pct", r["lead_completion_pct"]))),
        ]
        if code == "2.12":
            facts += [
                ("Phòng học đưa vào sử dụng trong năm (lũy kế; % của 4.500)",
                 f"{f('programme_classrooms_delivered', number(r['programme_classrooms_delivered']))} "
                 f"({f('programme_classrooms_to_date', number(r['programme_classrooms_to_date']))}; "
                 f"{f('programme_share_of_target_pct', measure_value('programme_share_of_target_pct', r['programme_share_of_target_pct']))})"),
                ("Phòng học / 10.000 dân độ tuổi đi học (mục tiêu 300); còn thiếu",
                 f"{f('city_classrooms_per_10k', number(r['city_classrooms_per_10k'], 1))}; {f('city_classrooms_needed', number(r['city_classrooms_needed']))}"),
            ]
        fact_rows = [f"<tr><th>{escape(k)}</th>{_td(v, False)}</tr>" for k, v in facts]
        target_rows = [
            "<tr>" + _td(escape(MEASURES[t["measure"]]), False)
            + _td(escape(self.figures.add(self.file_name, section, f"target:{t['measure']}", measure_value(t["measure"], t["actual_value"]),
                                          "mart_task_year", task_row_key(code, self.d.school_year), t["measure"])))
            + _td(f"{COMPARISON.get(t['comparison'], '')} {measure_value(t['measure'], t['target_value'])}" if t["target_value"] is not None else "–")
            + _td(escape(TARGET_STATUS[t["target_status"]]), False) + "</tr>"
            for t in self.d.targets_of(code) if t["target_status"] != "no_target" or t["actual_value"]
        ]
        return f"""
<section class='task-section' id='{section}' data-task='{escape(code)}'>
<h2>Nhiệm vụ {escape(code)}. {escape(r['task_title'])}</h2>
<p>Cụm {r['cluster']} · hạng {f('communication_rank', str(r['communication_rank']))}/{len(self.d.task_year)} ·
chỉ tiêu: <strong>{escape(TARGET_STATUS[r['target_status']])}</strong> ({number(r['targets_met'])}/{number(r['targets_set'])} đạt)</p>
<div class='charts'>{trend}{sentiment}{level}{reach}</div>
{_table(["Chỉ số", "Cả năm học"], fact_rows, "facts")}
<h3>So với chỉ tiêu</h3>
{_table(["Chỉ số", "Thực hiện", "Chỉ tiêu", "Đánh giá"], target_rows, "targets")}
<p class='note'>Các chỉ số không liệt kê ở đây chưa có chỉ tiêu (“{TARGET_STATUS['no_target']}”) và chưa có số liệu.</p>
</section>"""

    def compliance(self) -> str:
        rows = []
        for u in self.d.units:
            f = lambda column, text: self.unit_fig("tuan-thu", u, column, text)  # noqa: E731
            cls = "late" if u["reporting_status"] in ("late", "missing") else ""
            rows.append(
                f"<tr class='{cls}'>"
                + _td(escape(u["unit_name"]), False)
                + _td(f("quarterly_reports_owed", number(u["quarterly_reports_owed"])))
                + _td(f("quarterly_on_time", number(u["quarterly_on_time"])))
                + _td(f("quarterly_late", number(u["quarterly_late"])))
                + _td(f("quarterly_missing", number(u["quarterly_missing"])))
                + _td(f("quarterly_days_late_total", number(u["quarterly_days_late_total"])))
                + _td(f("year_end_status", REPORT_STATUS[u["year_end_status"]]), False)
                + _td(f("reporting_status", REPORT_STATUS[u["reporting_status"]]), False)
                + _td(f("activities_count", number(u["activities_count"])))
                + _td(f"{f('tasks_assigned_active', number(u['tasks_assigned_active']))}/{f('tasks_assigned', number(u['tasks_assigned']))}")
                + _td(escape(u["led_tasks_without_activity"] or "–"), False)
                + _td(f("incidents", number(u["incidents"])))
                + _td(f("median_resolution_days", number(u["median_resolution_days"], 1)))
                + _td(f("self_assessment_mean_pct", measure_value("lead_completion_pct", u["self_assessment_mean_pct"])))
                + "</tr>"
            )
        return f"""
<section id='tuan-thu'>
<h2>Chế độ báo cáo của các đơn vị</h2>
<p>Báo cáo quý nộp trước ngày 15 của tháng cuối quý; báo cáo tổng kết trước ngày 15/6 (mục IV.5 của Kế hoạch).
Thời điểm nhận là thời điểm hệ thống văn bản ghi nhận (không phải ngày ghi trong báo cáo).</p>
{_table(["Đơn vị", "Báo cáo quý phải nộp", "Đúng hạn", "Trễ hạn", "Chưa nộp", "Tổng số ngày trễ", "Báo cáo tổng kết", "Đánh giá chung",
         "Hoạt động", "Nhiệm vụ được giao có hoạt động", "Nhiệm vụ chủ trì chưa có hoạt động", "Sự cố", "Trung vị ngày xử lý", "Tự đánh giá (%)"], rows, "compliance")}
</section>"""

    def methods(self) -> str:
        loads = [
            "<tr>" + _td(escape(r["family"]), False) + "".join(_td(number(r[k])) for k in ("files", "rows_read", "rows_loaded", "rows_rejected")) + "</tr>"
            for r in self.d.file_loads
        ]
        caveats = [
            "<tr>" + _td(escape(r["family"]), False) + _td(escape(r["action"]), False) + _td(escape(r["reason"] or ""), False) + _td(number(r["entries"])) + "</tr>"
            for r in self.d.quarantine
        ]
        return f"""
<section id='phuong-phap'>
<h2>Phương pháp, nguồn số liệu và lưu ý về chất lượng dữ liệu</h2>
<h3>Công thức</h3>
<ul>
<li>Hoạt động, sản phẩm: số dòng ở trang HoatDong trong báo cáo quý mới nhất của mỗi đơn vị (báo cáo sửa thay báo cáo trước; báo cáo tổng kết không cộng thêm).</li>
<li>Tin, bài: mỗi đường dẫn tính một lần, mỗi cơ quan báo chí tính riêng; gán nhiệm vụ theo danh mục cụm từ của Văn phòng (không phân biệt hoa thường, dấu).</li>
<li>Chỉ số sắc thái ròng = (tích cực − tiêu cực) / (tích cực + trung tính + tiêu cực), từ −1 đến +1; tin chưa phân loại không tính. Tỷ lệ tiêu cực = tiêu cực / tin đã phân loại.</li>
<li>Tỷ lệ tương tác Fanpage = tương tác / tiếp cận.</li>
<li>Đồng thuận: tỷ lệ người trả lời có điểm nhiệm vụ từ 4/5 trở lên, khoảng tin cậy Wilson 95%; ô dưới 10 người trả lời bị ẩn; cả năm bị ẩn nếu một quý bị ẩn (tránh suy ra bằng phép trừ).</li>
<li>Sự cố: theo báo cáo quý mới nhất và báo cáo đột xuất, trùng lặp tính một lần; gán nhiệm vụ theo danh mục cụm từ, còn lại thuộc nhiệm vụ 2.15 (xử lý khủng hoảng truyền thông).</li>
<li>Chỉ tiêu: bảng ref_task_targets do Văn phòng cập nhật; chỉ số không có chỉ tiêu ghi “{TARGET_STATUS['no_target']}”. Xếp hạng truyền thông: tỷ lệ chỉ tiêu đạt, rồi sắc thái ròng, số tin, bài, số hoạt động.</li>
<li>Đúng hạn: nhận trước 00:00 ngày 15 của tháng cuối quý (giờ Hà Nội); trễ 1 ngày = nhận trong ngày 15.</li>
</ul>
<h3>Nguồn số liệu</h3>
<p>Báo cáo của đơn vị (Excel), dữ liệu giám sát báo chí (CSV), Meta Business Suite (Fanpage), Google Analytics 4 (Cổng TTĐT), khảo sát và thư góp ý, thống kê cơ sở vật chất.
Mỗi con số trong báo cáo truy được tới dòng của bảng số liệu (marts) và tới tệp, dòng nguồn: bảng reports.report_lineage trong kho dữ liệu.</p>
{_table(["Nguồn", "Tệp", "Dòng đọc", "Dòng nạp", "Dòng loại"], loads, "file-loads")}
<h3>Lưu ý về chất lượng dữ liệu</h3>
<p>Các tệp, dòng bị loại (chi tiết trong marts.mart_quarantine: tệp, trang, dòng, cột, giá trị, lý do):</p>
{_table(["Nguồn", "Xử lý", "Lý do", "Số mục"], caveats, "quarantine")}
</section>"""

    def render(self) -> str:
        tasks = sorted(self.d.task_year, key=lambda r: r["task_number"])
        nav = "".join(
            f"<a href='#{a}'>{escape(t)}</a>"
            for a, t in [("tom-tat", "Tóm tắt"), ("tuan-thu", "Chế độ báo cáo"), ("phuong-phap", "Phương pháp")]
        )
        title = f"Báo cáo tổng kết công tác truyền thông năm học {self.d.school_year}"
        return f"""<!DOCTYPE html>
<html lang='vi'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1'>
<title>{escape(title)}</title><style>{STYLE}</style></head>
<body>
<header><h1>{escape(title)}</h1>
<p>Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh · Tạo tự động từ kho dữ liệu lúc {self.generated_at.strftime('%H:%M %d/%m/%Y')} · Bản nháp để Văn phòng rà soát</p>
<nav>{nav}</nav></header>
{self.summary()}
{''.join(self.task_section(r) for r in tasks)}
{self.compliance()}
{self.methods()}
</body></html>
"""


def render(data: YearData, figures: Figures, generated_at: dt.datetime) -> tuple[str, str]:
    """(file name, HTML text)."""
    report = HtmlReport(data, figures, generated_at)
    return report.file_name, report.render()
