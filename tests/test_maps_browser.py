"""The maps in a real browser: Debian's Chromium driven by Playwright, with no internet.

The page's CDN URLs are routed to the same library versions installed from npm into
tests/js/node_modules (``npm ci --prefix tests/js``); map tiles get a transparent PNG; any
other request is aborted and fails the test. Missing Chromium/Playwright/node_modules fail the
tests when CI=true and skip them (with the reason) elsewhere.

``EEZCHECK_UPDATE_DOCS=1 pytest -m browser`` also refreshes docs/map.png for the README (an
offline map of the bundled zones: with no tile server here, it looks as a user sees it).
"""

from __future__ import annotations

import json
import os
import re
import struct
import zlib
from pathlib import Path

import pytest

from geo import maps
from geo.maps import elements
from geo.classify import check_points
from tests.test_maps import IN_CI, JS_DIR, PAYLOADS, ROOT, G, make_impact, sample_points

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--metrics-recording-only",
    "--mute-audio",
]
VIEWPORT = {"width": 1280, "height": 860}
TILE_URL = re.compile(r"^https?://[^/]+/\d+/\d+/\d+(@2x)?\.png$")


def _transparent_png() -> bytes:
    """A 1×1 fully transparent PNG, built here rather than stored."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1×1, 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 5)) + chunk(b"IEND", b"")


PNG = _transparent_png()


def _requirements() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright is not installed (pip install -e '.[test]')")
    try:
        maps.find_assets(JS_DIR)
    except maps.MapAssetsError:
        missing.append("tests/js/node_modules is missing or incomplete (npm ci --prefix tests/js)")
    return missing


@pytest.fixture(scope="module")
def browser():
    missing = _requirements()
    if missing:
        msg = "browser tests need: " + "; ".join(missing)
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """One page: routes the network, records console errors, dialogs and stray requests."""

    def __init__(self, browser, *, offline: bool = False, viewport=None):
        self.node_modules = JS_DIR / "node_modules"
        self.offline = offline
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.served: list[str] = []
        self.tiles: list[str] = []
        self.stray: list[str] = []
        self.context = browser.new_context(viewport=viewport or VIEWPORT, service_workers="block")
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _dialog(self, d):
        self.dialogs.append(d.message)
        d.dismiss()

    def _route(self, route):
        req = route.request
        url = req.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            return route.continue_()
        if not self.offline:
            path = maps.local_asset(url, self.node_modules)
            if path is not None and path.is_file():
                self.served.append(url)
                return route.fulfill(path=str(path))
            if req.resource_type == "image" and TILE_URL.match(url):
                self.tiles.append(url)
                return route.fulfill(status=200, content_type="image/png", body=PNG)
        self.stray.append(url)
        return route.abort()

    def open(self, path: Path):
        self.page.goto(path.as_uri(), wait_until="load")
        self.page.wait_for_function("document.querySelectorAll('path.eezcheck-zone').length > 0")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def drawn(synthetic_v10_zones, tmp_path_factory):
    """An online map of five named points (XSS payloads as names), one impact, rings and land."""
    res = check_points(sample_points(), zones=synthetic_v10_zones)
    imp = make_impact(synthetic_v10_zones)
    m = maps.result_map(res, zones=synthetic_v10_zones, impacts=[imp], range_rings_km=[500, 1000], land=True)
    path = maps.save(m, tmp_path_factory.mktemp("map") / "map.html")
    zone_layers = [c for c in m._children.values() if isinstance(c, elements.Features) and c.features and "_point" not in c.features[0]["properties"] and "eezcheck-zone" in c.features[0]["properties"]["_style"].get("className", "")]
    n_zones = sum(len(c.features) for c in zone_layers)
    return {"path": path, "results": res, "impact": imp, "n_zones": n_zones, "map": m}


def _popup_text(page) -> str:
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    return popup.inner_text()


def _close_popup(page):
    page.locator(".leaflet-popup-close-button").click()
    page.locator(".leaflet-popup").wait_for(state="detached")


def test_online_map_in_chromium(browser, drawn, tmp_path):
    v = Visit(browser)
    try:
        page = v.open(drawn["path"])
        res, imp = drawn["results"], drawn["impact"]
        # Every library came from the local npm copies; nothing else was fetched.
        assert v.stray == [], v.stray
        assert any(u.endswith("/leaflet.js") for u in v.served)
        assert len(v.served) >= 8
        # Zones, points, the impact, the launch site, lines.
        assert page.locator("path.eezcheck-zone").count() == drawn["n_zones"]
        assert page.locator("path.eezcheck-zone-overlapping-claim").count() >= 1
        assert page.locator("path.eezcheck-zone-joint-regime").count() >= 1
        assert page.locator("path.eezcheck-point.eezcheck-result").count() == len(res)
        assert page.locator("path.eezcheck-point.eezcheck-impact").count() == 1
        assert page.locator(".eezcheck-launch").count() == 1
        assert page.locator("path.eezcheck-ring").count() == 2
        assert page.locator("path.eezcheck-track").count() == 1
        assert page.locator("path.eezcheck-uncertainty").count() == 1
        # The hatch patterns are real SVG paint servers in the document.
        fill = page.locator("path.eezcheck-zone-overlapping-claim").first.get_attribute("fill")
        assert fill == "url(#eezcheck-hatch-overlap)"
        assert page.locator("pattern#eezcheck-hatch-overlap").count() == 1
        # Legend and controls are on screen.
        legend = page.locator(".eezcheck-legend")
        assert legend.is_visible()
        text = legend.inner_text()
        for verdict in maps.VERDICT_COLOURS:
            assert verdict in text
        for sel in (".leaflet-control-layers", ".leaflet-control-measure", ".leaflet-control-scale",
                    ".leaflet-control-mouseposition", ".leaflet-control-zoom-fullscreen"):
            assert page.locator(sel).count() == 1, sel
        assert page.locator(".leaflet-control-scale-line").nth(1).inner_text().endswith("NM")
        attribution = page.locator(".leaflet-control-attribution").inner_text()
        assert "Marine Regions World EEZ v10 (2018-02-21), CC BY-NC-SA 4.0" in attribution

        # Clicking each point opens its popup with its verdict; names show as text. A popup pans
        # the map to fit, so the first view is restored after each.
        name = drawn["map"].get_name()
        view = page.evaluate(f"[{name}.getCenter(), {name}.getZoom()]")
        for i, (_, row) in enumerate(res.iterrows()):
            page.locator("path.eezcheck-point.eezcheck-result").nth(i).click()
            body = _popup_text(page)
            assert row["name"] in body  # the payload, literally, as text
            assert re.search(rf"eez_status\s+{re.escape(row['eez_status'])}\b", body), body
            _close_popup(page)
            page.evaluate(f"v => {name}.setView(v[0], v[1], {{animate: false}})", view)
        page.locator("path.eezcheck-point.eezcheck-impact").click()
        body = _popup_text(page)
        assert imp.call in body.lower()
        assert f"{imp.p_in_target_eez:.2f}" in body and PAYLOADS[0] in body and PAYLOADS[1] in body
        _close_popup(page)

        # Tooltips: a shared zone names its claimants. The real mouse rests where the last click
        # left it (over some zone, whose tooltip is open), so look for the hovered zone's own.
        page.locator("path.eezcheck-zone-overlapping-claim").first.dispatch_event("mouseover")
        tip = page.locator(".leaflet-tooltip", has_text="claimants:").last
        tip.wait_for(state="visible")
        assert "claimants:" in tip.inner_text()
        page.locator("path.eezcheck-point.eezcheck-result").first.dispatch_event("mouseover")
        assert PAYLOADS[0] in page.locator(".leaflet-tooltip").last.inner_text()

        # No payload ran, nothing asked for a dialog, the console stayed clean.
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert v.dialogs == []
        assert v.errors == [], v.errors

        page.evaluate(f"v => {name}.setView(v[0], v[1], {{animate: false}})", view)
        shot = tmp_path / "map.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000
    finally:
        v.close()


def test_layer_control_hides_a_layer(browser, drawn):
    v = Visit(browser)
    try:
        page = v.open(drawn["path"])
        before = page.locator("path.eezcheck-zone-neighbour").count()
        assert before > 0
        page.locator(".leaflet-control-layers").hover()
        page.locator(".leaflet-control-layers-overlays label", has_text="Neighbours' zones").locator("input").uncheck()
        assert page.locator("path.eezcheck-zone-neighbour").count() == 0
        assert page.locator("path.eezcheck-zone-eez").count() > 0
        assert v.errors == []
    finally:
        v.close()


def test_measure_tool_reads_km_and_nautical_miles(browser, drawn):
    v = Visit(browser)
    try:
        page = v.open(drawn["path"])
        page.locator(".leaflet-control-measure").hover()
        page.locator(".leaflet-control-measure .js-start").click()
        name = drawn["map"].get_name()
        box = page.locator("#" + name).bounding_box()
        clicks = [(0.45 * box["width"], 0.3 * box["height"]), (0.75 * box["width"], 0.45 * box["height"])]
        for x, y in clicks:
            page.mouse.click(box["x"] + x, box["y"] + y)
        text = page.locator(".leaflet-control-measure .js-results").inner_text()
        km = float(re.search(r"([\d,.]+) kilometers", text, re.I).group(1).replace(",", ""))
        nm = float(re.search(r"([\d,.]+) nautical miles", text, re.I).group(1).replace(",", ""))
        assert abs(nm * 1.852 - km) <= 0.02, text  # 1 NM = 1852 m
        # The tool measures on a sphere (R = 6371 km): within 0.6 % of the WGS84 geodesic.
        ll = [page.evaluate(f"p => {name}.containerPointToLatLng(p)", [x, y]) for x, y in clicks]
        _, _, d = G.inv(ll[0]["lng"], ll[0]["lat"], ll[1]["lng"], ll[1]["lat"])
        assert abs(km * 1000 - d) <= 0.006 * d, (km, d / 1000)
        assert v.errors == []
    finally:
        v.close()


def test_a_tall_popup_fits_the_window(browser, synthetic_v10_zones, tmp_path):
    """A point with many columns: its popup scrolls inside an 800 px-high window, all of it
    reachable, instead of running off the screen."""
    import pandas as pd

    cols = {f"column {i:02d}": [f"value {i}"] for i in range(80)}
    res = check_points(pd.DataFrame({"lat": [39.5], "lon": [136.5], "name": ["tall"], **cols}), zones=synthetic_v10_zones)
    path = maps.save(maps.result_map(res, zones=synthetic_v10_zones), tmp_path / "tall.html")
    height = 800
    v = Visit(browser, viewport={"width": 1280, "height": height})
    try:
        page = v.open(path)
        page.locator("path.eezcheck-point.eezcheck-result").click()
        page.locator(".leaflet-popup-content").wait_for(state="visible")
        page.wait_for_timeout(400)  # the pan that brings the popup into view
        box = page.locator(".leaflet-popup").bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
        content = page.locator(".eezcheck-popup")
        client, scroll = content.evaluate("e => [e.clientHeight, e.scrollHeight]")
        assert client <= 0.6 * height + 1 and scroll > client  # it scrolls
        last = page.locator(".eezcheck-popup tr").last
        last.scroll_into_view_if_needed()
        assert "column 79" in last.inner_text() and last.is_visible()
        lb = last.bounding_box()
        assert 0 <= lb["y"] and lb["y"] + lb["height"] <= height
        assert v.errors == [], v.errors
    finally:
        v.close()


def test_offline_map_needs_no_network(browser, drawn, synthetic_v10_zones, tmp_path):
    m = maps.result_map(
        drawn["results"],
        zones=synthetic_v10_zones,
        impacts=[drawn["impact"]],
        range_rings_km=[500, 1000],
        offline=True,
        assets_dir=JS_DIR,
    )
    path = maps.save(m, tmp_path / "offline.html")
    v = Visit(browser, offline=True)
    try:
        page = v.open(path)
        assert v.stray == [], v.stray  # not one request left the page
        assert page.locator("path.eezcheck-zone-land").count() > 0
        assert page.locator(".leaflet-tile").count() == 0
        page.locator("path.eezcheck-point.eezcheck-impact").click()
        assert "P(in Japan's EEZ)" in _popup_text(page)
        assert page.locator(".eezcheck-legend").is_visible()
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert v.errors == [] and v.dialogs == []
    finally:
        v.close()


def test_default_zones_in_chromium(browser, bundled_zones, tmp_path):
    """The bundled zones (the default) with every layer, offline; the README's picture."""
    res = check_points(sample_points(), zones=bundled_zones)
    imp = make_impact(bundled_zones, n=300)
    m = maps.result_map(res, zones=bundled_zones, impacts=[imp], range_rings_km=[500, 1000], offline=True, assets_dir=JS_DIR)
    path = maps.save(m, tmp_path / "default.html")
    v = Visit(browser, offline=True)
    try:
        page = v.open(path)
        assert v.stray == [] and v.errors == [] and v.dialogs == []
        for kind in ("eez", "territorial-sea", "contiguous-zone", "land"):
            assert page.locator(f"path.eezcheck-zone-{kind}").count() > 0, kind
        assert page.locator("path.eezcheck-point").count() == len(res) + 1
        shot = tmp_path / "default.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000
        if os.environ.get("EEZCHECK_UPDATE_DOCS") == "1":
            (ROOT / "docs").mkdir(exist_ok=True)
            page.screenshot(path=str(ROOT / "docs" / "map.png"))
    finally:
        v.close()


# --------------------------------------------------------------------------- maps the CLI writes, as a user opens them


def _open_offline(browser, path: Path, viewport=None) -> Visit:
    """``path`` opened with every request that is not the file itself aborted (no network)."""
    v = Visit(browser, offline=True, viewport=viewport)
    v.open(path)
    return v


def _fill(locator) -> str:
    return (locator.get_attribute("fill") or "").lower()


def test_cli_impact_offline_map_opens_without_network(browser, cli, tmp_path):
    """``eezcheck impact --map OUT.html --offline`` (a launch that lands in the Japan–Korea shared
    zone with an 'inside' call), opened with no network: Leaflet is there, and so are the track, the
    uncertainty region, the legend; the impact is coloured and counted by the one verdict rule."""
    out = tmp_path / "impact.html"
    r = cli("impact", "--from", "Sunan", "--bearing", "95", "--bearing-sd", "1", "--range", "650", "--range-sd", "10",
            "--samples", "2000", "--json", "--map", out, "--offline")
    assert r.returncode == 0, r.stderr
    est = json.loads(r.stdout)
    # The point of the case: a landing in a shared zone, called inside (drawn orange, not red).
    assert (est["call"], est["eez_status"]) == ("inside", "disputed"), "choose a launch that lands in a shared zone"
    verdict = maps.verdict_of(est)
    v = _open_offline(browser, out)
    try:
        page = v.page
        assert v.stray == [], v.stray  # not one request left the page
        assert page.evaluate("typeof L") == "object" and page.evaluate("typeof L.map") == "function"
        assert page.locator("path.eezcheck-track").count() == 1
        assert page.locator("path.eezcheck-uncertainty").count() == 1
        assert page.locator(".eezcheck-launch").count() == 1
        impact = page.locator("path.eezcheck-point.eezcheck-impact")
        assert impact.count() == 1
        assert _fill(impact) == maps.VERDICT_COLOURS[verdict].lower()
        legend = page.locator(".eezcheck-legend")
        assert legend.is_visible()
        assert f"1 {verdict}" in legend.inner_text()
        assert page.locator("#eezcheck-no-scripts").count() == 0  # the notice went: the scripts ran
        # The impact's popup: its call, one 'target' row, and inside the window.
        impact.click()
        assert est["call"] in _popup_text(page)
        page.wait_for_timeout(400)  # the pan that brings the popup into view
        box = page.locator(".leaflet-popup").bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"], box
        assert page.locator(".eezcheck-popup th").all_inner_texts().count("target") == 1
        assert v.errors == [] and v.dialogs == [], v.errors
    finally:
        v.close()


def test_online_map_without_its_scripts_says_so(browser, cli, tmp_path):
    """An online map (the default) opened where the CDN cannot be reached is not a blank page: it
    says, in plain text on screen, that its scripts did not load and how to make an offline copy."""
    out = tmp_path / "online.html"
    r = cli("point", "41.5", "137.8", "--map", out)
    assert r.returncode == 0, r.stderr
    v = Visit(browser, offline=True)
    try:
        page = v.page
        page.goto(out.as_uri(), wait_until="load")
        assert any("cdn" in u for u in v.stray)  # the page did try, and was refused
        assert page.evaluate("typeof window.L") == "undefined"
        notice = page.locator("#eezcheck-no-scripts")
        assert notice.is_visible()
        box = notice.bounding_box()
        assert box["width"] >= 0.5 * VIEWPORT["width"] and box["height"] >= 0.5 * VIEWPORT["height"], box
        text = " ".join(notice.inner_text().split())
        assert "could not load its scripts" in text
        assert "--offline" in text and "pip install 'eezcheck[offline]'" in text
        # Dark text on a light ground, not white on white.
        colour, ground = notice.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
        assert colour != ground
        assert " ".join(page.locator("body").inner_text().split()).startswith(text[:40])
    finally:
        v.close()


def test_cli_batch_offline_map_draws_its_points(browser, cli, tmp_path):
    """``eezcheck batch --map --offline`` with no network: every row is a point coloured as its
    ``eez_status`` says (a disputed one orange, as on an impact map), the legend counts them the same
    way, and a popup of a row with many columns has one 'target' row and fits a 900 px window."""
    import pandas as pd

    height = 900
    extra = {f"note {i:02d}": [f"text {i}"] * 4 for i in range(60)}
    pts = pd.DataFrame({"name": ["a", "b", "c", "d"], "lat": [41.5, 38.47, 35.0, 30.0],
                        "lon": [137.8, 133.10, 125.0, 150.0], **extra})
    src = tmp_path / "points.csv"
    pts.to_csv(src, index=False)
    out, table = tmp_path / "batch.html", tmp_path / "out.csv"
    r = cli("batch", src, "-o", table, "--quiet", "--map", out, "--offline")
    assert r.returncode == 0, r.stderr
    res = pd.read_csv(table)
    assert "disputed" in set(res["eez_status"]), "one point must lie in a shared zone"
    v = _open_offline(browser, out, viewport={"width": 1280, "height": height})
    try:
        page = v.page
        assert v.stray == [], v.stray
        points = page.locator("path.eezcheck-point.eezcheck-result")
        assert points.count() == len(res)
        fills = sorted(_fill(points.nth(i)) for i in range(points.count()))
        assert fills == sorted(maps.VERDICT_COLOURS[s].lower() for s in res["eez_status"])
        legend = page.locator(".eezcheck-legend").inner_text()
        for status, n in res["eez_status"].value_counts().items():
            assert f"{n} {status}" in legend, (status, legend)

        points.first.click()
        page.locator(".leaflet-popup-content").wait_for(state="visible")
        page.wait_for_timeout(400)  # the pan that brings the popup into view
        box = page.locator(".leaflet-popup").bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
        client, scroll = page.locator(".eezcheck-popup").evaluate("e => [e.clientHeight, e.scrollHeight]")
        assert scroll > client  # it scrolls rather than growing
        keys = page.locator(".eezcheck-popup th").all_inner_texts()
        assert keys.count("target") == 1, keys
        assert "note 59" in keys
        assert v.errors == [] and v.dialogs == [], v.errors
    finally:
        v.close()
