"""eezcheck — did it land in Japan's EEZ?

Classify points (or reported landing points) against maritime-zone polygons on the WGS84
ellipsoid. Heavy modules load lazily, so ``import geo`` is cheap.
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

__all__ = [
    "check_point",
    "check_points",
    "PointResult",
    "estimate_impact",
    "landing_point",
    "ImpactEstimate",
    "describe_point",
    "ground_track",
    "parse_report",
    "read_report",
    "past_launches",
    "find_place",
    "result_map",
    "load_zones",
    "read_zones",
    "Zones",
    "DataSource",
    "EEZCheckError",
    "InputError",
    "ZoneDataError",
    "DataNotFoundError",
    "DownloadError",
    "__version__",
]

_WHERE = {
    "check_point": "geo.classify",
    "check_points": "geo.classify",
    "PointResult": "geo.classify",
    "estimate_impact": "geo.reports.landing",
    "landing_point": "geo.reports.landing",
    "ImpactEstimate": "geo.reports.landing",
    "describe_point": "geo.reports.describe",
    "ground_track": "geo.reports.tracks",
    "parse_report": "geo.reports.phrases",
    "read_report": "geo.reports.article",
    "past_launches": "geo.reports.history",
    "find_place": "geo.reports.places",
    "result_map": "geo.maps",
    "load_zones": "geo.zones",
    "read_zones": "geo.zones",
    "Zones": "geo.zones",
    "DataSource": "geo.zones",
    "EEZCheckError": "geo.errors",
    "InputError": "geo.errors",
    "ZoneDataError": "geo.errors",
    "DataNotFoundError": "geo.errors",
    "DownloadError": "geo.errors",
}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
