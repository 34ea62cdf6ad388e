"""City indicators: the plan's citywide indicators, one value per year.

Rules, per data row, besides those of `rows.Row`: a year (not after the run's year), an
indicator recognised from its words, a value 0..100 in percent ("23,4%" -> 23.4; a value is
never rescaled: 0.234 stays 0.234).
"""

from __future__ import annotations

import polars as pl

from orchestration.domain.numbers import NumberFormatError, parse_number
from orchestration.domain.text import fold_key
from orchestration.readers.infrastructure.rows import Row

CITY_INDICATORS_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
    "year": pl.Int64,
    "indicator_code": pl.String,
    "indicator_name": pl.String,
    "value_pct": pl.Float64,
}

CITY_INDICATORS_COLUMNS: dict[str, list[str]] = {
    "year": ["năm", "năm thống kê"],
    "indicator": ["chỉ tiêu", "tên chỉ tiêu", "chỉ số", "nội dung chỉ tiêu"],
    "value": ["giá trị", "tỷ lệ", "tỉ lệ", "kết quả", "số liệu"],
}


def indicator_code(name: object) -> str | None:
    """Which of the plan's citywide indicators a written name is, from its words."""
    key = fold_key(name) or ""
    if key in {"workforce tertiary share", "stem student share"}:
        return key.replace(" ", "_")
    if "lao dong" in key and any(w in key for w in ("cao dang", "dai hoc", "trinh do")):
        return "workforce_tertiary_share"
    if any(w in key for w in ("khoa hoc co ban", "ky thuat", "cong nghe", "stem")):
        return "stem_student_share"
    return None


def city_indicator_row(row: Row) -> dict[str, object] | None:
    year = row.year("year")
    name = row.text("indicator")
    code = indicator_code(name)
    if name is None:
        row.problem("indicator", "the indicator (chỉ tiêu) is empty")
    elif code is None:
        row.problem(
            "indicator",
            "unknown indicator; expected the share of the workforce with a college or university "
            "degree, or the share of students in basic sciences, engineering and technology",
        )
    value = None
    try:
        value = parse_number(row.cells.get("value"))
        if value is None:
            row.problem("value", "the value is empty")
        elif not 0 <= value <= 100:
            row.problem("value", f"expected a percentage from 0 to 100, got {value:g}")
    except NumberFormatError as exc:
        row.problem("value", f"value: {exc}")
    if row.problems:
        return None
    return {"year": year, "indicator_code": code, "indicator_name": name, "value_pct": value}
