"""The Báo cáo tổng kết công tác truyền thông năm học as the Office sends it: the Decree 30 form
of reference/mau-bao-cao-tong-ket.docx (header block, title, Nơi nhận, signature block), filled
with sections I-IV drafted from the year marts, and a Phụ lục (word_annex) with the per-task
tables, section IV.6's measures and the lead units' own sections.

Every sentence is drawn from the figures: the best and worst communicated tasks among those with
enough evidence, the targets not met, the units' own sentences grouped into findings with the
units named. The Office reviews the draft before it is signed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from orchestration.reports import findings, verdicts, word_annex
from orchestration.reports.data import Row, YearData
from orchestration.reports.docx_fill import Filler
from orchestration.reports.labels import MEASURES, REPORT_STATUS, measure_value, number, percent, signed
from orchestration.reports.lineage import Figures, task_row_key
from orchestration.reports.measures import PRODUCT_TYPE

FILE_NAME = "bao-cao-tong-ket-{school_year}.docx"
SECTIONS = (
    "I. KẾT QUẢ THỰC HIỆN",
    "II. ĐÁNH GIÁ CHUNG",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM HỌC TỚI",
    "IV. ĐỀ XUẤT, KIẾN NGHỊ",
)
# A proposal that names the Ministry goes to it; one addressed to the Department (Sở, Văn phòng)
# is the Department's own work for next year; the others go to the City.
TO_MINISTRY = ("bộ giáo dục", "bộ gdđt", "đề nghị bộ ", "kiến nghị bộ ")
TO_DEPARTMENT = ("sở ", "văn phòng sở", "văn phòng")


def school_year_text(school_year: str) -> str:
    """'2025-2026' as the plan writes it: '2025 - 2026'."""
    return school_year.replace("-", " - ")


def day_text(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def data_window(data: YearData) -> str:
    if not data.periods:
        return "chưa có kỳ báo cáo nào"
    first, last = data.periods[0], data.periods[-1]
    labels = ", ".join(str(p["label_vi"]) for p in data.periods)
    return f"{day_text(first['window_start'])} đến {day_text(last['window_end'])}: {len(data.periods)} kỳ báo cáo quý, {labels}"


class WordReport:
    def __init__(self, data: YearData, figures: Figures, file_name: str):
        self.d, self.figures, self.file_name = data, figures, file_name
        self.f = Filler()
        self.m = data.measures

    def tfig(self, section: str, row: Row, column: str, text: str) -> str:
        key = task_row_key(row["task_code"], self.d.school_year, row["period_key"])
        return self.figures.add(self.file_name, section, column, text, "mart_task_year", key, column)

    def city(self) -> Row | None:
        return next((c for c in self.d.clusters if c["cluster_key"] == "city"), None)

    # ------------------------------------------------------------ I
    def results(self) -> None:
        f, city, m = self.f, self.city(), self.m
        f.heading(SECTIONS[0], 1)
        f.heading("1. Kết quả chung toàn ngành", 2)
        if city:
            f.paragraph(
                f"Các phòng, đơn vị báo cáo {number(city['activities_count'])} hoạt động, sản phẩm truyền thông "
                f"về 15 nhiệm vụ của Kế hoạch."
                + (
                    " Sản phẩm truyền thông đa phương tiện theo loại: "
                    + "; ".join(
                        f"{PRODUCT_TYPE.get(t, t)} {number(n)} sản phẩm"
                        + (
                            f", tổng lượt tiếp cận {number(reach)} (trên {number(with_reach)} sản phẩm có số liệu)"
                            if with_reach
                            else ""
                        )
                        for t, n, reach, with_reach in m.products_by_type()
                    )
                    + "."
                    if m and m.products
                    else ""
                ),
                bold_lead="a) Hoạt động của các đơn vị. ",
            )
            press = (
                f"Báo chí đăng {number(city['press_items'])} tin, bài về 15 nhiệm vụ: báo chí Trung ương "
                f"{number(city['press_central'])}, báo chí Thành phố {number(city['press_city'])}, "
                f"cơ quan báo chí khác {number(city['press_other'])}."
            )
            if m and m.press:
                total = sum(v for _, v in m.press_by("media_type"))
                press += (
                    f" Tính cả {number(total - int(city['press_items']))} tin, bài về ngành chưa gắn với nhiệm vụ nào "
                    f"({number(total)} tin, bài), theo loại hình: "
                    + ", ".join(f"{k} {number(v)}" for k, v in m.press_by("media_type"))
                    + "; theo thể loại: "
                    + ", ".join(f"{k} {number(v)}" for k, v in m.press_by("genre"))
                    + "."
                )
            press += (
                f" Chỉ số sắc thái ròng (hiệu số tin, bài tích cực và tiêu cực chia cho số tin, bài đã phân loại, "
                f"từ −1 đến +1; dùng một chỉ số này trong toàn báo cáo) là {signed(city['net_sentiment'])}: "
                f"{number(city['press_positive'])} tích cực, {number(city['press_neutral'])} trung tính, "
                f"{number(city['press_negative'])} tiêu cực, {number(city['press_unclassified'])} chưa phân loại."
            )
            f.paragraph(press, bold_lead="b) Báo chí. ")
        if m:
            f.paragraph(self.channels_text(), bold_lead="c) Cổng thông tin điện tử và trang Fanpage. ")
            received = sum(int(r["received"] or 0) for r in m.feedback)
            answered = sum(int(r["answered"] or 0) for r in m.feedback)
            in_time = sum(int(r["answered_within_deadline"] or 0) for r in m.feedback)
            f.paragraph(
                f"Tiếp nhận {number(received)} thư góp ý, phản ánh; đã trả lời {number(answered)}"
                + (f" ({percent(answered / received)})" if received else "")
                + f", trong đó {number(in_time)} trả lời trong thời hạn"
                + (f" ({percent(in_time / received)} số thư nhận được)." if received else "."),
                bold_lead="d) Tiếp nhận, xử lý ý kiến. ",
            )
            resolved = sum(1 for r in m.incidents if r["resolved_date"] is not None)
            f.paragraph(
                f"Các đơn vị báo cáo {number(len(m.incidents))} sự cố truyền thông, {number(resolved)} đã xử lý xong; "
                "biện pháp xử lý và kết quả từng sự cố ở Phụ lục VI.",
                bold_lead="đ) Sự cố truyền thông. ",
            )
        self.task_results()
        self.indicators_2030()
        self.compliance()

    def channels_text(self) -> str:
        m = self.m
        sites = [r for r in m.web if r["scope"] == "site"]
        text = (
            "; ".join(f"{r['site']}: {number(r['views'])} lượt xem toàn trang" for r in sites)
            or "Chưa có số liệu lượt xem trang"
        )
        text += (
            "; riêng các trang, bài viết về 15 nhiệm vụ: "
            + number(sum(int(r["views"]) for r in m.web if r["scope"] == "task"))
            + " lượt xem"
            if any(r["scope"] == "task" for r in m.web)
            else ""
        )
        fan = m.fanpage_totals()
        pages = len({r["page_name"] for r in m.fanpage})
        text += (
            f". Trang Fanpage ({number(pages)} trang) đăng {number(fan['posts'])} bài; tổng lượt tiếp cận của các bài đăng "
            f"{number(fan['reach'])} (cộng lượt tiếp cận từng bài, một người xem nhiều bài được tính nhiều lần), "
            f"{number(fan['engagement'])} lượt tương tác, tỉ lệ tương tác {percent(fan['engagement_rate'], 2)} "
            "(tương tác / tiếp cận, trên các bài có cả hai số liệu)."
        )
        return text

    def task_results(self) -> None:
        f, d = self.f, self.d
        f.heading("2. Kết quả theo nhiệm vụ và chỉ tiêu", 2)
        f.paragraph(
            f"Toàn ngành {verdicts.city_targets_text(d)}. "
            "Chỉ tiêu ghi “tạm tính” là chỉ tiêu làm việc, chưa được phê duyệt chính thức. "
            "Chỉ xếp hạng nhiệm vụ có đủ dữ liệu (từ 5 tin, bài trở lên, hoặc có kết quả khảo sát); "
            + (
                f"{number(len(verdicts.not_ranked(d)))} nhiệm vụ {verdicts.NOT_RANKED}."
                if verdicts.not_ranked(d)
                else "năm học này cả 15 nhiệm vụ đều đủ dữ liệu."
            )
            + " Số liệu chi tiết ở Phụ lục I, II."
        )
        rows = []
        for r in sorted(d.task_year, key=lambda r: r["task_number"]):
            s = "I.2"
            rows.append(
                [
                    f"{r['task_code']}. {r['task_title']}",
                    self.tfig(s, r, "activities_count", number(r["activities_count"])),
                    self.tfig(s, r, "press_items", number(r["press_items"])),
                    verdicts.met_text(r) + (" (tạm tính)" if verdicts.provisional_used(d, r["task_code"]) else ""),
                    verdicts.task_status(r),
                    verdicts.rank_text(d, r),
                ]
            )
        f.table(
            ["Nhiệm vụ", "Hoạt động", "Tin, bài", "Chỉ tiêu đạt / có số liệu", "Đánh giá", "Xếp hạng"],
            rows,
            [5.2, 1.7, 1.4, 2.4, 3.5, 2.3],
            numeric_from=1,
            numeric_to=4,
        )
        for r in sorted(d.task_year, key=lambda r: r["task_number"]):
            notes = [
                f"{MEASURES[t['measure']].lower()} {verdicts.target_line(t)}: {verdicts.target_verdict(t).lower()}"
                for t in d.targets_of(r["task_code"])
                if t["target_status"] == "not_met" or t["interval_straddles_target"]
            ]
            if notes:
                f.bullet(f"Nhiệm vụ {r['task_code']}: " + "; ".join(notes) + ".")

    def indicators_2030(self) -> None:
        if not self.m:
            return
        f = self.f
        f.heading("3. Các chỉ tiêu đến năm 2030 (mục I Kế hoạch)", 2)
        status = {
            "on_track": "Đúng tiến độ",
            "at_risk": "Có nguy cơ chậm",
            "off_track": "Chậm tiến độ",
            "met": "Đã đạt",
        }
        rows = []
        for i in self.m.indicators:
            unit = "%" if i["unit"] == "%" else ""
            value = (
                f"{number(i['value'], 1)}{unit}" if i["value"] is not None else f"Không có số liệu ({i['coverage']})"
            )
            target = f"{number(i['target'], 1)}{unit}" if i["target"] is not None else "–"
            rows.append(
                [
                    i["name"],
                    str(i["year"] or "–"),
                    value,
                    target,
                    status.get(i["status"], "–"),
                    i["coverage"] if i["value"] is not None else "–",
                ]
            )
        f.table(
            ["Chỉ tiêu", "Năm số liệu", "Thực hiện", "Mục tiêu 2030", "Đánh giá", "Nguồn, độ phủ"],
            rows,
            [5.0, 1.4, 2.4, 1.9, 2.2, 3.1],
        )

    def compliance(self) -> None:
        f, units = self.f, self.d.units
        f.heading("4. Chế độ báo cáo của các đơn vị", 2)
        owed = sum(int(u["quarterly_reports_owed"] or 0) for u in units)
        on_time = sum(int(u["quarterly_on_time"] or 0) for u in units)
        late = sum(int(u["quarterly_late"] or 0) for u in units)
        missing = sum(int(u["quarterly_missing"] or 0) for u in units)
        f.paragraph(
            f"{number(len(units))} đơn vị phải nộp {number(owed)} báo cáo quý: {number(on_time)} đúng hạn, "
            f"{number(late)} trễ hạn, {number(missing)} chưa nộp."
        )
        late_units = [u for u in units if u["reporting_status"] in ("late", "missing")]
        for u in late_units[:15]:
            parts = [
                f"{number(u[k])} báo cáo quý {word}"
                for k, word in (("quarterly_late", "trễ hạn"), ("quarterly_missing", "chưa nộp"))
                if u[k]
            ]
            if u["year_end_status"] in ("late", "missing"):
                parts.append(f"báo cáo tổng kết {REPORT_STATUS[u['year_end_status']].lower()}")
            f.bullet(f"{u['unit_name']}: " + ", ".join(parts) + ".")
        if len(late_units) > 15:
            f.bullet(f"và {number(len(late_units) - 15)} đơn vị khác (danh sách ở tệp Excel thẻ điểm, trang “Đơn vị”).")

    # ------------------------------------------------------------ II
    def assessment(self) -> None:
        f, d = self.f, self.d
        f.heading(SECTIONS[1], 1)
        ranked = verdicts.ranked(d)
        lead_rows = [r for r in d.unit_tasks if r["unit_role"] == "lead"]
        all_rows = [r for r in d.unit_tasks if r["unit_role"] in ("lead", "coordinating")]
        f.heading("1. Ưu điểm", 2)
        for r in ranked[:3]:
            f.bullet(self.why(r, best=True))
        for finding in findings.group(lead_rows or all_rows, "highlights")[:6]:
            f.bullet(finding.sentence())
        f.heading("2. Hạn chế", 2)
        for r in ranked[-3:][::-1] if len(ranked) > 3 else []:
            f.bullet(self.why(r, best=False))
        unranked = verdicts.not_ranked(d)
        if unranked:
            f.bullet(
                f"{number(len(unranked))} nhiệm vụ {verdicts.NOT_RANKED} (dưới 5 tin, bài và chưa có khảo sát): "
                + ", ".join(r["task_code"] for r in sorted(unranked, key=lambda r: r["task_number"]))
                + "."
            )
        met, with_data, no_data = verdicts.city_targets(d)
        if no_data:
            f.bullet(f"{number(no_data)} chỉ tiêu không có số liệu để đánh giá; cần bổ sung nguồn số liệu.")
        f.heading("3. Nguyên nhân", 2)
        causes = findings.group(all_rows, "difficulties")
        for finding in causes[:8] or []:
            f.bullet(finding.sentence())
        if not causes:
            f.paragraph("Các đơn vị chưa nêu khó khăn, vướng mắc trong báo cáo.")
        f.heading("4. Bài học kinh nghiệm", 2)
        for lesson in self.lessons(ranked):
            f.bullet(lesson)

    def why(self, r: Row, best: bool) -> str:
        word = "tốt" if best else "còn hạn chế"
        return (
            f"Nhiệm vụ {r['task_code']} ({r['task_title']}) được truyền thông {word} "
            f"({verdicts.rank_text(self.d, r)}): {verdicts.targets_text(self.d, r)}; "
            f"{number(r['press_items'])} tin, bài, chỉ số sắc thái ròng {signed(r['net_sentiment'])}; "
            f"{number(r['activities_count'])} hoạt động của các đơn vị."
        )

    def lessons(self, ranked: list[Row]) -> list[str]:
        """Comparisons the figures support, between the better and the weaker half of the ranked tasks."""
        if len(ranked) < 4:
            return ["Chưa đủ nhiệm vụ được xếp hạng để rút ra so sánh từ số liệu; Văn phòng bổ sung."]
        half = len(ranked) // 2
        top, bottom = ranked[:half], ranked[-half:]

        def mean(rows: list[Row], column: str) -> float:
            values = [float(r[column] or 0) for r in rows]
            return sum(values) / len(values)

        lesson = (
            f"Nửa trên bảng xếp hạng có trung bình {number(mean(top, 'activities_count'), 1)} hoạt động và "
            f"{number(mean(top, 'press_items'), 1)} tin, bài mỗi nhiệm vụ; nửa dưới {number(mean(bottom, 'activities_count'), 1)} "
            f"hoạt động và {number(mean(bottom, 'press_items'), 1)} tin, bài"
        )
        if mean(bottom, "activities_count") > mean(top, "activities_count"):
            lesson += ": nhiều hoạt động hơn chưa đi kèm kết quả truyền thông tốt hơn, cần chú trọng chất lượng sản phẩm và phối hợp với báo chí."
        else:
            lesson += ": nhiệm vụ được đầu tư nhiều hoạt động hơn đạt kết quả truyền thông tốt hơn."
        lessons = [lesson]
        if self.m and self.m.incidents:
            days = [int(i["resolution_days"]) for i in self.m.incidents if i["resolution_days"] is not None]
            if days:
                lessons.append(
                    f"Sự cố truyền thông được xử lý xong trung bình sau {number(sum(days) / len(days), 1)} ngày "
                    f"(chậm nhất {number(max(days))} ngày): phản hồi sớm giúp hạn chế thông tin sai lệch lan rộng."
                )
        return lessons

    # ------------------------------------------------------------ III, IV
    def proposals(self) -> tuple[list[findings.Finding], list[findings.Finding], list[findings.Finding]]:
        rows = [r for r in self.d.unit_tasks if r["unit_role"] in ("lead", "coordinating")]
        ministry, department, city = [], [], []
        for finding in findings.group(rows, "proposals"):
            text = f" {finding.text.casefold()} "
            if any(k in text for k in TO_MINISTRY):
                ministry.append(finding)
            elif any(k in text for k in TO_DEPARTMENT):
                department.append(finding)
            else:
                city.append(finding)
        return ministry, department, city

    def next_year(self) -> None:
        f, d = self.f, self.d
        f.heading(SECTIONS[2], 1)
        missed = [t for t in d.targets if t["target_status"] == "not_met" and t["achievement_pct"] is not None]
        missed.sort(key=lambda t: float(t["achievement_pct"]))
        titles = {r["task_code"]: r["task_title"] for r in d.task_year}
        f.paragraph("Tập trung vào các nhiệm vụ còn xa chỉ tiêu nhất:")
        for t in missed[:5]:
            sign = {"at_least": "≥", "at_most": "≤"}.get(t["comparison"], "")
            f.bullet(
                f"Nhiệm vụ {t['task_code']} ({titles.get(t['task_code'], '')}): {MEASURES[t['measure']].lower()} "
                f"{measure_value(t['measure'], t['actual_value'])}, bằng {number(t['achievement_pct'], 1)}% chỉ tiêu "
                f"({sign} {measure_value(t['measure'], t['target_value'])}"
                + (f", {verdicts.PROVISIONAL})." if t["target_provisional"] else ").")
            )
        if not missed:
            f.bullet("Không có chỉ tiêu “tối thiểu” nào chưa đạt trong năm học.")
        _, department, _ = self.proposals()
        if department:
            f.paragraph("Thực hiện các đề xuất của đơn vị gửi Sở:")
            for finding in department:
                f.bullet(finding.sentence())

    def recommendations(self) -> None:
        f = self.f
        f.heading(SECTIONS[3], 1)
        ministry, _, city = self.proposals()
        f.heading("1. Đối với Bộ Giáo dục và Đào tạo", 2)
        for finding in ministry:
            f.bullet(finding.sentence())
        if not ministry:
            f.paragraph("Các đơn vị không có đề xuất gửi Bộ trong năm học; Văn phòng bổ sung nếu có.")
        f.heading("2. Đối với Ủy ban nhân dân Thành phố", 2)
        for finding in city:
            f.bullet(finding.sentence())
        if not city:
            f.paragraph("Các đơn vị không có đề xuất gửi Thành phố trong năm học; Văn phòng bổ sung nếu có.")
        f.paragraph(
            f"Trên đây là báo cáo tổng kết công tác truyền thông năm học {school_year_text(self.d.school_year)} "
            "của Sở Giáo dục và Đào tạo./.",
            keep_with_next=True,
        )  # not a signature page of its own

    def render(self, generated_at: dt.datetime) -> Filler:
        d, f = self.d, self.f
        f.replace(
            {
                "nam_hoc": school_year_text(d.school_year),
                "nam": str(generated_at.year),
                "khoang_so_lieu": data_window(d),
            }
        )
        f.paragraph(
            f"Thực hiện Kế hoạch truyền thông năm học {school_year_text(d.school_year)} của ngành Giáo dục và Đào tạo, "
            "Sở Giáo dục và Đào tạo (Sở GDĐT) báo cáo kết quả công tác truyền thông năm học như sau. Số liệu tổng hợp từ "
            "báo cáo quý của các phòng, đơn vị thuộc Sở; dữ liệu theo dõi báo chí; trang Fanpage và Cổng thông tin điện tử "
            "(Cổng TTĐT) của Sở; khảo sát mức độ đồng thuận xã hội; thư góp ý, phản ánh và thống kê cơ sở vật chất."
        )
        self.results()
        self.assessment()
        self.next_year()
        self.recommendations()
        f.place("{{NOI_DUNG}}")
        word_annex.Annex(d, f).render()
        f.place("{{PHU_LUC}}")
        return f


def write(path: Path, data: YearData, figures: Figures, generated_at: dt.datetime) -> None:
    report = WordReport(data, figures, FILE_NAME.format(school_year=data.school_year))
    report.render(generated_at).save(
        path, f"Báo cáo tổng kết công tác truyền thông năm học {school_year_text(data.school_year)}", generated_at
    )
