"""The HTML report: one self-contained file (styles and SVG charts inline, nothing fetched), in
Vietnamese, rendered from the Jinja2 templates beside this module with autoescaping on.

This module prepares what the templates print: every figure goes through `Figures.add` here,
so that the lineage records the text as printed. A summary names the best and worst
communicated tasks among those with enough evidence and the units that reported late or not
at all; then section IV.6's measures for the sector, one section per task with its charts,
the units' compliance table, and the methods (formulas, sources, data-quality caveats)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from orchestration.reports import caveats, charts, verdicts
from orchestration.reports.data import Row, YearData
from orchestration.reports.labels import (
    MEASURES,
    REPORT_KIND,
    REPORT_STATUS,
    date_vi,
    measure_value,
    number,
    percent,
    period_label,
    signed,
)
from orchestration.reports.lineage import Figures, task_row_key, unit_row_key
from orchestration.reports.measures import LEVEL, PRODUCT_TYPE
from orchestration.reports.word import data_window, school_year_text

FILE_NAME = "bao-cao-tong-ket-{school_year}.html"
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
INDICATOR_STATUS = {
    "on_track": "Đúng tiến độ",
    "at_risk": "Có nguy cơ chậm",
    "off_track": "Chậm tiến độ",
    "met": "Đã đạt",
}


def chart_svg(chart: charts.Chart) -> str:
    """One chart as the report prints it (inline SVG)."""
    return str(TEMPLATES.get_template("charts.svg.j2").module.chart(chart))


def anchor(task_code: str) -> str:
    return f"nhiem-vu-{task_code.replace('.', '-')}"


class HtmlReport:
    def __init__(self, data: YearData, figures: Figures, generated_at: dt.datetime):
        self.d, self.m = data, data.measures
        self.figures = figures
        self.generated_at = generated_at
        self.file_name = FILE_NAME.format(school_year=data.school_year)

    # ------------------------------------------------------------ figures with lineage
    def task_fig(self, section: str, row: Row, column: str, text: str) -> str:
        key = task_row_key(row["task_code"], self.d.school_year, row["period_key"])
        return self.figures.add(self.file_name, section, column, text, "mart_task_year", key, column)

    def unit_fig(self, section: str, row: Row, column: str, text: str) -> str:
        key = unit_row_key(row["unit_code"], self.d.school_year)
        return self.figures.add(self.file_name, section, column, text, "mart_unit_year", key, column)

    # ------------------------------------------------------------ summary
    def task_line(self, r: Row) -> dict[str, str]:
        s = "tom-tat"
        return {
            "code": r["task_code"],
            "anchor": anchor(r["task_code"]),
            "title": r["task_title"],
            "rank": verdicts.rank_text(self.d, r),
            "text": (
                f"{verdicts.targets_text(self.d, r)}; {self.task_fig(s, r, 'press_items', number(r['press_items']))} tin, bài "
                f"(chỉ số sắc thái ròng {self.task_fig(s, r, 'net_sentiment', signed(r['net_sentiment']))}); "
                f"{self.task_fig(s, r, 'activities_count', number(r['activities_count']))} hoạt động của các đơn vị."
            ),
        }

    def summary(self) -> dict[str, object]:
        ranked = verdicts.ranked(self.d)
        half = min(3, len(ranked) // 2)
        clusters = [
            ["Toàn ngành" if c["cluster_key"] == "city" else c["cluster_title"]]
            + [
                number(c[k])
                for k in ("tasks", "activities_count", "press_items", "press_central", "press_city", "press_other")
            ]
            + [
                signed(c["net_sentiment"]),
                number(c["fanpage_reach"]),
                number(c["web_views"]),
                number(c["incidents"]),
                f"{number(c['targets_met'])}/{number(int(c['targets_met'] or 0) + int(c['targets_not_met'] or 0))}",
            ]
            for c in self.d.clusters
        ]

        def when(u: Row) -> str:
            if u["report_kind"] == "year_end":
                return f"năm học {school_year_text(self.d.school_year)}"
            return period_label(u["period_key"])

        return {
            "window": data_window(self.d),
            "targets": verdicts.city_targets_text(self.d),
            "best": [self.task_line(r) for r in ranked[:half]],
            "worst": [self.task_line(r) for r in ranked[::-1][:half]],
            "not_ranked": [
                self.task_line(r) for r in sorted(verdicts.not_ranked(self.d), key=lambda r: r["task_number"])
            ],
            "ranking": [
                {
                    "rank": number(r["evidence_rank"]),
                    "code": r["task_code"],
                    "anchor": anchor(r["task_code"]),
                    "title": r["task_title"],
                    "status": verdicts.task_status(r),
                    "met": verdicts.met_text(r)
                    + (" (tạm tính)" if verdicts.provisional_used(self.d, r["task_code"]) else ""),
                    "sentiment": signed(r["net_sentiment"]),
                    "press": number(r["press_items"]),
                    "activities": number(r["activities_count"]),
                    "cls": "best" if i < half else "worst" if i >= len(ranked) - half else "",
                }
                for i, r in enumerate(ranked)
            ],
            "clusters": clusters,
            "late": [
                f"{u['unit_name']} — {REPORT_KIND[u['report_kind']]} {when(u)}: trễ {number(u['days_late'])} ngày "
                f"(hạn {date_vi(u['deadline'])})"
                for u in self.d.late_reports
                if u["report_status"] == "late"
            ],
            "missing": [
                f"{u['unit_name']} — {REPORT_KIND[u['report_kind']]} {when(u)} (hạn {date_vi(u['deadline'])})"
                for u in self.d.late_reports
                if u["report_status"] == "missing"
            ],
        }

    # ------------------------------------------------------------ section IV.6, sector and per task
    def channel_rows(self, task_code: str | None) -> dict[str, object]:
        m = self.m
        press = {dim: m.press_by(dim, task_code) for dim in ("outlet_level", "media_type", "genre")}
        press["outlet_level"] = [(LEVEL.get(k, k), v) for k, v in press["outlet_level"]]
        fan = m.fanpage_totals(task_code)
        web = [
            (w["site"], number(w["views"]))
            for w in m.web
            if w["scope"] == ("site" if task_code is None else "task")
            and (task_code is None or w["task_code"] == task_code)
        ]
        return {
            "press": {k: [(name, number(v)) for name, v in rows] for k, rows in press.items()},
            "products": [
                (PRODUCT_TYPE.get(t, t), number(n), number(reach), number(with_reach))
                for t, n, reach, with_reach in m.products_by_type(task_code)
            ],
            "fanpage": [
                number(fan["posts"]),
                number(fan["reach"]),
                number(fan["engagement"]),
                percent(fan["engagement_rate"], 2),
            ],
            "web": web,
        }

    def sector(self) -> dict[str, object] | None:
        if self.m is None:
            return None
        m = self.m
        return {
            **self.channel_rows(None),
            "feedback": [
                (
                    r["channel"] or "Chưa xác định",
                    number(r["received"]),
                    number(r["answered"]),
                    number(r["answered_within_deadline"]),
                    percent(r["answered_within_deadline"] / r["received"]) if r["received"] else "–",
                )
                for r in m.feedback
            ],
            "incidents": [
                (
                    date_vi(i["detected_date"]),
                    i["unit_name"],
                    i["severity"] or "–",
                    i["content"] or "–",
                    i["measures"] or "–",
                    i["result"] or "–",
                    number(i["resolution_days"]) if i["resolved_date"] else "Chưa xong",
                )
                for i in m.incidents
            ],
            "indicators": [
                (
                    i["name"],
                    str(i["year"] or "–"),
                    (number(i["value"], 1) + ("%" if i["unit"] == "%" else ""))
                    if i["value"] is not None
                    else f"Không có số liệu ({i['coverage']})",
                    (number(i["target"], 1) + ("%" if i["unit"] == "%" else "")) if i["target"] is not None else "–",
                    INDICATOR_STATUS.get(i["status"], "–"),
                    i["coverage"],
                )
                for i in m.indicators
            ],
        }

    def task(self, r: Row) -> dict[str, object]:
        code = r["task_code"]
        section = anchor(code)
        quarters = self.d.quarters_of(code)
        categories = [period_label(q["period_key"]) for q in quarters]
        f = lambda column, text: self.task_fig(section, r, column, text)  # noqa: E731
        chart_list = [
            charts.grouped_bars(
                "trend",
                "Theo quý: hoạt động và tin, bài",
                categories,
                [
                    ("Hoạt động", [q["activities_count"] for q in quarters], charts.PALETTE["activities"]),
                    ("Tin, bài", [q["press_items"] for q in quarters], charts.PALETTE["press"]),
                ],
            ),
            charts.stacked_share(
                "sentiment",
                "Sắc thái tin, bài cả năm",
                [
                    ("Tích cực", r["press_positive"], charts.PALETTE["positive"]),
                    ("Trung tính", r["press_neutral"], charts.PALETTE["neutral"]),
                    ("Tiêu cực", r["press_negative"], charts.PALETTE["negative"]),
                    ("Chưa phân loại", r["press_unclassified"], charts.PALETTE["unclassified"]),
                ],
            ),
            charts.stacked_share(
                "press_level",
                "Tin, bài theo cấp cơ quan báo chí",
                [
                    ("Trung ương", r["press_central"], charts.PALETTE["central"]),
                    ("Thành phố", r["press_city"], charts.PALETTE["city"]),
                    ("Khác", r["press_other"], charts.PALETTE["other"]),
                ],
            ),
            charts.grouped_bars(
                "reach",
                "Theo quý: Fanpage và Cổng TTĐT",
                categories,
                [
                    (
                        "Tổng tiếp cận các bài Fanpage",
                        [q["fanpage_reach"] for q in quarters],
                        charts.PALETTE["fanpage"],
                    ),
                    ("Lượt xem các trang của nhiệm vụ", [q["web_views"] for q in quarters], charts.PALETTE["web"]),
                ],
            ),
        ]
        consensus = (
            "bị ẩn (dưới ngưỡng tối thiểu người trả lời)"
            if r["consensus_suppressed"]
            else "chưa khảo sát"
            if not r["consensus_responses"]
            else f"{f('consensus_share_agreeing', percent(r['consensus_share_agreeing']))} đồng thuận "
            f"({f('consensus_responses', number(r['consensus_responses']))} người trả lời, khoảng tin cậy 95%: "
            f"{percent(r['consensus_share_agreeing_ci_low'])} – {percent(r['consensus_share_agreeing_ci_high'])})"
        )
        facts = [
            (
                "Hoạt động, sản phẩm (chủ trì / phối hợp / khác)",
                f"{f('activities_count', number(r['activities_count']))} ({f('activities_lead', number(r['activities_lead']))} / "
                f"{f('activities_coordinating', number(r['activities_coordinating']))} / {f('activities_other', number(r['activities_other']))})",
            ),
            (
                "Đơn vị tham gia (chủ trì / phối hợp có hoạt động)",
                f"{f('units_active', number(r['units_active']))} ({f('lead_units_active', number(r['lead_units_active']))} / "
                f"{f('coordinating_units_active', number(r['coordinating_units_active']))})",
            ),
            (
                "Tin, bài (Trung ương / Thành phố / khác)",
                f"{f('press_items', number(r['press_items']))} ({f('press_central', number(r['press_central']))} / "
                f"{f('press_city', number(r['press_city']))} / {f('press_other', number(r['press_other']))})",
            ),
            (
                "Chỉ số sắc thái ròng; tỉ lệ tin, bài tiêu cực",
                f"{f('net_sentiment', signed(r['net_sentiment']))}; {f('press_negative_share', percent(r['press_negative_share']))}",
            ),
            (
                "Fanpage: bài đăng, tổng lượt tiếp cận các bài, tương tác, tỉ lệ tương tác",
                f"{f('fanpage_posts', number(r['fanpage_posts']))}, {f('fanpage_reach', number(r['fanpage_reach']))}, "
                f"{f('fanpage_engagement', number(r['fanpage_engagement']))}, {f('fanpage_engagement_rate', percent(r['fanpage_engagement_rate'], 2))}",
            ),
            (
                "Lượt xem các trang, bài viết về nhiệm vụ trên Cổng TTĐT (không phải lượt xem toàn Cổng)",
                f("web_views", number(r["web_views"])),
            ),
            ("Đồng thuận xã hội (khảo sát)", consensus),
            ("Thư góp ý, phản ánh", f("feedback_received", number(r["feedback_received"]))),
            (
                "Sự cố (mức cao; đã xử lý xong; số ngày xử lý trung bình)",
                f"{f('incidents', number(r['incidents']))} ({f('incidents_high', number(r['incidents_high']))}; "
                f"{f('incidents_resolved', number(r['incidents_resolved']))}; {f('mean_resolution_days', number(r['mean_resolution_days'], 1))})",
            ),
            (
                "Đơn vị chủ trì tự đánh giá mức độ hoàn thành",
                f("lead_completion_pct", measure_value("lead_completion_pct", r["lead_completion_pct"])),
            ),
        ]
        if code == "2.12":
            facts += [
                (
                    "Phòng học đưa vào sử dụng trong năm (lũy kế; % của 4.500)",
                    f"{f('programme_classrooms_delivered', number(r['programme_classrooms_delivered']))} "
                    f"({f('programme_classrooms_to_date', number(r['programme_classrooms_to_date']))}; "
                    f"{f('programme_share_of_target_pct', measure_value('programme_share_of_target_pct', r['programme_share_of_target_pct']))})",
                ),
                (
                    "Phòng học / 10.000 dân độ tuổi đi học (mục tiêu 300); còn thiếu",
                    f"{f('city_classrooms_per_10k', number(r['city_classrooms_per_10k'], 1))}; {f('city_classrooms_needed', number(r['city_classrooms_needed']))}",
                ),
            ]
        targets = [
            (
                MEASURES[t["measure"]],
                self.figures.add(
                    self.file_name,
                    section,
                    f"target:{t['measure']}",
                    measure_value(t["measure"], t["actual_value"]),
                    "mart_task_year",
                    task_row_key(code, self.d.school_year),
                    t["measure"],
                ),
                verdicts.target_line(t).split("(chỉ tiêu ", 1)[1].rstrip(")") if t["target_value"] is not None else "–",
                verdicts.target_verdict(t),
            )
            for t in self.d.targets_of(code)
            if t["target_status"] != "no_target"
        ]
        return {
            "code": code,
            "anchor": section,
            "title": r["task_title"],
            "cluster": r["cluster"],
            "rank": f("evidence_rank", verdicts.rank_text(self.d, r)),
            "status": verdicts.task_status(r),
            "targets_text": verdicts.targets_text(self.d, r),
            "charts": chart_list,
            "facts": facts,
            "targets": targets,
            "channels": self.channel_rows(code) if self.m else None,
        }

    # ------------------------------------------------------------ compliance, methods
    def compliance(self) -> list[dict[str, object]]:
        rows = []
        for u in self.d.units:
            f = lambda column, text: self.unit_fig("tuan-thu", u, column, text)  # noqa: E731, B023
            rows.append(
                {
                    "cls": "late" if u["reporting_status"] in ("late", "missing") else "",
                    "name": u["unit_name"],
                    "cells": [
                        f("quarterly_reports_owed", number(u["quarterly_reports_owed"])),
                        f("quarterly_on_time", number(u["quarterly_on_time"])),
                        f("quarterly_late", number(u["quarterly_late"])),
                        f("quarterly_missing", number(u["quarterly_missing"])),
                        f("quarterly_days_late_total", number(u["quarterly_days_late_total"])),
                        f("year_end_status", REPORT_STATUS[u["year_end_status"]]),
                        f("reporting_status", REPORT_STATUS[u["reporting_status"]]),
                        f("activities_count", number(u["activities_count"])),
                        f"{f('tasks_assigned_active', number(u['tasks_assigned_active']))}/{f('tasks_assigned', number(u['tasks_assigned']))}",
                        u["led_tasks_without_activity"] or "–",
                        f("incidents", number(u["incidents"])),
                        f("median_resolution_days", number(u["median_resolution_days"], 1)),
                        f(
                            "self_assessment_mean_pct",
                            measure_value("lead_completion_pct", u["self_assessment_mean_pct"]),
                        ),
                    ],
                }
            )
        return rows

    def methods(self) -> dict[str, object]:
        return {
            "loads": [
                (
                    caveats.FAMILY.get(r["family"], r["family"]),
                    number(r["files"]),
                    number(r["rows_read"]),
                    number(r["rows_loaded"]),
                    number(r["rows_rejected"]),
                )
                for r in self.d.file_loads
            ],
            "caveats": [
                (v["family"], v["action"], v["reason"], number(v["entries"]))
                for v in map(caveats.vietnamese_row, self.d.quarantine)
            ],
        }

    def render(self) -> str:
        return TEMPLATES.get_template("report.html.j2").render(
            title=f"Báo cáo tổng kết công tác truyền thông năm học {school_year_text(self.d.school_year)}",
            generated=self.generated_at.strftime("%H:%M %d/%m/%Y"),
            school_year=school_year_text(self.d.school_year),
            summary=self.summary(),
            sector=self.sector(),
            tasks=[self.task(r) for r in sorted(self.d.task_year, key=lambda r: r["task_number"])],
            compliance=self.compliance(),
            methods=self.methods(),
            not_ranked_words=verdicts.NOT_RANKED,
            min_press=5,
        )


def render(data: YearData, figures: Figures, generated_at: dt.datetime) -> tuple[str, str]:
    """(file name, HTML text)."""
    report = HtmlReport(data, figures, generated_at)
    return report.file_name, report.render()
