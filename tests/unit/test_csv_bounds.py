"""CSV bounds (orchestration/formats/csv_files/decoding.check_csv_bounds) and duplicated headers
(orchestration/formats/csv_files/headers.resolve_columns). Limits: 2,000 columns in the first 20
lines, 1 MiB = 1,048,576 bytes a line."""

from __future__ import annotations

import pytest

from orchestration.formats.csv_files import CsvFileError, check_csv_bounds, decode_utf8, resolve_columns, utf8_bytes


def test_a_header_of_2000_columns_passes_and_2001_is_refused():
    check_csv_bounds(b"a," * 1_999 + b"a\n1,2\n")  # 1,999 commas: 2,000 columns
    with pytest.raises(CsvFileError, match=r"line 1 has 2,001 columns \(at most 2,000 expected\)"):
        check_csv_bounds(b"a," * 2_000 + b"a\n1,2\n")


def test_semicolons_and_tabs_count_as_separators_and_the_line_is_named():
    with pytest.raises(CsvFileError, match=r"line 3 has 2,500 columns"):
        check_csv_bounds(b"# note\n\n" + b"a;" * 2_499 + b"a\n")
    with pytest.raises(CsvFileError, match=r"line 1 has 3,000 columns"):
        check_csv_bounds(b"a\t" * 2_999 + b"a")


def test_width_is_looked_at_in_the_first_20_lines_only():
    # a data row of 3,000 fields further down is the reader's business (a row with too many fields)
    check_csv_bounds(b"a,b\n" + b"1,2\n" * 20 + b"x," * 2_999 + b"x\n")
    with pytest.raises(CsvFileError, match=r"line 20 has 3,000 columns"):
        check_csv_bounds(b"a,b\n" + b"1,2\n" * 18 + b"x," * 2_999 + b"x\n")
    # a later batch of a file read in batches (header=False) is not checked for width
    check_csv_bounds(b"x," * 2_999 + b"x\n", first_line=500, header=False)


def test_a_line_of_1_mib_passes_and_one_byte_more_is_refused():
    check_csv_bounds(b"a,b\n" + b"x" * 2**20 + b"\n1,2\n")
    with pytest.raises(CsvFileError, match=r"line 2 is 1\.0 MB long \(at most 1 MB expected\)"):
        check_csv_bounds(b"a,b\n" + b"x" * (2**20 + 1) + b"\n1,2\n")


def test_the_long_line_is_found_anywhere_and_numbered_from_first_line():
    body = b"1,2\n" * 300_000  # 1.2 MB of short lines first
    with pytest.raises(CsvFileError, match=r"line 300002 is 3\.0 MB long"):
        check_csv_bounds(b"a,b\n" + body + b"y" * 3 * 2**20)  # no line break at the end
    with pytest.raises(CsvFileError, match=r"line 1301 is 2\.0 MB long"):
        check_csv_bounds(b"1,2\n" + b"z" * 2 * 2**20 + b"\n", first_line=1_300, header=False)


def test_lone_carriage_returns_end_lines():
    check_csv_bounds(b"a,b\r" + b"1,2\r" * 600_000)  # 2.4 MB of old-Mac lines


def test_every_csv_reader_entry_refuses_with_the_same_words(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes(b"c," * 5_000 + b"c\n1\n")
    for read in (decode_utf8, utf8_bytes):
        with pytest.raises(CsvFileError, match=r"line 1 has 5,001 columns"):
            read(path)


VARIANTS = {"views": ("Views", "Impressions"), "reach": ("Reach", "Lượt tiếp cận"), "page": ("Page name",)}


def test_two_variants_of_one_field_are_a_choice_not_a_duplicate():
    assert resolve_columns(["Impressions", "Views", "Reach"], VARIANTS) == {
        "views": "Views",
        "reach": "Reach",
        "page": None,
    }


def test_the_chosen_variant_twice_is_refused_with_its_columns():
    with pytest.raises(CsvFileError, match=r"the header names the column 'Views' 2 times \(columns 2, 4\)") as caught:
        resolve_columns(["Page name", "Views", "Reach", "Views_"], VARIANTS)  # as read_csv_records makes them unique
    assert caught.value.column == "Views"
    with pytest.raises(
        CsvFileError, match=r"'Lượt tiếp cận' 2 times \(columns 1, 2, written 'Lượt tiếp cận', 'LUOT TIEP CAN'\)"
    ):
        resolve_columns(["Lượt tiếp cận", "LUOT TIEP CAN"], VARIANTS)


def test_a_bare_name_matched_by_two_noted_headers_is_refused():
    with pytest.raises(CsvFileError, match=r"'Reach \(organic\)' 2 times \(columns 1, 2"):
        resolve_columns(["Reach (organic)", "Reach (paid)"], VARIANTS)
    # the same noted header twice (made unique by read_csv_records)
    with pytest.raises(CsvFileError, match=r"'Reach \(Lượt tiếp cận\)' 2 times \(columns 1, 3\)"):
        resolve_columns(["Reach (Lượt tiếp cận)", "Views", "Reach (Lượt tiếp cận)_"], VARIANTS)
    # an exact header beside a noted one: the exact one is taken, as before
    assert resolve_columns(["Reach (paid)", "Reach"], VARIANTS)["reach"] == "Reach"


def test_a_duplicated_column_no_field_reads_is_left_alone():
    assert resolve_columns(["Reach", "Ghi chú", "Ghi chú_"], VARIANTS)["reach"] == "Reach"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from orchestration.formats.csv_files import decoding

    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 300_000)  # 1,200,004 bytes
    monkeypatch.setattr(decoding, "MAX_CSV_BYTES", 2**20)
    for read in (decode_utf8, utf8_bytes):
        with pytest.raises(CsvFileError, match=r"the file is 1\.1 MB \(at most 1\.0 MB expected\)"):
            read(path)
