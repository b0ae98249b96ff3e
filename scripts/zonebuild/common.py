"""Paths, constants and small helpers shared by the zone-build modules."""
from __future__ import annotations

import csv
import hashlib
import time
from pathlib import Path

from pyproj import Geod

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "scripts" / "data"
OUT_DIR = ROOT / "shapefiles"

#: Edition of the bundled data; the DBF header date is pinned to it (byte-identical builds).
EDITION = "2026-12-02"

NM = 1852.0  # metres, exactly
TS_M = 12 * NM
CZ_M = 24 * NM
EEZ_M = 200 * NM
GEOD = Geod(ellps="WGS84")
GRID_DEG = 1e-7  # output coordinate grid (~1 cm)


def log(msg: str) -> None:
    """Print a time-stamped progress line."""
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_csv(name: str | Path) -> list[dict]:
    """Rows of a UTF-8 CSV file; a relative name is taken inside ``scripts/data/``."""
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
