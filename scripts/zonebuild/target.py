"""Who the build is for: the target state's facts (``scripts/data/targets/<ISO3>.json``) and the
world's country facts (``scripts/data/countries.csv``: names, EEZ names, MRGIDs, sovereigns).

A target file holds: ``iso3``; ``law`` and ``description`` (provenance text); ``region``
[W, S, E, N]; ``output_stem``; ``readme`` (its name in the output folder) and
``readme_template`` (in ``scripts/data/``); ``main_islands``
(name, lon, lat: a land polygon containing the point is that island); the tables ``islands``,
``disputed_features`` and ``baseline_points`` (in ``scripts/data/``); ``naming`` (``name_km``,
``group_km``, ``offshore_km``: see zonebuild.naming; ``search_lat_deg``: the highest latitude of
the target's named land, which sizes the search boxes); optionally ``internal_waters``,
``straight_baselines`` (a Schedule-1-style table in ``scripts/data/``: zonebuild.straight) and
``specified_sea_areas`` (straits with a 3-NM territorial sea: zonebuild.straits).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from zonebuild.common import DATA_DIR, read_csv

TARGETS_DIR = DATA_DIR / "targets"
DEFAULT_TARGET = "JPN"


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return {r["iso3"]: r for r in read_csv("countries.csv")}


def country_name(code: str) -> str:
    """English short name of a territory (the code itself when unknown)."""
    return _countries().get(code, {}).get("name") or code


def eez_name(code: str) -> str:
    """Name of a territory's EEZ row, e.g. ``Japanese EEZ`` (else ``<name> EEZ``)."""
    return _countries().get(code, {}).get("eez_name") or f"{country_name(code)} EEZ"


def mrgid(code: str) -> int | None:
    """Marine Regions MRGID of a territory's EEZ, or None where unknown."""
    v = _countries().get(code, {}).get("mrgid")
    return int(v) if v else None


def sovereign(code: str) -> str:
    """The sovereign of a separately drawn territory (Guam -> USA), else the code."""
    return _countries().get(code, {}).get("sovereign") or code


def merged_code(code: str) -> str:
    """The code a source territory is merged into (Hong Kong -> CHN), else the code."""
    return _countries().get(code, {}).get("merge_into") or code


def separate_territories() -> dict[str, str]:
    """{territory: sovereign} for territories drawn separately from their sovereign."""
    return {c: r["sovereign"] for c, r in _countries().items() if r["sovereign"]}


def named_countries() -> list[str]:
    """Codes of the territories the table names."""
    return [c for c, r in _countries().items() if r["name"]]


@dataclass(frozen=True)
class InternalWaters:
    """Water enclosed by closing lines that are baselines (e.g. the Seto Inland Sea)."""

    name: str
    closing_lines: str          # CSV in scripts/data/: line_id, seq, lon, lat (one row a point)
    interior_point: tuple[float, float]
    box: tuple[float, float, float, float]
    #: (name, ((lon, lat), (lon, lat))): short lines across channels that the source coastline
    #: leaves open behind the closing lines (not baselines; both ends on the source's land)
    coast_closures: tuple = ()


@dataclass(frozen=True)
class Target:
    """The facts of one build target (see the module docstring)."""

    iso3: str
    law: str
    description: str
    region: tuple[float, float, float, float]
    output_stem: str
    readme: str                 # the README written beside the files (in the output folder)
    readme_template: str
    main_islands: tuple[tuple[str, float, float], ...]
    islands: str
    disputed_features: str
    baseline_points: str
    naming: dict = field(default_factory=dict)
    internal_waters: tuple[InternalWaters, ...] = ()
    straight_baselines: str = ""      # table in scripts/data/, or ""
    specified_sea_areas: str = ""     # table in scripts/data/, or "" (needs straight_baselines)
    default_region: bool = True

    @property
    def name(self) -> str:
        return country_name(self.iso3)


def parse_region(text: str) -> tuple[float, float, float, float]:
    """``W,S,E,N`` in degrees -> a tuple; W < E (up to 360), S < N within [-90, 90]."""
    parts = text.split(",")
    try:
        W, S, E, N = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"--region {text!r}: expected four numbers W,S,E,N") from None
    if not (-180 <= W < E <= 360 and -90 <= S < N <= 90):
        raise ValueError(f"--region {text!r}: need -180 <= W < E <= 360 and -90 <= S < N <= 90")
    return W, S, E, N


def load_target(iso3: str = DEFAULT_TARGET, region=None) -> Target:
    """The target ``iso3`` from ``scripts/data/targets/<ISO3>.json``, optionally another region.

    Raises ValueError for an unknown or malformed target.
    """
    code = str(iso3).upper()
    path = TARGETS_DIR / f"{code}.json"
    if not re.fullmatch(r"[A-Z]{3}", code) or not path.exists():
        known = ", ".join(sorted(p.stem for p in TARGETS_DIR.glob("*.json")))
        raise ValueError(f"--target {iso3!r}: no {path.relative_to(DATA_DIR.parent.parent)} (known: {known})")
    d = json.loads(path.read_text(encoding="utf-8"))
    if d.get("iso3") != code:
        raise ValueError(f"{path}: iso3 is {d.get('iso3')!r}, not {code}")
    own_region = tuple(float(v) for v in d["region"])
    iw = tuple(InternalWaters(w["name"], w["closing_lines"], tuple(w["interior_point"]), tuple(w["box"]),
                              tuple((c["name"], tuple(map(tuple, c["line"]))) for c in w.get("coast_closures", [])))
               for w in d.get("internal_waters", []))
    return Target(
        iso3=code, law=d["law"], description=d["description"],
        region=tuple(float(v) for v in region) if region is not None else own_region,
        output_stem=d["output_stem"], readme=d["readme"], readme_template=d["readme_template"],
        main_islands=tuple((m["name"], float(m["lon"]), float(m["lat"])) for m in d["main_islands"]),
        islands=d["islands"], disputed_features=d["disputed_features"],
        baseline_points=d["baseline_points"], naming=dict(d["naming"]), internal_waters=iw,
        straight_baselines=d.get("straight_baselines", ""), specified_sea_areas=d.get("specified_sea_areas", ""),
        default_region=region is None or tuple(float(v) for v in region) == own_region,
    )

