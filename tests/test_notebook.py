"""Notebook display: a PointResult, an impact estimate and a read report show as small HTML
tables (``_repr_html_``) in which every text is escaped — names holding markup or template syntax
are shown as written, never run; tables stay GeoDataFrames; a map is a folium Map."""

from __future__ import annotations

import dataclasses
import html
from html.parser import HTMLParser

import pytest

import geo

PAYLOADS = ("<script>window.__x=1</script>", "{{ 7*7 }}", "<img src=x onerror=alert(1)>", '" onmouseover="x', "{% for %}")
ALLOWED_TAGS = {"div", "p", "strong", "table", "tr", "th", "td"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [k for k, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


def _read(fragment: str) -> _Page:
    page = _Page()
    page.feed(fragment)
    page.close()
    return page


def _assert_shown_as_data(fragment: str, payload: str):
    page = _read(fragment)
    assert page.tags <= ALLOWED_TAGS, page.tags
    assert set(page.attrs) <= {"class", "style"}, page.attrs
    assert payload in "".join(page.text)  # shown as written
    assert html.escape(payload, quote=True) in fragment


@pytest.fixture(scope="module")
def point():
    return geo.check_point(lat=41.5, lon=137.8)


@pytest.fixture(scope="module")
def estimate():
    return geo.estimate_impact(launch="40.21,125.2", bearing="E", range_km=700, samples=500)


def test_a_point_result_shows_its_verdict_and_every_field(point):
    page = _read(point._repr_html_())
    text = "".join(page.text)
    assert point.summary().splitlines()[0] in text
    for k in point.to_dict():
        assert k in text
    assert "Japanese EEZ" in text and point.nearest_territory in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_point_results_names_are_only_data(point, payload):
    hostile = dataclasses.replace(point, zone_name=payload, nearest_territory=payload, data_source=payload)
    out = hostile._repr_html_()
    _assert_shown_as_data(out, payload)
    assert "49" not in "".join(_read(out).text).replace("7*7", "")  # no template was rendered


def test_an_estimate_shows_its_call_probability_and_verdict(estimate):
    text = "".join(_read(estimate._repr_html_()).text)
    from geo.reports.describe import format_latlon

    assert f"Landing point {format_latlon(estimate.landing_lat, estimate.landing_lon, 4)}: {estimate.call}" in text
    assert "P(in Japan's EEZ)" in text
    assert "launch" in text and "40.21°N 125.20°E" in text and "n = 500, seed 0" in text
    assert estimate.result.zone_name in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_estimates_texts_are_only_data(estimate, payload):
    hostile = dataclasses.replace(
        estimate, description=payload, uncertainty=payload, launch_name=payload,
        result=dataclasses.replace(estimate.result, zone_name=payload),
    )
    _assert_shown_as_data(hostile._repr_html_(), payload)


@pytest.fixture(scope="module")
def report():
    from tests.report_texts import EN_2025_11_07

    return geo.read_report(EN_2025_11_07, samples=300)


def test_a_report_shows_its_scenarios_side_by_side(report):
    out = report._repr_html_()
    page = _read(out)
    text = "".join(page.text)
    assert [s.label for s in report.scenarios] == ["South Korea", "Japan"]
    assert "South Korea" in text and "Japan states outside" in text and "700 km" in text and "450 km" in text
    from geo.reports.report_text import scenario_rows

    assert out.count("<tr>") == 1 + len(scenario_rows(report))  # the heading, then one row per figure


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_reports_labels_and_quotes_are_only_data(report, payload):
    scenarios = tuple(dataclasses.replace(s, label=payload) for s in report.scenarios)
    _assert_shown_as_data(dataclasses.replace(report, scenarios=scenarios)._repr_html_(), payload)


def test_tables_stay_geodataframes_and_a_map_is_a_folium_map(estimate):
    import folium
    import geopandas as gpd

    df = geo.check_points(lat=[41.5, 30.0], lon=[137.8, 124.0])
    assert isinstance(df, gpd.GeoDataFrame) and "<table" in df._repr_html_()
    m = geo.result_map(df, impacts=[estimate])
    assert isinstance(m, folium.Map) and "<iframe" in m._repr_html_()
