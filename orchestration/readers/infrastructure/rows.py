"""The cells of one data row of an infrastructure file, read and checked.

Shared by the three kinds of file: counts (whole, non-negative, within their field's bound in
seed ref_value_bounds), dates, years (2000..2035), the school level (mam_non | tieu_hoc | thcs |
thpt) and the ward. A cell holding an Excel error value (#REF!, #DIV/0! ...) is its column's one
problem. Each problem found is kept with its column header and raw value: the row is then
rejected whole, with one quarantine row per problem.

The ward is resolved by `unit_matching.explain_ward` (pre-July-2025 names through the
vietnamadminunits converter; unresolved and ambiguous wards are problems, with the reason). A
pre-2025 file names the ward within its former district, in a district column (Quận/Huyện;
Thành phố/Thị xã in former Bình Dương and Bà Rịa - Vũng Tàu): the ward is then resolved as
"<ward>, <district>" ("Phường 12" alone is one of many; "Phường 12, Quận 3" is one ward), unless
the ward cell already names that district; a ward cell naming another district than the
district column is a problem.
"""

from __future__ import annotations

import datetime as dt
import re

from orchestration.domain.dates import DateFormatError, parse_date
from orchestration.domain.excel_errors import error_reason, excel_error
from orchestration.domain.numbers import NumberFormatError, parse_count
from orchestration.domain.text import clean_text, fold_key
from orchestration.domain.unit_matching import UnitMatch, explain_ward
from orchestration.domain.value_bounds import bound_problem
from orchestration.formats.excel import Header

FAMILY = "infrastructure"
YEAR_RANGE = (2000, 2035)

# Header aliases of the columns several kinds have. In a kind's columns, order matters where one
# alias is a prefix of another column's header: `find_header` gives a cell to the first column
# (in that order) whose alias starts it.
LEVEL_HEADERS = ["cấp học", "bậc học", "cấp"]
WARD_HEADERS = [
    "phường/xã",
    "phường, xã",
    "xã/phường",
    "phường/xã/đặc khu",
    "tên phường/xã",
    "đơn vị hành chính",
    "địa bàn",
    "địa điểm",
    "phường",
    "xã",
]
# The former district (before July 2025) a ward belonged to. Aliases are compared folded
# ('Quận / Huyện' -> 'quan huyen'), so the slash and comma variants are one alias each.
DISTRICT_HEADERS = [
    "quận/huyện",
    "huyện/quận",
    "tên quận/huyện",
    "quận",
    "huyện",
    "thành phố/thị xã",
    "thị xã/thành phố",
    "thành phố",
    "thị xã",
]

SCHOOL_LEVELS: dict[str, list[str]] = {
    "mam_non": ["mầm non", "MN", "mẫu giáo", "nhà trẻ", "giáo dục mầm non"],
    "tieu_hoc": ["tiểu học", "TH", "cấp 1", "cấp I"],
    "thcs": ["THCS", "trung học cơ sở", "cấp 2", "cấp II"],
    "thpt": ["THPT", "trung học phổ thông", "cấp 3", "cấp III"],
}
_LEVEL_BY_KEY = {fold_key(a): code for code, aliases in SCHOOL_LEVELS.items() for a in [code, *aliases]}

# A former district's folded name starts with its kind; the abbreviations only before a space
# or a digit ('Q.3', 'Q3', 'TP Thủ Đức'), so that 'Hóc Môn' keeps its 'h'.
_DISTRICT_KIND = re.compile(r"^(?:thanh pho|thi xa|quan|huyen|tp|tx|q|h)(?:\s+|(?=\d))")
_PROVINCES = {
    "thanh pho ho chi minh",
    "tp ho chi minh",
    "tp hcm",
    "tphcm",
    "ho chi minh",
    "hcm",
    "tinh binh duong",
    "binh duong",
    "tinh ba ria vung tau",
    "ba ria vung tau",
}


def school_level(value: object) -> str | None:
    return _LEVEL_BY_KEY.get(fold_key(value) or "")


def _district_key(text: str) -> str:
    """'Quận 03', 'Q.3', 'Q3' -> '3'; 'Thành phố Thủ Đức', 'TP. Thủ Đức' -> 'thuduc'."""
    folded = _DISTRICT_KIND.sub("", fold_key(text) or "")
    return re.sub(r"\b0+(?=\d)", "", folded).replace(" ", "")


def _names_a_district(part: str) -> bool:
    folded = fold_key(part) or ""
    return folded not in _PROVINCES and bool(_DISTRICT_KIND.match(folded))


def ward_with_district(ward: str, district: str | None) -> tuple[str, str | None]:
    """The ward text to resolve, '<ward>, <district>', and a reason when the two disagree.

    The district is not added again when the ward cell already names it ('Phường 6, Quận 3'
    or 'Phường 6 Quận 3' beside 'Quận 3'); it goes before a trailing province part.
    """
    if district is None:
        return ward, None
    parts = [p for p in (clean_text(x) for x in ward.split(",")) if p]
    key = _district_key(district)
    folded_district, folded_ward = fold_key(district) or "", fold_key(ward) or ""
    if any(_district_key(p) == key for p in parts[1:]) or (
        len(folded_district.split()) > 1 and folded_ward.endswith(" " + folded_district)
    ):
        return ward, None
    written = [p for p in parts[1:] if _names_a_district(p)]
    if written:
        return ward, f"the ward is written with the district {written[0]!r} but the district column says {district!r}"
    return ", ".join([parts[0], district, *parts[1:]]), None


class Row:
    """The known cells of one data row and the problems found while reading them."""

    def __init__(self, cells: dict[str, object], header: Header):
        self.cells = dict(cells)
        self.header = header
        self.problems: list[tuple[str, object, str]] = []  # (column header, raw value, reason)
        # A cell holding an Excel error (#REF!, #N/A ...) is the row's problem in that column: it
        # is read as blank afterwards, and nothing else is said about the column.
        self.failed: set[str] = set()
        for canon, value in cells.items():
            if (token := excel_error(clean_text(value))) is not None:
                self.problem(canon, error_reason(token), raw=token)
                self.failed.add(canon)
                self.cells[canon] = None

    def text(self, canon: str) -> str | None:
        return clean_text(self.cells.get(canon))

    def problem(self, canon: str | None, reason: str, raw: object = None, column: str | None = None) -> None:
        """A problem in column `canon`; `raw` and `column` replace its cell and header when given."""
        if canon in self.failed:
            return
        if column is None:
            column = clean_text(self.header.labels.get(canon, canon)) if canon else None
        if raw is None:
            raw = self.text(canon) if canon else None
        self.problems.append((column, raw, reason))

    def count(self, canon: str, label: str, required: bool = False) -> int | None:
        try:
            value = parse_count(self.cells.get(canon))
        except NumberFormatError as exc:
            self.problem(canon, f"{label}: {exc}")
            return None
        if value is None and required:
            self.problem(canon, f"{label} is empty")
        if (problem := bound_problem(FAMILY, canon, value)) is not None:
            self.problem(canon, problem)
            return None
        return value

    def date(self, canon: str, label: str) -> dt.date | None:
        try:
            return parse_date(self.cells.get(canon))
        except DateFormatError as exc:
            self.problem(canon, f"{label}: {exc}")
            return None

    def year(self, canon: str, fallback: int | None = None) -> int | None:
        if canon not in self.cells:
            return fallback
        raw = self.text(canon)
        try:
            value = parse_count(raw)
        except NumberFormatError:
            value = None
        if value is None or not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            self.problem(canon, f"expected a year from {YEAR_RANGE[0]} to {YEAR_RANGE[1]} such as 2025")
            return None
        return value

    def level(self, required: bool) -> str | None:
        raw = self.text("school_level")
        if raw is None:
            if required:
                self.problem("school_level", "the school level (cấp học) is empty")
            return None
        found = school_level(raw)
        if found is None:
            self.problem("school_level", "unknown school level; expected Mầm non, Tiểu học, THCS or THPT")
        return found

    def ward(self, required: bool) -> tuple[UnitMatch | None, str | None]:
        """Today's unit and the text it was resolved from (the ward with its former district)."""
        raw = self.text("ward")
        district = self.text("district")
        if raw is None:
            if required:
                self.problem("ward", "the ward (phường/xã) is empty")
            return None, None
        written, conflict = ward_with_district(raw, district)
        column = None
        if district is not None:
            column = f"{clean_text(self.header.labels['ward'])} + {clean_text(self.header.labels['district'])}"
        if conflict is not None:
            self.problem("ward", conflict, raw=f"{raw} | {district}", column=column)
            return None, written
        resolution = explain_ward(written)
        if resolution.match is None:
            self.problem(
                "ward",
                f"the ward cannot be resolved to one of today's units: {resolution.reason}",
                raw=written,
                column=column,
            )
        return resolution.match, written
