"""The compiled zone index: a lon/lat grid that answers most points without a polygon test,
cached on disk so later processes skip reading the zone file at all.

Grid
    A regular lon/lat grid of ``2**-k`` degree cells (k chosen so the grid over the data's
    bounds has at most :data:`MAX_CELLS` cells; 1/32° ≈ 3.5 km for the bundled Japan data,
    1/16° for a whole-world layer). Every polygon ring is cut into pieces of at most a quarter
    cell and each piece marks the cells its bounding box, widened by :data:`EPS` degrees, meets:
    a superset of the cells any edge passes through or touches. The other cells are grouped into
    4-connected components; no zone edge meets a component (nor comes within ``EPS`` of it), so
    every point in it is covered by the same zones, and one exact shapely test at one cell centre
    answers for the whole component. A component where two zones of the same (best) rank cover
    the point, or where the answer would depend on the target state, is left to the exact test.

    Lookup computes ``floor((lon - x0) * 2**k)``: x0 is a multiple of the cell size and the
    multiplication by a power of two is exact, so a point is placed at most one rounding of
    ``lon - x0`` (< 1e-13°) outside its cell — far inside ``EPS`` = 1e-9°. Hence grid answers
    equal the exact test's for every point, on boundaries included (``covers`` rule: boundary
    points are always in marked cells and go to the exact test). ``tests/test_compiled.py``
    checks this on millions of points, many of them on or 1e-9° off edges, vertices and
    grid lines.

Cache
    ``<cache>/index/<key>/`` (``$EEZCHECK_CACHE_DIR`` or ``platformdirs.user_cache_dir("eezcheck")``)
    holds ``meta.json`` (the zone attributes and data source), ``geoms.wkb`` + ``wkb_offsets.npy``,
    ``grid.npy`` (memory-mapped on load) and per-target ``claim-<ISO3>.npz`` (the vertex arrays
    of the target's outer limit and land lines). The key hashes the zone file's bytes (and its
    sidecar files), its resolved path and the source of the modules that shape the index, so an
    edited file or a new eezcheck version never reuses a stale entry. Entries are written to a
    temporary directory and renamed into place (atomic); a damaged entry is rebuilt.
    Reading a cached entry needs numpy, shapely and pyproj only — no geopandas or pandas — which
    is what lets ``eezcheck point`` answer in a fraction of a second.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely

__all__ = [
    "Grid",
    "build_grid",
    "cache_root",
    "index_for_path",
    "compile_path",
    "INDEX_VERSION",
    "bundled_zone_path",
    "BOUNDARY",
    "MAX_CELLS",
]

#: Bump when the on-disk layout changes.
INDEX_VERSION = 2
#: Cell code: a boundary cell (or an ambiguous component) — use the exact test.
BOUNDARY = -2
#: Coarse codes from here up point to a block of finer cells.
BLOCK_BASE = 1 << 30
#: Largest coarse grid (cells): 2**22 int32 = 16 MiB, memory-mapped when read.
MAX_CELLS = 1 << 22
#: Finest coarse cell: 2**-5 degree (~3.5 km).
MAX_LEVEL = 5
#: Each coarse cell an edge meets is split into SUB x SUB fine cells (8: three more levels).
SUB = 8
#: Margin (degrees) by which edge pieces are widened when marking boundary cells.
EPS = 1e-9
CACHE_ENV = "EEZCHECK_CACHE_DIR"
# Source files whose content shapes a compiled entry (normalisation, ranking, layout, line density).
_CODE_FILES = ("zones/readers.py", "index/zone_index.py", "index/cache.py", "geodesy.py")
# Files beside a zone file that belong to it (a shapefile's parts, the metadata sidecar).
_SIDECARS = (".shx", ".dbf", ".prj", ".cpg", ".json")


# --------------------------------------------------------------------------- the grid


class Grid:
    """Cell codes over a lon/lat grid, two levels.

    Coarse codes: zone row (>= 0), -1 high seas, BOUNDARY (exact test), or ``BLOCK_BASE + b``:
    the cell is split into
    ``SUB x SUB`` finer cells whose codes (same meaning, no blocks) are ``blocks[b]``.
    """

    def __init__(self, codes: np.ndarray, blocks: np.ndarray, x0: float, y0: float, level: int):
        self.codes = codes  # (ny, nx) int32, possibly memory-mapped
        self.blocks = blocks  # (nb, SUB, SUB) int16/int32, possibly memory-mapped
        self.x0 = float(x0)
        self.y0 = float(y0)
        self.level = int(level)
        self.inv = float(2**level)
        self.ny, self.nx = codes.shape

    @property
    def cell_size(self) -> float:
        return 1.0 / self.inv

    def lookup(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Code of the (fine) cell holding each point (finite lon/lat); -1 outside the grid."""
        # (lon - x0) is rounded once; scaling by a power of two is exact, so the coarse and the
        # fine cell index come from the same value and agree.
        fx = (lon - self.x0) * self.inv
        fy = (lat - self.y0) * self.inv
        inside = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)
        out = np.full(lon.shape, -1, dtype=np.int32)
        if not inside.all():
            sel = np.flatnonzero(inside)
            fx, fy = fx[sel], fy[sel]
        else:
            sel = None
        ix = fx.astype(np.intp)
        iy = fy.astype(np.intp)
        c = self.codes[iy, ix]
        split = np.flatnonzero(c >= BLOCK_BASE)
        if len(split):
            b = c[split] - BLOCK_BASE
            sx = (fx[split] * SUB).astype(np.intp) - ix[split] * SUB
            sy = (fy[split] * SUB).astype(np.intp) - iy[split] * SUB
            c[split] = self.blocks[b, sy, sx]
        if sel is None:
            out[:] = c
        else:
            out[sel] = c
        return out

    def params(self) -> dict:
        return {"x0": self.x0, "y0": self.y0, "level": self.level, "nx": self.nx, "ny": self.ny, "sub": SUB}


def _choose_level(bounds) -> tuple[int, float, float, int, int]:
    minx, miny, maxx, maxy = bounds
    for level in range(MAX_LEVEL, -1, -1):
        inv = 2.0**level
        d = 1.0 / inv
        # One spare cell on each side: points outside the grid are then clearly outside every zone.
        x0 = np.floor(minx * inv) / inv - d
        y0 = np.floor(miny * inv) / inv - d
        nx = int(np.ceil((maxx - x0) * inv)) + 2
        ny = int(np.ceil((maxy - y0) * inv)) + 2
        if nx * ny <= MAX_CELLS or level == 0:
            return level, x0, y0, nx, ny
    raise AssertionError("unreachable")


def _marked_cells(rings, x0: float, y0: float, inv: float, nx: int, ny: int):
    """(iy, ix) of every cell that a ring edge meets or comes within EPS of (with repeats)."""
    # Quarter-cell pieces: a piece's widened bounding box spans at most 2 x 2 cells.
    dense = shapely.segmentize(rings, 0.25 / inv)
    coords, ring = shapely.get_coordinates(dense, return_index=True)
    same = ring[1:] == ring[:-1]
    p, q = coords[:-1][same], coords[1:][same]
    lo = np.minimum(p, q) - EPS
    hi = np.maximum(p, q) + EPS
    ix = [np.clip(np.floor((v - x0) * inv).astype(np.int64), 0, nx - 1) for v in (lo[:, 0], hi[:, 0])]
    iy = [np.clip(np.floor((v - y0) * inv).astype(np.int64), 0, ny - 1) for v in (lo[:, 1], hi[:, 1])]
    return (np.concatenate([a for a in iy for _ in ix]), np.concatenate([b for _ in iy for b in ix]))


def _ring_batches(geoms, max_pieces: int, inv: float):
    """The polygons' rings in batches of at most ~max_pieces pieces at cell size 1/inv."""
    rings = shapely.get_rings(shapely.get_parts(np.asarray(geoms, dtype=object)))
    if not len(rings):
        return
    pieces = np.cumsum(shapely.length(rings) * 4 * inv + shapely.get_num_coordinates(rings))
    start = 0
    while start < len(rings):
        base = pieces[start - 1] if start else 0.0
        stop = max(start + 1, int(np.searchsorted(pieces, base + max_pieces, side="right")))
        yield rings[start:stop]
        start = stop


def build_grid(index) -> Grid:
    """Compile the grid of a :class:`geo.index.ZoneIndex` (see the module docstring)."""
    from scipy import ndimage

    geoms = index.geoms
    level, x0, y0, nx, ny = _choose_level(shapely.total_bounds(geoms))
    inv = 2.0**level
    d = 1.0 / inv
    raster = np.zeros((ny, nx), dtype=bool)
    for rings in _ring_batches(geoms, 2_000_000, inv):
        raster[_marked_cells(rings, x0, y0, inv, nx, ny)] = True
    labels, n = ndimage.label(~raster)
    flat = labels.ravel()
    # One representative cell per component (any cell will do: the answer is the same in all).
    rep = np.zeros(n + 1, dtype=np.intp)
    rep[flat] = np.arange(flat.size)
    rep = rep[1:]
    comp = component_codes(index, x0 + (rep % nx + 0.5) * d, y0 + (rep // nx + 0.5) * d)
    table = np.empty(n + 1, dtype=np.int64)
    table[0] = BOUNDARY
    table[1:] = comp
    coarse = table[labels]
    del labels, flat

    # Second level: each marked cell split into SUB x SUB fine cells, marked the same way.
    by, bx = np.nonzero(raster)
    nb = len(by)
    block_of = np.full((ny, nx), -1, dtype=np.int64)
    block_of[by, bx] = np.arange(nb)
    finv = inv * SUB
    fine_marked = np.zeros((nb, SUB, SUB), dtype=bool)
    for rings in _ring_batches(geoms, 2_000_000, finv):
        fy, fx = _marked_cells(rings, x0, y0, finv, nx * SUB, ny * SUB)
        b = block_of[fy // SUB, fx // SUB]
        # Fine pieces lie within the coarse pieces' widened boxes up to rounding (1e-13°): a mark
        # falling outside the coarse marked cells is that rounding; those cells are edge-free.
        keep = b >= 0
        fine_marked[b[keep], fy[keep] % SUB, fx[keep] % SUB] = True
    # Components within each block only (the structure does not connect blocks).
    structure = np.zeros((3, 3, 3), dtype=bool)
    structure[1] = ndimage.generate_binary_structure(2, 1)
    flabels, fn = ndimage.label(~fine_marked, structure=structure)
    fcode = np.full(fn + 1, np.iinfo(np.int64).min, dtype=np.int64)
    # A fine component touching an unmarked coarse neighbour (no edge between them) takes its code.
    for dy, dx, edge in ((0, -1, (slice(None), 0)), (0, 1, (slice(None), SUB - 1)), (-1, 0, (0, slice(None))), (1, 0, (SUB - 1, slice(None)))):
        ny_, nx_ = by + dy, bx + dx
        ok = (ny_ >= 0) & (ny_ < ny) & (nx_ >= 0) & (nx_ < nx)
        ok[ok] &= ~raster[ny_[ok], nx_[ok]]
        border = flabels[(np.flatnonzero(ok),) + edge]  # (k, SUB)
        code = np.broadcast_to(coarse[ny_[ok], nx_[ok]][:, None], border.shape)
        has = border > 0
        fcode[border[has]] = code[has]
    # Fine components facing each other across two split cells are one region: merge them, so
    # a code found for one reaches all, and each remaining region costs one exact test.
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    src, dst = [], []
    for dy, dx, mine, theirs in ((0, 1, (slice(None), SUB - 1), (slice(None), 0)), (1, 0, (SUB - 1, slice(None)), (0, slice(None)))):
        ny_, nx_ = by + dy, bx + dx
        ok = (ny_ < ny) & (nx_ < nx)
        other = np.full(nb, -1, dtype=np.int64)
        other[ok] = block_of[ny_[ok], nx_[ok]]
        pair = np.flatnonzero(other >= 0)
        a = flabels[(pair,) + mine]
        b2 = flabels[(other[pair],) + theirs]
        both = (a > 0) & (b2 > 0)
        src.append(a[both])
        dst.append(b2[both])
    src, dst = np.concatenate(src), np.concatenate(dst)
    graph = coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(fn + 1, fn + 1))
    _, group = connected_components(graph, directed=False)
    unset = np.iinfo(np.int64).min
    gcode = np.full(group.max() + 1, unset, dtype=np.int64)
    np.maximum.at(gcode, group, fcode)
    fcode = gcode[group]
    fcode[0] = BOUNDARY
    todo_groups = np.flatnonzero(gcode == unset)
    if len(todo_groups):
        # One fine cell per region: the exact test at its centre answers for the region.
        member = np.zeros(len(gcode), dtype=np.intp)
        member[group] = np.arange(fn + 1)
        cell = np.zeros(fn + 1, dtype=np.intp)
        fflat = flabels.ravel()
        cell[fflat] = np.arange(fflat.size)
        c = cell[member[todo_groups]]
        b, r = c // (SUB * SUB), c % (SUB * SUB)
        fd = d / SUB
        lon = x0 + bx[b] * d + (r % SUB + 0.5) * fd
        lat = y0 + by[b] * d + (r // SUB + 0.5) * fd
        gcode[todo_groups] = component_codes(index, lon, lat)
        fcode = gcode[group]
        fcode[0] = BOUNDARY
    small = len(geoms) < 30000
    blocks = fcode[flabels].astype(np.int16 if small else np.int32)
    coarse[by, bx] = BLOCK_BASE + np.arange(nb)
    return Grid(coarse.astype(np.int32), blocks, x0, y0, level)


def component_codes(index, lon, lat) -> np.ndarray:
    """Code for points that stand for whole components: the reported zone when it does not
    depend on the target state, high seas, or BOUNDARY."""
    from geo.index import HIGH_SEAS

    n = len(lon)
    out = np.full(n, HIGH_SEAS, dtype=np.int64)
    pts = shapely.points(lon, lat)
    pi, zi = index.zone_pairs(pts)
    if len(pi):
        order = np.lexsort((zi, index.rank[zi], pi))
        pi_s, zi_s = pi[order], zi[order]
        first = np.r_[True, pi_s[1:] != pi_s[:-1]]
        best_rank = np.full(n, -1)
        best_rank[pi_s[first]] = index.rank[zi_s[first]]
        # Several covering zones of the best rank: the target state decides → exact test.
        at_best = index.rank[zi_s] == best_rank[pi_s]
        count = np.bincount(pi_s[at_best], minlength=n)
        out[pi_s[first]] = zi_s[first]
        out[count > 1] = BOUNDARY
    return out


# --------------------------------------------------------------------------- cache location & keys


def cache_root() -> Path:
    """``<cache>/index``; ``$EEZCHECK_CACHE_DIR`` overrides the user cache directory."""
    env = os.environ.get(CACHE_ENV)
    if env:
        base = Path(env).expanduser()
    else:
        import platformdirs

        base = Path(platformdirs.user_cache_dir("eezcheck"))
    return base / "index"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the modules that shape a compiled entry (their source) and the layout version."""
    from geo import __version__

    import pyproj

    # GEOS decides make_valid and the predicates, PROJ the geodesics: both shape an entry.
    h = hashlib.sha256(f"{INDEX_VERSION}|{__version__}|{shapely.__version__}|{shapely.geos_version_string}|{pyproj.__version__}".encode())
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


def data_checksum(p: Path) -> str:
    """SHA-256 of a zone file and its sidecars. Remembered per (path, size, mtime) in a stamp
    file so an unchanged file is not re-read on every start (a change of either re-hashes)."""
    files = _data_files(p)
    stats = [[str(f), f.stat().st_size, f.stat().st_mtime_ns] for f in files]
    stamp = cache_root() / "stamps" / (hashlib.sha256(str(p).encode()).hexdigest()[:24] + ".json")
    try:
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if saved.get("files") == stats and isinstance(saved.get("sha256"), str):
            return saved["sha256"]
    except (OSError, ValueError):
        pass
    h = hashlib.sha256()
    for f in files:
        h.update(f.suffix.encode())
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    digest = h.hexdigest()
    try:
        _atomic_text(stamp, json.dumps({"files": stats, "sha256": digest}))
    except OSError:
        pass
    return digest


def bundled_zone_path() -> Path:
    """``geo.zones.bundled_path()`` without importing geo.zones (which imports pandas); a test
    keeps the two equal."""
    from geo._files import bundled_path

    return bundled_path()


def _entry_dir(p: Path) -> Path:
    # Reading a Marine Regions file borrows the bundled land layer (geo.zones): its bytes count too.
    b = bundled_zone_path().expanduser()
    bundled = "self" if b.exists() and b.resolve() == p else (data_checksum(b.resolve()) if b.is_file() else "none")
    key = hashlib.sha256(f"{data_checksum(p)}|{bundled}|{p}|{code_version()}".encode()).hexdigest()[:24]
    return cache_root() / f"{p.stem}-{key}"


def _atomic_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --------------------------------------------------------------------------- writing / reading entries


def _write_entry(index, target_dir: Path) -> None:
    """Write ``index`` (a ZoneIndex with its grid) as a cache entry, atomically."""
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target_dir.name}.", dir=target_dir.parent))
    try:
        wkb = shapely.to_wkb(index.geoms)
        lengths = np.fromiter((len(b) for b in wkb), dtype=np.int64, count=len(wkb))
        offsets = np.r_[0, np.cumsum(lengths)]
        with open(tmp / "geoms.wkb", "wb") as fh:
            for b in wkb:
                fh.write(b)
        np.save(tmp / "wkb_offsets.npy", offsets)
        np.save(tmp / "bounds.npy", shapely.bounds(index.geoms))
        grid = index.grid
        np.save(tmp / "grid.npy", np.ascontiguousarray(grid.codes))
        np.save(tmp / "blocks.npy", np.ascontiguousarray(grid.blocks))
        meta = {
            "version": INDEX_VERSION,
            "code_version": code_version(),
            "source": index.source.to_dict(),
            "source_label": index.source.label,
            "zone_type": [str(v) for v in index.zone_type],
            "sovereigns": [list(s) for s in index.sovereigns],
            "names": [None if v is None else str(v) for v in index.names],
            "mrgid": [None if v is None else int(v) for v in index.mrgid],
            "baseline_points": list(index.baseline_points),
            "region": list(index.region) if index.region else None,
            "zone_types": list(index.zone_types),
            "shared_types": list(index.shared_types),
            "grid": grid.params(),
        }
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.rename(tmp, target_dir)
        except OSError:
            if not (target_dir / "meta.json").exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process won the race
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _read_entry(entry: Path):
    from geo.index import ZoneIndex

    meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    if meta.get("version") != INDEX_VERSION or meta.get("code_version") != code_version():
        raise ValueError("stale entry")
    offsets = np.load(entry / "wkb_offsets.npy")
    n = len(meta["zone_type"])
    if len(offsets) != n + 1 or (entry / "geoms.wkb").stat().st_size != offsets[-1]:
        raise ValueError("geometry file does not match its offsets")
    g = meta["grid"]
    codes = np.load(entry / "grid.npy", mmap_mode="r")
    blocks = np.load(entry / "blocks.npy", mmap_mode="r")
    if codes.shape != (g["ny"], g["nx"]) or blocks.shape[1:] != (SUB, SUB) or g.get("sub") != SUB:
        raise ValueError("grid shape does not match its metadata")
    sov = np.empty(n, dtype=object)
    sov[:] = [tuple(s) for s in meta["sovereigns"]]
    return ZoneIndex.from_arrays(
        wkb_path=entry / "geoms.wkb",
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
        shared_types=meta["shared_types"],
        grid=Grid(codes, blocks, g["x0"], g["y0"], g["level"]),
        entry=entry,
    )


def compile_path(path) -> Path:
    """Compile the zone file at ``path`` into the cache (if not there yet); returns the entry."""
    p = Path(path).expanduser().resolve()
    entry = _entry_dir(p)
    if not (entry / "meta.json").exists():
        from geo.index import index_for
        from geo.zones import load_zones

        _write_entry(index_for(load_zones(p)), entry)
    return entry


def index_for_path(path):
    """The zone index of the file at ``path``, from the compiled cache (built on first use).

    Without the cache (read-only disk, damaged entry) it falls back to reading the file.
    """
    p = Path(path).expanduser().resolve()
    st = p.stat()
    return _index_for_path(str(p), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=8)
def _index_for_path(path: str, mtime_ns: int, size: int):
    from geo.index import index_for

    def load_zones(p):
        from geo.zones import load_zones

        return load_zones(p)

    p = Path(path)
    try:
        entry = _entry_dir(p)
        if (entry / "meta.json").exists():
            try:
                return _read_entry(entry)
            except Exception as exc:  # noqa: BLE001 - a damaged entry is rebuilt, never trusted
                print(f"eezcheck: rebuilding damaged zone index {entry} ({exc})", file=sys.stderr)
                shutil.rmtree(entry, ignore_errors=True)
        index = index_for(load_zones(p))
        _write_entry(index, entry)
        return _read_entry(entry)
    except OSError as exc:  # an unwritable cache costs speed only
        print(f"eezcheck: zone index cache unavailable ({exc}); reading {p}", file=sys.stderr)
        return index_for(load_zones(p))


# --------------------------------------------------------------------------- cached claims


def save_claim(entry: Path, claim) -> None:
    """Keep the vertex arrays of a target's lines beside the entry (``claim-<ISO3>.npz``)."""
    arrays = {"exists": np.array(claim.exists)}
    for name in ("outer_limit", "land"):
        line = getattr(claim, name)
        if line is None:
            continue
        labels = np.asarray(line.labels)
        uniq, inv = np.unique(labels.astype(str), return_inverse=True) if labels.dtype == object else (None, labels)
        arrays[f"{name}_lon"] = line.lon
        arrays[f"{name}_lat"] = line.lat
        arrays[f"{name}_line"] = line.line_idx
        arrays[f"{name}_label"] = inv
        arrays[f"{name}_k"] = np.array(line.k)
        if uniq is not None:
            arrays[f"{name}_names"] = uniq
    target = entry / f"claim-{claim.target}.npz"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".npz", dir=entry)
    os.close(fd)
    try:
        np.savez(tmp, **arrays)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def load_claim(entry: Path, target: str):
    """(exists, outer_limit, land) from the cache, or None if not cached."""
    f = entry / f"claim-{target}.npz"
    if not f.exists():
        return None
    with np.load(f, allow_pickle=False) as z:
        exists = bool(z["exists"])
        lines = {}
        for name in ("outer_limit", "land"):
            if f"{name}_lon" not in z:
                lines[name] = None
                continue
            labels = z[f"{name}_label"]
            if f"{name}_names" in z:
                labels = np.asarray(z[f"{name}_names"].astype(object))[labels]
            lines[name] = cached_line(z[f"{name}_lon"], z[f"{name}_lat"], z[f"{name}_line"], labels, int(z[f"{name}_k"]))
    return exists, lines["outer_limit"], lines["land"]


class _NearestVertices:
    """k nearest vertices, with the interface of ``scipy.spatial.cKDTree.query``: brute force for a
    few query points (no scipy import: it costs more than the whole 'eezcheck point' budget),
    a k-d tree built on first use for larger batches. Both return the k nearest sorted by distance."""

    _BRUTE_LIMIT = 2_000_000  # query points x vertices

    def __init__(self, xyz: np.ndarray):
        self.xyz = xyz
        self._tree = None

    def query_ball_point(self, x, r):
        """Indices of the vertices within ``r`` of the one point ``x`` (as cKDTree's)."""
        if self._tree is not None:
            return self._tree.query_ball_point(x, r)
        return np.flatnonzero(((self.xyz - np.asarray(x)) ** 2).sum(axis=1) <= r * r)

    def query(self, q, k):
        q = np.atleast_2d(q)
        if self._tree is None and len(q) * len(self.xyz) <= self._BRUTE_LIMIT:
            out = np.empty((len(q), k), dtype=np.intp)
            dist = np.empty((len(q), k))
            for i, row in enumerate(q):
                d2 = ((self.xyz - row) ** 2).sum(axis=1)
                part = np.argpartition(d2, k - 1)[:k] if k < len(d2) else np.arange(len(d2))
                part = part[np.lexsort((part, d2[part]))]
                out[i] = part
                dist[i] = np.sqrt(d2[part])
            return dist, out
        if self._tree is None:
            from scipy.spatial import cKDTree

            self._tree = cKDTree(self.xyz)
        return self._tree.query(q, k=k)


def cached_line(lon, lat, line_idx, labels, k):
    """A :class:`geo.geodesy.NearestLine` rebuilt from its vertex arrays (no segmentizing, and
    no scipy until a large batch needs the k-d tree). Its ``query`` is NearestLine's own."""
    from geo.geodesy import NearestLine, to_ecef

    nl = object.__new__(NearestLine)
    n = len(lon)
    nl.lon = np.asarray(lon, dtype=float)
    nl.lat = np.asarray(lat, dtype=float)
    nl.line_idx = np.asarray(line_idx)
    nl.labels = np.asarray(labels)
    nl.xyz = to_ecef(nl.lon, nl.lat)
    # Same neighbour arrays as NearestLine.__init__.
    prev_ = np.arange(n) - 1
    next_ = np.arange(n) + 1
    if n:
        prev_[0] = -1
        next_[-1] = -1
    same_prev = np.r_[False, nl.line_idx[1:] == nl.line_idx[:-1]]
    same_next = np.r_[nl.line_idx[:-1] == nl.line_idx[1:], False]
    nl.prev = np.where(same_prev, prev_, -1)
    nl.next = np.where(same_next, next_, -1)
    nl.k = k
    nl.tree = _NearestVertices(nl.xyz)
    return nl
