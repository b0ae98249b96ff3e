"""Sea areas, land, and landing points constrained to a named sea.

The sea areas are ``shapefiles/sea_areas.gpkg`` (layer ``sea_areas``: sea_id, name_en, name_ja,
name_ko, source), built by ``scripts/build_sea_areas.py`` from the IHO S-23 limits and the
bundled coastline: a partition of the water of the data region (105–170°E, 5–58°N) into the Sea
of Japan, Yellow Sea, East China Sea, Sea of Okhotsk, Philippine Sea, the North Pacific … Land is
the bundled zones' land rows (``geo.zones.load_zones()``).

* :func:`sea_area_of` — which sea area a point is in (``sea_id``, or None on land / outside).
* :func:`find_sea` — a sea named in a report: "East Sea", "Sea of Japan", 日本海, 동해, "Pacific"
  (the open Pacific *and* the Philippine Sea, which the S-23 limits separate but reports do not),
  "West Sea" (the Yellow Sea) …
* :func:`on_land` — whether points are on any state's land.
* :func:`sea_constrained` — **unknown bearing, known sea**: a range from a launch site and the
  sea it came down in. The landing points at that range are evaluated on :data:`BEARING_STEPS`
  bearings (every 0.5°) at the low, middle and high end of the range; the bearings whose point
  lies in the sea (and so at sea) are the allowed directions. Samples are drawn over the arc
  covering them (and within a stated direction, if any) and kept only if they land in the sea
  (:mod:`geo.reports.sampling`), so the range spread is honoured exactly. The result says which
  arcs were allowed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from geo._files import bundled_file
from geo.errors import DataNotFoundError, InputError
from geo.geodesy import GEOD
from geo.reports.landing import landing_point
from geo.reports.phrases import Bearing
from geo.reports.places import Place, normalize_name
from geo.reports.sampling import SampledLocation, proposal, rejection_sample, sampled_location
from geo.reports.distances import Distance
from geo.reports.wording import distance_likelihood

__all__ = [
    "SEA_AREAS_NAME",
    "BEARING_STEPS",
    "SEA_ALIASES",
    "SeaArea",
    "Sea",
    "sea_areas",
    "sea_areas_path",
    "sea_area_of",
    "find_sea",
    "lookup_sea",
    "on_land",
    "sea_constrained",
    "allowed_bearings",
    "foreign_overflight",
    "OVERFLIGHT_ALLOWED",
]

SEA_AREAS_NAME = "sea_areas.gpkg"
#: Bearings evaluated around a launch site (every 0.5°).
BEARING_STEPS = 720
#: States whose land a track from a launch site may cross besides the launching state's. No
#: North Korean missile has flown over South Korea, China or Russia; several have flown over Japan.
OVERFLIGHT_ALLOWED = ("JPN",)
#: Track points for the overflight test: every TRACK_STEP_KM from TRACK_SKIP_KM out (km).
TRACK_STEP_KM = 10.0
TRACK_SKIP_KM = 20.0

#: Names reports use for each sea (besides the file's name_en / name_ja / name_ko). A name may
#: stand for several sea areas: "the Pacific" includes the Philippine Sea.
SEA_ALIASES: dict[str, tuple[str, ...]] = {
    "sea_of_japan": ("Sea of Japan", "East Sea", "Japan Sea", "Sea of Japan (East Sea)", "East Sea (Sea of Japan)",
                     "Sea of Japan/East Sea", "East Sea/Sea of Japan", "日本海", "동해"),
    "yellow_sea": ("Yellow Sea", "West Sea", "黄海", "황해", "서해"),
    "east_china_sea": ("East China Sea", "東シナ海", "東中国海", "동중국해", "동지나해"),
    "sea_of_okhotsk": ("Sea of Okhotsk", "Okhotsk Sea", "オホーツク海", "오호츠크해"),
    "philippine_sea": ("Philippine Sea", "フィリピン海", "필리핀해"),
    "south_china_sea": ("South China Sea", "南シナ海", "남중국해"),
    "seto_inland_sea": ("Seto Inland Sea", "瀬戸内海"),
    "bering_sea": ("Bering Sea", "ベーリング海", "베링해"),
    "north_pacific+philippine_sea": ("Pacific", "Pacific Ocean", "the Pacific", "the Pacific Ocean", "Western Pacific",
                                     "North Pacific", "太平洋", "태평양"),
    "north_pacific": ("open Pacific", "Pacific east of Japan", "North Pacific Ocean"),
}


@dataclass(frozen=True, eq=False)
class SeaArea:
    """One row of the sea-area layer."""

    sea_id: str
    name_en: str
    name_ja: str
    name_ko: str
    source: str
    geometry: object  # shapely (Multi)Polygon, lon/lat


@dataclass(frozen=True, eq=False)
class Sea:
    """A sea as a report names it: one or more sea areas."""

    name: str
    areas: tuple[SeaArea, ...]

    @property
    def sea_ids(self) -> tuple[str, ...]:
        return tuple(a.sea_id for a in self.areas)

    @property
    def label(self) -> str:
        return " + ".join(a.name_en for a in self.areas)

    def contains(self, lat, lon) -> np.ndarray:
        """Whether points lie in this sea (any of its areas) and at sea: the sea areas are
        simplified (≈ 0.5 km), so a point must also be off the zones' land layer."""
        lat, lon = np.atleast_1d(lat), np.atleast_1d(lon)
        ok = np.isin(sea_area_of(lat=lat, lon=lon).astype(object), list(self.sea_ids))
        x0, y0, x1, y1 = _sea_bounds()
        if any(_reaches_edge(a) for a in self.areas):
            # Beyond the sea areas' region an open ocean goes on: "3,200 km east of Tohoku, in the
            # Pacific" is at 175°E, east of the data's 170°E edge.
            w = (np.asarray(lon) + 180.0) % 360.0 - 180.0
            ok |= ~((w >= x0) & (w <= x1) & (np.asarray(lat) >= y0) & (np.asarray(lat) <= y1))
        ok[ok] = ~on_land(lat=lat[ok], lon=lon[ok])
        return ok

    def to_dict(self) -> dict:
        return {"name": self.name, "sea_ids": list(self.sea_ids), "label": self.label,
                "source": "; ".join(a.source for a in self.areas)}


def sea_areas_path() -> Path:
    """Where the sea areas are: ``shapefiles/`` of this checkout, else a regular install's
    ``<prefix>/share/eezcheck/shapefiles``."""
    return bundled_file(SEA_AREAS_NAME)


@functools.lru_cache(maxsize=1)
def sea_areas() -> tuple[SeaArea, ...]:
    """The sea areas (read once).

    Returns
    -------
    tuple of SeaArea

    Examples
    --------
    >>> "sea_of_japan" in {a.sea_id for a in sea_areas()}
    True
    """
    import pyogrio  # lazy: heavy, and only reports that name a sea need it

    path = sea_areas_path()
    if not path.exists():
        raise DataNotFoundError(
            f"sea areas not found at {path}: they ship with eezcheck (build them with 'python scripts/build_sea_areas.py')"
        )
    df = pyogrio.read_dataframe(path, layer="sea_areas")
    return tuple(
        SeaArea(str(r.sea_id), str(r.name_en), str(r.name_ja or ""), str(r.name_ko or ""), str(r.source or ""), r.geometry)
        for r in df.itertuples()
    )


@functools.lru_cache(maxsize=1)
def _prepared_areas():
    """(sea_id, bounds, prepared geometry) per area: a prepared polygon answers point tests in
    microseconds (an STRtree query does not prepare its tree's polygons)."""
    out = []
    for a in sea_areas():
        g = a.geometry
        shapely.prepare(g)
        out.append((a.sea_id, g.bounds, g))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _sea_bounds() -> tuple[float, float, float, float]:
    """The region the sea areas cover (their joint bounds)."""
    b = np.array([a.geometry.bounds for a in sea_areas()])
    return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())


def _reaches_edge(area: SeaArea) -> bool:
    """Whether a sea area reaches the edge of the region (an open ocean, not an enclosed sea)."""
    x0, y0, x1, y1 = _sea_bounds()
    a0, b0, a1, b1 = area.geometry.bounds
    return a0 <= x0 + 1e-6 or b0 <= y0 + 1e-6 or a1 >= x1 - 1e-6 or b1 >= y1 - 1e-6


def sea_area_of(*, lat, lon):
    """Which sea area each point is in: its ``sea_id`` ("sea_of_japan", "yellow_sea", …), or
    None on land or outside the sea areas (beyond the data region).

    Parameters
    ----------
    lat, lon : float or array-like
        Degrees (longitudes in [-180, 180) or [0, 360)).

    Returns
    -------
    str or None, or numpy.ndarray of object
        Scalar in, scalar out.

    Examples
    --------
    >>> sea_area_of(lat=40.0, lon=135.0)
    'sea_of_japan'
    >>> sea_area_of(lat=[35.0, 36.0], lon=[124.0, 138.0]).tolist()
    ['yellow_sea', None]
    """
    scalar = np.ndim(lat) == 0 and np.ndim(lon) == 0
    la = np.atleast_1d(np.asarray(lat, dtype=float))
    lo = (np.atleast_1d(np.asarray(lon, dtype=float)) + 180.0) % 360.0 - 180.0
    la, lo = np.broadcast_arrays(la, lo)
    out = np.full(la.shape, None, dtype=object)
    ok = np.isfinite(la) & np.isfinite(lo)
    if ok.any():
        x, y = lo[ok], la[ok]
        hit = np.full(len(x), None, dtype=object)
        for sea_id, (x0, y0, x1, y1), geom in _prepared_areas():
            todo = (hit == None) & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)  # noqa: E711 (object array)
            if todo.any():
                i = np.flatnonzero(todo)
                hit[i[shapely.intersects_xy(geom, x[i], y[i])]] = sea_id  # on a shared edge the first area wins
        out[ok] = hit
    return out[0] if scalar else out


def _zone_index():
    """The compiled index of the bundled zones (its land rows answer "on land?" in microseconds)."""
    try:
        from geo.index.cache import load_index  # the agreed interface (index room)
    except ImportError:  # not landed yet: its current equivalent
        from geo.index.cache import bundled_zone_path, index_for_path

        return index_for_path(bundled_zone_path())
    return load_index(None)


def on_land(*, lat, lon) -> np.ndarray:
    """Whether points are on land (any state's, in the bundled zones' land layer; a point on the
    coastline counts as land).

    Parameters
    ----------
    lat, lon : array-like
        Degrees.

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> on_land(lat=[39.0, 40.0], lon=[125.7, 135.0]).tolist()
    [True, False]
    """
    la = np.atleast_1d(np.asarray(lat, dtype=float))
    lo = (np.atleast_1d(np.asarray(lon, dtype=float)) + 180.0) % 360.0 - 180.0
    idx = _zone_index()
    row = idx.locate(lo, la)
    out = np.zeros(la.shape, dtype=bool)
    hit = row >= 0
    out[hit] = idx.zone_type[row[hit]] == "land"
    return out


def _key(name: str) -> str:
    return normalize_name(name)


@functools.lru_cache(maxsize=1)
def _sea_names() -> dict[str, tuple[str, ...]]:
    """Matching key → sea ids."""
    names: dict[str, tuple[str, ...]] = {}
    for group, words in SEA_ALIASES.items():
        for w in words:
            names[_key(w)] = tuple(group.split("+"))
    return names


def lookup_sea(name: str) -> Sea | None:
    """The sea a report names, or None.

    Parameters
    ----------
    name : str
        "East Sea", "Sea of Japan", 日本海, 동해, "Pacific" …

    Returns
    -------
    Sea or None

    Examples
    --------
    >>> lookup_sea("East Sea").sea_ids
    ('sea_of_japan',)
    >>> lookup_sea("the Pacific").sea_ids
    ('north_pacific', 'philippine_sea')
    """
    if not isinstance(name, str):
        return None
    key = _key(name)
    ids = _sea_names().get(key)
    areas = {a.sea_id: a for a in sea_areas()}
    if ids is None:
        for a in areas.values():
            if key in {_key(a.name_en), _key(a.name_ja), _key(a.name_ko), _key(a.sea_id)} - {""}:
                ids = (a.sea_id,)
                break
    if ids is None:
        return None
    return Sea(name.strip(), tuple(areas[i] for i in ids if i in areas))


def find_sea(name: str) -> Sea:
    """Like :func:`lookup_sea`, but an unknown name is an :class:`InputError` listing the seas."""
    sea = lookup_sea(name)
    if sea is None or not sea.areas:
        known = ", ".join(f"{a.name_en} ({a.name_ja})" for a in sea_areas())
        raise InputError(f"unknown sea {name!r}; known: {known}")
    return sea


def foreign_overflight(origin: Place, bearings, range_km: float) -> np.ndarray:
    """Whether the ground track from ``origin`` along each bearing crosses land of a state other
    than the launching state and those of :data:`OVERFLIGHT_ALLOWED` (points every
    :data:`TRACK_STEP_KM` from :data:`TRACK_SKIP_KM` out, so a launch area at a border counts
    as inside it).

    Parameters
    ----------
    origin : Place
        The launch site (its ``country`` is the launching state).
    bearings : array-like
        Degrees.
    range_km : float
        How far the track goes.

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> foreign_overflight(find_place("Sunan"), [90.0, 160.0], 700).tolist()  # east: no; SSE: over South Korea
    [False, True]
    """
    az = np.asarray(bearings, dtype=float)
    if not origin.country or range_km <= TRACK_SKIP_KM:
        return np.zeros(az.shape, dtype=bool)
    dist = np.arange(TRACK_SKIP_KM, range_km + TRACK_STEP_KM / 2, TRACK_STEP_KM)
    b, d = np.meshgrid(az, dist, indexing="ij")
    lat, lon = landing_point(lat=np.full(b.size, origin.lat), lon=np.full(b.size, origin.lon), bearing=b.ravel(),
                             range_km=d.ravel())
    idx = _zone_index()
    row = idx.locate(lon, lat)
    over = np.zeros(b.size, dtype=bool)
    allowed = {*(c for c in origin.country.split(";") if c), *OVERFLIGHT_ALLOWED}
    for r in np.unique(row[row >= 0]):
        if idx.zone_type[r] == "land" and not allowed & set(idx.sovereigns[r]):
            over |= row == r
    return over.reshape(b.shape).any(axis=1)


def allowed_bearings(origin: Place, distance: Distance, sea: Sea, *, steps: int = BEARING_STEPS,
                     overflight: bool = True) -> np.ndarray:
    """The bearings (degrees, every 360/``steps``°) whose landing point, at the low, middle or
    high end of ``distance`` from ``origin``, lies in ``sea`` — and, with ``overflight``, whose
    track crosses no land but the launching state's and Japan's (:func:`foreign_overflight`).

    Parameters
    ----------
    origin : Place
        The launch site.
    distance : Distance
        The reported range.
    sea : Sea
        Where it came down.
    steps : int
        Bearings evaluated.
    overflight : bool
        Apply the overflight rule.

    Returns
    -------
    numpy.ndarray
        Allowed bearings, ascending.

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> from geo.reports.wording import reported_distance
    >>> b = allowed_bearings(find_place("Taegwan"), reported_distance(700), find_sea("East Sea"))
    >>> bool(90.0 in b and 270.0 not in b and 160.0 not in b)
    True
    """
    az = np.arange(steps) * (360.0 / steps)
    ok = np.zeros(steps, dtype=bool)
    s = 2 * distance.sd_km
    for r in (max(distance.low_km - s, 0.0), distance.mid_km, distance.high_km + s):
        lat, lon = landing_point(lat=np.full(steps, origin.lat), lon=np.full(steps, origin.lon), bearing=az,
                                 range_km=np.full(steps, r))
        ok |= sea.contains(lat, lon)
    if overflight and ok.any():
        ok[ok] = ~foreign_overflight(origin, az[ok], distance.mid_km)
    return az[ok]


def _covering_arc(bearings: np.ndarray, step: float) -> tuple[float, float]:
    """(centre, half-width) of the shortest arc holding every bearing, widened by one step."""
    b = np.sort(np.mod(bearings, 360.0))
    gaps = np.diff(np.r_[b, b[0] + 360.0])
    i = int(np.argmax(gaps))  # the arc is the circle minus its largest gap
    start, end = b[(i + 1) % len(b)], b[i]
    width = (end - start) % 360.0
    half = min(width / 2 + step, 180.0)
    return (start + width / 2) % 360.0, half


def _arcs(bearings: np.ndarray, step: float) -> list[tuple[float, float]]:
    """Allowed bearings as contiguous (from, to) arcs, for the record."""
    b = np.sort(np.mod(bearings, 360.0))
    arcs, start, prev = [], b[0], b[0]
    for x in b[1:]:
        if x - prev > step * 1.5:
            arcs.append((float(start), float(prev)))
            start = x
        prev = x
    arcs.append((float(start), float(prev)))
    if len(arcs) > 1 and arcs[0][0] < step / 2 and arcs[-1][1] > 360 - step * 1.5:
        arcs = [(arcs[-1][0], arcs[0][1])] + arcs[1:-1]  # an arc through north
    return arcs


def _within(az, sector: Bearing | None) -> np.ndarray:
    if sector is None or sector.halfwidth_deg >= 180:
        return np.ones(np.shape(az), dtype=bool)
    return np.abs((np.asarray(az) - sector.degrees + 180.0) % 360.0 - 180.0) <= sector.halfwidth_deg + 1e-9


def sea_constrained(origin: Place, distance: Distance, sea: Sea, *, sector: Bearing | None = None,
                    origin_radius_km: float | None = None, text: str = "") -> SampledLocation:
    """Landing points ``distance`` from ``origin`` in a direction that lands in ``sea``.

    Parameters
    ----------
    origin : Place
        The launch site or area; the launch point is anywhere within ``origin_radius_km`` of it
        (default: its gazetteer radius).
    distance : Distance
        The reported range (:func:`geo.reports.wording.reported_distance`).
    sea : Sea
        The sea it came down in (:func:`find_sea`).
    sector : Bearing, optional
        A direction the report also gives ("east": ± 22.5°); only bearings within it are used.
    origin_radius_km : float, optional
        The launch-point spread.
    text : str
        The words it came from.

    Returns
    -------
    SampledLocation
        For :func:`geo.reports.landing.estimate_impact` (``reported=``).

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> from geo.reports.wording import reported_distance
    >>> loc = sea_constrained(find_place("Taegwan"), reported_distance(450), find_sea("Sea of Japan"))
    >>> lat, lon = loc.sample(200, np.random.default_rng(0))
    >>> set(sea_area_of(lat=lat, lon=lon)) == {"sea_of_japan"}
    True
    """
    step = 360.0 / BEARING_STEPS
    allowed = allowed_bearings(origin, distance, sea)
    where = f"{distance.mid_km:,.0f} km from {origin.name_en}"
    if not len(allowed):
        raise InputError(
            f"no direction {where} lands in the {sea.label} without flying over a third state's land: check the "
            "range, the launch site and the sea"
        )
    allowed = allowed[_within(allowed, sector)]
    if not len(allowed):
        raise InputError(
            f"no direction {where} within {sector.degrees:g}° ± {sector.halfwidth_deg:g}° lands in the {sea.label}"
        )
    centre, half = _covering_arc(allowed, step)
    radius = origin.radius_km if origin_radius_km is None else float(origin_radius_km)
    prop = proposal(origin, distance=distance, bearing_deg=centre, halfwidth_deg=half, origin_radius_km=radius)
    what = f"{where} ({distance.rule()}) landing in the {sea.label}"

    mask = np.zeros(BEARING_STEPS, dtype=bool)
    mask[np.round(allowed / step).astype(int) % BEARING_STEPS] = True

    def sampler(n, rng):
        def keep(lat, lon, _rng):
            az = _bearing_from(origin, lat, lon)
            return sea.contains(lat, lon) & _within(az, sector) & mask[np.round(az / step).astype(int) % BEARING_STEPS]

        return rejection_sample(prop.sample, keep, n, rng, what=what)

    arcs = _arcs(allowed, step)
    arc_text = ", ".join(f"{a:g}°–{b:g}°" for a, b in arcs)
    rule = (
        f"range: {distance.rule()}; bearing unknown: Uniform over the directions landing in the {sea.label} "
        f"at that range without crossing other states' land but Japan's ({arc_text}, from {BEARING_STEPS} bearings)"
        + (f" within {sector.degrees:g}° ± {sector.halfwidth_deg:g}°" if sector is not None else "")
        + (f"; launched from anywhere within {radius:g} km of {origin.name_en}" if radius > 0 else "")
    )
    return sampled_location(
        origin, sampler, method="sea-constrained bearing", rule=rule, text=text, distance=distance,
        bearing_deg=centre, halfwidth_deg=half, origin_radius_km=radius,
        bearing_spread=f"bearing unknown: the directions landing in the {sea.label}",
        details={"sea": sea.to_dict(), "allowed_bearing_arcs": [list(a) for a in arcs]},
    )


def _bearing_from(origin: Place, lat, lon) -> np.ndarray:
    az, _, _ = GEOD.inv(np.full(np.shape(lat), origin.lon), np.full(np.shape(lat), origin.lat), lon, lat)
    return np.mod(az, 360.0)


def sea_shares(lat, lon) -> dict[str, float]:
    """Share of points in each sea area (None: on land or outside), largest first."""
    ids = sea_area_of(lat=np.asarray(lat), lon=np.asarray(lon))
    vals, counts = np.unique(np.array([str(v) if v is not None else "none" for v in ids]), return_counts=True)
    order = np.argsort(-counts)
    n = max(len(ids), 1)
    return {str(vals[i]) if vals[i] != "none" else None: round(float(counts[i]) / n, 4) for i in order}


__all__ += ["sea_shares"]
