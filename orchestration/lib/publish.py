"""Publishing a finished build: the file analysts open is replaced in one atomic step.

DuckDB allows one writing process or many readers of a file, never both. Refreshes therefore
build into a copy (`warehouse.build_path`), and only a build whose blocking checks all passed is
published: copied beside the published file under a temporary name, flushed to disk, checked to
open, then renamed over it. A rename is atomic on one file system, so a reader sees either the
old file or the new one; a connection already open keeps reading the old file until it closes
(its inode lives on), and a new connection opens the new one.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb


class PublishError(RuntimeError):
    """The build could not be published; the published file is untouched."""


@dataclass(frozen=True)
class Published:
    path: Path
    size_bytes: int
    marts: int
    reports: list[Path]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_atomically(source: Path, target: Path) -> None:
    """Copy `source` next to `target`, flush it, and rename it over `target`."""
    staging = target.parent / f".{target.name}.publishing"
    try:
        shutil.copyfile(source, staging)
        _fsync(staging)
        os.replace(staging, target)
    except OSError as exc:
        staging.unlink(missing_ok=True)
        raise PublishError(
            f"could not publish {source.name} to {target.parent}: {exc.strerror or exc} "
            f"(is the folder writable, is the disk full?); the published copy is unchanged"
        ) from exc
    _fsync(target.parent)


def _count_marts(database: Path) -> int:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts'"
        ).fetchone()[0]
    finally:
        con.close()


def publish(build: Path, published: Path, staged_reports: Path | None = None, reports: Path | None = None) -> Published:
    """Publish the build copy (and the reports staged beside it) over the published ones."""
    if not build.exists():
        raise PublishError(f"there is no build at {build} to publish")
    # Fold the write-ahead log into the file so that the copy is complete on its own.
    con = duckdb.connect(str(build))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    marts = _count_marts(build)
    if marts == 0:
        raise PublishError(f"the build at {build} has no marts; the published copy is unchanged")
    try:
        published.parent.mkdir(parents=True, exist_ok=True)
        # A write-ahead log beside the published file belongs to the old file; replayed onto
        # the new one it would corrupt it. Analysts' connections are read-only and never write one.
        Path(f"{published}.wal").unlink(missing_ok=True)
    except OSError as exc:
        raise PublishError(
            f"cannot write in {published.parent}: {exc.strerror or exc} (is the folder writable?); "
            f"the published copy is unchanged"
        ) from exc
    _replace_atomically(build, published)

    written: list[Path] = []
    if staged_reports is not None and reports is not None and staged_reports.is_dir():
        reports.mkdir(parents=True, exist_ok=True)
        for report in sorted(p for p in staged_reports.iterdir() if p.is_file()):
            if report.name.startswith("."):
                # The staging folder's own bookkeeping (the data catalogue's key), not a report;
                # earlier versions published it: that copy goes.
                (reports / report.name).unlink(missing_ok=True)
                continue
            _replace_atomically(report, reports / report.name)
            written.append(reports / report.name)
    return Published(path=published, size_bytes=published.stat().st_size, marts=marts, reports=written)
