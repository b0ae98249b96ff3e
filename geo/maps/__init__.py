"""folium (Leaflet) maps of verdicts, impacts, tracks and zones.

The names below load lazily, each from its module, so ``import geo.maps`` stays cheap: folium
is imported only when a map is drawn (:mod:`geo.maps.draw`, :mod:`geo.maps.elements`).

Modules: ``draw`` (result_map, to_html, save), ``layers`` (the features drawn), ``scenarios`` (a report's
scenarios: landing cloud, range arcs, source labels), ``style``
(colours, words, CSS, the popup script), ``legend``, ``elements`` (folium/branca elements),
``assets`` (CDN files, their local copies — the ``offline`` extra or npm —, inlining), ``inputs`` (checking what callers give).
No module is named like a function it exports, so ``geo.maps.result_map`` is always the function.
"""

from __future__ import annotations

from importlib import import_module

__all__ = [
    "result_map",
    "save",
    "to_html",
    "VERDICT_COLOURS",
    "verdict_of",
    "find_assets",
    "local_asset",
    "MapAssetsError",
    "MapAssets",
    "OFFLINE_INSTALL",
    "CdnPackage",
    "CDN_PACKAGES",
    "NPM_INSTALL",
]

#: Where each public name lives.
_HOME = {
    "result_map": "geo.maps.draw",
    "save": "geo.maps.draw",
    "to_html": "geo.maps.draw",
    "VERDICT_COLOURS": "geo.maps.style",
    "verdict_of": "geo.maps.style",
    "find_assets": "geo.maps.assets",
    "local_asset": "geo.maps.assets",
    "MapAssetsError": "geo.maps.assets",
    "MapAssets": "geo.maps.assets",
    "OFFLINE_INSTALL": "geo.maps.assets",
    "CdnPackage": "geo.maps.assets",
    "CDN_PACKAGES": "geo.maps.assets",
    "NPM_INSTALL": "geo.maps.assets",
}


def __getattr__(name: str):
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)


def __dir__():
    return sorted([*globals(), *__all__])
