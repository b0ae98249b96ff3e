"""Figures → landing position: the order of methods and what is missing."""

from __future__ import annotations

import pytest

from geo.reports.phrases import parse_report
from geo.reports.places import find_place
from geo.reports.scenarios import Figures, estimate, implied_sea, locate
from geo.reports.seas import lookup_sea
from geo.reports.wording import compass_sector, reported_distance


def test_a_stated_position_wins_over_a_range():
    fig = Figures(launch=find_place("Sunan"), range=reported_distance(1000), sea=lookup_sea("Sea of Japan"),
                  offset=parse_report("about 210 km west of Oshima-Oshima"))
    loc, how = locate(fig)
    assert how == "stated position" and loc.place.id == "oshima_oshima"
    assert loc.range_low_km == 205 and loc.range_high_km == 215  # the wording model


def test_a_large_reference_is_measured_from_its_coast():
    loc, how = locate(Figures(offset=parse_report("about 350 km east of the Korean Peninsula")))
    assert how == "stated position, from the coast" and loc.method == "coast offset"


@pytest.mark.parametrize(
    "ref, word, sea",
    [("nk_east_coast", None, "sea_of_japan"), ("korean_peninsula", "east", "sea_of_japan"),
     ("korean_peninsula", "west", "yellow_sea"), ("japan", "east", None)],
)
def test_implied_seas(ref, word, sea):
    place = [p for p in __import__("geo.reports.places", fromlist=["all_places"]).all_places() if p.id == ref][0]
    got = implied_sea((place, compass_sector(word) if word else None))
    assert (got.sea_ids[0] if got else None) == sea


def test_range_and_an_implied_sea():
    nk = find_place("North Korea's east coast")
    fig = Figures(launch=find_place("Sunan"), range=reported_distance(400), reference=(nk, None))
    s = estimate(fig, samples=2000)
    assert s.method == "range + landing sea, bearing unknown" and s.estimate.call == "outside"
    assert s.sea_area == "sea_of_japan"


def test_missing_figures_are_named():
    s = estimate(Figures(launch=find_place("Sunan"), range=reported_distance(700)), samples=100)
    assert s.estimate is None
    assert s.missing == ("no position: found a launch site (Sunan), a range (700 km); missing a landing sea "
                         "('in the East Sea') or a direction ('toward the east')")
