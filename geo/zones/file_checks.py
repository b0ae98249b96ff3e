"""What a zone file's features must be before they are used, and how a bad one is named.

:func:`checked_features` refuses — with a :class:`~geo.errors.ZoneDataError` naming the file, the
feature (its feature id, ``fid``, and MRGID or name) and the field — a null geometry (a zone whose
shape is missing would make its waters look like high seas), NaN or infinite coordinates, and
coordinates outside :data:`~geo.zones.model.LON_RANGE` / :data:`~geo.zones.model.LAT_RANGE` in
degrees (metres in a file labelled EPSG:4326 would otherwise make the grid over its bounds
allocate tens of GB); it drops with a one-line warning on stderr empty geometries, points and
lines (they cover no water, so no answer changes), and refuses a file left with no area at all.
:func:`mrgids` refuses an ``mrgid`` that is not a whole number.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import shapely

from geo.errors import ZoneDataError
from geo.zones.model import LAT_RANGE, LON_RANGE

__all__ = ["checked_features", "mrgids", "feature_names", "polygonal"]

_SLACK = 1e-7  # degrees: rounding in files that reach the antimeridian or a pole
_SHOWN = 5  # bad features named in one message


def _feature(gdf, pos: int) -> str:
    """``feature fid=3 (mrgid 8487, 'Japanese Exclusive Economic Zone')``: how a user finds it."""
    bits = []
    row = gdf.iloc[pos]
    if "mrgid" in gdf.columns and _present(row["mrgid"]):
        bits.append(f"mrgid {row['mrgid']}")
    names = [row[f] for f in ("geoname", "name") if f in gdf.columns and isinstance(row[f], str) and row[f].strip()]
    bits += [repr(names[0].strip())] if names else []
    return f"feature fid={gdf.index[pos]}" + (f" ({', '.join(bits)})" if bits else "")


def _present(v) -> bool:
    """Not a missing value (None, NaN, pandas NA, blank text)."""
    if v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip()):
        return False
    return type(v).__name__ != "NAType"


def feature_names(gdf, positions) -> str:
    """How a user finds some features: ``feature fid=3 (mrgid 8487, 'Japanese EEZ'); …`` (the first few).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Features as read, indexed by their feature ids, fields lower-cased.
    positions : iterable of int
        Row positions in ``gdf``.

    Returns
    -------
    str

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> feature_names(gpd.GeoDataFrame({"mrgid": [8487]}, geometry=[shapely.box(0, 0, 1, 1)]), [0])
    'feature fid=0 (mrgid 8487)'
    """
    positions = list(positions)
    more = f" and {len(positions) - _SHOWN} more" if len(positions) > _SHOWN else ""
    return "; ".join(_feature(gdf, i) for i in positions[:_SHOWN]) + more


def checked_features(gdf, p: Path):
    """The features of a zone file, in EPSG:4326, that are areas; the hostile ones refused.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The file's features as read (with a CRS), indexed by their feature ids, fields lower-cased.
    p : pathlib.Path
        The file, named in every message.

    Returns
    -------
    geopandas.GeoDataFrame
        The features that cover an area, reprojected to EPSG:4326, each a (Multi)Polygon.

    Raises
    ------
    ZoneDataError
        A null geometry, NaN or infinite coordinates, coordinates outside the lon/lat range
        (:data:`~geo.zones.model.LON_RANGE`, :data:`~geo.zones.model.LAT_RANGE`), or no area at all.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> from pathlib import Path
    >>> g = gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.box(130, 30, 131, 31)], crs=4326)
    >>> len(checked_features(g, Path("zones.gpkg")))
    1
    """
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    null = np.array([g is None for g in geoms], dtype=bool)
    if null.any():
        raise ZoneDataError(
            f"{p}: field geometry is null in {feature_names(gdf, np.flatnonzero(null))}: a zone without a shape would leave "
            "its waters looking like high seas; give each feature its polygon or delete the feature"
        )
    _check_finite(gdf, p, "")
    crs = gdf.crs
    epsg = crs.to_epsg()
    label = f"EPSG:{epsg}" if epsg else crs.name
    _check_range(gdf, p, f"it is labelled {label}, in degrees" if crs.is_geographic else None)
    if not crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
        _check_finite(gdf, p, f" after reprojecting from {label} (are the coordinates in the units it says?)")
        _check_range(gdf, p, f"after reprojecting from {label}")
    return _areas_only(gdf, p)


def _check_finite(gdf, p: Path, when: str) -> None:
    coords, owner = shapely.get_coordinates(np.asarray(gdf.geometry.values, dtype=object), return_index=True)
    nonfinite = np.unique(owner[~np.isfinite(coords).all(axis=1)])
    if len(nonfinite):
        raise ZoneDataError(f"{p}: field geometry has NaN or infinite coordinates{when} in {feature_names(gdf, nonfinite)}")


def _check_range(gdf, p: Path, context: str | None) -> None:
    """Refuse coordinates outside the lon/lat range (a file in metres labelled as degrees would
    otherwise make the grid over its bounds allocate tens of GB)."""
    if context is None:
        return  # projected coordinates: checked once reprojected
    b = shapely.bounds(np.asarray(gdf.geometry.values, dtype=object))
    with np.errstate(invalid="ignore"):
        bad = ~(
            (b[:, 0] >= LON_RANGE[0] - _SLACK) & (b[:, 2] <= LON_RANGE[1] + _SLACK)
            & (b[:, 1] >= LAT_RANGE[0] - _SLACK) & (b[:, 3] <= LAT_RANGE[1] + _SLACK)
        )
    bad &= ~np.isnan(b).all(axis=1)  # empty geometries have no bounds
    if not bad.any():
        return
    finite = b[np.isfinite(b).all(axis=1)]
    num = lambda v: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.6g}"  # noqa: E731
    span = (
        f"x {num(finite[:, 0].min())} to {num(finite[:, 2].max())}, y {num(finite[:, 1].min())} to {num(finite[:, 3].max())}"
        if len(finite) else "not finite"
    )
    raise ZoneDataError(
        f"{p}: coordinates out of range — {context}, but the features' bounds are {span}, outside longitude "
        f"-180..360 and latitude -90..90 (first: {feature_names(gdf, np.flatnonzero(bad))}). Are they metres under a "
        "wrong .prj? Give the file its true coordinate reference system, or reproject it to EPSG:4326"
    )


def _areas_only(gdf, p: Path):
    """Drop (with a warning) features that cover no area — empty ones, points and lines — and keep
    only the polygons of a geometry collection."""
    import geopandas as gpd  # lazy: heavy

    geoms = np.asarray(gdf.geometry.values, dtype=object)
    areas = np.array([polygonal(g) for g in geoms], dtype=object)
    keep = ~shapely.is_empty(areas)
    if keep.all() and all(a is b for a, b in zip(areas, geoms)):
        return gdf
    kinds: dict[str, int] = {}
    for g in geoms[~keep]:
        kind = "empty" if g.is_empty else g.geom_type
        kinds[kind] = kinds.get(kind, 0) + 1
    counts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    if not keep.any():
        raise ZoneDataError(
            f"{p}: no polygon in it ({counts}); a zone file holds the zones' areas — a Marine Regions "
            "boundaries (lines) layer is not one"
        )
    dropped = np.flatnonzero(~keep)
    if len(dropped):
        what = "empty geometries" if set(kinds) == {"empty"} else "features that are not areas"
        print(f"eezcheck: warning: {p}: ignoring {len(dropped)} {what} ({counts}): {feature_names(gdf, dropped)}", file=sys.stderr)
    return gdf[keep].set_geometry(gpd.GeoSeries(areas[keep], crs=gdf.crs, index=gdf.index[keep]))


def mrgids(gdf, p: Path):
    """The ``mrgid`` field as nullable integers; a value that is not a whole number is refused.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Features with or without an ``mrgid`` field (all missing then).
    p : pathlib.Path
        The file, named in the message.

    Returns
    -------
    pandas.arrays.IntegerArray
        ``Int64``, missing where the field is empty.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> from pathlib import Path
    >>> g = gpd.GeoDataFrame({"mrgid": ["8487", None]}, geometry=[shapely.box(0, 0, 1, 1)] * 2)
    >>> mrgids(g, Path("eez.shp")).tolist()
    [8487, <NA>]
    """
    import pandas as pd  # lazy: heavy

    if "mrgid" not in gdf.columns:
        return pd.array([None] * len(gdf), dtype="Int64")
    out, bad = [], []
    for pos, v in enumerate(gdf["mrgid"].tolist()):
        if not _present(v):
            out.append(None)
            continue
        try:
            f = float(v)
            if not f.is_integer():
                raise ValueError(v)
            out.append(int(f))
        except (TypeError, ValueError, OverflowError):
            bad.append(pos)
    if bad:
        first = gdf["mrgid"].iloc[bad[0]]
        raise ZoneDataError(
            f"{p}: field mrgid must be a whole number (Marine Regions' id), but is {first!r} in {feature_names(gdf, bad)}"
        )
    return pd.array(out, dtype="Int64")


def polygonal(g):
    """The polygons of ``g``: itself, a collection's polygonal parts, or an empty polygon.

    Parameters
    ----------
    g : shapely.Geometry or None

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon

    Examples
    --------
    >>> polygonal(shapely.LineString([(0, 0), (1, 1)])).is_empty
    True
    """
    if g is None:
        return shapely.Polygon()
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [q for q in shapely.get_parts(g) if q.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()
