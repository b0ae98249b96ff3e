"""Report maps (issue 12, item 5): one layer per source's scenario — landing cloud and range arcs
restricted to the (stated) sea, the launch site, a label naming the source with P(inside), the
call and the verdict the source states — through the API and ``eezcheck report --map``."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import numpy as np
import pytest
from pyproj import Geod

from geo import maps
from geo.maps import elements
from geo.reports.article import read_report
from geo.reports.places import find_place
from geo.reports.sampler import probability_text
from geo.reports.scenarios import Figures
from geo.reports.seas import lookup_sea, on_land
from geo.reports.wording import reported_distance
from tests.report_texts import EN_2025_11_07

GEOD = Geod(ellps="WGS84")


def layers_of(m) -> dict:
    """Layer name → resolved features of the map's eezcheck layers."""
    return {html.unescape(c.layer_name): c.resolved() for c in m._children.values() if isinstance(c, elements.Features)}


@pytest.fixture(scope="module")
def report():
    return read_report(EN_2025_11_07, samples=3000, seed=1)


@pytest.fixture(scope="module")
def drawn(report):
    m = maps.result_map(impacts=list(report.scenarios))
    return m, layers_of(m), maps.to_html(m)


def _scenario_layer(layers: dict, title: str) -> list:
    hits = [v for k, v in layers.items() if k.startswith(title + " — ")]
    assert len(hits) == 1, (title, list(layers))
    return hits[0]


def test_one_layer_per_source_with_its_label(report, drawn):
    _, layers, page = drawn
    for s, title in ((report.scenarios[0], "South Korea: 700 km"), (report.scenarios[1], "Japan: 450 km")):
        feats = _scenario_layer(layers, title)
        e = s.estimate
        label = next(f for f in feats if f["properties"].get("_permanent"))
        lines = label["properties"]["_tooltip"].splitlines()
        p_text = probability_text(e.p_in_target_eez, e.p_stderr, e.n_samples, decimals=2)[0]
        assert lines[:2] == [title, f"P(in Japan's EEZ) {p_text} — {e.call}"]
        assert label["geometry"]["coordinates"] == [e.landing_lon, e.landing_lat]
        assert title in page
    japan = next(f for f in _scenario_layer(layers, "Japan: 450 km") if f["properties"].get("_permanent"))
    assert japan["properties"]["_tooltip"].splitlines()[2] == "Japan states: outside (hedged)"
    # The verdict the text states is in the legend too, and the borrowed launch site is said.
    assert "Stated in the text: Japan states: outside (hedged)." in page
    assert "Japan: 450 km (launch site, direction, landing sea from South Korea)" in page


def test_the_launch_site_and_each_estimate_are_drawn(report, drawn):
    _, layers, _ = drawn
    sites = layers["Launch sites"]
    assert len(sites) == 1 and "Taegwan" in sites[0]["properties"]["_tooltip"]  # both scenarios: one site
    impacts = layers["Impacts (by verdict)"]
    assert sorted(f["properties"]["_title"].split(":")[0] for f in impacts) == ["Japan", "South Korea"]


def test_cloud_and_arcs_lie_in_the_stated_sea(report, drawn):
    _, layers, _ = drawn
    sea = lookup_sea("East Sea")
    for s, title in ((report.scenarios[0], "South Korea: 700 km"), (report.scenarios[1], "Japan: 450 km")):
        feats = _scenario_layer(layers, title)
        cloud = [f for f in feats if f["geometry"]["type"] == "MultiPoint"]
        assert len(cloud) == 1
        xy = np.array(cloud[0]["geometry"]["coordinates"])
        assert len(xy) > 100
        assert sea.contains(xy[:, 1], xy[:, 0]).all()
        arcs = [f for f in feats if f["geometry"]["type"] == "MultiLineString"]
        assert len(arcs) == 3  # the stated range and the two edges of its rounding band
        d = s.figures.range
        site = s.figures.launch
        for arc, radius in zip(arcs, (d.mid_km, d.low_km, d.high_km)):
            for part in arc["geometry"]["coordinates"]:
                p = np.array(part)
                assert sea.contains(p[:, 1], p[:, 0]).all()
                _, _, dist = GEOD.inv(np.full(len(p), site.lon), np.full(len(p), site.lat), p[:, 0], p[:, 1])
                assert np.allclose(dist / 1000, radius, atol=0.5)


def _fake(samples_lat, samples_lon, sea=None):
    e = SimpleNamespace(landing_lat=40.0, landing_lon=134.0, call="outside", p_in_target_eez=0.0,
                        samples_lat=np.array(samples_lat), samples_lon=np.array(samples_lon))
    fig = Figures(launch=find_place("Sunan"), range=reported_distance(700), sea=sea)
    return SimpleNamespace(label="Test source", figures=fig, estimate=e, missing="")


def test_samples_on_land_or_outside_the_named_sea_are_not_drawn():
    from geo.maps.scenarios import scenario_layers

    lat, lon = [39.02, 40.0, 35.0, 41.0], [125.75, 134.0, 124.0, 138.0]  # Pyongyang, Sea of Japan, Yellow Sea, Sea of Japan
    assert on_land(lat=lat, lon=lon).tolist() == [True, False, False, False]
    (_, at_sea), = scenario_layers([_fake(lat, lon)], "JPN")[0]
    cloud = next(f for f in at_sea if f["geometry"]["type"] == "MultiPoint")
    assert sorted(map(tuple, cloud["geometry"]["coordinates"])) == [(124.0, 35.0), (134.0, 40.0), (138.0, 41.0)]
    (_, in_sea), = scenario_layers([_fake(lat, lon, lookup_sea("Sea of Japan"))], "JPN")[0]
    cloud = next(f for f in in_sea if f["geometry"]["type"] == "MultiPoint")
    assert sorted(map(tuple, cloud["geometry"]["coordinates"])) == [(134.0, 40.0), (138.0, 41.0)]


def test_a_stated_position_has_no_arc_and_a_cloud_at_sea():
    r = read_report("Japan's Ministry of Defense said the missile fell about 200 km west of Oshima-Oshima, "
                    "inside Japan's exclusive economic zone.", samples=2000)
    layers = layers_of(maps.result_map(impacts=list(r.scenarios)))
    feats = _scenario_layer(layers, "Japan: about 200 km west of Oshima-Oshima")
    assert not [f for f in feats if f["geometry"]["type"] == "MultiLineString"]
    xy = np.array(next(f for f in feats if f["geometry"]["type"] == "MultiPoint")["geometry"]["coordinates"])
    assert not on_land(lat=xy[:, 1], lon=xy[:, 0]).any()
    label = next(f for f in feats if f["properties"].get("_permanent"))
    assert label["properties"]["_tooltip"].splitlines()[-1] == "Japan states: inside"


def test_report_map_from_the_command_line(cli, tmp_path):
    out = tmp_path / "report.html"
    r = cli("report", EN_2025_11_07, "--samples", "2000", "--map", out)
    assert r.returncode == 0, r.stderr
    assert "Scenarios" in r.stdout and f"map written to {out}" in r.stderr
    page = out.read_text(encoding="utf-8")
    for label in ("South Korea: 700 km", "Japan: 450 km", "Japan states: outside (hedged)", "Launch site"):
        assert label in page


def test_report_map_offline_and_its_option_checks(cli, tmp_path):
    out = tmp_path / "offline.html"
    r = cli("report", EN_2025_11_07, "--samples", "1000", "--map", out, "--offline")
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert "South Korea: 700 km" in page and "tile.openstreetmap" not in page
    assert not re.search(r'<script[^>]+src="https?://', page)  # nothing fetched from the network
    bad = cli("report", EN_2025_11_07, "--offline")
    assert bad.returncode == 2 and "--offline and --assets go with --map" in bad.stderr
    missing = cli("report", EN_2025_11_07, "--map", tmp_path / "no" / "such" / "dir.html")
    assert missing.returncode == 2 and not (tmp_path / "no").exists()


def test_article_text_on_the_map_is_never_a_template(cli, tmp_path):
    hostile = "{{7*7}} {% if true %}evaluated{% endif %} {# hidden #} " + EN_2025_11_07
    out = tmp_path / "hostile.html"
    r = cli("report", hostile, "--samples", "1000", "--map", out)
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "{{7*7}} {% if true %}evaluated{% endif %} {# hidden #}" in html.unescape(title)
    assert "49" not in title and "South Korea: 700 km" in page


@pytest.mark.parametrize("p, n, want", [(1.0, 2000, "> 0.99"), (0.0, 2000, "< 0.01"), (1.0, 0, "= 1")])
def test_p_at_0_or_1_is_never_written_as_a_rounded_p_on_a_map(p, n, want):
    """A label or popup at p = 0 or 1 gives the 95 % bound (with samples) or the plain verdict's
    exact p (without), as every other output writes it: never "= 1.00" or "± 0.00"."""
    from geo.maps.layers import impact_feature
    from geo.maps.scenarios import scenario_layers

    call = "inside" if p else "outside"
    est = SimpleNamespace(p_in_target_eez=p, p_stderr=0.0, n_samples=n, call=call, landing_lat=40.0,
                          landing_lon=135.0, samples_lat=None, samples_lon=None)
    scenario = SimpleNamespace(label="Japan", figures=Figures(range=reported_distance(700)), estimate=est)
    [(_, feats)] = scenario_layers([scenario], "JPN")[0]
    label = next(f for f in feats if f["properties"].get("_permanent"))["properties"]["_tooltip"]
    assert label.splitlines()[1] == f"P(in Japan's EEZ) {want} — {call}"
    head = impact_feature(est, 0, "JPN", "", None)[0]["properties"]["_headline"]
    assert head.endswith(f"P(in Japan's EEZ) {want}") and ".00" not in head
    from geo.maps.layers import region_feature
    from geo.reports.region import UncertaintyRegion

    region = UncertaintyRegion(np.array([134.0, 136, 136, 134]), np.array([39.0, 39, 41, 39]), 0.9, 0.91, max(n, 1))
    tip = region_feature(region, call, p, "JPN", p_stderr=0.0, n_samples=n)["properties"]["_tooltip"]
    assert tip.splitlines()[1] == f"P(in Japan's EEZ) {want}"
