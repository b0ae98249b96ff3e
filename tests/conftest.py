"""Shared fixtures: synthetic Marine Regions files, the real reference extracts (outside the repo), CLI helpers.

Logic (schemas, land from holes, disputed areas, comparisons, maps, downloads) is tested on the
synthetic files of :mod:`tests.synthetic`, written for each session. Only comparisons with the
real public polygons use the extracts (fixtures ``mr_v10_*``/``mr_v12_*``): such tests are marked
``needs_mr_extracts`` and skip, saying why (in CI too), when the extracts are missing; the run's
summary says how many did.
"""

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
# The subprocesses (the CLI as a user runs it, README blocks) import this checkout's geo, not
# whatever copy is installed: a fresh clone tests its own code and data.
if os.environ.get("PYTHONPATH", "").split(os.pathsep)[0] != str(ROOT):
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
#: The folder of the Marine Regions reference extracts; ``EEZCHECK_TEST_MR_DIR`` points elsewhere
#: (an empty folder simulates a fresh clone, which has none).
MR_DIR_ENV = "EEZCHECK_TEST_MR_DIR"
MARINEREGIONS = Path(os.environ.get(MR_DIR_ENV) or ROOT.parent / "shared" / "data" / "marineregions")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


#: The start of every skip message for a missing extract (the run's summary counts them by it).
MR_SKIP = "Marine Regions reference extract"


def _need(path: Path) -> Path:
    """The path of a reference file; skip (in CI too: a clone has none) if it is missing."""
    if not path.exists():
        pytest.skip(
            f"{MR_SKIP} {path} not found: this test compares with the real public polygons, which are "
            f"expected in ../shared/data/marineregions/ beside the repository (or ${MR_DIR_ENV})"
        )
    return path


#: The fixtures that need the real extracts: a test using one is marked ``needs_mr_extracts``.
MR_FIXTURES = ("mr_v10_path", "mr_v12_path", "mr_v10_zones", "mr_v12_zones")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if set(MR_FIXTURES) & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.needs_mr_extracts)


def pytest_terminal_summary(terminalreporter):
    """One line saying how many tests skipped for want of the reference extracts, and where they were looked for."""
    skipped = terminalreporter.stats.get("skipped", [])
    n = sum(1 for r in skipped if isinstance(r.longrepr, tuple) and str(r.longrepr[2]).startswith(f"Skipped: {MR_SKIP}"))
    if n:
        terminalreporter.write_line(
            f"eezcheck: {n} test{'s' if n != 1 else ''} comparing with the real Marine Regions polygons skipped: "
            f"their reference extracts are not in {MARINEREGIONS} (${MR_DIR_ENV})"
        )


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
def _synthetic_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("synthetic_mr")


def _read_only(p: Path) -> Path:
    for f in p.parent.iterdir():
        f.chmod(0o444)  # shared by the session's tests: none may change them
    return p


@pytest.fixture(scope="session")
def synthetic_v10_path(_synthetic_dir) -> Path:
    """A synthetic v10-schema shapefile (``tests.synthetic``): upper-case fields, no ISO_SOV, "Disputed"."""
    from tests import synthetic

    return _read_only(synthetic.write_v10(_synthetic_dir))


@pytest.fixture(scope="session")
def synthetic_v12_path(_synthetic_dir) -> Path:
    """A synthetic v12-schema GeoJSON (``tests.synthetic``): lower-case subset, pol types in the names."""
    from tests import synthetic

    return _read_only(synthetic.write_v12(_synthetic_dir))


@pytest.fixture(scope="session")
def synthetic_v10_zones(synthetic_v10_path):
    from geo.zones import load_zones

    return load_zones(synthetic_v10_path)


@pytest.fixture(scope="session")
def synthetic_v12_zones(synthetic_v12_path):
    from geo.zones import load_zones

    return load_zones(synthetic_v12_path)


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
