"""Classification: which zone a point is in, and where it stands against a state's EEZ.

``eez_status`` for the target state (default Japan):

* ``inside``   — in the target's own zones (land, internal waters, territorial sea, contiguous
  zone, EEZ); all of these lie landward of the EEZ's outer limit.
* ``disputed`` — in an overlapping-claim or joint-regime area, or on land claimed by several
  states (a land row with several sovereigns), in which the target is a party.
* ``outside``  — anywhere else (another state's zone, or the high seas).

(Own, shared and other are decided by :func:`geo.zones.model.claim_roles`.)
``in_target_eez`` is ``eez_status != "outside"``: Japan's Ministry of Defense counts the waters
Japan claims when it says a missile fell "inside Japan's EEZ", so disputed waters count as inside.

``distance_to_target_eez_km`` is the geodesic distance to the target's outer limit — the seaward
edge of all the waters it claims (including disputed ones), not its coastline — signed positive
when ``in_target_eez`` and negative otherwise. Points on a boundary: see :mod:`geo.index`.

Which zones are land is the zone data's business (:mod:`geo.zones.readers`): a point no zone
covers is high seas, or ``unknown`` outside the region the data covers.
"""

from __future__ import annotations

import warnings
from collections import Counter
from functools import partial

import numpy as np

from geo._threads import map_if_spare
from geo.errors import InputError
from geo.geodesy import km_to_nm
from geo.index.cache import load_index
from geo.inputs import (
    check_column_clash,
    check_target,
    coordinates,
    describe_problems,
    point_input,
    problem_text,
    stand_in_points,
)
from geo.results import (
    DEFAULT_REFERENCE,
    EEZ_STATUSES,
    RESULT_COLUMNS,
    PointResult,
    VerdictTables,
    gc_paused,
    merge_reference,
    points_array,
    result_columns,
    uniform_text,
)
from geo.scale import is_dask, map_table
from geo.zones.catalog import resolve_zones
from geo.zones.model import Zones

# pandas/geopandas are imported inside the functions that build tables: check_point (and so
# 'eezcheck point') works from the compiled zone index with numpy, shapely and pyproj only.

__all__ = [
    "PointResult",
    "check_point",
    "check_points",
    "in_target_eez",
    "attach_reference",
    "RESULT_COLUMNS",
    "EEZ_STATUSES",
]


def check_point(*, lat: float, lon: float, target: str = "JPN", zones=None, distances: bool = True) -> PointResult:
    """Classify one point.

    Parameters
    ----------
    lat, lon : float or str
        Decimal degrees; longitudes in [180, 360) are wrapped.
    target : str
        ISO 3166-1 alpha-3 code of the state asked about.
    zones : None, str, Path or Zones
        Any ``zones=`` value (:func:`geo.zones.catalog.resolve_zones`): None (the default data
        set), ``"bundled"``, a data set name such as ``"marineregions"``, a path, or a Zones.
    distances : bool
        False skips the distance and nearest-territory fields (faster).

    Returns
    -------
    PointResult

    Examples
    --------
    >>> check_point(lat=41.5, lon=137.8).eez_status  # doctest: +SKIP
    'inside'
    """
    c = _core(np.array([lon]), np.array([lat]), target=target, zones=zones, distances=distances, errors="raise", rows=[None])
    k = c["code"][0]
    t = c["tables"]
    return PointResult(
        lat=float(c["lat"][0]),
        lon=float(c["lon"][0]),
        zone_type=t.zone_type[k],
        zone_name=t.zone_name[k],
        sovereigns=t.sov[k],
        mrgid=None if t.mrgid_na[k] else int(t.mrgid[k]),
        target=c["target"],
        eez_status=t.status[k],
        in_target_eez=bool(t.inside[k]),
        distance_to_target_eez_km=_opt(c["distance_to_target_eez_km"][0]),
        distance_to_target_eez_nm=_opt(km_to_nm(c["distance_to_target_eez_km"][0])),
        nearest_limit_lat=_opt(c["nearest_limit_lat"][0]),
        nearest_limit_lon=_opt(c["nearest_limit_lon"][0]),
        nearest_territory=c["nearest_territory"][0],
        nearest_territory_km=_opt(c["nearest_territory_km"][0]),
        nearest_territory_bearing=_opt(c["nearest_territory_bearing"][0]),
        data_source=c["data_source"],
    )


def _opt(v):
    return None if v is None or not np.isfinite(v) else float(v)


def check_points(
    data=None,
    *,
    lat=None,
    lon=None,
    lat_col: str | None = None,
    lon_col: str | None = None,
    target: str = "JPN",
    zones=None,
    distances: bool = True,
    errors: str = "raise",
    compare=None,
    geometry: bool = True,
    columns=None,
    nearest_territory: bool = True,
):
    """Classify many points; one output row per input row, in order.

    Parameters
    ----------
    data : pandas.DataFrame, geopandas.GeoDataFrame or a dask one, optional
        A table with latitude/longitude columns (``lat_col``/``lon_col``, else found by name:
        lat/latitude/y and lon/lng/long/longitude/x), or a GeoDataFrame of points in any CRS.
    lat, lon : array-like, optional
        The coordinates, when there is no table.
    target, zones, distances
        As for :func:`check_point`.
    errors : {"raise", "keep"}
        ``"raise"`` fails on the first bad table naming every bad row; ``"keep"`` keeps bad rows
        with their reason in the ``error`` column and empty verdict fields.
    compare : None, True, or a ``zones=`` value
        Also the verdict under that data (True: the downloaded Marine Regions layers), in
        ``ref_*`` columns, and ``differs`` (see :func:`attach_reference`).
    geometry : bool
        True (default): a GeoDataFrame with a point geometry column (the input's own points
        reused when they are unchanged). False: a plain pandas DataFrame without it — several
        times faster on big tables.
    nearest_territory : bool
        False leaves the ``nearest_territory*`` columns empty (about half the time of a table
        with distances goes to them).
    columns : sequence of str, optional
        The result columns to add (a subset of :data:`RESULT_COLUMNS`, kept in that order);
        default all. The input's own columns are always kept.

    Returns
    -------
    geopandas.GeoDataFrame (EPSG:4326), or pandas.DataFrame with ``geometry=False``
        The input's columns (shared, copy-on-write), then :data:`RESULT_COLUMNS`. Zone fields,
        ``eez_status``, ``target``, ``data_source`` are categoricals (a small code per row); the
        attribution is also in ``.attrs["data_source"]``, beside the input's ``.attrs``. ``lat``/
        ``lon`` hold the checked coordinates (longitudes wrapped to [-180, 180)); input columns
        named ``lat``/``lon`` are checked in place, so a bad row keeps the values it had. No other
        input column is replaced: one named like a result column is an error (unless the input is
        a results table checked again). A dask input gives a lazy dask GeoDataFrame (``dask``).

    Examples
    --------
    >>> check_points(lat=[41.5, 30.0], lon=[137.8, 124.0])["eez_status"].tolist()  # doctest: +SKIP
    ['inside', 'outside']
    """
    if is_dask(data):
        if compare is not None and compare is not False:
            raise InputError("compare= does not take dask input; compare the computed table with attach_reference")
        return _check_points_dask(data, lat_col=lat_col, lon_col=lon_col, target=target, zones=zones,
                                  distances=distances, errors=errors, geometry=geometry, columns=columns,
                                  nearest_territory=nearest_territory)
    keep = _chosen_columns(columns)
    inp = point_input(data, lat=lat, lon=lon, lat_col=lat_col, lon_col=lon_col, errors=errors)
    if inp.frame is not None:
        check_column_clash(inp.frame, RESULT_COLUMNS)
    c = _core(inp.lon, inp.lat, target=target, zones=zones, distances=distances, errors=errors, rows=inp.rows,
              territory=nearest_territory and any(k.startswith("nearest_territory") for k in keep))
    for i, msg in inp.bad_geometry.items():  # rows kept with errors="keep": say what was wrong with them
        c["error"][i] = msg
        c["empty_text"].discard("error")
    result = _results_table(inp, c, geometry=geometry, keep=keep)
    if compare is not None and compare is not False:
        result = attach_reference(result, reference=DEFAULT_REFERENCE if compare is True else compare,
                                  target=c["target"], distances=distances)
    return result


def _chosen_columns(columns) -> list:
    """The result columns asked for, in :data:`RESULT_COLUMNS` order; an unknown name is an error."""
    if columns is None:
        return list(RESULT_COLUMNS)
    asked = [columns] if isinstance(columns, str) else list(columns)
    unknown = [c for c in asked if c not in RESULT_COLUMNS]
    if unknown:
        raise InputError(f"columns = {unknown!r}: not result columns; choose from {', '.join(RESULT_COLUMNS)}")
    return [c for c in RESULT_COLUMNS if c in asked]


def _results_table(inp, c, *, geometry: bool = True, keep=RESULT_COLUMNS):
    """The input's columns and the result columns as one table (see :func:`check_points`), made
    in one constructor call that copies no column (pandas copies on write)."""
    import pandas as pd

    base = inp.frame
    index = pd.RangeIndex(len(c["lon"])) if base is None else base.index
    cols = result_columns(c, keep)
    uses = Counter(id(v) for v in cols.values() if isinstance(v, np.ndarray))
    shared: dict = {}
    for k, v in cols.items():
        if isinstance(v, np.ndarray) and uses[id(v)] > 1:
            # One array behind several empty fields (_no_distances): one Series, so that pandas
            # knows they share it and copies a column before any write to it.
            if id(v) not in shared:
                shared[id(v)] = pd.Series(v, index=index, dtype=v.dtype, copy=False)
            cols[k] = shared[id(v)]
    for k in c["empty_text"] & cols.keys():
        # All None: an object column as it is (pandas would otherwise look at every value to
        # infer a dtype, only to find none).
        if isinstance(cols[k], np.ndarray):
            cols[k] = pd.Series(cols[k], index=index, dtype=object, copy=False)
    if base is not None:
        for k, source in (("lat", inp.lat_col), ("lon", inp.lon_col)):
            if k == source and k in cols:  # the input's own coordinate column, checked in place
                cols[k] = _checked_in_place(base[k], cols[k], c["valid"])
    if base is not None and not (base.columns.is_unique and base.columns.nlevels == 1):
        return _results_table_general(inp, c, cols, geometry)
    data = _input_columns(base)
    for k in list(data):  # result columns replace the input's in place (its own lat/lon; a results table)
        if k in cols:
            data[k] = cols.pop(k)
    data.update(cols)
    attrs = {**(base.attrs if base is not None else {}), "data_source": c["data_source"]}
    if not geometry:
        out = pd.DataFrame(data, index=index, copy=False)
        out.attrs = attrs
        return out
    return _with_geometry(data, index, attrs, inp, c)


def _input_columns(base) -> dict:
    """The input's columns by name, without its geometry (Series that share the input's memory)."""
    import geopandas as gpd

    if base is None:
        return {}
    skip = base.geometry.name if isinstance(base, gpd.GeoDataFrame) else None
    return {k: base[k] for k in base.columns if k != skip}


def _with_geometry(data, index, attrs: dict, inp, c):
    """A GeoDataFrame of ``data`` (a dict of columns on ``index``, or a DataFrame and None) and
    the checked points (the input's own when unchanged).

    The cyclic garbage collector is paused while the points are made and the table built: a
    million new shapely objects would otherwise be scanned by collections inside the call (they
    hold no reference cycles)."""
    import geopandas as gpd

    with gc_paused():
        reuse = _reusable_points(inp, c)
        if reuse is None:
            points = points_array(c["lon"], c["lat"])
        elif isinstance(data, dict):
            points = reuse  # the input's GeoSeries: pandas copies it before a write to either table
        else:
            points = reuse.values.copy()  # set by position: the objects shared, not the array
        # A column of the input that is called "geometry" (text, in a CSV) is kept under its name.
        name = "geometry" if "geometry" not in data else _free_name(data, "point_geometry")
        data[name] = points
        gdf = gpd.GeoDataFrame(data, index=index, geometry=name, crs="EPSG:4326", copy=False)
        gdf.attrs = attrs
        return gdf


def _results_table_general(inp, c, cols: dict, geometry: bool):
    """:func:`_results_table` for an input whose column names repeat (or have several levels):
    the result columns set one by one."""
    import geopandas as gpd
    import pandas as pd

    base = inp.frame
    if isinstance(base, gpd.GeoDataFrame):
        out = pd.DataFrame(base.drop(columns=base.geometry.name))
    else:
        out = base.copy(deep=False)
    for k in cols:
        out[k] = cols[k]
    out.attrs["data_source"] = c["data_source"]
    if not geometry:
        return out
    return _with_geometry(out, None, dict(out.attrs), inp, c)


def _free_name(columns, name: str) -> str:
    taken = set(map(str, columns))
    k = 1
    while (candidate := name if k == 1 else f"{name}_{k}") in taken:
        k += 1
    return candidate


def _reusable_points(inp, c):
    """The input's own points when checking left them as they were (saves making a million new
    ones): a GeoDataFrame's 2-D EPSG:4326 points, every row valid, no longitude wrapped."""
    import geopandas as gpd

    base = inp.frame
    if not isinstance(base, gpd.GeoDataFrame) or inp.lat_col is not None or inp.bad_geometry:
        return None
    import shapely

    g = base.geometry
    # In EPSG:4326 the raw coordinates (inp.lon/lat) are the points' own x and y.
    if (
        g.crs is not None
        and g.crs.equals("EPSG:4326")
        and not shapely.has_z(np.asarray(g.values)).any()
        and np.array_equal(inp.lon, c["lon"])
        and np.array_equal(inp.lat, c["lat"])
    ):
        return g
    return None


def _checked_in_place(original, checked: np.ndarray, valid: np.ndarray):
    """The checked coordinates in the input's own column: valid rows take the checked value, bad
    rows keep theirs; a numeric column stays numeric, a text column (a CSV's) stays text (and a
    cell whose number is unchanged keeps its spelling)."""
    import pandas as pd

    dtype = original.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if valid.all():  # every row takes its checked value (a new array of its own)
            return checked
        out = original.to_numpy(dtype=float, na_value=np.nan).copy()
        out[valid] = checked[valid]
        return out
    out = original.to_numpy(dtype=object).copy()
    # A valid row keeps its own text unless checking changed the value (a wrapped longitude,
    # '35.5N' …): the cell is never rewritten only to spell the same number another way.
    same = pd.to_numeric(original, errors="coerce").to_numpy(dtype=float, na_value=np.nan) == checked
    changed = valid & ~same
    out[changed] = checked[changed].astype(str)
    for i in np.flatnonzero(~valid):
        out[i] = None if pd.isna(out[i]) else str(out[i])
    return out


def attach_reference(results, *, reference=DEFAULT_REFERENCE, target: str = "JPN", distances: bool = True):
    """Add the verdict under ``reference`` data to a results table: :data:`geo.results.REF_COLUMNS`.

    Parameters
    ----------
    results : geopandas.GeoDataFrame
        A :func:`check_points` table (not modified).
    reference : a ``zones=`` value
        The second data set (default: the downloaded Marine Regions layers).
    target, distances
        As for :func:`check_points`.

    Returns
    -------
    geopandas.GeoDataFrame
        A new table; rows that are invalid input get empty ``ref_*`` fields and ``differs`` NA,
        so a bad row is reported once, in ``error``.

    Examples
    --------
    >>> attach_reference(check_points(lat=[30.0], lon=[140.0]), reference="marineregions")["differs"]  # doctest: +SKIP
    """
    import pandas as pd

    lat = pd.to_numeric(pd.Series(results["lat"]), errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(pd.Series(results["lon"]), errors="coerce").to_numpy(dtype=float)
    ok = results["error"].isna().to_numpy() & np.isfinite(lat) & np.isfinite(lon)
    ref = None
    if ok.any():
        ref = check_points(lat=lat[ok], lon=lon[ok], target=target, zones=reference, distances=distances)
    return merge_reference(results, ref, ok)


def in_target_eez(*, lat, lon, target: str = "JPN", zones=None):
    """Only ``in_target_eez`` — the fast path for many samples (a Monte Carlo), no table built.

    Parameters
    ----------
    lat, lon : float or array-like
    target, zones
        As for :func:`check_point`.

    Returns
    -------
    bool for scalars, else a boolean array of the input's shape. Invalid coordinates raise
    :class:`~geo.errors.InputError` as in :func:`check_points`.

    Examples
    --------
    >>> in_target_eez(lat=39.0, lon=137.0)  # doctest: +SKIP
    True
    """
    shape = np.shape(lat)
    c = _core(np.ravel(lon), np.ravel(lat), target=target, zones=zones, distances=False, errors="raise", fields=False)
    inside = c["tables"].inside[c["code"]]
    return bool(inside[0]) if shape == () else inside.reshape(shape)


# --------------------------------------------------------------------------- dask


def _check_points_dask(ddf, *, lat_col, lon_col, zones, **kw):
    """check_points on every partition (:func:`geo.scale.map_table`); a lazy dask GeoDataFrame.
    Row order and partitioning follow the input; text columns have one dtype in every partition."""
    zones = resolve_zones(zones)
    if isinstance(zones, Zones):
        warnings.warn(
            "check_points on dask input with a loaded Zones sends the polygons to every task; "
            "pass the zone file's path (or None for the bundled zones) so workers use the compiled cache",
            stacklevel=3,
        )
    fn = partial(_check_partition, lat_col=lat_col, lon_col=lon_col, zones=zones, **kw)
    return map_table(ddf, fn, stand_in=partial(stand_in_points, lat_col=lat_col, lon_col=lon_col))


def _check_partition(part, **kw):
    return uniform_text(check_points(part, **kw))


# --------------------------------------------------------------------------- the core


def _core(lon, lat, *, target, zones, distances, errors, rows=None, territory: bool = True, fields: bool = True) -> dict:
    """Per-point codes (see :class:`~geo.results.VerdictTables`) and numeric columns (numpy only);
    ``fields=False``: the codes and their tables only (no table to build)."""
    target = check_target(target)
    # Problems found by row position (a table's index may repeat a label), then named by label.
    lon_v, lat_v, at = coordinates(lon, lat, errors="keep" if errors == "raise" else errors)
    problems = at if rows is None else [(rows[i], f, v, why) for i, f, v, why in at]
    if problems and errors == "raise":
        raise InputError(describe_problems(problems), problems)
    idx = load_index(zones)
    _check_target_in(idx, target)
    n = lon_v.size
    tables = _tables(idx, target)
    code = idx.locate(lon_v, lat_v, target=target)  # a new array: turned into codes in place
    # Every row that is not finite is a problem row (coordinates reports it).
    valid = np.isfinite(lon_v) if problems else np.ones(n, dtype=bool)
    sea = np.flatnonzero(code < 0)
    code[sea] = tables.high_seas
    if idx.region is not None and len(sea):
        # Beyond the data's region "no zone" means "not known", not "high seas".
        w, s_, e, n_ = idx.region
        lo, la = lon_v[sea], lat_v[sea]
        code[sea[~((lo >= w) & (lo <= e) & (la >= s_) & (la <= n_))]] = tables.unknown
    if problems:
        code[~valid] = tables.invalid
    if not fields:
        return {"code": code, "tables": tables}
    c = {
        "code": code, "tables": tables, "valid": valid, "lat": lat_v, "lon": lon_v, "target": target,
        "data_source": idx.source_label, "error": _row_errors(at, n),
        # Text columns known to hold only None (no per-value look needed to build them).
        "empty_text": ({"error"} if not problems else set()) | ({"nearest_territory"} if not (distances and territory) else set()),
    }
    if distances:
        c.update(_distances(idx, tables, code, lon_v, lat_v, valid, target, territory))
    else:
        c.update(_no_distances(idx, tables, code, lon_v, lat_v, valid))
    c["measured"] = distances
    return c


def _no_distances(idx, tables, code, lon_v, lat_v, valid) -> dict:
    """The fields of :func:`_distances` when none is measured (the same names and dtypes, all NaN
    or None): one new array per dtype, shared by the fields (not six arrays of a million values);
    the results table hands each to pandas as one Series, which copies a column before a write."""
    n = lon_v.size
    shape = _distances(idx, tables, code[:0], lon_v[:0], lat_v[:0], valid[:0], None)
    empty: dict = {}
    for v in shape.values():
        if v.dtype not in empty:
            empty[v.dtype] = np.full(n, None if v.dtype == object else np.nan, dtype=v.dtype)
    return {k: empty[v.dtype] for k, v in shape.items()}


#: From this many points on, the limit and the coast are measured in two threads at once.
_SIDE_BY_SIDE_MIN = 20_000


def _distances(idx, tables, code, lon_v, lat_v, valid, target, territory: bool = True) -> dict:
    """Distance to the target's outer limit and its nearest territory (NaN/None without a target)."""
    n = lon_v.size
    d = {
        "distance_to_target_eez_km": np.full(n, np.nan),
        "nearest_limit_lat": np.full(n, np.nan),
        "nearest_limit_lon": np.full(n, np.nan),
        "nearest_territory": np.full(n, None, dtype=object),
        "nearest_territory_km": np.full(n, np.nan),
        "nearest_territory_bearing": np.full(n, np.nan),
    }
    claim = idx.claim(target) if target is not None else None
    if claim is None or not claim.exists or not valid.any():
        return d
    with_land = claim.land is not None and territory
    # The outer limit and the coast side by side on two cores when one is idle (each releases
    # the GIL in numpy and pyproj); else, with EEZCHECK_THREADS=1, or in a pool thread, in turn.
    jobs = [(claim.outer_limit, False)] + ([(claim.land, True)] if with_land else [])
    run = map_if_spare if n >= _SIDE_BY_SIDE_MIN else (lambda f, xs: [f(x) for x in xs])
    found = run(lambda job: job[0].query(lon_v, lat_v, azimuth=job[1]), jobs)
    dist, d["nearest_limit_lon"], d["nearest_limit_lat"], _ = found[0]
    d["distance_to_target_eez_km"] = np.where(tables.inside[code], 1.0, -1.0) * dist / 1000.0
    if with_land:
        td, _, _, t_name, brg = found[1]
        on_land = tables.own_land[code]
        terr = np.where(valid, t_name, None).astype(object)
        terr[on_land] = tables.territory[code[on_land]]
        d["nearest_territory"] = terr
        d["nearest_territory_km"] = np.where(on_land, 0.0, td / 1000.0)
        d["nearest_territory_bearing"] = np.where(on_land, np.nan, brg)
    return d


def _row_errors(problems, n: int) -> np.ndarray:
    """The ``error`` column: each bad row's problems (by row position), joined."""
    error = np.empty(n, dtype=object)  # numpy fills a new object array with None
    by_row: dict = {}
    for i, f, v, why in problems:
        by_row.setdefault(i, []).append(problem_text(f, v, why))
    for i, msgs in by_row.items():
        error[i] = "; ".join(msgs)
    return error


_TABLES: dict = {}


def _tables(idx, target) -> VerdictTables:
    key = (id(idx), target)
    t = _TABLES.get(key)
    if t is None or t[0] is not idx:
        if len(_TABLES) > 32:
            _TABLES.clear()
        t = _TABLES[key] = (idx, VerdictTables(idx, target))
    return t[1]


def _check_target_in(idx, target: str) -> None:
    """A target no zone belongs to is a typo or the wrong data (every point would be 'outside')."""
    states = {s for sov in idx.sovereigns for s in sov}
    if target not in states:
        raise InputError(
            f"target = {target!r}: no zone in this zone data belongs to it, so every point would be 'outside'; "
            f"states in the data: {', '.join(sorted(states)[:40])}{' …' if len(states) > 40 else ''}"
        )
