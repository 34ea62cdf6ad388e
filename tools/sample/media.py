"""Media exports (sources.md §2-4): monthly press-monitoring CSVs, Meta Business Suite post
exports per page and period, and GA4 page reports per site and period.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random

from tools.sample.context import Context, at, slug
from tools.sample.press_bank import (
    GENRES,
    NEG,
    NEU,
    OUTLETS,
    POS,
    PRINT_EDITIONS,
    STORIES,
    UNKNOWN_OUTLETS,
    Story,
)
from tools.sample.text_bank import ACTIVITIES, HASHTAGS, POST_OPENERS
from tools.sample.writers import Inbox, csv_text, write_csv, write_text

PRESS_HEADER = [
    "ma_tin",
    "ngay_dang",
    "co_quan_bao_chi",
    "loai_hinh",
    "the_loai",
    "tieu_de",
    "tom_tat",
    "url",
    "sac_thai",
    "luot_xem",
]


# ------------------------------------------------------------------ press


# Monitoring finds mostly routine and positive coverage; a negative story is the exception.
_SENTIMENT_WEIGHT = {POS: 3.0, NEU: 2.0, NEG: 0.7}


def ga4_preamble(property_name: str, period) -> str:
    """The comment block GA4 writes above its CSV export (sources.md §4)."""
    return (
        "# ----------------------------------------\n"
        "# Pages and screens: Page path and screen class\n"
        "# Account: Sở Giáo dục và Đào tạo TP.HCM\n"
        f"# Property: {property_name}\n"
        "# ----------------------------------------\n"
        "#\n"
        "# All Users\n"
        f"# Start date: {period.window_start:%Y%m%d}\n"
        f"# End date: {period.window_end:%Y%m%d}\n"
        "\n"
    )


def _weighted_sample(rng: random.Random, stories: list[Story], k: int) -> list[Story]:
    """k stories without replacement, favouring by sentiment weight (Efraimidis-Spirakis keys)."""
    keyed = sorted(stories, key=lambda s: -(rng.random() ** (1 / _SENTIMENT_WEIGHT[s.sentiment])))
    return keyed[:k]


def _stories_for(rng: random.Random, month: int, count: int) -> list[Story]:
    seasonal = [s for s in STORIES if month in s.months]
    anytime = [s for s in STORIES if not s.months]
    picked = _weighted_sample(rng, seasonal, min(len(seasonal), max(1, count // 4)))
    picked += _weighted_sample(rng, anytime, min(len(anytime), count - len(picked)))
    return picked


def _press_month(ctx: Context, year: int, month: int) -> list[dict]:
    rng = ctx.rng("press", year, month)
    lo, hi = ctx.scale.press_stories_per_month
    last_day = calendar.monthrange(year, month)[1]
    items = []
    for story in _stories_for(rng, month, rng.randint(lo, hi)):
        day = dt.date(year, month, rng.randint(1, last_day))
        values = ctx.draw_values(rng)  # every outlet tells the same news
        n_outlets = rng.choices([1, 2, 3, 4, 5], weights=[30, 30, 22, 12, 6])[0]
        outlets = rng.sample(OUTLETS, k=n_outlets)
        if rng.random() < 0.06:
            outlets.append(rng.choice(UNKNOWN_OUTLETS))
        for outlet in outlets:
            canonical, _level, medium, domain, variants = outlet
            if canonical in PRINT_EDITIONS and rng.random() < 0.2:
                medium = "Báo in"
            headline = ctx.fill(rng.choice(story.headlines), rng, values=values)
            lede = ctx.fill(story.lede, rng, values=values)
            # Outlets run the same news on the day or the day after, never past the month's end.
            run_day = min(day + dt.timedelta(days=rng.choice([0, 0, 0, 1])), dt.date(year, month, last_day))
            published = dt.datetime.combine(run_day, dt.time(rng.randint(5, 22), rng.randrange(0, 60)))
            url = None
            if medium != "Báo in":
                url = f"https://{domain}/{slug(headline).lower()[:70].strip('-')}-{rng.randint(10**6, 10**8)}.htm"
            sentiment = story.sentiment if rng.random() < 0.45 else None
            views = None
            if medium == "Báo điện tử" and rng.random() < 0.35:
                views = int(rng.lognormvariate(math.log(9000 if story.sentiment != POS else 6000), 0.9))
            items.append(
                {
                    "published": published,
                    "outlet": variants[0] if rng.random() < 0.55 else rng.choice(variants),
                    "medium": medium,
                    "genre": rng.choice(GENRES[medium]),
                    "title": headline,
                    "lede": lede,
                    "url": url,
                    "sentiment": sentiment,
                    "views": views,
                }
            )
    items.sort(key=lambda r: (r["published"], r["outlet"], r["title"]))
    return items


def write_press(ctx: Context, inbox: Inbox) -> None:
    carried: list[dict] = []
    for year, month in ctx.months:
        rng = ctx.rng("press", "export", year, month)
        fresh = _press_month(ctx, year, month)
        # The service captures items of the month's last days again in the next month's export,
        # under a new ma_tin and with more views: the URL is what identifies them.
        items = carried + fresh
        tail = [i for i in fresh if i["url"] and i["published"].day >= 26]
        carried = [dict(i, views=i["views"] + rng.randint(200, 3000) if i["views"] else None) for i in tail[-3:]]
        rows = [PRESS_HEADER]
        for n, item in enumerate(items, start=1):
            rows.append(
                [
                    f"BC{year % 100:02d}{month:02d}-{n:04d}",
                    item["published"].strftime("%d/%m/%Y %H:%M"),
                    item["outlet"],
                    item["medium"],
                    item["genre"],
                    item["title"],
                    item["lede"],
                    item["url"],
                    item["sentiment"],
                    item["views"],
                ]
            )
        path = inbox.path(f"media/press/giam-sat-bao-chi_{year}-{month:02d}.csv")
        write_csv(path, rows, bom=True, quote_all=True)
        export_day = dt.date(year + (month == 12), month % 12 + 1, 2)
        inbox.record(path, at(export_day, 8, 30))


# ------------------------------------------------------------------ fanpage

PAGES = {
    "so": ("Sở Giáo dục và Đào tạo TP.HCM", "100064571208866", "So-GDDT-TPHCM", None),
    "ntmk": (
        "Trường THPT Nguyễn Thị Minh Khai",
        "100057720419331",
        "THPT-Nguyen-Thi-Minh-Khai",
        "Trường THPT Nguyễn Thị Minh Khai",
    ),
}
META_V1 = [
    "Post ID",
    "Page ID",
    "Page name",
    "Title",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Caption type",
    "Permalink",
    "Is crosspost",
    "Is share",
    "Post type",
    "Languages",
    "Custom labels",
    "Funded content status",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Reactions, Comments and Shares",
    "Reactions",
    "Comments",
    "Shares",
    "Total clicks",
    "Link clicks",
    "Other Clicks",
    "Negative feedback from users: Hide all",
    "Negative feedback from users: Hide",
]
META_V2 = [
    "Post ID",
    "Page ID",
    "Page name",
    "Title",
    "Description",
    "Duration (sec)",
    "Publish Time",
    "Caption type",
    "Permalink",
    "Is crosspost",
    "Is share",
    "Post type",
    "Languages",
    "Custom labels",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Reactions",
    "Comments",
    "Shares",
    "Total clicks",
    "Seconds viewed",
    "Average Seconds viewed",
]
# (page, period index) -> export version: Meta renamed columns between two exports.
META_VERSION = {("so", 0): 1, ("so", 1): 1, ("so", 2): 2, ("ntmk", 0): 1, ("ntmk", 1): 2, ("ntmk", 2): 2}
POST_TYPES = [("Photos", 45), ("Reels", 18), ("Links", 17), ("Videos", 12), ("Text", 8)]


def _post_text(ctx: Context, rng: random.Random, school: str | None) -> tuple[str, str]:
    task = rng.choice(ctx.task_codes)
    _form, _letters, template = rng.choice(ACTIVITIES[task])
    title = ctx.fill(template, rng, school=school)
    opener = rng.choice(POST_OPENERS)
    body = f"{opener} {title}".strip()
    if rng.random() < 0.6:
        body += "\n\nThông tin chi tiết xem tại Cổng thông tin điện tử của Sở hoặc liên hệ nhà trường."
    tags = " ".join(t for t in ["#GDDTTPHCM", HASHTAGS.get(task, "")] if t)
    return title, f"{body}\n{tags}"


def write_fanpage(ctx: Context, inbox: Inbox) -> None:
    for key, (page_name, page_id, file_part, school) in PAGES.items():
        lo, hi = ctx.scale.fanpage_posts[key]
        audience = 42000 if key == "so" else 4200
        for index, period in enumerate(ctx.periods):
            rng = ctx.rng("fanpage", key, period.key)
            version = META_VERSION[(key, index)]
            posts = []
            for _ in range(rng.randint(lo, hi)):
                day = period.window_start + dt.timedelta(
                    days=rng.randint(0, (period.window_end - period.window_start).days)
                )
                published = dt.datetime.combine(
                    day, dt.time(rng.choice([7, 8, 9, 11, 15, 17, 19, 20, 21]), rng.randrange(0, 60))
                )
                kind = rng.choices([t for t, _ in POST_TYPES], weights=[w for _, w in POST_TYPES])[0]
                title, text = _post_text(ctx, rng, school)
                reach = int(rng.lognormvariate(math.log(audience), 0.8))
                views = int(reach * rng.uniform(1.1, 1.9))
                reactions = int(reach * rng.uniform(0.01, 0.06))
                comments = int(reactions * rng.uniform(0.02, 0.2))
                shares = int(reactions * rng.uniform(0.01, 0.15))
                duration = rng.randint(12, 240) if kind in {"Reels", "Videos"} else None
                post_id = f"{page_id}_{rng.randint(10**15, 10**16 - 1)}"
                posts.append(
                    {
                        "Post ID": post_id.split("_")[1],
                        "Page ID": page_id,
                        "Page name": page_name,
                        "Title": title if kind in {"Reels", "Videos"} else None,
                        "Description": text,
                        "Duration (sec)": duration,
                        "publish": published.strftime("%m/%d/%Y %H:%M"),
                        "Caption type": None,
                        "Permalink": f"https://www.facebook.com/{page_id}/posts/{post_id.split('_')[1]}",
                        "Is crosspost": "No",
                        "Is share": "No",
                        "Post type": kind,
                        "Languages": None,
                        "Custom labels": None,
                        "Funded content status": None,
                        "Data comment": None,
                        "Date": "Lifetime",
                        "Views": views,
                        "Reach": reach,
                        "Reactions, Comments and Shares": reactions + comments + shares,
                        "Reactions": reactions,
                        "Comments": comments,
                        "Shares": shares,
                        "Total clicks": int(reach * rng.uniform(0.01, 0.08)),
                        "Link clicks": int(reach * rng.uniform(0.0, 0.02)) if kind == "Links" else 0,
                        "Other Clicks": int(reach * rng.uniform(0.005, 0.04)),
                        "Negative feedback from users: Hide all": rng.choice([0, 0, 0, 1]),
                        "Negative feedback from users: Hide": rng.choice([0, 0, 1, 2]),
                        "Seconds viewed": int(views * rng.uniform(3, 20)) if duration else None,
                        "Average Seconds viewed": round(rng.uniform(3, min(duration, 40)), 1) if duration else None,
                        "_sort": published,
                    }
                )
            posts.sort(key=lambda p: p["_sort"], reverse=True)  # Meta lists the newest first
            header = META_V1 if version == 1 else META_V2
            rows = [header] + [[p["publish"] if h.lower() == "publish time" else p[h] for h in header] for p in posts]
            name = f"{file_part}_{period.window_start:%Y-%m-%d}_{period.window_end:%Y-%m-%d}.csv"
            path = inbox.path(f"media/fanpage/{name}")
            write_csv(path, rows, bom=version == 2, line_end="\n")
            inbox.record(path, at(period.window_end + dt.timedelta(days=1), 9, 5))


# ------------------------------------------------------------------ web

SITES = {
    "so": (
        "Cổng thông tin điện tử Sở GDĐT TP.HCM (hcm.edu.vn)",
        "Cong-TTDT-So",
        [
            ("/", "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh", 3200, (1, 1, 1.2)),
            ("/tuyen-sinh", "Tuyển sinh - Sở GDĐT TP.HCM", 700, (0.8, 2.0, 4.0)),
            ("/tin-tuc", "Tin tức - Sở GDĐT TP.HCM", 850, (1, 1, 1)),
            ("/tuyen-sinh/lop-10-{next_sy}", "Tuyển sinh lớp 10 năm học {next_sy}", 120, (0.3, 2.5, 9.0)),
            ("/van-ban", "Văn bản chỉ đạo, điều hành", 420, (1, 1, 1)),
            ("/thu-tuc-hanh-chinh", "Thủ tục hành chính", 360, (1, 1.1, 1.2)),
            ("/lich-cong-tac", "Lịch công tác tuần", 240, (1, 1, 1)),
            ("/truong-hoc-hanh-phuc", "Trường học hạnh phúc", 140, (1.2, 1, 0.9)),
            ("/chuyen-doi-so", "Chuyển đổi số ngành giáo dục", 110, (1, 1.1, 1)),
            ("/tra-cuu-van-bang", "Tra cứu văn bằng, chứng chỉ", 160, (1, 1, 1)),
            ("/tuyen-sinh-dau-cap", "Tuyển sinh đầu cấp lớp 1, lớp 6", 90, (0.4, 0.7, 4.0)),
            ("/ngay-hoi-50-nam", "Ngày hội 50 năm Giáo dục và Đào tạo TP.HCM", 60, (3.0, 0.6, 0.2)),
        ],
    ),
    "ntmk": (
        "Website Trường THPT Nguyễn Thị Minh Khai",
        "THPT-NTMK",
        [
            ("/", "Trường THPT Nguyễn Thị Minh Khai", 420, (1, 1, 1.3)),
            ("/thong-bao", "Thông báo - THPT Nguyễn Thị Minh Khai", 160, (1, 1, 1)),
            ("/tin-tuc", "Tin tức - THPT Nguyễn Thị Minh Khai", 120, (1, 1, 1)),
            ("/tuyen-sinh-lop-10", "Tuyển sinh lớp 10 - THPT Nguyễn Thị Minh Khai", 60, (0.3, 1.5, 6.0)),
            ("/thoi-khoa-bieu", "Thời khóa biểu", 90, (1, 1, 0.6)),
            ("/gioi-thieu", "Giới thiệu trường", 25, (1, 1, 1.5)),
        ],
    ),
}
GA4_HEADER = [
    "Date",
    "Page path and screen class",
    "Page title",
    "Views",
    "Active users",
    "New users",
    "Average engagement time per active user",
    "Event count",
]
GA4_TOTALS = {("so", 0), ("so", 2), ("ntmk", 1)}


def write_web(ctx: Context, inbox: Inbox) -> None:
    for key, (property_name, file_part, pages) in SITES.items():
        pages = pages[: ctx.scale.web_pages[key]]
        for index, period in enumerate(ctx.periods):
            rng = ctx.rng("web", key, period.key)
            rows = []
            day = period.window_start
            while day <= period.window_end:
                weekend = 0.45 if day.weekday() >= 5 else 1.0
                for path, title, base, season in pages:
                    expected = base * season[index] * weekend * rng.lognormvariate(0, 0.25)
                    views = int(expected)
                    if views == 0:
                        continue
                    users = max(1, int(views * rng.uniform(0.55, 0.8)))
                    rows.append(
                        [
                            day.strftime("%Y%m%d"),
                            path.format(next_sy=ctx.next_school_year),
                            title.format(next_sy=ctx.next_school_year),
                            views,
                            users,
                            int(users * rng.uniform(0.25, 0.6)),
                            f"{rng.uniform(18, 140):.6f}".rstrip("0"),
                            int(views * rng.uniform(3.2, 6.5)),
                        ]
                    )
                day += dt.timedelta(days=1)
            rows.sort(key=lambda r: (r[0], -r[3], r[1]))
            if (key, index) in GA4_TOTALS:
                users = sum(r[4] for r in rows)
                weighted = sum(float(r[6]) * r[4] for r in rows) / users
                rows.insert(
                    0,
                    [
                        "",
                        "",
                        "",
                        sum(r[3] for r in rows),
                        users,
                        sum(r[5] for r in rows),
                        f"{weighted:.6f}",
                        sum(r[7] for r in rows),
                    ],
                )
            preamble = ga4_preamble(property_name, period)
            name = f"GA4_{file_part}_{period.window_start:%Y%m%d}-{period.window_end:%Y%m%d}.csv"
            path = inbox.path(f"media/web/{name}")
            write_text(path, preamble + csv_text([GA4_HEADER, *rows], quote_all=False, line_end="\n"))
            inbox.record(path, at(period.window_end + dt.timedelta(days=1), 10, 20))


# Page-level insights (sources.md §3b), one export per page and period in media/fanpage/pages/.
# The Department's page: English interface, a `sep=,` line, Page ID and name columns, ISO dates.
# The school's page: Vietnamese interface, a line naming the metric, named by the file name
# only, month-first dates. Quiet days (no follow, no unfollow) are left out, as Meta does.
PAGE_HEADERS = {
    "so": ["Date", "Page ID", "Page name", "Facebook followers", "Follows", "Unfollows", "Reach", "Visits"],
    "ntmk": [
        "Ngày",
        "Lượt theo dõi Facebook",
        "Lượt theo dõi mới",
        "Lượt bỏ theo dõi",
        "Lượt tiếp cận",
        "Lượt truy cập",
    ],
}
PAGE_FOLLOWERS = {"so": (412_000, (40, 160), (5, 40)), "ntmk": (18_500, (0, 14), (0, 5))}


def write_fanpage_pages(ctx: Context, inbox: Inbox) -> None:
    for key, (page_name, page_id, _file_part, _school) in PAGES.items():
        followers, gains, losses = PAGE_FOLLOWERS[key]
        for period in ctx.periods:
            rng = ctx.rng("fanpage_pages", key, period.key)
            rows = []
            day = period.window_start
            while day <= period.window_end:
                gained, lost = rng.randint(*gains), rng.randint(*losses)
                followers += gained - lost
                if gained or lost:
                    reach = int(followers * rng.uniform(0.02, 0.12))
                    visits = int(reach * rng.uniform(0.01, 0.05))
                    if key == "so":
                        rows.append([f"{day:%Y-%m-%d}", page_id, page_name, followers, gained, lost, reach, visits])
                    else:
                        rows.append([f"{day:%m/%d/%Y}", followers, gained, lost, reach, visits])
                day += dt.timedelta(days=1)
            if key == "so":
                name, preamble = (
                    f"{_file_part}_pages_{period.window_start:%Y-%m-%d}_{period.window_end:%Y-%m-%d}.csv",
                    "sep=,\n",
                )
            else:
                name, preamble = (
                    f"{page_name}_{period.window_start:%Y-%m-%d}_{period.window_end:%Y-%m-%d}.csv",
                    "Lượt theo dõi Facebook\n",
                )
            path = inbox.path(f"media/fanpage/pages/{name}")
            write_csv(path, [PAGE_HEADERS[key], *rows], line_end="\n", preamble=preamble)
            inbox.record(path, at(period.window_end + dt.timedelta(days=1), 9, 10))


def write(ctx: Context, inbox: Inbox) -> None:
    write_press(ctx, inbox)
    write_fanpage(ctx, inbox)
    write_fanpage_pages(ctx, inbox)
    write_web(ctx, inbox)
