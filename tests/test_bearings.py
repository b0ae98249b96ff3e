"""Reported bearings: numbers, compass words, sectors and ± half-widths, with their spreads."""

from __future__ import annotations

import math

import pytest

from geo.errors import InputError
from geo.reports.bearings import (
    BARE_BEARING_HALFWIDTH,
    COMPASS_16,
    SECTOR_HALF_WIDTH,
    Bearing,
    check_degrees,
    compass_point,
    parse_bearing,
)


@pytest.mark.parametrize("i", range(16))
def test_all_sixteen_compass_points_in_three_spellings(i):
    abbr, words, ja = COMPASS_16[i]
    for text in (abbr, abbr.lower(), words, words.upper(), words.replace("-", " "), ja, ja + "方", ja + "方向"):
        b = parse_bearing(text)
        # The wording model: an 8-point word alone may come from an 8-point compass.
        eight = i % 2 == 0
        assert b.degrees == pytest.approx(i * 22.5) and b.halfwidth_deg == (2 * SECTOR_HALF_WIDTH if eight else SECTOR_HALF_WIDTH), text
        assert b.spread == ("8-point word" if eight else "16-point word")
    assert compass_point(i * 22.5 + 11.0, style="abbr") == abbr
    assert compass_point(i * 22.5 - 11.0, style="ja") == ja


def test_a_bare_number_has_a_stated_default_spread():
    for value in (275, 275.0, "275", "275°", "275 deg", "275度"):
        b = parse_bearing(value)
        assert b.degrees == 275 and b.halfwidth_deg == BARE_BEARING_HALFWIDTH == 5.0 and b.sd_deg == 0, value
        assert "default ±5°" in b.spread and "Uniform(270°, 280°)" in b.rule()
    assert parse_bearing("westward").degrees == 270
    assert parse_bearing("東北").degrees == 45  # colloquial for 北東
    assert parse_bearing(360).degrees == 0  # north, read as 0


def test_a_given_sd_replaces_a_bare_numbers_default_and_adds_to_a_sector():
    exact = parse_bearing(90, sd_deg=0)
    assert (exact.halfwidth_deg, exact.sd_deg, exact.sigma_deg) == (0, 0, 0) and "exactly" in exact.rule()
    b = parse_bearing("90", sd_deg=3)
    assert (b.halfwidth_deg, b.sd_deg) == (0, 3) and "Normal σ 3° (given)" in b.rule()
    w = parse_bearing("E", sd_deg=3)
    assert (w.halfwidth_deg, w.sd_deg) == (2 * SECTOR_HALF_WIDTH, 3)  # E: an 8-point word
    assert w.sigma_deg == pytest.approx(math.hypot(45 / math.sqrt(12), 3))


@pytest.mark.parametrize(
    "text, centre, half",
    [
        ("60-120", 90, 30),
        ("60–120°", 90, 30),
        ("120-60", 90, 30),  # the shorter arc, whichever end comes first
        ("350-10", 0, 10),  # through north
        ("E±30", 90, 30),
        ("E+-30", 90, 30),
        ("E +/- 30", 90, 30),
        ("90 ± 10°", 90, 10),
        ("E to ENE", 78.75, 22.5),  # 56.25°–101.25°: each word's whole sector
        ("東から東北東", 78.75, 22.5),
        ("E-ENE", 78.75, 22.5),
        ("ENE to 90", 73.125, 16.875),  # 56.25° (ENE's sector) to 90° exactly
    ],
)
def test_sectors(text, centre, half):
    b = parse_bearing(text)
    assert b.degrees == pytest.approx(centre) and b.halfwidth_deg == pytest.approx(half), b
    assert b.text == text and "stated" in b.spread


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("", "not understood"),
        ("sideways", "sideways"),
        ("west by north", "compass"),
        ("北北北北", "compass"),
        (None, "degrees"),
        (-90, "outside [0, 360]"),
        ("-90", "outside [0, 360]"),
        ("400", "outside [0, 360]"),
        (float("nan"), "not a finite number"),
        ("N-S", "180° apart"),
        ("E±200", "every direction"),
        ("9.0.5", "not a number"),
    ],
)
def test_bad_bearings_say_what_is_accepted(value, fragment):
    with pytest.raises(InputError, match="bearing") as exc:
        parse_bearing(value)
    assert fragment in str(exc.value)


def test_bad_sd_is_refused():
    with pytest.raises(InputError, match="bearing_sd_deg"):
        parse_bearing("E", sd_deg=-1)


def test_check_degrees_and_a_bearing_passed_through():
    assert check_degrees([0.0, 359.9, 360.0]).tolist() == [0.0, 359.9, 0.0]
    b = Bearing(90.0, 11.25, "E", 0.0, "16-point sector")
    assert parse_bearing(b) is b
    assert parse_bearing(b, sd_deg=2).sd_deg == 2
