"""Synthetic Marine Regions files: a coarse, hand-drawn Japan and neighbours in both schemas.

Tests of reading, schema, land-from-holes, disputed areas, comparison, maps and download logic
use these instead of the Marine Regions reference extracts, so a fresh clone runs them. Every
coordinate here was written for these tests (a few degrees' accuracy at best): none is copied or
cut from Marine Regions data. The MRGIDs, names and attribute fields follow the real schemas so
the readers treat the files exactly as they would a real edition:

* v10 (:func:`write_v10`): a shapefile with upper-case fields (``MRGID, GeoName, Pol_type``
  "200NM"/"Disputed"/"Joint regime", ``Territory1-3, Sovereign1-3, ISO_Ter1-3, MRGID_Sov1-3,
  Area_km2`` …) and no ISO_SOV fields (sovereigns are found from their names), the
  Liancourt Rocks area large (≈ 60,000 km²).
* v12 (:func:`write_v12`): a GeoJSON of the lower-case subset ``mrgid, geoname, iso_ter1,
  iso_sov1, sovereign1`` (no ``pol_type``: "Overlapping claim …" / "Joint regime area …" in the
  name; one sovereign field, the other claimants only in the name), the Liancourt area small
  (≈ 2,500 km², the rest South Korea's), and some self-intersecting rings to be repaired.

Islands are holes in the zone around them (so land is inferred from holes); Japan's EEZ also
has a high-seas pocket (a hole over no land, which is not land) and a detached part around
Minamitorishima; Saint-Pierre-et-Miquelon's zone fills a hole of Canada's (an enclave).
:data:`POINTS` names places whose verdicts follow from the drawing, far from every line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

__all__ = ["POINTS", "ZONE_NAMES", "Zone", "zones", "frame", "area_km2", "write_v10", "write_v12"]

# --------------------------------------------------------------------------- the drawing (lon, lat)

#: Sea each state claims, before the disputed and joint areas and the land are cut out.
#: Where two overlap, the first listed in :data:`_PRIORITY` keeps the water.
_REGIONS = {
    "JPN": [
        (122.4, 23.2), (122.7, 25.0), (123.4, 25.9), (124.6, 27.0), (126.0, 28.1), (127.2, 28.4),
        (128.3, 30.6), (128.5, 32.4), (128.7, 33.8), (129.1, 34.8), (129.9, 35.5), (130.7, 36.2),
        (131.2, 37.6), (132.3, 39.3), (134.0, 40.4), (136.0, 41.4), (137.3, 42.4), (138.6, 43.8),
        (139.4, 45.6), (141.5, 45.9), (142.5, 45.8), (144.0, 44.9), (145.3, 44.3), (149.0, 43.3),
        (148.5, 41.0), (146.5, 38.0), (145.5, 35.0), (145.0, 32.0), (145.5, 28.5), (146.0, 25.0),
        (145.8, 22.5), (143.5, 21.0), (141.0, 20.5), (139.0, 18.0), (136.0, 17.0), (133.0, 18.5),
        (132.5, 21.0), (130.0, 22.6), (127.0, 21.8), (123.2, 21.5),
    ],
    "KOR": [
        (124.0, 32.3), (126.5, 31.3), (128.6, 32.7), (128.9, 34.3), (129.6, 35.2), (130.8, 36.3),
        (131.6, 38.2), (130.6, 38.6), (128.3, 38.62), (124.5, 37.7), (123.9, 36.0),
    ],
    "PRK": [
        (123.2, 37.5), (125.6, 37.6), (128.3, 38.6), (131.2, 38.3), (133.0, 39.8), (133.5, 41.6),
        (130.7, 42.3), (127.5, 39.8), (124.9, 40.2), (123.3, 39.0),
    ],
    "TWN": [
        (119.3, 20.8), (121.9, 20.6), (123.5, 21.3), (123.0, 24.0), (123.2, 25.8), (122.3, 26.4),
        (120.5, 26.0), (119.5, 24.8), (118.9, 23.2),
    ],
    "CHN": [
        (115.5, 20.5), (120.5, 19.5), (122.5, 25.0), (124.2, 27.4), (126.2, 28.6), (125.9, 29.6),
        (125.0, 31.8), (124.3, 33.5), (123.9, 36.0), (123.2, 37.5), (121.3, 39.3), (118.5, 39.5),
        (117.2, 38.5), (115.5, 22.0),
    ],
    "RUS": [
        (130.5, 42.0), (132.5, 40.8), (134.5, 40.0), (136.5, 40.8), (138.0, 42.0), (139.0, 43.5),
        (140.0, 45.0), (141.5, 45.0), (144.0, 44.3), (146.0, 44.0), (150.0, 44.5), (156.0, 48.0),
        (158.0, 51.5), (150.0, 58.0), (140.0, 56.0), (135.0, 48.0), (130.5, 43.0),
    ],
    "PHL": [
        (116.5, 12.0), (127.5, 12.0), (127.0, 19.5), (123.0, 21.3), (121.9, 21.1), (119.0, 20.7),
        (116.5, 18.0),
    ],
    "NMI": [(143.0, 14.6), (148.5, 14.6), (148.5, 21.5), (143.0, 21.5)],
    "GUM": [(142.2, 11.0), (147.3, 11.0), (147.3, 14.6), (142.2, 14.6)],
    "CAN": [(-62.0, 41.0), (-50.0, 41.0), (-50.0, 50.0), (-62.0, 50.0)],
}
_PRIORITY = ["JPN", "KOR", "PRK", "TWN", "CHN", "RUS", "PHL", "NMI", "GUM", "CAN"]

#: Shared areas, cut out of every state's sea before the states take theirs.
_LIANCOURT_V10 = [(130.9, 36.4), (132.2, 36.3), (133.6, 37.6), (134.0, 39.2), (133.0, 39.6), (131.6, 38.6), (131.0, 37.5)]
_LIANCOURT_V12 = [(131.65, 37.0), (132.1, 37.0), (132.15, 37.25), (132.1, 37.5), (131.65, 37.5), (131.6, 37.25)]
_SENKAKU = [(123.0, 25.2), (124.1, 24.9), (125.2, 25.9), (124.9, 26.9), (123.7, 26.8), (123.0, 26.0)]
_KURIL = [
    (145.3, 44.3), (145.45, 43.75), (145.8, 43.45), (145.85, 43.2), (146.3, 42.6), (149.5, 43.6),
    (151.5, 45.5), (150.2, 46.6), (148.0, 46.0),
]
_JOINT_REGIME = [(125.5, 28.8), (126.8, 28.3), (128.2, 30.2), (128.9, 32.0), (128.3, 32.6), (126.6, 31.8), (125.9, 30.3)]
_SPM = [(-57.0, 44.8), (-55.7, 44.8), (-55.7, 47.4), (-57.0, 47.4)]
_MINAMITORI = (153.98, 24.28)  # the centre of the detached part of Japan's EEZ

#: Land, cut out of every zone: an island inside a zone becomes a hole of it.
_LAND = {
    "Honshu": [
        (130.9, 34.0), (131.4, 34.45), (132.5, 35.5), (133.5, 35.6), (135.0, 35.7), (136.0, 36.0),
        (136.8, 37.3), (137.3, 37.0), (138.5, 37.9), (139.4, 38.4), (139.9, 39.8), (140.0, 40.6),
        (140.4, 41.3), (141.2, 41.4), (141.5, 40.4), (142.0, 39.5), (141.5, 38.3), (141.0, 37.0),
        (140.6, 36.0), (140.9, 35.7), (139.9, 34.9), (138.8, 34.6), (137.2, 34.6), (136.8, 34.3),
        (135.8, 33.5), (135.1, 34.2), (134.3, 34.7), (133.0, 34.3), (132.2, 33.9), (131.0, 33.9),
    ],
    "Hokkaido": [
        (140.0, 42.0), (140.1, 41.55), (140.7, 41.75), (141.2, 41.8), (141.0, 42.3), (141.8, 42.6),
        (143.3, 41.95), (144.5, 42.9), (145.6, 43.3), (145.2, 43.6), (145.1, 44.2), (144.2, 44.1),
        (142.0, 45.5), (141.6, 45.3), (141.6, 44.2), (141.3, 43.2), (140.4, 43.3), (139.8, 42.5),
    ],
    "Kyushu": [
        (129.7, 33.6), (130.4, 33.9), (131.0, 33.7), (131.9, 33.0), (131.4, 31.4), (130.7, 31.0),
        (130.2, 31.3), (130.2, 32.6), (129.6, 32.8),
    ],
    "Shikoku": [(132.5, 33.0), (132.8, 33.9), (133.6, 34.2), (134.6, 34.2), (134.7, 33.8), (134.2, 33.3), (133.0, 32.7)],
    "Okinawa": [(127.65, 26.1), (127.9, 26.1), (128.3, 26.75), (128.2, 26.85), (127.7, 26.5)],
    "Sado": [(138.2, 37.8), (138.55, 37.8), (138.55, 38.3), (138.2, 38.3)],
    "Okushiri": [(139.4, 42.05), (139.55, 42.05), (139.55, 42.25), (139.4, 42.25)],
    "Oshima-Oshima": [(139.35, 41.49), (139.39, 41.49), (139.39, 41.53), (139.35, 41.53)],
    "Dogo (Oki)": [(133.15, 36.15), (133.35, 36.15), (133.35, 36.35), (133.15, 36.35)],
    "Tsushima": [(129.25, 34.15), (129.45, 34.15), (129.45, 34.6), (129.3, 34.65)],
    "Hachijojima": [(139.75, 33.05), (139.85, 33.05), (139.85, 33.15), (139.75, 33.15)],
    "Chichijima": [(142.15, 27.03), (142.25, 27.03), (142.25, 27.12), (142.15, 27.12)],
    "Ishigaki-jima": [(124.05, 24.3), (124.3, 24.3), (124.3, 24.6), (124.05, 24.6)],
    "Minamitorishima": [(153.97, 24.27), (153.99, 24.27), (153.99, 24.29), (153.97, 24.29)],
    "Takeshima": [(131.85, 37.23), (131.89, 37.23), (131.89, 37.26), (131.85, 37.26)],
    "Uotsuri-shima": [(123.45, 25.72), (123.55, 25.72), (123.55, 25.77), (123.45, 25.77)],
    "Kunashiri": [(145.45, 43.75), (145.9, 43.85), (146.6, 44.45), (146.3, 44.5), (145.6, 44.0)],
    "Etorofu": [(146.9, 44.5), (147.5, 44.9), (148.9, 45.5), (148.6, 45.6), (147.0, 44.9)],
    "Habomai": [(145.9, 43.38), (146.05, 43.38), (146.05, 43.52), (145.9, 43.52)],
    "Jeju": [(126.15, 33.2), (126.95, 33.3), (126.9, 33.55), (126.2, 33.5)],
    "Ulleungdo": [(130.8, 37.45), (130.95, 37.45), (130.95, 37.55), (130.8, 37.55)],
    "Taiwan": [(120.1, 23.0), (120.7, 22.0), (121.5, 23.5), (122.0, 25.0), (121.0, 25.1), (120.2, 23.9)],
    "Sakhalin": [(141.9, 45.9), (143.3, 46.6), (143.2, 49.0), (144.6, 49.0), (143.4, 51.0), (142.2, 51.4), (142.1, 48.0), (141.8, 47.0)],
    "Luzon": [(119.8, 16.0), (120.6, 18.6), (122.3, 18.5), (122.2, 16.5), (124.0, 13.0), (120.5, 13.8)],
    "Guam": [(144.62, 13.24), (144.95, 13.24), (144.95, 13.65), (144.62, 13.65)],
    "Saint-Pierre": [(-56.45, 46.75), (-56.1, 46.75), (-56.1, 47.1), (-56.45, 47.1)],
    "Asia": [
        (105.0, 20.0), (117.0, 23.0), (120.0, 26.0), (122.0, 30.0), (121.0, 32.0), (120.5, 34.5),
        (122.5, 37.3), (121.0, 37.8), (118.0, 38.5), (121.5, 40.8), (124.3, 39.9), (125.2, 38.0),
        (126.4, 36.8), (126.3, 34.7), (127.5, 34.6), (129.1, 35.1), (129.5, 36.0), (129.4, 37.0),
        (128.5, 38.4), (127.7, 39.8), (129.8, 41.0), (130.7, 42.3), (133.0, 42.8), (135.5, 43.9),
        (138.0, 46.5), (140.5, 48.5), (141.0, 52.0), (136.0, 54.5), (142.0, 59.5), (105.0, 59.5),
    ],
}

#: A high-seas pocket enclosed by Japan's EEZ: a hole over no land (so not land).
_POCKET_CENTRE, _POCKET_RADIUS = (136.5, 25.5), 1.0


# --------------------------------------------------------------------------- the zones


@dataclass(frozen=True)
class Zone:
    """One feature: its MRGID, name, policy type, (territory, ISO, MRGID) per sovereign, geometry."""

    mrgid: int
    geoname: str
    pol_type: str  # v10's word ("Disputed" where v11+ say "Overlapping claim")
    parties: tuple  # ((name, iso, territory mrgid), …): sovereign = territory here, but Guam/NMI/SPM
    geometry: object
    territory: tuple | None = None  # (name, iso, mrgid) where the territory is not the sovereign


#: Sovereign name → (ISO code, Marine Regions MRGID of the sovereign).
_STATES = {
    "Japan": ("JPN", 2121), "South Korea": ("KOR", 8600), "North Korea": ("PRK", 8601),
    "China": ("CHN", 8603), "Taiwan": ("TWN", 2177), "Russia": ("RUS", 2240),
    "Philippines": ("PHL", 2208), "United States": ("USA", 2204), "Canada": ("CAN", 2169),
    "France": ("FRA", 17),
}
_NAME = {iso: name for name, (iso, _) in _STATES.items()}

#: MRGID → (the name both editions share, v12's name where it differs).
ZONE_NAMES = {
    8487: "Japanese Exclusive Economic Zone",
    8327: "South Korean Exclusive Economic Zone",
    8328: "North Korean Exclusive Economic Zone",
    8321: "Taiwanese Exclusive Economic Zone",
    8486: "Chinese Exclusive Economic Zone",
    5690: "Russian Exclusive Economic Zone",
    8322: "Philippine Exclusive Economic Zone",
    48980: "Northern Mariana Exclusive Economic Zone",
    48957: "Guam Exclusive Economic Zone",
    8493: "Canadian Exclusive Economic Zone",
    8494: "Saint-Pierre and Miquelon Exclusive Economic Zone",
}
_STATE_MRGID = {"JPN": 8487, "KOR": 8327, "PRK": 8328, "TWN": 8321, "CHN": 8486, "RUS": 5690, "PHL": 8322,
                "NMI": 48980, "GUM": 48957, "CAN": 8493}
_TERRITORIES = {"NMI": ("Northern Mariana Islands", "MNP", 8691), "GUM": ("Guam", "GUM", 8679),
                "SPM": ("Saint-Pierre and Miquelon", "SPM", 3297)}


def _poly(coords):
    return shapely.Polygon(coords)


def _octagon(centre, radius):
    a = np.radians(np.arange(0, 360, 45))
    return shapely.Polygon(np.column_stack([centre[0] + radius * np.cos(a), centre[1] + radius * np.sin(a)]))


def _shared_areas(edition: str) -> list[tuple]:
    """(mrgid, kind, claimants in the name's order, polygon) of the disputed and joint areas."""
    liancourt = _LIANCOURT_V10 if edition == "v10" else _LIANCOURT_V12
    return [
        (48955, "Liancourt Rocks", ("JPN", "KOR"), _poly(liancourt)),
        (48954, "Senkaku Islands", ("TWN", "JPN", "CHN"), _poly(_SENKAKU)),
        (48950, "Kuril Islands", ("JPN", "RUS"), _poly(_KURIL)),
        (21796, None, ("KOR", "JPN"), _poly(_JOINT_REGIME)),
    ]


def zones(edition: str) -> list[Zone]:
    """The features of one synthetic edition (``"v10"`` or ``"v12"``), in file order.

    Parameters
    ----------
    edition : {"v10", "v12"}

    Returns
    -------
    list of Zone
        Valid polygons sharing their boundaries exactly (every state's sea minus the shared
        areas and the states before it); :func:`write_v12` spoils some of them.
    """
    land = shapely.union_all([_poly(c) for c in _LAND.values()])
    pocket = _octagon(_POCKET_CENTRE, _POCKET_RADIUS)
    shared = _shared_areas(edition)
    taken = shapely.union_all([g for *_, g in shared] + [_poly(_SPM)])
    out = []
    for mrgid, place, claimants, g in shared:
        names = [_NAME[c] for c in claimants]
        if place is None:
            geoname, pol = "Joint regime area " + " / ".join(names), "Joint regime"
        else:
            geoname, pol = f"Disputed area {place}: " + " / ".join(names), "Disputed"
        out.append(Zone(mrgid, geoname, pol, tuple(_party(c) for c in claimants), shapely.difference(g, land)))
    regions = {k: _poly(v) for k, v in _REGIONS.items()}
    if edition != "v10":  # v12: the sea of v10's large Liancourt area that is not disputed is Korea's
        regions["KOR"] = shapely.union(regions["KOR"], shapely.difference(_poly(_LIANCOURT_V10), taken))
    regions["JPN"] = shapely.difference(shapely.union(regions["JPN"], _octagon(_MINAMITORI, 3.3)), pocket)
    regions["JPN"] = shapely.difference(regions["JPN"], _poly(_LIANCOURT_V10))  # never Japan's alone
    for key in _PRIORITY:
        g = shapely.difference(shapely.difference(regions[key], taken), land)
        taken = shapely.union(taken, regions[key])
        sov = "USA" if key in ("NMI", "GUM") else key
        out.append(Zone(_STATE_MRGID[key], ZONE_NAMES[_STATE_MRGID[key]], "200NM", (_party(sov),), g,
                        territory=_TERRITORIES.get(key)))
    out.append(Zone(8494, ZONE_NAMES[8494], "200NM", (_party("FRA"),), shapely.difference(_poly(_SPM), land),
                    territory=_TERRITORIES["SPM"]))
    return _without_slivers(out)


def _without_slivers(feats: list[Zone]) -> list[Zone]:
    """The features, each snapped to the others' vertices (within 1e-9°): where a difference put
    a crossing point a few ulps off the other feature's edge, the pieces would leave a zero-area
    gap between them, which every claim's limit would then run around."""
    geoms = [z.geometry for z in feats]
    for i in range(len(geoms)):
        others = shapely.union_all([g for j, g in enumerate(geoms) if j != i])
        geoms[i] = shapely.snap(geoms[i], others, 1e-9)
    return [Zone(z.mrgid, z.geoname, z.pol_type, z.parties, g, z.territory) for z, g in zip(feats, geoms)]


def _party(iso: str) -> tuple:
    name = _NAME[iso]
    return (name, iso, _STATES[name][1])


# --------------------------------------------------------------------------- the files


def frame(edition: str):
    """The GeoDataFrame of one edition, in its own schema (as :func:`write_v10` / :func:`write_v12` write it).

    Parameters
    ----------
    edition : {"v10", "v12"}

    Returns
    -------
    geopandas.GeoDataFrame
    """
    import geopandas as gpd  # lazy: heavy

    feats = zones(edition)
    rows = [_v10_row(i, z) if edition == "v10" else _v12_row(z) for i, z in enumerate(feats)]
    geoms = [z.geometry for z in feats]
    if edition != "v10":
        geoms = [_spoiled(g, z.mrgid) for g, z in zip(geoms, feats)]
        geoms = [shapely.MultiPolygon(shapely.get_parts(g).tolist()) if g.geom_type == "Polygon" else g for g in geoms]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def _v10_row(i: int, z: Zone) -> dict:
    row = {"PolygonID": i + 1, "MRGID": z.mrgid, "GeoName": z.geoname, "Pol_type": z.pol_type}
    for k in (1, 2, 3):
        party = z.parties[k - 1] if k <= len(z.parties) else None
        ter = z.territory if (k == 1 and z.territory) else party
        row[f"MRGID_Ter{k}"] = ter[2] if ter else 0
        row[f"Territory{k}"] = ter[0] if ter else None
        row[f"MRGID_Sov{k}"] = party[2] if party else 0
        row[f"Sovereign{k}"] = party[0] if party else None
        row[f"ISO_Ter{k}"] = ter[1] if ter else None
    c = z.geometry.representative_point()
    row.update(x_1=round(c.x, 6), y_1=round(c.y, 6), Area_km2=round(area_km2(z.geometry), 1), MRGID_EEZ=z.mrgid)
    return row


def _v12_row(z: Zone) -> dict:
    first = z.parties[0]
    geoname = z.geoname.replace("Disputed area", "Overlapping claim").replace("Joint regime area", "Joint regime area:")
    shared = len(z.parties) > 1 and "Joint" not in geoname
    ter = z.territory or first
    return {"mrgid": z.mrgid, "geoname": geoname, "iso_ter1": None if shared else ter[1], "iso_sov1": first[1],
            "sovereign1": first[0]}


#: v12 features drawn with a bow-tie part (a self-intersecting ring, like the simplified real
#: extract's), to be repaired by the reader; far from every test point.
_SPOILED = {8486: [(122.6, 32.6), (123.2, 33.2), (123.2, 32.6), (122.6, 33.2)],
            5690: [(153.0, 52.0), (154.0, 53.0), (154.0, 52.0), (153.0, 53.0)]}


def _spoiled(g, mrgid: int):
    if mrgid not in _SPOILED:
        return g
    return shapely.MultiPolygon([*shapely.get_parts(g).tolist(), shapely.Polygon(_SPOILED[mrgid])])


def area_km2(g) -> float:
    """The geodesic area of a lon/lat geometry in km² (WGS84)."""
    from pyproj import Geod  # lazy: only when files are written

    return abs(Geod(ellps="WGS84").geometry_area_perimeter(g)[0]) / 1e6


def write_v10(folder) -> Path:
    """Write the v10 shapefile into ``folder`` (named like a v10 extract: ``eez_v10_…/eez.shp``).

    Parameters
    ----------
    folder : str or pathlib.Path
        A new or empty folder.

    Returns
    -------
    pathlib.Path
        The ``.shp`` file (with ``.shx``, ``.dbf``, ``.prj``, ``.cpg``).
    """
    d = Path(folder) / "eez_v10_synthetic"
    d.mkdir(parents=True, exist_ok=True)
    p = d / "eez_synthetic.shp"
    frame("v10").to_file(p, engine="pyogrio", encoding="UTF-8")
    return p


def write_v12(folder) -> Path:
    """Write the v12 GeoJSON into ``folder`` (named like a v12 extract: ``eez_v12_…/eez.geojson``).

    Parameters
    ----------
    folder : str or pathlib.Path

    Returns
    -------
    pathlib.Path
    """
    d = Path(folder) / "eez_v12_synthetic"
    d.mkdir(parents=True, exist_ok=True)
    p = d / "eez_synthetic.geojson"
    frame("v12").to_file(p, driver="GeoJSON", engine="pyogrio")
    return p


# --------------------------------------------------------------------------- places

#: Named (lat, lon) points and what they are in both editions, each well away from every line:
#: (zone type, MRGID, Japan's eez_status). ``liancourt_wide`` differs by edition.
POINTS = {
    "sea_of_japan": ((39.0, 137.0), ("eez", 8487, "inside")),
    "off_oshima": ((41.5, 137.8), ("eez", 8487, "inside")),
    "south_of_honshu": ((30.0, 140.0), ("eez", 8487, "inside")),
    "east_china_sea": ((30.0, 124.0), ("eez", 8486, "outside")),
    "yellow_sea": ((34.45, 124.75), ("eez", 8327, "outside")),
    "joint_regime": ((30.62, 127.59), ("joint_regime", 21796, "disputed")),
    "senkaku": ((26.55, 124.25), ("overlapping_claim", 48954, "disputed")),
    "liancourt": ((37.35, 131.75), ("overlapping_claim", 48955, "disputed")),
    "kuril_sea": ((45.0, 149.0), ("overlapping_claim", 48950, "disputed")),
    "habomai": ((43.45, 145.95), ("land", None, "disputed")),
    "honshu": ((36.0, 138.5), ("land", None, "inside")),
    "pocket": ((25.5, 136.5), ("high_seas", None, "outside")),
    "pacific": ((30.0, 160.0), ("high_seas", None, "outside")),
    "spm": ((45.45, -56.30), ("eez", 8494, "outside")),
}
