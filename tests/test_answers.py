"""Numbers graded as typed: `quizzer.core.answers.parse_number`, shared by the app and `quizzer answer`."""

from __future__ import annotations

import pytest

from quizzer.core.answers import parse_number


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("0.0625", 0.0625),
        (" 55 ", 55.0),
        ("-3", -3.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("6.25e-2", 0.0625),
        ("6.25E-2", 0.0625),
        ("1/16", 0.0625),
        ("2^-4", 0.0625),
        ("2**-4", 0.0625),
        ("0.25^10", 0.25**10),  # not 0.2510: nothing is dropped
        ("0.25**10", 0.25**10),
        ("-2^2", -4.0),  # as in mathematics: the power first
        ("2^3^2", 512.0),  # and right to left
        ("(1 + 1/2) * 4", 6.0),
        ("3 - -1", 4.0),
    ],
)
def test_numbers_as_people_type_them(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type a number"),
        ("0,0625", "a comma is not a decimal point here: write '0.0625', or the number without separators"),  # not 625
        ("1,000", "a comma is not a decimal point here"),
        ("55 parameters", "'55 parameters' is not a number (write e.g. 0.0625, 6.25e-2, 1/16 or 2^-4)"),
        ("1.5.2", "'1.5.2' is not a number"),
        ("3%", "'3%' is not a number"),
        ("0x10", "write '0x10' as a plain decimal number"),
        ("1_000", "write '1_000' as a plain decimal number"),
        ("2j", "only numbers and + - * / ^ (or **) and parentheses are understood"),
        ("inf", "only numbers and"),
        ("__import__('os')", "only numbers and"),  # evaluated from its syntax tree, never run
        ("1/0", "that divides by zero"),
        ("9^9^9", "that number is too large"),  # in floating point: no hour-long integer power
        ("1e999", "that number is too large"),
        ("(-8)^(1/3)", "that has no real value"),
        ("1" * 101, "that is longer than a number (101 characters; at most 100)"),
        ("(" * 60 + "1" + ")" * 60, "that is longer than a number"),
    ],
)
def test_anything_else_is_refused_with_a_message(typed, message):
    with pytest.raises(ValueError) as refused:
        parse_number(typed)
    assert str(refused.value).startswith(message)
