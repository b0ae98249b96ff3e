"""Size and browser load time of the default map of one impact (targets: ≤ 3 MB, ≤ 2 s).

    python benchmarks/bench_maps.py [--zones PATH] [--runs N] [--assets DIR]

Builds the map ``eezcheck impact ... --map`` draws for one estimated impact (launch site,
ground track, uncertainty region, every zone layer; online, the land under the tiles), prints
its size online and offline, then opens it in headless Chromium (/usr/bin/chromium, Playwright)
N times and prints the time from navigation to the zones and the impact marker being in the
DOM. The online page's CDN URLs are served from the npm copies in tests/js/node_modules
(``npm ci --prefix tests/js``); tiles get an empty PNG. The offline page inlines what
``--assets DIR`` names, else what eezcheck finds by itself (the ``offline`` extra first).
Zone data: ``--zones``, else the bundled zones, else the Marine Regions v10 test extract.
"""

from __future__ import annotations

import argparse
import statistics
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MR_V10 = ROOT.parent / "shared" / "data" / "marineregions" / "eez_v10_s05" / "eez_s05.shp"
CHROMIUM = "/usr/bin/chromium"


def _png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 5))
        + chunk(b"IEND", b"")
    )


def _zones(arg):
    from geo.zones import bundled_path, load_zones

    if arg:
        return load_zones(arg), str(arg)
    if bundled_path().exists():
        return load_zones(None), f"bundled ({bundled_path()})"
    return load_zones(MR_V10), f"Marine Regions v10 extract ({MR_V10}) — bundled zones not built"


def _load_times(path: Path, runs: int, cdn_copies, offline: bool) -> list[float]:
    from playwright.sync_api import sync_playwright

    png = _png()
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        for _ in range(runs):
            ctx = browser.new_context(viewport={"width": 1280, "height": 860})
            page = ctx.new_page()

            def route(r):
                url = r.request.url
                if url.startswith(("file:", "data:")):
                    return r.continue_()
                p = None if offline else cdn_copies.file_for(url)
                if p is not None and p.is_file():
                    return r.fulfill(path=str(p))
                if r.request.resource_type == "image":
                    return r.fulfill(status=200, content_type="image/png", body=png)
                return r.abort()

            page.route("**/*", route)
            t = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function(
                "document.querySelectorAll('path.eezcheck-zone').length > 0 && "
                "document.querySelectorAll('path.eezcheck-impact').length > 0 && "
                "document.querySelector('.eezcheck-legend') !== null"
            )
            times.append(time.perf_counter() - t)
            ctx.close()
        browser.close()
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zones", default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--assets", default=None, help="the offline page's files (default: found by eezcheck)")
    args = ap.parse_args()

    from geo import maps
    from geo.classify import check_points
    from geo.reports.landing import estimate_impact

    zones, label = _zones(args.zones)
    print(f"zones: {label}")
    est = estimate_impact(launch="Sunan", bearing=80, range_km=900, range_sd_km=50, bearing_sd_deg=2, zones=zones)
    print(f"impact: {est.landing_lat:.3f}N {est.landing_lon:.3f}E, call {est.call}, p = {est.p_in_target_eez:.3f}, "
          f"{len(est.samples_lat) if est.samples_lat is not None else 0} samples")
    results = check_points(lat=[est.landing_lat], lon=[est.landing_lon], zones=zones)

    out = Path(tempfile.mkdtemp(prefix="bench_maps_"))
    maps.result_map(results, zones=zones, impacts=[est])  # warm-up: imports, zone index
    t = time.perf_counter()
    m = maps.result_map(results, zones=zones, impacts=[est])
    build = time.perf_counter() - t
    online = maps.save(m, out / "online.html")
    size = online.stat().st_size
    print(f"build + render: {build:.2f} s (Python)")
    print(f"online map: {size / 1e6:.2f} MB ({size:,} bytes; target ≤ 3 MB: {'OK' if size <= 3 * 1024 * 1024 else 'OVER'})")
    try:
        found = maps.find_assets(args.assets)
        cdn_copies = maps.find_assets(ROOT / "tests" / "js")
    except maps.MapAssetsError as exc:
        print(f"offline map / browser timing skipped: {exc}")
        return 0
    offline = maps.save(maps.result_map(results, zones=zones, impacts=[est], offline=True, assets_dir=args.assets), out / "offline.html")
    print(f"offline map: {offline.stat().st_size / 1e6:.2f} MB (self-contained, land layer, no tiles; Leaflet from "
          f"{found.origin}{', plugins from npm' if found.plugins else ', no plugins'})")
    for name, path, off in (("online", online, False), ("offline", offline, True)):
        times = _load_times(path, args.runs, cdn_copies, off)
        med = statistics.median(times)
        print(
            f"load in headless Chromium ({name}, {args.runs} runs): median {med:.2f} s, max {max(times):.2f} s "
            f"(target ≤ 2 s: {'OK' if max(times) <= 2 else 'OVER'})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
