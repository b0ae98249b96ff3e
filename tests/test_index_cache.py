"""The on-disk zone index cache (geo.index.cache): entries round-trip and follow the data's
content, a damaged entry is never answered from but rebuilt, killed builds leave nothing behind,
and 'eezcheck point' reads an entry without pandas."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from geo.errors import DataNotFoundError
from geo.index import ZoneIndex, index_for
from geo.index.cache import (
    ENTRY_FILES,
    MANIFEST,
    UNUSED_AFTER_S,
    cache_root,
    clear_loaded,
    content_digest,
    entry_dir,
    index_for_path,
    load_index,
)
from geo.index.grid import BLOCK_BASE
from geo.index.integrity import STALE_AFTER_S, temp_prefix
from tests.conftest import run_cli
from tests.index_fixtures import squares


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache of this test's own, and no index kept in the process from another test."""
    monkeypatch.setenv("EEZCHECK_CACHE_DIR", str(tmp_path / "cache"))
    clear_loaded()
    yield tmp_path / "cache" / "index"
    clear_loaded()


def _points(n=5000, seed=4):
    rng = np.random.default_rng(seed)
    return rng.uniform(128, 157, n), rng.uniform(28, 47, n)


def _fresh(p):
    """The index built from the file itself, no cache involved."""
    from geo.zones import read_zones

    return ZoneIndex(read_zones(p))


def _entry(idx):
    return idx.claim_store.entry


def test_cache_round_trip_and_it_follows_the_file(tmp_path, cache):
    p = squares(tmp_path)
    built = _fresh(p)
    loaded = index_for_path(p)
    assert loaded.zones is None and _entry(loaded).parent == cache  # read back from the entry
    assert np.array_equal(np.asarray(loaded.grid.codes), built.grid.codes)
    assert np.array_equal(np.asarray(loaded.grid.blocks), built.grid.blocks)
    assert loaded.source_label == built.source.label and loaded.source == built.source
    lon, lat = _points(50_000)
    assert np.array_equal(loaded.locate(lon, lat, "JPN"), built.locate(lon, lat, "JPN"))
    assert index_for_path(str(p)) is loaded  # kept for the process
    clear_loaded()
    again = index_for_path(p)
    assert again is not loaded and _entry(again) == _entry(loaded)  # the same entry, not rebuilt
    assert sorted(x.name for x in cache.iterdir()) == [_entry(loaded).name]
    # New data: a new entry, with the new answer.
    squares(tmp_path, shift=-5.0)
    moved = index_for_path(p)
    assert _entry(moved) != _entry(loaded)
    assert moved.names[moved.locate(np.array([126.0]), np.array([32.0]))[0]] == "A"
    assert loaded.locate(np.array([126.0]), np.array([32.0]))[0] == -1


def test_load_index_takes_every_kind_of_zones_value(tmp_path, cache):
    from geo.zones import read_zones

    p = squares(tmp_path)
    by_path = load_index(p)
    assert load_index(str(p)) is by_path and _entry(by_path).parent == cache
    z = read_zones(p)
    assert load_index(z) is index_for(z)
    bundled = load_index("bundled")
    assert load_index(None) is bundled  # the default data set is the bundled one here
    assert bundled.zone_type[bundled.locate(np.array([137.8]), np.array([41.5]), "JPN")[0]] == "eez"
    with pytest.raises(DataNotFoundError):
        load_index(tmp_path / "missing.shp")


# --------------------------------------------------------------------------- damage


def _npy_data_offset(path):
    with open(path, "rb") as fh:
        version = np.lib.format.read_magic(fh)
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        read_header(fh)
        return fh.tell()


def _flip(path, offset, mask=0x02):
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    path.write_bytes(bytes(data))


def _damage(path, how):
    if how == "flip":
        _flip(path, path.stat().st_size // 2, 0x10)
    elif how == "truncate":
        with open(path, "r+b") as fh:
            fh.truncate(path.stat().st_size // 2)
    elif how == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()


@pytest.mark.parametrize("name", [*ENTRY_FILES, MANIFEST])
@pytest.mark.parametrize("how", ["flip", "truncate", "empty", "delete"])
def test_a_damaged_entry_is_rebuilt_never_answered_from(tmp_path, cache, capfd, name, how):
    p = squares(tmp_path)
    entry = _entry(index_for_path(p))
    _damage(entry / name, how)
    clear_loaded()  # a new process
    capfd.readouterr()
    idx = index_for_path(p)
    err = capfd.readouterr().err
    assert err.count("ignoring damaged zone cache") == 1 and str(entry) in err and "Traceback" not in err
    assert _entry(idx) == entry and json.loads((entry / MANIFEST).read_text())["files"]  # rebuilt in place
    lon, lat = _points()
    for target in ("JPN", "KOR", "RUS"):
        assert np.array_equal(idx.locate(lon, lat, target), _fresh(p).locate(lon, lat, target))
    assert np.array_equal(idx.names, _fresh(p).names)
    clear_loaded()
    index_for_path(p)
    assert "damaged" not in capfd.readouterr().err  # and the rebuilt entry is sound


def test_flipped_bit_in_the_grid_would_change_the_verdict_but_is_caught(tmp_path, cache, capfd):
    p = squares(tmp_path)
    idx = index_for_path(p)
    entry, grid = _entry(idx), idx.grid
    codes = np.asarray(grid.codes)
    iy, ix = np.argwhere(codes == 0)[len(np.argwhere(codes == 0)) // 2]  # a cell wholly in zone A
    lon = np.array([grid.x0 + (ix + 0.5) * grid.cell_size])
    lat = np.array([grid.y0 + (iy + 0.5) * grid.cell_size])
    assert idx.names[idx.locate(lon, lat, "JPN")[0]] == "A"
    _flip(entry / "grid.npy", _npy_data_offset(entry / "grid.npy") + 4 * (iy * grid.nx + ix))  # 0 → 2: zone C
    raw = np.load(entry / "grid.npy")
    assert raw[iy, ix] == 2 and raw[iy, ix] < BLOCK_BASE  # unchecked, the grid now says "zone C"
    clear_loaded()
    again = index_for_path(p)
    assert again.names[again.locate(lon, lat, "JPN")[0]] == "A"
    assert "ignoring damaged zone cache" in capfd.readouterr().err
    lon, lat = _points()
    assert np.array_equal(again.locate(lon, lat, "JPN"), _fresh(p).locate(lon, lat, "JPN"))


def test_damage_is_survived_by_the_cli(tmp_path):
    p = squares(tmp_path)
    env = {"EEZCHECK_CACHE_DIR": str(tmp_path / "cache")}
    first = run_cli("point", "32", "131", "--zones", p, "--json", env=env)
    assert first.returncode == 0, first.stderr
    (entry,) = (tmp_path / "cache" / "index").glob("squares-*")
    for name in ("grid.npy", "geoms.wkb", "meta.json"):
        _damage(entry / name, "truncate")
        r = run_cli("point", "32", "131", "--zones", p, "--json", env=env)
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        assert r.stdout == first.stdout and r.stderr.count("ignoring damaged zone cache") == 1


# --------------------------------------------------------------------------- stale data


def _rewrite_keeping_times(tmp_path, p, **kw):
    files = sorted(tmp_path.glob(p.stem + ".*"))
    times = {f: (f.stat().st_atime_ns, f.stat().st_mtime_ns) for f in files}
    sizes = {f: f.stat().st_size for f in files}
    squares(tmp_path, **kw)
    for f, ns in times.items():
        os.utime(f, ns=ns)
    assert {f: f.stat().st_size for f in files} == sizes and all(f.stat().st_mtime_ns == times[f][1] for f in files)


def test_same_size_same_mtime_edit_gives_the_new_answer(tmp_path, cache):
    p = squares(tmp_path)
    here = (np.array([126.0]), np.array([32.0]))
    before = index_for_path(p)
    digest = content_digest(p)
    assert before.locate(*here)[0] == -1
    _rewrite_keeping_times(tmp_path, p, shift=-5.0)
    assert content_digest(p) != digest
    after = index_for_path(p)  # the same process: its kept index must not be reused
    assert after is not before and after.names[after.locate(*here)[0]] == "A"
    clear_loaded()  # a new process: the disk entry must not be reused
    assert index_for_path(p).names[index_for_path(p).locate(*here)[0]] == "A"
    assert len(list(cache.glob("squares-*"))) == 2


def test_same_size_same_mtime_edit_of_a_sidecar_is_seen_by_the_cli(tmp_path):
    p = squares(tmp_path)
    env = {"EEZCHECK_CACHE_DIR": str(tmp_path / "cache")}
    r = run_cli("point", "32", "131", "--zones", p, "--json", env=env)
    assert r.returncode == 0 and json.loads(r.stdout)["zone_name"] == "D", r.stderr
    dbf = p.with_suffix(".dbf")
    st = dbf.stat()
    data = dbf.read_bytes()
    at = data.index(b"D", data.index(b"\r") + 1)  # the first "D" among the records, not the header
    dbf.write_bytes(data[:at] + b"Q" + data[at + 1 :])
    os.utime(dbf, ns=(st.st_atime_ns, st.st_mtime_ns))
    r = run_cli("point", "32", "131", "--zones", p, "--json", env=env)
    assert r.returncode == 0 and json.loads(r.stdout)["zone_name"] == "Q", r.stderr


# --------------------------------------------------------------------------- killed builds


def _killed_build(name):
    """What a build killed with SIGKILL leaves: its temporary folder, with a file in it."""
    code = (
        "import os, signal, tempfile, pathlib; from geo.index.integrity import temp_prefix; "
        f"d = pathlib.Path(tempfile.mkdtemp(prefix=temp_prefix({name!r}), dir=os.environ['DIR'])); "
        "(d / 'grid.npy').write_bytes(b'half'); print(d, flush=True); os.kill(os.getpid(), signal.SIGKILL)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ, DIR=str(cache_root())))
    assert r.returncode == -signal.SIGKILL, r.stderr
    return r.stdout.strip()


@pytest.mark.skipif(os.name != "posix", reason="process ids are checked on POSIX only")
def test_leftovers_of_killed_builds_are_removed_by_the_next_build(tmp_path, cache):
    cache.mkdir(parents=True)
    killed = _killed_build("squares-0123")
    mine = cache / f"{temp_prefix('other-4567')}live"  # a build running now (this process)
    mine.mkdir()
    foreign = cache / ".other-89ab.tmp-1-0badc0de-x"  # another host's, young: may be running
    old_foreign = cache / ".other-cdef.tmp-1-0badc0de-y"
    old_part = cache / ".stamp.json.abc.part.json"
    for d in (foreign, old_foreign):
        d.mkdir()
    old_part.write_text("{")
    old = time.time() - STALE_AFTER_S - 60
    for f in (old_foreign, old_part):
        os.utime(f, (old, old))
    assert os.path.isdir(killed)
    index_for_path(squares(tmp_path))  # a build
    assert not os.path.exists(killed) and not old_foreign.exists() and not old_part.exists()
    assert mine.is_dir() and foreign.is_dir()
    assert len([x for x in cache.iterdir() if not x.name.startswith(".")]) == 1


def test_entries_unused_for_a_month_are_removed_by_the_next_build(tmp_path, cache):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old_entry = _entry(index_for_path(squares(tmp_path / "a")))  # an edited file's, say
    used_entry = _entry(index_for_path(squares(tmp_path / "b", shift=1.0)))
    month_ago = time.time() - UNUSED_AFTER_S - 60
    for e in (old_entry, used_entry):
        os.utime(e / MANIFEST, (month_ago, month_ago))
    not_ours = cache / "notes"  # a folder without a manifest is left alone
    not_ours.mkdir()
    clear_loaded()
    index_for_path(squares(tmp_path / "b", shift=1.0))  # using an entry marks it used
    assert time.time() - (used_entry / MANIFEST).stat().st_mtime < 60
    assert old_entry.is_dir()  # a read removes nothing
    index_for_path(squares(tmp_path, shift=2.0))  # a build
    assert not old_entry.exists() and used_entry.is_dir() and not_ours.is_dir()


def test_entry_key_is_the_content(tmp_path, cache):
    p = squares(tmp_path)
    (tmp_path / "copy").mkdir()
    q = squares(tmp_path / "copy")
    assert content_digest(p) == content_digest(q)  # same bytes, same digest
    assert entry_dir(p) != entry_dir(q)  # but the path is part of the key (the source names it)


# --------------------------------------------------------------------------- the fast path


def _run(args, env):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=300)


def test_point_cli_fast_path_same_answer_without_pandas(synthetic_v10_path, tmp_path):
    env = dict(os.environ, EEZCHECK_CACHE_DIR=str(tmp_path / "cache"))
    points = [("35", "140"), ("37.5", "131.8"), ("25.7", "123.5"), ("30", "170")]
    first = _run(["-m", "geo", "point", *points[0], "--zones", str(synthetic_v10_path), "--json"], env)  # builds the entry
    assert first.returncode == 0, first.stderr
    # The slow path: the zone file read with geopandas, one fresh process for all points.
    code = (
        "import json; from geo.zones import load_zones; from geo.classify import check_point; "
        f"z = load_zones({str(synthetic_v10_path)!r}); "
        f"rs = [check_point(lat=float(a), lon=float(o), zones=z) for a, o in {points!r}]; "
        "[print(json.dumps(r.to_dict(), ensure_ascii=False)) for r in rs]; print('-----'); [print(r.summary()) for r in rs]"
    )
    slow = _run(["-c", code], env)
    assert slow.returncode == 0, slow.stderr
    slow_json, slow_text = slow.stdout.split("-----\n")
    fast_json, fast_text = [], ""
    for lat, lon in points:
        fast = _run(["-X", "importtime", "-m", "geo", "point", lat, lon, "--zones", str(synthetic_v10_path), "--json"], env)
        assert fast.returncode == 0, fast.stderr
        imported = {line.split("|")[-1].strip() for line in fast.stderr.splitlines() if line.startswith("import time:")}
        assert not imported & {"pandas", "geopandas", "scipy", "pyogrio"}, sorted(imported & {"pandas", "geopandas", "scipy"})
        assert "shapely" in imported and "geo.classify" in imported  # the check really saw the imports
        fast_json.append(json.loads(fast.stdout))
        fast_text += _run(["-m", "geo", "point", lat, lon, "--zones", str(synthetic_v10_path)], env).stdout
    assert fast_json == [json.loads(line) for line in slow_json.splitlines()]
    assert fast_text == slow_text


def test_big_data_is_hashed_once_per_file_identity(tmp_path, cache, monkeypatch):
    import geo.index.cache as index_cache

    monkeypatch.setattr(index_cache, "FULL_HASH_BYTES", 0)  # every file counts as big
    p = squares(tmp_path)
    digest = content_digest(p)
    (stamp,) = (cache / "stamps").iterdir()
    saved = json.loads(stamp.read_text())
    stamp.write_text(json.dumps({**saved, "digest": "remembered"}))
    assert content_digest(p) == "remembered"  # unchanged identity: not hashed again
    _rewrite_keeping_times(tmp_path, p, shift=-5.0)  # same sizes and mtimes, new ctime
    assert content_digest(p) not in ("remembered", digest)


def test_a_file_where_an_entry_folder_should_be_is_replaced(tmp_path, cache, capfd):
    p = squares(tmp_path)
    entry = entry_dir(p.resolve())
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"junk")
    idx = index_for_path(p)
    assert _entry(idx) == entry and entry.is_dir() and "ignoring damaged zone cache" in capfd.readouterr().err


def test_an_index_in_use_survives_its_entry_being_discarded(tmp_path, cache):
    from geo.index.integrity import discard

    p = squares(tmp_path)
    built = index_for_path(p)
    clear_loaded()
    idx = index_for_path(p)  # read from the entry: geometries not decoded yet
    discard(_entry(idx))  # another process found it damaged
    assert not _entry(idx).exists()
    lon, lat = _points(30_000)
    assert np.array_equal(idx.locate(lon, lat, "KOR"), built.locate(lon, lat, "KOR"))
    assert idx.claim("JPN").exists and len(idx.geoms) == 5
