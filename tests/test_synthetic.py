"""The synthetic Marine Regions files (tests/synthetic.py) are what the tests using them assume."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

import geo
from tests import synthetic


@pytest.mark.parametrize("edition", ["v10", "v12"])
def test_named_points_have_their_verdicts(edition, synthetic_v10_zones, synthetic_v12_zones):
    zones = synthetic_v10_zones if edition == "v10" else synthetic_v12_zones
    for name, ((lat, lon), want) in synthetic.POINTS.items():
        r = geo.check_point(lat=lat, lon=lon, zones=zones)
        assert (r.zone_type, r.mrgid, r.eez_status) == want, name
        assert abs(r.distance_to_target_eez_km) > 5, name  # never on a line


def test_editions_differ_where_the_real_ones_do(synthetic_v10_zones, synthetic_v12_zones):
    """v10's Liancourt Rocks area is large, v12's small (the rest South Korea's)."""
    a, b = (geo.check_point(lat=39.0, lon=133.0, zones=z) for z in (synthetic_v10_zones, synthetic_v12_zones))
    assert (a.zone_type, a.mrgid, a.eez_status) == ("overlapping_claim", 48955, "disputed")
    assert (b.zone_type, b.mrgid, b.eez_status) == ("eez", 8327, "outside")
    area = {z.source.edition[:3]: synthetic.area_km2(z.table.query("mrgid == 48955").geometry.iloc[0])
            for z in (synthetic_v10_zones, synthetic_v12_zones)}
    assert area["v10"] > 20 * area["v12"]


def test_files_follow_the_schemas(synthetic_v10_path, synthetic_v12_path):
    v10, v12 = gpd.read_file(synthetic_v10_path), gpd.read_file(synthetic_v12_path)
    assert {"MRGID", "GeoName", "Pol_type", "Sovereign3", "ISO_Ter3", "MRGID_Sov3", "Area_km2"} <= set(v10.columns)
    assert not {c for c in v10.columns if c.upper().startswith("ISO_SOV")}  # v10: sovereigns by name
    assert set(v10["Pol_type"]) == {"200NM", "Disputed", "Joint regime"}
    assert set(v12.columns) == {"mrgid", "geoname", "iso_ter1", "iso_sov1", "sovereign1", "geometry"}
    assert v10.geometry.is_valid.all() and not v12.geometry.is_valid.all()
    assert list(v10["MRGID"]) == list(v12["mrgid"]) and v10["MRGID"].is_unique


def test_boundaries_are_shared_exactly():
    """The zones tile the sea: no two overlap (their boundaries are the same lines)."""
    for edition in ("v10", "v12"):
        g = [z.geometry for z in synthetic.zones(edition)]
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                assert shapely.area(shapely.intersection(g[i], g[j])) < 1e-9, (edition, i, j)
