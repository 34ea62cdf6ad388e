"""Taking workbooks in: the receipt log, the files of the folder, when each was received, and
each file's bytes read and hashed, or the file refused before it is opened.

Taking files in is the one order-dependent step of the reader: files are taken in receipt order
(earliest first), so the first copy of identical bytes is the one kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.domain.dates import HCM
from orchestration.domain.text import fold_key
from orchestration.formats.inbox import InboxFileError, inbox_files, read_regular_file, relative_text
from orchestration.formats.workbook_guard import MAX_FILE_BYTES
from orchestration.readers.quarantine import Reject
from orchestration.readers.unit_report.schema import FAMILY, FOLDER, RECEIPT_LOG, RECEIPT_LOG_PATH

# A line per workbook received (15,000 a school year, about 1 MB): read whole and parsed in Python.
RECEIPT_LOG_MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Receipts:
    """When each workbook was received, from `unit_reports/_received.csv` (path -> aware time)."""

    times: dict[str, dt.datetime] = field(default_factory=dict)
    rejects: tuple[Reject, ...] = ()

    def lookup(self, relative: str) -> dt.datetime | None:
        key = _path_key(relative)
        if key in self.times:
            return self.times[key]
        # A log that names only the file (not its sub-folder) still identifies it when unique.
        found = self._by_name.get(key.rsplit("/", 1)[-1], [])
        return found[0] if len(found) == 1 else None

    @property
    def _by_name(self) -> dict[str, list[dt.datetime]]:
        if "_names" not in self.__dict__:
            names: dict[str, list[dt.datetime]] = {}
            for key, moment in self.times.items():
                names.setdefault(key.rsplit("/", 1)[-1], []).append(moment)
            object.__setattr__(self, "_names", names)
        return self.__dict__["_names"]


def _path_key(text: str) -> str:
    key = unicodedata.normalize("NFC", text.strip().replace("\\", "/"))
    while key.startswith("./"):
        key = key[2:]
    if key.startswith(f"{FOLDER}/"):
        key = key[len(FOLDER) + 1 :]
    return key


# A receipt time later than the run by more than this is wrong, not early: the Office's document
# system and this machine may disagree by minutes, and a time written in the wrong zone by hours.
CLOCK_TOLERANCE = dt.timedelta(days=1)


def _latest_believable(now: dt.datetime | None = None) -> dt.datetime:
    return (now or dt.datetime.now(HCM)) + CLOCK_TOLERANCE


def read_receipts(inbox: Path, now: dt.datetime | None = None) -> Receipts:
    """The receipt log; a malformed line, or one received after `now` (the run's time), is
    rejected and its file falls back to its mtime."""
    latest = _latest_believable(now)
    path = Path(inbox) / FOLDER / RECEIPT_LOG
    if not os.path.lexists(path):
        return Receipts()
    rejects: list[Reject] = []

    def reject(reason: str, row: int | None = None, column: str | None = None, raw: object = None) -> None:
        rejects.append(Reject(FAMILY, RECEIPT_LOG_PATH, reason, None, row, column, raw))

    try:
        text = read_regular_file(path, inbox, limit=RECEIPT_LOG_MAX_BYTES).decode("utf-8-sig")
    except InboxFileError as exc:
        reject(f"the receipt log is not read: {exc}; every workbook falls back to its file time")
        return Receipts(rejects=tuple(rejects))
    except UnicodeDecodeError:
        reject("the receipt log is not readable UTF-8 text; every workbook falls back to its file time")
        return Receipts(rejects=tuple(rejects))
    rows = list(csv.reader(io.StringIO(text)))
    header = [fold_key(c) or "" for c in (rows[0] if rows else [])]
    if "file" not in header or "received at" not in header:
        rejects.append(
            Reject(
                FAMILY,
                RECEIPT_LOG_PATH,
                "the receipt log has no header 'file,received_at'; every workbook falls back to its file time",
                None,
                1,
                None,
                ",".join(rows[0]) if rows else None,
                action="file_rejected",
            )
        )
        return Receipts(rejects=tuple(rejects))
    file_at, time_at = header.index("file"), header.index("received at")
    times: dict[str, dt.datetime] = {}
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        name = row[file_at].strip() if len(row) > file_at else ""
        raw_time = row[time_at].strip() if len(row) > time_at else ""
        if not name:
            reject("the file name is empty", line_number, "file", ",".join(row))
            continue
        if ".." in _path_key(name).split("/") or name.startswith(("/", "\\")):
            reject(
                "the file name leaves the unit_reports folder ('..' or an absolute path): "
                "the log names files inside it; the line is ignored",
                line_number,
                "file",
                name,
            )
            continue
        try:
            moment = dt.datetime.fromisoformat(raw_time.replace("Z", "+00:00"))
        except ValueError:
            reject(
                f"expected received_at as ISO 8601 with offset (2025-12-14T16:05:00+07:00), got {raw_time!r}; "
                "the file falls back to its modification time",
                line_number,
                "received_at",
                raw_time,
            )
            continue
        if moment.tzinfo is None:
            reject(
                f"received_at {raw_time!r} has no UTC offset (expected e.g. +07:00); "
                "the file falls back to its modification time",
                line_number,
                "received_at",
                raw_time,
            )
            continue
        key = _path_key(name)
        moment = moment.astimezone(HCM)
        if moment > latest:
            reject(
                f"received_at {raw_time!r} is in the future of this run ({latest - CLOCK_TOLERANCE:%d/%m/%Y %H:%M}): "
                "a receipt time cannot be later than the run; the file falls back to its modification time",
                line_number,
                "received_at",
                raw_time,
            )
            continue
        # A name logged twice was sent again under the same name: the file on disk is the later one.
        times[key] = max(moment, times.get(key, moment))
    return Receipts(times=times, rejects=tuple(rejects))


@dataclass(frozen=True)
class PendingFile:
    """A file to read: where it is, its name in the warehouse, and when it was received."""

    path: Path
    source_file: str
    received_at: dt.datetime
    received_source: str
    inbox: Path | None = None
    outside: bool = False  # a path given by the caller that is not inside the inbox

    @property
    def stamp(self) -> str:
        """When and how it was received, as the file index keys on it (`received_stamp`)."""
        return f"{self.received_at.isoformat()}|{self.received_source}"


def pending_file(path: Path, inbox: Path, receipts: Receipts) -> PendingFile:
    # (A Path given is kept: building it again parses its text again, twice per file here.)
    path = path if isinstance(path, Path) else Path(path)
    inbox = inbox if isinstance(inbox, Path) else Path(inbox)
    outside = False
    relative = relative_text(path, inbox)  # the text way for a listed file, cheaper than relative_to
    try:
        if relative is not None:
            source_file = relative
            outside = ".." in relative.split("/")
        else:
            source_file = path.relative_to(inbox).as_posix()
            # 'unit_reports/../../x' is relative by its text but lands outside the inbox.
            outside = ".." in path.relative_to(inbox).parts
    except ValueError:
        try:
            source_file = path.resolve().relative_to(Path(inbox).resolve()).as_posix()
        except ValueError:
            source_file, outside = f"{FOLDER}/{path.name}", True
    source_file = unicodedata.normalize("NFC", source_file)
    in_folder = source_file[len(FOLDER) + 1 :] if source_file.startswith(f"{FOLDER}/") else source_file
    logged = receipts.lookup(in_folder)
    if logged is not None:
        return PendingFile(path, source_file, logged, "receipt_log", inbox, outside)
    try:
        mtime = path.lstat().st_mtime  # a link's own time: its target is never looked at
    except OSError:
        mtime = 0.0
    return PendingFile(path, source_file, dt.datetime.fromtimestamp(mtime, tz=HCM), "file_mtime", inbox, outside)


@dataclass(frozen=True)
class ReceivedFile:
    """A file taken in: its bytes and their sha256, or why it is refused before being opened.

    Taking files in is the one order-dependent step (the first copy of identical bytes is the
    one kept, `seen`), so it is done in receipt order by whoever holds the whole inbox's `seen`;
    reading what was taken in depends on nothing else and can be done anywhere (worker processes:
    `batches`).
    """

    item: PendingFile
    data: bytes | None = None
    sha: str | None = None
    refusal: str | None = None


def receive(item: PendingFile, seen: dict[str, str]) -> ReceivedFile:
    """The file's bytes, unless it is outside the inbox, unreadable, or a copy of an earlier file
    (`seen`: sha256 -> source_file of the first file with those bytes, updated here)."""
    source_file = item.source_file
    if item.outside:
        return ReceivedFile(item, refusal="the path is outside the inbox: only files inside the inbox are read")
    if item.received_at > _latest_believable():
        return ReceivedFile(
            item,
            refusal=(
                f"the file's modification time, {item.received_at:%d/%m/%Y %H:%M}, is in the future of this run, "
                "so when it was received is unknown: add it to the receipt log (unit_reports/_received.csv)"
            ),
        )
    try:
        data = read_regular_file(item.path, item.inbox, limit=MAX_FILE_BYTES)
    except InboxFileError as exc:
        return ReceivedFile(item, refusal=str(exc))
    sha = hashlib.sha256(data).hexdigest()
    if seen.get(sha, source_file) != source_file:
        return ReceivedFile(
            item, refusal=f"same content as {seen[sha]} (received earlier): the copy is not loaded again"
        )
    seen.setdefault(sha, source_file)
    return ReceivedFile(item, data, sha)


def list_unit_report_files(inbox: Path) -> list[Path]:
    """Every file under `unit_reports/` but the receipt log and dot-files, whatever its extension.

    Links and special files are listed too (formats/inbox.py), so that they are refused with a
    reason rather than skipped: a link is never followed.
    """
    inbox = Path(inbox)
    folder = inbox / FOLDER
    return [path for path, _ in inbox_files(inbox, FOLDER) if not (path.parent == folder and path.name == RECEIPT_LOG)]


def in_receipt_order(inbox: Path, receipts: Receipts, files: list[Path] | None) -> list[PendingFile]:
    """The files to read (all of the folder, or `files`), earliest received first (ties by name),
    so the first copy of identical bytes is the one kept."""
    paths = (
        list_unit_report_files(inbox)
        if files is None
        else [p if Path(p).is_absolute() else inbox / p for p in map(Path, files)]
    )
    return sorted((pending_file(p, inbox, receipts) for p in paths), key=lambda i: (i.received_at, i.source_file))


def pending_files(inbox: Path, receipts: Receipts) -> list[PendingFile]:
    """Every file of the folder (`list_unit_report_files`) as the reader takes it in: its path,
    source_file and receipt. What a refresh keys the files on, and then hands back to
    `read_unit_reports_in_batches` (`pending=`) for those it reads, instead of both listing and
    naming the inbox's 15,000 workbooks."""
    inbox = Path(inbox)
    return [pending_file(p, inbox, receipts) for p in list_unit_report_files(inbox)]


def unit_report_files(inbox: Path, receipts: Receipts, files: list[Path] | None = None) -> list[Path]:
    """The files to read, earliest received first (ties by name), so the first copy of identical
    bytes is the one kept."""
    return [i.path for i in in_receipt_order(Path(inbox), receipts, files)]


def received_stamp(path: Path, inbox: Path, receipts: Receipts) -> tuple[str, str]:
    """(source_file, when and how it was received) as the reader will record it: what a file's
    rows depend on besides its bytes (warehouse/file_index.py keys on both)."""
    item = pending_file(path, inbox, receipts)
    return item.source_file, item.stamp
