"""The `ThongTin` sheet: key / value rows naming the unit, its code, the reporting period and the
date sent, and the preparer's name, phone and email, which are read only to be scrubbed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from orchestration.domain.text import clean_text
from orchestration.readers.unit_report.grid import fold

# ThongTin keys (folded), longest first when matched. Personal keys are only recognised so
# their values can be scrubbed from every other text of the same file.
_INFO_KEYS: dict[str, list[str]] = {
    "unit_name": ["ten don vi", "ten don vi bao cao", "don vi bao cao", "don vi", "ten co quan"],
    "unit_code": ["ma don vi", "ma so don vi", "ma dv", "ma"],
    "period": ["ky bao cao", "thoi ky bao cao", "loai bao cao"],
    "sent_date": ["ngay gui", "ngay gui bao cao", "ngay bao cao"],
    "personal": [
        "nguoi lap",
        "nguoi lap bieu",
        "nguoi bao cao",
        "nguoi phu trach",
        "can bo phu trach",
        "ho ten",
        "ho va ten",
        "dien thoai",
        "so dien thoai",
        "sdt",
        "dt",
        "dtdd",
        "email",
        "e mail",
        "thu dien tu",
        "dia chi email",
    ],
}
_INFO_ALIASES = sorted(
    ((alias, key) for key, aliases in _INFO_KEYS.items() for alias in aliases), key=lambda a: -len(a[0])
)


@dataclass
class Info:
    """What ThongTin says (key -> value), where (key -> Excel row and label), and the personal values."""

    values: dict[str, str | None]
    rows: dict[str, int]
    labels: dict[str, str]
    personal: list[str]


@lru_cache(maxsize=1024)
def _info_key(label: str) -> str | None:
    """The ThongTin key a label names; short aliases ('ma', 'dt') only when they are the whole label."""
    key_text = fold(label) or ""
    return next(
        (k for alias, k in _INFO_ALIASES if key_text == alias or (len(alias) > 3 and key_text.startswith(alias + " "))),
        None,
    )


def _is_hint(text: str) -> bool:
    """Template guidance beside an empty value, such as '(ghi đầy đủ tên đơn vị)'."""
    return text.startswith("(") and text.endswith(")")


def read_info(rows: list[tuple[str | None, ...]]) -> Info:
    """Key / value rows; the value is right of the key, or after a colon in the key's own cell."""
    values: dict[str, str | None] = {}
    line: dict[str, int] = {}
    labels: dict[str, str] = {}
    personal: list[str] = []
    for index, row in enumerate(rows):
        cells = [c for c in row if c is not None and not _is_hint(c)]
        if not cells:
            continue
        head, sep, tail = cells[0].partition(":")
        key = _info_key(head)
        if key is None:
            continue
        inline = clean_text(tail) if sep else None
        if key == "personal":
            personal += [v for v in [inline, *cells[1:]] if v]
            continue
        if key in values:
            continue
        values[key] = inline or (cells[1] if len(cells) > 1 else None)
        line[key] = index + 1
        labels[key] = clean_text(head) or head
    return Info(values, line, labels, personal)
