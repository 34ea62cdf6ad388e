"""Unit reports (sources.md §1): one workbook per unit and period, plus the receipt log.

Each reporting unit has a house style (its own copy of the template: banner or not, column
order and wording, how it writes task codes, dates and numbers), and the deliberate mess of
single files (late, missing, corrected, NFD, bad rows, a CSV under an .xlsx name ...) is the
fixed table QUIRKS below, so that sources/README.md can say exactly where it is.
"""

from __future__ import annotations

import datetime as dt
import random

from tools.sample.context import Context, at, random_day, slug
from tools.sample.people import email, full_name, phone
from tools.sample.press_bank import OUTLETS
from tools.sample.text_bank import (
    ACTIVITIES,
    CHANNELS,
    DIFFICULTIES,
    HIGHLIGHTS,
    INCIDENT_LEVELS,
    INCIDENTS,
    NOTES,
    PROPOSALS,
)
from tools.sample.unit_report_workbook import (
    YEAR_END,
    Report,
    Reporter,
    Style,
    write_csv_instead,
    write_workbook,
)
from tools.sample.writers import Inbox, csv_text, write_text

FOLDER = "unit_reports"

STYLES: dict[str, Style] = {
    "VP": Style(banner="department"),
    "TCCB": Style(task_formats=("nv_code",), dates="dmy", hidden_lists=True, trailing_blank_rows=6),
    "KTPC": Style(task_formats=("row",), hidden_lists=True, trailing_blank_rows=6),
    "KHTC": Style(banner="department", dates="dmy", thousands_text=0.7, percent_text=True, incidents_sheet="sometimes"),
    "HSSV": Style(task_formats=("code", "nv_row"), hidden_lists=True, trailing_blank_rows=6),
    "GDMN": Style(incidents_sheet="sometimes", hidden_lists=True, trailing_blank_rows=6),
    "GDPT": Style(layout="reordered", task_formats=("code", "nv_code"), dates="iso"),
    "GDTX": Style(banner="department", layout="reworded", task_formats=("nv_row",), incidents_sheet="sometimes"),
    "NCL": Style(dates="mixed", thousands_text=0.3, incidents_sheet="sometimes", hidden_lists=True),
    "QLCL": Style(),
    "ward": Style(
        banner="ward",
        task_formats=("row", "nv_row", "code"),
        dates="dmy",
        thousands_text=0.5,
        percent_text=True,
        incidents_sheet="never",
    ),
    "THPT-NTMK": Style(banner="school", incidents_sheet="sometimes"),
    "THCS-TVO": Style(dates="iso", incidents_sheet="never"),
    "TH-NBK": Style(layout="reworded", dates="dmy", incidents_sheet="never"),
}

# (unit code, slot) -> deliberate mess. Ward codes are the national codes of today's wards.
QUIRKS: dict[tuple[str, str], set[str]] = {
    ("HSSV", "0"): {"edge_on_time"},  # received 23:41 on the last day: on time by 19 minutes
    ("HSSV", "1"): {"corrected"},  # a second, corrected workbook _v2 received 3 days later
    ("KHTC", "0"): {"late", "wrong_sent_date"},  # received after the deadline, Ngày gửi claims before
    ("GDTX", YEAR_END): {"late"},
    ("NCL", "1"): {"missing"},
    ("KTPC", YEAR_END): {"missing"},
    ("GDPT", "2"): {"bad_rows"},
    ("GDMN", "0"): {"duplicate_copy"},  # the same bytes saved twice, " (1)" copy
    ("VP", "2"): {"no_sent_date"},
    ("NCL", "0"): {"no_unit_code"},
    ("26743", "0"): {"short_name"},  # "P. Bến Thành"
    ("26740", "1"): {"nfd"},  # every text cell in Unicode NFD (saved on a Mac)
    ("26740", "2"): {"legacy_name"},  # the pre-2025 "Phường Bến Nghé, Quận 1" template reused
    ("27664", "1"): {"late"},
    ("THCS-TVO", "2"): {"csv_as_xlsx"},
}

COMPLETION = {"0": (25, 45), "1": (50, 72), "2": (75, 95), YEAR_END: (85, 100)}


# ------------------------------------------------------------------ who reports


def reporters(ctx: Context) -> list[Reporter]:
    out = []
    codes = ctx.scale.departments or ctx.lead_departments
    for code in codes:
        lead, coordinating = ctx.roles[code]
        out.append(
            Reporter(
                "department",
                code,
                ctx.departments[code],
                tuple(lead),
                tuple(coordinating),
                ("0", "1", "2", YEAR_END),
                STYLES.get(code, Style()),
            )
        )
    # Wards and schools lead nothing; they coordinate 2.15 ("all units") and write about any theme.
    for ward_name, indexes in ctx.scale.ward_reports:
        ward = ctx.ward(ward_name)
        out.append(
            Reporter(
                "ward", ward.code, ward.name, (), ("2.15",), tuple(map(str, indexes)), STYLES["ward"], ward=ward.name
            )
        )
    for school in ctx.scale.schools:
        out.append(
            Reporter(
                "school",
                school.code,
                school.name,
                (),
                ("2.15",),
                tuple(map(str, school.periods)),
                STYLES.get(school.code, Style()),
                ward=school.ward,
                school=school.name,
            )
        )
    return out


def _file_name(ctx: Context, rep: Reporter, slot: str) -> str:
    stem = ctx.school_year + "_TongKet" if slot == YEAR_END else ctx.periods[int(slot)].key
    return f"{stem}_{rep.code}_{slug(rep.name)}.xlsx"


def _deadline(ctx: Context, slot: str) -> dt.date:
    return ctx.periods[-1 if slot == YEAR_END else int(slot)].deadline


def _window(ctx: Context, slot: str) -> tuple[dt.date, dt.date]:
    if slot == YEAR_END:
        return ctx.year_start, ctx.year_end
    period = ctx.periods[int(slot)]
    return period.window_start, period.window_end


def _received(rng: random.Random, deadline: dt.date, quirks: set[str], slot: str) -> dt.datetime:
    if "edge_on_time" in quirks:
        return at(deadline - dt.timedelta(days=1), 23, 41)
    if "late" in quirks:
        return at(deadline + dt.timedelta(days=rng.randint(2, 4)), rng.randint(8, 16), rng.randrange(0, 60, 5))
    earliest = 10 if slot == YEAR_END else 8
    day = deadline - dt.timedelta(days=rng.randint(1, earliest))
    return at(day, rng.randint(7, 17), rng.randrange(0, 60), rng.randrange(0, 60))


# ------------------------------------------------------------------ content


def _task_weights(rep: Reporter, tasks: list[str]) -> list[float]:
    if rep.kind != "department":
        return [
            6.0 if t == "2.15" else 1.0 if t in {"2.2", "2.4", "2.8", "2.9", "2.10", "2.11", "2.12"} else 0.2
            for t in tasks
        ]
    return [5.0 if t in rep.lead else 1.5 if t in rep.coordinating else 0.15 for t in tasks]


def _metrics(rng: random.Random, form: str, channel: str) -> tuple[int, int | None, int | None]:
    qty = 1
    if form == "Tin bài":
        qty = rng.choice([1, 1, 1, 2, 3, 5, 8])
    elif form in {"Infographic", "Video clip"}:
        qty = rng.choice([1, 1, 2, 3])
    logu = lambda lo, hi: int(round(lo * (hi / lo) ** rng.random(), -1))  # noqa: E731
    reach = engage = None
    if channel == "Fanpage":
        reach = logu(1500, 90000 if form == "Livestream" else 60000)
        engage = int(reach * rng.uniform(0.015, 0.09))
    elif channel == "Cổng TTĐT Sở":
        reach = logu(800, 25000)
    elif channel == "Trang TTĐT đơn vị":
        reach = logu(150, 6000)
        engage = int(reach * rng.uniform(0.0, 0.03)) if rng.random() < 0.4 else None
    elif channel == "Báo điện tử" and rng.random() < 0.4:
        reach = logu(5000, 150000)
    elif channel == "Truyền hình" and rng.random() < 0.3:
        reach = logu(50000, 500000)
    elif channel == "Nội bộ":
        reach = logu(40, 3000)
    return qty, reach, engage


def _link(rng: random.Random, rep: Reporter, channel: str, title: str) -> str | None:
    words = slug(title).lower()[:60].strip("-")
    ident = rng.randint(10**6, 10**7 - 1)
    if channel == "Fanpage":
        return f"https://www.facebook.com/100064{rng.randint(10**8, 10**9 - 1)}/posts/{ident}{rng.randint(10**8, 10**9 - 1)}"
    if channel == "Cổng TTĐT Sở":
        return f"https://hcm.edu.vn/tin-tuc/{words}-{ident}"
    if channel == "Trang TTĐT đơn vị":
        host = slug(rep.name).lower() + (".tphcm.gov.vn" if rep.kind == "ward" else ".hcm.edu.vn")
        return f"https://{host}/tin-tuc/{words}"
    if channel == "Báo điện tử":
        domain = rng.choice([o[3] for o in OUTLETS if o[2] == "Báo điện tử"])
        return f"https://{domain}/{words}-{ident}.htm"
    if channel == "Truyền hình" and rng.random() < 0.5:
        return f"https://htv.com.vn/{words}"
    return None


def _activities(ctx: Context, rng: random.Random, rep: Reporter, slot: str) -> list[dict]:
    lo, hi = ctx.scale.activities_year_end if slot == YEAR_END else ctx.scale.activities_per_report
    start, end = _window(ctx, slot)
    tasks = ctx.task_codes
    weights = _task_weights(rep, tasks)
    rows, used = [], set()
    for _ in range(rng.randint(lo, hi)):
        for _attempt in range(8):
            task = rng.choices(tasks, weights=weights)[0]
            form, letters, template = rng.choice(ACTIVITIES[task])
            if rep.kind != "department":
                # Wards and schools hold no press conferences and have no TV or print channel of their own.
                if form in {"Họp báo", "Thông cáo báo chí", "E-magazine"}:
                    continue
                letters = "".join(ch for ch in letters.replace("S", "U") if ch in "UFNRE") or "UF"
            if template not in used:
                break
        used.add(template)
        title = ctx.fill(template, rng, ward=rep.ward, school=rep.school)
        letter = rng.choice(letters)
        if rep.kind == "department" and letter == "U":
            letter = "S"
        if rep.kind != "department" and letter == "S":
            letter = "U"
        channel = CHANNELS[letter]
        qty, reach, engage = _metrics(rng, form, channel)
        rows.append(
            {
                "task": task,
                "form": form,
                "channel": channel,
                "title": title,
                "date": random_day(rng, start, end),
                "qty": qty,
                "reach": reach,
                "engage": engage,
                "link": _link(rng, rep, channel, title),
                "note": rng.choice(NOTES) if rng.random() < 0.2 else None,
            }
        )
    rows.sort(key=lambda r: (r["date"], r["title"]))
    return rows


def _evaluations(ctx: Context, rng: random.Random, rep: Reporter, slot: str) -> list[dict]:
    lo, hi = COMPLETION[slot]
    out = []
    for task in [*rep.lead, *rep.coordinating]:
        bank = HIGHLIGHTS[task]
        picks = rng.sample(bank, k=min(len(bank), 2 if task in rep.lead else 1))
        out.append(
            {
                "task": task,
                "completion": round(rng.uniform(lo, hi) * 2) / 2,
                "highlights": " ".join(ctx.fill(p, rng, ward=rep.ward) for p in picks),
                "difficulties": rng.choice(DIFFICULTIES),
                "proposals": rng.choice(PROPOSALS),
            }
        )
    return out


def _incidents(ctx: Context, rng: random.Random, rep: Reporter, slot: str) -> list[dict]:
    if rep.style.incidents_sheet == "never":
        return []
    count = rng.choices([0, 1, 2], weights=[55, 35, 10])[0]
    start, end = _window(ctx, slot)
    out = []
    for content, channel, measures, result in rng.sample(INCIDENTS, k=count):
        found = random_day(rng, start, end, weekdays=False)
        open_case = rng.random() < 0.2
        out.append(
            {
                "found": found,
                "content": ctx.fill(content, rng, ward=rep.ward, school=rep.school),
                "level": rng.choices(INCIDENT_LEVELS, weights=[5, 4, 1])[0],
                "channel": channel,
                "measures": measures,
                "closed": None if open_case else min(found + dt.timedelta(days=rng.randint(0, 5)), end),
                "result": "Đang xử lý" if open_case else result,
            }
        )
    return sorted(out, key=lambda r: r["found"])


def _bad_rows(rng: random.Random, rows: list[dict], window: tuple[dt.date, dt.date]) -> None:
    """A handful of rows the quarantine must catch, spread through the sheet."""
    start, end = window
    day = lambda: random_day(rng, start, end)  # noqa: E731
    broken = [
        {
            "task": "2.19",
            "form": "Tin bài",
            "channel": "Cổng TTĐT Sở",
            "title": "Kết quả kỳ thi chọn học sinh giỏi lớp 12 cấp Thành phố",
            "date": day(),
            "qty": 1,
            "reach": 5120,
            "engage": None,
            "link": "https://hcm.edu.vn/tin-tuc/ket-qua-ky-thi-hoc-sinh-gioi-lop-12",
            "note": None,
        },
        {
            "task": "2.4",
            "form": "Video clip",
            "channel": "Fanpage",
            "title": "Chuỗi video hướng dẫn đăng ký nguyện vọng lớp 10",
            "date": day(),
            "qty": "3 clip",
            "reach": 18400,
            "engage": 960,
            "link": None,
            "note": "Đăng theo tuần",
        },
        {
            "task": "2.4",
            "form": "Livestream",
            "channel": "Fanpage",
            "title": "Livestream giải đáp thắc mắc về kỳ thi tuyển sinh lớp 10",
            "date": day(),
            "qty": 1,
            "reach": "khoảng 5.000",
            "engage": "nhiều",
            "link": None,
            "note": None,
        },
        {
            "task": "2.10",
            "form": "Tin bài",
            "channel": "Cổng TTĐT Sở",
            "title": "Khuyến cáo phòng chống đuối nước cho học sinh trong dịp hè",
            "date": f"31/04/{end.year}",
            "qty": 1,
            "reach": 2310,
            "engage": None,
            "link": None,
            "note": None,
        },
    ]
    for offset, row in enumerate(broken):
        rows.insert(min(len(rows), 2 + offset * 3), row)


def build_reports(ctx: Context) -> list[Report]:
    reports = []
    for rep in reporters(ctx):
        for slot in rep.slots:
            quirks = set(QUIRKS.get((rep.code, slot), set()))
            if "missing" in quirks:
                continue
            rng = ctx.rng("unit_reports", rep.code, slot)
            report = Report(
                rep, slot, _file_name(ctx, rep, slot), _received(rng, _deadline(ctx, slot), quirks, slot), quirks
            )
            report.activities = _activities(ctx, rng, rep, slot)
            report.evaluations = _evaluations(ctx, rng, rep, slot)
            report.incidents = _incidents(ctx, rng, rep, slot)
            name = full_name(rng)
            staff_unit = rep.code if rep.kind != "ward" else "vhxh." + slug(ctx.ward(rep.name).short)
            report.preparer = (name, phone(rng), email(rng, name, staff_unit=staff_unit))
            report.sent_date = report.received.date()
            if "wrong_sent_date" in quirks:
                report.sent_date = _deadline(ctx, slot) - dt.timedelta(days=3)
            if "no_sent_date" in quirks:
                report.sent_date = None
            if "bad_rows" in quirks:
                _bad_rows(rng, report.activities, _window(ctx, slot))
            if "corrected" in quirks:
                reports.extend(_corrected_pair(ctx, rng, report))
                continue
            reports.append(report)
    return reports


def _corrected_pair(ctx: Context, rng: random.Random, final: Report) -> list[Report]:
    """The first submission lacks two activities and has a typo in one reach; the _v2 fixes both."""
    deadline = _deadline(ctx, final.slot)
    first = Report(
        final.reporter,
        final.slot,
        final.file,
        at(deadline - dt.timedelta(days=5), 10, 15),
        final.quirks,
        [dict(r) for r in final.activities[2:]],
        [dict(e, completion=max(0.0, e["completion"] - 10)) for e in final.evaluations],
        final.incidents,
        None,
        final.preparer,
    )
    first.sent_date = first.received.date()
    typo = next((r for r in first.activities if isinstance(r["reach"], int)), None)
    if typo is not None:
        typo["reach"] *= 10
    final.file = final.file.replace(".xlsx", "_v2.xlsx")
    final.received = at(deadline - dt.timedelta(days=2), 16, 30)
    final.sent_date = final.received.date()
    final.note = (
        f"Báo cáo thay thế báo cáo gửi ngày {first.received:%d/%m/%Y} "
        "(bổ sung 2 hoạt động, điều chỉnh số liệu lượt tiếp cận)"
    )
    return [first, final]


def write(ctx: Context, inbox: Inbox) -> list[Report]:
    reports = build_reports(ctx)
    log = [("file", "received_at")]
    for report in reports:
        path = inbox.path(f"{FOLDER}/{report.file}")
        if "csv_as_xlsx" in report.quirks:
            write_csv_instead(ctx, report, path)
        else:
            write_workbook(ctx, report, path)
        # Every workbook is in the receipt log: git does not keep files' modification times, so a
        # sample whose lateness came from them would read differently after every checkout.
        rng = ctx.rng("unit_reports", "mtime", report.file)
        inbox.record(path, report.received + dt.timedelta(minutes=rng.randint(2, 40)))
        log.append((report.file, report.received.isoformat()))
        if "duplicate_copy" in report.quirks:
            copy = path.with_name(path.stem + " (1).xlsx")
            copy.write_bytes(path.read_bytes())
            again = report.received + dt.timedelta(minutes=47)
            inbox.record(copy, again + dt.timedelta(minutes=3))
            log.append((copy.name, again.isoformat()))
    header, rows = log[0], sorted(log[1:], key=lambda r: (r[1], r[0]))
    log_path = inbox.path(f"{FOLDER}/_received.csv")
    write_text(log_path, csv_text([header, *rows], quote_all=False, line_end="\n"))
    inbox.record(log_path, max(r.received for r in reports) + dt.timedelta(hours=1))
    return reports
