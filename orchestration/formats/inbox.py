"""The inbox is read, never trusted: which paths a reader may open, and opening them safely.

Files arrive from outside (email, the document system, a shared folder), so a path in the
inbox may be a symbolic link to anywhere on the machine, a folder linked to `/etc`, a FIFO that
blocks a reader forever, or a name with `..` in it. Readers list their folder through
`inbox_files` and read bytes through `read_regular_file`:

- listing never descends into a linked folder and never leaves the inbox (the folder itself
  must resolve inside it); links, FIFOs and devices are listed, not skipped, so that the reader
  refuses them with a reason in quarantine instead of losing them silently;
- reading opens with O_NOFOLLOW | O_NONBLOCK and checks the opened descriptor is a regular file,
  so a link is never followed and a FIFO never blocks, even if the file changed after listing.

Hard links cannot be told from the file itself; they give no access the sender did not have.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

# The most of one file any reader holds in memory (a CSV read whole; workbooks are held to less,
# formats/workbook_guard.py): far above any export the Office receives, far below the machine.
MAX_READ_BYTES = 128 * 1024 * 1024


class InboxFileError(ValueError):
    """A path in the inbox that is not read; the message says why, for the person who sent it."""


def relative_text(path: Path, inbox: Path) -> str | None:
    """`path.relative_to(inbox).as_posix()` for Paths whose text starts with the inbox's and a
    slash (every path listed from the inbox); None for any other, which the caller works out
    with `relative_to`. A Path's text is normalised (no '//', no '.' parts), so the prefix is the
    test `relative_to` makes on the parts, at a tenth of its cost: an inbox holds 15,000 unit
    reports a school year, listed and named on every refresh."""
    if os.sep != "/" or not isinstance(path, Path) or not isinstance(inbox, Path):
        return None
    root, text = str(inbox), str(path)
    if root != "/" and len(text) > len(root) + 1 and text.startswith(root) and text[len(root)] == "/":
        return text[len(root) + 1 :]
    return None


def source_name(path: Path, inbox: Path) -> str:
    """The path relative to the inbox, posix, NFC: the `source_file` every table carries."""
    relative = relative_text(path, inbox)
    if relative is None:
        relative = Path(path).relative_to(inbox).as_posix()
    return unicodedata.normalize("NFC", relative)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def link_refusal(path: Path, inbox: Path | None = None) -> str:
    """Why a symbolic link is not read, naming where it points (the link text, never the content)."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    where = ""
    if inbox is not None:
        resolved = (path.parent / target).resolve()
        where = " (inside the inbox)" if _inside(resolved, Path(inbox).resolve()) else " (outside the inbox)"
    return (
        f"the file is a symbolic link to {target}{where}: links in the inbox are never "
        "followed; put the file itself in the inbox"
    )


def _open_regular(path: Path, inbox: Path | None) -> tuple[int, os.stat_result]:
    """An open descriptor of a regular file and its status; raises InboxFileError for a link, a
    FIFO, a device or a folder (the descriptor is then closed)."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise InboxFileError(link_refusal(path, inbox)) from None
        if exc.errno == errno.EISDIR:
            raise InboxFileError("a folder, not a file") from None
        raise InboxFileError(f"the file cannot be opened: {exc.strerror or type(exc).__name__}") from None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(status.st_mode) else "a FIFO, socket or device"
        raise InboxFileError(f"not a regular file ({kind}): the inbox reads only files")
    return fd, status


def read_regular_file(path: Path, inbox: Path | None = None, limit: int | None = None) -> bytes:
    """The bytes of a regular file; raises InboxFileError for a link, a FIFO, a device or a folder,
    and for a file of more than `limit` bytes (refused before it is read, or as soon as a file
    growing while read passes it: the reader's memory never holds more)."""
    fd, status = _open_regular(path, inbox)
    try:
        if limit is not None and status.st_size > limit:
            raise InboxFileError(_too_large(status.st_size, limit))
        chunks, size = [], 0
        # One read of the whole file when its size holds (then the join below returns that one
        # chunk without copying it: a large GA4 export is not copied twice).
        while chunk := os.read(fd, max(status.st_size + 1, 1 << 20)):
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:
                raise InboxFileError(_too_large(size, limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def regular_file_sha256(path: Path, inbox: Path | None = None) -> str:
    """The sha256 of a regular file's bytes, read a few MB at a time (a file of any size costs
    no more memory); refuses what `read_regular_file` refuses."""
    fd, _ = _open_regular(path, inbox)
    try:
        digest = hashlib.sha256()
        while chunk := os.read(fd, 4 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    def words(n: int) -> str:
        return f"{n / 2**20:,.1f} MB" if n >= 2**20 else f"{n:,} bytes"

    return f"the file is {words(size)} (at most {words(limit)} expected): split it into several files"


def check_regular_file(path: Path, inbox: Path | None = None) -> None:
    """Refuse (InboxFileError) what `read_regular_file` would refuse, without reading the bytes."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        raise InboxFileError(f"the file cannot be opened: {exc.strerror or type(exc).__name__}") from None
    if stat.S_ISLNK(mode):
        raise InboxFileError(link_refusal(Path(path), inbox))
    if not stat.S_ISREG(mode):
        raise InboxFileError("not a regular file (a folder, FIFO, socket or device): the inbox reads only files")


def _hidden(name: str) -> bool:
    # Dot-files are system files (.DS_Store, .git); ~$ files are Office's lock files.
    return name.startswith((".", "~$"))


def inbox_files(
    inbox: Path,
    folder: str,
    *,
    recursive: bool = True,
    keep: Callable[[Path], bool] = lambda _: True,
) -> list[tuple[Path, str]]:
    """(path, source_file) of every entry of `inbox/folder` a reader must account for, sorted.

    Regular files pass `keep`; symbolic links (to files or folders, dangling or not) and
    special files are listed whatever `keep` says, for `read_regular_file` to refuse with a
    reason. Hidden names are skipped. Linked folders are listed, never entered. A folder
    that is itself a link, or resolves outside the inbox, is listed as one entry to refuse.
    """
    inbox = Path(inbox)
    root = inbox / folder
    if not os.path.lexists(root):
        return []
    real_inbox = inbox.resolve()
    if root.is_symlink() or not _inside(root.resolve(), real_inbox):
        return [(root, source_name(root, inbox))]
    if not root.is_dir():
        return []
    found: list[tuple[Path, str]] = []
    pending = [root]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            found.append((current, source_name(current, inbox)))
            continue
        for entry in entries:
            if _hidden(entry.name):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                found.append((path, source_name(path, inbox)))
            elif entry.is_dir(follow_symlinks=False):
                if recursive:
                    pending.append(path)
            elif entry.is_file(follow_symlinks=False):
                if keep(path):
                    found.append((path, source_name(path, inbox)))
            else:
                found.append((path, source_name(path, inbox)))
    return sorted(found, key=lambda item: item[1])
