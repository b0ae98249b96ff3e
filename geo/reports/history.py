"""The past as a product: every public Japanese statement on where a missile came down since
2016 (``geo/data/past_launches.csv``), with this tool's estimate beside each one that carries a
position.

Columns of the shipped table: date, time_jst, missile, launch_site, reported_range_km, apogee_km,
statement (as published, mostly Japanese), statement_en, official_verdict (inside / outside /
unknown), overflight, source (a URL), note.

How a row becomes a position (:func:`row_figures`): the statement is read like any report
(:mod:`geo.reports.extract`) — Japanese first, the English rendering for what the Japanese does
not say (the table's English sometimes adds the sea a launch was fired into) — and the row's
launch site and reported range are added. The stated verdict is shown, never used. Then
:func:`geo.reports.scenarios.estimate`: a stated position (the wording model), distances from
places, or the range from the launch site into the named (or implied) sea. A row whose
statement says only "outside Japan's EEZ" with no sea carries no position, and says so.

Agreement: ``agrees`` when the call is the official verdict, ``disagrees`` when it is the other
one (a confident miss), ``too close to call``, or ``no verdict`` when the statement gave none.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from geo.errors import InputError
from geo.reports.article import attribute, own_figures
from geo.reports.extract import extract_facts
from geo.reports.places import lookup_place
from geo.reports.scenarios import Figures, estimate
from geo.reports.wording import reported_distance

__all__ = ["past_launches", "past_scenarios", "history_frame", "past_statements", "row_figures", "agreement", "ESTIMATE_COLUMNS", "DEFAULT_HISTORY_SAMPLES"]

#: Monte Carlo samples per row (p to ± 0.011 at worst): every call and agreement is the same as
#: with 4,000 (checked on the shipped table, seed 0), in about three quarters of the time;
#: ``benchmarks/bench_calibration.py`` keeps 4,000 for its figures.
DEFAULT_HISTORY_SAMPLES = 2000
#: Columns added beside the shipped ones.
ESTIMATE_COLUMNS = [
    "method", "p_in_target_eez", "p_stderr", "call", "agreement", "landing_lat", "landing_lon",
    "distance_to_target_eez_km", "sea_area", "uncertainty", "missing",
]
_FIELDS = ("date", "time_jst", "missile", "launch_site", "reported_range_km", "apogee_km", "statement", "statement_en",
           "official_verdict", "overflight", "source", "note")
_POSITION_KINDS = ("offset", "ring", "reference", "sea")


@functools.lru_cache(maxsize=1)
def _rows() -> tuple[dict, ...]:
    import csv

    text = resources.files("geo").joinpath("data/past_launches.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    if rows and tuple(rows[0]) != _FIELDS:
        raise InputError(f"geo/data/past_launches.csv: header must be {','.join(_FIELDS)}")
    return tuple(rows)


def past_statements() -> list[dict]:
    """The shipped table as records (strings, as published), in date order.

    Returns
    -------
    list of dict

    Examples
    --------
    >>> rows = past_statements()
    >>> rows[0]["date"] <= rows[-1]["date"] and all(r["source"].startswith("http") for r in rows)
    True
    """
    return [dict(r) for r in _rows()]


def _launch_place(name: str):
    """The gazetteer place of a row's launch_site ("Pyongyang (Samsok)" → Samsok; "several (…)",
    "inland", "east coast" → None)."""
    name = name.strip()
    if not name or name.startswith("several"):
        return None
    inner = re.search(r"\(([^)]*)\)", name)
    for cand in ([inner.group(1)] if inner else []) + [re.sub(r"\s*\([^)]*\)", "", name)]:
        place = lookup_place(cand.strip()) or lookup_place(re.sub(r"\s+area$", "", cand.strip()))
        if place is not None:
            return place
    return None


def _facts(text: str):
    facts, norm, where = extract_facts(text or "")
    return attribute(facts, norm, where)


def row_figures(row: dict) -> Figures:
    """The figures a table row gives (see the module docstring).

    Parameters
    ----------
    row : dict
        One record of :func:`past_statements`.

    Returns
    -------
    Figures

    Examples
    --------
    >>> fig = row_figures({"statement": "日本のEEZ外の朝鮮半島の東", "statement_en": "", "launch_site": "Taegwan",
    ...                    "reported_range_km": "450"})
    >>> fig.launch.id, fig.range.mid_km, fig.reference[0].id
    ('taegwan', 450.0, 'korean_peninsula')
    """
    ja = _facts(row.get("statement", ""))
    en = _facts(row.get("statement_en", ""))
    have = {f.kind for f in ja}
    facts = ja + [f for f in en if f.kind in _POSITION_KINDS and not (have & set(_POSITION_KINDS))]
    fig = own_figures(None, facts)
    offsets = [f for f in facts if f.kind == "offset"]
    if offsets:
        fig.offset, fig.texts["position"] = offsets[0].data, offsets[0].text
    place = _launch_place(row.get("launch_site", ""))
    if place is not None:
        fig.launch, fig.texts["launch"] = place, row["launch_site"]
    rng = (row.get("reported_range_km") or "").strip()
    if rng:
        fig.range, fig.texts["range"] = reported_distance(float(rng)), f"about {rng} km"
    return fig


def agreement(call: str | None, official: str) -> str:
    """How a call compares with the official verdict.

    Examples
    --------
    >>> agreement("outside", "outside"), agreement("inside", "outside"), agreement("outside", "unknown")
    ('agrees', 'disagrees', 'no verdict')
    """
    if official not in ("inside", "outside"):
        return "no verdict"
    if call is None:
        return "no estimate"
    if call == "too close to call":
        return call
    return "agrees" if call == official else "disagrees"


def _columns(row: dict, s) -> dict:
    e = s.estimate
    out = dict.fromkeys(ESTIMATE_COLUMNS)
    out.update(method=s.method or None, missing=s.missing or None,
               agreement=agreement(e.call if e else None, row["official_verdict"]))
    if e is not None:
        out.update(p_in_target_eez=e.p_in_target_eez, p_stderr=e.p_stderr, call=e.call, landing_lat=e.landing_lat,
                   landing_lon=e.landing_lon, distance_to_target_eez_km=e.result.distance_to_target_eez_km,
                   sea_area=s.sea_area, uncertainty=e.uncertainty)
    return out


def past_scenarios(*, samples: int = DEFAULT_HISTORY_SAMPLES, seed=0, target: str = "JPN", zones=None,
                   inside_threshold: float = 0.9, outside_threshold: float = 0.1) -> list[tuple[dict, object]]:
    """Each past statement with its :class:`~geo.reports.scenarios.Scenario` (the estimate, or
    what is missing), in table order.

    Parameters
    ----------
    samples, seed, target, zones, inside_threshold, outside_threshold
        As for :func:`geo.reports.landing.estimate_impact`.

    Returns
    -------
    list of (dict, Scenario)

    Examples
    --------
    >>> pairs = past_scenarios(samples=200)  # doctest: +SKIP
    """
    opts = dict(target=target, zones=zones, samples=samples, seed=seed, inside_threshold=inside_threshold,
                outside_threshold=outside_threshold)
    return [(row, estimate(row_figures(row), label=f"{row['date']} {row['launch_site']}".strip(), **opts))
            for row in past_statements()]


def past_launches(*, estimate: bool = True, samples: int = DEFAULT_HISTORY_SAMPLES, seed=0, target: str = "JPN",
                  zones=None, inside_threshold: float = 0.9, outside_threshold: float = 0.1):
    """The shipped table of past statements, with this tool's estimate beside each row.

    Parameters
    ----------
    estimate : bool
        Add the estimate columns (:data:`ESTIMATE_COLUMNS`); False: the table only (fast).
    samples, seed, target, zones, inside_threshold, outside_threshold
        As for :func:`geo.reports.landing.estimate_impact`.

    Returns
    -------
    pandas.DataFrame
        One row per statement, the shipped columns first (``reported_range_km`` and
        ``apogee_km`` as numbers), then the estimate columns.

    Examples
    --------
    >>> df = past_launches(estimate=False)
    >>> int((df["official_verdict"] == "inside").sum()) >= 17
    True
    """
    if not estimate:
        return history_frame([(r, None) for r in past_statements()])
    return history_frame(past_scenarios(samples=samples, seed=seed, target=target, zones=zones,
                                        inside_threshold=inside_threshold, outside_threshold=outside_threshold))


def history_frame(pairs):
    """The table of :func:`past_launches` from :func:`past_scenarios`' output (no second run).

    Parameters
    ----------
    pairs : list of (dict, Scenario)

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd  # lazy: heavy

    df = pd.DataFrame([r for r, _ in pairs], columns=list(_FIELDS))
    for col in ("reported_range_km", "apogee_km"):
        df[col] = pd.to_numeric(df[col].replace("", None))
    if all(s is None for _, s in pairs):
        return df
    est = pd.DataFrame([_columns(r, s) for r, s in pairs], columns=ESTIMATE_COLUMNS)
    return pd.concat([df, est], axis=1)
