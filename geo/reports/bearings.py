"""Reported bearings: what their words say, and the spread those words imply.

One reader, :func:`parse_bearing`, used by the phrase reader (:mod:`geo.reports.phrases`), the
command line (``--bearing``) and the batch CSV reader (``bearing`` column), so the same words
always mean the same thing.

Bearings (degrees clockwise from north)
=======================================

* **A bare number** — ``90``, ``"92.5°"``, ``"90 deg"``, ``"90度"`` — in [0, 360] (360 is north).
  Its default spread is Uniform(± 5°) (:data:`BARE_BEARING_HALFWIDTH`): a reported heading is
  rarely better than that. A given σ (``bearing_sd_deg``, ``--bearing-sd``) *replaces* the
  default (σ = 0: exactly that bearing). Numbers outside [0, 360] are refused, not wrapped:
  −90 or 400 is more likely a slip than a convention worth guessing.
* **A compass word** — ``"ENE"``, ``"east-northeast"``, ``"東北東"``, ``"westward"``,
  ``"西方"`` — covers its sector: a 16-point word that is not also an 8-point one (ENE, 北北西 …)
  Uniform(± 11.25°); an 8-point word (west, NE, 西, 北西 …) may come from an 8-point compass,
  so Uniform(± 22.5°) (:data:`COARSE_HALF_WIDTH`; the wording model checked on past Japanese
  statements, :mod:`geo.reports.wording`). As a sector's end ("E to ENE") a word brings its
  16-point sector: the other end shows the 16-point resolution.
* **A sector** — ``"60-120"``, ``"350-10"`` (through north), ``"E to ENE"``, ``"東から東北東"``,
  ``"E–ENE"``: Uniform over the shorter arc between the two ends; an end given as a compass
  word brings its whole sector (``"E to ENE"`` = 56.25°–101.25°). Ends 180° apart are refused
  (which half is meant?).
* **Centre ± half-width** — ``"E±30"``, ``"E+-30"``, ``"90 ± 10°"``: Uniform(centre ± h); the
  stated h replaces a compass word's own sector.

A given σ adds Normal(0, σ) noise to a compass word, sector or ± (it replaces only a bare
number's default).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from geo.errors import InputError
from geo.reports.numerals import NUMBER_PATTERN, PLUS_MINUS_PATTERN, check_sd, read_number

__all__ = [
    "COMPASS_16",
    "SECTOR_HALF_WIDTH",
    "COARSE_HALF_WIDTH",
    "BARE_BEARING_HALFWIDTH",
    "Bearing",
    "parse_bearing",
    "check_degrees",
    "compass_point",
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
#: Half the width of an 8-point compass sector: what an 8-point word alone covers.
COARSE_HALF_WIDTH = 360.0 / 8 / 2
#: Default half-width (degrees) of a bearing given as a bare number.
BARE_BEARING_HALFWIDTH = 5.0

_COMPASS: dict[str, float] = {}
for _i, (_abbr, _words, _ja) in enumerate(COMPASS_16):
    for _name in (_abbr, _words, _ja):
        _COMPASS[_name.casefold().replace("-", "").replace(" ", "")] = _i * 22.5
# Japanese also says 東北 for 北東 etc. (two-character forms only; 東北東 stays ENE).
_COMPASS.update({"東北": 45.0, "東南": 135.0, "西南": 225.0, "西北": 315.0})


_DEG = r"\s*(?:°|degrees?|deg|度)?"


def check_degrees(degrees, field: str = "bearing", *, as_written=None) -> np.ndarray:
    """Bearings in degrees checked to lie in [0, 360] (360 is north), as an array in [0, 360).

    Parameters
    ----------
    degrees : float or array-like
        Degrees clockwise from north.
    field : str
        The name shown in the message.
    as_written : optional
        The value as the user wrote it, for the message (default: ``degrees``).

    Returns
    -------
    numpy.ndarray
        The bearings, 360 read as 0.

    Examples
    --------
    >>> check_degrees([0, 90, 360]).tolist()
    [0.0, 90.0, 0.0]
    """
    try:
        az = np.asarray(degrees, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{field} = {degrees!r}: give degrees clockwise from north") from None
    bad = ~((az >= 0) & (az <= 360))  # NaN too
    if bad.any():
        v = az[bad].ravel()[0]
        what = "is not a finite number of degrees" if not math.isfinite(v) else f"{v:g}° is outside [0, 360]"
        shown = degrees if as_written is None else as_written
        raise InputError(f"{field} = {shown!r}: {what}; give degrees clockwise from north (e.g. 270 for west), not wrapped")
    return np.where(az == 360, 0.0, az)



@dataclass(frozen=True)
class Bearing:
    """A reported bearing: its centre (degrees clockwise from north, [0, 360)), a uniform spread
    ± ``halfwidth_deg`` around it, Normal noise σ ``sd_deg``, and the words it came from.

    ``spread`` says where the spread came from (a compass sector, a stated sector, the default
    for a bare number …); :meth:`rule` is the line printed under "uncertainty".
    """

    degrees: float
    halfwidth_deg: float = 0.0
    text: str = ""
    sd_deg: float = 0.0
    spread: str = ""

    @property
    def sigma_deg(self) -> float:
        """Total standard deviation: Uniform(± halfwidth) and the Normal noise combined."""
        return math.hypot(2 * self.halfwidth_deg / math.sqrt(12), self.sd_deg)

    def rule(self) -> str:
        """The direction part of the uncertainty line, e.g. "direction 'west' → Uniform(…)"."""
        shown = f"'{self.text}'" if self.text and not self.spread.startswith(_BARE) else f"{self.degrees:g}°"
        if self.halfwidth_deg > 0:
            out = (
                f"direction {shown} → Uniform({self.degrees - self.halfwidth_deg:g}°, "
                f"{self.degrees + self.halfwidth_deg:g}°) ({self.spread})"
            )
        else:
            out = f"direction {shown}"
        if self.sd_deg > 0:
            out += f" + Normal σ {self.sd_deg:g}° (given)"
        elif self.halfwidth_deg == 0:
            out += " exactly"
        return out


def _compass_key(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip().casefold()
    s = re.sub(r"[\s\-‐–—_]", "", s)
    # "westward(s)", "westerly", 西方, 西方向, 西側 all mean the same direction.
    return re.sub(r"(?:wards?|erly|方向|方|側)$", "", s)


def _one_direction(text: str, field: str, value) -> tuple[float, float] | None:
    """(centre, sector half-width) of a single number or compass word, or None."""
    m = re.fullmatch(rf"([-+]?{NUMBER_PATTERN}){_DEG}", text, flags=re.I)
    if m:
        deg = read_number(m.group(1).lstrip("+-"), field, value) * (-1 if m.group(1).startswith("-") else 1)
        return float(check_degrees(deg, field, as_written=value)), 0.0
    key = _compass_key(text)
    if key in _COMPASS:
        return _COMPASS[key], SECTOR_HALF_WIDTH
    return None


def _sector(a: tuple[float, float], b: tuple[float, float], field: str, value) -> tuple[float, float]:
    """Centre and half-width of the shorter arc from end ``a`` to end ``b`` (each widened by its
    own sector half-width)."""
    d = (b[0] - a[0]) % 360.0
    if d == 180.0:
        raise InputError(f"{field} = {value!r}: the ends are 180° apart, so either half could be meant; give e.g. 60-120")
    (start, h_start), width, h_end = (a, d, b[1]) if d < 180.0 else (b, 360.0 - d, a[1])
    low, high = start - h_start, start + width + h_end
    return ((low + high) / 2) % 360.0, (high - low) / 2


_BARE = "bare number"
_SECTOR_SEPARATORS = re.compile(r"\s*(?:–|—|-|~|〜|\bto\b|から|より)\s*", re.I)


def _read_direction(text: str, field: str, value) -> tuple[float, float, str] | None:
    """(centre, half-width, where the spread came from) of a direction as written, or None."""
    one = _one_direction(text, field, value)
    if one is not None and one[1] and math.isclose(one[0] % 45.0, 0.0, abs_tol=1e-9):
        return one[0], COARSE_HALF_WIDTH, "8-point word"  # W, NE, 西 …: an 8-point compass may be meant
    if one is not None:
        return one[0], one[1], "16-point word" if one[1] else _BARE
    m = re.fullmatch(rf"(?P<c>.+?){PLUS_MINUS_PATTERN}(?P<h>{NUMBER_PATTERN}){_DEG}", text, flags=re.I)
    if m and (centre := _one_direction(m.group("c").strip(), field, value)) is not None:
        h = read_number(m.group("h"), field, value)
        if h >= 180:
            raise InputError(f"{field} = {value!r}: ±{h:g}° covers every direction; give a half-width under 180°")
        return centre[0], h, f"stated ±{h:g}°"
    for sep in _SECTOR_SEPARATORS.finditer(text):
        left, right = text[: sep.start()].strip(), text[sep.end():].strip()
        if left and right:
            a, b = _one_direction(left, field, value), _one_direction(right, field, value)
            if a is not None and b is not None:
                centre, half = _sector(a, b, field, value)
                return centre, half, "stated sector" + (", a compass word's end its whole sector" if a[1] or b[1] else "")
    return None


def parse_bearing(value, *, sd_deg=None, field: str = "bearing") -> Bearing:
    """Read a reported bearing: a number, a compass word, a sector or centre ± half-width.

    The forms and their spreads are in the module docstring.

    Parameters
    ----------
    value : str, float or Bearing
        ``90``, ``"275°"``, ``"WNW"``, ``"西北西"``, ``"60-120"``, ``"E to ENE"``, ``"東から東北東"``,
        ``"E±30"``, ``"E+-30"``. A :class:`Bearing` is returned as it is (with ``sd_deg`` applied).
    sd_deg : float, optional
        A given σ in degrees: replaces a bare number's default ± 5°, adds Normal noise to any
        other form. None (the default): no σ given.
    field : str
        The name shown in error messages.

    Returns
    -------
    Bearing

    Examples
    --------
    >>> b = parse_bearing("E to ENE")
    >>> b.degrees, b.halfwidth_deg
    (78.75, 22.5)
    >>> parse_bearing(90).halfwidth_deg, parse_bearing(90, sd_deg=3).halfwidth_deg
    (5.0, 0.0)
    """
    sd = check_sd(sd_deg, "bearing_sd_deg")
    if isinstance(value, Bearing):
        if sd is None:
            return value
        found = (value.degrees, value.halfwidth_deg, _BARE if value.spread.startswith(_BARE) else value.spread)
        text = value.text
    elif isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        found = (float(check_degrees(value, field)), 0.0, _BARE)
        text = f"{float(value):g}"
    elif isinstance(value, str) and value.strip():
        text = unicodedata.normalize("NFKC", value).strip()
        found = _read_direction(text, field, value)
        text = value.strip()
    else:
        found = None
    if found is None:
        raise InputError(
            f"{field} = {value!r} is not understood: give degrees clockwise from north (e.g. 275), a 16-point "
            "compass direction (N, NNE, NE, ENE, E … WNW, NW, NNW; 'west-northwest'; 北, 北北東 … 西北西), a sector "
            "(60-120, 'E to ENE', 東から東北東) or centre ± half-width (E±30)"
        )
    centre, half, spread = found
    if spread == _BARE:
        # A bare number's default spread, unless a σ is given (which replaces it).
        half = BARE_BEARING_HALFWIDTH if sd is None else 0.0
        spread = f"{_BARE}: default ±{BARE_BEARING_HALFWIDTH:g}°" if sd is None else f"{_BARE}, σ given"
    return Bearing(float(centre), float(half), text, sd if sd is not None else 0.0, spread)


def compass_point(degrees: float, *, style: str = "words") -> str:
    """The 16-point compass name of a bearing.

    Parameters
    ----------
    degrees : float
        Degrees clockwise from north (any value; taken modulo 360).
    style : {"words", "abbr", "ja"}
        "west-northwest", "WNW" or 西北西.

    Returns
    -------
    str

    Examples
    --------
    >>> compass_point(290, style="abbr"), compass_point(290, style="ja")
    ('WNW', '西北西')
    """
    i = int(math.floor((float(degrees) % 360.0) / 22.5 + 0.5)) % 16
    col = {"abbr": 0, "words": 1, "ja": 2}[style]
    return COMPASS_16[i][col]
