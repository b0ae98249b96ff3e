"""geo._threads: chunks shared over threads come back in order, EEZCHECK_THREADS=1 runs them in
the calling thread, and a task that maps its own chunks does not wait on the pool it runs in."""

from __future__ import annotations

import threading
import time

import pytest

from geo._threads import map_chunks, workers


def test_results_in_order_and_spread(monkeypatch):
    monkeypatch.setenv("EEZCHECK_THREADS", "2")
    assert workers() == 2
    seen = set()

    def work(x):
        seen.add(threading.current_thread().name)
        return x * 10

    assert map_chunks(work, range(50)) == [x * 10 for x in range(50)]
    assert all(name.startswith("eezcheck") for name in seen)


def test_one_thread_means_the_caller(monkeypatch):
    monkeypatch.setenv("EEZCHECK_THREADS", "1")
    assert map_chunks(lambda x: threading.current_thread() is threading.main_thread(), [1, 2, 3]) == [True] * 3


def test_nested_maps_finish(monkeypatch):
    monkeypatch.setenv("EEZCHECK_THREADS", "2")
    assert map_chunks(lambda x: sum(map_chunks(lambda y: y + x, range(4))), range(6)) == [6 + 4 * x for x in range(6)]


def test_bad_setting_falls_back_to_the_cores(monkeypatch):
    monkeypatch.setenv("EEZCHECK_THREADS", "many")
    assert 1 <= workers() <= 4


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


@pytest.mark.parametrize("fmt", ["csv", "csv-distances", "parquet"])
def test_streamed_chunks_never_query_the_zones_two_at_a_time(fmt, synthetic_v10_path, tmp_path, monkeypatch):
    # GEOS prepares a geometry's indexes on its first query, unsafely across threads: the
    # streamed batch classifies one chunk at a time while reading and writing go side by side.
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
            time.sleep(0.02)  # long enough for another thread to come in, were it let
            return real(*args, **kwargs)
        finally:
            with guard:
                inside[0] -= 1

    monkeypatch.setattr(batch, "check_points", watched)
    out = tmp_path / ("out.parquet" if fmt == "parquet" else "out.csv")
    extra = [] if fmt == "csv-distances" else ["--no-distance"]
    code = main(["batch", str(src), "-o", str(out), "--chunk-size", "50", "--zones", str(synthetic_v10_path), "--quiet", *extra])
    assert code == 0
    assert most[0] == 1
    got = pd.read_parquet(out) if fmt == "parquet" else pd.read_csv(out)
    assert got["id"].tolist() == list(range(400))
