"""How a unit report's path becomes its source_file: the text way (`formats/inbox.relative_text`) for
a file listed from the inbox, `relative_to` for anything else, with the same names either way."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from orchestration.formats.inbox import relative_text, source_name
from orchestration.readers.unit_report import Receipts, intake


def test_relative_text_only_for_paths_inside_by_their_text():
    inbox = Path("/data/inbox")
    assert relative_text(Path("/data/inbox/unit_reports/a.xlsx"), inbox) == "unit_reports/a.xlsx"
    assert relative_text(Path("/data/inbox2/a.xlsx"), inbox) is None  # same prefix, another folder
    assert relative_text(Path("/data/inbox"), inbox) is None  # the inbox itself
    assert relative_text(Path("/data/x.xlsx"), Path("/")) is None  # the root: left to relative_to
    assert relative_text("/data/inbox/a.xlsx", inbox) is None  # text, not a Path: left to relative_to
    # '..' stays in the text, as relative_to keeps it in the parts
    assert relative_text(Path("/data/inbox/unit_reports/../../x.xlsx"), inbox) == "unit_reports/../../x.xlsx"


def test_source_name_is_nfc_either_way():
    decomposed = unicodedata.normalize("NFD", "Trường.xlsx")
    composed = unicodedata.normalize("NFC", "unit_reports/Trường.xlsx")
    assert source_name(Path("/data/inbox/unit_reports") / decomposed, Path("/data/inbox")) == composed
    assert source_name(Path("data/inbox/unit_reports") / decomposed, Path("data/inbox")) == composed


def test_a_file_taken_in_gets_the_same_name_and_outside_flag_as_relative_to_gives():
    inbox = Path("/data/inbox")
    receipts = Receipts()
    inside = intake.pending_file(Path("/data/inbox/unit_reports/b.xlsx"), inbox, receipts)
    assert (inside.source_file, inside.outside, inside.inbox) == ("unit_reports/b.xlsx", False, inbox)
    # relative by its text, outside by its '..' parts: refused as outside the inbox
    climbing = intake.pending_file(Path("/data/inbox/unit_reports/../../x.xlsx"), inbox, receipts)
    assert (climbing.source_file, climbing.outside) == ("unit_reports/../../x.xlsx", True)
    # given as text: the same result
    as_text = intake.pending_file("/data/inbox/unit_reports/b.xlsx", "/data/inbox", receipts)
    assert (as_text.source_file, as_text.outside, as_text.inbox) == ("unit_reports/b.xlsx", False, inbox)
    # not under the inbox at all: named by the file alone and refused
    elsewhere = intake.pending_file(Path("/elsewhere/c.xlsx"), inbox, receipts)
    assert (elsewhere.source_file, elsewhere.outside) == ("unit_reports/c.xlsx", True)
