"""What eezcheck knows about the Marine Regions data, once: layers, editions, licences, citation.

The Flanders Marine Institute's Maritime Boundaries Geodatabase (World EEZ) comes as files
(v10, v11, v12; read by :mod:`geo.zones.readers`) and from a public WFS (fetched by
:mod:`geo.zones.download`, named by :mod:`geo.zones.catalog`). Both readers and the downloader
take their edition dates, licences, DOIs, the attribution text Marine Regions asks users to
cite, the ``POL_TYPE`` vocabulary and the sovereign names of old editions from here.

Nothing here imports pandas or geopandas (the ``eezcheck point`` fast path reads it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from geo._files import cache_dir
from geo.errors import InputError

__all__ = [
    "Edition",
    "EDITIONS",
    "WFS_EDITION",
    "LICENCE",
    "LAYERS",
    "LAYER_TITLES",
    "DEFAULT_BBOX",
    "POL_TYPES",
    "SOVEREIGN_ISO",
    "edition_label",
    "edition_in_name",
    "eez_attribution",
    "layer_provenance",
    "zone_type_of",
    "claimants_from_geoname",
    "check_layer",
    "download_dir",
    "layer_path",
]


@dataclass(frozen=True)
class Edition:
    """One edition of the World EEZ layer: the year to cite, its release date, licence, DOI."""

    version: str
    year: str
    date: str
    licence: str
    doi: str | None


#: The editions eezcheck reads, by version number (as the attribution asks them to be cited).
EDITIONS = {
    "10": Edition("10", "2018", "2018-02-21", "CC BY-NC-SA 4.0", None),
    "11": Edition("11", "2019", "2019-11-18", "CC BY 4.0", "https://doi.org/10.14284/386"),
    "12": Edition("12", "2023", "2023-10-25", "CC BY 4.0", "https://doi.org/10.14284/632"),
}
#: The edition the public WFS served when eezcheck was written; the service does not say which
#: edition a feature comes from, so a download's sidecar marks it as assumed.
WFS_EDITION = "12"
#: The licence of everything the WFS serves.
LICENCE = EDITIONS[WFS_EDITION].licence

#: Short name → WFS type name.
LAYERS = {
    "eez": "MarineRegions:eez",
    "eez_12nm": "MarineRegions:eez_12nm",
    "eez_24nm": "MarineRegions:eez_24nm",
}
LAYER_TITLES = {
    "eez": "Marine Regions World EEZ (200NM)",
    "eez_12nm": "Marine Regions Territorial Seas (12NM)",
    "eez_24nm": "Marine Regions Contiguous Zones (24NM)",
}

#: (west, south, east, north): every zone that can meet Japan's (Japan's claims span about
#: 122-154 E, 20-46 N; the box adds its neighbours' zones so limits and disputes are complete).
DEFAULT_BBOX = (110.0, 10.0, 170.0, 55.0)

_EEZ_CITATION = (
    "Flanders Marine Institute ({year}). Maritime Boundaries Geodatabase: Maritime Boundaries and "
    "Exclusive Economic Zones (200NM), version {version}. Available online at https://www.marineregions.org/."
)

#: POL_TYPE values (lower case) → zone type.
POL_TYPES = {
    "200nm": "eez",
    "disputed": "overlapping_claim",  # v10's word for what v11+ call an overlapping claim
    "overlapping claim": "overlapping_claim",
    "joint regime": "joint_regime",
    "12nm": "territorial_sea",
    "24nm": "contiguous_zone",
    "internal waters": "internal_waters",
    "archipelagic waters": "internal_waters",
}

#: Sovereign names as Marine Regions spells them (lower case), for files without ISO_SOV fields (v10).
SOVEREIGN_ISO = {
    "japan": "JPN", "south korea": "KOR", "republic of korea": "KOR", "north korea": "PRK",
    "china": "CHN", "taiwan": "TWN", "russia": "RUS", "philippines": "PHL", "united states": "USA",
    "palau": "PLW", "micronesia": "FSM", "federated states of micronesia": "FSM", "vietnam": "VNM",
    "indonesia": "IDN", "malaysia": "MYS", "papua new guinea": "PNG", "united kingdom": "GBR",
    "france": "FRA", "australia": "AUS", "new zealand": "NZL", "marshall islands": "MHL",
    "brunei": "BRN", "canada": "CAN", "norway": "NOR", "denmark": "DNK", "netherlands": "NLD",
}


# --------------------------------------------------------------------------- editions and citation


def edition_label(version) -> str:
    """``"12"`` or ``"v12"`` → ``"v12 (2023-10-25)"``; an unknown version has no date.

    Parameters
    ----------
    version : str or int
        The edition's number, with or without a leading ``v``.

    Returns
    -------
    str

    Examples
    --------
    >>> edition_label("v11")
    'v11 (2019-11-18)'
    >>> edition_label("13")
    'v13'
    """
    v = str(version).strip().lstrip("v")
    ed = EDITIONS.get(v)
    return f"v{v}" + (f" ({ed.date})" if ed else "")


def edition_in_name(path) -> str | None:
    """The edition a file's name (or its folder's) gives, e.g. ``World_EEZ_v12_20231025/eez.shp`` → ``"v12"``.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    str or None
        ``"vN"``, or None when neither name says.

    Examples
    --------
    >>> edition_in_name("downloads/World_EEZ_v11_20191118/eez_v11.shp")
    'v11'
    >>> edition_in_name("eez.gpkg") is None
    True
    """
    p = Path(path)
    m = re.search(r"v(\d{1,2})", p.name.lower()) or re.search(r"v(\d{1,2})", str(p.parent).lower())
    return f"v{int(m.group(1))}" if m else None


def eez_attribution(version) -> str:
    """The citation Marine Regions asks for, for one edition of the World EEZ layer (DOI included).

    Parameters
    ----------
    version : str
        ``"12"``, ``"v12"``; an unknown one is cited as ``n.d.`` without a DOI.

    Returns
    -------
    str

    Examples
    --------
    >>> eez_attribution("12")[-28:]
    'https://doi.org/10.14284/632'
    """
    v = str(version).strip().lstrip("v")
    ed = EDITIONS.get(v)
    text = _EEZ_CITATION.format(year=ed.year if ed else "n.d.", version=v)
    return text + (f" {ed.doi}" if ed and ed.doi else "")


def layer_provenance(layer: str, *, edition=None, retrieved: str) -> dict:
    """Dataset, edition, licence and attribution of one WFS layer retrieved on the day ``retrieved``.

    Parameters
    ----------
    layer : str
        A key of :data:`LAYERS`.
    edition : str, optional
        The edition the user says it is; default: :data:`WFS_EDITION` for the EEZ layer, and
        none for the 12/24 NM layers (their own version numbers, which the WFS does not state).
    retrieved : str
        The retrieval date, ``YYYY-MM-DD``.

    Returns
    -------
    dict
        ``dataset``, ``edition``, ``edition_basis``, ``licence``, ``attribution`` — the fields of a
        download's sidecar that :func:`geo.zones.read_zones` shows with every answer.

    Examples
    --------
    >>> layer_provenance("eez", retrieved="2026-01-02")["edition"]
    'v12 (2023-10-25), WFS retrieved 2026-01-02'
    """
    layer = check_layer(layer)
    ed = str(edition or WFS_EDITION).lstrip("v")
    if layer == "eez":
        text = f"{edition_label(ed)}, WFS retrieved {retrieved}"
        attribution = eez_attribution(ed)
        basis = "given by the user" if edition else "assumed: the edition the public WFS served when eezcheck was written"
    else:
        text = f"WFS retrieved {retrieved}" + (f", v{ed}" if edition else "")
        attribution = (
            f"Flanders Marine Institute. Maritime Boundaries Geodatabase: {LAYER_TITLES[layer].removeprefix('Marine Regions ')}"
            + (f", version {ed}" if edition else "")
            + f", retrieved {retrieved} from the Marine Regions WFS. Available online at https://www.marineregions.org/."
        )
        basis = "given by the user" if edition else "not stated by the WFS; the retrieval date identifies it"
    return {"dataset": LAYER_TITLES[layer], "edition": text, "edition_basis": basis, "licence": LICENCE, "attribution": attribution}


# --------------------------------------------------------------------------- schema


def zone_type_of(pol_type, geoname) -> str | None:
    """The zone type of a feature from its ``POL_TYPE`` (None for a value not in :data:`POL_TYPES`),
    or, for files without one, from the words of its ``GEONAME``.

    Parameters
    ----------
    pol_type, geoname : str or None
        The feature's fields (any case).

    Returns
    -------
    str or None
        One of :data:`geo.zones.model.ZONE_TYPES`, or None for an unknown ``POL_TYPE``.

    Examples
    --------
    >>> zone_type_of("Overlapping claim", "Overlapping claim Liancourt Rocks: Japan / South Korea")
    'overlapping_claim'
    >>> zone_type_of(None, "Japanese Territorial Sea (12NM)")
    'territorial_sea'
    """
    if isinstance(pol_type, str) and pol_type.strip():
        return POL_TYPES.get(pol_type.strip().lower())
    g = (geoname or "").lower() if isinstance(geoname, str) else ""
    if g.startswith("overlapping claim") or "disputed" in g:
        return "overlapping_claim"
    if "joint regime" in g:
        return "joint_regime"
    if "territorial sea" in g or "(12nm)" in g or "12 nm" in g:
        return "territorial_sea"
    if "contiguous zone" in g or "(24nm)" in g or "24 nm" in g:
        return "contiguous_zone"
    if "internal water" in g:
        return "internal_waters"
    return "eez"


def claimants_from_geoname(geoname, name_to_iso: dict) -> list[str]:
    """Every claimant a shared zone's GEONAME names (``"…: Japan / China / Taiwan"``), or ``[]``
    unless all of them are in ``name_to_iso`` (lower-case names → ISO 3166-1 alpha-3).

    Parameters
    ----------
    geoname : str
        The feature's GEONAME.
    name_to_iso : dict
        Lower-case sovereign names → ISO codes (e.g. :data:`SOVEREIGN_ISO`).

    Returns
    -------
    list of str

    Examples
    --------
    >>> claimants_from_geoname("Overlapping claim Senkaku Islands: Japan / China / Taiwan", SOVEREIGN_ISO)
    ['JPN', 'CHN', 'TWN']
    """
    if not isinstance(geoname, str) or ":" not in geoname:
        return []
    codes = [name_to_iso.get(n.strip().lower()) for n in geoname.split(":", 1)[1].split("/")]
    return codes if all(codes) else []


# --------------------------------------------------------------------------- downloads in the cache


def check_layer(layer: str) -> str:
    """A layer's short name (``"marineregions:eez_12nm"`` → ``"eez_12nm"``); InputError if unknown.

    Parameters
    ----------
    layer : str
        ``eez``, ``eez_12nm``, ``eez_24nm``, any case, with or without ``marineregions:``.

    Returns
    -------
    str
        A key of :data:`LAYERS`.

    Examples
    --------
    >>> check_layer("MarineRegions:EEZ")
    'eez'
    """
    name = str(layer).strip().lower().removeprefix("marineregions:")
    if name not in LAYERS:
        raise InputError(f"layer = {layer!r} is not a Marine Regions layer eezcheck knows; use one of {', '.join(LAYERS)}")
    return name


def download_dir() -> Path:
    """``<cache>/marineregions``: where downloaded layers and their sidecars live.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> download_dir().name
    'marineregions'
    """
    return cache_dir() / "marineregions"


def layer_path(layer: str) -> Path:
    """Where a downloaded layer lives, ``<cache>/marineregions/<layer>.geojson`` (whether or not it exists).

    Parameters
    ----------
    layer : str
        As :func:`check_layer` takes it.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> layer_path("eez").name
    'eez.geojson'
    """
    return download_dir() / f"{check_layer(layer)}.geojson"
