"""``eezcheck data …`` and ``--compare`` as a user runs them: subprocesses, local WFS, temp cache."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.conftest import run_cli
from tests.wfs_server import DEAD_URL, TEST_BBOX, cache_files

# The shared fixtures (local WFS, private cache, session download), registered once per session.
pytest_plugins = ["tests.mr_fixtures"]


@pytest.fixture
def env(tmp_path, wfs):
    cache = tmp_path / "cache"
    return {"EEZCHECK_CACHE_DIR": str(cache), "EEZCHECK_WFS_URL": wfs.url, "EEZCHECK_ZONES": ""}, cache


def _env(e, **more):
    d = dict(e)
    d.update(more)
    if not d.get("EEZCHECK_ZONES"):
        d.pop("EEZCHECK_ZONES", None)
    return d


def test_download_list_use_path_and_compare(env, wfs, synthetic_v10_path, tmp_path):
    e, cache = env
    bbox = ",".join(f"{v:g}" for v in TEST_BBOX)
    r = run_cli("data", "download", "--layers", "eez,eez_12nm", "--page-size", "6", "--bbox", bbox, env=_env(e))
    assert r.returncode == 0, r.stderr
    paths = r.stdout.split()
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["eez.geojson", "eez_12nm.geojson"]
    assert "features in" in r.stderr and "CC BY 4.0" in r.stderr
    assert len([q for q in wfs.requests if q["typenames"] == "MarineRegions:eez"]) > 1  # paged
    meta = json.loads((cache / "marineregions" / "eez.json").read_text())
    assert meta["sha256"] == hashlib.sha256((cache / "marineregions" / "eez.geojson").read_bytes()).hexdigest()

    other = run_cli("data", "download", "--layers", "eez", env=_env(e))
    assert other.returncode == 0 and f"already downloaded for bbox {bbox}" in other.stderr
    assert "--force" in other.stderr and "110,10,170,55" in other.stderr
    assert json.loads((cache / "marineregions" / "eez.json").read_text())["bbox"] == list(TEST_BBOX)

    r = run_cli("data", "list", "--json", env=_env(e))
    assert r.returncode == 0, r.stderr
    listed = {d["name"]: d for d in json.loads(r.stdout)}
    assert listed["bundled"]["default"] is True
    assert listed["marineregions"]["feature_count"] == meta["feature_count"] + 1
    assert listed["marineregions:eez"]["licence"] == "CC BY 4.0"

    r = run_cli("data", "path", env=_env(e))
    assert r.returncode == 0 and r.stdout.strip() == str(cache)

    r = run_cli("data", "use", "marineregions", env=_env(e))
    assert r.returncode == 0 and r.stdout.strip() == "marineregions"
    r = run_cli("data", "list", env=_env(e))
    star = [line for line in r.stdout.splitlines() if line.startswith("*")]
    assert len(star) == 1 and star[0].split()[1] == "marineregions"

    # The default now answers without --zones; --compare puts v10 (as --zones) beside it.
    r = run_cli("point", "39", "133", "--json", "--zones", synthetic_v10_path, "--compare", env=_env(e))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["eez_status"] == "disputed" and out["compare"]["eez_status"] == "outside"
    assert out["compare"]["differs"] is True and "Marine Regions" in out["compare"]["data_source"]
    r = run_cli("point", "30", "140", "--zones", synthetic_v10_path, "--compare-with", "marineregions", env=_env(e))
    assert r.returncode == 0 and "same verdict" in r.stdout and "reference data: Marine Regions" in r.stdout

    csv = tmp_path / "pts.csv"
    csv.write_text("lat,lon\n30,140\n39,133\nx,1\n")
    r = run_cli("batch", csv, "--zones", synthetic_v10_path, "--compare", "--json", env=_env(e))
    assert r.returncode == 2, r.stderr  # the bad row still makes it exit 2
    recs = json.loads(r.stdout)
    assert [x["compare"]["differs"] for x in recs] == [False, True, None]
    assert "1 of 2 verdicts differ" in r.stderr and "row 2" in r.stderr


def test_download_failure_exits_4_and_writes_nothing(env, wfs):
    e, cache = env
    wfs.reset("cut", fail_from=2)
    r = run_cli("data", "download", "--layers", "eez", "--page-size", "5", "--retries", "0", env=_env(e))
    assert r.returncode == 4
    assert "connection was cut" in r.stderr and "nothing was saved" in r.stderr.lower()
    assert r.stderr.count("error:") == 1 and "Traceback" not in r.stderr
    assert r.stdout == ""
    assert cache_files(cache) == []


def test_offline_exits_4(tmp_path):
    cache = tmp_path / "cache"
    r = run_cli("data", "download", "--retries", "0", env={"EEZCHECK_CACHE_DIR": str(cache), "EEZCHECK_WFS_URL": DEAD_URL})
    assert r.returncode == 4 and "offline" in r.stderr and "Traceback" not in r.stderr
    assert cache_files(cache) == []


def test_compare_without_download_says_what_to_do(tmp_path, synthetic_v10_path):
    r = run_cli("point", "30", "140", "--zones", synthetic_v10_path, "--compare", env={"EEZCHECK_CACHE_DIR": str(tmp_path / "c")})
    assert r.returncode == 3 and "eezcheck data download" in r.stderr


def test_bad_arguments_exit_2(tmp_path):
    env = {"EEZCHECK_CACHE_DIR": str(tmp_path / "c"), "EEZCHECK_WFS_URL": DEAD_URL}
    r = run_cli("data", "download", "--bbox", "170,10,110,55", env=env)
    assert r.returncode == 2 and "west and east" in r.stderr
    r = run_cli("data", "download", "--layers", "eez,boundaries", env=env)
    assert r.returncode == 2 and "eez_12nm" in r.stderr
    r = run_cli("data", "use", "marineregions", env=env)
    assert r.returncode == 3 and "eezcheck data download" in r.stderr
