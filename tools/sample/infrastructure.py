"""Infrastructure statistics (sources.md §6): ward statistics before and after the July 2025
merger, the classroom programme's projects, and the citywide indicators of the plan's targets.

Totals are drawn to match public facts (README "Public facts"): about 2.66 million residents
aged 3-17, about 277 classrooms per 10,000 of them (former HCMC 297, Bình Dương 200,
Bà Rịa-Vũng Tàu 316), 3,438 schools from preschool to upper secondary, 15-35% of schools
meeting national standards depending on the level.
"""

from __future__ import annotations

import datetime as dt
import random

from tools.sample.context import Context, at, random_day
from tools.sample.writers import Inbox, excel_naive, new_workbook, write_csv

LEVELS = [  # (level, age band, share of the 3-17 population, classroom share, schools citywide, standard rate)
    ("Mầm non", "3-5 tuổi", 0.19, 0.22, 1832, 0.21),
    ("Tiểu học", "6-10 tuổi", 0.34, 0.37, 822, 0.32),
    ("THCS", "11-14 tuổi", 0.27, 0.26, 494, 0.28),
    ("THPT", "15-17 tuổi", 0.20, 0.15, 290, 0.25),
]
POPULATION_3_17 = {  # former province -> residents aged 3-17, and classrooms per 10,000 of them
    "Thành phố Hồ Chí Minh": (1_740_000, 297),
    "Tỉnh Bình Dương": (620_000, 200),
    "Tỉnh Bà Rịa - Vũng Tàu": (300_000, 316),
}
CON_DAO_POPULATION = 2_100
LAST_PRE_MERGER_YEAR = 2024  # wards and districts were reorganised on 1 July 2025
# Residents of the level's age band per school, from the 2025-26 enrolment and school counts.
RESIDENTS_PER_SCHOOL = {"Mầm non": 300, "Tiểu học": 1200, "THCS": 1600, "THPT": 1900}


def _largest_remainder(total: int, weights: list[float], floor: list[int]) -> list[int]:
    """Split `total` in proportion to `weights`, each share at least its floor, summing exactly."""
    rest = total - sum(floor)
    raw = [rest * w / sum(weights) for w in weights]
    counts = [f + int(r) for f, r in zip(floor, raw)]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - int(raw[i])), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _ward_statistics(ctx: Context, rng: random.Random) -> list[dict]:
    wards = ctx.wards
    weights = [rng.lognormvariate(0, 0.4) for _ in wards]
    population = []
    for ward, weight in zip(wards, weights):
        if ward.kind == "Đặc khu":
            population.append(CON_DAO_POPULATION)
            continue
        total, _ = POPULATION_3_17[ward.former_province]
        share = sum(
            w for x, w in zip(wards, weights) if x.former_province == ward.former_province and x.kind != "Đặc khu"
        )
        population.append(int(total * weight / share))
    rows = []
    schools_by_level = []
    for level, _band, pop_share, _room_share, city_schools, _rate in LEVELS:
        band_pop = [p * pop_share for p in population]
        floor = [1 if level != "THPT" else 0 for _ in wards]
        schools_by_level.append(_largest_remainder(city_schools, band_pop, floor))
    for index, (ward, pop) in enumerate(zip(wards, population)):
        _, ratio = POPULATION_3_17[ward.former_province]
        rooms_total = pop * ratio * rng.lognormvariate(0, 0.1) / 10_000
        shares = [rng.uniform(0.9, 1.1) * level[2] for level in LEVELS]
        for level_index, (level, band, _p, room_share, _s, rate) in enumerate(LEVELS):
            band_pop = int(pop * shares[level_index] / sum(shares))
            schools = schools_by_level[level_index][index]
            standard = sum(rng.random() < rate * rng.uniform(0.7, 1.3) for _ in range(schools))
            rooms = int(rooms_total * room_share * rng.uniform(0.9, 1.1)) if schools else 0
            rooms = max(rooms, schools * 8)
            rows.append(
                {
                    "ward": ward,
                    "level": level,
                    "band": band,
                    "population": band_pop,
                    "schools": schools,
                    "standard": standard,
                    "rooms": rooms,
                }
            )
    return rows


def _write_ward_statistics(ctx: Context, inbox: Inbox, rows: list[dict]) -> None:
    year = ctx.start_year
    path = inbox.path(f"infrastructure/ward_statistics_{year}.xlsx")
    saved = at(dt.date(year, 10, 20), 15, 30)
    workbook = new_workbook(path, saved, author="Phòng Kế hoạch Tài chính")
    ws = workbook.add_worksheet(f"ThongKe{year}")
    title = workbook.add_format({"bold": True, "font_size": 14})
    note = workbook.add_format({"italic": True})
    head = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"})
    cell = workbook.add_format({"border": 1})
    number = workbook.add_format({"border": 1, "num_format": "#,##0"})
    header = [
        "STT",
        "Mã ĐVHC",
        "Tên phường, xã, đặc khu",
        "Cấp học",
        "Nhóm tuổi",
        "Dân số trong độ tuổi",
        "Số trường",
        "Số trường đạt chuẩn quốc gia",
        "Số phòng học",
        "Năm",
    ]
    ws.merge_range(
        0,
        0,
        0,
        len(header) - 1,
        f"THỐNG KÊ DÂN SỐ TRONG ĐỘ TUỔI ĐI HỌC, TRƯỜNG LỚP THEO PHƯỜNG, XÃ, ĐẶC KHU - NĂM {year}",
        title,
    )
    ws.merge_range(
        1,
        0,
        1,
        len(header) - 1,
        f"(Số liệu đến ngày 30/9/{year}; nguồn: UBND các phường, xã, đặc khu báo cáo, "
        "Phòng Kế hoạch Tài chính tổng hợp)",
        note,
    )
    for col, (label, width) in enumerate(zip(header, [6, 10, 28, 10, 11, 14, 9, 14, 11, 7])):
        ws.set_column(col, col, width)
        ws.write_string(3, col, label, head)
    for n, row in enumerate(rows, start=1):
        r = 3 + n
        ws.write_number(r, 0, n, cell)
        ws.write_string(r, 1, row["ward"].code, cell)
        ws.write_string(r, 2, row["ward"].name, cell)
        ws.write_string(r, 3, row["level"], cell)
        ws.write_string(r, 4, row["band"], cell)
        ws.write_number(r, 5, row["population"], number)
        ws.write_number(r, 6, row["schools"], number)
        ws.write_number(r, 7, row["standard"], number)
        ws.write_number(r, 8, row["rooms"], number)
        ws.write_number(r, 9, year, cell)
    ws.freeze_panes(4, 3)
    workbook.close()
    inbox.record(path, saved)


def _write_legacy_statistics(ctx: Context, inbox: Inbox, rng: random.Random) -> None:
    """The former city's statistics of the last year before the merger, by pre-2025 ward and district."""
    year = min(ctx.start_year - 1, LAST_PRE_MERGER_YEAR)
    former_city = [w for w in ctx.legacy_wards if w.province_code == "79"]
    chosen = sorted(rng.sample(range(len(former_city)), k=min(ctx.scale.legacy_wards_2024, len(former_city))))
    rows = [
        [
            "Năm",
            "Quận/Huyện",
            "Phường/Xã",
            "Cấp học",
            "Nhóm tuổi",
            "Dân số trong độ tuổi",
            "Số trường",
            "Số trường đạt chuẩn QG",
            "Số phòng học",
        ]
    ]
    for i in chosen:
        ward = former_city[i]
        pop = int(6_400 * rng.lognormvariate(0, 0.45))
        for level, band, pop_share, room_share, _schools, rate in LEVELS:
            band_pop = int(pop * pop_share * rng.uniform(0.9, 1.1))
            schools = max(
                0 if level == "THPT" else 1, round(band_pop / RESIDENTS_PER_SCHOOL[level] * rng.uniform(0.6, 1.4))
            )
            standard = sum(rng.random() < rate * 0.8 for _ in range(schools))
            rooms = max(schools * 8, int(pop * 297 / 10_000 * room_share * rng.uniform(0.85, 1.15))) if schools else 0
            rows.append([year, ward.district, ward.name, level, band, band_pop, schools, standard, rooms])
    path = inbox.path(f"infrastructure/ward_statistics_{year}.csv")
    write_csv(path, rows, line_end="\r\n")
    inbox.record(path, at(dt.date(year + 1, 1, 20), 9, 45))


HERO_NAMES = [
    "Lê Văn Việt",
    "Nguyễn Văn Trỗi",
    "Trần Quốc Toản",
    "Võ Văn Kiệt",
    "Lý Thường Kiệt",
    "Hoàng Hoa Thám",
    "Nguyễn Trãi",
    "Phan Chu Trinh",
    "Trần Hưng Đạo",
    "Nguyễn Đình Chiểu",
    "Lê Lợi",
    "Phan Bội Châu",
    "Nguyễn Thái Học",
    "Võ Thị Sáu",
    "Bùi Thị Xuân",
    "Trương Định",
    "Nguyễn Hữu Cảnh",
    "Mạc Đĩnh Chi",
    "Chu Văn An",
    "Hai Bà Trưng",
    "Đinh Tiên Hoàng",
    "Lương Thế Vinh",
    "Tô Vĩnh Diện",
    "Phù Đổng",
]
PROJECT_KINDS = ["Xây dựng mới", "Xây dựng mới", "Mở rộng, nâng cấp", "Xây dựng bổ sung khối phòng học tại"]
LEVEL_PREFIX = {
    "Mầm non": "Trường Mầm non",
    "Tiểu học": "Trường Tiểu học",
    "THCS": "Trường THCS",
    "THPT": "Trường THPT",
}
FUNDING = [("Ngân sách nhà nước", 70), ("PPP", 14), ("Xã hội hóa", 16)]


def _write_projects(ctx: Context, inbox: Inbox, rng: random.Random) -> None:
    header = [
        "Mã dự án",
        "Tên dự án",
        "Phường/xã/đặc khu",
        "Cấp học",
        "Số phòng học theo kế hoạch",
        "Nguồn vốn",
        "Tổng mức đầu tư (đồng)",
        "Ngày khởi công",
        "Ngày hoàn thành theo kế hoạch",
        "Ngày hoàn thành thực tế",
        "Tình trạng",
        "Số phòng học đã bàn giao",
    ]
    cut_off = dt.date(ctx.start_year + 1, 3, 31)
    projects = []
    for n in range(1, ctx.scale.classroom_projects + 1):
        level = rng.choices([entry[0] for entry in LEVELS], weights=[25, 35, 25, 15])[0]
        ward = rng.choice([w for w in ctx.wards if w.kind != "Đặc khu"])
        rooms = rng.randint(10, 24) if level == "Mầm non" else rng.randrange(15, 61, 3)
        funding = rng.choices([f for f, _ in FUNDING], weights=[w for _, w in FUNDING])[0]
        investment = rooms * rng.randint(22, 36) * 100_000_000
        start = random_day(rng, dt.date(ctx.start_year - 1, 6, 1), dt.date(ctx.start_year + 1, 2, 28))
        planned = start + dt.timedelta(days=rng.randint(12, 24) * 30)
        if planned < cut_off and rng.random() < 0.75:
            actual = planned + dt.timedelta(days=rng.randint(-20, 90))
            actual = min(actual, cut_off)
            status, delivered = "Đã hoàn thành", rooms
        elif start > cut_off - dt.timedelta(days=60) and rng.random() < 0.5:
            actual, status, delivered = None, "Chuẩn bị đầu tư", 0
        elif rng.random() < 0.1:
            actual, status, delivered = None, "Tạm dừng", 0
        else:
            actual, status = None, "Đang thi công"
            delivered = rng.choice([0, 0, rooms // 2, rooms // 3])
        place = ward.name if rng.random() < 0.8 else f"P. {ward.short}" if ward.kind == "Phường" else ward.short
        name = f"{rng.choice(PROJECT_KINDS)} {LEVEL_PREFIX[level]} {rng.choice(HERO_NAMES)}, {ward.kind.lower()} {ward.short}"
        projects.append(
            [
                f"DA4500-{n:03d}",
                name,
                place,
                level,
                rooms,
                funding,
                investment,
                start,
                planned,
                actual,
                status,
                delivered,
            ]
        )
    path = inbox.path(f"infrastructure/classroom_projects_{ctx.school_year}.xlsx")
    saved = at(cut_off + dt.timedelta(days=6), 10, 0)
    workbook = new_workbook(path, saved, author="Phòng Kế hoạch Tài chính")
    ws = workbook.add_worksheet("DuAn")
    title = workbook.add_format({"bold": True, "font_size": 14})
    head = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"})
    cell = workbook.add_format({"border": 1, "text_wrap": True})
    money = workbook.add_format({"border": 1, "num_format": "#,##0"})
    date = workbook.add_format({"border": 1, "num_format": "dd/mm/yyyy"})
    ws.merge_range(
        0,
        0,
        0,
        len(header) - 1,
        f"DANH MỤC DỰ ÁN THUỘC ĐỀ ÁN XÂY DỰNG 4.500 PHÒNG HỌC - CẬP NHẬT ĐẾN {cut_off:%d/%m/%Y}",
        title,
    )
    for col, (label, width) in enumerate(zip(header, [12, 60, 24, 10, 12, 18, 20, 13, 13, 13, 16, 12])):
        ws.set_column(col, col, width)
        ws.write_string(2, col, label, head)
    for i, project in enumerate(projects, start=3):
        for col, value in enumerate(project):
            if value is None:
                ws.write_blank(i, col, None, cell)
            elif isinstance(value, dt.date):
                if rng.random() < 0.1:  # typed by hand
                    ws.write_string(i, col, value.strftime("%d/%m/%Y"), cell)
                else:
                    ws.write_datetime(i, col, excel_naive(value), date)
            elif col == 6 and rng.random() < 0.2:  # pasted from a Word table as text
                ws.write_string(i, col, f"{value:,}".replace(",", "."), cell)
            elif isinstance(value, int):
                ws.write_number(i, col, value, money if col == 6 else cell)
            else:
                ws.write_string(i, col, value, cell)
    workbook.close()
    inbox.record(path, saved)


def _write_city_indicators(ctx: Context, inbox: Inbox) -> None:
    """The two citywide indicators of the plan's targets that no other file carries (the
    classrooms per 10,000 residents follow from the ward statistics). Illustrative values."""
    year = ctx.start_year
    workforce = "Tỉ lệ lao động có trình độ cao đẳng, đại học trở lên"
    stem = "Tỉ lệ học sinh, sinh viên ngành khoa học cơ bản, kỹ thuật, công nghệ"
    rows = [
        ["Mã chỉ tiêu", "Chỉ tiêu", "Năm", "Giá trị", "Đơn vị tính", "Mục tiêu 2030", "Nguồn"],
        ["LD_CD_DH", workforce, year - 1, "20,9%", "%", "24%", "Thống kê TP.HCM (ước tính)"],
        ["LD_CD_DH", workforce, year, "21,8%", "%", "24%", "Thống kê TP.HCM (ước tính)"],
        ["HSSV_KHCB_KT_CN", stem, year - 1, "26,3%", "%", "35%", "Sở GDĐT tổng hợp"],
        ["HSSV_KHCB_KT_CN", stem, year, "27,4%", "%", "35%", "Sở GDĐT tổng hợp"],
    ]
    path = inbox.path(f"infrastructure/city_indicators_{year}.csv")
    write_csv(path, rows, bom=True, quote_all=True)
    inbox.record(path, at(dt.date(year + 1, 2, 10), 8, 15))


def write(ctx: Context, inbox: Inbox) -> None:
    rng = ctx.rng("infrastructure")
    stats = _ward_statistics(ctx, rng)
    _write_ward_statistics(ctx, inbox, stats)
    _write_legacy_statistics(ctx, inbox, rng)
    _write_projects(ctx, inbox, rng)
    _write_city_indicators(ctx, inbox)
