"""Which zone data a command uses: the bundled zones, a downloaded data set, or a path.

``resolve_zones(None)`` → the selected default (the bundled zones unless ``eezcheck data use``
chose another); a path → that file.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["resolve_zones"]


def resolve_zones(spec):
    """Turn what the user typed after ``--zones`` into something ``geo.zones.load_zones`` takes."""
    if spec is None or spec == "bundled":
        return None
    return Path(spec)
