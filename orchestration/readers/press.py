"""Press coverage: the monitoring service's monthly CSV exports in `media/press/` -> `press_items`."""

from __future__ import annotations

from collections.abc import Collection, Iterable
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
    VALUE_DROPPED,
    Check,
    media_files,
    only_files,
    run_reader,
    shape_check,
    split_rejects,
)
from orchestration.readers.csv_values import (
    HCM_DATETIME,
    canonical_values,
    period_keys,
    quoted,
    trimmed_expr,
    windows_text,
    with_clean_text,
    with_counts,
    with_datetime,
    with_redacted_text,
)

FAMILY = "press"
TABLE = "press_items"

PRESS_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_row": pl.Int64,
    "item_id": pl.String,
    "published_at": HCM_DATETIME,
    "outlet_raw": pl.String,
    "media_type": pl.String,
    "genre": pl.String,
    "title": pl.String,
    "lede": pl.String,
    "url": pl.String,
    "url_key": pl.String,
    "url_host": pl.String,
    "sentiment_label": pl.String,
    "views": pl.Int64,
    "period_key": pl.String,
}

# Output field -> header names the service has used; matched through `fold_key`, so
# "ma_tin", "Mã tin" and "MA TIN" are the same column.
PRESS_COLUMNS: dict[str, tuple[str, ...]] = {
    "item_id": ("ma_tin", "Mã tin"),
    "published_at": ("ngay_dang", "Ngày đăng"),
    "outlet_raw": ("co_quan_bao_chi", "Cơ quan báo chí"),
    "media_type": ("loai_hinh", "Loại hình"),
    "genre": ("the_loai", "Thể loại"),
    "title": ("tieu_de", "Tiêu đề"),
    "lede": ("tom_tat", "Tóm tắt"),
    "url": ("url", "Đường dẫn"),
    "sentiment": ("sac_thai", "Sắc thái"),
    "views": ("luot_xem", "Lượt xem"),
}
PRESS_REQUIRED = ("item_id", "published_at", "outlet_raw", "media_type", "genre", "title", "url")

MEDIA_TYPES = ("Báo điện tử", "Báo in", "Truyền hình", "Phát thanh")
GENRES = ("Tin", "Bài", "Phóng sự", "Tọa đàm", "Phỏng vấn")
SENTIMENTS = {
    "tich cuc": "positive",
    "trung tinh": "neutral",
    "tieu cuc": "negative",
    "positive": "positive",
    "neutral": "neutral",
    "negative": "negative",
}
PRESS_DATE_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")

_SCHEME_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[Ww][Ww][Ww]\.)?([^/?#:]+)(?::\d+)?"


def url_host(url: pl.Expr) -> pl.Expr:
    """'https://www.TuoiTre.vn/a?x=1' -> 'tuoitre.vn': names the outlet when its name is unknown."""
    return url.str.extract(_SCHEME_HOST, 1).str.to_lowercase()


def url_key(url: pl.Expr, host: pl.Expr | None = None) -> pl.Expr:
    """The URL as the same article: scheme and 'www.' dropped, host lower-cased, tracking
    parameters (utm_*, fbclid), the #fragment and a trailing slash removed, so that
    'https://tuoitre.vn/a/?utm_source=fb' and 'http://www.tuoitre.vn/a' count once.

    `host`: `url_host(url)` when the caller has it already (it is the costly part)."""
    rest = (
        url.str.replace(_SCHEME_HOST, "")
        .str.replace(r"#.*$", "")
        .str.replace_all(r"(?:utm_[A-Za-z]+|fbclid)=[^&]*&?", "")
        .str.strip_chars_end("?&")  # r"[?&]+$", without a regular expression
        .str.strip_chars_end("/")
    )
    host = url_host(url) if host is None else host
    return pl.when(host.is_null()).then(url.str.strip_chars_end("/")).otherwise(pl.concat_str([host, rest]))


# ---------------------------------------------------------------------------------------------
# Press
# ---------------------------------------------------------------------------------------------


def _choice_check(canonical: str, raw: pl.Expr, column: str | None, label: str, accepted: Iterable[str]) -> Check:
    expected = ", ".join(accepted)
    return Check(
        pl.col(canonical).is_null(),
        column,
        raw,
        pl.when(trimmed_expr(raw).is_null())
        .then(pl.lit(f"the {label} is empty; expected one of {expected}"))
        .otherwise(pl.format(f"unknown {label} {{}}; expected one of {expected}", quoted(raw))),
    )


def _read_press_file(path: Path, source_file: str) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    data = utf8_bytes(path)
    _, header_at, first_line = split_preamble(data, lambda line: not line.strip())
    records = read_csv_records(data, first_line=first_line, start=header_at)
    resolved = resolve_columns(records.header, PRESS_COLUMNS)
    require_columns(resolved, PRESS_COLUMNS, PRESS_REQUIRED, records.header)
    frame = records.frame
    col = resolved.get

    frame = with_clean_text(
        frame,
        {f"__t_{f}": col(f) for f in ("item_id", "outlet_raw", "title", "lede", "media_type", "genre", "sentiment")},
    )
    frame = with_redacted_text(frame, ["__t_title", "__t_lede"])
    frame = with_datetime(
        with_counts(frame, {"__views": raw_col(resolved, "views")}, bounds={"__views": bound(FAMILY, "views")}),
        "published_at",
        raw_col(resolved, "published_at"),
        PRESS_DATE_FORMATS,
    )
    frame = frame.with_columns(
        period_key=period_keys(frame.get_column("published_at").dt.date()),
        media_type=canonical_values(frame.get_column("__t_media_type"), {fold_key(v): v for v in MEDIA_TYPES}),
        genre=canonical_values(frame.get_column("__t_genre"), {fold_key(v): v for v in GENRES}),
        sentiment_label=canonical_values(frame.get_column("__t_sentiment"), SENTIMENTS),
    )

    date_raw = raw_col(resolved, "published_at")
    sentiment_raw = raw_col(resolved, "sentiment")
    checks = [
        shape_check(records.header),
        Check(
            pl.col("published_at").is_null(),
            col("published_at"),
            date_raw,
            pl.when(trimmed_expr(date_raw).is_null())
            .then(pl.lit("the publication date is empty; expected dd/mm/yyyy HH:MM"))
            .otherwise(
                pl.format(
                    "expected the publication date as dd/mm/yyyy HH:MM (Hanoi time), got {}",
                    quoted(date_raw),
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
            pl.col("__t_outlet_raw").is_null(),
            col("outlet_raw"),
            raw_col(resolved, "outlet_raw"),
            pl.lit("the outlet (cơ quan báo chí) is empty"),
        ),
        _choice_check("media_type", raw_col(resolved, "media_type"), col("media_type"), "media type", MEDIA_TYPES),
        _choice_check("genre", raw_col(resolved, "genre"), col("genre"), "genre", GENRES),
        Check(
            pl.col("__t_title").is_null(),
            col("title"),
            raw_col(resolved, "title"),
            pl.lit("the title (tiêu đề) is empty"),
        ),
        Check(
            pl.col("__views__problem").is_not_null(),
            col("views"),
            raw_col(resolved, "views"),
            pl.col("__views__problem"),
        ),
        Check(
            pl.col("sentiment_label").is_null() & trimmed_expr(sentiment_raw).is_not_null(),
            col("sentiment"),
            sentiment_raw,
            pl.format(
                "unknown sentiment {}; expected Tích cực, Trung tính or Tiêu cực, or empty; "
                "the item is loaded without a sentiment",
                quoted(sentiment_raw),
            ),
            action=VALUE_DROPPED,
        ),
    ]
    kept, rejects = split_rejects(frame, checks, family=FAMILY, source_file=source_file)
    kept = kept.with_columns(__url=trimmed_expr(raw_col(resolved, "url")))
    kept = kept.with_columns(__url_host=url_host(pl.col("__url")))
    rows = kept.select(
        source_file=pl.lit(source_file, dtype=pl.String),
        source_row=pl.col(LINE),
        item_id=pl.col("__t_item_id"),
        published_at=pl.col("published_at"),
        outlet_raw=pl.col("__t_outlet_raw"),
        media_type=pl.col("media_type"),
        genre=pl.col("genre"),
        title=pl.col("__t_title"),
        lede=pl.col("__t_lede"),
        url=pl.col("__url"),
        url_key=url_key(pl.col("__url"), pl.col("__url_host")),
        url_host=pl.col("__url_host"),
        sentiment_label=pl.col("sentiment_label"),
        views=pl.col("__views"),
        period_key=pl.col("period_key"),
    )
    return rows, rejects, records.frame.height


def read_press(inbox: Path, only: Collection[str] | None = None) -> ReadResult:
    """Every press export under `inbox/media/press/` -> `press_items` (duplicates kept for dbt)."""
    return run_reader(FAMILY, only_files(media_files(inbox, "press"), only), _read_press_file, TABLE, PRESS_SCHEMA)
