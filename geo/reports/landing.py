"""Landing points from what is reported, and how likely they are to lie in the target's EEZ.

* :func:`landing_point` — the direct geodesic problem on WGS84: launch point + bearing + ground
  range → landing point (``pyproj.Geod.fwd``; Karney's method, exact to ~15 nm).
* :func:`estimate_impact` — a reported position (text, launch + bearing + range, or a bare
  point) → :class:`ImpactEstimate`: the nominal landing point's verdict, and by seeded,
  vectorised Monte Carlo the probability ``p_in_target_eez`` that the true point lies in the
  target's claimed waters (its EEZ, territorial sea, land, or a disputed area it is party to —
  what ``geo.classify`` counts as ``in_target_eez``), its standard error √(p(1−p)/n) and a call:
  ``inside`` (p ≥ 0.9), ``outside`` (p ≤ 0.1) or ``too close to call`` (thresholds are
  arguments). All samples are classified in one vectorised ``in_target_eez`` call.
* :func:`ground_track` — the geodesic ground track and where it crosses the target's land or
  territorial sea (its airspace).
* :func:`describe_point` — a point in the Ministry of Defense's words: "about 210 km
  west-northwest of Oshima-Oshima" / "渡島大島の西北西約210km".

How wording becomes uncertainty is documented in :mod:`geo.reports.phrases`. For launch + bearing +
range the spread is what the caller gives (``range_sd_km``, ``bearing_sd_deg``; a compass word
adds its ± 11.25° sector); with none, the answer is the plain verdict (p = 1 or 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reports.phrases import Bearing, ReportedLocation, compass_point, make_location, parse_bearing, parse_report
from geo.reports.places import Place, all_places, find_place

__all__ = [
    "landing_point",
    "estimate_impact",
    "ImpactEstimate",
    "ground_track",
    "GroundTrack",
    "Crossing",
    "describe_point",
    "PointDescription",
    "mod_round_km",
    "call_for",
    "DEFAULT_SAMPLES",
    "REFERENCE_KINDS",
]

DEFAULT_SAMPLES = 20_000
#: Kinds of gazetteer place used to describe a point at sea (as the Ministry of Defense does).
REFERENCE_KINDS = ("island", "cape", "peninsula")
#: Zone types that make up a state's territory and airspace (land + territorial sea).
AIRSPACE_ZONE_TYPES = ("land", "internal_waters", "territorial_sea")


# ------------------------------------------------------------------------ direct problem


def landing_point(*, lat, lon, bearing, range_km):
    """Landing point ``range_km`` (ground range) from (``lat``, ``lon``) along ``bearing``.

    ``bearing``: degrees clockwise from north or a compass word (its sector centre is used).
    Scalars in → ``(lat, lon)`` floats out; arrays in (broadcast together) → arrays out.
    Longitudes come back in [-180, 180).
    """
    from geo.inputs import coordinates

    scalar = all(np.ndim(v) == 0 for v in (lat, lon, range_km)) and (isinstance(bearing, str) or np.ndim(bearing) == 0)
    if isinstance(bearing, str) or isinstance(bearing, Bearing):
        az = np.asarray(parse_bearing(bearing).degrees)
    else:
        az = np.asarray(bearing, dtype=float)
        if not np.all(np.isfinite(az)):
            raise InputError(f"bearing = {bearing!r}: every bearing must be a finite number of degrees")
    rng = np.asarray(range_km, dtype=float)
    if not np.all(np.isfinite(rng)) or np.any(rng < 0):
        raise InputError(f"range_km = {range_km!r}: ground ranges must be finite and ≥ 0 km")
    lat_b, lon_b, az_b, rng_b = np.broadcast_arrays(np.asarray(lat, dtype=object), np.asarray(lon, dtype=object), az, rng)
    lon_v, lat_v, _ = coordinates(lon_b.ravel(), lat_b.ravel())
    lon2, lat2, _ = GEOD.fwd(lon_v, lat_v, az_b.ravel().astype(float), rng_b.ravel().astype(float) * 1000.0)
    lon2 = (np.asarray(lon2) + 180.0) % 360.0 - 180.0
    lat2 = np.asarray(lat2)
    if scalar:
        return float(lat2[0]), float(lon2[0])
    return lat2.reshape(lat_b.shape), lon2.reshape(lat_b.shape)


# ---------------------------------------------------------------------------- description


def mod_round_km(d_km: float) -> float:
    """Round a distance as the Ministry of Defense does: 1 km below 20 km, 10 km below
    2,000 km ("約210km", "約1180km"), 100 km beyond ("約2200km", "約3200km")."""
    d = float(d_km)
    unit = 1.0 if d < 20 else 10.0 if d < 2000 else 100.0
    return unit * math.floor(d / unit + 0.5)


@dataclass(frozen=True)
class PointDescription:
    """A point as "about D km DIRECTION of PLACE"; ``str()`` gives the English text."""

    place: Place
    distance_km: float
    rounded_km: float
    bearing_deg: float
    direction: str
    en: str
    ja: str

    def __str__(self) -> str:
        return self.en


def describe_point(*, lat: float, lon: float, places=None) -> PointDescription:
    """Describe a point from the nearest reference place (by geodesic distance to its listed
    point): the Ministry of Defense's Japanese islands, capes and peninsulas by default
    (``places`` overrides), the rounded distance (:func:`mod_round_km`) and the 16-point
    direction from the place to the point."""
    from geo.inputs import coordinates

    lon_v, lat_v, _ = coordinates([lon], [lat])
    cands = tuple(places) if places is not None else all_places(kind=REFERENCE_KINDS, country="JPN")
    if not cands:
        raise InputError("describe_point needs at least one reference place")
    p_lon = np.array([p.lon for p in cands])
    p_lat = np.array([p.lat for p in cands])
    az, _, dist = GEOD.inv(p_lon, p_lat, np.full(len(cands), lon_v[0]), np.full(len(cands), lat_v[0]))
    i = int(np.argmin(dist))
    place = cands[i]
    d_km = float(dist[i]) / 1000.0
    brg = float(np.mod(az[i], 360.0))
    rounded = mod_round_km(d_km)
    words = compass_point(brg, style="words")
    ja = compass_point(brg, style="ja")
    rounded_txt = f"{rounded:,.0f}"
    en = f"about {rounded_txt} km {words} of {place.name_en}"
    ja_txt = f"{place.name_ja}の{ja}約{rounded:.0f}km"
    return PointDescription(place, d_km, rounded, brg, words, en, ja_txt)


# ------------------------------------------------------------------------------ overflight


@dataclass(frozen=True)
class Crossing:
    """One stretch of the ground track over the target's land or territorial sea."""

    entry_lat: float
    entry_lon: float
    exit_lat: float
    exit_lon: float
    length_km: float
    zone_type: str
    name: str
    entry_place: str
    exit_place: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True, eq=False)
class GroundTrack:
    """The geodesic from launch to landing, sampled every ``step_km``, and its crossings of
    the target's airspace (land and territorial sea) in flight order."""

    lat: np.ndarray
    lon: np.ndarray
    length_km: float
    step_km: float
    target: str
    crossings: tuple[Crossing, ...]
    data_source: str

    @property
    def crosses_target(self) -> bool:
        return bool(self.crossings)

    def summary(self) -> str:
        from geo.names import possessive

        if not self.crossings:
            return f"ground track ({self.length_km:,.0f} km) does not cross {possessive(self.target)} land or territorial sea"
        parts = [
            f"{c.zone_type.replace('_', ' ')} of {c.name} for {c.length_km:,.0f} km "
            f"(in near {c.entry_place} at {_fmt(c.entry_lat, c.entry_lon, 2)}, out near {c.exit_place} "
            f"at {_fmt(c.exit_lat, c.exit_lon, 2)})"
            for c in self.crossings
        ]
        return f"ground track ({self.length_km:,.0f} km) crosses {possessive(self.target)} " + "; ".join(parts)

    def to_dict(self) -> dict:
        return {
            "track_length_km": self.length_km,
            "overflies_target": self.crosses_target,
            "crossings": [c.to_dict() for c in self.crossings],
        }


def ground_track(*, launch_lat, launch_lon, landing_lat, landing_lon, target: str = "JPN", zones=None, step_km: float = 1.0) -> GroundTrack:
    """The geodesic ground track from launch to landing (``Geod.inv_intermediate``, points every
    ``step_km``; longitudes wrapped to [-180, 180), so a track across the antimeridian is a run
    of points, not a line through Greenwich) and where it crosses the target's airspace.

    A point is over the target's airspace when the zone covering it is land, internal waters or
    territorial sea the target claims (Marine Regions EEZ layers have no territorial-sea rows, so
    with them only land — their islands, see geo.zones — is found). Entry and exit points are refined to ``step_km``/64 along the
    track; a crossing shorter than ``step_km`` may be missed (error bound: one step).
    Names: the land polygon's name when the data has a real one, else the nearest gazetteer
    place (islands, capes, peninsulas, cities, prefectures) to the crossing's midpoint.
    """
    from geo.classify import _check_target, _index
    from geo.inputs import coordinates

    target = _check_target(target)
    lon_v, lat_v, _ = coordinates([launch_lon, landing_lon], [launch_lat, landing_lat])
    if not (step_km > 0):
        raise InputError(f"step_km = {step_km!r} must be > 0")
    # The compiled zone index (geo.index.cache): no geopandas read on every call.
    z = _index(zones)
    _, _, dist = GEOD.inv(lon_v[0], lat_v[0], lon_v[1], lat_v[1])
    length_km = float(dist) / 1000.0
    lons, lats = _geodesic_points(lon_v[0], lat_v[0], lon_v[1], lat_v[1], step_km)
    over, kind, name = _airspace(lons, lats, target, z)
    crossings = []
    if over.any():
        # Runs of consecutive samples over the target's airspace.
        edges = np.flatnonzero(np.diff(np.r_[False, over, False].astype(int)))
        starts, ends = edges[::2], edges[1::2] - 1
        for s, e in zip(starts, ends):
            en_lon, en_lat = (lons[s], lats[s]) if s == 0 else _refine(lons[s - 1], lats[s - 1], lons[s], lats[s], target, z)
            ex_lon, ex_lat = (lons[e], lats[e]) if e == len(lons) - 1 else _refine(lons[e + 1], lats[e + 1], lons[e], lats[e], target, z)
            _, _, seg = GEOD.inv(en_lon, en_lat, ex_lon, ex_lat)
            mid = (s + e) // 2
            label = name[mid]
            if not label:
                label = _nearest_place(lons[mid], lats[mid], target).name_en
            crossings.append(
                Crossing(
                    entry_lat=float(en_lat),
                    entry_lon=float(en_lon),
                    exit_lat=float(ex_lat),
                    exit_lon=float(ex_lon),
                    length_km=float(seg) / 1000.0,
                    zone_type=str(kind[mid]),
                    name=str(label),
                    entry_place=_nearest_place(en_lon, en_lat, target).name_en,
                    exit_place=_nearest_place(ex_lon, ex_lat, target).name_en,
                )
            )
    return GroundTrack(lats, lons, length_km, float(step_km), target, tuple(crossings), z.source_label)


def _geodesic_points(lon1, lat1, lon2, lat2, step_km):
    _, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    n = max(int(math.ceil(dist / 1000.0 / step_km)) + 1, 2)
    line = GEOD.inv_intermediate(lon1, lat1, lon2, lat2, npts=n, initial_idx=0, terminus_idx=0, return_back_azimuth=True)
    lons = (np.asarray(line.lons) + 180.0) % 360.0 - 180.0
    return lons, np.asarray(line.lats)


def _airspace(lons, lats, target, idx):
    """(over target airspace?, zone type, proper land name or '') per point, ``idx`` a ZoneIndex."""
    zi = idx.locate(lons, lats, target=target)
    n = len(lons)
    over = np.zeros(n, dtype=bool)
    kind = np.full(n, "", dtype=object)
    name = np.full(n, "", dtype=object)
    covered = zi >= 0
    if covered.any():
        rows = zi[covered]
        # A claimant of disputed land counts it as its own (as it counts the waters around it).
        own = np.array([target in s for s in idx.sovereigns[rows]], dtype=bool)
        types = idx.zone_type[rows]
        hit = own & np.isin(types, AIRSPACE_ZONE_TYPES)
        pos = np.flatnonzero(covered)[hit]
        over[pos] = True
        kind[pos] = types[hit]
        name[pos] = [str(v) if v is not None else "" for v in idx.names[rows[hit]]]
    return over, kind, name


def _refine(lon_out, lat_out, lon_in, lat_in, target, z, n: int = 64):
    """The first point over the airspace between an outside and an inside track sample."""
    lons, lats = _geodesic_points_n(lon_out, lat_out, lon_in, lat_in, n)
    over, _, _ = _airspace(lons, lats, target, z)
    k = int(np.argmax(over)) if over.any() else len(lons) - 1
    return lons[k], lats[k]


def _geodesic_points_n(lon1, lat1, lon2, lat2, n):
    line = GEOD.inv_intermediate(lon1, lat1, lon2, lat2, npts=n + 1, initial_idx=0, terminus_idx=0, return_back_azimuth=True)
    return (np.asarray(line.lons) + 180.0) % 360.0 - 180.0, np.asarray(line.lats)


def _nearest_place(lon, lat, country) -> Place:
    cands = all_places(kind=("island", "cape", "peninsula", "city", "prefecture"), country=country) or all_places(country=country)
    if not cands:
        cands = all_places()
    p_lon = np.array([p.lon for p in cands])
    p_lat = np.array([p.lat for p in cands])
    # Nearest listed point; not the feature's edge, or a 250 km-wide Hokkaido would win everywhere.
    _, _, d = GEOD.inv(p_lon, p_lat, np.full(len(cands), lon), np.full(len(cands), lat))
    return cands[int(np.argmin(d))]


# ----------------------------------------------------------------------------- estimates


def call_for(p: float, *, inside_threshold: float = 0.9, outside_threshold: float = 0.1) -> str:
    """"inside" if p ≥ inside_threshold, "outside" if p ≤ outside_threshold, else "too close to call"."""
    if p >= inside_threshold:
        return "inside"
    if p <= outside_threshold:
        return "outside"
    return "too close to call"


@dataclass(frozen=True, eq=False)
class ImpactEstimate:
    """Where a missile landed and how likely that is to be inside the target's EEZ.

    ``result`` is the :class:`~geo.classify.PointResult` of the nominal landing point;
    ``samples_lat``/``samples_lon`` the Monte Carlo points (None when there is no uncertainty);
    ``call`` is "inside", "outside" or "too close to call".
    """

    launch_lat: float | None
    launch_lon: float | None
    launch_name: str | None
    landing_lat: float
    landing_lon: float
    samples_lat: np.ndarray | None
    samples_lon: np.ndarray | None
    p_in_target_eez: float
    p_stderr: float
    call: str
    description: str
    target: str
    result: object  # geo.classify.PointResult
    data_source: str
    description_ja: str = ""
    n_samples: int = 0
    seed: int | None = None
    inside_threshold: float = 0.9
    outside_threshold: float = 0.1
    uncertainty: str = ""
    reported: ReportedLocation | None = None
    bearing_deg: float | None = None
    range_km: float | None = None
    track: GroundTrack | None = None
    input_text: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def overflight(self) -> bool | None:
        return None if self.track is None else self.track.crosses_target

    def to_dict(self) -> dict:
        """JSON-ready: the landing point's PointResult fields plus the estimate (no arrays)."""
        d = dict(self.result.to_dict())
        d.update(
            {
                "landing_lat": self.landing_lat,
                "landing_lon": self.landing_lon,
                "p_in_target_eez": self.p_in_target_eez,
                "p_stderr": self.p_stderr,
                "call": self.call,
                "description": self.description,
                "description_ja": self.description_ja,
                "n_samples": self.n_samples,
                "seed": self.seed,
                "inside_threshold": self.inside_threshold,
                "outside_threshold": self.outside_threshold,
                "uncertainty": self.uncertainty,
                "launch_name": self.launch_name,
                "launch_lat": self.launch_lat,
                "launch_lon": self.launch_lon,
                "bearing_deg": self.bearing_deg,
                "range_km": self.range_km,
                "input_text": self.input_text,
            }
        )
        if self.reported is not None:
            d["reported"] = self.reported.to_dict()
        if self.track is not None:
            d.update(self.track.to_dict())
        return d

    def summary(self) -> str:
        from geo.names import possessive

        lines = [f"Landing point: {_fmt(self.landing_lat, self.landing_lon, 4)} — {self.description} ({self.description_ja})"]
        if self.launch_lat is not None:
            name = f"{self.launch_name} " if self.launch_name else ""
            lines.append(f"  launch: {name}({_fmt(self.launch_lat, self.launch_lon, 2)})")
        if self.uncertainty:
            lines.append(f"  uncertainty: {self.uncertainty}")
        if self.n_samples:
            lines.append(
                f"  P(in {possessive(self.target)} EEZ) = {self.p_in_target_eez:.3f} ± {self.p_stderr:.3f} "
                f"(Monte Carlo, n = {self.n_samples:,}, seed {self.seed}) → {self.call}"
            )
        else:
            lines.append(f"  no uncertainty given → plain verdict: {self.call}")
        if self.track is not None:
            lines.append("  " + self.track.summary())
        lines.append(self.result.summary())
        return "\n".join(lines)


def _fmt(lat: float, lon: float, digits: int) -> str:
    return f"{abs(lat):.{digits}f}°{'N' if lat >= 0 else 'S'} {abs(lon):.{digits}f}°{'E' if lon >= 0 else 'W'}"


def _launch_point(launch) -> tuple[float, float, str | None]:
    """A gazetteer name, a Place, "LAT,LON" or (lat, lon) → (lat, lon, name)."""
    if isinstance(launch, Place):
        return launch.lat, launch.lon, launch.name_en
    if isinstance(launch, (tuple, list)) and len(launch) == 2:
        return float(launch[0]), float(launch[1]), None
    if isinstance(launch, str):
        parts = launch.replace(" ", "").split(",")
        if len(parts) == 2:
            try:
                return float(parts[0]), float(parts[1]), None
            except ValueError:
                pass
        p = find_place(launch)
        return p.lat, p.lon, p.name_en
    raise InputError(f"launch = {launch!r}: give a place name (e.g. Sunan), 'LAT,LON' or (lat, lon)")


def _range_interval(range_km) -> tuple[float, float]:
    """A number, (low, high) or "A-B" / "A–B" → (low, high) km."""
    if isinstance(range_km, (tuple, list)) and len(range_km) == 2:
        lo, hi = (float(v) for v in range_km)
    elif isinstance(range_km, str):
        import re

        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:km)?\s*(?:(?:-|–|—|~|to)\s*(\d+(?:\.\d+)?)\s*(?:km)?)?\s*", range_km)
        if not m:
            raise InputError(f"range = {range_km!r}: give kilometres, e.g. 700 or 200-250")
        lo = float(m.group(1))
        hi = float(m.group(2)) if m.group(2) else lo
    else:
        try:
            lo = hi = float(range_km)
        except (TypeError, ValueError):
            raise InputError(f"range = {range_km!r}: give kilometres, e.g. 700 or 200-250") from None
    lo, hi = sorted((lo, hi))
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo < 0:
        raise InputError(f"range = {range_km!r}: ground ranges must be finite and ≥ 0 km")
    return lo, hi


def _check_sd(value, name) -> float:
    try:
        v = float(value or 0.0)
    except (TypeError, ValueError):
        raise InputError(f"{name} = {value!r} is not a number") from None
    if not math.isfinite(v) or v < 0:
        raise InputError(f"{name} = {value!r} must be a finite number ≥ 0")
    return v


def estimate_impact(
    text: str | None = None,
    *,
    lat=None,
    lon=None,
    launch=None,
    bearing=None,
    range_km=None,
    range_sd_km: float = 0.0,
    bearing_sd_deg: float = 0.0,
    position_sd_km: float = 0.0,
    reported: ReportedLocation | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = 0,
    target: str = "JPN",
    zones=None,
    inside_threshold: float = 0.9,
    outside_threshold: float = 0.1,
    track: bool = True,
) -> ImpactEstimate:
    """Estimate a landing point and ``p_in_target_eez`` from what is reported. Give one of:

    * ``text`` — a statement read by :func:`geo.reports.phrases.parse_report` ("about 250 km west of
      Okushiri Island", "奥尻島の西約250km"); if the place is a launch site, or ``launch`` is
      given, the ground track from it is checked for overflight;
    * ``launch`` (gazetteer name, "LAT,LON" or (lat, lon)) + ``bearing`` (degrees or compass
      word) + ``range_km`` (km, or "A-B"), with optional ``range_sd_km`` / ``bearing_sd_deg``;
    * ``lat`` + ``lon`` — a bare point: the plain verdict (p = 1 or 0, no samples); with
      ``position_sd_km`` > 0, a circular position error (Normal, that σ per axis; the offsets are
      laid out by :func:`geo.reports.phrases.disc_offset`, error bound stated there);
    * ``reported`` — a ready :class:`~geo.reports.phrases.ReportedLocation`.

    ``samples`` points are drawn with ``numpy.random.default_rng(seed)`` and classified in one
    :func:`geo.classify.in_target_eez` call.
    """
    from geo.classify import _index, check_point, in_target_eez

    if not (0.0 <= outside_threshold < inside_threshold <= 1.0):
        raise InputError(
            f"thresholds must satisfy 0 ≤ outside ({outside_threshold}) < inside ({inside_threshold}) ≤ 1"
        )
    try:
        samples = int(samples)
    except (TypeError, ValueError):
        raise InputError(f"samples = {samples!r} is not a whole number") from None
    if samples < 1:
        raise InputError(f"samples = {samples} must be ≥ 1")
    range_sd_km = _check_sd(range_sd_km, "range_sd_km")
    bearing_sd_deg = _check_sd(bearing_sd_deg, "bearing_sd_deg")
    position_sd_km = _check_sd(position_sd_km, "position_sd_km")
    if position_sd_km and (lat is None or lon is None):
        raise InputError("position_sd_km goes with a bare point (lat= and lon=)")
    # Resolve once (and fail early on missing data); the calls below reuse the compiled index.
    zone_index = _index(zones)
    z = zones

    launch_lat = launch_lon = launch_name = None
    if launch is not None:
        launch_lat, launch_lon, launch_name = _launch_point(launch)

    given = [text is not None, reported is not None, lat is not None or lon is not None, bearing is not None or range_km is not None]
    if sum(given) != 1:
        raise InputError(
            "give exactly one of: text='about 250 km west of Okushiri Island', launch= + bearing= + range_km=, "
            "lat= + lon=, or reported="
        )
    loc: ReportedLocation | None = reported
    if text is not None:
        loc = parse_report(text, bearing_sd_deg=bearing_sd_deg)
        if range_sd_km:
            loc = _with_range_sd(loc, range_sd_km)
    elif bearing is not None or range_km is not None:
        if launch is None or bearing is None or range_km is None:
            raise InputError("launch + bearing + range: give all three (e.g. launch='Sunan', bearing='E', range_km=700)")
        b = parse_bearing(bearing)
        lo, hi = _range_interval(range_km)
        from dataclasses import replace

        from geo.reports.places import lookup_place
        from geo.inputs import coordinates

        coordinates([launch_lon], [launch_lat])  # a clear error for a bad launch point
        known = lookup_place(launch_name) if launch_name else None
        if known is not None:
            origin = replace(known, radius_km=0.0)
        else:
            origin = Place(
                id="launch", name_en=f"{launch_lat:.4f},{launch_lon:.4f}", name_ja="", aliases=(),
                kind="launch_site", country="", lat=float(launch_lat), lon=float(launch_lon), radius_km=0.0, source="user",
            )
        loc = make_location(origin, b, lo, hi, range_sd_km, bearing_sd_deg=bearing_sd_deg, origin_radius_km=0.0, text="")
    if loc is not None and launch is None and loc.place.kind == "launch_site" and loc.place.country != "JPN":
        launch_lat, launch_lon, launch_name = loc.place.lat, loc.place.lon, loc.place.name_en

    if loc is not None:
        land_lat, land_lon = loc.lat, loc.lon
    else:
        if lat is None or lon is None:
            raise InputError("a bare point needs both lat= and lon=")
        land_lat, land_lon = lat, lon
    result = check_point(lat=land_lat, lon=land_lon, target=target, zones=z)
    land_lat, land_lon = result.lat, result.lon
    desc = describe_point(lat=land_lat, lon=land_lon)

    s_lat = s_lon = None
    n = 0
    if loc is not None and loc.has_uncertainty:
        rng = np.random.default_rng(seed)
        s_lat, s_lon = loc.sample(samples, rng)
    elif position_sd_km > 0:
        from geo.reports.phrases import disc_offset

        rng = np.random.default_rng(seed)
        az = rng.uniform(0.0, 360.0, samples)
        # |offset| of a circular bivariate Normal is Rayleigh(σ).
        d = position_sd_km * 1000.0 * np.sqrt(-2.0 * np.log1p(-rng.uniform(0.0, 1.0, samples)))
        s_lon, s_lat = disc_offset(land_lon, land_lat, az, d)
        s_lon = (s_lon + 180.0) % 360.0 - 180.0
        s_lat = np.clip(s_lat, -90.0, 90.0)
    if s_lat is not None:
        # All samples in one vectorised call, no results table (see geo.classify.in_target_eez).
        inside = in_target_eez(lat=s_lat, lon=s_lon, zones=z, target=target)
        n = samples
        p = float(inside.mean())
        stderr = math.sqrt(p * (1.0 - p) / n)
        call = call_for(p, inside_threshold=inside_threshold, outside_threshold=outside_threshold)
    else:
        p = 1.0 if result.in_target_eez else 0.0
        stderr = 0.0
        call = "inside" if result.in_target_eez else "outside"

    gt = None
    if track and launch_lat is not None:
        gt = ground_track(launch_lat=launch_lat, launch_lon=launch_lon, landing_lat=land_lat, landing_lon=land_lon, target=target, zones=z)

    return ImpactEstimate(
        launch_lat=None if launch_lat is None else float(launch_lat),
        launch_lon=None if launch_lon is None else float(launch_lon),
        launch_name=launch_name,
        landing_lat=float(land_lat),
        landing_lon=float(land_lon),
        samples_lat=s_lat,
        samples_lon=s_lon,
        p_in_target_eez=p,
        p_stderr=stderr,
        call=call,
        description=desc.en,
        target=result.target,
        result=result,
        data_source=zone_index.source_label,
        description_ja=desc.ja,
        n_samples=n,
        seed=seed if n else None,
        inside_threshold=inside_threshold,
        outside_threshold=outside_threshold,
        uncertainty=(
            loc.rule
            if loc is not None and loc.has_uncertainty
            else f"circular position error, Normal σ {position_sd_km:g} km per axis" if n else ""
        ),
        reported=loc,
        bearing_deg=None if loc is None else loc.bearing_deg,
        range_km=None if loc is None else loc.range_km,
        track=gt,
        input_text=text,
    )


def _with_range_sd(loc: ReportedLocation, sd: float) -> ReportedLocation:
    from dataclasses import replace

    return replace(loc, range_sd_km=math.hypot(loc.range_sd_km, sd), rule=loc.rule + f"; + Normal σ {sd:g} km (given)")
