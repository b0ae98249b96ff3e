"""The ``eezcheck`` command line: subcommands point, batch, impact, map, data.

Data goes to stdout, diagnostics to stderr. Exit codes: 0 success; 1 other eezcheck error;
2 bad input (usage, coordinates, rows — batch still writes its output, see ``batch``);
3 zone data missing or unreadable; 4 download failed; 130 interrupted.
Each subcommand lives in its own module with ``register(subparsers)``; heavy libraries are
imported only inside the command that needs them, so ``eezcheck point`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

__all__ = ["main", "build_parser", "add_common_options"]

# Subcommand modules, in the order shown by --help. A module missing from this checkout is skipped.
_COMMANDS = ("point", "batch", "impact", "map", "data")


def add_common_options(p: argparse.ArgumentParser, *, map_option: bool = True) -> None:
    """Options every checking command takes."""
    p.add_argument(
        "--zones",
        metavar="PATH|NAME",
        default=None,
        help="zone data: a Marine Regions (or compatible) shapefile/GeoPackage/GeoJSON/zip, or a name from "
        "'eezcheck data list' (default: the bundled zones)",
    )
    p.add_argument("--target", default="JPN", metavar="ISO3", help="state whose EEZ to test against (default JPN)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a human summary")
    if map_option:
        p.add_argument("--map", metavar="OUT.html", default=None, help="also draw the result on an HTML map")


def build_parser() -> argparse.ArgumentParser:
    from geo import __version__

    parser = argparse.ArgumentParser(
        prog="eezcheck",
        description="Did it land in Japan's EEZ? Classify points against maritime zones on the WGS84 ellipsoid.",
        epilog="Exit codes: 0 ok, 2 bad input, 3 zone data problem, 4 download failed, 1 other error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"eezcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in _COMMANDS:
        try:
            module = import_module(f"geo.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"geo.cli.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from geo.errors import EEZCheckError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except EEZCheckError as exc:
        print(f"eezcheck: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("eezcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
