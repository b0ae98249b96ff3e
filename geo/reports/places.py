"""The gazetteer: launch areas and the Japanese reference places used in official statements.

``geo/data/places.csv`` holds one row per place (id, English and Japanese names, aliases,
kind, country, lat, lon, radius_km, source). Coordinates are to about 0.01° (≈ 1 km);
``radius_km`` is the size of the feature — how far from the listed point a statement such as
"250 km west of Sado Island" may be measured — and enters the uncertainty of such statements
(see :mod:`geo.reports.landing`). Every row names a public source.

Names match case-, width- and accent-insensitively, ignoring spaces, hyphens and dots, so
"OKUSHIRI ISLAND", "okushiri-tō", "Okushiri" and "奥尻島" all find the same place.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from geo.errors import InputError

__all__ = ["Place", "find_place", "lookup_place", "all_places", "normalize_name", "PLACE_KINDS"]

PLACE_KINDS = ("launch_site", "facility", "area", "province", "region", "island", "cape", "peninsula", "city", "prefecture")

_FIELDS = ("id", "name_en", "name_ja", "aliases", "kind", "country", "lat", "lon", "radius_km", "source")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. ``aliases`` holds every other accepted spelling."""

    id: str
    name_en: str
    name_ja: str
    aliases: tuple[str, ...]
    kind: str
    country: str
    lat: float
    lon: float
    radius_km: float
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_en, self.name_ja, *self.aliases)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name_en": self.name_en,
            "name_ja": self.name_ja,
            "kind": self.kind,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "radius_km": self.radius_km,
            "source": self.source,
        }


_IGNORED = re.compile(r"[\s\-‐‑‒–—―_'’`.・･,()（）]")


def normalize_name(name: str) -> str:
    """The matching key of a name: NFKC (full-width → ASCII), case-folded, Latin accents
    dropped (ō → o), spaces, hyphens, dots and brackets removed.

    Parameters
    ----------
    name : str

    Returns
    -------
    str

    Examples
    --------
    >>> normalize_name("Okushiri-tō"), normalize_name("ＯＫＵＳＨＩＲＩ")
    ('okushirito', 'okushiri')
    """
    s = unicodedata.normalize("NFKC", str(name)).casefold()
    out = []
    for ch in s:
        # Only Latin letters lose their marks; decomposing kana would drop the dakuten.
        if ord(ch) < 0x250:
            ch = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(ch)
    return _IGNORED.sub("", "".join(out))


@functools.lru_cache(maxsize=1)
def _load() -> tuple[tuple[Place, ...], dict[str, Place]]:
    """Read the CSV once (lazily, on first use) and build the name index."""
    text = resources.files("geo").joinpath("data/places.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    places = []
    index: dict[str, Place] = {}
    for n, row in enumerate(rows, start=2):
        if tuple(row) != _FIELDS:
            raise InputError(f"geo/data/places.csv: header must be {','.join(_FIELDS)}")
        try:
            place = Place(
                id=row["id"].strip(),
                name_en=row["name_en"].strip(),
                name_ja=row["name_ja"].strip(),
                aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
                kind=row["kind"].strip(),
                country=row["country"].strip(),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                radius_km=float(row["radius_km"]),
                source=row["source"].strip(),
            )
        except (TypeError, ValueError) as exc:  # a broken data file is a bug, say where
            raise InputError(f"geo/data/places.csv line {n}: {exc}") from exc
        places.append(place)
        for name in place.names:
            key = normalize_name(name)
            other = index.get(key)
            if other is not None and other.id != place.id:
                raise InputError(f"geo/data/places.csv line {n}: name {name!r} also belongs to {other.id!r}")
            index[key] = place
    return tuple(places), index


def all_places(*, kind: str | tuple[str, ...] | None = None, country: str | None = None) -> tuple[Place, ...]:
    """Every gazetteer entry, optionally only of some kind(s) and/or one country.

    Parameters
    ----------
    kind : str or tuple of str, optional
        One or more of :data:`PLACE_KINDS`.
    country : str, optional
        ISO 3166-1 alpha-3 code.

    Returns
    -------
    tuple of Place
        In the order of ``geo/data/places.csv``.

    Examples
    --------
    >>> all(p.country == "JPN" for p in all_places(kind="island", country="JPN"))
    True
    """
    kinds = (kind,) if isinstance(kind, str) else kind
    return tuple(
        p
        for p in _load()[0]
        if (kinds is None or p.kind in kinds) and (country is None or p.country == country)
    )


def lookup_place(name: str) -> Place | None:
    """The place called ``name`` (any accepted spelling), or None.

    Parameters
    ----------
    name : str

    Returns
    -------
    Place or None

    Examples
    --------
    >>> lookup_place("奥尻島").name_en, lookup_place("Atlantis")
    ('Okushiri Island', None)
    """
    if not isinstance(name, str):
        return None
    return _load()[1].get(normalize_name(name))


def find_place(name: str) -> Place:
    """The place called ``name``; :class:`InputError` listing close matches if there is none.

    Parameters
    ----------
    name : str

    Returns
    -------
    Place

    Examples
    --------
    >>> find_place("OKUSHIRI ISLAND").name_ja
    '奥尻島'
    """
    place = lookup_place(name)
    if place is not None:
        return place
    raise InputError(f"unknown place {name!r}. {close_matches_hint(name)}")


def close_matches_hint(name) -> str:
    """"Did you mean: …?" for an unknown place name (or the list of known places).

    Parameters
    ----------
    name : str

    Returns
    -------
    str

    Examples
    --------
    >>> close_matches_hint("Okushri").startswith("Did you mean: Okushiri Island (奥尻島)")
    True
    """
    places, index = _load()
    key = normalize_name(name) if isinstance(name, str) else ""
    keys = difflib.get_close_matches(key, list(index), n=12, cutoff=0.6)
    # Substring hits catch "Okushiri-to Island" → "okushiri".
    keys += [k for k in index if key and len(k) >= 3 and (k in key or key in k)]
    seen, hits = set(), []
    for k in keys:
        p = index[k]
        if p.id not in seen:
            seen.add(p.id)
            hits.append(f"{p.name_en} ({p.name_ja})")
    if hits:
        return "Did you mean: " + ", ".join(hits[:5]) + "?"
    return "Known places: " + ", ".join(p.name_en for p in places) + " (see geo/data/places.csv)."
