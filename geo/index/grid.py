"""The compiled grid: a lon/lat grid that answers most points without a polygon test.

Pure computation (numpy, shapely, scipy to build it); the on-disk copy is :mod:`geo.index.cache`.

A regular lon/lat grid of ``2**-k`` degree cells (k chosen so the grid over the data's bounds has
at most :data:`MAX_CELLS` cells; 1/32° ≈ 3.5 km for the bundled Japan data, 1/16° for a
whole-world layer). Every polygon ring is cut into pieces of at most a quarter cell and each piece
marks the cells its bounding box, widened by :data:`EPS` degrees, meets: a superset of the cells
any edge passes through or touches. The other cells are grouped into 4-connected components; no
zone edge meets a component (nor comes within ``EPS`` of it), so every point in it is covered by
the same zones, and one exact shapely test at one cell centre answers for the whole component.
A component where two zones of the same (best) rank cover the point, or where the answer would
depend on the target state, is left to the exact test (:data:`BOUNDARY`). Each marked coarse cell
is split into ``SUB x SUB`` fine cells, marked and labelled the same way (a second level).

Lookup computes ``floor((lon - x0) * 2**k)``: x0 is a multiple of the cell size and the
multiplication by a power of two is exact, so a point is placed at most one rounding of
``lon - x0`` (< 1e-13°) outside its cell — far inside ``EPS`` = 1e-9°. Hence grid answers equal
the exact test's for every point, on boundaries included (``covers`` rule: boundary points are
always in marked cells and go to the exact test). ``tests/test_index_grid.py`` checks this on
millions of points, many of them on or 1e-9° off edges, vertices and grid lines.
"""

from __future__ import annotations

import numpy as np
import shapely

__all__ = ["Grid", "build_grid", "component_codes", "BOUNDARY", "HIGH_SEAS", "BLOCK_BASE", "MAX_CELLS", "SUB"]

#: Cell code (and zone row): no zone covers the point.
HIGH_SEAS = -1
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
#: Ring pieces marked per batch (bounds the memory of the marking step).
_BATCH_PIECES = 2_000_000
_UNSET = np.iinfo(np.int64).min


class Grid:
    """Cell codes over a lon/lat grid, two levels.

    Coarse codes: zone row (>= 0), :data:`HIGH_SEAS`, :data:`BOUNDARY` (exact test), or
    ``BLOCK_BASE + b``: the cell is split into ``SUB x SUB`` finer cells whose codes (same
    meaning, no blocks) are ``blocks[b]``.

    Parameters
    ----------
    codes : numpy.ndarray
        (ny, nx) int32 coarse codes, possibly memory-mapped.
    blocks : numpy.ndarray
        (nb, SUB, SUB) int16 or int32 fine codes, possibly memory-mapped.
    x0, y0 : float
        Lon/lat of the grid's south-west corner (multiples of the cell size).
    level : int
        Cells are ``2**-level`` degrees.
    """

    def __init__(self, codes: np.ndarray, blocks: np.ndarray, x0: float, y0: float, level: int):
        self.codes = codes
        self.blocks = blocks
        self.x0 = float(x0)
        self.y0 = float(y0)
        self.level = int(level)
        self.inv = float(2**level)
        self.ny, self.nx = codes.shape

    @property
    def cell_size(self) -> float:
        """Coarse cell size, degrees."""
        return 1.0 / self.inv

    def lookup(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Code of the (fine) cell holding each point.

        Parameters
        ----------
        lon, lat : numpy.ndarray
            Finite coordinates, degrees.

        Returns
        -------
        numpy.ndarray of int32
            A zone row, :data:`HIGH_SEAS` (also outside the grid) or :data:`BOUNDARY`.

        Examples
        --------
        >>> g = Grid(np.full((4, 4), HIGH_SEAS, dtype=np.int32), np.zeros((0, SUB, SUB), np.int16), 0.0, 0.0, 0)
        >>> g.lookup(np.array([1.5, 9.0]), np.array([2.5, 0.0])).tolist()
        [-1, -1]
        """
        # (lon - x0) is rounded once; scaling by a power of two is exact, so the coarse and the
        # fine cell index come from the same value and agree.
        fx = (lon - self.x0) * self.inv
        fy = (lat - self.y0) * self.inv
        inside = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)
        sel = None if inside.all() else np.flatnonzero(inside)
        if sel is not None:
            fx, fy = fx[sel], fy[sel]
        ix = fx.astype(np.intp)
        iy = fy.astype(np.intp)
        # One flat gather (np.take) is faster than 2-D fancy indexing of the same cells.
        c = np.take(self.codes.reshape(-1), iy * self.nx + ix)
        split = np.flatnonzero(c >= BLOCK_BASE)
        if len(split):
            b = c[split] - BLOCK_BASE
            sx = (fx[split] * SUB).astype(np.intp) - ix[split] * SUB
            sy = (fy[split] * SUB).astype(np.intp) - iy[split] * SUB
            c[split] = np.take(self.blocks.reshape(-1), (b.astype(np.intp) * SUB + sy) * SUB + sx)
        if sel is None:
            return c
        out = np.full(lon.shape, HIGH_SEAS, dtype=np.int32)
        out[sel] = c
        return out

    def params(self) -> dict:
        """The numbers that place the arrays on the Earth (kept beside them on disk)."""
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


class _Layout:
    """The coarse grid being built: its placement, marked cells and the split cells' blocks."""

    def __init__(self, geoms):
        self.level, self.x0, self.y0, self.nx, self.ny = _choose_level(shapely.total_bounds(geoms))
        self.inv = 2.0**self.level
        self.d = 1.0 / self.inv
        self.raster = np.zeros((self.ny, self.nx), dtype=bool)
        for rings in _ring_batches(geoms, _BATCH_PIECES, self.inv):
            self.raster[_marked_cells(rings, self.x0, self.y0, self.inv, self.nx, self.ny)] = True
        self.by, self.bx = np.nonzero(self.raster)
        self.nb = len(self.by)
        self.block_of = np.full((self.ny, self.nx), -1, dtype=np.int64)
        self.block_of[self.by, self.bx] = np.arange(self.nb)


def _coarse_codes(index, lay: _Layout) -> np.ndarray:
    """Codes of the unmarked coarse cells (marked ones: BOUNDARY), one exact test per component."""
    from scipy import ndimage  # lazy: scipy is for building only, not for 'eezcheck point'

    labels, n = ndimage.label(~lay.raster)
    flat = labels.ravel()
    # One representative cell per component (any cell will do: the answer is the same in all).
    rep = np.zeros(n + 1, dtype=np.intp)
    rep[flat] = np.arange(flat.size)
    rep = rep[1:]
    table = np.empty(n + 1, dtype=np.int64)
    table[0] = BOUNDARY
    table[1:] = component_codes(index, lay.x0 + (rep % lay.nx + 0.5) * lay.d, lay.y0 + (rep // lay.nx + 0.5) * lay.d)
    return table[labels]


def _fine_labels(geoms, lay: _Layout):
    """Each marked coarse cell split into SUB x SUB fine cells, marked the same way, and the
    fine components within each block (the labelling does not connect blocks)."""
    from scipy import ndimage  # lazy: building only

    finv = lay.inv * SUB
    fine_marked = np.zeros((lay.nb, SUB, SUB), dtype=bool)
    for rings in _ring_batches(geoms, _BATCH_PIECES, finv):
        fy, fx = _marked_cells(rings, lay.x0, lay.y0, finv, lay.nx * SUB, lay.ny * SUB)
        b = lay.block_of[fy // SUB, fx // SUB]
        # Fine pieces lie within the coarse pieces' widened boxes up to rounding (1e-13°): a mark
        # falling outside the coarse marked cells is that rounding; those cells are edge-free.
        keep = b >= 0
        fine_marked[b[keep], fy[keep] % SUB, fx[keep] % SUB] = True
    structure = np.zeros((3, 3, 3), dtype=bool)
    structure[1] = ndimage.generate_binary_structure(2, 1)
    return ndimage.label(~fine_marked, structure=structure)


_SIDES = ((0, -1, (slice(None), 0)), (0, 1, (slice(None), SUB - 1)), (-1, 0, (0, slice(None))), (1, 0, (SUB - 1, slice(None))))
_FACING = ((0, 1, (slice(None), SUB - 1), (slice(None), 0)), (1, 0, (SUB - 1, slice(None)), (0, slice(None))))


def _codes_from_neighbours(lay: _Layout, coarse, flabels, fn) -> np.ndarray:
    """Fine component → code, where it touches an unmarked coarse neighbour (no edge between)."""
    fcode = np.full(fn + 1, _UNSET, dtype=np.int64)
    for dy, dx, edge in _SIDES:
        ny_, nx_ = lay.by + dy, lay.bx + dx
        ok = (ny_ >= 0) & (ny_ < lay.ny) & (nx_ >= 0) & (nx_ < lay.nx)
        ok[ok] &= ~lay.raster[ny_[ok], nx_[ok]]
        border = flabels[(np.flatnonzero(ok),) + edge]  # (k, SUB)
        code = np.broadcast_to(coarse[ny_[ok], nx_[ok]][:, None], border.shape)
        has = border > 0
        fcode[border[has]] = code[has]
    return fcode


def _facing_groups(lay: _Layout, flabels, fn) -> np.ndarray:
    """Region of each fine component: components facing each other across two split cells are
    one region, so a code found for one reaches all and each region costs one exact test."""
    from scipy.sparse import coo_matrix  # lazy: building only
    from scipy.sparse.csgraph import connected_components

    src, dst = [], []
    for dy, dx, mine, theirs in _FACING:
        ny_, nx_ = lay.by + dy, lay.bx + dx
        ok = (ny_ < lay.ny) & (nx_ < lay.nx)
        other = np.full(lay.nb, -1, dtype=np.int64)
        other[ok] = lay.block_of[ny_[ok], nx_[ok]]
        pair = np.flatnonzero(other >= 0)
        a = flabels[(pair,) + mine]
        b = flabels[(other[pair],) + theirs]
        both = (a > 0) & (b > 0)
        src.append(a[both])
        dst.append(b[both])
    src, dst = np.concatenate(src), np.concatenate(dst)
    graph = coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(fn + 1, fn + 1))
    return connected_components(graph, directed=False)[1]


def _region_codes(index, lay: _Layout, flabels, fcode, group) -> np.ndarray:
    """Code of each region: a neighbour's code if one reached it, else one exact test at one of
    its fine cells' centre. Returns the code of each fine component (0: marked → BOUNDARY)."""
    gcode = np.full(group.max() + 1, _UNSET, dtype=np.int64)
    np.maximum.at(gcode, group, fcode)
    todo = np.flatnonzero(gcode == _UNSET)
    if len(todo):
        member = np.zeros(len(gcode), dtype=np.intp)
        member[group] = np.arange(len(group))
        cell = np.zeros(len(group), dtype=np.intp)
        fflat = flabels.ravel()
        cell[fflat] = np.arange(fflat.size)
        c = cell[member[todo]]
        b, r = c // (SUB * SUB), c % (SUB * SUB)
        fd = lay.d / SUB
        lon = lay.x0 + lay.bx[b] * lay.d + (r % SUB + 0.5) * fd
        lat = lay.y0 + lay.by[b] * lay.d + (r // SUB + 0.5) * fd
        gcode[todo] = component_codes(index, lon, lat)
    out = gcode[group]
    out[0] = BOUNDARY
    return out


def build_grid(index) -> Grid:
    """Compile the grid of a zone index (see the module docstring).

    Parameters
    ----------
    index : geo.index.zone_index.ZoneIndex
        Anything with ``geoms``, ``rank`` and ``zone_pairs(points)``.

    Returns
    -------
    Grid
        Its answers equal the exact test's for every point.

    Examples
    --------
    >>> from geo.index import index_for  # doctest: +SKIP
    >>> grid = build_grid(index_for(zones))  # doctest: +SKIP
    """
    geoms = index.geoms
    lay = _Layout(geoms)
    coarse = _coarse_codes(index, lay)
    flabels, fn = _fine_labels(geoms, lay)
    fcode = _codes_from_neighbours(lay, coarse, flabels, fn)
    fcode = _region_codes(index, lay, flabels, fcode, _facing_groups(lay, flabels, fn))
    blocks = fcode[flabels].astype(np.int16 if len(geoms) < 30000 else np.int32)
    coarse[lay.by, lay.bx] = BLOCK_BASE + np.arange(lay.nb)
    return Grid(coarse.astype(np.int32), blocks, lay.x0, lay.y0, lay.level)


def component_codes(index, lon, lat) -> np.ndarray:
    """Code for points that stand for whole components.

    Parameters
    ----------
    index : geo.index.zone_index.ZoneIndex
        The zones (``rank``, ``zone_pairs``).
    lon, lat : numpy.ndarray
        One point per component, degrees.

    Returns
    -------
    numpy.ndarray of int64
        The reported zone's row when it does not depend on the target state, :data:`HIGH_SEAS`,
        or :data:`BOUNDARY` where several zones of the best rank cover the point (the target
        state decides there, so the exact test must).
    """
    n = len(lon)
    out = np.full(n, HIGH_SEAS, dtype=np.int64)
    pi, zi = index.zone_pairs(shapely.points(lon, lat))
    if len(pi):
        order = np.lexsort((zi, index.rank[zi], pi))
        pi_s, zi_s = pi[order], zi[order]
        first = np.r_[True, pi_s[1:] != pi_s[:-1]]
        best_rank = np.full(n, -1)
        best_rank[pi_s[first]] = index.rank[zi_s[first]]
        at_best = index.rank[zi_s] == best_rank[pi_s]
        count = np.bincount(pi_s[at_best], minlength=n)
        out[pi_s[first]] = zi_s[first]
        out[count > 1] = BOUNDARY
    return out
