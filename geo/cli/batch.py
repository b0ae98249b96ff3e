"""``eezcheck batch IN [-o OUT]``: a table of points in, the same rows with verdicts out.

Bad rows are kept, never dropped: their ``error`` column says what is wrong (row, field, value),
the verdict fields stay empty, every bad row is listed on stderr, and the exit code is 2 — after
the output has been written in full. Row order and count always equal the input's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.cli import add_common_options


def register(sub) -> None:
    p = sub.add_parser(
        "batch",
        help="check a CSV/GeoJSON/GeoPackage/Parquet file of points",
        description=__doc__.split("\n\n")[0] + " Bad rows are kept with an 'error' column and the exit code is 2.",
    )
    p.add_argument("input", help="IN.csv (lat/lon columns), IN.geojson, IN.gpkg or IN.parquet")
    p.add_argument("-o", "--output", metavar="OUT", default=None, help="OUT.csv|.geojson|.parquet|.gpkg (default: CSV on stdout)")
    p.add_argument("--lat-col", default=None, help="name of the latitude column (default: found by name)")
    p.add_argument("--lon-col", default=None, help="name of the longitude column (default: found by name)")
    p.add_argument("--no-distance", action="store_true", help="skip the distance columns (faster)")
    add_common_options(p)
    p.add_argument(
        "--compare",
        nargs="?",
        const="marineregions",
        default=None,
        metavar="NAME|PATH",
        help="add the verdict under other zone data (default: the downloaded Marine Regions layers) as ref_* columns "
        "and a 'differs' column",
    )
    p.set_defaults(func=run)


def read_points(path: str | Path, *, lat_col=None, lon_col=None):
    """Read an input table; CSV cells are kept as text so bad values are reported as written."""
    import pandas as pd

    from geo.errors import InputError

    p = Path(path)
    if not p.exists():
        raise InputError(f"input file {p} does not exist")
    suffix = p.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            try:
                df = pd.read_csv(p, dtype=str, keep_default_na=False, sep=None if suffix == ".tsv" else ",", engine="python")
            except pd.errors.EmptyDataError:
                raise InputError(f"input file {p} is empty; expected a header row with lat and lon columns") from None
        elif suffix == ".parquet":
            import geopandas as gpd

            try:
                df = gpd.read_parquet(p)
            except (ValueError, TypeError):
                df = pd.read_parquet(p)
        else:
            import geopandas as gpd

            df = gpd.read_file(p, engine="pyogrio")
    except InputError:
        raise
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read input file {p}: {exc}") from exc
    except Exception as exc:  # pyogrio's DataSourceError and friends
        raise InputError(f"cannot read input file {p}: {exc}") from exc
    if len(df) == 0:
        raise InputError(f"input file {p} has no rows")
    return df


def run(args: argparse.Namespace) -> int:
    from geo.catalog import resolve_zones
    from geo.classify import check_points
    from geo.cli._output import print_json, save_map, table_format, write_table

    if args.output:
        table_format(args.output)  # fail on a bad extension before the work
    df = read_points(args.input, lat_col=args.lat_col, lon_col=args.lon_col)
    if getattr(df, "geometry", None) is not None and args.lat_col is None and args.lon_col is None and hasattr(df, "crs"):
        res = check_points(df, target=args.target, zones=resolve_zones(args.zones), distances=not args.no_distance, errors="keep")
    else:
        res = check_points(
            df,
            lat_col=args.lat_col,
            lon_col=args.lon_col,
            target=args.target,
            zones=resolve_zones(args.zones),
            distances=not args.no_distance,
            errors="keep",
        )
    if getattr(args, "compare", None):
        from geo.compare import attach_reference

        res = attach_reference(res, reference=args.compare, target=args.target, distances=not args.no_distance)
    # Row labels in messages are 1-based data lines of the file (header excluded).
    if args.output:
        write_table(res, args.output)
        print(f"eezcheck: {len(res)} rows written to {args.output}", file=sys.stderr)
    elif args.json:
        records = res.drop(columns=res.geometry.name).to_dict(orient="records")
        if getattr(args, "compare", None):
            from geo.compare import compare_record

            records = [compare_record(r) for r in records]
        print_json(records)
    else:
        res.drop(columns=res.geometry.name).to_csv(sys.stdout, index=False)
    bad = res["error"].notna()
    counts = res.loc[~bad, "eez_status"].value_counts().to_dict()
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
    print(f"eezcheck: {len(res)} rows; {summary or 'no valid rows'}", file=sys.stderr)
    if getattr(args, "compare", None):
        from geo.compare import report_differences

        report_differences(res, file=sys.stderr)
    if args.map:
        save_map(res[~bad], args.map)
    if bad.any():
        from geo.validation import MAX_LISTED_PROBLEMS

        print(f"eezcheck: {int(bad.sum())} bad row(s) kept with an 'error' column:", file=sys.stderr)
        for i, msg in list(res.loc[bad, "error"].items())[:MAX_LISTED_PROBLEMS]:
            print(f"  row {i + 1}: {msg}", file=sys.stderr)
        if bad.sum() > MAX_LISTED_PROBLEMS:
            print(f"  ... and {int(bad.sum()) - MAX_LISTED_PROBLEMS} more", file=sys.stderr)
        return 2
    return 0
