"""Fixtures for the Marine Regions download/catalog/compare tests (imported by those modules).

Every test using them runs with ``EEZCHECK_CACHE_DIR`` in a temporary directory and
``EEZCHECK_WFS_URL`` pointing at a closed local port, so nothing can reach the real user cache
or the network even by mistake.
"""

from __future__ import annotations

import pytest

from tests.wfs_server import DEAD_URL, TEST_BBOX, WFSServer, cache_files  # noqa: F401 - re-exported


@pytest.fixture(scope="session")
def _wfs_session(synthetic_v12_path):
    """The local WFS serving the synthetic v12 file (``tests/synthetic.py``) as layer ``eez``."""
    with WFSServer(synthetic_v12_path) as srv:
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


@pytest.fixture(scope="session")
def _downloaded_session(_wfs_session, tmp_path_factory):
    """The three layers downloaded once per session from the local WFS (read-only for tests)."""
    from geo.zones.download import download

    root = tmp_path_factory.mktemp("mr_download")
    _wfs_session.reset("ok")
    mp = pytest.MonkeyPatch()
    mp.setenv("EEZCHECK_CACHE_DIR", str(root))
    try:
        results = download(
            ["eez", "eez_12nm", "eez_24nm"], url=_wfs_session.url, bbox=TEST_BBOX, timeout=5.0, retries=0, quiet=True
        )
        # Prepare the names once (repairing the polygons is the slow part of loading them).
        from geo.zones.catalog import resolve_zones

        for name in ("marineregions", "marineregions:eez", "marineregions:eez_12nm"):
            resolve_zones(name)
    finally:
        mp.undo()
    for d in (root / "marineregions", root / "prepared"):
        for p in d.iterdir():
            p.chmod(0o444)  # tests must not change the shared download …
        d.chmod(0o555)  # … nor add to it
    yield root, results
    for d in (root / "marineregions", root / "prepared"):
        d.chmod(0o755)


@pytest.fixture
def downloaded(_downloaded_session, cache):
    """A private cache directory holding the session's download and its prepared copies
    (linked, so what is loaded once is shared)."""
    root, results = _downloaded_session
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("marineregions", "prepared"):
        (cache / name).symlink_to(root / name, target_is_directory=True)
    return results
