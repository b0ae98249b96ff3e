"""Reading reported positions: compass bearings and statements such as
"about 250 km west of Okushiri Island" or "奥尻島の西約250km".

How the wording becomes an uncertainty
======================================

An official statement gives a reference place, a compass direction and a distance, each
rounded. :func:`parse_report` turns it into a :class:`ReportedLocation`: a nominal point plus
three independent error sources, sampled by :meth:`ReportedLocation.sample`:

1. **Distance.** A single value *D* ("about 250 km", "約250km", "250 kilometers") is read as
   Normal(*D*, σ) with σ = max(5 % of *D*, *u*/2) when hedged ("about", "approximately",
   "around", "some", "roughly", 約, およそ …) and σ = max(2 % of *D*, *u*/2) when bare. *u* is
   the rounding unit the number shows: 100 km for multiples of 100 from 2,000 km up (the
   Ministry of Defense says "約3200km"), 10 km from 100 km up ("約210km", "約1180km"), 5 km for
   multiples of 5 below that, else 1 km. A range "*A*–*B*" ("200–250 km", "約200～250km") is
   Uniform(*A*, *B*) plus the same Normal noise (computed for the midpoint), so its edges are
   soft. Nautical miles (nautical miles, NM, nmi, 海里, カイリ) are × 1.852 km exactly; miles
   (statute) × 1.609344 km.
2. **Direction.** Japanese statements use the 16-point compass, so a compass word means its
   sector: Uniform(bearing ± 11.25°), σ = 22.5°/√12 ≈ 6.5°. This holds for 4- and 8-point
   words too ("west", 西, 西方): the Ministry would have said 西北西 if it meant that. Degrees
   ("275°") are taken as exact unless a spread is given.
3. **Reference place.** The distance may be measured from anywhere on the feature, so the
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
from geo.reports.places import Place, close_matches_hint, lookup_place, normalize_name

__all__ = [
    "COMPASS_16",
    "SECTOR_HALF_WIDTH",
    "Bearing",
    "ReportedLocation",
    "parse_bearing",
    "compass_point",
    "parse_report",
    "rounding_unit",
    "range_sigma",
    "KM_PER_UNIT",
]

#: The 16 compass points: (abbreviation, English words, Japanese), clockwise from north.
COMPASS_16 = (
    ("N", "north", "北"),
    ("NNE", "north-northeast", "北北東"),
    ("NE", "northeast", "北東"),
    ("ENE", "east-northeast", "東北東"),
    ("E", "east", "東"),
    ("ESE", "east-southeast", "東南東"),
    ("SE", "southeast", "南東"),
    ("SSE", "south-southeast", "南南東"),
    ("S", "south", "南"),
    ("SSW", "south-southwest", "南南西"),
    ("SW", "southwest", "南西"),
    ("WSW", "west-southwest", "西南西"),
    ("W", "west", "西"),
    ("WNW", "west-northwest", "西北西"),
    ("NW", "northwest", "北西"),
    ("NNW", "north-northwest", "北北西"),
)
#: Half the width of a 16-point compass sector, in degrees.
SECTOR_HALF_WIDTH = 360.0 / 16 / 2

KM_PER_UNIT = {"km": 1.0, "nmi": 1.852, "mi": 1.609344}

_COMPASS: dict[str, float] = {}
for _i, (_abbr, _words, _ja) in enumerate(COMPASS_16):
    for _name in (_abbr, _words, _ja):
        _COMPASS[_name.casefold().replace("-", "").replace(" ", "")] = _i * 22.5
# Japanese also says 東北 for 北東 etc. (two-character forms only; 東北東 stays ENE).
_COMPASS.update({"東北": 45.0, "東南": 135.0, "西南": 225.0, "西北": 315.0})


@dataclass(frozen=True)
class Bearing:
    """A bearing in degrees clockwise from north, [0, 360), and the half-width of its sector
    (11.25° for a 16-point compass word, 0 for a number)."""

    degrees: float
    halfwidth_deg: float = 0.0
    text: str = ""

    @property
    def sigma_deg(self) -> float:
        """Standard deviation of Uniform(± halfwidth)."""
        return 2 * self.halfwidth_deg / math.sqrt(12)


def _compass_key(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip().casefold()
    s = re.sub(r"[\s\-‐–—_]", "", s)
    # "westward(s)", "westerly", 西方, 西方向, 西側 all mean the same direction.
    s = re.sub(r"(?:wards?|erly|方向|方|側)$", "", s)
    return s


def parse_bearing(value, *, field: str = "bearing") -> Bearing:
    """Degrees (a number, "275", "275°", "275 deg") or a compass word (16-point English words
    or abbreviations — "WNW", "west-northwest", "northeast" — or Japanese 北, 北北東, 西方 …).

    Compass words cover their 16-point sector (± 11.25°); numbers are exact.
    """
    if isinstance(value, Bearing):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        deg = float(value)
        if not math.isfinite(deg):
            raise InputError(f"{field} = {value!r} is not a finite number of degrees")
        return Bearing(deg % 360.0, 0.0, str(value))
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{field} = {value!r}: give degrees clockwise from north (e.g. 275) or a compass point (e.g. WNW, 西北西)")
    text = unicodedata.normalize("NFKC", value).strip()
    m = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)\s*(?:°|deg|degrees?|度)?", text, flags=re.I)
    if m:
        return parse_bearing(float(m.group(1)), field=field)
    key = _compass_key(text)
    if key in _COMPASS:
        return Bearing(_COMPASS[key], SECTOR_HALF_WIDTH, value.strip())
    raise InputError(
        f"{field} = {value!r} is not understood: give degrees clockwise from north (e.g. 275) or a "
        "16-point compass direction (N, NNE, NE, ENE, E … WNW, NW, NNW; 'west-northwest'; 北, 北北東 … 西北西)"
    )


def compass_point(degrees: float, *, style: str = "words") -> str:
    """The 16-point compass name of a bearing: style "words" ("west-northwest"), "abbr"
    ("WNW") or "ja" (西北西)."""
    i = int(math.floor((float(degrees) % 360.0) / 22.5 + 0.5)) % 16
    col = {"abbr": 0, "words": 1, "ja": 2}[style]
    return COMPASS_16[i][col]


# ---------------------------------------------------------------------------------- ranges


def rounding_unit(value: float) -> float:
    """The rounding a reported distance shows (see the module docstring)."""
    v = abs(float(value))
    if v >= 2000 and v % 100 == 0:
        return 100.0
    if v >= 100:
        return 10.0
    if v % 5 == 0 and v > 0:
        return 5.0
    return 1.0


def range_sigma(values: tuple[float, ...], *, hedged: bool) -> float:
    """σ of the Normal noise on a reported distance (same unit as ``values``)."""
    mid = sum(values) / len(values)
    unit = max(rounding_unit(v) for v in values)
    return max((0.05 if hedged else 0.02) * mid, unit / 2)


# ------------------------------------------------------------------------------- locations


@dataclass(frozen=True)
class ReportedLocation:
    """A position as reported: ``range_*`` km from ``place`` towards ``bearing_deg``.

    The distance is Uniform(range_low_km, range_high_km) + Normal(0, range_sd_km), the bearing
    Uniform(± bearing_halfwidth_deg) + Normal(0, bearing_sd_deg), and the origin Uniform over a
    disc of ``origin_radius_km`` around the place. ``lat``/``lon`` is the nominal point.
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

    @property
    def range_sigma_km(self) -> float:
        """Total standard deviation of the distance."""
        return math.hypot((self.range_high_km - self.range_low_km) / math.sqrt(12), self.range_sd_km)

    @property
    def bearing_sigma_deg(self) -> float:
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
        """``n`` landing points drawn from the stated uncertainty: (lat, lon) arrays."""
        from geo.geodesy import GEOD

        n = int(n)
        lon0 = np.full(n, self.place.lon)
        lat0 = np.full(n, self.place.lat)
        if self.origin_radius_km > 0:
            # Uniform over the disc: radius ∝ sqrt(U).
            az0 = rng.uniform(0.0, 360.0, n)
            d0 = self.origin_radius_km * 1000.0 * np.sqrt(rng.uniform(0.0, 1.0, n))
            lon0, lat0 = disc_offset(self.place.lon, self.place.lat, az0, d0)
        rng_km = rng.uniform(self.range_low_km, self.range_high_km, n) if self.range_high_km > self.range_low_km else np.full(n, self.range_km)
        if self.range_sd_km > 0:
            rng_km = rng_km + rng.normal(0.0, self.range_sd_km, n)
        rng_km = np.maximum(rng_km, 0.0)
        az = self.bearing_deg + (
            rng.uniform(-self.bearing_halfwidth_deg, self.bearing_halfwidth_deg, n) if self.bearing_halfwidth_deg > 0 else 0.0
        )
        if self.bearing_sd_deg > 0:
            az = az + rng.normal(0.0, self.bearing_sd_deg, n)
        lon, lat, _ = GEOD.fwd(lon0, lat0, np.broadcast_to(az, (n,)), rng_km * 1000.0)
        lon = (np.asarray(lon) + 180.0) % 360.0 - 180.0
        return np.asarray(lat), lon

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "place": self.place.name_en,
            "place_ja": self.place.name_ja,
            "place_lat": self.place.lat,
            "place_lon": self.place.lon,
            "bearing_deg": self.bearing_deg,
            "bearing_halfwidth_deg": self.bearing_halfwidth_deg,
            "bearing_sd_deg": self.bearing_sd_deg,
            "range_km": self.range_km,
            "range_low_km": self.range_low_km,
            "range_high_km": self.range_high_km,
            "range_sd_km": self.range_sd_km,
            "origin_radius_km": self.origin_radius_km,
            "lat": self.lat,
            "lon": self.lon,
            "uncertainty_rule": self.rule,
        }


_A = 6378137.0
_E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563)
_R_MEAN = 6371008.8


def disc_offset(lon0: float, lat0: float, azimuth_deg, distance_m):
    """Points ``distance_m`` from (lon0, lat0) along ``azimuth_deg`` in the local tangent plane
    (meridional and prime-vertical radii of curvature at lat0) — the cheap stand-in for
    ``Geod.fwd`` used to spread the origin over a reference feature's disc.

    Error bound: the position differs from ``Geod.fwd``'s by less than d²·(1 + |tan φ|)/(2R)
    (R = 6,371 km): 12 m for a 12 km disc at 43°N, 0.3 km at 60 km, 5.3 km at 250 km (2 % of a
    disc whose own size is only a rough "feature size"); ``tests/test_landing.py`` checks it
    against Geod.fwd. Half the cost of a second ``Geod.fwd`` call per sample.
    """
    phi = math.radians(lat0)
    s = math.sin(phi)
    m_radius = _A * (1 - _E2) / (1 - _E2 * s * s) ** 1.5
    n_radius = _A / math.sqrt(1 - _E2 * s * s)
    az = np.radians(azimuth_deg)
    d = np.asarray(distance_m, dtype=float)
    lat = lat0 + np.degrees(d * np.cos(az) / m_radius)
    lon = lon0 + np.degrees(d * np.sin(az) / (n_radius * max(math.cos(phi), 1e-12)))
    return lon, lat


def disc_offset_error_bound(lat0: float, distance_m):
    """The stated bound (metres) of :func:`disc_offset`'s error at ``distance_m``."""
    return np.asarray(distance_m, dtype=float) ** 2 * (1 + abs(math.tan(math.radians(lat0)))) / (2 * _R_MEAN)


def make_location(
    place: Place,
    bearing: Bearing,
    low_km: float,
    high_km: float,
    range_sd_km: float,
    *,
    text: str = "",
    bearing_sd_deg: float = 0.0,
    origin_radius_km: float | None = None,
    hedged: bool = True,
    unit: str = "km",
    range_words: str = "",
) -> ReportedLocation:
    """Build a :class:`ReportedLocation` (nominal point by ``Geod.fwd``) and its rule text."""
    from geo.geodesy import GEOD

    mid = (low_km + high_km) / 2
    lon, lat, _ = GEOD.fwd(place.lon, place.lat, bearing.degrees, mid * 1000.0)
    lon = (lon + 180.0) % 360.0 - 180.0
    radius = place.radius_km if origin_radius_km is None else origin_radius_km
    parts = []
    if high_km > low_km:
        parts.append(f"distance {range_words or f'{low_km:g}–{high_km:g} km'} → Uniform({low_km:g}, {high_km:g}) km")
    else:
        parts.append(f"distance {range_words or f'{mid:g} km'} → {mid:g} km")
    if range_sd_km > 0:
        parts[-1] += f" + Normal σ {range_sd_km:.3g} km"
    if bearing.halfwidth_deg > 0:
        parts.append(
            f"direction '{bearing.text}' → Uniform({bearing.degrees - bearing.halfwidth_deg:g}°, "
            f"{bearing.degrees + bearing.halfwidth_deg:g}°) (16-point sector)"
        )
    else:
        parts.append(f"direction {bearing.degrees:g}°")
    if bearing_sd_deg > 0:
        parts[-1] += f" + Normal σ {bearing_sd_deg:g}°"
    if radius > 0:
        parts.append(f"measured from anywhere within {radius:g} km of {place.name_en} (feature size)")
    return ReportedLocation(
        text=text,
        place=place,
        bearing_deg=bearing.degrees,
        bearing_halfwidth_deg=bearing.halfwidth_deg,
        range_km=mid,
        range_low_km=low_km,
        range_high_km=high_km,
        range_sd_km=range_sd_km,
        origin_radius_km=radius,
        lat=float(lat),
        lon=float(lon),
        rule="; ".join(parts),
        bearing_sd_deg=bearing_sd_deg,
        hedged=hedged,
        unit=unit,
    )


# ----------------------------------------------------------------------------- the reader

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_HEDGE_EN = r"about|approximately|approx\.?|around|roughly|some|nearly|almost|an\s+estimated|estimated|circa|ca\.|c\.|~|≈"
_UNIT_EN = (
    r"km|kms|kilomet(?:er|re)s?|nautical\s+miles?|nmi|nm|n\.\s?m\.|statute\s+miles?|miles?|mi"
)
_SEP = r"\s*(?:-|–|—|~|〜|to|and)\s*"
_EN = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_EN})\s*)?(?P<a>{_NUM})\s*(?:(?P<unit1>{_UNIT_EN})\b)?"
    rf"(?:{_SEP}(?:(?:{_HEDGE_EN})\s*)?(?P<b>{_NUM}))?\s*(?P<unit>{_UNIT_EN})\b\.?"
    rf"\s+(?:to\s+the\s+)?(?P<dir>[a-z][a-z\-\s]*?)\s+(?:of|from|off)\s+(?P<place>.+)",
    re.I,
)
_HEDGE_JA = r"約|およそ|凡そ|概ね|おおむね|おおよそ|ほぼ|推定"
_UNIT_JA = r"km|キロメートル|キロ|海里|カイリ|浬|nm|マイル"
_JA = re.compile(
    rf"(?P<place>[^\s、。,]+?)(?:沖|付近|周辺)?(?:の|から)?(?P<dir>[北南東西]{{1,3}})(?:方向|方|側)?(?:に|へ)?(?:の)?[、,]?\s*"
    rf"(?:(?P<hedge>{_HEDGE_JA})\s*)?(?P<a>{_NUM})\s*(?:(?P<unit1>{_UNIT_JA}))?"
    rf"(?:\s*(?:~|〜|-|–|から)\s*(?:{_HEDGE_JA})?\s*(?P<b>{_NUM}))?\s*(?P<unit>{_UNIT_JA})"
)
_JA_HINT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_PREFECTURE = re.compile(r"^(?:北海道|東京都|京都府|大阪府|[^\s・の]{2,3}県)・?")


def _unit_key(unit: str) -> str:
    u = re.sub(r"[\s.]", "", unit.casefold())
    if u.startswith("nautical") or u in ("nmi", "nm", "海里", "カイリ", "浬"):
        return "nmi"
    if u.startswith("statute") or u.startswith("mile") or u in ("mi", "マイル"):
        return "mi"
    return "km"


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def parse_report(text: str, *, bearing_sd_deg: float = 0.0) -> ReportedLocation:
    """Read a reported position (English or Japanese) into a :class:`ReportedLocation`.

    Understood: "[about|approximately|some …] D [km|kilometers|nautical miles|NM] DIRECTION of
    PLACE" with D a number or a range "A–B" / "A to B", and Japanese "PLACEの[DIRECTION][方|側]
    [約|およそ]D[km|キロ|海里]" (also "PLACE DIRECTION方約D km", "A～B km"). Leading words ("The
    missile fell …") and trailing words (", inside Japan's EEZ", "の我が国の排他的経済水域内")
    are ignored. Raises :class:`InputError` naming the part not understood.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"position text = {text!r} is empty; write e.g. 'about 250 km west of Okushiri Island' or '奥尻島の西約250km'")
    norm = unicodedata.normalize("NFKC", text).strip()
    for neg in re.finditer(rf"[-−]\s*(?:{_NUM})", norm):
        # "about -200 km": a distance cannot be negative; refuse rather than drop the sign
        # (a minus after a number is a range, "200 - 250 km").
        if not re.search(r"\d\s*$", norm[: neg.start()]):
            raise InputError(f"position text = {text!r}: the distance {neg.group(0)!r} is negative; give it as a positive number of km")
    if _JA_HINT.search(norm):
        m = _JA.search(norm)
        if m is not None:
            return _from_match(text, m, _resolve_ja(m.group("place"), text), bearing_sd_deg)
    m = _EN.search(norm)
    if m is not None:
        return _from_match(text, m, _resolve_en(m.group("place"), text), bearing_sd_deg)
    raise InputError(_what_is_missing(text, norm))


def _what_is_missing(text: str, norm: str) -> str:
    head = f"cannot read the position {text!r}: "
    example = " Write e.g. 'about 250 km west of Okushiri Island' or '奥尻島の西約250km'."
    has_num = re.search(_NUM, norm)
    if not has_num:
        return head + "no distance (a number such as 'about 250 km' or '約250km') found." + example
    if not re.search(rf"({_NUM})\s*({_UNIT_EN}|{_UNIT_JA})\b", norm, re.I) and not re.search(rf"({_NUM})\s*({_UNIT_JA})", norm):
        return head + f"the distance {has_num.group(0)!r} has no unit (km, kilometers, nautical miles, キロ, 海里)." + example
    # A distance is there: the direction or the 'of PLACE' part is missing or not understood.
    m = re.search(rf"(?:{_UNIT_EN})\b\.?\s+(?:to\s+the\s+)?(?P<dir>[a-z][a-z\-\s]*?)\s+(?:of|from|off)\b", norm, re.I)
    if m:
        return head + f"{m.group('dir')!r} is not a compass direction (N, NNE, … WNW, NW; 'west-northwest')." + example
    if _JA_HINT.search(norm):
        return head + "no 'PLACEの方角' before the distance (e.g. 奥尻島の西約250km; 方角 = 北, 北北東 … 西北西)." + example
    return head + "no 'DIRECTION of PLACE' after the distance (e.g. '… km west of Okushiri Island')." + example


def _from_match(text, m, place: Place, bearing_sd_deg: float) -> ReportedLocation:
    direction = m.group("dir").strip()
    try:
        bearing = parse_bearing(direction, field="direction")
    except InputError:
        raise InputError(
            f"cannot read the position {text!r}: {direction!r} is not a compass direction "
            "(N, NNE, … WNW, NW; 'west-northwest'; 北, 北北東 … 西北西)"
        ) from None
    unit = _unit_key(m.group("unit"))
    k = KM_PER_UNIT[unit]
    a = _number(m.group("a"))
    b = _number(m.group("b")) if m.group("b") else a
    if m.group("unit1") and _unit_key(m.group("unit1")) != unit:
        raise InputError(f"cannot read the position {text!r}: the range mixes units ({m.group('unit1')} and {m.group('unit')})")
    lo, hi = sorted((a, b))
    if hi <= 0:
        raise InputError(f"cannot read the position {text!r}: the distance must be positive")
    hedged = bool(m.group("hedge"))
    values = (lo, hi) if hi > lo else (lo,)
    sd = range_sigma(values, hedged=hedged) * k
    unit_word = {"km": "km", "nmi": "NM", "mi": "mi"}[unit]
    words = ("about " if hedged else "") + (f"{lo:g}–{hi:g} {unit_word}" if hi > lo else f"{lo:g} {unit_word}")
    if unit != "km":
        words += f" (= {lo * k:g}" + (f"–{hi * k:g}" if hi > lo else "") + " km)"
    return make_location(
        place,
        Bearing(bearing.degrees, bearing.halfwidth_deg, direction),
        lo * k,
        hi * k,
        sd,
        text=text,
        bearing_sd_deg=bearing_sd_deg,
        hedged=hedged,
        unit=unit,
        range_words=words,
    )


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
