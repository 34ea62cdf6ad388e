"""The Word draft of the Báo cáo tổng kết công tác truyền thông năm học, with the sections
section IV.5 of the plan requires (activities carried out, level reached against the plan,
highlights, difficulties, proposals): consolidated for the sector, then per lead unit, with the
figures of the year marts and the units' own words from their reports (sheet DanhGia)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.shared import Pt

from orchestration.reports.data import Row, YearData
from orchestration.reports.labels import MEASURES, REPORT_STATUS, TARGET_STATUS, measure_value, number, signed
from orchestration.reports.lineage import Figures, task_row_key, unit_row_key

FILE_NAME = "bao-cao-tong-ket-{school_year}.docx"
SECTIONS = ("1. Các hoạt động đã triển khai", "2. Mức độ đạt được so với kế hoạch", "3. Các kết quả nổi bật",
            "4. Khó khăn, vướng mắc", "5. Đề xuất, kiến nghị")
FREE_TEXT = (("highlights", SECTIONS[2]), ("difficulties", SECTIONS[3]), ("proposals", SECTIONS[4]))


class WordReport:
    def __init__(self, data: YearData, figures: Figures, file_name: str):
        self.d, self.figures, self.file_name = data, figures, file_name
        self.doc = docx.Document()
        self.doc.styles["Normal"].font.name = "Times New Roman"
        self.doc.styles["Normal"].font.size = Pt(13)

    def tfig(self, section: str, row: Row, column: str, text: str) -> str:
        key = task_row_key(row["task_code"], self.d.school_year, row["period_key"])
        return self.figures.add(self.file_name, section, column, text, "mart_task_year", key, column)

    def ufig(self, section: str, row: Row, column: str, text: str) -> str:
        return self.figures.add(self.file_name, section, column, text, "mart_unit_year", unit_row_key(row["unit_code"], self.d.school_year), column)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        t = self.doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for values in rows:
            for cell, text in zip(t.add_row().cells, values, strict=True):
                cell.text = text

    def task_table(self, section: str, tasks: list[Row]) -> None:
        self.table(
            ["Nhiệm vụ", "Hoạt động", "Tin, bài (TW/TP)", "Sắc thái ròng", "Tiếp cận Fanpage", "Chỉ tiêu"],
            [[f"{r['task_code']} {r['task_title']}",
              self.tfig(section, r, "activities_count", number(r["activities_count"])),
              f"{self.tfig(section, r, 'press_items', number(r['press_items']))} "
              f"({self.tfig(section, r, 'press_central', number(r['press_central']))}/{self.tfig(section, r, 'press_city', number(r['press_city']))})",
              self.tfig(section, r, "net_sentiment", signed(r["net_sentiment"])),
              self.tfig(section, r, "fanpage_reach", number(r["fanpage_reach"])),
              f"{TARGET_STATUS[r['target_status']]} ({number(r['targets_met'])}/{number(r['targets_set'])})"]
             for r in tasks],
        )

    def level_reached(self, section: str, tasks: list[Row]) -> None:
        for r in tasks:
            missed = [t for t in self.d.targets_of(r["task_code"]) if t["target_status"] == "not_met"]
            text = (f"Nhiệm vụ {r['task_code']}: {TARGET_STATUS[r['target_status']].lower()}, "
                    f"đạt {self.tfig(section, r, 'targets_met', number(r['targets_met']))}/{number(r['targets_set'])} chỉ tiêu")
            if missed:
                text += "; chưa đạt: " + "; ".join(
                    f"{MEASURES[t['measure']]} {measure_value(t['measure'], t['actual_value'])} (chỉ tiêu {measure_value(t['measure'], t['target_value'])})"
                    for t in missed
                )
            if r["lead_completion_pct"] is not None:
                text += f"; đơn vị chủ trì tự đánh giá hoàn thành {self.tfig(section, r, 'lead_completion_pct', measure_value('lead_completion_pct', r['lead_completion_pct']))}"
            self.doc.add_paragraph(text + ".", style="List Bullet")

    def free_text(self, column: str, rows: list[Row], with_unit: bool) -> None:
        found = [r for r in rows if r[column]]
        if not found:
            self.doc.add_paragraph("(Chưa có nội dung trong báo cáo của đơn vị.)")
        for r in found:
            prefix = f"{r['unit_name']}, nhiệm vụ {r['task_code']}: " if with_unit else f"Nhiệm vụ {r['task_code']}: "
            self.doc.add_paragraph(prefix + str(r[column]), style="List Bullet")

    def consolidated(self) -> None:
        self.doc.add_heading("I. TỔNG HỢP TOÀN NGÀNH", level=1)
        city = next((c for c in self.d.clusters if c["cluster_key"] == "city"), None)
        self.doc.add_heading(SECTIONS[0], level=2)
        if city:
            self.doc.add_paragraph(
                f"Trong năm học, các đơn vị báo cáo {number(city['activities_count'])} hoạt động, sản phẩm truyền thông; "
                f"báo chí đăng {number(city['press_items'])} tin, bài về 15 nhiệm vụ (Trung ương {number(city['press_central'])}, "
                f"Thành phố {number(city['press_city'])}), chỉ số sắc thái ròng {signed(city['net_sentiment'])}; "
                f"Fanpage tiếp cận {number(city['fanpage_reach'])} lượt, Cổng TTĐT {number(city['web_views'])} lượt xem; "
                f"{number(city['incidents'])} sự cố truyền thông được báo cáo, {number(city['incidents_resolved'])} đã xử lý xong."
            )
        self.task_table("I.1", self.d.task_year)
        self.doc.add_heading(SECTIONS[1], level=2)
        ranked = sorted(self.d.task_year, key=lambda r: r["communication_rank"])
        if ranked:
            self.doc.add_paragraph(
                f"Nhiệm vụ được truyền thông tốt nhất: {ranked[0]['task_code']} {ranked[0]['task_title']}; "
                f"kém nhất: {ranked[-1]['task_code']} {ranked[-1]['task_title']}."
            )
        self.level_reached("I.2", self.d.task_year)
        lead_rows = [r for r in self.d.unit_tasks if r["unit_role"] == "lead"]
        for column, heading in FREE_TEXT:
            self.doc.add_heading(heading, level=2)
            self.free_text(column, lead_rows, with_unit=True)

    def per_lead_unit(self) -> None:
        self.doc.add_heading("II. BÁO CÁO THEO ĐƠN VỊ CHỦ TRÌ", level=1)
        leads = sorted({r["unit_code"] for r in self.d.unit_tasks if r["unit_role"] == "lead"})
        units = {u["unit_code"]: u for u in self.d.units}
        for code in leads:
            rows = [r for r in self.d.unit_tasks if r["unit_code"] == code and r["unit_role"] == "lead"]
            name = rows[0]["unit_name"]
            self.doc.add_heading(name, level=2)
            unit = units.get(code)
            section = f"II.{code}"
            if unit:
                self.doc.add_paragraph(
                    f"Chế độ báo cáo: {self.ufig(section, unit, 'quarterly_on_time', number(unit['quarterly_on_time']))}/"
                    f"{self.ufig(section, unit, 'quarterly_reports_owed', number(unit['quarterly_reports_owed']))} báo cáo quý đúng hạn, "
                    f"{self.ufig(section, unit, 'quarterly_late', number(unit['quarterly_late']))} trễ, "
                    f"{self.ufig(section, unit, 'quarterly_missing', number(unit['quarterly_missing']))} chưa nộp; báo cáo tổng kết: "
                    f"{self.ufig(section, unit, 'year_end_status', REPORT_STATUS[unit['year_end_status']]).lower()}."
                )
            tasks = [self.d.task(r["task_code"]) for r in rows]
            self.doc.add_heading(SECTIONS[0], level=3)
            if unit:
                self.doc.add_paragraph(
                    f"Đơn vị báo cáo {self.ufig(section, unit, 'activities_count', number(unit['activities_count']))} hoạt động, "
                    f"trong đó {number(sum(r['activities_count'] for r in rows))} cho các nhiệm vụ chủ trì."
                )
            self.task_table(section, tasks)
            self.doc.add_heading(SECTIONS[1], level=3)
            self.level_reached(section, tasks)
            for column, heading in FREE_TEXT:
                self.doc.add_heading(heading, level=3)
                self.free_text(column, rows, with_unit=False)

    def render(self, generated_at: dt.datetime) -> docx.document.Document:
        self.doc.add_heading(f"Báo cáo tổng kết công tác truyền thông năm học {self.d.school_year}", level=0)
        self.doc.add_paragraph(
            f"Dự thảo do kho dữ liệu truyền thông tạo lúc {generated_at.strftime('%H:%M %d/%m/%Y')} từ báo cáo của các đơn vị, "
            "dữ liệu báo chí, Fanpage, Cổng TTĐT, khảo sát và thống kê cơ sở vật chất (mục IV.5, IV.6 Kế hoạch truyền thông). "
            "Văn phòng rà soát, bổ sung trước khi trình Ban Giám đốc."
        )
        self.consolidated()
        self.per_lead_unit()
        self.doc.add_heading("III. NGUỒN SỐ LIỆU", level=1)
        self.doc.add_paragraph(
            "Mỗi số liệu truy được tới dòng trong marts.mart_task_year / mart_unit_year và tới tệp, dòng nguồn "
            "(bảng reports.report_lineage của kho dữ liệu). Chỉ tiêu: bảng ref_task_targets do Văn phòng cập nhật."
        )
        return self.doc


def write(path: Path, data: YearData, figures: Figures, generated_at: dt.datetime) -> None:
    WordReport(data, figures, FILE_NAME.format(school_year=data.school_year)).render(generated_at).save(str(path))
