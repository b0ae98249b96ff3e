"""geo._threads: chunks shared over threads come back in order, EEZCHECK_THREADS=1 runs them in
the calling thread, and a task that maps its own chunks does not wait on the pool it runs in; the
zone index answers many threads at once as it answers one (a stress test on fresh indexes), and
a streamed batch classifies its chunks side by side with the same output as on one thread."""

from __future__ import annotations

import threading
import time

import pytest

from geo._threads import core_to_spare, imap_chunks, map_chunks, map_if_spare, workers


def test_results_in_order_and_spread(monkeypatch):
    monkeypatch.setenv("EEZCHECK_THREADS", "2")
    assert workers() == 2
    seen = set()

    def work(x):
        seen.add(threading.current_thread().name)
        return x * 10

    assert map_chunks(work, range(50)) == [x * 10 for x in range(50)]
    assert all(name.startswith("eezcheck") for name in seen)


@pytest.mark.parametrize("threads", ["1", "3"])
def test_imap_keeps_order_and_says_a_read_error_after_the_rows_before_it(threads, monkeypatch):
    monkeypatch.setenv("EEZCHECK_THREADS", threads)
    drawn = []

    def items():
        for i in range(10):
            if i == 7:
                raise ValueError("unreadable part")
            drawn.append(threading.current_thread().name)  # drawn by the caller
            yield i

    def slow_square(x):
        time.sleep(0.001 * (7 - x) if x < 7 else 0)  # later items finish first
        return x * x

    got = []
    with pytest.raises(ValueError, match="unreadable"):
        for r in imap_chunks(slow_square, items()):
            got.append(r)
    assert got == [x * x for x in range(7)]
    assert set(drawn) == {threading.current_thread().name}


def test_imap_passes_on_an_error_of_the_work(monkeypatch):
    monkeypatch.setenv("EEZCHECK_THREADS", "2")

    def work(x):
        if x == 3:
            raise KeyError(x)
        return x

    got = []
    with pytest.raises(KeyError):
        for r in imap_chunks(work, range(8)):
            got.append(r)
    assert got == [0, 1, 2]


def test_streamed_chunks_use_the_pool_only_with_a_core_to_spare(monkeypatch):
    import geo._threads as th

    monkeypatch.delenv("EEZCHECK_THREADS", raising=False)
    monkeypatch.setattr(th.os, "cpu_count", lambda: 2)
    where = lambda x: threading.current_thread() is threading.main_thread()  # noqa: E731
    monkeypatch.setattr(th, "_running_tasks", lambda: 2)  # the other core is taken
    assert list(imap_chunks(where, range(6))) == [True] * 6
    monkeypatch.setattr(th, "_running_tasks", lambda: 1)  # only this task: a core is idle
    assert list(imap_chunks(where, range(6))) == [False] * 6
    monkeypatch.setenv("EEZCHECK_THREADS", "2")  # asked for: threads whatever the load
    monkeypatch.setattr(th, "_running_tasks", lambda: 2)
    assert list(imap_chunks(where, range(6))) == [False] * 6


def test_one_thread_means_the_caller(monkeypatch):
    monkeypatch.setenv("EEZCHECK_THREADS", "1")
    assert map_chunks(lambda x: threading.current_thread() is threading.main_thread(), [1, 2, 3]) == [True] * 3


def test_nested_maps_finish(monkeypatch):
    monkeypatch.setenv("EEZCHECK_THREADS", "2")
    assert map_chunks(lambda x: sum(map_chunks(lambda y: y + x, range(4))), range(6)) == [6 + 4 * x for x in range(6)]


def test_bad_setting_falls_back_to_the_cores(monkeypatch):
    monkeypatch.setenv("EEZCHECK_THREADS", "many")
    assert 1 <= workers() <= 4


def test_threads_only_with_a_core_to_spare(monkeypatch):
    """A setting decides; unset, threads only while no other task runs on the other cores (on
    a busy machine two threads of one call ran slower than one), never inside a pool thread."""
    import geo._threads as th

    monkeypatch.setenv("EEZCHECK_THREADS", "1")
    assert not core_to_spare()
    monkeypatch.setenv("EEZCHECK_THREADS", "3")
    assert core_to_spare()
    monkeypatch.delenv("EEZCHECK_THREADS")
    monkeypatch.setattr(th.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(th, "_running_tasks", lambda: 1)  # only this task
    assert core_to_spare()
    assert map_chunks(lambda x: core_to_spare(), [1, 2]) == [False, False]
    monkeypatch.setattr(th, "_running_tasks", lambda: 2)  # the other core is taken
    assert not core_to_spare()
    assert map_if_spare(lambda x: threading.current_thread() is threading.main_thread(), [1, 2]) == [True, True]
    monkeypatch.setattr(th.os, "cpu_count", lambda: 1)
    monkeypatch.setattr(th, "_running_tasks", lambda: 1)
    assert not core_to_spare()
    # The runnable count is machine-wide: 6 running on 16 cores leaves ten idle (the pool's cap
    # of 4 threads does not make the machine smaller); 16 running on 16 leaves none.
    monkeypatch.setattr(th.os, "cpu_count", lambda: 16)
    monkeypatch.setattr(th, "_running_tasks", lambda: 6)
    assert core_to_spare()
    monkeypatch.setattr(th, "_running_tasks", lambda: 16)
    assert not core_to_spare()


def test_load_unknown_where_proc_and_getloadavg_are_missing(monkeypatch):
    """Without /proc (macOS, Windows) the load average is asked; without that too (Windows),
    the load is unknown and threads are used as before — no error either way."""
    import builtins

    import geo._threads as th

    real_open = builtins.open

    def no_proc(path, *a, **k):
        if str(path).startswith("/proc/"):
            raise FileNotFoundError(path)
        return real_open(path, *a, **k)

    monkeypatch.delenv("EEZCHECK_THREADS", raising=False)
    monkeypatch.setattr(builtins, "open", no_proc)
    monkeypatch.setattr(th.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(th.os, "getloadavg", lambda: (0.4, 0.5, 0.6), raising=False)
    assert th._running_tasks() == 0 and core_to_spare()
    monkeypatch.setattr(th.os, "getloadavg", lambda: (3.6, 3.5, 3.0), raising=False)
    assert th._running_tasks() == 4 and not core_to_spare()
    monkeypatch.delattr(th.os, "getloadavg", raising=False)
    assert th._running_tasks() is None and core_to_spare()
    assert map_if_spare(lambda x: x + 1, [1, 2]) == [2, 3]


@pytest.mark.parametrize("territory", [True, False])
def test_distances_are_the_same_on_one_thread_and_on_two(territory, synthetic_v10_path, monkeypatch):
    """Enough points for the candidate grid and for the limit and coast side by side: the
    distance columns do not depend on the threads."""
    import numpy as np

    from geo.classify import check_points

    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(20, 50, 24_000), rng.uniform(120, 160, 24_000)
    out = {}
    for t in ("1", "2"):
        monkeypatch.setenv("EEZCHECK_THREADS", t)
        out[t] = check_points(lat=lat, lon=lon, zones=synthetic_v10_path, geometry=False, nearest_territory=territory)
    cols = ["distance_to_target_eez_km", "nearest_limit_lat", "nearest_limit_lon", "nearest_territory_km", "nearest_territory_bearing"]
    assert np.isfinite(out["1"]["distance_to_target_eez_km"]).all()
    assert np.array_equal(out["1"][cols].to_numpy(float), out["2"][cols].to_numpy(float), equal_nan=True)
    assert out["1"]["nearest_territory"].equals(out["2"]["nearest_territory"])


def test_a_forked_child_gets_its_own_pool(monkeypatch):
    """A child forked after the pool was made (multiprocessing's default on Linux) has none of its
    threads: it must not hand work to the inherited pool and wait forever."""
    import multiprocessing as mp

    import pytest

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("no fork on this platform")
    monkeypatch.setenv("EEZCHECK_THREADS", "2")
    assert map_chunks(lambda x: x + 1, [1, 2, 3]) == [2, 3, 4]  # the parent's pool exists now
    with mp.get_context("fork").Pool(1) as pool:
        assert pool.apply_async(_doubled, ([1, 2, 3],)).get(timeout=60) == [2, 4, 6]


def _doubled(xs):
    return map_chunks(lambda x: 2 * x, xs)


#: Classifies points over every zone on several threads at once, each round against a freshly
#: built index, and prints how many answers differ from the same index's serial ones.
_STRESS = r"""
import sys, threading
import numpy as np
from geo.index.zone_index import ZoneIndex
from geo.zones import load_zones

zones = load_zones(sys.argv[1])
rounds, n_threads = int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(0)
bounds = ZoneIndex(zones)._bounds
lon = np.concatenate([rng.uniform(x0, x1, 40) for x0, _, x1, _ in bounds])
lat = np.concatenate([rng.uniform(y0, y1, 40) for _, y0, _, y1 in bounds])
differ, inside = 0, 0.0
for r in range(rounds):
    serial = ZoneIndex(zones).locate_exact(lon, lat, "JPN")
    inside = max(inside, float((serial >= 0).mean()))
    idx = ZoneIndex(zones)
    if r % 2:
        idx.tree  # built before the threads start: what they share is GEOS's own lazy state
    start = threading.Barrier(n_threads)
    got = [None] * n_threads

    def work(i):
        start.wait()
        got[i] = idx.locate_exact(lon, lat, "JPN")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    differ += sum(g is None or not np.array_equal(g, serial) for g in got)
print(differ, inside)
"""


def test_a_fresh_index_gives_the_serial_answers_on_many_threads_at_once(synthetic_v10_path):
    # GEOS builds a prepared polygon's point locator lazily, in two steps, and not thread-safely
    # (libgeos/geos#825): without the index's warm-up this run aborts ("double free or
    # corruption", a segmentation fault) or answers wrongly. In a child process, so that a crash
    # fails this test rather than the test run.
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-c", _STRESS, str(synthetic_v10_path), "60", "4"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    differ, inside = r.stdout.split()
    assert int(differ) == 0
    assert float(inside) > 0.3  # the points do fall in zones: the answers are worth comparing


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_streamed_output_is_the_same_on_one_thread_and_on_four(fmt, synthetic_v10_path, tmp_path, cli):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(5)
    n = 6_000
    df = pd.DataFrame({"id": range(n), "lat": rng.uniform(20, 46, n).round(5), "lon": rng.uniform(122, 150, n).round(5)})
    src = tmp_path / f"in.{fmt}"
    df.to_parquet(src) if fmt == "parquet" else df.to_csv(src, index=False)
    outs = []
    for threads in ("1", "4"):
        out = tmp_path / f"out{threads}.{fmt}"
        r = cli("batch", src, "-o", out, "--chunk-size", "300", "--zones", synthetic_v10_path, "--no-distance", "--quiet",
                env={"EEZCHECK_THREADS": threads})
        assert r.returncode == 0, r.stderr
        outs.append(pd.read_parquet(out) if fmt == "parquet" else out.read_bytes())
    if fmt == "parquet":
        pd.testing.assert_frame_equal(outs[0], outs[1])
        assert outs[1]["id"].tolist() == list(range(n))
        assert outs[1]["eez_status"].nunique() >= 2
    else:
        assert outs[0] == outs[1]


@pytest.mark.parametrize("fmt", ["csv", "csv-distances", "parquet"])
def test_streamed_chunks_are_classified_side_by_side(fmt, synthetic_v10_path, tmp_path, monkeypatch):
    # Two threads: while one chunk is being classified the next one is too (the zone index is
    # safe to share once built); the rows still come out complete and in order.
    import numpy as np
    import pandas as pd

    import geo.cli.batch as batch
    from geo.cli import main

    monkeypatch.setenv("EEZCHECK_THREADS", "2")
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"id": range(400), "lat": rng.uniform(30, 45, 400).round(4), "lon": rng.uniform(128, 150, 400).round(4)})
    src = tmp_path / ("in.parquet" if fmt == "parquet" else "in.csv")
    df.to_parquet(src) if fmt == "parquet" else df.to_csv(src, index=False)
    inside, most, real = [0], [0], batch.check_points
    guard = threading.Lock()

    def watched(*args, **kwargs):
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        try:
            time.sleep(0.05)  # long enough for the other thread to come in
            return real(*args, **kwargs)
        finally:
            with guard:
                inside[0] -= 1

    monkeypatch.setattr(batch, "check_points", watched)
    out = tmp_path / ("out.parquet" if fmt == "parquet" else "out.csv")
    extra = [] if fmt == "csv-distances" else ["--no-distance"]
    code = main(["batch", str(src), "-o", str(out), "--chunk-size", "50", "--zones", str(synthetic_v10_path), "--quiet", *extra])
    assert code == 0
    assert most[0] == 2
    got = pd.read_parquet(out) if fmt == "parquet" else pd.read_csv(out)
    assert got["id"].tolist() == list(range(400))
