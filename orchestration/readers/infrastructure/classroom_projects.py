"""Classroom projects: the city's projects building classrooms, one row per project.

Rules, per data row, besides those of `rows.Row`: a project code (once per file), classrooms
planned, a known funding (public | ppp | private, blank stays null), known school level and ward
when filled, dates (an actual completion no later than the run's date), non-negative counts and
investment. The investment is converted to VND from the unit in its header ("tỷ đồng" x 1e9,
"triệu đồng" x 1e6, "nghìn đồng" x 1e3, else VND).

A list's `as_of_date` is the date its banner gives ("cập nhật đến 31/03/2026", "số liệu tính đến
ngày ...", above the header), else null: the date from which the classrooms delivered by
unfinished projects are known.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from orchestration.domain.numbers import NumberFormatError, parse_number
from orchestration.domain.text import fold_key
from orchestration.domain.value_bounds import bound_problem
from orchestration.formats.excel import Header
from orchestration.readers.feedback import Grid, canonical
from orchestration.readers.infrastructure.rows import (
    DISTRICT_HEADERS,
    FAMILY,
    LEVEL_HEADERS,
    WARD_HEADERS,
    Row,
)

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
    "school_level": LEVEL_HEADERS,
    "ward": WARD_HEADERS,
    "district": DISTRICT_HEADERS,
}

FUNDING: dict[str, list[str]] = {
    "public": ["ngân sách", "ngân sách nhà nước", "NSNN", "vốn ngân sách", "đầu tư công", "vốn đầu tư công"],
    "ppp": ["đối tác công tư", "PPP", "đối tác công tư (PPP)", "hợp tác công tư", "công tư"],
    "private": ["xã hội hóa", "tư nhân", "vốn xã hội hóa", "XHH", "vốn tư nhân"],
}
_FUNDING_WORDS = sorted(
    {(fold_key(a) or a, code) for code, aliases in FUNDING.items() for a in [code, *aliases]},
    key=lambda p: -len(p[0]),
)


_INVESTMENT_UNITS = (("ty", 1e9), ("ti", 1e9), ("trieu", 1e6), ("nghin", 1e3), ("ngan", 1e3))


def investment_multiplier(header_label: str) -> float:
    """VND per unit written in the header: 'Tổng mức đầu tư (tỷ đồng)' -> 1e9."""
    words = (fold_key(header_label) or "").split()
    for word, factor in _INVESTMENT_UNITS:
        if word in words:
            return factor
    return 1.0


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


def classroom_project_row(row: Row, seen: dict[str, str], where: str, today: dt.date) -> dict[str, object] | None:
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
