"""Writes reference/mau-bao-cao-tong-ket.docx, the template of the year-end report in the form of
Decree 30/2020/NĐ-CP (Phụ lục I: thể thức văn bản hành chính): A4, the decree's margins, Times
New Roman 14, the header block (issuing body, Quốc hiệu and tiêu ngữ, number, place and date),
the title BÁO CÁO with its trích yếu, Nơi nhận and the signature block, page numbers from page
2 at the top centre.

Run once (`.venv/bin/python reference/make_report_template.py`); the Office may then edit the
.docx in Word (letterhead, recipients, signatory, styles). The report writer
(orchestration/reports/word.py) opens that file and fills:
- the placeholders {{nam_hoc}} (2025 - 2026), {{nam}} (year of signing), {{khoang_so_lieu}}
  (the data window), written inside one run each;
- the paragraph {{NOI_DUNG}} with sections I-IV, and the paragraph {{PHU_LUC}} with the annex.
Styles the writer uses: Normal, Heading 1-3, "Bảng" (table text), "Table Grid".
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

OUT = Path(__file__).with_name("mau-bao-cao-tong-ket.docx")
FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _plain_font(r_pr, size: int | None = None) -> None:
    """Times New Roman in every script slot, theme fonts removed (a theme font would win over it
    in Word), and no theme colour."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for name in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(name), None)
    for name in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(name), FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")


def _styles(doc: docx.document.Document) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _plain_font(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size, normal.font.color.rgb = FONT, Pt(14), BLACK
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1)
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.1
    for level, italic in ((1, False), (2, False), (3, True)):
        style = doc.styles[f"Heading {level}"]
        _plain_font(style.element.get_or_add_rPr())
        style.font.name, style.font.size, style.font.bold, style.font.italic = FONT, Pt(14), True, italic
        style.font.color.rgb = BLACK
        style.paragraph_format.first_line_indent = Cm(1)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(6), Pt(6)
        style.paragraph_format.keep_with_next = True
    table_text = doc.styles.add_style("Bảng", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(11)
    table_text.paragraph_format.first_line_indent = Cm(0)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_text.paragraph_format.space_after, table_text.paragraph_format.line_spacing = Pt(0), 1.0


def _page(doc: docx.document.Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # Page numbers at the top centre from page 2: the first page's header stays empty.
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    section.header.paragraphs[0].add_run("2").font.size = Pt(14)
    # python-docx has no API for fields: the PAGE field is written into the header part's XML,
    # around the run just added.
    header_xml = section.header.part.element
    paragraph = header_xml.find(qn("w:p"))
    run = paragraph.find(qn("w:r"))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph.remove(run)
    field.append(run)
    paragraph.append(field)


def _line(cell, text: str, size: int, bold: bool = False, italic: bool = False, underline: bool = False):
    first = cell.paragraphs[0]
    paragraph = first if len(cell.paragraphs) == 1 and not first.text and not first.runs else cell.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.italic, run.font.underline = Pt(size), bold, italic, underline
    return paragraph


def _two_columns(doc: docx.document.Document, widths: tuple[float, float]):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = cell.width = Cm(width)
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return table.rows[0].cells


def _header_block(doc: docx.document.Document) -> None:
    left, right = _two_columns(doc, (7.1, 10.1))
    _line(left, "UBND THÀNH PHỐ HỒ CHÍ MINH", 12)
    _line(left, "SỞ GIÁO DỤC VÀ ĐÀO TẠO", 12, bold=True, underline=True)
    _line(left, "", 6)
    _line(left, "Số:        /BC-SGDĐT", 13)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True)
    _line(right, "", 6)
    place = _line(right, "Thành phố Hồ Chí Minh, ngày   tháng   năm ", 13, italic=True)
    place.add_run("{{nam}}").font.italic = True


def _title(doc: docx.document.Document) -> None:
    doc.add_paragraph()
    for text, space in (("BÁO CÁO", 0), ("Tổng kết công tác truyền thông năm học ", 0)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.space_after = Pt(space)
        run = paragraph.add_run(text)
        run.font.bold = True
        if text.startswith("Tổng kết"):
            paragraph.add_run("{{nam_hoc}}").font.bold = True
    rule = doc.add_paragraph()
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rule.paragraph_format.first_line_indent = Cm(0)
    rule.add_run("_____________").font.bold = True
    window = doc.add_paragraph()
    window.alignment = WD_ALIGN_PARAGRAPH.CENTER
    window.paragraph_format.first_line_indent = Cm(0)
    window.add_run("(Số liệu từ ").font.italic = True
    window.add_run("{{khoang_so_lieu}}").font.italic = True
    window.add_run(")").font.italic = True


def _closing(doc: docx.document.Document) -> None:
    # Kept with the letter's last paragraph: the signature never starts a page of its own.
    doc.add_paragraph().paragraph_format.keep_with_next = True
    left, right = _two_columns(doc, (8.0, 8.5))
    recipients = left.paragraphs[0]
    recipients.paragraph_format.space_after = Pt(0)
    recipients.paragraph_format.first_line_indent = Cm(0)
    recipients.alignment = WD_ALIGN_PARAGRAPH.LEFT
    heading = recipients.add_run("Nơi nhận:")
    heading.font.bold, heading.font.italic, heading.font.size = True, True, Pt(12)
    for line in (
        "- Bộ Giáo dục và Đào tạo (để báo cáo);",
        "- Ủy ban nhân dân Thành phố (để báo cáo);",
        "- Giám đốc, các Phó Giám đốc Sở;",
        "- Các phòng, ban thuộc Sở;",
        "- Lưu: VT, VP.",
    ):
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.add_run(line).font.size = Pt(11)
    _line(right, "KT. GIÁM ĐỐC", 14, bold=True)
    _line(right, "PHÓ GIÁM ĐỐC", 14, bold=True)
    for _ in range(4):
        _line(right, "", 14)
    _line(right, "", 14, bold=True)  # the signatory's name, left for the Office


def build(path: Path = OUT) -> Path:
    doc = docx.Document()
    _styles(doc)
    _page(doc)
    _header_block(doc)
    _title(doc)
    doc.add_paragraph("{{NOI_DUNG}}")
    _closing(doc)
    annex = doc.add_paragraph()
    annex.add_run().add_break(WD_BREAK.PAGE)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Cm(0)
    title.add_run("PHỤ LỤC").font.bold = True
    subtitle = doc.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.first_line_indent = Cm(0)
    subtitle.add_run("(Kèm theo Báo cáo số     /BC-SGDĐT ngày   tháng   năm ").font.italic = True
    subtitle.add_run("{{nam}}").font.italic = True
    subtitle.add_run(")").font.italic = True
    doc.add_paragraph("{{PHU_LUC}}")
    properties = doc.core_properties
    properties.author = properties.last_modified_by = "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh"
    properties.title = "Báo cáo tổng kết công tác truyền thông năm học"
    properties.subject, properties.comments, properties.keywords = "Mẫu báo cáo (Nghị định 30/2020/NĐ-CP)", "", ""
    properties.category, properties.revision = "Báo cáo", 1
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
