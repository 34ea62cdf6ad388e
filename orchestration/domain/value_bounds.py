"""What a number in the inbox can mean: per field, the smallest and largest value, and why.

The bounds are the Office's seed `dbt_project/seeds/ref_value_bounds.csv` (family, field,
label, minimum, maximum, reason). A value outside them is a typing slip (a 308-digit "Số
lượng", a reach typed with three extra zeros), never a figure: the readers refuse it with the
bound and its reason, and the value never reaches a sum (where a huge one would make the total
infinite and the reports fail).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from orchestration.domain.reference import SEEDS

SEED = "ref_value_bounds.csv"


@dataclass(frozen=True)
class Bound:
    family: str
    field: str
    label: str
    minimum: float
    maximum: float
    reason: str

    def problem(self, value: float) -> str | None:
        """Why `value` cannot be this field's, or None when it is within the bound."""
        if self.minimum <= value <= self.maximum:
            return None
        return self._message(_shown(value), above=value > self.maximum)

    def above_template(self) -> str:
        """`problem` for a value above the maximum, with `{}` where the value goes (`pl.format`)."""
        return self._message("{}", above=True)

    def _message(self, shown: str, above: bool) -> str:
        side, limit, extreme = ("above", self.maximum, "most") if above else ("below", self.minimum, "least")
        return (
            f"{self.label} {shown} is {side} {limit:,.0f}, the {extreme} this field can mean: "
            f"{self.reason} (bounds: dbt_project/seeds/{SEED})"
        )


def _shown(value: float) -> str:
    """The value as a person would check it: whole numbers in full up to 15 digits, else 1.2e+307."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.6g}"


@lru_cache(maxsize=1)
def _bounds() -> dict[tuple[str, str], Bound]:
    out = {}
    with (SEEDS / SEED).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if any("{" in v or "}" in v for v in row.values()):
            raise ValueError(f"{SEED}: braces are not allowed in its text ({row['family']}.{row['field']})")
        bound = Bound(
            row["family"], row["field"], row["label"], float(row["minimum"]), float(row["maximum"]), row["reason"]
        )
        if (bound.family, bound.field) in out:
            raise ValueError(f"{SEED} lists {bound.family}.{bound.field} twice")
        out[(bound.family, bound.field)] = bound
    return out


def bound(family: str, field: str) -> Bound:
    """The bound of a field; a reader asking for a field the seed lacks is a programming error."""
    try:
        return _bounds()[(family, field)]
    except KeyError:
        raise KeyError(f"{SEED} has no bound for {family}.{field}") from None


def bound_problem(family: str, field: str, value: float | None) -> str | None:
    """Why `value` is outside its field's bound, or None (a blank is for the reader to judge)."""
    return None if value is None else bound(family, field).problem(value)
