"""Zone data: read any supported zone file into one normalised, validated table.

The zone table is a GeoDataFrame in EPSG:4326 with one row per zone polygon:

=============  ===========================================================================
zone_type      land, internal_waters, territorial_sea, contiguous_zone, eez,
               overlapping_claim or joint_regime
sovereigns     tuple of ISO 3166-1 alpha-3 codes, in the data's order
name           the zone's name as the data gives it
mrgid          Marine Regions MRGID (nullable Int64)
territory      territory name where the data has it (else None)
source         the data set and edition (``DataSource.label``)
geometry       (Multi)Polygon, valid, longitudes within [-180, 180]
=============  ===========================================================================

Readers: this project's own schema (the bundled ``shapefiles/``) and the Marine Regions schema
(World EEZ v10, v11, v12 ``eez`` layer and its ``eez_12nm`` / ``eez_24nm`` layers, upper or lower
case attribute names) from shapefile, GeoPackage, GeoJSON, or a zip holding one of them. What a
file must satisfy, and what is dropped with a warning rather than refused, is listed in
:func:`read_zones`. This module is the only place that infers land (from the holes of EEZ
polygons). Which data set a name or ``zones=`` value means is :mod:`geo.zones.catalog`'s business.
"""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path

import numpy as np
import shapely

from geo._files import ZONES_ENV, bundled_path, read_sidecar  # noqa: F401 (ZONES_ENV, bundled_path re-exported)
from geo.errors import DataNotFoundError, ZoneDataError
from geo.zones import marineregions as mr
from geo.zones.file_checks import checked_features, feature_names, mrgids, polygonal
from geo.zones.model import SEA_ZONE_TYPES, SHARED_ZONE_TYPES, ZONE_TYPES, DataSource, Zones  # noqa: F401 (re-exported)

__all__ = [
    "ZONE_TYPES",
    "SEA_ZONE_TYPES",
    "DataSource",
    "Zones",
    "read_zones",
    "read_zones_once",
    "bundled_path",
    "SMALL_HOLE_KM2",
]

#: Bundled land outside every zone polygon smaller than this is a coastline sliver, not land.
MAINLAND_MIN_KM2 = 50.0
#: Holes smaller than this are land even where the bundled coastline shows none.
SMALL_HOLE_KM2 = 1000.0


# --------------------------------------------------------------------------- reading


@functools.lru_cache(maxsize=8)
def _read_cached(path: str, mtime_ns: int, size: int, bbox) -> Zones:
    return read_zones(path, bbox=bbox)


def read_zones_once(path, *, bbox=None) -> Zones:
    """:func:`read_zones`, once per process for a file (cached on its path, modification time and size).

    Parameters
    ----------
    path : str or pathlib.Path
        A zone file. Names (``"bundled"``, ``"marineregions"``) are
        :func:`geo.zones.catalog.load_zones`' business.
    bbox : tuple of float, optional
        (west, south, east, north) in degrees: read only the features meeting it.

    Returns
    -------
    Zones
        The same object for every call on an unchanged file.

    Examples
    --------
    >>> from geo.zones.readers import bundled_path, read_zones_once
    >>> read_zones_once(bundled_path()) is read_zones_once(str(bundled_path()))
    True
    """
    p = Path(path).expanduser()
    if not p.exists():
        raise DataNotFoundError(f"zone file {p} does not exist; give the path of a shapefile, GeoPackage, GeoJSON or zip")
    st = p.stat()
    return _read_cached(str(p.resolve()), st.st_mtime_ns, st.st_size, tuple(bbox) if bbox is not None else None)


def _vsi_path(p: Path) -> str:
    """Path GDAL can open: a zip is opened through /vsizip/ at the one zone file it holds."""
    if p.suffix.lower() != ".zip":
        return str(p)
    try:
        with zipfile.ZipFile(p) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
    except zipfile.BadZipFile as exc:
        raise ZoneDataError(f"{p}: not a readable zip file ({exc})") from exc
    candidates = [n for n in names if n.lower().endswith((".shp", ".gpkg", ".geojson"))]
    if not candidates:
        raise ZoneDataError(f"{p}: the zip holds no .shp, .gpkg or .geojson file (it has: {', '.join(names[:10])})")
    if len(candidates) > 1:
        # Prefer the plain EEZ layer of a Marine Regions download, which ships several.
        eez = [n for n in candidates if re.search(r"eez[^/]*\.(shp|gpkg|geojson)$", n.lower()) and "boundar" not in n.lower()]
        if len(eez) != 1:
            raise ZoneDataError(
                f"{p}: the zip holds several zone files ({', '.join(candidates)}); unzip it and pass the one you want"
            )
        candidates = eez
    return f"/vsizip/{p}/{candidates[0]}"


def _read_frame(p: Path, bbox, layer):
    """The file's features (index: their feature ids), its fields lower-cased."""
    import geopandas as gpd  # lazy: heavy, and the point command's fast path never reads a file
    import pyogrio

    if p.is_dir():
        raise ZoneDataError(f"{p} is a directory, not a zone file; give the path of a shapefile, GeoPackage, GeoJSON or zip")
    kwargs = {"bbox": tuple(bbox)} if bbox is not None else {}
    if layer is not None:
        kwargs["layer"] = layer
    try:
        gdf = gpd.read_file(_vsi_path(p), engine="pyogrio", fid_as_index=True, **kwargs)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError, ValueError) as exc:
        raise ZoneDataError(f"{p}: cannot read it as a vector file ({exc})") from exc
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
        raise ZoneDataError(f"{p}: no geometry in it — a zone file is a shapefile, GeoPackage, GeoJSON or zip of polygons")
    if len(gdf) == 0:
        raise ZoneDataError(f"{p}: the file has no features" + (f" in bbox {tuple(bbox)}" if bbox is not None else ""))
    if gdf.crs is None:
        raise ZoneDataError(f"{p}: the file has no coordinate reference system; add a .prj (EPSG:4326) or reproject it")
    return gdf.rename(columns={c: c.lower() for c in gdf.columns if c != gdf.geometry.name})


def read_zones(path, *, bbox=None, layer=None) -> Zones:
    """Read a zone file into a normalised :class:`Zones`, checking every feature first (no caching).

    What is refused (:class:`~geo.errors.ZoneDataError` naming the file, the feature — its
    feature id, ``fid``, and MRGID or name — and the field): a feature with a null geometry (a
    zone whose shape is missing would make its waters look like high seas), with NaN or
    infinite coordinates, with coordinates outside longitude -180..360 / latitude -90..90 in
    degrees (e.g. metres in a file labelled EPSG:4326; the message gives the file's bounds), a
    non-numeric ``mrgid``, an unknown zone type, and a file with no polygon at all. What is
    dropped, with a one-line warning on stderr naming the features: empty geometries and
    points or lines (they cover no water, so no answer changes). Invalid polygons are repaired;
    polygons drawn across the antimeridian (longitudes beyond 180) are split there, their
    eastern part shifted by -360°.

    Parameters
    ----------
    path : str or pathlib.Path
        A shapefile, GeoPackage, GeoJSON, or a zip holding one, in this project's schema or
        Marine Regions' (any CRS; reprojected to EPSG:4326).
    bbox : tuple of float, optional
        (west, south, east, north) in degrees: read only the features meeting it.
    layer : str, optional
        The layer of a multi-layer file (GeoPackage).

    Returns
    -------
    Zones
        The table described in this module's docstring, its :class:`DataSource` and the
        file's sidecar metadata.

    Examples
    --------
    >>> from geo.zones.readers import bundled_path, read_zones
    >>> z = read_zones(bundled_path())
    >>> sorted(set(z.table["zone_type"]))[:2]
    ['contiguous_zone', 'eez']
    """
    import geopandas as gpd  # lazy: heavy

    p = Path(path).expanduser()
    if not p.exists():
        raise DataNotFoundError(f"zone file {p} does not exist")
    gdf = checked_features(_read_frame(p, bbox, layer), p)
    meta = _metadata(p)
    if "zone_type" in gdf.columns:
        table, source = _read_native(gdf, p, meta)
    elif "geoname" in gdf.columns or "pol_type" in gdf.columns:
        table, source = _read_marineregions(gdf, p, meta)
    else:
        raise ZoneDataError(
            f"{p}: unknown schema — expected this project's fields (zone_type, sovereigns, name) or "
            f"Marine Regions fields (MRGID, GEONAME, POL_TYPE, ISO_SOV1 …); found: {', '.join(map(str, gdf.columns[:15]))}"
        )
    geoms = _split_at_antimeridian(_repaired(np.asarray(table.geometry.values, dtype=object)))
    table = table.set_geometry(gpd.GeoSeries(geoms, crs="EPSG:4326", index=table.index))
    table = table[~table.geometry.is_empty & table.geometry.notna()].reset_index(drop=True)
    if table.empty:
        raise ZoneDataError(f"{p}: no polygon geometries")
    if not (table["zone_type"] == "land").any():
        table = _with_land_from_holes(table, p)
        if "zone_type" not in gdf.columns:  # Marine Regions layers: no land at all
            table = _with_mainland(table, p)
    table["source"] = source.label
    return Zones(table=table, source=source, metadata=meta)


def _metadata(p: Path) -> dict:
    try:
        return read_sidecar(p)
    except ValueError as exc:
        raise ZoneDataError(str(exc)) from exc


# --------------------------------------------------------------------------- geometry


def _repaired(geoms: np.ndarray) -> np.ndarray:
    """Invalid polygons made valid (the polygonal part of what ``make_valid`` returns)."""
    bad = ~shapely.is_valid(geoms)
    if not bad.any():
        return geoms
    geoms = geoms.copy()
    geoms[bad] = [polygonal(g) for g in shapely.make_valid(geoms[bad])]
    return geoms


def _split_at_antimeridian(geoms: np.ndarray) -> np.ndarray:
    """Polygons reaching past 180°E cut at the antimeridian, the eastern part moved by -360°, so
    every longitude is in [-180, 180] like the points they are tested against."""
    east = shapely.bounds(geoms)[:, 2] > 180.0
    if not east.any():
        return geoms
    geoms = geoms.copy()
    west_box, east_box = shapely.box(-180.0, -90.0, 180.0, 90.0), shapely.box(180.0, -90.0, 540.0, 90.0)
    for i in np.flatnonzero(east):
        moved = shapely.transform(shapely.intersection(geoms[i], east_box), lambda c: c - np.array([360.0, 0.0]))
        geoms[i] = polygonal(shapely.union_all([polygonal(shapely.intersection(geoms[i], west_box)), polygonal(moved)]))
    return geoms


def _with_land_from_holes(table, path: Path):
    """Add land rows for the holes of zone polygons that are land.

    Marine Regions EEZ polygons leave land out, so an island is a hole in its EEZ — but so is a
    high-seas pocket enclosed by one state's EEZ (e.g. the Shikoku Basin pocket inside Japan's).
    A hole is taken as land when it meets the bundled land layer (OpenStreetMap coastlines);
    where the bundled data does not reach, or is missing, every hole is taken as land, and so is
    any hole under ``SMALL_HOLE_KM2``. A land row takes the sovereigns of the zone around it, so
    land in an overlapping claim is claimed by every claimant (``model.claim_roles``: shared).
    """
    rows, holes = [], []
    for i, g in enumerate(table.geometry.values):
        for poly in shapely.get_parts(g):
            for ring in poly.interiors:
                rows.append(i)
                holes.append(shapely.Polygon(ring))
    if not holes:
        return table
    holes = np.asarray(holes, dtype=object)
    is_land = _holes_that_are_land(holes, path)
    rows, holes = np.asarray(rows)[is_land], holes[is_land]
    # A hole may hold another zone (an enclave: Saint-Pierre-et-Miquelon's EEZ inside Canada's,
    # an overlapping claim inside a state's EEZ): only what no zone covers is land.
    geoms = np.asarray(table.geometry.values, dtype=object)
    hole_i, zone_i = shapely.STRtree(geoms).query(holes, predicate="intersects")
    other = zone_i != rows[hole_i]
    for h in np.unique(hole_i[other]):
        holes[h] = polygonal(shapely.difference(holes[h], shapely.union_all(geoms[zone_i[other & (hole_i == h)]])))
    keep = ~shapely.is_empty(holes)
    rows, holes = rows[keep], holes[keep]
    if not len(holes):
        return table
    return _append_land(table, rows, holes)


def _with_mainland(table, path: Path):
    """Add the bundled land that no zone polygon or hole covers: the mainlands.

    A Marine Regions EEZ layer has no land at all, and a mainland is no hole of any polygon, so
    without this a point in Pyongyang would read as high seas. Only the part of each bundled land
    polygon outside every zone (and every land row from holes) is added, named after its bundled
    row and marked as taken from the bundled layer.
    """
    import geopandas as gpd  # lazy: heavy
    import pandas as pd

    bundled = _bundled_land_rows(path)
    if bundled is None or bundled.empty:
        return table
    geoms = np.asarray(table.geometry.values, dtype=object)
    tree = shapely.STRtree(geoms)
    land_i, zone_i = tree.query(bundled.geometry.values, predicate="intersects")
    # Only land whose coast the zone polygons reach is land of this data: a mainland beside its
    # EEZ, never land far outside what the file describes.
    parts = np.full(len(bundled), shapely.Polygon(), dtype=object)
    for i in np.unique(land_i):
        parts[i] = _outside(bundled.geometry.values[i], geoms[zone_i[land_i == i]])
    # Slivers along coasts where the two data sets' lines differ are not land worth a row.
    empty = shapely.is_empty(parts)
    lat = np.zeros(len(parts))
    lat[~empty] = shapely.get_y(shapely.centroid(parts[~empty]))
    area_km2 = shapely.area(parts) * 111.32**2 * np.cos(np.radians(lat))
    keep = ~empty & (area_km2 >= MAINLAND_MIN_KM2)
    if not keep.any():
        return table
    src = bundled[keep]
    extra = gpd.GeoDataFrame(
        {
            "zone_type": "land",
            "sovereigns": list(src["sovereigns"]),
            "name": [f"{n} (bundled land layer)" for n in src["name"]],
            "mrgid": pd.array([None] * int(keep.sum()), dtype="Int64"),
            "territory": src["territory"].to_numpy(),
        },
        geometry=parts[keep],
        crs=table.crs,
    )
    return pd.concat([table, extra], ignore_index=True)


def _outside(land, zones):
    """The part of ``land`` that none of ``zones`` covers (GEOS topology errors repaired once)."""
    try:
        return polygonal(shapely.difference(land, shapely.union_all(zones)))
    except shapely.errors.GEOSException:
        covered = shapely.make_valid(shapely.union_all(shapely.make_valid(zones)))
        return polygonal(shapely.difference(shapely.make_valid(land), covered, grid_size=1e-7))


def _bundled_land_rows(reading: Path):
    """The bundled table's land rows, or None (no bundled data, or it is the file being read)."""
    bundled_file = bundled_path()
    try:
        if bundled_file.resolve() == Path(reading).resolve():
            return None
        t = read_zones_once(bundled_file).table
    except (OSError, ZoneDataError):
        return None
    return t[(t["zone_type"] == "land").to_numpy()]


def _holes_that_are_land(holes: np.ndarray, path: Path) -> np.ndarray:
    land = _bundled_land(path)
    if land is None:
        return np.ones(len(holes), dtype=bool)
    land_geoms, region = land
    within = shapely.within(holes, region)
    hole_idx, _ = shapely.STRtree(land_geoms).query(holes, predicate="intersects")
    meets = np.zeros(len(holes), dtype=bool)
    meets[hole_idx] = True
    # Rough area (km², from degrees) is enough for a threshold: islets the coastline data
    # misses are small, while a high-seas pocket lies over 200 NM from every coast.
    lat = shapely.get_coordinates(shapely.centroid(holes))[:, 1]
    area_km2 = shapely.area(holes) * 111.32**2 * np.cos(np.radians(lat))
    return ~within | meets | (area_km2 < SMALL_HOLE_KM2)


def _append_land(table, rows: np.ndarray, holes: np.ndarray):
    import geopandas as gpd  # lazy: heavy
    import pandas as pd

    src = table.iloc[rows]
    extra = gpd.GeoDataFrame(
        {
            "zone_type": "land",
            "sovereigns": list(src["sovereigns"]),
            "name": [_land_name(t, sv) for t, sv in zip(src["territory"], src["sovereigns"])],
            "mrgid": pd.array([None] * len(holes), dtype="Int64"),
            "territory": src["territory"].to_numpy(),
        },
        geometry=holes,
        crs=table.crs,
    )
    return pd.concat([table, extra], ignore_index=True)


def _land_name(territory, sovereigns) -> str:
    if isinstance(territory, str) and territory.strip():
        return f"{territory.strip()} (land left out of its EEZ polygon)"
    return f"{'/'.join(sovereigns) or 'unknown'} land (left out of its EEZ polygon)"


def _bundled_land(reading: Path):
    """(land polygons, region polygon) of the bundled data, or None if it is not there (or is
    the very file being read, e.g. ``$EEZCHECK_ZONES`` pointing at a Marine Regions file)."""
    rows = _bundled_land_rows(reading)
    if rows is None or rows.empty:
        return None
    region = read_zones_once(bundled_path()).metadata.get("region")
    region_poly = shapely.box(*region) if region else shapely.box(*rows.total_bounds)
    return np.asarray(rows.geometry.values, dtype=object), region_poly


# --------------------------------------------------------------------------- schemas


def _require(gdf, p: Path, fields) -> None:
    missing = [f for f in fields if f not in gdf.columns]
    if missing:
        raise ZoneDataError(f"{p}: required field(s) missing: {', '.join(missing)} (fields are matched case-insensitively)")


def _split_codes(value) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip().upper() for v in value if str(v).strip())
    return tuple(s.strip().upper() for s in re.split(r"[;,|]", str(value)) if s.strip())


def _read_native(gdf, p: Path, meta: dict):
    import geopandas as gpd  # lazy: heavy

    _require(gdf, p, ["zone_type", "sovereigns", "name"])
    zt = gdf["zone_type"]
    unknown = ~zt.isin(ZONE_TYPES)
    if unknown.any():
        bad = sorted({str(v) if isinstance(v, str) else "<empty>" for v in zt[unknown]})
        raise ZoneDataError(
            f"{p}: field zone_type has unknown value(s) {bad} (in {feature_names(gdf, np.flatnonzero(unknown.to_numpy()))}); "
            f"allowed: {', '.join(ZONE_TYPES)}"
        )
    source = DataSource(
        dataset=meta.get("dataset", p.stem),
        edition=str(meta.get("edition", "unknown")),
        licence=meta.get("licence", "unknown"),
        attribution=meta.get("attribution", ""),
        path=str(p),
        description=meta.get("description", ""),
    )
    table = gpd.GeoDataFrame(
        {
            "zone_type": zt.astype(str).to_numpy(),
            "sovereigns": [_split_codes(v) for v in gdf["sovereigns"]],
            "name": gdf["name"].astype(object).where(gdf["name"].notna(), None).to_numpy(),
            "mrgid": mrgids(gdf, p),
            "territory": gdf["territory"].to_numpy() if "territory" in gdf.columns else np.full(len(gdf), None, dtype=object),
        },
        geometry=gdf.geometry.values,
        crs="EPSG:4326",
    )
    return table, source


def _read_marineregions(gdf, p: Path, meta: dict):
    import geopandas as gpd  # lazy: heavy

    _require(gdf, p, ["geoname"])
    if "iso_sov1" not in gdf.columns and "sovereign1" not in gdf.columns:
        raise ZoneDataError(f"{p}: required field ISO_SOV1 or SOVEREIGN1 missing (fields are matched case-insensitively)")
    pol, geoname = _column(gdf, "pol_type"), _column(gdf, "geoname")
    zone_type = np.array([mr.zone_type_of(pt, gn) for pt, gn in zip(pol, geoname)], dtype=object)
    unknown = np.array([zt is None for zt in zone_type], dtype=bool)
    if unknown.any():
        raise ZoneDataError(
            f"{p}: field pol_type has unknown value(s) {sorted({str(v) for v in pol[unknown]})} (in "
            f"{feature_names(gdf, np.flatnonzero(unknown))}); expected 200NM, Overlapping claim, Joint regime, Disputed, 12NM, 24NM"
        )
    edition = str(meta.get("edition") or mr.edition_in_name(p) or "unknown")
    known = mr.EDITIONS.get(edition.lstrip("v"))
    source = DataSource(
        dataset=meta.get("dataset", "Marine Regions World EEZ"),
        edition=mr.edition_label(edition) if known and "(" not in edition else edition,
        licence=meta.get("licence", known.licence if known else "see marineregions.org"),
        attribution=meta.get("attribution") or mr.eez_attribution(edition),
        path=str(p),
        description=meta.get("description", f"file {p.name}"),
    )
    table = gpd.GeoDataFrame(
        {
            "zone_type": zone_type,
            "sovereigns": _mr_sovereigns(gdf, zone_type, geoname),
            "name": geoname,
            "mrgid": mrgids(gdf, p),
            "territory": _column(gdf, "territory1"),
        },
        geometry=gdf.geometry.values,
        crs="EPSG:4326",
    )
    return table, source


def _column(gdf, name: str) -> np.ndarray:
    return gdf[name].to_numpy(dtype=object) if name in gdf.columns else np.full(len(gdf), None, dtype=object)


def _mr_sovereigns(gdf, zone_type: np.ndarray, geoname: np.ndarray) -> list[tuple[str, ...]]:
    """ISO codes of each feature's sovereigns: ISO_SOV1-3 (v11+); else the sovereign's name (v10),
    looked up in :data:`~geo.zones.marineregions.SOVEREIGN_ISO` or in the file itself (a row
    whose territory is the sovereign)."""
    name_to_iso = dict(mr.SOVEREIGN_ISO)
    for k in (1, 2, 3):
        for ter, iso in zip(_column(gdf, f"territory{k}"), _column(gdf, f"iso_ter{k}")):
            if isinstance(ter, str) and isinstance(iso, str) and iso.strip():
                name_to_iso.setdefault(ter.strip().lower(), iso.strip().upper())
    iso_cols = [_column(gdf, f"iso_sov{k}") for k in (1, 2, 3)]
    sov_cols = [_column(gdf, f"sovereign{k}") for k in (1, 2, 3)]
    sovereigns = []
    for i in range(len(gdf)):
        codes = []
        for iso, sov in zip((c[i] for c in iso_cols), (c[i] for c in sov_cols)):
            if isinstance(iso, str) and iso.strip():
                codes.append(iso.strip().upper())
            elif isinstance(sov, str) and sov.strip():
                codes.append(name_to_iso.get(sov.strip().lower(), sov.strip()))
        if len(codes) < 2 and zone_type[i] in SHARED_ZONE_TYPES:
            # Files with one ISO_SOV field (e.g. simplified extracts) still name every claimant
            # in GEONAME: "Overlapping claim Senkaku Islands: Japan / China / Taiwan".
            named = mr.claimants_from_geoname(geoname[i], name_to_iso)
            if len(named) > len(codes):
                codes = named
        sovereigns.append(tuple(codes))
    return sovereigns
