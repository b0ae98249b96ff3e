"""One source's figures → a landing position → P(inside the target's EEZ).

A :class:`Figures` holds what one source (South Korea, Japan …) says: launch site, range,
direction, landing sea, a stated position, distances from places, a large reference without a
distance, an EEZ verdict. :func:`locate` picks the most specific way to place the landing point:

1. a stated position ("about 250 km west of Okushiri Island", read under the wording model of
   :mod:`geo.reports.wording`); from a large reference ("about 350 km east of the Korean
   Peninsula") measured from its coast (:func:`geo.reports.references.from_coast`);
2. distances from two places (their intersection) or one (a ring restricted to the sea);
3. launch site + range + landing sea (a sea the text names, or the sea a coast reference implies:
   "off North Korea's east coast" → the Sea of Japan) — unknown bearing, known sea
   (:func:`geo.reports.seas.sea_constrained`), within the stated direction if any;
4. launch site + range + direction, no sea — a plain bearing and range;

and otherwise says what is missing. :func:`estimate` runs
:func:`geo.reports.landing.estimate_impact` on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.errors import InputError
from geo.reports.distances import Distance
from geo.reports.landing import estimate_impact
from geo.reports.phrases import Bearing, ReportedLocation
from geo.reports.places import Place
from geo.reports.references import from_coast, is_large, ring, two_rings
from geo.reports.sampling import proposal
from geo.reports.seas import Sea, lookup_sea, sea_area_of, sea_constrained, sea_shares

__all__ = ["Figures", "Scenario", "IMPLIED_SEAS", "locate", "estimate", "implied_sea"]

#: The sea a coast reference implies when no sea is named: (reference id, 8-point direction or
#: None) → sea name. "Off North Korea's east coast" is the Sea of Japan.
IMPLIED_SEAS = {
    ("nk_east_coast", None): "Sea of Japan",
    ("korean_peninsula_east_coast", None): "Sea of Japan",
    ("nk_west_coast", None): "Yellow Sea",
    ("korean_peninsula", 90.0): "Sea of Japan",
    ("north_korea", 90.0): "Sea of Japan",
    ("korean_peninsula", 270.0): "Yellow Sea",
    ("north_korea", 270.0): "Yellow Sea",
    ("korean_peninsula", 225.0): "East China Sea",
    ("korean_peninsula", 180.0): "East China Sea",
}


@dataclass
class Figures:
    """What one source says. ``borrowed`` maps a figure to the source it was taken from when
    this source does not give it (the launch site is often only in South Korea's account);
    ``texts`` the words each figure came from."""

    source: str | None = None
    launch: Place | None = None
    range: Distance | None = None
    apogee: Distance | None = None
    direction: Bearing | None = None
    sea: Sea | None = None
    offset: ReportedLocation | None = None
    rings: tuple = ()
    reference: tuple | None = None  # (Place, Bearing or None): a large reference without a distance
    verdict: dict | None = None
    borrowed: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "launch": None if self.launch is None else self.launch.name_en,
            "range_km": None if self.range is None else self.range.mid_km,
            "apogee_km": None if self.apogee is None else self.apogee.mid_km,
            "direction_deg": None if self.direction is None else self.direction.degrees,
            "direction_halfwidth_deg": None if self.direction is None else self.direction.halfwidth_deg,
            "sea": None if self.sea is None else self.sea.label,
            "position": None if self.offset is None else self.offset.text,
            "rings": [{"place": p.name_en, "distance_km": d.mid_km} for p, d in self.rings],
            "reference": None if self.reference is None else self.reference[0].name_en,
            "stated_verdict": self.verdict,
            "borrowed": dict(self.borrowed),
            "texts": dict(self.texts),
        }


def implied_sea(reference) -> Sea | None:
    """The sea a large reference without a distance implies (:data:`IMPLIED_SEAS`), or None."""
    if reference is None:
        return None
    place, direction = reference
    deg = None if direction is None else round(direction.degrees / 45.0) * 45.0 % 360.0
    name = IMPLIED_SEAS.get((place.id, deg)) or IMPLIED_SEAS.get((place.id, None))
    return lookup_sea(name) if name else None


def locate(fig: Figures):
    """The landing position these figures give: (location, method), or (None, what is missing).

    Parameters
    ----------
    fig : Figures

    Returns
    -------
    (ReportedLocation or None, str)
        The method in words, or a sentence saying what is missing.

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> from geo.reports.wording import reported_distance
    >>> loc, how = locate(Figures(launch=find_place("Taegwan"), range=reported_distance(450), sea=lookup_sea("East Sea")))
    >>> how
    'range + landing sea, bearing unknown'
    """
    sea = fig.sea or implied_sea(fig.reference)
    if fig.offset is not None:
        loc = from_coast(fig.offset, sea=fig.sea)
        return loc, "stated position, from the coast" if is_large(fig.offset.place) else "stated position"
    if len(fig.rings) >= 2:
        return two_rings(fig.rings[0], fig.rings[1], sea=fig.sea), "distances from two places"
    if len(fig.rings) == 1:
        place, d = fig.rings[0]
        return ring(place, d, sea=fig.sea), "distance from a place, any direction"
    if fig.launch is not None and fig.range is not None:
        if sea is not None:
            loc = sea_constrained(fig.launch, fig.range, sea, sector=fig.direction)
            return loc, "range + landing sea, bearing unknown"
        if fig.direction is not None:
            loc = proposal(fig.launch, distance=fig.range, bearing_deg=fig.direction.degrees,
                           halfwidth_deg=fig.direction.halfwidth_deg)
            return loc, "range + direction from the launch site"
    return None, _missing(fig)


def _missing(fig: Figures) -> str:
    have = []
    if fig.launch is not None:
        have.append(f"a launch site ({fig.launch.name_en})")
    if fig.range is not None:
        have.append(f"a range ({fig.range.mid_km:,.0f} km)")
    if fig.sea is not None:
        have.append(f"a landing sea ({fig.sea.label})")
    if fig.direction is not None:
        have.append(f"a direction ({fig.direction.degrees:g}°)")
    if fig.reference is not None:
        have.append(f"a reference ({fig.reference[0].name_en}) without a distance from it")
    if fig.verdict is not None:
        have.append(f"an EEZ verdict ({fig.verdict['verdict']})")
    need = []
    if fig.range is None:
        need.append("a range ('flew about 700 km') or a distance from a place ('about 250 km west of Okushiri Island')")
    elif fig.launch is None:
        need.append("the launch site the range is measured from")
    else:
        need.append("a landing sea ('in the East Sea') or a direction ('toward the east')")
    found = ", ".join(have) if have else "no figures"
    return f"no position: found {found}; missing {' and '.join(need)}"


@dataclass(frozen=True, eq=False)
class Scenario:
    """One source's figures and what the estimator makes of them (``estimate`` None with
    ``missing`` saying why)."""

    label: str
    figures: Figures
    method: str
    estimate: object | None  # ImpactEstimate
    missing: str = ""

    @property
    def sea_area(self) -> str | None:
        """The sea area of the nominal landing point."""
        if self.estimate is None:
            return None
        return sea_area_of(lat=self.estimate.landing_lat, lon=self.estimate.landing_lon)

    def sea_area_shares(self) -> dict:
        e = self.estimate
        if e is None or e.samples_lat is None:
            return {}
        return sea_shares(e.samples_lat, e.samples_lon)

    def to_dict(self) -> dict:
        e = self.estimate
        d = {"label": self.label, "figures": self.figures.to_dict(), "method": self.method, "missing": self.missing or None}
        if e is not None:
            d.update({
                "p_in_target_eez": e.p_in_target_eez,
                "p_stderr": e.p_stderr,
                "call": e.call,
                "landing_lat": e.landing_lat,
                "landing_lon": e.landing_lon,
                "distance_to_target_eez_km": e.result.distance_to_target_eez_km,
                "sea_area": self.sea_area,
                "sea_area_shares": self.sea_area_shares(),
                "uncertainty": e.uncertainty,
                "description": e.description,
                "estimate": e.to_dict(),
            })
        return d


def estimate(fig: Figures, *, label: str = "", target: str = "JPN", zones=None, samples: int = 20_000, seed=0,
             inside_threshold: float = 0.9, outside_threshold: float = 0.1) -> Scenario:
    """Place the landing point (:func:`locate`) and estimate it.

    Parameters
    ----------
    fig : Figures
        One source's figures.
    label : str
        How to call the scenario ("South Korea").
    target, zones, samples, seed, inside_threshold, outside_threshold
        As for :func:`geo.reports.landing.estimate_impact`.

    Returns
    -------
    Scenario
        With ``missing`` set (and no estimate) when the figures carry no position, or when they
        contradict each other (no landing point satisfies them all).

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> from geo.reports.wording import reported_distance
    >>> s = estimate(Figures(launch=find_place("Taegwan"), range=reported_distance(450), sea=lookup_sea("East Sea")),
    ...              samples=2000)
    >>> s.estimate.call
    'outside'
    """
    try:
        loc, how = locate(fig)
    except InputError as exc:
        return Scenario(label, fig, "", None, str(exc))
    if loc is None:
        return Scenario(label, fig, "", None, how)
    e = estimate_impact(reported=loc, launch=fig.launch, target=target, zones=zones, samples=samples, seed=seed,
                        inside_threshold=inside_threshold, outside_threshold=outside_threshold)
    return Scenario(label, fig, how, e)
