"""Numbers as reports write them: read whole, or refused."""

from __future__ import annotations

import re

import pytest

from geo.errors import InputError
from geo.reports.numerals import NUMBER_PATTERN, check_sd, read_number


@pytest.mark.parametrize("token, value", [("250", 250), ("1,180", 1180), ("92.5", 92.5), ("1e3", 1000), ("2.5E2", 250)])
def test_numbers_are_read_whole(token, value):
    assert re.search(NUMBER_PATTERN, f"about {token} km").group(0) == token
    assert read_number(token, "range", token) == value


@pytest.mark.parametrize("token", ["250.5.5", "1,18", "1,2345", "1..5"])
def test_what_is_not_a_number_is_refused(token):
    assert re.search(NUMBER_PATTERN, f"about {token} km").group(0) == token  # never a piece of it
    with pytest.raises(InputError, match="is not a number"):
        read_number(token, "range", token)


def test_check_sd():
    assert check_sd(None, "x") is None and check_sd("  ", "x") is None and check_sd("2.5", "x") == 2.5
    for bad in ("-1", "abc", float("inf")):
        with pytest.raises(InputError, match="x = "):
            check_sd(bad, "x")
