"""geo.maps and ``eezcheck map``: layers, escaping, size, offline output.

Fast tests, no browser (tests/test_maps_browser.py drives Chromium). Verdicts are never
hard-coded: the map is checked against what geo.classify says for the same points. The lines
drawn (tracks, rings) are tested with their functions in tests/test_geodesy.py, the uncertainty
region in tests/test_region.py. The zones are the synthetic Marine Regions v10 file
(``tests/synthetic.py``); only the size of a map of the real polygons needs the reference extract.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod, Transformer

from geo import maps
from geo.maps import elements, layers
from geo.classify import RESULT_COLUMNS, check_point, check_points
from geo.errors import InputError
from geo.geodesy import NearestLine
from geo.reports.landing import ImpactEstimate
from geo.reports.sampler import probability_text
from geo.zones.model import claim_role

ROOT = Path(__file__).resolve().parents[1]
JS_DIR = ROOT / "tests" / "js"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
G = Geod(ellps="WGS84")

# Names a user might put in a CSV; none may run as script anywhere on the page.
PAYLOADS = (
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 2">',
    "`${window.__xss = 3}` and ${window.__xss = 3}",
    "</script><script>window.__xss = 4</script>",
    "<svg onload=window.__xss=5>",
)


def make_impact(zones, *, lat=40.8, lon=138.5, launch=(39.0, 125.7), name=PAYLOADS[1], description=PAYLOADS[0],
                n=400, seed=1, call=None):
    """An impact with a Gaussian sample cloud (≈ 30 km × 45 km) and its real verdict."""
    rng = np.random.default_rng(seed)
    s_lat = lat + rng.normal(0, 0.3, n)
    s_lon = lon + rng.normal(0, 0.5, n)
    result = check_point(lat=lat, lon=lon, zones=zones)
    inside = check_points(lat=s_lat, lon=s_lon, zones=zones, distances=False)["in_target_eez"].to_numpy(dtype=bool)
    p = float(inside.mean())
    se = math.sqrt(p * (1 - p) / n)
    if call is None:
        call = "inside" if p - 2 * se > 0.5 else "outside" if p + 2 * se < 0.5 else "too close to call"
    return ImpactEstimate(
        launch_lat=launch[0] if launch else None,
        launch_lon=launch[1] if launch else None,
        launch_name=name,
        landing_lat=lat,
        landing_lon=lon,
        samples_lat=s_lat,
        samples_lon=s_lon,
        p_in_target_eez=p,
        p_stderr=se,
        call=call,
        description=description,
        target="JPN",
        result=result,
        data_source="stand-in model <b>test</b>",
    )


#: A point of the Japan/Korea overlapping claim (Liancourt Rocks) of the synthetic v10 file.
DISPUTED = (38.0, 132.6)


def sample_points() -> pd.DataFrame:
    """Points far (> 50 km, checked in ``results``) from every line of the synthetic v10 file
    (``tests/synthetic.py``), in Japan's EEZ, a Japan/Korea overlapping claim, China's EEZ and
    the high seas, named with the XSS payloads."""
    return pd.DataFrame(
        {
            "name": [PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[3], "plain"],
            "lat": [39.5, DISPUTED[0], 28.0, 30.0, 33.0],
            "lon": [136.5, DISPUTED[1], 124.0, 150.0, 139.0],
            "note": ["a", PAYLOADS[4], "c", "d", "e"],
        }
    )


def features(m, name_part=None):
    """The data of the map's eezcheck layers, by layer name."""
    out = {}
    for child in m._children.values():
        if isinstance(child, elements.Features):
            out[html.unescape(child.layer_name)] = child.resolved()  # name escaped for Leaflet's innerHTML
    if name_part is None:
        return out
    hits = [v for k, v in out.items() if name_part in k]
    assert len(hits) == 1, f"expected one layer named like {name_part!r}, have {list(out)}"
    return hits[0]


@pytest.fixture(scope="module")
def results(synthetic_v10_zones):
    pts = sample_points()
    lines = NearestLine(list(shapely.boundary(synthetic_v10_zones.table.geometry.values)))
    assert (lines.query(pts["lon"], pts["lat"])[0] > 50_000).all()  # no verdict rests on a line
    return check_points(pts, zones=synthetic_v10_zones)


@pytest.fixture(scope="module")
def impact(synthetic_v10_zones):
    return make_impact(synthetic_v10_zones)


@pytest.fixture(scope="module")
def full_map(synthetic_v10_zones, results, impact):
    return maps.result_map(results, zones=synthetic_v10_zones, impacts=[impact], range_rings_km=[500, 1000])


@pytest.fixture(scope="module")
def full_html(full_map):
    return maps.to_html(full_map)


# --------------------------------------------------------------------------- layers and controls


def test_zone_layers_present_and_styled(full_map, full_html):
    layers = features(full_map)
    names = list(layers)
    for want in ("Japan's EEZ", "Overlapping claims (Japan a claimant)", "Joint regimes (Japan a party)", "Neighbours' zones"):
        assert any(n == want for n in names), (want, names)
    # Shared zones are hatched (an SVG pattern defined in the page), with the claimants named.
    shared = features(full_map, "Overlapping claims (Japan")
    for f in shared:
        assert f["properties"]["_style"]["fillColor"] == "url(#eezcheck-hatch-overlap)"
        assert "claimants:" in f["properties"]["_tooltip"] and "Japan" in f["properties"]["_tooltip"]
    assert any("South Korea" in f["properties"]["_tooltip"] for f in shared)
    for f in features(full_map, "Joint regimes"):
        assert f["properties"]["_style"]["fillColor"] == "url(#eezcheck-hatch-joint)"
    assert 'id="eezcheck-hatch-overlap"' in full_html and 'id="eezcheck-hatch-joint"' in full_html
    # Neighbours are drawn, but Japan's zones are not among them.
    for f in features(full_map, "Neighbours' zones"):
        assert not f["properties"]["_tooltip"].startswith("Japan:")


def test_controls_present(full_html):
    assert "L.control.layers(" in full_html
    assert "new L.Control.Measure(" in full_html
    measure = full_html[full_html.index("new L.Control.Measure(") :][:900]
    assert '"primaryLengthUnit": "kilometers"' in measure and '"secondaryLengthUnit": "nauticalmiles"' in measure
    assert re.search(r'"nauticalmiles":\s*\{\s*"factor":\s*0\.000539956803', measure), measure
    assert "L.control.fullscreen(" in full_html
    assert "eezcheck-coords" in full_html and "L.Control.MousePosition" not in full_html  # own script
    assert "L.Control.Scale.extend" in full_html and "' NM'" in full_html
    assert "eezcheck-legend" in full_html
    for verdict in maps.VERDICT_COLOURS:
        assert verdict in full_html  # the legend names every category
    # The attribution names the zone data set, edition and licence.
    assert "Marine Regions World EEZ v10 (2018-02-21), CC BY-NC-SA 4.0" in full_html


def test_points_coloured_by_their_verdict(full_map, results):
    pts = features(full_map, "Points (by verdict)")
    assert len(pts) == len(results)
    statuses = set()
    for f, (_, row) in zip(pts, results.iterrows()):
        lon, lat = f["geometry"]["coordinates"]
        assert (lat, lon) == (row["lat"], row["lon"])
        style = f["properties"]["_style"]
        assert style["fillColor"] == maps.VERDICT_COLOURS[row["eez_status"]]
        assert f"eezcheck-verdict-{row['eez_status']}" in style["className"]
        statuses.add(row["eez_status"])
    assert statuses == {"inside", "disputed", "outside"}  # the sample covers the three verdicts


def test_popup_lists_every_verdict_field_and_attribution(full_map, results, synthetic_v10_zones):
    pts = features(full_map, "Points (by verdict)")
    for f, (_, row) in zip(pts, results.iterrows()):
        rows = dict(f["properties"]["_rows"])
        for col in RESULT_COLUMNS:
            assert col in rows, col
        assert rows["eez_status"] == row["eez_status"]
        assert rows["data_source"] == synthetic_v10_zones.source.label
        assert synthetic_v10_zones.source.attribution in rows["attribution"]
        assert rows["note"] == row["note"]  # extra input columns too
        assert f["properties"]["_title"] == row["name"]


def test_impact_marker_region_track_and_rings(full_map, impact):
    [imp] = features(full_map, "Impacts (by verdict)")
    props = imp["properties"]
    assert props["_style"]["fillColor"] == maps.VERDICT_COLOURS[impact.call]
    rows = dict(props["_rows"])
    assert rows["call"] == impact.call
    assert rows["p_in_target_eez"] == f"{impact.p_in_target_eez:.3f}"
    for k in impact.result.to_dict():
        assert k in rows
    # p as every output writes it (here no samples: the plain verdict's exact p, not "= 1.00 ± 0.00")
    p_text = probability_text(impact.p_in_target_eez, impact.p_stderr, impact.n_samples, decimals=2)[0]
    assert props["_headline"].endswith(f"P(in Japan's EEZ) {p_text}") and "± 0.00" not in props["_headline"]
    [region] = features(full_map, "Uncertainty")
    assert f"P(in Japan's EEZ) {p_text}" in region["properties"]["_tooltip"]
    assert "90%" in region["properties"]["_tooltip"]
    [site] = features(full_map, "Launch sites")
    assert site["geometry"]["coordinates"] == [impact.launch_lon, impact.launch_lat]
    [track] = features(full_map, "Ground tracks")
    first = track["geometry"]["coordinates"][0][0]
    last = track["geometry"]["coordinates"][-1][-1]
    assert first == [round(impact.launch_lon, 5), round(impact.launch_lat, 5)]
    assert last == [round(impact.landing_lon, 5), round(impact.landing_lat, 5)]
    rings = features(full_map, "Range rings")
    assert len(rings) == 2
    for ring, r_km in zip(rings, (500, 1000)):
        lon, lat = np.array([c for part in ring["geometry"]["coordinates"] for c in part]).T
        _, _, d = G.inv(np.full(lon.size, impact.launch_lon), np.full(lon.size, impact.launch_lat), lon, lat)
        # Coordinates are rounded to 1e-5° for the page (≤ 1.2 m).
        assert np.max(np.abs(d - r_km * 1000)) < 2.0


def test_every_popup_row_appears_once(full_map):
    for layer in ("Points (by verdict)", "Impacts (by verdict)", "Launch sites"):
        for f in features(full_map, layer):
            keys = [k for k, _ in f["properties"]["_rows"]]
            assert len(keys) == len(set(keys)), (layer, keys)
    [imp] = features(full_map, "Impacts (by verdict)")
    assert [k for k, _ in imp["properties"]["_rows"]].count("target") == 1


def test_popups_scroll_rather_than_outgrow_the_window(full_html):
    rule = re.search(r"\.eezcheck-popup\{([^}]*)\}", full_html).group(1)
    assert "max-height:60vh" in rule and "overflow-y:auto" in rule


def test_point_results_and_disputed_headline(synthetic_v10_zones, results):
    row = results[results["eez_status"] == "disputed"].iloc[0]
    r = check_point(lat=row["lat"], lon=row["lon"], zones=synthetic_v10_zones)
    [f] = features(maps.result_map(r, zones=synthetic_v10_zones), "Points (by verdict)")
    others = [s for s in r.sovereigns if s != "JPN"]
    assert others and f["properties"]["_headline"].startswith("Disputed")
    from geo.names import country_name

    assert all(country_name(c) in f["properties"]["_headline"] for c in others)
    assert dict(f["properties"]["_rows"])["sovereigns"] == "; ".join(r.sovereigns)


def _legend_text(m) -> str:
    [legend] = [c for c in m._children.values() if isinstance(c, elements.Legend)]
    return html.unescape(re.sub(r"<[^>]+>", " ", json.loads(legend.html_js)))


def test_a_disputed_point_looks_the_same_as_a_result_and_as_an_impact(synthetic_v10_zones):
    """One verdict rule for every map: a landing point in waters Japan shares is "disputed"
    (orange) and counted so, whether it is drawn from a results table or as an impact whose
    call is "inside" (disputed waters count towards P(inside))."""
    lat, lon = DISPUTED
    res = check_points(lat=[lat], lon=[lon], zones=synthetic_v10_zones)
    assert res["eez_status"].iloc[0] == "disputed"
    imp = make_impact(synthetic_v10_zones, lat=lat, lon=lon, call="inside", n=200)
    [pt] = features(maps.result_map(res, zones=synthetic_v10_zones), "Points (by verdict)")
    m = maps.result_map(zones=synthetic_v10_zones, impacts=[imp])
    [drawn] = features(m, "Impacts (by verdict)")
    [region] = features(m, "Uncertainty")
    orange = maps.VERDICT_COLOURS["disputed"]
    assert pt["properties"]["_style"]["fillColor"] == drawn["properties"]["_style"]["fillColor"] == orange
    assert region["properties"]["_style"]["color"] == orange
    assert drawn["properties"]["_headline"].startswith("Disputed")
    for page in (maps.result_map(res, zones=synthetic_v10_zones), m):
        text = _legend_text(page)
        assert re.search(r"\b1 disputed\b", text) and not re.search(r"\b1 inside\b", text), text
    # Results and impacts go through the same rule: an estimates table's rows too.
    assert maps.verdict_of({"call": "inside", "eez_status": "disputed"}) == maps.verdict_of(imp) == "disputed"


@pytest.mark.parametrize("call,status,want", [
    ("inside", "inside", "inside"),
    ("inside", "disputed", "disputed"),
    ("too close to call", "disputed", "too close to call"),
    ("outside", "disputed", "outside"),
    (None, "disputed", "disputed"),
    (float("nan"), "outside", "outside"),
    (None, None, None),
])
def test_verdict_rule(call, status, want):
    assert maps.verdict_of({"call": call, "eez_status": status}) == want


def test_result_row_at_an_impact_is_drawn_once(synthetic_v10_zones, impact):
    res = check_points(lat=[impact.landing_lat, 33.0], lon=[impact.landing_lon, 139.0], zones=synthetic_v10_zones)
    m = maps.result_map(res, zones=synthetic_v10_zones, impacts=[impact])
    assert len(features(m, "Points (by verdict)")) == 1
    assert len(features(m, "Impacts (by verdict)")) == 1


def test_view_fits_the_data(full_map, results, impact):
    [legend] = [c for c in full_map._children.values() if isinstance(c, elements.Legend)]
    (s, w), (n, e) = legend.bounds  # the legend fits the view once it knows its own size
    for lat, lon in [*zip(results["lat"], results["lon"]), (impact.launch_lat, impact.launch_lon)]:
        assert s <= lat <= n and w <= lon <= e


def test_default_visibility(full_map):
    shown = {html.unescape(c.layer_name): c.show for c in full_map._children.values() if isinstance(c, elements.Features)}
    assert all(shown.values()), shown  # every drawn layer starts visible; the control hides them
    # Online, land lies under the tiles (seen only where they fail), coarser, and not in the control.
    [land] = [c for c in full_map._children.values() if isinstance(c, elements.Features) and c.layer_name.startswith("Land")]
    assert land.pane_js == '"eezcheck-under-tiles"' and not land.control


def test_map_without_data_shows_the_target_zones(synthetic_v10_zones):
    m = maps.result_map(zones=synthetic_v10_zones)
    assert features(m, "Japan's EEZ")
    (s, w), (n, e) = [c for c in m._children.values() if isinstance(c, elements.Legend)][0].bounds
    assert s < 25 and n > 45 and w < 125 and e > 150  # Japan's claim, not the whole world


def test_other_target(synthetic_v10_zones):
    m = maps.result_map(check_points(lat=[36.0], lon=[129.8], zones=synthetic_v10_zones, target="KOR"), zones=synthetic_v10_zones, target="KOR")
    assert "South Korea's EEZ" in features(m)


def test_zone_display_is_simplified_within_tolerance_and_data_untouched(synthetic_v10_zones):
    before = shapely.to_wkb(np.asarray(synthetic_v10_zones.table.geometry.values, dtype=object))
    m = maps.result_map(zones=synthetic_v10_zones, simplify_km=5.0)
    after = shapely.to_wkb(np.asarray(synthetic_v10_zones.table.geometry.values, dtype=object))
    assert list(before) == list(after)  # verdicts keep the full-resolution geometry
    drawn = shapely.union_all([shapely.from_geojson(json.dumps(f["geometry"])) for f in features(m, "Japan's EEZ")])
    t = synthetic_v10_zones.table
    own = t[(t["zone_type"] == "eez") & t["sovereigns"].map(lambda s: s[:1] == ("JPN",))]
    full = shapely.union_all(own.geometry.values)
    c = full.centroid
    crs = f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +datum=WGS84"
    to = Transformer.from_crs("EPSG:4326", crs, always_xy=True)

    def proj(g):
        return shapely.transform(g, lambda a: np.column_stack(to.transform(a[:, 0], a[:, 1])))

    hd = shapely.hausdorff_distance(proj(drawn), proj(full), densify=0.05)
    # Stated bound: simplify_km × 1.06 + 15 m (AEQD scale, 1e-4° rounding).
    assert hd <= 5000 * 1.06 + 15, hd
    n_drawn = len(shapely.get_coordinates(drawn))
    assert n_drawn < len(shapely.get_coordinates(full))


@pytest.mark.parametrize("which", ["bundled", "marineregions"])
def test_land_drawn_is_the_zone_tables_land_rows(which, bundled_zones, synthetic_v10_zones):
    z = bundled_zones if which == "bundled" else synthetic_v10_zones
    m = maps.result_map(zones=z, land=True, simplify_km=0)
    drawn = features(m, "Land (from the zone data)")
    t = z.table
    region = layers.display_region(z, "JPN", [])
    land = t[(t["zone_type"] == "land").to_numpy() & shapely.intersects(np.asarray(t.geometry.values), shapely.box(*region))]
    assert len(land) > 0 and len(drawn) == len(land)  # Marine Regions: the readers' land rows (island holes)
    # Rounding to 1e-4° can make a drawn polygon touch itself: repair before measuring.
    got = shapely.union_all(shapely.make_valid([shapely.from_geojson(json.dumps(f["geometry"])) for f in drawn]))
    want = shapely.intersection(shapely.union_all(land.geometry.values), shapely.box(*region))
    assert abs(got.area - want.area) <= 1e-3 * want.area  # only the 1e-4° rounding of the drawing


def test_maps_do_not_invent_land(synthetic_v10_zones):
    """Zone data without land rows draws no land: the maps neither borrow the bundled land layer
    nor read land into the holes of the sea zones (that is the data layer's call)."""
    from geo.zones import Zones

    t = synthetic_v10_zones.table
    z = Zones(table=t[t["zone_type"] != "land"].reset_index(drop=True), source=synthetic_v10_zones.source)
    m = maps.result_map(zones=z, land=True)
    assert not [k for k in features(m) if k.startswith("Land")]
    assert features(m, "Japan's EEZ")


@pytest.mark.parametrize("target", ["JPN", "KOR", "CHN"])
def test_zone_layers_follow_the_ownership_rule(synthetic_v10_zones, target):
    t = synthetic_v10_zones.table
    zt, sov = t["zone_type"].to_numpy(dtype=object), [tuple(s) for s in t["sovereigns"]]
    keys = layers.zone_layer_keys(zt, sov, target)
    for key, kind, s in zip(keys, zt, sov):
        role = claim_role(kind, s, target)
        if kind == "land":
            assert key == "land"
        elif role in ("own", "shared"):
            assert key == kind
        else:
            assert key == ("neighbour_shared" if kind in ("overlapping_claim", "joint_regime") else "neighbour")
    assert {"eez", "overlapping_claim", "neighbour"} <= set(keys)


def test_one_impact_map_is_at_most_3_mb(mr_v10_zones):
    imp = make_impact(mr_v10_zones)
    html_text = maps.to_html(maps.result_map(zones=mr_v10_zones, impacts=[imp], range_rings_km=[1000]))
    assert len(html_text.encode("utf-8")) <= 3 * 1024 * 1024


def test_one_impact_map_with_bundled_zones_is_at_most_3_mb(bundled_zones):
    imp = make_impact(bundled_zones, n=200)
    m = maps.result_map(impacts=[imp], zones=bundled_zones, range_rings_km=[1000])
    assert {"Japan's EEZ"} <= set(features(m))
    assert len(maps.to_html(m).encode("utf-8")) <= 3 * 1024 * 1024


def test_notebook_display_is_the_map(full_map):
    out = full_map._repr_html_()
    assert out.startswith("<div") and "<iframe srcdoc=" in out and "eezcheck-legend" in out


# --------------------------------------------------------------------------- escaping


def _payload_fragments():
    return ["<script>window.__xss", "<img src=x onerror", "</script><script>", "<svg onload"]


def test_user_strings_never_reach_the_page_as_markup(full_html):
    for frag in _payload_fragments():
        assert frag not in full_html, frag
    # ...but they are there, as JSON text (\u003c is "<").
    assert "\\u003cscript\\u003ewindow.__xss = 1\\u003c/script\\u003e" in full_html
    # Popups/tooltips are filled with textContent, never innerHTML, folium Popup or Tooltip.
    assert "bindPopup(function () { return popup(p, meta); }," in full_html
    assert ".textContent = String(text)" in full_html
    assert "L.popup(" not in full_html and "bindTooltip(`" not in full_html


def test_zone_names_and_data_source_are_escaped(synthetic_v10_zones):
    from geo.zones import DataSource, Zones

    t = synthetic_v10_zones.table.copy()
    t["name"] = [PAYLOADS[i % len(PAYLOADS)] for i in range(len(t))]
    src = DataSource(dataset="<script>window.__xss=9</script>", edition="<b>1</b>", licence="<i>x</i>",
                     attribution='<img src=x onerror="window.__xss=10">')
    z = Zones(table=t, source=src)
    page = maps.to_html(maps.result_map(check_points(lat=[39.5], lon=[136.5], zones=z), zones=z, title="<script>t</script>"))
    for frag in [*_payload_fragments(), "<b>1</b>", "<i>x</i>", "<script>t</script>"]:
        assert frag not in page, frag
    assert "&lt;script&gt;t&lt;/script&gt;" in page  # the page title, escaped


# --------------------------------------------------------------------------- inputs


def test_bad_inputs_are_clear_errors(synthetic_v10_zones):
    with pytest.raises(InputError, match="range_rings_km needs a launch site"):
        maps.result_map(zones=synthetic_v10_zones, range_rings_km=[100])
    with pytest.raises(InputError, match=r"launch_sites\[0\].*lat = 95"):
        maps.result_map(zones=synthetic_v10_zones, launch_sites=[(95, 130)])
    with pytest.raises(InputError, match=r"tracks\[0\]"):
        maps.result_map(zones=synthetic_v10_zones, tracks=[[(40, 130)]])
    with pytest.raises(InputError, match="classify the points first"):
        maps.result_map(pd.DataFrame({"lat": [1.0], "lon": [2.0]}), zones=synthetic_v10_zones)
    with pytest.raises(InputError, match="ISO 3166-1"):
        maps.result_map(zones=synthetic_v10_zones, target="Japan")


def test_tracks_and_sites_given_directly(synthetic_v10_zones):
    m = maps.result_map(
        zones=synthetic_v10_zones,
        launch_sites=[(39.0, 125.7, "Site <A>"), {"lat": 40.0, "lon": 124.5, "name": "B"}],
        tracks=[{"points": [(39.0, 125.7), (41.0, 135.0), (43.0, 145.0)], "name": "two legs"}],
        range_rings_km=[300],
    )
    assert [f["properties"]["_title"] for f in features(m, "Launch sites")] == ["Site <A>", "B"]
    assert len(features(m, "Range rings")) == 2
    [track] = features(m, "Ground tracks")
    assert "two legs" in track["properties"]["_tooltip"]


# --------------------------------------------------------------------------- CLI


def _write_points(path: Path):
    df = sample_points()
    df = df.astype(object)
    df.loc[len(df)] = ["bad", "abc", "140", "x"]
    df.to_csv(path, index=False)
    return df


def _map_layers(page: str):
    """(layer variable → features, with the layer's shared popup keys resolved) from a page."""
    out = {}
    pattern = r"var (\w+)_meta = (\{.*?\});\s*var \1 = L\.geoJSON\((\{.*?\}), \{\s*pane"
    for m in re.finditer(pattern, page, re.S):
        meta = json.loads(m.group(2))
        feats = json.loads(m.group(3))["features"]
        for f in feats:
            p = f["properties"]
            if "_v" in p:
                vals = iter(p["_v"])
                p["_rows"] = [[k, meta["fixed"][k] if k in meta["fixed"] else next(vals)] for k in meta["keys"]]
        out[m.group(1)] = feats
    assert out, "no eezcheck layers found in the page"
    return out


def test_cli_map_classifies_points(cli, synthetic_v10_path, tmp_path):
    src = tmp_path / "pts.csv"
    _write_points(src)
    out = tmp_path / "map.html"
    r = cli("map", src, "-o", out, "--zones", synthetic_v10_path, "--launch", "39.0,125.7,Sunan", "--rings", "500,1000")
    assert r.returncode == 2, r.stderr  # the bad row
    assert "row 6: lat = 'abc' is not a number" in r.stderr
    page = out.read_text(encoding="utf-8")
    pts = [f for feats in _map_layers(page).values() for f in feats if f["properties"].get("_point") == "result"]
    expected = check_points(sample_points(), zones=synthetic_v10_path)
    assert [dict(f["properties"]["_rows"])["eez_status"] for f in pts] == list(expected["eez_status"])
    assert page.count("eezcheck-ring") >= 2


def test_cli_map_of_a_batch_results_file_keeps_its_verdicts(cli, synthetic_v10_path, tmp_path):
    src = tmp_path / "pts.csv"
    _write_points(src)
    res = tmp_path / "res.csv"
    r = cli("batch", src, "-o", res, "--zones", synthetic_v10_path)
    assert r.returncode == 2
    out = tmp_path / "map.html"
    r = cli("map", res, "-o", out, "--zones", synthetic_v10_path, "--json")
    assert r.returncode == 2 and "classifying again" not in r.stderr
    report = json.loads(r.stdout)
    assert report["points"] == 5 and report["bad_rows"] == 1
    table = pd.read_csv(res)
    page = out.read_text(encoding="utf-8")
    pts = [f for feats in _map_layers(page).values() for f in feats if f["properties"].get("_point") == "result"]
    good = table[table["error"].isna()]
    assert [dict(f["properties"]["_rows"])["eez_status"] for f in pts] == list(good["eez_status"])
    assert [dict(f["properties"]["_rows"])["distance_to_target_eez_km"] for f in pts] == [
        f"{v:,.1f}" for v in good["distance_to_target_eez_km"]
    ]


def test_cli_map_for_another_target_classifies_again(cli, synthetic_v10_path, tmp_path):
    src = tmp_path / "pts.csv"
    sample_points().to_csv(src, index=False)
    res = tmp_path / "res.geojson"
    assert cli("batch", src, "-o", res, "--zones", synthetic_v10_path).returncode == 0
    out = tmp_path / "kor.html"
    r = cli("map", res, "-o", out, "--zones", synthetic_v10_path, "--target", "KOR")
    assert r.returncode == 0, r.stderr
    assert "classifying again for KOR" in r.stderr
    assert "South Korea&#x27;s EEZ" in out.read_text(encoding="utf-8")


def test_point_and_batch_map_option(cli, bundled_zones, tmp_path):
    # The default (bundled) zones, so the verdicts and the map use the same data.
    out = tmp_path / "p.html"
    r = cli("point", "39.5", "136.5", "--map", out)
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    [pt] = [f for feats in _map_layers(page).values() for f in feats if f["properties"].get("_point") == "result"]
    status = check_point(lat=39.5, lon=136.5, zones=bundled_zones).eez_status
    assert dict(pt["properties"]["_rows"])["eez_status"] == status
    assert "Zones: eezcheck bundled zones" in page
    src = tmp_path / "pts.csv"
    sample_points().to_csv(src, index=False)
    out2 = tmp_path / "b.html"
    r = cli("batch", src, "-o", tmp_path / "r.csv", "--map", out2)
    assert r.returncode == 0, r.stderr
    pts = [f for feats in _map_layers(out2.read_text(encoding="utf-8")).values() for f in feats if f["properties"].get("_point") == "result"]
    assert len(pts) == len(sample_points())


def test_cli_rejects_non_html_output(cli, synthetic_v10_path, tmp_path):
    src = tmp_path / "pts.csv"
    sample_points().to_csv(src, index=False)
    r = cli("map", src, "-o", tmp_path / "m.png", "--zones", synthetic_v10_path)
    assert r.returncode == 2 and "HTML" in r.stderr


# --------------------------------------------------------------------------- the package


def test_public_names_load_lazily_and_resolve():
    import subprocess
    import sys

    code = (
        "import sys, geo.maps as m; m.VERDICT_COLOURS; m.find_assets; m.verdict_of; "
        "print('folium' in sys.modules); m.result_map; print('folium' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]  # folium only once a map is drawn
    import geo.maps.draw  # noqa: F401  (a submodule never shadows the function of the same package)

    for name in maps.__all__:
        assert getattr(maps, name) is not None, name
    assert callable(maps.result_map) and maps.result_map.__name__ == "result_map"
    with pytest.raises(AttributeError):
        maps.no_such_name
