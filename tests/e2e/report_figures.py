"""Reading back what the three year-end reports print for section IV.6 (press by medium and
genre, media products by type, feedback, incidents), and the same figures computed from the
marts with SQL written here, so that a test compares the two."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import docx
import docx.table
import docx.text.paragraph
import duckdb
import openpyxl


def as_int(text: str) -> int:
    return int(text.replace(".", ""))


# ------------------------------------------------------------ from the marts
def press_by(con: duckdb.DuckDBPyConnection, dimension: str) -> dict[str, int]:
    return dict(
        con.execute(
            f"select {dimension}, sum(press_items)::bigint from marts.mart_press_coverage group by 1"
        ).fetchall()
    )


def products_by_type(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    rows = con.execute(
        "select product_type, sum(products), sum(reach)::bigint from marts.mart_media_products group by 1"
    ).fetchall()
    return {t: (round(n), int(reach or 0)) for t, n, reach in rows}


def feedback(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int, int]]:
    rows = con.execute("""select channel, sum(received)::bigint, sum(answered)::bigint, sum(answered_within_deadline)::bigint
                          from marts.mart_feedback group by 1""").fetchall()
    return {c: (r, a, w) for c, r, a, w in rows}


def incidents(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return sorted(con.execute("select unit_name, measures, result from marts.mart_incidents").fetchall())


# ------------------------------------------------------------ from the DOCX
def docx_table_after(document: docx.document.Document, caption: str) -> list[list[str]]:
    """The rows of the first table that follows the paragraph whose text is caption."""
    seen = False
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph) and block.text == caption:
            seen = True
        elif seen and isinstance(block, docx.table.Table):
            return [[c.text for c in row.cells] for row in block.rows]
    raise AssertionError(f"no table after {caption!r}")


def docx_sector_row(rows: list[list[str]]) -> dict[str, int]:
    header, sector = rows[0], next(r for r in rows if r[0] == "Toàn ngành")
    return {h: as_int(v) for h, v in zip(header[1:-1], sector[1:-1], strict=True)}


# ------------------------------------------------------------ from the HTML
def html_table(html: str, section_id: str, cls: str) -> list[list[str]]:
    section = html[html.index(f"<section id='{section_id}'>") :]
    section = section[: section.index("</section>")]
    table = re.search(rf"<table class='{cls}'>(.*?)</table>", section, flags=re.S).group(1)
    return [
        [unescape(re.sub("<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, flags=re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        if "<td" in tr
    ]


# ------------------------------------------------------------ from the workbook
def sheet_rows(path: Path, sheet: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)[sheet]
    names = [c.value for c in ws[3]]
    return [dict(zip(names, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=5)]
