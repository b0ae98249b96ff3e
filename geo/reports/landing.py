"""Landing points from what is reported, and how likely they are to lie in the target's EEZ.

* :func:`landing_point` — the direct geodesic problem on WGS84: launch point + bearing + ground
  range → landing point (``pyproj.Geod.fwd``; Karney's method, exact to ~15 nm).
* :func:`estimate_impact` — a reported position (text, launch + bearing + range, or a bare
  point) → :class:`ImpactEstimate`: the nominal landing point's verdict, and by seeded,
  vectorised Monte Carlo (:mod:`geo.reports.sampler`) the probability ``p_in_target_eez`` that
  the true point lies in the target's claimed waters (its EEZ, territorial sea, land, or a
  disputed area it is party to — what ``geo.classify`` counts as ``in_target_eez``), its
  standard error √(p(1−p)/n) and a call (:func:`call_for`). All samples are classified in one
  vectorised ``in_target_eez`` call.

How wording becomes uncertainty: one model, checked on past Japanese statements
(:mod:`geo.reports.wording`), written in the readers :mod:`geo.reports.distances` (rounding step
and noise) and :mod:`geo.reports.bearings` (compass resolution), used by
:mod:`geo.reports.phrases` (statements) and for ``bearing=``, ``range_km=`` (a given σ replaces
the model's); a large reference is measured from its coast (:mod:`geo.reports.references`). Ground tracks:
:mod:`geo.reports.tracks`; the Ministry of Defense's wording: :mod:`geo.reports.describe`.
"""

from __future__ import annotations

import math

from dataclasses import dataclass, field, replace

import numpy as np

from geo.classify import check_point, in_target_eez
from geo.errors import InputError
from geo.geodesy import GEOD, wrap_lon
from geo.index.cache import load_index
from geo.inputs import check_target, coordinates
from geo.names import possessive
from geo.reports.bearings import Bearing, check_degrees, parse_bearing
from geo.reports.describe import describe_point, format_latlon
from geo.reports.distances import MAX_RANGE_KM, parse_distance
from geo.reports.numerals import check_sd
from geo.reports.phrases import ReportedLocation, make_location, parse_report
from geo.reports.places import Place, find_place
from geo.reports.sampler import (
    DEFAULT_SAMPLES, MAX_SAMPLES, check_samples, check_seed, hit_fraction, make_rng, normal_points, probability_text,
)
from geo.reports.tracks import GroundTrack, ground_track

__all__ = ["landing_point", "estimate_impact", "ImpactEstimate", "call_for", "DEFAULT_SAMPLES", "MAX_SAMPLES"]


def landing_point(*, lat, lon, bearing, range_km):
    """The landing point ``range_km`` (ground range) from (``lat``, ``lon``) along ``bearing``.

    Parameters
    ----------
    lat, lon : float or array-like
        Launch point(s), degrees.
    bearing : float, array-like or str
        Degrees clockwise from north in [0, 360], or words read by
        :func:`geo.reports.bearings.parse_bearing` (a compass word's or sector's centre is used).
    range_km : float or array-like
        Ground range(s), km, in [0, half a meridian].

    Returns
    -------
    (lat, lon)
        Floats for scalar input; arrays (the inputs broadcast together) otherwise. Longitudes
        in [-180, 180).

    Examples
    --------
    >>> lat, lon = landing_point(lat=39.0, lon=125.7, bearing="E", range_km=700)
    >>> round(lat, 2), round(lon, 2)
    (38.72, 133.76)
    """
    scalar = all(np.ndim(v) == 0 for v in (lat, lon, range_km)) and (isinstance(bearing, (str, Bearing)) or np.ndim(bearing) == 0)
    az = np.asarray(parse_bearing(bearing).degrees) if isinstance(bearing, (str, Bearing)) else check_degrees(bearing)
    rng = np.asarray(range_km, dtype=float)
    if not np.all(np.isfinite(rng)) or np.any(rng < 0) or np.any(rng > MAX_RANGE_KM):
        raise InputError(f"range_km = {range_km!r}: ground ranges must be finite, ≥ 0 and ≤ {MAX_RANGE_KM:,.0f} km")
    lat_b, lon_b, az_b, rng_b = np.broadcast_arrays(np.asarray(lat, dtype=object), np.asarray(lon, dtype=object), az, rng)
    lon_v, lat_v, _ = coordinates(lon_b.ravel(), lat_b.ravel())
    lon2, lat2, _ = GEOD.fwd(lon_v, lat_v, az_b.ravel().astype(float), rng_b.ravel().astype(float) * 1000.0)
    lon2, lat2 = wrap_lon(lon2), np.asarray(lat2)
    if scalar:
        return float(lat2[0]), float(lon2[0])
    return lat2.reshape(lat_b.shape), lon2.reshape(lat_b.shape)


def call_for(p: float, *, inside_threshold: float = 0.9, outside_threshold: float = 0.1, n: int | None = None) -> str:
    """The call for a probability of being inside.

    Parameters
    ----------
    p : float
        ``p_in_target_eez``.
    inside_threshold, outside_threshold : float
        "inside" at p ≥ inside_threshold, "outside" at p ≤ outside_threshold.
    n : int, optional
        The number of Monte Carlo samples ``p`` was counted from. Given, the whole 95 % Wilson
        interval of ``p`` must clear the threshold, so a coarse estimate (few samples) is never a
        confident call: 10 samples all inside give [0.72, 1] — too close to call.

    Returns
    -------
    str
        "inside", "outside" or "too close to call".

    Examples
    --------
    >>> call_for(0.95), call_for(0.5), call_for(0.02)
    ('inside', 'too close to call', 'outside')
    >>> call_for(1.0, n=10), call_for(1.0, n=2000)
    ('too close to call', 'inside')
    """
    lo, hi = (p, p) if not n else _wilson(p, n)
    if lo >= inside_threshold:
        return "inside"
    if hi <= outside_threshold:
        return "outside"
    return "too close to call"


def _wilson(p: float, n: int, z: float = 1.959964) -> tuple[float, float]:
    # Wilson score interval: sound at p = 0 or 1, where the normal one collapses to a point.
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, eq=False)
class ImpactEstimate:
    """Where a missile landed and how likely that is to be inside the target's EEZ.

    ``result`` is the :class:`~geo.classify.PointResult` of the nominal landing point;
    ``samples_lat``/``samples_lon`` the Monte Carlo points (None when there is no uncertainty);
    ``call`` is "inside", "outside" or "too close to call"; ``uncertainty`` says in words what
    was drawn (each spread and where it came from).
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
        names = (
            "landing_lat", "landing_lon", "p_in_target_eez", "p_stderr", "call", "description", "description_ja",
            "n_samples", "seed", "inside_threshold", "outside_threshold", "uncertainty", "launch_name", "launch_lat",
            "launch_lon", "bearing_deg", "range_km", "input_text",
        )
        d.update({k: getattr(self, k) for k in names})
        d.update({k: d[k] or None for k in ("description_ja", "uncertainty")})  # not given: null, never ""
        if self.reported is not None:
            d["reported"] = self.reported.to_dict()
        if self.track is not None:
            d.update(self.track.to_dict())
        return d

    def _repr_html_(self) -> str:
        """A notebook shows the estimate as a small table (every text escaped)."""
        from geo.reports.display import impact_html  # lazy: display imports modules built on this one

        return impact_html(self)

    def summary(self) -> str:
        """The human summary ``eezcheck impact`` prints."""
        lines = [f"Landing point: {format_latlon(self.landing_lat, self.landing_lon, 4)} — {self.description} ({self.description_ja})"]
        if self.launch_lat is not None:
            at = format_latlon(self.launch_lat, self.launch_lon, 2)
            lines.append(f"  launch: {self.launch_name} ({at})" if self.launch_name else f"  launch: {at}")
        if self.uncertainty:
            lines.append(f"  uncertainty: {self.uncertainty}")
        if self.n_samples:
            value, note = probability_text(self.p_in_target_eez, self.p_stderr, self.n_samples)
            lines.append(
                f"  P(in {possessive(self.target)} EEZ) {value} "
                f"(Monte Carlo, n = {self.n_samples:,}, seed {self.seed}{'; ' + note if note else ''}) → {self.call}"
            )
        else:
            lines.append(f"  no uncertainty given → plain verdict: {self.call}")
        if self.track is not None:
            lines.append("  " + self.track.summary())
        lines.append(self.result.summary())
        return "\n".join(lines)


def estimate_impact(
    text: str | None = None, *, lat=None, lon=None, launch=None, bearing=None, range_km=None,
    range_sd_km: float | None = None, bearing_sd_deg: float | None = None, position_sd_km: float = 0.0,
    reported: ReportedLocation | None = None, samples: int = DEFAULT_SAMPLES, seed: int | None = 0, target: str = "JPN",
    zones=None, inside_threshold: float = 0.9, outside_threshold: float = 0.1, track: bool = True,
) -> ImpactEstimate:
    """Estimate a landing point and ``p_in_target_eez`` from what is reported.

    Parameters
    ----------
    text : str, optional
        A statement read by :func:`geo.reports.phrases.parse_report` ("about 250 km west of
        Okushiri Island", "奥尻島の西約250km").
    lat, lon : float, optional
        A bare point: the plain verdict (p = 1 or 0, no samples) unless ``position_sd_km`` > 0.
    launch : str, Place or (lat, lon), optional
        Gazetteer name, "LAT,LON" or (lat, lon): the origin of ``bearing`` + ``range_km``; with
        ``text``, the ground track's start (else a launch site the text names).
    bearing, range_km : optional
        With ``launch``: read by :func:`~geo.reports.bearings.parse_bearing` ("E", 90, "60-120",
        "E±30") and :func:`~geo.reports.distances.parse_distance` (700, "about 700", "450-700").
        A bare number has a default spread, stated in ``uncertainty``.
    range_sd_km, bearing_sd_deg : float, optional
        Given σ: replaces the σ a distance's wording implies; replaces a bare bearing's default
        spread, adds to a compass word's or sector's. 0 = exact. None = not given.
    position_sd_km : float
        With ``lat``/``lon``: a circular Normal position error, σ per axis.
    reported : ReportedLocation, optional
        A ready reported position.
    samples : int
        Monte Carlo samples, 1 … :data:`~geo.reports.sampler.MAX_SAMPLES`.
    seed : int or None
        ``numpy.random.default_rng`` seed, ≥ 0 (same seed, same answer).
    target, zones
        As for :func:`geo.classify.check_point`.
    inside_threshold, outside_threshold : float
        Thresholds of :func:`call_for`.
    track : bool
        Also the ground track from the launch point, if there is one.

    Returns
    -------
    ImpactEstimate

    Examples
    --------
    >>> e = estimate_impact("about 210 km west of Oshima-Oshima", samples=2000)
    >>> e.call, e.n_samples
    ('inside', 2000)
    """
    if not (0.0 <= outside_threshold < inside_threshold <= 1.0):
        raise InputError(f"thresholds must satisfy 0 ≤ outside ({outside_threshold}) < inside ({inside_threshold}) ≤ 1")
    samples, seed, target = check_samples(samples), check_seed(seed), check_target(target)
    position_sd_km = check_sd(position_sd_km, "position_sd_km") or 0.0
    zone_index = load_index(zones)  # resolve once, and fail early on missing data
    loc = _reported_location(text, reported, lat, lon, launch, bearing, range_km, range_sd_km, bearing_sd_deg, position_sd_km)
    result = check_point(lat=lat if loc is None else loc.lat, lon=lon if loc is None else loc.lon, target=target, zones=zones)
    s_lat, s_lon, rule = _draw(loc, result, position_sd_km, samples, seed)
    p, stderr, call = _verdict(result, s_lat, s_lon, zones, inside_threshold, outside_threshold)
    start = _launch_of(launch, loc)
    gt = None
    if track and start is not None:
        gt = ground_track(launch_lat=start.lat, launch_lon=start.lon, landing_lat=result.lat, landing_lon=result.lon, target=target, zones=zones)
    desc = describe_point(lat=result.lat, lon=result.lon)
    n = 0 if s_lat is None else samples
    return ImpactEstimate(
        launch_lat=None if start is None else float(start.lat), launch_lon=None if start is None else float(start.lon),
        launch_name=None if start is None or start.source == _GIVEN else start.name_en,
        landing_lat=float(result.lat), landing_lon=float(result.lon), samples_lat=s_lat, samples_lon=s_lon,
        p_in_target_eez=p, p_stderr=stderr, call=call, description=desc.en, description_ja=desc.ja,
        target=result.target, result=result, data_source=zone_index.source_label, n_samples=n, seed=seed if n else None,
        inside_threshold=inside_threshold, outside_threshold=outside_threshold, uncertainty=rule, reported=loc,
        bearing_deg=None if loc is None else loc.bearing_deg, range_km=None if loc is None else loc.range_km,
        track=gt, input_text=text,
    )


def _verdict(result, s_lat, s_lon, zones, inside_threshold, outside_threshold) -> tuple[float, float, str]:
    """(p, its standard error, call): from the samples in one vectorised call, else the plain verdict."""
    if s_lat is None:
        return float(result.in_target_eez), 0.0, "inside" if result.in_target_eez else "outside"
    p, stderr = hit_fraction(in_target_eez(lat=s_lat, lon=s_lon, zones=zones, target=result.target))
    return p, stderr, call_for(p, inside_threshold=inside_threshold, outside_threshold=outside_threshold, n=len(s_lat))


# A launch point given as coordinates, not a gazetteer name (its Place's ``source``).
_GIVEN = "given coordinates"


def _launch_place(launch) -> Place:
    """A gazetteer name, a Place, "LAT,LON" or (lat, lon) → the launch point (radius 0)."""
    name = launch
    if isinstance(launch, Place):
        return replace(launch, radius_km=0.0)
    if isinstance(launch, str):
        parts = launch.replace(" ", "").split(",")
        try:
            launch = (float(parts[0]), float(parts[1])) if len(parts) == 2 else None
        except ValueError:
            launch = None
        if launch is None:
            return replace(find_place(name), radius_km=0.0)
    if not (isinstance(launch, (tuple, list)) and len(launch) == 2):
        raise InputError(f"launch = {launch!r}: give a place name (e.g. Sunan), 'LAT,LON' or (lat, lon)")
    lon_v, lat_v, _ = coordinates([launch[1]], [launch[0]])  # a clear error for a bad launch point
    return Place(
        id="launch", name_en=f"{lat_v[0]:.4f},{lon_v[0]:.4f}", name_ja="", aliases=(), kind="launch_site",
        country="", lat=float(lat_v[0]), lon=float(lon_v[0]), radius_km=0.0, source=_GIVEN,
    )


def _launch_of(launch, loc: ReportedLocation | None) -> Place | None:
    """Where the ground track starts: the launch given, else a foreign launch site the text names."""
    if launch is not None:
        return _launch_place(launch)
    if loc is not None and loc.place.kind == "launch_site" and loc.place.country != "JPN":
        return loc.place
    return None


def _reported_location(text, reported, lat, lon, launch, bearing, range_km, range_sd_km, bearing_sd_deg, position_sd_km):
    """The reported position (None for a bare point), after checking one form was given."""
    given = [text is not None, reported is not None, lat is not None or lon is not None, bearing is not None or range_km is not None]
    if sum(given) != 1:
        raise InputError(
            "give exactly one of: text='about 250 km west of Okushiri Island', launch= + bearing= + range_km=, "
            "lat= + lon=, or reported="
        )
    if position_sd_km and (lat is None or lon is None):
        raise InputError("position_sd_km goes with a bare point (lat= and lon=)")
    if text is not None:
        # references samples with landing_point, so it sits above this module: imported when used.
        from geo.reports.references import from_coast

        return from_coast(parse_report(text, bearing_sd_deg=bearing_sd_deg, range_sd_km=range_sd_km))
    if reported is not None:
        return reported
    if lat is not None or lon is not None:
        if lat is None or lon is None:
            raise InputError("a bare point needs both lat= and lon=")
        if range_sd_km is not None or bearing_sd_deg is not None:
            raise InputError("range_sd_km / bearing_sd_deg go with a bearing and range; a bare point takes position_sd_km")
        return None
    if launch is None or bearing is None or range_km is None:
        raise InputError("launch + bearing + range: give all three (e.g. launch='Sunan', bearing='E', range_km=700)")
    b = parse_bearing(bearing, sd_deg=bearing_sd_deg)
    d = parse_distance(range_km, sd_km=range_sd_km, field="range_km")
    return make_location(_launch_place(launch), b, d, origin_radius_km=0.0)


def _draw(loc, result, position_sd_km: float, samples: int, seed):
    """(samples_lat, samples_lon, the uncertainty in words); no samples without uncertainty."""
    if loc is not None and loc.has_uncertainty:
        s_lat, s_lon = loc.sample(samples, make_rng(seed))
        return s_lat, s_lon, loc.rule
    if position_sd_km > 0:
        s_lon, s_lat = normal_points(make_rng(seed), result.lon, result.lat, position_sd_km, samples)
        return s_lat, s_lon, f"circular position error, Normal σ {position_sd_km:g} km per axis"
    return None, None, "" if loc is None else loc.rule
