"""Builds, staged reports and what a reader sees, for the publishing tests.

A build's one mart row holds its label, and each staged report says the same label: whoever
reads the published warehouse and the published reports can tell which build each comes from.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.warehouse.publication import build_id_of_database, build_id_of_reports


def build(path: Path, label: str, marts: bool = True, padding_rows: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    if marts:
        con.execute("create schema if not exists marts")
        con.execute("create or replace table marts.mart_task_quarter as select ? as label, 15 as tasks", [label])
        if padding_rows:
            # Random text, so that compression cannot shrink the file below the disk's size.
            con.execute(
                "create or replace table marts.padding as select range as n, "
                "gen_random_uuid()::varchar || gen_random_uuid()::varchar || gen_random_uuid()::varchar "
                f"|| gen_random_uuid()::varchar as t from range({padding_rows})"
            )
    else:
        con.execute("create schema if not exists raw")
        con.execute("create or replace table raw.only as select 1 as x")
    con.close()
    return path


def stage(build_copy: Path, label: str, names: tuple[str, ...] = ("bao-cao.html",)) -> Path:
    """The reports the refresh staged beside its build copy (any earlier ones go)."""
    staged = build_copy.parent / "reports"
    staged.mkdir(parents=True, exist_ok=True)
    for old in staged.iterdir():
        old.unlink()
    for name in names:
        (staged / name).write_text(f"<h1>{label}</h1>", encoding="utf-8")
    return staged


def label_of(con) -> str:
    return con.execute("select label from marts.mart_task_quarter").fetchone()[0]


@dataclass(frozen=True)
class Seen:
    """What a new reader finds at the published paths (None: the path leads nowhere)."""

    database_label: str | None
    database_build: str | None
    reports_labels: tuple[str, ...] | None
    reports_build: str | None

    @property
    def matching(self) -> bool:
        return (
            self.database_label is not None
            and self.reports_labels is not None
            and set(self.reports_labels) == {self.database_label}
            and self.database_build == self.reports_build
        )


def seen(published: Path) -> Seen:
    database_label = database_build = reports_labels = reports_build = None
    if published.exists():
        with duckdb.connect(str(published), read_only=True) as con:
            database_label = label_of(con)
        database_build = build_id_of_database(published)
    reports = published.parent / "reports"
    if reports.is_dir():
        reports_labels = tuple(
            re.fullmatch(r"<h1>(.*)</h1>", p.read_text(encoding="utf-8")).group(1)
            for p in sorted(reports.iterdir())
            if not p.name.startswith(".")
        )
        reports_build = build_id_of_reports(reports)
    return Seen(database_label, database_build, reports_labels, reports_build)


def legacy_folder(published: Path, label: str) -> None:
    """A warehouse folder as publishing left it before generations: the file and a reports folder."""
    build(published, label)
    (published.parent / "reports").mkdir()
    (published.parent / "reports" / "bao-cao.html").write_text(f"<h1>{label}</h1>", encoding="utf-8")


def mount_tmpfs(where: Path, options: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here ({done.stderr.strip() or 'not root'})")


def mount_read_only(folder: Path) -> None:
    """The folder, as it is, made read-only in place (a read-only bind mount of itself)."""
    done = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot bind-mount here ({done.stderr.strip()})")
    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)


def unmount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], check=False, capture_output=True)
