"""The infrastructure reader: ward statistics (old ward names), classroom projects, city indicators."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from orchestration.domain.unit_matching import resolve_ward
from orchestration.readers.infrastructure import (
    CITY_INDICATORS_SCHEMA,
    CLASSROOM_PROJECTS_SCHEMA,
    WARD_STATISTICS_SCHEMA,
    age_band,
    banner_date,
    investment_multiplier,
    read_infrastructure,
    ward_with_district,
)

WARD_STATISTICS_CSV = """Năm,Phường/Xã,Cấp học,Dân số 3-5 tuổi,Dân số 6-10 tuổi,Dân số 11-14 tuổi,Dân số 15-17 tuổi,Số trường,Số trường đạt chuẩn quốc gia,Số phòng học
2024,"Phường 6, Quận 3",Mầm non,1.250,,,,5,2,60
2024,Phường Bến Thành,Tiểu học,,2.340,,,3,1,72
2024,"Phường 6, Quận 3",THCS,,,900,,2,3,40
2024,Phường Không Có,THPT,,,,700,1,0,20
2024,P. Bến Thành,Đại học,,,,,1,0,20
2024,P. Bến Thành,THPT,,,,-5,1,0,20
Tổng cộng,,,,,,,12,6,232
"""

# A city-indicator list under a name that does not say so: the header decides.
CITY_INDICATORS_CSV = """Năm,Chỉ tiêu,Giá trị
2024,"Tỷ lệ lao động qua đào tạo có trình độ cao đẳng, đại học trở lên","23,4%"
2025,"Tỷ lệ sinh viên theo học các ngành khoa học cơ bản, kỹ thuật và công nghệ","31,2%"
2025,Tỷ lệ trường đạt chuẩn quốc gia,25%
2025,"Tỷ lệ lao động có trình độ cao đẳng, đại học",120%
"""


def write_ward_statistics_xlsx(path: Path) -> None:
    """Two banner rows, a blank row, the header on row 4 without a year: the year is in the name."""
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("Số liệu")
    sheet.merge_range(0, 0, 0, 6, "THỐNG KÊ CƠ SỞ VẬT CHẤT THEO PHƯỜNG, XÃ")
    sheet.write(1, 0, "Năm 2025 - số liệu đến 31/12")
    sheet.write_row(
        3,
        0,
        ["Phường, xã", "Cấp  học", "Dân số 6-10 tuổi", "Số trường", "Số trường đạt chuẩn QG", "Phòng học đang sử dụng"],
    )
    sheet.write_row(4, 0, ["Phường 14, Quận 10", "Tiểu học", 3100, 4, 1, 96])
    sheet.write_row(5, 0, ["Xã Tân Thạnh Đông, Huyện Củ Chi", "THCS", None, 2, 2, 48])
    workbook.close()


def write_classroom_projects_xlsx(path: Path) -> None:
    workbook = xlsxwriter.Workbook(path)
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet = workbook.add_worksheet("DanhMuc")
    sheet.write(0, 0, "DANH MỤC DỰ ÁN ĐẦU TƯ PHÒNG HỌC")
    sheet.write_row(
        2,
        0,
        [
            "Mã dự án",
            "Tên dự án",
            "Phường/Xã",
            "Cấp học",
            "Số phòng học theo kế hoạch",
            "Nguồn vốn",
            "Tổng mức đầu tư (tỷ đồng)",
            "Ngày khởi công",
            "Ngày hoàn thành dự kiến",
            "Ngày hoàn thành thực tế",
            "Trạng thái",
            "Số phòng học đã bàn giao",
        ],
    )
    sheet.write_row(
        3, 0, ["DA-001", "Trường Tiểu học Bến Thành mở rộng", "Phường Bến Thành", "Tiểu học", 24, "Ngân sách", 45.5]
    )
    sheet.write_datetime(3, 7, dt.datetime(2025, 3, 1), date_format)
    sheet.write_row(3, 8, ["30/06/2026", None, "Đang thi công", 0])
    sheet.write_row(
        4,
        0,
        [
            "DA-002",
            "Trường THCS Diên Hồng",
            "Phường 14, Quận 10",
            "THCS",
            30,
            "Đối tác công tư (PPP)",
            "120",
            "01/09/2024",
            "31/08/2025",
            "15/08/2025",
            "Đã hoàn thành",
            30,
        ],
    )
    sheet.write_row(
        5,
        0,
        [
            "DA-003",
            "Trường Mầm non tư thục Hoa Mai",
            "",
            "Mầm non",
            12,
            "Xã hội hóa",
            "8,75",
            "",
            "",
            "",
            "Chuẩn bị đầu tư",
            "",
        ],
    )
    sheet.write_row(6, 0, ["DA-001", "Trùng mã", "Phường Bến Thành", "Tiểu học", 10, "Ngân sách", 1])
    sheet.write_row(7, 0, ["DA-004", "Vốn vay", "Phường Bến Thành", "THPT", 16, "Vay ODA", 30])
    sheet.write_row(8, 0, ["DA-005", "Không số phòng", "Phường Bến Thành", "THPT", None, "Ngân sách", 30])
    workbook.close()


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    folder = inbox / "infrastructure"
    folder.mkdir()
    (folder / "ward_statistics_2024.csv").write_text(WARD_STATISTICS_CSV, encoding="utf-8")
    (folder / "chi_tieu_thanh_pho.csv").write_text(CITY_INDICATORS_CSV, encoding="utf-8")
    write_ward_statistics_xlsx(folder / "ward_statistics_2025.xlsx")
    write_classroom_projects_xlsx(folder / "classroom_projects_2026q1.xlsx")
    (folder / "ward_statistics_2023.csv").write_text("Ghi chú,Nội dung\nkhông có số liệu,\n", encoding="utf-8")
    return read_infrastructure(inbox)


def test_counts_per_file(result):
    assert result.file_counts == {
        "infrastructure/chi_tieu_thanh_pho.csv": (4, 2, 2),
        "infrastructure/classroom_projects_2026q1.xlsx": (6, 3, 3),
        "infrastructure/ward_statistics_2023.csv": (0, 0, 0),
        "infrastructure/ward_statistics_2024.csv": (7, 2, 5),
        "infrastructure/ward_statistics_2025.xlsx": (2, 2, 0),
    }
    for read, loaded, rejected in result.file_counts.values():
        assert read == loaded + rejected


def test_ward_statistics_with_pre_2025_names(result):
    table = result.tables["ward_statistics"]
    assert table.schema == pl.Schema(WARD_STATISTICS_SCHEMA)
    csv_rows = table.filter(pl.col("source_file") == "infrastructure/ward_statistics_2024.csv")
    assert csv_rows.select(
        "source_row",
        "year",
        "ward_raw",
        "ward_code",
        "ward_name",
        "match_method",
        "school_level",
        "population_3_5",
        "population_6_10",
        "schools",
        "schools_meeting_standard",
        "classrooms",
    ).rows() == [
        (2, 2024, "Phường 6, Quận 3", "27139", "Phường Xuân Hòa", "legacy_ward", "mam_non", 1250, None, 5, 2, 60),
        (3, 2024, None, "26743", "Phường Bến Thành", "exact_name", "tieu_hoc", None, 2340, 3, 1, 72),
    ]


def test_ward_statistics_rejects(result):
    rejects = result.rejects.filter(pl.col("source_file") == "infrastructure/ward_statistics_2024.csv").sort(
        "source_row"
    )
    got = [(r["source_row"], r["source_column"], r["raw_value"]) for r in rejects.iter_rows(named=True)]
    assert got == [
        (4, "Số trường đạt chuẩn quốc gia", "3"),
        (5, "Phường/Xã", "Phường Không Có"),
        (6, "Cấp học", "Đại học"),
        (7, "Dân số 15-17 tuổi", "-5"),
        (8, "Năm", "Tổng cộng"),
    ]
    reasons = rejects["reason"].to_list()
    assert reasons[0] == "3 schools meeting the national standard is more than the 2 schools"
    assert reasons[1].startswith(
        "the ward cannot be resolved to one of today's units: 'Phường Không Có' matches no unit"
    )
    assert reasons[2].startswith("unknown school level")
    assert reasons[3] == "population aged 15-17: expected a count of zero or more, got -5"
    assert reasons[4].startswith("a totals row")
    assert set(rejects["action"]) == {"row_rejected"}


def test_ward_statistics_xlsx_with_banner_takes_the_year_from_the_name(result):
    rows = result.tables["ward_statistics"].filter(pl.col("source_file") == "infrastructure/ward_statistics_2025.xlsx")
    assert rows.select(
        "source_sheet",
        "source_row",
        "year",
        "ward_code",
        "ward_name",
        "school_level",
        "population_6_10",
        "schools",
        "schools_meeting_standard",
        "classrooms",
    ).rows() == [
        ("Số liệu", 5, 2025, "27169", "Phường Diên Hồng", "tieu_hoc", 3100, 4, 1, 96),
        ("Số liệu", 6, 2025, "27541", "Xã Phú Hòa Đông", "thcs", None, 2, 2, 48),
    ]


def test_classroom_projects(result):
    table = result.tables["classroom_projects"]
    assert table.schema == pl.Schema(CLASSROOM_PROJECTS_SCHEMA)
    assert table.drop("source_file", "source_sheet", "project_name", "as_of_date").rows() == [
        (
            4,
            "DA-001",
            "26743",
            "tieu_hoc",
            24,
            "public",
            45.5e9,
            dt.date(2025, 3, 1),
            dt.date(2026, 6, 30),
            None,
            "Đang thi công",
            0,
        ),
        (
            5,
            "DA-002",
            "27169",
            "thcs",
            30,
            "ppp",
            120e9,
            dt.date(2024, 9, 1),
            dt.date(2025, 8, 31),
            dt.date(2025, 8, 15),
            "Đã hoàn thành",
            30,
        ),
        (6, "DA-003", None, "mam_non", 12, "private", 8.75e9, None, None, None, "Chuẩn bị đầu tư", None),
    ]
    rejects = result.rejects.filter(pl.col("source_file") == "infrastructure/classroom_projects_2026q1.xlsx")
    got = [
        (r["source_sheet"], r["source_row"], r["source_column"], r["raw_value"]) for r in rejects.iter_rows(named=True)
    ]
    assert got == [
        ("DanhMuc", 7, "Mã dự án", "DA-001"),
        ("DanhMuc", 8, "Nguồn vốn", "Vay ODA"),
        ("DanhMuc", 9, "Số phòng học theo kế hoạch", None),
    ]
    assert rejects["reason"][0] == "the project code appears again in this file (first on sheet 'DanhMuc' row 4)"


def test_city_indicators_by_content(result):
    table = result.tables["city_indicators"]
    assert table.schema == pl.Schema(CITY_INDICATORS_SCHEMA)
    assert table.select("source_row", "year", "indicator_code", "value_pct").rows() == [
        (2, 2024, "workforce_tertiary_share", 23.4),
        (3, 2025, "stem_student_share", 31.2),
    ]
    assert table["indicator_name"][0] == "Tỷ lệ lao động qua đào tạo có trình độ cao đẳng, đại học trở lên"
    rejects = result.rejects.filter(pl.col("source_file") == "infrastructure/chi_tieu_thanh_pho.csv")
    assert rejects.select("source_row", "source_column").rows() == [(4, "Chỉ tiêu"), (5, "Giá trị")]
    assert rejects["reason"][1] == "expected a percentage from 0 to 100, got 120"


def test_file_without_a_known_header_is_refused(result):
    [reject] = result.rejects.filter(pl.col("source_file") == "infrastructure/ward_statistics_2023.csv").to_dicts()
    assert reject["action"] == "file_rejected"
    assert reject["reason"].startswith("file refused: no sheet has the header")


@pytest.mark.parametrize(
    ("label", "factor"),
    [("Tổng mức đầu tư (tỷ đồng)", 1e9), ("Vốn đầu tư (triệu đồng)", 1e6), ("Tổng mức đầu tư (đồng)", 1.0)],
)
def test_investment_multiplier(label, factor):
    assert investment_multiplier(label) == factor


# ---------------------------------------------------------------- long format, former districts

# A pre-2025 statistic: one row per old ward and level, the old district in its own column, the
# age band in one column and its population in the next. Row 11 is padding (not counted).
LONG_WARD_STATISTICS_CSV = """Năm,Quận/Huyện,Phường/Xã,Cấp học,Nhóm tuổi,Dân số trong độ tuổi,Số trường,Số trường đạt chuẩn QG,Số phòng học
2024,Quận 3,Phường 6,Mầm non,3-5 tuổi,1.250,2,1,30
2024,Quận 3,Phường 6,Tiểu học,từ 6 đến 10 tuổi,2340,1,0,45
2024,Quận 3,Phường Võ Thị Sáu,Tiểu học,6 - 10 tuổi,1800,2,1,50
2024,Quận 3,"Phường 6, Quận 3",THCS,11-14,900,1,1,20
2024,Quận 3,Phường 6,THPT,18-22 tuổi,500,1,0,10
2024,Quận 3,Phường 12,THPT,15-17 tuổi,700,1,0,12
2024,Quận 3,Phường Không Có,THPT,15-17 tuổi,650,1,0,12
2024,Quận 10,"Phường 6, Quận 3",Mầm non,3-5 tuổi,100,1,0,5
2024,Quận 3,Phường 6,Mầm non,,300,1,0,5
,,,,,,,,
"""


@pytest.fixture
def long_result(tmp_path):
    folder = tmp_path / "infrastructure"
    folder.mkdir()
    (folder / "thong_ke_2024.csv").write_text(LONG_WARD_STATISTICS_CSV, encoding="utf-8")
    (folder / "chi_co_nhom_tuoi_2024.csv").write_text(
        "Phường/Xã,Cấp học,Nhóm tuổi,Số phòng học\nPhường Bến Thành,Mầm non,3-5 tuổi,20\n", encoding="utf-8"
    )
    return read_infrastructure(tmp_path)


def test_phuong_6_quan_3_is_xuan_hoa():
    # What vietnamadminunits maps the old ward to; the expectations below rely on it.
    assert resolve_ward("Phường 6, Quận 3").unit_code == "27139"
    assert resolve_ward("Phường Võ Thị Sáu, Quận 3").unit_code == "27139"
    assert resolve_ward("Phường 12, Quận 3").unit_code == "27142"


def test_long_format_with_district_counts_per_file(long_result):
    assert long_result.file_counts == {
        "infrastructure/thong_ke_2024.csv": (9, 5, 4),
        "infrastructure/chi_co_nhom_tuoi_2024.csv": (0, 0, 0),
    }
    for read, loaded, rejected in long_result.file_counts.values():
        assert read == loaded + rejected


def test_long_format_with_district_rows(long_result):
    table = long_result.tables["ward_statistics"]
    assert table.schema == pl.Schema(WARD_STATISTICS_SCHEMA)
    assert table.select(
        "source_row",
        "year",
        "ward_raw",
        "ward_code",
        "ward_name",
        "match_method",
        "school_level",
        "population_3_5",
        "population_6_10",
        "population_11_14",
        "population_15_17",
        "schools",
        "schools_meeting_standard",
        "classrooms",
    ).rows() == [
        (
            2,
            2024,
            "Phường 6, Quận 3",
            "27139",
            "Phường Xuân Hòa",
            "legacy_ward",
            "mam_non",
            1250,
            None,
            None,
            None,
            2,
            1,
            30,
        ),
        (
            3,
            2024,
            "Phường 6, Quận 3",
            "27139",
            "Phường Xuân Hòa",
            "legacy_ward",
            "tieu_hoc",
            None,
            2340,
            None,
            None,
            1,
            0,
            45,
        ),
        # Merged into the same new ward: a second row for (2024, 27139, tieu_hoc), not collapsed.
        (
            4,
            2024,
            "Phường Võ Thị Sáu, Quận 3",
            "27139",
            "Phường Xuân Hòa",
            "legacy_ward",
            "tieu_hoc",
            None,
            1800,
            None,
            None,
            2,
            1,
            50,
        ),
        # The ward cell already names the district: not doubled.
        (
            5,
            2024,
            "Phường 6, Quận 3",
            "27139",
            "Phường Xuân Hòa",
            "legacy_ward",
            "thcs",
            None,
            None,
            900,
            None,
            1,
            1,
            20,
        ),
        (
            7,
            2024,
            "Phường 12, Quận 3",
            "27142",
            "Phường Nhiêu Lộc",
            "legacy_ward",
            "thpt",
            None,
            None,
            None,
            700,
            1,
            0,
            12,
        ),
    ]


def test_long_format_with_district_rejects(long_result):
    rejects = long_result.rejects.filter(pl.col("source_file") == "infrastructure/thong_ke_2024.csv").sort("source_row")
    assert rejects.select("source_row", "source_column", "raw_value").rows() == [
        (6, "Nhóm tuổi", "18-22 tuổi"),
        (8, "Phường/Xã + Quận/Huyện", "Phường Không Có, Quận 3"),
        (9, "Phường/Xã + Quận/Huyện", "Phường 6, Quận 3 | Quận 10"),
        (10, "Nhóm tuổi", None),
    ]
    reasons = rejects["reason"].to_list()
    assert reasons[0] == "unknown age band '18-22 tuổi'; expected 3-5 tuổi, 6-10 tuổi, 11-14 tuổi or 15-17 tuổi"
    assert reasons[1] == (
        "the ward cannot be resolved to one of today's units: 'Phường Không Có, Quận 3' "
        "is neither a current unit nor a pre-2025 ward and district"
    )
    assert reasons[2] == "the ward is written with the district 'Quận 3' but the district column says 'Quận 10'"
    assert reasons[3] == "the age band (nhóm tuổi) is empty but its population is filled"
    assert set(rejects["action"]) == {"row_rejected"}


def test_age_band_column_without_population_refuses_the_sheet(long_result):
    [reject] = long_result.rejects.filter(
        pl.col("source_file") == "infrastructure/chi_co_nhom_tuoi_2024.csv"
    ).to_dicts()
    assert reject["action"] == "file_rejected"
    assert reject["reason"].startswith("sheet refused: ward statistics with an age band column (Nhóm tuổi)")


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("3-5 tuổi", "population_3_5"),
        ("3-5", "population_3_5"),
        ("3 - 5 tuổi", "population_3_5"),
        ("từ 3 đến 5 tuổi", "population_3_5"),
        ("6–10 tuổi", "population_6_10"),
        ("Nhóm 11-14 tuổi", "population_11_14"),
        ("Từ 15 tuổi đến 17 tuổi", "population_15_17"),
        ("0-2 tuổi", None),
        ("3-5 tháng", None),
        ("5-3 tuổi", None),
        ("trên 17 tuổi", None),
    ],
)
def test_age_band(text, column):
    assert age_band(text) == column


@pytest.mark.parametrize(
    ("ward", "district", "expected"),
    [
        ("Phường 6", "Quận 3", ("Phường 6, Quận 3", None)),
        ("Phường 6, Quận 3", "Quận 3", ("Phường 6, Quận 3", None)),
        ("Phường 6, Q.3", "Quận 03", ("Phường 6, Q.3", None)),
        ("Phường 6 Quận 3", "Quận 3", ("Phường 6 Quận 3", None)),
        ("Phường 6, TP.HCM", "Quận 3", ("Phường 6, Quận 3, TP.HCM", None)),
        ("Xã Tân Thạnh Đông", "Hóc Môn", ("Xã Tân Thạnh Đông, Hóc Môn", None)),
        ("Phường 6", None, ("Phường 6", None)),
        (
            "Phường 6, Quận 3",
            "Quận 10",
            (
                "Phường 6, Quận 3",
                "the ward is written with the district 'Quận 3' but the district column says 'Quận 10'",
            ),
        ),
    ],
)
def test_ward_with_district(ward, district, expected):
    assert ward_with_district(ward, district) == expected


# ---------------------------------------------------------------- apportionment keys, list dates


def test_old_ward_names_carry_their_converter_key(result, long_result):
    # "Phường 14, Quận 10" was split between Diên Hồng (the default successor) and Hòa Hưng: the
    # key lets dbt share its figures (raw.ref_ward_apportionment); today's names carry none.
    rows = result.tables["ward_statistics"].sort("source_file", "source_row")
    assert rows.select("source_file", "source_row", "ward_code", "match_method", "legacy_ward_key").rows() == [
        (
            "infrastructure/ward_statistics_2024.csv",
            2,
            "27139",
            "legacy_ward",
            "thanhphohochiminh_quan3_phuongvothisau",
        ),
        ("infrastructure/ward_statistics_2024.csv", 3, "26743", "exact_name", None),
        ("infrastructure/ward_statistics_2025.xlsx", 5, "27169", "legacy_ward", "thanhphohochiminh_quan10_phuong14"),
        (
            "infrastructure/ward_statistics_2025.xlsx",
            6,
            "27541",
            "legacy_ward",
            "thanhphohochiminh_huyencuchi_xatanthanhdong",
        ),
    ]
    long_keys = long_result.tables["ward_statistics"].select("source_row", "legacy_ward_key").rows()
    assert long_keys == [
        (2, "thanhphohochiminh_quan3_phuongvothisau"),
        (3, "thanhphohochiminh_quan3_phuongvothisau"),
        (4, "thanhphohochiminh_quan3_phuongvothisau"),  # Phường 6 was renamed Võ Thị Sáu: one old ward
        (5, "thanhphohochiminh_quan3_phuongvothisau"),
        (7, "thanhphohochiminh_quan3_phuong12"),
    ]


def test_project_list_without_a_dated_banner_has_no_as_of_date(result):
    assert result.tables["classroom_projects"]["as_of_date"].to_list() == [None, None, None]


def test_project_list_as_of_date_from_its_banner(tmp_path):
    folder = tmp_path / "infrastructure"
    folder.mkdir()
    workbook = xlsxwriter.Workbook(folder / "du_an.xlsx")
    sheet = workbook.add_worksheet("DuAn")
    sheet.write(0, 0, "DANH MỤC DỰ ÁN THUỘC ĐỀ ÁN XÂY DỰNG 4.500 PHÒNG HỌC - CẬP NHẬT ĐẾN 31/03/2026")
    sheet.write_row(2, 0, ["Mã dự án", "Tên dự án", "Số phòng học theo kế hoạch", "Số phòng học đã bàn giao"])
    sheet.write_row(3, 0, ["DA-1", "Trường A", 30, 12])
    workbook.close()
    table = read_infrastructure(tmp_path).tables["classroom_projects"]
    assert table.select("project_code", "classrooms_delivered", "as_of_date").rows() == [
        ("DA-1", 12, dt.date(2026, 3, 31))
    ]


@pytest.mark.parametrize(
    ("banner", "expected"),
    [
        ("Số liệu tính đến ngày 30/6/2026", dt.date(2026, 6, 30)),
        ("Cập nhật đến 31.03.2026", dt.date(2026, 3, 31)),
        ("DANH MỤC DỰ ÁN", None),
        ("Cập nhật đến 31/02/2026", None),  # no such day
    ],
)
def test_banner_date(banner, expected):
    from orchestration.formats.excel import find_header
    from orchestration.readers.feedback import csv_grid
    from orchestration.readers.infrastructure import CLASSROOM_PROJECTS_COLUMNS

    grid = csv_grid(f"{banner}\nMã dự án,Số phòng học\nDA-1,3\n", ",")
    header = find_header(grid.frame, CLASSROOM_PROJECTS_COLUMNS, {"project_code", "classrooms_planned"})
    assert banner_date(grid, header) == expected
