"""Filling the report's Word template (reference/mau-bao-cao-tong-ket.docx, Decree 30 form):
placeholders replaced in place, and content written where a marker paragraph stands.

python-docx appends new paragraphs and tables at the end of the body; `Filler.place` moves
what was appended since the last call in front of a marker paragraph ({{NOI_DUNG}},
{{PHU_LUC}}), through the document's public XML element and lxml, and removes the marker."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TEMPLATE = Path(__file__).resolve().parents[2] / "reference" / "mau-bao-cao-tong-ket.docx"
TABLE_TEXT = "Bảng"


class Filler:
    def __init__(self, template: Path = TEMPLATE):
        self.doc = docx.Document(str(template))
        self.body = self.doc.element.body
        self._start = self._appended_from()

    def _appended_from(self) -> int:
        # Everything before the section properties (the body's last child) is content.
        return len(self.body) - 1 if self.body[-1].tag == qn("w:sectPr") else len(self.body)

    # ------------------------------------------------------------ placeholders
    def replace(self, values: dict[str, str]) -> None:
        """Replace {{name}} in every paragraph of the body, its tables and the headers."""
        paragraphs = list(self.doc.paragraphs)
        for table in self.doc.tables:
            for row in table.rows:
                for cell in row.cells:
                    paragraphs.extend(cell.paragraphs)
        for section in self.doc.sections:
            for part in (section.header, section.first_page_header):
                paragraphs.extend(part.paragraphs)
        for paragraph in paragraphs:
            if "{{" not in paragraph.text:
                continue
            for run in paragraph.runs:
                for name, value in values.items():
                    run.text = run.text.replace("{{" + name + "}}", value)
            if any("{{" + name + "}}" in paragraph.text for name in values):
                # An edit in Word split a placeholder over runs: the paragraph keeps its first run's look.
                text = paragraph.text
                for name, value in values.items():
                    text = text.replace("{{" + name + "}}", value)
                for i, run in enumerate(paragraph.runs):
                    run.text = text if i == 0 else ""

    # ------------------------------------------------------------ content
    def heading(self, text: str, level: int) -> None:
        self.doc.add_paragraph(text, style=f"Heading {level}")

    def paragraph(self, text: str, italic: bool = False, bold_lead: str = "", keep_with_next: bool = False) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.keep_with_next = keep_with_next
        if bold_lead:
            p.add_run(bold_lead).bold = True
        run = p.add_run(text)
        run.italic = italic

    def bullet(self, text: str) -> None:
        """A dash item, as administrative texts list them."""
        self.doc.add_paragraph(f"- {text}")

    def table(
        self,
        header: list[str],
        rows: list[list[str]],
        widths_cm: list[float] | None = None,
        numeric_from: int | None = None,
        numeric_to: int | None = None,
    ) -> None:
        """A grid table in the template's table style; columns numeric_from .. numeric_to - 1 right-aligned."""
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        # The rows walked once: python-docx's rows[r] builds the list of every row at each call.
        for r, (row, values) in enumerate(zip(table.rows, [header, *rows], strict=True)):
            for c, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                p = cell.paragraphs[0]
                run = p.add_run(text)
                if r == 0:
                    run.bold = True
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif numeric_from is not None and numeric_from <= c < (numeric_to or len(header)):
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # Every paragraph of the table in the table-text style, written in the table's XML at
        # once: `paragraph.style = name` looks the document's default style up at each call.
        style_id = self.doc.styles[TABLE_TEXT].style_id
        for paragraph in self.body.findall(qn("w:tbl"))[-1].iter(qn("w:p")):
            paragraph.get_or_add_pPr().style = style_id
        if widths_cm:
            table.autofit = False
            for column, width in zip(table.columns, widths_cm, strict=True):
                column.width = Cm(width)
                for cell in column.cells:
                    cell.width = Cm(width)
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_after = Pt(0)

    def place(self, marker: str) -> None:
        """Move what was appended since the last call in front of the marker paragraph; drop the marker."""
        end = self._appended_from()
        new = list(self.body[self._start : end])
        target = next(el for el in self.body if el.tag == qn("w:p") and el.xpath("string(.)").strip() == marker)
        for element in new:
            target.addprevious(element)
        self.body.remove(target)
        self._start = self._appended_from()

    def save(self, path: Path, title: str, when: dt.datetime) -> None:
        properties = self.doc.core_properties
        properties.title = title
        properties.author = properties.last_modified_by = "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh"
        properties.comments = "Dự thảo tạo từ kho dữ liệu truyền thông; Văn phòng rà soát trước khi trình ký."
        properties.created = properties.modified = when.replace(tzinfo=None)
        self.doc.save(str(path))
