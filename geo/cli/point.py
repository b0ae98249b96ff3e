"""``eezcheck point LAT LON``: one point's verdict."""

from __future__ import annotations

import argparse

from geo.classify import check_point, check_points
from geo.cli import add_common_options
from geo.cli._output import add_compare_option, check_output, print_json, save_map
from geo.cli.map_options import map_options
from geo.compare import compare_point
from geo.zones.catalog import resolve_zones


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


def run(args: argparse.Namespace) -> int:
    if args.map:
        check_output(args.map, option="--map")
    map_kwargs = map_options(args)
    zones = resolve_zones(args.zones)
    result = check_point(lat=args.lat, lon=args.lon, target=args.target, zones=zones)
    comparison = None
    if args.compare:
        comparison = compare_point(lat=args.lat, lon=args.lon, zones=zones, reference=args.compare, target=args.target)
    if args.json:
        print_json(result.to_dict() | ({"compare": comparison.to_dict()} if comparison else {}))
    else:
        print(result.summary())
        if comparison:
            print(comparison.summary())
    if args.map:
        save_map(check_points(lat=[args.lat], lon=[args.lon], target=args.target, zones=zones), args.map, zones=zones, target=args.target,
                 **map_kwargs)
    return 0
