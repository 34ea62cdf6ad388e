"""Web portal traffic: GA4 report exports in `media/web/` -> `web_pageviews`.

A GA4 CSV opens with `#` comment lines that name the account and property and declare the
date range, then a blank line, the header row, sometimes a totals row, then one row per date
and page. The site is the property the comments name (the file name when they name none);
a row dated outside the declared range is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.domain.text import clean_text, fold_key
from orchestration.domain.value_bounds import bound
from orchestration.formats.csv_files import (
    LINE,
    CsvFileError,
    raw_col,
    read_csv_records,
    require_columns,
    resolve_columns,
    split_preamble,
    utf8_bytes,
)
from orchestration.readers import ReadResult
from orchestration.readers.csv_export import (
    Check,
    media_files,
    only_files,
    run_reader,
    shape_check,
    split_rejects,
)
from orchestration.readers.csv_values import (
    period_keys,
    trimmed_expr,
    windows_text,
    with_clean_text,
    with_counts,
    with_redacted_text,
)

FAMILY = "web"
TABLE = "web_pageviews"

WEB_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_row": pl.Int64,
    "site": pl.String,
    "view_date": pl.Date,
    "page_path": pl.String,
    "page_title": pl.String,
    "views": pl.Int64,
    "active_users": pl.Int64,
    "new_users": pl.Int64,
    "event_count": pl.Int64,
    "avg_engagement_seconds": pl.Float64,
    "period_key": pl.String,
}

WEB_COLUMNS: dict[str, tuple[str, ...]] = {
    "view_date": ("Date", "Ngày"),
    "page_path": (
        "Page path and screen class",
        "Page path + query string and screen class",
        "Page path",
        "Đường dẫn trang và lớp màn hình",
    ),
    "page_title": (
        "Page title",
        "Page title and screen class",
        "Page title and screen name",
        "Tiêu đề trang và lớp màn hình",
        "Tiêu đề trang",
    ),
    "views": ("Views", "Lượt xem"),
    "active_users": ("Active users", "Users", "Người dùng đang hoạt động"),
    "new_users": ("New users", "Người dùng mới"),
    "avg_engagement_seconds": (
        "Average engagement time per active user",
        "Average engagement time",
        "Thời gian tương tác trung bình trên mỗi người dùng đang hoạt động",
        "Thời gian tương tác trung bình",
    ),
    "event_count": ("Event count", "Số lượt sự kiện", "Số sự kiện"),
}
WEB_REQUIRED = ("view_date", "page_path", "views")
COUNT_FIELDS = ("views", "active_users", "new_users", "event_count")
TOTAL_LABELS = {"total", "totals", "grand total", "tong", "tong cong", "tong so"}
SEGMENT_NAMES = {"all users", "tat ca nguoi dung"}
_DASHES = re.compile(r"\s+[–—]\s+")  # "Account – Property" (GA4 writes an en dash)
_RANGE = re.compile(r"^(\d{8})\s*-\s*(\d{8})$")  # "# 20251215-20260314"


@dataclass(frozen=True)
class Ga4Preamble:
    site: str | None
    start: dt.date | None
    end: dt.date | None


def _declared_date(label: str, value: str) -> dt.date:
    text = (clean_text(value) or "").replace(" ", "")
    try:
        if not re.fullmatch(r"\d{8}", text):
            raise ValueError
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise CsvFileError(f"the comment line '# {label}: {value.strip()}' does not hold a date as YYYYMMDD") from None


def parse_preamble(lines: list[str]) -> Ga4Preamble:
    """Property and declared date range from GA4's `#` lines; lenient about their wording."""
    prop = dashed = free = None
    start = end = None
    for line in lines:
        body = clean_text(line.strip().lstrip("#"))
        if body is None or set(body) <= set("-–—=_* "):
            continue
        key, colon, value = body.partition(":")
        if colon:
            label = fold_key(key)
            if label in ("start date", "ngay bat dau"):
                start = _declared_date(key.strip(), value)
            elif label in ("end date", "ngay ket thuc"):
                end = _declared_date(key.strip(), value)
            elif label in ("property", "thuoc tinh"):
                prop = prop or clean_text(value)
            # other "key: value" lines are the report's name, account, filters: not the site
            continue
        if match := _RANGE.match(body):
            start = _declared_date("Start date", match[1])
            end = _declared_date("End date", match[2])
        elif fold_key(body) in SEGMENT_NAMES:
            continue
        elif _DASHES.search(body):
            dashed = dashed or clean_text(_DASHES.split(body, maxsplit=1)[1])
        else:
            free = free or body
    if start and end and start > end:
        raise CsvFileError(f"the declared date range runs backwards: {start:%Y%m%d} to {end:%Y%m%d}")
    return Ga4Preamble(site=prop or dashed or free, start=start, end=end)


def with_seconds(frame: pl.DataFrame, target: str, raw: pl.Expr) -> pl.DataFrame:
    """GA4 writes seconds with a decimal point ("45.5"); a decimal comma is accepted too.

    Not `with_counts`' rules: "45.123" is 45.123 seconds here, never 45 123. Adds `<target>`
    (Float64) and `<target>__problem`.
    """
    # Most columns hold plain decimals ("45.5", "0"): the cast is then the answer, and the
    # regular expressions below are skipped. Any other column takes the full road.
    plain = frame.select((raw.is_null() | raw.str.contains(r"^[0-9]{1,15}(\.[0-9]{1,15})?$")).all()).item()
    if plain:
        return frame.with_columns(
            raw.cast(pl.Float64).alias(target), pl.lit(None, dtype=pl.String).alias(f"{target}__problem")
        )
    compact = f"{target}__compact"
    frame = frame.with_columns(raw.str.replace_all(r"\s", "").alias(compact))
    c = pl.col(compact)
    frame = frame.with_columns(
        pl.when(c.str.len_chars() == 0)
        .then(None)
        .when(c.str.contains(r"^[+-]?\d+,\d+$"))
        .then(c.str.replace(",", ".", literal=True))
        .otherwise(c)
        .alias(compact)
    )
    frame = frame.with_columns(
        pl.when(c.str.contains(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"))
        .then(c.str.strip_prefix("+").cast(pl.Float64, strict=False))
        .otherwise(None)
        .alias(target)
    )
    number = pl.col(target)
    frame = frame.with_columns(
        pl.when(c.is_not_null() & number.is_null())
        .then(pl.format("expected a number of seconds such as 45.5, got '{}'", raw))
        .when(number < 0)
        .then(pl.format("expected zero seconds or more, got '{}'", raw))
        .otherwise(None)
        .alias(f"{target}__problem")
    )
    frame = frame.with_columns(
        pl.when(pl.col(f"{target}__problem").is_null()).then(number).otherwise(None).alias(target)
    )
    return frame.drop(compact)


def _read_web_file(path: Path, source_file: str) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    data = utf8_bytes(path)
    comments, header_at, first_line = split_preamble(
        data, lambda line: not line.strip() or line.lstrip().startswith("#")
    )
    preamble = parse_preamble(comments)
    site = preamble.site or clean_text(path.stem)
    records = read_csv_records(data, first_line=first_line, start=header_at)
    resolved = resolve_columns(records.header, WEB_COLUMNS)
    require_columns(resolved, WEB_COLUMNS, WEB_REQUIRED, records.header)
    col = resolved.get

    frame = records.frame
    # A totals row right under the header is a sum, not a data row: dropped, not counted.
    # GA4 leaves the dimension cells of that row empty (or writes "Total"), so a data row that
    # merely lacks its date is still read, and refused, rather than dropped.
    if frame.height:
        dimensions = [records.header[0], *(col(f) for f in ("view_date", "page_path", "page_title"))]
        if all(
            fold_key(frame.item(0, name)) in (None, *TOTAL_LABELS)
            for name in dict.fromkeys(d for d in dimensions if d is not None)
        ):
            frame = frame.slice(1)

    date_raw = raw_col(resolved, "view_date")
    date_text = date_raw.str.strip_chars()
    frame = with_clean_text(frame, {"__t_page_path": col("page_path"), "__t_page_title": col("page_title")})
    frame = with_redacted_text(frame, ["__t_page_title"])
    frame = with_counts(
        frame,
        {f"__n_{f}": raw_col(resolved, f) for f in COUNT_FIELDS},
        comma_thousands=True,
        bounds={f"__n_{f}": bound(FAMILY, f) for f in COUNT_FIELDS},
    )
    frame = with_seconds(frame, "__seconds", raw_col(resolved, "avg_engagement_seconds"))
    frame = frame.with_columns(
        view_date=pl.when(date_text.str.contains(r"^\d{8}$")).then(
            date_text.str.strptime(pl.Date, "%Y%m%d", strict=False)
        ),
    )
    frame = frame.with_columns(period_key=period_keys(frame.get_column("view_date")))

    start, end = preamble.start, preamble.end
    declared = f"{start:%Y%m%d}" if start else "the beginning"
    declared += f" to {end:%Y%m%d}" if end else " onwards"
    outside_range = pl.lit(False)
    if start is not None:
        outside_range = outside_range | (pl.col("view_date") < start)
    if end is not None:
        outside_range = outside_range | (pl.col("view_date") > end)

    checks = [
        shape_check(records.header),
        Check(
            pl.col("view_date").is_null(),
            col("view_date"),
            date_raw,
            pl.when(trimmed_expr(date_raw).is_null())
            .then(pl.lit("the date is empty; expected YYYYMMDD"))
            .otherwise(pl.format("expected the date as YYYYMMDD, got '{}'", date_raw)),
        ),
        Check(
            outside_range,
            col("view_date"),
            date_raw,
            pl.format(
                f"dated {{}}, outside the range the file declares ({declared})",
                pl.col("view_date").dt.strftime("%Y%m%d"),
            ),
        ),
        Check(
            pl.col("period_key").is_null(),
            col("view_date"),
            date_raw,
            pl.format(
                f"dated {{}}, outside every reporting window the warehouse knows ({windows_text()})",
                pl.col("view_date").dt.strftime("%d/%m/%Y"),
            ),
        ),
        Check(
            pl.col("__t_page_path").is_null(),
            col("page_path"),
            raw_col(resolved, "page_path"),
            pl.lit("the page path is empty"),
        ),
        Check(
            trimmed_expr(raw_col(resolved, "views")).is_null(),
            col("views"),
            raw_col(resolved, "views"),
            pl.lit("the number of views is empty"),
        ),
    ]
    for field_name in COUNT_FIELDS:
        problem = pl.col(f"__n_{field_name}__problem")
        checks.append(Check(problem.is_not_null(), col(field_name), raw_col(resolved, field_name), problem))
    checks.append(
        Check(
            pl.col("__seconds__problem").is_not_null(),
            col("avg_engagement_seconds"),
            raw_col(resolved, "avg_engagement_seconds"),
            pl.col("__seconds__problem"),
        )
    )
    kept, rejects = split_rejects(frame, checks, family=FAMILY, source_file=source_file)
    rows = kept.select(
        source_file=pl.lit(source_file, dtype=pl.String),
        source_row=pl.col(LINE),
        site=pl.lit(site, dtype=pl.String),
        view_date=pl.col("view_date"),
        page_path=pl.col("__t_page_path"),
        page_title=pl.col("__t_page_title"),
        views=pl.col("__n_views"),
        active_users=pl.col("__n_active_users"),
        new_users=pl.col("__n_new_users"),
        event_count=pl.col("__n_event_count"),
        avg_engagement_seconds=pl.col("__seconds"),
        period_key=pl.col("period_key"),
    )
    return rows, rejects, frame.height


def read_web_analytics(inbox: Path, only: Collection[str] | None = None) -> ReadResult:
    """Every GA4 export under `inbox/media/web/` -> `web_pageviews` (duplicates kept)."""
    return run_reader(FAMILY, only_files(media_files(inbox, "web"), only), _read_web_file, TABLE, WEB_SCHEMA)
