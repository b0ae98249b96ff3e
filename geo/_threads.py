"""Both cores where it pays: one small shared thread pool for work that releases the GIL
(numpy on large arrays, shapely, pyproj, the Arrow readers).

``EEZCHECK_THREADS`` sets how many threads (``1``: none, everything in the calling thread);
default: the machine's cores, at most 4. A task already running in the pool runs its own chunks
serially (no pool-in-pool waiting). Work split only to be faster (the distances through
:func:`map_if_spare`, streamed batch chunks through :func:`imap_chunks`) uses threads, when
the setting is unset, only while a core is idle (:func:`core_to_spare`).

The zone index may be queried from several threads at once: it builds its prepared GEOS
geometries, and warms them up, under its own lock before the first query
(``geo.index.zone_index``).
"""

from __future__ import annotations

import collections
import os
import threading
from concurrent.futures import ThreadPoolExecutor

__all__ = ["workers", "map_chunks", "imap_chunks", "core_to_spare", "map_if_spare"]

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


def core_to_spare() -> bool:
    """Whether splitting numpy/pyproj work over threads pays right now: ``EEZCHECK_THREADS`` set
    above 1, or (unset) more than one core and no other task running on the others.

    On a busy machine two threads of one call fight for the GIL on the cores left: distances
    ran at 0.74-0.97x one thread with the cores taken (1.9x with a core idle). The runnable
    tasks in ``/proc/loadavg`` (this one included) say whether a core is idle now; elsewhere
    the one-minute load average does.

    Returns
    -------
    bool

    Examples
    --------
    >>> isinstance(core_to_spare(), bool)
    True
    """
    raw = os.environ.get("EEZCHECK_THREADS", "").strip()
    if raw.isdigit() and int(raw) >= 1:
        return int(raw) > 1
    # The machine's cores, not workers()'s cap of 4: the runnable count is machine-wide, so on
    # 16 cores with 6 tasks running ten are idle (capped, "no core idle" would be wrong there).
    cores = os.cpu_count() or 1
    if cores < 2 or getattr(_INSIDE, "active", False):
        return False
    running = _running_tasks()
    return running is None or running <= cores - 1


def _running_tasks() -> int | None:
    """Tasks running or ready to run on the machine now, this one included (None: not known)."""
    try:
        with open("/proc/loadavg") as f:
            return int(f.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        try:
            return int(os.getloadavg()[0] + 0.5)
        except (OSError, AttributeError):
            return None


def map_if_spare(fn, items) -> list:
    """:func:`map_chunks` when :func:`core_to_spare`, else ``[fn(x) for x in items]``.

    Parameters
    ----------
    fn : callable
    items : sequence

    Returns
    -------
    list

    Examples
    --------
    >>> map_if_spare(lambda x: -x, [1, 2])
    [-1, -2]
    """
    if core_to_spare():
        return map_chunks(fn, items)
    return [fn(x) for x in items]


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
    pool = _pool(n)
    return list(pool.map(lambda x: _run(fn, x), items))


def imap_chunks(fn, items, ahead: int | None = None):
    """``fn(x)`` for each of ``items`` as they come, in order, with up to ``ahead`` calls running
    in the pool meanwhile: the caller writes one result while the next ones are computed, and
    ``items`` (which may read a file) is drawn in the calling thread. Threads are used only when
    :func:`core_to_spare` (or ``EEZCHECK_THREADS`` > 1); otherwise everything runs in the caller.

    Parameters
    ----------
    fn : callable
    items : iterable
        Drawn lazily; an error raised while drawing comes after the results of the items before.
    ahead : int, optional
        Calls started and not yet handed out (default one more than :func:`workers`, so that
        every thread works while the caller handles a result).

    Yields
    ------
    object
        ``fn(x)``, in the items' order.

    Examples
    --------
    >>> list(imap_chunks(lambda x: x + 1, iter(range(5))))
    [1, 2, 3, 4, 5]
    """
    n = workers()
    # Streamed batch is mostly reading and writing, which Arrow already spreads over the cores:
    # a second classifying thread paid only with a core idle (Parquet 1.10-1.27x, on a busy
    # 2-core machine 0.87-0.91x; CSV 0.64-1.40x), so it follows the same rule as the distances.
    if n == 1 or not core_to_spare():
        for x in items:
            yield fn(x)
        return
    pool, ahead = _pool(n), ahead or n + 1
    pending: collections.deque = collections.deque()
    it, drawn = iter(items), False
    while True:
        try:
            while not drawn and len(pending) < ahead:
                try:
                    pending.append(pool.submit(_run, fn, next(it)))
                except StopIteration:
                    drawn = True
        except Exception:
            for f in pending:  # what was read before the error first
                yield f.result()
            raise
        if not pending:
            return
        yield pending.popleft().result()


def _pool(n: int) -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or _POOL._max_workers != n:  # noqa: SLF001 - resized when the setting changes
            _POOL = ThreadPoolExecutor(max_workers=n, thread_name_prefix="eezcheck")
        return _POOL
