"""Prepared copies: a big zone file or a download, read once for its region and kept normalised.

A full-resolution World EEZ GeoPackage (a few hundred MB) or the downloaded Marine Regions layers
are read only for the features meeting a region, checked and repaired once by
:func:`geo.zones.read_zones`, and the normalised table is kept as a FlatGeobuf in this project's
schema, with its metadata sidecar, in ``<cache>/prepared/`` (:func:`prepare_zones`). A copy is
keyed by the files' size, modification time, a hash of their first and last MiB, the region,
the bundled data (whose land layer tells islands from high-seas pockets) and
:data:`PREPARED_VERSION`; an edited file is never served stale, and its old copy is pruned.
FlatGeobuf rather than GeoParquet: the GDAL in pyogrio's wheels has no Parquet driver, and
``read_zones`` reads through GDAL. See ``benchmarks/bench_zone_cache.py``.

(Not to be confused with the *compiled* zone index of :mod:`geo.index.cache`, the point-location
grid built from whatever zone file is used — a prepared copy included.)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from pathlib import Path

from geo._files import atomic_write, atomic_write_text, bundled_path, cache_dir, read_sidecar, sidecar_path
from geo.errors import ZoneDataError
from geo.zones.model import DataSource, Zones
from geo.zones.readers import read_zones

__all__ = ["PREPARED_VERSION", "prepared_dir", "prepared_path", "prepare_zones", "prepared_or_read"]

#: Bump when geo.zones' normalisation or the prepared layout changes, to ignore old copies.
PREPARED_VERSION = 2
_HASH_SPAN = 1 << 20  # hash the first and last MiB: cheap, and catches an edit the mtime hides


def prepared_dir() -> Path:
    """``<cache>/prepared``: where prepared copies of downloads and big files are kept.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> prepared_dir().name
    'prepared'
    """
    return cache_dir() / "prepared"


def _file_stamp(p: Path) -> str:
    """Identity of a file's content: size, mtime and a hash of its first and last MiB."""
    st = p.stat()
    h = hashlib.sha256(f"{p}|{st.st_size}|{st.st_mtime_ns}".encode())
    with open(p, "rb") as fh:
        h.update(fh.read(_HASH_SPAN))
        if st.st_size > 2 * _HASH_SPAN:
            fh.seek(-_HASH_SPAN, os.SEEK_END)
            h.update(fh.read(_HASH_SPAN))
    side = sidecar_path(p)
    if side.exists() and side != p:
        h.update(side.read_bytes())  # a changed sidecar changes the attribution shown
    return h.hexdigest()


def _bundled_stamp() -> str:
    """The bundled data's size and mtime: read_zones borrows its land layer to tell islands from
    high-seas pockets in Marine Regions polygons, so a new bundled file must prepare again."""
    try:
        st = bundled_path().stat()
    except OSError:
        return "no-bundled"
    return f"{st.st_size}|{st.st_mtime_ns}"


def _norm_bbox(bbox):
    return tuple(float(v) for v in bbox) if bbox is not None else None


def _paths(paths) -> list[Path]:
    return [Path(p).expanduser().resolve() for p in ([paths] if isinstance(paths, (str, Path)) else paths)]


def prepared_path(paths, *, bbox=None, name: str | None = None) -> Path:
    """Where the prepared copy of ``paths`` (one or several zone files) for ``bbox`` lives.

    Parameters
    ----------
    paths, bbox, name
        As for :func:`prepare_zones`.

    Returns
    -------
    pathlib.Path
        ``<prepared_dir>/<name>-<key>.fgb``, whether or not it exists yet.

    Examples
    --------
    >>> prepared_path(bundled_path(), bbox=(120, 20, 150, 50)).suffix
    '.fgb'
    """
    paths = _paths(paths)
    h = hashlib.sha256(f"v{PREPARED_VERSION}|{_norm_bbox(bbox)}".encode())
    for p in paths:
        h.update(_file_stamp(p).encode())
    h.update(_bundled_stamp().encode())
    return prepared_dir() / f"{name or paths[0].stem}-{h.hexdigest()[:24]}.fgb"


def prepare_zones(paths, *, bbox=None, name: str | None = None) -> Path:
    """A normalised, repaired copy of zone file(s) in this project's schema; returns its path.

    Reads each file's features meeting ``bbox`` with :func:`geo.zones.read_zones` (bbox filter at
    read time, checks, repair), concatenates several files into one table (e.g. the EEZ, 12 NM
    and 24 NM layers: the classifier ranks overlapping zones), and writes a FlatGeobuf plus its
    ``.json`` sidecar (dataset, edition, licence, attribution, what it was prepared from)
    atomically into :func:`prepared_dir`. Later calls with the same files (size, mtime,
    head/tail hash) and bbox return the existing copy. An entry whose size does not match its
    sidecar is rebuilt, never trusted.

    Parameters
    ----------
    paths : path or list of paths
        The zone file(s).
    bbox : tuple of float, optional
        (west, south, east, north): keep only the features meeting it.
    name : str, optional
        The copy's file-name stem (default: the first file's).

    Returns
    -------
    pathlib.Path
        The prepared FlatGeobuf.

    Examples
    --------
    >>> prepare_zones(bundled_path(), bbox=(120, 20, 150, 50)).parent == prepared_dir()  # doctest: +SKIP
    True
    """
    prepared = prepared_or_read(paths, bbox=bbox, name=name, fallback=False)
    assert isinstance(prepared, Path)
    return prepared


def prepared_or_read(paths, *, bbox=None, name: str | None = None, fallback: bool = True):
    """:func:`prepare_zones`, or with ``fallback`` — when the copy cannot be written (a read-only
    cache) — the :class:`~geo.zones.Zones` read in memory, after a one-line warning.

    Parameters
    ----------
    paths, bbox, name
        As for :func:`prepare_zones`.
    fallback : bool
        False: an unwritable cache is a :class:`~geo.errors.ZoneDataError`.

    Returns
    -------
    pathlib.Path or Zones

    Examples
    --------
    >>> prepared_or_read(bundled_path(), bbox=(120, 20, 150, 50))  # doctest: +SKIP
    PosixPath('/home/me/.cache/eezcheck/prepared/japan_zones-….fgb')
    """
    paths, bbox = _paths(paths), _norm_bbox(bbox)
    target = prepared_path(paths, bbox=bbox, name=name)
    if target.exists():
        try:
            meta = read_sidecar(target)
            if meta.get("version") == PREPARED_VERSION and meta.get("bytes") == target.stat().st_size:
                return target
            raise ValueError("size does not match its metadata")
        except (OSError, ValueError) as exc:
            print(f"eezcheck: ignoring damaged prepared zone copy {target} ({exc}); rebuilding", file=sys.stderr)
    zones = _read_all(paths, bbox)
    try:
        _write_prepared(zones, target, paths, bbox)
    except OSError as exc:
        if not fallback:
            raise ZoneDataError(f"cannot write the prepared zone table {target} ({exc}); check that {prepared_dir()} is writable") from exc
        print(f"eezcheck: warning: cannot keep a prepared copy in {prepared_dir()} ({exc.strerror or exc}); "
              "reading the zone data in full each time", file=sys.stderr)
        return zones
    return target


def _read_all(paths: list[Path], bbox) -> Zones:
    """One :class:`Zones` from several files (their tables concatenated, the first one's source)."""
    import geopandas as gpd  # lazy: heavy
    import pandas as pd

    parts = [read_zones(p, bbox=bbox) for p in paths]
    first = parts[0]
    region = f"region {','.join(f'{v:g}' for v in bbox)} only" if bbox is not None else ""
    if len(parts) == 1:
        desc = "; ".join(x for x in (first.source.description, region) if x)
        return Zones(table=first.table, source=dataclasses.replace(first.source, description=desc), metadata=first.metadata)
    layers = [z.metadata.get("layer") or Path(z.source.path).stem for z in parts]
    table = gpd.GeoDataFrame(pd.concat([z.table for z in parts], ignore_index=True), geometry="geometry", crs="EPSG:4326")
    dataset = "Marine Regions (WFS download)" if all(z.metadata.get("layer") for z in parts) else first.source.dataset
    source = DataSource(
        dataset=dataset,
        edition=first.source.edition,
        licence=first.source.licence,
        attribution=first.source.attribution,
        path=str(paths[0].parent),
        description="; ".join(x for x in ("layers " + " + ".join(layers), region) if x),
    )
    return Zones(table=table, source=source, metadata={"layers": layers})


def _prepared_table(zones: Zones):
    """The table in this project's file schema (sovereigns joined with ';')."""
    import geopandas as gpd  # lazy: heavy
    import pandas as pd

    t = zones.table
    return gpd.GeoDataFrame(
        {
            "zone_type": t["zone_type"].astype(str).to_numpy(),
            "sovereigns": [";".join(s) for s in t["sovereigns"]],
            "name": t["name"].astype(object).where(t["name"].notna(), None).to_numpy(),
            "mrgid": pd.array(t["mrgid"], dtype="Int64"),
            "territory": t["territory"].astype(object).where(t["territory"].notna(), None).to_numpy(),
        },
        geometry=t.geometry.values,
        crs="EPSG:4326",
    )


def _write_prepared(zones: Zones, target: Path, paths: list[Path], bbox) -> None:
    out = _prepared_table(zones)
    src = zones.source
    meta = {
        "dataset": src.dataset,
        "edition": src.edition,
        "licence": src.licence,
        "attribution": src.attribution,
        "description": src.description,
        "version": PREPARED_VERSION,
        "prepared_from": [str(p) for p in paths],
        "bbox": list(bbox) if bbox is not None else None,
        "rows": len(out),
        # read_zones repaired every geometry; a reader may skip its validity check (≈ 0.5 s on
        # a million vertices) when it sees this.
        "geometry_valid": True,
    }
    meta.update({k: zones.metadata[k] for k in ("layer", "retrieved", "sha256", "url") if k in zones.metadata})

    def write(tmp: Path) -> None:
        # No spatial index: FlatGeobuf would reorder the features along a Hilbert curve, and
        # table order breaks ties in the classifier.
        out.to_file(tmp, driver="FlatGeobuf", engine="pyogrio", layer=target.stem, promote_to_multi=True,
                    layer_options={"SPATIAL_INDEX": "NO"})
        meta["bytes"] = tmp.stat().st_size
        # Sidecar first: the .fgb appearing is what marks the entry complete.
        atomic_write_text(sidecar_path(target), json.dumps(meta, indent=1, default=str))

    atomic_write(target, write)
    _prune(target, meta["prepared_from"], meta["bbox"])


def _prune(keep: Path, prepared_from: list, bbox) -> None:
    """Drop older prepared copies of the same files and region (the files changed since)."""
    for other in keep.parent.glob("*.fgb"):
        if other == keep:
            continue
        try:
            m = read_sidecar(other)
        except ValueError:
            continue
        if m.get("prepared_from") == prepared_from and m.get("bbox") == bbox:
            for q in (other, sidecar_path(other)):
                q.unlink(missing_ok=True)
