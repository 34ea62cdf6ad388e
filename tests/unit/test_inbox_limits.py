"""Reading inbox files within bounds (orchestration/formats/inbox.py): a size limit checked before
the bytes are read, and hashing that never holds a whole file."""

from __future__ import annotations

import hashlib
import os

import pytest

from orchestration.formats.inbox import InboxFileError, read_regular_file, regular_file_sha256


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"x" * 11)
    assert read_regular_file(path, limit=11) == b"x" * 11
    with pytest.raises(InboxFileError, match=r"the file is 11 bytes \(at most 10 bytes expected\)"):
        read_regular_file(path, limit=10)


def test_a_file_is_hashed_a_few_mb_at_a_time_with_the_same_refusals(tmp_path):
    path = tmp_path / "export.csv"
    content = b"a,b\n" + b"1,2\n" * 2_000_000  # 8 MB: read in two 4 MB pieces and a rest
    path.write_bytes(content)
    assert regular_file_sha256(path) == hashlib.sha256(content).hexdigest()
    os.symlink(path, tmp_path / "link.csv")
    with pytest.raises(InboxFileError, match="symbolic link"):
        regular_file_sha256(tmp_path / "link.csv")


def test_a_receipt_log_over_its_limit_is_not_read(tmp_path, monkeypatch):
    from orchestration.readers.unit_report import intake

    log = tmp_path / "unit_reports" / "_received.csv"
    log.parent.mkdir()
    log.write_text("file,received_at\n" + "a.xlsx,10/12/2025 08:00\n" * 50_000)  # 1,200,017 bytes
    monkeypatch.setattr(intake, "RECEIPT_LOG_MAX_BYTES", 2**20)
    [reject] = intake.read_receipts(tmp_path).rejects
    assert reject.source_file == "unit_reports/_received.csv"
    assert reject.reason == (
        "the receipt log is not read: the file is 1.1 MB (at most 1.0 MB expected): split it into "
        "several files; every workbook falls back to its file time"
    )
