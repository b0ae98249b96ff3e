"""The features of a report's scenarios on a map: one layer per source's figures.

A scenario (:class:`geo.reports.scenarios.Scenario`: one source's figures and their estimate)
is drawn as its estimate (landing point, uncertainty region, launch site and track, as any
impact) plus, here: the sampled landing points restricted to the sea — and to the landing sea
when the figures name or imply one —, the range arcs (the stated range around the launch site,
or a stated distance around its place) restricted the same way, and a label naming the source
with its figure, P(inside), the call and the verdict the source states ("South Korea: 700 km").

Every text here reaches the page only as feature properties (JSON, shown with ``textContent``):
an article's words are never markup or template source.
"""

from __future__ import annotations

import math
import re

import numpy as np

from geo.geodesy import range_ring
from geo.maps.layers import line_feature
from geo.maps.style import verdict_colour, verdict_of
from geo.names import possessive
from geo.reports.report_text import printable
from geo.reports.sampler import probability_text
from geo.reports.seas import on_land
from geo.reports.scenarios import implied_sea

__all__ = ["MAX_CLOUD_POINTS", "scenario_title", "stated_text", "labelled", "scenario_layers", "scenarios_note"]

#: Sampled landing points drawn per scenario (a spread sample of them; the page stays small).
MAX_CLOUD_POINTS = 800


def _figure_words(fig) -> str:
    """The figure a scenario stands on, in a few words: "700 km", "about 200 km west of …"."""
    if fig.offset is not None:  # its first clause: the span may run on ("…, inside Japan's EEZ")
        return printable(re.split(r"[,;、。]", fig.offset.text or "")[0].strip(), 60) or "stated position"
    if fig.rings:
        return " and ".join(f"{d.mid_km:,.0f} km from {p.name_en}" for p, d in fig.rings)
    if fig.range is not None:
        return f"{fig.range.mid_km:,.0f} km"
    return "no figure"


def scenario_title(scenario) -> str:
    """The label naming a scenario's source and figure.

    Parameters
    ----------
    scenario : Scenario
        Read by attribute: ``label`` and ``figures``.

    Returns
    -------
    str

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from geo.reports.scenarios import Figures
    >>> from geo.reports.wording import reported_distance
    >>> scenario_title(SimpleNamespace(label="South Korea", figures=Figures(range=reported_distance(700))))
    'South Korea: 700 km'
    """
    return f"{scenario.label}: {_figure_words(scenario.figures)}"


def stated_text(scenario) -> str | None:
    """The EEZ verdict the scenario's source states, in words, or None.

    Parameters
    ----------
    scenario : Scenario
        Read by attribute: ``label`` and ``figures.verdict``.

    Returns
    -------
    str or None
        None when the source states no verdict.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from geo.reports.scenarios import Figures
    >>> f = Figures(verdict={"verdict": "outside", "hedged": True})
    >>> stated_text(SimpleNamespace(label="Japan", figures=f))
    'Japan states: outside (hedged)'
    """
    v = getattr(scenario.figures, "verdict", None)
    if not v:
        return None
    return f"{scenario.label} states: {v['verdict']}" + (" (hedged)" if v.get("hedged") else "")


class _Labelled:
    """An estimate whose popup title names its scenario's source (everything else its own)."""

    def __init__(self, estimate, title: str):
        self._estimate, self.description = estimate, title

    def __getattr__(self, name):
        return getattr(self._estimate, name)


_FIGURE_WORDS = {"launch": "launch site", "sea": "landing sea", "direction": "direction"}


def labelled(scenario):
    """The scenario's estimate for :func:`geo.maps.result_map`'s ``impacts``, titled by its source.

    Parameters
    ----------
    scenario : Scenario
        With an estimate.

    Returns
    -------
    object
        The estimate's attributes, ``description`` the scenario's title.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from geo.reports.scenarios import Figures
    >>> s = SimpleNamespace(label="Japan", figures=Figures(), estimate=SimpleNamespace(call="outside"))
    >>> labelled(s).description, labelled(s).call
    ('Japan: no figure', 'outside')
    >>> s.figures.borrowed = {"launch": "South Korea"}
    >>> labelled(s).description
    'Japan: no figure (launch site from South Korea)'
    """
    title = scenario_title(scenario)
    lent: dict = {}
    for figure, source in getattr(scenario.figures, "borrowed", {}).items():
        lent.setdefault(source, []).append(_FIGURE_WORDS.get(figure, figure))
    if lent:  # say whose figures this source's scenario borrows (the launch site is often South Korea's)
        title += " (" + "; ".join(f"{', '.join(words)} from {src}" for src, words in lent.items()) + ")"
    return _Labelled(scenario.estimate, title)


def _landing_sea(fig):
    return fig.sea or implied_sea(fig.reference)


def _keep(lat, lon, sea) -> np.ndarray:
    """Which points are at sea, and in ``sea`` when one is named."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    if sea is not None:
        return sea.contains(lat, lon)
    return ~on_land(lat=lat, lon=lon)


def _cloud_feature(scenario, title: str, colour: str, sea) -> dict | None:
    e = scenario.estimate
    s_lat, s_lon = getattr(e, "samples_lat", None), getattr(e, "samples_lon", None)
    if s_lat is None or s_lon is None or len(s_lat) == 0:
        return None
    step = max(1, math.ceil(len(s_lat) / MAX_CLOUD_POINTS))
    lat, lon = np.asarray(s_lat, dtype=float)[::step], np.asarray(s_lon, dtype=float)[::step]
    ok = np.isfinite(lat) & np.isfinite(lon)
    ok[ok] = _keep(lat[ok], lon[ok], sea)
    if not ok.any():
        return None
    where = f"at sea in the {sea.label}" if sea is not None else "at sea"
    tip = f"{title}\n{int(ok.sum())} of {len(lat)} drawn samples ({len(s_lat):,} in all) land {where}"
    style = {"radius": 2, "stroke": False, "fillColor": colour, "fillOpacity": 0.45,
             "className": "eezcheck-cloud"}
    coords = [[round(float(a), 4), round(float(b), 4)] for a, b in zip(lon[ok], lat[ok])]
    return {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": coords},
            "properties": {"_style": style, "_tooltip": tip}}


def _arcs(fig):
    """(centre place, Distance, what it is) for each range or distance the figures state."""
    if fig.offset is not None:
        return []
    if fig.rings:
        return [(p, d, "distance") for p, d in fig.rings]
    if fig.launch is not None and fig.range is not None:
        return [(fig.launch, fig.range, "range")]
    return []


def _runs(lon, lat, keep) -> list:
    """The runs of consecutive kept vertices, as (lon, lat) parts of at least two points."""
    parts, start = [], None
    for i, k in enumerate([*keep, False]):
        if k and start is None:
            start = i
        elif not k and start is not None:
            if i - start >= 2:
                parts.append((lon[start:i], lat[start:i]))
            start = None
    return parts


def _arc_features(fig, title: str, colour: str, sea) -> list[dict]:
    out = []
    for place, d, what in _arcs(fig):
        radii = [(d.mid_km, 2.5, None, f"the stated {what}")]
        if d.high_km > d.low_km:
            radii += [(d.low_km, 1, "3 4", "near edge of its rounding band"),
                      (d.high_km, 1, "3 4", "far edge of its rounding band")]
        for r_km, weight, dash, word in radii:
            parts = []
            for lo, la in range_ring(lat=place.lat, lon=place.lon, radius_km=r_km, max_segment_km=10.0):
                parts += _runs(np.asarray(lo), np.asarray(la), _keep(la, lo, sea))
            if not parts:
                continue
            style = {"color": colour, "weight": weight, "opacity": 0.9, "className": "eezcheck-arc"}
            if dash:
                style["dashArray"] = dash
            where = f", in the {sea.label}" if sea is not None else ", at sea"
            out.append(line_feature(parts, style, f"{title}\n{r_km:,.0f} km from {place.name_en} ({word}){where}"))
    return out


def _label_feature(scenario, title: str, target: str, colour: str, side: str) -> dict:
    e = scenario.estimate
    lines = [title]
    if e is not None:  # written as every output writes p (a bound at 0 or 1, never "= 1.00")
        p, se, n = e.p_in_target_eez, getattr(e, "p_stderr", None), getattr(e, "n_samples", None)
        p_text = f"= {p:.2f}" if se is None or n is None else probability_text(p, se, int(n or 0), decimals=2)[0]
        lines.append(f"P(in {possessive(target)} EEZ) {p_text} — {e.call}")
    stated = stated_text(scenario)
    if stated:
        lines.append(stated)
    style = {"radius": 1, "stroke": False, "fillOpacity": 0, "fillColor": colour, "className": "eezcheck-label"}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(e.landing_lon), float(e.landing_lat)]},
            "properties": {"_point": "label", "_style": style, "_tooltip": "\n".join(lines), "_permanent": side}}


def scenario_layers(scenarios, target: str) -> tuple[list, list]:
    """One layer per scenario that has an estimate: its landing cloud, range arcs and label.

    Parameters
    ----------
    scenarios : sequence of Scenario
        Read by attribute: ``label``, ``figures``, ``estimate`` (None: nothing drawn).
    target : str
        ISO3 of the state whose EEZ P(inside) is about.

    Returns
    -------
    layers : list of (name, features)
        Layer name "South Korea: 700 km — too close to call" and its features.
    fit : list of (lon, lat)
        Points the view should reach.

    Examples
    --------
    >>> scenario_layers([], "JPN")
    ([], [])
    """
    layers, fit = [], []
    drawn = [s for s in scenarios if getattr(s, "estimate", None) is not None]
    west = min((float(s.estimate.landing_lon) for s in drawn), default=None)
    for s in drawn:
        e = s.estimate
        # Two labels side by side: the westmost one reads to the left, so they do not overlap.
        side = "left" if len(drawn) > 1 and float(e.landing_lon) == west else "right"
        title = scenario_title(s)
        colour = verdict_colour(verdict_of(e))
        sea = _landing_sea(s.figures)
        feats = _arc_features(s.figures, title, colour, sea)
        cloud = _cloud_feature(s, title, colour, sea)
        if cloud is not None:
            feats.append(cloud)
            fit.extend(cloud["geometry"]["coordinates"][:: max(1, len(cloud["geometry"]["coordinates"]) // 50)])
        feats.append(_label_feature(s, title, target, colour, side))
        layers.append((f"{title} — {e.call}", feats))
    return layers, fit


def scenarios_note(scenarios) -> str:
    """The legend's words on the scenarios: the verdicts the sources state, and what could not be placed.

    Parameters
    ----------
    scenarios : sequence of Scenario
        Read by attribute: ``label``, ``figures``, ``estimate`` and ``missing``.

    Returns
    -------
    str
        Plain text (escaped where it is drawn).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from geo.reports.scenarios import Figures
    >>> scenarios_note([SimpleNamespace(label="Japan", figures=Figures(verdict={"verdict": "outside", "hedged": False}),
    ...                                 estimate=None, missing="no position")])
    'Stated in the text: Japan states: outside. Not drawn: Japan (no position).'
    """
    stated = [t for t in (stated_text(s) for s in scenarios) if t]
    missing = [f"{s.label} ({s.missing})" for s in scenarios if getattr(s, "estimate", None) is None]
    parts = []
    if stated:
        parts.append("Stated in the text: " + "; ".join(stated) + ".")
    else:
        parts.append("The text states no EEZ verdict.")
    if missing:
        parts.append("Not drawn: " + "; ".join(missing) + ".")
    return " ".join(parts)
