"""Shared helpers for the benchmark scripts (not a test module)."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MR_V10 = ROOT.parent / "shared" / "data" / "marineregions" / "eez_v10_s05" / "eez_s05.shp"
BUNDLED = ROOT / "shapefiles" / "japan_zones.shp"


def zone_files(arg: str | None) -> list[Path]:
    """The zone files to benchmark on: --zones PATH, else the bundled data and the v10 extract."""
    if arg:
        return [Path(arg)]
    return [p for p in (BUNDLED, MR_V10) if p.exists()]


def machine() -> str:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load:.1f}"


def best_of(f, repeat=3):
    """(best seconds, last result) of ``repeat`` calls."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return best, out


def median_of(f, rounds=5):
    """(median seconds, last result) of ``rounds`` calls: every method of a comparison is timed
    the same number of rounds, so no method gets a best-of advantage."""
    import statistics

    times, out = [], None
    for _ in range(rounds):
        out = None  # free the previous round's result before the next one is built
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def median_of_alternating(f, g, rounds=5):
    """(median seconds of ``f``, (median seconds, last result) of ``g``), the calls alternating
    f, g, f, g…: for the ratio of two sizes of one method, so that a change of the machine's
    load falls on both sides. Each call's result is freed before the next call."""
    import statistics

    tf, tg, out = [], [], None
    for _ in range(rounds):
        out = None
        t = time.perf_counter()
        out = f()
        tf.append(time.perf_counter() - t)
        out = None
        t = time.perf_counter()
        out = g()
        tg.append(time.perf_counter() - t)
    return statistics.median(tf), (statistics.median(tg), out)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (MB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
