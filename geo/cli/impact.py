"""``eezcheck impact``: a landing point from what is reported, and how likely it is inside the EEZ.

Three forms:

* ``eezcheck impact --from SITE|LAT,LON --bearing B --range KM [--range-sd KM] [--bearing-sd DEG]``
* ``eezcheck impact --text "about 250 km west of Okushiri Island"`` (or Japanese, "奥尻島の西約250km")
* ``eezcheck impact --batch LAUNCHES.csv [-o OUT.csv]`` — one estimate per row; columns ``text``
  or ``launch`` (name or "LAT,LON") + ``bearing`` + ``range_km`` [+ ``range_sd_km``,
  ``bearing_sd_deg``], or ``lat`` + ``lon``. Bad rows are kept with an ``error`` column and the
  exit code is 2, as in ``eezcheck batch``.
"""

from __future__ import annotations

import argparse
import sys

from geo.cli import add_common_options


def register(sub) -> None:
    p = sub.add_parser(
        "impact",
        help="landing point from a reported launch/bearing/range or statement, with P(inside EEZ)",
        description="Estimate a landing point from what is reported — a launch site with bearing and range, or a "
        "statement such as 'about 250 km west of Okushiri Island' / '奥尻島の西約250km' — and the probability, "
        "by seeded Monte Carlo over the stated uncertainty, that it lies inside the target's EEZ.",
        epilog="Uncertainty from wording: 'about D' → σ = max(5% of D, half the rounding unit); 'A–B' → uniform; "
        "a compass word → its 16-point sector (±11.25°); the reference place's size (gazetteer radius). "
        "Calls: inside if p ≥ --inside-threshold, outside if p ≤ --outside-threshold, else 'too close to call'.",
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", metavar='"…"', help="a reported position, English or Japanese")
    src.add_argument("--batch", metavar="LAUNCHES.csv", help="a CSV of launches, one estimate per row: columns 'text', or 'launch','bearing','range_km' "
        "[,'range_sd_km','bearing_sd_deg'], or 'lat','lon'")
    src.add_argument("--bearing", metavar="B", help="with --from and --range: degrees from north or a compass point (E, ENE, 東北東)")
    p.add_argument("--from", dest="launch", metavar="SITE|LAT,LON", help="launch site (gazetteer name, e.g. Sunan) or LAT,LON")
    p.add_argument("--range", dest="range_km", metavar="KM", help="ground range in km (e.g. 700, or 200-250)")
    p.add_argument("--range-sd", dest="range_sd", type=float, default=0.0, metavar="KM", help="standard deviation of the range (km)")
    p.add_argument("--bearing-sd", dest="bearing_sd", type=float, default=0.0, metavar="DEG", help="standard deviation of the bearing (degrees)")
    p.add_argument("--samples", type=int, default=20_000, metavar="N", help="Monte Carlo samples (default 20000)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0; same seed, same answer)")
    p.add_argument("--inside-threshold", type=float, default=0.9, metavar="P", help="call 'inside' at p ≥ P (default 0.9)")
    p.add_argument("--outside-threshold", type=float, default=0.1, metavar="P", help="call 'outside' at p ≤ P (default 0.1)")
    p.add_argument("-o", "--output", metavar="OUT", default=None, help="with --batch: OUT.csv|.geojson|.parquet|.gpkg (default CSV on stdout)")
    add_common_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from geo.zones.catalog import resolve_zones
    from geo.errors import InputError

    zones = resolve_zones(args.zones)
    opts = dict(
        samples=args.samples,
        seed=args.seed,
        target=args.target,
        zones=zones,
        inside_threshold=args.inside_threshold,
        outside_threshold=args.outside_threshold,
    )
    if args.batch:
        if args.bearing or args.range_km:
            raise InputError("--batch takes launches from the file; drop --bearing/--range")
        return _run_batch(args, opts)
    from geo.reports.landing import estimate_impact

    if args.text is not None:
        if args.range_km is not None:
            raise InputError("--range goes with --from and --bearing, not with --text (the text gives the distance)")
        est = estimate_impact(args.text, launch=args.launch, range_sd_km=args.range_sd, bearing_sd_deg=args.bearing_sd, **opts)
    else:
        if not args.launch or args.range_km is None:
            raise InputError("--bearing needs --from SITE|LAT,LON and --range KM (e.g. --from Sunan --bearing E --range 700)")
        est = estimate_impact(
            launch=args.launch,
            bearing=args.bearing,
            range_km=args.range_km,
            range_sd_km=args.range_sd,
            bearing_sd_deg=args.bearing_sd,
            **opts,
        )
    _emit(args, [est])
    if args.map:
        _save_map(args, [est])
    return 0


def _emit(args, estimates) -> None:
    from geo.cli._output import print_json

    if args.json:
        print_json(estimates[0].to_dict() if len(estimates) == 1 else [e.to_dict() for e in estimates])
    else:
        print("\n\n".join(e.summary() for e in estimates))


def _results_frame(estimates):
    import geopandas as gpd
    import pandas as pd

    from geo.classify import RESULT_COLUMNS

    rows = [{k: v for k, v in e.result.to_dict().items()} for e in estimates]
    df = pd.DataFrame(rows, columns=[c for c in RESULT_COLUMNS if c != "error"])
    df["sovereigns"] = [";".join(r["sovereigns"]) for r in rows]
    df["error"] = None
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"], crs="EPSG:4326"), crs="EPSG:4326")


def _save_map(args, estimates) -> None:
    from geo.zones.catalog import resolve_zones
    from geo.cli._output import save_map

    save_map(_results_frame(estimates), args.map, impacts=list(estimates), zones=resolve_zones(args.zones), target=args.target)


# ---------------------------------------------------------------------------------- batch

_OUT_FIELDS = (
    "landing_lat",
    "landing_lon",
    "p_in_target_eez",
    "p_stderr",
    "call",
    "description",
    "description_ja",
    "n_samples",
    "launch_name",
    "launch_lat",
    "launch_lon",
    "bearing_deg",
    "range_km",
    "uncertainty",
    "overflies_target",
    "eez_status",
    "zone_type",
    "zone_name",
    "sovereigns",
    "distance_to_target_eez_km",
    "data_source",
)


def _cell(row, name):
    v = row.get(name)
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def estimate_row(row: dict, opts: dict):
    """One CSV row → ImpactEstimate (raises InputError for a bad row)."""
    from geo.errors import InputError
    from geo.reports.landing import estimate_impact

    text = _cell(row, "text")
    launch = _cell(row, "launch") or _cell(row, "launch_site")
    bearing = _cell(row, "bearing")
    range_km = _cell(row, "range_km") or _cell(row, "range")
    lat, lon = _cell(row, "lat"), _cell(row, "lon")
    extra = dict(
        range_sd_km=_cell(row, "range_sd_km") or 0.0,
        bearing_sd_deg=_cell(row, "bearing_sd_deg") or 0.0,
    )
    if text:
        return estimate_impact(text, launch=launch, **extra, **opts)
    if bearing or range_km:
        return estimate_impact(launch=launch, bearing=bearing, range_km=range_km, **extra, **opts)
    if lat is not None or lon is not None:
        return estimate_impact(lat=lat, lon=lon, launch=launch, **opts)
    raise InputError("row has no 'text', no 'launch'+'bearing'+'range_km' and no 'lat'+'lon'")


def _run_batch(args, opts) -> int:
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from geo.cli._output import print_json, table_format, write_table
    from geo.cli.batch import read_points
    from geo.errors import EEZCheckError, InputError

    if args.output:
        table_format(args.output)
    df = read_points(args.batch)
    known = {"text", "launch", "launch_site", "bearing", "range_km", "range", "range_sd_km", "bearing_sd_deg", "lat", "lon"}
    if not known & set(map(str, df.columns)):
        raise InputError(
            f"{args.batch}: no usable column; expected 'text', or 'launch','bearing','range_km', or 'lat','lon' "
            f"(columns are: {', '.join(map(str, df.columns))})"
        )
    out_rows, estimates, errors = [], [], []
    for i, row in enumerate(df.to_dict(orient="records"), start=1):
        try:
            est = estimate_row(row, opts)
        except InputError as exc:
            errors.append((i, str(exc)))
            out_rows.append({**row, **{k: None for k in _OUT_FIELDS}, "error": str(exc)})
            continue
        except EEZCheckError:
            raise  # zone data problems concern every row: stop
        estimates.append(est)
        d = est.to_dict()
        out = {**row}
        for k in _OUT_FIELDS:
            v = d.get(k)
            out[k] = ";".join(v) if isinstance(v, list) else v
        out["error"] = None
        out_rows.append(out)
    res = pd.DataFrame(out_rows)
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
        print_json(res.replace({np.nan: None}).to_dict(orient="records"))
    else:
        res.to_csv(sys.stdout, index=False)
    counts = res.loc[res["error"].isna(), "call"].value_counts().to_dict()
    print(
        f"eezcheck: {len(res)} rows; " + (", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no valid rows"),
        file=sys.stderr,
    )
    if args.map and estimates:
        _save_map(args, estimates)
    if errors:
        from geo.cli._output import report_bad_rows

        return report_bad_rows(errors, len(errors))
    return 0
