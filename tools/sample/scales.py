"""How much of the sample inbox to write: `tiny` for fast tests, `small` for the committed inbox.

A scale only sizes and selects; what a file looks like and where the deliberate mess goes is
decided in the family modules, so a larger scale keeps every kind of mess the smaller one has.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class School:
    name: str
    code: str
    level: str  # Mầm non | Tiểu học | THCS | THPT
    ward: str  # today's name of the ward the school is in
    periods: tuple[int, ...]  # indexes into the school year's quarterly periods


@dataclass(frozen=True)
class Scale:
    name: str
    # None = every department that leads at least one task (the expected reporters).
    departments: tuple[str, ...] | None
    # (today's ward name, indexes of the quarterly periods it reports for)
    ward_reports: tuple[tuple[str, tuple[int, ...]], ...]
    schools: tuple[School, ...]
    activities_per_report: tuple[int, int]
    activities_year_end: tuple[int, int]
    press_stories_per_month: tuple[int, int]
    fanpage_posts: dict[str, tuple[int, int]]  # page key -> posts per period (min, max)
    web_pages: dict[str, int]  # site key -> how many pages of the site appear in the export
    survey_responses: tuple[int, int]
    feedback_rows: tuple[int, int]  # (CSV log, xlsx log)
    legacy_wards_2024: int  # pre-merger wards listed in ward_statistics_<year-1>.csv
    classroom_projects: int


_SCHOOLS = (
    School("Trường THPT Nguyễn Thị Minh Khai", "THPT-NTMK", "THPT", "Phường Xuân Hòa", (0, 1, 2)),
    School("Trường THCS Trần Văn Ơn", "THCS-TVO", "THCS", "Phường Sài Gòn", (1, 2)),
    School("Trường Tiểu học Nguyễn Bỉnh Khiêm", "TH-NBK", "Tiểu học", "Phường Sài Gòn", (0,)),
)

SCALES: dict[str, Scale] = {
    "tiny": Scale(
        name="tiny",
        departments=("HSSV", "VP", "KHTC", "GDPT"),
        ward_reports=(("Phường Bến Thành", (0, 1)), ("Phường Sài Gòn", (1, 2))),
        schools=(_SCHOOLS[0],),
        activities_per_report=(3, 6),
        activities_year_end=(4, 7),
        press_stories_per_month=(3, 4),
        fanpage_posts={"so": (6, 9), "ntmk": (3, 5)},
        web_pages={"so": 4, "ntmk": 3},
        survey_responses=(12, 18),
        feedback_rows=(6, 6),
        legacy_wards_2024=8,
        classroom_projects=6,
    ),
    "small": Scale(
        name="small",
        departments=None,
        ward_reports=(
            ("Phường Bến Thành", (0, 1, 2)),
            ("Phường Sài Gòn", (0, 1, 2)),
            ("Xã Cần Giờ", (0, 1)),
            ("Đặc khu Côn Đảo", (1, 2)),
            ("Phường Thủ Dầu Một", (0, 2)),
        ),
        schools=_SCHOOLS,
        activities_per_report=(8, 18),
        activities_year_end=(18, 25),
        press_stories_per_month=(18, 24),
        fanpage_posts={"so": (45, 65), "ntmk": (15, 25)},
        web_pages={"so": 10, "ntmk": 6},
        survey_responses=(80, 140),
        feedback_rows=(40, 42),
        legacy_wards_2024=60,
        classroom_projects=30,
    ),
    # "city": a whole school year of the city, written by tools/sample/city.py
    # with the fast writers of tools/bench/: 3,700 units x (3 quarters + year end),
    # 200,000 press items, 50,001 fanpage posts, 2,000,000 GA4 rows, 500,000 survey responses
    # x 20 questions, 50,000 feedback records. Only the fields the family writers it reuses read
    # (fanpage, feedback, infrastructure, the workbooks' activity counts) matter here.
    "city": Scale(
        name="city",
        departments=None,
        ward_reports=(),
        schools=(),
        activities_per_report=(20, 200),
        activities_year_end=(18, 25),
        press_stories_per_month=(0, 0),  # city.py writes exactly 20,000 items a month
        fanpage_posts={"so": (11_667, 11_667), "ntmk": (5_000, 5_000)},  # x 3 periods = 50,001
        web_pages={"so": 12, "ntmk": 6},
        survey_responses=(0, 0),  # city.py writes 3 exports of about 166,667 responses
        feedback_rows=(25_000, 25_000),
        legacy_wards_2024=60,
        classroom_projects=30,
    ),
}
