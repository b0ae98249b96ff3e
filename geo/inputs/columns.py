"""The columns that hold the points: found by name (never guessed between two), and input
columns that the result would replace refused."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from geo.errors import InputError
from geo.inputs.values import MAX_LISTED_PROBLEMS, column_list, quoted, raw_values

# pandas, geopandas and shapely are imported inside the functions that take tables.

__all__ = ["LAT_NAMES", "LON_NAMES", "find_column", "PointInput", "point_input", "check_column_clash",
           "stand_in_points"]

#: Column names (lower case) taken as latitude / longitude when none is given.
LAT_NAMES = ("lat", "latitude", "y", "lat_deg", "latitude_deg")
LON_NAMES = ("lon", "lng", "long", "longitude", "x", "lon_deg", "longitude_deg")


def find_column(df, names, what: str, option: str):
    """The one column of ``df`` whose name (any case, spaces trimmed) is in ``names``.

    Parameters
    ----------
    df : pandas.DataFrame
    names : sequence of str
        Lower-case candidate names, e.g. :data:`LAT_NAMES`.
    what : str
        What the column holds, for messages ("latitude").
    option : str
        The keyword that names it explicitly (``lat_col``; also shown as ``--lat-col``).

    Returns
    -------
    The column label. None found, or several (``lat`` and ``latitude``, ``LAT`` and ``Lat``), is
    an :class:`~geo.errors.InputError` naming them.

    Examples
    --------
    >>> import pandas as pd
    >>> find_column(pd.DataFrame({"Latitude": [1.0], "x": [2.0]}), LAT_NAMES, "latitude", "lat_col")
    'Latitude'
    """
    how = f"{option}= / --{option.replace('_', '-')}"
    found = [c for c in df.columns if str(c).lower().strip() in names]
    if not found:
        raise InputError(
            f"no {what} column found (looked for {', '.join(names)}); name it with {how}. "
            f"Columns are: {column_list(df.columns)}"
        )
    if len(found) > 1:
        raise InputError(f"ambiguous {what} columns: {column_list(found)}; choose one with {how}")
    return found[0]


@dataclass
class PointInput:
    """What :func:`point_input` made of the user's points.

    ``frame``: the input table (None for ``lat=``/``lon=`` arrays); ``lon``/``lat``: the raw
    values, one per row (numeric arrays kept numeric); ``rows``: row labels for messages (a
    sequence: the table's index, or a range); ``lat_col``/``lon_col``: the columns
    they came from (None for a point geometry or arrays); ``bad_geometry``: row position → why a
    row has no usable point (``errors="keep"``).
    """

    frame: object
    lon: np.ndarray
    lat: np.ndarray
    rows: object
    lat_col: object = None
    lon_col: object = None
    bad_geometry: dict = field(default_factory=dict)


def point_input(data=None, *, lat=None, lon=None, lat_col=None, lon_col=None, errors: str = "raise") -> PointInput:
    """The raw coordinates of a table or of ``lat=``/``lon=`` arrays (checked later by :func:`coordinates`).

    Parameters
    ----------
    data : pandas.DataFrame or geopandas.GeoDataFrame, optional
        A table with latitude/longitude columns (``lat_col``/``lon_col``, else found by name),
        or a GeoDataFrame of points in any CRS (read from its geometry unless columns are given).
    lat, lon : array-like, optional
        The coordinates themselves, when there is no table.
    errors : {"raise", "keep"}
        What to do with rows whose geometry is not a point.

    Returns
    -------
    PointInput

    Examples
    --------
    >>> point_input(lat=[41.5], lon=[137.8]).lat.tolist()
    [41.5]
    """
    if data is None:
        if lat is None or lon is None:
            raise InputError("give a table (DataFrame/GeoDataFrame) or both lat= and lon=")
        lon_a, lat_a = raw_values(lon), raw_values(lat)
        return PointInput(None, lon_a, lat_a, range(len(lon_a)))
    import geopandas as gpd
    import pandas as pd

    if isinstance(data, gpd.GeoDataFrame) and lat_col is None and lon_col is None:
        return _geometry_points(data, errors)
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"check_points takes a DataFrame or GeoDataFrame, not {type(data).__name__}; or pass lat= and lon=")
    lat_name = lat_col if lat_col is not None else find_column(data, LAT_NAMES, "latitude", "lat_col")
    lon_name = lon_col if lon_col is not None else find_column(data, LON_NAMES, "longitude", "lon_col")
    for name, kind in ((lat_name, "lat_col"), (lon_name, "lon_col")):
        if name not in data.columns:
            raise InputError(f"column {quoted(name)} ({kind}) not found; columns are: {column_list(data.columns)}")
        if list(data.columns).count(name) > 1:
            raise InputError(f"ambiguous {kind}: the table has {list(data.columns).count(name)} columns named {quoted(name)}")
    _refuse_second_coordinate(data, {"lat": f"column {quoted(lat_name)}", "lon": f"column {quoted(lon_name)}"},
                              {"lat": lat_name, "lon": lon_name})
    return PointInput(
        data, _column_values(data[lon_name]), _column_values(data[lat_name]), data.index,
        lat_col=lat_name, lon_col=lon_name,
    )


def _column_values(col) -> np.ndarray:
    """A coordinate column's values: a plain numeric column as its numpy array (no Python object
    per value), any other (text, nullable, bool, mixed) as objects for the per-value checks."""
    import pandas as pd

    if col.dtype.kind in "fiu" and not isinstance(col.dtype, pd.api.extensions.ExtensionDtype):
        return col.to_numpy()
    return col.to_numpy(dtype=object)


def _refuse_second_coordinate(frame, source: dict, names: dict) -> None:
    """The result's lat/lon (the checked coordinates) would silently replace another column.
    A results table checked again (see :func:`check_column_clash`) is re-checked in place."""
    if _holds_results(frame):
        return
    for result_col, kind in (("lat", "latitude"), ("lon", "longitude")):
        if result_col in frame.columns and result_col != names.get(result_col):
            raise InputError(
                f"the input has a column {result_col!r} besides the {kind} {source[result_col]}: the result's "
                f"{result_col!r} (the checked {kind}) would replace it; rename that column"
                + (" (or give lat_col/lon_col, --lat-col/--lon-col, to check the columns instead)" if not names else "")
            )


def _geometry_points(data, errors: str) -> PointInput:
    """Points of a GeoDataFrame's geometry, in EPSG:4326; rows without a point are bad rows."""
    import shapely

    if data.crs is None:
        raise InputError("the GeoDataFrame has no CRS; set it (e.g. gdf.set_crs('EPSG:4326'))")
    _refuse_second_coordinate(data, {"lat": "of its point geometry", "lon": "of its point geometry"}, {})
    g = data.geometry
    if not g.crs.equals("EPSG:4326"):
        g = g.to_crs("EPSG:4326")
    geoms = np.asarray(g.values)
    is_point = shapely.get_type_id(geoms) == 0  # GEOS type 0: Point (-1: no geometry)
    # POINT EMPTY has no coordinates (shapely.get_x raises on it): a bad row like a missing one.
    empty = is_point & shapely.is_empty(geoms)
    is_point &= ~empty
    # Only the rows that are not points are looked at one by one (a million points are not).
    not_point = np.flatnonzero(~is_point)
    types = g.iloc[not_point].geom_type.to_numpy(dtype=object)
    kind = {int(i): "empty" if empty[i] else t if isinstance(t, str) else "missing" for i, t in zip(not_point, types)}
    bad = [(data.index[i], "geometry", k, "is not a Point") for i, k in kind.items()]
    if bad and errors != "keep":
        raise InputError(
            f"{len(bad)} row(s) have no point geometry (check_points classifies points; "
            "errors='keep' keeps them as bad rows):\n  "
            + "\n  ".join(f"row {r}: geometry is {k}, not a Point" for r, _, k, _ in bad[:MAX_LISTED_PROBLEMS]),
            bad,
        )
    if not len(not_point):
        x, y = shapely.get_x(geoms), shapely.get_y(geoms)
    else:
        x = np.full(len(g), np.nan)
        y = np.full(len(g), np.nan)
        x[is_point] = shapely.get_x(geoms[is_point])
        y[is_point] = shapely.get_y(geoms[is_point])
    reasons = {i: f"geometry is {k}, not a Point" for i, k in kind.items()}
    return PointInput(data, x, y, data.index, bad_geometry=reasons)


def stand_in_points(sample, *, lat_col=None, lon_col=None):
    """``sample`` (a one-row table with made-up values) with a valid point put in: a row that
    :func:`point_input` accepts, as a partitioned run needs to learn its output's columns.

    Parameters
    ----------
    sample : pandas.DataFrame or geopandas.GeoDataFrame
        One row, with the real table's columns and dtypes.
    lat_col, lon_col : optional
        The coordinate columns, as given to :func:`point_input`.

    Returns
    -------
    The row, holding 35°N 140°E in its point geometry or its coordinate columns.

    Examples
    --------
    >>> import pandas as pd
    >>> stand_in_points(pd.DataFrame({"lat": ["?"], "lon": ["?"]}))["lat"].tolist()
    ['35.0']
    """
    import geopandas as gpd
    import pandas as pd

    row = sample.copy()
    if isinstance(row, gpd.GeoDataFrame) and lat_col is None and lon_col is None:
        pt = gpd.GeoSeries(gpd.points_from_xy([140.0], [35.0]), crs="EPSG:4326", index=row.index)
        crs = row.crs
        return row.set_geometry(pt.to_crs(crs) if crs is not None else pt.set_crs(None, allow_override=True), crs=crs)
    row = pd.DataFrame(row)
    lat = lat_col if lat_col is not None else find_column(row, LAT_NAMES, "latitude", "lat_col")
    lon = lon_col if lon_col is not None else find_column(row, LON_NAMES, "longitude", "lon_col")
    for col, v in ((lat, 35.0), (lon, 140.0)):
        numeric = pd.api.types.is_numeric_dtype(row[col].dtype)
        row[col] = pd.Series([v if numeric else str(v)], index=row.index).astype(row[col].dtype)
    return row


def _holds_results(frame) -> bool:
    # A results table (from check_points or 'eezcheck batch') holds these two beside its verdicts.
    return {"eez_status", "data_source"} <= set(frame.columns)


def check_column_clash(frame, result_columns, *, in_place=("lat", "lon")) -> None:
    """Refuse input columns that result columns would silently replace.

    Parameters
    ----------
    frame : pandas.DataFrame
        The input table.
    result_columns : sequence of str
        The columns the result adds (:data:`geo.results.RESULT_COLUMNS`).
    in_place : sequence of str
        Result columns that may take over an input column of the same name (the coordinates,
        checked in place; :func:`point_input` refuses a *second* such column).

    Raises
    ------
    InputError
        Naming the clashing columns, unless ``frame`` is itself a results table (it has
        ``eez_status`` and ``data_source``) being checked again.

    Examples
    --------
    >>> import pandas as pd
    >>> check_column_clash(pd.DataFrame({"lat": [1], "lon": [2], "name": ["a"]}), ["lat", "lon", "error"])
    """
    if _holds_results(frame):
        return
    clash = [c for c in frame.columns if c in result_columns and c not in in_place]
    if clash:
        raise InputError(
            f"the input has column(s) {', '.join(quoted(c) for c in clash)} named like result columns, which would "
            "replace them; rename them"
        )
