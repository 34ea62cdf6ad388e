"""Fanpage posts: Meta Business Suite post-level exports in `media/fanpage/` -> `fanpage_posts`.

Meta renames columns between export versions ("Publish time" / "Publish Time", "Impressions"
then "Views", English or Vietnamese interface), so headers are matched through `fold_key`
against the known variants. Publish time is MM/DD/YYYY HH:MM in the page's time zone, taken
as Asia/Ho_Chi_Minh (the Department's pages are set to it).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from orchestration.domain.text import fold_key
from orchestration.domain.value_bounds import bound
from orchestration.formats.csv_files import (
    LINE,
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
    HCM_DATETIME,
    period_keys,
    trimmed_expr,
    windows_text,
    with_clean_text,
    with_counts,
    with_datetime,
    with_redacted_text,
)

FAMILY = "fanpage"
TABLE = "fanpage_posts"

FANPAGE_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_row": pl.Int64,
    "post_id": pl.String,
    "page_id": pl.String,
    "page_name": pl.String,
    "title": pl.String,
    "description": pl.String,
    "published_at": HCM_DATETIME,
    "post_type": pl.String,
    "permalink": pl.String,
    "views": pl.Int64,
    "reach": pl.Int64,
    "reactions": pl.Int64,
    "comments": pl.Int64,
    "shares": pl.Int64,
    "engagement": pl.Int64,
    "clicks": pl.Int64,
    "negative_feedback": pl.Int64,
    "period_key": pl.String,
}

# Output field -> header variants, first found wins (so "Total clicks" beats "Link clicks").
FANPAGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "post_id": ("Post ID", "ID bài viết"),
    "page_id": ("Page ID", "ID Trang"),
    "page_name": ("Page name", "Tên Trang"),
    "title": ("Title", "Tiêu đề"),
    "description": ("Description", "Mô tả"),
    "published_at": ("Publish time", "Published time", "Thời gian đăng", "Thời gian xuất bản"),
    "post_type": ("Post type", "Loại bài viết"),
    "permalink": ("Permalink", "Liên kết cố định", "Liên kết vĩnh viễn"),
    "views": ("Views", "Impressions", "Lượt xem", "Lượt hiển thị"),
    "reach": ("Reach", "Lượt tiếp cận", "Số người tiếp cận"),
    "engagement": (
        "Reactions, comments and shares",
        "Cảm xúc, bình luận và lượt chia sẻ",
    ),
    "reactions": ("Reactions", "Cảm xúc", "Lượt bày tỏ cảm xúc"),
    "comments": ("Comments", "Bình luận", "Lượt bình luận"),
    "shares": ("Shares", "Lượt chia sẻ"),
    "clicks": (
        "Total clicks",
        "Tổng số lượt click",
        "Link clicks",
        "Lượt click vào liên kết",
    ),
}
FANPAGE_REQUIRED = ("post_id", "published_at", "reach")
COUNT_FIELDS = ("views", "reach", "engagement", "reactions", "comments", "shares", "clicks")
# "Negative feedback from users: Hide", "...: Hide all", "...: Report as spam": summed.
NEGATIVE_FEEDBACK_PREFIXES = ("negative feedback", "phan hoi tieu cuc")
FANPAGE_DATE_FORMATS = (
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)


def _negative_feedback_columns(header: list[str]) -> list[str]:
    return [
        name for name in header if (key := fold_key(name)) is not None and key.startswith(NEGATIVE_FEEDBACK_PREFIXES)
    ]


def _read_fanpage_file(path: Path, source_file: str) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    data = utf8_bytes(path)
    _, header_at, first_line = split_preamble(data, lambda line: not line.strip())
    records = read_csv_records(data, first_line=first_line, start=header_at)
    resolved = resolve_columns(records.header, FANPAGE_COLUMNS)
    require_columns(resolved, FANPAGE_COLUMNS, FANPAGE_REQUIRED, records.header)
    col = resolved.get
    negative_columns = _negative_feedback_columns(records.header)

    counted: dict[str, tuple[str | None, pl.Expr]] = {}  # parsed column -> (header, raw)
    for field_name in COUNT_FIELDS:
        counted[f"__n_{field_name}"] = (col(field_name), raw_col(resolved, field_name))
    for index, name in enumerate(negative_columns):
        counted[f"__n_negative_{index}"] = (name, pl.col(name))
    frame = with_counts(
        records.frame,
        {target: raw for target, (_, raw) in counted.items()},
        comma_thousands=True,
        bounds={f"__n_{f}": bound(FAMILY, f) for f in COUNT_FIELDS},
    )
    frame = with_clean_text(
        frame,
        {f"__t_{f}": col(f) for f in ("post_id", "page_id", "page_name", "title", "description", "post_type")},
    )
    frame = with_redacted_text(frame, ["__t_title", "__t_description"])
    frame = with_datetime(frame, "published_at", raw_col(resolved, "published_at"), FANPAGE_DATE_FORMATS)
    frame = frame.with_columns(period_key=period_keys(frame.get_column("published_at").dt.date()))

    date_raw = raw_col(resolved, "published_at")
    checks = [
        shape_check(records.header),
        Check(
            pl.col("__t_post_id").is_null(),
            col("post_id"),
            raw_col(resolved, "post_id"),
            pl.lit("the Post ID is empty"),
        ),
        Check(
            pl.col("published_at").is_null(),
            col("published_at"),
            date_raw,
            pl.when(trimmed_expr(date_raw).is_null())
            .then(pl.lit("the publish time is empty; expected MM/DD/YYYY HH:MM"))
            .otherwise(
                pl.format(
                    "expected the publish time as MM/DD/YYYY HH:MM (month first, as Meta writes it), got {}",
                    pl.format("'{}'", date_raw),
                )
            ),
        ),
        Check(
            pl.col("period_key").is_null(),
            col("published_at"),
            date_raw,
            pl.format(
                f"published {{}}, outside every reporting window the warehouse knows ({windows_text()})",
                pl.col("published_at").dt.strftime("%d/%m/%Y"),
            ),
        ),
        Check(
            trimmed_expr(raw_col(resolved, "reach")).is_null(),
            col("reach"),
            raw_col(resolved, "reach"),
            pl.lit("the Reach is empty; expected the number of people reached"),
        ),
    ]
    for target, (header_name, raw) in counted.items():
        checks.append(
            Check(
                pl.col(f"{target}__problem").is_not_null(),
                header_name,
                raw,
                pl.col(f"{target}__problem"),
            )
        )
    kept, rejects = split_rejects(frame, checks, family=FAMILY, source_file=source_file)

    negative = [pl.col(f"__n_negative_{i}") for i in range(len(negative_columns))]
    reactions, comments, shares = (pl.col(f"__n_{f}") for f in ("reactions", "comments", "shares"))
    rows = kept.select(
        source_file=pl.lit(source_file, dtype=pl.String),
        source_row=pl.col(LINE),
        post_id=pl.col("__t_post_id"),
        page_id=pl.col("__t_page_id"),
        page_name=pl.col("__t_page_name"),
        title=pl.col("__t_title"),
        description=pl.col("__t_description"),
        published_at=pl.col("published_at"),
        post_type=pl.col("__t_post_type"),
        permalink=trimmed_expr(raw_col(resolved, "permalink")),
        views=pl.col("__n_views"),
        reach=pl.col("__n_reach"),
        reactions=reactions,
        comments=comments,
        shares=shares,
        # The export's own total when it has one, else the sum when all three parts are known.
        engagement=pl.coalesce(pl.col("__n_engagement"), reactions + comments + shares),
        clicks=pl.col("__n_clicks"),
        negative_feedback=(
            pl.when(pl.any_horizontal(e.is_not_null() for e in negative))
            .then(pl.sum_horizontal(negative))
            .otherwise(None)
            if negative
            else pl.lit(None, dtype=pl.Int64)
        ),
        period_key=pl.col("period_key"),
    )
    return rows, rejects, records.frame.height


# Page-level exports (followers) have their own folder and reader (readers/fanpage_pages.py).
PAGES_FOLDER = "media/fanpage/pages/"


def post_export_files(inbox: Path) -> list[tuple[Path, str]]:
    """The post-level exports: every file under `media/fanpage/` but the page-level ones."""
    return [(path, name) for path, name in media_files(inbox, "fanpage") if not name.startswith(PAGES_FOLDER)]


def read_fanpage(inbox: Path, only: Collection[str] | None = None) -> ReadResult:
    """Every Meta post export under `inbox/media/fanpage/` -> `fanpage_posts` (duplicates kept)."""
    return run_reader(FAMILY, only_files(post_export_files(inbox), only), _read_fanpage_file, TABLE, FANPAGE_SCHEMA)
