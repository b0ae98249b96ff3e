"""Data never becomes template source: every text that reaches a map stays literal text.

Each source of text a user or a server controls — a CSV cell and column header, a launch-site
name, a title, a zone name, a zone file's sidecar (dataset, licence, attribution), a name served
by the WFS and saved by ``data download`` — carries Jinja payloads. The map must show them as
the characters they are, evaluate nothing, and run nothing (a payload that would create a file
through ``lipsum.__globals__`` must leave no file).
"""

from __future__ import annotations

import json
import re

import pytest
import shapely

from geo import maps
from geo.maps import elements, style
from geo.classify import check_points
from tests.wfs_server import WFSServer


def payload(marker_path) -> str:
    """Jinja expressions, statements and comments, and one that would run a shell command."""
    cmd = f"touch {marker_path}"
    return (
        "Z{{ 7*191 }}Z {% if true %}QIFQ{% endif %} {# c #} "
        "{{ lipsum.__globals__['os'].popen('" + cmd + "').read() }}"
    )


def assert_literal(page: str, text: str, marker_path) -> None:
    """``text`` reached ``page`` as data (JSON or HTML-escaped), was not evaluated, ran nothing."""
    assert "Z1337Z" not in page, "a Jinja expression from data was evaluated"
    assert "QIFQ {#" not in page and not re.search(r"\sQIFQ\s", page), "a Jinja statement from data was evaluated"
    assert not marker_path.exists(), "data ran a shell command"
    as_json = elements.js_json(text)[1:-1]
    assert as_json in page or style.esc(text) in page, "the text is not on the page literally"


def page_data(page: str) -> str:
    """Every JSON string literal of the page decoded, joined: what the browser's JS will see."""
    out = []
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"', page):
        try:
            out.append(json.loads(m.group()))
        except ValueError:
            continue
    return "\n".join(x for x in out if isinstance(x, str))


def test_result_table_cells_headers_title_and_sites(tmp_path):
    import pandas as pd

    marker = tmp_path / "ran"
    text = payload(marker)
    df = pd.DataFrame({"lat": [41.5, 30.0], "lon": [137.8, 150.0], "name": [text, "plain"], text + " (header)": ["x", text]})
    res = check_points(df, distances=False)
    m = maps.result_map(res, title=text, launch_sites=[(39.0, 125.7, text)], range_rings_km=[500],
                        tracks=[[(39.0, 125.7), (41.5, 137.8)]])
    page = maps.to_html(m)
    assert_literal(page, text, marker)
    assert text in page_data(page)  # the popup data decodes to the very text
    assert (text + " (header)") in page_data(page)
    # A notebook shows the same page.
    nb = m._repr_html_()
    assert "Z1337Z" not in nb and not marker.exists()


def _zone_file(tmp_path, *, name, meta=None):
    """A tiny zone file in the project's schema: one Japanese EEZ box."""
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(
        {"zone_type": ["eez"], "sovereigns": ["JPN"], "name": [name], "mrgid": [8487], "territory": ["JPN"]},
        geometry=[shapely.box(136.0, 40.0, 140.0, 43.0)],
        crs="EPSG:4326",
    )
    path = tmp_path / "zones.geojson"
    gdf.to_file(path, driver="GeoJSON")
    if meta is not None:
        (tmp_path / "zones.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


def test_zone_names_and_sidecar_fields(tmp_path, cli):
    marker = tmp_path / "ran"
    text = payload(marker)
    zpath = _zone_file(tmp_path, name=text, meta={"dataset": text, "edition": text, "licence": text, "attribution": text})
    pts = tmp_path / "pts.csv"
    pts.write_text("lat,lon,name\n41.5,137.8,a\n", encoding="utf-8")
    out = tmp_path / "map.html"
    r = cli("map", pts, "-o", out, "--zones", zpath)
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert_literal(page, text, marker)
    assert text in page_data(page)


def test_cli_csv_cells_headers_and_launch_names(tmp_path, cli):
    marker = tmp_path / "ran"
    text = payload(marker)
    header = text.replace(",", ";")  # a header without the CSV separator
    pts = tmp_path / "pts.csv"
    pts.write_text(f'lat,lon,name,"{header}"\n41.5,137.8,"{text}",x\n', encoding="utf-8")
    runs = {
        "map": ("map", pts, "-o", tmp_path / "map.html", "--launch", f"39.0,125.7,{header}"),
        "batch": ("batch", pts, "-o", tmp_path / "out.csv", "--map", tmp_path / "batch.html"),
    }
    for name, args in runs.items():
        r = cli(*args)
        assert r.returncode == 0, (name, r.stderr)
        page = (tmp_path / ("map.html" if name == "map" else "batch.html")).read_text(encoding="utf-8")
        assert_literal(page, text, marker)
        assert header in page_data(page) and text in page_data(page)


@pytest.fixture
def injected_wfs(tmp_path):
    marker = tmp_path / "ran"
    text = payload(marker)
    box = shapely.box(136.0, 40.0, 140.0, 43.0)
    feature = {
        "type": "Feature",
        "id": "eez.8487",
        "geometry": shapely.geometry.mapping(box) | {"coordinates": [[list(p) for p in box.exterior.coords]]},
        "properties": {"mrgid": 8487, "geoname": text, "pol_type": "200NM", "iso_sov1": "JPN", "sovereign1": text,
                       "iso_ter1": "JPN", "territory1": text},
    }
    layers = {"MarineRegions:eez": [feature], "MarineRegions:eez_12nm": [], "MarineRegions:eez_24nm": []}
    data = {"features": layers, "bounds": {k: [shapely.bounds(box).tolist()] * len(v) for k, v in layers.items()}}
    with WFSServer(None, layers=data) as srv:
        yield srv, text, marker


def test_names_served_by_the_wfs(tmp_path, cli, injected_wfs):
    srv, text, marker = injected_wfs
    env = {"EEZCHECK_CACHE_DIR": str(tmp_path / "cache"), "EEZCHECK_WFS_URL": srv.url}
    r = cli("data", "download", "--layer", "eez", env=env)
    assert r.returncode == 0, r.stderr
    pts = tmp_path / "pts.csv"
    pts.write_text("lat,lon\n41.5,137.8\n", encoding="utf-8")
    out = tmp_path / "map.html"
    r = cli("map", pts, "-o", out, "--zones", "marineregions", env=env)
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert_literal(page, text, marker)
    assert text in page_data(page)
