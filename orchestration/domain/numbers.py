"""Numbers as Vietnamese files write them: "12.500" (thousands dot), "38,5%" (decimal comma)."""

from __future__ import annotations

import math
import re

from orchestration.domain.excel_errors import error_reason, excel_error
from orchestration.domain.text import clean_text

# A leading 0 is never followed by a thousands separator: "0.385" is a fraction (an Excel
# percent cell read as text), not 385.
_THOUSANDS_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")
# Counts are stored as 64-bit integers; anything larger is a typing accident, not a figure.
_MAX_COUNT = 2**63 - 1
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")


class NumberFormatError(ValueError):
    """A cell that should hold a number and does not; the message says what was expected."""


def parse_number(value: object) -> float | None:
    """Parse a cell into a float; blank is None.

    Accepts numbers from Excel as they are, and text with "." as thousands separator and ","
    as decimal separator, an optional trailing "%" (the number is kept as written: "38,5%" ->
    38.5) and spaces inside. A lone "." followed by exactly three digits in groups ("12.500")
    is a thousands separator, as Vietnamese forms write it; otherwise it is a decimal point.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberFormatError(f"expected a number, got the boolean {value!r}")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        if not math.isfinite(float(value)):
            raise NumberFormatError(f"the number {value!r} is too large to be a real figure")
        return float(value)
    text = clean_text(value)
    if text is None:
        return None
    if (token := excel_error(text)) is not None:
        raise NumberFormatError(error_reason(token))
    compact = text.replace(" ", "").removesuffix("%")
    if "," in compact and "." in compact:
        if compact.rfind(",") > compact.rfind("."):
            compact = compact.replace(".", "").replace(",", ".")
        else:
            compact = compact.replace(",", "")
    elif "," in compact:
        compact = compact.replace(",", ".")
    elif _THOUSANDS_DOT.match(compact):
        compact = compact.replace(".", "")
    if not _PLAIN.match(compact):
        raise NumberFormatError(f"expected a number such as 12.500 or 38,5%, got {text!r}")
    number = float(compact)
    if not math.isfinite(number):
        raise NumberFormatError(f"the number {text[:30]!r}... is too large to be a real figure")
    return number


def parse_count(value: object) -> int | None:
    """A non-negative whole number (a count of items, views, people); blank is None."""
    number = parse_number(value)
    if number is None:
        return None
    if number < 0:
        raise NumberFormatError(f"expected a count of zero or more, got {number:g}")
    if number != int(number):
        raise NumberFormatError(f"expected a whole number, got {number:g}")
    if number > _MAX_COUNT:
        raise NumberFormatError(f"the count {number:g} is too large to be a real figure")
    return int(number)
