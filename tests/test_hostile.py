"""Hostile and broken inputs, one test per case: each room adds its own block below, headed
``# --- <what> (<room>)``, and edits only that block."""

from __future__ import annotations

# --- downloads (download room)
# A hostile or broken WFS — tests/wfs_server.py, on 127.0.0.1 only, stopping by itself — must
# fail fast with one clear DownloadError (exit 2 for bad options) and leave nothing in the cache.

import os as _dl_os
import signal as _dl_signal
import subprocess as _dl_subprocess
import sys as _dl_sys
import time as _dl_time
import tracemalloc as _dl_tracemalloc

import pytest

from geo.errors import DownloadError as _DownloadError
from geo.zones import download as _dl
from geo.zones import wfs as _dl_wfs
from tests.wfs_server import DEAD_URL as _DL_DEAD_URL
from tests.wfs_server import SPOIL as _DL_SPOIL
from tests.wfs_server import TEST_BBOX as _DL_BBOX
from tests.wfs_server import WFSServer as _DLServer
from tests.wfs_server import cache_files as _dl_cache_files
from tests.wfs_server import gzip_bomb as _dl_gzip_bomb
from tests.wfs_server import synthetic_layers as _dl_synthetic_layers

# Seven squares inside TEST_BBOX (whose longitudes and latitudes do not overlap, so the axis
# order is decidable), and one far away for the undecidable-axis-order case.
_DL_SQUARES = [(123.0 + 2 * k, 30.0, 1.0, "JPN") for k in range(7)] + [(25.0, 28.0, 2.0, "XXX")]
_DL_FAST = dict(bbox=_DL_BBOX, page_size=3, timeout=1.0, retries=0, backoff=0.0, quiet=True)


@pytest.fixture(scope="module")
def _dl_hostile_server():
    with _DLServer(None, layers=_dl_synthetic_layers(_DL_SQUARES)) as srv:
        yield srv


@pytest.fixture
def dl_srv(_dl_hostile_server, tmp_path, monkeypatch):
    """(the local hostile WFS, reset to "ok"; a private, still empty cache directory)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("EEZCHECK_CACHE_DIR", str(cache))
    monkeypatch.setenv("EEZCHECK_WFS_URL", _DL_DEAD_URL)
    _dl_hostile_server.reset("ok")
    _dl_hostile_server.drip_seconds = 0.2
    yield _dl_hostile_server, cache
    _dl_hostile_server.reset("ok")


def _dl_refused(srv, cache, *words, **kwargs):
    """Download, expect one DownloadError holding ``words``; nothing may be cached. Returns (message, seconds)."""
    t0 = _dl_time.monotonic()
    with pytest.raises(_DownloadError) as info:
        _dl.download_layer("eez", url=srv.url, **{**_DL_FAST, **kwargs})
    took = _dl_time.monotonic() - t0
    msg = str(info.value)
    for w in ("MarineRegions:eez", "nothing was saved", *words):
        assert w.lower() in msg.lower(), msg
    assert _dl_cache_files(cache) == []
    return msg, took


def test_download_good_server_still_works(dl_srv):
    srv, cache = dl_srv
    r = _dl.download_layer("eez", url=srv.url, **_DL_FAST)
    assert r.feature_count == 7 and r.pages == 3
    assert _dl_cache_files(cache) == ["marineregions/eez.geojson", "marineregions/eez.json"]


def test_download_slow_drip_body_stops_at_the_deadline(dl_srv):
    srv, cache = dl_srv
    srv.reset("drip")  # one byte every 0.2 s: never silent for the 1 s read timeout
    msg, took = _dl_refused(srv, cache, "deadline of 2 s", "--deadline", deadline=2.0, retries=2)
    assert 1.9 < took < 3.5, took
    assert len(srv.requests) == 1  # the deadline covers retries: none after it passed


def test_download_slow_drip_headers_stop_at_the_deadline(dl_srv):
    srv, cache = dl_srv
    srv.reset("drip-headers")
    _, took = _dl_refused(srv, cache, "deadline", deadline=1.5)
    assert took < 3.0, took


def test_download_default_deadline_is_four_read_timeouts(dl_srv):
    srv, cache = dl_srv
    srv.reset("drip")
    _, took = _dl_refused(srv, cache, "deadline of 2 s", timeout=0.5)
    assert took < 3.5, took


def test_download_gzip_bomb_stops_at_the_size_limit(dl_srv):
    srv, cache = dl_srv
    srv.reset("gzip-bomb")
    srv.payload = _dl_gzip_bomb(256 << 20)  # 256 MiB once inflated, ~0.25 MB sent
    assert len(srv.payload) < 1 << 20
    _dl_tracemalloc.start()
    try:
        _dl_refused(srv, cache, "8 MiB", "after decompression", "--max-page-mb", max_page_mb=8)
        peak = _dl_tracemalloc.get_traced_memory()[1]
    finally:
        _dl_tracemalloc.stop()
    assert peak < 64 << 20, f"{peak / 2**20:.0f} MiB held while refusing the bomb"


@pytest.mark.parametrize("header", ["86400", "Fri, 31 Dec 2099 23:59:59 GMT"])
def test_download_huge_retry_after_is_capped_not_obeyed(dl_srv, header):
    srv, cache = dl_srv
    srv.reset("retry-after", fail_times=1)
    srv.retry_after = header
    # Capped at 30 s, which still does not fit the 4 s deadline: refused at once, not in a day.
    _, took = _dl_refused(srv, cache, "HTTP 503", "wait 30 s", retries=1)
    assert took < 2.0 and len(srv.requests) == 1


def test_download_capped_retry_after_is_waited_then_succeeds(dl_srv, monkeypatch):
    srv, cache = dl_srv
    monkeypatch.setattr(_dl_wfs, "RETRY_AFTER_MAX", 0.5)
    srv.reset("retry-after", fail_times=1)
    srv.retry_after = "86400"
    t0 = _dl_time.monotonic()
    r = _dl.download_layer("eez", url=srv.url, **{**_DL_FAST, "retries": 1})
    took = _dl_time.monotonic() - t0
    assert r.feature_count == 7 and len(srv.requests) == 4  # 503, then the 3 pages
    assert 0.5 <= took < 3.0, took


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("endless", "page 2 is the same as page 1"),  # startIndex ignored, count unknown
        ("endless-noid", "page 2 is the same as page 1"),
        ("repeat", "page 2, feature 4 (id 'eez.900003') repeats a feature page 1 sent"),
        ("growing", "changed from 6 to 9"),
        ("fresh", "kept sending pages"),
    ],
)
def test_download_endless_paging_is_refused(dl_srv, monkeypatch, mode, words):
    srv, cache = dl_srv
    monkeypatch.setattr(_dl, "MAX_PAGES", 4)  # for "fresh": endless new features, count unknown
    srv.reset(mode)
    _dl_refused(srv, cache, words)
    assert len(srv.requests) <= 4


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        ("point", "'Point'; only Polygon and MultiPolygon"),
        ("linestring", "'LineString'"),
        ("null-geometry", "geometry is null"),
        ("null-feature", "is null, not a GeoJSON Feature"),
        ("properties-list", "properties are a list"),
        ("properties-null", "properties are null"),
        ("nan", "is not finite"),
        ("inf", "is not finite"),
        ("lat95", "latitude of 95 is outside -90..90"),
        ("lon400", "longitude of 400 is outside -180..360"),
        ("text-coordinate", "lists of 2 or 3 numbers"),
        ("short-ring", "at least 4 positions"),
        ("nan-property", "'area_km2'"),
    ],
)
def test_download_bad_content_is_refused_naming_page_and_feature(dl_srv, spoil, words):
    assert spoil in _DL_SPOIL
    srv, cache = dl_srv
    srv.reset("bad", fail_from=2)  # page 1 is good: it must not be kept either
    srv.bad, srv.bad_index = spoil, 1
    _dl_refused(srv, cache, "page 2, feature 5", words)


def test_download_undecidable_axis_order_is_an_error(dl_srv):
    srv, cache = dl_srv
    # The square 25..27 E, 28..30 N meets 20..40 / 20..40 read either way round.
    _dl_refused(srv, cache, "axis order cannot be told", "--bbox", bbox=(20.0, 20.0, 40.0, 40.0))


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--timeout", "0"], "--timeout = 0.0"),
        (["--timeout", "-5"], "--timeout = -5.0"),
        (["--timeout", "nan"], "--timeout = nan"),
        (["--timeout", "inf"], "--timeout = inf"),
        (["--retries", "-1"], "--retries = -1"),
        (["--page-size", "0"], "--page-size = 0"),
        (["--deadline", "nan"], "--deadline = nan"),
        (["--max-page-mb", "0"], "--max-page-mb = 0.0"),
    ],
)
def test_download_bad_options_exit_2_before_any_request(dl_srv, capsys, argv, words):
    from geo.cli import main

    srv, cache = dl_srv
    assert main(["data", "download", "--url", srv.url, "--layers", "eez", *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and "error:" in err and "fetching" not in err
    assert srv.requests == [] and _dl_cache_files(cache) == []


def _dl_cli(srv, cache, *args, code=None):
    """``eezcheck data download`` in a subprocess (``code`` runs first, in the child)."""
    prog = (code or "") + "\nimport sys\nfrom geo.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    env = {**_dl_os.environ, "EEZCHECK_CACHE_DIR": str(cache), "EEZCHECK_WFS_URL": _DL_DEAD_URL}
    argv = ["data", "download", "--url", srv.url, "--layers", "eez", "--bbox", ",".join(f"{v:g}" for v in _DL_BBOX), *args]
    return _dl_subprocess.Popen(
        [_dl_sys.executable, "-c", prog, *argv], env=env, stdout=_dl_subprocess.PIPE, stderr=_dl_subprocess.PIPE, text=True
    )


def _dl_terminate_when(p, ready, limit=20.0):
    """SIGTERM the child once ``ready()``; return (exit code, stderr)."""
    try:
        ends = _dl_time.monotonic() + limit
        while not ready() and p.poll() is None and _dl_time.monotonic() < ends:
            _dl_time.sleep(0.05)
        assert ready(), "the child never reached the point to terminate it"
        p.send_signal(_dl_signal.SIGTERM)
        _, err = p.communicate(timeout=20)
        return p.returncode, err
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()


def test_download_sigterm_while_the_server_is_slow(dl_srv):
    srv, cache = dl_srv
    srv.reset("drip")
    p = _dl_cli(srv, cache, "--timeout", "5")
    code, err = _dl_terminate_when(p, lambda: len(srv.requests) >= 1)
    assert code == 143 and "terminated" in err and "Traceback" not in err, err
    assert _dl_cache_files(cache) == []


_DL_SLOW_WRITE = """
import pathlib, time
_real = pathlib.Path.write_bytes
def _slow(self, data):
    if ".geojson." not in self.name:  # the data file's temporary (not the sidecar's)
        return _real(self, data)
    with open(self, "wb") as fh:
        fh.write(data[:10])
        fh.flush()
        for _ in range(300):
            time.sleep(0.1)  # SIGTERM arrives here, mid-write
        fh.write(data[10:])
    return len(data)
pathlib.Path.write_bytes = _slow
"""


def test_download_sigterm_mid_write_leaves_no_temp_file_and_the_old_files(dl_srv):
    srv, cache = dl_srv
    _dl.download_layer("eez", url=srv.url, **_DL_FAST)
    before = {f: (cache / f).read_bytes() for f in _dl_cache_files(cache)}
    p = _dl_cli(srv, cache, "--force", "--page-size", "2", code=_DL_SLOW_WRITE)

    def writing():  # the data file's temporary exists: the child is inside the slow write
        return any(f.startswith("marineregions/.eez.geojson.") and ".part" in f for f in _dl_cache_files(cache))

    code, err = _dl_terminate_when(p, writing)
    assert code == 143 and "Traceback" not in err, err
    assert {f: (cache / f).read_bytes() for f in _dl_cache_files(cache)} == before  # no .part, old pair intact


# --- damaged caches (index room)
# A damaged or stale zone index cache never gives an answer: flipped bits or a truncated file in
# an entry are noticed (one line on stderr), the entry is rebuilt, and the verdict is the one the
# zone data gives; an edit that keeps a file's size and mtime is seen; a killed build's leftovers go.

import json as _ix_json
import os as _ix_os
import pathlib as _ix_pathlib
import shutil as _ix_shutil
import signal as _ix_signal
import subprocess as _ix_subprocess
import sys as _ix_sys

import pytest as _ix_pytest

from geo.index.cache import entry_dir as _ix_entry_dir
from geo.index.cache import load_index as _ix_load_index
from tests.conftest import run_cli as _ix_run_cli
from tests.index_fixtures import squares as _ix_squares

_IX_POINT = ("41.5", "137.8")


@_ix_pytest.fixture
def ix_bundled_cache(tmp_path):
    """A private cache holding a sound copy of the bundled zones' entry (built once per session),
    and the CLI's answer from it."""
    idx = _ix_load_index("bundled")
    entry = idx.claim_store.entry
    idx.claim("JPN")  # the claim file too, as after any first run
    cache = tmp_path / "cache"
    _ix_shutil.copytree(entry, cache / "index" / entry.name)
    env = {"EEZCHECK_CACHE_DIR": str(cache)}
    sound = _ix_run_cli("point", *_IX_POINT, env=env, timeout=600)
    assert sound.returncode == 0 and sound.stderr == "" and "inside Japan's EEZ" in sound.stdout, sound.stderr
    # The entry a new process uses (the source may have changed since this process keyed its own).
    code = "from geo._files import bundled_path; from geo.index.cache import entry_dir; print(entry_dir(bundled_path().resolve()))"
    used = _ix_subprocess.run([_ix_sys.executable, "-c", code], capture_output=True, text=True, env={**_ix_os.environ, **env})
    assert used.returncode == 0 and (cache / "index") in _ix_pathlib.Path(used.stdout.strip()).parents, used.stderr
    return _ix_pathlib.Path(used.stdout.strip()), env, sound.stdout


def _ix_flip_bits(path, every=997):
    data = bytearray(path.read_bytes())
    for i in range(200, len(data), max(1, len(data) // every)):
        data[i] ^= 0x04
    path.write_bytes(bytes(data))


@_ix_pytest.mark.parametrize("damage", ["flip grid.npy", "truncate blocks.npy", "truncate claim"])
def test_index_damaged_bundled_cache_cli_still_answers_right(ix_bundled_cache, damage):
    entry, env, sound = ix_bundled_cache
    how, name = damage.split()
    path = next(entry.glob("claim-JPN.*.npz")) if name == "claim" else entry / name
    if how == "flip":
        _ix_flip_bits(path)
    else:
        with open(path, "r+b") as fh:
            fh.truncate(path.stat().st_size // 3)
    r = _ix_run_cli("point", *_IX_POINT, env=env, timeout=600)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert r.stdout == sound
    assert r.stderr.count("ignoring damaged zone cache") == 1, r.stderr
    again = _ix_run_cli("point", *_IX_POINT, env=env)  # rebuilt: sound again, silently
    assert again.returncode == 0 and again.stdout == sound and again.stderr == ""


def test_index_same_size_same_mtime_edit_is_seen(tmp_path):
    p = _ix_squares(tmp_path)
    env = {"EEZCHECK_CACHE_DIR": str(tmp_path / "cache")}
    before = _ix_run_cli("point", "35", "126", "--zones", p, "--json", env=env)
    assert before.returncode == 0 and _ix_json.loads(before.stdout)["zone_type"] == "high_seas", before.stderr
    files = sorted(tmp_path.glob("squares.*"))
    stat = {f: f.stat() for f in files}
    _ix_squares(tmp_path, shift=-5.0)  # zone A moves west over the point; every file keeps its size
    for f, st in stat.items():
        _ix_os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert all(f.stat().st_size == st.st_size and f.stat().st_mtime_ns == st.st_mtime_ns for f, st in stat.items())
    after = _ix_run_cli("point", "35", "126", "--zones", p, "--json", env=env)
    assert after.returncode == 0 and _ix_json.loads(after.stdout)["zone_name"] == "A", after.stderr


def test_index_killed_build_leftovers_are_removed(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("EEZCHECK_CACHE_DIR", str(cache))
    p = _ix_squares(tmp_path)
    root = _ix_entry_dir(p.resolve()).parent
    root.mkdir(parents=True)
    # A build killed with SIGKILL right after it made its temporary folder.
    code = (
        "import os, signal, tempfile; from geo.index.integrity import temp_prefix; "
        f"d = tempfile.mkdtemp(prefix=temp_prefix('squares-0'), dir={str(root)!r}); "
        "open(os.path.join(d, 'grid.npy'), 'wb').write(b'half'); os.kill(os.getpid(), signal.SIGKILL)"
    )
    assert _ix_subprocess.run([_ix_sys.executable, "-c", code]).returncode == -_ix_signal.SIGKILL
    (left,) = [x for x in root.iterdir() if x.name.startswith(".squares-0.tmp-")]
    r = _ix_run_cli("point", "35", "135", "--zones", p, env={"EEZCHECK_CACHE_DIR": str(cache)})
    assert r.returncode == 0, r.stderr
    assert not left.exists() and [x.name for x in root.iterdir() if x.name.startswith(".")] == []


# --- report text (reports room)
# Report text and impact options are never misread silently (issue 10.7): each case is read
# right or refused with a clear message (exit 2), never a traceback, never half read.

import json as _rp_json


def _rp_impact(capsys, *args):
    """``eezcheck impact ARGS`` in-process: (exit code, stdout, stderr)."""
    from geo.cli import main

    code = main(["impact", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_report_exponent_is_read_whole_not_as_its_last_digit(capsys, synthetic_v10_path):
    code, out, err = _rp_impact(capsys, "--text", "about 1e3 km east of Cape Erimo", "--zones", synthetic_v10_path, "--json", "--samples", 200)
    assert code == 0, err
    d = _rp_json.loads(out)
    assert d["reported"]["range_km"] == 1000 and d["range_km"] == 1000  # once read as 3 km


def test_report_malformed_number_is_refused(capsys, synthetic_v10_path):
    code, _, err = _rp_impact(capsys, "--text", "about 250.5.5 km west of Okushiri Island", "--zones", synthetic_v10_path)
    assert code == 2 and "'250.5.5' is not a number" in err  # once read as 5.5 km


def test_report_chinese_yue_is_a_hedge(capsys, synthetic_v10_path):
    code, out, err = _rp_impact(capsys, "--text", "奥尻島の西约250km", "--zones", synthetic_v10_path, "--json", "--samples", 200)
    assert code == 0, err
    rep = _rp_json.loads(out)["reported"]
    # Hedged like 約 under the wording model: Uniform(225, 275) (rounded to 50 km) + σ 3 % of 250 (was σ 12.5).
    assert (rep["range_km"], rep["range_low_km"], rep["range_high_km"]) == (250, 225, 275)
    assert rep["range_sd_km"] == 7.5 and rep["range_spread"].startswith("hedged")


@pytest.mark.parametrize("args", [["--text", "about 25,000 km east of Cape Erimo"], ["--from", "Sunan", "--bearing", "E", "--range", "30000"]])
def test_report_distance_beyond_half_the_earth_is_refused(capsys, synthetic_v10_path, args):
    code, _, err = _rp_impact(capsys, *args, "--zones", synthetic_v10_path)
    assert code == 2 and "beyond half the Earth's circumference" in err


@pytest.mark.parametrize("bearing", ["400", "-90", "360.5"])
def test_report_bearing_outside_0_360_is_refused(capsys, synthetic_v10_path, bearing):
    code, _, err = _rp_impact(capsys, "--from", "Sunan", "--bearing", bearing, "--range", "700", "--zones", synthetic_v10_path)
    assert code == 2 and "is outside [0, 360]" in err and "not wrapped" in err


def test_impact_negative_seed_exits_2(capsys):
    code, out, err = _rp_impact(capsys, "--text", "about 250 km west of Okushiri", "--seed", "-1")
    assert code == 2 and out == "" and "seed = '-1': give a whole number ≥ 0" in err


@pytest.mark.parametrize("samples", ["1e8", "0", "2.5", "many"])
def test_impact_samples_outside_1_to_2e6_exit_2(capsys, samples):
    code, out, err = _rp_impact(capsys, "--text", "about 250 km west of Okushiri", "--samples", samples)
    assert code == 2 and out == "" and "samples = " in err
    if samples == "1e8":
        assert "between 1 and 2,000,000" in err


# --- zone files and settings (zones room)
# Zone files are checked before use (geo.zones.readers.read_zones): a file in metres labelled
# as degrees, null geometries, NaN coordinates and a non-numeric mrgid are refused naming the file,
# the feature and the field; empty geometries, points and lines are dropped with a warning; a
# polygon drawn across the antimeridian is split there. 'eezcheck data use' refuses what it could
# not use, repairs a damaged settings file, and a damaged settings file never breaks a command.
# Every zone file here is synthetic, written by the test.

import json as _zn_json
import os as _zn_os
import shutil as _zn_shutil
import subprocess as _zn_subprocess

import pytest

import geo as _zn_geo
from geo.errors import ZoneDataError as _ZnZoneDataError
from geo.zones.readers import read_zones as _zn_read_zones
from tests.conftest import run_cli as _zn_run_cli

_ZN_BOX = [[[130.0, 30.0], [131.0, 30.0], [131.0, 31.0], [130.0, 31.0], [130.0, 30.0]]]


def _zn_feature(geometry, name="Japanese EEZ", mrgid=8487, **props):
    return {"type": "Feature", "properties": {"zone_type": "eez", "sovereigns": "JPN", "name": name, "mrgid": mrgid, **props},
            "geometry": geometry}


def _zn_file(tmp_path, *features, name="zones.geojson"):
    """A GeoJSON zone file in this project's schema, written by hand (so it can hold what GDAL would not write)."""
    p = tmp_path / name
    p.write_text(_zn_json.dumps({"type": "FeatureCollection", "features": list(features)}, allow_nan=True))
    return p


def _zn_polygon(coords=_ZN_BOX):
    return {"type": "Polygon", "coordinates": coords}


def _zn_refused(p, *words):
    with pytest.raises(_ZnZoneDataError) as info:
        _zn_read_zones(p)
    msg = str(info.value)
    for w in (str(p), *words):
        assert w in msg, msg
    return msg


def test_zone_file_in_metres_labelled_degrees_is_refused_before_the_grid(tmp_path):
    metres = [[[15_000_000.0, 4_000_000.0], [15_100_000.0, 4_000_000.0], [15_100_000.0, 4_100_000.0],
               [15_000_000.0, 4_100_000.0], [15_000_000.0, 4_000_000.0]]]
    p = _zn_file(tmp_path, _zn_feature(_zn_polygon(metres), name="metres"))
    _zn_refused(p, "out of range", "EPSG:4326", "x 15,000,000 to 15,100,000", "y 4,000,000 to 4,100,000", "fid=0")
    # The whole pipeline stops there too (it used to build a 21 GB grid over those bounds).
    with pytest.raises(_ZnZoneDataError, match="out of range"):
        _zn_geo.check_points(lat=[30.5], lon=[130.5], zones=p)


def test_zone_file_null_geometry_is_refused(tmp_path):
    p = _zn_file(tmp_path, _zn_feature(_zn_polygon()), _zn_feature(None, name="lost shape", mrgid=5))
    _zn_refused(p, "field geometry is null", "feature fid=1 (mrgid 5, 'lost shape')")


def test_zone_file_nan_coordinates_are_refused(tmp_path):
    nan_ring = [[[130.0, 30.0], [float("nan"), 30.0], [131.0, 31.0], [130.0, 30.0]]]
    p = _zn_file(tmp_path, _zn_feature(_zn_polygon()), _zn_feature(_zn_polygon(nan_ring), name="nan", mrgid=6))
    _zn_refused(p, "field geometry has NaN or infinite coordinates", "feature fid=1 (mrgid 6, 'nan')")


def test_zone_file_non_numeric_mrgid_is_refused(tmp_path):
    p = _zn_file(tmp_path, _zn_feature(_zn_polygon()), _zn_feature(_zn_polygon(), name="bad id", mrgid="abc"))
    _zn_refused(p, "field mrgid must be a whole number", "'abc'", "feature fid=1")


def test_zone_file_marineregions_schema_non_numeric_mrgid_is_refused(tmp_path):
    f = {"type": "Feature", "properties": {"MRGID": "8487x", "GEONAME": "Japanese Exclusive Economic Zone",
                                           "POL_TYPE": "200NM", "ISO_SOV1": "JPN"}, "geometry": _zn_polygon()}
    _zn_refused(_zn_file(tmp_path, f), "field mrgid must be a whole number", "'8487x'", "feature fid=0")


def test_zone_file_empty_geometry_is_dropped_with_a_warning(tmp_path, capsys):
    p = _zn_file(tmp_path, _zn_feature(_zn_polygon()), _zn_feature({"type": "Polygon", "coordinates": []}, name="nothing", mrgid=7))
    z = _zn_read_zones(p)
    assert z.table["mrgid"].tolist() == [8487]
    err = capsys.readouterr().err
    assert "warning" in err and str(p) in err and "1 empty" in err and "fid=1 (mrgid 7, 'nothing')" in err


def test_zone_file_points_and_lines_are_dropped_with_a_warning(tmp_path, capsys):
    p = _zn_file(
        tmp_path,
        _zn_feature({"type": "LineString", "coordinates": [[130, 30], [131, 31]]}, name="a line", mrgid=1),
        _zn_feature(_zn_polygon()),
        _zn_feature({"type": "Point", "coordinates": [130.5, 30.5]}, name="a point", mrgid=2),
    )
    z = _zn_read_zones(p)
    assert z.table["mrgid"].tolist() == [8487]
    err = capsys.readouterr().err
    assert "1 LineString, 1 Point" in err and "fid=0 (mrgid 1, 'a line')" in err and "fid=2 (mrgid 2, 'a point')" in err


def test_zone_file_of_nothing_valid_is_refused(tmp_path):
    p = _zn_file(
        tmp_path,
        _zn_feature({"type": "LineString", "coordinates": [[130, 30], [131, 31]]}),
        _zn_feature({"type": "Polygon", "coordinates": []}),
    )
    _zn_refused(p, "no polygon in it", "1 LineString", "1 empty")


def test_zone_file_polygon_across_the_antimeridian_classifies_both_sides(tmp_path):
    ring = [[[170.0, 50.0], [190.0, 50.0], [190.0, 60.0], [170.0, 60.0], [170.0, 50.0]]]
    p = _zn_file(tmp_path, _zn_feature(_zn_polygon(ring), name="EEZ across 180", mrgid=1, sovereigns="USA"))
    t = _zn_read_zones(p).table
    assert t.total_bounds.tolist() == [-180.0, 50.0, 180.0, 60.0]  # split at 180, the east part moved by -360
    r = _zn_geo.check_points(lat=[55.0, 55.0, 55.0, 55.0], lon=[-175.0, 175.0, 185.0, 165.0], zones=p, target="USA")
    assert r["zone_name"].tolist()[:3] == ["EEZ across 180"] * 3
    assert r["eez_status"].tolist() == ["inside", "inside", "inside", "outside"]


def test_zone_file_across_the_antimeridian_distance_ignores_the_seam(tmp_path):
    ring = [[[170.0, 50.0], [190.0, 50.0], [190.0, 60.0], [170.0, 60.0], [170.0, 50.0]]]
    p = _zn_file(tmp_path, _zn_feature(_zn_polygon(ring), name="EEZ across 180", mrgid=1, sovereigns="USA"))
    r = _zn_geo.check_points(lat=[55.0, 55.0], lon=[179.9, -179.9], zones=p, target="USA")
    # The nearest true limit is the parallel 60°N or 50°N, 556 km away (not the cut at 180°, 6 km away).
    assert (r["distance_to_target_eez_km"] > 550).all(), r["distance_to_target_eez_km"].tolist()


def _zn_env(cache):
    return {"EEZCHECK_CACHE_DIR": str(cache), "EEZCHECK_ZONES": ""}


def _zn_cli(cache, *args):
    env = _zn_env(cache)
    r = _zn_run_cli(*args, env=env)
    assert "Traceback" not in r.stderr, r.stderr
    return r


@pytest.mark.parametrize("what", ["empty", "directory", "not a zone file"])
def test_data_use_refuses_what_it_could_not_use(tmp_path, what):
    cache = tmp_path / "cache"
    if what == "empty":
        arg, words = "", "is empty"
    elif what == "directory":
        (tmp_path / "maps").mkdir()
        (tmp_path / "maps" / "eez.gpkg").write_bytes(b"")
        arg, words = tmp_path / "maps", "is a directory"
    else:
        arg, words = tmp_path / "points.csv", "not zone data"
        arg.write_text("lat,lon\n41.5,137.8\n")
    r = _zn_cli(cache, "data", "use", arg)
    assert r.returncode == 2 and words in r.stderr and r.stdout == "", r.stderr
    assert not (cache / "settings.json").exists()  # refused when set, so later commands never meet it


_ZN_DAMAGE = {
    "garbage JSON": b"{not json",
    "a JSON list": b'["marineregions"]',
    "unreadable": b"\xff\xfe\x00 not utf-8",  # and mode 000 below: unreadable for anyone but root
}


def _zn_damage(cache, how):
    cache.mkdir(parents=True, exist_ok=True)
    p = cache / "settings.json"
    p.write_bytes(_ZN_DAMAGE[how])
    if how == "unreadable":
        p.chmod(0)
    return p


@pytest.mark.parametrize("how", list(_ZN_DAMAGE))
def test_data_use_bundled_repairs_a_damaged_settings_file(tmp_path, how):
    cache = tmp_path / "cache"
    p = _zn_damage(cache, how)
    r = _zn_cli(cache, "data", "use", "bundled")
    assert r.returncode == 0 and r.stdout.strip() == "bundled", r.stderr
    assert _zn_json.loads(p.read_text()) == {"default": "bundled"}


@pytest.fixture(scope="module")
def _zn_point_cache(tmp_path_factory):
    """A cache whose bundled zone index is built once, for the commands run under damaged settings."""
    cache = tmp_path_factory.mktemp("zn_cache")
    assert _zn_run_cli("point", "41.5", "137.8", env=_zn_env(cache)).returncode == 0
    return cache


@pytest.mark.parametrize("how", list(_ZN_DAMAGE))
def test_damaged_settings_never_break_other_commands(_zn_point_cache, how):
    cache = _zn_point_cache
    p = _zn_damage(cache, how)
    try:
        r = _zn_cli(cache, "point", "41.5", "137.8", "--json")
        assert r.returncode == 0, r.stderr
        assert _zn_json.loads(r.stdout)["data_source"].startswith("eezcheck bundled zones")
        warnings = [line for line in r.stderr.splitlines() if "warning" in line]
        assert len(warnings) == 1 and "damaged settings file" in warnings[0] and "eezcheck data use bundled" in warnings[0]
        r = _zn_cli(cache, "data", "list")
        assert r.returncode == 0 and r.stdout.splitlines()[1].startswith("*") and "bundled" in r.stdout.splitlines()[1]
    finally:
        p.chmod(0o644)
        p.unlink()


def _zn_read_only(d):
    """Make directory ``d`` read-only, even for root (the immutable attribute); False if impossible here."""
    if _zn_os.geteuid() != 0:
        d.chmod(0o555)
        return True
    chattr = _zn_shutil.which("chattr")
    return bool(chattr) and _zn_subprocess.run([chattr, "+i", str(d)], capture_output=True).returncode == 0


def _zn_writable(d):
    if _zn_os.geteuid() == 0 and _zn_shutil.which("chattr"):
        _zn_subprocess.run([_zn_shutil.which("chattr"), "-i", str(d)], capture_output=True)
    d.chmod(0o755)


@pytest.mark.parametrize("how", ["read-only directory", "a file where the directory should be"])
def test_data_use_with_an_unwritable_cache_says_so_and_exits_1(tmp_path, how):
    cache = tmp_path / "cache"
    if how == "read-only directory":
        cache.mkdir()
        if not _zn_read_only(cache):
            pytest.skip("cannot make a directory read-only for root here (no chattr)")
    else:
        (tmp_path / "file").write_text("")
        cache = tmp_path / "file" / "cache"
    try:
        r = _zn_cli(cache, "data", "use", "bundled")
    finally:
        if how == "read-only directory":
            _zn_writable(cache)
    assert r.returncode == 1, r.stderr
    assert "cannot save the default zone data" in r.stderr and "not writable" in r.stderr and "EEZCHECK_CACHE_DIR" in r.stderr
    assert r.stderr.count("error:") == 1 and r.stdout == ""
    assert not (cache / "settings.json").exists()


# --- batch and CLI (classify room)
# Batch loses nothing (every row and column, as given) and no traceback reaches a user: each case
# runs the CLI as a subprocess and expects one clear message and its documented exit code.

import json as _cl_json
import os as _cl_os
import subprocess as _cl_subprocess
import sys as _cl_sys

from tests.conftest import run_cli as _cl_run


def _cl_one_error_line(r, code):
    """Exit ``code``, one 'eezcheck…error:' line on stderr, nothing else there, no traceback."""
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "error:" in lines[0], r.stderr
    assert "Traceback" not in r.stderr
    return lines[0]


def _cl_csv(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_batch_bad_row_keeps_its_input_values(tmp_path, synthetic_v10_path):
    src = _cl_csv(tmp_path / "in.csv", "id,lat,lon\n1,abc,137.8\n2,41.5,200\n3,,\n")
    for out in ("out.csv", "out.geojson"):
        r = _cl_run("batch", src, "-o", tmp_path / out, "--zones", synthetic_v10_path, "--no-distance")
        assert r.returncode == 2, r.stderr
    import pandas as pd

    df = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert df["lat"].tolist() == ["abc", "41.5", ""] and df["lon"].tolist() == ["137.8", "-160.0", ""]
    assert df["error"][0] == "lat = 'abc' is not a number" and df["error"][1] == ""
    props = [f["properties"] for f in _cl_json.loads((tmp_path / "out.geojson").read_text())["features"]]
    assert [(p["lat"], p["lon"]) for p in props] == [("abc", "137.8"), ("41.5", "-160.0"), ("", "")]


def test_batch_never_overwrites_lat_lon_beside_a_geometry(tmp_path, synthetic_v10_path):
    import geopandas as gpd

    g = gpd.GeoDataFrame({"lat": [1.0], "lon": [2.0]}, geometry=gpd.points_from_xy([137.0], [39.0]), crs=4326)
    g.to_file(tmp_path / "in.geojson")
    out = tmp_path / "out.csv"
    line = _cl_one_error_line(_cl_run("batch", tmp_path / "in.geojson", "-o", out, "--zones", synthetic_v10_path), 2)
    assert "column 'lat' besides" in line and "rename" in line
    assert not out.exists()


def test_batch_keeps_a_text_column_named_geometry(tmp_path, synthetic_v10_path):
    src = _cl_csv(tmp_path / "in.csv", 'lat,lon,geometry\n39,137,"POINT (1 2)"\n')
    r = _cl_run("batch", src, "--zones", synthetic_v10_path, "--no-distance")
    assert r.returncode == 0, r.stderr
    import io

    import pandas as pd

    df = pd.read_csv(io.StringIO(r.stdout), dtype=str)
    assert df["geometry"].tolist() == ["POINT (1 2)"] and df["eez_status"].tolist() == ["inside"]
    r = _cl_run("batch", src, "-o", tmp_path / "out.geojson", "--zones", synthetic_v10_path, "--no-distance")
    feature = _cl_json.loads((tmp_path / "out.geojson").read_text())["features"][0]
    assert feature["properties"]["geometry"] == "POINT (1 2)" and feature["geometry"]["coordinates"] == [137.0, 39.0]


def test_impact_batch_keeps_the_input_range_km(tmp_path, synthetic_v10_path):
    src = _cl_csv(tmp_path / "launches.csv", "launch,bearing,range_km\nSunan,90,about 700\n")
    out = tmp_path / "out.csv"
    r = _cl_run("impact", "--batch", src, "-o", out, "--zones", synthetic_v10_path, "--samples", "200")
    assert r.returncode == 0, r.stderr
    import pandas as pd

    assert pd.read_csv(out, dtype=str)["range_km"].tolist() == ["about 700"]


def test_batch_and_map_several_layers_need_layer(tmp_path, synthetic_v10_path):
    import geopandas as gpd

    g = gpd.GeoDataFrame({"name": ["a"]}, geometry=gpd.points_from_xy([137.0], [39.0]), crs=4326)
    src = tmp_path / "two.gpkg"
    g.to_file(src, layer="first", engine="pyogrio")
    g.assign(name="b").to_file(src, layer="second", engine="pyogrio")
    for args in (["batch", src], ["map", src, "-o", tmp_path / "m.html"]):
        line = _cl_one_error_line(_cl_run(*args, "--zones", synthetic_v10_path), 2)
        assert "2 layers (first, second)" in line and "--layer NAME" in line
    assert not (tmp_path / "m.html").exists()
    r = _cl_run("batch", src, "--layer", "second", "--zones", synthetic_v10_path, "--json", "--no-distance")
    assert r.returncode == 0, r.stderr
    assert [row["name"] for row in _cl_json.loads(r.stdout)] == ["b"]
    assert "no layer 'third'" in _cl_one_error_line(_cl_run("batch", src, "--layer", "third", "--zones", synthetic_v10_path), 2)


def test_batch_dask_output_never_deletes_what_is_there(tmp_path, synthetic_v10_path):
    pytest.importorskip("dask_geopandas")
    import geopandas as gpd

    src = tmp_path / "in.parquet"
    gpd.GeoDataFrame({"id": [1]}, geometry=gpd.points_from_xy([137.0], [39.0]), crs=4326).to_parquet(src)
    (tmp_path / "existing.parquet").mkdir()
    (tmp_path / "existing.parquet" / "precious.txt").write_text("keep me")
    line = _cl_one_error_line(_cl_run("batch", src, "-o", tmp_path / "existing.parquet", "--engine", "dask",
                                      "--zones", synthetic_v10_path), 2)
    assert "already exists and is not empty" in line and "never deletes" in line
    assert (tmp_path / "existing.parquet" / "precious.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.parquet", "in.parquet"]  # no temporary left
    r = _cl_run("batch", src, "-o", tmp_path / "new.parquet", "--engine", "dask", "--zones", synthetic_v10_path, "--no-distance")
    assert r.returncode == 0, r.stderr
    assert gpd.read_parquet(tmp_path / "new.parquet")["eez_status"].tolist() == ["inside"]


@pytest.fixture(scope="module")
def _cl_broken_late_csv(tmp_path_factory):
    """30,000 good rows, then a line with too many fields: the reader fails only when it gets there."""
    rows = ["id,lat,lon"] + [f"{i},35.5,140.25" for i in range(30_000)]
    rows.insert(29_001, "x,1,2,3")
    p = tmp_path_factory.mktemp("late") / "late.csv"
    p.write_text("\n".join(rows) + "\n")
    return p


@pytest.mark.parametrize("to", ["stdout", "file"])
def test_batch_stream_stopped_part_way_has_its_own_exit_code(_cl_broken_late_csv, tmp_path, to, synthetic_v10_path):
    out = tmp_path / "out.csv"
    args = ["batch", _cl_broken_late_csv, "--zones", synthetic_v10_path, "--no-distance", "--chunk-size", "1000"]
    r = _cl_run(*args, *(["-o", out] if to == "file" else []))
    assert r.returncode == 5, r.stderr
    assert "line 29002" in r.stderr and "stopped part-way after" in r.stderr and "Traceback" not in r.stderr
    if to == "stdout":
        assert "the CSV on stdout is incomplete" in r.stderr
        assert 1 < len(r.stdout.splitlines()) < 29_002
    else:
        assert f"nothing was written to {out}" in r.stderr and list(tmp_path.iterdir()) == []
    assert "5 a streamed batch stopped part-way" in " ".join(_cl_run("--help").stdout.split())


def test_batch_geojson_is_strict_json_with_null_geometry_for_bad_rows(tmp_path, synthetic_v10_path):
    src = _cl_csv(tmp_path / "in.csv", "lat,lon\n39,137\nnorth,137\n95,1\n")
    out = tmp_path / "out.geojson"
    r = _cl_run("batch", src, "-o", out, "--zones", synthetic_v10_path)
    assert r.returncode == 2, r.stderr

    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    features = _cl_json.loads(out.read_text(), parse_constant=refuse)["features"]
    assert [f["geometry"] is None for f in features] == [False, True, True]
    assert features[1]["properties"]["distance_to_target_eez_km"] is None


@pytest.mark.parametrize("header,names", [("lat,lat,lon", "'lat' is columns 1, 2"), ("LAT,Lat,lon", "LAT, Lat")])
def test_batch_duplicate_or_case_variant_headers_are_ambiguous(tmp_path, header, names, synthetic_v10_path):
    src = _cl_csv(tmp_path / "in.csv", f"{header}\n1,2,3\n")
    for extra in ([], ["-o", tmp_path / "out.parquet"], ["--json"]):  # streamed and in memory
        line = _cl_one_error_line(_cl_run("batch", src, "--zones", synthetic_v10_path, *extra), 2)
        assert "ambiguous" in line and names in line
    assert not (tmp_path / "out.parquet").exists()


def _cl_read_only_folder(tmp_path):
    """A folder this process cannot write in (root may write wherever chmod forbids it: /proc then)."""
    if _cl_os.geteuid() == 0:
        return "/proc"
    d = tmp_path / "ro"
    d.mkdir()
    d.chmod(0o500)
    return str(d)


@pytest.mark.parametrize("case", ["directory", "missing folder", "read-only folder"])
@pytest.mark.parametrize("command", ["batch -o", "batch --map", "point --map", "map -o", "impact -o"])
def test_unusable_output_paths_are_one_line_exit_2(tmp_path, case, command, synthetic_v10_path):
    src = _cl_csv(tmp_path / "in.csv", "lat,lon,launch,bearing,range_km\n39,137,Sunan,90,700\n")
    name = "out.html" if "map" in command else "out.csv"
    if case == "directory":
        target = tmp_path / name
        target.mkdir()
    elif case == "missing folder":
        target = tmp_path / "no" / "such" / name
    else:
        target = _cl_os.path.join(_cl_read_only_folder(tmp_path), name)
    head = {
        "batch -o": ["batch", src, "-o"],
        "batch --map": ["batch", src, "--map"],
        "point --map": ["point", "39", "137", "--map"],
        "map -o": ["map", src, "-o"],
        "impact -o": ["impact", "--samples", "100", "--batch", src, "-o"],
    }[command]
    line = _cl_one_error_line(_cl_run(*head, target, "--zones", synthetic_v10_path), 2)
    assert str(target) in line
    assert not (tmp_path / "no").exists()  # no folder made
    assert case == "directory" or not _cl_os.path.exists(target)


@pytest.mark.parametrize(
    "args,words",
    [
        (["impact", "--from", "Sunan", "--bearing", "90", "--range", "700", "--seed", "-1"], "seed"),
        (["impact", "--from", "Sunan", "--bearing", "90", "--range", "700", "--samples", "1e8"], "samples"),
        (["batch", "in.csv", "--chunk-size", "-1"], "--chunk-size"),
        (["batch", "in.csv", "--chunk-size", "1e8"], "--chunk-size"),
        (["point", "39", "137", "--target", "J" * 500], "target"),
    ],
)
def test_bad_numeric_options_are_one_line_exit_2(tmp_path, args, words, synthetic_v10_path):
    _cl_csv(tmp_path / "in.csv", "lat,lon\n39,137\n")
    line = _cl_one_error_line(_cl_run(*args, "--zones", synthetic_v10_path, cwd=tmp_path), 2)
    assert words in line and len(line) < 300


def test_internal_error_has_its_own_exit_code_and_no_traceback_unless_asked(tmp_path):
    code = (
        "import geo.classify as c\n"
        "def boom(**kw): raise RuntimeError('a bug ' + 'x' * 500)\n"
        "c.check_point = boom\n"
        "from geo.cli import main\n"
        "raise SystemExit(main(['point', '39', '137']))\n"
    )
    run = lambda env: _cl_subprocess.run([_cl_sys.executable, "-c", code], capture_output=True, text=True,  # noqa: E731
                                         env={**_cl_os.environ, **env}, timeout=120)
    r = run({"EEZCHECK_DEBUG": "0"})
    assert r.returncode == 70, r.stderr
    assert "internal error — please report it: RuntimeError: a bug" in r.stderr and "Traceback" not in r.stderr
    assert "EEZCHECK_DEBUG=1" in r.stderr and max(map(len, r.stderr.splitlines())) < 300
    r = run({"EEZCHECK_DEBUG": "1"})
    assert r.returncode == 70 and "Traceback" in r.stderr and "boom" in r.stderr
    assert "70 internal error" in " ".join(_cl_run("--help").stdout.split())


def test_echoed_values_are_cut_to_a_readable_length(tmp_path, synthetic_v10_path):
    src = _cl_csv(tmp_path / "in.csv", f"lat,lon\n{'9' * 5000}x,137\n")
    r = _cl_run("batch", src, "--zones", synthetic_v10_path, "-o", tmp_path / "out.csv")
    assert r.returncode == 2
    row = [ln for ln in r.stderr.splitlines() if ln.strip().startswith("row 1:")][0]
    assert "…" in row and len(row) < 150
    import pandas as pd

    assert pd.read_csv(tmp_path / "out.csv", dtype=str)["lat"][0] == "9" * 5000 + "x"  # the value itself is kept


# --- signals (cli)


def test_sigterm_during_a_batch_leaves_no_temporary_file(tmp_path):
    """Every command turns SIGTERM into an orderly exit (143): the atomic writes clean up."""
    import signal
    import subprocess
    import sys
    import time

    import numpy as np

    rng = np.random.default_rng(0)
    src = tmp_path / "big.csv"
    with src.open("w") as fh:
        fh.write("lat,lon\n")
        for la, lo in zip(rng.uniform(10, 52, 600_000), rng.uniform(110, 165, 600_000)):
            fh.write(f"{la:.5f},{lo:.5f}\n")
    out = tmp_path / "out" / "verdicts.parquet"
    out.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "geo", "batch", str(src), "-o", str(out), "--chunk-size", "20000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.parent.iterdir()) and proc.poll() is None:
        time.sleep(0.05)  # wait until the output's temporary file exists
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the batch finished before SIGTERM arrived (machine too fast for this input)")
    assert proc.returncode == 143, err
    assert "terminated" in err and "Traceback" not in err
    assert list(out.parent.iterdir()) == []


# --- map inputs (maps room)
# 'eezcheck map' reads every output of the tool; a .json or an OUT.csv.json sidecar that is not
# ours is refused in one line (exit 2) or left unread, never an internal error.


def test_map_json_nested_too_deeply_is_one_line_exit_2(tmp_path):
    src = tmp_path / "deep.json"
    src.write_text("[" * 50_000 + "]" * 50_000)
    line = _cl_one_error_line(_cl_run("map", src, "-o", tmp_path / "m.html"), 2)
    assert "nested too deeply" in line and str(src) in line
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize("sidecar", ["nested", "huge", "not text"])
def test_map_sidecar_not_ours_leaves_the_ids(tmp_path, synthetic_v10_path, sidecar):
    out = tmp_path / "out.csv"
    r = _cl_run("batch", _cl_csv(tmp_path / "in.csv", "lat,lon\n39.0,137.0\n"), "-o", out,
                "--zones", synthetic_v10_path, "--no-distance")
    assert r.returncode == 0, r.stderr
    side = tmp_path / "out.csv.json"
    ids = list(_cl_json.loads(side.read_text())["data_source"])
    body = {"nested": "[" * 50_000 + "]" * 50_000,
            "huge": _cl_json.dumps({"data_source": {ids[0]: "x" * 2_000_000}}),
            "not text": _cl_json.dumps({"data_source": {ids[0]: ["a", "b"]}})}[sidecar]
    side.write_text(body)
    r = _cl_run("map", out, "-o", tmp_path / "m.html")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr) < 5_000 and ids[0] in r.stderr  # the note names the id, not a 2 MB payload


def test_batch_digit_separators_and_bools_are_no_degrees(tmp_path, synthetic_v10_path):
    # float() reads '3_9' as 39.0 and True as 1.0: each would be a silent, wrong landing point.
    import pyarrow as pa
    import pyarrow.parquet as pq

    csv = _cl_csv(tmp_path / "in.csv", "id,lat,lon\na,3_9,137.0\nb,30.0,124.0\n")
    pq.write_table(pa.table({"lat": [True, False], "lon": [137.0, 124.0]}), tmp_path / "in.parquet")
    for src, words in ((csv, "row 1: lat = '3_9' is not a number"), (tmp_path / "in.parquet", "row 1: lat = True is not a number")):
        for extra in ([], ["--chunk-size", "1"]):
            r = _cl_run("batch", src, "--zones", synthetic_v10_path, "--no-distance", "-o", tmp_path / f"o{src.suffix}", *extra)
            assert r.returncode == 2 and words in r.stderr and "Traceback" not in r.stderr, r.stderr
    r = _cl_run("point", "3_9", "137", "--zones", synthetic_v10_path)
    assert r.returncode == 2 and "lat = '3_9' is not a number" in r.stderr, r.stderr


@pytest.mark.parametrize("lines,where", [("a,1,2,3\nb,30,124\n", "(row 1: 4 fields, the header names 3)"),
                                         ("a,39,137\n\nb,30,124\nc,1,2,3\n", "Expected 3 fields in line 5, saw 4")])
def test_batch_row_longer_than_the_header_is_named(tmp_path, synthetic_v10_path, lines, where):
    # A long row after the first was pandas' ParserError, uncaught by the CSV fast lane (exit 70).
    src = _cl_csv(tmp_path / "in.csv", "id,lat,lon\n" + lines)
    out = tmp_path / "out.csv"
    line = _cl_one_error_line(_cl_run("batch", src, "-o", out, "--zones", synthetic_v10_path, "--no-distance"), 2)
    assert where in line
    assert not out.exists()
