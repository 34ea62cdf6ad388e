"""The measures section IV.6 of the plan names, read from the marts for one school year's
loaded periods: press by level, medium and genre; portal and website views; fanpage posts,
reach and engagement; media products by type; feedback handling; incidents with the measures
taken; and the plan's 2030 indicators (section I) with the coverage of their sources.

Each list holds rows for the whole sector (task_code None) and per task, so that the writers
print both from the same numbers."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from orchestration.reports.data import Row, _rows

LEVEL = {"central": "Trung ương", "city": "Thành phố", "other": "Khác (địa phương, chuyên ngành, chưa xác định)"}
PRODUCT_TYPE = {
    "infographic": "Infographic",
    "video": "Video, clip",
    "e_magazine": "E-magazine (báo điện tử dài)",
    "livestream": "Phát trực tiếp (livestream)",
    "podcast": "Podcast",
}
PRODUCT_SOURCE = {"unit_report": "Báo cáo của đơn vị", "fanpage": "Bài đăng Fanpage"}
# The plan's 2030 indicators of section I: (code, name, where the figure comes from).
INDICATORS_2030 = (
    ("workforce_tertiary_share", "Tỉ lệ lao động có trình độ cao đẳng, đại học trở lên"),
    ("stem_student_share", "Tỉ lệ học sinh, sinh viên ngành khoa học cơ bản, kỹ thuật, công nghệ"),
    ("classrooms_per_10k", "Số phòng học trên 10.000 dân trong độ tuổi đi học"),
    ("standard_share", "Tỉ lệ trường đạt chuẩn quốc gia"),
)


@dataclass
class Measures:
    press: list[Row]  # task_code (None: sector), outlet_level, media_type, genre, press_items
    web: list[Row]  # site, scope ('site' | 'task'), task_code, views
    fanpage: list[Row]  # page_name, task_code, posts, reach, engagement, rate_reach, rate_engagement
    products: list[Row]  # task_code, product_type, source, products, reach, products_with_reach
    feedback: list[Row]  # channel, received, answered, answered_within_deadline
    incidents: list[Row]  # one row per incident of the year
    indicators: list[Row]  # code, name, year, value, target, status, coverage (text), unit

    def press_by(self, dimension: str, task_code: str | None = None) -> list[tuple[str, int]]:
        """(value of the dimension, items), largest first, over the sector or one task."""
        totals: dict[str, int] = {}
        for r in self.press:
            if task_code is None or r["task_code"] == task_code:
                key = r[dimension] or "Chưa xác định"
                totals[key] = totals.get(key, 0) + int(r["press_items"])
        return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))

    def products_by_type(self, task_code: str | None = None) -> list[tuple[str, float, int, int]]:
        """(type, products, reach, products with a reach), over the sector or one task."""
        totals: dict[str, list[float]] = {}
        for r in self.products:
            if task_code is None or r["task_code"] == task_code:
                t = totals.setdefault(r["product_type"], [0.0, 0, 0])
                t[0] += float(r["products"] or 0)
                t[1] += int(r["reach"] or 0)
                t[2] += int(r["products_with_reach"] or 0)
        return sorted(((k, v[0], int(v[1]), int(v[2])) for k, v in totals.items()), key=lambda x: -x[1])

    def fanpage_totals(self, task_code: str | None = None) -> dict[str, float | int | None]:
        rows = (
            [r for r in self.fanpage if r["task_code"] == task_code]
            if task_code
            else [r for r in self.fanpage if r["task_code"] is None]
        )
        posts = sum(int(r["posts"]) for r in rows)
        reach = sum(int(r["reach"] or 0) for r in rows)
        engagement = sum(int(r["engagement"] or 0) for r in rows)
        rate_reach = sum(int(r["rate_reach"] or 0) for r in rows)
        rate_engagement = sum(int(r["rate_engagement"] or 0) for r in rows)
        return {
            "posts": posts,
            "reach": reach,
            "engagement": engagement,
            "engagement_rate": rate_engagement / rate_reach if rate_reach else None,
        }


def load(con: duckdb.DuckDBPyConnection, periods: list[str]) -> Measures:
    keys = periods or [""]
    marks = ", ".join("?" for _ in keys)
    within = f"period_key in ({marks})"
    return Measures(
        press=_rows(
            con,
            f"""select task_code, outlet_level, media_type, genre, sum(press_items) as press_items
                from marts.mart_press_coverage where {within} group by all order by all""",
            keys,
        ),
        web=_rows(
            con,
            f"""select site, scope, task_code, sum(views) as views from marts.mart_web_traffic
                where {within} and scope in ('site', 'task') group by all order by site, scope, task_code""",
            keys,
        ),
        # From the posts, so that the engagement rate is over the posts reporting both figures.
        fanpage=_rows(
            con,
            f"""with posts as (select * from marts.mart_fanpage_posts where {within}),
                scoped as (
                    select page_name, cast(null as varchar) as task_code, reach, engagement from posts
                    union all
                    select page_name, task_code, reach, engagement from posts where task_code is not null)
                select page_name, task_code, count(*) as posts, sum(reach) as reach, sum(engagement) as engagement,
                       sum(case when engagement is not null then reach end) as rate_reach,
                       sum(case when reach is not null then engagement end) as rate_engagement
                from scoped group by all order by page_name, task_code nulls first""",
            keys,
        ),
        products=_rows(
            con,
            f"""select task_code, product_type, source, sum(products) as products, sum(reach) as reach,
                       sum(products_with_reach) as products_with_reach
                from marts.mart_media_products where {within} group by all order by all""",
            keys,
        ),
        feedback=_rows(
            con,
            f"""select channel, sum(received) as received, sum(answered) as answered,
                       sum(answered_within_deadline) as answered_within_deadline
                from marts.mart_feedback where {within} group by all order by received desc, channel""",
            keys,
        ),
        incidents=_rows(
            con,
            f"""select unit_name, period_key, detected_date, severity, content, spread_channel, measures,
                       resolved_date, resolution_days, result
                from marts.mart_incidents where {within} order by detected_date, unit_name""",
            keys,
        ),
        indicators=_indicators(con),
    )


def _indicators(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """The 2030 indicators at their latest year, or the reason a figure is missing."""
    city = {r["indicator_code"]: r for r in _rows(con, "select * from marts.mart_city_indicators where is_latest_year")}
    rollup = _rows(
        con,
        """select year, wards_total, wards_reporting, classrooms_per_10k, classrooms_per_10k_target,
                  standard_share, standard_share_target, classrooms_status, standard_status
           from marts.mart_infrastructure_rollup where scope = 'city' and school_level = 'all' and is_latest_year""",
    )
    ward = rollup[0] if rollup else None
    coverage = (
        f"{ward['wards_reporting']}/{ward['wards_total']} phường, xã, đặc khu báo cáo"
        if ward
        else "chưa nhận được thống kê cơ sở vật chất của phường, xã nào"
    )
    found = []
    for code, name in INDICATORS_2030:
        if code in ("classrooms_per_10k", "standard_share"):
            value = ward[code] if ward else None
            target = ward[f"{code}_target"] if ward else None
            status = ward["classrooms_status" if code == "classrooms_per_10k" else "standard_status"] if ward else None
            unit = "phòng" if code == "classrooms_per_10k" else "%"
            found.append(
                {
                    "code": code,
                    "name": name,
                    "year": ward["year"] if ward else None,
                    "value": value,
                    "target": target,
                    "status": status,
                    "unit": unit,
                    "coverage": coverage if value is not None or ward is None else f"{coverage}: chưa đủ để tính",
                }
            )
        else:
            r = city.get(code)
            found.append(
                {
                    "code": code,
                    "name": name,
                    "year": r["year"] if r else None,
                    "value": r["value_pct"] if r else None,
                    "target": r["target"] if r else None,
                    "status": r["status"] if r else None,
                    "unit": "%",
                    "coverage": "Cục Thống kê Thành phố" if r else "chưa nhận được số liệu của Cục Thống kê Thành phố",
                }
            )
    return found
