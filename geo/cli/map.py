"""``eezcheck map IN -o OUT.html``: draw points (or a results file) on an HTML map.

IN is a points table (CSV with lat/lon columns, GeoJSON, GeoPackage, Parquet) or any file this
tool writes: ``batch -o`` results, ``impact --batch -o`` estimates (drawn at their landing
points), or the output of ``point``, ``impact``, ``batch``, ``history`` or ``report`` ``--json``
saved to a .json file. Points without verdicts are classified first; bad rows (and rows the file
gives no position) are listed on stderr, left off the map, and make the exit code 2 (after the map
is written).
"""

from __future__ import annotations

import argparse
import sys

from geo.cli import add_common_options
from geo.cli.map_options import add_map_options, map_options

# Result columns whose text a CSV holds and that are numbers or booleans in a results table.
_NUMERIC = (
    "lat",
    "lon",
    "mrgid",
    "distance_to_target_eez_km",
    "distance_to_target_eez_nm",
    "nearest_limit_lat",
    "nearest_limit_lon",
    "nearest_territory_km",
    "nearest_territory_bearing",
)


def _description() -> str:
    text = (__doc__.split("\n\n")[0].split(": ", 1)[1] + " " + __doc__.split("\n\n")[1].replace("\n", " ")).replace("``", "")
    return text[:1].upper() + text[1:]


def register(sub) -> None:
    p = sub.add_parser(
        "map",
        help="draw points or a results file on an HTML map",
        description=_description(),
    )
    p.add_argument("input", help="IN.csv (lat/lon columns), IN.geojson, IN.gpkg, IN.parquet, or any output of eezcheck: "
                   "'batch -o', 'impact --batch -o' (landing_lat/landing_lon), or a --json output saved as OUT.json")
    p.add_argument("-o", "--output", metavar="OUT.html", required=True, help="the HTML map to write")
    add_map_options(p, map_file=False)
    p.add_argument("--layer", metavar="NAME", default=None, help="the layer to read from a file with several (GeoPackage)")
    p.add_argument("--lat-col", default=None, help="name of the latitude column (default: found by name)")
    p.add_argument("--lon-col", default=None, help="name of the longitude column (default: found by name)")
    p.add_argument(
        "--launch",
        metavar="LAT,LON[,NAME]",
        action="append",
        default=[],
        help="a launch site to mark (repeatable)",
    )
    p.add_argument("--rings", metavar="KM[,KM...]", default=None, help="geodesic range rings around the launch sites, in km")
    add_common_options(p, map_option=False, json_help="also print a JSON summary of the map on stdout (output file, "
                       "points drawn, bad rows, verdict counts, target, data source)")
    # None = the results file's own target (else JPN); given explicitly, it re-classifies if different.
    p.set_defaults(func=run, target=None)


def _parse_launch(specs):
    from geo.errors import InputError

    sites = []
    for spec in specs:
        bits = [b.strip() for b in spec.split(",", 2)]
        if len(bits) < 2:
            raise InputError(f"--launch {spec!r}: give LAT,LON or LAT,LON,NAME (decimal degrees)")
        sites.append((bits[0], bits[1], bits[2] if len(bits) > 2 else None))
    return sites


def _parse_rings(spec):
    from geo.errors import InputError

    if not spec:
        return None
    out = []
    for b in spec.split(","):
        try:
            out.append(float(b))
        except ValueError:
            raise InputError(f"--rings {spec!r}: {b!r} is not a number of kilometres (e.g. --rings 500,1000)") from None
    return out


def _as_results(df):
    """A table that already holds verdicts, with its CSV text turned back into numbers."""
    import pandas as pd

    from geo.classify import RESULT_COLUMNS

    if not all(c in df.columns for c in RESULT_COLUMNS):
        return None
    out = df.copy()
    for c in _NUMERIC:
        out[c] = pd.to_numeric(out[c].replace("", None), errors="coerce")
    flag = out["in_target_eez"].astype(object)
    out["in_target_eez"] = [
        None if v is None or (isinstance(v, float) and v != v) or str(v).strip() == "" else str(v).strip().lower() in ("true", "1", "yes")
        for v in flag
    ]
    for c in ("error", "zone_name", "nearest_territory", "zone_type", "eez_status"):
        out[c] = [None if v is None or (isinstance(v, float) and v != v) or str(v) == "" else v for v in out[c].astype(object)]
    return out


def run(args: argparse.Namespace) -> int:
    from geo.zones.catalog import resolve_zones
    from geo.classify import check_points
    from geo.cli._output import check_output, print_json, save_map, source_id
    from geo.cli.map_input import read_map_input
    from geo.zones import load_zones

    if not args.output.lower().endswith((".html", ".htm")):
        from geo.errors import InputError

        raise InputError(f"output {args.output}: a map is an HTML file; name it OUT.html")
    map_kwargs = map_options(args)
    check_output(args.output)
    sites = _parse_launch(args.launch)
    rings = _parse_rings(args.rings)
    zones = load_zones(resolve_zones(args.zones))
    found = read_map_input(args.input, layer=args.layer, lat_col=args.lat_col, lon_col=args.lon_col)
    df, lat_col, lon_col = found.frame, found.lat_col, found.lon_col
    res = _as_results(df)
    target = args.target
    if res is not None:
        file_targets = sorted({str(t) for t in res["target"].dropna() if str(t)})
        if target is None:
            target = file_targets[0] if len(file_targets) == 1 else "JPN"
        if file_targets and file_targets != [target.upper()]:
            print(f"eezcheck: the results are for {', '.join(file_targets)}; classifying again for {target}", file=sys.stderr)
            res = None
        else:
            sources = sorted({str(s) for s in res["data_source"].dropna() if str(s)})
            if sources and sources not in ([zones.source.label], [source_id(zones.source.label)]):
                print(
                    f"eezcheck: note: the results were computed with {sources[0]}; the map draws zones from "
                    f"{zones.source.label}",
                    file=sys.stderr,
                )
    target = target or "JPN"
    if res is None:
        from geo.classify import RESULT_COLUMNS

        # Old verdicts go (a map shows only the new ones); so do lat/lon beside a point geometry,
        # which is what is classified then.
        from_geometry = hasattr(df, "crs") and lat_col is None and lon_col is None
        df = df.drop(columns=[c for c in RESULT_COLUMNS if c in df.columns and (from_geometry or c not in ("lat", "lon"))])
        kw = {} if from_geometry else {"lat_col": lat_col, "lon_col": lon_col}
        res = check_points(df, target=target, zones=zones, errors="keep", **kw)
    for label, why in found.unplaced.items():  # the file's own reason, not "lat = nan is not a number"
        res.loc[label, "error"] = why
    bad = res["error"].notna()
    save_map(
        res[~bad],
        args.output,
        zones=zones,
        target=target,
        **map_kwargs,
        launch_sites=sites or None,
        range_rings_km=rings,
    )
    counts = res.loc[~bad, "eez_status"].value_counts().to_dict()
    if args.json:
        print_json({"output": args.output, "points": int((~bad).sum()), "bad_rows": int(bad.sum()), "eez_status": counts,
                    "target": target, "offline": bool(args.offline), "data_source": zones.source.label})
    if bad.any():
        from geo.cli._output import report_bad_rows

        return report_bad_rows(((i + 1, m) for i, m in res.loc[bad, "error"].items()), int(bad.sum()), "left off the map")
    return 0
