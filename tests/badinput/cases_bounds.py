"""Bad-input cases: what a file can make a reader allocate, and headers that name a column twice.

Workbooks whose sheets are stored outside xl/worksheets/, whose zip directory lies about a
part's size, or whose shared strings are copied into thousands of cells; CSV files with a header
of a million columns or a line of megabytes; exports naming one column twice. The big ones are
written cheaply: a deflate stream of one block repeated (a full flush makes each copy of the
block compress to the same bytes) and byte strings multiplied, a fraction of a second each.

Expected numbers worked out by hand:
- XFD = 24*26^2 + 6*26 + 4 = 16,384 columns; 16,384 x 1,048,576 rows = 17,179,869,184 cells.
- a header of "luot_xem," x 1,000,000 without its last comma: 999,999 commas, 1,000,000 columns.
- a shared string of 1 MiB in the only <si> of sharedStrings.xml: from "<si>" to the end of the
  part is 1,048,576 + len("<si><t></t></si></sst>") = 1,048,598 bytes; 100 cells refer to it:
  104,859,800 bytes = 100.0 MiB, printed "100 MB", over the 64 MB limit.
"""

from __future__ import annotations

import base64
import hashlib
import io
import posixpath
import struct
import zipfile
import zlib
from pathlib import Path

from orchestration.formats.workbook_guard import column_letters
from tests.badinput.corpus import (
    FANPAGE_HEADER,
    FEEDBACK_HEADER,
    GA4_HEADER,
    GA4_PREAMBLE,
    GOOD_RESPONSE,
    PRESS_HEADER,
    QUESTIONNAIRE,
    SURVEY_HEADER,
    WARD_HEADER,
    Q,
    case,
    cell,
    fanpage,
    feedback,
    infra,
    press,
    press_row,
    put,
    raw_xlsx,
    survey,
    ur,
    web,
)
from tests.unit.workbooks import ACTIVITY_HEADER, info

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _sheet_xml(rows: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def located_xlsx(sheets: list[tuple[str, str, str]], extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The parts of an .xlsx whose sheets (name, relationship target, <sheetData> rows) are stored
    where the targets say (`data/sheet2.xml` is xl/data/sheet2.xml), as Excel's own packaging
    allows."""

    def part_name(target: str) -> str:
        return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")

    overrides = "".join(
        f'<Override PartName="/{part_name(t)}" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for _, t, _ in sheets
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            + "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _, _) in enumerate(sheets))
            + "</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
            + "".join(
                f'<Relationship Id="rId{i + 1}" Type="{_REL}/worksheet" Target="{t}"/>'
                for i, (_, t, _) in enumerate(sheets)
            )
            + "</Relationships>"
        ).encode(),
    }
    for _, target, rows in sheets:
        parts[part_name(target)] = _sheet_xml(rows)
    parts.update(extra or {})
    return parts


def zip_parts(parts: dict[str, bytes], deflated: dict[str, tuple[bytes, int, int]] | None = None) -> bytes:
    """A zip of `parts` (deflated), plus `deflated` parts given as (raw deflate stream, size the
    directory declares, CRC-32 it declares): a directory that may lie about what the stream holds.

    A pre-deflated part is written stored, then its method, CRC and size are rewritten in its
    local header (offsets 8, 14, 22) and its directory entry (offsets 10, 16, 24)."""
    deflated = deflated or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        for name, (stream, _, _) in deflated.items():
            archive.writestr(zipfile.ZipInfo(name), stream, compress_type=zipfile.ZIP_STORED)
    data = bytearray(buffer.getvalue())
    for name, (_, declared, crc) in deflated.items():
        encoded = name.encode()
        local = -1
        while True:
            local = data.index(b"PK\x03\x04", local + 1)
            length = struct.unpack_from("<H", data, local + 26)[0]
            if bytes(data[local + 30 : local + 30 + length]) == encoded:
                break
        struct.pack_into("<H", data, local + 8, zipfile.ZIP_DEFLATED)
        struct.pack_into("<L", data, local + 14, crc)
        struct.pack_into("<L", data, local + 22, declared)
        central = -1
        while True:
            central = data.index(b"PK\x01\x02", central + 1)
            length = struct.unpack_from("<H", data, central + 28)[0]
            if bytes(data[central + 46 : central + 46 + length]) == encoded:
                break
        struct.pack_into("<H", data, central + 10, zipfile.ZIP_DEFLATED)
        struct.pack_into("<L", data, central + 16, crc)
        struct.pack_into("<L", data, central + 24, declared)
    return bytes(data)


def repeated_deflate(prefix: bytes, block: bytes, times: int, suffix: bytes) -> bytes:
    """The raw deflate stream of prefix + block * times + suffix, compressing the block once: after
    a full flush the compressor starts afresh, so each copy of the block compresses the same."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    one = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    return head + one * times + compressor.compress(suffix) + compressor.flush()


def noise(size: int) -> bytes:
    """`size` bytes of letters, digits, + and / (base64 of a hash stream), which deflate barely
    shrinks: a big part that no ratio check refuses."""
    return base64.b64encode(hashlib.shake_256(b"noise").digest(size * 3 // 4 + 3))[:size]


INFO_ROWS = f'<row r="1">{cell("A1", "Tên đơn vị")}{cell("B1", "Văn phòng")}</row>'


# ================================================================ workbooks


@case(
    "ur_sheet_in_data_folder",
    "unit_reports",
    "HoatDong stored at xl/data/sheet2.xml (where workbook.xml.rels points) with a value in XFD1048576",
    [Q(ur("ur_sheet_in_data_folder.xlsx"), ("(xl/data/sheet2.xml)", "as far as XFD1048576", "17,179,869,184 cells"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        ur("ur_sheet_in_data_folder.xlsx"),
        zip_parts(
            located_xlsx(
                [
                    ("ThongTin", "worksheets/sheet1.xml", INFO_ROWS),
                    (
                        "HoatDong",
                        "data/sheet2.xml",
                        f'<row r="1">{cell("A1", "x")}</row><row r="1048576">{cell("XFD1048576", "y")}</row>',
                    ),
                ]
            )
        ),
    )


_SST_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{_MAIN}"><si><t>'.encode()


@case(
    "ur_shared_strings_lie",
    "unit_reports",
    "sharedStrings.xml declares 1,000 bytes and inflates to 300 MB (a 300 KB file)",
    [
        Q(
            ur("ur_shared_strings_lie.xlsx"),
            (
                "xl/sharedStrings.xml",
                "more than the 1,000 bytes the zip directory declares",
                "(4 MB when reading stopped)",
                "zip bomb",
            ),
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    stream = repeated_deflate(_SST_HEAD, b"a" * 2**20, 300, b"</t></si></sst>")
    declared = (_SST_HEAD + b"a" * 1_000)[:1_000]
    parts = located_xlsx(
        [
            ("ThongTin", "worksheets/sheet1.xml", INFO_ROWS),
            ("HoatDong", "worksheets/sheet2.xml", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
        ]
    )
    put(
        inbox,
        ur("ur_shared_strings_lie.xlsx"),
        zip_parts(parts, {"xl/sharedStrings.xml": (stream, 1_000, zlib.crc32(declared))}),
    )


@case(
    "ur_shared_text_amplified",
    "unit_reports",
    "a 1 MB shared string that 100 cells of a 4 KB sheet refer to (100 MB of text once loaded)",
    [Q(ur("ur_shared_text_amplified.xlsx"), ("100 cells of shared text", "copy out 100 MB", "at most 64 MB"))],
)
def _(inbox: Path, outside: Path) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 101))
    text = noise(2**20)
    parts = located_xlsx(
        [("ThongTin", "worksheets/sheet1.xml", INFO_ROWS), ("HoatDong", "worksheets/sheet2.xml", rows)],
        {"xl/sharedStrings.xml": _SST_HEAD + text + b"</t></si></sst>"},
    )
    put(inbox, ur("ur_shared_text_amplified.xlsx"), zip_parts(parts))


@case(
    "infra_sheet_in_data_folder",
    "infrastructure",
    "a projects workbook whose only sheet is stored at /xl/data/projects.xml, with a value in XFD1048576",
    [Q(infra("classroom_projects_data_folder.xlsx"), ("file refused", "(xl/data/projects.xml)", "XFD1048576"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        infra("classroom_projects_data_folder.xlsx"),
        zip_parts(
            located_xlsx(
                [
                    (
                        "DanhMuc",
                        "/xl/data/projects.xml",
                        f'<row r="1">{cell("A1", "Mã dự án")}{cell("B1", "Số phòng học theo kế hoạch")}</row>'
                        f'<row r="1048576">{cell("XFD1048576", "x")}</row>',
                    ),
                ]
            )
        ),
    )


# ================================================================ CSV bounds

MILLION_COLUMNS = (b"luot_xem," * 1_000_000)[:-1] + b"\n"  # 8.6 MB, 1,000,000 columns


@case(
    "press_header_million_columns",
    "press",
    "a header of a million columns (8.6 MB)",
    [Q(press("press_header_million_columns.csv"), ("line 1 has 1,000,000 columns", "at most 2,000"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_header_million_columns.csv"), MILLION_COLUMNS + press_row("H1").encode())


@case(
    "press_long_line",
    "press",
    "a title of 2 MB on line 3, after a good row",
    [Q(press("press_long_line.csv"), ("line 3 is 2.0 MB long", "at most 1 MB"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, press("press_long_line.csv"), PRESS_HEADER + press_row("L1") + press_row("L2", title="a" * 2**21))


@case(
    "web_header_million_columns",
    "web",
    "a GA4 export whose header, below the comment lines, has a million columns",
    [Q(web("web_header_million_columns.csv"), ("line 5 has 1,000,000 columns", "at most 2,000"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, web("web_header_million_columns.csv"), GA4_PREAMBLE.encode() + MILLION_COLUMNS)


@case(
    "survey_header_million_columns",
    "surveys",
    "a Forms export with a header of a million columns",
    [Q(survey("survey_header_million_columns.csv"), ("line 1 has 1,000,000 columns", "at most 2,000"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, survey("survey_header_million_columns.csv"), MILLION_COLUMNS + GOOD_RESPONSE.encode())
    put(inbox, survey("survey_header_million_columns.questions.csv"), QUESTIONNAIRE)


@case(
    "survey_long_line",
    "surveys",
    "a response of 2 MB on line 3",
    [Q(survey("survey_long_line.csv"), ("line 3 is 2.0 MB long", "at most 1 MB"))],
)
def _(inbox: Path, outside: Path) -> None:
    long_answer = GOOD_RESPONSE.replace("Nguyễn Văn Bình", "a" * 2**21)
    put(inbox, survey("survey_long_line.csv"), SURVEY_HEADER + GOOD_RESPONSE + long_answer)
    put(inbox, survey("survey_long_line.questions.csv"), QUESTIONNAIRE)


@case(
    "feedback_long_line",
    "feedback",
    "a hotline CSV whose content cell on line 2 is 2 MB",
    [Q(feedback("feedback_long_line.csv"), ("line 2 is 2.0 MB long", "at most 1 MB"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        feedback("feedback_long_line.csv"),
        FEEDBACK_HEADER + f"1,02/10/2025,Email,Học phí,{'a' * 2**21},Văn phòng,,\n",
    )


@case(
    "infra_header_wide",
    "infrastructure",
    "ward statistics with 5,000 columns in the header",
    [Q(infra("ward_statistics_wide_2025.csv"), ("file refused", "line 1 has 5,000 columns", "at most 2,000"))],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        infra("ward_statistics_wide_2025.csv"),
        WARD_HEADER.rstrip("\n") + ",Ghi chú" * 4_993 + "\n2025,Phường Bến Thành,Tiểu học,2.340,3,1,72\n",
    )


# ================================================================ duplicated headers


@case(
    "press_duplicate_views",
    "press",
    "luot_xem twice in the header (the second column different)",
    [
        Q(
            press("press_duplicate_views.csv"),
            ("'luot_xem' 2 times", "columns 10, 11", "cannot be told"),
            column="luot_xem",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        press("press_duplicate_views.csv"),
        PRESS_HEADER.rstrip("\n") + ",luot_xem\n" + press_row("D1", views="120").rstrip("\n") + ',"95000"\n',
    )


@case(
    "fanpage_duplicate_reach",
    "fanpage",
    "Reach twice in Meta's header",
    [Q(fanpage("fanpage_duplicate_reach.csv"), ("'Reach' 2 times", "columns 6, 10"), column="Reach")],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        fanpage("fanpage_duplicate_reach.csv"),
        FANPAGE_HEADER.rstrip("\n") + ",Reach\n" + "9_1,Phòng GD Mầm non,10/20/2025 08:00,Photos,100,80,5,1,0,8000\n",
    )


@case(
    "web_duplicate_views_spelled_apart",
    "web",
    "GA4's Views beside a column headed 'views'",
    [
        Q(
            web("web_duplicate_views.csv"),
            ("'Views' 2 times", "columns 4, 9", "written 'Views', 'views'"),
            column="Views",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        web("web_duplicate_views.csv"),
        GA4_PREAMBLE + GA4_HEADER.rstrip("\n") + ",views\n" + "20251001,/,Trang chủ,100,50,10,12.5,300,900\n",
    )


def _header_row(number: int, labels: list[str]) -> str:
    return (
        f'<row r="{number}">'
        + "".join(cell(f"{column_letters(i + 1)}{number}", t) for i, t in enumerate(labels))
        + "</row>"
    )


@case(
    "ur_duplicate_quantity",
    "unit_reports",
    "HoatDong's header names 'Số lượng' twice (G and L)",
    [
        Q(
            ur("ur_duplicate_quantity.xlsx"),
            ("'Số lượng' 2 times", "columns G, L", "cannot be told"),
            sheet="HoatDong",
            column="Số lượng",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    thong_tin = "".join(
        _header_row(r, [k, str(v)])
        for r, (k, v) in enumerate(info("Văn phòng", "VP", "Quý IV/2025", "10/12/2025"), start=1)
    )
    activities = _header_row(1, [*ACTIVITY_HEADER, "Số lượng"]) + _header_row(
        2, ["1", "2.15", "Tin bài", "Fanpage", "Bài hai số lượng", "01/10/2025", "1", "", "", "", "", "300"]
    )
    put(inbox, ur("ur_duplicate_quantity.xlsx"), raw_xlsx({"ThongTin": thong_tin, "HoatDong": activities}))


@case(
    "feedback_duplicate_channel",
    "feedback",
    "a hotline workbook whose header names 'Kênh' twice (B and D)",
    [
        Q(
            feedback("feedback_duplicate_channel.xlsx"),
            ("file refused", "'Kênh' 2 times", "columns B, D"),
            sheet="Nhật ký",
            column="Kênh",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        feedback("feedback_duplicate_channel.xlsx"),
        raw_xlsx(
            {
                "Nhật ký": (
                    _header_row(1, ["Ngày nhận", "Kênh", "Chủ đề", "Kênh"])
                    + _header_row(2, ["02/10/2025", "Email", "Học phí", "Thư"])
                )
            }
        ),
    )


@case(
    "feedback_csv_duplicate_date",
    "feedback",
    "a hotline CSV whose header names 'Ngày nhận' again in column 9",
    [
        Q(
            feedback("feedback_csv_duplicate_date.csv"),
            ("file refused", "'Ngày nhận' 2 times", "columns 2, 9"),
            column="Ngày nhận",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        feedback("feedback_csv_duplicate_date.csv"),
        FEEDBACK_HEADER.rstrip("\n") + ",Ngày nhận\n" + "1,02/10/2025,Email,Học phí,nội dung,Văn phòng,,,03/10/2025\n",
    )


@case(
    "infra_duplicate_classrooms",
    "infrastructure",
    "ward statistics naming 'Số phòng học' twice (columns 7 and 8)",
    [
        Q(
            infra("ward_statistics_duplicate_2025.csv"),
            ("file refused", "'Số phòng học' 2 times", "columns 7, 8"),
            column="Số phòng học",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(
        inbox,
        infra("ward_statistics_duplicate_2025.csv"),
        WARD_HEADER.rstrip("\n") + ",Số phòng học\n" + "2025,Phường Bến Thành,Tiểu học,2.340,3,1,72,80\n",
    )


# 1,000-character content on each of 34,000 rows: more characters than a hotline CSV may hold.
_LONG_ROW = "1,02/10/2025,Email,Học phí," + "a" * 1_000 + ",Văn phòng,,\n"
_LONG_LOG = FEEDBACK_HEADER + _LONG_ROW * 34_000


@case(
    "feedback_csv_too_long",
    "feedback",
    "a hotline CSV of 34 million characters (34,000 rows of 1,000)",
    [
        Q(
            feedback("feedback_csv_too_long.csv"),
            ("file refused", f"holds {len(_LONG_LOG):,} characters", "at most 33,554,432 expected"),
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    put(inbox, feedback("feedback_csv_too_long.csv"), _LONG_LOG)


@case(
    "fanpage_duplicate_noted_reach",
    "fanpage",
    "'Reach (Lượt tiếp cận)' twice in a translated Meta header",
    [
        Q(
            fanpage("fanpage_duplicate_noted_reach.csv"),
            ("'Reach (Lượt tiếp cận)' 2 times", "columns 6, 10"),
            column="Reach (Lượt tiếp cận)",
        )
    ],
)
def _(inbox: Path, outside: Path) -> None:
    header = FANPAGE_HEADER.replace(",Reach,", ",Reach (Lượt tiếp cận),").rstrip("\n") + ",Reach (Lượt tiếp cận)\n"
    put(
        inbox,
        fanpage("fanpage_duplicate_noted_reach.csv"),
        header + "9_2,Phòng GD Mầm non,10/20/2025 08:00,Photos,100,80,5,1,0,8000\n",
    )
