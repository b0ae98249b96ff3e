"""The GeoJSON features a map draws: zones for display, result points, impacts and their
uncertainty regions, launch sites, ground tracks, range rings and lines to the EEZ limit.

Geometry drawn here is for the eye only; verdicts always come from the full-resolution zones.
Zones are clipped to the region around the data and simplified in a local azimuthal equidistant
projection with a tolerance in metres (``simplify_km``), then rounded to 1e-4°: the drawn
boundary is within ``simplify_km`` × 1.06 + 15 m of the data's (AEQD scale error ≤ 6 % within
3,500 km of the centre, :func:`geo.geodesy.local_aeqd`; 1e-4° ≤ 11.2 m east-west, 11.1 m
north-south). Land is the zone data's land rows and nothing else: the data layer alone decides
what is land (:mod:`geo.zones.readers` turns Marine Regions' island holes into land rows). Tracks
and rings come from :func:`geo.geodesy.geodesic_track` and
:func:`geo.geodesy.range_ring` (their error bounds are stated there).

Each feature's ``properties`` are read by the page's script (:data:`geo.maps.style.JS_HELPER`):
``_style`` (Leaflet path style) or ``_s`` (a key of the layer's shared styles), ``_tooltip``,
``_title``, ``_headline``, ``_rows`` (popup rows) or ``_v`` (values for the layer's shared keys),
``_point`` (what kind of point).
"""

from __future__ import annotations

import json
import math

import numpy as np
import shapely

from geo.errors import InputError
from geo.geodesy import GEOD, NM, geodesic_track, local_aeqd, range_ring
from geo.index import index_for
from geo.maps.inputs import Site, to_float
from geo.maps.style import (
    VERDICT_COLOURS,
    ZONE_KIND_WORDS,
    ZONE_STYLE,
    format_value,
    headline,
    km_nm,
    point_style,
    verdict_colour,
    verdict_of,
)
from geo.names import country_name, possessive
from geo.reports.describe import format_latlon
from geo.reports.region import UncertaintyRegion
from geo.reports.sampler import probability_text
from geo.zones.model import SHARED_ZONE_TYPES, claim_roles

__all__ = ["display_region", "for_display", "zone_layer_keys", "zone_layers", "result_features", "impact_point", "impact_feature",
           "region_feature", "site_feature", "track_feature", "ring_feature", "limit_feature", "line_feature",
           "ROUND_DEG", "MAX_LIMIT_LINES"]

#: Decimals of the zones' drawn coordinates: 1e-4° ≈ 11 m, plenty for display, half the file size.
ROUND_DEG = 4
#: Lines to the EEZ limit are drawn for at most this many result points (each is a geodesic).
MAX_LIMIT_LINES = 200
_MARGIN_DEG = 10.0

#: Land is the zone data's land rows, nothing else (geo.zones.readers turns Marine Regions'
#: island holes into land rows); it is drawn first, under the sea zones.
_LAND_TITLE = "Land (from the zone data)"
#: The zone layers after land, in drawing order: (key, title template, shown at first).
_ZONE_LAYERS = (
    ("neighbour", "Neighbours' zones", True),
    ("neighbour_shared", "Other overlapping claims / joint regimes", True),
    ("eez", "{poss} EEZ", True),
    ("contiguous_zone", "{poss} contiguous zone", True),
    ("territorial_sea", "{poss} territorial sea", True),
    ("internal_waters", "{poss} internal waters", False),
    ("overlapping_claim", "Overlapping claims ({name} a claimant)", True),
    ("joint_regime", "Joint regimes ({name} a party)", True),
)


# --------------------------------------------------------------------------- zones for display


def display_region(z, target: str, data_lonlat) -> tuple[float, float, float, float]:
    """(west, south, east, north) to draw zones in: the target's claim and the data, plus 10°
    (the view is wider than the data on a wide screen).

    Parameters
    ----------
    z : geo.zones.Zones
    target : str
    data_lonlat : sequence of (lon, lat)
        What the map shows besides zones.

    Returns
    -------
    tuple of float

    Examples
    --------
    >>> from geo.zones import load_zones
    >>> w, s, e, n = display_region(load_zones(None), "JPN", [])  # doctest: +SKIP
    >>> w < 123 and e > 153  # doctest: +SKIP
    True
    """
    boxes = []
    claim = index_for(z).claim(target)
    if claim.exists:
        boxes.append(claim.area.bounds)
    if len(data_lonlat):
        a = np.asarray(data_lonlat, dtype=float)
        boxes.append((a[:, 0].min(), a[:, 1].min(), a[:, 0].max(), a[:, 1].max()))
    if not boxes:
        return (-180.0, -85.0, 180.0, 85.0)
    b = np.array(boxes)
    w, s = b[:, 0].min() - _MARGIN_DEG, b[:, 1].min() - _MARGIN_DEG
    e, n = b[:, 2].max() + _MARGIN_DEG, b[:, 3].max() + _MARGIN_DEG
    return (max(w, -180.0), max(s, -90.0), min(e, 180.0), min(n, 90.0))


def for_display(geoms, centre, simplify_km: float):
    """Geometries simplified in a local AEQD projection (tolerance in metres), rounded to 1e-4°.

    Parameters
    ----------
    geoms : array-like of shapely geometries (lon/lat)
    centre : (lon, lat)
        The projection's centre.
    simplify_km : float
        Tolerance; 0 or None: no simplification.

    Returns
    -------
    numpy.ndarray of shapely geometries

    Examples
    --------
    >>> [g] = for_display([shapely.LineString([(130, 40), (130.5, 40.00001), (131, 40)])], (130.5, 40), 0.5)
    >>> len(g.coords)
    2
    """
    geoms = np.asarray(geoms, dtype=object)
    if simplify_km and simplify_km > 0 and len(geoms):
        fwd, inv = local_aeqd(centre[1], centre[0])
        xy = shapely.transform(geoms, lambda c: np.column_stack(fwd.transform(c[:, 0], c[:, 1])))
        xy = shapely.simplify(xy, simplify_km * 1000.0, preserve_topology=True)
        geoms = shapely.transform(xy, lambda c: np.column_stack(inv.transform(c[:, 0], c[:, 1])))
    return shapely.transform(geoms, lambda c: np.round(c, ROUND_DEG))


def zone_layer_keys(zone_type, sovereigns, target: str) -> list[str]:
    """Which layer each zone is drawn in: a key of :data:`geo.maps.style.ZONE_STYLE`.

    Land is one layer, whoever's; the target's own and shared zones (as
    :func:`geo.zones.model.claim_roles` decides) are drawn by type; other states' shared
    zones as "neighbour_shared", their other zones as "neighbour".

    Parameters
    ----------
    zone_type : array-like of str
    sovereigns : sequence of tuple of str
    target : str

    Returns
    -------
    list of str

    Examples
    --------
    >>> zone_layer_keys(["eez", "overlapping_claim", "eez", "joint_regime", "land"],
    ...                 [("JPN",), ("JPN", "KOR"), ("KOR",), ("CHN", "KOR"), ("KOR",)], "JPN")
    ['eez', 'overlapping_claim', 'neighbour', 'neighbour_shared', 'land']
    """
    zt = np.asarray(zone_type, dtype=object)
    own, shared = claim_roles(zt, sovereigns, target)
    keys = np.where(np.isin(zt, list(SHARED_ZONE_TYPES)), "neighbour_shared", "neighbour").astype(object)
    keys[own | shared] = zt[own | shared]
    keys[zt == "land"] = "land"  # one land layer, whoever's (its tooltip names it)
    return list(keys)


def _zone_tooltip(key: str, zone_type: str, sovereigns: tuple, name, mrgid, target: str) -> str:
    claimants = ", ".join(country_name(c) for c in sovereigns) or "—"
    name = name if name is not None else ""
    if key in ("overlapping_claim", "joint_regime", "neighbour_shared"):
        kind = "Overlapping claim" if zone_type == "overlapping_claim" else "Joint regime"
        tip = f"{kind} — claimants: {claimants}\n{name}"
    elif key == "neighbour":
        tip = f"{claimants}: {zone_type.replace('_', ' ')}\n{name}"
    elif key == "land":
        tip = f"Land: {name}" if name else "Land"
    else:
        tip = f"{possessive(target)} {ZONE_KIND_WORDS[key]}\n{name}"
    return tip + (f" (MRGID {mrgid})" if mrgid is not None else "")


def _zone_style(key: str) -> dict:
    return dict(ZONE_STYLE[key], className=f"eezcheck-zone eezcheck-zone-{key.replace('_', '-')}")


def _zone_features(t, idx, key, box, centre, simplify_km, target) -> list[dict]:
    """Features of the zone rows ``idx`` of table ``t``, clipped to ``box``, for display."""
    geoms = np.asarray(t.geometry.values, dtype=object)[idx]
    clipped = np.where(shapely.within(geoms, box), geoms, shapely.intersection(geoms, box))
    disp = for_display(clipped, centre, simplify_km)
    rows = t.iloc[idx]
    zt, names = rows["zone_type"].to_numpy(dtype=object), rows["name"].to_numpy(dtype=object)
    sov, mrgid = list(rows["sovereigns"]), rows["mrgid"].to_numpy(dtype=object, na_value=None)
    style = _zone_style(key)
    out = []
    for j, gd in enumerate(disp):
        if gd is None or gd.is_empty:
            continue
        tip = _zone_tooltip(key, zt[j], tuple(sov[j]), names[j], mrgid[j], target)
        out.append({"type": "Feature", "geometry": json.loads(shapely.to_geojson(gd)),
                    "properties": {"_style": style, "_tooltip": tip}})
    return out


def zone_layers(z, target: str, box_bounds, simplify_km: float, want_land: bool,
                land_simplify_km: float | None = None) -> list[tuple]:
    """The zone layers of a map, land first.

    Parameters
    ----------
    z : geo.zones.Zones
    target : str
    box_bounds : (west, south, east, north)
        The region to draw (:func:`display_region`).
    simplify_km : float
    want_land : bool
        Draw the zone data's land rows (``zone_type == "land"``) as a layer.
    land_simplify_km : float, optional
        The land layer's tolerance, if not ``simplify_km`` (a coarser land for under the tiles).

    Returns
    -------
    list of (key, layer name, features, shown at first)
        Keys are those of :data:`geo.maps.style.ZONE_STYLE`; layers without features are left out.

    Examples
    --------
    >>> from geo.zones import load_zones
    >>> [k for k, *_ in zone_layers(load_zones(None), "JPN", (128, 30, 145, 45), 5, False)][:3]  # doctest: +SKIP
    ['neighbour', 'eez', 'contiguous_zone']
    """
    t = z.table
    box = shapely.box(*box_bounds)
    centre = ((box_bounds[0] + box_bounds[2]) / 2, (box_bounds[1] + box_bounds[3]) / 2)
    hit = np.flatnonzero(shapely.intersects(np.asarray(t.geometry.values, dtype=object), box))
    keys = zone_layer_keys(t["zone_type"].to_numpy(dtype=object)[hit], [tuple(t["sovereigns"].iat[i]) for i in hit], target)
    groups: dict[str, list[int]] = {}
    for i, key in zip(hit, keys):
        groups.setdefault(key, []).append(i)
    layers = []
    words = {"poss": possessive(target), "name": country_name(target)}
    for key, title, show in ((("land", _LAND_TITLE, True),) if want_land else ()) + _ZONE_LAYERS:
        if key in groups:
            tol = land_simplify_km if key == "land" and land_simplify_km is not None else simplify_km
            feats = _zone_features(t, groups[key], key, box, centre, tol, target)
            if feats:
                layers.append((key, title.format(**words), feats, show))
    return layers


# --------------------------------------------------------------------------- points


def _title_of(rec: dict, i: int) -> str:
    for k in ("name", "label", "id", "title", "description"):
        v = rec.get(k)
        if v is not None and not (isinstance(v, float) and math.isnan(v)) and str(v).strip():
            return str(v)
    return f"Point {i + 1}"


def result_features(records: list[dict], target: str, attribution: str, result_columns) -> tuple[list, dict]:
    """Point features of result rows, and the layer's shared ``meta``.

    ``meta`` holds the popup keys (every verdict field, the attribution, then the input's own
    columns), the attribution text and one style per verdict, so a 10,000-row batch does not
    repeat them 10,000 times; each feature carries only its values (``_v``).

    Parameters
    ----------
    records : list of dict
        Rows with finite lat/lon (:func:`geo.maps.inputs.result_records`).
    target : str
    attribution : str
        The zone data's attribution, shown in every popup.
    result_columns : sequence of str
        The verdict fields, in popup order (:data:`geo.results.RESULT_COLUMNS`).

    Returns
    -------
    features : list of dict
    meta : dict

    Examples
    --------
    >>> feats, meta = result_features([{"lat": 41.5, "lon": 137.8, "eez_status": "inside", "name": "a"}],
    ...                               "JPN", "zones: X", ["lat", "lon", "eez_status"])
    >>> feats[0]["properties"]["_s"], meta["keys"]
    ('inside', ['lat', 'lon', 'eez_status', 'attribution', 'name'])
    """
    extra = []
    for rec in records:
        for k in rec:
            if k not in result_columns and k != "geometry" and k not in extra:
                extra.append(k)
    keys = [k for k in result_columns if any(k in r for r in records)] + ["attribution"] + [str(k) for k in extra]
    value_keys = [k for k in keys if k != "attribution"]
    styles = {(v or "none"): point_style(v, "result") for v in (*VERDICT_COLOURS, None)}
    feats = []
    for i, rec in enumerate(records):
        verdict = verdict_of(rec)
        props = {"_point": "result", "_s": verdict or "none", "_title": _title_of(rec, i),
                 "_headline": headline(verdict, target, rec), "_v": [format_value(str(k), rec.get(k)) for k in value_keys]}
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [rec["lon"], rec["lat"]]},
                      "properties": props})
    return feats, {"keys": keys, "fixed": {"attribution": attribution}, "styles": styles}


def impact_point(imp, i: int) -> tuple[float, float]:
    """The landing point (lat, lon) of impact ``i``; an InputError if it has none.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> impact_point(SimpleNamespace(landing_lat=41.0, landing_lon="138"), 0)
    (41.0, 138.0)
    """
    lat, lon = to_float(getattr(imp, "landing_lat", None)), to_float(getattr(imp, "landing_lon", None))
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise InputError(
            f"impacts[{i}]: landing_lat/landing_lon = {getattr(imp, 'landing_lat', None)!r}/"
            f"{getattr(imp, 'landing_lon', None)!r} are not coordinates"
        )
    return lat, lon


def _p_text(p, se, n) -> str | None:
    """p as every output writes it (:func:`~geo.reports.sampler.probability_text`: no "± 0.00", a
    bound at 0 or 1, without samples the plain verdict's exact p); "= p ± se" for an object that
    gives no sample count; None without a p."""
    p, se, n = to_float(p), to_float(se), to_float(n)
    if not math.isfinite(p):
        return None
    if math.isfinite(se) and math.isfinite(n):
        return probability_text(p, se, int(n), decimals=2)[0]
    return f"= {p:.2f}" + (f" ± {se:.2f}" if math.isfinite(se) else "")


def _impact_headline(imp, verdict, target: str, rdict: dict) -> str:
    target = getattr(imp, "target", None) or target
    head = headline(verdict, target, rdict if verdict == "disputed" else None)
    p = _p_text(getattr(imp, "p_in_target_eez", None), getattr(imp, "p_stderr", None), getattr(imp, "n_samples", None))
    return head if p is None else f"{head} — P(in {possessive(target)} EEZ) {p}"


def _impact_rows(imp, lat, lon, target, attribution, region, rdict) -> list[list[str]]:
    def get(name):
        return getattr(imp, name, None)

    rows = [[k, format_value(k, get(k))] for k in ("call", "p_in_target_eez", "p_stderr")]
    rows.append(["target", format_value("target", get("target") or target)])
    rows += [[k, format_value(k, get(k))] for k in ("description", "launch_name", "launch_lat", "launch_lon")]
    rows += [["landing_lat", format_value("landing_lat", lat)], ["landing_lon", format_value("landing_lon", lon)]]
    if region is not None:
        rows.append(["uncertainty region", region.describe()])
    rows += [[k, format_value(k, get(k))] for k in ("description_ja", "uncertainty") if get(k)]
    track = get("track")
    if track is not None and hasattr(track, "summary"):
        rows.append(["ground track", str(track.summary())])
    shown = {k for k, _ in rows}
    rows += [[k, format_value(k, v)] for k, v in rdict.items() if k not in shown]  # e.g. target: once
    rows.append(["impact data_source", format_value("data_source", get("data_source"))])
    rows.append(["attribution", attribution])
    return rows


def impact_feature(imp, i: int, target: str, attribution: str, region: UncertaintyRegion | None) -> tuple[dict, str | None]:
    """The point feature of impact ``i`` and its verdict.

    Parameters
    ----------
    imp : ImpactEstimate or alike
        Read by attribute: landing_lat/lon, call, p_in_target_eez, p_stderr, target, result,
        description, launch_name/lat/lon, track, data_source, …
    i : int
        Its index (names it in errors and as a title fallback).
    target : str
    attribution : str
    region : UncertaintyRegion or None
        Described in the popup.

    Returns
    -------
    feature : dict
    verdict : str or None
        As :func:`geo.maps.style.verdict_of` says.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> f, v = impact_feature(SimpleNamespace(landing_lat=41.0, landing_lon=138.0, call="outside"), 0, "JPN", "", None)
    >>> v, f["properties"]["_headline"]
    ('outside', "Outside Japan's EEZ")
    """
    lat, lon = impact_point(imp, i)
    verdict = verdict_of(imp)
    result = getattr(imp, "result", None)
    rdict = result.to_dict() if result is not None and hasattr(result, "to_dict") else {}
    head = _impact_headline(imp, verdict, target, rdict)
    launch = getattr(imp, "launch_name", None)
    title = str(getattr(imp, "description", None) or (f"Impact from {launch}" if launch else f"Impact {i + 1}"))
    props = {"_point": "impact", "_style": point_style(verdict, "impact", radius=9), "_title": title,
             "_headline": head, "_colour": verdict_colour(verdict), "_tooltip": f"{title}\n{head}",
             "_rows": _impact_rows(imp, lat, lon, target, attribution, region, rdict)}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}, verdict


def region_feature(region: UncertaintyRegion, verdict: str | None, p, target: str, *, p_stderr=None,
                   n_samples=None) -> dict:
    """The polygon feature of an impact's uncertainty region, in its verdict's colour.

    Parameters
    ----------
    region : UncertaintyRegion
    verdict : str or None
    p : float or None
        The impact's P(inside); with ``p_stderr`` and ``n_samples`` written as every output
        writes it (a 95 % bound when no sample, or every sample, is inside).
    target : str
    p_stderr : float, optional
    n_samples : int, optional

    Returns
    -------
    dict
        A GeoJSON feature.

    Examples
    --------
    >>> r = UncertaintyRegion(np.array([138.0, 139, 139, 138]), np.array([40.0, 40, 41, 40]), 0.9, 0.91, 400)
    >>> region_feature(r, "inside", 0.95, "JPN")["properties"]["_tooltip"].splitlines()[1]
    "P(in Japan's EEZ) = 0.95"
    >>> region_feature(r, "inside", 1.0, "JPN", p_stderr=0.0, n_samples=400)["properties"]["_tooltip"].splitlines()[1]
    "P(in Japan's EEZ) > 0.99"
    """
    tip = f"{region.level:.0%} uncertainty region ({region.n_samples} samples, holds {region.fraction:.1%})"
    p_text = _p_text(p, p_stderr, n_samples)
    if p_text is not None:
        tip += f"\nP(in {possessive(target)} EEZ) {p_text}"
    colour = verdict_colour(verdict)
    coords = [[round(float(a), 5), round(float(b), 5)] for a, b in zip(region.lon, region.lat)]
    style = {"color": colour, "weight": 2, "dashArray": "5 4", "fillColor": colour, "fillOpacity": 0.12,
             "className": "eezcheck-uncertainty"}
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [coords]},
            "properties": {"_style": style, "_tooltip": tip}}


def site_feature(site: Site) -> dict:
    """The marker feature of a launch site.

    Examples
    --------
    >>> site_feature(Site(39.0, 125.7, None))["properties"]["_tooltip"]
    'Launch site: 39.00°N 125.70°E'
    """
    # A launch given as coordinates has no name: none is made up for it.
    where = format_latlon(site.lat, site.lon, 2)
    rows = [["name", site.name]] if site.name else []
    rows += [["lat", format_value("lat", site.lat)], ["lon", format_value("lon", site.lon)]]
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [site.lon, site.lat]},
            "properties": {"_point": "launch", "_title": site.name or "Launch site",
                           "_tooltip": f"Launch site: {site.name or where}", "_rows": rows}}


# --------------------------------------------------------------------------- lines


def line_feature(parts, style: dict, tooltip: str) -> dict:
    """A MultiLineString feature of ``(lon, lat)`` parts, coordinates rounded to 1e-5° (≤ 1.2 m).

    Examples
    --------
    >>> line_feature([([130, 131], [40, 41])], {}, "t")["geometry"]["coordinates"]
    [[[130.0, 40.0], [131.0, 41.0]]]
    """
    coords = [[[round(float(a), 5), round(float(b), 5)] for a, b in zip(lo, la)] for lo, la in parts]
    return {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": coords},
            "properties": {"_style": style, "_tooltip": tooltip}}


def track_feature(points, name: str | None) -> tuple[dict, list]:
    """The geodesic ground track through ``points`` [(lat, lon), …], and points of it to fit the
    view to (every 20th vertex or so).

    Examples
    --------
    >>> f, fit = track_feature([(39.0, 125.7), (41.0, 135.0)], "A")
    >>> f["properties"]["_tooltip"].splitlines()[0], len(fit) > 2
    ('Ground track (geodesic): A', True)
    """
    parts, total = [], 0.0
    for (la1, lo1), (la2, lo2) in zip(points[:-1], points[1:]):
        parts += geodesic_track(lat1=la1, lon1=lo1, lat2=la2, lon2=lo2)
        total += GEOD.inv(lo1, la1, lo2, la2)[2]
    style = {"color": "#222222", "weight": 2, "opacity": 0.85, "dashArray": "8 5", "pane": "eezcheck-lines",
             "className": "eezcheck-track"}
    fit = []
    for lo, la in parts:
        step = max(1, len(lo) // 20)
        fit.extend(zip(lo[::step], la[::step]))
    label = f": {name}" if name else ""
    return line_feature(parts, style, f"Ground track (geodesic){label}\n{km_nm(total)}"), fit


def ring_feature(site: Site, radius_km: float) -> dict:
    """The geodesic range ring of ``radius_km`` around a launch site.

    Examples
    --------
    >>> ring_feature(Site(39.0, 125.7, "Sunan"), 926)["properties"]["_tooltip"]
    '926 km (500 NM) from Sunan (geodesic range ring)'
    """
    style = {"color": "#444444", "weight": 1.5, "opacity": 0.9, "dashArray": "2 4", "pane": "eezcheck-lines",
             "className": "eezcheck-ring"}
    parts = range_ring(lat=site.lat, lon=site.lon, radius_km=radius_km)
    return line_feature(parts, style, f"{km_nm(radius_km * 1000)} from {site.name or 'the launch site'} (geodesic range ring)")


def limit_feature(rec, target: str) -> tuple[dict, tuple[float, float]] | None:
    """The geodesic from a result to the nearest point of the target's EEZ limit, and that
    point (lon, lat); None if the result has none.

    Examples
    --------
    >>> f, end = limit_feature({"lat": 41.5, "lon": 137.8, "nearest_limit_lat": 41.6, "nearest_limit_lon": 138.9,
    ...                         "distance_to_target_eez_km": 99.0}, "JPN")
    >>> f["properties"]["_tooltip"], end
    ("Nearest point of Japan's EEZ limit: inside, 99.0 km (53.5 NM)", (138.9, 41.6))
    """
    d = rec if isinstance(rec, dict) else rec.to_dict()
    la, lo = to_float(d.get("nearest_limit_lat")), to_float(d.get("nearest_limit_lon"))
    if not (math.isfinite(la) and math.isfinite(lo)):
        return None
    dist = to_float(d.get("distance_to_target_eez_km"))
    parts = geodesic_track(lat1=d["lat"], lon1=d["lon"], lat2=la, lon2=lo)
    word = "inside, " if dist >= 0 else "outside, "
    tip = f"Nearest point of {possessive(target)} EEZ limit: {word}{abs(dist):,.1f} km ({abs(dist) * 1000 / NM:,.1f} NM)"
    style = {"color": "#111111", "weight": 1.5, "opacity": 0.8, "dashArray": "1 4", "pane": "eezcheck-lines",
             "className": "eezcheck-limit-line"}
    return line_feature(parts, style, tip), (lo, la)
