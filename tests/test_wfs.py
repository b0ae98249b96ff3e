"""geo.zones.wfs: limits, Retry-After, and one page fetched within them (local server only)."""

from __future__ import annotations

import email.utils
import time

import pytest

from geo.errors import DownloadError, InputError
from geo.zones import wfs
from tests.wfs_server import WFSServer, synthetic_layers

PARAMS = {"service": "WFS", "request": "GetFeature", "typeNames": "MarineRegions:eez", "outputFormat": "application/json"}


@pytest.fixture(scope="module")
def server():
    with WFSServer(None, layers=synthetic_layers([(130.0, 30.0, 1.0, "JPN"), (132.0, 30.0, 1.0, "JPN")])) as srv:
        yield srv


@pytest.fixture
def srv(server):
    server.reset("ok")
    server.drip_seconds = 0.2
    yield server
    server.reset("ok")


def _limits(**kw):
    return wfs.check_limits(**{"timeout": 1.0, "max_mb": 1.0, "retries": 0, "backoff": 0.0, **kw})


def test_retry_after_is_capped():
    now = 1_700_000_000.0
    assert wfs.retry_after_seconds("3") == 3.0
    assert wfs.retry_after_seconds("0.5") == 0.5
    assert wfs.retry_after_seconds("86400") == wfs.RETRY_AFTER_MAX == 30.0
    assert wfs.retry_after_seconds("9" * 400) == 30.0  # no overflow
    assert wfs.retry_after_seconds(email.utils.formatdate(now + 10, usegmt=True), now=now) == 10.0
    assert wfs.retry_after_seconds(email.utils.formatdate(now + 10**8, usegmt=True), now=now) == 30.0
    assert wfs.retry_after_seconds(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    for junk in (None, "", "soon", "-5", "inf", "nan", "1e9"):
        assert wfs.retry_after_seconds(junk) is None, junk


def test_limits_validation():
    assert _limits().timeout == (1.0, 1.0) and _limits().deadline == 4.0
    assert _limits(max_mb=0.5).max_bytes == 2**19
    for bad in ({"timeout": 0}, {"timeout": float("nan")}, {"deadline": -1}, {"max_mb": float("inf")}, {"retries": -1}):
        with pytest.raises(InputError):
            _limits(**bad)


def test_a_page_within_limits(srv):
    with wfs.session() as s:
        doc, n = wfs.get_page(s, srv.url, PARAMS, _limits(), what="test")
    assert [f["id"] for f in doc["features"]] == ["eez.900001", "eez.900002"] and n > 100


def test_deadline_stops_a_drip_wherever_it_is_blocked(srv):
    for mode in ("drip", "drip-headers"):
        srv.reset(mode)
        t0 = time.monotonic()
        with wfs.session() as s, pytest.raises(DownloadError, match="deadline of 1 s"):
            wfs.get_page(s, srv.url, PARAMS, _limits(deadline=1.0), what="test")
        assert time.monotonic() - t0 < 1.8, mode


def test_size_limit_counts_decompressed_bytes(srv):
    from tests.wfs_server import gzip_bomb

    srv.reset("gzip-bomb")
    srv.payload = gzip_bomb(16 << 20)
    with wfs.session() as s, pytest.raises(DownloadError, match="1 MiB a page .after decompression"):
        wfs.get_page(s, srv.url, PARAMS, _limits(), what="test")
    srv.reset("ok")
    with wfs.session() as s, pytest.raises(DownloadError, match="announces"):  # Content-Length says too much
        wfs.get_page(s, srv.url, PARAMS, _limits(max_mb=100 / 2**20), what="test")


def test_retries_are_counted_and_backoff_fits_the_deadline(srv):
    srv.reset("http500")
    with wfs.session() as s, pytest.raises(DownloadError, match="HTTP 500"):
        wfs.get_page(s, srv.url, PARAMS, _limits(retries=2), what="test")
    assert len(srv.requests) == 3
    srv.reset("http500")
    with wfs.session() as s, pytest.raises(DownloadError, match="past the deadline"):
        wfs.get_page(s, srv.url, PARAMS, _limits(retries=5, backoff=5.0), what="test")  # 5 s > the 4 s deadline
    assert len(srv.requests) == 1
    srv.reset("http500", fail_times=1)
    with wfs.session() as s:
        doc, _ = wfs.get_page(s, srv.url, PARAMS, _limits(retries=1), what="test")
    assert len(doc["features"]) == 2


def test_not_a_feature_collection():
    with pytest.raises(DownloadError, match="not valid JSON"):
        wfs.parse_collection(b"{", "test")
    with pytest.raises(DownloadError, match="sent XML instead: WFS exception: boom"):
        wfs.parse_collection(b"<x><ows:ExceptionText>boom</ows:ExceptionText></x>", "test")
    with pytest.raises(DownloadError, match="not a GeoJSON FeatureCollection"):
        wfs.parse_collection(b'{"type": "FeatureCollection", "features": {}}', "test")
