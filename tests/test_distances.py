"""Reported distances: every written form, the spread it implies, and what is refused."""

from __future__ import annotations

import math

import pytest

from geo.errors import InputError
from geo.reports.distances import BARE_NOISE, HEDGED_NOISE, MAX_RANGE_KM, Distance, parse_distance, rounding_step


def test_rounding_step():
    # The wording model (geo.reports.wording): the largest of 100, 50, 10, 5 that divides the figure.
    assert [rounding_step(v) for v in (3200, 700, 250, 1180, 45, 7, 0)] == [100, 100, 50, 10, 5, 1, 1]


# Expectations from the wording model (Uniform(D ± step/2) + Normal 3 % hedged / 1 % bare), which
# replaced the earlier max(5 % / 2 %, half the unit) Normal spreads.
@pytest.mark.parametrize(
    "text, lo, hi, sd, hedged",
    [
        ("700", 650, 750, 7, False),  # rounded to 100 km; bare: 1 % of 700
        ("700 km", 650, 750, 7, False),
        ("about 700", 650, 750, 21, True),  # hedged: 3 % of 700
        ("~700", 650, 750, 21, True),
        ("約700", 650, 750, 21, True),
        ("约700", 650, 750, 21, True),  # Chinese 约 hedges like Japanese 約
        ("约700公里", 650, 750, 21, True),
        ("約250km", 225, 275, 7.5, True),  # rounded to 50 km
        ("700±50", 650, 750, 7, False),
        ("700+-50", 650, 750, 7, False),
        ("700 +/- 50 km", 650, 750, 7, False),
        ("450-700", 450, 700, 5.75, False),  # noise for the midpoint
        ("450 to 700 km", 450, 700, 5.75, False),
        ("1,180 km", 1175, 1185, 11.8, False),  # rounded to 10 km
        ("1e3", 950, 1050, 10, False),
        ("100 NM", 50 * 1.852, 150 * 1.852, 1.852, False),  # rounded to 100 NM
        ("100海里", 50 * 1.852, 150 * 1.852, 1.852, False),
    ],
)
def test_written_forms(text, lo, hi, sd, hedged):
    d = parse_distance(text)
    assert (d.low_km, d.high_km) == pytest.approx((lo, hi))
    assert d.sd_km == pytest.approx(sd) and d.hedged is hedged
    assert d.sd_km == pytest.approx((HEDGED_NOISE if hedged else BARE_NOISE) * d.mid_km)
    assert f"Normal σ {d.sd_km:.3g} km" in d.rule() and ("hedged" if hedged else "bare number") in d.spread


def test_numbers_and_pairs_read_like_their_text():
    assert parse_distance(700) == parse_distance("700")
    assert parse_distance(700.0).sd_km == parse_distance("700").sd_km
    pair = parse_distance((700, 450))
    assert (pair.low_km, pair.high_km, pair.sd_km) == (450, 700, pytest.approx(5.75))


def test_a_given_sd_replaces_the_implied_one():
    exact = parse_distance("700", sd_km=0)  # a given σ: no rounding band either
    assert exact.sd_km == 0 and exact.sigma_km == 0 and "exactly" in exact.rule() and exact.low_km == 700
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
    assert parse_distance("20,000").mid_km == 20000
    with pytest.raises(InputError, match="20,004 km"):
        parse_distance("20,010")
    with pytest.raises(InputError, match="range_sd_km"):
        parse_distance("700", sd_km="wide")
