"""Classification: which zone a point is in, and where it stands against a state's EEZ.

``eez_status`` for the target state (default Japan):

* ``inside``   — in the target's own zones (land, internal waters, territorial sea, contiguous
  zone, EEZ); all of these lie landward of the EEZ's outer limit.
* ``disputed`` — in an overlapping-claim or joint-regime area in which the target is a party.
* ``outside``  — anywhere else (another state's zone, or the high seas).

``in_target_eez`` is ``eez_status != "outside"``: Japan's Ministry of Defense counts the waters
Japan claims when it says a missile fell "inside Japan's EEZ", so disputed waters count as inside.

``distance_to_target_eez_km`` is the geodesic distance to the target's outer limit — the seaward
edge of all the waters it claims (including disputed ones), not its coastline — signed positive
when ``in_target_eez`` and negative otherwise. Points on a boundary: see :mod:`geo.index`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from geo.errors import EEZCheckError, InputError
from geo.geodesy import NM, inverse
from geo.index import HIGH_SEAS, INFERRED_LAND, index_for
from geo.names import adjective, country_name, possessive
from geo.validation import coordinates, describe_problems
from geo.zones import Zones, load_zones

__all__ = ["PointResult", "check_point", "check_points", "RESULT_COLUMNS", "EEZ_STATUSES"]

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
        if self.eez_status == "inside":
            head += f"inside {possessive(t)} EEZ{dist}"
            if self.zone_type != "eez":
                head += f" — in its {self.zone_type.replace('_', ' ')}"
        elif self.eez_status == "disputed":
            others = ", ".join(country_name(s) for s in self.sovereigns if s != t)
            kind = "an overlapping claim" if self.zone_type == "overlapping_claim" else "a joint regime"
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
            elif self.sovereigns:
                owner = " / ".join(country_name(s) for s in self.sovereigns)
                head += f" — in {owner}'s {self.zone_type.replace('_', ' ')}".replace("s's", "s'")
        lines = [head + "."]
        lines.append(
            f"  zone: {self.zone_type} — {self.zone_name or '-'}"
            + (f" ({';'.join(self.sovereigns)})" if self.sovereigns else "")
            + (f", MRGID {self.mrgid}" if self.mrgid is not None else "")
        )
        if self.nearest_territory is not None and self.nearest_territory_km is not None:
            lines.append(
                f"  nearest {adjective(t)} territory: {self.nearest_territory}, "
                f"{self.nearest_territory_km:,.0f} km, bearing {self.nearest_territory_bearing:.0f}°"
            )
        lines.append(f"  data: {self.data_source}")
        return "\n".join(lines)


def _fmt_latlon(lat: float, lon: float) -> str:
    return f"{abs(lat):.4f}°{'N' if lat >= 0 else 'S'} {abs(lon):.4f}°{'E' if lon >= 0 else 'W'}"


def check_point(*, lat: float, lon: float, target: str = "JPN", zones=None, distances: bool = True) -> PointResult:
    """Classify one point. ``zones``: a path, "bundled" (default) or a :class:`~geo.zones.Zones`."""
    frame = _classify(np.array([lon]), np.array([lat]), target=target, zones=zones, distances=distances, errors="raise")
    row = {k: (v[0] if len(v) else None) for k, v in frame.items()}
    return PointResult(
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        zone_type=row["zone_type"],
        zone_name=row["zone_name"],
        sovereigns=tuple(s for s in (row["sovereigns"] or "").split(";") if s),
        mrgid=None if row["mrgid"] is None or pd.isna(row["mrgid"]) else int(row["mrgid"]),
        target=row["target"],
        eez_status=row["eez_status"],
        in_target_eez=bool(row["in_target_eez"]),
        distance_to_target_eez_km=_opt(row["distance_to_target_eez_km"]),
        distance_to_target_eez_nm=_opt(row["distance_to_target_eez_nm"]),
        nearest_limit_lat=_opt(row["nearest_limit_lat"]),
        nearest_limit_lon=_opt(row["nearest_limit_lon"]),
        nearest_territory=row["nearest_territory"],
        nearest_territory_km=_opt(row["nearest_territory_km"]),
        nearest_territory_bearing=_opt(row["nearest_territory_bearing"]),
        data_source=row["data_source"],
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
):
    """Classify many points; returns a GeoDataFrame (EPSG:4326), one row per input row, in order.

    Input: a DataFrame with latitude/longitude columns (``lat_col``/``lon_col``, else found by
    name: lat/latitude/y and lon/lng/long/longitude/x), a GeoDataFrame of points in any CRS, or
    ``lat=`` and ``lon=`` arrays. The input's other columns are kept beside :data:`RESULT_COLUMNS`
    (``lat``/``lon`` hold the validated coordinates, longitudes wrapped to [-180, 180)).
    ``errors="raise"`` fails on the first bad table naming every bad row; ``errors="keep"`` keeps
    bad rows with their reason in the ``error`` column and NaN/None verdict fields.
    ``distances=False`` skips the distance and nearest-territory columns (faster).
    """
    import geopandas as gpd

    base, lon_v, lat_v, rows = _coerce_input(data, lat=lat, lon=lon, lat_col=lat_col, lon_col=lon_col)
    cols = _classify(lon_v, lat_v, target=target, zones=zones, distances=distances, errors=errors, rows=rows)
    out = base.copy() if base is not None else pd.DataFrame(index=pd.RangeIndex(len(lon_v)))
    if isinstance(out, gpd.GeoDataFrame):
        out = pd.DataFrame(out.drop(columns=out.geometry.name))
    for k in RESULT_COLUMNS:
        out[k] = cols[k]
    geometry = gpd.points_from_xy(cols["lon"], cols["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(out, geometry=geometry, crs="EPSG:4326")


def _coerce_input(data, *, lat, lon, lat_col, lon_col):
    """(original frame or None, lon values, lat values, row labels)."""
    if data is None:
        if lat is None or lon is None:
            raise InputError("give a table (DataFrame/GeoDataFrame) or both lat= and lon=")
        lon_a = np.asarray(lon, dtype=object).reshape(-1)
        lat_a = np.asarray(lat, dtype=object).reshape(-1)
        return None, lon_a, lat_a, list(range(len(lon_a)))
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
        types = g.geom_type.to_numpy(dtype=object)
        bad = [(r, "geometry", t, "is not a Point") for r, t in zip(data.index, types) if t != "Point"]
        if bad:
            raise InputError(
                f"{len(bad)} row(s) have non-point geometry (check_points classifies points):\n  "
                + "\n  ".join(f"row {r}: geometry is {t}" for r, _, t, _ in bad[:20]),
                bad,
            )
        return data, g.x.to_numpy(), g.y.to_numpy(), list(data.index)
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"check_points takes a DataFrame or GeoDataFrame, not {type(data).__name__}; or pass lat= and lon=")
    lat_name = lat_col or _find_column(data, _LAT_NAMES, "latitude", "lat_col")
    lon_name = lon_col or _find_column(data, _LON_NAMES, "longitude", "lon_col")
    for name, kind in ((lat_name, "lat_col"), (lon_name, "lon_col")):
        if name not in data.columns:
            raise InputError(f"column {name!r} ({kind}) not found; columns are: {', '.join(map(str, data.columns))}")
    return data, data[lon_name].to_numpy(dtype=object), data[lat_name].to_numpy(dtype=object), list(data.index)


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


def _classify(lon, lat, *, target, zones, distances, errors, rows=None) -> dict:
    """Column name → array, one entry per input point."""
    target = _check_target(target)
    lon_v, lat_v, problems = coordinates(lon, lat, rows=rows, errors=errors)
    z: Zones = load_zones(zones)
    idx = index_for(z)
    n = lon_v.size
    zi = idx.locate(lon_v, lat_v, target=target)
    hole_owner = idx.last_hole_owner
    valid = np.isfinite(lon_v)

    covered = zi >= 0
    inferred = zi == INFERRED_LAND
    src = np.where(covered, zi, np.where(inferred, hole_owner, 0))
    zone_type = np.where(covered, idx.zone_type[src], np.where(inferred, "land", "high_seas")).astype(object)
    zone_name = np.where(covered, idx.names[src], None).astype(object)
    zone_name[inferred] = [f"land or internal waters (a gap in {nm})" for nm in idx.names[src[inferred]]]
    sov = np.where(covered | inferred, idx.sovereigns[src], None)
    sov = np.array([tuple(s) if s is not None else () for s in sov] if n else [], dtype=object)
    mrgid = np.where(covered, idx.mrgid[src], None).astype(object)
    _borrow_land(z, lon_v, lat_v, zone_type, zone_name, sov)

    claim = idx.claim(target)
    own_or_land = np.array([len(s) > 0 and s[0] == target for s in sov], dtype=bool)
    party = np.array([target in s for s in sov], dtype=bool)
    shared = np.isin(zone_type, ("overlapping_claim", "joint_regime"))
    status = np.where(shared & party, "disputed", np.where(~shared & own_or_land, "inside", "outside")).astype(object)
    inside = status != "outside"

    dist_km = np.full(n, np.nan)
    lim_lon = np.full(n, np.nan)
    lim_lat = np.full(n, np.nan)
    terr = np.full(n, None, dtype=object)
    terr_km = np.full(n, np.nan)
    terr_brg = np.full(n, np.nan)
    if distances and claim.exists and valid.any():
        d, lim_lon, lim_lat, _ = claim.outer_limit.query(lon_v, lat_v)
        dist_km = np.where(inside, 1.0, -1.0) * d / 1000.0
        if claim.land is not None:
            td, t_lon, t_lat, t_name = claim.land.query(lon_v, lat_v)
            brg, _ = inverse(lon_v, lat_v, t_lon, t_lat)
            on_land = (zone_type == "land") & own_or_land
            terr = np.where(valid, t_name, None).astype(object)
            terr[on_land] = zone_name[on_land]
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
        for arr in (zone_type, status):
            arr[~valid] = None
        zone_name[~valid] = None
        for i in np.flatnonzero(~valid):
            sov[i] = ()
    target_col = np.full(n, target, dtype=object)
    in_col = pd.array(np.where(valid, inside, False), dtype="boolean")
    in_col[~valid] = pd.NA
    return {
        "lat": lat_v,
        "lon": lon_v,
        "zone_type": zone_type,
        "zone_name": zone_name,
        "sovereigns": np.array([";".join(s) for s in sov], dtype=object) if n else np.array([], dtype=object),
        "mrgid": pd.array(list(mrgid), dtype="Int64"),
        "target": target_col,
        "eez_status": status,
        "in_target_eez": in_col,
        "distance_to_target_eez_km": dist_km,
        "distance_to_target_eez_nm": dist_km * 1000.0 / NM,
        "nearest_limit_lat": lim_lat,
        "nearest_limit_lon": lim_lon,
        "nearest_territory": terr,
        "nearest_territory_km": terr_km,
        "nearest_territory_bearing": terr_brg,
        "data_source": np.full(n, z.source.label, dtype=object),
        "error": error,
    }


def _borrow_land(z: Zones, lon, lat, zone_type, zone_name, sov) -> None:
    """Zone data without land (Marine Regions EEZ layers) cannot tell a mainland from the high
    seas: take the bundled land polygons for such points, and say so in ``zone_name``."""
    free = np.flatnonzero(zone_type == "high_seas")
    if not len(free) or (z.table["zone_type"] == "land").any():
        return
    try:
        bundled = load_zones(None)
    except EEZCheckError:
        return
    if bundled is z:
        return
    b = index_for(bundled)
    hit = b.locate(lon[free], lat[free])
    land = (hit >= 0) & (b.zone_type[np.maximum(hit, 0)] == "land")
    for i, row in zip(free[land], hit[land]):
        zone_type[i] = "land"
        zone_name[i] = f"{b.names[row]} (land, from the bundled land layer)"
        sov[i] = tuple(b.sovereigns[row])


def _check_target(target) -> str:
    if not isinstance(target, str) or len(target.strip()) != 3 or not target.strip().isalpha():
        raise InputError(f"target = {target!r} is not an ISO 3166-1 alpha-3 code (e.g. JPN, KOR, CHN)")
    return target.strip().upper()



