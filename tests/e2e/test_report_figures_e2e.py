"""Section IV.6's measures as the three reports print them on the fixture inbox, equal to the
marts (computed here with SQL) and to what the fixture holds, worked out by hand:

Press (tests/e2e/fixture_inbox.py): T1 and T1b are one URL, T5 and T5b one article: six items,
all "Báo điện tử"; genres Tin (T1, T3, T4, T5) 4 and Bài (T2, T6) 2.
Incidents: Văn phòng's two, "Đính chính, họp báo" (Cao, 01/11 -> 05/11/2025: 4 days) and
"Phản hồi" (Trung bình, 10/12 -> 11/12/2025: 1 day).

And text the Office wrote with control characters, or figures that overflowed, do not stop
the reports: planted in a copy of the warehouse, the reports are built and say what they hold.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest

from orchestration.reports.build import build_reports
from orchestration.reports.labels import NOT_A_NUMBER
from tests.e2e import report_figures as rf

DOCX, HTML, XLSX = "bao-cao-tong-ket-2025-2026.docx", "bao-cao-tong-ket-2025-2026.html", "the-diem-2025-2026.xlsx"


@pytest.fixture(scope="module")
def con(e2e_run):
    c = duckdb.connect(str(e2e_run.database), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def reports(e2e_run) -> Path:
    return e2e_run.database.parent / "reports"


def test_press_by_medium_and_genre_equal_the_marts(con, reports):
    genre, medium = rf.press_by(con, "genre"), rf.press_by(con, "media_type")
    assert genre == {"Tin": 4, "Bài": 2} and medium == {"Báo điện tử": 6}  # by hand, above
    document = docx.Document(str(reports / DOCX))
    assert rf.docx_sector_row(rf.docx_table_after(document, "Thể loại")) == genre
    assert rf.docx_sector_row(rf.docx_table_after(document, "Loại hình")) == medium
    html = (reports / HTML).read_text(encoding="utf-8")
    assert {k: rf.as_int(v) for k, v in rf.html_table(html, "chi-so", "press-genre")} == genre
    assert {k: rf.as_int(v) for k, v in rf.html_table(html, "chi-so", "press-medium")} == medium
    sheet: dict[str, int] = {}
    for row in rf.sheet_rows(reports / XLSX, "Báo chí"):
        sheet[row["genre"]] = sheet.get(row["genre"], 0) + row["press_items"]
    assert sheet == genre


def test_media_products_by_type_equal_the_marts(con, reports):
    marts = rf.products_by_type(con)
    assert marts  # the fixture has an infographic and a video clip at least
    html = (reports / HTML).read_text(encoding="utf-8")
    names = {
        "infographic": "Infographic",
        "video": "Video, clip",
        "e_magazine": "E-magazine (báo điện tử dài)",
        "livestream": "Phát trực tiếp (livestream)",
    }
    printed = {r[0]: (rf.as_int(r[1]), rf.as_int(r[2])) for r in rf.html_table(html, "chi-so", "products")}
    assert printed == {names[t]: v for t, v in marts.items()}
    sheet: dict[str, list[int]] = {}
    for row in rf.sheet_rows(reports / XLSX, "Sản phẩm truyền thông"):
        totals = sheet.setdefault(row["product_type"], [0, 0])
        totals[0] += row["products"]
        totals[1] += row["reach"] or 0
    sheet_names = {
        "infographic": "Infographic",
        "video": "Video, clip",
        "e_magazine": "E-magazine",
        "livestream": "Phát trực tiếp",
    }
    assert {k: tuple(v) for k, v in sheet.items()} == {sheet_names[t]: v for t, v in marts.items()}


def test_incident_measures_and_outcomes_are_printed(con, reports):
    assert rf.incidents(con) == [
        ("Văn phòng", "Phản hồi", "Đã xử lý"),
        ("Văn phòng", "Đính chính, họp báo", "Đã xử lý"),
    ]
    document = docx.Document(str(reports / DOCX))
    rows = rf.docx_table_after(document, "Phụ lục VI. Sự cố truyền thông, biện pháp và kết quả xử lý")
    assert [r[1:] for r in rows[1:]] == [
        ["Văn phòng", "Cao", "Thông tin sai lệch về học phí", "Đính chính, họp báo", "Đã xử lý", "4"],
        ["Văn phòng", "Trung bình", "Clip bạo lực học đường lan truyền", "Phản hồi", "Đã xử lý", "1"],
    ]
    html = (reports / HTML).read_text(encoding="utf-8")
    assert [r[4] for r in rf.html_table(html, "chi-so", "incidents")] == ["Đính chính, họp báo", "Phản hồi"]
    assert sorted(r["measures"] for r in rf.sheet_rows(reports / XLSX, "Sự cố")) == ["Phản hồi", "Đính chính, họp báo"]


def test_control_characters_and_overflowed_figures_do_not_stop_the_reports(e2e_run, tmp_path):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(e2e_run.database, copy)
    con = duckdb.connect(str(copy))
    # Word's Shift+Enter pasted into Excel (a vertical tab, or its escape left in the text), a NUL,
    # and figures that overflowed (an infinite sum, 0/0).
    con.execute("""update marts.mart_unit_task_year set highlights = 'Kết quả một' || chr(11) || 'kết quả hai' || chr(0),
                   difficulties = 'Khó khăn_x000B_thứ hai' where unit_code = 'HSSV' and task_code = '2.9'""")
    con.execute(
        "update marts.mart_task_year set net_sentiment = 'inf'::double, fanpage_engagement_rate = 'nan'::double "
        "where task_code = '2.9'"
    )
    con.execute("update marts.mart_cluster_year set net_sentiment = '-inf'::double where cluster_key = 'city'")
    built = build_reports(con, tmp_path / "reports", dt.datetime(2026, 6, 20, 9, 0))
    con.close()
    assert sorted(p.name for p in built.files) == sorted([DOCX, HTML, XLSX])

    document = docx.Document(str(tmp_path / "reports" / DOCX))
    text = "\n".join(p.text for p in document.paragraphs)
    # A line break inside a unit's cell separates two findings; the NUL is gone.
    for finding in ("Kết quả một", "kết quả hai", "Khó khăn", "thứ hai"):
        assert f"- {finding} (Phòng Học sinh, sinh viên; nhiệm vụ 2.9)." in text.split("\n"), finding
    assert f"từ −1 đến +1; dùng một chỉ số này trong toàn báo cáo) là {NOT_A_NUMBER}:" in text
    annex = rf.docx_table_after(document, "Phụ lục I. Số liệu theo nhiệm vụ")
    assert next(r for r in annex if r[0].startswith("2.9."))[3] == NOT_A_NUMBER
    html = (tmp_path / "reports" / HTML).read_text(encoding="utf-8")
    assert NOT_A_NUMBER in html and "\x0b" not in html and "\x00" not in html
    sheet = openpyxl.load_workbook(tmp_path / "reports" / XLSX)["Nhiệm vụ - cả năm"]
    names = [c.value for c in sheet[3]]
    row = [c.value for c in sheet[13]]
    assert row[names.index("task_code")] == "2.9"
    assert (
        row[names.index("net_sentiment")] == NOT_A_NUMBER
        and row[names.index("fanpage_engagement_rate")] == NOT_A_NUMBER
    )


def test_2030_indicators_say_why_a_figure_is_missing(con, reports):
    # The fixture sends no statistics office figures and no ward infrastructure statistics.
    assert con.execute("select count(*) from marts.mart_city_indicators").fetchone() == (0,)
    document = docx.Document(str(reports / DOCX))
    rows = rf.docx_table_after(document, "3. Các chỉ tiêu đến năm 2030 (mục I Kế hoạch)")
    assert [(r[0], r[2]) for r in rows[1:]] == [
        (
            "Tỉ lệ lao động có trình độ cao đẳng, đại học trở lên",
            "Không có số liệu (chưa nhận được số liệu của Cục Thống kê Thành phố)",
        ),
        (
            "Tỉ lệ học sinh, sinh viên ngành khoa học cơ bản, kỹ thuật, công nghệ",
            "Không có số liệu (chưa nhận được số liệu của Cục Thống kê Thành phố)",
        ),
        (
            "Số phòng học trên 10.000 dân trong độ tuổi đi học",
            "Không có số liệu (chưa nhận được thống kê cơ sở vật chất của phường, xã nào)",
        ),
        (
            "Tỉ lệ trường đạt chuẩn quốc gia",
            "Không có số liệu (chưa nhận được thống kê cơ sở vật chất của phường, xã nào)",
        ),
    ]
