"""The map options every command that draws a map takes: ``--map``, ``--offline``, ``--assets``.

One definition, so ``point``, ``batch``, ``impact``, ``map`` (and any later command) offer the
same options with the same help; :func:`map_options` turns them into the keyword arguments of
:func:`geo.maps.result_map`, checked before the work starts.
"""

from __future__ import annotations

import argparse

from geo.errors import InputError
from geo.maps.assets import ASSETS_ENV, OFFLINE_INSTALL, find_assets

__all__ = ["add_map_options", "map_options"]

OFFLINE_HELP = (
    "write a map that opens without internet: no tile server (land and zones are drawn from the zone data) and "
    f"Leaflet's JavaScript/CSS inlined, from the offline extra ({OFFLINE_INSTALL}), a development checkout's "
    "tests/js, or --assets DIR"
)
ASSETS_HELP = (
    f"with --offline: a folder holding Leaflet 1.9's leaflet.js and leaflet.css, or an npm folder with leaflet "
    f"and its plugins (default ${ASSETS_ENV}, else the offline extra, else a checkout's tests/js)"
)


def add_map_options(p: argparse.ArgumentParser, *, map_file: bool = True) -> None:
    """Add ``--map OUT.html`` (unless the command's output is the map), ``--offline`` and ``--assets DIR``.

    Parameters
    ----------
    p : argparse.ArgumentParser
    map_file : bool
        Add ``--map``; False for a command whose own output is the map (``eezcheck map -o``).

    Returns
    -------
    None

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> add_map_options(p)
    >>> vars(p.parse_args(["--map", "m.html", "--offline"]))
    {'map': 'm.html', 'offline': True, 'assets': None}
    """
    if map_file:
        p.add_argument("--map", metavar="OUT.html", default=None, help="also draw the result on an HTML map")
    p.add_argument("--offline", action="store_true", help=OFFLINE_HELP)
    p.add_argument("--assets", metavar="DIR", default=None, help=ASSETS_HELP)


def map_options(args: argparse.Namespace) -> dict:
    """The map keyword arguments the options ask for, checked (call it before the work).

    Parameters
    ----------
    args : argparse.Namespace
        Parsed with :func:`add_map_options`.

    Returns
    -------
    dict
        ``offline`` and ``assets_dir`` for :func:`geo.maps.result_map`.

    Raises
    ------
    InputError
        ``--map`` not naming an .html file, ``--offline``/``--assets`` without ``--map``, or
        ``--assets`` without ``--offline``.
    geo.maps.MapAssetsError
        An offline map's files are not installed (the message gives the install command).

    Examples
    --------
    >>> map_options(argparse.Namespace(map="m.html", offline=False, assets=None))
    {'offline': False, 'assets_dir': None}
    """
    offline, assets = bool(args.offline), args.assets
    out = getattr(args, "map", None)
    if out is not None and not str(out).lower().endswith((".html", ".htm")):  # as 'eezcheck map -o' says
        raise InputError(f"--map {out}: a map is an HTML file; name it OUT.html")
    if getattr(args, "map", "") is None and (offline or assets is not None):
        raise InputError("--offline and --assets go with --map OUT.html")
    if assets is not None and not offline:
        raise InputError("--assets DIR is where an --offline map's files are: add --offline")
    if offline:
        find_assets(assets)  # missing files are an error now, not after the work
    return {"offline": offline, "assets_dir": assets}
