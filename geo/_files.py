"""Files, once: where the bundled data and the user cache are, atomic writes, sidecar metadata.

Nothing here imports pandas or geopandas (the ``eezcheck point`` fast path reads it).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

#: Overrides the bundled zone file (like xyzservices' one overridable data path).
ZONES_ENV = "EEZCHECK_ZONES"
#: Overrides the user cache directory (downloads, compiled indexes, settings).
CACHE_ENV = "EEZCHECK_CACHE_DIR"
BUNDLED_NAME = "japan_zones.shp"


def bundled_file(name: str) -> Path:
    """A file the project ships in ``shapefiles/``: this checkout's copy (``pip install -e .``),
    else the one a regular install puts in ``<prefix>/share/eezcheck/shapefiles``."""
    repo = Path(__file__).resolve().parent.parent / "shapefiles" / name
    if repo.exists():
        return repo
    installed = Path(sys.prefix) / "share" / "eezcheck" / "shapefiles" / name
    return installed if installed.exists() else repo


def bundled_path() -> Path:
    """``$EEZCHECK_ZONES``, else the bundled zone file (:func:`bundled_file`)."""
    env = os.environ.get(ZONES_ENV)
    return Path(env) if env else bundled_file(BUNDLED_NAME)


def cache_dir() -> Path:
    """The user cache directory (``$EEZCHECK_CACHE_DIR`` overrides it)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("eezcheck"))


def atomic_write(path, write: Callable[[Path], object], *, fsync: bool = False) -> Path:
    """Call ``write(tmp_path)`` for a temporary path beside ``path``, then rename it into place.

    On any failure (an exception, Ctrl-C, SIGTERM turned into an exception) the temporary file is
    removed and ``path`` is left exactly as it was: nothing half-written is ever visible.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part" + path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        tmp.unlink()  # some GDAL drivers refuse to write over an existing file
        write(tmp)
        if fsync and tmp.is_file():
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def atomic_write_bytes(path, data: bytes, *, fsync: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data), fsync=fsync)


def atomic_write_text(path, text: str, *, fsync: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), fsync=fsync)


def sidecar_path(data_path) -> Path:
    """``NAME.json`` beside a data file: its metadata (edition, licence, checksum, query)."""
    p = Path(data_path)
    return p.with_suffix(".json")


def read_sidecar(data_path) -> dict:
    """The JSON metadata beside a data file (``NAME.json`` or ``NAME.ext.json``), ``{}`` if none.

    Raises ``ValueError`` (with the file named) for a sidecar that is not a JSON object.
    """
    p = Path(data_path)
    for cand in (p.with_suffix(".json"), Path(str(p) + ".json")):
        if cand.exists() and cand != p:
            try:
                meta = json.loads(cand.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ValueError(f"{cand}: metadata beside the data file is not valid JSON ({exc})") from exc
            if not isinstance(meta, dict):
                raise ValueError(f"{cand}: metadata beside the data file is not a JSON object")
            return meta
    return {}
