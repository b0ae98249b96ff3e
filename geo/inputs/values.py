"""Values as the user gives them: coordinates checked and normalised, the target's code, and how
a bad value is echoed back (cut to :data:`ECHO_CHARS` characters)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from geo.errors import InputError

__all__ = ["coordinates", "in_plain_range", "raw_values", "describe_problems", "problem_text", "quoted", "column_list", "check_target",
           "MAX_LISTED_PROBLEMS", "ECHO_CHARS"]

#: How many bad rows an error message spells out before it says "... and N more".
MAX_LISTED_PROBLEMS = 20
#: Echoed values longer than this are cut (with "…") so one bad cell cannot flood a message.
ECHO_CHARS = 80
_LISTED_COLUMNS = 30


def quoted(value, limit: int = ECHO_CHARS) -> str:
    """``repr(value)``, cut to ``limit`` characters plus "…" when longer.

    Examples
    --------
    >>> quoted("abc")
    "'abc'"
    >>> len(quoted("x" * 500))
    81
    """
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def column_list(columns) -> str:
    """Column names for a message: each cut to :data:`ECHO_CHARS`, at most 30 of them; a longer
    list says how many it leaves out.

    Examples
    --------
    >>> column_list(["a", "b"])
    'a, b'
    >>> column_list([f"c{i}" for i in range(67)])[-40:]
    'c26, c27, c28, c29 … and 37 more columns'
    """
    names = [str(c) if len(str(c)) <= ECHO_CHARS else str(c)[:ECHO_CHARS] + "…" for c in columns]
    more = len(names) - _LISTED_COLUMNS
    return ", ".join(names[:_LISTED_COLUMNS]) + (f" … and {more} more column{'s' if more > 1 else ''}" if more > 0 else "")


def problem_text(field: str, value, why: str) -> str:
    """One problem as the user reads it, e.g. ``lat = 'abc' is not a number``."""
    return f"{field} = {quoted(value)} {why}"


def _as_float(values, field: str) -> tuple[np.ndarray, list]:
    """Convert to float64, recording (row, field, value, reason) for anything that is not a number."""
    arr = np.asarray(values, dtype=object).reshape(-1)
    out = np.empty(arr.shape, dtype=float)
    problems = []
    for i, v in enumerate(arr):
        try:
            if _not_degrees(v):
                raise TypeError
            out[i] = float(v)
        except (TypeError, ValueError):
            out[i] = np.nan
            if v is None or v is _pd_na() or (isinstance(v, str) and not v.strip()):
                problems.append((i, field, v, "is missing"))
            else:
                problems.append((i, field, v, "is not a number"))
    return out, problems


def _pd_na():
    """pandas' missing-value marker (a gap in a nullable column, e.g. a Parquet integer column)."""
    import pandas as pd

    return pd.NA


def _not_degrees(v) -> bool:
    """What ``float()`` reads but no one writes as decimal degrees: a bool (True is 1.0) or text
    with Python's digit separator ('3_9' is 39.0)."""
    return isinstance(v, (bool, np.bool_)) or (isinstance(v, str) and "_" in v)


def raw_values(values) -> np.ndarray:
    """The values as a flat array: numbers as they are (no Python object per value), anything
    else (text, None, bools, mixed) as objects for the per-value checks."""
    arr = np.asarray(values)
    if arr.dtype.kind not in "fiu":
        arr = np.asarray(values, dtype=object)
    return arr.reshape(-1)


def _item(v):
    """A numpy scalar as the Python number it holds (messages show ``95.0``, not ``np.float64(95.0)``)."""
    return v.item() if isinstance(v, np.generic) else v


def coordinates(lon, lat, *, rows: Sequence | None = None, errors: str = "raise"):
    """Validate and normalise longitudes and latitudes.

    Parameters
    ----------
    lon, lat : array-like
        Decimal degrees, as numbers or text; one of each per point.
    rows : sequence, optional
        The row labels to name in messages (default 0, 1, …).
    errors : {"raise", "keep"}
        ``"raise"``: any problem raises :class:`~geo.errors.InputError` naming every bad row;
        ``"keep"``: bad rows come back as NaN and the caller reports them.

    Returns
    -------
    lon, lat : numpy.ndarray of float
        The input's length; longitudes in [180, 360) wrapped to [-180, 180); NaN for bad rows.
    problems : list of (row, field, value, reason)

    Examples
    --------
    >>> lon, lat, problems = coordinates([200.0], [41.5])
    >>> float(lon[0]), problems
    (-160.0, [])
    """
    if errors not in ("raise", "keep"):
        raise ValueError(f"errors must be 'raise' or 'keep', not {quoted(errors)}")
    lon_in = raw_values(lon)
    lat_in = raw_values(lat)
    if lon_in.shape != lat_in.shape:
        raise InputError(
            f"lon and lat have different lengths ({lon_in.size} and {lat_in.size}); give one of each per point"
        )
    n = lon_in.size
    rows = range(n) if rows is None else rows  # row labels are looked up only for bad rows
    try:
        if any(a.dtype == object and any(map(_not_degrees, a)) for a in (lon_in, lat_in)):
            raise TypeError  # the per-value check names them
        lon_f = np.asarray(lon_in, dtype=float)
        lat_f = np.asarray(lat_in, dtype=float)
        problems: list = []
    except (TypeError, ValueError):
        lon_f, p1 = _as_float(lon_in, "lon")
        lat_f, p2 = _as_float(lat_in, "lat")
        problems = p1 + p2
    bad_lat = ~(np.abs(lat_f) <= 90)  # catches NaN too
    bad_lon = ~((lon_f >= -180) & (lon_f < 360))
    bad = bad_lat | bad_lon
    if problems or bad.any():
        problems = _range_problems(problems, bad_lat, bad_lon, lon_f, lat_f, lon_in, lat_in, rows)
        lon_f = np.where(bad, np.nan, lon_f)
        lat_f = np.where(bad, np.nan, lat_f)
    else:  # the common case: every value a number in range — one copy, no masking pass
        lon_f, lat_f = _own(lon_f, lon_in), _own(lat_f, lat_in)
    # 0-360 longitudes (common in ocean data) become -180..180 (lon_f is this function's own array).
    wrap = lon_f >= 180
    if wrap.any():
        lon_f[wrap] -= 360
    if problems and errors == "raise":
        raise InputError(describe_problems(problems), problems)
    return lon_f, lat_f, problems


def in_plain_range(lat: np.ndarray, lon: np.ndarray) -> bool:
    """Whether every point is finite with latitude in [-90, 90] and longitude in [-180, 180):
    values :func:`coordinates` accepts unchanged (nothing to report, nothing to wrap), so a fast
    path may classify them as read.

    Parameters
    ----------
    lat, lon : numpy.ndarray of float

    Returns
    -------
    bool

    Examples
    --------
    >>> in_plain_range(np.array([41.5]), np.array([137.8])), in_plain_range(np.array([41.5]), np.array([200.0]))
    (True, False)
    """
    return bool((np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (lon >= -180) & (lon < 180)).all())


def _own(values: np.ndarray, given: np.ndarray) -> np.ndarray:
    """``values``, copied unless it is an array of its own (the result must not share the caller's
    memory: it becomes a column of the results table)."""
    return values if values is not given and values.base is None else values.copy()


def _range_problems(problems, bad_lat, bad_lon, lon_f, lat_f, lon_in, lat_in, rows) -> list:
    """``problems`` plus every value out of range or NaN not reported yet, in input order, with the
    caller's row labels."""
    already = {(r, f) for r, f, _, _ in problems}
    for i in np.flatnonzero(bad_lat):
        if (i, "lat") not in already:
            reason = "is missing (NaN)" if np.isnan(lat_f[i]) else "is outside [-90, 90]"
            problems.append((i, "lat", _item(lat_in[i]), reason))
    for i in np.flatnonzero(bad_lon):
        if (i, "lon") not in already:
            reason = "is missing (NaN)" if np.isnan(lon_f[i]) else "is outside [-180, 360)"
            problems.append((i, "lon", _item(lon_in[i]), reason))
    return [(rows[i], f, v, why) for i, f, v, why in sorted(problems, key=lambda p: (p[0], p[1]))]


def describe_problems(problems) -> str:
    """One message listing bad rows as 'row R: field F = V is ...' (no row for a lone point, R None)."""
    lines = [f"{'' if r is None else f'row {r}: '}{problem_text(f, v, why)}" for r, f, v, why in problems[:MAX_LISTED_PROBLEMS]]
    more = len(problems) - MAX_LISTED_PROBLEMS
    if more > 0:
        lines.append(f"... and {more} more")
    head = "invalid coordinate" if len(problems) == 1 else f"{len(problems)} invalid coordinates"
    return (
        f"{head} (latitude must be in [-90, 90], longitude in [-180, 360), decimal degrees):\n  "
        + "\n  ".join(lines)
    )


def check_target(target) -> str:
    """The target state's ISO 3166-1 alpha-3 code, upper case; anything else is an InputError.

    Examples
    --------
    >>> check_target(" kor ")
    'KOR'
    """
    if not isinstance(target, str) or len(target.strip()) != 3 or not target.strip().isalpha():
        raise InputError(f"target = {quoted(target)} is not an ISO 3166-1 alpha-3 code (e.g. JPN, KOR, CHN)")
    return target.strip().upper()
