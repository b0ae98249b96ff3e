"""Downloading Marine Regions layers from a (local) WFS: paging, sidecar, atomicity, failures."""

from __future__ import annotations

import hashlib
import json

import pytest

from geo.zones.download import DEFAULT_BBOX, download, download_layer, layer_path, parse_bbox, parse_layers
from geo.errors import DownloadError, InputError
from tests.wfs_server import TEST_BBOX, cache_files

FAST = dict(timeout=1.0, retries=0, backoff=0.0, quiet=True)

# The shared fixtures (local WFS, private cache, session download), registered once per session.
pytest_plugins = ["tests.mr_fixtures"]


def _expected_count(srv, bbox=DEFAULT_BBOX):
    """Features of the served layer meeting bbox, counted independently of the client."""
    w, s, e, n = bbox
    return sum(1 for x0, y0, x1, y1 in srv._data["bounds"]["MarineRegions:eez"] if x0 <= e and x1 >= w and y0 <= n and y1 >= s)


def test_download_pages_and_records_sidecar(wfs, cache):
    r = download_layer("eez", url=wfs.url, page_size=5, **FAST)
    n = _expected_count(wfs)
    assert n > 10  # the region holds Japan and all its neighbours
    assert r.feature_count == n
    # Paging really happened: one request per page of 5, startIndex 0, 5, 10, …
    assert len(wfs.requests) == r.pages == -(-n // 5)
    assert [int(q["startindex"]) for q in wfs.requests] == list(range(0, n, 5))
    assert {q["count"] for q in wfs.requests} == {"5"}
    q = wfs.requests[0]
    assert q["version"] == "2.0.0" and q["request"] == "GetFeature" and q["typenames"] == "MarineRegions:eez"
    assert q["outputformat"] == "application/json"
    assert q["srsname"] == "http://www.opengis.net/gml/srs/epsg.xml#4326"  # GeoServer's strict lon/lat
    assert q["bbox"].endswith(",http://www.opengis.net/gml/srs/epsg.xml#4326")

    assert r.path == layer_path("eez") and r.path.parent.parent == cache
    data = r.path.read_bytes()
    meta = json.loads(r.sidecar.read_text())
    assert r.sidecar.name == "eez.json"
    assert meta["sha256"] == hashlib.sha256(data).hexdigest() == r.sha256
    assert meta["feature_count"] == n == meta["number_matched"]
    assert meta["layer"] == "eez" and meta["url"] == wfs.url and meta["query"]["typeNames"] == "MarineRegions:eez"
    assert meta["retrieved"].endswith("Z") and meta["licence"] == "CC BY 4.0"
    assert "Flanders Marine Institute" in meta["attribution"] and "marineregions.org" in meta["attribution"]
    assert meta["axis_order_fixed"] is False
    ids = [f["id"] for f in json.loads(data)["features"]]
    assert len(ids) == len(set(ids)) == n
    assert cache_files(cache) == ["marineregions/eez.geojson", "marineregions/eez.json"]


def test_downloaded_file_loads_and_classifies(wfs, cache):
    from geo.classify import check_point
    from geo.zones import read_zones

    r = download_layer("eez", url=wfs.url, bbox=TEST_BBOX, page_size=7, **FAST)
    z = read_zones(r.path)
    assert (z.table["zone_type"] != "land").sum() == r.feature_count  # (land rows may be added from holes)
    assert z.source.licence == "CC BY 4.0" and "version 12" in z.source.attribution
    assert "WFS" in z.source.label
    # Far (> 300 km) from any limit in both editions: deep in Japan's EEZ, and in South Korea's.
    jp = check_point(lat=30.0, lon=140.0, zones=z)
    assert jp.eez_status == "inside" and jp.mrgid == 8487 and jp.distance_to_target_eez_km > 100
    kr = check_point(lat=35.0, lon=125.0, zones=z)
    assert kr.eez_status == "outside" and kr.sovereigns == ("KOR",) and kr.mrgid == 8327
    assert "Marine Regions" in jp.data_source and "retrieved" in jp.data_source


def test_swapped_axes_are_detected_and_fixed(wfs, cache):
    import shapely

    wfs.reset("swap")  # the server answers lat/lon whatever we ask, like a WFS 2.0 EPSG URN
    r = download_layer("eez", url=wfs.url, page_size=50, **FAST)
    assert r.metadata["axis_order_fixed"] is True and r.feature_count == _expected_count(wfs)
    feats = json.loads(r.path.read_bytes())["features"]
    w, s, e, n = shapely.total_bounds([shapely.geometry.shape(f["geometry"]) for f in feats])
    assert -90 <= s and n <= 90 and e > 100  # lon/lat again: Japan's region, not lat-as-x
    wfs.reset("ok")
    plain = download_layer("eez", url=wfs.url, page_size=50, **FAST)
    assert json.loads(plain.path.read_bytes())["features"] == feats  # identical to a lon/lat answer


@pytest.mark.parametrize(
    ("mode", "fail_from", "words"),
    [
        ("http500", 1, "HTTP 500"),
        ("http500", 2, "HTTP 500"),  # a later page fails: the first page must not be kept
        ("cut", 2, "connection was cut"),
        ("badjson", 1, "not valid JSON"),
        ("xml", 1, "WFS exception"),
        ("slow", 2, "timed out"),
    ],
)
def test_failures_leave_nothing_and_say_what_happened(wfs, cache, mode, fail_from, words):
    wfs.reset(mode, fail_from=fail_from)
    wfs.slow_seconds = 2.5
    with pytest.raises(DownloadError) as info:
        download_layer("eez", url=wfs.url, page_size=5, **FAST)
    msg = str(info.value)
    assert words in msg and "nothing was saved" in msg.lower(), msg
    assert "MarineRegions:eez" in msg
    assert not layer_path("eez").exists()
    assert cache_files(cache) == []  # no data file, no sidecar, no temporary
    assert len(wfs.requests) >= fail_from


def test_failed_redownload_keeps_the_previous_file_intact(wfs, cache):
    first = download_layer("eez", url=wfs.url, page_size=10, **FAST)
    before = {p: (cache / p).read_bytes() for p in cache_files(cache)}
    wfs.reset("cut", fail_from=2)
    with pytest.raises(DownloadError):
        download_layer("eez", url=wfs.url, page_size=10, **FAST)
    after = {p: (cache / p).read_bytes() for p in cache_files(cache)}
    assert after == before
    assert json.loads(first.sidecar.read_text())["sha256"] == hashlib.sha256(first.path.read_bytes()).hexdigest()


def test_retry_recovers_from_a_cut_body(wfs, cache):
    wfs.reset("cut", fail_from=1, fail_times=1)  # one cut answer, then a healthy server
    r = download_layer("eez", url=wfs.url, page_size=100, timeout=1.0, retries=2, backoff=0.0, quiet=True)
    assert r.feature_count == _expected_count(wfs)
    assert len(wfs.requests) == 2


def test_retry_recovers_from_http_500(wfs, cache):
    wfs.reset("http500", fail_from=1, fail_times=2)
    r = download_layer("eez", url=wfs.url, page_size=100, timeout=1.0, retries=2, backoff=0.0, quiet=True)
    assert r.feature_count == _expected_count(wfs)
    assert len(wfs.requests) == 3  # urllib3's Retry resent the request twice


def test_offline_is_one_clear_error(cache):
    with pytest.raises(DownloadError, match="cannot reach .*offline"):
        download_layer("eez", url="http://127.0.0.1:9/wfs", **FAST)
    assert cache_files(cache) == []


def test_other_layers_and_empty_layers(wfs, cache):
    from geo.zones import read_zones

    res = download(["eez_12nm", "eez_24nm"], url=wfs.url, **FAST)
    twelve, empty = res
    assert twelve.feature_count == 1 and read_zones(twelve.path).table["zone_type"].tolist() == ["territorial_sea"]
    assert empty.feature_count == 0 and empty.path is None
    assert cache_files(cache) == ["marineregions/eez_12nm.geojson", "marineregions/eez_12nm.json"]


def test_bbox_filter_is_sent_and_honoured(wfs, cache):
    small = (128.0, 30.0, 132.0, 34.0)  # around Kyushu: Japan and South Korea only
    r = download_layer("eez", url=wfs.url, bbox=small, page_size=100, **FAST)
    assert r.feature_count == _expected_count(wfs, small) < _expected_count(wfs)
    assert wfs.requests[0]["bbox"].startswith("128,30,132,34,")
    assert r.metadata["bbox"] == list(small)


def test_parse_helpers():
    assert parse_bbox("110,10,170,55") == (110.0, 10.0, 170.0, 55.0)
    assert parse_layers("eez, eez_12nm,eez") == ["eez", "eez_12nm"]
    for bad in ("1,2,3", "a,b,c,d", "170,10,110,55", "110,60,170,55", "110,10,190,55"):
        with pytest.raises(InputError, match="bbox"):
            parse_bbox(bad)
    with pytest.raises(InputError, match="eez_12nm"):
        parse_layers("eez,territorial")


# --------------------------------------------------------------------------- options and commit


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"timeout": 0}, "--timeout = 0"),
        ({"timeout": -1.0}, "--timeout = -1.0"),
        ({"timeout": float("nan")}, "--timeout = nan"),
        ({"timeout": float("inf")}, "--timeout = inf"),
        ({"timeout": "soon"}, "--timeout = 'soon'"),
        ({"timeout": True}, "--timeout = True"),
        ({"timeout": (1.0, float("nan"))}, "--timeout (read) = nan"),
        ({"deadline": 0}, "--deadline = 0"),
        ({"deadline": float("inf")}, "--deadline = inf"),
        ({"retries": -1}, "--retries = -1"),
        ({"retries": 1.5}, "--retries = 1.5"),
        ({"retries": True}, "--retries = True"),
        ({"page_size": 0}, "--page-size = 0"),
        ({"page_size": 2.5}, "--page-size = 2.5"),
        ({"max_page_mb": 0}, "--max-page-mb = 0"),
        ({"max_page_mb": float("nan")}, "--max-page-mb = nan"),
        ({"backoff": -1}, "backoff = -1"),
    ],
)
def test_bad_options_are_refused_before_any_request(wfs, cache, kwargs, words):
    from geo.zones.download import check_options

    with pytest.raises(InputError) as info:
        check_options(**kwargs)
    assert words in str(info.value)
    with pytest.raises(InputError):
        download_layer("eez", url=wfs.url, quiet=True, **kwargs)
    assert wfs.requests == [] and cache_files(cache) == []


def test_options_defaults_and_conversions():
    import numpy as np

    from geo.zones.download import DEFAULT_TIMEOUT, MAX_PAGE_MB, check_options

    d = check_options()
    assert d.page_size == 50 and d.limits.timeout == DEFAULT_TIMEOUT
    assert d.limits.deadline == 4 * DEFAULT_TIMEOUT[1] and d.limits.max_bytes == MAX_PAGE_MB * 2**20
    assert check_options(timeout=5).limits.timeout == (5.0, 5.0)
    assert check_options(timeout=30).limits.timeout == (10.0, 30.0)  # the connection itself: 10 s at most
    assert check_options(timeout=(2, 7), deadline=9).limits.deadline == 9.0
    assert check_options(page_size=np.int64(7), retries=np.int32(0)).page_size == 7


def test_a_failed_commit_keeps_the_previous_pair(wfs, cache, monkeypatch):
    """The data file could not be replaced: the old data and its own sidecar stay, nothing else."""
    import geo._files

    first = download_layer("eez", url=wfs.url, bbox=TEST_BBOX, page_size=100, **FAST)
    before = {p: (cache / p).read_bytes() for p in cache_files(cache)}
    real = geo._files.os.replace

    def refuse_data(src, dst):
        if str(dst) == str(first.path):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(geo._files.os, "replace", refuse_data)
    with pytest.raises(DownloadError, match="cannot write .*No space left.*nothing was saved"):
        download_layer("eez", url=wfs.url, bbox=TEST_BBOX, page_size=7, **FAST)
    monkeypatch.undo()
    assert {p: (cache / p).read_bytes() for p in cache_files(cache)} == before


def test_sidecar_never_describes_other_data(wfs, cache):
    a = download_layer("eez", url=wfs.url, bbox=TEST_BBOX, page_size=100, **FAST)
    b = download_layer("eez", url=wfs.url, bbox=(128.0, 30.0, 132.0, 34.0), page_size=100, **FAST)
    meta = json.loads(b.sidecar.read_text())
    assert meta["sha256"] == hashlib.sha256(b.path.read_bytes()).hexdigest() != a.sha256
    assert cache_files(cache) == ["marineregions/eez.geojson", "marineregions/eez.json"]


def test_more_features_than_announced_is_refused(wfs, cache, monkeypatch):
    real = wfs.feature_collection

    def lying(params):  # says 3 but pages on with full pages
        status, doc = real(params)
        return status, {**doc, "numberMatched": 3, "totalFeatures": 3} if isinstance(doc, dict) else doc

    monkeypatch.setattr(wfs, "feature_collection", lying)
    with pytest.raises(DownloadError, match="more than the 3 announced"):
        download_layer("eez", url=wfs.url, page_size=5, **FAST)
    assert cache_files(cache) == []
