"""Ward statistics: per year, ward and school level, the population of school age, schools
(and those meeting the national standard) and classrooms.

Rules, per data row, besides those of `rows.Row`: the year (a column, or the only 20xx in the
file name when there is no year column; not after the run's year), the ward (required; totals
rows are rejected), the school level (required), whole non-negative counts, and schools meeting
the national standard not above schools. The population bands are loaded as filled (often only
the band of the row's level). They come either wide, one column per band ("Dân số 3-5 tuổi",
...), or long, an age band column ("Nhóm tuổi": "3-5 tuổi", "từ 6 đến 10 tuổi", ...) with the
band's population in the next ("Dân số trong độ tuổi"); an unknown band rejects the row, and a
band column without a population column refuses the sheet.

`ward_raw` keeps the ward as written (with its district when there is a district column) when
it was not today's unit named directly (a pre-2025 name mapped by the converter, or a fuzzy
match), else null. An old ward split between several new wards is mapped whole to the
converter's default successor here; `legacy_ward_key` (the converter's key of the old ward,
`ward_apportionment.legacy_ward_key`, set for `legacy_ward` matches) lets dbt share its figures
between the successors (raw.ref_ward_apportionment). Several old wards merged into one new ward
give several rows with the same (year, ward_code, school_level): sum them, do not deduplicate.
"""

from __future__ import annotations

import polars as pl

from orchestration.domain.text import clean_text, fold_key
from orchestration.domain.ward_apportionment import legacy_ward_key
from orchestration.formats.excel import Header
from orchestration.readers.infrastructure.rows import DISTRICT_HEADERS, LEVEL_HEADERS, WARD_HEADERS, Row

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
    "school_level": LEVEL_HEADERS,
    "ward": WARD_HEADERS,
    "district": DISTRICT_HEADERS,
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

# Long-format age bands: (first age, last age) -> the population column it fills.
AGE_BANDS: dict[tuple[int, int], str] = {
    (3, 5): "population_3_5",
    (6, 10): "population_6_10",
    (11, 14): "population_11_14",
    (15, 17): "population_15_17",
}
_BAND_WORDS = {"tu", "den", "tuoi", "nhom", "do", "lua", "tre"}
_ACCEPTED_BANDS = "3-5 tuổi, 6-10 tuổi, 11-14 tuổi or 15-17 tuổi"


def age_band(value: object) -> str | None:
    """The population column a written age band fills: '3-5 tuổi', 'từ 3 đến 5 tuổi' -> population_3_5."""
    words = (fold_key(value) or "").split()
    ages = tuple(int(w) for w in words if w.isdigit())
    if len(ages) != 2 or any(not w.isdigit() and w not in _BAND_WORDS for w in words):
        return None
    return AGE_BANDS.get(ages)


def band_population(row: Row, counts: dict[str, int | None]) -> None:
    """Long format: put the population column's count in the column of the row's age band."""
    if "age_band" not in row.cells:
        return
    population = row.count("population", "population of the age band")
    raw = row.text("age_band")
    if raw is None:
        if population is not None:
            row.problem("age_band", "the age band (nhóm tuổi) is empty but its population is filled")
        return
    band = age_band(raw)
    if band is None:
        row.problem("age_band", f"unknown age band {raw!r}; expected {_ACCEPTED_BANDS}")
        return
    if population is None:
        return
    if counts[band] is not None and counts[band] != population:
        row.problem(
            "population",
            f"the population of {raw} is {population} here but {counts[band]} in the column "
            f"{clean_text(row.header.labels[band])!r}",
        )
        return
    counts[band] = population


def refusal(header: Header, year_fallback: int | None) -> str | None:
    """Why a ward-statistics sheet cannot be read at all, or None."""
    if "year" not in header.columns and year_fallback is None:
        return "ward statistics without a year column (Năm) and without a single year such as 2025 in the file name"
    if "age_band" in header.columns and "population" not in header.columns:
        return (
            f"ward statistics with an age band column ({clean_text(header.labels['age_band'])}) but no "
            "population column beside it (Dân số trong độ tuổi)"
        )
    return None


def ward_statistics_row(row: Row, year_fallback: int | None) -> dict[str, object] | None:
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
    band_population(row, counts)
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
