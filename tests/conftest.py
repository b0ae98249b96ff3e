"""Shared fixtures: the Marine Regions reference extracts (outside the repo) and CLI helpers."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import sys
from pathlib import Path

import pytest

# The suite never touches the user's cache (compiled indexes, downloads, `data use` settings):
# one throw-away cache for the session, inherited by the CLI subprocesses.
if "EEZCHECK_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="eezcheck-test-cache-")
    os.environ["EEZCHECK_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
MARINEREGIONS = ROOT.parent / "shared" / "data" / "marineregions"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _need(path: Path) -> Path:
    """The path of a reference file; fail in CI, skip elsewhere, if it is missing."""
    if not path.exists():
        msg = (
            f"Marine Regions reference extract {path} not found: the tests expect ../shared/data/marineregions/ "
            "beside the repository"
        )
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def mr_v10_path() -> Path:
    return _need(MARINEREGIONS / "eez_v10_s05" / "eez_s05.shp")


@pytest.fixture(scope="session")
def mr_v12_path() -> Path:
    return _need(MARINEREGIONS / "eez_v12_simplified" / "eez_simplified.geojson")


@pytest.fixture(scope="session")
def mr_v10_zones(mr_v10_path):
    from geo.zones import load_zones

    return load_zones(mr_v10_path)


@pytest.fixture(scope="session")
def mr_v12_zones(mr_v12_path):
    from geo.zones import load_zones

    return load_zones(mr_v12_path)


@pytest.fixture(scope="session")
def bundled_zones():
    """The bundled zones (shapefiles/); their absence is a failure, never a skip."""
    from geo.zones import bundled_path, load_zones

    if not bundled_path().exists():
        pytest.fail(f"bundled zone data missing at {bundled_path()}; run 'python scripts/build_zones.py'")
    return load_zones(None)


def run_cli(*args, input=None, env=None, cwd=None, timeout=120) -> subprocess.CompletedProcess:
    """Run ``python -m geo ARGS`` as a user would, capturing stdout and stderr."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "geo", *map(str, args)],
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_cli
