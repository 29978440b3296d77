"""Dates as the leader types and reads them."""

from datetime import date

import pytest

from alis_desktop.dates import add_months, fmt, month_span, parse, years_months


def test_parse_norwegian_and_iso():
    assert parse("05.03.2025") == date(2025, 3, 5)
    assert parse("5.3.2025") == date(2025, 3, 5)
    assert parse("2025-03-05") == date(2025, 3, 5)


@pytest.mark.parametrize("text, words", [("31.02.2025", "ikke en gyldig dato"),
                                          ("i går", "ikke en dato"), ("", "ikke en dato")])
def test_parse_errors_are_norwegian(text, words):
    with pytest.raises(ValueError, match=words):
        parse(text)


def test_fmt():
    assert fmt(date(2025, 3, 5)) == "05.03.2025"
    assert fmt(None) == ""


def test_add_months_clamps_to_month_end():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert add_months(date(2025, 3, 1), -3) == date(2024, 12, 1)


def test_month_span_splits_inclusive_ranges():
    assert list(month_span(date(2025, 1, 15), date(2025, 2, 14))) == [
        (date(2025, 1, 15), date(2025, 1, 31)), (date(2025, 2, 1), date(2025, 2, 14))]


def test_years_months_never_rounds_up():
    assert years_months(27) == "2 år og 3 mnd"
    assert years_months(27.99) == "2 år og 3 mnd"
    assert years_months(24) == "2 år"
    assert years_months(5.5) == "5 mnd"


@pytest.mark.parametrize("text, expected", [
    ("01/09/2025", date(2025, 9, 1)), ("1/9-25", date(2025, 9, 1)),
    ("1.9.25", date(2025, 9, 1)), ("1-9-2025", date(2025, 9, 1)),
    (" 17.05.92 ", date(1992, 5, 17)), ("31/12-45", date(2045, 12, 31)),
    ("1. 9. 2025", date(2025, 9, 1)),
])
def test_parse_accepts_the_ways_norwegians_type_dates(text, expected):
    assert parse(text, today=date(2026, 12, 3)) == expected


def test_two_digit_years_follow_today():
    assert parse("1.1.46", today=date(2026, 12, 3)) == date(2046, 1, 1)
    assert parse("1.1.47", today=date(2026, 12, 3)) == date(1947, 1, 1)


@pytest.mark.parametrize("text", ["1/9", "1/9/2025/1", "2025/09/01", "1.9.202"])
def test_parse_still_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError, match="ikke en dato"):
        parse(text)
