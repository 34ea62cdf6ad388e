"""Fanpage followers: Meta Business Suite page-level exports in `media/fanpage/pages/` ->
`fanpage_page_days` (one row per page and day).

Header names depend on the interface language and the export version, so they are matched
through `fold_key` against the known variants: Date / Ngày; Facebook followers / Lượt theo dõi
Facebook (the running total at the end of the day); Follows / Lượt theo dõi mới; Unfollows /
Lượt bỏ theo dõi; Reach / Lượt tiếp cận; Visits / Lượt truy cập. Some exports begin with a
`sep=,` line, or a line naming the metric, before the header: lines without a comma above the
header are skipped. The page is named by a Page name column, else by the file name
`<page name>_<from>_<to>.csv`; a Page ID column, when there is one, keeps a renamed page one
page. Days without activity may be missing: the mart reads the last day it has.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

import polars as pl

from orchestration.formats.csv_files import (
    LINE,
    CsvFileError,
    raw_col,
    read_csv_records,
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
)

FAMILY = "fanpage_pages"
FOLDER = "media/fanpage/pages"
TABLE = "fanpage_page_days"

PAGE_DAYS_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_row": pl.Int64,
    "page_id": pl.String,
    "page_name": pl.String,
    "day": pl.Date,
    "followers": pl.Int64,
    "follows": pl.Int64,
    "unfollows": pl.Int64,
    "reach": pl.Int64,
    "visits": pl.Int64,
    "period_key": pl.String,
}

PAGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "day": ("Date", "Ngày"),
    "page_id": ("Page ID", "ID Trang"),
    "page_name": ("Page name", "Tên Trang"),
    "followers": ("Facebook followers", "Lượt theo dõi Facebook", "Followers", "Người theo dõi"),
    "follows": ("Follows", "Lượt theo dõi mới", "New follows"),
    "unfollows": ("Unfollows", "Lượt bỏ theo dõi"),
    "reach": ("Reach", "Lượt tiếp cận", "Facebook reach", "Lượt tiếp cận trên Facebook"),
    "visits": ("Visits", "Lượt truy cập", "Facebook visits", "Lượt truy cập trên Facebook"),
}
COUNT_FIELDS = ("followers", "follows", "unfollows", "reach", "visits")
FOLLOWER_FIELDS = ("followers", "follows", "unfollows")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
# "<page name>_<from>_<to>.csv", the dates as Meta writes them in file names.
FILE_NAME = re.compile(r"^(?P<page>.+?)_(\d{4}-\d{2}-\d{2}|\d{8})_(\d{4}-\d{2}-\d{2}|\d{8})$")


def page_name_from_file(source_file: str) -> str | None:
    """'Sở GDĐT TP.HCM_2025-12-15_2026-03-14.csv' -> 'Sở GDĐT TP.HCM'."""
    found = FILE_NAME.match(Path(source_file).stem)
    return found.group("page").replace("_", " ").strip() or None if found else None


def _is_preamble(line: str) -> bool:
    # `sep=,`, a metric name ("Lượt theo dõi Facebook"), or a blank line: never a header, which
    # names at least the date and one metric.
    return "," not in line or line.strip().lower().startswith("sep=")


def _read_pages_file(path: Path, source_file: str) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    data = utf8_bytes(path)
    _, header_at, first_line = split_preamble(data, _is_preamble)
    records = read_csv_records(data, first_line=first_line, start=header_at)
    resolved = resolve_columns(records.header, PAGE_COLUMNS)
    found = ", ".join(repr(h) for h in records.header)
    if resolved["day"] is None:
        raise CsvFileError(f"required column 'Date' (Ngày) not found; the header has: {found}")
    if not any(resolved[f] for f in FOLLOWER_FIELDS):
        raise CsvFileError(
            "none of the follower columns 'Facebook followers', 'Follows', 'Unfollows' (Lượt theo dõi "
            f"Facebook, Lượt theo dõi mới, Lượt bỏ theo dõi) found; the header has: {found}"
        )
    named = page_name_from_file(source_file)
    if resolved["page_name"] is None and named is None:
        raise CsvFileError(
            "the page is not named: expected a 'Page name' column or a file name "
            f"'<page name>_<from>_<to>.csv' (dates as YYYY-MM-DD), got '{Path(source_file).name}'"
        )
    col = resolved.get
    frame = with_counts(records.frame, {f"__n_{f}": raw_col(resolved, f) for f in COUNT_FIELDS}, comma_thousands=True)
    frame = with_clean_text(frame, {"__t_page_id": col("page_id"), "__t_page_name": col("page_name")})
    day_raw = raw_col(resolved, "day")
    text = day_raw.str.strip_chars()
    frame = frame.with_columns(
        pl.coalesce([text.str.strptime(pl.Datetime("us"), fmt, strict=False) for fmt in DATE_FORMATS])
        .dt.date()
        .alias("day")
    )
    frame = frame.with_columns(period_key=period_keys(frame.get_column("day")))
    page_name = pl.coalesce(pl.col("__t_page_name"), pl.lit(named, dtype=pl.String))
    checks = [
        shape_check(records.header),
        Check(
            pl.col("day").is_null(),
            col("day"),
            day_raw,
            pl.when(trimmed_expr(day_raw).is_null())
            .then(pl.lit("the date is empty; expected YYYY-MM-DD or MM/DD/YYYY"))
            .otherwise(
                pl.format(
                    "expected the date as YYYY-MM-DD or MM/DD/YYYY (month first, as Meta writes it), got '{}'", day_raw
                )
            ),
        ),
        Check(
            pl.col("period_key").is_null(),
            col("day"),
            day_raw,
            pl.format(
                f"day {{}}, outside every reporting window the warehouse knows ({windows_text()})",
                pl.col("day").dt.strftime("%d/%m/%Y"),
            ),
        ),
        Check(
            page_name.is_null(),
            col("page_name"),
            raw_col(resolved, "page_name"),
            pl.lit("the Page name is empty and the file name does not name the page"),
        ),
    ]
    for field_name in COUNT_FIELDS:
        checks.append(
            Check(
                pl.col(f"__n_{field_name}__problem").is_not_null(),
                col(field_name),
                raw_col(resolved, field_name),
                pl.col(f"__n_{field_name}__problem"),
            )
        )
    kept, rejects = split_rejects(frame, checks, family=FAMILY, source_file=source_file)
    rows = kept.select(
        source_file=pl.lit(source_file, dtype=pl.String),
        source_row=pl.col(LINE),
        page_id=pl.col("__t_page_id"),
        page_name=page_name,
        day=pl.col("day"),
        **{f: pl.col(f"__n_{f}") for f in COUNT_FIELDS},
        period_key=pl.col("period_key"),
    )
    return rows, rejects, records.frame.height


def page_export_files(inbox: Path) -> list[tuple[Path, str]]:
    return media_files(inbox, "fanpage/pages")


def read_fanpage_pages(inbox: Path, only: Collection[str] | None = None) -> ReadResult:
    """Every page-level export under `inbox/media/fanpage/pages/` -> `fanpage_page_days`."""
    return run_reader(FAMILY, only_files(page_export_files(inbox), only), _read_pages_file, TABLE, PAGE_DAYS_SCHEMA)
