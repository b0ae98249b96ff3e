"""Sea areas, land, and landing points constrained to a named sea (unknown bearing, known sea)."""

from __future__ import annotations

import numpy as np
import pytest

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reports.landing import estimate_impact, landing_point
from geo.reports.places import find_place
from geo.reports.seas import (
    allowed_bearings,
    foreign_overflight,
    find_sea,
    lookup_sea,
    on_land,
    sea_area_of,
    sea_areas,
    sea_constrained,
    sea_shares,
)
from geo.reports.wording import compass_sector, reported_distance


@pytest.mark.parametrize(
    "lat, lon, sea",
    [
        (40.0, 135.0, "sea_of_japan"),
        (41.5, 136.9, "sea_of_japan"),
        (36.0, 124.0, "yellow_sea"),
        (30.0, 126.0, "east_china_sea"),
        (50.0, 148.0, "sea_of_okhotsk"),
        (20.0, 130.0, "philippine_sea"),
        (40.0, 150.0, "north_pacific"),
        (39.0, 125.7, None),  # Pyongyang: land
        (0.0, 0.0, None),  # beyond the data region
    ],
)
def test_sea_area_of_known_points(lat, lon, sea):
    assert sea_area_of(lat=lat, lon=lon) == sea


def test_sea_area_of_arrays_and_wrapped_longitudes():
    out = sea_area_of(lat=[40.0, 40.0, np.nan], lon=[135.0, 135.0 + 360.0, 135.0])
    assert out.tolist() == ["sea_of_japan", "sea_of_japan", None]


def test_every_sea_area_names_its_source():
    areas = sea_areas()
    assert {"sea_of_japan", "yellow_sea", "east_china_sea", "sea_of_okhotsk", "philippine_sea", "north_pacific"} <= {
        a.sea_id for a in areas
    }
    assert all(a.source and a.name_ja for a in areas)


@pytest.mark.parametrize(
    "name, ids",
    [
        ("East Sea", ("sea_of_japan",)),
        ("Sea of Japan", ("sea_of_japan",)),
        ("日本海", ("sea_of_japan",)),
        ("동해", ("sea_of_japan",)),
        ("the West Sea", None),
        ("West Sea", ("yellow_sea",)),
        ("서해", ("yellow_sea",)),
        ("East China Sea", ("east_china_sea",)),
        ("東シナ海", ("east_china_sea",)),
        ("Pacific", ("north_pacific", "philippine_sea")),
        ("太平洋", ("north_pacific", "philippine_sea")),
        ("Sea of Okhotsk", ("sea_of_okhotsk",)),
        ("Atlantis Sea", None),
    ],
)
def test_sea_names(name, ids):
    sea = lookup_sea(name)
    assert (sea.sea_ids if sea else None) == ids


def test_unknown_sea_lists_the_known_ones():
    with pytest.raises(InputError, match="unknown sea 'Mare Nostrum'.*Sea of Japan"):
        find_sea("Mare Nostrum")


def test_on_land():
    assert on_land(lat=[39.03, 35.68, 40.0, 38.0], lon=[125.75, 139.77, 135.0, 138.4]).tolist() == [True, True, False, True]


def test_allowed_bearings_are_exactly_those_landing_in_the_sea():
    taegwan, sea = find_place("Taegwan"), find_sea("East Sea")
    d = reported_distance(700)
    allowed = allowed_bearings(taegwan, d, sea, steps=360, overflight=False)
    lat, lon = landing_point(lat=np.full(360, taegwan.lat), lon=np.full(360, taegwan.lon), bearing=np.arange(360.0),
                             range_km=np.full(360, d.mid_km))
    in_sea = sea.contains(lat, lon)
    assert set(np.arange(360.0)[in_sea]) <= set(allowed)  # every direction that lands in the sea at 700 km
    assert 90.0 in allowed and 270.0 not in allowed and 0.0 not in allowed


def test_no_track_over_a_third_states_land():
    """No North Korean missile has flown over South Korea, China or Russia; over Japan it may."""
    taegwan, sea = find_place("Taegwan"), find_sea("East Sea")
    d = reported_distance(700)
    free = allowed_bearings(taegwan, d, sea, steps=360, overflight=False)
    kept = allowed_bearings(taegwan, d, sea, steps=360)
    dropped = sorted(set(free) - set(kept))
    south_east = [b for b in dropped if b > 90]
    assert south_east and min(south_east) > 120 and max(south_east) >= 170  # over South Korea
    assert all(b < 64 for b in dropped if b <= 90)  # north-east: over China's Jilin
    assert set(kept) <= set(free)
    sunan = find_place("Sunan")
    assert foreign_overflight(sunan, [90.0, 160.0, 330.0], 700).tolist() == [False, True, True]  # over China at 330°
    # Over Japan is allowed: 2017-08-29 flew from Sunan over Hokkaido into the Pacific.
    assert not foreign_overflight(sunan, [75.0], 2700)[0]


def _check_samples(loc, origin, d, n=4000):
    lat, lon = loc.sample(n, np.random.default_rng(1))
    assert set(sea_area_of(lat=lat, lon=lon)) == {"sea_of_japan"}
    assert not on_land(lat=lat, lon=lon).any()
    _, _, dist = GEOD.inv(np.full(n, origin.lon), np.full(n, origin.lat), lon, lat)
    dist = dist / 1000
    spread = 5 * d.sd_km + origin.radius_km
    assert dist.min() > d.low_km - spread and dist.max() < d.high_km + spread
    return lat, lon


def test_sea_constrained_samples_land_in_the_sea_at_the_range():
    taegwan = find_place("Taegwan")
    d = reported_distance(700)
    loc = sea_constrained(taegwan, d, find_sea("East Sea"))
    _check_samples(loc, taegwan, d)
    assert loc.method == "sea-constrained bearing" and "Sea of Japan" in loc.rule and "720 bearings" in loc.rule
    assert sea_area_of(lat=loc.lat, lon=loc.lon) == "sea_of_japan"


def test_a_stated_direction_narrows_the_bearings():
    taegwan = find_place("Taegwan")
    d = reported_distance(700)
    loc = sea_constrained(taegwan, d, find_sea("East Sea"), sector=compass_sector("east"))
    lat, lon = _check_samples(loc, taegwan, d)
    az, _, _ = GEOD.inv(np.full(len(lat), taegwan.lon), np.full(len(lat), taegwan.lat), lon, lat)
    assert (np.abs(np.mod(az, 360) - 90) <= 22.5 + 1.5).all()  # + the 10 km launch-area spread


def test_no_direction_reaches_the_sea():
    with pytest.raises(InputError, match="no direction 60 km from Sunan lands in the Sea of Japan"):
        sea_constrained(find_place("Sunan"), reported_distance(60), find_sea("East Sea"))
    with pytest.raises(InputError, match="within 270° ± 22.5°"):
        sea_constrained(find_place("Taegwan"), reported_distance(700), find_sea("East Sea"), sector=compass_sector("west"))


def test_taegwan_2025_11_07_japan_figure_outside_korean_figure_undecided():
    """450 km (Japan) lands outside; 700 km (South Korea) in the East Sea reaches the limit."""
    taegwan, sea = find_place("Taegwan"), find_sea("East Sea")
    japan = estimate_impact(reported=sea_constrained(taegwan, reported_distance(450), sea), samples=4000)
    korea = estimate_impact(reported=sea_constrained(taegwan, reported_distance(700), sea), samples=4000)
    assert japan.call == "outside" and japan.p_in_target_eez < 0.01
    assert 0.1 < korea.p_in_target_eez < 0.9 and korea.call == "too close to call"
    assert sea_shares(korea.samples_lat, korea.samples_lon) == {"sea_of_japan": 1.0}
