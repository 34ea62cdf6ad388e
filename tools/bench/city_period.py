"""A city-scale reporting period of unit reports: the 10 departments, the 168 wards and thousands
of schools each sending one workbook for 2026-Q1, plus the receipt log (sources.md §1).

Workbooks are written by the sample generator's own writer (`sample.unit_report_workbook`) with
its content builders, so they carry the same template and the same mess as the sample inbox:
banners above the header, reworded and reordered columns, dd/mm/yyyy and ISO text dates, Excel
date cells, "12.500" counts, "38,5%" completion, hidden list sheets, trailing blank rows, NFD
text, "P. Bến Thành" short ward names. No deliberately bad row is written: every file should
load with zero rejects, which is what the benchmark checks before it trusts a timing.
Everything depends only on the seed; each unit has its own random streams.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tools.sample.context import Context, at, slug
from tools.sample.people import email, full_name, phone
from tools.sample.scales import SCALES
from tools.sample.unit_report_workbook import Report, Reporter, Style, write_workbook

# The sample's content builders (titles, links, metrics, assessments, incidents by task and
# unit kind): private to the sample, reused rather than copied so both inboxes read alike.
from tools.sample.unit_reports import STYLES, _activities, _evaluations, _incidents
from tools.sample.writers import csv_text, write_text

FOLDER = "unit_reports"
SCHOOL_YEAR = "2025-2026"
SLOT = "1"  # the school year's second window: 2026-Q1, 15/12/2025 - 14/03/2026
ACTIVITY_ROWS = (20, 200)  # HoatDong rows per workbook, drawn uniformly
MANIFEST = ".bench.json"  # beside unit_reports/, so no reader ever sees it

# The city's reporting units (domain README): 10 departments, 168 wards, about 3,541 schools.
CITY_DEPARTMENTS = 10
CITY_WARDS = 168
# School levels as named, code prefix, and the March-2026 counts that weight them (the domain
# README gives none for continuing-education centres: 103 is a guess).
SCHOOL_LEVELS: tuple[tuple[str, str, int], ...] = (
    ("Trường Mầm non", "MN", 1832),
    ("Trường Tiểu học", "TH", 822),
    ("Trường THCS", "THCS", 494),
    ("Trường THPT", "THPT", 290),
    ("Trung tâm GDNN-GDTX", "GDTX", 103),
)
PRESCHOOL_NAMES = (
    "Hoa Sen",
    "Hoa Mai",
    "Hoa Hồng",
    "Hoa Lan",
    "Hoa Cúc",
    "Hoa Phượng",
    "Sơn Ca",
    "Họa Mi",
    "Vành Khuyên",
    "Hướng Dương",
    "Tuổi Thơ",
    "Măng Non",
    "Rạng Đông",
    "Bình Minh",
    "Ánh Dương",
    "Sao Mai",
    "Mầm Xanh",
    "Tuổi Ngọc",
    "Bông Hồng",
    "Thỏ Ngọc",
    "Búp Sen Hồng",
    "Hoa Anh Đào",
)
PEOPLE_NAMES = (
    "Lê Quý Đôn",
    "Nguyễn Du",
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Nguyễn Trãi",
    "Quang Trung",
    "Lý Thường Kiệt",
    "Trần Quốc Toản",
    "Võ Thị Sáu",
    "Nguyễn Thị Minh Khai",
    "Lê Văn Tám",
    "Kim Đồng",
    "Nguyễn Văn Trỗi",
    "Phan Bội Châu",
    "Phan Chu Trinh",
    "Chu Văn An",
    "Nguyễn Đình Chiểu",
    "Trương Định",
    "Hai Bà Trưng",
    "Bà Triệu",
    "Ngô Quyền",
    "Lý Tự Trọng",
    "Nguyễn An Ninh",
    "Huỳnh Thúc Kháng",
    "Trần Quang Khải",
    "Lê Hồng Phong",
    "Nguyễn Khuyến",
    "Tô Hiến Thành",
    "Hùng Vương",
    "Võ Văn Kiệt",
    "Nguyễn Bỉnh Khiêm",
    "Lương Thế Vinh",
    "Mạc Đĩnh Chi",
    "Nguyễn Hiền",
    "Trần Văn Ơn",
    "Đoàn Thị Điểm",
    "Bùi Thị Xuân",
    "Nguyễn Gia Thiều",
    "Phạm Ngũ Lão",
    "Lê Anh Xuân",
    "Nguyễn Văn Cừ",
    "Trần Phú",
    "Hoàng Hoa Thám",
    "Ngô Thời Nhiệm",
    "Tôn Đức Thắng",
    "Lê Thánh Tông",
    "Yết Kiêu",
    "Phan Đình Phùng",
    "Đinh Tiên Hoàng",
)
# How schools fill the template in: as issued, or in one of the ways the sample's units do.
SCHOOL_STYLES: tuple[Style, ...] = (
    Style(),
    Style(banner="school", dates="dmy", thousands_text=0.5, percent_text=True, incidents_sheet="sometimes"),
    Style(layout="reworded", dates="dmy", task_formats=("nv_code", "code"), incidents_sheet="never"),
    Style(layout="reordered", dates="iso", task_formats=("row",), hidden_lists=True, trailing_blank_rows=6),
    Style(banner="school", dates="mixed", thousands_text=0.3, task_formats=("code", "nv_row"), incidents_sheet="never"),
)


@dataclass(frozen=True)
class Unit:
    """One workbook to write: who sends it, in which style, under which name, received when."""

    reporter: Reporter
    file: str
    received: dt.datetime
    quirks: frozenset[str]


@lru_cache(maxsize=4)
def context(seed: int) -> Context:
    scale = dataclasses.replace(SCALES["small"], name="city", activities_per_report=ACTIVITY_ROWS)
    return Context(seed=seed, school_year=SCHOOL_YEAR, scale=scale)


def city_mix(total: int) -> tuple[int, int, int]:
    """(departments, wards, schools) for `total` workbooks: the whole city at about 3,700, and at
    least one of each kind (when there is room) for a handful."""
    if total < 1:
        raise ValueError(f"expected at least one workbook, got {total}")
    share = total / (CITY_DEPARTMENTS + CITY_WARDS + sum(n for *_, n in SCHOOL_LEVELS))
    departments = min(CITY_DEPARTMENTS, max(1, math.ceil(CITY_DEPARTMENTS * share)), total)
    wards = min(CITY_WARDS, max(1, math.ceil(CITY_WARDS * share)), total - departments)
    return departments, wards, total - departments - wards


def _schools(ctx: Context, rng: random.Random, count: int) -> list[Reporter]:
    weights = [n for *_, n in SCHOOL_LEVELS]
    numbers: dict[tuple[str, str], int] = {}
    out = []
    for _ in range(count):
        level, prefix, _n = rng.choices(SCHOOL_LEVELS, weights=weights)[0]
        ward = rng.choice(ctx.wards)
        if prefix == "GDTX":
            base = ward.short
        else:
            pool = PRESCHOOL_NAMES if prefix == "MN" else PEOPLE_NAMES
            base = ward.short if rng.random() < 0.25 else rng.choice(pool)
        numbers[prefix, ward.code] = number = numbers.get((prefix, ward.code), 0) + 1
        name = f"{level} {base}"
        code = f"{prefix}-{ward.code}-{number:02d}"
        style = rng.choice(SCHOOL_STYLES)
        out.append(Reporter("school", code, name, (), ("2.15",), (SLOT,), style, ward=ward.name, school=name))
    return out


def city_units(seed: int, total: int) -> list[Unit]:
    """The workbooks of the period, in a fixed order (departments, wards, schools)."""
    ctx = context(seed)
    rng = ctx.rng("bench", "units", total)
    n_departments, n_wards, n_schools = city_mix(total)
    reporters = []
    for code in sorted(rng.sample(sorted(ctx.departments), n_departments), key=list(ctx.departments).index):
        lead, coordinating = ctx.roles[code]
        reporters.append(
            Reporter(
                "department",
                code,
                ctx.departments[code],
                tuple(lead),
                tuple(coordinating),
                (SLOT,),
                STYLES.get(code, Style()),
            )
        )
    for ward in sorted(rng.sample(ctx.wards, n_wards), key=lambda w: w.code):
        reporters.append(Reporter("ward", ward.code, ward.name, (), ("2.15",), (SLOT,), STYLES["ward"], ward=ward.name))
    reporters += _schools(ctx, rng, n_schools)

    period = ctx.periods[int(SLOT)]
    units = []
    for rep in reporters:
        unit_rng = ctx.rng("bench", "receipt", rep.code)
        # Most arrive in the week before the deadline; a few are late (late is not a reject).
        days = -unit_rng.randint(1, 8) if unit_rng.random() < 0.95 else unit_rng.randint(0, 3)
        received = at(
            period.deadline + dt.timedelta(days=days),
            unit_rng.randint(7, 17),
            unit_rng.randrange(60),
            unit_rng.randrange(60),
        )
        quirks = set()
        if unit_rng.random() < 0.03:
            quirks.add("nfd")  # saved on a Mac
        if rep.kind == "ward" and rep.name.startswith("Phường ") and unit_rng.random() < 0.1:
            quirks.add("short_name")  # "P. Bến Thành"
        units.append(Unit(rep, f"{period.key}_{rep.code}_{slug(rep.name)}.xlsx", received, frozenset(quirks)))
    return units


def _report(ctx: Context, unit: Unit) -> Report:
    rep = unit.reporter
    rng = ctx.rng("bench", "content", rep.code)
    report = Report(rep, SLOT, unit.file, unit.received, set(unit.quirks))
    report.activities = _activities(ctx, rng, rep, SLOT)
    report.evaluations = _evaluations(ctx, rng, rep, SLOT)
    report.incidents = _incidents(ctx, rng, rep, SLOT)
    name = full_name(rng)
    staff_unit = rep.code if rep.kind != "ward" else "vhxh." + slug(ctx.ward(rep.name).short)
    report.preparer = (name, phone(rng), email(rng, name, staff_unit=staff_unit))
    report.sent_date = unit.received.date()
    return report


def _write_chunk(args: tuple[int, int, list[int], str]) -> int:
    """Worker: write the units at `indexes` (one report in memory at a time); returns rows written."""
    seed, total, indexes, folder = args
    ctx = context(seed)
    units = city_units(seed, total)
    rows = 0
    for index in indexes:
        unit = units[index]
        report = _report(ctx, unit)
        path = Path(folder) / unit.file
        write_workbook(ctx, report, path)
        stamp = (unit.received + dt.timedelta(minutes=5)).timestamp()
        os.utime(path, (stamp, stamp))
        rows += len(report.activities)
    return rows


def existing_count(out: Path, seed: int) -> int | None:
    """How many workbooks `out` already holds for this seed (None when it holds another period)."""
    folder = out / FOLDER
    manifest = out / MANIFEST
    if not folder.is_dir() or not (folder / "_received.csv").is_file() or not manifest.is_file():
        return None
    try:
        written = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if written.get("seed") != seed:
        return None
    return sum(1 for p in folder.glob("*.xlsx"))


def generate(out: Path, total: int, seed: int, jobs: int | None = None) -> dict:
    """Write `total` workbooks and the receipt log into `out/unit_reports/` (wiped first)."""
    folder = out / FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    (out / MANIFEST).unlink(missing_ok=True)
    folder.mkdir(parents=True)
    units = city_units(seed, total)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(units)))
    # Interleaved chunks, several per worker, so each gets departments, wards and schools alike.
    stride = min(jobs * 8, len(units))
    args = [(seed, total, list(range(start, len(units), stride)), str(folder)) for start in range(stride)]
    if jobs == 1:
        rows = sum(map(_write_chunk, args))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            rows = sum(pool.map(_write_chunk, args))
    log = sorted((u.file, u.received.isoformat()) for u in units)
    log.sort(key=lambda r: (r[1], r[0]))
    write_text(folder / "_received.csv", csv_text([("file", "received_at"), *log], quote_all=False, line_end="\n"))
    kinds = {kind: sum(u.reporter.kind == kind for u in units) for kind in ("department", "ward", "school")}
    manifest = {"seed": seed, "workbooks": len(units), "activity_rows": rows, **kinds}
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest
