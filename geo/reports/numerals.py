"""Numbers as reports write them, and given standard deviations.

A number is read whole — a run of digits, commas and dots that is not part of a longer one —
and then checked, so "250.5.5" is refused rather than read as 5.5, and "1e3" is 1000 rather
than 3. Thousands separators ("1,180") and exponents ("1e3", "2.5E2") are accepted.
"""

from __future__ import annotations

import math
import re

from geo.errors import InputError

__all__ = ["NUMBER_PATTERN", "PLUS_MINUS_PATTERN", "read_number", "check_nonnegative", "check_sd"]

#: A number as written, loosely (validate it with :func:`read_number`); never a piece of a longer one.
NUMBER_PATTERN = r"(?<![0-9.,])\d(?:[\d,.]*\d)?(?:[eE][+-]?\d+)?"
#: "±", "+/-" or "+-" between a value and its half-width.
PLUS_MINUS_PATTERN = r"\s*(?:±|\+/-|\+-)\s*"
_STRICT_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?")


def read_number(token: str, field: str, value) -> float:
    """The value of a number matched by :data:`NUMBER_PATTERN`, or a clear refusal.

    Parameters
    ----------
    token : str
        The number as written ("1,180", "92.5", "1e3").
    field, value
        The field's name and the whole value as given, for the message.

    Returns
    -------
    float

    Examples
    --------
    >>> read_number("1,180", "range", "about 1,180 km"), read_number("1e3", "range", "1e3")
    (1180.0, 1000.0)
    """
    if not _STRICT_NUMBER.fullmatch(token):
        raise InputError(f"{field} = {value!r}: {token!r} is not a number (write e.g. 250, 1,180 or 92.5)")
    return float(token.replace(",", ""))


def check_nonnegative(value, name: str) -> float:
    """A finite number ≥ 0 (a distance, a σ), or a clear refusal naming ``name``.

    Parameters
    ----------
    value : float or str
    name : str
        Its name, for the message.

    Returns
    -------
    float

    Examples
    --------
    >>> check_nonnegative("2.5", "range_km")
    2.5
    """
    try:
        if isinstance(value, bool):
            raise TypeError
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} = {value!r} is not a number") from None
    if not math.isfinite(v) or v < 0:
        raise InputError(f"{name} = {value!r} must be a finite number ≥ 0")
    return v


def check_sd(value, name: str) -> float | None:
    """A standard deviation as given: None stays None (use the default), else a number ≥ 0.

    Parameters
    ----------
    value : float, str or None
        The σ given (a CSV cell may be text; empty text is None).
    name : str
        Its name, for the message.

    Returns
    -------
    float or None

    Examples
    --------
    >>> check_sd("30", "range_sd_km"), check_sd(None, "range_sd_km")
    (30.0, None)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return check_nonnegative(value, name)
