"""``eezcheck report TEXT | FILE | -``: a whole article or statement in, one estimate per source out.

Prints what was read (each fact with the text it came from), one scenario per source's figures
side by side (P(inside), the call, the distance to the limit) and how the tool's calls compare
with the verdicts the text states. ``--json`` gives all of it; ``--map OUT.html`` draws each
scenario (:mod:`geo.maps.scenarios`). A report with nothing to estimate
from is an error naming what was found and what is missing (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.cli import add_common_options
from geo.cli._output import check_output, print_json, save_map
from geo.cli.map_options import map_options
from geo.errors import InputError
from geo.reports.article import read_report
from geo.reports.extract import MAX_TEXT_CHARS
from geo.reports.report_text import printable
from geo.reports.sampler import DEFAULT_SAMPLES, MAX_SAMPLES, check_samples, check_seed
from geo.zones.catalog import resolve_zones


def register(sub) -> None:
    p = sub.add_parser(
        "report",
        help="read a news article or statement: one estimate per source's figures, beside the stated verdicts",
        description="Read an article or official statement (English, Japanese or Korean): launch site, date, range, "
        "apogee, direction, landing sea, stated positions and EEZ verdicts, each attributed to its source "
        "(South Korea, Japan, …); then estimate each source's figures — P(inside the EEZ), the call, the distance "
        "to its limit — and compare the calls with the verdicts the text states.",
        epilog="REPORT is the text itself, a file holding it (UTF-8), or - to read standard input. Uncertainty: the "
        "wording model of geo.reports.wording (rounding steps, 8- vs 16-point compass words, large references "
        "measured from their coast). Exit codes: 0 ok, 2 bad input or nothing to estimate, 3 zone data problem.",
    )
    p.add_argument("report", metavar="REPORT", help="the text, a file holding it, or - for standard input")
    p.add_argument("--samples", default=str(DEFAULT_SAMPLES), metavar="N",
                   help=f"Monte Carlo samples per scenario (default {DEFAULT_SAMPLES}, at most {MAX_SAMPLES:,})")
    p.add_argument("--seed", default="0", metavar="S", help="random seed, a whole number ≥ 0 (default 0)")
    p.add_argument("--inside-threshold", type=float, default=0.9, metavar="P", help="call 'inside' at p ≥ P (default 0.9)")
    p.add_argument("--outside-threshold", type=float, default=0.1, metavar="P", help="call 'outside' at p ≤ P (default 0.1)")
    add_common_options(p)
    p.set_defaults(func=run)


def report_text(arg: str) -> str:
    """The text REPORT stands for: standard input for "-", a file's contents, else the text itself."""
    if arg == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_CHARS * 4 + 1)
        return _decode(data, "standard input")
    path = Path(arg).expanduser() if len(arg) < 1024 and "\n" not in arg and "\x00" not in arg else None
    try:
        is_file = path is not None and path.is_file()
    except OSError:  # e.g. a name too long to be a file: it is the text
        is_file = False
    if not is_file:
        return arg
    try:
        if path.stat().st_size > MAX_TEXT_CHARS * 4:
            raise InputError(f"report file {arg}: {path.stat().st_size:,} bytes is too long to be a report")
        return _decode(path.read_bytes(), f"report file {arg}")
    except OSError as exc:
        raise InputError(f"report file {arg}: cannot be read ({exc.strerror or exc})") from None


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{what}: not UTF-8 text (byte {exc.start}); save the report as UTF-8") from None


def run(args: argparse.Namespace) -> int:
    samples, seed = check_samples(args.samples), check_seed(args.seed)
    if args.map:
        check_output(args.map, option="--map")
    map_kwargs = map_options(args)  # checked before the work
    text = report_text(args.report)
    zones = resolve_zones(args.zones)
    report = read_report(text, target=args.target, zones=zones, samples=samples, seed=seed,
                         inside_threshold=args.inside_threshold, outside_threshold=args.outside_threshold)
    if args.json:
        print_json(report.to_dict())
    else:
        print(report.summary())
    if args.map:
        drawn = [s.label for s in report.scenarios if s.estimate is not None]
        save_map(None, args.map, impacts=list(report.scenarios), zones=zones, target=args.target,
                 title=f"eezcheck — {', '.join(drawn)}: {printable(' '.join(text.split()), 90)}", **map_kwargs)
    return 0
