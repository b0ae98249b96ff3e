"""folium (Leaflet) maps of verdicts, impacts, tracks and zones."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

__all__ = ["result_map", "save", "to_html", "VERDICT_COLOURS", "find_assets", "local_asset", "MapAssetsError"]


def __getattr__(name: str):
    if name.startswith("__") or find_spec(f"{__name__}.{name}") is not None:
        raise AttributeError(name)  # a dunder, or a submodule the import system loads itself
    return getattr(import_module("geo.maps.core"), name)
