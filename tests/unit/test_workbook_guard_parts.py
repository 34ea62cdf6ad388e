"""The workbook guard measures what calamine opens, wherever it is stored and whatever the zip
directory declares (orchestration/formats/workbook_guard.py).

Numbers by hand: XFD = 16,384 columns, so XFD1048576 makes a grid of 16,384 x 1,048,576 =
17,179,869,184 cells; "a" * 5 MiB deflates to about 5 KB, whose deflate limit (x 1,032) is over
the 4 MiB chunk, so it is inflated a chunk at a time.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from orchestration.formats import workbook_guard as guard
from tests.badinput.cases_bounds import _SST_HEAD, INFO_ROWS, located_xlsx, noise, zip_parts
from tests.badinput.corpus import cell

FAR = f'<row r="1">{cell("A1", "x")}</row><row r="1048576">{cell("XFD1048576", "y")}</row>'


def _parts(data: bytes) -> tuple[set[str], set[str]]:
    by_name: dict[str, list[zipfile.ZipInfo]] = {}
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        by_name.setdefault(info.filename.lower(), []).append(info)
    return guard.sheet_and_shared_parts(data, by_name)


def test_relationship_targets_of_sheets_are_sheets_however_they_are_written():
    data = zip_parts(
        located_xlsx(
            [
                ("A", "worksheets/sheet1.xml", INFO_ROWS),
                ("B", "data/sheet2.xml", INFO_ROWS),
                ("C", "/xl/Other/Sheet3.xml", INFO_ROWS),
                ("D", "../xl/more/sheet4.xml", INFO_ROWS),
            ],
            {"xl/theme/theme1.xml": b"<theme/>", "xl/sharedStrings.xml": b"<sst/>"},
        )
    )
    sheets, shared = _parts(data)
    assert sheets == {"xl/worksheets/sheet1.xml", "xl/data/sheet2.xml", "xl/other/sheet3.xml", "xl/more/sheet4.xml"}
    assert shared == {"xl/sharedstrings.xml"}


def test_the_sheet_a_workbook_names_is_a_sheet_whatever_its_relationship_type():
    # rId2 says "theme" but <sheet r:id="rId2"> makes calamine read it as a sheet
    parts = located_xlsx([("A", "worksheets/sheet1.xml", INFO_ROWS), ("B", "theme/theme1.xml", FAR)])
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"',
        b'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="strings/all.xml"/></Relationships>',
    )
    parts["xl/strings/all.xml"] = b"<sst/>"
    data = zip_parts(parts)
    assert _parts(data) == ({"xl/worksheets/sheet1.xml", "xl/theme/theme1.xml"}, {"xl/strings/all.xml"})
    with pytest.raises(guard.WorkbookError, match=r"\(xl/theme/theme1\.xml\) fills cells as far as XFD1048576"):
        guard.check_workbook(data)


@pytest.mark.parametrize("target", ["data/sheet2.xml", "/xl/data/sheet2.xml", "../xl/data/sheet2.xml"])
def test_a_far_cell_is_refused_in_a_sheet_stored_anywhere(target: str):
    data = zip_parts(located_xlsx([("ThongTin", "worksheets/sheet1.xml", INFO_ROWS), ("HoatDong", target, FAR)]))
    with pytest.raises(
        guard.WorkbookError,
        match=r"\(xl/data/sheet2\.xml\) fills cells as far as XFD1048576: "
        r"its grid would hold 17,179,869,184 cells",
    ):
        guard.check_workbook(data)


def test_a_part_calamine_never_opens_is_not_scanned_for_cells():
    data = zip_parts(
        located_xlsx(
            [("ThongTin", "worksheets/sheet1.xml", INFO_ROWS)], {"customXml/item1.xml": b"<x>" + FAR.encode() + b"</x>"}
        )
    )
    guard.check_workbook(data)  # calamine builds no grid from it


def _forged(part: str, content: bytes, declared: int) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    stream = compressor.compress(content) + compressor.flush()
    parts = located_xlsx([("ThongTin", "worksheets/sheet1.xml", INFO_ROWS)])
    return zip_parts(parts, {part: (stream, declared, zlib.crc32(content[:declared]))})


def test_a_small_part_inflating_past_its_declared_size_is_refused():
    data = _forged("xl/sharedStrings.xml", b"<sst>" + b"a" * 100 + b"</sst>", 10)  # 111 bytes
    with pytest.raises(
        guard.WorkbookError,
        match=r"xl/sharedStrings\.xml unpacks to more than the 10 bytes the zip "
        r"directory declares \(111 bytes when reading stopped\)",
    ):
        guard.check_workbook(data)
    # what zipfile reads stops at the declared size: trusting it would have measured 10 bytes
    assert len(zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml")) == 10


def test_a_large_part_is_refused_at_its_first_chunk():
    # in a part calamine never opens, too: it is measured, not trusted
    data = _forged("docProps/custom.xml", b"a" * 5 * 2**20, 1_000)
    with pytest.raises(
        guard.WorkbookError,
        match=r"docProps/custom\.xml unpacks to more than the 1,000 bytes .* "
        r"\(4 MB when reading stopped\)",
    ):
        guard.check_workbook(data)


def test_part_and_workbook_caps(monkeypatch):
    sheet = noise(1_500_000).decode()
    data = zip_parts(located_xlsx([("A", "worksheets/sheet1.xml", sheet), ("B", "worksheets/sheet2.xml", sheet)]))
    guard.check_workbook(data)
    monkeypatch.setattr(guard, "MAX_PART_BYTES", 2**20)
    with pytest.raises(
        guard.WorkbookError,
        match=r"xl/worksheets/sheet1\.xml unpacks to more than 1 MB \(declared 1 MB, "
        r"1 MB unpacked when reading stopped\)",
    ):
        guard.check_workbook(data)
    # all parts: 2 x 1,500,000 bytes of noise and about 1 KB of XML, 2.9 MiB
    monkeypatch.setattr(guard, "MAX_PART_BYTES", 2 * 2**20)
    monkeypatch.setattr(guard, "MAX_UNZIPPED_BYTES", 2 * 2**20)
    with pytest.raises(guard.WorkbookError, match=r"the workbook unpacks to 3 MB \(at most 2 MB expected\)"):
        guard.check_workbook(data)


def test_a_compression_excel_never_writes_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in located_xlsx([("A", "worksheets/sheet1.xml", INFO_ROWS)]).items():
            archive.writestr(
                name, content, compress_type=zipfile.ZIP_BZIP2 if "sheet1" in name else zipfile.ZIP_DEFLATED
            )
    with pytest.raises(
        guard.WorkbookError, match=r"sheet1\.xml is compressed with method 12, which Excel never writes"
    ):
        guard.check_workbook(buffer.getvalue())


def _shared(long_refs: int, short_refs: int) -> bytes:
    # item 0: "x"; item 1: 1 MiB. Rows refer to item 1 long_refs times, then to item 0.
    sst = _SST_HEAD.replace(b"<si><t>", b"") + b"<si><t>x</t></si><si><t>" + noise(2**20) + b"</t></si></sst>"
    refs = [1] * long_refs + [0] * short_refs
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{i}</v></c></row>' for r, i in enumerate(refs, start=1))
    return zip_parts(located_xlsx([("A", "worksheets/sheet1.xml", rows)], {"xl/sharedStrings.xml": sst}))


def test_many_cells_of_short_shared_text_pass_the_exact_count():
    # quick bound: 101 cells x the 1 MB part is over 64 MB; exact: 100 x 17 bytes + 1 x (1 MiB + 22)
    guard.check_workbook(_shared(long_refs=1, short_refs=100))


def test_cells_copying_out_more_than_the_limit_are_refused():
    # 64 x (1,048,576 + len("<si><t></t></si></sst>") = 22) = 67,110,272 bytes > 67,108,864
    with pytest.raises(guard.WorkbookError, match=r"64 cells of shared text would copy out 64 MB"):
        guard.check_workbook(_shared(long_refs=64, short_refs=0))
    guard.check_workbook(_shared(long_refs=63, short_refs=0))  # 66,061,674 bytes


def test_a_part_calamine_never_opens_compressed_otherwise_is_refused_too():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in located_xlsx([("A", "worksheets/sheet1.xml", INFO_ROWS)]).items():
            archive.writestr(name, content)
        archive.writestr("docProps/custom.xml", b"<x/>" * 10, compress_type=zipfile.ZIP_LZMA)
    with pytest.raises(guard.WorkbookError, match=r"docProps/custom\.xml is compressed with method 14"):
        guard.check_workbook(buffer.getvalue())
