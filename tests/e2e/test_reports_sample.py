"""The year-end reports of the sample inbox (sources/, `make run`): section IV.6's measures as the
DOCX, the HTML and the workbook print them equal the marts, computed here with SQL: press by
medium and genre, media products by type, feedback handling by channel, incidents with their
measures. One pipeline run on the sample, shared by the module (a few minutes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import duckdb
import pytest

from tests.e2e import report_figures as rf
from tests.e2e.test_report_charts import chart_problems

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCT_NAMES = {
    "infographic": "Infographic",
    "video": "Video, clip",
    "e_magazine": "E-magazine (báo điện tử dài)",
    "livestream": "Phát trực tiếp (livestream)",
    "podcast": "Podcast",
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[duckdb.DuckDBPyConnection, Path]:
    root = tmp_path_factory.mktemp("sample")
    database = root / "warehouse.duckdb"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.run",
            "--inbox",
            str(PROJECT_ROOT / "sources"),
            "--warehouse",
            str(database),
            "--dagster-home",
            str(root / "dagster_home"),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    con = duckdb.connect(str(database), read_only=True)
    year = con.execute("select max(school_year) from marts.mart_task_year").fetchone()[0]
    yield con, root / "reports", year
    con.close()


def _files(reports: Path, year: str) -> tuple[docx.document.Document, str, Path]:
    return (
        docx.Document(str(reports / f"bao-cao-tong-ket-{year}.docx")),
        (reports / f"bao-cao-tong-ket-{year}.html").read_text(encoding="utf-8"),
        reports / f"the-diem-{year}.xlsx",
    )


def test_press_by_medium_and_genre(sample):
    con, reports, year = sample
    document, html, book = _files(reports, year)
    for dimension, caption, cls in (("media_type", "Loại hình", "press-medium"), ("genre", "Thể loại", "press-genre")):
        marts = rf.press_by(con, dimension)
        assert len(marts) >= 3, marts  # the sample has several media and genres
        assert rf.docx_sector_row(rf.docx_table_after(document, caption)) == marts
        assert {k: rf.as_int(v) for k, v in rf.html_table(html, "chi-so", cls)} == marts
        sheet: dict[str, int] = {}
        for row in rf.sheet_rows(book, "Báo chí"):
            sheet[row[dimension]] = sheet.get(row[dimension], 0) + row["press_items"]
        assert sheet == marts


def test_media_products_by_type(sample):
    con, reports, year = sample
    _, html, _ = _files(reports, year)
    marts = rf.products_by_type(con)
    assert len(marts) >= 3, marts
    printed = {r[0]: (rf.as_int(r[1]), rf.as_int(r[2])) for r in rf.html_table(html, "chi-so", "products")}
    assert printed == {PRODUCT_NAMES[t]: v for t, v in marts.items()}


def test_feedback_handling(sample):
    con, reports, year = sample
    document, html, book = _files(reports, year)
    marts = rf.feedback(con)
    assert sum(r for r, _, _ in marts.values()) > 0
    docx_rows = rf.docx_table_after(document, "Phụ lục V. Tiếp nhận, xử lý thư góp ý, phản ánh")
    assert {r[0]: tuple(rf.as_int(v) for v in r[1:4]) for r in docx_rows[1:]} == marts
    assert {r[0]: tuple(rf.as_int(v) for v in r[1:4]) for r in rf.html_table(html, "chi-so", "feedback")} == marts
    assert {
        r["channel"]: (r["received"], r["answered"], r["answered_within_deadline"])
        for r in rf.sheet_rows(book, "Góp ý, phản ánh")
    } == marts


def test_incidents_with_measures(sample):
    con, reports, year = sample
    document, html, book = _files(reports, year)
    marts = rf.incidents(con)
    assert marts
    docx_rows = rf.docx_table_after(document, "Phụ lục VI. Sự cố truyền thông, biện pháp và kết quả xử lý")
    assert sorted((r[1], r[4], r[5]) for r in docx_rows[1:]) == marts
    assert sorted((r[1], r[4], r[5]) for r in rf.html_table(html, "chi-so", "incidents")) == marts
    assert sorted((r["unit_name"], r["measures"], r["result"]) for r in rf.sheet_rows(book, "Sự cố")) == marts


def test_charts_of_the_sample_fit_their_boxes(sample, tmp_path):
    _, reports, year = sample
    charts, problems = chart_problems(reports / f"bao-cao-tong-ket-{year}.html", tmp_path)
    assert charts == 15 * 4
    assert problems == []
