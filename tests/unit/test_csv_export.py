"""The shared CSV machinery of the media readers: the fast roads give what the exact ones give."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest

from orchestration.formats.csv_files import (
    CsvFileError,
    decode_utf8,
    is_utf8,
    newlines,
    read_csv_records,
    split_preamble,
    utf8_bytes,
)
from orchestration.readers.csv_values import (
    MAY_NEED_CLEANING,
    clean_values,
    with_counts,
)
from orchestration.readers.web_analytics import with_seconds


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b" \r\n\t",
        b"\xff\xfea\x00b\x00",
        b"PK\x03\x04rest",
        b"a,b\n1,\x002\n",
        # "Huế" in UTF-8 (4 + 5 bytes), ",2\n", "Tr", then 0xF0 (Windows-1258 'ờ') at byte 14
        b"a,b\nHu\xe1\xba\xbf,2\nTr\xf0\xeang\n",
        b"a,b\n" + b"x" * 70_000 + b"\x00\n",  # a NUL past the first 64 KiB
    ],
)
def test_utf8_bytes_refuses_what_decode_utf8_refuses_with_the_same_words(tmp_path, data):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    with pytest.raises(CsvFileError) as text_error:
        decode_utf8(path)
    with pytest.raises(CsvFileError) as bytes_error:
        utf8_bytes(path)
    assert str(bytes_error.value) == str(text_error.value)
    if b"Tr\xf0" in data:
        assert "not UTF-8 (byte 14)" in str(bytes_error.value)


def test_utf8_bytes_is_the_text_without_bom(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("\ufeffa,b\nHuế,2\n".encode())
    assert utf8_bytes(path) == "a,b\nHuế,2\n".encode()
    assert utf8_bytes(path).decode() == decode_utf8(path)


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        # "Huế" is H u E1 BA BF: with 4-byte pieces the first would end inside "ế" (byte 4 is
        # BF, byte 3 BA, both continuation bytes), so it ends before E1: "Hu", then "ế".
        (b"Hu\xe1\xba\xbf", True),
        (b"Hu\xe1\xba\xbf,Tr\xc6\xb0\xe1\xbb\x9dng", True),  # "Huế,Trường": pieces "Hu", "ế,", "Trư", "ờn", "g"
        (b"Hu\xe1\xba", False),  # "ế" cut short at the end of the data
        (b"ab\xff", False),  # 0xFF is never UTF-8
        # Four continuation bytes in a row: the piece ends among them (three steps back are
        # not enough), and the second piece starts with a continuation byte: invalid.
        (b"a\x80\x80\x80\x80b", False),
        (b"abc\xe1\xba\xbf\xe1\xba\xbf", True),
        (b"", True),
    ],
)
def test_is_utf8_checks_piece_by_piece_without_cutting_a_character(data, valid):
    assert is_utf8(data, chunk=4) is valid
    assert is_utf8(data) is valid  # one piece
    assert valid == _decodes(data)


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_records_after_a_preamble_keep_the_file_line_numbers():
    data = b"# GA4\n# Start date: 20260101\n\nDate,Views\n20260102,5\n\n20260103,6\n"
    preamble, header_at, first_line = split_preamble(data, lambda line: not line.strip() or line.startswith("#"))
    # The header starts after "# GA4\n" (6 bytes), "# Start date: 20260101\n" (23) and "\n" (1).
    assert (preamble, header_at, first_line) == (["# GA4", "# Start date: 20260101", ""], 30, 4)
    records = read_csv_records(data, first_line=first_line, start=header_at)
    # Header on line 4; data on lines 5 and 7 (line 6 is blank and is not a record).
    assert records.frame.select("__line", "Date", "Views").rows() == [(5, "20260102", "5"), (7, "20260103", "6")]


def test_a_long_row_whose_first_extra_value_is_empty_is_not_read_as_whole():
    # "7,8,9,,x" has 5 fields under a 3-column header: the spare column polars keeps is empty,
    # so only the field count shows it; the row must be flagged, not loaded without its "x".
    records = read_csv_records("a,b,c\n1,2,3\n7,8,9,,x\n")
    assert records.frame["__problem"].to_list() == [
        None,
        "the row has 5 fields where the header has 3: a value containing a comma is probably not quoted",
    ]


def test_counts_of_plain_digits_skip_nothing_that_matters():
    # A column of plain digits (and missing values) takes the direct cast; one odd value sends
    # the column down the full road: the plain values read the same either way.
    plain = pl.DataFrame({"raw": ["0", "12500", None, "007"]})
    out = with_counts(plain, {"n": pl.col("raw")})
    assert out["n"].to_list() == [0, 12500, None, 7]
    assert out["n__problem"].to_list() == [None] * 4
    mixed = pl.DataFrame({"raw": ["0", "12500", None, "007", " 3 "]})
    out = with_counts(mixed, {"n": pl.col("raw")})
    assert out["n"].to_list() == [0, 12500, None, 7, 3]
    assert out["n__problem"].to_list() == [None] * 5


def test_seconds_plain_decimals_and_a_digit_of_another_script():
    plain = with_seconds(pl.DataFrame({"raw": ["45.5", "0", None]}), "s", pl.col("raw"))
    assert plain["s"].to_list() == [45.5, 0.0, None]
    assert plain["s__problem"].to_list() == [None] * 3
    # "٣" (Arabic-Indic three) is a digit to a regular expression's \d but not a number of
    # seconds: refused with the usual words, not passed to a cast that would fail the file.
    odd = with_seconds(pl.DataFrame({"raw": ["45.5", "٣"]}), "s", pl.col("raw"))
    assert odd["s"].to_list() == [45.5, None]
    assert odd["s__problem"].to_list() == [None, "expected a number of seconds such as 45.5, got '٣'"]


def test_the_stable_characters_are_left_alone_by_nfc_wherever_they_stand():
    # A character may stay out of the cleaning only if NFC can never change it or merge it
    # with its neighbour: assigned, combining class 0, its own NFC form, and never the second
    # half of a canonical composition (e.g. U+0301 in e + U+0301 -> é; the Hangul vowels and
    # final consonants compose by rule, not by table).
    seconds = {0x1161 + i for i in range(21)} | {0x11A8 + i for i in range(27)}
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(int(parts[1], 16))
    stable = pl.Series([chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000])
    stable = stable.filter(~stable.str.contains(MAY_NEED_CLEANING)).to_list()
    assert "ế" in stable and "ư" in stable and "“" in stable and "a" in stable
    assert "\u0301" not in stable and "\u212b" not in stable  # a combining acute; Å as the Ångström sign
    for char in stable:
        assert unicodedata.normalize("NFC", char) == char
        assert unicodedata.combining(char) == 0
        assert ord(char) not in seconds


def test_clean_values_cleans_only_what_may_change():
    nfd = unicodedata.normalize("NFD", "Huế")  # H u e U+0302 U+0301: NFC gives "Huế" back
    values = pl.Series(["Huế", nfd, "Trường  học", " Sở ", "\u00a0", None, "Ω", "BC-001", "Huế"], dtype=pl.String)
    assert clean_values(values).to_list() == [
        "Huế",
        "Huế",
        "Trường học",
        "Sở",
        None,
        None,
        "Ω",
        "BC-001",
        "Huế",
    ]
    # Line breaks and a BOM are cleaned as spaces; the NFD value goes through NFC as well.
    assert clean_values(pl.Series(["Dòng 1\nDòng 2", "\ufeffHuế\t", nfd + "\r\n"])).to_list() == [
        "Dòng 1 Dòng 2",
        "Huế",
        "Huế",
    ]
    # Nothing to clean: the column comes back as it is.
    assert clean_values(pl.Series(["Huế", "a b"])).to_list() == ["Huế", "a b"]


@pytest.mark.parametrize(
    ("data", "start", "count"),
    [
        (b"", 0, 0),
        (b"a\nb\nc", 0, 2),
        (b"a\nb\nc", 2, 1),  # from "b": one newline left
        (b"\n\n\n\n\n", 3, 2),
        (b"# x\n\nDate,Views\n1,2\n", 5, 2),  # after a preamble of two lines
    ],
)
def test_newlines_counts_from_start_in_pieces(data, start, count):
    assert newlines(data, start) == count
    assert newlines(data, start, chunk=2) == count  # pieces of two bytes
