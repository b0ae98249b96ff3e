"""Both cores where it pays: one small shared thread pool for work that releases the GIL
(numpy on large arrays, shapely, pyproj, the Arrow readers).

``EEZCHECK_THREADS`` sets how many threads (``1``: none, everything in the calling thread);
default: the machine's cores, at most 4. A task already running in the pool runs its own chunks
serially (no pool-in-pool waiting).

The zone index may be queried from several threads at once: it builds its prepared GEOS
geometries, and warms them up, under its own lock before the first query
(``geo.index.zone_index``).
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

__all__ = ["workers", "map_chunks"]

_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
_INSIDE = threading.local()


def _forget_pool_after_fork() -> None:
    # A forked child has none of the parent's threads: the inherited pool would take work and
    # never run it (the child hangs). The child makes its own pool when it needs one.
    global _POOL, _POOL_LOCK
    _POOL, _POOL_LOCK = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_after_fork)


def workers() -> int:
    """How many threads :func:`map_chunks` uses.

    Returns
    -------
    int
        ``EEZCHECK_THREADS`` if it is a whole number ≥ 1, else the number of cores (at most 4).

    Examples
    --------
    >>> workers() >= 1
    True
    """
    raw = os.environ.get("EEZCHECK_THREADS", "").strip()
    if raw.isdigit() and int(raw) >= 1:
        return int(raw)
    return max(1, min(os.cpu_count() or 1, 4))


def _run(fn, item):
    _INSIDE.active = True
    try:
        return fn(item)
    finally:
        _INSIDE.active = False


def map_chunks(fn, items) -> list:
    """``[fn(x) for x in items]``, the items shared out over the pool's threads.

    Parameters
    ----------
    fn : callable
        Called once per item; should spend its time in code that releases the GIL.
    items : sequence

    Returns
    -------
    list
        The results, in the items' order.

    Examples
    --------
    >>> map_chunks(lambda x: x * x, [1, 2, 3])
    [1, 4, 9]
    """
    items = list(items)
    n = workers()
    if n == 1 or len(items) < 2 or getattr(_INSIDE, "active", False):
        return [fn(x) for x in items]
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or _POOL._max_workers != n:  # noqa: SLF001 - resized when the setting changes
            _POOL = ThreadPoolExecutor(max_workers=n, thread_name_prefix="eezcheck")
        pool = _POOL
    return list(pool.map(lambda x: _run(fn, x), items))
