"""The reader's entry points: one workbook, a whole inbox, or an inbox in batches of files read by
worker processes, with the same result either way.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from orchestration.readers import ReadResult
from orchestration.readers.quarantine import Reject
from orchestration.readers.unit_report.intake import (
    PendingFile,
    Receipts,
    ReceivedFile,
    in_receipt_order,
    pending_file,
    read_receipts,
    receive,
)
from orchestration.readers.unit_report.output import Output, joined
from orchestration.readers.unit_report.workbook import read_file, read_received
from orchestration.readers.workers import in_order, workers_for


def read_unit_report_file(
    path: Path,
    inbox: Path,
    receipts: Receipts | None = None,
    seen: dict[str, str] | None = None,
) -> ReadResult:
    """Read one workbook.

    To process an inbox one file at a time, read the receipt log once (`read_receipts`), take
    the files in receipt order (`unit_report_files`) and pass the same `receipts` and `seen`
    (sha256 -> source_file of the first file with those bytes) to every call.
    """
    receipts = receipts if receipts is not None else read_receipts(inbox)
    item = pending_file(path, inbox, receipts)
    return read_file(item, seen if seen is not None else {}, Output()).result()


def read_unit_reports_in_batches(
    inbox: Path,
    files: list[Path] | None = None,
    batch_size: int = 1000,
    workers: int | None = None,
    *,
    receipts: Receipts | None = None,
    pending: list[PendingFile] | None = None,
) -> Iterator[ReadResult]:
    """`read_unit_reports`, `batch_size` workbooks at a time (the receipt log's rejects come with
    the first batch): what a whole school year of workbooks is read with, in bounded memory.

    The workbooks are read by `workers` processes (default: `WAREHOUSE_READ_WORKERS`, the
    CPUs this process may use, and 1 for a read of under a few hundred files: readers/workers.py),
    while the caller works on the batch before; the batches are the same either way. A caller
    that has read the receipt log (`receipts`) and taken the files in (`pending`, from
    `pending_files`, instead of `files`) passes them.
    """
    inbox = Path(inbox)
    receipts = read_receipts(inbox) if receipts is None else receipts
    if pending is not None:
        if files is not None:
            raise ValueError("give the files to read as paths (files) or as taken in (pending), not both")
        items = sorted(pending, key=lambda i: (i.received_at, i.source_file))
    else:
        items = in_receipt_order(inbox, receipts, files)
    workers = workers_for(len(items)) if workers is None else workers
    if workers > 1 and items:
        yield from _read_in_workers(items, receipts.rejects, batch_size, workers)
        return
    out = Output(rejects=list(receipts.rejects))
    seen: dict[str, str] = {}
    for batch in _batches(items, batch_size):
        for item in batch:
            read_file(item, seen, out)
        yield out.result()
        out = Output()
    if not items:  # the receipt log's rejects, if any, in an otherwise empty batch
        yield out.result()


# A worker's share of a batch: small enough that the workers start at once and finish together
# and that a worker holds little (its part's bytes and rows), large enough that handing it over
# costs little beside reading it.
PART_FILES = 100


def _batches(items: list[PendingFile], batch_size: int) -> Iterator[list[PendingFile]]:
    """The items of each batch `read_unit_reports_in_batches` yields, in one process or in
    workers: a batch ends once it holds `batch_size` distinct files."""
    batch: list[PendingFile] = []
    names: set[str] = set()
    for item in items:
        batch.append(item)
        names.add(item.source_file)
        if len(names) >= batch_size:
            yield batch
            batch, names = [], set()
    if batch:
        yield batch


def _read_part(received: list[ReceivedFile], leading: tuple[Reject, ...] = ()) -> ReadResult:
    """What a worker process does: read consecutive files taken in by the parent."""
    out = Output(rejects=list(leading))
    for file in received:
        read_received(file, out)
    return out.result()


def _read_in_workers(
    items: list[PendingFile], leading: tuple[Reject, ...], batch_size: int, workers: int
) -> Iterator[ReadResult]:
    """The batches of the one-process reader, read by a pool of processes.

    This process takes the files in, in receipt order, with the whole inbox's `seen` (so a copy
    is refused against the first file with its bytes wherever the two fall), and hands each
    batch's files out in parts with their bytes: a worker never opens the inbox, and reads what
    was hashed. The parts of a batch come back in order and are put end to end, which is the
    batch one process would have built (its rows, rejects and counts, file after file).
    """
    seen: dict[str, str] = {}

    def parts() -> Iterator[tuple[bool, tuple]]:
        """(is this the batch's last part, the part's arguments), taking its files in on the way."""
        for number, batch in enumerate(_batches(items, batch_size)):
            size = max(1, min(PART_FILES, -(-len(batch) // workers)))
            for start in range(0, len(batch), size):
                received = [receive(item, seen) for item in batch[start : start + size]]
                yield start + size >= len(batch), (received, leading if number == 0 and start == 0 else ())

    gathered: list[ReadResult] = []
    # Three parts a worker given out: the workers keep reading while the caller publishes a batch.
    for last, part in in_order(_read_part, parts(), workers, ahead=3 * workers):
        gathered.append(part)
        if last:
            yield joined(gathered)
            gathered = []


def read_unit_reports(inbox: Path, files: list[Path] | None = None) -> ReadResult:
    """Read the unit reports in `inbox/unit_reports/` (or just `files`), earliest received first."""
    return next(read_unit_reports_in_batches(inbox, files, batch_size=sys.maxsize))
