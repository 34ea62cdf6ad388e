import pytest

from orchestration.domain.numbers import NumberFormatError, parse_count, parse_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.500", 12500.0),
        ("1.234.567", 1234567.0),
        ("38,5%", 38.5),
        ("1.234,5", 1234.5),
        ("3.5", 3.5),
        (" 42 ", 42.0),
        (7, 7.0),
        (0.385, 0.385),
        ("", None),
        (None, None),
    ],
)
def test_vietnamese_number_forms(raw, expected):
    assert parse_number(raw) == expected


def test_text_is_refused_with_the_value():
    with pytest.raises(NumberFormatError, match="'khoảng 20'"):
        parse_number("khoảng 20")


def test_counts_are_whole_and_not_negative():
    assert parse_count("12.500") == 12500
    with pytest.raises(NumberFormatError, match="zero or more"):
        parse_count("-3")
    with pytest.raises(NumberFormatError, match="whole number"):
        parse_count("2,5")


def test_absurdly_large_numbers_are_refused_not_crashed_on():
    with pytest.raises(NumberFormatError, match="too large"):
        parse_number("9" * 400)
    with pytest.raises(NumberFormatError, match="too large"):
        parse_count("9" * 25)
