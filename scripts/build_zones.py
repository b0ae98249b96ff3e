#!/usr/bin/env python3
"""Build the bundled maritime zones in ``shapefiles/`` from open coastline data.

    python scripts/build_zones.py                          # Japan, full build (~1.5-4 min on 2 cores)
    python scripts/build_zones.py --quick --out /tmp/zz    # 5 km baseline spacing, development only
    python scripts/build_zones.py --target JPN --region 120,20,150,46 --out /tmp/zz

The target's facts (region, main islands, output name, its tables of islands, disputed features,
extra baseline points and internal waters) are in ``scripts/data/targets/<ISO3>.json``; the
method and its error budget are described in ``scripts/zonebuild/__init__.py`` and
``shapefiles/README.md``.

Input: the OpenStreetMap-derived npm package ``@geo-maps/countries-land-100m`` (ODbL 1.0),
fetched with ``npm pack`` into a cache folder outside the repository
(``$EEZCHECK_BUILD_CACHE`` or ``~/.cache/eezcheck-build``) and checked against a pinned sha256.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from zonebuild.build import MAX_SPACING_KM, build  # noqa: E402
from zonebuild.common import OUT_DIR, ROOT, log  # noqa: E402
from zonebuild.output import install  # noqa: E402
from zonebuild.source import SOURCE, fetch_source, load_land  # noqa: E402,F401  (build_sea_areas)
from zonebuild.target import DEFAULT_TARGET, load_target, parse_region  # noqa: E402

QUICK_SPACING_KM = 5.0
#: The default target's region (used by build_sea_areas.py).
REGION = load_target(DEFAULT_TARGET).region


def parse_args(argv=None) -> argparse.Namespace:
    """Options; a bad target, region or --quick without --out exits 2 with a message."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", default=DEFAULT_TARGET, metavar="ISO3",
                    help=f"target state, a file scripts/data/targets/ISO3.json (default {DEFAULT_TARGET})")
    ap.add_argument("--region", default=None, metavar="W,S,E,N",
                    help="output region in degrees (default: the target's)")
    ap.add_argument("--quick", action="store_true", help="5 km baseline spacing (development only)")
    ap.add_argument("--out", type=Path, default=None, help="write here instead of shapefiles/")
    ap.add_argument("--simplify", action="store_true", help="coverage-simplify the output (experimental)")
    args = ap.parse_args(argv)
    if args.quick and not args.out:
        ap.error("--quick output is for development: give --out DIR (shapefiles/ keeps the full build)")
    try:
        region = parse_region(args.region) if args.region else None
        args.target = load_target(args.target, region)
    except ValueError as exc:
        ap.error(str(exc))
    return args


def main(argv=None) -> int:
    """Build into a temporary folder, then move the files into place; a failure leaves the
    previous files untouched."""
    args = parse_args(argv)
    spacing = QUICK_SPACING_KM if args.quick else MAX_SPACING_KM
    tmp = Path(tempfile.mkdtemp(prefix=".zones-build-", dir=ROOT))
    try:
        stats = build(args.target, spacing, tmp, simplify=args.simplify,
                      previous_readme=OUT_DIR / args.target.readme)
        install(tmp, args.out or OUT_DIR)
        log(f"done in {stats['seconds']} s, {stats['samples']} baseline samples")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
