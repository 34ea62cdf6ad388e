"""Publishing a finished build: the warehouse and its reports change together, in one rename.

DuckDB allows one writing process or many readers of a file, never both. Refreshes therefore
build into a copy (`warehouse.build_path`), and stage their reports beside it; only a build
whose blocking checks all passed is published. Publishing writes a new generation (the database
copy and the reports, see `publication`), flushes it to disk, then replaces the `current` link:
one atomic rename that changes the warehouse and its reports at once. Before that rename nothing
a reader sees has changed; after it, both have. The old generation is removed afterwards.

Test seam: with WAREHOUSE_PUBLISH_KILL_AT=<step> in the environment, the publishing process
SIGKILLs itself when it reaches that step (a name of `STEPS` or `ADOPTION_STEPS`), as a power cut
would; tests/unit/test_publish_faults.py kills a publish at each step and checks the pair.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.warehouse.publication import (
    ADOPTED,
    BUILD_ID_FILE,
    BUILD_TABLE,
    GENERATIONS,
    REPORTS,
    Layout,
    adopt_unlinked_layout,
    fsync_path,
    new_build_id,
    published_reports,
    remove_stale,
    replace_link,
)

KILL_AT_ENV = "WAREHOUSE_PUBLISH_KILL_AT"
# Every step of a publish, in order; a kill at any of them leaves a matching pair.
STEPS = (
    "start",
    "database-copied",
    "build-id-written",
    "reports-copied",
    "generation-synced",
    "links-ready",
    "new-link-made",
    "switched",
    "folder-synced",
    "cleaned",
)
# The steps that turn a folder from before generations into links (the first publish only).
ADOPTION_STEPS = ("adopted", "reports-set-aside", "reports-linked", "database-linked")

MIB = 2**20


class PublishError(RuntimeError):
    """The build could not be published; nothing readers see has changed."""


@dataclass(frozen=True)
class Published:
    path: Path
    size_bytes: int
    marts: int
    reports: list[Path]
    build_id: str
    warnings: list[str] = field(default_factory=list)


def _step(name: str) -> None:
    if os.environ.get(KILL_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _unchanged(layout: Layout) -> str:
    """The end of every failure message: what readers still see."""
    current = layout.current_generation()
    if current is not None and current.name == ADOPTED:
        return f"nothing was published: the warehouse and reports are unchanged (those of {current}, published before build ids)"
    if current is not None and current.is_dir():
        return f"nothing was published: the warehouse and reports are still those of build {current.name}"
    if layout.published.exists():
        return "nothing was published: the warehouse and reports are unchanged"
    return "nothing was published (nothing had been published here before)"


def _mib(size: int) -> str:
    return f"{size / MIB:.1f} MiB"


def _count_marts(database: Path) -> int:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute("select count(*) from information_schema.tables where table_schema = 'marts'").fetchone()[0]
    finally:
        con.close()


def _staged(staged_reports: Path | None) -> list[Path]:
    """The staged reports; hidden files are the staging folder's own bookkeeping (the data
    catalogue's key), not reports."""
    if staged_reports is None or not staged_reports.is_dir():
        return []
    return sorted(p for p in staged_reports.iterdir() if p.is_file() and not p.name.startswith("."))


# Stamping the generation's database with its build id adds a table, one DuckDB block (a quarter
# of a mebibyte) whatever the warehouse's size: room for four.
STAMP_BYTES = MIB


@dataclass(frozen=True)
class SpaceNeeded:
    database: int
    reports: int
    free: int

    @property
    def total(self) -> int:
        return self.database + STAMP_BYTES + self.reports

    def message(self, folder: Path, build: Path) -> str:
        return (
            f"a publish needs {_mib(self.total)} free in {folder} (the build copy {build}: {_mib(self.database)}, "
            f"its build id: {_mib(STAMP_BYTES)}, the reports: {_mib(self.reports)}); {_mib(self.free)} is free: "
            f"free at least {_mib(max(self.total - self.free, 0))} more"
        )


def _space_needed(folder: Path, build: Path, reports: list[Path]) -> SpaceNeeded:
    """What the new generation will take, in whole blocks of the folder's file system, beside
    what is free there (the published generation stays until the switch)."""
    stats = os.statvfs(folder)
    block = stats.f_frsize or 4096

    def blocks(size: int) -> int:
        return -(-size // block) * block

    # The generation's two folders and the build-id file take a block each.
    return SpaceNeeded(
        database=blocks(build.stat().st_size),
        reports=sum(blocks(p.stat().st_size) for p in reports) + 3 * block,
        free=stats.f_bavail * block,
    )


def _write_build_id(database: Path, build_id: str, report_names: list[str]) -> None:
    """Stamp the generation's own copy (never the build copy: the next refresh keeps writing
    that one, and its checks scan every table)."""
    con = duckdb.connect(str(database))
    try:
        con.execute("create schema if not exists publication")
        con.execute(
            f"create or replace table {BUILD_TABLE} as "
            "select ?::varchar as build_id, now() as published_at, ?::varchar[] as report_files",
            [build_id, report_names],
        )
        # Everything into the file itself: a write-ahead log would not travel with it.
        con.execute("checkpoint")
    finally:
        con.close()


def _write_generation(layout: Layout, build: Path, reports: list[Path], build_id: str) -> Path:
    generation = layout.generation(build_id)
    (generation / REPORTS).mkdir(parents=True)
    database = layout.database_in(generation)
    shutil.copyfile(build, database)
    _step("database-copied")
    _write_build_id(database, build_id, [p.name for p in reports])
    _step("build-id-written")
    for report in reports:
        shutil.copyfile(report, generation / REPORTS / report.name)
    (generation / REPORTS / BUILD_ID_FILE).write_text(build_id + "\n", encoding="utf-8")
    _step("reports-copied")
    for path in [database, *(generation / REPORTS).iterdir(), generation / REPORTS, generation, layout.generations]:
        fsync_path(path)
    _step("generation-synced")
    return generation


def _failure(exc: OSError | duckdb.Error, layout: Layout, space: SpaceNeeded, build: Path) -> str:
    """Why the new generation could not be written or switched to, in words an operator acts on."""
    if isinstance(exc, OSError):
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        what = f"{exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else "")
    else:  # DuckDB stamping the copy: its errors carry the system's message, not an errno
        full = "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc)
        what = str(exc).splitlines()[0]
    if full:
        return f"the disk filled up while writing the new publication ({what}): {space.message(layout.folder, build)} when it began"
    return f"could not publish in {layout.folder}: {what} (is the folder writable?)"


def publish(build: Path, published: Path, staged_reports: Path | None = None) -> Published:
    """Publish the build copy and the reports staged beside it as one new generation."""
    _step("start")
    layout = Layout(published)
    if not build.exists():
        raise PublishError(f"there is no build at {build} to publish; {_unchanged(layout)}")
    # Fold the write-ahead log into the file so that the copy is complete on its own.
    con = duckdb.connect(str(build))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    marts = _count_marts(build)
    if marts == 0:
        raise PublishError(f"the build at {build} has no marts; {_unchanged(layout)}")
    if layout.current.exists() and not layout.current.is_symlink():
        raise PublishError(
            f"{layout.current} should be the link to the published generation but is a file or folder: "
            f"move it away; {_unchanged(layout)}"
        )
    reports = _staged(staged_reports)
    try:
        layout.generations.mkdir(parents=True, exist_ok=True)
        # A write-ahead log beside the stable path belongs to no generation; DuckDB would replay
        # it onto whichever file the path leads to. Analysts' connections are read-only.
        Path(f"{published}.wal").unlink(missing_ok=True)
    except OSError as exc:
        raise PublishError(
            f"cannot write in {layout.folder}: {exc.strerror or exc} (is the folder writable?); {_unchanged(layout)}"
        ) from exc
    # Generations left by a killed publish free their space before it is measured.
    warnings = remove_stale(layout)
    space = _space_needed(layout.folder, build, reports)
    if space.total > space.free:
        raise PublishError(f"not enough space to publish: {space.message(layout.folder, build)}; {_unchanged(layout)}")

    build_id = new_build_id()
    try:
        generation = _write_generation(layout, build, reports, build_id)
        adopt_unlinked_layout(layout, _step)
        _step("links-ready")
        replace_link(layout.current, f"{GENERATIONS}/{build_id}", made=lambda: _step("new-link-made"))
    except (OSError, duckdb.Error) as exc:
        # Not switched: the new generation goes, and readers still see the one they saw.
        shutil.rmtree(layout.generation(build_id), ignore_errors=True)
        raise PublishError(f"{_failure(exc, layout, space, build)}; {_unchanged(layout)}") from exc
    _step("switched")

    # Published from here on: what follows is tidying, and its failures are warnings.
    try:
        fsync_path(layout.folder)
    except OSError as exc:
        warnings.append(f"could not flush {layout.folder} to disk: {exc.strerror or exc}")
    _step("folder-synced")
    warnings += remove_stale(layout)
    _step("cleaned")
    return Published(
        path=published,
        size_bytes=layout.database_in(generation).stat().st_size,
        marts=marts,
        reports=published_reports(layout.reports),
        build_id=build_id,
        warnings=warnings,
    )
