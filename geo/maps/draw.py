"""Drawing the map: one HTML page that shows the verdicts at a glance, shareable as a single file.

:func:`result_map` draws classified points (a table from :func:`geo.classify.check_points`),
impact estimates (landing point, uncertainty region and its probability), launch sites,
geodesic ground tracks and range rings over the target state's zones, its shared (disputed or
joint) zones and its neighbours' zones, and returns a :class:`folium.Map` (which a notebook
displays inline). :func:`save` writes it; ``offline=True`` makes the file self-contained.

A map never opens blank: the zones and land are drawn from the zone data, so it reads without
tiles (online, the land lies under the tiles and shows where they fail); an online page whose
scripts cannot load shows a plain-text notice saying so and how to make an offline copy.

What is drawn and its accuracy: :mod:`geo.maps.layers`; colours and words:
:mod:`geo.maps.style`; safety of the page: :mod:`geo.maps.elements`; offline assets:
:mod:`geo.maps.assets`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import folium
import numpy as np
from folium import plugins

from geo._files import atomic_write_text
from geo.errors import InputError
from geo.geodesy import NM
from geo.inputs import check_target
from geo.maps import inputs, layers
from geo.maps.assets import OFFLINE_INSTALL, find_assets
from geo.maps.elements import Features, LayerControl, Legend, MouseCoords, NmScale, Page, ScriptsNotice, Setup
from geo.maps.legend import count_text, legend_html, short_attribution, verdict_counts
from geo.maps.scenarios import labelled, scenario_layers, scenarios_note
from geo.maps.style import CSS, verdict_of
from geo.names import possessive
from geo.reports.region import uncertainty_region
from geo.results import RESULT_COLUMNS
from geo.zones.catalog import load_zones

__all__ = ["result_map", "to_html", "save"]

#: Smallest view, degrees across, so one point does not zoom to street level.
_MIN_VIEW_DEG = 2.0
#: Tolerance (km) of an online map's land, drawn under the tiles: seen only where tiles fail.
UNDER_TILES_LAND_KM = 2.0
#: What an offline map without the npm plugins leaves out, in its legend.
NO_PLUGINS_NOTE = (
    "Offline copy without the ruler and the full-screen button: their scripts are in no PyPI package "
    "(to include them, install the npm packages and pass --assets DIR; see docs/maps.md)."
)


@dataclass
class _Drawing:
    """What the caller asked to draw, checked."""

    records: list  # result rows drawn as points: finite, not at an impact's landing point
    impacts: list
    sites: list
    tracks: list
    rings: list
    scenarios: list = field(default_factory=list)  # report scenarios (impacts with a source)


@dataclass
class _Layers:
    """The data layers' features, their points' verdicts and where the view must reach."""

    points: list = field(default_factory=list)
    point_meta: dict = field(default_factory=dict)
    impacts: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    sites: list = field(default_factory=list)
    tracks: list = field(default_factory=list)
    rings: list = field(default_factory=list)
    limits: list = field(default_factory=list)
    verdicts: list = field(default_factory=list)
    scenarios: list = field(default_factory=list)  # (layer name, features), one per scenario
    note: str | None = None
    fit: list = field(default_factory=list)  # (lon, lat)


def _checked(results, impacts, tracks, launch_sites, range_rings_km) -> _Drawing:
    records = inputs.result_records(results)
    scenarios = [s for s in impacts or [] if hasattr(s, "figures")]  # a report's Scenario
    impacts = [labelled(s) if hasattr(s, "figures") else s for s in impacts or [] if getattr(s, "estimate", s) is not None]
    sites = inputs.launch_sites(launch_sites)
    track_list = inputs.tracks(tracks)
    rings = inputs.range_rings(range_rings_km)
    landing = set()
    for i, imp in enumerate(impacts):
        la, lo = layers.impact_point(imp, i)
        landing.add((round(la, 9), round(lo, 9)))
        llat, llon = getattr(imp, "launch_lat", None), getattr(imp, "launch_lon", None)
        if llat is not None and llon is not None:
            la0, lo0 = inputs.coordinate(llat, llon, f"impacts[{i}] launch point")
            name = getattr(imp, "launch_name", None)
            sites.append(inputs.Site(la0, lo0, name))
            track_list.append(([(la0, lo0), (la, lo)], f"{name or 'launch'} → impact {i + 1}"))
    sites = inputs.unique_sites(sites)
    if rings and not sites:
        raise InputError("range_rings_km needs a launch site to centre the rings on: pass launch_sites=[(lat, lon, name)]")
    drawn = [
        r for r in records
        if math.isfinite(r["lat"]) and math.isfinite(r["lon"]) and (round(r["lat"], 9), round(r["lon"], 9)) not in landing
    ]
    return _Drawing(drawn, impacts, sites, track_list, rings, scenarios)


def _data_layers(d: _Drawing, target: str, attribution: str, level: float) -> _Layers:
    out = _Layers()
    out.points, out.point_meta = layers.result_features(d.records, target, attribution, RESULT_COLUMNS)
    out.verdicts += [verdict_of(r) for r in d.records]
    out.fit += [(r["lon"], r["lat"]) for r in d.records]
    for i, imp in enumerate(d.impacts):
        la, lo = layers.impact_point(imp, i)
        region = uncertainty_region(lat=la, lon=lo, samples_lat=getattr(imp, "samples_lat", None),
                                    samples_lon=getattr(imp, "samples_lon", None), level=level)
        feature, verdict = layers.impact_feature(imp, i, target, attribution, region)
        out.impacts.append(feature)
        out.verdicts.append(verdict)
        out.fit.append((lo, la))
        if region is not None:
            out.regions.append(layers.region_feature(region, verdict, getattr(imp, "p_in_target_eez", None), target,
                                                     p_stderr=getattr(imp, "p_stderr", None),
                                                     n_samples=getattr(imp, "n_samples", None)))
            out.fit.extend(zip(region.lon, region.lat))
    for s in d.sites:
        out.sites.append(layers.site_feature(s))
        out.fit.append((s.lon, s.lat))
    for pts, name in d.tracks:
        feature, fit = layers.track_feature(pts, name)
        out.tracks.append(feature)
        out.fit.extend(fit)
    out.rings = [layers.ring_feature(s, r_km) for s in d.sites for r_km in d.rings]
    out.scenarios, fit = scenario_layers(d.scenarios, target)
    out.fit += fit
    out.note = scenarios_note(d.scenarios) if d.scenarios else None
    for rec in [*d.records[: layers.MAX_LIMIT_LINES], *[getattr(imp, "result", None) for imp in d.impacts]]:
        line = None if rec is None else layers.limit_feature(rec, target)
        if line is not None:
            out.limits.append(line[0])
            out.fit.append(line[1])
    return out


def _view(fit, region) -> list[list[float]]:
    """[[south, west], [north, east]] the map fits: the data (else the zone region), ≥ 2° across."""
    if fit:
        a = np.asarray(fit, dtype=float)
        w, s, e, n = a[:, 0].min(), a[:, 1].min(), a[:, 0].max(), a[:, 1].max()
    else:
        w, s, e, n = region
    cx, cy = (w + e) / 2, (s + n) / 2
    half = _MIN_VIEW_DEG / 2
    w, e = min(w, cx - half), max(e, cx + half)
    s, n = max(min(s, cy - half), -85.0), min(max(n, cy + half), 85.0)
    return [[float(s), float(w)], [float(n), float(e)]]


def _new_map(title: str, bounds, *, assets, source) -> folium.Map:
    (s, w), (n, e) = bounds
    m = folium.Map(location=[(s + n) / 2, (w + e) / 2], zoom_start=5, tiles=None, control_scale=False,
                   prefer_canvas=False)
    # Only Leaflet: the maps use no Bootstrap, jQuery or icon fonts (smaller, faster, fewer assets).
    m.default_js = [("leaflet", folium.Map.default_js[0][1])]
    m.default_css = [("leaflet_css", folium.Map.default_css[0][1])]
    Page(title=title, assets=assets).add_child(m)
    m.add_child(Setup(attribution=short_attribution(source), css=CSS))
    if assets is None:
        folium.TileLayer("OpenStreetMap", name="Base map", control=False).add_to(m)
    return m


def _zone_layers(z, target: str, region, simplify_km: float, land, offline: bool) -> tuple[list, list]:
    """(layers under the tiles, zone layers): land is a layer offline (or with land=True), and
    by default lies under an online map's tiles, coarser, where it shows only if they fail."""
    under = land is None and not offline
    drawn = layers.zone_layers(z, target, region, simplify_km, True if land is None else bool(land),
                               max(simplify_km, UNDER_TILES_LAND_KM) if under else None)
    if not under:
        return [], drawn
    return [lyr for lyr in drawn if lyr[0] == "land"], [lyr for lyr in drawn if lyr[0] != "land"]


def _add_layers(m, under_tiles, zone_layers, data: _Layers, target: str, level: float) -> None:
    for _key, name, feats, _show in under_tiles:
        Features(feats, name=name, pane="eezcheck-under-tiles", control=False).add_to(m)
    for _key, name, feats, show in zone_layers:
        Features(feats, name=name, show=show).add_to(m)
    lines = "eezcheck-lines"
    for feats, name, pane in (
        (data.rings, "Range rings (geodesic)", lines),
        (data.tracks, "Ground tracks (geodesic)", lines),
        (data.limits, f"Distance to {possessive(target)} EEZ limit", lines),
        (data.regions, f"Uncertainty ({level:.0%} of samples)", lines),
        (data.sites, "Launch sites", "eezcheck-points"),
    ):
        if feats:
            Features(feats, name=name, pane=pane).add_to(m)
    for name, feats in data.scenarios:
        Features(feats, name=name, pane="eezcheck-lines").add_to(m)
    if data.points:
        Features(data.points, name="Points (by verdict)", pane="eezcheck-points", meta=data.point_meta).add_to(m)
    if data.impacts:
        Features(data.impacts, name="Impacts (by verdict)", pane="eezcheck-points").add_to(m)


def _add_controls(m, with_plugins: bool) -> None:
    LayerControl(position="topright", collapsed=True).add_to(m)
    m.add_child(MouseCoords())
    m.add_child(NmScale())
    if not with_plugins:
        return
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


def _notice(target: str, counts: dict, source) -> list[str]:
    """The plain text an online page shows when its scripts cannot load."""
    shown = count_text(counts)
    return [
        "This map could not load its scripts.",
        "It is an online map: its JavaScript and CSS (Leaflet) and its background map come from the internet, "
        "which this browser could not reach (offline, or blocked by a proxy, a firewall or a browser setting).",
        *([f"It shows {possessive(target)} EEZ and {shown} (zones: {source.dataset}, {source.edition})."] if shown else []),
        "For a copy that opens without internet, draw it again with --offline, once the offline files are "
        "installed:",
        f"$ {OFFLINE_INSTALL}",
        "$ eezcheck map RESULTS.csv -o map.html --offline",
        "or add --offline to the point, batch or impact command that drew this map (with --map); in Python: "
        "geo.maps.save(geo.maps.result_map(..., offline=True), \"map.html\").",
    ]


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

    Parameters
    ----------
    results : DataFrame, PointResult or list of them, optional
        A table from :func:`geo.classify.check_points` (extra columns such as ``name`` are shown
        in the popups). Rows at an impact's landing point are drawn once, as the impact.
    zones : optional
        Any ``zones=`` value (:func:`geo.zones.catalog.load_zones`); default: the default data set.
    target : str
        The state whose zones are drawn as its own (ISO 3166-1 alpha-3).
    impacts : sequence of ImpactEstimate, optional
        Objects with the attributes of :class:`geo.reports.landing.ImpactEstimate`; each adds
        its launch site and the ground track launch → landing. A report's
        :class:`~geo.reports.scenarios.Scenario` also gets a layer of its own: its landing cloud and
        range arcs restricted to the (landing) sea, and a label naming its source (:mod:`geo.maps.scenarios`).
    tracks : sequence, optional
        (lat, lon) waypoints joined by geodesics, or dicts with ``points`` and ``name``.
    launch_sites : sequence, optional
        (lat, lon[, name]) or dicts; ``range_rings_km`` are drawn around each.
    range_rings_km : sequence of float, optional
    offline : bool
        A page that needs no network: no tiles (land drawn from the zone data), Leaflet inlined
        when saved, from ``assets_dir`` or the ``eezcheck[offline]`` extra (:func:`find_assets`).
    assets_dir : path-like, optional
        For ``offline``: a folder with Leaflet's files, or an npm folder with the plugins too.
    simplify_km : float
        Tolerance of the zones' drawn outlines.
    land : bool, optional
        Draw the zone data's land rows as a layer. Default: offline yes; online under the
        tiles (coarser, seen only where tiles fail). False: no land.
    uncertainty_level : float
        Share of an impact's samples its drawn uncertainty region holds.
    title : str, optional
        The page title.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> from geo.classify import check_points
    >>> m = result_map(check_points(lat=[41.5], lon=[137.8]))  # doctest: +SKIP
    >>> save(m, "verdicts.html")  # doctest: +SKIP
    """
    target = check_target(target)
    assets = find_assets(assets_dir) if offline else None
    z = load_zones(zones)
    src = z.source
    attribution = f"{src.dataset}, edition {src.edition}; licence {src.licence}; {src.attribution}"
    data = _data_layers(_checked(results, impacts, tracks, launch_sites, range_rings_km), target, attribution,
                        uncertainty_level)
    region = layers.display_region(z, target, data.fit)
    bounds = _view(data.fit, region)
    title = f"eezcheck — {possessive(target)} EEZ" if title is None else title
    m = _new_map(title, bounds, assets=assets, source=src)
    under_tiles, zone_layers = _zone_layers(z, target, region, simplify_km, land, bool(offline))
    _add_layers(m, under_tiles, zone_layers, data, target, uncertainty_level)
    _add_legend_and_controls(m, data, zone_layers, bounds, assets=assets, target=target, level=uncertainty_level,
                             source=src)
    return m


def _add_legend_and_controls(m, data: _Layers, zone_layers, bounds, *, assets, target: str, level: float,
                             source) -> None:
    with_plugins = assets is None or assets.plugins is not None
    counts = verdict_counts(data.verdicts)
    html = legend_html(target, counts, [(k, name) for k, name, _, _ in zone_layers],
                       sites=bool(data.sites), tracks=bool(data.tracks), rings=bool(data.rings),
                       regions=bool(data.regions), level=level, source=source,
                       note=" ".join(n for n in (data.note, None if with_plugins else NO_PLUGINS_NOTE) if n) or None)
    m.add_child(Legend(html, bounds))
    _add_controls(m, with_plugins)
    if assets is None:
        m.add_child(ScriptsNotice(_notice(target, counts, source)))  # last: its script runs only if all before did


def to_html(m) -> str:
    """The map's complete HTML page (an offline map's assets inlined).

    Parameters
    ----------
    m : folium.Map
        From :func:`result_map`.

    Returns
    -------
    str

    Examples
    --------
    >>> to_html(result_map()).startswith("<!DOCTYPE html>")  # doctest: +SKIP
    True
    """
    return m.get_root().render()


def save(m, path) -> Path:
    """Write the map's HTML page to ``path`` atomically (no half-written file).

    Parameters
    ----------
    m : folium.Map
        From :func:`result_map`.
    path : path-like

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> save(result_map(), "japan.html")  # doctest: +SKIP
    PosixPath('japan.html')
    """
    path = Path(path)
    atomic_write_text(path, to_html(m))
    return path
