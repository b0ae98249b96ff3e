"""The on-disk zone index cache: a compiled :class:`~geo.index.zone_index.ZoneIndex` per zone
file, so later processes answer without reading the zone file (or importing geopandas) at all.

Location
    ``geo._files.cache_dir()/index`` (``$EEZCHECK_CACHE_DIR`` overrides the user cache directory).
Entries
    ``<stem>-<key>/`` holds ``meta.json`` (the zone attributes and data source), ``geoms.wkb`` +
    ``wkb_offsets.npy`` + ``bounds.npy``, ``grid.npy`` + ``blocks.npy`` (the grid of
    :mod:`geo.index.grid`, memory-mapped on load), ``manifest.json`` (the size and checksum of each
    of those files, and its own checksum), and per-target claims (:mod:`geo.index.claim_store`).
    An entry is written into a temporary folder and renamed into place, so it appears whole or
    not at all; the temporary folders of killed builds are removed by the next build, and so are
    entries unused for :data:`UNUSED_AFTER_S` (an edited file's or an older eezcheck's: their keys
    are never asked for again). Using an entry refreshes its manifest's modification time, at most
    once a day.
Keys
    The key hashes the zone data's *content* (the file and its sidecars: every byte when they
    total at most :data:`FULL_HASH_BYTES`, else remembered per (path, size, mtime, inode, ctime)),
    the bundled land layer's (Marine Regions data borrows it), the resolved path, and the source of
    the modules that shape an entry, with shapely/GEOS/pyproj versions: an edited file, even one
    of the same size and modification time, or a new eezcheck never reuses a stale entry.
Integrity
    Before an entry is used every file's size and checksum is compared with its manifest
    (:mod:`geo.index.integrity`); any mismatch or read error discards the entry, says so in one
    line on stderr, and rebuilds it. A damaged cache costs a rebuild, never a wrong verdict. No
    fsync is needed for the same reason: a file lost in a crash fails its checksum.

Reading an entry needs numpy, shapely, pyproj and xxhash only — which is what lets
``eezcheck point`` answer in a fraction of a second.
"""

from __future__ import annotations

import functools
import hashlib
import json
import mmap
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyproj
import shapely

import geo
from geo._files import atomic_write_text, bundled_path, cache_dir
from geo.index.claim_store import ClaimStore
from geo.index.grid import SUB, Grid
from geo.index.integrity import (
    ALGORITHM,
    DamagedCache,
    bytes_digest,
    check_file,
    discard,
    file_digest,
    files_digest,
    remove_stale_temps,
    temp_prefix,
    warn_damaged,
)
from geo.index.zone_index import ZoneIndex, index_for
from geo.zones.catalog import resolve_zones
from geo.zones.model import Zones

__all__ = ["load_index", "index_for_path", "clear_loaded", "cache_root", "entry_dir", "content_digest",
           "code_version", "write_entry", "read_entry", "remove_unused_entries", "INDEX_VERSION", "FULL_HASH_BYTES",
           "UNUSED_AFTER_S"]

#: Bump when the on-disk layout changes.
INDEX_VERSION = 3
#: Zone data up to this size is hashed in full on every start (~2 ms for the bundled zones).
FULL_HASH_BYTES = 64 << 20
MANIFEST = "manifest.json"
#: An entry not used for this long is removed by the next build (another venv's eezcheck that
#: still uses it rebuilds it: costs one build, never an answer).
UNUSED_AFTER_S = 30 * 86400
# Using an entry marks it used when its mark is older than this (one utime a day, not per start).
_MARK_EVERY_S = 86400
ENTRY_FILES = ("meta.json", "geoms.wkb", "wkb_offsets.npy", "bounds.npy", "grid.npy", "blocks.npy")
# Source files whose content shapes an entry (normalisation, ownership, ranking, layout, lines).
_CODE_FILES = ("zones/model.py", "zones/readers.py", "geodesy.py", "index/grid.py", "index/zone_index.py",
               "index/claim_store.py", "index/integrity.py", "index/cache.py")
# Files beside a zone file that belong to it (a shapefile's parts, the metadata sidecar).
_SIDECARS = (".shx", ".dbf", ".prj", ".cpg", ".json")


# --------------------------------------------------------------------------- location & keys


def cache_root() -> Path:
    """Where entries live.

    Returns
    -------
    pathlib.Path
        ``geo._files.cache_dir() / "index"``.
    """
    return cache_dir() / "index"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the layout version, the library versions and the source of the modules that shape
    an entry (GEOS decides make_valid and the predicates, PROJ the geodesics).

    Returns
    -------
    str
        16 hexadecimal digits.
    """
    h = hashlib.sha256(
        f"{INDEX_VERSION}|{geo.__version__}|{shapely.__version__}|{shapely.geos_version_string}|{pyproj.__version__}".encode()
    )
    here = Path(__file__).resolve().parents[1]  # geo/
    for name in _CODE_FILES:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()[:16]


def _data_files(p: Path) -> list[Path]:
    files = [p]
    for ext in _SIDECARS:
        s = p.with_suffix(ext)
        if s != p and s.exists():
            files.append(s)
    alt = Path(str(p) + ".json")
    if alt.exists():
        files.append(alt)
    return files


def _identity(files) -> list:
    """What changes whenever a file's bytes may have: ctime moves on every write (``os.utime``
    included), the inode on every replace."""
    out = []
    for f in files:
        st = f.stat()
        out.append([str(f), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns])
    return out


def content_digest(path) -> str:
    """Checksum of a zone file's content and its sidecars'.

    Parameters
    ----------
    path : str or pathlib.Path
        The zone file (resolved).

    Returns
    -------
    str
        Every byte hashed when the files total at most :data:`FULL_HASH_BYTES`; bigger ones are
        hashed once per (path, size, mtime, inode, ctime) and remembered in ``<cache>/index/stamps``.
    """
    files = _data_files(Path(path))
    ident = _identity(files)
    if sum(row[1] for row in ident) <= FULL_HASH_BYTES:
        return files_digest(files)
    stamp = cache_root() / "stamps" / (bytes_digest(str(path).encode())[:24] + ".json")
    try:
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if saved.get("files") == ident and isinstance(saved.get("digest"), str):
            return saved["digest"]
    except (OSError, ValueError):
        pass
    digest = files_digest(files)
    try:
        atomic_write_text(stamp, json.dumps({"files": ident, "digest": digest}))
    except OSError:
        pass
    return digest


def _bundled_part(p: Path) -> str:
    # Reading a Marine Regions file borrows the bundled land layer (geo.zones): its bytes count too.
    b = bundled_path().expanduser()
    if b.exists() and b.resolve() == p:
        return "self"
    return content_digest(b.resolve()) if b.is_file() else "none"


def entry_dir(path) -> Path:
    """The cache entry of a zone file (which may not exist yet).

    Parameters
    ----------
    path : str or pathlib.Path
        The zone file, resolved.

    Returns
    -------
    pathlib.Path
        ``cache_root() / "<stem>-<key>"`` (see the module docstring for the key).
    """
    p = Path(path)
    key = bytes_digest(f"{content_digest(p)}|{_bundled_part(p)}|{p}|{code_version()}".encode())[:24]
    return cache_root() / f"{p.stem}-{key}"


# --------------------------------------------------------------------------- writing / reading entries


def _write_files(index: ZoneIndex, folder: Path) -> None:
    wkb = shapely.to_wkb(index.geoms)
    lengths = np.fromiter((len(b) for b in wkb), dtype=np.int64, count=len(wkb))
    with open(folder / "geoms.wkb", "wb") as fh:
        for b in wkb:
            fh.write(b)
    np.save(folder / "wkb_offsets.npy", np.r_[0, np.cumsum(lengths)])
    np.save(folder / "bounds.npy", shapely.bounds(index.geoms))
    grid = index.grid
    np.save(folder / "grid.npy", np.ascontiguousarray(grid.codes))
    np.save(folder / "blocks.npy", np.ascontiguousarray(grid.blocks))
    meta = {
        "source": index.source.to_dict(),
        "source_label": index.source.label,
        "zone_type": [str(v) for v in index.zone_type],
        "sovereigns": [list(s) for s in index.sovereigns],
        "names": [None if v is None else str(v) for v in index.names],
        "mrgid": [None if v is None else int(v) for v in index.mrgid],
        "baseline_points": list(index.baseline_points),
        "region": list(index.region) if index.region else None,
        "zone_types": list(index.zone_types),
        "grid": grid.params(),
    }
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def _manifest_body(folder: Path) -> dict:
    files = {name: [(folder / name).stat().st_size, file_digest(folder / name)] for name in ENTRY_FILES}
    return {"version": INDEX_VERSION, "code_version": code_version(), "algorithm": ALGORITHM, "files": files}


def _sealed(body: dict) -> str:
    return bytes_digest(json.dumps(body, sort_keys=True).encode())


def write_entry(index: ZoneIndex, entry: Path) -> None:
    """Write ``index`` (with its grid) as the cache entry ``entry``, atomically.

    Parameters
    ----------
    index : ZoneIndex
        Built from the zone data.
    entry : pathlib.Path
        From :func:`entry_dir`. If another process wrote it first, theirs is kept.
    """
    entry.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(entry.parent)
    remove_unused_entries(entry.parent, keep=entry)
    tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(entry.name), dir=entry.parent))
    try:
        _write_files(index, tmp)
        body = _manifest_body(tmp)
        (tmp / MANIFEST).write_text(json.dumps({**body, "sealed": _sealed(body)}), encoding="utf-8")
        try:
            os.rename(tmp, entry)
        except OSError:
            if not (entry / MANIFEST).exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process won the race
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def remove_unused_entries(root: Path, *, keep: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove the entries in ``root`` whose manifest has not been used for :data:`UNUSED_AFTER_S`.

    Keeps the cache from growing with every zone edition ever opened; folders without a
    manifest (not entries, or being renamed into place) and dot-folders are left alone.

    Parameters
    ----------
    root : pathlib.Path
        The cache folder (:func:`cache_root`).
    keep : pathlib.Path, optional
        An entry never removed (the one being written).
    now : float, optional
        The time to measure age from (``time.time()``).

    Returns
    -------
    list of pathlib.Path
        What was removed.

    Examples
    --------
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "old").mkdir(); _ = (root / "old" / MANIFEST).write_text("{}")
    >>> [p.name for p in remove_unused_entries(root, now=time.time() + UNUSED_AFTER_S + 60)]
    ['old']
    >>> shutil.rmtree(root)
    """
    now = time.time() if now is None else now
    removed = []
    try:
        children = [Path(c.path) for c in os.scandir(root) if c.is_dir(follow_symlinks=False)]
    except OSError:
        return removed
    for child in children:
        if child.name.startswith(".") or (keep is not None and child == keep):
            continue  # temporary folders are remove_stale_temps' business
        try:
            used = (child / MANIFEST).stat().st_mtime
        except OSError:
            continue  # no manifest: not an entry of ours (or one being renamed into place)
        if now - used > UNUSED_AFTER_S:
            discard(child)
            removed.append(child)
    return removed


def _mark_used(entry: Path) -> None:
    try:
        manifest = entry / MANIFEST
        if time.time() - manifest.stat().st_mtime > _MARK_EVERY_S:
            os.utime(manifest)
    except OSError:
        pass  # a read-only cache is still a cache


def _verified_manifest(entry: Path) -> dict:
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        sealed = manifest.pop("sealed")
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise DamagedCache(f"{MANIFEST} unreadable ({exc})") from exc
    if sealed != _sealed(manifest):
        raise DamagedCache(f"{MANIFEST} checksum mismatch")
    if manifest.get("version") != INDEX_VERSION or manifest.get("code_version") != code_version():
        raise DamagedCache("written by another eezcheck version")
    if sorted(manifest.get("files", ())) != sorted(ENTRY_FILES) or manifest.get("algorithm") != ALGORITHM:
        raise DamagedCache(f"{MANIFEST} lists other files")
    for name, (size, digest) in manifest["files"].items():
        check_file(entry / name, size, digest)
    return manifest


def _mapped(path: Path):
    """A file's bytes, memory-mapped read-only: they stay readable if another process discards
    the entry meanwhile (as the memory-mapped grid does)."""
    with open(path, "rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(fh.fileno()).st_size else b""


def read_entry(entry: Path) -> ZoneIndex:
    """The index kept in ``entry``, its every file checked against its manifest first.

    Parameters
    ----------
    entry : pathlib.Path

    Returns
    -------
    ZoneIndex
        Geometries decoded on demand, grid memory-mapped, claims kept in the entry.

    Raises
    ------
    DamagedCache
        A file is missing, unreadable, or not what was written.
    """
    _verified_manifest(entry)
    meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    offsets = np.load(entry / "wkb_offsets.npy")
    n = len(meta["zone_type"])
    if len(offsets) != n + 1 or (entry / "geoms.wkb").stat().st_size != offsets[-1]:
        raise DamagedCache("geometry file does not match its offsets")
    g = meta["grid"]
    codes = np.load(entry / "grid.npy", mmap_mode="r")
    blocks = np.load(entry / "blocks.npy", mmap_mode="r")
    if codes.shape != (g["ny"], g["nx"]) or blocks.shape[1:] != (SUB, SUB) or g.get("sub") != SUB:
        raise DamagedCache("grid shape does not match its metadata")
    sov = np.empty(n, dtype=object)
    sov[:] = [tuple(s) for s in meta["sovereigns"]]
    return ZoneIndex.from_arrays(
        wkb=_mapped(entry / "geoms.wkb"),
        offsets=offsets,
        bounds=np.load(entry / "bounds.npy"),
        zone_type=np.array(meta["zone_type"], dtype=object),
        sovereigns=sov,
        names=np.array(meta["names"], dtype=object),
        mrgid=np.array(meta["mrgid"], dtype=object),
        source=meta["source"],
        source_label=meta["source_label"],
        baseline_points=meta.get("baseline_points", []),
        region=meta.get("region"),
        zone_types=meta["zone_types"],
        grid=Grid(codes, blocks, g["x0"], g["y0"], g["level"]),
        claim_store=ClaimStore(entry),
    )


# --------------------------------------------------------------------------- the index of a file


def _read_sound(entry: Path) -> ZoneIndex | None:
    """The entry's index, or None if there is none — or it is damaged: then it is discarded."""
    if not os.path.lexists(entry):
        return None
    try:
        index = read_entry(entry)
    except Exception as exc:  # noqa: BLE001 - damage shows in many ways; never answer from it
        warn_damaged(entry, exc)
        discard(entry)
        return None
    _mark_used(entry)
    return index


def _read_zones(p: Path):
    from geo.zones.readers import read_zones  # lazy: pandas and geopandas, for building only

    # read_zones, not load_zones: its in-process cache is keyed on (mtime, size) and would hand
    # back the old table of a file edited in place.
    return read_zones(p)


def _load_or_build(p: Path) -> ZoneIndex:
    try:
        entry = entry_dir(p)
    except OSError as exc:
        print(f"eezcheck: zone index cache unavailable ({exc}); reading {p}", file=sys.stderr)
        return ZoneIndex(_read_zones(p))
    index = _read_sound(entry)
    if index is not None:
        return index
    built = ZoneIndex(_read_zones(p))
    try:
        write_entry(built, entry)
        return read_entry(entry)
    except (OSError, DamagedCache) as exc:  # an unwritable (or failing) cache costs speed only
        print(f"eezcheck: zone index cache unavailable ({exc}); using {p} as read", file=sys.stderr)
        return built


def _signature(p: Path) -> tuple:
    files = _data_files(p)
    b = bundled_path().expanduser()
    if b.is_file():
        files += _data_files(b.resolve())
    return tuple(tuple(row) for row in _identity(files))


@functools.lru_cache(maxsize=8)
def _loaded(path: str, signature: tuple) -> ZoneIndex:
    return _load_or_build(Path(path))


def index_for_path(path) -> ZoneIndex:
    """The zone index of the file at ``path``, from the compiled cache (built on first use).

    Kept for the process while the data files (and the bundled ones) keep their size, mtime,
    inode and ctime — any edit changes the ctime. Without a usable cache (read-only disk) it
    reads the file; a damaged entry is rebuilt, never used.

    Parameters
    ----------
    path : str or pathlib.Path
        A zone file.

    Returns
    -------
    ZoneIndex

    Examples
    --------
    >>> index_for_path(bundled_path()).claim_store is not None  # doctest: +SKIP
    True
    """
    p = Path(path).expanduser().resolve()
    return _loaded(str(p), _signature(p))


def clear_loaded() -> None:
    """Forget the indexes kept in this process (the next call reads the disk cache again)."""
    _loaded.cache_clear()


def load_index(zones=None) -> ZoneIndex:
    """The compiled, cached zone index for any ``zones=`` value.

    Parameters
    ----------
    zones : None, str, pathlib.Path or Zones
        As ``geo.zones.catalog.resolve_zones`` takes it: None (the default data set), "bundled",
        a data set name such as "marineregions", a path, or a loaded :class:`~geo.zones.Zones`.

    Returns
    -------
    ZoneIndex
        A file's index comes from the on-disk cache (:func:`index_for_path`); a Zones' is built
        once per process (``geo.index.index_for``).

    Raises
    ------
    geo.errors.DataNotFoundError, geo.errors.ZoneDataError
        Missing or unreadable zone data, in the loader's words.

    Examples
    --------
    >>> idx = load_index("bundled")
    >>> str(idx.zone_type[idx.locate([137.8], [41.5], "JPN")[0]])
    'eez'
    """
    resolved = resolve_zones(zones)
    if isinstance(resolved, Zones):
        return index_for(resolved)
    path = bundled_path() if resolved is None else Path(resolved).expanduser()
    if not path.is_file():
        from geo.zones.readers import load_zones  # lazy: pandas; it says what is missing, in its words

        return index_for(load_zones(resolved))
    return index_for_path(path)
