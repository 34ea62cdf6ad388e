"""Reference data built from its sources of truth, never typed from memory.

- the 15 tasks, their clusters and titles: parsed from the plan itself (section II), shipped
  in `reference/ke-hoach-truyen-thong-2025-2026.md`;
- lead and coordinating units per task: parsed from the plan's table in section IV.2, matched
  against the departments and groups the Office maintains as dbt seeds;
- the 168 commune-level units of Ho Chi Minh City: `reference/hcmc-wards.csv`, derived from the
  `vietnamadminunits` package's public functions by `tools/ward_reference.py` (a test checks that
  the file equals what the script derives from the installed package).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl

from orchestration.domain.text import clean_text, fold_key

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PLAN_FILE = PROJECT_ROOT / "reference" / "ke-hoach-truyen-thong-2025-2026.md"
SEEDS = PROJECT_ROOT / "dbt_project" / "seeds"

HCMC_PROVINCE_CODE = "79"
WARDS_FILE = PROJECT_ROOT / "reference" / "hcmc-wards.csv"
WARDS_SCHEMA: dict[str, pl.DataType] = {
    "ward_code": pl.String,
    "ward_name": pl.String,
    "ward_short_name": pl.String,
    "ward_type": pl.String,
    "area_km2": pl.Float64,
    "latitude": pl.Float64,
    "longitude": pl.Float64,
    "former_province": pl.String,
}


class ReferenceError(RuntimeError):
    """The reference sources disagree with what the warehouse expects of them."""


# ---------------------------------------------------------------- tasks (section II)

_CLUSTER = re.compile(r"Cụm chủ đề (\d+):\s*(.+?)\**$")
_TASK = re.compile(r"^\*?2\.(\d{1,2})\.\s*\*?(.+?)\*?\s*:")


def tasks() -> pl.DataFrame:
    """task_code, task_number, task_title, cluster, cluster_title: one row per task 2.1 .. 2.15."""
    rows, cluster, cluster_title = [], None, None
    for line in PLAN_FILE.read_text(encoding="utf-8").splitlines():
        text = clean_text(line) or ""
        if match := _CLUSTER.search(text):
            cluster, cluster_title = int(match[1]), match[2].strip("* ")
            continue
        if match := _TASK.match(text):
            if cluster is None:
                raise ReferenceError(f"task 2.{match[1]} appears before any cluster heading")
            rows.append(
                {
                    "task_code": f"2.{int(match[1])}",
                    "task_number": int(match[1]),
                    "task_title": match[2].strip("* "),
                    "cluster": cluster,
                    "cluster_title": cluster_title,
                }
            )
    frame = pl.DataFrame(rows)
    if frame.height != 15 or frame["task_number"].to_list() != list(range(1, 16)):
        raise ReferenceError(f"expected tasks 2.1 .. 2.15 in {PLAN_FILE.name}, found {frame.height}")
    return frame


# ---------------------------------------------------------------- units (section IV.2)


def _read_seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        return [{k: clean_text(v) or "" for k, v in row.items()} for row in csv.DictReader(handle)]


def departments() -> pl.DataFrame:
    """unit_code, unit_name and pipe-separated aliases of the Department's 10 departments."""
    return pl.DataFrame(_read_seed("ref_departments.csv"))


def unit_groups() -> pl.DataFrame:
    return pl.DataFrame(_read_seed("ref_unit_groups.csv"))


def _assignee_names() -> list[tuple[str, str, str]]:
    """(folded name, kind, code) for every department and group name and alias, longest first."""
    names = []
    for row in _read_seed("ref_departments.csv"):
        for name in [row["unit_name"], *row["aliases"].split("|")]:
            names.append((fold_key(name), "unit", row["unit_code"]))
    for row in _read_seed("ref_unit_groups.csv"):
        for name in [row["group_name"], *row["aliases"].split("|")]:
            names.append((fold_key(name), "group", row["group_code"]))
    return sorted({n for n in names if n[0]}, key=lambda n: -len(n[0]))


def parse_assignees(cell: str) -> list[dict[str, str | None]]:
    """Split a table cell such as 'Văn phòng (đối ngoại), Phòng QL CSGD ngoài công lập (yếu tố
    nước ngoài)' into assignees. Department names contain commas ('Phòng Học sinh, sinh viên'),
    so the cell is matched against known names rather than split; any leftover word is an error.
    """
    text = clean_text(cell) or ""
    notes = re.findall(r"\(([^)]*)\)", text)
    folded = fold_key(text) or ""
    found: list[tuple[int, str, str, str | None]] = []
    for name, kind, code in _assignee_names():
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", folded):
            start, end = match.span()
            if any(s < end and start < e for s, e, *_ in found):
                continue
            found.append((start, end, kind, code))
    # Parenthesised qualifiers ('đối ngoại', 'theo cấp học') are roles, not units: keep them as notes.
    for note in notes:
        note_key = fold_key(note) or ""
        for match in re.finditer(re.escape(note_key), folded):
            found.append((match.start(), match.end(), "note", note))
            break
    found.sort()
    leftover = folded
    for start, end, *_ in found:
        leftover = leftover[:start] + " " * (end - start) + leftover[end:]
    if leftover.strip():
        raise ReferenceError(f"unknown unit in the plan's table cell {cell!r}: {leftover.strip()!r}")
    out: list[dict[str, str | None]] = []
    for _, _, kind, code in found:
        if kind == "note":
            if out:
                out[-1]["role_note"] = code
            continue
        out.append({"assignee_kind": kind, "assignee_code": code, "role_note": None})
    return out


def task_assignments() -> pl.DataFrame:
    """task_code, role (lead / coordinating), assignee_kind (unit / group), assignee_code, role_note.

    The table numbers its rows 1..15 but misprints one "12" twice: the row's position, not
    its printed number, says which task it is, and the check below keeps that honest.
    """
    lines = PLAN_FILE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "Các phòng thuộc Sở" in line)
    table_rows = []
    for line in lines[start:]:
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) == 4 and re.fullmatch(r"\d{1,2}", cells[0]):
            table_rows.append(cells)
        if line.startswith("### ") and table_rows:
            break
    if len(table_rows) != 15:
        raise ReferenceError(f"expected 15 rows in the plan's section IV.2 table, found {len(table_rows)}")
    rows = []
    for position, (printed, _content, lead, coordinating) in enumerate(table_rows, start=1):
        if abs(int(printed) - position) > 1:
            raise ReferenceError(f"row {position} of the IV.2 table is numbered {printed}")
        for role, cell in (("lead", lead), ("coordinating", coordinating)):
            for assignee in parse_assignees(cell):
                rows.append({"task_code": f"2.{position}", "role": role, **assignee})
    return pl.DataFrame(rows)


# ---------------------------------------------------------------- wards (vietnamadminunits)


def wards() -> pl.DataFrame:
    """The 168 commune-level units: ward_code, ward_name, ward_short_name, ward_type, area_km2,
    latitude, longitude, former_province (the province most of its predecessor wards were in)."""
    frame = pl.read_csv(WARDS_FILE, schema=WARDS_SCHEMA)
    if frame.height != 168 or frame["former_province"].null_count():
        raise ReferenceError(
            f"{WARDS_FILE.name}: expected 168 units, each with a former province (python -m tools.ward_reference)"
        )
    return frame


# ---------------------------------------------------------------- 2030 targets (section I.1, 2.12)

_TARGETS = [
    ("standard_share_mam_non", "mam_non", "percent", r"mầm non đạt tỉ lệ ([\d,]+)%"),
    ("standard_share_tieu_hoc", "tieu_hoc", "percent", r"tiểu học đạt tỉ lệ ([\d,]+)%"),
    ("standard_share_thcs", "thcs", "percent", r"trung học cơ sở đạt tỉ lệ ([\d,]+)%"),
    ("standard_share_thpt", "thpt", "percent", r"trung học phổ thông đạt tỉ lệ ([\d,]+)%"),
    (
        "classrooms_per_10k",
        "all",
        "classrooms per 10,000 residents aged 3-18",
        r"tối thiểu ([\d.]+) phòng học/10\.000 dân",
    ),
    ("workforce_tertiary_share", "all", "percent", r"cao đẳng, đại học đạt ít nhất ([\d,]+)%"),
    ("stem_student_share", "all", "percent", r"khoa học cơ bản, kỹ thuật, công nghệ đạt ít nhất ([\d,]+)%"),
    ("classroom_project_4500", "all", "classrooms", r"Đề án xây dựng ([\d.]+) phòng học"),
]


def targets_2030() -> pl.DataFrame:
    """target_code, school_level, target_value, unit, quoted: the plan's 2030 targets, as it words them."""
    from orchestration.domain.numbers import parse_number

    # The plan's paragraph is broken across a page; join the whole text into one line first.
    text = " ".join(clean_text(line) or "" for line in PLAN_FILE.read_text(encoding="utf-8").splitlines())
    rows = []
    for code, level, unit, pattern in _TARGETS:
        match = re.search(pattern, text)
        if match is None:
            raise ReferenceError(f"the 2030 target {code} was not found in {PLAN_FILE.name}")
        rows.append(
            {
                "target_code": code,
                "school_level": level,
                "target_value": parse_number(match[1]),
                "unit": unit,
                "quoted": match[0],
            }
        )
    return pl.DataFrame(rows)
