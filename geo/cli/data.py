"""``eezcheck data download|list|use|path``: get, list and choose zone data.

Data (tables, JSON, paths) goes to stdout; the progress bar and diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import sys

from geo._files import cache_dir, read_sidecar
from geo.cli._output import print_json
from geo.zones import catalog


def register(sub) -> None:
    p = sub.add_parser(
        "data",
        help="download, list and choose zone data (Marine Regions)",
        description="Download the public Marine Regions zone layers (CC BY 4.0, Flanders Marine Institute), "
        "list the zone data available, and choose the default.",
    )
    dsub = p.add_subparsers(dest="data_command", metavar="ACTION")
    dsub.required = True

    d = dsub.add_parser(
        "download",
        help="fetch Marine Regions layers from its public WFS into the cache",
        description="Fetch Marine Regions layers (GeoJSON, WGS 84 longitude/latitude) for a region from the public "
        "WFS into the user cache, with a JSON sidecar recording SHA-256, date, query and attribution. "
        "On any failure nothing is written. Environment: EEZCHECK_WFS_URL, EEZCHECK_CACHE_DIR.",
    )
    d.add_argument("--layers", default="eez,eez_12nm,eez_24nm", help="comma-separated: eez, eez_12nm, eez_24nm (default: all three)")
    d.add_argument("--bbox", default=None, metavar="W,S,E,N", help="region in degrees (default 110,10,170,55: every zone that can meet Japan's)")
    d.add_argument("--url", default=None, help="WFS endpoint (default: $EEZCHECK_WFS_URL or the Marine Regions server)")
    d.add_argument("--force", action="store_true", help="download again even if the layer is already in the cache")
    d.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="give up after this long without data (default 120)")
    d.add_argument(
        "--deadline", type=float, default=None, metavar="SECONDS", help="give up on a request after this long in all, retries included (default 4 x --timeout)"
    )
    d.add_argument("--retries", type=int, default=None, metavar="N", help="retries on connection errors and HTTP 429/5xx (default 3)")
    d.add_argument("--page-size", type=int, default=None, metavar="N", help="features per request (default 50)")
    d.add_argument("--max-page-mb", type=float, default=None, metavar="MB", help="refuse a response larger than this after decompression (default 512)")
    d.add_argument("--edition", default=None, help="record this Marine Regions edition (e.g. 12) instead of the assumed one")
    d.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    d.set_defaults(func=run_download)

    ls = dsub.add_parser("list", help="list the zone data sets available", description="List the bundled, downloaded and chosen zone data.")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument("--zones", action="append", default=[], metavar="PATH", help="also describe this zone file (repeatable)")
    ls.set_defaults(func=run_list)

    u = dsub.add_parser(
        "use",
        help="choose the default zone data",
        description="Make NAME (bundled, marineregions, marineregions:eez, …) or PATH the zone data used when "
        "--zones is not given. The data is loaded now, so a choice that cannot be used is refused here. "
        "'eezcheck data use bundled' also repairs a damaged settings file.",
        epilog="Exit codes: 0 saved; 2 NAME|PATH is empty, a directory or not zone data; 3 the data set is not "
        "downloaded or the file does not exist; 1 the settings cannot be saved (the cache directory is not writable: "
        "set EEZCHECK_CACHE_DIR).",
    )
    u.add_argument("name", metavar="NAME|PATH")
    u.set_defaults(func=run_use)

    pa = dsub.add_parser("path", help="print where downloads and settings are kept", description="Print the cache directory.")
    pa.set_defaults(func=run_path)


def run_download(args: argparse.Namespace) -> int:
    from geo.zones import download as dl

    layers = dl.parse_layers(args.layers)
    bbox = dl.parse_bbox(args.bbox) if args.bbox else dl.DEFAULT_BBOX
    given = {"timeout": args.timeout, "deadline": args.deadline, "retries": args.retries, "page_size": args.page_size, "max_page_mb": args.max_page_mb}
    options = {k: v for k, v in given.items() if v is not None}
    dl.check_options(**options)  # a bad value exits 2 before any request
    kwargs = {"bbox": bbox, "url": args.url, "quiet": args.quiet or not sys.stderr.isatty(), "edition": args.edition, **options}
    return _download_layers(layers, bbox, args, kwargs)


def _download_layers(layers, bbox, args, kwargs) -> int:
    from geo.zones import download as dl

    url = dl.wfs_url(args.url)
    done = 0
    for layer in layers:
        path = dl.layer_path(layer)
        if path.exists() and not args.force:
            had = _saved_bbox(path)
            if had is not None and had != bbox:
                print(
                    f"eezcheck: {layer}: already downloaded for bbox {','.join(f'{v:g}' for v in had)} ({path}); "
                    f"use --force to replace it with {','.join(f'{v:g}' for v in bbox)}",
                    file=sys.stderr,
                )
            else:
                print(f"eezcheck: {layer}: already downloaded ({path}); use --force to fetch it again", file=sys.stderr)
            print(path)
            continue
        print(f"eezcheck: {layer}: fetching {dl.LAYERS[layer]} for {','.join(f'{v:g}' for v in bbox)} from {url}", file=sys.stderr)
        r = dl.download_layer(layer, **kwargs)
        if r.path is None:
            print(f"eezcheck: {layer}: no features in that region; nothing saved", file=sys.stderr)
            continue
        done += 1
        fixed = " (the server sent latitude/longitude; axes swapped back)" if r.metadata.get("axis_order_fixed") else ""
        print(
            f"eezcheck: {layer}: {r.feature_count} features in {r.pages} request(s), sha256 {r.sha256[:12]}…{fixed}",
            file=sys.stderr,
        )
        print(r.path)
    if done:
        print(
            "eezcheck: use it with --zones marineregions, or make it the default with 'eezcheck data use marineregions'. "
            "Data: Flanders Marine Institute, marineregions.org, CC BY 4.0.",
            file=sys.stderr,
        )
    return 0


def _saved_bbox(path):
    try:
        b = read_sidecar(path).get("bbox")
        return tuple(float(v) for v in b) if b else None
    except (ValueError, TypeError):
        return None


def run_list(args: argparse.Namespace) -> int:
    infos = catalog.list_datasets(extra=args.zones)
    if args.json:
        print_json([i.to_dict() for i in infos])
        return 0
    # EDITION is the data's own (its date where it has one); RETRIEVED the day a download was
    # fetched. A file's date on disk says neither, and is not shown.
    header = ("", "NAME", "EDITION", "RETRIEVED", "FEATURES", "LICENCE", "PATH")
    rows = [header]
    for i in infos:
        rows.append(
            (
                "*" if i.default else "",
                i.name if i.kind != "file" else "(file)",
                i.edition if i.available else "(missing)",
                i.retrieved or "-",
                "" if i.feature_count is None else str(i.feature_count),
                i.licence,
                i.path,
            )
        )
    widths = [max(len(r[k]) for r in rows) for k in range(len(header) - 1)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r[:-1], widths)) + "  " + r[-1])
    print("eezcheck: * = default (change it with 'eezcheck data use NAME|PATH')", file=sys.stderr)
    return 0


def run_use(args: argparse.Namespace) -> int:
    stored = catalog.use(args.name)
    print(stored)
    print(f"eezcheck: default zone data is now {stored} (saved in {catalog.settings_path()})", file=sys.stderr)
    return 0


def run_path(args: argparse.Namespace) -> int:
    print(cache_dir())
    return 0
