"""Reported distances: every written form, the spread it implies, and what is refused."""

from __future__ import annotations

import math

import pytest

from geo.errors import InputError
from geo.reports.distances import MAX_RANGE_KM, Distance, parse_distance, range_sigma, rounding_unit


def test_rounding_unit_and_sigma():
    # MoD rounds to 100 km at ≥ 2,000 km; 10 km from 100 km; 5 km for multiples of 5 below.
    assert rounding_unit(3200) == 100 and rounding_unit(1180) == 10 and rounding_unit(45) == 5 and rounding_unit(7) == 1
    assert range_sigma((20,), hedged=True) == pytest.approx(2.5)  # half the 5 km unit beats 5 % of 20
    assert range_sigma((250,), hedged=True) == pytest.approx(12.5)
    assert range_sigma((250,), hedged=False) == pytest.approx(5.0)


@pytest.mark.parametrize(
    "text, lo, hi, sd, hedged",
    [
        ("700", 700, 700, 14, False),  # bare: max(2 % of 700, 10/2)
        ("700 km", 700, 700, 14, False),
        ("about 700", 700, 700, 35, True),  # hedged: max(5 % of 700, 10/2)
        ("~700", 700, 700, 35, True),
        ("約700", 700, 700, 35, True),
        ("约700", 700, 700, 35, True),  # Chinese 约 hedges like Japanese 約
        ("约700公里", 700, 700, 35, True),
        ("700±50", 650, 750, 14, False),
        ("700+-50", 650, 750, 14, False),
        ("700 +/- 50 km", 650, 750, 14, False),
        ("450-700", 450, 700, 11.5, False),
        ("450 to 700 km", 450, 700, 11.5, False),
        ("1,180 km", 1180, 1180, 23.6, False),
        ("1e3", 1000, 1000, 20, False),
        ("100 NM", 185.2, 185.2, 9.26, False),  # 5 NM (half the 10 NM unit)
        ("100海里", 185.2, 185.2, 9.26, False),
    ],
)
def test_written_forms(text, lo, hi, sd, hedged):
    d = parse_distance(text)
    assert (d.low_km, d.high_km) == pytest.approx((lo, hi))
    assert d.sd_km == pytest.approx(sd) and d.hedged is hedged
    assert f"Normal σ {d.sd_km:.3g} km" in d.rule() and ("hedged" if hedged else "bare number") in d.spread


def test_numbers_and_pairs_read_like_their_text():
    assert parse_distance(700) == parse_distance("700")
    assert parse_distance(700.0).sd_km == parse_distance("700").sd_km
    pair = parse_distance((700, 450))
    assert (pair.low_km, pair.high_km, pair.sd_km) == (450, 700, pytest.approx(11.5))


def test_a_given_sd_replaces_the_implied_one():
    exact = parse_distance("700", sd_km=0)
    assert exact.sd_km == 0 and exact.sigma_km == 0 and "exactly" in exact.rule()
    given = parse_distance("about 700", sd_km=30)
    assert given.sd_km == 30 and given.spread == "given" and given.hedged
    interval = parse_distance("450-700", sd_km=0)
    assert interval.sigma_km == pytest.approx(250 / math.sqrt(12))
    d = Distance(450.0, 700.0, 11.5)
    assert parse_distance(d) is d and parse_distance(d, sd_km=1).sd_km == 1


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("far", "not understood"),
        ("250.5.5", "'250.5.5' is not a number"),
        ("1,18 km", "'1,18' is not a number"),
        ("-200", "negative"),
        ("about -200 km", "negative"),
        ("700±800", "below 0"),
        ("25000", "beyond half the Earth's circumference"),
        ("12,000 NM", "beyond half the Earth's circumference"),  # 22,224 km
        ("100 km-200 NM", "mixes units"),
        (float("nan"), "finite"),
        (-5, "≥ 0"),
        (None, "give kilometres"),
    ],
)
def test_refused_with_a_message(value, fragment):
    with pytest.raises(InputError, match="range") as exc:
        parse_distance(value)
    assert fragment in str(exc.value)


def test_half_a_meridian_is_the_limit():
    assert MAX_RANGE_KM == pytest.approx(20003.93, abs=0.01)
    assert parse_distance("20,000").high_km == 20000
    with pytest.raises(InputError, match="20,004 km"):
        parse_distance("20,010")
    with pytest.raises(InputError, match="range_sd_km"):
        parse_distance("700", sd_km="wide")
