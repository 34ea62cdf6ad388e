"""The unit-report intake at city scale: the guard inflating parts as a zip reader does,
and the inbox listed and named once per refresh."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from orchestration.domain.reference import PROJECT_ROOT
from orchestration.formats.excel import WorkbookError, load_sheet_rows, open_workbook
from orchestration.formats.workbook_guard import MAX_PART_BYTES, check_workbook, part_pieces
from orchestration.readers.unit_report import pending_files, read_receipts, read_unit_reports_in_batches

SAMPLE = PROJECT_ROOT / "sources"
WORKBOOK = sorted((SAMPLE / "unit_reports").glob("*.xlsx"))[0]


def _worksheets(data: bytes) -> list[zipfile.ZipInfo]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")]


def test_part_pieces_are_what_zipfile_reads():
    data = WORKBOOK.read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert len(archive.infolist()) >= 10
    for info in archive.infolist():
        assert b"".join(part_pieces(data, info, MAX_PART_BYTES)) == archive.read(info)


def test_a_damaged_part_passes_the_guard_and_is_refused_when_opened(tmp_path):
    data = WORKBOOK.read_bytes()
    info = _worksheets(data)[0]
    body_at = (
        info.header_offset
        + 30
        + len(info.filename.encode())
        + struct.unpack("<H", data[info.header_offset + 28 : info.header_offset + 30])[0]
    )
    damaged = bytearray(data)
    damaged[body_at + info.compress_size // 2] ^= 0xFF  # inside the deflated bytes
    # The guard measures what inflates before the damage (calamine would stop there too) ...
    assert len(b"".join(part_pieces(bytes(damaged), info, MAX_PART_BYTES))) < info.file_size
    check_workbook(bytes(damaged))
    # ... and reading that sheet (ThongTin, sheet1.xml) refuses it.
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(damaged))
    reader = open_workbook(path)
    with pytest.raises(WorkbookError, match="sheet 'ThongTin' cannot be read"):
        load_sheet_rows(reader, "ThongTin")


def test_guard_still_refuses_a_far_cell():
    source = zipfile.ZipFile(WORKBOOK)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(
                    b"</sheetData>",
                    b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
                )
            target.writestr(info.filename, body)
    try:
        check_workbook(out.getvalue())
    except ValueError as exc:
        assert "XFD1048576" in str(exc)
    else:
        raise AssertionError("a sheet filled as far as XFD1048576 passed the guard")


def test_pending_files_read_as_the_listed_paths(tmp_path):
    receipts = read_receipts(SAMPLE)
    pending = pending_files(SAMPLE, receipts)
    assert len(pending) == len(list((SAMPLE / "unit_reports").glob("*.xlsx")))
    chosen = pending[::2]
    by_paths = list(read_unit_reports_in_batches(SAMPLE, files=[i.path for i in chosen], batch_size=5, workers=1))
    by_pending = list(read_unit_reports_in_batches(SAMPLE, batch_size=5, workers=1, receipts=receipts, pending=chosen))
    assert len(by_paths) == len(by_pending) > 1
    for a, b in zip(by_paths, by_pending, strict=True):
        assert a.file_counts == b.file_counts
        assert a.rejects.equals(b.rejects)
        for name, frame in a.tables.items():
            assert frame.equals(b.tables[name]) and frame.schema == b.tables[name].schema
