"""``eezcheck history [--map OUT.html] [--json]``: every past Japanese statement on where a missile
came down since 2016, with this tool's estimate beside each one that carries a position.
"""

from __future__ import annotations

import argparse

from geo.cli import add_common_options
from geo.cli._output import check_output, print_json, save_map
from geo.cli.map_options import map_options
from geo.reports.history import DEFAULT_HISTORY_SAMPLES, history_frame, past_scenarios
from geo.reports.report_text import printable
from geo.reports.sampler import MAX_SAMPLES, check_samples, check_seed
from geo.zones.catalog import resolve_zones


def register(sub) -> None:
    p = sub.add_parser(
        "history",
        help="past Japanese statements on missile landings since 2016, each with this tool's estimate",
        description="The table of past Japanese government statements on where North Korean missiles came down "
        "(geo/data/past_launches.csv: date, launch site, reported range, the statement, Japan's stated verdict, "
        "its source), with this tool's estimate beside each statement that carries a position: P(inside), the "
        "call, and whether it agrees with the stated verdict.",
        epilog="The stated verdict is never an input. Exit codes: 0 ok, 2 bad input, 3 zone data problem.",
    )
    p.add_argument("--samples", default=str(DEFAULT_HISTORY_SAMPLES), metavar="N",
                   help=f"Monte Carlo samples per statement (default {DEFAULT_HISTORY_SAMPLES}, at most {MAX_SAMPLES:,})")
    p.add_argument("--seed", default="0", metavar="S", help="random seed, a whole number ≥ 0 (default 0)")
    add_common_options(p)
    p.set_defaults(func=run)


def summary_text(df) -> str:
    """The table in words: counts, one line per statement, the agreement with the stated verdicts."""
    inside = df[df["official_verdict"] == "inside"]
    lines = [
        f"{len(df)} statements, {df['date'].min()} to {df['date'].max()}: Japan stated {len(inside)} landings inside "
        f"its EEZ, {int((df['official_verdict'] == 'outside').sum())} outside, "
        f"{int((~df['official_verdict'].isin(['inside', 'outside'])).sum())} without a verdict.",
        "",
        f"{'date':<10}  {'launch site':<18} {'statement':<40} {'stated':<8} {'P(in)':>6}  {'call':<17} agreement",
    ]
    for _, r in df.iterrows():
        p = "" if r["p_in_target_eez"] != r["p_in_target_eez"] or r["p_in_target_eez"] is None else f"{r['p_in_target_eez']:.3f}"
        lines.append(
            f"{r['date']:<10}  {printable(r['launch_site'], 18):<18} {printable(r['statement'], 40):<40} "
            f"{r['official_verdict']:<8} {p:>6}  {(r['call'] or '—'):<17} {r['agreement']}"
        )
    counts = df["agreement"].value_counts()
    lines += ["", "Against the stated verdicts: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".",
              "Statements without a position say so in --json ('missing')."]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.map:
        check_output(args.map, option="--map")
    map_kwargs = map_options(args)
    zones = resolve_zones(args.zones)
    pairs = past_scenarios(samples=check_samples(args.samples), seed=check_seed(args.seed), target=args.target, zones=zones)
    df = history_frame(pairs)
    if args.json:
        # A field the record leaves empty (no launch time, no site) is null, as in every JSON output.
        print_json(df.astype(object).where(df.notna() & (df.astype(object) != ""), None).to_dict(orient="records"))
    else:
        print(summary_text(df))
    if args.map:
        impacts = [s.estimate for _, s in pairs if s.estimate is not None]
        save_map(None, args.map, impacts=impacts, zones=zones, target=args.target,
                 title=f"Past Japanese statements: {len(impacts)} estimated landing points", **map_kwargs)
    return 0
