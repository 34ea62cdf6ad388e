"""The Word template of the year-end report: the script kept in the repo rebuilds it in the
Decree 30 form, with the markers and placeholders the report writer fills; the committed
template (which the Office may edit in Word) still holds them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import docx
import pytest

from orchestration.reports.docx_fill import TEMPLATE

SCRIPT = Path(__file__).resolve().parents[2] / "reference" / "make_report_template.py"


def _texts(document) -> str:
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location("make_report_template", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(tmp_path_factory.mktemp("template") / "mau.docx")


@pytest.mark.parametrize("which", ["rebuilt", "committed"])
def test_template_holds_the_decree_form_and_the_markers(which, rebuilt):
    document = docx.Document(str(rebuilt if which == "rebuilt" else TEMPLATE))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [20, 20, 30, 15]
    text = _texts(document)
    for expected in (
        "UBND THÀNH PHỐ HỒ CHÍ MINH",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "/BC-SGDĐT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "PHỤ LỤC",
        "{{nam_hoc}}",
        "{{nam}}",
        "{{khoang_so_lieu}}",
    ):
        assert expected in text, expected
    assert [p.text for p in document.paragraphs if p.text.startswith("{{")] == ["{{NOI_DUNG}}", "{{PHU_LUC}}"]
    assert {"Bảng", "Heading 1", "Heading 2", "Heading 3", "Table Grid"} <= {s.name for s in document.styles}
    assert "python-docx" not in document.core_properties.author + document.core_properties.comments
