"""Where the bundled zone data is — without importing pandas (the ``eezcheck point`` fast path)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ZONES_ENV = "EEZCHECK_ZONES"
BUNDLED_NAME = "japan_zones.shp"


def bundled_path() -> Path:
    """``$EEZCHECK_ZONES``, else ``shapefiles/`` of this checkout (``pip install -e .``), else the
    copy a regular install puts in ``<prefix>/share/eezcheck/shapefiles``."""
    env = os.environ.get(ZONES_ENV)
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parent.parent / "shapefiles" / BUNDLED_NAME
    if repo.exists():
        return repo
    installed = Path(sys.prefix) / "share" / "eezcheck" / "shapefiles" / BUNDLED_NAME
    return installed if installed.exists() else repo
