"""What changed in the inbox since the last look, and which reporting periods it touches.

The inbox sensor keeps, per file, its size, modification time and content hash. A file whose
size and mtime are unchanged is not read again; one whose bytes are unchanged (a copy that only
touched the mtime) is not a change. A changed file's periods are read from its content by its
family's own reader, never guessed from its name: a unit report's `Kỳ báo cáo` cell, the
publish dates of press items and posts, the dates of survey answers and feedback letters.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from orchestration.formats.inbox import MAX_READ_BYTES, InboxFileError, read_regular_file, regular_file_sha256
from orchestration.formats.inbox import inbox_files as list_inbox
from orchestration.readers import ReadResult, feedback, infrastructure, survey, unit_report

# The folder of each family in the inbox (the readers' own constants; sources.md).
FAMILY_FOLDERS: tuple[tuple[str, str], ...] = (
    ("unit_reports", unit_report.FOLDER),
    ("press", "media/press"),
    ("fanpage_pages", "media/fanpage/pages"),  # before its parent folder: family_of takes the first
    ("fanpage", "media/fanpage"),
    ("web", "media/web"),
    ("surveys", survey.FOLDER),
    ("feedback", feedback.FOLDER),
    ("infrastructure", infrastructure.FOLDER),
)
# Companion files read with a family's files, not on their own.
QUESTIONNAIRE_SUFFIX = survey.QUESTIONNAIRE_SUFFIX
RECEIPT_LOG = unit_report.RECEIPT_LOG_PATH


@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int
    sha256: str

    def as_list(self) -> list:
        return [self.size, self.mtime_ns, self.sha256]

    @staticmethod
    def from_list(values: list) -> FileState:
        return FileState(int(values[0]), int(values[1]), str(values[2]))


def _sha256(path: Path, inbox: Path) -> str:
    # Read through the inbox's own opener: a link is never followed, a FIFO never blocks.
    return regular_file_sha256(path, inbox)


def inbox_files(inbox: Path) -> list[str]:
    """Every entry of the families' folders a reader must account for (formats/inbox.py: links and
    special files are listed, never followed), relative and in posix form."""
    names = {source for _, folder in FAMILY_FOLDERS for _, source in list_inbox(inbox, folder)}
    return sorted(names)


def snapshot(inbox: Path, previous: dict[str, FileState]) -> dict[str, FileState]:
    """The state of every file now; the hash is recomputed only when size or mtime moved.

    A link or special file is not read: its state is what it points to, so that adding or
    re-pointing one is still a change (and its run records the refusal).
    """
    states: dict[str, FileState] = {}
    for name in inbox_files(inbox):
        path = inbox / name
        try:
            stat = path.lstat()
            before = previous.get(name)
            if before is not None and (before.size, before.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                states[name] = before
            elif path.is_symlink() or not path.is_file():
                target = os.readlink(path) if path.is_symlink() else "special file"
                states[name] = FileState(
                    stat.st_size, stat.st_mtime_ns, "not-read:" + hashlib.sha256(target.encode()).hexdigest()
                )
            else:
                states[name] = FileState(stat.st_size, stat.st_mtime_ns, _sha256(path, inbox))
        except (OSError, InboxFileError):
            continue  # removed or unreadable while we looked: the next tick sees it again
    return states


def changed_files(previous: dict[str, FileState], current: dict[str, FileState]) -> list[str]:
    """Files that are new, or whose bytes differ from the last look (removals are not runs)."""
    return sorted(
        name for name, state in current.items() if name not in previous or previous[name].sha256 != state.sha256
    )


def family_of(name: str) -> str | None:
    if name == RECEIPT_LOG:
        return "unit_reports"
    for family, folder in FAMILY_FOLDERS:
        if name.startswith(folder + "/"):
            return family
    return None


def _readers() -> dict[str, Callable[[Path], ReadResult]]:
    # Imported here: the sensor module loads with the definitions, the readers only when needed.
    from orchestration.readers.fanpage import read_fanpage
    from orchestration.readers.fanpage_pages import read_fanpage_pages
    from orchestration.readers.feedback import read_feedback
    from orchestration.readers.infrastructure import read_infrastructure
    from orchestration.readers.press import read_press
    from orchestration.readers.survey import read_surveys
    from orchestration.readers.unit_report import read_unit_reports
    from orchestration.readers.web_analytics import read_web_analytics

    return {
        "unit_reports": read_unit_reports,
        "press": read_press,
        "fanpage": read_fanpage,
        "fanpage_pages": read_fanpage_pages,
        "web": read_web_analytics,
        # The respondent key is not kept: any salt will do to read the dates.
        "surveys": lambda inbox: read_surveys(inbox, salt="period-detection-only"),
        "feedback": read_feedback,
        "infrastructure": read_infrastructure,
    }


def _companions(inbox: Path, name: str) -> list[str]:
    """Files read together with `name`: a survey export's questionnaire (and the reverse), the
    receipt log for a unit report (it decides a report's received time)."""
    if name.endswith(QUESTIONNAIRE_SUFFIX):
        return [name[: -len(QUESTIONNAIRE_SUFFIX)] + ".csv"]
    if name.startswith("surveys/") and name.endswith(".csv"):
        return [name[:-4] + QUESTIONNAIRE_SUFFIX]
    if name.startswith("unit_reports/") and name != RECEIPT_LOG:
        return [RECEIPT_LOG]
    return []


def periods_of(inbox: Path, name: str) -> set[str]:
    """The reporting periods a file's rows belong to, read by its family's reader from a private
    copy of the file (with its companions), so that nothing else in the inbox is read."""
    family = family_of(name)
    if family is None:
        return set()
    if name == RECEIPT_LOG:
        # The log only dates other files: the periods are those of the reports it lists.
        from orchestration.readers.unit_report import list_unit_report_files, read_receipts

        receipts = read_receipts(inbox)
        listed = [p.relative_to(inbox).as_posix() for p in list_unit_report_files(inbox)]
        return set().union(set(), *(periods_of(inbox, f) for f in listed if receipts.lookup(f) is not None))
    with tempfile.TemporaryDirectory(prefix="inbox-periods-") as scratch:
        private = Path(scratch)
        for part in (name, *_companions(inbox, name)):
            try:
                content = read_regular_file(inbox / part, inbox, limit=MAX_READ_BYTES)
            except (OSError, InboxFileError):
                continue  # a link, a missing companion: the run itself reports it
            (private / part).parent.mkdir(parents=True, exist_ok=True)
            (private / part).write_bytes(content)
        result = _readers()[family](private)
    return result.period_keys()
