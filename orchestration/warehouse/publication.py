"""Where a publication lives: one folder per published build, and the links analysts open.

A publication is a warehouse file and the reports built from it. They must change together, and
no file system renames two paths at once; so each publication is one folder (a *generation*)
holding both, and one symbolic link says which generation is published:

    warehouse/
      warehouse.duckdb -> current/warehouse.duckdb   the path analysts open (never changes)
      reports          -> current/reports            the reports' path (never changes)
      current          -> generations/<build id>     the one link a publish replaces
      generations/<build id>/warehouse.duckdb
      generations/<build id>/reports/...             with .build-id, the build they come from

Replacing `current` is one rename, so a reader resolving either stable path finds the pair of one
generation. Links are relative, so the folder can be moved or shared as a whole. DuckDB resolves
the link when it opens the file and keeps that file open: a session keeps its generation until it
reconnects, even after the generation is removed (its inode lives until the last close).

The build id is also in the warehouse itself (`publication.build`), so the reports' `.build-id`
can be checked against the database they sit beside.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

GENERATIONS = "generations"
CURRENT = "current"
REPORTS = "reports"
BUILD_ID_FILE = ".build-id"  # in a generation's reports folder: the build they were made from
BUILD_TABLE = "publication.build"
# What a warehouse folder held before generations: adopted as the first generation.
ADOPTED = "before-generations"
REPORTS_SET_ASIDE = ".reports.before-generations"
LINK_SUFFIX = ".link-new"  # a link being made, renamed over its final name


@dataclass(frozen=True)
class Layout:
    """The paths of one warehouse folder; `published` is the path analysts open."""

    published: Path

    @property
    def folder(self) -> Path:
        return self.published.parent

    @property
    def reports(self) -> Path:
        return self.folder / REPORTS

    @property
    def current(self) -> Path:
        return self.folder / CURRENT

    @property
    def generations(self) -> Path:
        return self.folder / GENERATIONS

    def generation(self, build_id: str) -> Path:
        return self.generations / build_id

    def database_in(self, generation: Path) -> Path:
        return generation / self.published.name

    def current_generation(self) -> Path | None:
        """The generation `current` points to, or None when nothing was published this way."""
        if not self.current.is_symlink():
            return None
        return self.folder / os.readlink(self.current)


def new_build_id(now: dt.datetime | None = None) -> str:
    """Sortable by time, unique within a second: 20261207T091500Z-3f2a9c."""
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def build_id_of_database(database: Path) -> str | None:
    """The build id a published warehouse file carries, None for one published before build ids."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        found = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'publication' and table_name = 'build'"
        ).fetchone()[0]
        return con.execute(f"select build_id from {BUILD_TABLE}").fetchone()[0] if found else None
    finally:
        con.close()


def build_id_of_reports(reports: Path) -> str | None:
    try:
        return (reports / BUILD_ID_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def published_reports(reports: Path) -> list[Path]:
    """The reports of a publication, by their stable path (the bookkeeping file is not one)."""
    if not reports.is_dir():
        return []
    return sorted(reports / p.name for p in reports.iterdir() if p.is_file() and not p.name.startswith("."))


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_link(link: Path, target: str, made: Callable[[], None] | None = None) -> None:
    """Point `link` at `target` in one step: a new link beside it, renamed over it. `made` runs
    between the two (the publish's kill seam)."""
    fresh = link.parent / f".{link.name}{LINK_SUFFIX}"
    fresh.unlink(missing_ok=True)
    try:
        os.symlink(target, fresh)
    except OSError as exc:  # named by the link it could not make, not by the link's target
        raise OSError(exc.errno, exc.strerror, str(fresh)) from exc
    if made is not None:
        made()
    os.replace(fresh, link)


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link (same inode, no space, open connections unaffected), a copy where the file
    system has none."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        shutil.copy2(source, target)


def adopt_unlinked_layout(layout: Layout, step) -> None:
    """Turn the stable paths into links, the first time, without changing what readers see.

    A folder from before generations holds the warehouse file and a reports folder themselves:
    they become the generation `before-generations` (hard links: same files), `current` points
    to it, and each stable path is replaced by its link to the same content. Only then can a
    publish switch `current`. In an empty folder the links are made before `current` exists
    (dangling: nothing visible), so the first publish's switch makes both appear at once.
    `step(name)` marks each step (the publish's kill seam).
    """
    database_is_file = layout.published.exists() and not layout.published.is_symlink()
    reports_is_folder = layout.reports.is_dir() and not layout.reports.is_symlink()
    if database_is_file and layout.current_generation() is None:
        adopted = layout.generation(ADOPTED)
        shutil.rmtree(adopted, ignore_errors=True)
        (adopted / REPORTS).mkdir(parents=True)
        _link_or_copy(layout.published, layout.database_in(adopted))
        if reports_is_folder:
            for report in layout.reports.iterdir():
                if report.is_file():
                    _link_or_copy(report, adopted / REPORTS / report.name)
        replace_link(layout.current, f"{GENERATIONS}/{ADOPTED}")
        fsync_path(layout.folder)
        step("adopted")
    if reports_is_folder:
        # A link cannot be renamed over a folder: the folder steps aside, the link takes its name.
        # A kill between the two leaves no reports folder (never other reports); the next publish
        # puts the link back.
        set_aside = layout.folder / REPORTS_SET_ASIDE
        shutil.rmtree(set_aside, ignore_errors=True)
        os.rename(layout.reports, set_aside)
        step("reports-set-aside")
        try:
            replace_link(layout.reports, f"{CURRENT}/{REPORTS}")
        except OSError:
            os.rename(set_aside, layout.reports)  # the old reports back where readers find them
            raise
        step("reports-linked")
    elif not layout.reports.is_symlink():
        replace_link(layout.reports, f"{CURRENT}/{REPORTS}")
        step("reports-linked")
    if not layout.published.is_symlink():
        replace_link(layout.published, f"{CURRENT}/{layout.published.name}")
        step("database-linked")
    shutil.rmtree(layout.folder / REPORTS_SET_ASIDE, ignore_errors=True)
    fsync_path(layout.folder)


def remove_stale(layout: Layout) -> list[str]:
    """Remove every generation but the published one, and half-made links. Readers that have an
    old generation's file open keep reading it (unlinking removes the name, not the open file).
    Returns a warning per thing that could not be removed: never a reason to fail a publish."""
    in_use = layout.current_generation()
    warnings: list[str] = []
    leftovers = [layout.folder / f".{name}{LINK_SUFFIX}" for name in (CURRENT, REPORTS, layout.published.name)]
    # A publish of the layout before generations staged its copy here.
    leftovers.append(layout.folder / f".{layout.published.name}.publishing")
    for path in leftovers:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            warnings.append(f"could not remove {path}: {exc.strerror or exc}")
    if not layout.generations.is_dir():
        return warnings
    for generation in sorted(layout.generations.iterdir()):
        if in_use is not None and generation.name == in_use.name:
            continue
        try:
            if generation.is_dir() and not generation.is_symlink():
                shutil.rmtree(generation)
            else:
                generation.unlink()
        except OSError as exc:
            warnings.append(
                f"could not remove the old publication {generation}: {exc.strerror or exc}; remove it by hand"
            )
    return warnings
