"""Maps: one HTML page that shows the verdict at a glance, shareable as a single file.

:func:`result_map` draws classified points (a table from :func:`geo.classify.check_points`),
impact estimates (landing point, uncertainty region and its probability), launch sites,
geodesic ground tracks and range rings over the target state's zones, its shared (disputed or
joint) zones and its neighbours' zones, and returns a :class:`folium.Map` (which a notebook
displays inline). :func:`save` writes it; ``offline=True`` makes the file self-contained.

Geometry drawn here is for the eye only; verdicts always come from the full-resolution zones.

* Zones are clipped to the region around the data and simplified in a local azimuthal
  equidistant projection with a tolerance in metres (``simplify_km``), then rounded to 1e-4°.
  The drawn boundary is within ``simplify_km`` × 1.06 + 15 m of the data's (AEQD scale error
  ≤ 6 % within 3,500 km of the centre; 1e-4° ≤ 11.2 m east-west, 11.1 m north-south).
* Ground tracks: vertices from ``Geod.inv_intermediate`` (exact, ≤ 5 km apart); range rings:
  vertices from ``Geod.fwd`` (exact, ≥ 360, ≤ 5 km apart, chord sagitta ≤ 2 m). Leaflet joins vertices with
  straight Web-Mercator segments, which depart from the true curve by at most
  :data:`LINE_MAX_ERROR_M` between vertices (|lat| ≤ 80°; tested against ``Geod.inv``).
  Lines are split where they cross the antimeridian.
* Uncertainty region of an impact: in an azimuthal equidistant projection centred on the
  landing point (distances from the centre exact), the convex hull of the samples whose
  Mahalanobis distance is within the ``level`` quantile — it holds at least ``level`` of the
  samples by construction; the label gives the fraction it holds and P(in the target's EEZ).

Safety: no user text reaches HTML as markup. Popups, tooltips and the points' data are built
in the browser with ``textContent`` from JSON embedded with ``<``, ``>``, ``&`` and U+2028/9
escaped; the legend, layer names, title and attribution are HTML-escaped here.

Offline (``offline=True``): no tiles (a vector land layer from the zone data instead) and the
Leaflet JavaScript/CSS are inlined at save time from npm packages installed in a folder
(``assets_dir``, ``$EEZCHECK_ASSETS``, or a development checkout's ``tests/js``); nothing
of theirs is kept in this repository. :data:`NPM_INSTALL` is the command that gets them.
"""

from __future__ import annotations

import base64
import html
import json
import math
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geo.errors import InputError
from geo.geodesy import GEOD, NM

__all__ = [
    "result_map",
    "save",
    "to_html",
    "geodesic_track",
    "range_ring",
    "uncertainty_region",
    "UncertaintyRegion",
    "split_antimeridian",
    "MapAssetsError",
    "CdnPackage",
    "CDN_PACKAGES",
    "NPM_INSTALL",
    "find_assets",
    "local_asset",
    "VERDICT_COLOURS",
    "LINE_MAX_ERROR_M",
]

#: Verdict categories, in legend order, and their colours (distinct hues, also in grey scale).
VERDICT_COLOURS = {
    "inside": "#d62728",
    "disputed": "#ff7f0e",
    "too close to call": "#9467bd",
    "outside": "#1f77b4",
}
_NO_VERDICT = "#7f7f7f"
_VERDICT_TEXT = {
    "inside": "inside {p} EEZ",
    "disputed": "disputed — in waters {p_name} claims with another state",
    "too close to call": "too close to call",
    "outside": "outside {p} EEZ",
}

#: Largest distance (m) between a drawn track/ring segment and the true geodesic/ring between
#: vertices ≤ 5 km apart, for |lat| ≤ 80° (ring chord sagitta ≤ 2 m plus Mercator chord vs
#: geodesic ≤ 2.5 m at 80°; tests/test_maps.py measures it with Geod.inv).
LINE_MAX_ERROR_M = 10.0
_MAX_SEGMENT_M = 5_000.0
_SAGITTA_M = 2.0
_RING_MIN_VERTICES = 360
_ROUND_DEG = 4  # 1e-4° ≈ 11 m: plenty for display, halves the file size

_ENV_ASSETS = "EEZCHECK_ASSETS"
_REPO_ASSETS = Path(__file__).resolve().parents[2] / "tests" / "js"


class MapAssetsError(InputError):
    """The JavaScript/CSS an offline map inlines are not installed where we looked."""


# --------------------------------------------------------------------------- CDN ↔ npm assets


@dataclass(frozen=True)
class CdnPackage:
    """A folder of a CDN URL and the npm package (exact version) that holds the same files.

    ``renames`` maps a CDN file name to the package's name for it (the CDN minifies on the fly).
    """

    prefix: str
    package: str
    version: str
    subdir: str = ""
    renames: tuple = ()

    def file_for(self, url: str) -> str | None:
        if not url.startswith(self.prefix):
            return None
        rest = url[len(self.prefix):].split("?")[0].split("#")[0]
        return self.subdir + dict(self.renames).get(rest, rest)


#: Every URL the maps reference, by prefix. The versions are the ones folium 0.20 pins
#: (MousePosition's URL has none; npm 1.2.0 packages the same plugin file).
CDN_PACKAGES = (
    CdnPackage("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/", "leaflet", "1.9.3", "dist/"),
    CdnPackage(
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/",
        "leaflet.fullscreen",
        "3.0.0",
        "",
        (("Control.FullScreen.min.js", "Control.FullScreen.js"),),
    ),
    CdnPackage(
        "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/",
        "leaflet-measure",
        "2.1.7",
        "dist/",
        (("leaflet-measure.min.css", "leaflet-measure.css"),),
    ),
    CdnPackage(
        "https://cdn.jsdelivr.net/gh/ardhi/Leaflet.MousePosition/src/",
        "leaflet-mouse-position",
        "1.2.0",
        "src/",
        (
            ("L.Control.MousePosition.min.js", "L.Control.MousePosition.js"),
            ("L.Control.MousePosition.min.css", "L.Control.MousePosition.css"),
        ),
    ),
)

#: The command that installs the assets an offline map inlines.
NPM_INSTALL = "npm install --prefix DIR " + " ".join(f"{p.package}@{p.version}" for p in CDN_PACKAGES)


def local_asset(url: str, node_modules: Path) -> Path | None:
    """The file in ``node_modules`` that serves ``url``, or None if no package covers the URL."""
    for pkg in CDN_PACKAGES:
        rel = pkg.file_for(url)
        if rel is not None:
            return Path(node_modules) / pkg.package / rel
    return None


def find_assets(assets_dir=None) -> Path:
    """The ``node_modules`` folder holding :data:`CDN_PACKAGES` at their pinned versions.

    Looks in ``assets_dir`` (a folder given to ``npm install --prefix``, or its node_modules),
    else ``$EEZCHECK_ASSETS``, else a development checkout's ``tests/js``.
    Raises :class:`MapAssetsError` saying how to install them.
    """
    if assets_dir is not None:
        bases = [Path(assets_dir).expanduser()]
    elif os.environ.get(_ENV_ASSETS):
        bases = [Path(os.environ[_ENV_ASSETS]).expanduser()]
    else:
        bases = [_REPO_ASSETS]
    problems = []
    for base in bases:
        for nm in (base / "node_modules", base):
            if not (nm / "leaflet" / "package.json").exists():
                continue
            problems = []
            for pkg in CDN_PACKAGES:
                pj = nm / pkg.package / "package.json"
                if not pj.exists():
                    problems.append(f"{pkg.package}@{pkg.version} is not installed in {nm}")
                    continue
                version = json.loads(pj.read_text(encoding="utf-8")).get("version")
                if version != pkg.version:
                    problems.append(f"{pkg.package} in {nm} is version {version}, the map needs {pkg.version}")
            if not problems:
                return nm
            break
    where = ", ".join(str(b) for b in bases)
    detail = ("; ".join(problems) + ". ") if problems else f"no node_modules/leaflet found in {where}. "
    raise MapAssetsError(
        "an offline map inlines Leaflet and its plugins from local npm packages, and "
        + detail
        + f"Install them with:  {NPM_INSTALL}  then pass --assets DIR (or assets_dir=DIR, "
        f"or set {_ENV_ASSETS}=DIR)"
    )


_SCRIPT_TAG = re.compile(r"<script\s+src=\"(https?://[^\"]+)\"\s*>\s*</script>")
_LINK_TAG = re.compile(r"<link\s+rel=\"stylesheet\"\s+href=\"(https?://[^\"]+)\"\s*/?>")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def _read_asset(url: str, node_modules: Path) -> tuple[Path, str]:
    path = local_asset(url, node_modules)
    if path is None:
        raise MapAssetsError(
            f"the map references {url}, which eezcheck cannot inline (no local package for it); "
            "remove the element that needs it, or save the map without offline=True"
        )
    if not path.exists():
        raise MapAssetsError(f"{path} (for {url}) is missing; reinstall with: {NPM_INSTALL}")
    return path, path.read_text(encoding="utf-8")


def _inline_css(css: str, folder: Path) -> str:
    """Relative url(...) in a stylesheet → data: URIs, so the page needs no other file."""

    def repl(m):
        ref = m.group(2).strip()
        if ref.startswith(("data:", "#", "http:", "https:")):
            return m.group(0)
        f = (folder / ref.split("?")[0].split("#")[0]).resolve()
        if not f.is_file():
            return "none"  # a missing optional image (e.g. an IE fallback) must not load anything
        mime = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
        return f"url(data:{mime};base64,{base64.b64encode(f.read_bytes()).decode('ascii')})"

    return _CSS_URL.sub(repl, css)


def _inline_assets(page: str, node_modules: Path) -> str:
    """Replace CDN <script src> and stylesheet <link> tags with the files' contents."""

    def script(m):
        path, text = _read_asset(m.group(1), node_modules)
        text = text.replace("</script", "<\\/script")
        return f"<script>/* {path.parent.name}/{path.name}, inlined */\n{text}\n</script>"

    def link(m):
        path, text = _read_asset(m.group(1), node_modules)
        text = _inline_css(text, path.parent).replace("</style", "<\\/style")
        return f"<style>/* {path.parent.name}/{path.name}, inlined */\n{text}\n</style>"

    page = _SCRIPT_TAG.sub(script, page)
    page = _LINK_TAG.sub(link, page)
    left = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=\"(https?://[^\"]+)\"", page)
    if left:
        raise MapAssetsError(f"the offline map still references {', '.join(sorted(set(left)))}; eezcheck cannot inline it")
    return page


# --------------------------------------------------------------------------- geodesic lines


def split_antimeridian(lon, lat) -> list[tuple[np.ndarray, np.ndarray]]:
    """Split a polyline where it crosses ±180°; each part's longitudes stay in [-180, 180].

    A step of more than 180° in longitude is taken as a crossing; the crossing latitude is
    interpolated linearly in the (unwrapped) step, which is ≤ 5 km long for lines made here.
    """
    lon = np.asarray(lon, dtype=float)
    lon = np.where(np.abs(lon) <= 180.0, lon, ((lon + 180.0) % 360.0) - 180.0)
    lat = np.asarray(lat, dtype=float)
    parts = []
    start = 0
    cur_lon, cur_lat = [], []
    for i in range(len(lon)):
        if i > start and abs(lon[i] - lon[i - 1]) > 180.0:
            east = lon[i - 1] > 0  # crossing eastward over +180
            edge = 180.0 if east else -180.0
            nxt = lon[i] + (360.0 if east else -360.0)
            t = (edge - lon[i - 1]) / (nxt - lon[i - 1]) if nxt != lon[i - 1] else 0.0
            lat_c = lat[i - 1] + t * (lat[i] - lat[i - 1])
            cur_lon.append(edge)
            cur_lat.append(lat_c)
            parts.append((np.array(cur_lon), np.array(cur_lat)))
            cur_lon, cur_lat = [-edge], [lat_c]
        cur_lon.append(lon[i])
        cur_lat.append(lat[i])
    if cur_lon:
        parts.append((np.array(cur_lon), np.array(cur_lat)))
    return [p for p in parts if len(p[0]) >= 2]


def geodesic_track(*, lat1, lon1, lat2, lon2, max_segment_km: float = _MAX_SEGMENT_M / 1000):
    """Vertices of the geodesic from (lat1, lon1) to (lat2, lon2), ≤ ``max_segment_km`` apart,
    split at the antimeridian: a list of ``(lon, lat)`` array pairs. Vertices are exact
    (``Geod.inv_intermediate``); see :data:`LINE_MAX_ERROR_M` for what is drawn between them.
    """
    _, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    if dist == 0:
        return [(np.array([lon1, lon2], dtype=float), np.array([lat1, lat2], dtype=float))]
    n = max(2, int(math.ceil(dist / (max_segment_km * 1000.0))) + 1)
    r = GEOD.inv_intermediate(
        lon1, lat1, lon2, lat2, npts=n, initial_idx=0, terminus_idx=0, return_back_azimuth=True
    )
    return split_antimeridian(np.asarray(r.lons), np.asarray(r.lats))


def range_ring(*, lat, lon, radius_km, max_segment_km: float = _MAX_SEGMENT_M / 1000):
    """The closed line of points ``radius_km`` (geodesic) from (lat, lon), from ``Geod.fwd``.

    At least 360 vertices, at most ``max_segment_km`` apart, dense enough that the chord between
    two stays within 2 m of the circle; split at the antimeridian.
    Returns a list of ``(lon, lat)`` array pairs.
    """
    r = float(radius_km) * 1000.0
    # Vertex count on a sphere of the mean radius R: spacing ≤ max_segment_km along the
    # circumference 2πR·sin(r/R), and a chord sagitta ρπ²/(2n²) ≤ 2 m, where ρ = R·|tan(r/R)| is
    # the circle's radius of geodesic curvature (capped at R: near r = πR/2 the circle is a great circle).
    R = 6_371_008.8
    circumference = 2 * math.pi * R * abs(math.sin(r / R))
    rho = min(R * abs(math.tan(r / R)), R)
    n = max(
        _RING_MIN_VERTICES,
        int(math.ceil(circumference / (max_segment_km * 1000.0))),
        int(math.ceil(math.pi * math.sqrt(rho / (2 * _SAGITTA_M)))),
    )
    az = np.linspace(0.0, 360.0, n + 1)
    lons, lats, _ = GEOD.fwd(np.full(n + 1, float(lon)), np.full(n + 1, float(lat)), az, np.full(n + 1, r))
    lons[-1], lats[-1] = lons[0], lats[0]  # close exactly
    return split_antimeridian(lons, lats)


@dataclass(frozen=True)
class UncertaintyRegion:
    """A region holding ``fraction`` (≥ ``level``) of an impact's ``n_samples`` samples."""

    lon: np.ndarray
    lat: np.ndarray
    level: float
    fraction: float
    n_samples: int


def _aeqd(lat, lon):
    from pyproj import Transformer

    crs = f"+proj=aeqd +lat_0={float(lat)} +lon_0={float(lon)} +datum=WGS84 +units=m +no_defs"
    return (
        Transformer.from_crs("EPSG:4326", crs, always_xy=True),
        Transformer.from_crs(crs, "EPSG:4326", always_xy=True),
    )


def uncertainty_region(*, lat, lon, samples_lat, samples_lon, level: float = 0.9) -> UncertaintyRegion | None:
    """The central ``level`` of a sample cloud around the landing point (lat, lon), or None.

    Samples go to an azimuthal equidistant projection centred on the landing point; the convex
    hull of those within the ``level`` quantile of Mahalanobis distance, grown by 1 m, is the region. Its edges
    are densified to ≤ 5 km before returning to lon/lat (longitudes unwrapped around ``lon``,
    so a region across the antimeridian stays in one piece). None if fewer than 5 finite samples
    or they do not span an area.
    """
    import shapely

    if samples_lat is None or samples_lon is None or not 0 < level < 1:
        return None
    s_lat = np.asarray(samples_lat, dtype=float).ravel()
    s_lon = np.asarray(samples_lon, dtype=float).ravel()
    ok = np.isfinite(s_lat) & np.isfinite(s_lon)
    s_lat, s_lon = s_lat[ok], s_lon[ok]
    if s_lat.size < 5:
        return None
    fwd, inv = _aeqd(lat, lon)
    x, y = fwd.transform(s_lon, s_lat)
    xy = np.column_stack([x, y])
    centre = xy.mean(axis=0)
    cov = np.cov(xy, rowvar=False)
    d = xy - centre
    d2 = np.einsum("ij,jk,ik->i", d, np.linalg.pinv(cov), d)
    inner = xy[d2 <= np.quantile(d2, level)]
    hull = shapely.convex_hull(shapely.multipoints(inner))
    if hull.geom_type != "Polygon" or hull.area <= 0:
        return None
    # 1 m outwards (same vertex count) so the samples on the hull stay inside after the round trip.
    hull = shapely.buffer(hull, 1.0, join_style="mitre")
    inside = shapely.covers(hull, shapely.points(xy))
    hull = shapely.segmentize(hull, _MAX_SEGMENT_M)
    hx, hy = np.asarray(hull.exterior.coords).T
    h_lon, h_lat = inv.transform(hx, hy)
    h_lon = np.asarray(h_lon)
    h_lon = lon + ((h_lon - lon + 180.0) % 360.0) - 180.0
    return UncertaintyRegion(
        lon=h_lon, lat=np.asarray(h_lat), level=float(level), fraction=float(inside.mean()), n_samples=int(xy.shape[0])
    )


# --------------------------------------------------------------------------- formatting


def _fmt(key: str, v) -> str:
    """A value as text for a popup; missing values as an em dash."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "—"
    if type(v).__name__ in ("NAType", "NaTType"):
        return "—"
    if hasattr(v, "item") and not isinstance(v, (str, bytes, list, tuple, np.ndarray)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v) or "—"
    if isinstance(v, float):
        if not math.isfinite(v):
            return "—"
        k = key.lower()
        if k.endswith(("lat", "lon")) or "_lat" in k or "_lon" in k:
            return f"{v:.5f}"
        if k.endswith(("_km", "_nm")):
            return f"{v:,.1f}"
        if "bearing" in k:
            return f"{v:.0f}°"
        if k.startswith("p_") or k == "p":
            return f"{v:.3f}"
        return f"{v:.6g}"
    return str(v)


def _esc(s) -> str:
    return html.escape(str(s), quote=True)


_JS_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
# Inside JSON strings only (structural braces must stay): HTML-significant characters, the JS
# line separators and Jinja's delimiters become \uXXXX escapes, so no data can close the
# <script> element or be read as template source by any later rendering pass.
_JS_ESCAPES = {c: f"\\u{ord(c):04x}" for c in "<>&{}%#\u2028\u2029"}
_JS_ESCAPE_RE = re.compile("[" + re.escape("".join(_JS_ESCAPES)) + "]")


def _js_json(obj) -> str:
    """JSON safe to put inside <script>: data stays data (no '</script', no '{{', no '{%')."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JS_STRING.sub(lambda m: _JS_ESCAPE_RE.sub(lambda c: _JS_ESCAPES[c.group()], m.group()), text)


def _country(iso3: str) -> str:
    from geo.names import country_name

    return country_name(iso3)


def _possessive(iso3: str) -> str:
    from geo.names import possessive

    return possessive(iso3)


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class _Site:
    lat: float
    lon: float
    name: str | None


def _check_target(target) -> str:
    if not isinstance(target, str) or len(target.strip()) != 3 or not target.strip().isalpha():
        raise InputError(f"target = {target!r} is not an ISO 3166-1 alpha-3 code (e.g. JPN, KOR, CHN)")
    return target.strip().upper()


def _one_coord(lat, lon, what: str) -> tuple[float, float]:
    from geo.inputs import coordinates

    try:
        lo, la, _ = coordinates([lon], [lat], rows=[what])
    except InputError as exc:
        raise InputError(f"{what}: {exc}", exc.problems) from None
    return float(la[0]), float(lo[0])


def _sites(launch_sites) -> list[_Site]:
    out = []
    for i, s in enumerate(launch_sites or []):
        if isinstance(s, dict):
            lat, lon, name = s.get("lat"), s.get("lon"), s.get("name")
        elif hasattr(s, "lat") and hasattr(s, "lon"):
            lat, lon, name = s.lat, s.lon, getattr(s, "name", None)
        else:
            try:
                lat, lon, *rest = s
            except (TypeError, ValueError):
                raise InputError(
                    f"launch_sites[{i}] = {s!r}: give (lat, lon), (lat, lon, name) or a dict with lat, lon, name"
                ) from None
            name = rest[0] if rest else None
        la, lo = _one_coord(lat, lon, f"launch_sites[{i}]")
        out.append(_Site(la, lo, None if name is None else str(name)))
    return out


def _tracks(tracks) -> list[tuple[list[tuple[float, float]], str | None]]:
    out = []
    for i, t in enumerate(tracks or []):
        name = None
        if isinstance(t, dict):
            name, t = t.get("name"), t.get("points")
        try:
            pts = [tuple(p) for p in t]
        except TypeError:
            raise InputError(f"tracks[{i}]: give a sequence of (lat, lon) points, or a dict with 'points' and 'name'") from None
        if len(pts) < 2 or any(len(p) != 2 for p in pts):
            raise InputError(f"tracks[{i}]: a track needs at least two (lat, lon) points, got {pts!r}")
        pts = [_one_coord(la, lo, f"tracks[{i}][{j}]") for j, (la, lo) in enumerate(pts)]
        out.append((pts, None if name is None else str(name)))
    return out


def _rings(range_rings_km) -> list[float]:
    out = []
    for i, r in enumerate(range_rings_km or []):
        try:
            v = float(r)
        except (TypeError, ValueError):
            raise InputError(f"range_rings_km[{i}] = {r!r} is not a number of kilometres") from None
        if not (0 < v <= 20_000):
            raise InputError(f"range_rings_km[{i}] = {r!r} must be in (0, 20000] km (half the Earth's circumference)")
        out.append(v)
    return out


def _records(results) -> list[dict]:
    """Rows of a results table (or PointResult / list of them) as dicts with float lat/lon."""
    if results is None:
        return []
    if hasattr(results, "to_dict") and hasattr(results, "eez_status") and not hasattr(results, "columns"):
        results = [results]
    if isinstance(results, (list, tuple)):
        return [r.to_dict() if hasattr(r, "to_dict") else dict(r) for r in results]
    if not hasattr(results, "columns"):
        raise InputError(f"results must be a table from geo.classify.check_points, not {type(results).__name__}")
    missing = [c for c in ("lat", "lon", "eez_status") if c not in results.columns]
    if missing:
        raise InputError(
            f"results lack the column(s) {', '.join(missing)}; classify the points first with "
            "geo.classify.check_points (or 'eezcheck map', which does it)"
        )
    frame = results
    geom = getattr(results, "_geometry_column_name", None)
    if geom is not None and geom in results.columns:
        frame = results.drop(columns=geom)
    return frame.to_dict(orient="records")


def _float(v) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return float("nan")
    return f


# --------------------------------------------------------------------------- map elements

_CSS = """
.eezcheck-legend{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:6px;
 box-shadow:0 1px 5px rgba(0,0,0,.35);font:12px/1.3 system-ui,sans-serif;max-width:290px;color:#222}
.eezcheck-legend h4{margin:0 0 4px;font-size:13px}
.eezcheck-legend .eezcheck-summary{font-weight:600;margin-bottom:6px}
.eezcheck-legend summary{margin-top:4px;font-weight:600;color:#555;cursor:pointer}
.eezcheck-legend .eezcheck-item{display:flex;align-items:center;gap:6px;margin:1px 0}
.eezcheck-legend svg{flex:none}
.eezcheck-legend .eezcheck-source{margin-top:6px;color:#555;font-size:11px}
.eezcheck-popup{font:12px/1.35 system-ui,sans-serif}
.eezcheck-popup-title{font-weight:700;font-size:13px;margin-bottom:3px;word-break:break-word}
.eezcheck-popup-verdict{font-weight:600;border-left:5px solid #888;padding-left:6px;margin:3px 0 6px}
.eezcheck-popup table{border-collapse:collapse}
.eezcheck-popup th{text-align:left;font-weight:400;color:#555;padding:1px 8px 1px 0;vertical-align:top;white-space:nowrap}
.eezcheck-popup td{padding:1px 0;word-break:break-word}
.eezcheck-tooltip{white-space:pre-line;max-width:320px}
.eezcheck-launch svg{display:block}
"""

# Written for this project: builds popups/tooltips with textContent so user text is never markup.
_JS_HELPER = """
var eezcheck = (function () {
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  // A point's popup rows: its own, or the layer's keys zipped with its values (smaller pages).
  function rows(p, meta) {
    if (p._rows) { return p._rows; }
    if (!p._v || !meta.keys) { return []; }
    var out = [], j = 0, fixed = meta.fixed || {};
    meta.keys.forEach(function (k) {
      out.push([k, Object.prototype.hasOwnProperty.call(fixed, k) ? fixed[k] : p._v[j++]]);
    });
    return out;
  }
  function style(f, meta) {
    var p = f.properties || {};
    return p._style || (meta.styles && meta.styles[p._s]) || {};
  }
  function popup(p, meta) {
    var div = el('div', 'eezcheck-popup');
    if (p._title) { div.appendChild(el('div', 'eezcheck-popup-title', p._title)); }
    if (p._headline) {
      var h = el('div', 'eezcheck-popup-verdict', p._headline);
      h.style.borderLeftColor = p._colour || style({properties: p}, meta).fillColor || '#888';
      div.appendChild(h);
    }
    var t = el('table');
    rows(p, meta).forEach(function (r) {
      var tr = t.insertRow();
      tr.appendChild(el('th', null, r[0]));
      tr.appendChild(el('td', null, r[1]));
    });
    div.appendChild(t);
    return div;
  }
  function bind(f, layer, meta) {
    var p = f.properties || {};
    var tip = p._tooltip || (p._title && p._headline ? p._title + '\\n' + p._headline : null);
    if (tip) {
      layer.bindTooltip(el('div', 'eezcheck-tooltip', tip), {sticky: !p._point, direction: 'top'});
    }
    if (p._rows || p._v) {
      // Pan clear of the controls in the corners when a popup opens.
      layer.bindPopup(function () { return popup(p, meta); }, {maxWidth: 420, minWidth: 240,
        autoPanPaddingTopLeft: [60, 130], autoPanPaddingBottomRight: [70, 40]});
    }
  }
  function point(f, latlng, pane, meta) {
    var p = f.properties || {};
    if (p._point === 'launch') {
      return L.marker(latlng, {pane: pane, keyboard: true,
        icon: L.divIcon({className: 'eezcheck-launch', iconSize: [18, 16], iconAnchor: [9, 10],
          html: '<svg width="18" height="16"><polygon points="9,1 17,15 1,15" fill="#111" stroke="#fff" stroke-width="1.5"/></svg>'})});
    }
    return L.circleMarker(latlng, Object.assign({pane: pane}, style(f, meta)));
  }
  return {bind: bind, point: point, popup: popup, style: style, rows: rows};
})();
"""


def _patterns_svg() -> str:
    """SVG fill patterns for shared zones, referenced as fillColor url(#id) by the paths."""
    oc, jc = VERDICT_COLOURS["disputed"], "#8c564b"
    return (
        '<svg aria-hidden="true" style="position:absolute;width:0;height:0;overflow:hidden">'
        "<defs>"
        '<pattern id="eezcheck-hatch-overlap" patternUnits="userSpaceOnUse" width="8" height="8" '
        'patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{oc}" fill-opacity="0.12"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{oc}" stroke-width="3"/></pattern>'
        '<pattern id="eezcheck-hatch-joint" patternUnits="userSpaceOnUse" width="9" height="9" '
        'patternTransform="rotate(-45)">'
        f'<rect width="9" height="9" fill="{jc}" fill-opacity="0.12"/>'
        f'<line x1="0" y1="0" x2="0" y2="9" stroke="{jc}" stroke-width="2"/>'
        f'<line x1="0" y1="0" x2="9" y2="0" stroke="{jc}" stroke-width="2"/></pattern>'
        '<pattern id="eezcheck-hatch-other" patternUnits="userSpaceOnUse" width="8" height="8" '
        'patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#8c8c8c" stroke-width="2"/></pattern>'
        "</defs></svg>"
    )


#: Zone layer styles: (layer title template, Leaflet path style, default shown, legend swatch).
_ZONE_STYLE = {
    "land": dict(color="#a39e93", weight=0.6, fillColor="#efebe3", fillOpacity=1.0),
    "neighbour": dict(color="#8c8c8c", weight=0.8, fillColor="#c7c7c7", fillOpacity=0.25),
    "neighbour_shared": dict(color="#8c8c8c", weight=0.8, dashArray="3 3", fillColor="url(#eezcheck-hatch-other)", fillOpacity=0.6),
    "eez": dict(color="#2b6cb0", weight=1.2, fillColor="#9ecae1", fillOpacity=0.35),
    "contiguous_zone": dict(color="#2171b5", weight=1, fillColor="#6baed6", fillOpacity=0.4),
    "territorial_sea": dict(color="#08519c", weight=1, fillColor="#3182bd", fillOpacity=0.45),
    "internal_waters": dict(color="#08306b", weight=0.8, fillColor="#08519c", fillOpacity=0.45),
    "overlapping_claim": dict(color=VERDICT_COLOURS["disputed"], weight=1.5, dashArray="6 4",
                              fillColor="url(#eezcheck-hatch-overlap)", fillOpacity=0.9),
    "joint_regime": dict(color="#8c564b", weight=1.5, dashArray="6 4",
                         fillColor="url(#eezcheck-hatch-joint)", fillOpacity=0.9),
}
_KIND_WORDS = {
    "eez": "EEZ",
    "contiguous_zone": "contiguous zone",
    "territorial_sea": "territorial sea",
    "internal_waters": "internal waters",
    "overlapping_claim": "overlapping claims",
    "joint_regime": "joint regimes",
    "land": "land",
}


def _classes():
    """folium/branca classes, defined on first use so importing geo.maps stays cheap."""
    global _Page, _Features, _Setup, _Legend, _NmScale, _LayerControl
    if "_Page" in globals() and _Page is not None:
        return
    import folium
    from branca.element import Element, Figure, MacroElement
    from folium.template import Template

    class Literal(Element):
        """Text placed in the page as it is: never parsed as a template."""

        def __init__(self, text: str):
            super().__init__()
            self.text = text

        def render(self, **kwargs):
            return self.text

    class Safe(MacroElement):
        """A MacroElement whose rendered macros go into the page as literal text.

        branca's MacroElement wraps each rendered macro in ``Element(text)``, which compiles the
        text as a *new* Jinja template: any data in it (a CSV cell, a zone name, a layer name)
        would be evaluated on that second pass. Here the macros are rendered once, from this
        element's own template source, and the result is only ever text."""

        def render(self, **kwargs):
            figure = self.get_root()
            module = self._template.module.__dict__
            for part, holder in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
                macro = module.get(part)
                if macro is not None:
                    holder.add_child(Literal(macro(self, kwargs)), name=self.get_name())
            for child in list(self._children.values()):
                child.render(**kwargs)

    class LayerControl(folium.LayerControl, Safe):
        """folium's layer control, its layer names kept as text."""

    class Page(Figure):
        """The HTML page; in offline mode its render() inlines the CDN assets."""

        def __init__(self, *, title=None, node_modules=None):
            super().__init__(title=_esc(title) if title else None)
            self.node_modules = node_modules

        def render(self, **kwargs):
            out = super().render(**kwargs)
            if self.node_modules is not None:
                out = _inline_assets(out, self.node_modules)
            return out

    class Features(folium.map.Layer, Safe):
        """A GeoJSON layer whose popups/tooltips are built safely by the eezcheck helper."""

        _template = Template(
            """
            {% macro script(this, kwargs) %}
            var {{ this.get_name() }}_meta = {{ this.meta_js }};
            var {{ this.get_name() }} = L.geoJSON({{ this.data_js }}, {
                pane: {{ this.pane_js }},
                style: function (f) { return eezcheck.style(f, {{ this.get_name() }}_meta); },
                pointToLayer: function (f, ll) {
                    return eezcheck.point(f, ll, {{ this.pane_js }}, {{ this.get_name() }}_meta);
                },
                onEachFeature: function (f, l) { eezcheck.bind(f, l, {{ this.get_name() }}_meta); }
            });
            {% endmacro %}
            """
        )

        def __init__(self, features, *, name, pane="overlayPane", show=True, meta=None):
            super().__init__(name=_esc(name), overlay=True, control=True, show=show)
            self._name = "EEZCheckFeatures"
            self.features = features
            self.meta = meta or {}  # keys/fixed/styles shared by the features (see _result_layer)
            self.data_js = _js_json({"type": "FeatureCollection", "features": features})
            self.meta_js = _js_json(self.meta)
            self.pane_js = _js_json(pane)

        def resolved(self):
            """The features with their shared popup rows and style filled in (as the page does)."""
            out = []
            for f in self.features:
                p = dict(f["properties"])
                if "_v" in p:
                    vals = iter(p.pop("_v"))
                    fixed = self.meta.get("fixed", {})
                    p["_rows"] = [[k, fixed[k] if k in fixed else next(vals)] for k in self.meta["keys"]]
                if "_s" in p:
                    p["_style"] = self.meta["styles"][p.pop("_s")]
                out.append({**f, "properties": p})
            return out

    class Setup(Safe):
        """CSS, SVG patterns, panes, the popup helper and the data attribution."""

        _template = Template(
            """
            {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
            {% macro html(this, kwargs) %}{{ this.svg }}{% endmacro %}
            {% macro script(this, kwargs) %}
            {{ this.helper }}
            (function (m) {
                m.createPane('eezcheck-lines').style.zIndex = 420;
                m.createPane('eezcheck-points').style.zIndex = 450;
                m.attributionControl.addAttribution({{ this.attribution_js }});
            })({{ this._parent.get_name() }});
            {% endmacro %}
            """
        )

        def __init__(self, attribution: str, css: str):
            super().__init__()
            self._name = "EEZCheckSetup"
            self.css = css
            self.svg = _patterns_svg()
            self.helper = _JS_HELPER
            self.attribution_js = _js_json(_esc(attribution))

    class Legend(Safe):
        _template = Template(
            """
            {% macro script(this, kwargs) %}
            (function (m) {
                var legend = L.control({position: 'bottomleft'});
                legend.onAdd = function () {
                    var div = L.DomUtil.create('div', 'eezcheck-legend');
                    div.innerHTML = {{ this.html_js }};
                    // On a short map the details start folded so the legend does not hide the data.
                    var more = div.querySelector('details');
                    if (more && m.getSize().y < 700) { more.open = false; }
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                legend.addTo(m);
                // Fit the data, keeping it clear of the legend when the map is wide enough.
                var w = legend.getContainer().offsetWidth, size = m.getSize();
                var left = size.x > 2.5 * w ? w + 25 : 25;
                m.fitBounds({{ this.bounds_js }}, {paddingTopLeft: [left, 25], paddingBottomRight: [60, 25]});
            })({{ this._parent.get_name() }});
            {% endmacro %}
            """
        )

        def __init__(self, legend_html: str, bounds):
            super().__init__()
            self._name = "EEZCheckLegend"
            self.html_js = _js_json(legend_html)
            self.bounds = [[float(v) for v in corner] for corner in bounds]  # [[south, west], [north, east]]
            self.bounds_js = _js_json(self.bounds)

    class NmScale(Safe):
        """Leaflet's scale bar, with nautical miles in place of feet and miles."""

        _template = Template(
            """
            {% macro script(this, kwargs) %}
            (function (m) {
                var NmScale = L.Control.Scale.extend({
                    _updateImperial: function (maxMeters) {
                        var maxNm = maxMeters / 1852, nm = this._getRoundNum(maxNm);
                        this._updateScale(this._iScale, nm + ' NM', nm / maxNm);
                    }
                });
                new NmScale({position: 'bottomleft', maxWidth: 160}).addTo(m);
            })({{ this._parent.get_name() }});
            {% endmacro %}
            """
        )

        def __init__(self):
            super().__init__()
            self._name = "EEZCheckScale"

    _Page, _Features, _Setup, _Legend, _NmScale, _LayerControl = Page, Features, Setup, Legend, NmScale, LayerControl


_Page = _Features = _Setup = _Legend = _NmScale = _LayerControl = None


# --------------------------------------------------------------------------- zones for display


def _region(z, target, data_lonlat):
    """(west, south, east, north) to draw zones in: the target's claim and the data, plus 10°
    (the view is wider than the data on a wide screen)."""
    from geo.index import index_for

    boxes = []
    claim = index_for(z).claim(target)
    if claim.exists:
        boxes.append(claim.area.bounds)
    if len(data_lonlat):
        a = np.asarray(data_lonlat)
        boxes.append((a[:, 0].min(), a[:, 1].min(), a[:, 0].max(), a[:, 1].max()))
    if not boxes:
        return (-180.0, -85.0, 180.0, 85.0)
    b = np.array(boxes)
    w, s, e, n = b[:, 0].min() - 10, b[:, 1].min() - 10, b[:, 2].max() + 10, b[:, 3].max() + 10
    return (max(w, -180.0), max(s, -90.0), min(e, 180.0), min(n, 90.0))


def _for_display(geoms, centre, simplify_km):
    """Simplify in a local AEQD projection (tolerance in metres) and round to 1e-4°."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    if simplify_km and simplify_km > 0 and len(geoms):
        fwd, inv = _aeqd(centre[1], centre[0])

        def to_xy(c):
            x, y = fwd.transform(c[:, 0], c[:, 1])
            return np.column_stack([x, y])

        def to_ll(c):
            x, y = inv.transform(c[:, 0], c[:, 1])
            return np.column_stack([x, y])

        xy = shapely.transform(geoms, to_xy)
        xy = shapely.simplify(xy, simplify_km * 1000.0, preserve_topology=True)
        geoms = shapely.transform(xy, to_ll)
    return shapely.transform(geoms, lambda c: np.round(c, _ROUND_DEG))


def _land_from_holes(table, box):
    """Land where the zone data has no land polygons: holes of sea zones no other zone fills
    (Marine Regions EEZ polygons leave islands out). Coasts of continents are not closed there."""
    import shapely

    geoms = np.asarray(table.geometry.values, dtype=object)
    rings = []
    for g in geoms[shapely.intersects(geoms, box)]:
        for poly in shapely.get_parts(g):
            rings.extend(shapely.Polygon(r) for r in poly.interiors)
    if not rings:
        return []
    tree = shapely.STRtree(geoms)
    land = []
    for hole in rings:
        if not hole.intersects(box) or hole.area <= 0:
            continue
        hits = tree.query(hole, predicate="intersects")
        covered = sum(shapely.intersection(geoms[j], hole).area for j in hits)
        if covered < 0.5 * hole.area:  # the hole's own owner only touches its edge
            land.append(hole)
    return land


def _borrowed_land(table, box):
    """Land for zone data that has none (Marine Regions EEZ layers): the bundled land polygons
    if they are installed (as geo.classify borrows them), else the gaps in the sea zones."""
    import shapely

    from geo.zones import bundled_path, load_zones

    try:
        if bundled_path().exists():
            b = load_zones(None).table
            geoms = np.asarray(b.geometry.values[(b["zone_type"] == "land").to_numpy()], dtype=object)
            geoms = geoms[shapely.intersects(geoms, box)]
            if len(geoms):
                return list(shapely.intersection(geoms, box)), "Land (bundled land layer)"
    except Exception:  # noqa: BLE001 - the bundled data is optional here; fall back to the gaps
        pass
    # A gap can also be a high-seas pocket enclosed by one state's EEZ; the title says so.
    return _land_from_holes(table, box), "Land (gaps in the zone data; may include enclosed high seas)"


def _zone_features(z, target, box_bounds, simplify_km, want_land):
    """Zone layers: list of (key, layer name, features, show)."""
    import shapely

    from geo.zones import SHARED_ZONE_TYPES

    t = z.table
    box = shapely.box(*box_bounds)
    centre = ((box_bounds[0] + box_bounds[2]) / 2, (box_bounds[1] + box_bounds[3]) / 2)
    geoms = np.asarray(t.geometry.values, dtype=object)
    hit = np.flatnonzero(shapely.intersects(geoms, box))
    zt = t["zone_type"].to_numpy(dtype=object)
    sov = list(t["sovereigns"])
    names = t["name"].to_numpy(dtype=object)
    mrgid = t["mrgid"].to_numpy(dtype=object, na_value=None)

    groups: dict[str, list[int]] = {}
    for i in hit:
        s = tuple(sov[i])
        if zt[i] == "land":
            key = "land"
        elif zt[i] in SHARED_ZONE_TYPES:
            key = zt[i] if target in s else "neighbour_shared"
        elif s and s[0] == target:
            key = zt[i]
        else:
            key = "neighbour"
        groups.setdefault(key, []).append(i)

    poss = _possessive(target)
    layers = []

    def features(idx, key):
        g = geoms[idx]
        inside_box = shapely.within(g, box)
        clipped = np.where(inside_box, g, shapely.intersection(g, box))
        disp = _for_display(clipped, centre, simplify_km)
        out = []
        for i, gd in zip(idx, disp):
            if gd is None or gd.is_empty:
                continue
            s = tuple(sov[i])
            claimants = ", ".join(_country(c) for c in s) or "—"
            label = f"MRGID {mrgid[i]}" if mrgid[i] is not None else ""
            name = names[i] if names[i] is not None else ""
            if key in ("overlapping_claim", "joint_regime", "neighbour_shared"):
                kind = "Overlapping claim" if zt[i] == "overlapping_claim" else "Joint regime"
                tip = f"{kind} — claimants: {claimants}\n{name}"
            elif key == "neighbour":
                tip = f"{claimants}: {zt[i].replace('_', ' ')}\n{name}"
            elif key == "land":
                tip = f"Land: {name}" if name else "Land"
            else:
                tip = f"{poss} {_KIND_WORDS[key]}\n{name}"
            if label:
                tip += f" ({label})"
            style = dict(_ZONE_STYLE[key], className=f"eezcheck-zone eezcheck-zone-{key.replace('_', '-')}")
            out.append(
                {
                    "type": "Feature",
                    "geometry": json.loads(shapely.to_geojson(gd)),
                    "properties": {"_style": style, "_tooltip": tip},
                }
            )
        return out

    if want_land:
        title = "Land (from the zone data)"
        if "land" in groups:
            feats = features(groups["land"], "land")
        else:
            land, title = _borrowed_land(t, box)
            disp = _for_display(land, centre, simplify_km)
            style = dict(_ZONE_STYLE["land"], className="eezcheck-zone eezcheck-zone-land")
            feats = [
                {"type": "Feature", "geometry": json.loads(shapely.to_geojson(g)), "properties": {"_style": style}}
                for g in disp
                if g is not None and not g.is_empty
            ]
        if feats:
            layers.append(("land", title, feats, True))
    order = [
        ("neighbour", "Neighbours' zones", True),
        ("neighbour_shared", "Other overlapping claims / joint regimes", True),
        ("eez", f"{poss} EEZ", True),
        ("contiguous_zone", f"{poss} contiguous zone", True),
        ("territorial_sea", f"{poss} territorial sea", True),
        ("internal_waters", f"{poss} internal waters", False),
        ("overlapping_claim", f"Overlapping claims ({_country(target)} a claimant)", True),
        ("joint_regime", f"Joint regimes ({_country(target)} a party)", True),
    ]
    for key, title, show in order:
        if key in groups:
            feats = features(groups[key], key)
            if feats:
                layers.append((key, title, feats, show))
    return layers


# --------------------------------------------------------------------------- points


def _verdict_of(rec) -> str | None:
    call = rec.get("call")
    if isinstance(call, str) and call in VERDICT_COLOURS:
        return call
    st = rec.get("eez_status")
    return st if isinstance(st, str) and st in VERDICT_COLOURS else None


def _headline(verdict, target, rec=None) -> str:
    if verdict is None:
        err = rec.get("error") if rec else None
        return f"no verdict: {err}" if isinstance(err, str) and err else "no verdict"
    text = _VERDICT_TEXT[verdict].format(p=_possessive(target), p_name=_country(target))
    if verdict == "disputed" and rec is not None:
        zone = rec.get("zone_name")
        sov = rec.get("sovereigns") or ""
        codes = list(sov) if isinstance(sov, (list, tuple)) else str(sov).replace(",", ";").split(";")
        others = [c.strip() for c in codes if c.strip() and c.strip() != target]
        if others:
            text = f"disputed — {rec.get('zone_type', '').replace('_', ' ')} of {_country(target)} with " + ", ".join(
                _country(o) for o in others
            )
        if isinstance(zone, str) and zone:
            text += f" ({zone})"
    return text[0].upper() + text[1:]


def _point_style(verdict, cls, radius=8):
    return {
        "radius": radius,
        "color": "#ffffff",
        "weight": 2,
        "fillColor": VERDICT_COLOURS.get(verdict, _NO_VERDICT),
        "fillOpacity": 0.95,
        "className": f"eezcheck-point eezcheck-{cls} eezcheck-verdict-{(verdict or 'none').replace(' ', '-')}",
    }


def _title_of(rec, i):
    for k in ("name", "label", "id", "title", "description"):
        v = rec.get(k)
        if v is not None and not (isinstance(v, float) and math.isnan(v)) and str(v).strip():
            return str(v)
    return f"Point {i + 1}"


def _result_layer(records, target, attribution, result_columns):
    """Point features of result rows plus the layer's shared ``meta``: popup keys (every verdict
    field, the attribution, then the input's own columns), the attribution text and one style
    per verdict, so a 10,000-row batch does not repeat them 10,000 times."""
    extra = []
    for rec in records:
        for k in rec:
            if k not in result_columns and k != "geometry" and k not in extra:
                extra.append(k)
    keys = [k for k in result_columns if any(k in r for r in records)] + ["attribution"] + [str(k) for k in extra]
    value_keys = [k for k in keys if k != "attribution"]
    styles = {(v or "none"): _point_style(v, "result") for v in (*VERDICT_COLOURS, None)}
    feats = []
    for i, rec in enumerate(records):
        verdict = _verdict_of(rec)
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [rec["lon"], rec["lat"]]},
                "properties": {
                    "_point": "result",
                    "_s": verdict or "none",
                    "_title": _title_of(rec, i),
                    "_headline": _headline(verdict, target, rec),
                    "_v": [_fmt(str(k), rec.get(k)) for k in value_keys],
                },
            }
        )
    return feats, {"keys": keys, "fixed": {"attribution": attribution}, "styles": styles}


def _impact_attrs(imp, i):
    def get(name, default=None):
        return getattr(imp, name, default)

    lat, lon = _float(get("landing_lat")), _float(get("landing_lon"))
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise InputError(f"impacts[{i}]: landing_lat/landing_lon = {get('landing_lat')!r}/{get('landing_lon')!r} are not coordinates")
    return get, lat, lon


def _impact_feature(imp, i, target, attribution, region: UncertaintyRegion | None):
    get, lat, lon = _impact_attrs(imp, i)
    call = get("call")
    verdict = call if call in VERDICT_COLOURS else None
    result = get("result")
    rdict = result.to_dict() if result is not None and hasattr(result, "to_dict") else {}
    if verdict is None:
        verdict = _verdict_of(rdict)
    p, se = get("p_in_target_eez"), get("p_stderr")
    head = _headline(verdict, get("target") or target, rdict if verdict == "disputed" else None)
    if p is not None and math.isfinite(_float(p)):
        head += f" — P(in {_possessive(get('target') or target)} EEZ) = {_float(p):.2f}"
        if se is not None and math.isfinite(_float(se)):
            head += f" ± {_float(se):.2f}"
    title = get("description") or (f"Impact from {get('launch_name')}" if get("launch_name") else f"Impact {i + 1}")
    rows = [
        ["call", _fmt("call", call)],
        ["p_in_target_eez", _fmt("p_in_target_eez", p)],
        ["p_stderr", _fmt("p_stderr", se)],
        ["target", _fmt("target", get("target") or target)],
        ["description", _fmt("description", get("description"))],
        ["launch_name", _fmt("launch_name", get("launch_name"))],
        ["launch_lat", _fmt("launch_lat", get("launch_lat"))],
        ["launch_lon", _fmt("launch_lon", get("launch_lon"))],
        ["landing_lat", _fmt("landing_lat", lat)],
        ["landing_lon", _fmt("landing_lon", lon)],
    ]
    if region is not None:
        rows.append(
            ["uncertainty region", f"{region.level:.0%} region of {region.n_samples} samples (holds {region.fraction:.1%})"]
        )
    for k in ("description_ja", "uncertainty"):
        if get(k):
            rows.append([k, _fmt(k, get(k))])
    track = get("track")
    if track is not None and hasattr(track, "summary"):
        rows.append(["ground track", str(track.summary())])
    for k, v in rdict.items():
        rows.append([k, _fmt(k, v)])
    rows.append(["impact data_source", _fmt("data_source", get("data_source"))])
    rows.append(["attribution", attribution])
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "_point": "impact",
            "_style": _point_style(verdict, "impact", radius=9),
            "_title": str(title),
            "_headline": head,
            "_colour": VERDICT_COLOURS.get(verdict, _NO_VERDICT),
            "_tooltip": f"{title}\n{head}",
            "_rows": rows,
        },
    }, verdict


def _line_feature(parts, style, tooltip):
    coords = [[[round(float(a), 5), round(float(b), 5)] for a, b in zip(lo, la)] for lo, la in parts]
    geom = {"type": "MultiLineString", "coordinates": coords}
    return {"type": "Feature", "geometry": geom, "properties": {"_style": style, "_tooltip": tooltip}}


def _km_nm(m) -> str:
    return f"{m / 1000:,.0f} km ({m / NM:,.0f} NM)"


# --------------------------------------------------------------------------- the map


def result_map(
    results=None,
    *,
    zones=None,
    target: str = "JPN",
    impacts=None,
    tracks=None,
    launch_sites=None,
    range_rings_km=None,
    offline: bool = False,
    assets_dir=None,
    simplify_km: float = 0.5,
    land: bool | None = None,
    uncertainty_level: float = 0.9,
    title: str | None = None,
):
    """Draw verdicts on a :class:`folium.Map` (a notebook shows it inline; :func:`save` writes it).

    ``results``: a table from :func:`geo.classify.check_points` (extra columns such as ``name``
    are shown in the popups), or PointResult(s). ``impacts``: objects with the attributes of
    ``geo.reports.landing.ImpactEstimate`` (landing point, optional launch point and sample cloud,
    ``p_in_target_eez``, ``call``, ``result``); result rows at an impact's landing point are
    drawn once, as the impact. ``tracks``: sequences of (lat, lon) waypoints joined by
    geodesics (each impact adds launch → landing). ``launch_sites``: (lat, lon[, name]) or dicts;
    ``range_rings_km`` are drawn around every launch site. ``zones``: anything
    :func:`geo.zones.load_zones` takes. ``land``: draw land from the zone data (default: only
    offline). ``offline``: no tiles, assets inlined from ``assets_dir`` when saved.
    """
    import folium
    from folium import plugins

    from geo.classify import RESULT_COLUMNS
    from geo.zones import load_zones

    _classes()
    target = _check_target(target)
    node_modules = find_assets(assets_dir) if offline else None
    if land is None:
        land = bool(offline)
    z = load_zones(zones)
    attribution = f"{z.source.dataset}, edition {z.source.edition}; licence {z.source.licence}; {z.source.attribution}"

    records = [r for r in _records(results)]
    for r in records:
        r["lat"], r["lon"] = _float(r.get("lat")), _float(r.get("lon"))
    impacts = list(impacts or [])
    sites = _sites(launch_sites)
    track_list = _tracks(tracks)
    rings = _rings(range_rings_km)

    landing = set()
    for i, imp in enumerate(impacts):
        _, la, lo = _impact_attrs(imp, i)
        landing.add((round(la, 9), round(lo, 9)))
        llat, llon = getattr(imp, "launch_lat", None), getattr(imp, "launch_lon", None)
        if llat is not None and llon is not None:
            la0, lo0 = _one_coord(llat, llon, f"impacts[{i}] launch point")
            sites.append(_Site(la0, lo0, getattr(imp, "launch_name", None)))
            track_list.append(([(la0, lo0), (la, lo)], f"{getattr(imp, 'launch_name', None) or 'launch'} → impact {i + 1}"))
    # Same site given twice (e.g. several impacts from one launch point): draw it once.
    uniq, seen = [], set()
    for s in sites:
        k = (round(s.lat, 6), round(s.lon, 6))
        if k not in seen:
            seen.add(k)
            uniq.append(s)
    sites = uniq
    if rings and not sites:
        raise InputError("range_rings_km needs a launch site to centre the rings on: pass launch_sites=[(lat, lon, name)]")
    drawn = [
        r for r in records
        if math.isfinite(r["lat"]) and math.isfinite(r["lon"]) and (round(r["lat"], 9), round(r["lon"], 9)) not in landing
    ]

    # ---- geometry of the data layers (also what the view fits)
    fit = []  # (lon, lat)
    counts = {k: 0 for k in VERDICT_COLOURS}
    counts[None] = 0
    point_feats, point_meta = _result_layer(drawn, target, attribution, RESULT_COLUMNS)
    for r in drawn:
        counts[_verdict_of(r)] += 1
        fit.append((r["lon"], r["lat"]))
    impact_feats, region_feats = [], []
    for i, imp in enumerate(impacts):
        _, la, lo = _impact_attrs(imp, i)
        reg = uncertainty_region(
            lat=la, lon=lo, samples_lat=getattr(imp, "samples_lat", None), samples_lon=getattr(imp, "samples_lon", None),
            level=uncertainty_level,
        )
        f, verdict = _impact_feature(imp, i, target, attribution, reg)
        impact_feats.append(f)
        counts[verdict] += 1
        fit.append((lo, la))
        if reg is not None:
            p = getattr(imp, "p_in_target_eez", None)
            tip = f"{reg.level:.0%} uncertainty region ({reg.n_samples} samples, holds {reg.fraction:.1%})"
            if p is not None and math.isfinite(_float(p)):
                tip += f"\nP(in {_possessive(target)} EEZ) = {_float(p):.2f}"
            colour = VERDICT_COLOURS.get(verdict, _NO_VERDICT)
            coords = [[round(float(a), 5), round(float(b), 5)] for a, b in zip(reg.lon, reg.lat)]
            region_feats.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [coords]},
                    "properties": {
                        "_style": {"color": colour, "weight": 2, "dashArray": "5 4", "fillColor": colour,
                                   "fillOpacity": 0.12, "className": "eezcheck-uncertainty"},
                        "_tooltip": tip,
                    },
                }
            )
            fit.extend(zip(reg.lon, reg.lat))
    site_feats = []
    for s in sites:
        name = s.name or "launch site"
        site_feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},
                "properties": {
                    "_point": "launch",
                    "_title": name,
                    "_tooltip": f"Launch site: {name}",
                    "_rows": [["name", name], ["lat", _fmt("lat", s.lat)], ["lon", _fmt("lon", s.lon)]],
                },
            }
        )
        fit.append((s.lon, s.lat))
    track_feats = []
    for pts, name in track_list:
        parts, total = [], 0.0
        for (la1, lo1), (la2, lo2) in zip(pts[:-1], pts[1:]):
            parts += geodesic_track(lat1=la1, lon1=lo1, lat2=la2, lon2=lo2)
            total += GEOD.inv(lo1, la1, lo2, la2)[2]
        style = {"color": "#222222", "weight": 2, "opacity": 0.85, "dashArray": "8 5", "pane": "eezcheck-lines",
                 "className": "eezcheck-track"}
        track_feats.append(_line_feature(parts, style, f"Ground track (geodesic){': ' + name if name else ''}\n{_km_nm(total)}"))
        for lo, la in parts:
            fit.extend(zip(lo[:: max(1, len(lo) // 20)], la[:: max(1, len(la) // 20)]))
    ring_feats = []
    for s in sites:
        for r_km in rings:
            style = {"color": "#444444", "weight": 1.5, "opacity": 0.9, "dashArray": "2 4", "pane": "eezcheck-lines",
                     "className": "eezcheck-ring"}
            ring_feats.append(
                _line_feature(range_ring(lat=s.lat, lon=s.lon, radius_km=r_km), style,
                              f"{_km_nm(r_km * 1000)} from {s.name or 'the launch site'} (geodesic range ring)")
            )
    limit_feats = []
    for rec in [*drawn[:200], *[getattr(imp, "result", None) for imp in impacts]]:
        if rec is None:
            continue
        d = rec if isinstance(rec, dict) else rec.to_dict()
        la, lo = _float(d.get("nearest_limit_lat")), _float(d.get("nearest_limit_lon"))
        if not (math.isfinite(la) and math.isfinite(lo)):
            continue
        dist = _float(d.get("distance_to_target_eez_km"))
        parts = geodesic_track(lat1=d["lat"], lon1=d["lon"], lat2=la, lon2=lo)
        word = "inside, " if dist >= 0 else "outside, "
        tip = f"Nearest point of {_possessive(target)} EEZ limit: {word}{abs(dist):,.1f} km ({abs(dist) * 1000 / NM:,.1f} NM)"
        style = {"color": "#111111", "weight": 1.5, "opacity": 0.8, "dashArray": "1 4", "pane": "eezcheck-lines",
                 "className": "eezcheck-limit-line"}
        limit_feats.append(_line_feature(parts, style, tip))
        fit.append((lo, la))

    # ---- the map
    region = _region(z, target, fit)
    if fit:
        a = np.asarray(fit, dtype=float)
        w, s_, e, n = a[:, 0].min(), a[:, 1].min(), a[:, 0].max(), a[:, 1].max()
    else:
        w, s_, e, n = region
    cx, cy = (w + e) / 2, (s_ + n) / 2
    # At least ~2° across so one point does not zoom to street level.
    w, e = min(w, cx - 1.0), max(e, cx + 1.0)
    s_, n = max(min(s_, cy - 1.0), -85.0), min(max(n, cy + 1.0), 85.0)

    if title is None:
        title = f"eezcheck — {_possessive(target)} EEZ"
    m = folium.Map(location=[cy, cx], zoom_start=5, tiles=None, control_scale=False, prefer_canvas=False)
    # Only Leaflet: the maps use no Bootstrap, jQuery or icon fonts (smaller, faster, fewer assets).
    m.default_js = [("leaflet", folium.Map.default_js[0][1])]
    m.default_css = [("leaflet_css", folium.Map.default_css[0][1])]
    page = _Page(title=title, node_modules=node_modules)
    page.add_child(m)
    css = _CSS + (".leaflet-container{background:#cfe0ee}" if offline else "")
    m.add_child(_Setup(attribution=_short_attribution(z.source), css=css))
    if not offline:
        folium.TileLayer("OpenStreetMap", name="Base map", control=False).add_to(m)

    legend_zone_keys = []
    for key, name, feats, show in _zone_features(z, target, region, simplify_km, land):
        _Features(feats, name=name, show=show).add_to(m)
        legend_zone_keys.append((key, name))
    if ring_feats:
        _Features(ring_feats, name="Range rings (geodesic)", pane="eezcheck-lines").add_to(m)
    if track_feats:
        _Features(track_feats, name="Ground tracks (geodesic)", pane="eezcheck-lines").add_to(m)
    if limit_feats:
        _Features(limit_feats, name=f"Distance to {_possessive(target)} EEZ limit", pane="eezcheck-lines").add_to(m)
    if region_feats:
        _Features(region_feats, name=f"Uncertainty ({uncertainty_level:.0%} of samples)", pane="eezcheck-lines").add_to(m)
    if site_feats:
        _Features(site_feats, name="Launch sites", pane="eezcheck-points").add_to(m)
    if point_feats:
        _Features(point_feats, name="Points (by verdict)", pane="eezcheck-points", meta=point_meta).add_to(m)
    if impact_feats:
        _Features(impact_feats, name="Impacts (by verdict)", pane="eezcheck-points").add_to(m)

    m.add_child(
        _Legend(
            _legend_html(target, counts, legend_zone_keys, bool(site_feats), bool(track_feats), bool(ring_feats),
                         bool(region_feats), uncertainty_level, z.source),
            [[s_, w], [n, e]],
        )
    )
    _LayerControl(position="topright", collapsed=True).add_to(m)
    plugins.Fullscreen(position="topleft").add_to(m)
    plugins.MeasureControl(
        position="topright",
        primary_length_unit="kilometers",
        secondary_length_unit="nauticalmiles",
        primary_area_unit="sqkilometers",
        secondary_area_unit=None,
        units={
            "nauticalmiles": {"factor": 1 / NM, "display": "nautical miles", "decimals": 2},
            "sqkilometers": {"factor": 1e-6, "display": "km²", "decimals": 0},
        },
    ).add_to(m)
    fmt = "function (d) { return Math.abs(d).toFixed(4) + '° ' + (d >= 0 ? '%s' : '%s'); }"
    plugins.MousePosition(
        position="bottomright", separator="  ", empty_string="", num_digits=4, prefix="",
        lat_formatter=fmt % ("N", "S"), lng_formatter=fmt % ("E", "W"),
    ).add_to(m)
    m.add_child(_NmScale())
    return m


def _swatch(style: dict, kind: str = "area") -> str:
    if kind == "point":
        return (
            '<svg width="16" height="16"><circle cx="8" cy="8" r="6" stroke="#fff" stroke-width="2" '
            f'fill="{_esc(style["fillColor"])}"/></svg>'
        )
    if kind == "launch":
        return '<svg width="16" height="16"><polygon points="8,1 15,14 1,14" fill="#111" stroke="#fff"/></svg>'
    if kind == "line":
        return (
            '<svg width="24" height="12"><line x1="1" y1="6" x2="23" y2="6" '
            f'stroke="{_esc(style["color"])}" stroke-width="2" stroke-dasharray="{_esc(style.get("dashArray", ""))}"/></svg>'
        )
    return (
        '<svg width="24" height="14"><rect x="1" y="1" width="22" height="12" '
        f'fill="{_esc(style["fillColor"])}" fill-opacity="{style.get("fillOpacity", 1)}" '
        f'stroke="{_esc(style["color"])}" stroke-width="1.2" stroke-dasharray="{_esc(style.get("dashArray", ""))}"/></svg>'
    )


def _legend_html(target, counts, zone_keys, sites, tracks, rings, regions, level, source) -> str:
    def item(sw, label):
        return f'<div class="eezcheck-item">{sw}<span>{_esc(label)}</span></div>'

    total = sum(counts.values())
    parts = [f"<h4>{_esc(_possessive(target))} EEZ — verdicts</h4>"]
    if total:
        bits = [f"{counts[k]} {k}" for k in VERDICT_COLOURS if counts[k]]
        if counts[None]:
            bits.append(f"{counts[None]} without verdict")
        parts.append(f'<div class="eezcheck-summary">{_esc(", ".join(bits))}</div>')
    for k, c in VERDICT_COLOURS.items():
        label = {"inside": f"inside {_possessive(target)} EEZ", "outside": f"outside {_possessive(target)} EEZ",
                 "disputed": "disputed (shared waters)", "too close to call": "too close to call"}[k]
        parts.append(item(_swatch({"fillColor": c}, "point"), f"{label} ({counts[k]})"))
    if counts[None]:
        parts.append(item(_swatch({"fillColor": _NO_VERDICT}, "point"), f"no verdict ({counts[None]})"))
    extras = []
    if sites:
        extras.append(item(_swatch({}, "launch"), "launch site"))
    if tracks:
        extras.append(item(_swatch({"color": "#222222", "dashArray": "8 5"}, "line"), "ground track (geodesic)"))
    if rings:
        extras.append(item(_swatch({"color": "#444444", "dashArray": "2 4"}, "line"), "range ring (geodesic)"))
    if regions:
        extras.append(item(_swatch({"color": "#555555", "fillColor": "#555555", "fillOpacity": 0.12, "dashArray": "5 4"}),
                           f"{level:.0%} uncertainty region"))
    parts.append('<details class="eezcheck-more" open><summary>Zones and lines</summary>')
    parts.extend(extras)
    for key, name in zone_keys:
        parts.append(item(_swatch(_ZONE_STYLE[key]), name))
    parts.append(
        f'<div class="eezcheck-source">Zones: {_esc(source.dataset)}, {_esc(source.edition)} '
        f"({_esc(source.licence)}). Drawn simplified; verdicts use the full data.</div></details>"
    )
    return "".join(parts)


def _short_attribution(src) -> str:
    """One line for the map corner: dataset, edition, licence and whom to credit."""
    credit = (src.attribution or "").strip()
    first = re.split(r"\. |; ", credit)[0].rstrip(".").strip()
    if len(first) > 90:
        first = first[:87].rstrip() + "…"
    if first and not first.startswith(("©", "(c)", "Copyright")):
        first = "© " + first
    text = f"Zones: {src.dataset} {src.edition}, {src.licence}"
    return text + (f", {first}" if first else "")


def to_html(m) -> str:
    """The map's complete HTML page (offline maps with their assets inlined)."""
    return m.get_root().render()


def save(m, path) -> Path:
    """Write the map's HTML to ``path`` atomically (a temporary file, then a rename)."""
    from geo.cli._output import atomic_write

    page = to_html(m)
    path = Path(path)
    atomic_write(path, lambda tmp: Path(tmp).write_text(page, encoding="utf-8"))
    return path
