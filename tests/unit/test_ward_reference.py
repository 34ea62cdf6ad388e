"""The committed ward reference files are what tools/ward_reference.py derives from the installed
vietnamadminunits package: a package upgrade that changes the units or the converter fails here
until the files are derived again (python -m tools.ward_reference) and the change reviewed."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from orchestration.domain import reference, ward_apportionment
from tools import ward_reference


def test_the_wards_file_equals_what_the_script_derives():
    assert_frame_equal(reference.wards(), ward_reference.wards(), check_exact=True)


def test_the_apportionment_file_equals_what_the_script_derives():
    assert_frame_equal(ward_apportionment.ward_apportionment(), ward_reference.ward_apportionment(), check_exact=True)


def test_the_files_are_written_as_the_script_writes_them(tmp_path):
    # Byte for byte: the committed CSVs are the script's output, not an edit by hand.
    ward_reference.write(ward_reference.wards(), tmp_path / "wards.csv")
    assert (tmp_path / "wards.csv").read_bytes() == reference.WARDS_FILE.read_bytes()


def test_a_ward_read_from_the_file_keeps_its_code_as_text():
    # '00001'-like codes stay text (a CSV reader guessing types would make them numbers).
    wards = reference.wards()
    assert wards.schema["ward_code"] == pl.String
    assert wards.filter(pl.col("ward_name") == "Phường Sài Gòn")["ward_code"].item() == "26740"
