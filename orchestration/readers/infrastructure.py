"""Infrastructure statistics from `infrastructure/`: ward statistics, classroom projects, city indicators.

A file's kind is told by its header, found in the first 10 rows of each visible sheet (CSV
files may carry a banner too), never by its name alone: a header with a project code is a
classroom-project list, one with an indicator and a value is a city-indicator list, one with
a ward, a school level and classrooms is a ward-statistics table. A file in which no sheet has
any of these headers is refused. Every sheet with a header is read.

Rules, per data row (rows whose known cells are all blank are padding, not counted). A row with
a problem is rejected whole, with one quarantine row per problem found, and counts once. In
every kind, a cell holding an Excel error value (#REF!, #DIV/0! ...) is its column's one
problem, and a count or amount outside its field's bound (seed ref_value_bounds: a ward's
population of one age band, schools, classrooms, a project's classrooms and investment) is one:
- ward statistics: the year (a column, or the only 20xx in the file name when there is no
  year column; 2000..2035, and not after the run's year), the ward resolved by
  `unit_matching.resolve_ward` (pre-July-2025 names through the vietnamadminunits converter;
  unresolved, ambiguous and totals rows are rejected with the reason), the school level
  (mam_non | tieu_hoc | thcs | thpt), whole non-negative counts, and schools meeting the
  national standard not above schools. The population bands are loaded as filled (often only
  the band of the row's level). They come
  either wide, one column per band ("Dân số 3-5 tuổi", ...), or long, an age band column
  ("Nhóm tuổi": "3-5 tuổi", "từ 6 đến 10 tuổi", ...) with the band's population in the next
  ("Dân số trong độ tuổi"); an unknown band rejects the row, and a band column without a
  population column refuses the sheet. A pre-2025 statistic names the ward within its former
  district, in a district column (Quận/Huyện; Thành phố/Thị xã in former Bình Dương and Bà
  Rịa - Vũng Tàu): the ward is then resolved as "<ward>, <district>" ("Phường 12" alone is
  one of many; "Phường 12, Quận 3" is one ward), unless the ward cell already names that
  district; a ward cell naming another district than the district column rejects the row.
  The district column is read the same way in classroom-project lists;
- classroom projects: a project code (once per file), classrooms planned, a known funding
  (public | ppp | private, blank stays null), known school level and ward when filled, dates
  (an actual completion no later than the run's date), non-negative counts and investment. The
  investment is converted to VND from the unit in its header ("tỷ đồng" x 1e9, "triệu đồng"
  x 1e6, "nghìn đồng" x 1e3, else VND);
- city indicators: a year (not after the run's year), an indicator recognised from its words,
  a value 0..100 in percent ("23,4%" -> 23.4; a value is never rescaled: 0.234 stays 0.234).

`ward_raw` keeps the ward as written (with its district when there is a district column) when
it was not today's unit named directly (a pre-2025 name mapped by the converter, or a fuzzy
match), else null. An old ward split between several new wards is mapped whole to the
converter's default successor here; `legacy_ward_key` (the converter's key of the old ward,
`ward_apportionment.legacy_ward_key`, set for `legacy_ward` matches) lets dbt share its figures
between the successors (raw.ref_ward_apportionment). Several old wards merged into one new ward
give several rows with the same (year, ward_code, school_level): sum them, do not deduplicate.

A classroom-project list's `as_of_date` is the date its banner gives ("cập nhật đến 31/03/2026",
"số liệu tính đến ngày ...", above the header), else null: the date from which the classrooms
delivered by unfinished projects are known.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.lib.csv_files import CsvFileError
from orchestration.lib.dates import HCM, DateFormatError, parse_date
from orchestration.lib.excel import Header, WorkbookError, find_header, repeated_header
from orchestration.lib.excel_errors import error_reason, excel_error
from orchestration.lib.inbox import source_name
from orchestration.lib.numbers import NumberFormatError, parse_count, parse_number
from orchestration.lib.quarantine import Reject
from orchestration.lib.text import clean_text, fold_key
from orchestration.lib.unit_matching import UnitMatch, explain_ward
from orchestration.lib.value_bounds import bound_problem
from orchestration.lib.ward_apportionment import legacy_ward_key
from orchestration.readers import ReadResult
from orchestration.readers.feedback import Grid, canonical, file_grids, inbox_files

FAMILY = "infrastructure"
FOLDER = "infrastructure"
YEAR_RANGE = (2000, 2035)

WARD_STATISTICS_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
    "year": pl.Int64,
    "ward_raw": pl.String,
    "ward_code": pl.String,
    "ward_name": pl.String,
    "match_method": pl.String,
    "school_level": pl.String,
    "population_3_5": pl.Int64,
    "population_6_10": pl.Int64,
    "population_11_14": pl.Int64,
    "population_15_17": pl.Int64,
    "schools": pl.Int64,
    "schools_meeting_standard": pl.Int64,
    "classrooms": pl.Int64,
    "legacy_ward_key": pl.String,
}
CLASSROOM_PROJECTS_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
    "project_code": pl.String,
    "project_name": pl.String,
    "ward_code": pl.String,
    "school_level": pl.String,
    "classrooms_planned": pl.Int64,
    "funding": pl.String,
    "investment_vnd": pl.Float64,
    "start_date": pl.Date,
    "planned_completion": pl.Date,
    "actual_completion": pl.Date,
    "status": pl.String,
    "classrooms_delivered": pl.Int64,
    "as_of_date": pl.Date,
}
CITY_INDICATORS_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
    "year": pl.Int64,
    "indicator_code": pl.String,
    "indicator_name": pl.String,
    "value_pct": pl.Float64,
}

# Header aliases. Order matters where one alias is a prefix of another column's header:
# `find_header` gives a cell to the first column (in this order) whose alias starts it.
_LEVEL_HEADERS = ["cấp học", "bậc học", "cấp"]
_WARD_HEADERS = [
    "phường/xã",
    "phường, xã",
    "xã/phường",
    "phường/xã/đặc khu",
    "tên phường/xã",
    "đơn vị hành chính",
    "địa bàn",
    "địa điểm",
    "phường",
    "xã",
]
# The former district (before July 2025) a ward belonged to. Aliases are compared folded
# ('Quận / Huyện' -> 'quan huyen'), so the slash and comma variants are one alias each.
_DISTRICT_HEADERS = [
    "quận/huyện",
    "huyện/quận",
    "tên quận/huyện",
    "quận",
    "huyện",
    "thành phố/thị xã",
    "thị xã/thành phố",
    "thành phố",
    "thị xã",
]

WARD_STATISTICS_COLUMNS: dict[str, list[str]] = {
    "year": ["năm", "năm thống kê", "năm số liệu"],
    "schools_meeting_standard": [
        "số trường đạt chuẩn quốc gia",
        "trường đạt chuẩn quốc gia",
        "số trường đạt chuẩn",
        "trường đạt chuẩn",
        "đạt chuẩn quốc gia",
        "đạt chuẩn",
    ],
    "schools": ["số trường", "tổng số trường", "số cơ sở giáo dục", "số cơ sở"],
    "population_3_5": ["dân số 3-5", "dân số độ tuổi 3-5", "dân số từ 3-5", "dân số từ 3 đến 5", "trẻ 3-5"],
    "population_6_10": ["dân số 6-10", "dân số độ tuổi 6-10", "dân số từ 6-10", "dân số từ 6 đến 10", "trẻ 6-10"],
    "population_11_14": ["dân số 11-14", "dân số độ tuổi 11-14", "dân số từ 11-14", "dân số từ 11 đến 14", "trẻ 11-14"],
    "population_15_17": ["dân số 15-17", "dân số độ tuổi 15-17", "dân số từ 15-17", "dân số từ 15 đến 17", "trẻ 15-17"],
    "classrooms": [
        "số phòng học",
        "số phòng học đang sử dụng",
        "phòng học đang sử dụng",
        "tổng số phòng học",
        "phòng học",
    ],
    "school_level": _LEVEL_HEADERS,
    "ward": _WARD_HEADERS,
    "district": _DISTRICT_HEADERS,
    # Long format: the band in one column, its population in another. After the band columns:
    # 'Dân số độ tuổi 3-5' is the wide 3-5 column, 'Dân số độ tuổi' the long population. A
    # population column without a band column is not the long format and is left unread.
    "age_band": ["nhóm tuổi", "nhóm độ tuổi", "độ tuổi", "lứa tuổi"],
    "population": [
        "dân số trong độ tuổi",
        "dân số theo độ tuổi",
        "dân số độ tuổi",
        "dân số trong nhóm tuổi",
        "dân số theo nhóm tuổi",
        "dân số nhóm tuổi",
        "số dân trong độ tuổi",
        "số dân",
        "dân số",
    ],
}
CLASSROOM_PROJECTS_COLUMNS: dict[str, list[str]] = {
    "project_code": ["mã dự án", "mã công trình", "mã số dự án", "mã DA"],
    "project_name": ["tên dự án", "tên công trình", "dự án", "công trình"],
    "classrooms_delivered": [
        "số phòng học đã bàn giao",
        "phòng học đã bàn giao",
        "số phòng học bàn giao",
        "đã bàn giao",
        "số phòng học đã hoàn thành",
        "số phòng học hoàn thành",
        "số phòng học đưa vào sử dụng",
    ],
    "classrooms_planned": [
        "số phòng học kế hoạch",
        "số phòng học theo kế hoạch",
        "phòng học kế hoạch",
        "số phòng học dự kiến",
        "quy mô",
        "số phòng học",
    ],
    "funding": ["nguồn vốn", "hình thức đầu tư", "nguồn kinh phí", "loại vốn", "nguồn đầu tư"],
    "investment_vnd": ["tổng mức đầu tư", "vốn đầu tư", "kinh phí đầu tư", "tổng vốn", "mức đầu tư", "kinh phí"],
    "start_date": ["ngày khởi công", "khởi công", "ngày bắt đầu", "thời gian khởi công"],
    "planned_completion": [
        "ngày hoàn thành dự kiến",
        "hoàn thành dự kiến",
        "dự kiến hoàn thành",
        "ngày hoàn thành theo kế hoạch",
        "hoàn thành theo kế hoạch",
        "hoàn thành kế hoạch",
    ],
    "actual_completion": ["ngày hoàn thành thực tế", "hoàn thành thực tế", "thực tế hoàn thành", "ngày hoàn thành"],
    "status": ["trạng thái", "tình trạng", "tiến độ"],
    "school_level": _LEVEL_HEADERS,
    "ward": _WARD_HEADERS,
    "district": _DISTRICT_HEADERS,
}
CITY_INDICATORS_COLUMNS: dict[str, list[str]] = {
    "year": ["năm", "năm thống kê"],
    "indicator": ["chỉ tiêu", "tên chỉ tiêu", "chỉ số", "nội dung chỉ tiêu"],
    "value": ["giá trị", "tỷ lệ", "tỉ lệ", "kết quả", "số liệu"],
}

SCHOOL_LEVELS: dict[str, list[str]] = {
    "mam_non": ["mầm non", "MN", "mẫu giáo", "nhà trẻ", "giáo dục mầm non"],
    "tieu_hoc": ["tiểu học", "TH", "cấp 1", "cấp I"],
    "thcs": ["THCS", "trung học cơ sở", "cấp 2", "cấp II"],
    "thpt": ["THPT", "trung học phổ thông", "cấp 3", "cấp III"],
}
_LEVEL_BY_KEY = {fold_key(a): code for code, aliases in SCHOOL_LEVELS.items() for a in [code, *aliases]}

FUNDING: dict[str, list[str]] = {
    "public": ["ngân sách", "ngân sách nhà nước", "NSNN", "vốn ngân sách", "đầu tư công", "vốn đầu tư công"],
    "ppp": ["đối tác công tư", "PPP", "đối tác công tư (PPP)", "hợp tác công tư", "công tư"],
    "private": ["xã hội hóa", "tư nhân", "vốn xã hội hóa", "XHH", "vốn tư nhân"],
}
_FUNDING_WORDS = sorted(
    {(fold_key(a) or a, code) for code, aliases in FUNDING.items() for a in [code, *aliases]},
    key=lambda p: -len(p[0]),
)

# Long-format age bands: (first age, last age) -> the population column it fills.
AGE_BANDS: dict[tuple[int, int], str] = {
    (3, 5): "population_3_5",
    (6, 10): "population_6_10",
    (11, 14): "population_11_14",
    (15, 17): "population_15_17",
}
_BAND_WORDS = {"tu", "den", "tuoi", "nhom", "do", "lua", "tre"}
_ACCEPTED_BANDS = "3-5 tuổi, 6-10 tuổi, 11-14 tuổi or 15-17 tuổi"

# A former district's folded name starts with its kind; the abbreviations only before a space
# or a digit ('Q.3', 'Q3', 'TP Thủ Đức'), so that 'Hóc Môn' keeps its 'h'.
_DISTRICT_KIND = re.compile(r"^(?:thanh pho|thi xa|quan|huyen|tp|tx|q|h)(?:\s+|(?=\d))")
_PROVINCES = {
    "thanh pho ho chi minh",
    "tp ho chi minh",
    "tp hcm",
    "tphcm",
    "ho chi minh",
    "hcm",
    "tinh binh duong",
    "binh duong",
    "tinh ba ria vung tau",
    "ba ria vung tau",
}

_INVESTMENT_UNITS = (("ty", 1e9), ("ti", 1e9), ("trieu", 1e6), ("nghin", 1e3), ("ngan", 1e3))
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
# A cell that is only "Tổng cộng" (possibly "Tổng cộng toàn thành phố"), "Tổng", "Cộng"...
_TOTALS = re.compile(r"^(tong cong( .*)?|tong|cong|tong so|toan thanh pho)$")


def school_level(value: object) -> str | None:
    return _LEVEL_BY_KEY.get(fold_key(value) or "")


def age_band(value: object) -> str | None:
    """The population column a written age band fills: '3-5 tuổi', 'từ 3 đến 5 tuổi' -> population_3_5."""
    words = (fold_key(value) or "").split()
    ages = tuple(int(w) for w in words if w.isdigit())
    if len(ages) != 2 or any(not w.isdigit() and w not in _BAND_WORDS for w in words):
        return None
    return AGE_BANDS.get(ages)


def _district_key(text: str) -> str:
    """'Quận 03', 'Q.3', 'Q3' -> '3'; 'Thành phố Thủ Đức', 'TP. Thủ Đức' -> 'thuduc'."""
    folded = _DISTRICT_KIND.sub("", fold_key(text) or "")
    return re.sub(r"\b0+(?=\d)", "", folded).replace(" ", "")


def _names_a_district(part: str) -> bool:
    folded = fold_key(part) or ""
    return folded not in _PROVINCES and bool(_DISTRICT_KIND.match(folded))


def ward_with_district(ward: str, district: str | None) -> tuple[str, str | None]:
    """The ward text to resolve, '<ward>, <district>', and a reason when the two disagree.

    The district is not added again when the ward cell already names it ('Phường 6, Quận 3'
    or 'Phường 6 Quận 3' beside 'Quận 3'); it goes before a trailing province part.
    """
    if district is None:
        return ward, None
    parts = [p for p in (clean_text(x) for x in ward.split(",")) if p]
    key = _district_key(district)
    folded_district, folded_ward = fold_key(district) or "", fold_key(ward) or ""
    if any(_district_key(p) == key for p in parts[1:]) or (
        len(folded_district.split()) > 1 and folded_ward.endswith(" " + folded_district)
    ):
        return ward, None
    written = [p for p in parts[1:] if _names_a_district(p)]
    if written:
        return ward, f"the ward is written with the district {written[0]!r} but the district column says {district!r}"
    return ", ".join([parts[0], district, *parts[1:]]), None


def indicator_code(name: object) -> str | None:
    """Which of the plan's citywide indicators a written name is, from its words."""
    key = fold_key(name) or ""
    if key in {"workforce tertiary share", "stem student share"}:
        return key.replace(" ", "_")
    if "lao dong" in key and any(w in key for w in ("cao dang", "dai hoc", "trinh do")):
        return "workforce_tertiary_share"
    if any(w in key for w in ("khoa hoc co ban", "ky thuat", "cong nghe", "stem")):
        return "stem_student_share"
    return None


def investment_multiplier(header_label: str) -> float:
    """VND per unit written in the header: 'Tổng mức đầu tư (tỷ đồng)' -> 1e9."""
    words = (fold_key(header_label) or "").split()
    for word, factor in _INVESTMENT_UNITS:
        if word in words:
            return factor
    return 1.0


# ---------------------------------------------------------------- row parsing


class _Row:
    """The known cells of one data row and the problems found while reading them."""

    def __init__(self, cells: dict[str, object], header: Header):
        self.cells = dict(cells)
        self.header = header
        self.problems: list[tuple[str, object, str]] = []  # (column header, raw value, reason)
        # A cell holding an Excel error (#REF!, #N/A ...) is the row's problem in that column: it
        # is read as blank afterwards, and nothing else is said about the column.
        self.failed: set[str] = set()
        for canon, value in cells.items():
            if (token := excel_error(clean_text(value))) is not None:
                self.problem(canon, error_reason(token), raw=token)
                self.failed.add(canon)
                self.cells[canon] = None

    def text(self, canon: str) -> str | None:
        return clean_text(self.cells.get(canon))

    def problem(self, canon: str | None, reason: str, raw: object = None, column: str | None = None) -> None:
        """A problem in column `canon`; `raw` and `column` replace its cell and header when given."""
        if canon in self.failed:
            return
        if column is None:
            column = clean_text(self.header.labels.get(canon, canon)) if canon else None
        if raw is None:
            raw = self.text(canon) if canon else None
        self.problems.append((column, raw, reason))

    def count(self, canon: str, label: str, required: bool = False) -> int | None:
        try:
            value = parse_count(self.cells.get(canon))
        except NumberFormatError as exc:
            self.problem(canon, f"{label}: {exc}")
            return None
        if value is None and required:
            self.problem(canon, f"{label} is empty")
        if (problem := bound_problem(FAMILY, canon, value)) is not None:
            self.problem(canon, problem)
            return None
        return value

    def date(self, canon: str, label: str) -> dt.date | None:
        try:
            return parse_date(self.cells.get(canon))
        except DateFormatError as exc:
            self.problem(canon, f"{label}: {exc}")
            return None

    def year(self, canon: str, fallback: int | None = None) -> int | None:
        if canon not in self.cells:
            return fallback
        raw = self.text(canon)
        try:
            value = parse_count(raw)
        except NumberFormatError:
            value = None
        if value is None or not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            self.problem(canon, f"expected a year from {YEAR_RANGE[0]} to {YEAR_RANGE[1]} such as 2025")
            return None
        return value

    def level(self, required: bool) -> str | None:
        raw = self.text("school_level")
        if raw is None:
            if required:
                self.problem("school_level", "the school level (cấp học) is empty")
            return None
        found = school_level(raw)
        if found is None:
            self.problem("school_level", "unknown school level; expected Mầm non, Tiểu học, THCS or THPT")
        return found

    def ward(self, required: bool) -> tuple[UnitMatch | None, str | None]:
        """Today's unit and the text it was resolved from (the ward with its former district)."""
        raw = self.text("ward")
        district = self.text("district")
        if raw is None:
            if required:
                self.problem("ward", "the ward (phường/xã) is empty")
            return None, None
        written, conflict = ward_with_district(raw, district)
        column = None
        if district is not None:
            column = f"{clean_text(self.header.labels['ward'])} + {clean_text(self.header.labels['district'])}"
        if conflict is not None:
            self.problem("ward", conflict, raw=f"{raw} | {district}", column=column)
            return None, written
        resolution = explain_ward(written)
        if resolution.match is None:
            self.problem(
                "ward",
                f"the ward cannot be resolved to one of today's units: {resolution.reason}",
                raw=written,
                column=column,
            )
        return resolution.match, written

    def band_population(self, counts: dict[str, int | None]) -> None:
        """Long format: put the population column's count in the column of the row's age band."""
        if "age_band" not in self.cells:
            return
        population = self.count("population", "population of the age band")
        raw = self.text("age_band")
        if raw is None:
            if population is not None:
                self.problem("age_band", "the age band (nhóm tuổi) is empty but its population is filled")
            return
        band = age_band(raw)
        if band is None:
            self.problem("age_band", f"unknown age band {raw!r}; expected {_ACCEPTED_BANDS}")
            return
        if population is None:
            return
        if counts[band] is not None and counts[band] != population:
            self.problem(
                "population",
                f"the population of {raw} is {population} here but {counts[band]} in the column "
                f"{clean_text(self.header.labels[band])!r}",
            )
            return
        counts[band] = population


def _ward_statistics_row(row: _Row, year_fallback: int | None) -> dict[str, object] | None:
    year = row.year("year", year_fallback)
    match, written = row.ward(required=True)
    level = row.level(required=True)
    counts = {
        "population_3_5": row.count("population_3_5", "population aged 3-5"),
        "population_6_10": row.count("population_6_10", "population aged 6-10"),
        "population_11_14": row.count("population_11_14", "population aged 11-14"),
        "population_15_17": row.count("population_15_17", "population aged 15-17"),
        "schools": row.count("schools", "schools"),
        "schools_meeting_standard": row.count("schools_meeting_standard", "schools meeting the national standard"),
        "classrooms": row.count("classrooms", "classrooms"),
    }
    row.band_population(counts)
    schools, meeting = counts["schools"], counts["schools_meeting_standard"]
    if schools is not None and meeting is not None and meeting > schools:
        row.problem(
            "schools_meeting_standard",
            f"{meeting} schools meeting the national standard is more than the {schools} schools",
        )
    if row.problems or match is None:
        return None
    return {
        "year": year,
        "ward_raw": written if match.method in {"legacy_ward", "fuzzy"} else None,
        "ward_code": match.unit_code,
        "ward_name": match.unit_name,
        "match_method": match.method,
        "school_level": level,
        **counts,
        "legacy_ward_key": legacy_ward_key(written) if match.method == "legacy_ward" else None,
    }


def _classroom_project_row(row: _Row, seen: dict[str, str], where: str, today: dt.date) -> dict[str, object] | None:
    code = row.text("project_code")
    if code is None:
        row.problem("project_code", "the project code (mã dự án) is empty")
    elif code in seen:
        row.problem("project_code", f"the project code appears again in this file (first on {seen[code]})")
    else:
        seen[code] = where
    match, _written = row.ward(required=False)
    level = row.level(required=False)
    planned = row.count("classrooms_planned", "classrooms planned", required=True)
    delivered = row.count("classrooms_delivered", "classrooms delivered")
    funding = None
    if (funding_raw := row.text("funding")) is not None:
        funding = canonical(funding_raw, _FUNDING_WORDS)
        if funding is None:
            row.problem("funding", "unknown funding; expected Ngân sách, Đối tác công tư (PPP) or Xã hội hóa / tư nhân")
    investment = None
    try:
        number = parse_number(row.cells.get("investment_vnd"))
        if number is not None:
            if number < 0:
                row.problem("investment_vnd", f"the investment is negative ({number:g})")
            investment = number * investment_multiplier(row.header.labels.get("investment_vnd", ""))
            if number >= 0 and (problem := bound_problem(FAMILY, "investment_vnd", investment)) is not None:
                row.problem("investment_vnd", problem)
    except NumberFormatError as exc:
        row.problem("investment_vnd", f"investment: {exc}")
    dates = {
        "start_date": row.date("start_date", "start date"),
        "planned_completion": row.date("planned_completion", "planned completion date"),
        "actual_completion": row.date("actual_completion", "actual completion date"),
    }
    if dates["actual_completion"] is not None and dates["actual_completion"] > today:
        row.problem(
            "actual_completion",
            f"the actual completion date {dates['actual_completion']:%d/%m/%Y} is after this run ({today:%d/%m/%Y}): "
            "a project not yet finished has a planned completion date only",
        )
    if row.problems:
        return None
    return {
        "project_code": code,
        "project_name": row.text("project_name"),
        "ward_code": match.unit_code if match else None,
        "school_level": level,
        "classrooms_planned": planned,
        "funding": funding,
        "investment_vnd": investment,
        **dates,
        "status": row.text("status"),
        "classrooms_delivered": delivered,
    }


def _city_indicator_row(row: _Row) -> dict[str, object] | None:
    year = row.year("year")
    name = row.text("indicator")
    code = indicator_code(name)
    if name is None:
        row.problem("indicator", "the indicator (chỉ tiêu) is empty")
    elif code is None:
        row.problem(
            "indicator",
            "unknown indicator; expected the share of the workforce with a college or university "
            "degree, or the share of students in basic sciences, engineering and technology",
        )
    value = None
    try:
        value = parse_number(row.cells.get("value"))
        if value is None:
            row.problem("value", "the value is empty")
        elif not 0 <= value <= 100:
            row.problem("value", f"expected a percentage from 0 to 100, got {value:g}")
    except NumberFormatError as exc:
        row.problem("value", f"value: {exc}")
    if row.problems:
        return None
    return {"year": year, "indicator_code": code, "indicator_name": name, "value_pct": value}


# ---------------------------------------------------------------- kinds and files


@dataclass(frozen=True)
class _Kind:
    table: str
    columns: dict[str, list[str]]
    required: set[str]
    label: str


# Most specific first: a project list also has wards, levels and classrooms.
KINDS = (
    _Kind(
        "classroom_projects", CLASSROOM_PROJECTS_COLUMNS, {"project_code", "classrooms_planned"}, "classroom projects"
    ),
    _Kind("city_indicators", CITY_INDICATORS_COLUMNS, {"year", "indicator", "value"}, "city indicators"),
    _Kind("ward_statistics", WARD_STATISTICS_COLUMNS, {"ward", "school_level", "classrooms"}, "ward statistics"),
)


# "cập nhật đến 31/03/2026", "số liệu tính đến ngày 31/3/2026", "đến ngày 31.03.2026", folded.
_AS_OF = re.compile(r"\b(?:den|toi) (?:ngay )?(\d{1,2}) (\d{1,2}) (\d{4})\b")


def banner_date(grid: Grid, header: Header) -> dt.date | None:
    """The 'as of' date a banner above the header gives, or None (an impossible date is None)."""
    for values in grid.frame.slice(0, header.row_index).rows():
        for value in values:
            if (match := _AS_OF.search(fold_key(value) or "")) is not None:
                try:
                    return dt.date(int(match[3]), int(match[2]), int(match[1]))
                except ValueError:
                    return None
    return None


def _detect(grid: Grid) -> tuple[_Kind, Header] | None:
    for kind in KINDS:
        header = find_header(grid.frame, kind.columns, kind.required)
        if header is not None:
            return kind, header
    return None


def _refusal(kind: _Kind, header: Header, year_fallback: int | None) -> str | None:
    """Why a sheet with a known header cannot be read at all, or None."""
    if kind.table != "ward_statistics":
        return None
    if "year" not in header.columns and year_fallback is None:
        return "ward statistics without a year column (Năm) and without a single year such as 2025 in the file name"
    if "age_band" in header.columns and "population" not in header.columns:
        return (
            f"ward statistics with an age band column ({clean_text(header.labels['age_band'])}) but no "
            "population column beside it (Dân số trong độ tuổi)"
        )
    return None


def _read_grid(
    grid: Grid,
    kind: _Kind,
    header: Header,
    source_file: str,
    year_fallback: int | None,
    seen_projects: dict[str, str],
    today: dt.date,
) -> tuple[list[dict[str, object]], list[Reject], int]:
    known = list(header.columns)
    start = header.row_index + 1
    rows = grid.frame.slice(start).select([header.columns[c] for c in known]).rows()
    loaded, rejects, read = [], [], 0
    for row_number, values in zip(grid.row_numbers[start:], rows):
        cells = dict(zip(known, values))
        if all(clean_text(v) is None for v in cells.values()):
            continue
        read += 1
        row = _Row(cells, header)
        totals = next((c for c, v in cells.items() if _TOTALS.match(fold_key(v) or "")), None)
        if totals is not None:
            row.problem(totals, "a totals row, not data: totals are computed in the warehouse")
            record = None
        elif kind.table == "ward_statistics":
            record = _ward_statistics_row(row, year_fallback)
        elif kind.table == "classroom_projects":
            where = f"row {row_number}" if grid.sheet is None else f"sheet {grid.sheet!r} row {row_number}"
            record = _classroom_project_row(row, seen_projects, where, today)
        else:
            record = _city_indicator_row(row)
        if record is not None and (record.get("year") or 0) > today.year:
            # A statistic or indicator is counted after its year: one for a year to come is a typo.
            row.problem(
                "year" if "year" in cells else None,
                f"the figures are for {record['year']}, a year that has not come (this run: {today:%d/%m/%Y})",
                raw=str(record["year"]),
            )
            record = None
        if record is None:
            for column, raw, reason in row.problems:
                rejects.append(
                    Reject(
                        FAMILY,
                        source_file,
                        reason,
                        source_sheet=grid.sheet,
                        source_row=row_number,
                        source_column=column,
                        raw_value=raw,
                    )
                )
            continue
        loaded.append({"source_file": source_file, "source_sheet": grid.sheet, "source_row": row_number, **record})
    return loaded, rejects, read


def read_infrastructure(inbox: Path, today: dt.date | None = None) -> ReadResult:
    """Read every file in `inbox/infrastructure/` into the three infrastructure tables; `today` is
    the run's date (an actual completion after it is refused)."""
    today = today or dt.datetime.now(HCM).date()
    tables: dict[str, list[dict[str, object]]] = {k.table: [] for k in KINDS}
    rejects: list[Reject] = []
    counts: dict[str, tuple[int, int, int]] = {}
    for path in inbox_files(inbox, FOLDER):
        source_file = source_name(path, inbox)
        try:
            grids = file_grids(path, inbox)
        except (CsvFileError, WorkbookError) as exc:
            rejects.append(Reject(FAMILY, source_file, reason=f"file refused: {exc}"))
            counts[source_file] = (0, 0, 0)
            continue
        years = set(_YEAR_IN_NAME.findall(path.stem))
        year_fallback = int(years.pop()) if len(years) == 1 else None
        read = loaded = rejected = 0
        found: list[str] = []
        seen_projects: dict[str, str] = {}  # project code -> where it first appears in the file
        detections = [(grid, _detect(grid)) for grid in grids]
        headed = [(g, d) for g, d in detections if d is not None]
        if grids and grids[0].sheet is None:  # a CSV parsed with ',' then ';': the first parse with a header
            headed = headed[:1]
        repeated = next(((g, r) for g, d in headed if (r := repeated_header(d[1], g.sheet is not None))), None)
        if repeated is not None:
            grid, (label, reason) = repeated
            rejects.append(
                Reject(FAMILY, source_file, f"file refused: {reason}", source_sheet=grid.sheet, source_column=label)
            )
            counts[source_file] = (0, 0, 0)
            continue
        for grid, detected in detections:
            if detected is None:
                continue
            kind, header = detected
            refusal = _refusal(kind, header, year_fallback)
            if refusal is not None:
                rejects.append(Reject(FAMILY, source_file, source_sheet=grid.sheet, reason=f"sheet refused: {refusal}"))
                found.append(kind.label)
                continue
            found.append(kind.label)
            rows, row_rejects, n = _read_grid(grid, kind, header, source_file, year_fallback, seen_projects, today)
            if kind.table == "classroom_projects":
                as_of = banner_date(grid, header)
                rows = [{**r, "as_of_date": as_of} for r in rows]
            tables[kind.table] += rows
            rejects += row_rejects
            read += n
            loaded += len(rows)
            rejected += len({r.source_row for r in row_rejects})
            if grid.sheet is None:
                break  # a CSV parsed with ',' then ';': the first parse with a header wins
        if not found:
            rejects.append(
                Reject(
                    FAMILY,
                    source_file,
                    reason="file refused: no sheet has the header of ward statistics (phường/xã, "
                    "cấp học, số phòng học), classroom projects (mã dự án, số phòng học) or city "
                    "indicators (năm, chỉ tiêu, giá trị) in its first 10 rows",
                )
            )
        counts[source_file] = (read, loaded, rejected)
    schemas = {
        "ward_statistics": WARD_STATISTICS_SCHEMA,
        "classroom_projects": CLASSROOM_PROJECTS_SCHEMA,
        "city_indicators": CITY_INDICATORS_SCHEMA,
    }
    return ReadResult.build(
        {name: pl.DataFrame(rows, schema=schemas[name]) for name, rows in tables.items()},
        rejects,
        counts,
    )


__all__ = [
    "read_infrastructure",
    "WARD_STATISTICS_SCHEMA",
    "CLASSROOM_PROJECTS_SCHEMA",
    "CITY_INDICATORS_SCHEMA",
    "school_level",
    "age_band",
    "ward_with_district",
    "indicator_code",
    "investment_multiplier",
    "banner_date",
]
