"""``eezcheck impact``: a landing point from what is reported, and how likely it is inside the EEZ.

Three forms:

* ``eezcheck impact --from SITE|LAT,LON --bearing B --range R [--range-sd KM] [--bearing-sd DEG]``
* ``eezcheck impact --text "about 250 km west of Okushiri Island"`` (or Japanese, "奥尻島の西約250km")
* ``eezcheck impact --batch LAUNCHES.csv [-o OUT.csv]`` — one estimate per row; columns ``text``
  or ``launch`` (name or "LAT,LON") + ``bearing`` + ``range_km`` [+ ``range_sd_km``,
  ``bearing_sd_deg``], or ``lat`` + ``lon``. Bad rows are kept with an ``error`` column and the
  exit code is 2, as in ``eezcheck batch``. Every input column comes out unchanged; the
  estimate's own columns (``nominal_range_km``, ``nominal_bearing_deg``, ``call`` …) are added
  beside them, and an input column named like one of them is refused rather than replaced.

``--bearing`` and ``--range`` (and the batch columns) are read by the same functions as report
text (:mod:`geo.reports.bearings`, :mod:`geo.reports.distances`: the wording model checked on
past statements, :mod:`geo.reports.wording`), and a bare number's spread is always stated in the
output: ``--bearing 90`` is 90° ± 5° (uniform) unless ``--bearing-sd`` is given; ``--range 700``
shows a 100 km rounding step, Uniform(650, 750) km + Normal σ 1 % of 700 = 7 km, unless
``--range-sd`` is given.
"""

from __future__ import annotations

import argparse
import sys

from geo.cli import add_common_options
from geo.cli._output import check_output, print_json, report_bad_rows, save_map, table_format, write_table
from geo.cli.map_options import map_options
from geo.errors import EEZCheckError, InputError
from geo.inputs import read_points
from geo.reports.landing import estimate_impact
from geo.results import json_record
from geo.reports.sampler import DEFAULT_SAMPLES, MAX_SAMPLES, check_samples, check_seed
from geo.zones.catalog import resolve_zones


def register(sub) -> None:
    p = sub.add_parser(
        "impact",
        help="landing point from a reported launch/bearing/range or statement, with P(inside EEZ)",
        description="Estimate a landing point from what is reported — a launch site with bearing and range, or a "
        "statement such as 'about 250 km west of Okushiri Island' / '奥尻島の西約250km' — and the probability, "
        "by seeded Monte Carlo over the stated uncertainty, that it lies inside the target's EEZ.",
        epilog="Uncertainty from wording (the model checked on past statements, geo.reports.wording): a distance D → "
        "uniform over its rounding step (the largest of 100, 50, 10, 5 dividing it: 'about 250' → 225-275) + Normal "
        "σ 3% of D when hedged, 1% when bare; 'A-B' or 'D±h' → uniform + that noise; an 8-point compass word (E, "
        "west, 西) → ±22.5°, a 16-point-only word (ENE, 西北西) → ±11.25°; a bare bearing in degrees → ±5° unless "
        "--bearing-sd is given; the reference place's size (gazetteer radius); a large reference (the Korean "
        "Peninsula, Aomori Prefecture) measured from its coast. Every spread "
        "is printed on the 'uncertainty' line. Calls: inside if p's 95 % sampling interval is ≥ "
        "--inside-threshold, outside if it is ≤ --outside-threshold, else 'too close to call'. Exit codes: 0 ok, 2 bad input (a bad option value such "
        "as --seed -1 or --samples 1e8, or bad rows — after the full output is written), 3 zone data problem.",
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", metavar='"…"', help="a reported position, English or Japanese")
    src.add_argument("--batch", metavar="LAUNCHES.csv", help="a CSV of launches, one estimate per row: columns 'text', or "
        "'launch','bearing','range_km' [,'range_sd_km','bearing_sd_deg'], or 'lat','lon'")
    src.add_argument("--bearing", metavar="B", help="with --from and --range: degrees from north (90: ±5° unless "
        "--bearing-sd), a compass point (E: ±22.5°; ENE, 東北東: ±11.25°), a sector (60-120, 'E to ENE', "
        "東から東北東) or centre±half-width (E±30, E+-30)")
    p.add_argument("--from", dest="launch", metavar="SITE|LAT,LON", help="launch site (gazetteer name, e.g. Sunan) or LAT,LON")
    p.add_argument("--range", dest="range_km", metavar="R", help="ground range in km: 700, 'about 700', ~700, 約700, "
        "700±50, 700+-50, 450-700, '100 NM'")
    p.add_argument("--range-sd", dest="range_sd", default=None, metavar="KM",
                   help="σ of the range (km), replacing the one its wording implies (0: exact)")
    p.add_argument("--bearing-sd", dest="bearing_sd", default=None, metavar="DEG",
                   help="σ of the bearing (degrees): replaces a bare number's ±5°, adds to a sector (0: exact number)")
    p.add_argument("--samples", default=str(DEFAULT_SAMPLES), metavar="N",
                   help=f"Monte Carlo samples (default {DEFAULT_SAMPLES}, at most {MAX_SAMPLES:,})")
    p.add_argument("--seed", default="0", metavar="S", help="random seed, a whole number ≥ 0 (default 0; same seed, same answer)")
    p.add_argument("--inside-threshold", type=float, default=0.9, metavar="P", help="call 'inside' when p's 95 %% sampling interval is ≥ P (default 0.9)")
    p.add_argument("--outside-threshold", type=float, default=0.1, metavar="P", help="call 'outside' when p's 95 %% sampling interval is ≤ P (default 0.1)")
    p.add_argument("-o", "--output", metavar="OUT", default=None, help="with --batch: OUT.csv|.geojson|.parquet|.gpkg (default CSV on stdout)")
    add_common_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    map_options(args)  # checked before the work
    # Checked once, before any work: a bad --seed is the command's error, not every row's.
    opts = dict(
        samples=check_samples(args.samples),
        seed=check_seed(args.seed),
        target=args.target,
        zones=resolve_zones(args.zones),
        inside_threshold=args.inside_threshold,
        outside_threshold=args.outside_threshold,
    )
    if args.batch:
        if args.bearing or args.range_km:
            raise InputError("--batch takes launches from the file; drop --bearing/--range")
        return _run_batch(args, opts)
    if args.output:
        raise InputError("-o/--output goes with --batch; for one estimate use --json (and redirect it)")
    spreads = dict(range_sd_km=args.range_sd, bearing_sd_deg=args.bearing_sd)
    if args.text is not None:
        if args.range_km is not None:
            raise InputError("--range goes with --from and --bearing, not with --text (the text gives the distance)")
        est = estimate_impact(args.text, launch=args.launch, **spreads, **opts)
    else:
        if not args.launch or args.range_km is None:
            raise InputError("--bearing needs --from SITE|LAT,LON and --range KM (e.g. --from Sunan --bearing E --range 700)")
        est = estimate_impact(launch=args.launch, bearing=args.bearing, range_km=args.range_km, **spreads, **opts)
    if args.json:
        print_json(est.to_dict())
    else:
        print(est.summary())
    if args.map:
        _save_map(args, [est], opts["zones"])
    return 0


def _results_frame(estimates):
    import geopandas as gpd  # lazy: heavy, and only needed for --map
    import pandas as pd

    from geo.classify import RESULT_COLUMNS

    rows = [dict(e.result.to_dict()) for e in estimates]
    df = pd.DataFrame(rows, columns=[c for c in RESULT_COLUMNS if c != "error"])
    df["sovereigns"] = [";".join(r["sovereigns"]) for r in rows]
    df["error"] = None
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"], crs="EPSG:4326"), crs="EPSG:4326")


def _save_map(args, estimates, zones) -> None:
    save_map(_results_frame(estimates), args.map, impacts=list(estimates), zones=zones, target=args.target,
             **map_options(args))


# ---------------------------------------------------------------------------------- batch

#: Output column ← ImpactEstimate.to_dict() key. Estimates of an input quantity are "nominal_…",
#: so they never take the place of the input's own range_km or bearing.
OUT_COLUMNS = {
    "landing_lat": "landing_lat",
    "landing_lon": "landing_lon",
    "p_in_target_eez": "p_in_target_eez",
    "p_stderr": "p_stderr",
    "call": "call",
    "description": "description",
    "description_ja": "description_ja",
    "n_samples": "n_samples",
    "launch_name": "launch_name",
    "launch_lat": "launch_lat",
    "launch_lon": "launch_lon",
    "nominal_bearing_deg": "bearing_deg",
    "nominal_range_km": "range_km",
    "uncertainty": "uncertainty",
    "overflies_target": "overflies_target",
    "eez_status": "eez_status",
    "zone_type": "zone_type",
    "zone_name": "zone_name",
    "sovereigns": "sovereigns",
    "distance_to_target_eez_km": "distance_to_target_eez_km",
    "data_source": "data_source",
    "error": None,
}
#: Input columns a row's estimate is read from.
INPUT_COLUMNS = ("text", "launch", "launch_site", "bearing", "range_km", "range", "range_sd_km", "bearing_sd_deg", "lat", "lon")


def _cell(row, name):
    v = row.get(name)
    if v is None or (isinstance(v, float) and v != v):  # missing, or NaN from a typed table
        return None
    s = str(v).strip()
    return s or None


def estimate_row(row: dict, opts: dict):
    """One input row → its :class:`~geo.reports.landing.ImpactEstimate`.

    Parameters
    ----------
    row : dict
        Column → cell (text as read from a CSV, or typed values from a GeoPackage/Parquet).
    opts : dict
        ``estimate_impact`` keyword arguments shared by every row (samples, seed, target, zones …).

    Returns
    -------
    ImpactEstimate

    Raises
    ------
    InputError
        The row cannot be estimated (its message goes in the row's ``error`` column).

    Examples
    --------
    >>> estimate_row({"launch": "Wonsan", "bearing": "E", "range_km": "about 700"}, {"samples": 500}).call
    'too close to call'
    """
    text = _cell(row, "text")
    launch = _cell(row, "launch") or _cell(row, "launch_site")
    bearing = _cell(row, "bearing")
    range_km = _cell(row, "range_km") or _cell(row, "range")
    lat, lon = _cell(row, "lat"), _cell(row, "lon")
    spreads = dict(range_sd_km=_cell(row, "range_sd_km"), bearing_sd_deg=_cell(row, "bearing_sd_deg"))
    if text:
        return estimate_impact(text, launch=launch, **spreads, **opts)
    if bearing or range_km:
        return estimate_impact(launch=launch, bearing=bearing, range_km=range_km, **spreads, **opts)
    if lat is not None or lon is not None:
        return estimate_impact(lat=lat, lon=lon, launch=launch, **opts)
    raise InputError("row has no 'text', no 'launch'+'bearing'+'range_km' and no 'lat'+'lon'")


def _check_columns(df, path) -> None:
    """The input must hold something to estimate from, and no column an estimate would replace."""
    columns = set(map(str, df.columns))
    if not set(INPUT_COLUMNS) & columns:
        raise InputError(
            f"{path}: no usable column; expected 'text', or 'launch','bearing','range_km', or 'lat','lon' "
            f"(columns are: {', '.join(map(str, df.columns))})"
        )
    if {"p_in_target_eez", "data_source"} <= columns:
        return  # an estimates table estimated again: its estimate columns are simply recomputed
    clash = sorted(columns & set(OUT_COLUMNS))
    if clash:
        raise InputError(
            f"{path}: column(s) {', '.join(map(repr, clash))} are named like estimate columns, which would replace "
            "them; rename them"
        )


def _estimate_rows(df, opts):
    """(output rows, estimates, bad rows as (1-based row, message)) for every input row, in order."""
    out_rows, estimates, errors = [], [], []
    for i, row in enumerate(df.to_dict(orient="records"), start=1):
        try:
            est = estimate_row(row, opts)
        except InputError as exc:
            errors.append((i, str(exc)))
            out_rows.append({**row, **{k: None for k in OUT_COLUMNS}, "error": str(exc)})
            continue
        except EEZCheckError:
            raise  # zone data problems concern every row: stop
        estimates.append(est)
        d = est.to_dict()
        out = {**row}
        for col, key in OUT_COLUMNS.items():
            v = d.get(key) if key else None
            out[col] = ";".join(v) if isinstance(v, (list, tuple)) else v
        out_rows.append(out)
    return out_rows, estimates, errors


def _run_batch(args, opts) -> int:
    import geopandas as gpd  # lazy: heavy
    import numpy as np
    import pandas as pd

    if args.output:
        table_format(args.output)
        check_output(args.output)
    df = read_points(args.batch)
    _check_columns(df, args.batch)
    if "geometry" in df.columns:  # a GeoJSON/GeoPackage of launches: its geometry stays as a column of its own
        df = pd.DataFrame(df).rename(columns={"geometry": "input_geometry"})
        df["input_geometry"] = df["input_geometry"].map(lambda g: None if g is None else g.wkt)
    out_rows, estimates, errors = _estimate_rows(df, opts)
    res = pd.DataFrame(out_rows, columns=[*map(str, df.columns), *[c for c in OUT_COLUMNS if c not in df.columns]])
    # Bad rows leave holes; keep counts as integers and flags as booleans, not floats.
    res["n_samples"] = pd.array(res["n_samples"], dtype="Int64")
    res["overflies_target"] = pd.array(res["overflies_target"], dtype="boolean")
    lat = pd.to_numeric(res["landing_lat"], errors="coerce")
    lon = pd.to_numeric(res["landing_lon"], errors="coerce")
    gdf = gpd.GeoDataFrame(res, geometry=gpd.points_from_xy(lon, lat, crs="EPSG:4326"), crs="EPSG:4326")
    if args.output:
        write_table(gdf, args.output)
        print(f"eezcheck: {len(gdf)} rows written to {args.output}", file=sys.stderr)
    elif args.json:
        print_json([json_record(r) for r in res.replace({np.nan: None}).to_dict(orient="records")])
    else:
        res.to_csv(sys.stdout, index=False)
    counts = res.loc[res["error"].isna(), "call"].value_counts().to_dict()
    print(
        f"eezcheck: {len(res)} rows; " + (", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no valid rows"),
        file=sys.stderr,
    )
    if args.map and estimates:
        _save_map(args, estimates, opts["zones"])
    if errors:
        return report_bad_rows(errors, len(errors))
    return 0
