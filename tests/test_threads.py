"""geo._threads: chunks shared over threads come back in order, EEZCHECK_THREADS=1 runs them in
the calling thread, and a task that maps its own chunks does not wait on the pool it runs in."""

from __future__ import annotations

import threading

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
