"""Time a 100,000-sample Monte Carlo impact estimate (target ≤ 0.1 s) against a naive loop.

    python benchmarks/bench_impact.py [--zones PATH] [--samples N] [--naive N]

Prints the time of each stage of ``estimate_impact`` (sampling, the one vectorised
``check_points`` call, the rest), the end-to-end time, and a naive per-sample loop
(``check_point`` per sample, as a user might write it) on a small subset, scaled to N.
Zone data: ``--zones``, else the bundled zones, else the Marine Regions v10 test extract.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MR_V10 = ROOT.parent / "shared" / "data" / "marineregions" / "eez_v10_s05" / "eez_s05.shp"
TEXT = "奥尻島の西200～250キロ"  # straddles the limit, so p is not trivially 0 or 1


def _best(fn, repeat=3):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zones", default=None)
    ap.add_argument("--samples", type=int, default=100_000)
    ap.add_argument("--naive", type=int, default=300, help="samples for the naive loop (scaled up)")
    args = ap.parse_args()

    from geo.classify import check_point, check_points
    from geo.index import index_for
    from geo.reports.landing import estimate_impact
    from geo.reports.phrases import parse_report
    from geo.zones import bundled_path, load_zones

    zpath = args.zones or (None if bundled_path().exists() else MR_V10)
    zones = load_zones(zpath)
    index_for(zones).claim("JPN")  # build the index once, as a long-running process would
    print(f"zones: {zones.source.label[:100]}")
    n = args.samples
    estimate_impact(TEXT, zones=zones, samples=1000)  # warm-up (imports, caches)

    loc = parse_report(TEXT)
    t_sample, (lat, lon) = _best(lambda: loc.sample(n, np.random.default_rng(0)))
    t_classify, res = _best(lambda: check_points(lat=lat, lon=lon, distances=False, zones=zones, target="JPN"))
    t_total, est = _best(lambda: estimate_impact(TEXT, zones=zones, samples=n, seed=0))
    print(f"{n:,} samples: sampling {t_sample * 1e3:.1f} ms, check_points {t_classify * 1e3:.1f} ms, "
          f"estimate_impact end to end {t_total * 1e3:.1f} ms (target ≤ 100 ms: {'met' if t_total <= 0.1 else 'NOT met'})")
    print(f"  p_in_target_eez = {est.p_in_target_eez:.4f} ± {est.p_stderr:.4f} → {est.call}")

    m = min(args.naive, n)
    t0 = time.perf_counter()
    naive = [check_point(lat=float(a), lon=float(b), zones=zones, distances=False).in_target_eez for a, b in zip(lat[:m], lon[:m])]
    t_naive = time.perf_counter() - t0
    vec = res["in_target_eez"].to_numpy(dtype=bool)[:m]
    assert np.array_equal(np.asarray(naive, dtype=bool), vec), "naive loop and vectorised call disagree"
    print(f"naive loop: {m} samples in {t_naive * 1e3:.0f} ms ({t_naive / m * 1e6:.0f} µs/sample) → "
          f"~{t_naive / m * n:.1f} s for {n:,}; vectorised is ~{t_naive / m * n / t_total:.0f}× faster (same verdicts)")


if __name__ == "__main__":
    main()
