"""Classification: which zone a point is in, and where it stands against a state's EEZ.

``eez_status`` for the target state (default Japan):

* ``inside``   — in the target's own zones (land, internal waters, territorial sea, contiguous
  zone, EEZ); all of these lie landward of the EEZ's outer limit.
* ``disputed`` — in an overlapping-claim or joint-regime area, or on land claimed by several
  states (a land row with several sovereigns), in which the target is a party.
* ``outside``  — anywhere else (another state's zone, or the high seas).

``in_target_eez`` is ``eez_status != "outside"``: Japan's Ministry of Defense counts the waters
Japan claims when it says a missile fell "inside Japan's EEZ", so disputed waters count as inside.

``distance_to_target_eez_km`` is the geodesic distance to the target's outer limit — the seaward
edge of all the waters it claims (including disputed ones), not its coastline — signed positive
when ``in_target_eez`` and negative otherwise. Points on a boundary: see :mod:`geo.index`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import sys
from pathlib import Path

import numpy as np

from geo.errors import EEZCheckError, InputError
from geo.geodesy import NM
from geo.index import index_for
from geo.names import adjective, country_name, possessive
from geo.inputs import coordinates

# pandas/geopandas are imported inside the functions that build tables: check_point (and so
# 'eezcheck point') works from the compiled zone index with numpy, shapely and pyproj only.

__all__ = ["PointResult", "check_point", "check_points", "in_target_eez", "RESULT_COLUMNS", "EEZ_STATUSES"]

EEZ_STATUSES = ("inside", "disputed", "outside")

RESULT_COLUMNS = [
    "lat",
    "lon",
    "zone_type",
    "zone_name",
    "sovereigns",
    "mrgid",
    "target",
    "eez_status",
    "in_target_eez",
    "distance_to_target_eez_km",
    "distance_to_target_eez_nm",
    "nearest_limit_lat",
    "nearest_limit_lon",
    "nearest_territory",
    "nearest_territory_km",
    "nearest_territory_bearing",
    "data_source",
    "error",
]

_LAT_NAMES = ("lat", "latitude", "y", "lat_deg", "latitude_deg")
_LON_NAMES = ("lon", "lng", "long", "longitude", "x", "lon_deg", "longitude_deg")


@dataclass(frozen=True)
class PointResult:
    """The verdict for one point. ``sovereigns`` is a tuple of ISO 3166-1 alpha-3 codes."""

    lat: float
    lon: float
    zone_type: str
    zone_name: str | None
    sovereigns: tuple[str, ...]
    mrgid: int | None
    target: str
    eez_status: str
    in_target_eez: bool
    distance_to_target_eez_km: float | None
    distance_to_target_eez_nm: float | None
    nearest_limit_lat: float | None
    nearest_limit_lon: float | None
    nearest_territory: str | None
    nearest_territory_km: float | None
    nearest_territory_bearing: float | None
    data_source: str

    def to_dict(self) -> dict:
        d = asdict(self)
        d["sovereigns"] = list(self.sovereigns)
        return d

    def summary(self) -> str:
        """The verdict in words, e.g. "inside Japan's EEZ, 112 km (60 NM) from its limit"."""
        t = self.target
        head = f"{_fmt_latlon(self.lat, self.lon)}: "
        d = self.distance_to_target_eez_km
        dist = ""
        if d is not None and np.isfinite(d):
            dist = f", {abs(d):,.0f} km ({abs(self.distance_to_target_eez_nm):,.0f} NM) "
            dist += "from its limit" if d >= 0 else "beyond its limit"
        words = _ZONE_WORDS.get(self.zone_type, self.zone_type)
        on_in = "on" if self.zone_type == "land" else "in"
        if self.eez_status == "inside":
            head += f"inside {possessive(t)} EEZ{dist}"
            if self.zone_type != "eez":
                head += f" — {on_in} its {words}"
        elif self.eez_status == "disputed":
            others = ", ".join(country_name(s) for s in self.sovereigns if s != t)
            kind = {"overlapping_claim": "an overlapping claim", "land": "land claimed"}.get(self.zone_type, "a joint regime")
            head += (
                f"inside {possessive(t)} claimed EEZ{dist} — {kind} with {others} "
                f"({self.zone_name}); Japanese statements count it as inside"
                if t == "JPN"
                else f"inside {possessive(t)} claimed EEZ{dist} — {kind} with {others} ({self.zone_name})"
            )
        else:
            head += f"outside {possessive(t)} EEZ{dist}"
            if self.zone_type == "high_seas":
                head += " — on the high seas"
            elif self.zone_type == "unknown":
                head += " — outside the region the zone data covers"
            elif self.sovereigns:
                owner = " / ".join(country_name(s) for s in self.sovereigns)
                head += f" — {on_in} {owner}'s {words}".replace("s's", "s'")
        lines = [head + "."]
        lines.append(
            f"  zone: {words}" + (f" — {self.zone_name}" if self.zone_name else "")
            + (f" ({';'.join(self.sovereigns)})" if self.sovereigns else "")
            + (f", MRGID {self.mrgid}" if self.mrgid is not None else "")
        )
        if self.nearest_territory is not None and self.nearest_territory_km is not None:
            if self.nearest_territory_bearing is None:  # the point is on that land
                lines.append(f"  on {adjective(t)} territory: {self.nearest_territory}")
            else:
                lines.append(
                    f"  nearest {adjective(t)} territory: {self.nearest_territory}, "
                    f"{self.nearest_territory_km:,.0f} km, bearing {self.nearest_territory_bearing:.0f}°"
                )
        lines.append(f"  data: {self.data_source}")
        return "\n".join(lines)


_ZONE_WORDS = {
    "eez": "EEZ",
    "territorial_sea": "territorial sea",
    "contiguous_zone": "contiguous zone",
    "internal_waters": "internal waters",
    "overlapping_claim": "overlapping claim",
    "joint_regime": "joint regime",
    "high_seas": "high seas",
    "unknown": "unknown",
    "land": "land",
}


def _fmt_latlon(lat: float, lon: float) -> str:
    return f"{abs(lat):.4f}°{'N' if lat >= 0 else 'S'} {abs(lon):.4f}°{'E' if lon >= 0 else 'W'}"


def check_point(*, lat: float, lon: float, target: str = "JPN", zones=None, distances: bool = True) -> PointResult:
    """Classify one point. ``zones``: a path, "bundled" (default) or a :class:`~geo.zones.Zones`."""
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
        distance_to_target_eez_nm=_opt(c["distance_to_target_eez_km"][0] * 1000.0 / NM),
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
):
    """Classify many points; returns a GeoDataFrame (EPSG:4326), one row per input row, in order.

    Input: a DataFrame with latitude/longitude columns (``lat_col``/``lon_col``, else found by
    name: lat/latitude/y and lon/lng/long/longitude/x), a GeoDataFrame of points in any CRS, or
    ``lat=`` and ``lon=`` arrays. The input's other columns are kept beside :data:`RESULT_COLUMNS`
    (``lat``/``lon`` hold the validated coordinates, longitudes wrapped to [-180, 180)).
    ``errors="raise"`` fails on the first bad table naming every bad row; ``errors="keep"`` keeps
    bad rows with their reason in the ``error`` column and NaN/None verdict fields.
    ``distances=False`` skips the distance and nearest-territory columns (faster).
    ``compare=True`` (the downloaded Marine Regions data) or a data set name/path adds the
    verdict under that data beside this one — ``ref_*`` columns and ``differs`` (:mod:`geo.compare`).

    A dask (Geo)DataFrame gives a lazy dask GeoDataFrame classified partition by partition
    (:mod:`geo.scale`; optional extra ``dask``).
    """
    from geo.scale import is_dask

    if is_dask(data):
        from geo.scale import check_points_dask

        return check_points_dask(
            data, lat_col=lat_col, lon_col=lon_col, target=target, zones=zones, distances=distances, errors=errors
        )
    import geopandas as gpd
    import pandas as pd

    base, lon_v, lat_v, rows = _coerce_input(data, lat=lat, lon=lon, lat_col=lat_col, lon_col=lon_col, errors=errors)
    bad_geometry = getattr(lon_v, "bad_geometry", {})
    if base is not None:
        _check_no_clash(base)
    c = _core(lon_v, lat_v, target=target, zones=zones, distances=distances, errors=errors, rows=rows)
    for i, msg in bad_geometry.items():  # rows kept with errors="keep": say what was wrong with them
        c["error"][i] = msg
    cols = _columns(c)
    n = len(c["lon"])
    out = base.copy() if base is not None else None
    reuse = None
    if isinstance(out, gpd.GeoDataFrame):
        # The input points themselves, when validation left them as they were (saves making
        # a million new points): 2-D, EPSG:4326, every row valid, longitudes not wrapped.
        g = base.geometry
        if (
            not bad_geometry
            and g.crs is not None
            and g.crs.equals("EPSG:4326")
            and not g.has_z.any()
            and np.array_equal(g.x.to_numpy(), c["lon"])
            and np.array_equal(g.y.to_numpy(), c["lat"])
        ):
            reuse = g.values
        out = pd.DataFrame(out.drop(columns=out.geometry.name))
    if out is None:
        out = pd.DataFrame(cols, index=pd.RangeIndex(n), copy=False)
    elif not set(out.columns) & set(RESULT_COLUMNS):
        out = pd.concat([out, pd.DataFrame(cols, index=out.index, copy=False)], axis=1)
    else:  # result columns replace the input's in place (e.g. its own lat/lon)
        for k in RESULT_COLUMNS:
            out[k] = cols[k]
    geometry = reuse if reuse is not None else gpd.points_from_xy(c["lon"], c["lat"], crs="EPSG:4326")
    result = gpd.GeoDataFrame(out, geometry=geometry, crs="EPSG:4326")
    if compare is not None and compare is not False:
        from geo.compare import DEFAULT_REFERENCE, attach_reference

        reference = DEFAULT_REFERENCE if compare is True else compare
        result = attach_reference(result, reference=reference, target=target, distances=distances)
    return result


def in_target_eez(*, lat, lon, target: str = "JPN", zones=None):
    """Only ``in_target_eez`` — the fast path for many samples (a Monte Carlo), no table built.

    Scalar in → bool out; array in → boolean array of the same shape out. Invalid coordinates
    raise :class:`InputError` as in :func:`check_points`.
    """
    shape = np.shape(lat)
    c = _core(np.ravel(lon), np.ravel(lat), target=target, zones=zones, distances=False, errors="raise")
    inside = c["tables"].inside[c["code"]]
    return bool(inside[0]) if shape == () else inside.reshape(shape)


class _Coords(np.ndarray):
    """Coordinates that remember which rows had no usable point geometry (row position → reason)."""

    bad_geometry: dict = {}


def _coerce_input(data, *, lat, lon, lat_col, lon_col, errors="raise"):
    """(original frame or None, lon values, lat values, row labels)."""
    if data is None:
        if lat is None or lon is None:
            raise InputError("give a table (DataFrame/GeoDataFrame) or both lat= and lon=")
        lon_a = np.asarray(lon, dtype=object).reshape(-1)
        lat_a = np.asarray(lat, dtype=object).reshape(-1)
        return None, lon_a, lat_a, list(range(len(lon_a)))
    import pandas as pd

    try:
        import geopandas as gpd
    except ImportError:  # pragma: no cover - geopandas is a dependency
        gpd = None
    if gpd is not None and isinstance(data, gpd.GeoDataFrame) and lat_col is None and lon_col is None:
        if data.crs is None:
            raise InputError("the GeoDataFrame has no CRS; set it (e.g. gdf.set_crs('EPSG:4326'))")
        g = data.geometry
        if not g.crs.equals("EPSG:4326"):
            g = g.to_crs("EPSG:4326")
        import shapely

        types = g.geom_type.to_numpy(dtype=object)
        is_point = types == "Point"
        kind = [t if isinstance(t, str) else "missing" for t in types]
        bad = [(r, "geometry", k, "is not a Point") for r, k, ok in zip(data.index, kind, is_point) if not ok]
        if bad and errors != "keep":
            raise InputError(
                f"{len(bad)} row(s) have no point geometry (check_points classifies points; "
                "errors='keep' keeps them as bad rows):\n  "
                + "\n  ".join(f"row {r}: geometry is {k}, not a Point" for r, _, k, _ in bad[:20]),
                bad,
            )
        geoms = g.values.to_numpy() if hasattr(g.values, "to_numpy") else np.asarray(g.values)
        x = np.full(len(g), np.nan).view(_Coords)
        y = np.full(len(g), np.nan)
        x[is_point] = shapely.get_x(geoms[is_point])
        y[is_point] = shapely.get_y(geoms[is_point])
        x.bad_geometry = {
            int(i): f"geometry is {kind[i]}, not a Point"
            for i in np.flatnonzero(~is_point)
        }
        return data, x, y, list(data.index)
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"check_points takes a DataFrame or GeoDataFrame, not {type(data).__name__}; or pass lat= and lon=")
    lat_name = lat_col or _find_column(data, _LAT_NAMES, "latitude", "lat_col")
    lon_name = lon_col or _find_column(data, _LON_NAMES, "longitude", "lon_col")
    for name, kind in ((lat_name, "lat_col"), (lon_name, "lon_col")):
        if name not in data.columns:
            raise InputError(f"column {name!r} ({kind}) not found; columns are: {', '.join(map(str, data.columns))}")
    for result_col, source, kind in (("lat", lat_name, "latitude"), ("lon", lon_name, "longitude")):
        # The result's lat/lon (the checked coordinates) would silently replace another column.
        if result_col in data.columns and result_col != source:
            raise InputError(
                f"the input has a column {result_col!r} besides the {kind} column {source!r}: the result's "
                f"{result_col!r} (the checked {kind}) would replace it; rename that column"
            )
    return data, data[lon_name].to_numpy(dtype=object), data[lat_name].to_numpy(dtype=object), list(data.index)


def _check_no_clash(frame) -> None:
    """Input columns named like result columns would be silently replaced: refuse, unless the
    input is itself a results table (it has eez_status and data_source) being checked again."""
    if {"eez_status", "data_source"} <= set(frame.columns):
        return
    clash = [c for c in frame.columns if c in RESULT_COLUMNS and c not in ("lat", "lon")]
    if clash:
        raise InputError(
            f"the input has column(s) {', '.join(map(repr, clash))} named like result columns, which would "
            "replace them; rename them"
        )


def _find_column(df, names, what, option):
    lower = {str(c).lower().strip(): c for c in df.columns}
    found = [lower[n] for n in names if n in lower]
    if not found:
        raise InputError(
            f"no {what} column found (looked for {', '.join(names)}); name it with {option}= / --{option.replace('_', '-')}. "
            f"Columns are: {', '.join(map(str, df.columns))}"
        )
    if len(found) > 1:
        raise InputError(
            f"ambiguous {what} columns: {', '.join(map(str, found))}; choose one with {option}= / --{option.replace('_', '-')}"
        )
    return found[0]


class _Tables:
    """Per-code answers, so every column is one array lookup (no Python loop per point).

    Codes: ``0..nz-1`` the zone of that row; ``nz`` high seas; ``nz + 1`` an invalid row;
    ``nz + 2`` outside the region the zone data covers; ``nz + 3 + r`` land of row r of the
    bundled land layer (see :func:`_borrow_land`).
    """

    def __init__(self, idx, target: str, borrowed=None):
        nz = len(idx.zone_type)
        nb = 0 if borrowed is None else len(borrowed.zone_type)
        m = nz + 3 + nb
        self.high_seas, self.invalid, self.unknown = nz, nz + 1, nz + 2
        zt = np.empty(m, dtype=object)
        name = np.full(m, None, dtype=object)
        sov = np.empty(m, dtype=object)
        mrgid = np.zeros(m, dtype=np.int64)
        mrgid_na = np.ones(m, dtype=bool)
        zt[:nz] = idx.zone_type
        name[:nz] = idx.names
        sov[:nz] = [tuple(s) for s in idx.sovereigns]
        has = np.array([v is not None for v in idx.mrgid], dtype=bool)
        mrgid[:nz][has] = np.array([int(v) for v in idx.mrgid[has]], dtype=np.int64)
        mrgid_na[:nz] = ~has
        zt[self.high_seas] = "high_seas"
        sov[self.high_seas] = ()
        zt[self.invalid] = None
        sov[self.invalid] = ()
        zt[self.unknown] = "unknown"
        name[self.unknown] = _region_text(idx.region)
        sov[self.unknown] = ()
        if nb:
            zt[nz + 3 :] = "land"
            name[nz + 3 :] = [f"{v} (land, from the bundled land layer)" for v in borrowed.names]
            sov[nz + 3 :] = [tuple(s) for s in borrowed.sovereigns]
        own_or_land = np.array([len(s) > 0 and s[0] == target for s in sov], dtype=bool)
        party = np.array([target in s for s in sov], dtype=bool)
        # Land claimed by several states (disputed islands) is shared like an overlapping claim.
        multi = np.array([len(s) > 1 for s in sov], dtype=bool)
        shared = np.isin(zt, ("overlapping_claim", "joint_regime")) | ((zt == "land") & multi)
        status = np.where(shared & party, "disputed", np.where(~shared & own_or_land, "inside", "outside")).astype(object)
        status[self.invalid] = None
        self.zone_type, self.zone_name, self.sov, self.mrgid, self.mrgid_na = zt, name, sov, mrgid, mrgid_na
        self.sov_text = np.array([";".join(s) for s in sov], dtype=object)
        self.status = status
        self.inside = (status != "outside") & (np.arange(m) != self.invalid)
        self.own_land = (zt == "land") & (own_or_land | (shared & party))


def _index(zones):
    """The zone index for ``zones``: a loaded Zones' own, else the compiled on-disk index of the
    file (``geo.index.cache``; read without geopandas once it has been built)."""
    from geo.index.cache import bundled_zone_path, index_for_path

    zmod = sys.modules.get("geo.zones.readers")  # not imported yet → zones cannot be a Zones
    if zmod is not None and isinstance(zones, zmod.Zones):
        return index_for(zones)
    p = bundled_zone_path() if zones is None or str(zones) == "bundled" else Path(zones).expanduser()
    if not p.is_file():
        from geo.zones import load_zones

        return index_for(load_zones(zones))  # the loader says what is missing, in its words

    return index_for_path(p)


def _core(lon, lat, *, target, zones, distances, errors, rows=None) -> dict:
    """Per-point codes and numeric columns (numpy only); see :class:`_Tables`."""
    target = _check_target(target)
    lon_v, lat_v, problems = coordinates(lon, lat, rows=rows, errors=errors)
    idx = _index(zones)
    _check_target_in(idx, target)
    n = lon_v.size
    zi = idx.locate(lon_v, lat_v, target=target)
    valid = np.isfinite(lon_v)
    nz = len(idx.zone_type)
    code = np.where(zi >= 0, zi, nz)  # see _Tables for the codes
    borrowed = _borrow_land(idx, lon_v, lat_v, code, nz)
    if idx.region is not None:
        # Beyond the data's region "no zone" means "not known", not "high seas".
        w, s_, e, n_ = idx.region
        out = (code == nz) & ~((lon_v >= w) & (lon_v <= e) & (lat_v >= s_) & (lat_v <= n_))
        code[out] = nz + 2
    if not valid.all():
        code[~valid] = nz + 1
    tables = _tables(idx, target, borrowed)

    dist_km = np.full(n, np.nan)
    lim_lon = np.full(n, np.nan)
    lim_lat = np.full(n, np.nan)
    terr = np.full(n, None, dtype=object)
    terr_km = np.full(n, np.nan)
    terr_brg = np.full(n, np.nan)
    claim = idx.claim(target) if distances else None
    if distances and claim.exists and valid.any():
        from geo.geodesy import inverse

        inside = tables.inside[code]
        d, lim_lon, lim_lat, _ = claim.outer_limit.query(lon_v, lat_v)
        dist_km = np.where(inside, 1.0, -1.0) * d / 1000.0
        if claim.land is not None:
            td, t_lon, t_lat, t_name = claim.land.query(lon_v, lat_v)
            brg, _ = inverse(lon_v, lat_v, t_lon, t_lat)
            on_land = tables.own_land[code]
            terr = np.where(valid, t_name, None).astype(object)
            terr[on_land] = tables.zone_name[code[on_land]]
            terr_km = np.where(on_land, 0.0, td / 1000.0)
            terr_brg = np.where(on_land, np.nan, brg)

    error = np.full(n, None, dtype=object)
    if problems:
        pos = {r: i for i, r in enumerate(rows if rows is not None else range(n))}
        by_row: dict = {}
        for r, f, v, why in problems:
            by_row.setdefault(r, []).append(f"{f} = {v!r} {why}")
        for r, msgs in by_row.items():
            error[pos[r]] = "; ".join(msgs)
    return {
        "code": code,
        "tables": tables,
        "valid": valid,
        "lat": lat_v,
        "lon": lon_v,
        "target": target,
        "distance_to_target_eez_km": dist_km,
        "nearest_limit_lat": lim_lat,
        "nearest_limit_lon": lim_lon,
        "nearest_territory": terr,
        "nearest_territory_km": terr_km,
        "nearest_territory_bearing": terr_brg,
        "data_source": idx.source_label,
        "error": error,
    }


_TABLES: dict = {}


def _tables(idx, target, borrowed) -> _Tables:
    key = (id(idx), id(borrowed), target)
    t = _TABLES.get(key)
    if t is None or t[0] is not idx or t[1] is not borrowed:
        if len(_TABLES) > 32:
            _TABLES.clear()
        t = _TABLES[key] = (idx, borrowed, _Tables(idx, target, borrowed))
    return t[2]


#: Tables this long are built through Arrow (same values and dtypes as pandas would infer, without
#: a Python object per cell); shorter ones take the plain path.
_ARROW_MIN_ROWS = 4096


def _constant_text(value: str, n: int):
    """A text column holding one value: Arrow buffers built directly (no per-cell work)."""
    if n < _ARROW_MIN_ROWS:
        return np.full(n, value, dtype=object)
    import pandas as pd
    import pyarrow as pa

    b = value.encode("utf-8")
    offsets = np.arange(n + 1, dtype=np.int64) * len(b)
    arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(b * n))
    return pd.array(arr, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def _text_column(values: np.ndarray, code: np.ndarray):
    """``values[code]`` as a pandas column: the ``str`` dtype pandas infers for text with missing
    values, or object when every value is None (as pandas does)."""
    n = len(code)
    used = np.bincount(code, minlength=len(values)) > 0 if n else np.zeros(len(values), dtype=bool)
    if n < _ARROW_MIN_ROWS or not any(v is not None for v in values[used]):
        return values[code]
    import pandas as pd
    import pyarrow as pa

    arr = pa.array(list(values), type=pa.large_string()).take(pa.array(code.astype(np.int64)))
    return pd.array(arr, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def _columns(c: dict) -> dict:
    """Column name → array (pandas extension arrays where the result table has them)."""
    import pandas as pd

    t, code, valid = c["tables"], c["code"], c["valid"]
    n = len(code)
    mrgid = pd.arrays.IntegerArray(t.mrgid[code], t.mrgid_na[code].copy())
    in_col = pd.arrays.BooleanArray(np.where(valid, t.inside[code], False), ~valid)
    return {
        "lat": c["lat"],
        "lon": c["lon"],
        "zone_type": _text_column(t.zone_type, code),
        "zone_name": _text_column(t.zone_name, code),
        "sovereigns": _text_column(t.sov_text, code),
        "mrgid": mrgid,
        "target": _constant_text(c["target"], n),
        "eez_status": _text_column(t.status, code),
        "in_target_eez": in_col,
        "distance_to_target_eez_km": c["distance_to_target_eez_km"],
        "distance_to_target_eez_nm": c["distance_to_target_eez_km"] * 1000.0 / NM,
        "nearest_limit_lat": c["nearest_limit_lat"],
        "nearest_limit_lon": c["nearest_limit_lon"],
        "nearest_territory": c["nearest_territory"],
        "nearest_territory_km": c["nearest_territory_km"],
        "nearest_territory_bearing": c["nearest_territory_bearing"],
        "data_source": _constant_text(c["data_source"], n),
        "error": c["error"],
    }


def _borrow_land(idx, lon, lat, code, high_seas_code):
    """Zone data without land (Marine Regions EEZ layers) cannot tell a mainland from the high
    seas: take the bundled land polygons for such points, and say so in ``zone_name``.
    Recodes those points (see :class:`_Tables`) and returns the bundled index, or None."""
    free = np.flatnonzero(code == high_seas_code)
    if not len(free):
        return None
    try:
        b = _index(None)
    except EEZCheckError:
        return None
    if b is idx or (b.source_label == idx.source_label and b.zone_type.size == idx.zone_type.size):
        return None
    hit = b.locate(lon[free], lat[free])
    land = (hit >= 0) & (b.zone_type[np.maximum(hit, 0)] == "land")
    if not land.any():
        return None
    code[free[land]] = high_seas_code + 3 + hit[land]
    return b


def _check_target_in(idx, target: str) -> None:
    """A target no zone belongs to is a typo or the wrong data (every point would be 'outside')."""
    states = {s for sov in idx.sovereigns for s in sov}
    if target not in states:
        raise InputError(
            f"target = {target!r}: no zone in this zone data belongs to it, so every point would be 'outside'; "
            f"states in the data: {', '.join(sorted(states)[:40])}{' …' if len(states) > 40 else ''}"
        )


def _region_text(region) -> str:
    if region is None:
        return "outside the zone data's region"
    w, s, e, n = region
    ns = lambda v: f"{abs(v):g}°{'N' if v >= 0 else 'S'}"  # noqa: E731
    ew = lambda v: f"{abs(v):g}°{'E' if v >= 0 else 'W'}"  # noqa: E731
    return f"outside the zone data's region ({ew(w)}–{ew(e)}, {ns(s)}–{ns(n)}): no verdict on its zone"


def _check_target(target) -> str:
    if not isinstance(target, str) or len(target.strip()) != 3 or not target.strip().isalpha():
        raise InputError(f"target = {target!r} is not an ISO 3166-1 alpha-3 code (e.g. JPN, KOR, CHN)")
    return target.strip().upper()



