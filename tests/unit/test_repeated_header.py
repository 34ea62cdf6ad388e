"""A sheet's header naming a column twice (orchestration/formats/excel.find_header, repeated_header)."""

from __future__ import annotations

import polars as pl

from orchestration.formats.excel import find_header, repeated_header

EXPECTED = {"date": ["ngày nhận"], "channel": ["kênh", "kênh tiếp nhận"], "quantity": ["số lượng"]}


def _header(*cells: str):
    grid = pl.DataFrame({f"c{i}": [c] for i, c in enumerate(cells)})
    return find_header(grid, EXPECTED, {"date", "channel"})


def test_the_same_text_twice_after_folding_is_repeated():
    header = _header("Ngày nhận", "Kênh", "Ghi chú", "KÊNH ")
    assert header.columns["channel"] == "c1"  # the first is still the one matched
    assert header.repeated == {"channel": [1, 3]}
    assert repeated_header(header, in_sheet=True) == (
        "Kênh",
        "the header names the column 'Kênh' 2 times (columns B, D): which one holds the values cannot "
        "be told; keep one column and send the file again",
    )
    assert repeated_header(header, in_sheet=False)[1].startswith(
        "the header names the column 'Kênh' 2 times (columns 2, 4)"
    )


def test_a_prefix_matched_column_repeated_counts_too():
    header = _header("Ngày nhận", "Kênh", "Số lượng (bài)", "Số lượng (bài)", "Số lượng (bài)")
    assert header.repeated == {"quantity": [2, 3, 4]}
    assert "'Số lượng (bài)' 3 times (columns C, D, E)" in repeated_header(header, in_sheet=True)[1]


def test_two_aliases_of_one_column_are_not_repeated():
    header = _header("Ngày nhận", "Kênh", "Kênh tiếp nhận")
    assert header.repeated == {}
    assert repeated_header(header, in_sheet=True) is None
