"""The zone index: which zone covers each point, what a state claims; its grid and disk cache.

``grid`` (the compiled grid, pure computation) ← ``zone_index`` (ZoneIndex, TargetClaim) ←
``cache`` (the on-disk cache and :func:`~geo.index.cache.load_index`, the one way to get the
index of any ``zones=`` value).
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

__all__ = ["ZoneIndex", "TargetClaim", "index_for", "HIGH_SEAS", "load_index"]

_WHERE = {"load_index": "geo.index.cache"}


def __getattr__(name: str):
    if name.startswith("__") or find_spec(f"{__name__}.{name}") is not None:
        raise AttributeError(name)  # a dunder, or a submodule the import system loads itself
    return getattr(import_module(_WHERE.get(name, "geo.index.zone_index")), name)
