from __future__ import annotations

import numpy as np
import pytest

from geo.errors import InputError
from geo.inputs import MAX_LISTED_PROBLEMS, coordinates


def test_wraps_0_360():
    lon, lat, problems = coordinates([200.0, 359.5, -180.0, 179.9], [0, 0, 0, 0])
    np.testing.assert_allclose(lon, [-160.0, -0.5, -180.0, 179.9])
    assert problems == []


def test_every_bad_row_is_listed_in_order():
    with pytest.raises(InputError) as exc:
        coordinates([1, "x", 400, 2], [95, 1, 2, None], rows=["r1", "r2", "r3", "r4"])
    msg = str(exc.value)
    assert "4 invalid coordinates" in msg
    order = [msg.index(s) for s in ("row 'r1'" if False else "row r1", "row r2", "row r3", "row r4")]
    assert order == sorted(order)
    assert "lon = 'x' is not a number" in msg and "lat = None is missing" in msg
    assert [p[0] for p in exc.value.problems] == ["r1", "r2", "r3", "r4"]


def test_keep_mode_returns_nan():
    lon, lat, problems = coordinates([1, 2], [np.nan, 3], errors="keep")
    assert np.isnan(lon[0]) and lat[1] == 3 and len(problems) == 1


def test_long_lists_are_cut():
    with pytest.raises(InputError, match=r"\.\.\. and 5 more"):
        coordinates([0] * (MAX_LISTED_PROBLEMS + 5), [100] * (MAX_LISTED_PROBLEMS + 5))


def test_length_mismatch():
    with pytest.raises(InputError, match="different lengths"):
        coordinates([1, 2], [1])
