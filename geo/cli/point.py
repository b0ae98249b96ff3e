"""``eezcheck point LAT LON``: one point's verdict."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.cli import add_common_options
from geo.cli._output import add_compare_option


def register(sub) -> None:
    p = sub.add_parser(
        "point",
        help="check one point",
        description="Which zone is LAT LON in, is it inside the target's EEZ, and how far from the limit. "
        "Longitudes in 0-360 are accepted. Negative values work as they are (eezcheck point -10 150).",
    )
    p.add_argument("lat", help="latitude, decimal degrees (-90..90)")
    p.add_argument("lon", help="longitude, decimal degrees (-180..360)")
    add_common_options(p)
    add_compare_option(p, "also give the verdict, flagging a difference,")
    p.set_defaults(func=run)


def _zones(spec):
    """``geo.zones.catalog.resolve_zones(spec)``, short-cut for the bundled zones and small zone files:
    resolve_zones imports geo.zones, which imports pandas (~0.3 s), and check_point answers
    those two from the compiled index without it (see geo.index.cache)."""
    from geo.zones import catalog

    s = catalog.default_name() if spec is None else str(spec)
    if s.strip().lower() == catalog.BUNDLED:
        return None
    p = Path(s).expanduser()
    if not s.strip().lower().startswith(catalog.MARINEREGIONS) and p.is_file() and p.stat().st_size < catalog.BIG_FILE_BYTES:
        return p
    return catalog.resolve_zones(spec)


def run(args: argparse.Namespace) -> int:
    from geo.classify import check_point
    from geo.cli._output import print_json, save_map

    zones = _zones(args.zones)
    result = check_point(lat=args.lat, lon=args.lon, target=args.target, zones=zones)
    comparison = None
    if getattr(args, "compare", None):
        from geo.compare import compare_point

        comparison = compare_point(lat=args.lat, lon=args.lon, zones=args.zones, reference=args.compare, target=args.target)
    if args.json:
        print_json(result.to_dict() | ({"compare": comparison.to_dict()} if comparison else {}))
    else:
        print(result.summary())
        if comparison:
            print(comparison.summary())
    if args.map:
        from geo.classify import check_points

        save_map(check_points(lat=[args.lat], lon=[args.lon], target=args.target, zones=zones), args.map, zones=zones, target=args.target)
    return 0
