"""Which inbox files a refresh must read: the new and changed ones, not the whole inbox again.

A family's raw tables keep their rows between refreshes. `raw.file_index_<family>` remembers,
per file, a key of everything its rows depend on: the bytes of the file (and of the files read
with it, such as a survey's questionnaire), anything else the family names (when the unit
report was received, the respondent salt) and the version of the code and reference data that
read it. A refresh reads only the files whose key differs, replaces the rows of those and of
the files that left the inbox, and keeps the rest. So a new period reads its own files, a
corrected workbook reads itself, and a change to a reader or to the reference data it looks
units and wards up in reads everything again, because the same bytes would now load
differently.

The key is a content hash (sha256), not a modification time: a file copied back unchanged is
not read again, and a file edited within the same second is.

Hashing every file on every refresh costs more than the refresh itself once little has changed
(a school year is 15,000 workbooks), so, as git does, the index also remembers each file's
stat (size, modification and change times in nanoseconds, inode, device) as it was when its
bytes were hashed, and a refresh reuses the stored hash when all five are the same. Writing a
file changes its change time (ctime), which no program can set back, so a file rewritten in
place with the same size and its old modification time restored is still hashed again. A stat
is only remembered once the file has been still for `SETTLE_NS` before it was hashed: a file
written again within the same tick of the file system's clock would keep the same times
(git's "racily clean" case), so a file that was that fresh is simply hashed again next time.
A re-read (`loaded(..., reread=True)`, `WAREHOUSE_REREAD`) ignores the index, stats included.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_module
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import duckdb
import polars as pl

from orchestration.domain.reference import PROJECT_ROOT
from orchestration.formats.inbox import InboxFileError, regular_file_sha256
from orchestration.warehouse.database import RAW_SCHEMA

# The code and reference data whose change can change what a file loads as.
# The readers and the layers below them (the domain and the file formats), and the classifier.
_CODE_TREES = ("orchestration/readers", "orchestration/domain", "orchestration/formats", "orchestration/classify")
_DATA_TREES = ("dbt_project/seeds", "reference")
_LIBRARIES = ("polars", "fastexcel", "pyvi")
INDEX_SCHEMA = {"source_file": pl.String, "file_key": pl.String, "content_sha256": pl.String}
# The stat of the file as it was when `content_sha256` was taken (null: hash it again next time).
# An index written without these columns is widened on its next write.
STAT_SCHEMA = {
    "file_size": pl.Int64,
    "file_mtime_ns": pl.Int64,
    "file_ctime_ns": pl.Int64,
    "file_inode": pl.UInt64,
    "file_device": pl.UInt64,
}
# How long a file must have been still, before it was hashed, for its stat to be trusted next
# time: a generous bound on file systems' timestamp granularity (FAT and some shares: 2 s).
SETTLE_NS = 3_000_000_000


def index_table(family: str) -> str:
    return f"file_index_{family}"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the readers, the shared helpers and the reference data they look up."""
    digest = hashlib.sha256()
    for tree, pattern in [
        *((t, "*.py") for t in _CODE_TREES),
        *((t, "*.csv") for t in _DATA_TREES),
        ("reference", "*.md"),
    ]:
        for path in sorted((PROJECT_ROOT / tree).rglob(pattern)):
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    for library in _LIBRARIES:
        digest.update(f"{library}={version(library)}".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class FileStat:
    """What git compares before trusting a stored hash: any write changes one of these."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, path: Path) -> FileStat | None:
        """The stat of a regular file (a link's own, never its target's); None for anything else."""
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat_module.S_ISREG(st.st_mode):
            return None
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)

    def settled(self, now_ns: int, settle_ns: int) -> bool:
        """Whether the file was last changed at least `settle_ns` before `now_ns` (a time in the
        future, from a skewed clock, never is)."""
        return now_ns - max(self.mtime_ns, self.ctime_ns) >= settle_ns


def content_sha256(path: Path) -> str | None:
    """The sha256 of a regular file's bytes; None for a link, FIFO or anything unreadable
    (those are refused by the reader, and read again on every refresh so the refusal stays)."""
    try:
        return regular_file_sha256(path)
    except (InboxFileError, OSError):
        return None


class Hasher:
    """The keys of one refresh's files, reusing the hash stored in the index (`before`) for a
    file whose stat is unchanged since it was hashed (the first path of each key only: the
    companions, such as a survey's questionnaire, are few and small and always hashed).

    `stats` collects, per source_file, the stat to store beside its hash (None: not settled, or
    not a regular file: hashed again next time); `hashed` and `reused` count first files."""

    def __init__(self, before: Loaded | None, settle_ns: int = SETTLE_NS) -> None:
        self.before = before
        self.settle_ns = settle_ns
        self.stats: dict[str, FileStat | None] = {}
        self.hashed = 0
        self.reused = 0

    def key(self, source_file: str | None, paths: Iterable[Path], extra: str = "") -> tuple[str | None, str | None]:
        """(key, sha256 of the first file) for a file read together with `paths[1:]`, remembering
        the first file's stat. A companion that is missing counts as missing (its absence changes
        what is loaded too)."""
        paths = list(paths)
        first = self._first(source_file, paths[0])
        if first is None:
            return None, None
        digests = [first]
        for path in paths[1:]:
            if not os.path.lexists(path):
                digests.append("absent")
                continue
            sha = content_sha256(path)
            if sha is None:
                return None, None
            digests.append(sha)
        return "|".join([*digests, extra, code_version()]), first

    def _first(self, source_file: str | None, path: Path) -> str | None:
        known = self.before.stats.get(source_file) if self.before is not None and source_file is not None else None
        seen = FileStat.of(path)
        if known is not None and seen == known:
            self.reused += 1
            if source_file is not None:
                self.stats[source_file] = known
            return self.before.index[source_file][1]
        self.hashed += 1
        now = time.time_ns()
        sha = content_sha256(path)
        after = FileStat.of(path)
        # The stat is kept only if the file did not change while it was read and had been still
        # long enough that a later write cannot leave the same times behind.
        trusted = sha is not None and seen is not None and seen == after and seen.settled(now, self.settle_ns)
        if source_file is not None:
            self.stats[source_file] = seen if trusted else None
        return sha

    def describe(self) -> str:
        return f"{self.hashed} files hashed, {self.reused} unchanged since hashed (size and times)"


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return (
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [RAW_SCHEMA, table],
        ).fetchall()[0][0]
        > 0
    )


@dataclass(frozen=True)
class Loaded:
    """What the raw tables of a family hold now."""

    index: dict[str, tuple[str, str]]  # source_file -> (key, content sha256) of files loaded and checked
    files: set[str]  # every file with rows or counts in the tables (a failed check leaves some unindexed)
    stats: dict[str, FileStat] = field(default_factory=dict)  # source_file -> stat when its sha256 was taken


def loaded(con: duckdb.DuckDBPyConnection, family: str, reread: bool = False) -> Loaded | None:
    """None when the family has no index yet (a new warehouse, or one from before indexes) or
    `reread` (WAREHOUSE_REREAD) is asked: then every file is read and every row replaced."""
    if reread or not _exists(con, index_table(family)):
        return None
    table = f"{RAW_SCHEMA}.{index_table(family)}"
    columns = {r[0] for r in con.execute(f"describe {table}").fetchall()}
    # An index written before stats were kept has none: its files are hashed once more.
    stat_columns = list(STAT_SCHEMA) if set(STAT_SCHEMA) <= columns else []
    selected = ", ".join(["source_file", "file_key", "content_sha256", *stat_columns])
    rows = con.execute(f"select {selected} from {table}").fetchall()
    files = {f for f, *_ in rows}
    if _exists(con, f"file_loads_{family}"):
        files |= {
            f for (f,) in con.execute(f"select distinct source_file from {RAW_SCHEMA}.file_loads_{family}").fetchall()
        }
    stats = {f: FileStat(*st) for f, _, _, *st in rows if stat_columns and None not in st}
    return Loaded(index={f: (k, s) for f, k, s, *_ in rows}, files=files, stats=stats)


@dataclass(frozen=True)
class Plan:
    """What one refresh does with a family's files."""

    read: list[str]  # files to read (new, changed, or unindexable), in the order given
    removed: list[str]  # indexed files no longer in the inbox
    everything: bool  # no usable index: every row of the family is replaced
    unchanged: int
    always: tuple[str, ...] = ()  # files re-read on every refresh, such as a receipt log

    @property
    def replaced(self) -> list[str]:
        """The files whose rows this refresh deletes (and re-inserts when still present)."""
        return sorted({*self.read, *self.removed, *self.always})

    def describe(self) -> str:
        if self.everything:
            return f"{len(self.read)} files read (no index of earlier loads: every file)"
        return f"{len(self.read)} files new or changed, {len(self.removed)} removed, {self.unchanged} unchanged"


def plan(current: dict[str, tuple[str | None, str | None]], before: Loaded | None) -> Plan:
    """Compare the inbox (`current`: source_file -> (key, sha)) with what is loaded."""
    if before is None:
        return Plan(read=list(current), removed=[], everything=True, unchanged=0)
    read = [f for f, (key, _) in current.items() if key is None or before.index.get(f, (None,))[0] != key]
    removed = sorted(before.files - set(current))
    return Plan(read=read, removed=removed, everything=False, unchanged=len(current) - len(read))


def _stat_row(st: FileStat | None) -> dict[str, int | None]:
    values = (st.size, st.mtime_ns, st.ctime_ns, st.inode, st.device) if st is not None else (None,) * 5
    return dict(zip(STAT_SCHEMA, values, strict=True))


def index_frame(
    current: dict[str, tuple[str | None, str | None]],
    files: Iterable[str],
    stats: dict[str, FileStat | None] | None = None,
) -> pl.DataFrame:
    """Index rows for the files just read (files without a key are left out: read every time),
    with the stat each was hashed at (`Hasher.stats`; null when unknown)."""
    stats = stats or {}
    rows = [
        {"source_file": f, "file_key": current[f][0], "content_sha256": current[f][1], **_stat_row(stats.get(f))}
        for f in files
        if current[f][0] is not None
    ]
    return pl.DataFrame(rows, schema={**INDEX_SCHEMA, **STAT_SCHEMA})


def restat(
    con: duckdb.DuckDBPyConnection,
    family: str,
    before: Loaded | None,
    stats: dict[str, FileStat | None],
    unchanged: Iterable[str],
) -> int:
    """Store the new stat of indexed files whose key did not change but whose stat did (touched,
    copied back, or indexed before stats were kept), so the next refresh need not hash them;
    returns how many rows were updated. Their hash is the same (it is part of the key), so the
    stat fits the stored hash whatever this refresh's checks say. Runs after the index rows of
    the files read are written, which adds the stat columns to an index from before them."""
    if before is None:
        return 0
    rows = [
        {"source_file": f, **_stat_row(stats[f])}
        for f in unchanged
        if f in stats and stats[f] is not None and before.stats.get(f) != stats[f]
    ]
    if not rows:
        return 0
    table = f"{RAW_SCHEMA}.{index_table(family)}"  # widened to the stat columns by the index write before
    con.register("_restat", pl.DataFrame(rows, schema={"source_file": pl.String, **STAT_SCHEMA}).to_arrow())
    try:
        assignments = ", ".join(f"{c} = s.{c}" for c in STAT_SCHEMA)
        con.execute(f"update {table} as t set {assignments} from _restat as s where t.source_file = s.source_file")
    finally:
        con.unregister("_restat")
    return len(rows)


def scope(p: Plan) -> tuple[str, list[object]]:
    """The `where` (and its parameters) selecting the rows this refresh replaces."""
    if p.everything:
        return "true", []
    return "list_contains(?, source_file)", [p.replaced]
