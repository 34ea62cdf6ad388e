"""What every family of the sample needs: the school year's periods, the reference data, and
one seeded random stream per purpose (so that one family's content never shifts another's).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sqlite3
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import vietnamadminunits

from orchestration.domain import reference
from orchestration.domain.dates import HCM
from orchestration.domain.periods import ReportingPeriod, school_year_periods
from orchestration.domain.text import strip_diacritics
from tools.sample.scales import Scale
from tools.sample.text_bank import SCHOOL_NAMES

_LEGACY_DB = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"


@dataclass(frozen=True)
class Ward:
    code: str
    name: str  # "Phường Bến Thành"
    short: str  # "Bến Thành"
    kind: str  # Phường | Xã | Đặc khu
    former_province: str
    area_km2: float


@dataclass(frozen=True)
class LegacyWard:
    district: str  # "Quận 3"
    name: str  # "Phường 12"
    province_code: str


@dataclass
class Context:
    seed: int
    school_year: str
    scale: Scale

    def rng(self, *purpose: object) -> random.Random:
        """A random stream of its own for each purpose: str seeds hash with SHA-512, stably."""
        return random.Random("/".join([str(self.seed), *map(str, purpose)]))

    # ------------------------------------------------------------- calendar

    @cached_property
    def periods(self) -> list[ReportingPeriod]:
        found = school_year_periods(self.school_year)
        if len(found) != 3:
            raise ValueError(f"school year {self.school_year!r} has no three reporting periods")
        return found

    @property
    def start_year(self) -> int:
        return int(self.school_year[:4])

    @property
    def next_school_year(self) -> str:
        return f"{self.start_year + 1}-{self.start_year + 2}"

    @property
    def year_start(self) -> dt.date:
        return self.periods[0].window_start

    @property
    def year_end(self) -> dt.date:
        return self.periods[-1].window_end

    @property
    def months(self) -> list[tuple[int, int]]:
        """(year, month) from September to June of the school year."""
        return [(self.start_year, m) for m in range(9, 13)] + [(self.start_year + 1, m) for m in range(1, 7)]

    # ------------------------------------------------------------- reference

    @cached_property
    def wards(self) -> list[Ward]:
        return [
            Ward(
                r["ward_code"],
                r["ward_name"],
                r["ward_short_name"],
                r["ward_type"],
                r["former_province"],
                r["area_km2"],
            )
            for r in reference.wards().iter_rows(named=True)
        ]

    def ward(self, name: str) -> Ward:
        return next(w for w in self.wards if w.name == name)

    @cached_property
    def legacy_wards(self) -> list[LegacyWard]:
        """Pre-July-2025 wards of the three former provinces, in the package's code order."""
        with sqlite3.connect(f"file:{_LEGACY_DB}?mode=ro", uri=True) as con:
            rows = con.execute(
                "select district, ward, provinceCode from admin_units_legacy "
                "where provinceCode in ('79', '74', '77') order by wardCode"
            ).fetchall()
        return [LegacyWard(d, w, p) for d, w, p in rows]

    @cached_property
    def departments(self) -> dict[str, str]:
        return {r["unit_code"]: r["unit_name"] for r in reference.departments().iter_rows(named=True)}

    @cached_property
    def task_codes(self) -> list[str]:
        return reference.tasks()["task_code"].to_list()

    @cached_property
    def roles(self) -> dict[str, tuple[list[str], list[str]]]:
        """unit code -> (tasks it leads, tasks it coordinates), groups expanded to members."""
        groups = {r["group_code"]: r["members"].split("|") for r in reference.unit_groups().iter_rows(named=True)}
        out: dict[str, tuple[list[str], list[str]]] = {code: ([], []) for code in self.departments}
        for row in reference.task_assignments().iter_rows(named=True):
            if row["assignee_kind"] == "unit":
                members = [row["assignee_code"]]
            else:
                members = groups[row["assignee_code"]]
                if members == ["*"]:
                    members = list(self.departments)
            for code in members:
                lead, coordinating = out[code]
                target = lead if row["role"] == "lead" else coordinating
                if row["task_code"] not in lead and row["task_code"] not in target:
                    target.append(row["task_code"])
        order = {code: i for i, code in enumerate(self.task_codes)}
        return {
            code: (sorted(lead, key=order.get), sorted(set(co) - set(lead), key=order.get))
            for code, (lead, co) in out.items()
        }

    @cached_property
    def lead_departments(self) -> list[str]:
        return [code for code in self.departments if self.roles[code][0]]

    # ------------------------------------------------------------- text

    def draw_values(self, rng: random.Random, *, ward: str | None = None, school: str | None = None) -> dict[str, str]:
        """One draw of every placeholder, so that several texts can tell the same news."""
        chosen = ward or rng.choice(self.wards).name
        return {
            "sy": self.school_year,
            "next_sy": self.next_school_year,
            "year": str(self.start_year + (1 if rng.random() < 0.5 else 0)),
            "ward": chosen,
            "ward_short": chosen.split(" ", 1)[1] if chosen.startswith(("Phường", "Xã")) else chosen,
            "school": school or rng.choice(SCHOOL_NAMES),
            "n": str(rng.randint(3, 48)),
            "big": f"{rng.randint(12, 380) * 10:,}".replace(",", "."),
        }

    def fill(
        self,
        template: str,
        rng: random.Random,
        *,
        ward: str | None = None,
        school: str | None = None,
        values: dict[str, str] | None = None,
    ) -> str:
        """Fill a phrase-bank template; unnamed wards and schools are drawn at random."""
        text = template.format(**(values or self.draw_values(rng, ward=ward, school=school)))
        return text[0].upper() + text[1:]


def slug(text: str) -> str:
    """ASCII file-name part: 'Phòng Học sinh, sinh viên' -> 'Phong-Hoc-sinh-sinh-vien'."""
    return re.sub(r"[^A-Za-z0-9]+", "-", strip_diacritics(text)).strip("-")


def at(day: dt.date, hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=HCM)


def random_day(rng: random.Random, start: dt.date, end: dt.date, *, weekdays: bool = True) -> dt.date:
    """A day in [start, end], mostly a working day when `weekdays`."""
    span = (end - start).days
    for _ in range(8):
        day = start + dt.timedelta(days=rng.randint(0, span))
        if not weekdays or day.weekday() < 5 or rng.random() < 0.15:
            return day
    return day
