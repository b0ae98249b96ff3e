"""The ``eezcheck`` command line: subcommands point, batch, impact, map, data.

Data goes to stdout, diagnostics to stderr. Exit codes (:data:`EXIT_CODES`): 0 success;
1 other error (e.g. a file that cannot be written); 2 bad input (usage, coordinates, rows, output
paths — batch still writes its output, see ``batch``); 3 zone data missing or unreadable;
4 download failed; 5 a streamed batch stopped part-way (stdout incomplete, no file written);
70 internal error (a bug: please report it; ``EEZCHECK_DEBUG=1`` shows the traceback);
130 interrupted. No traceback reaches the user otherwise.
Each subcommand lives in its own module with ``register(subparsers)``; heavy libraries are
imported only inside the command that needs them, so ``eezcheck point`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import traceback
from importlib import import_module

from geo import __version__
from geo.cli.map_options import add_map_options
from geo.errors import EEZCheckError

__all__ = ["main", "build_parser", "add_common_options", "EXIT_CODES", "DEBUG_ENV"]

#: Exit code → meaning, as ``eezcheck --help`` and the README list them.
EXIT_CODES = {
    0: "ok",
    1: "other error",
    2: "bad input (usage, coordinates, rows, output paths)",
    3: "zone data missing or unreadable",
    4: "download failed",
    5: "a streamed batch stopped part-way (stdout incomplete, no file written)",
    70: "internal error (please report it)",
    130: "interrupted",
}
INTERNAL_ERROR = 70
#: Set to 1 to see the traceback of an internal error.
DEBUG_ENV = "EEZCHECK_DEBUG"

# Subcommand modules, in the order shown by --help. A module missing from this checkout is skipped.
_COMMANDS = ("point", "batch", "impact", "report", "history", "map", "data")


def add_common_options(p: argparse.ArgumentParser, *, map_option: bool = True,
                       json_help: str = "print JSON instead of a human summary") -> None:
    """Add the options every checking command takes, so each is spelled and explained once.

    Parameters
    ----------
    p : argparse.ArgumentParser
        The subcommand's parser; gains ``--zones``, ``--target`` (ISO3, default JPN), ``--json``.
    map_option : bool, default True
        Also add the map options (:func:`geo.cli.map_options.add_map_options`).
    json_help : str
        The help text of ``--json`` (``map`` prints a summary as well as its file).

    Returns
    -------
    None
        ``p`` is changed in place.

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> add_common_options(p, map_option=False)
    >>> a = p.parse_args(["--json"])
    >>> a.target, a.zones, a.json
    ('JPN', None, True)
    """
    p.add_argument(
        "--zones",
        metavar="PATH|NAME",
        default=None,
        help="zone data: a Marine Regions (or compatible) shapefile/GeoPackage/GeoJSON/zip, or a name from "
        "'eezcheck data list' (default: the bundled zones)",
    )
    p.add_argument("--target", default="JPN", metavar="ISO3", help="state whose EEZ to test against (default JPN)")
    p.add_argument("--json", action="store_true", help=json_help)
    if map_option:
        add_map_options(p)


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (exit 2) rather than the usage text and the error."""

    def error(self, message: str):
        if message.startswith("argument --compare: ignored explicit argument"):  # the old --compare=NAME
            message += "; --compare is a flag: name other zone data with --compare-with NAME|PATH"
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """Build the ``eezcheck`` parser with its subcommands.

    Given ``argv`` naming a command, only that command's module is imported, so a cold
    ``eezcheck point`` skips what the other commands need (e.g. the report readers).

    Parameters
    ----------
    argv : list of str, optional
        The command line (without the program name); None or no known command: every command.

    Returns
    -------
    argparse.ArgumentParser
        Usage errors exit 2 with one line on stderr.

    Examples
    --------
    >>> a = build_parser(["point", "35", "140"]).parse_args(["point", "35", "140"])
    >>> a.command
    'point'
    """
    parser = _Parser(
        prog="eezcheck",
        description="Did it land in Japan's EEZ? Classify points against maritime zones on the WGS84 ellipsoid.",
        epilog="Exit codes: " + ", ".join(f"{k} {v}" for k, v in EXIT_CODES.items())
        + f". Set {DEBUG_ENV}=1 to see the traceback of an internal error.",
    )
    parser.add_argument("--version", action="version", version=f"eezcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in _commands_for(argv):
        try:
            module = import_module(f"geo.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"geo.cli.{name}":
                continue
            raise
        module.register(sub)
    return parser


def _commands_for(argv: list[str] | None) -> tuple[str, ...]:
    # The first word is the command (the top level has only --help/--version); anything else
    # (help, a typo) gets every command, so the listing and "invalid choice" stay complete.
    first = argv[0] if argv else None
    return (first,) if first in _COMMANDS else _COMMANDS


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (:data:`EXIT_CODES`)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        with _sigterm_raises():
            return int(args.func(args) or 0)
    except EEZCheckError as exc:
        print(f"eezcheck: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("eezcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        print("eezcheck: error: out of memory; try a smaller input, --chunk-size or --samples", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug: one line for the user, the traceback on request
        return _internal_error(exc)


@contextlib.contextmanager
def _sigterm_raises():
    """SIGTERM unwinds like Ctrl-C (exit 143), so a killed command leaves no temporary file:
    every write goes through geo._files.atomic_write, whose cleanup runs as the stack unwinds."""

    def stop(signum, frame):
        print("eezcheck: terminated", file=sys.stderr)
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _internal_error(exc: BaseException) -> int:
    text = " ".join(str(exc).split())
    text = text if len(text) <= 200 else text[:200] + "…"
    print(f"eezcheck: internal error — please report it: {type(exc).__name__}: {text}", file=sys.stderr)
    if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
        traceback.print_exception(exc, file=sys.stderr)
    else:
        print(f"eezcheck: (set {DEBUG_ENV}=1 to see the traceback)", file=sys.stderr)
    return INTERNAL_ERROR
