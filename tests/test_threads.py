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
