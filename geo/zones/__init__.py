"""Zone data: the normalised zone table, its readers, the catalogue of data sets, downloads.

Names load lazily so that ``import geo.zones`` stays cheap (the point command's fast path):
``load_zones`` and ``resolve_zones`` come from :mod:`geo.zones.catalog` (they take every
``zones=`` value), the rest from :mod:`geo.zones.readers`.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

__all__ = ["load_zones", "resolve_zones", "read_zones", "Zones", "DataSource", "bundled_path", "ZONE_TYPES",
           "SEA_ZONE_TYPES", "SHARED_ZONE_TYPES", "ZONES_ENV"]

_FROM_CATALOG = ("load_zones", "resolve_zones")


def __getattr__(name: str):
    if name.startswith("__") or find_spec(f"{__name__}.{name}") is not None:
        raise AttributeError(name)  # a dunder, or a submodule the import system loads itself
    return getattr(import_module("geo.zones.catalog" if name in _FROM_CATALOG else "geo.zones.readers"), name)
