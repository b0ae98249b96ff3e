"""Fixtures for the Marine Regions download/catalog/compare tests (imported by those modules).

Every test using them runs with ``EEZCHECK_CACHE_DIR`` in a temporary directory and
``EEZCHECK_WFS_URL`` pointing at a closed local port, so nothing can reach the real user cache
or the network even by mistake.
"""

from __future__ import annotations

import pytest

from tests.wfs_server import WFSServer

#: A local port nothing listens on: a download that forgot the test server fails fast.
DEAD_URL = "http://127.0.0.1:9/geoserver/MarineRegions/wfs"


@pytest.fixture(scope="session")
def _wfs_session(mr_v12_path):
    with WFSServer(mr_v12_path) as srv:
        yield srv


@pytest.fixture
def wfs(_wfs_session):
    """The local WFS, reset to answer normally, with its request log cleared."""
    _wfs_session.reset("ok")
    yield _wfs_session
    _wfs_session.reset("ok")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private cache directory (the user's real one is never touched)."""
    d = tmp_path / "cache"
    monkeypatch.setenv("EEZCHECK_CACHE_DIR", str(d))
    monkeypatch.setenv("EEZCHECK_WFS_URL", DEAD_URL)
    monkeypatch.delenv("EEZCHECK_ZONES", raising=False)
    return d


def cache_files(d):
    """Every file under the cache directory, hidden temporaries included."""
    return sorted(p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file()) if d.exists() else []


@pytest.fixture(scope="session")
def _downloaded_session(_wfs_session, tmp_path_factory):
    """The three layers downloaded once per session from the local WFS (read-only for tests)."""
    from geo.download import download

    root = tmp_path_factory.mktemp("mr_download")
    _wfs_session.reset("ok")
    mp = pytest.MonkeyPatch()
    mp.setenv("EEZCHECK_CACHE_DIR", str(root))
    try:
        results = download(["eez", "eez_12nm", "eez_24nm"], url=_wfs_session.url, timeout=5.0, retries=0, quiet=True)
    finally:
        mp.undo()
    for p in (root / "marineregions").iterdir():
        p.chmod(0o444)  # tests must not change the shared download
    return root / "marineregions", results


@pytest.fixture
def downloaded(_downloaded_session, cache):
    """A private cache directory holding the session's download (linked, so loads are shared)."""
    folder, results = _downloaded_session
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "marineregions").symlink_to(folder, target_is_directory=True)
    return results
