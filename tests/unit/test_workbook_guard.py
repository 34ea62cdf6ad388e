"""The sheet-extent guard (orchestration/formats/workbook_guard.check_workbook) takes a quick upper bound of
each worksheet's extent and scans strictly only a part whose bound is over the limit: the same
decisions as the strict scan alone.

Column letters by hand: XFD = 24·26² + 6·26 + 4 = 16,384; B = 2.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from orchestration.formats import workbook_guard as excel


def _workbook(sheet_rows: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f"<worksheet><sheetData>{sheet_rows}</sheetData></worksheet>",
        )
    return buffer.getvalue()


def _pieces(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return excel.part_pieces(data, archive.getinfo("xl/worksheets/sheet1.xml"), excel.MAX_PART_BYTES)


def _extents(data: bytes) -> tuple[tuple[int, int], tuple[int, int]]:
    pieces = _pieces(data)
    return excel._extent_bound(pieces), excel._part_extent(pieces)


VALUE = '<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>'


def test_formatting_far_away_raises_the_bound_but_passes_the_strict_scan():
    # A value in A1 and B2, and a formatted, empty cell in XFD300000: calamine places only the
    # values and the numbered rows, so the grid is 300,000 rows × 2 columns = 600,000 cells.
    data = _workbook(
        f'<row r="1">{VALUE.format(ref="A1")}</row><row r="2">{VALUE.format(ref="B2")}</row>'
        '<row r="300000"><c r="XFD300000" s="1"/></row>'
    )
    bound, strict = _extents(data)
    assert bound == (300_000, 16_384)  # over the 4,000,000-cell limit: the strict scan decides
    assert strict == (300_000, 2)
    excel.check_workbook(data)  # accepted


def test_a_value_far_away_is_refused_with_the_strict_extent():
    data = _workbook(f'<row r="1">{VALUE.format(ref="A1")}</row><row r="300000">{VALUE.format(ref="XFD300000")}</row>')
    assert _extents(data) == ((300_000, 16_384), (300_000, 16_384))
    with pytest.raises(
        excel.WorkbookError, match=r"fills cells as far as XFD300000: its grid would hold 4,915,200,000 cells"
    ):
        excel.check_workbook(data)


def test_a_small_sheet_passes_on_its_bound_alone():
    data = _workbook(f'<row r="1">{VALUE.format(ref="A1")}</row><row r="3">{VALUE.format(ref="B3")}</row>')
    assert _extents(data) == ((3, 2), (3, 2))
    excel.check_workbook(data)


# The quick test before the bound: a part none of whose references goes past column Z or row
# 99,999 holds at most 26 × 99,999 = 2,599,974 cells, under the 4,000,000-cell limit, so it
# passes without its bound being taken. Any farther reference sends the part to the bound.


def _within(data: bytes) -> bool:
    return not any(map(excel._far, _pieces(data)))


@pytest.mark.parametrize(
    ("rows", "within"),
    [
        (f'<row r="1">{VALUE.format(ref="A1")}</row><row r="3">{VALUE.format(ref="K3")}</row>', True),
        # the corner itself: Z is one letter, 99999 five digits
        (f'<row r="99999">{VALUE.format(ref="Z99999")}</row>', True),
        # AA is column 27: two letters
        (f'<row r="1">{VALUE.format(ref="AA1")}</row>', False),
        # row 100,000: six digits, in the row's r and the cell's
        (f'<row r="100000">{VALUE.format(ref="A100000")}</row>', False),
        # a numbered row alone, no cell in it, counts too (calamine places the row)
        ('<row r="100000"/>', False),
        # formatting far away, no value: the quick test does not tell values from formatting
        ('<row r="1"><c r="XFD1" s="1"/></row>', False),
    ],
)
def test_references_past_z99999_send_the_part_to_the_bound(rows: str, within: bool):
    data = _workbook(rows)
    assert _within(data) is within
    if within:
        bound, _ = _extents(data)
        assert bound[0] <= 99_999 and bound[1] <= 26
    excel.check_workbook(data)  # every one of these is accepted (the far ones on their bound or strict extent)


def test_a_far_value_is_still_refused_after_the_quick_test():
    # A1 and then a value in AB200000 (column 28): 200,000 × 28 = 5,600,000 cells, over 4,000,000.
    data = _workbook(f'<row r="1">{VALUE.format(ref="A1")}</row><row r="200000">{VALUE.format(ref="AB200000")}</row>')
    assert _within(data) is False
    with pytest.raises(excel.WorkbookError, match=r"as far as AB200000: its grid would hold 5,600,000 cells"):
        excel.check_workbook(data)
