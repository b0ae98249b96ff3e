"""Large references measured from their coast, rings, and two-distance fixes."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reports.landing import estimate_impact
from geo.reports.places import all_places, find_place
from geo.reports.references import COASTS, CoastBand, coast_of, coast_offset, is_large, ring, two_rings
from geo.reports.seas import find_sea, on_land, sea_area_of
from geo.reports.wording import compass_sector, distance_likelihood, reported_distance, sample_distance

CSV = Path(__file__).resolve().parents[1] / "geo" / "data" / "places.csv"

# (id, lat range, lon range) that each large reference's coast must fall in (published extents).
EXTENTS = {
    "korean_peninsula": ((34.0, 43.1), (124.1, 130.8)),
    "korean_peninsula_east_coast": ((35.0, 42.5), (127.6, 130.8)),
    "north_korea": ((37.6, 43.1), (124.1, 130.8)),
    "nk_east_coast": ((38.5, 42.5), (127.6, 130.8)),
    "nk_west_coast": ((37.6, 40.1), (124.1, 126.8)),
    "japan": ((20.3, 45.6), (122.9, 154.0)),
    "tohoku": ((36.8, 41.6), (138.7, 142.1)),
    "philippines": ((4.9, 21.2), (116.8, 126.7)),
}


def test_region_rows_are_sourced_and_have_a_coast_within_their_extent():
    rows = [r for r in csv.DictReader(CSV.open(encoding="utf-8")) if r["kind"] == "region"]
    assert {r["id"] for r in rows} == set(EXTENTS)
    for r in rows:
        assert r["source"].strip() and r["name_ja"].strip()
        (la0, la1), (lo0, lo1) = EXTENTS[r["id"]]
        c = coast_of(find_place(r["name_en"]))
        x0, y0, x1, y1 = c.lines.bounds
        assert la0 <= y0 and y1 <= la1 and lo0 <= x0 and x1 <= lo1, (r["id"], c.lines.bounds)


def test_korean_peninsula_coast_has_no_land_border_and_no_islands():
    c = coast_of(find_place("Korean Peninsula"))
    lat = np.r_[c.seg_lat0, c.seg_lat1]
    lon = np.r_[c.seg_lon0, c.seg_lon1]
    # The Yalu/Tumen border with China runs inland north of 40.5°N between 124.5°E and 129.5°E.
    assert not ((lat > 40.6) & (lon > 125.0) & (lon < 129.0)).any()
    assert lat.min() > 34.0  # Jeju (33.2–33.6°N) is not the peninsula


def test_every_region_and_large_kind_is_large():
    assert all(is_large(p) for p in all_places(kind="region"))
    assert is_large(find_place("Aomori Prefecture")) and not is_large(find_place("Sado"))
    assert set(COASTS) >= {p.id for p in all_places(kind="region")}
    with pytest.raises(InputError, match="not a large reference"):
        coast_of(find_place("Sado"))


def _brute_force(c, lat, lon):
    """Nearest coast vertex by Geod over every vertex: distance (km) and the bearing from it."""
    vlon = np.r_[c.seg_lon0, c.seg_lon1[-1:]]
    vlat = np.r_[c.seg_lat0, c.seg_lat1[-1:]]
    out_d, out_az = [], []
    for la, lo in zip(lat, lon):
        az, _, d = GEOD.inv(vlon, vlat, np.full(len(vlon), lo), np.full(len(vlon), la))
        i = int(np.argmin(d))
        out_d.append(d[i] / 1000)
        out_az.append(az[i] % 360)
    return np.array(out_d), np.array(out_az)


def test_coast_offset_points_are_at_the_distance_and_in_the_direction_from_the_nearest_coast_point():
    peninsula = find_place("Korean Peninsula")
    d = reported_distance(350)
    loc = coast_offset(peninsula, d, compass_sector("east"))
    lat, lon = loc.sample(3000, np.random.default_rng(2))
    assert not on_land(lat=lat, lon=lon).any()
    dist, az = _brute_force(coast_of(peninsula), lat[:150], lon[:150])
    # Brute force over coast vertices (≤ 0.05° apart, so ≤ 3 km above the true distance).
    assert dist.min() > d.low_km - 5 * d.sd_km and dist.max() < d.high_km + 5 * d.sd_km + 3
    assert (np.abs((az - 90 + 180) % 360 - 180) <= 22.5 + 1.0).all()
    # No coast point is preferred: both the South Korean and the North Korean coasts are used.
    assert (lat < 37.5).mean() > 0.1 and (lat > 39.5).mean() > 0.1


def test_the_proposal_band_covers_every_point_that_fits():
    """Points made the direct way (a coast point, a direction, a distance) that satisfy the
    constraints must all lie where the band proposes."""
    for name, km, word in (("Korean Peninsula", 550, "east"), ("Tohoku", 3200, "east"), ("Japan", 2000, "south"),
                           ("Aomori Prefecture", 200, None)):
        c = coast_of(find_place(name))
        d = reported_distance(km)
        sector = compass_sector(word) if word else None
        band = CoastBand.around(c, max(d.low_km - 4.3 * d.sd_km, 0), d.high_km + 4.3 * d.sd_km, sector)
        rng = np.random.default_rng(0)
        lon0, lat0 = c.sample_points(20000, rng)
        az = (sector.degrees if sector else 0) + rng.uniform(-(sector.halfwidth_deg if sector else 180),
                                                            sector.halfwidth_deg if sector else 180, 20000)
        lon, lat, _ = GEOD.fwd(lon0, lat0, az, sample_distance(d, 20000, rng) * 1000)
        true_d, true_az = c.distance_and_direction(lat, lon)
        fits = distance_likelihood(d, true_d) > 1e-3
        if sector:
            fits &= np.abs((true_az - sector.degrees + 180) % 360 - 180) <= sector.halfwidth_deg
        assert fits.sum() > 100, name
        assert band.covers(lat[fits], lon[fits]).all(), name


@pytest.mark.parametrize(
    "name, km, word, sea, call",
    [
        ("Tohoku", 3200, "east", None, "outside"),  # 2022-10-04 "about 3,200 km east of the Tohoku region"
        ("Philippines", 600, "east", "Pacific", "outside"),  # 2023-08-24
        ("Korean Peninsula", 300, "west", "Yellow Sea", "outside"),  # 2023-08-24
        ("Korean Peninsula", 350, "southwest", "East China Sea", "outside"),
        ("Aomori Prefecture", 250, "west", None, "inside"),  # 2017-11-29
    ],
)
def test_past_large_reference_statements(name, km, word, sea, call):
    loc = coast_offset(find_place(name), reported_distance(km), compass_sector(word), sea=find_sea(sea) if sea else None)
    e = estimate_impact(reported=loc, samples=3000)
    assert e.call == call, (e.p_in_target_eez, e.landing_lat, e.landing_lon)
    if sea:
        got = sea_area_of(lat=e.samples_lat, lon=e.samples_lon)
        assert set(got) - {None} <= set(find_sea(sea).sea_ids)
        beyond = got == None  # noqa: E711 — the open ocean goes on beyond the sea areas' 5–58°N, 105–170°E
        assert ((e.samples_lat[beyond] < 5.0) | (e.samples_lon[beyond] > 170.0)).all()


def test_off_a_prefecture_without_direction_is_a_band_around_its_coast():
    aomori = find_place("Aomori Prefecture")
    loc = ring(aomori, reported_distance(200))
    assert loc.method == "coast offset"
    lat, lon = loc.sample(2000, np.random.default_rng(0))
    assert not on_land(lat=lat, lon=lon).any()
    assert (lon < 140.0).any() and (lon > 141.5).any()  # both the Sea of Japan and the Pacific sides


def test_ring_without_bearing_is_restricted_to_the_sea():
    oga = find_place("Oga Peninsula")
    d = reported_distance(300)
    loc = ring(oga, d, sea=find_sea("Sea of Japan"))
    lat, lon = loc.sample(3000, np.random.default_rng(0))
    assert set(sea_area_of(lat=lat, lon=lon)) == {"sea_of_japan"}
    _, _, dist = GEOD.inv(np.full(3000, oga.lon), np.full(3000, oga.lat), lon, lat)
    assert (np.abs(dist / 1000 - 300) < 50 + 5 * d.sd_km + oga.radius_km).all()
    assert estimate_impact(reported=loc, samples=3000).call == "inside"  # 2017-07-04: inside


def test_two_rings_keep_points_consistent_with_both_distances():
    sado, oki = find_place("Sado"), find_place("Oki Islands")
    da, db = reported_distance(500), reported_distance(300)
    loc = two_rings((sado, da), (oki, db), sea=find_sea("Sea of Japan"))
    lat, lon = loc.sample(3000, np.random.default_rng(0))
    n = len(lat)
    _, _, d1 = GEOD.inv(np.full(n, sado.lon), np.full(n, sado.lat), lon, lat)
    _, _, d2 = GEOD.inv(np.full(n, oki.lon), np.full(n, oki.lat), lon, lat)
    assert (np.abs(d1 / 1000 - 500) < 50 + 5 * da.sd_km + sado.radius_km).all()
    assert (np.abs(d2 / 1000 - 300) < 50 + 5 * db.sd_km + oki.radius_km).all()
    assert estimate_impact(reported=loc, samples=3000).call == "inside"  # 2017-05-29: inside


def test_two_rings_that_cannot_meet():
    with pytest.raises(InputError, match="no landing point satisfies 50 km from Sado Island and 50 km from Oki"):
        two_rings((find_place("Sado"), reported_distance(50)), (find_place("Oki"), reported_distance(50)))
