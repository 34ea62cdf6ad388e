"""The `city` scale: a whole school year of the city, or only some of its periods.

    python -m tools.sample.generate --scale city --out /tmp/bench-city/inbox [--periods 2026-Q2]

What one school year of the Department holds (domain README):
- unit reports: 3,700 units (10 departments, 168 wards, 3,522 schools) x (3 quarters + the year
  end) = 14,800 workbooks and the receipt log, written by the benchmark's city-period writer
  (tools/bench/city_period.py: the sample's own template, styles and content builders);
- press: 20,000 monitoring items a month, September to June (200,000);
- fanpage: 50,001 posts (the sample's Meta writer, 16,667 a period over the two pages);
- web: 2,000,000 GA4 rows, six exports (two sites x three periods), written with numpy and polars;
- surveys: 500,000 responses x 20 questions (10,000,000 answers), one Google Forms export a
  period (the survey benchmark's writer);
- feedback: 50,000 records (the HK1 CSV and the HK2 workbook, 25,000 each);
- infrastructure: as in the small sample (reference-like, not sized by the year).

A file belongs to the period during whose reporting round it arrives: the first period whose
deadline is on or after the day it was saved (the last period for anything later). Year-end
workbooks are due with the last quarter, so they come with it. `periods` writes only the files
of those periods and keeps the rest of the inbox (the receipt log is merged), which is how the
benchmark makes "one new period arrives": the union of the periods written one at a time is
byte for byte the whole year.

Everything depends only on the seed. No deliberately bad row is written (the small sample has
the mess; here every file should load), except what the template's styles vary.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import datetime as dt
import io
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl

from orchestration.domain.periods import ReportingPeriod
from tools.sample import infrastructure, media
from tools.sample import surveys as sample_surveys
from tools.sample.context import Context, at, slug
from tools.sample.people import email, full_name, phone
from tools.sample.press_bank import GENRES, OUTLETS, PRINT_EDITIONS, STORIES, UNKNOWN_OUTLETS
from tools.sample.scales import SCALES
from tools.sample.text_bank import ACTIVITIES
from tools.sample.unit_report_workbook import YEAR_END, Report, write_workbook
from tools.sample.unit_reports import _activities, _evaluations, _incidents
from tools.sample.writers import Inbox, csv_text, write_csv, write_text

SCHOOL_YEAR = "2025-2026"  # the city units and their receipts are drawn for this year
SLOTS = ("0", "1", "2", YEAR_END)


@dataclass(frozen=True)
class Year:
    """How big the year is: the city's by default; tests write a few-percent copy."""

    units: int = 3_700
    press_per_month: int = 20_000
    fanpage_posts: tuple[int, int] = (11_667, 5_000)  # per period: the Sở's page, the school's
    web_rows: int = 2_000_000
    survey_responses: int = 500_000
    survey_questions: int = 20
    feedback_rows: tuple[int, int] = (25_000, 25_000)  # HK1 CSV, HK2 workbook


CITY = Year()
SURVEY_STEM = "khao-sat-dong-thuan-nganh-giao-duc_{period}"
RECEIPT_LOG = "unit_reports/_received.csv"


@lru_cache(maxsize=4)
def context(seed: int, year: Year = CITY) -> Context:
    so, ntmk = year.fanpage_posts
    scale = dataclasses.replace(
        SCALES["city"], fanpage_posts={"so": (so, so), "ntmk": (ntmk, ntmk)}, feedback_rows=year.feedback_rows
    )
    return Context(seed=seed, school_year=SCHOOL_YEAR, scale=scale)


def period_of(ctx: Context, saved: dt.date) -> ReportingPeriod:
    """The period whose reporting round a file saved on `saved` arrives in."""
    return next((p for p in ctx.periods if saved <= p.deadline), ctx.periods[-1])


def _slot_period(ctx: Context, slot: str) -> ReportingPeriod:
    return ctx.periods[-1 if slot == YEAR_END else int(slot)]


# ------------------------------------------------------------------ unit reports


@lru_cache(maxsize=4)
def units(seed: int, year: Year = CITY) -> list[tuple[object, str, str, dt.datetime]]:
    """(reporter, slot, file name, received) of every workbook of the year, in a fixed order."""
    from tools.bench.city_period import city_units

    ctx = context(seed, year)
    out = []
    for unit in city_units(seed, year.units):
        reporter = dataclasses.replace(unit.reporter, slots=SLOTS)
        for slot in SLOTS:
            rng = ctx.rng("city", "receipt", reporter.code, slot)
            deadline = _slot_period(ctx, slot).deadline
            days = -rng.randint(1, 8) if rng.random() < 0.95 else rng.randint(0, 3)
            received = at(deadline + dt.timedelta(days=days), rng.randint(7, 17), rng.randrange(60), rng.randrange(60))
            stem = f"{ctx.school_year}_TongKet" if slot == YEAR_END else ctx.periods[int(slot)].key
            out.append((reporter, slot, f"{stem}_{reporter.code}_{slug(reporter.name)}.xlsx", received))
    return out


def _write_units(args: tuple[int, list[int], str]) -> int:
    """Worker: write the workbooks at `indexes` (one in memory at a time); returns activity rows."""
    seed, year, indexes, folder = args
    ctx = context(seed, year)
    everything = units(seed, year)
    rows = 0
    for index in indexes:
        reporter, slot, file, received = everything[index]
        rng = ctx.rng("city", "content", reporter.code, slot)
        report = Report(reporter, slot, file, received, set())
        report.activities = _activities(ctx, rng, reporter, slot)
        report.evaluations = _evaluations(ctx, rng, reporter, slot)
        report.incidents = _incidents(ctx, rng, reporter, slot)
        name = full_name(rng)
        staff_unit = reporter.code if reporter.kind != "ward" else "vhxh." + slug(ctx.ward(reporter.name).short)
        report.preparer = (name, phone(rng), email(rng, name, staff_unit=staff_unit))
        report.sent_date = received.date()
        path = Path(folder) / file
        write_workbook(ctx, report, path)
        stamp = (received + dt.timedelta(minutes=5)).timestamp()
        os.utime(path, (stamp, stamp))
        rows += len(report.activities)
    return rows


def merge_receipts(path: Path, entries: list[tuple[str, str]]) -> None:
    """Add (file, received_at) lines to the receipt log, keeping the lines already there."""
    known: dict[str, str] = {}
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            known = {row["file"]: row["received_at"] for row in csv.DictReader(handle)}
    known.update(entries)
    rows = sorted(known.items(), key=lambda r: (r[1], r[0]))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, csv_text([("file", "received_at"), *rows], quote_all=False, line_end="\n"))
    # saved an hour after the last receipt, so the log's mtime too depends only on its content
    stamp = (max(dt.datetime.fromisoformat(r[1]) for r in rows) + dt.timedelta(hours=1)).timestamp()
    os.utime(path, (stamp, stamp))


def write_unit_reports(ctx: Context, year: Year, out: Path, selected: set[str], jobs: int | None = None) -> dict:
    everything = units(ctx.seed, year)
    wanted = [i for i, (_, slot, _, _) in enumerate(everything) if _slot_period(ctx, slot).key in selected]
    folder = out / "unit_reports"
    folder.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(wanted) or 1))
    stride = max(1, min(jobs * 8, len(wanted)))
    chunks = [(ctx.seed, year, wanted[start::stride], str(folder)) for start in range(stride)]
    if jobs == 1:
        rows = sum(map(_write_units, chunks))
    else:
        # spawn, not fork: polars' thread pool in this process would deadlock a forked child
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            rows = sum(pool.map(_write_units, chunks))
    merge_receipts(out / RECEIPT_LOG, [(everything[i][2], everything[i][3].isoformat()) for i in wanted])
    return {"workbooks": len(wanted), "activity_rows": rows}


def correct_workbook(out: Path, seed: int, period_key: str, index: int = 0, year: Year = CITY) -> Path:
    """A corrected `_v2` of one unit's workbook of `period_key` (one activity more, one reach
    changed), received two days after the original, as units send corrections (sources.md §1).
    Returns the new file; the receipt log gets its line."""
    ctx = context(seed, year)
    candidates = [u for u in units(seed, year) if u[1] != YEAR_END and _slot_period(ctx, u[1]).key == period_key]
    reporter, slot, file, received = candidates[index]
    rng = ctx.rng("city", "content", reporter.code, slot)
    report = Report(reporter, slot, file.replace(".xlsx", "_v2.xlsx"), received + dt.timedelta(days=2), set())
    report.activities = _activities(ctx, rng, reporter, slot)
    report.evaluations = _evaluations(ctx, rng, reporter, slot)
    report.incidents = _incidents(ctx, rng, reporter, slot)
    name = full_name(rng)
    report.preparer = (name, phone(rng), email(rng, name, staff_unit=reporter.code))
    report.sent_date = report.received.date()
    extra = dict(report.activities[-1], title=report.activities[-1]["title"] + " (bổ sung)")
    report.activities.append(extra)
    for row in report.activities:
        if isinstance(row["reach"], int):
            row["reach"] += 1000
            break
    report.note = f"Báo cáo thay thế báo cáo gửi ngày {received:%d/%m/%Y} (bổ sung 1 hoạt động)"
    path = out / "unit_reports" / report.file
    write_workbook(ctx, report, path)
    stamp = (report.received + dt.timedelta(minutes=5)).timestamp()
    os.utime(path, (stamp, stamp))
    merge_receipts(out / RECEIPT_LOG, [(report.file, report.received.isoformat())])
    return path


# ------------------------------------------------------------------ press


def _press_items(ctx: Context, size: Year, year: int, month: int) -> list[list[object]]:
    """Exactly `size.press_per_month` items: stories drawn with replacement, each run by 1-5 outlets."""
    rng = ctx.rng("city", "press", year, month)
    last_day = calendar.monthrange(year, month)[1]
    # within the school year's windows (15/09 - 14/06), so that every item loads
    first = max(1, ctx.year_start.day) if (year, month) == ctx.months[0] else 1
    last_day = min(last_day, ctx.year_end.day) if (year, month) == ctx.months[-1] else last_day
    pool = [s for s in STORIES if not s.months or month in s.months]
    items: list[dict] = []
    serial = 0
    while len(items) < size.press_per_month:
        story = rng.choice(pool)
        day = dt.date(year, month, rng.randint(first, last_day))
        values = ctx.draw_values(rng)
        outlets = rng.sample(OUTLETS, k=rng.choices([1, 2, 3, 4, 5], weights=[30, 30, 22, 12, 6])[0])
        if rng.random() < 0.06:
            outlets.append(rng.choice(UNKNOWN_OUTLETS))
        lede = ctx.fill(story.lede, rng, values=values)
        for canonical, _level, medium, domain, variants in outlets[: size.press_per_month - len(items)]:
            if canonical in PRINT_EDITIONS and rng.random() < 0.2:
                medium = "Báo in"
            headline = ctx.fill(rng.choice(story.headlines), rng, values=values)
            run_day = min(day + dt.timedelta(days=rng.choice([0, 0, 0, 1])), dt.date(year, month, last_day))
            published = dt.datetime.combine(run_day, dt.time(rng.randint(5, 22), rng.randrange(0, 60)))
            serial += 1
            # the serial makes every URL unique: the city year has no re-captured items
            url = (
                None
                if medium == "Báo in"
                else f"https://{domain}/{slug(headline).lower()[:70].strip('-')}-{year % 100:02d}{month:02d}{serial:06d}.htm"
            )
            views = None
            if medium == "Báo điện tử" and rng.random() < 0.35:
                views = int(rng.lognormvariate(math.log(9000 if story.sentiment != "Tích cực" else 6000), 0.9))
            items.append(
                {
                    "published": published,
                    "outlet": variants[0] if rng.random() < 0.55 else rng.choice(variants),
                    "medium": medium,
                    "genre": rng.choice(GENRES[medium]),
                    "title": headline,
                    "lede": lede,
                    "url": url,
                    "sentiment": story.sentiment if rng.random() < 0.45 else None,
                    "views": views,
                }
            )
    items.sort(key=lambda r: (r["published"], r["outlet"], r["title"]))
    return [
        [
            f"BC{year % 100:02d}{month:02d}-{n:05d}",
            i["published"].strftime("%d/%m/%Y %H:%M"),
            i["outlet"],
            i["medium"],
            i["genre"],
            i["title"],
            i["lede"],
            i["url"],
            i["sentiment"],
            i["views"],
        ]
        for n, i in enumerate(items, start=1)
    ]


def write_press(ctx: Context, size: Year, inbox: Inbox, selected: set[str]) -> int:
    written = 0
    for year, month in ctx.months:
        export_day = dt.date(year + (month == 12), month % 12 + 1, 2)
        if period_of(ctx, export_day).key not in selected:
            continue
        rows = _press_items(ctx, size, year, month)
        path = inbox.path(f"media/press/giam-sat-bao-chi_{year}-{month:02d}.csv")
        write_csv(path, [media.PRESS_HEADER, *rows], bom=True, quote_all=True)
        inbox.record(path, at(export_day, 8, 30))
        written += len(rows)
    return written


# ------------------------------------------------------------------ fanpage


def write_fanpage(ctx: Context, inbox: Inbox, selected: set[str]) -> int:
    """The sample's Meta writer at the city's sizes; the exports of other periods are dropped
    (unless the inbox already had them: the writer rewrites those with the same bytes)."""
    before = set((inbox.root / "media" / "fanpage").glob("*"))
    media.write_fanpage(ctx, inbox)
    posts = 0
    for path, saved in list(inbox.mtimes.items()):
        if "media/fanpage/" not in path.as_posix():
            continue
        if period_of(ctx, saved.date()).key in selected:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                posts += sum(1 for _ in csv.reader(handle)) - 1
        elif path not in before:
            path.unlink()
            del inbox.mtimes[path]
    return posts


# ------------------------------------------------------------------ web


def _site_pages(ctx: Context, key: str, count: int) -> tuple[list[str], list[str], np.ndarray]:
    """The sample's named pages of the site, then article pages, with a base of daily views."""
    property_name, _file_part, named = media.SITES[key]
    rng = ctx.rng("city", "web", "pages", key)
    paths = [p.format(next_sy=ctx.next_school_year) for p, *_ in named]
    titles = [t.format(next_sy=ctx.next_school_year) for _, t, *_ in named]
    base = [float(b) for _, _, b, _ in named]
    tasks = ctx.task_codes
    n = len(paths)
    while len(paths) < count:
        _form, _letters, template = rng.choice(ACTIVITIES[rng.choice(tasks)])
        title = ctx.fill(template, rng)
        n += 1
        paths.append(f"/tin-tuc/{slug(title).lower()[:60].strip('-')}-{n}")
        titles.append(title)
        base.append(max(1.0, 200.0 * rng.paretovariate(1.3) / 4))
    return paths, titles, np.asarray(base)


def write_web(ctx: Context, size: Year, inbox: Inbox, selected: set[str]) -> int:
    files = [(key, index, period) for key in media.SITES for index, period in enumerate(ctx.periods)]
    total = size.web_rows
    per_file = [total // len(files) + (1 if i < total % len(files) else 0) for i in range(len(files))]
    written = 0
    for (key, index, period), rows_wanted in zip(files, per_file):
        saved = at(period.window_end + dt.timedelta(days=1), 10, 20)
        if period_of(ctx, saved.date()).key not in selected:
            continue
        property_name, file_part, _named = media.SITES[key]
        days = (period.window_end - period.window_start).days + 1
        per_day = math.ceil(rows_wanted / days)
        paths, titles, base = _site_pages(ctx, key, per_day)
        rng = np.random.default_rng([ctx.seed, index, 0 if key == "so" else 1])
        day_index = np.repeat(np.arange(days), per_day)[:rows_wanted]
        page_index = np.tile(np.arange(per_day), days)[:rows_wanted]
        dates = [period.window_start + dt.timedelta(days=int(d)) for d in range(days)]
        weekend = np.asarray([0.45 if d.weekday() >= 5 else 1.0 for d in dates])[day_index]
        views = np.maximum(1, (base[page_index] * weekend * rng.lognormal(0, 0.25, rows_wanted)).astype(np.int64))
        users = np.maximum(1, (views * rng.uniform(0.55, 0.8, rows_wanted)).astype(np.int64))
        frame = pl.DataFrame(
            {
                "Date": pl.Series([d.strftime("%Y%m%d") for d in dates]).gather(pl.Series(day_index)),
                "Page path and screen class": pl.Series(paths).gather(pl.Series(page_index)),
                "Page title": pl.Series(titles).gather(pl.Series(page_index)),
                "Views": views,
                "Active users": users,
                "New users": (users * rng.uniform(0.25, 0.6, rows_wanted)).astype(np.int64),
                "Average engagement time per active user": np.round(rng.uniform(18, 140, rows_wanted), 6),
                "Event count": (views * rng.uniform(3.2, 6.5, rows_wanted)).astype(np.int64),
            }
        ).sort(["Date", "Views", "Page path and screen class"], descending=[False, True, False])
        if (key, index) in media.GA4_TOTALS:
            weighted = float(
                (frame["Average engagement time per active user"] * frame["Active users"]).sum()
                / frame["Active users"].sum()
            )
            totals = pl.DataFrame(
                {
                    "Date": [""],
                    "Page path and screen class": [""],
                    "Page title": [""],
                    "Views": [int(frame["Views"].sum())],
                    "Active users": [int(frame["Active users"].sum())],
                    "New users": [int(frame["New users"].sum())],
                    "Average engagement time per active user": [round(weighted, 6)],
                    "Event count": [int(frame["Event count"].sum())],
                }
            )
            frame = pl.concat([totals, frame])
        preamble = media.ga4_preamble(property_name, period)
        buffer = io.BytesIO()
        frame.write_csv(buffer, line_terminator="\n", quote_style="necessary")
        path = inbox.path(f"media/web/GA4_{file_part}_{period.window_start:%Y%m%d}-{period.window_end:%Y%m%d}.csv")
        path.write_bytes(preamble.encode("utf-8") + buffer.getvalue())
        inbox.record(path, saved)
        written += rows_wanted
    return written


# ------------------------------------------------------------------ surveys and feedback


def write_surveys(ctx: Context, size: Year, inbox: Inbox, selected: set[str]) -> int:
    from tools.bench.survey_export import write_export

    answers = 0
    total = size.survey_responses
    counts = [total // 3 + (1 if i < total % 3 else 0) for i in range(3)]
    for index, (period, responses) in enumerate(zip(ctx.periods, counts)):
        saved = at(period.window_end + dt.timedelta(days=1), 9, 0)
        if period_of(ctx, saved.date()).key not in selected:
            continue
        stem = SURVEY_STEM.format(period=period.key)
        export, questionnaire = inbox.path(f"surveys/{stem}.csv"), inbox.path(f"surveys/{stem}.questions.csv")
        start = dt.datetime.combine(period.window_start, dt.time())
        seconds = int(
            (dt.datetime.combine(period.window_end + dt.timedelta(days=1), dt.time()) - start).total_seconds()
        )
        written = write_export(
            export, questionnaire, responses, size.survey_questions, ctx.seed * 10 + index, start, seconds
        )
        inbox.record(export, saved)
        inbox.record(questionnaire, saved + dt.timedelta(hours=1))
        answers += written["answers"]
    return answers


def write_feedback(ctx: Context, inbox: Inbox, selected: set[str]) -> int:
    before = set((inbox.root / "feedback").glob("*"))
    sample_surveys._write_feedback(ctx, inbox)
    records = 0
    for path, saved in list(inbox.mtimes.items()):
        if "feedback/" not in path.as_posix():
            continue
        if period_of(ctx, saved.date()).key in selected:
            records += ctx.scale.feedback_rows[0 if path.suffix == ".csv" else 1]
        elif path not in before:
            path.unlink()
            del inbox.mtimes[path]
    return records


# ------------------------------------------------------------------ the year


def write(
    out: Path, seed: int, periods: list[str] | None = None, jobs: int | None = None, year: Year = CITY
) -> tuple[Inbox, dict]:
    """Write the city year (or only `periods`) into `out`; returns the inbox and what was written."""
    ctx = context(seed, year)
    known = [p.key for p in ctx.periods]
    selected = set(known if periods is None else periods)
    unknown = sorted(selected - set(known))
    if unknown:
        raise ValueError(f"unknown period(s) {unknown} for the city year {ctx.school_year}: expected some of {known}")
    inbox = Inbox(out)
    counts = {"periods": sorted(selected)}
    counts.update(write_unit_reports(ctx, year, out, selected, jobs))
    counts["press_items"] = write_press(ctx, year, inbox, selected)
    counts["fanpage_posts"] = write_fanpage(ctx, inbox, selected)
    counts["web_rows"] = write_web(ctx, year, inbox, selected)
    counts["survey_answers"] = write_surveys(ctx, year, inbox, selected)
    counts["feedback_records"] = write_feedback(ctx, inbox, selected)
    infrastructure.write(ctx, inbox)
    inbox.apply_mtimes()
    return inbox, counts
