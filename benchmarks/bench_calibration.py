"""Calibration of P(inside Japan's EEZ) on every past Japanese statement that carries a position.

    python benchmarks/bench_calibration.py [--samples N] [--seed S] [--zones PATH|NAME]

Runs each row of ``geo/data/past_launches.csv`` with a position through the estimator (as
``geo.past_launches()`` does: the statement read like a report, plus the row's launch site and
range; the stated verdict is never an input) and prints, against the official verdicts:

* the Brier score (mean of (p − y)², y = 1 inside) of this model, and on the rows with a stated
  position from a small place, of what ``eezcheck impact --text "STATEMENT"`` says
  (``estimate_impact(text=...)``, the statement's position alone) for comparison;
* a reliability table: predicted p bins vs the observed share inside;
* the calls: agreeing, "too close to call", and every confidently wrong one;
* the wordings used with both verdicts, and what the model makes of each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BINS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0 + 1e-9)


def brier(p, y) -> float:
    return float(sum((a - b) ** 2 for a, b in zip(p, y)) / max(len(p), 1))


def reliability(p, y) -> list[tuple[str, int, float, float]]:
    """(bin, n, mean p, share inside) per predicted-p bin."""
    out = []
    for lo, hi in zip(BINS[:-1], BINS[1:]):
        idx = [i for i, v in enumerate(p) if lo <= v < hi]
        if idx:
            out.append((f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}", len(idx),
                        sum(p[i] for i in idx) / len(idx), sum(y[i] for i in idx) / len(idx)))
        else:
            out.append((f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}", 0, float("nan"), float("nan")))
    return out


def _print_table(title, p, y):
    print(f"{title}: n = {len(p)}, Brier score {brier(p, y):.4f}")
    print("  predicted p      n   mean p   observed share inside")
    for name, n, mp, obs in reliability(p, y):
        print(f"  {name:<12} {n:>5}   {mp:6.3f}   {obs:6.3f}" if n else f"  {name:<12} {n:>5}        —        —")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--zones", default=None)
    args = ap.parse_args()

    from geo.reports.history import past_launches, past_statements, row_figures
    from geo.reports.landing import estimate_impact
    from geo.reports.references import is_large

    t0 = time.perf_counter()
    df = past_launches(samples=args.samples, seed=args.seed, zones=args.zones)
    took = time.perf_counter() - t0
    rows = past_statements()
    known = df["official_verdict"].isin(["inside", "outside"])
    est = df["p_in_target_eez"].notna()
    use = df[known & est]
    p = use["p_in_target_eez"].astype(float).tolist()
    y = [1.0 if v == "inside" else 0.0 for v in use["official_verdict"]]
    print(f"{len(df)} statements; {int(known.sum())} with an official verdict; {int((known & est).sum())} of them carry "
          f"a position ({args.samples:,} samples each, seed {args.seed}; {took:.0f} s)")
    print()
    _print_table("This model (geo.reports.wording + seas + references)", p, y)
    print()
    for method, g in use.groupby("method"):
        gp = g["p_in_target_eez"].astype(float).tolist()
        gy = [1.0 if v == "inside" else 0.0 for v in g["official_verdict"]]
        print(f"  {method:<40} n = {len(g):>3}  Brier {brier(gp, gy):.4f}")
    print()

    # What `eezcheck impact --text` makes of the stated position, on the rows with one from a small place.
    base_p, base_y, mine_p = [], [], []
    for i, row in use.iterrows():
        fig = row_figures(rows[i])
        if fig.offset is None or is_large(fig.offset.place):
            continue
        e = estimate_impact(fig.offset.text, samples=args.samples, seed=args.seed, zones=args.zones)
        base_p.append(e.p_in_target_eez)
        base_y.append(1.0 if row["official_verdict"] == "inside" else 0.0)
        mine_p.append(float(row["p_in_target_eez"]))
    _print_table("Stated positions from a place, as `eezcheck impact --text` reads them", base_p, base_y)
    _print_table("Same rows, this model", mine_p, base_y)
    base_wrong = sum(1 for a, b in zip(base_p, base_y) if (a >= 0.9 and b == 0) or (a <= 0.1 and b == 1))
    print(f"  confidently wrong: impact --text {base_wrong}, this model "
          f"{sum(1 for a, b in zip(mine_p, base_y) if (a >= 0.9 and b == 0) or (a <= 0.1 and b == 1))}")
    print()

    print("Calls against the official verdicts:")
    for k, v in use["agreement"].value_counts().items():
        print(f"  {k:<20} {v}")
    wrong = use[use["agreement"] == "disagrees"]
    print(f"Confidently wrong ({len(wrong)}):" + ("" if len(wrong) else " none"))
    for _, r in wrong.iterrows():
        print(f"  {r['date']} {r['statement'][:40]} — official {r['official_verdict']}, p = {r['p_in_target_eez']:.3f}")
    print()

    print("Wordings used with both verdicts:")
    groups: dict = {}
    for i, row in use.iterrows():
        fig = row_figures(rows[i])
        if fig.offset is not None:
            o = fig.offset
            groups.setdefault((o.place.name_en, round(o.bearing_deg), o.range_km), []).append(i)
    found = False
    for (place, brg, mid), idx in groups.items():
        verdicts = set(df.loc[idx, "official_verdict"])
        if {"inside", "outside"} <= verdicts:
            found = True
            print(f"  {mid:g} km at {brg}° from {place}:")
            for i in idx:
                r = df.loc[i]
                print(f"    {r['date']} official {r['official_verdict']:<8} p = {r['p_in_target_eez']:.3f} → {r['call']}")
    if not found:
        print("  none")
    return 1 if len(wrong) else 0


if __name__ == "__main__":
    sys.exit(main())
