"""Marine Regions facts (geo.zones.marineregions), written once and used by the reader and the downloader alike."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.errors import InputError
from geo.zones import marineregions as mr
from geo.zones.readers import read_zones


def test_editions_carry_their_licence_and_doi():
    assert mr.EDITIONS["10"].licence == "CC BY-NC-SA 4.0" and mr.EDITIONS["10"].doi is None
    assert mr.edition_label("v12") == "v12 (2023-10-25)" and mr.edition_label("13") == "v13"
    assert mr.eez_attribution("11").endswith("version 11. Available online at https://www.marineregions.org/. https://doi.org/10.14284/386")
    assert "(n.d.)" in mr.eez_attribution("unknown")
    assert mr.LICENCE == mr.EDITIONS[mr.WFS_EDITION].licence == "CC BY 4.0"


def test_a_file_and_a_download_of_one_edition_are_cited_alike(tmp_path):
    g = gpd.GeoDataFrame({"GEONAME": ["Japanese Exclusive Economic Zone"], "POL_TYPE": ["200NM"], "ISO_SOV1": ["JPN"], "MRGID": [8487]},
                         geometry=[shapely.box(135, 35, 136, 36)], crs=4326)
    p = tmp_path / "World_EEZ_v12_20231025" / "eez_v12.gpkg"
    p.parent.mkdir()
    g.to_file(p)
    src = read_zones(p).source
    wfs = mr.layer_provenance("eez", retrieved="2026-01-02")
    assert src.attribution == wfs["attribution"] and src.licence == wfs["licence"]
    assert src.edition == "v12 (2023-10-25)" and wfs["edition"].startswith(src.edition)


def test_layer_provenance_of_the_12nm_layer_states_no_assumed_edition():
    m = mr.layer_provenance("eez_12nm", retrieved="2026-01-02")
    assert m["edition"] == "WFS retrieved 2026-01-02" and "not stated" in m["edition_basis"]
    assert "Territorial Seas (12NM)" in m["attribution"] and "version" not in m["attribution"]
    assert mr.layer_provenance("eez_12nm", edition="4", retrieved="2026-01-02")["edition"] == "WFS retrieved 2026-01-02, v4"


@pytest.mark.parametrize(
    "pol_type,geoname,expected",
    [
        ("200NM", "", "eez"), ("Disputed", "", "overlapping_claim"), ("Joint regime", "", "joint_regime"),
        ("12NM", "", "territorial_sea"), ("Archipelagic waters", "", "internal_waters"), ("Lake", "", None),
        (None, "Joint regime area Japan / South Korea", "joint_regime"), (None, "Japanese Contiguous Zone (24NM)", "contiguous_zone"),
        (float("nan"), float("nan"), "eez"),
    ],
)
def test_zone_type_of(pol_type, geoname, expected):
    assert mr.zone_type_of(pol_type, geoname) == expected


def test_claimants_only_when_every_name_is_known():
    assert mr.claimants_from_geoname("Overlapping claim Liancourt Rocks: Japan / South Korea", mr.SOVEREIGN_ISO) == ["JPN", "KOR"]
    assert mr.claimants_from_geoname("Overlapping claim: Japan / Atlantis", mr.SOVEREIGN_ISO) == []


def test_layers_live_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EEZCHECK_CACHE_DIR", str(tmp_path))
    assert mr.layer_path("MarineRegions:EEZ_12NM") == tmp_path / "marineregions" / "eez_12nm.geojson"
    with pytest.raises(InputError, match="eez_24nm"):
        mr.check_layer("boundaries")
