"""Positions measured from large references, rings around a place, and two-distance fixes.

Official statements measure some positions from things far larger than their rounding:
"about 350 km east of the Korean Peninsula", "off the east coast of North Korea", "about
3,200 km east of the Tohoku region", "about 200 km off Aomori Prefecture", "about 600 km east of
the Philippines". Their reference is a **coastline**, not a point:

* :func:`coast_of` — the coast of a large reference (gazetteer kind ``region``, ``province`` or
  ``prefecture``): the land of its state(s) in the bundled zones' land layer (rows whose owner
  :func:`geo.zones.model.claim_roles` says is that state, or a party to it), only the mainland
  where the reference is a peninsula or a state's coast (:data:`COASTS`), borders with other
  states' land removed, clipped to the reference's extent (its gazetteer disc, and for a coast
  the side it names).
* :func:`coast_offset` — "D km DIRECTION of R": the point is D km from the **nearest point** of
  R's coast and lies in DIRECTION from that point. Samples: a coast point (uniform along the
  coast), a direction (the stated sector, or any), a distance from a wide proposal; kept when the
  true nearest coast distance fits the reported distance (its likelihood,
  :func:`geo.reports.wording.distance_likelihood`), the direction from the nearest coast point is
  within the sector, and the point is at sea (in the named sea, if any). Which coast point is meant
  is unknown, and the spread says so: along every stretch of coast that faces that way.
* :func:`ring` — "about 300 km from the Oga Peninsula" (no bearing): every direction from the
  place (its feature-size disc), restricted to the sea (and the named sea).
* :func:`two_rings` — "about 500 km from Sado and 300 km from the Oki Islands": points of the
  first ring consistent with the second distance (its likelihood, the second place's size
  added to its spread).

Error bounds: distances to the coast are :class:`geo.geodesy.NearestLine`'s (≥ true, within
1 m + 1e-5·d); the coastline itself is the bundled 1:10m-class OpenStreetMap land (≈ 100 m).
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass

import numpy as np
import shapely

from geo.errors import InputError
from geo.geodesy import GEOD, NearestLine, to_ecef
from geo.reports.phrases import Bearing
from geo.reports.places import Place
from geo.reports.sampling import SampledLocation, proposal, rejection_sample, sampled_location
from geo.reports.seas import Sea, on_land
from geo.reports.distances import Distance
from geo.reports.wording import distance_likelihood, distance_of
from geo.zones.model import claim_roles

__all__ = ["LARGE_KINDS", "COASTS", "CoastSpec", "Coast", "CoastBand", "coast_of", "coast_offset", "ring", "two_rings", "is_large",
           "from_coast"]

#: How far the nearest segment start may be from the nearest coast point, km (a whole 0.05°
#: segment, ≤ 5.6 km, rounded up).
ROUGH_ERROR_KM = 6.0
#: Gazetteer kinds measured from their coastline rather than a point.
LARGE_KINDS = ("region", "province", "prefecture")
#: Coast points are spaced at most this far apart (degrees of lon/lat, ≈ 5 km).
_COAST_STEP_DEG = 0.05
#: Removing borders with other states' land: their land grown by this much (degrees, ≈ 1 km; a
#: topological tolerance for borders drawn twice, not a distance).
_BORDER_TOLERANCE_DEG = 0.01


@dataclass(frozen=True)
class CoastSpec:
    """Which land makes a reference's coast: the states, only the largest piece (a mainland or
    peninsula), named land rows only, and a lon/lat box (the side of a coast)."""

    sovereigns: tuple[str, ...]
    mainland: bool = False
    land_names: tuple[str, ...] = ()
    box: tuple[float, float, float, float] | None = None  # (min lon, min lat, max lon, max lat)
    words: str = ""
    radius_km: float | None = None  # the reference's extent, when its gazetteer radius (a feature size) is smaller


#: References whose coast is not simply "their state's land within their disc".
COASTS: dict[str, CoastSpec] = {
    "korean_peninsula": CoastSpec(("PRK", "KOR"), mainland=True, words="the mainland coast of North and South Korea"),
    "korean_peninsula_east_coast": CoastSpec(("PRK", "KOR"), mainland=True, box=(127.6, 35.1, 180.0, 90.0),
                                             words="the east (Sea of Japan) coast of the Korean Peninsula"),
    "north_korea": CoastSpec(("PRK",), mainland=True, words="the mainland coast of North Korea"),
    "nk_east_coast": CoastSpec(("PRK",), mainland=True, box=(127.6, -90.0, 180.0, 90.0), words="North Korea's east (Sea of Japan) coast"),
    "nk_west_coast": CoastSpec(("PRK",), mainland=True, box=(-180.0, -90.0, 126.8, 90.0), words="North Korea's west (Yellow Sea) coast"),
    "japan": CoastSpec(("JPN",), words="the coast of every Japanese island"),
    "tohoku": CoastSpec(("JPN",), land_names=("Japan: Honshu",), words="the coast of northern Honshu (Tohoku)"),
    "philippines": CoastSpec(("PHL",), words="the coast of every Philippine island"),
    # Prefectures: their office is the gazetteer point; the extent reaches every coast of the prefecture.
    "aomori_pref": CoastSpec(("JPN",), land_names=("Japan: Honshu",), radius_km=115,
                             words="the coast of Aomori Prefecture (northern tip of Honshu)"),
    "hokkaido": CoastSpec(("JPN",), land_names=("Japan: Hokkaido",), radius_km=600, words="the coast of Hokkaido"),
}


def is_large(place: Place) -> bool:
    """Whether a place is measured from its coastline (:data:`LARGE_KINDS`)."""
    return place.kind in LARGE_KINDS or place.id in COASTS


def from_coast(loc, *, sea: Sea | None = None):
    """A parsed position as the estimator takes it: from a large reference ("about 350 km east
    of the Korean Peninsula") measured from its coast (:func:`coast_offset`), else as it is.

    Parameters
    ----------
    loc : ReportedLocation
        As read by :func:`geo.reports.phrases.parse_report`.
    sea : Sea, optional
        The sea the report names.

    Returns
    -------
    ReportedLocation or SampledLocation

    Examples
    --------
    >>> from geo.reports.phrases import parse_report
    >>> type(from_coast(parse_report("about 350 km east of the Korean Peninsula"))).__name__
    'SampledLocation'
    >>> type(from_coast(parse_report("about 250 km west of Okushiri Island"))).__name__
    'ReportedLocation'
    """
    if not is_large(loc.place):
        return loc
    sector = Bearing(loc.bearing_deg, loc.bearing_halfwidth_deg, loc.text, loc.bearing_sd_deg, loc.bearing_spread)
    return coast_offset(loc.place, distance_of(loc), sector, sea=sea, text=loc.text)


@dataclass(frozen=True, eq=False)
class Coast:
    """The coastline of a large reference: ``lines`` (lon/lat), its points for sampling
    (segment starts/ends and length weights) and a :class:`~geo.geodesy.NearestLine`."""

    place: Place
    lines: object
    seg_lon0: np.ndarray
    seg_lat0: np.ndarray
    seg_lon1: np.ndarray
    seg_lat1: np.ndarray
    weight: np.ndarray
    nearest: NearestLine
    words: str
    data_source: str

    @property
    def length_km(self) -> float:
        return float(self.weight.sum())

    def sample_points(self, n: int, rng: np.random.Generator):
        """``n`` points uniform along the coast: (lon, lat)."""
        i = rng.choice(len(self.weight), size=n, p=self.weight / self.weight.sum())
        t = rng.uniform(0.0, 1.0, n)
        # Segments are ≤ 0.05° long: linear interpolation in lon/lat is within metres of the geodesic.
        lon = self.seg_lon0[i] + t * (self.seg_lon1[i] - self.seg_lon0[i])
        lat = self.seg_lat0[i] + t * (self.seg_lat1[i] - self.seg_lat0[i])
        return lon, lat

    def distance_and_direction(self, lat, lon):
        """Geodesic distance (km) from each point to the coast, and the bearing (degrees) from
        the nearest coast point to the point."""
        d, flon, flat, _ = self.nearest.query(lon, lat)
        az, _, _ = GEOD.inv(flon, flat, lon, lat)
        return d / 1000.0, np.mod(az, 360.0)

    @functools.cached_property
    def _vertex_tree(self):
        from scipy.spatial import cKDTree  # lazy: heavy

        # Query points lie hundreds of km from a long, thin set of vertices: nodes shrunk to their
        # points' bounding boxes (compact) and median splits make such searches 3-10x slower than
        # sliding-midpoint splits (measured on the Korean Peninsula, Japan and the Philippines;
        # the same nearest vertex).
        return cKDTree(to_ecef(self.seg_lon0, self.seg_lat0), compact_nodes=False, balanced_tree=False)

    def rough_distance_and_direction(self, lat, lon):
        """Distance (km) to the nearest coast *vertex* (segment start) and the bearing from it: a
        cheap first look. Segments are ≤ 0.05° long, so that vertex is within
        :data:`ROUGH_ERROR_KM` of the nearest point of the coast, and the distance within that of
        the true one."""
        _, i = self._vertex_tree.query(to_ecef(lon, lat), k=1)
        az, _, d = GEOD.inv(self.seg_lon0[i], self.seg_lat0[i], lon, lat)
        return d / 1000.0, np.mod(az, 360.0)


def _disc(place: Place, radius_km: float):
    """A disc around the place as a lon/lat polygon (a vertex every 2°, geodesic radius)."""
    az = np.arange(0.0, 360.0, 2.0)
    lon, lat, _ = GEOD.fwd(np.full(az.size, place.lon), np.full(az.size, place.lat), az, np.full(az.size, radius_km * 1000.0))
    return shapely.Polygon(np.c_[lon, lat])


def _spec(place: Place) -> CoastSpec:
    if place.id in COASTS:
        return COASTS[place.id]
    if place.kind not in LARGE_KINDS:
        raise InputError(f"{place.name_en} is a {place.kind}, not a large reference measured from its coast")
    return CoastSpec(tuple(c for c in place.country.split(";") if c), words=f"the coast of {place.name_en}")


@functools.lru_cache(maxsize=32)
def coast_of(place: Place) -> Coast:
    """The coastline a large reference is measured from (see the module docstring).

    Parameters
    ----------
    place : Place
        A gazetteer place of a kind in :data:`LARGE_KINDS`.

    Returns
    -------
    Coast

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> c = coast_of(find_place("Korean Peninsula"))
    >>> bool(1500 < c.length_km < 20000)
    True
    """
    from geo.zones import load_zones

    spec = _spec(place)
    zones = load_zones(None)
    t = zones.table
    land = t[t["zone_type"] == "land"]
    zt, sov = land["zone_type"].to_numpy(dtype=object), list(land["sovereigns"])
    sel = np.zeros(len(land), dtype=bool)
    for state in spec.sovereigns:
        own, shared = claim_roles(zt, sov, state)
        sel |= own | shared
    if spec.land_names:
        sel &= land["name"].isin(spec.land_names).to_numpy()
    if not sel.any():
        raise InputError(f"no land of {', '.join(spec.sovereigns)} in the bundled land layer for {place.name_en}")
    geoms = np.asarray(land.geometry.values, dtype=object)
    clip = _disc(place, spec.radius_km or place.radius_km)
    if spec.box is not None:
        clip = clip.intersection(shapely.box(*spec.box))
    near = shapely.intersects(geoms, clip)  # only land near the reference matters (and is fast)
    mine = shapely.union_all(geoms[sel & near]) if (sel & near).any() else shapely.union_all(geoms[sel])
    if spec.mainland:
        parts = shapely.get_parts(mine)
        mine = parts[int(np.argmax(shapely.area(parts)))]
    coast = shapely.boundary(mine)
    others = np.flatnonzero(~sel & near)
    others = others[shapely.dwithin(geoms[others], mine, 2 * _BORDER_TOLERANCE_DEG)]  # land that borders it
    if len(others):
        window = shapely.box(*shapely.bounds(clip)).buffer(0.1)
        border = shapely.union_all(shapely.intersection(geoms[others], window))
        coast = coast.difference(border.buffer(_BORDER_TOLERANCE_DEG))
    coast = shapely.segmentize(coast.intersection(clip), _COAST_STEP_DEG)
    lines = [g for g in shapely.get_parts(coast) if g.geom_type == "LineString" and not g.is_empty]
    if not lines:
        raise InputError(f"{place.name_en}: no coastline found within its extent in the bundled land layer")
    xy0, xy1 = [], []
    for g in lines:
        c = np.asarray(g.coords)[:, :2]
        xy0.append(c[:-1])
        xy1.append(c[1:])
    a, b = np.concatenate(xy0), np.concatenate(xy1)
    _, _, seg = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    keep = seg > 0
    words = spec.words or f"the coast of {place.name_en}"
    return Coast(
        place=place,
        lines=shapely.MultiLineString(lines),
        seg_lon0=a[keep, 0], seg_lat0=a[keep, 1], seg_lon1=b[keep, 0], seg_lat1=b[keep, 1],
        weight=seg[keep] / 1000.0,
        nearest=_nearest(lines),
        words=words,
        data_source=zones.source.label,
    )


def _nearest(lines) -> NearestLine:
    """The exact nearest-point finder of a coast. A coast answers a few batches of points in its
    band (near the line): the candidate grid (:mod:`geo.segment_cells`, seconds to build per
    coast, fastest far from the line) costs more than it saves, so the k-d tree answers alone
    (the same nearest segment either way)."""
    nearest = NearestLine(lines)
    nearest.CELLS_MIN_POINTS = float("inf")
    return nearest


def _angle_ok(az, sector: Bearing | None, slack_deg=0.0) -> np.ndarray:
    if sector is None or sector.halfwidth_deg >= 180:
        return np.ones(np.shape(az), dtype=bool)
    return np.abs((np.asarray(az) - sector.degrees + 180.0) % 360.0 - 180.0) <= sector.halfwidth_deg + slack_deg + 1e-9


def _at_sea(sea: Sea | None):
    """The "at sea (in the named sea)" constraint."""
    if sea is not None:
        return lambda lat, lon: sea.contains(lat, lon)
    return lambda lat, lon: ~on_land(lat=lat, lon=lon)


def _wide(distance: Distance) -> tuple[float, float]:
    """A distance interval outside which the distance's likelihood is below 1e-4."""
    s = 4.3 * distance.sd_km
    return max(distance.low_km - s, 0.0), distance.high_km + s


#: Mean Earth radius, km (only for the projection's area scale).
_R_KM = 6371.0088
#: Grid cell of the proposal band, km.
_CELL_KM = 20.0


@dataclass(frozen=True, eq=False)
class CoastBand:
    """Uniform proposals over the band of points lo–hi km from a coast.

    The band is a grid of :data:`_CELL_KM` cells in an azimuthal equidistant projection centred
    on the reference (exact distances from the centre only): a cell is kept when its centre's
    distance to the nearest coast vertex lies within lo/1.25 − m and hi·1.25 + m, m = 50 km plus
    the cell's half-diagonal and the vertex spacing — a margin that covers the projection's
    distortion (transverse scale (ρ/R)/sin(ρ/R) ≤ 1.25 up to ρ = 7,000 km). Proposals are uniform
    in the kept cells, thinned by the inverse of the projection's area scale so that they are
    uniform in true area; the kept points are then tested with true geodesic distances.
    """

    mask: np.ndarray  # kept cells, [row (y), column (x)]
    x0: float  # centre of cell [0, 0], projected km
    y0: float
    to_aeqd: object
    to_lonlat: object

    @classmethod
    def around(cls, coast: Coast, lo_km: float, hi_km: float, sector: Bearing | None = None) -> "CoastBand":
        from pyproj import Transformer
        from scipy.spatial import cKDTree  # lazy: heavy

        aeqd = f"+proj=aeqd +lat_0={coast.place.lat} +lon_0={coast.place.lon} +datum=WGS84 +units=km"
        fwd = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
        inv = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)
        vx, vy = fwd.transform(np.r_[coast.seg_lon0, coast.seg_lon1], np.r_[coast.seg_lat0, coast.seg_lat1])
        margin = 50.0 + _CELL_KM / np.sqrt(2) + _COAST_STEP_DEG * 111.3
        outer = hi_km * 1.25 + margin
        inner = lo_km / 1.25 - margin
        xs = np.arange(vx.min() - outer, vx.max() + outer + _CELL_KM, _CELL_KM)
        ys = np.arange(vy.min() - outer, vy.max() + outer + _CELL_KM, _CELL_KM)
        gx, gy = np.meshgrid(xs, ys)
        d, j = cKDTree(np.c_[vx, vy]).query(np.c_[gx.ravel(), gy.ravel()], distance_upper_bound=outer)
        keep = np.isfinite(d) & (d >= inner)
        if sector is not None and sector.halfwidth_deg < 180:
            # Also by direction from the nearest vertex: projected azimuths are within 13° of true
            # ones up to ρ = 7,000 km (the angular distortion 2·asin((k−1)/(k+1))), and a cell
            # near the coast may hold any direction; so 20° of slack, plus 90° within 3 cells.
            jj = np.minimum(j[keep], len(vx) - 1)
            az = np.degrees(np.arctan2(gx.ravel()[keep] - vx[jj], gy.ravel()[keep] - vy[jj]))
            slack = np.where(d[keep] < 3 * _CELL_KM, 90.0, 20.0)
            keep[keep] = _angle_ok(az, sector, slack)
        return cls(keep.reshape(gx.shape), float(xs[0]), float(ys[0]), fwd, inv)

    def covers(self, lat, lon) -> np.ndarray:
        """Whether points fall in a kept cell (the proposals' support)."""
        x, y = self.to_aeqd.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        col = np.round((np.asarray(x) - self.x0) / _CELL_KM).astype(int)
        row = np.round((np.asarray(y) - self.y0) / _CELL_KM).astype(int)
        inside = (row >= 0) & (row < self.mask.shape[0]) & (col >= 0) & (col < self.mask.shape[1])
        out = np.zeros(np.shape(col), dtype=bool)
        out[inside] = self.mask[row[inside], col[inside]]
        return out

    def propose(self, m: int, rng: np.random.Generator):
        """Up to ``m`` points uniform (in true area) over the kept cells: (lat, lon)."""
        rows, cols = np.nonzero(self.mask)
        i = rng.integers(0, len(rows), m)
        x = self.x0 + cols[i] * _CELL_KM + rng.uniform(-_CELL_KM / 2, _CELL_KM / 2, m)
        y = self.y0 + rows[i] * _CELL_KM + rng.uniform(-_CELL_KM / 2, _CELL_KM / 2, m)
        rho = np.hypot(x, y) / _R_KM
        area_scale = np.where(rho > 1e-9, rho / np.sin(np.minimum(rho, 3.1)), 1.0)
        ok = rng.uniform(0.0, 1.0, m) < 1.0 / area_scale
        lon, lat = self.to_lonlat.transform(x[ok], y[ok])
        return np.asarray(lat), (np.asarray(lon) + 180.0) % 360.0 - 180.0


def coast_offset(place: Place, distance: Distance, sector: Bearing | None = None, *, sea: Sea | None = None,
                 text: str = "") -> SampledLocation:
    """Points ``distance`` from the nearest point of ``place``'s coast, in ``sector`` from it —
    uniform over every such point (no coast point is preferred).

    Parameters
    ----------
    place : Place
        A large reference (:func:`is_large`).
    distance : Distance
        The reported distance.
    sector : Bearing, optional
        The direction from the coast ("east": ± 22.5°); None: any direction ("off Aomori
        Prefecture").
    sea : Sea, optional
        The sea the report names; else anywhere at sea.
    text : str
        The words.

    Returns
    -------
    SampledLocation

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> from geo.reports.wording import reported_distance, compass_sector
    >>> loc = coast_offset(find_place("Korean Peninsula"), reported_distance(350), compass_sector("east"))
    >>> lat, lon = loc.sample(100, np.random.default_rng(0))
    >>> bool((lon > 129.5).all())
    True
    """
    coast = coast_of(place)
    band = CoastBand.around(coast, *_wide(distance), sector)
    where = _at_sea(sea)

    lo, hi = _wide(distance)

    def keep(lat, lon, rng):
        u = rng.uniform(0.0, 1.0, len(lat))
        # A cheap look first (nearest vertex), with a margin for its error; exact tests after.
        d0, az0 = coast.rough_distance_and_direction(lat, lon)
        slack = np.degrees(np.arctan2(ROUGH_ERROR_KM, np.maximum(d0 - ROUGH_ERROR_KM, 1e-3))) + 0.5
        ok = (d0 >= lo - ROUGH_ERROR_KM) & (d0 <= hi + ROUGH_ERROR_KM) & _angle_ok(az0, sector, slack)
        d, az = coast.distance_and_direction(lat[ok], lon[ok])
        ok[ok] = (u[ok] < distance_likelihood(distance, d)) & _angle_ok(az, sector)
        ok[ok] = where(lat[ok], lon[ok])
        return ok

    direction = "any direction" if sector is None else f"{sector.degrees:g}° ± {sector.halfwidth_deg:g}° from it"
    what = f"{distance.mid_km:,.0f} km from {coast.words} ({direction})" + (f" in the {sea.label}" if sea else "")

    def sampler(n, rng):
        return rejection_sample(band.propose, keep, n, rng, what=what)

    rule = (
        f"{distance.rule()}, measured from the nearest point of {coast.words} "
        f"({coast.length_km:,.0f} km of coastline, bundled land layer); direction {direction}; "
        "which coast point is meant is unknown: uniform over every point that fits"
        + (f"; in the {sea.label}" if sea else "; at sea")
    )
    return sampled_location(
        place, sampler, method="coast offset", rule=rule, text=text, distance=distance,
        bearing_deg=None if sector is None else sector.degrees,
        halfwidth_deg=180.0 if sector is None else sector.halfwidth_deg,
        bearing_spread="" if sector is None else sector.spread,
        details={"reference_coast": coast.words, "coast_length_km": round(coast.length_km, 1),
                 "sea": sea.to_dict() if sea else None},
    )


def ring(place: Place, distance: Distance, *, sea: Sea | None = None, text: str = "") -> SampledLocation:
    """"About D km from PLACE" with no direction: every direction, at sea.

    Parameters
    ----------
    place : Place
        Any gazetteer place (large references are measured from their coast).
    distance : Distance
        The reported distance.
    sea : Sea, optional
        The sea the report names.
    text : str
        The words.

    Returns
    -------
    SampledLocation

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> from geo.reports.wording import reported_distance
    >>> loc = ring(find_place("Oga Peninsula"), reported_distance(300))
    >>> lat, lon = loc.sample(100, np.random.default_rng(0))
    >>> bool((~on_land(lat=lat, lon=lon)).all())
    True
    """
    if is_large(place):
        return coast_offset(place, distance, None, sea=sea, text=text)
    prop = proposal(place, distance=distance, halfwidth_deg=180.0)
    where = _at_sea(sea)
    what = f"{distance.mid_km:,.0f} km from {place.name_en}" + (f" in the {sea.label}" if sea else " at sea")

    def sampler(n, rng):
        return rejection_sample(prop.sample, lambda lat, lon, _r: where(lat, lon), n, rng, what=what)

    rule = (
        f"{distance.rule()} from anywhere within {place.radius_km:g} km of {place.name_en}; no direction "
        "given: every direction" + (f" landing in the {sea.label}" if sea else " at sea")
    )
    return sampled_location(place, sampler, method="ring", rule=rule, text=text, distance=distance,
                            origin_radius_km=place.radius_km, bearing_spread="no direction given: every direction",
                            details={"sea": sea.to_dict() if sea else None})


def two_rings(first: tuple[Place, Distance], second: tuple[Place, Distance], *, sea: Sea | None = None,
              text: str = "") -> SampledLocation:
    """Points about D1 from one place and D2 from another (their rings' intersection).

    Parameters
    ----------
    first, second : (Place, Distance)
        The two references and distances.
    sea : Sea, optional
        The sea the report names (it usually picks one of the two intersections).
    text : str
        The words.

    Returns
    -------
    SampledLocation

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> from geo.reports.wording import reported_distance
    >>> from geo.reports.seas import find_sea
    >>> loc = two_rings((find_place("Sado"), reported_distance(500)), (find_place("Oki"), reported_distance(300)),
    ...                 sea=find_sea("Sea of Japan"))
    >>> lat, lon = loc.sample(50, np.random.default_rng(0))
    >>> bool((lat > 37).all() and (lon < 137).all())
    True
    """
    (pa, da), (pb, db) = first, second
    if is_large(pa) or is_large(pb):
        raise InputError("two distances are only read from places, not from large references such as a peninsula's coast")
    prop = proposal(pa, distance=da, halfwidth_deg=180.0)
    grown = Distance(max(db.low_km - pb.radius_km, 0.0), db.high_km + pb.radius_km, db.sd_km)
    where = _at_sea(sea)

    def keep(lat, lon, rng):
        _, _, d = GEOD.inv(np.full(lat.shape, pb.lon), np.full(lat.shape, pb.lat), lon, lat)
        ok = rng.uniform(0.0, 1.0, len(lat)) < distance_likelihood(grown, d / 1000.0)
        ok[ok] = where(lat[ok], lon[ok])
        return ok

    what = f"{da.mid_km:,.0f} km from {pa.name_en} and {db.mid_km:,.0f} km from {pb.name_en}" + (
        f" in the {sea.label}" if sea else " at sea"
    )

    def sampler(n, rng):
        return rejection_sample(prop.sample, keep, n, rng, what=what)

    rule = (
        f"{da.rule()} from {pa.name_en} (within {pa.radius_km:g} km of it) and {db.rule()} from "
        f"{pb.name_en} (± its {pb.radius_km:g} km size): the points consistent with both"
        + (f", in the {sea.label}" if sea else ", at sea")
    )
    return sampled_location(pa, sampler, method="two rings", rule=rule, text=text, distance=da,
                            origin_radius_km=pa.radius_km, bearing_spread="no direction given: where both distances fit",
                            details={"second_place": pb.name_en, "second_distance": asdict(db),
                                     "sea": sea.to_dict() if sea else None})
