"""Reading reported positions: statements such as "about 250 km west of Okushiri Island" or
"奥尻島の西約250km".

How the wording becomes an uncertainty
======================================

An official statement gives a reference place, a compass direction and a distance, each
rounded. :func:`parse_report` turns it into a :class:`ReportedLocation`: a nominal point plus
three independent error sources, drawn by :meth:`ReportedLocation.sample` (through
:mod:`geo.reports.sampler`):

1. **Distance** — read by :func:`geo.reports.distances.parse_distance`, the same reader as
   ``--range``, under the wording model checked on past statements (:mod:`geo.reports.wording`):
   a value shows its rounding step ("約250km": 50 km), so Uniform(*D* ± step/2), plus Normal
   noise of 3 % of *D* when hedged (約, about …), 1 % when bare; "A–B" is Uniform(*A*, *B*) plus
   that noise; nautical miles are × 1.852 km exactly.
2. **Direction** — read by :func:`geo.reports.bearings.parse_bearing`, the same reader as
   ``--bearing``: a 16-point-only word (西北西, ENE) means its sector, Uniform(± 11.25°); an
   8-point word (西, west, 北西) may come from an 8-point compass, Uniform(± 22.5°) — the same
   wording "about 200 km west of Oshima-Oshima" was used for a landing inside Japan's EEZ and
   one outside.
3. **Reference place** — the distance may be measured from anywhere on the feature, so the
   origin is Uniform over a disc of the place's ``radius_km`` (gazetteer) around its listed
   point: 12 km for Okushiri Island, 1 km for Cape Erimo, 50 km for the Oshima Peninsula.

The nominal point is the listed point of the place, moved along the nominal bearing by the
nominal (mid) distance on WGS84 (``pyproj.Geod.fwd``). The bearing is the forward azimuth at
the reference place ("west of X" = 270° as seen from X).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from geo.errors import InputError
from geo.geodesy import GEOD, wrap_lon
# COMPASS_16 … rounding_step are public here too, as before bearings and distances had modules.
from geo.reports.bearings import COMPASS_16, SECTOR_HALF_WIDTH, Bearing, compass_point, parse_bearing
from geo.reports.distances import KM_PER_UNIT, UNIT_PATTERN, Distance, distance_pattern, parse_distance, rounding_step
from geo.reports.numerals import NUMBER_PATTERN
from geo.reports.places import Place, close_matches_hint, lookup_place, normalize_name
from geo.reports.sampler import Spread, landing_points

__all__ = [
    "ReportedLocation",
    "make_location",
    "parse_report",
    "COMPASS_16",
    "SECTOR_HALF_WIDTH",
    "KM_PER_UNIT",
    "Bearing",
    "parse_bearing",
    "compass_point",
    "rounding_step",
]


# ------------------------------------------------------------------------------- locations


@dataclass(frozen=True)
class ReportedLocation:
    """A position as reported: ``range_*`` km from ``place`` towards ``bearing_deg``.

    The distance is Uniform(range_low_km, range_high_km) + Normal(0, range_sd_km), the bearing
    Uniform(± bearing_halfwidth_deg) + Normal(0, bearing_sd_deg), and the origin Uniform over a
    disc of ``origin_radius_km`` around the place. ``lat``/``lon`` is the nominal point;
    ``rule`` the uncertainty in words; ``bearing_spread``/``range_spread`` where each spread
    came from (a compass sector, a bare number's default, a hedge, a given σ …).
    """

    text: str
    place: Place
    bearing_deg: float
    bearing_halfwidth_deg: float
    range_km: float
    range_low_km: float
    range_high_km: float
    range_sd_km: float
    origin_radius_km: float
    lat: float
    lon: float
    rule: str
    bearing_sd_deg: float = 0.0
    hedged: bool = True
    unit: str = "km"
    bearing_spread: str = ""
    range_spread: str = ""

    @property
    def range_sigma_km(self) -> float:
        """Total standard deviation of the distance."""
        return math.hypot((self.range_high_km - self.range_low_km) / math.sqrt(12), self.range_sd_km)

    @property
    def bearing_sigma_deg(self) -> float:
        """Total standard deviation of the bearing."""
        return math.hypot(2 * self.bearing_halfwidth_deg / math.sqrt(12), self.bearing_sd_deg)

    @property
    def has_uncertainty(self) -> bool:
        return (
            self.range_high_km > self.range_low_km
            or self.range_sd_km > 0
            or self.bearing_halfwidth_deg > 0
            or self.bearing_sd_deg > 0
            or self.origin_radius_km > 0
        )

    def sample(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """``n`` landing points drawn from the stated uncertainty (:func:`geo.reports.sampler.landing_points`).

        Parameters
        ----------
        n : int
        rng : numpy.random.Generator

        Returns
        -------
        lat, lon : numpy.ndarray
        """
        h = self.bearing_halfwidth_deg
        return landing_points(
            rng,
            n,
            lon0=self.place.lon,
            lat0=self.place.lat,
            origin_radius_km=self.origin_radius_km,
            range_km=Spread(self.range_low_km, self.range_high_km, self.range_sd_km),
            bearing_deg=Spread(self.bearing_deg - h, self.bearing_deg + h, self.bearing_sd_deg),
        )

    def to_dict(self) -> dict:
        # Text that was not given (no statement: a launch site, bearing and range) is null, never "".
        return {
            "text": self.text or None,
            "place": self.place.name_en,
            "place_ja": self.place.name_ja or None,
            "place_lat": self.place.lat,
            "place_lon": self.place.lon,
            "bearing_deg": self.bearing_deg,
            "bearing_halfwidth_deg": self.bearing_halfwidth_deg,
            "bearing_sd_deg": self.bearing_sd_deg,
            "bearing_spread": self.bearing_spread or None,
            "range_km": self.range_km,
            "range_low_km": self.range_low_km,
            "range_high_km": self.range_high_km,
            "range_sd_km": self.range_sd_km,
            "range_spread": self.range_spread or None,
            "origin_radius_km": self.origin_radius_km,
            "lat": self.lat,
            "lon": self.lon,
            "uncertainty_rule": self.rule,
        }


def make_location(place: Place, bearing: Bearing, distance: Distance, *, text: str = "", origin_radius_km: float | None = None) -> ReportedLocation:
    """A :class:`ReportedLocation`: the nominal point (``Geod.fwd``) and the rule in words.

    Parameters
    ----------
    place : Place
        The reference place (or launch point).
    bearing : Bearing
        From :func:`geo.reports.bearings.parse_bearing`.
    distance : Distance
        From :func:`geo.reports.distances.parse_distance`.
    text : str
        The statement it was read from, if any.
    origin_radius_km : float, optional
        How far from the listed point the distance may be measured (default: the place's
        ``radius_km``; 0 for a launch point).

    Returns
    -------
    ReportedLocation

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> loc = make_location(find_place("Sunan"), parse_bearing("E"), parse_distance("about 700"), origin_radius_km=0)
    >>> loc.rule.split(";")[1].strip()
    "direction 'E' → Uniform(67.5°, 112.5°) (8-point word)"
    """
    mid = distance.mid_km
    lon, lat, _ = GEOD.fwd(place.lon, place.lat, bearing.degrees, mid * 1000.0)
    radius = place.radius_km if origin_radius_km is None else origin_radius_km
    parts = [distance.rule(), bearing.rule()]
    if radius > 0:
        parts.append(f"measured from anywhere within {radius:g} km of {place.name_en} (feature size)")
    return ReportedLocation(
        text=text,
        place=place,
        bearing_deg=bearing.degrees,
        bearing_halfwidth_deg=bearing.halfwidth_deg,
        range_km=mid,
        range_low_km=distance.low_km,
        range_high_km=distance.high_km,
        range_sd_km=distance.sd_km,
        origin_radius_km=radius,
        lat=float(lat),
        lon=float(wrap_lon(lon)),
        rule="; ".join(parts),
        bearing_sd_deg=bearing.sd_deg,
        hedged=distance.hedged,
        unit=distance.unit,
        bearing_spread=bearing.spread + (f" + Normal σ {bearing.sd_deg:g}° (given)" if bearing.sd_deg > 0 else ""),
        range_spread=distance.spread,
    )


# ----------------------------------------------------------------------------- the reader

_DIST = distance_pattern(unit_required=True)
_EN = re.compile(
    rf"(?P<dist>{_DIST})\.?\s+(?:to\s+the\s+)?(?P<dir>[a-z][a-z\-\s]*?)\s+(?:of|from|off)\s+(?P<place>.+)",
    re.I,
)
_JA = re.compile(
    rf"(?P<place>[^\s、。,]+?)(?:沖|付近|周辺)?(?:の|から)?(?P<dir>[北南東西]{{1,3}})(?:方向|方|側)?(?:に|へ)?(?:の)?[、,]?\s*"
    rf"(?P<dist>{_DIST})",
    re.I,
)
_JA_HINT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_PREFECTURE = re.compile(r"^(?:北海道|東京都|京都府|大阪府|[^\s・の]{2,3}県)・?")
_DIRECTIONS = "(N, NNE, … WNW, NW; 'west-northwest'; 北, 北北東 … 西北西)"


def parse_report(text: str, *, bearing_sd_deg: float | None = None, range_sd_km: float | None = None) -> ReportedLocation:
    """Read a reported position (English or Japanese) into a :class:`ReportedLocation`.

    Understood: "[about|approximately|some …] D [km|kilometers|nautical miles|NM] DIRECTION of
    PLACE" with D a number or a range "A–B" / "A to B" / "D±h", and Japanese "PLACEの[DIRECTION]
    [方|側][約|约|およそ]D[km|キロ|海里]" (also "PLACE DIRECTION方約D km", "A～B km"). Leading
    words ("The missile fell …") and trailing words (", inside Japan's EEZ",
    "の我が国の排他的経済水域内") are ignored. What cannot be read right is refused, never half
    read: "1e3 km" is 1,000 km (not 3), "250.5.5 km" is not a number (not 5.5 km).

    Parameters
    ----------
    text : str
        The statement.
    bearing_sd_deg : float, optional
        A σ (degrees) to add to the direction's sector.
    range_sd_km : float, optional
        A σ (km) replacing the one the distance's wording implies (see
        :mod:`geo.reports.distances`).

    Returns
    -------
    ReportedLocation

    Raises
    ------
    InputError
        Naming the part not understood.

    Examples
    --------
    >>> r = parse_report("奥尻島の西約250km")
    >>> r.place.name_en, r.bearing_deg, r.range_km, (r.range_low_km, r.range_high_km), r.range_sd_km
    ('Okushiri Island', 270.0, 250.0, (225.0, 275.0), 7.5)
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"position text = {text!r} is empty; write e.g. 'about 250 km west of Okushiri Island' or '奥尻島の西約250km'")
    norm = unicodedata.normalize("NFKC", text).strip()
    for neg in re.finditer(rf"[-−]\s*(?:{NUMBER_PATTERN})", norm):
        # "about -200 km": a distance cannot be negative; refuse rather than drop the sign
        # (a minus after a number is a range, "200 - 250 km").
        if not re.search(r"\d\s*$", norm[: neg.start()]):
            raise InputError(f"position text = {text!r}: the distance {neg.group(0)!r} is negative; give it as a positive number of km")
    if _JA_HINT.search(norm):
        m = _JA.search(norm)
        if m is not None:
            return _from_match(text, m, _resolve_ja(m.group("place"), text), bearing_sd_deg, range_sd_km)
    m = _EN.search(norm)
    if m is not None:
        return _from_match(text, m, _resolve_en(m.group("place"), text), bearing_sd_deg, range_sd_km)
    raise InputError(_what_is_missing(text, norm))


def _what_is_missing(text: str, norm: str) -> str:
    head = f"cannot read the position {text!r}: "
    example = " Write e.g. 'about 250 km west of Okushiri Island' or '奥尻島の西約250km'."
    has_num = re.search(NUMBER_PATTERN, norm)
    if not has_num:
        return head + "no distance (a number such as 'about 250 km' or '約250km') found." + example
    if not re.search(rf"({NUMBER_PATTERN})\s*(?:{UNIT_PATTERN})(?![A-Za-z])", norm, re.I):
        return head + f"the distance {has_num.group(0)!r} has no unit (km, kilometers, nautical miles, キロ, 海里)." + example
    # A distance is there: the direction or the 'of PLACE' part is missing or not understood.
    m = re.search(rf"(?:{UNIT_PATTERN})\b\.?\s+(?:to\s+the\s+)?(?P<dir>[a-z][a-z\-\s]*?)\s+(?:of|from|off)\b", norm, re.I)
    if m:
        return head + f"{m.group('dir')!r} is not a compass direction {_DIRECTIONS}." + example
    if _JA_HINT.search(norm):
        return head + "no 'PLACEの方角' before the distance (e.g. 奥尻島の西約250km; 方角 = 北, 北北東 … 西北西)." + example
    return (head + "no 'DIRECTION of PLACE' after the distance (e.g. '… km west of Okushiri Island')." + example
            + " A distance with no direction ('about 300 km from the Oga Peninsula', '… off Aomori Prefecture') or"
            " from two places is read by 'eezcheck report TEXT'.")


def _from_match(text, m, place: Place, bearing_sd_deg, range_sd_km) -> ReportedLocation:
    direction = m.group("dir").strip()
    try:
        bearing = parse_bearing(direction, sd_deg=bearing_sd_deg, field="direction")
    except InputError:
        raise InputError(f"cannot read the position {text!r}: {direction!r} is not a compass direction {_DIRECTIONS}") from None
    try:
        distance = parse_distance(m.group("dist"), sd_km=range_sd_km, field="distance")
    except InputError as exc:
        raise InputError(f"cannot read the position {text!r}: {exc}") from None
    if distance.high_km <= 0:
        raise InputError(f"cannot read the position {text!r}: the distance must be positive")
    return make_location(place, bearing, distance, text=text)


def _resolve_en(raw: str, text: str) -> Place:
    """The longest run of leading words of ``raw`` that names a place."""
    s = re.split(r"[,;()\[\]]|\.(?:\s|$)|\s+(?:in|inside|within|outside|on|at|and|into|near|—|-)\s+", raw.strip(), maxsplit=1)[0]
    s = re.sub(r"^(?:the)\s+", "", s.strip(), flags=re.I).rstrip(".")
    words = s.split()
    for n in range(len(words), 0, -1):
        cand = " ".join(words[:n])
        place = lookup_place(cand) or lookup_place(re.sub(r"^(?:the)\s+", "", cand, flags=re.I))
        if place is not None:
            return place
    raise InputError(f"cannot read the position {text!r}: unknown place {s!r}. {close_matches_hint(s)}")


def _resolve_ja(raw: str, text: str) -> Place:
    """The longest tail of ``raw`` that names a place (drops 北海道, 島根県隠岐諸島の … prefixes)."""
    s = re.sub(r"(?:沖|付近|周辺|海域)+$", "", raw.strip())
    for i in range(len(s)):
        cand = re.sub(r"(?:沖|付近|周辺)+$", "", s[i:])
        if cand and normalize_name(cand) and (place := lookup_place(cand)) is not None:
            return place
    tail = re.split(r"[の・]", s)[-1]
    tail = _PREFECTURE.sub("", tail) or tail
    raise InputError(f"cannot read the position {text!r}: unknown place {tail!r}. {close_matches_hint(tail)}")
