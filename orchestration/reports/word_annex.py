"""The Phụ lục of the year-end report: the big tables the letter refers to (per task figures,
targets and verdicts, section IV.6's measures) and one section per lead unit, with the unit's
self-assessment beside what the warehouse measured."""

from __future__ import annotations

from orchestration.reports import findings, verdicts
from orchestration.reports.data import Row, YearData
from orchestration.reports.docx_fill import Filler
from orchestration.reports.labels import MEASURES, REPORT_STATUS, date_vi, measure_value, number, percent, signed
from orchestration.reports.measures import LEVEL, PRODUCT_SOURCE, PRODUCT_TYPE

SEVERITY_ORDER = {"Cao": 0, "Trung bình": 1, "Thấp": 2}


class Annex:
    def __init__(self, data: YearData, filler: Filler):
        self.d, self.f, self.m = data, filler, data.measures

    def tasks(self) -> list[Row]:
        return sorted(self.d.task_year, key=lambda r: r["task_number"])

    def per_task(self) -> None:
        self.f.heading("Phụ lục I. Số liệu theo nhiệm vụ", 2)
        rows, reach = [], []
        for r in self.tasks():
            web = (
                sum(int(w["views"]) for w in self.m.web if w["scope"] == "task" and w["task_code"] == r["task_code"])
                if self.m
                else None
            )
            rows.append(
                [
                    f"{r['task_code']}. {r['task_title']}",
                    f"{number(r['activities_count'])} ({number(r['activities_lead'])}/{number(r['activities_coordinating'])}/{number(r['activities_other'])})",
                    f"{number(r['press_items'])} ({number(r['press_central'])}/{number(r['press_city'])}/{number(r['press_other'])})",
                    signed(r["net_sentiment"]),
                    verdicts.rank_text(self.d, r),
                ]
            )
            reach.append(
                [
                    r["task_code"],
                    number(r["fanpage_posts"]),
                    number(r["fanpage_reach"]),
                    number(r["fanpage_engagement"]),
                    percent(r["fanpage_engagement_rate"], 2),
                    number(web),
                    number(r["feedback_received"]),
                    f"{number(r['incidents'])} ({number(r['incidents_resolved'])})",
                ]
            )
        self.f.table(
            [
                "Nhiệm vụ",
                "Hoạt động (chủ trì / phối hợp / khác)",
                "Tin, bài (TW / TP / khác)",
                "Sắc thái ròng",
                "Xếp hạng",
            ],
            rows,
            [6.1, 3.0, 2.8, 1.7, 2.9],
            numeric_from=1,
            numeric_to=4,
        )
        self.f.paragraph(
            "TW: báo chí Trung ương; TP: báo chí Thành phố; khác: cơ quan báo chí địa phương khác, "
            "chuyên ngành hoặc chưa xác định cấp.",
            italic=True,
        )
        self.f.table(
            [
                "Nhiệm vụ",
                "Fanpage: bài đăng",
                "Tổng tiếp cận các bài",
                "Tương tác",
                "Tỉ lệ tương tác",
                "Lượt xem các trang của nhiệm vụ (Cổng TTĐT)",
                "Thư góp ý",
                "Sự cố (đã xử lý)",
            ],
            reach,
            [1.6, 1.8, 2.4, 2.0, 1.8, 2.8, 1.5, 2.6],
            numeric_from=1,
        )

    def targets(self) -> None:
        self.f.heading("Phụ lục II. Chỉ tiêu và đánh giá", 2)
        rows = [
            [t["task_code"], MEASURES[t["measure"]], verdicts.target_line(t), verdicts.target_verdict(t)]
            for t in self.d.targets
            if t["target_status"] != "no_target"
        ]
        self.f.table(["Nhiệm vụ", "Chỉ số", "Thực hiện (chỉ tiêu)", "Đánh giá"], rows, [1.6, 4.8, 4.3, 5.8])

    def press(self) -> None:
        self.f.heading("Phụ lục III. Báo chí theo cấp, loại hình và thể loại", 2)
        m = self.m
        for dimension, title, names in (
            ("outlet_level", "Cấp cơ quan báo chí", LEVEL),
            ("media_type", "Loại hình", {}),
            ("genre", "Thể loại", {}),
        ):
            sector = m.press_by(dimension)
            keys = [k for k, _ in sector]
            rows = [["Toàn ngành", *[number(v) for _, v in sector], number(sum(v for _, v in sector))]]
            for r in self.tasks():
                by = dict(m.press_by(dimension, r["task_code"]))
                if by:
                    rows.append(
                        [f"Nhiệm vụ {r['task_code']}", *[number(by.get(k, 0)) for k in keys], number(sum(by.values()))]
                    )
            unassigned = dict((k, v) for k, v in _unassigned(m.press, dimension).items())
            if unassigned:
                rows.append(
                    [
                        "Chưa gắn nhiệm vụ",
                        *[number(unassigned.get(k, 0)) for k in keys],
                        number(sum(unassigned.values())),
                    ]
                )
            self.f.paragraph(title, italic=True)
            self.f.table(["", *[names.get(k, k) for k in keys], "Cộng"], rows, numeric_from=1)

    def channels(self) -> None:
        self.f.heading("Phụ lục IV. Sản phẩm truyền thông, Cổng TTĐT và Fanpage", 2)
        m = self.m
        rows = []
        for code in [None, *[r["task_code"] for r in self.tasks()]]:
            for kind, products, reach, with_reach in m.products_by_type(code):
                rows.append(
                    [
                        "Toàn ngành" if code is None else f"Nhiệm vụ {code}",
                        PRODUCT_TYPE.get(kind, kind),
                        number(products),
                        f"{number(reach)} ({number(with_reach)} sản phẩm có số liệu)",
                    ]
                )
        self.f.paragraph(
            "Sản phẩm truyền thông theo loại (báo cáo của đơn vị và bài đăng Fanpage; "
            + ", ".join(PRODUCT_SOURCE.values())
            + ")",
            italic=True,
        )
        self.f.table(
            ["Phạm vi", "Loại sản phẩm", "Số sản phẩm", "Tổng lượt tiếp cận"],
            rows,
            [3.0, 5.0, 2.5, 6.0],
            numeric_from=2,
        )
        sites = [
            [
                w["site"],
                "Toàn trang" if w["scope"] == "site" else f"Các trang về nhiệm vụ {w['task_code']}",
                number(w["views"]),
            ]
            for w in m.web
        ]
        self.f.paragraph(
            "Lượt xem Cổng TTĐT và trang thông tin điện tử (toàn trang; các trang, bài viết về từng nhiệm vụ)",
            italic=True,
        )
        self.f.table(["Trang", "Phạm vi", "Lượt xem"], sites, [7.5, 6.0, 3.0], numeric_from=2)
        fan = []
        for r in m.fanpage:
            rate = r["rate_engagement"] / r["rate_reach"] if r["rate_reach"] else None
            fan.append(
                [
                    r["page_name"],
                    "Cả trang" if r["task_code"] is None else f"Nhiệm vụ {r['task_code']}",
                    number(r["posts"]),
                    number(r["reach"]),
                    number(r["engagement"]),
                    percent(rate, 2),
                ]
            )
        self.f.paragraph(
            "Fanpage: bài đăng, tổng lượt tiếp cận của các bài (cộng từng bài), tương tác, tỉ lệ tương tác", italic=True
        )
        self.f.table(
            ["Trang", "Phạm vi", "Bài đăng", "Tổng tiếp cận các bài", "Tương tác", "Tỉ lệ tương tác"],
            fan,
            [4.5, 2.8, 1.8, 3.0, 2.4, 2.0],
            numeric_from=2,
        )

    def feedback_and_incidents(self) -> None:
        m = self.m
        self.f.heading("Phụ lục V. Tiếp nhận, xử lý thư góp ý, phản ánh", 2)
        rows = [
            [
                r["channel"] or "Chưa xác định",
                number(r["received"]),
                number(r["answered"]),
                number(r["answered_within_deadline"]),
                percent(r["answered_within_deadline"] / r["received"]) if r["received"] else "–",
            ]
            for r in m.feedback
        ]
        self.f.table(
            ["Kênh tiếp nhận", "Nhận", "Đã trả lời", "Trả lời trong hạn", "Tỉ lệ trong hạn"],
            rows,
            [5.5, 2.5, 2.5, 3.0, 3.0],
            numeric_from=1,
        )
        self.f.heading("Phụ lục VI. Sự cố truyền thông, biện pháp và kết quả xử lý", 2)
        incidents = sorted(m.incidents, key=lambda i: (SEVERITY_ORDER.get(i["severity"], 3), i["detected_date"]))
        rows = [
            [
                date_vi(i["detected_date"]),
                i["unit_name"],
                i["severity"] or "–",
                i["content"] or "–",
                i["measures"] or "–",
                i["result"] or "–",
                number(i["resolution_days"]) if i["resolved_date"] else "Chưa xong",
            ]
            for i in incidents
        ]
        self.f.table(
            ["Ngày", "Đơn vị", "Mức độ", "Nội dung", "Biện pháp xử lý", "Kết quả", "Số ngày xử lý"],
            rows,
            [2.3, 2.2, 1.5, 3.4, 3.2, 2.6, 1.3],
        )

    def lead_units(self) -> None:
        self.f.heading("Phụ lục VII. Kết quả theo đơn vị chủ trì: tự đánh giá và số liệu đo được", 2)
        units = {u["unit_code"]: u for u in self.d.units}
        lead = [r for r in self.d.unit_tasks if r["unit_role"] == "lead"]
        for code in sorted({r["unit_code"] for r in lead}, key=lambda c: units.get(c, {}).get("unit_name", c)):
            rows = [r for r in lead if r["unit_code"] == code]
            unit = units.get(code)
            self.f.heading(rows[0]["unit_name"], 3)
            if unit:
                self.f.paragraph(
                    f"Báo cáo quý: {number(unit['quarterly_on_time'])}/{number(unit['quarterly_reports_owed'])} đúng hạn, "
                    f"{number(unit['quarterly_late'])} trễ, {number(unit['quarterly_missing'])} chưa nộp; báo cáo tổng kết: "
                    f"{REPORT_STATUS.get(unit['year_end_status'], '–').lower()}. Đơn vị báo cáo {number(unit['activities_count'])} hoạt động."
                )
            table = []
            for r in sorted(rows, key=lambda r: r["task_number"]):
                task = self.d.task(r["task_code"])
                table.append(
                    [
                        r["task_code"],
                        measure_value("lead_completion_pct", r["completion_pct"]),
                        number(r["activities_count"]),
                        number(task["activities_count"]),
                        number(task["press_items"]),
                        verdicts.met_text(task),
                        verdicts.task_status(task),
                    ]
                )
            self.f.table(
                [
                    "Nhiệm vụ",
                    "Tự đánh giá hoàn thành",
                    "Hoạt động của đơn vị",
                    "Hoạt động toàn ngành",
                    "Tin, bài",
                    "Chỉ tiêu đạt / có số liệu",
                    "Đánh giá theo số liệu",
                ],
                table,
                [1.6, 2.1, 2.1, 2.1, 1.5, 2.5, 4.6],
                numeric_from=1,
                numeric_to=6,
            )
            for column, title in (
                ("highlights", "Kết quả nổi bật"),
                ("difficulties", "Khó khăn, vướng mắc"),
                ("proposals", "Đề xuất"),
            ):
                found = findings.group(rows, column)
                if found:
                    self.f.paragraph(
                        title
                        + ": "
                        + " ".join(f"{x.text.rstrip(' .;')} (nhiệm vụ {', '.join(x.tasks)})." for x in found),
                        italic=False,
                    )

    def render(self) -> None:
        self.per_task()
        self.targets()
        if self.m:
            self.press()
            self.channels()
            self.feedback_and_incidents()
        self.lead_units()


def _unassigned(press: list[Row], dimension: str) -> dict[str, int]:
    totals: dict[str, int] = {}
    for r in press:
        if r["task_code"] is None:
            key = r[dimension] or "Chưa xác định"
            totals[key] = totals.get(key, 0) + int(r["press_items"])
    return totals
