"""Reported distances: what their words say, and the spread those words imply.

One reader, :func:`parse_distance`, used by the phrase reader (:mod:`geo.reports.phrases`), the
command line (``--range``) and the batch CSV reader (``range_km`` column), so the same words
always mean the same thing.

Distances
=========

``700``, ``"700 km"``, ``"about 700"``, ``"~700"``, ``"約700"``, ``"约700"`` (Chinese),
``"700±50"``, ``"700+-50"``, ``"450-700"``, ``"450 to 700 km"``, ``"100 NM"``, ``"1,180 km"``,
``"1e3"``. Without a unit, kilometres.

The spread is the wording model checked on past Japanese statements
(``benchmarks/bench_calibration.py``; why: :mod:`geo.reports.wording`), written here once:

* A single value *D* shows the step it was rounded to — the largest of 100, 50, 10, 5 (in its
  unit) that divides it (:func:`rounding_step`): "約250km" is anywhere in 225–275 km. It is
  Uniform(*D* ± step/2) plus Normal measurement noise of σ = 3 % of *D* when hedged ("about",
  "approximately", "around", "some", "roughly", "~", 約, 约, およそ …) and 1 % when bare
  (:data:`HEDGED_NOISE`, :data:`BARE_NOISE`).
* An interval "*A*–*B*" or "*D*±*h*" is Uniform(*A*, *B*) plus the same noise, computed for its
  midpoint, so its edges are soft.
* A given σ (``range_sd_km``, ``--range-sd``) replaces all that: Normal(*D*, σ) around the value,
  or Uniform(*A*, *B*) + Normal(σ) for an interval (σ = 0: exactly the stated value or interval).
* Nautical miles (nautical miles, NM, nmi, 海里, カイリ) are × 1.852 km exactly; statute miles
  × 1.609344 km.
* Refused with a message: what is not a number ("250.5.5"), negative distances, and distances
  beyond half a meridian (20,004 km, :data:`geo.geodesy.HALF_MERIDIAN_M`) — no two points on
  Earth are further apart along its surface.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from geo.errors import InputError
from geo.geodesy import HALF_MERIDIAN_M
from geo.reports.numerals import NUMBER_PATTERN, PLUS_MINUS_PATTERN, check_nonnegative, check_sd, read_number

__all__ = [
    "KM_PER_UNIT",
    "MAX_RANGE_KM",
    "HEDGE_PATTERN",
    "UNIT_PATTERN",
    "Distance",
    "parse_distance",
    "distance_pattern",
    "ROUNDING_STEPS",
    "HEDGED_NOISE",
    "BARE_NOISE",
    "rounding_step",
    "reported_distance",
]

#: Rounding steps a reported distance may show, coarsest first (in the statement's unit).
ROUNDING_STEPS = (100.0, 50.0, 10.0, 5.0)
#: Normal measurement noise, as a fraction of the distance, for hedged and bare figures.
HEDGED_NOISE = 0.03
BARE_NOISE = 0.01

KM_PER_UNIT = {"km": 1.0, "nmi": 1.852, "mi": 1.609344}
#: The longest ground range there is: half a meridian, km.
MAX_RANGE_KM = HALF_MERIDIAN_M / 1000.0

#: Words that hedge a distance ("about 700 km", "約700km", "约700公里").
HEDGE_PATTERN = (
    r"approximately|approx\.?|about|around|roughly|some|nearly|almost|an\s+estimated|estimated|circa|ca\.|c\.|~|≈"
    r"|大約|大约|約|约|およそ|凡そ|概ね|おおむね|おおよそ|ほぼ|推定"
)
#: Distance units, English, Japanese and Chinese.
UNIT_PATTERN = (
    r"kilomet(?:er|re)s?|kms|km|nautical\s+miles?|nmi|nm|n\.\s?m\.|statute\s+miles?|miles?|mi"
    r"|キロメートル|キロ|海里|カイリ|浬|マイル|公里|千米"
)
_UNIT_END = rf"(?:{UNIT_PATTERN})(?![A-Za-z])"
_SEP = r"\s*(?:-|–|—|~|〜|to|and|から)\s*"


def distance_pattern(*, unit_required: bool) -> str:
    """A regular expression (no groups) for a distance as :func:`parse_distance` reads it.

    Parameters
    ----------
    unit_required : bool
        Whether the distance must end in a unit (in running text it must).

    Returns
    -------
    str
        The pattern, to embed in a larger one (compile with ``re.I``).

    Examples
    --------
    >>> import re
    >>> bool(re.fullmatch(distance_pattern(unit_required=True), "about 200–250 km", re.I))
    True
    """
    tail = _UNIT_END if unit_required else rf"(?:{_UNIT_END})?"
    return (
        rf"(?:(?:{HEDGE_PATTERN})\s*)?{NUMBER_PATTERN}\s*(?:{_UNIT_END}\s*)?"
        rf"(?:(?:{_SEP}|{PLUS_MINUS_PATTERN})(?:(?:{HEDGE_PATTERN})\s*)?{NUMBER_PATTERN}\s*)?{tail}"
    )


_DISTANCE = re.compile(
    rf"(?P<hedge>{HEDGE_PATTERN})?\s*(?P<a>{NUMBER_PATTERN})\s*(?:(?P<unit1>{_UNIT_END})\s*)?"
    rf"(?:(?:(?P<sep>{_SEP})|(?P<pm>{PLUS_MINUS_PATTERN}))(?:(?:{HEDGE_PATTERN})\s*)?(?P<b>{NUMBER_PATTERN})\s*)?(?P<unit>{_UNIT_END})?\.?",
    re.I,
)


def rounding_step(value: float) -> float:
    """The rounding step a reported distance shows: the largest of :data:`ROUNDING_STEPS` that
    divides it (1 when none does).

    Parameters
    ----------
    value : float
        The distance as written, in its own unit.

    Returns
    -------
    float
        The step.

    Examples
    --------
    >>> [rounding_step(v) for v in (250, 210, 200, 3200, 1180, 35, 7)]
    [50.0, 10.0, 100.0, 100.0, 10.0, 5.0, 1.0]
    """
    v = abs(float(value))
    for step in ROUNDING_STEPS:
        if v >= step and math.isclose(v % step, 0.0, abs_tol=1e-9):
            return step
    return 1.0


def _unit_key(unit: str | None) -> str:
    u = re.sub(r"[\s.]", "", (unit or "km").casefold())
    if u.startswith("nautical") or u in ("nmi", "nm", "海里", "カイリ", "浬"):
        return "nmi"
    if u.startswith("statute") or u.startswith("mile") or u in ("mi", "マイル"):
        return "mi"
    return "km"


@dataclass(frozen=True)
class Distance:
    """A reported distance: Uniform(``low_km``, ``high_km``) + Normal(0, ``sd_km``).

    ``hedged``: it came with "about", 約 …; ``unit``: the unit written ("km", "nmi", "mi");
    ``words``: how it reads back ("about 210 km", "100 NM (= 185.2 km)"); ``spread``: where σ
    came from; :meth:`rule` is its part of the uncertainty line.
    """

    low_km: float
    high_km: float
    sd_km: float
    hedged: bool = False
    unit: str = "km"
    text: str = ""
    words: str = ""
    spread: str = ""

    @property
    def mid_km(self) -> float:
        return (self.low_km + self.high_km) / 2

    @property
    def sigma_km(self) -> float:
        """Total standard deviation of the distance."""
        return math.hypot((self.high_km - self.low_km) / math.sqrt(12), self.sd_km)

    def rule(self) -> str:
        """The distance part of the uncertainty line."""
        words = self.words or (f"{self.low_km:g}–{self.high_km:g} km" if self.high_km > self.low_km else f"{self.mid_km:g} km")
        if self.high_km > self.low_km:
            out = f"distance {words} → Uniform({self.low_km:g}, {self.high_km:g}) km"
        else:
            out = f"distance {words} → {self.mid_km:g} km"
        if self.sd_km > 0:
            return out + f" + Normal σ {self.sd_km:.3g} km ({self.spread})"
        return out + (" exactly (σ 0 km given)" if self.spread == "given" else "")


_UNIT_WORD = {"km": "km", "nmi": "NM", "mi": "mi"}


def reported_distance(low, high=None, *, hedged: bool = True, unit: str = "km", text: str = "",
                      shown: str | None = None) -> Distance:
    """The distance a report gives ("about 700 km", "300–350 km", "約250km") under the wording
    model (module docstring): the one place its spread is made.

    Parameters
    ----------
    low : float
        The distance, or the low end of a range, in ``unit``.
    high : float, optional
        The high end of a range.
    hedged : bool
        Whether it was hedged ("about", 約, 약); bare figures get less measurement noise.
    unit : str
        "km", "nmi" or "mi".
    text : str
        The words, for the record.
    shown : str, optional
        How the numbers read back ("700±50"); default from ``low``/``high``.

    Returns
    -------
    Distance
        In km.

    Examples
    --------
    >>> d = reported_distance(250)
    >>> (d.low_km, d.high_km, round(d.sd_km, 1), d.words)
    (225.0, 275.0, 7.5, 'about 250 km (rounded to 50 km)')
    >>> reported_distance(300, 350).low_km
    300.0
    """
    if unit not in KM_PER_UNIT:
        raise InputError(f"unit = {unit!r}: give one of {', '.join(KM_PER_UNIT)}")
    try:
        lo = float(low)
        hi = lo if high is None else float(high)
    except (TypeError, ValueError):
        raise InputError(f"distance = {low!r}–{high!r} is not a number") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or min(lo, hi) < 0:
        raise InputError(f"distance = {low!r}–{high!r}: give finite distances ≥ 0")
    lo, hi = sorted((lo, hi))
    k, u = KM_PER_UNIT[unit], _UNIT_WORD[unit]
    frac = HEDGED_NOISE if hedged else BARE_NOISE
    about = "about " if hedged else ""
    noise = f"{'hedged' if hedged else 'bare number'}: {frac:.0%} of the distance"
    in_km = "" if unit == "km" else f" (= {lo * k:g}" + (f"–{hi * k:g}" if hi > lo else "") + " km)"
    if hi > lo:
        words = f"{about}{shown or f'{lo:g}–{hi:g}'} {u}{in_km}"
        return Distance(lo * k, hi * k, frac * (lo + hi) / 2 * k, hedged, unit, text or words, words, noise)
    step = rounding_step(lo)
    words = f"{about}{lo:g} {u} (rounded to {step:g} {u}){in_km}"
    return Distance(max(lo - step / 2, 0.0) * k, (lo + step / 2) * k, frac * lo * k, hedged, unit, text or words,
                    words, noise)


def _read_distance(text: str, field: str, value) -> tuple[float, float, bool, str, str]:
    """(low, high, hedged, unit, how the numbers read back) in the unit written."""
    m = _DISTANCE.fullmatch(text)
    if m is None:
        if re.match(rf"\s*(?:(?:{HEDGE_PATTERN})\s*)?[-−]\s*\d", text, flags=re.I):
            raise InputError(f"{field} = {value!r} is negative; give a positive number of km")
        raise InputError(
            f"{field} = {value!r} is not understood: give kilometres, e.g. 700, 'about 700', ~700, 700±50, 450-700 "
            "(nautical miles: '100 NM', 100海里)"
        )
    unit = _unit_key(m.group("unit") or m.group("unit1"))
    if m.group("unit1") and m.group("unit") and _unit_key(m.group("unit1")) != unit:
        raise InputError(f"{field} = {value!r}: the range mixes units ({m.group('unit1')} and {m.group('unit')})")
    a = read_number(m.group("a"), field, value)
    b = read_number(m.group("b"), field, value) if m.group("b") else None
    if b is None:
        lo = hi = a
    elif m.group("pm"):
        lo, hi = a - b, a + b
        if lo < 0:
            raise InputError(f"{field} = {value!r}: {a:g}±{b:g} reaches below 0")
        return lo, hi, bool(m.group("hedge")), unit, f"{a:g}±{b:g}"
    else:
        lo, hi = sorted((a, b))
    return lo, hi, bool(m.group("hedge")), unit, f"{lo:g}–{hi:g}" if hi > lo else f"{lo:g}"


def parse_distance(value, *, sd_km=None, field: str = "range") -> Distance:
    """Read a reported distance: a number, "about D", "D±h", "A-B", in km, NM or miles.

    The forms and their spreads are in the module docstring.

    Parameters
    ----------
    value : str, float, (low, high) or Distance
        ``700``, ``"about 700"``, ``"~700"``, ``"約700km"``, ``"700±50"``, ``"450-700"``,
        ``"100 NM"``, ``(450, 700)``. A :class:`Distance` is returned as it is (with ``sd_km``
        applied).
    sd_km : float, optional
        A given σ in km, replacing the σ the wording implies. None (the default): no σ given.
    field : str
        The name shown in error messages.

    Returns
    -------
    Distance

    Examples
    --------
    >>> d = parse_distance("about 700")
    >>> d.low_km, d.high_km, round(d.sd_km, 1), d.hedged
    (650.0, 750.0, 21.0, True)
    >>> parse_distance("450-700", sd_km=0).sd_km
    0.0
    """
    sd = check_sd(sd_km, "range_sd_km")
    if isinstance(value, Distance):
        if sd is None:
            return value
        lo, hi, hedged, unit, text = value.low_km, value.high_km, value.hedged, "km", value.text
        shown = f"{lo:g}–{hi:g}" if hi > lo else f"{lo:g}"
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        lo, hi = sorted(check_nonnegative(v, field) for v in value)
        hedged, unit, text = False, "km", f"{lo:g}–{hi:g}"
        shown = text
    elif isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        lo = hi = check_nonnegative(value, field)
        hedged, unit, text = False, "km", f"{lo:g}"
        shown = text
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        lo, hi, hedged, unit, shown = _read_distance(unicodedata.normalize("NFKC", text), field, value)
    else:
        raise InputError(f"{field} = {value!r}: give kilometres, e.g. 700, 'about 700', 700±50 or 450-700")
    k = KM_PER_UNIT[unit]
    if hi * k > MAX_RANGE_KM:
        raise InputError(
            f"{field} = {value!r}: {hi * k:,.0f} km is beyond half the Earth's circumference ({MAX_RANGE_KM:,.0f} km "
            "along a meridian); no two points on Earth are further apart"
        )
    if sd is None:
        return reported_distance(lo, hi if hi > lo else None, hedged=hedged, unit=unit, text=text, shown=shown)
    # A given σ: the value (or interval) as stated, with that noise and no rounding band.
    words = ("about " if hedged else "") + shown + f" {_UNIT_WORD[unit]}"
    if unit != "km":
        words += f" (= {lo * k:g}" + (f"–{hi * k:g}" if hi > lo else "") + " km)"
    return Distance(lo * k, hi * k, sd, hedged, unit, text, words, "given")
