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
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import duckdb
import polars as pl

from orchestration.lib.inbox import InboxFileError, read_regular_file
from orchestration.lib.reference import PROJECT_ROOT
from orchestration.lib.warehouse import RAW_SCHEMA

# The code and reference data whose change can change what a file loads as.
_CODE_TREES = ("orchestration/readers", "orchestration/lib", "orchestration/classify")
_DATA_TREES = ("dbt_project/seeds", "reference")
_LIBRARIES = ("polars", "fastexcel", "pyvi")
INDEX_SCHEMA = {"source_file": pl.String, "file_key": pl.String, "content_sha256": pl.String}
# Set (to anything) to read every file again, whatever the index says.
FULL_REREAD_ENV = "WAREHOUSE_REREAD"


def index_table(family: str) -> str:
    return f"file_index_{family}"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the readers, the shared helpers and the reference data they look up."""
    digest = hashlib.sha256()
    for tree, pattern in [*((t, "*.py") for t in _CODE_TREES), *((t, "*.csv") for t in _DATA_TREES),
                          ("reference", "*.md")]:
        for path in sorted((PROJECT_ROOT / tree).rglob(pattern)):
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    for library in _LIBRARIES:
        digest.update(f"{library}={version(library)}".encode())
    return digest.hexdigest()[:16]


def content_sha256(path: Path) -> str | None:
    """The sha256 of a regular file's bytes; None for a link, FIFO or anything unreadable
    (those are refused by the reader, and read again on every refresh so the refusal stays)."""
    try:
        return hashlib.sha256(read_regular_file(path)).hexdigest()
    except (InboxFileError, OSError):
        return None


def file_key(paths: Iterable[Path], extra: str = "") -> tuple[str | None, str | None]:
    """(key, sha256 of the first file) for a file read together with `paths[1:]`.

    A companion that is missing counts as missing (its absence changes what is loaded too)."""
    paths = list(paths)
    digests = []
    for i, path in enumerate(paths):
        if i > 0 and not os.path.lexists(path):
            digests.append("absent")
            continue
        sha = content_sha256(path)
        if sha is None:
            return None, None
        digests.append(sha)
    return "|".join([*digests, extra, code_version()]), digests[0]


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [RAW_SCHEMA, table],
    ).fetchall()[0][0] > 0


@dataclass(frozen=True)
class Loaded:
    """What the raw tables of a family hold now."""

    index: dict[str, tuple[str, str]]  # source_file -> (key, content sha256) of files loaded and checked
    files: set[str]  # every file with rows or counts in the tables (a failed check leaves some unindexed)


def loaded(con: duckdb.DuckDBPyConnection, family: str) -> Loaded | None:
    """None when the family has no index yet (a new warehouse, or one from before indexes) or
    WAREHOUSE_REREAD is set: then every file is read and every row replaced."""
    if os.environ.get(FULL_REREAD_ENV) or not _exists(con, index_table(family)):
        return None
    rows = con.execute(f"select source_file, file_key, content_sha256 from {RAW_SCHEMA}.{index_table(family)}").fetchall()
    files = {f for f, *_ in rows}
    if _exists(con, f"file_loads_{family}"):
        files |= {f for (f,) in con.execute(f"select distinct source_file from {RAW_SCHEMA}.file_loads_{family}").fetchall()}
    return Loaded(index={f: (k, s) for f, k, s in rows}, files=files)


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


def index_frame(current: dict[str, tuple[str | None, str | None]], files: Iterable[str]) -> pl.DataFrame:
    """Index rows for the files just read (files without a key are left out: read every time)."""
    rows = [
        {"source_file": f, "file_key": current[f][0], "content_sha256": current[f][1]}
        for f in files if current[f][0] is not None
    ]
    return pl.DataFrame(rows, schema=INDEX_SCHEMA)


def scope(p: Plan) -> tuple[str, list[object]]:
    """The `where` (and its parameters) selecting the rows this refresh replaces."""
    if p.everything:
        return "true", []
    return "list_contains(?, source_file)", [p.replaced]
