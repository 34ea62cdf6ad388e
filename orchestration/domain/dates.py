"""Dates and times as the inbox writes them: dd/mm/yyyy text, Excel serials, ISO; all in Hanoi time.

Every timestamp the warehouse stores is timezone-aware in Asia/Ho_Chi_Minh, the zone in which
the plan's windows and deadlines are defined.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

from orchestration.domain.excel_errors import error_reason, excel_error
from orchestration.domain.text import clean_text

HCM = ZoneInfo("Asia/Ho_Chi_Minh")

# Excel's day zero (serial 1) is 1900-01-01, but it counts a non-existent 1900-02-29, so
# serials after February 1900 are off by one from the naive epoch: 1899-12-30 absorbs it.
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# Serials from 1982 to 2064 are plausible here; anything else is more likely a count.
_SERIAL_RANGE = (30000, 60000)

_DMY = re.compile(
    r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)
_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[ T](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")

EXPECTED = "a date as dd/mm/yyyy, yyyy-mm-dd or an Excel date"


class DateFormatError(ValueError):
    """A cell that should hold a date and does not; the message says what was expected."""


def _from_parts(match: re.Match[str], text: str) -> dt.datetime:
    parts = match.groupdict()
    try:
        return dt.datetime(
            int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(parts.get("H") or 0),
            int(parts.get("M") or 0),
            int(parts.get("S") or 0),
        )
    except ValueError as exc:
        raise DateFormatError(f"expected {EXPECTED}, got {text!r} ({exc})") from None


def parse_datetime(value: object) -> dt.datetime | None:
    """A local (naive, Hanoi wall-clock) or aware datetime from any accepted form; blank is None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise DateFormatError(f"expected {EXPECTED}, got {value!r}")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        if not _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            raise DateFormatError(f"expected {EXPECTED}, got the number {value:g}")
        return _EXCEL_EPOCH + dt.timedelta(days=float(value))
    text = clean_text(value)
    if text is None:
        return None
    if (token := excel_error(text)) is not None:
        raise DateFormatError(error_reason(token))
    if match := _DMY.match(text):
        return _from_parts(match, text)
    if match := _ISO.match(text):
        parsed = _from_parts(match, text)
        tz = match.group("tz")
        if tz:
            return dt.datetime.fromisoformat(text.replace(" ", "T").replace("Z", "+00:00"))
        return parsed
    if match := _COMPACT.match(text):
        return _from_parts(match, text)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return parse_datetime(float(text))
    raise DateFormatError(f"expected {EXPECTED}, got {text!r}")


def parse_date(value: object) -> dt.date | None:
    parsed = parse_datetime(value)
    if parsed is None:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(HCM)
    return parsed.date()


def to_hcm(moment: dt.datetime, source_zone: ZoneInfo = HCM) -> dt.datetime:
    """Aware datetime in Hanoi time; a naive one is read as wall-clock time in `source_zone`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=source_zone)
    return moment.astimezone(HCM)
