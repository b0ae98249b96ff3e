"""Zone data: read any supported zone file into one normalised table, and load it once.

The zone table is a GeoDataFrame in EPSG:4326 with one row per zone polygon:

=============  ===========================================================================
zone_type      land, internal_waters, territorial_sea, contiguous_zone, eez,
               overlapping_claim or joint_regime
sovereigns     tuple of ISO 3166-1 alpha-3 codes, in the data's order
name           the zone's name as the data gives it
mrgid          Marine Regions MRGID (nullable Int64)
territory      territory name where the data has it (else None)
source         the data set and edition (``DataSource.label``)
geometry       (Multi)Polygon, valid
=============  ===========================================================================

Readers: this project's own schema (the bundled ``shapefiles/``) and the Marine Regions schema
(World EEZ v10, v11, v12 ``eez`` layer and its ``eez_12nm`` / ``eez_24nm`` layers, upper or lower
case attribute names) from shapefile, GeoPackage, GeoJSON, or a zip holding one of them.
"""

from __future__ import annotations

import functools
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from geo._files import ZONES_ENV  # noqa: F401 (re-exported: the variable that overrides the bundled path)
from geo.errors import DataNotFoundError, ZoneDataError
from geo.zones.model import SEA_ZONE_TYPES, SHARED_ZONE_TYPES, ZONE_TYPES, DataSource, Zones  # noqa: F401 (re-exported)

__all__ = [
    "ZONE_TYPES",
    "SEA_ZONE_TYPES",
    "DataSource",
    "Zones",
    "read_zones",
    "load_zones",
    "bundled_path",
]

_MR_ATTRIBUTION = (
    "Flanders Marine Institute ({year}). Maritime Boundaries Geodatabase: Maritime Boundaries and "
    "Exclusive Economic Zones (200NM), version {version}. Available online at "
    "https://www.marineregions.org/."
)
# Marine Regions' edition dates and DOIs, for the attribution line it asks users to cite.
_MR_EDITIONS = {
    "10": ("2018", "2018-02-21", "CC BY-NC-SA 4.0", None),
    "11": ("2019", "2019-11-18", "CC BY 4.0", "https://doi.org/10.14284/386"),
    "12": ("2023", "2023-10-25", "CC BY 4.0", "https://doi.org/10.14284/632"),
}


# --------------------------------------------------------------------------- locating data


def bundled_path() -> Path:
    """Path of the bundled zone file (``$EEZCHECK_ZONES`` overrides it)."""
    from geo._files import bundled_path as _bundled

    return _bundled()


def _resolve(path) -> Path:
    if path is None or str(path) == "bundled":
        p = bundled_path()
        if not p.exists():
            raise DataNotFoundError(
                f"the bundled zone data is missing at {p}. Build it with "
                "'python scripts/build_zones.py', or pass a zone file with --zones PATH / zones=PATH"
            )
        return p
    p = Path(path).expanduser()
    if not p.exists():
        raise DataNotFoundError(f"zone file {p} does not exist; give the path of a shapefile, GeoPackage, GeoJSON or zip")
    return p


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float, size: int, bbox) -> Zones:
    return read_zones(path, bbox=bbox)


def load_zones(path=None, *, bbox=None) -> Zones:
    """Load zone data once per process (cached on path, modification time and size).

    ``path`` None or "bundled" means the bundled data; a :class:`Zones` is returned as is.
    """
    if isinstance(path, Zones):
        return path
    p = _resolve(path)
    st = p.stat()
    return _load_cached(str(p.resolve()), st.st_mtime, st.st_size, tuple(bbox) if bbox is not None else None)


# --------------------------------------------------------------------------- reading


def _vsi_path(p: Path, layer) -> tuple[str, object]:
    """Path GDAL can open: a zip is opened through /vsizip/ at the one zone file it holds."""
    if p.suffix.lower() != ".zip":
        return str(p), layer
    try:
        with zipfile.ZipFile(p) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
    except zipfile.BadZipFile as exc:
        raise ZoneDataError(f"{p}: not a readable zip file ({exc})") from exc
    candidates = [n for n in names if n.lower().endswith((".shp", ".gpkg", ".geojson", ".json"))]
    candidates = [n for n in candidates if not n.lower().endswith(".json") or n.lower().endswith(".geojson")]
    if not candidates:
        raise ZoneDataError(f"{p}: the zip holds no .shp, .gpkg or .geojson file (it has: {', '.join(names[:10])})")
    if len(candidates) > 1:
        # Prefer the plain EEZ layer of a Marine Regions download, which ships several.
        eez = [n for n in candidates if re.search(r"eez[^/]*\.(shp|gpkg|geojson)$", n.lower()) and "boundar" not in n.lower()]
        if len(eez) == 1:
            candidates = eez
        else:
            raise ZoneDataError(
                f"{p}: the zip holds several zone files ({', '.join(candidates)}); unzip it and pass the one you want"
            )
    return f"/vsizip/{p}/{candidates[0]}", layer


def read_zones(path, *, bbox=None, layer=None) -> Zones:
    """Read a zone file into a normalised :class:`Zones` (no caching; see :func:`load_zones`).

    ``bbox`` = (west, south, east, north) in degrees reads only features that intersect it.
    """
    import geopandas as gpd
    import pyogrio
    import shapely

    p = Path(path).expanduser()
    if not p.exists():
        raise DataNotFoundError(f"zone file {p} does not exist")
    src, layer = _vsi_path(p, layer)
    try:
        kwargs = {"bbox": tuple(bbox)} if bbox is not None else {}
        if layer is not None:
            kwargs["layer"] = layer
        gdf = gpd.read_file(src, engine="pyogrio", **kwargs)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError, ValueError) as exc:
        raise ZoneDataError(f"{p}: cannot read it as a vector file ({exc})") from exc
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
        raise ZoneDataError(f"{p}: no geometry in it — a zone file is a shapefile, GeoPackage, GeoJSON or zip of polygons")
    if len(gdf) == 0:
        raise ZoneDataError(f"{p}: the file has no features" + (f" in bbox {tuple(bbox)}" if bbox is not None else ""))
    if gdf.crs is None:
        raise ZoneDataError(f"{p}: the file has no coordinate reference system; add a .prj (EPSG:4326) or reproject it")
    if not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    gdf = gdf.rename(columns={c: c.lower() for c in gdf.columns if c != gdf.geometry.name})
    meta = _sidecar(p)
    if "zone_type" in gdf.columns:
        table, source = _read_native(gdf, p, meta)
    elif "geoname" in gdf.columns or "pol_type" in gdf.columns:
        table, source = _read_marineregions(gdf, p, meta)
    else:
        raise ZoneDataError(
            f"{p}: unknown schema — expected this project's fields (zone_type, sovereigns, name) or "
            f"Marine Regions fields (MRGID, GEONAME, POL_TYPE, ISO_SOV1 …); found: {', '.join(map(str, gdf.columns[:15]))}"
        )
    geom = table.geometry.values
    bad = ~shapely.is_valid(geom)
    if bad.any():
        fixed = shapely.make_valid(geom[bad])
        # make_valid may return collections with stray lines; keep the polygonal part only.
        fixed = [_polygonal(g) for g in fixed]
        geom = geom.copy()
        geom[bad] = fixed
        table = table.set_geometry(gpd.GeoSeries(geom, crs="EPSG:4326", index=table.index))
    table = table[~table.geometry.is_empty & table.geometry.notna()].reset_index(drop=True)
    if table.empty:
        raise ZoneDataError(f"{p}: no polygon geometries")
    if not (table["zone_type"] == "land").any():
        table = _with_land_from_holes(table, p)
    table["source"] = source.label
    return Zones(table=table, source=source, metadata=meta)


#: Holes smaller than this are land even where the bundled coastline shows none.
SMALL_HOLE_KM2 = 1000.0


def _with_land_from_holes(table, path: Path):
    """Add land rows for the holes of zone polygons that are land.

    Marine Regions EEZ polygons leave land out, so an island is a hole in its EEZ — but so is a
    high-seas pocket enclosed by one state's EEZ (e.g. the Shikoku Basin pocket inside Japan's).
    A hole is taken as land when it meets the bundled land layer (OpenStreetMap coastlines);
    where the bundled data does not reach, or is missing, every hole is taken as land, and so is
    any hole under ``SMALL_HOLE_KM2``.
    """
    import geopandas as gpd
    import shapely

    rows, holes = [], []
    for i, g in enumerate(table.geometry.values):
        for poly in shapely.get_parts(g):
            for ring in poly.interiors:
                rows.append(i)
                holes.append(shapely.Polygon(ring))
    if not holes:
        return table
    holes = np.asarray(holes, dtype=object)
    is_land = np.ones(len(holes), dtype=bool)
    land = _bundled_land(path)
    if land is not None:
        land_geoms, region = land
        within = shapely.within(holes, region)
        tree = shapely.STRtree(land_geoms)
        hole_idx, land_idx = tree.query(holes, predicate="intersects")
        meets = np.zeros(len(holes), dtype=bool)
        meets[hole_idx] = True
        # Rough area (km², from degrees) is enough for a threshold: islets the coastline data
        # misses are small, while a high-seas pocket lies over 200 NM from every coast.
        lat = shapely.get_coordinates(shapely.centroid(holes))[:, 1]
        area_km2 = shapely.area(holes) * 111.32**2 * np.cos(np.radians(lat))
        is_land = ~within | meets | (area_km2 < SMALL_HOLE_KM2)
    rows = np.asarray(rows)[is_land]
    holes = holes[is_land]
    # A hole may hold another zone (an enclave: Saint-Pierre-et-Miquelon's EEZ inside Canada's,
    # an overlapping claim inside a state's EEZ): only what no zone covers is land.
    geoms = np.asarray(table.geometry.values, dtype=object)
    hole_i, zone_i = shapely.STRtree(geoms).query(holes, predicate="intersects")
    other = zone_i != rows[hole_i]
    for h in np.unique(hole_i[other]):
        holes[h] = _polygonal(shapely.difference(holes[h], shapely.union_all(geoms[zone_i[other & (hole_i == h)]])))
    keep = ~shapely.is_empty(holes)
    rows, holes = rows[keep], holes[keep]
    if not len(holes):
        return table
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
    import shapely

    bundled_file = bundled_path()
    try:
        if bundled_file.resolve() == Path(reading).resolve():
            return None
    except OSError:
        return None
    try:
        bundled = load_zones(None)
    except ZoneDataError:
        return None
    t = bundled.table
    land = t.geometry.values[(t["zone_type"] == "land").to_numpy()]
    if not len(land):
        return None
    region = bundled.metadata.get("region")
    region_poly = shapely.box(*region) if region else shapely.box(*t.total_bounds)
    return np.asarray(land, dtype=object), region_poly


def _polygonal(g):
    import shapely

    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [q for q in shapely.get_parts(g) if q.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _sidecar(p: Path) -> dict:
    """Metadata beside a zone file: ``NAME.json`` (bundled data, downloads)."""
    for cand in (p.with_suffix(".json"), Path(str(p) + ".json")):
        if cand.exists() and cand != p:
            try:
                return json.loads(cand.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise ZoneDataError(f"{cand}: metadata beside the zone file is not valid JSON ({exc})") from exc
    return {}


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
    import geopandas as gpd

    _require(gdf, p, ["zone_type", "sovereigns", "name"])
    bad = sorted(set(gdf["zone_type"].dropna()) - set(ZONE_TYPES))
    if bad or gdf["zone_type"].isna().any():
        raise ZoneDataError(f"{p}: unknown zone_type value(s) {bad or ['<empty>']}; allowed: {', '.join(ZONE_TYPES)}")
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
            "zone_type": gdf["zone_type"].astype(str).to_numpy(),
            "sovereigns": [_split_codes(v) for v in gdf["sovereigns"]],
            "name": gdf["name"].astype(object).where(gdf["name"].notna(), None).to_numpy(),
            "mrgid": pd.array(gdf["mrgid"] if "mrgid" in gdf.columns else [None] * len(gdf), dtype="Int64"),
            "territory": (gdf["territory"] if "territory" in gdf.columns else pd.Series([None] * len(gdf))).to_numpy(),
        },
        geometry=gdf.geometry.values,
        crs="EPSG:4326",
    )
    return table, source


_MR_POL_TYPES = {
    "200nm": "eez",
    "disputed": "overlapping_claim",  # v10's word for what v11+ call an overlapping claim
    "overlapping claim": "overlapping_claim",
    "joint regime": "joint_regime",
    "12nm": "territorial_sea",
    "24nm": "contiguous_zone",
    "internal waters": "internal_waters",
    "archipelagic waters": "internal_waters",
}


def _mr_zone_type(pol_type, geoname) -> str | None:
    if isinstance(pol_type, str) and pol_type.strip():
        return _MR_POL_TYPES.get(pol_type.strip().lower())
    g = (geoname or "").lower()
    if g.startswith("overlapping claim") or "disputed" in g:
        return "overlapping_claim"
    if g.startswith("joint regime") or "joint regime" in g:
        return "joint_regime"
    if "territorial sea" in g or "(12nm)" in g or "12 nm" in g:
        return "territorial_sea"
    if "contiguous zone" in g or "(24nm)" in g or "24 nm" in g:
        return "contiguous_zone"
    if "internal water" in g:
        return "internal_waters"
    return "eez"


# Sovereign names as Marine Regions spells them, for files without ISO_SOV fields (v10).
_SOVEREIGN_ISO = {
    "japan": "JPN", "south korea": "KOR", "republic of korea": "KOR", "north korea": "PRK",
    "china": "CHN", "taiwan": "TWN", "russia": "RUS", "philippines": "PHL", "united states": "USA",
    "palau": "PLW", "micronesia": "FSM", "federated states of micronesia": "FSM", "vietnam": "VNM",
    "indonesia": "IDN", "malaysia": "MYS", "papua new guinea": "PNG", "united kingdom": "GBR",
    "france": "FRA", "australia": "AUS", "new zealand": "NZL", "marshall islands": "MHL",
    "brunei": "BRN", "canada": "CAN", "norway": "NOR", "denmark": "DNK", "netherlands": "NLD",
}


def _claimants_from_geoname(geoname, name_to_iso) -> list[str]:
    if not isinstance(geoname, str) or ":" not in geoname:
        return []
    names = [n.strip().lower() for n in geoname.split(":", 1)[1].split("/")]
    codes = [name_to_iso.get(n) for n in names]
    return codes if all(codes) else []


def _edition_of(p: Path, gdf, meta: dict) -> str:
    if meta.get("edition"):
        return str(meta["edition"])
    m = re.search(r"v(\d{1,2})", p.name.lower()) or re.search(r"v(\d{1,2})", str(p.parent).lower())
    if m:
        return f"v{int(m.group(1))}"
    return "unknown"


def _read_marineregions(gdf, p: Path, meta: dict):
    import geopandas as gpd

    _require(gdf, p, ["geoname"])
    n = len(gdf)
    col = lambda name: gdf[name].to_numpy(dtype=object) if name in gdf.columns else np.full(n, None, dtype=object)  # noqa: E731
    pol = col("pol_type")
    geoname = col("geoname")
    zone_type = np.array([_mr_zone_type(pt, gn) for pt, gn in zip(pol, geoname)], dtype=object)
    unknown = sorted({str(pt) for pt, zt in zip(pol, zone_type) if zt is None})
    if unknown:
        raise ZoneDataError(f"{p}: unknown POL_TYPE value(s) {unknown}; expected 200NM, Overlapping claim, Joint regime, Disputed, 12NM, 24NM")

    # ISO codes of the sovereigns: ISO_SOV1-3 (v11+); else the sovereign's name (v10), looked up
    # in a small table or in the file itself (a row whose territory is the sovereign).
    name_to_iso = dict(_SOVEREIGN_ISO)
    for k in (1, 2, 3):
        for ter, iso in zip(col(f"territory{k}"), col(f"iso_ter{k}")):
            if isinstance(ter, str) and isinstance(iso, str) and iso.strip():
                name_to_iso.setdefault(ter.strip().lower(), iso.strip().upper())
    sovereigns = []
    unresolved = set()
    for i in range(n):
        codes = []
        for k in (1, 2, 3):
            iso = col(f"iso_sov{k}")[i]
            if isinstance(iso, str) and iso.strip():
                codes.append(iso.strip().upper())
                continue
            sov = col(f"sovereign{k}")[i]
            if isinstance(sov, str) and sov.strip():
                code = name_to_iso.get(sov.strip().lower())
                if code is None:
                    unresolved.add(sov)
                    code = sov.strip()
                codes.append(code)
        if len(codes) < 2 and zone_type[i] in SHARED_ZONE_TYPES:
            # Files with one ISO_SOV field (e.g. simplified extracts) still name every claimant
            # in GEONAME: "Overlapping claim Senkaku Islands: Japan / China / Taiwan".
            named = _claimants_from_geoname(geoname[i], name_to_iso)
            if len(named) > len(codes):
                codes = named
        sovereigns.append(tuple(codes))
    if "iso_sov1" not in gdf.columns and "sovereign1" not in gdf.columns:
        raise ZoneDataError(f"{p}: required field ISO_SOV1 or SOVEREIGN1 missing (fields are matched case-insensitively)")

    edition = _edition_of(p, gdf, meta)
    year, date, licence, doi = _MR_EDITIONS.get(edition.lstrip("v"), ("", "", "see marineregions.org", None))
    attribution = meta.get("attribution") or (
        _MR_ATTRIBUTION.format(year=year or "n.d.", version=edition.lstrip("v")) + (f" {doi}" if doi else "")
    )
    source = DataSource(
        dataset=meta.get("dataset", "Marine Regions World EEZ"),
        edition=f"{edition}" + (f" ({date})" if date and "(" not in edition else ""),
        licence=meta.get("licence", licence),
        attribution=attribution,
        path=str(p),
        description=meta.get("description", f"file {p.name}"),
    )
    mrgid = col("mrgid")
    table = gpd.GeoDataFrame(
        {
            "zone_type": zone_type,
            "sovereigns": sovereigns,
            "name": geoname,
            "mrgid": pd.array([None if v is None or (isinstance(v, float) and np.isnan(v)) else int(v) for v in mrgid], dtype="Int64"),
            "territory": col("territory1"),
        },
        geometry=gdf.geometry.values,
        crs="EPSG:4326",
    )
    return table, source
