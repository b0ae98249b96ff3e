"""What downloaded zone features must be before they are cached: GeoJSON polygons, sane coordinates.

Each page is checked as it arrives (:func:`check_features`): every feature is a GeoJSON Feature
object whose ``properties`` is an object and whose geometry is a Polygon or MultiPolygon of rings
of at least four positions of two or three finite numbers. When every page is in,
:func:`decide_axis_order` says from the requested bbox whether the server sent lon/lat or lat/lon
— or refuses when the bbox cannot tell — and :func:`check_ranges` then requires longitudes in
[-180, 360] and latitudes in [-90, 90]. A bad feature raises one
:class:`geo.errors.DownloadError` naming the layer, page and feature.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geo.errors import DownloadError

__all__ = ["POLYGON_TYPES", "LON_RANGE", "LAT_RANGE", "Checked", "check_features", "decide_axis_order", "check_ranges", "swap_axes"]

POLYGON_TYPES = ("Polygon", "MultiPolygon")
LON_RANGE = (-180.0, 360.0)
LAT_RANGE = (-90.0, 90.0)
_EPS = 1e-7  # degrees: slack for a server's own rounding of the bbox test


@dataclass(frozen=True)
class Checked:
    """One feature that passed :func:`check_features`: where it came from and its extent."""

    label: str  # "page 2, feature 57 (id 'eez.8487')"
    bounds: tuple[float, float, float, float]  # (xmin, ymin, xmax, ymax) as sent


def check_features(features: list, *, page: int, first: int, what: str) -> list[Checked]:
    """Check one page's features; return their labels and extents.

    Parameters
    ----------
    features : list
        The page's ``features`` array, as parsed.
    page : int
        The page's number (1 for the first).
    first : int
        How many features came before this page.
    what : str
        Names the layer in the error message.

    Returns
    -------
    list of Checked
        One per feature, in order.

    Raises
    ------
    DownloadError
        For the first feature that is not a polygon feature with finite coordinates.

    Examples
    --------
    >>> f = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
    ...      "coordinates": [[[130, 30], [131, 30], [131, 31], [130, 30]]]}}
    >>> check_features([f], page=1, first=0, what="eez")[0].bounds
    (130.0, 30.0, 131.0, 31.0)
    """
    out = []
    for i, f in enumerate(features):
        fid = f.get("id") if isinstance(f, dict) else None
        label = f"page {page}, feature {first + i + 1}" + (f" (id {fid!r})" if fid is not None else "")
        bounds, problem = _examine(f)
        if problem:
            raise DownloadError(f"{what}: {label}: {problem}; nothing was saved.")
        out.append(Checked(label, bounds))
    return out


def _examine(f) -> tuple[tuple | None, str | None]:
    """(bounds, None) for a good feature, (None, what is wrong) for a bad one."""
    if not isinstance(f, dict):
        return None, f"is {_kind(f)}, not a GeoJSON Feature object"
    if f.get("type") != "Feature":
        return None, f"has type {f.get('type')!r}, not 'Feature'"
    props = f.get("properties")
    if not isinstance(props, dict):
        return None, f"its properties are {_kind(props)}, not an object"
    for key, value in props.items():
        if isinstance(value, float) and not math.isfinite(value):
            return None, f"property {key!r} = {value!r} is not a finite number"
    g = f.get("geometry")
    if not isinstance(g, dict):
        return None, f"its geometry is {_kind(g)}, not a Polygon or MultiPolygon"
    if g.get("type") not in POLYGON_TYPES:
        return None, f"its geometry is a {g.get('type')!r}; only Polygon and MultiPolygon zones are accepted"
    coords = g.get("coordinates")
    polygons = [coords] if g["type"] == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        return None, f"its {g['type']} has no coordinates"
    acc = [math.inf, math.inf, -math.inf, -math.inf]
    for k, rings in enumerate(polygons):
        where = "" if g["type"] == "Polygon" else f"polygon {k + 1}, "
        if not isinstance(rings, list) or not rings:
            return None, f"its {where}coordinates hold no ring"
        for j, ring in enumerate(rings):
            problem = _ring_into(ring, acc)
            if problem:
                return None, f"{where}ring {j + 1}: {problem}"
    return tuple(acc), None


def _ring_into(ring, acc: list) -> str | None:
    """Check one ring; widen ``acc`` (xmin, ymin, xmax, ymax) by it. Returns what is wrong, or None."""
    import numpy as np  # lazy: heavy for `eezcheck point`

    if not isinstance(ring, list) or len(ring) < 4:
        return f"a ring needs at least 4 positions, got {_kind(ring)}"
    try:
        a = np.asarray(ring)
    except (TypeError, ValueError):  # ragged
        a = None
    if a is None or a.dtype.kind not in "iuf" or a.ndim != 2 or a.shape[1] not in (2, 3):
        return "positions must be lists of 2 or 3 numbers ([longitude, latitude] or with a height)"
    a = a.astype(float)
    bad = ~np.isfinite(a)
    if bad.any():
        n = int(np.argmax(bad.any(axis=1)))
        return f"position {n + 1} {ring[n]!r} is not finite"
    x, y = a[:, 0], a[:, 1]
    acc[0], acc[1] = min(acc[0], float(x.min())), min(acc[1], float(y.min()))
    acc[2], acc[3] = max(acc[2], float(x.max())), max(acc[3], float(y.max()))
    return None


def _kind(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, list):
        return f"a list of {len(v)}"
    return f"{type(v).__name__} {v!r}"[:80]


def _meets(b, bbox) -> bool:
    return b[0] <= bbox[2] + _EPS and b[2] >= bbox[0] - _EPS and b[1] <= bbox[3] + _EPS and b[3] >= bbox[1] - _EPS


def _swapped(b):
    return (b[1], b[0], b[3], b[2])


def decide_axis_order(checked: list[Checked], bbox, what: str) -> bool:
    """True when the features came in lat/lon order and must be swapped, False when lon/lat.

    The server filtered by ``bbox``, so every feature meets it in the order it was sent. When
    both orders meet it for every feature the bbox cannot decide, and that is an error, not a
    guess.

    Parameters
    ----------
    checked : list of Checked
        Every feature of the layer (from :func:`check_features`).
    bbox : (west, south, east, north)
        The region requested.
    what : str
        Names the layer in the error message.

    Returns
    -------
    bool

    Examples
    --------
    >>> decide_axis_order([Checked("f", (30.0, 130.0, 31.0, 131.0))], (110, 10, 170, 55), "eez")
    True
    """
    as_sent = all(_meets(c.bounds, bbox) for c in checked)
    swapped = all(_meets(_swapped(c.bounds), bbox) for c in checked)
    if as_sent != swapped:
        return swapped
    if as_sent:
        raise DownloadError(
            f"{what}: the coordinates the server sent fit the requested region {tuple(bbox)} both as "
            "longitude/latitude and as latitude/longitude, so the axis order cannot be told; nothing was "
            "saved. Download a region whose longitude range (west..east) does not overlap its latitude "
            "range (south..north), e.g. split --bbox in two."
        )
    xs = [v for c in checked for v in (c.bounds[0], c.bounds[2])]
    ys = [v for c in checked for v in (c.bounds[1], c.bounds[3])]
    raise DownloadError(
        f"{what}: the coordinates the server sent (x {min(xs):.1f}..{max(xs):.1f}, y {min(ys):.1f}..{max(ys):.1f}) "
        f"do not match the requested region {tuple(bbox)} in either axis order; nothing was saved."
    )


def check_ranges(checked: list[Checked], swapped: bool, what: str) -> None:
    """Longitudes in [-180, 360] and latitudes in [-90, 90], in the decided axis order.

    Parameters
    ----------
    checked : list of Checked
    swapped : bool
        From :func:`decide_axis_order`.
    what : str
        Names the layer in the error message.

    Returns
    -------
    None

    Examples
    --------
    >>> check_ranges([Checked("f", (130.0, 30.0, 131.0, 31.0))], False, "eez")
    """
    for c in checked:
        x0, y0, x1, y1 = _swapped(c.bounds) if swapped else c.bounds
        for name, lo, hi, (a, b) in (("longitude", *LON_RANGE, (x0, x1)), ("latitude", *LAT_RANGE, (y0, y1))):
            if a < lo or b > hi:
                bad = a if a < lo else b
                raise DownloadError(
                    f"{what}: {c.label}: a {name} of {bad:g} is outside {lo:g}..{hi:g}; nothing was saved."
                )


def swap_axes(features: list) -> list:
    """The features with every position's first two numbers exchanged (lat/lon → lon/lat).

    Parameters
    ----------
    features : list of dict
        GeoJSON polygon features (checked).

    Returns
    -------
    list of dict
        New feature dicts; the input is not changed.

    Examples
    --------
    >>> swap_axes([{"geometry": {"type": "Polygon", "coordinates": [[[30, 130, 5]]]}}])[0]["geometry"]["coordinates"]
    [[[130, 30, 5]]]
    """
    return [{**f, "geometry": {**f["geometry"], "coordinates": _swap(f["geometry"]["coordinates"])}} for f in features]


def _swap(c):
    if c and isinstance(c[0], (int, float)):
        return [c[1], c[0], *c[2:]]
    return [_swap(cc) for cc in c]
