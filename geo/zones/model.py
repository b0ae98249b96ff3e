"""The zone table's vocabulary: zone types, where data came from, who owns a zone, and how a
piece of land is named as territory (:func:`territory_name`, the one naming rule).

The ownership rule lives here once: every stage (index, classification, maps, landing estimates)
asks :func:`claim_roles` whether a zone is the target's own, shared with the target (an
overlapping claim, a joint regime, or land several states claim), or someone else's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np

__all__ = ["ZONE_TYPES", "SEA_ZONE_TYPES", "SHARED_ZONE_TYPES", "LON_RANGE", "LAT_RANGE", "DataSource", "Zones", "claim_roles", "claim_role",
           "OWN", "SHARED", "OTHER", "territory_name"]

#: Zone types, most landward first. A point covered by several zones is reported in the first.
ZONE_TYPES = (
    "land",
    "internal_waters",
    "territorial_sea",
    "contiguous_zone",
    "joint_regime",
    "overlapping_claim",
    "eez",
)
SEA_ZONE_TYPES = ZONE_TYPES[1:]
SHARED_ZONE_TYPES = ("joint_regime", "overlapping_claim")
#: Longitudes a zone file in degrees may hold: polygons drawn across the antimeridian go past
#: 180 (and are split there when read); latitudes as ever.
LON_RANGE = (-180.0, 360.0)
LAT_RANGE = (-90.0, 90.0)

OWN, SHARED, OTHER = "own", "shared", "other"

# What zone names add around a place's own name: a state prefix ("Japan: "), the kind of zone
# ("Disputed land "), where a land row came from (" (bundled land layer)", " (land left out of
# its EEZ polygon)").
_STATE_PREFIX = re.compile(r"^[^:()]{1,60}:\s+")
_KIND_PREFIX = re.compile(r"^Disputed land\s+", re.I)
_ORIGIN_SUFFIX = re.compile(r"\s*\((?:bundled land layer|land left out of its EEZ polygon|left out of its EEZ polygon)\)$", re.I)


@functools.lru_cache(maxsize=4096)
def territory_name(name):
    """A piece of land's name as territory — the ``nearest_territory`` style, one for every data set.

    The style: the place's own name, romanised, with the names other claimants (or other
    languages) use in parentheses, alternatives separated by "/" without spaces; no state
    prefix (the state is the target asked about) and no words about the zone or where its row
    came from. So "Japan: Oshima-Oshima" → "Oshima-Oshima", "Disputed land Southern Kuril
    Islands (Etorofu/Kunashiri/Shikotan/Habomai)" → "Southern Kuril Islands
    (Etorofu/Kunashiri/Shikotan/Habomai)"; "Takeshima Higashijima (Dokdo Dongdo)" stays as it is.
    Zone names (``zone_name``) keep the data's own wording; only territory names are made here.

    Parameters
    ----------
    name : str or None
        A land zone's name or a baseline rock's name, as the data gives it.

    Returns
    -------
    str or None
        None for no name.

    Examples
    --------
    >>> territory_name("Japan: Oshima-Oshima"), territory_name("Japan (land left out of its EEZ polygon)")
    ('Oshima-Oshima', 'Japan')
    >>> territory_name("Okinotorishima (Kita-kojima / Higashi-kojima)")
    'Okinotorishima (Kita-kojima/Higashi-kojima)'
    >>> territory_name("Japan: Honshu (bundled land layer)")
    'Honshu'
    """
    if name is None or (isinstance(name, float) and name != name):
        return None
    text = " ".join(str(name).split())
    text = _ORIGIN_SUFFIX.sub("", text)
    text = _KIND_PREFIX.sub("", _STATE_PREFIX.sub("", text, count=1))
    text = re.sub(r"\(([^()]*)\)", lambda m: "(" + re.sub(r"\s*/\s*", "/", m.group(1).strip()) + ")", text)
    return text or None


def claim_roles(zone_type, sovereigns, target: str) -> tuple[np.ndarray, np.ndarray]:
    """Which zones are ``target``'s own and which it shares, for a whole table at once.

    Parameters
    ----------
    zone_type : array-like of str
        One zone type per zone (:data:`ZONE_TYPES`).
    sovereigns : sequence of tuple of str
        The ISO 3166-1 alpha-3 codes of each zone's sovereign or claimants, in the data's order.
    target : str
        The state asked about.

    Returns
    -------
    own, shared : numpy.ndarray of bool
        ``own``: the zone is the target's alone (it is the first sovereign of a zone that is not
        shared). ``shared``: the target is a party of a shared zone — an overlapping claim or
        joint regime, or land claimed by several states (a disputed island). A zone is never both.

    Examples
    --------
    >>> own, shared = claim_roles(["eez", "overlapping_claim", "land"], [("JPN",), ("JPN", "KOR"), ("KOR",)], "JPN")
    >>> own.tolist(), shared.tolist()
    ([True, False, False], [False, True, False])
    """
    zt = np.asarray(zone_type, dtype=object)
    sov = list(sovereigns)
    shared_zone = np.isin(zt, list(SHARED_ZONE_TYPES)) | (
        (zt == "land") & np.fromiter((len(s) > 1 for s in sov), dtype=bool, count=len(sov))
    )
    party = np.fromiter((target in s for s in sov), dtype=bool, count=len(sov))
    first = np.fromiter((len(s) > 0 and s[0] == target for s in sov), dtype=bool, count=len(sov))
    return first & ~shared_zone, party & shared_zone


def claim_role(zone_type: str, sovereigns, target: str) -> str:
    """:data:`OWN`, :data:`SHARED` or :data:`OTHER` for one zone (see :func:`claim_roles`).

    Parameters
    ----------
    zone_type : str
        The zone's type (:data:`ZONE_TYPES`).
    sovereigns : sequence of str or None
        Its sovereign or claimants, ISO 3166-1 alpha-3.
    target : str
        The state asked about.

    Returns
    -------
    str

    Examples
    --------
    >>> claim_role("joint_regime", ("JPN", "KOR"), "KOR")
    'shared'
    """
    own, shared = claim_roles([zone_type], [tuple(sovereigns or ())], target)
    return OWN if own[0] else SHARED if shared[0] else OTHER


@dataclass(frozen=True)
class DataSource:
    """Which data an answer came from: name, edition, licence and the attribution to show."""

    dataset: str
    edition: str
    licence: str
    attribution: str
    path: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        """One line for tables and maps, e.g. 'Marine Regions World EEZ v12 (2023-10-25), CC BY 4.0'."""
        desc = f": {self.description}" if self.description else ""
        return f"{self.dataset}{desc}, edition {self.edition}; licence {self.licence}; {self.attribution}"

    def to_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            "edition": self.edition,
            "licence": self.licence,
            "attribution": self.attribution,
            "path": self.path,
            "description": self.description,
        }


@dataclass(frozen=True, eq=False)
class Zones:
    """A normalised zone table plus where it came from. Hashable by identity (used as a cache key)."""

    table: object  # geopandas.GeoDataFrame; typed loosely so importing this module stays cheap
    source: DataSource
    metadata: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.table)
