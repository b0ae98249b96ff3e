"""Classification beyond one machine's memory: dask-geopandas partitions, and streamed files.

``check_points(dask_gdf)`` (or a dask DataFrame with lat/lon columns) returns a lazy dask
GeoDataFrame: :func:`geo.classify.check_points` runs on each partition (``map_partitions``), so
a cluster classifies partitions in parallel and nothing is computed until asked. Give the zones
as a path or None (the bundled data): each worker then reads the compiled zone index from its
cache (:mod:`geo.index.cache`) instead of being sent the polygons.

Text columns come back with one dtype in every partition (pandas ``str``, missing = NaN) — a
partition with no bad rows would otherwise have an all-None ``error`` column of dtype object,
and dask needs one schema for all partitions. Values are those of the in-memory path.

Needs the optional extra ``dask`` (``pip install eezcheck[dask]``: dask-geopandas, distributed).
"""

from __future__ import annotations

__all__ = ["is_dask", "check_points_dask", "TEXT_COLUMNS", "uniform_text"]

#: Result columns holding text (or nothing): one string dtype for all partitions.
TEXT_COLUMNS = ("zone_type", "zone_name", "sovereigns", "target", "eez_status", "nearest_territory", "data_source", "error")


def is_dask(data) -> bool:
    """A dask (Geo)DataFrame, recognised without importing dask."""
    return type(data).__module__.split(".")[0] in ("dask", "dask_geopandas", "dask_expr")


def uniform_text(df):
    """The text result columns as pandas ``str`` (NaN for missing), whatever pandas inferred."""
    import numpy as np
    import pandas as pd

    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    for c in TEXT_COLUMNS:
        if c in df.columns and df[c].dtype != dtype:
            df[c] = df[c].astype(object).where(df[c].notna(), None).astype(dtype)
    return df


def _partition(part, kwargs):
    from geo.classify import check_points

    if len(part) == 0:
        return _empty_result(part, kwargs)
    return uniform_text(check_points(part, **kwargs))


def _empty_result(part, kwargs):
    """The result's columns and dtypes for ``part`` (dask's ``meta``): one valid row, dropped."""
    import geopandas as gpd
    import pandas as pd
    from dask.dataframe.utils import meta_nonempty

    from geo.classify import _LAT_NAMES, _LON_NAMES, _find_column, check_points

    row = meta_nonempty(part).iloc[:1].copy()  # same dtypes as the partitions, made-up values
    if isinstance(part, gpd.GeoDataFrame) and kwargs.get("lat_col") is None and kwargs.get("lon_col") is None:
        pt = gpd.GeoSeries(gpd.points_from_xy([140.0], [35.0]), crs="EPSG:4326", index=row.index)
        row = row.set_geometry(pt.to_crs(part.crs) if part.crs is not None else pt.set_crs(None, allow_override=True), crs=part.crs)
    else:
        row = pd.DataFrame(row)
        lat = kwargs.get("lat_col") or _find_column(part, _LAT_NAMES, "latitude", "lat_col")
        lon = kwargs.get("lon_col") or _find_column(part, _LON_NAMES, "longitude", "lon_col")
        for col, v in ((lat, 35.0), (lon, 140.0)):
            numeric = pd.api.types.is_numeric_dtype(part[col].dtype)
            row[col] = pd.Series([v if numeric else str(v)], index=row.index).astype(part[col].dtype)
    out = uniform_text(check_points(row, **kwargs))
    return out.iloc[:0]


def check_points_dask(ddf, **kwargs):
    """``check_points`` on every partition of a dask (Geo)DataFrame; returns a dask GeoDataFrame.

    Row order and partitioning follow the input. ``errors="raise"`` raises when the failing
    partition is computed; ``errors="keep"`` keeps bad rows as the in-memory path does.
    """
    try:
        import dask_geopandas  # noqa: F401 - registers the dask GeoDataFrame type
    except ImportError as exc:  # pragma: no cover - only without the extra
        from geo.errors import EEZCheckError

        raise EEZCheckError("dask input needs the optional extra: pip install 'eezcheck[dask]' (dask-geopandas, distributed)") from exc
    zones = kwargs.get("zones")
    if zones is not None and type(zones).__name__ == "Zones":
        import warnings

        warnings.warn(
            "check_points on dask input with a loaded Zones sends the polygons to every task; "
            "pass the zone file's path (or None for the bundled zones) so workers use the compiled cache",
            stacklevel=3,
        )
    meta = _empty_result(ddf._meta, kwargs)
    return ddf.map_partitions(_partition, kwargs, meta=meta)
