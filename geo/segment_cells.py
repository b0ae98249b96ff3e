"""Which segments of a line can be nearest to a point: a lon/lat grid of candidate lists.

A k-d tree of the line's vertices is slow for points far from the line (hundreds of kilometres
for an EEZ limit): many leaves lie at nearly the same distance, and every one is visited. This
grid answers those points with one lookup and a few dozen vectorised chord distances.

Method (all distances are chords in ECEF metres, as in :class:`geo.geodesy.NearestLine`):

* The line's segments are grouped into *pieces* of at most ``piece`` consecutive segments; each
  piece lies within ``h`` (its largest vertex offset, measured) of the chord joining its ends.
  So for any point q: d(q, chord) − h ≤ d(q, piece) ≤ d(q, chord) + h.
* For a grid cell with centre c and radius r (no point of the cell is farther than r from c),
  every point p of the cell has d(c, X) − r ≤ d(p, X) ≤ d(c, X) + r for any set X. A piece whose
  lower bound over the cell exceeds the smallest upper bound of any piece over the cell is
  nearer to no point of the cell: it is left out of the cell's list. Cells inherit the lists
  of 8 × 8 parent cells (a sub-cell's list filters its parent's).
* A point keeps those of its cell's pieces whose lower bound at the point is no more than the
  smallest upper bound; then, of those pieces' quarters (4 segments each, with their own measured
  offset), the ones that pass the same test; then measures their segments. All three steps are
  vectorised over the points and their candidates at once.

The answer is therefore the nearest segment exactly — the same one an exhaustive search over
all segments finds — so :class:`~geo.geodesy.NearestLine`'s stated error bound is unchanged.
Points outside the grid, or in a cell with more than ``max_candidates`` pieces, are left to the
caller (``ok`` False).
"""

from __future__ import annotations

import numpy as np

from geo._threads import map_if_spare

__all__ = ["SegmentCells", "chord_to_segments", "cells_key"]

#: Pieces a grid cell may list; a point in a cell with more goes to the caller's exact search
#: (the k-d tree, ~1 ms a point near dense coasts: far slower than a long list here).
MAX_CANDIDATES = 512
#: Stands in for an unused segment slot of a piece: farther than any point of the Earth.
_FAR = 1e12
#: Points processed together, and points × candidates at most (keeps the temporaries small).
CHUNK = 4096
CHUNK_PAIRS = 4096 * 24


#: Changes when the layout of :meth:`SegmentCells.to_arrays` or the build changes.
LAYOUT = 1


def cells_key(xyz, line_idx) -> str:
    """A name for the grid of these lines (a digest of the vertices and the layout).

    Parameters
    ----------
    xyz, line_idx : numpy.ndarray
        As for :class:`SegmentCells`.

    Returns
    -------
    str
        32 hexadecimal digits.

    Examples
    --------
    >>> len(cells_key(np.zeros((2, 3)), np.zeros(2, int)))
    32
    """
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{LAYOUT}|{len(xyz)}|".encode())
    h.update(np.ascontiguousarray(xyz, dtype=float).tobytes())
    h.update(np.ascontiguousarray(line_idx, dtype=np.int64).tobytes())
    return h.hexdigest()


def chord_to_segments(q, a, b):
    """Chord distance from points to segments (broadcast), and the foot on each segment.

    Parameters
    ----------
    q, a, b : numpy.ndarray
        (..., 3) ECEF points: the query points and the segments' ends (``a == b``: a point).

    Returns
    -------
    distance, foot : numpy.ndarray
        (...) metres and (..., 3) the nearest point of each segment.

    Examples
    --------
    >>> d, _ = chord_to_segments(np.array([0.0, 1.0, 0.0]), np.array([-1.0, 0, 0]), np.array([1.0, 0, 0]))
    >>> float(d)
    1.0
    """
    ab = b - a
    denom = np.einsum("...k,...k->...", ab, ab)
    t = np.einsum("...k,...k->...", q - a, ab) / np.where(denom > 0, denom, 1.0)
    t = np.clip(np.where(denom > 0, t, 0.0), 0.0, 1.0)
    foot = a + t[..., None] * ab
    diff = foot - q
    return np.sqrt(np.einsum("...k,...k->...", diff, diff)), foot


class SegmentCells:
    """The candidate pieces of each grid cell (see the module docstring).

    Parameters
    ----------
    xyz : numpy.ndarray
        (n, 3) ECEF vertices of the lines, one line after another.
    line_idx : numpy.ndarray
        Which line each vertex belongs to (consecutive runs).
    lon, lat : numpy.ndarray
        The vertices in degrees (for the grid's extent).
    to_xyz : callable
        (lon, lat) → ECEF, the conversion that made ``xyz`` (:func:`geo.geodesy.to_ecef`).
    piece : int
        Segments per piece.
    cell_deg : float
        Grid cell size, degrees.
    margin_deg : float
        How far beyond the line's bounding box the grid reaches.

    Examples
    --------
    >>> from geo.geodesy import to_ecef
    >>> lon, lat = np.linspace(140, 141, 11), np.full(11, 35.0)
    >>> cells = SegmentCells(to_ecef(lon, lat), np.zeros(11, int), lon, lat, to_ecef, margin_deg=1.0)
    >>> d, _, _, ok = cells.nearest(to_ecef(np.array([140.5]), np.array([35.5])), np.array([140.5]), np.array([35.5]))
    >>> bool(ok[0]), round(float(d[0]) / 1000)
    (True, 55)
    """

    def __init__(self, xyz, line_idx, lon, lat, to_xyz, *, piece: int = 16, cell_deg: float = 0.1, margin_deg: float = 10.0):
        self.xyz = np.asarray(xyz, dtype=float)
        self._to_xyz = to_xyz
        self.piece = int(piece)
        self._pieces(np.asarray(line_idx))
        w, e = max(float(np.min(lon)) - margin_deg, -180.0), min(float(np.max(lon)) + margin_deg, 180.0)
        s, n = max(float(np.min(lat)) - margin_deg, -90.0), min(float(np.max(lat)) + margin_deg, 90.0)
        block = cell_deg * 64
        self.nx = int(np.ceil((e - w) / block)) * 64
        self.ny = int(np.ceil((n - s) / block)) * 64
        self.lon0, self.lat0, self.cell = w, s, cell_deg
        self._build()

    _KEPT = ("pa", "pb", "h", "counts", "offsets", "ids")

    def to_arrays(self) -> dict:
        """The grid as named arrays (for a cache; :meth:`from_arrays` reads them back).

        Returns
        -------
        dict of numpy.ndarray
        """
        grid = np.array([self.lon0, self.lat0, self.cell, self.nx, self.ny, self.piece, LAYOUT], dtype=float)
        return {"grid": grid, **{k: getattr(self, k) for k in self._KEPT}}

    @classmethod
    def from_arrays(cls, xyz, arrays) -> "SegmentCells":
        """A grid from :meth:`to_arrays`'s arrays and the same vertices.

        Parameters
        ----------
        xyz : numpy.ndarray
            The vertices it was built on.
        arrays : mapping of numpy.ndarray

        Returns
        -------
        SegmentCells

        Examples
        --------
        >>> from geo.geodesy import to_ecef
        >>> lon, lat = np.linspace(140, 141, 11), np.full(11, 35.0)
        >>> cells = SegmentCells(to_ecef(lon, lat), np.zeros(11, int), lon, lat, to_ecef, margin_deg=1.0)
        >>> again = SegmentCells.from_arrays(cells.xyz, cells.to_arrays())
        >>> (again.nx, again.ny, again.cell) == (cells.nx, cells.ny, cells.cell)
        True
        """
        self = object.__new__(cls)
        self.xyz = np.asarray(xyz, dtype=float)
        lon0, lat0, cell, nx, ny, piece, layout = (float(v) for v in arrays["grid"])
        if int(layout) != LAYOUT:
            raise ValueError("grid layout changed")
        self.lon0, self.lat0, self.cell, self.nx, self.ny, self.piece = lon0, lat0, cell, int(nx), int(ny), int(piece)
        for k in cls._KEPT:
            setattr(self, k, np.asarray(arrays[k]))
        if len(self.counts) != self.nx * self.ny or int(self.pb.max(initial=0)) >= len(self.xyz):
            raise ValueError("grid does not match its vertices")
        self._segments()
        return self

    # ---- pieces ---------------------------------------------------------------------
    def _pieces(self, line_idx):
        n = len(line_idx)
        run_start = np.flatnonzero(np.r_[True, line_idx[1:] != line_idx[:-1]])
        run_end = np.r_[run_start[1:], n] - 1
        starts, ends = [], []
        for s0, e0 in zip(run_start, run_end):
            a = np.arange(s0, max(e0, s0 + 1), self.piece)
            starts.append(a)
            ends.append(np.minimum(a + self.piece, e0))
        self.pa = np.concatenate(starts).astype(np.int64)
        self.pb = np.concatenate(ends).astype(np.int64)
        # h: each piece's largest vertex offset from its end-to-end chord.
        counts = self.pb - self.pa + 1
        owner = np.repeat(np.arange(len(self.pa)), counts)
        verts = np.concatenate([np.arange(a, b + 1) for a, b in zip(self.pa, self.pb)])
        off, _ = chord_to_segments(self.xyz[verts], self.xyz[self.pa[owner]], self.xyz[self.pb[owner]])
        self.h = np.zeros(len(self.pa))
        np.maximum.at(self.h, owner, off)
        self.h = self.h * (1 + 1e-9) + 1e-6  # rounding of the bound itself
        self._segments()

    def _segments(self):
        """Per-piece arrays the queries use (derived from the vertices and the pieces)."""
        self.A, self.B = self.xyz[self.pa], self.xyz[self.pb]
        self.AB = self.B - self.A
        self.AB2 = np.einsum("ik,ik->i", self.AB, self.AB)
        # The chord of each piece packed by component (A, AB, |AB|², 1/|AB|², h): one gather per
        # query, each component contiguous for the arithmetic.
        self.PK = _packed(self.A, self.AB, self.h)
        # Each piece's segments side by side (a one-vertex piece is one zero-length segment).
        seg = np.arange(self.piece)
        a = np.minimum(self.pa[:, None] + seg, self.pb[:, None])
        b = np.minimum(a + 1, self.pb[:, None])
        use = (self.pa[:, None] + seg < self.pb[:, None]) | (seg == 0)
        sa = self.xyz[a]
        sab = self.xyz[b] - sa
        # Unused slots: a zero-length segment far beyond the Earth, so never the nearest.
        sa[~use] = _FAR
        sab[~use] = 0.0
        self.SK = np.concatenate([sa, sab, np.einsum("ijk,ijk->ij", sab, sab)[..., None]], axis=-1)
        self._quarters()

    def _quarters(self):
        """Each piece cut in quarters of ``ceil(piece / 4)`` segments, packed as the pieces are
        (chord start, chord, |chord|², measured offset h); an empty quarter lies far away."""
        # ceil, not floor: with piece // 4 the quarters of a piece of 6 or 18 segments missed
        # its last segments (and a piece of fewer than 4 failed to reshape).
        step = -(-self.piece // 4)
        first = self.pa[:, None] + step * np.arange(4)
        a = np.minimum(first, self.pb[:, None])
        b = np.minimum(a + step, self.pb[:, None])
        use = (first < self.pb[:, None]) | (np.arange(4) == 0)
        verts = np.minimum(a[..., None] + np.arange(step + 1), b[..., None])
        off, _ = chord_to_segments(self.xyz[verts], self.xyz[a][..., None, :], self.xyz[b][..., None, :])
        h = off.max(axis=-1) * (1 + 1e-9) + 1e-6
        qa = self.xyz[a]
        qab = self.xyz[b] - qa
        qa[~use] = _FAR
        qab[~use] = 0.0
        h[~use] = 0.0
        self.QK = _packed(qa.reshape(-1, 3), qab.reshape(-1, 3), h.ravel())
        self.step = step
        # The segments of each quarter side by side: (8, pieces × 4, step); slots past the
        # piece's own are far-away points, like its unused ones.
        sk = self.SK
        if sk.shape[1] < 4 * step:
            pad = np.zeros((len(sk), 4 * step - sk.shape[1], sk.shape[2]))
            pad[..., 0:3] = _FAR
            sk = np.concatenate([sk, pad], axis=1)
        sq = sk.reshape(len(self.pa) * 4 * step, -1)
        self.SQ = _packed(sq[:, 0:3], sq[:, 3:6], np.zeros(len(sq)))[:8].reshape(8, -1, step)

    # ---- grid -----------------------------------------------------------------------
    def _cell_geometry(self, ix, iy, size):
        """Centres (ECEF) and radii of cells of ``size`` degrees with lower-left index (ix, iy)."""
        to_ecef = self._to_xyz
        w = self.lon0 + ix * size
        s = self.lat0 + iy * size
        c = to_ecef(w + size / 2, np.clip(s + size / 2, -90, 90))
        r = np.zeros(len(c))
        # The farthest point of a small lon/lat cell from its centre is a corner or an edge's middle.
        for fx, fy in ((0, 0), (0, 1), (1, 0), (1, 1), (0, 0.5), (1, 0.5), (0.5, 0), (0.5, 1)):
            p = to_ecef(w + fx * size, np.clip(s + fy * size, -90, 90))
            r = np.maximum(r, np.linalg.norm(p - c, axis=-1))
        return c, r * 1.001 + 1.0

    def _keep(self, c, r, cand):
        """For cells (c, r) and candidate pieces ``cand`` ((cells, K) indices, -1 unused): which
        candidates may hold the nearest segment of some point of the cell."""
        valid = cand >= 0
        p = np.where(valid, cand, 0)
        d = _distance(c[:, None, :], self.A[p], self.AB[p], self.AB2[p])[0]
        upper = np.where(valid, d + r[:, None] + self.h[p], np.inf).min(axis=1)
        return valid & (d - r[:, None] - self.h[p] <= upper[:, None])

    def _build(self):
        """Candidate lists by refinement: 6.4° blocks against all pieces, then their 0.8° cells
        against the block's list, then the grid cells against their 0.8° cell's list."""
        tx, ty = self.nx // 64, self.ny // 64
        bix, biy = np.meshgrid(np.arange(tx), np.arange(ty), indexing="ij")
        cells, counts, ids = [], [], []
        all_pieces = np.arange(len(self.pa))[None, :]
        for bx, by in zip(bix.ravel(), biy.ravel()):
            cand = self._refine(np.array([bx]), np.array([by]), self.cell * 64, all_pieces)
            cx, cy = _children(np.array([bx]), np.array([by]))
            cand = self._refine(cx, cy, self.cell * 8, np.repeat(cand, 64, axis=0))
            # Sub-cells of 0.8° cells with lists of about the same length together (less padding).
            n_own = (cand >= 0).sum(axis=1)
            by_len = np.argsort(n_own)
            for g in range(0, len(by_len), 8):
                grp = by_len[g : g + 8]
                own = cand[grp][:, : max(int(n_own[grp].max()), 1)]
                lx, ly = _children(cx[grp], cy[grp])
                c, r = self._cell_geometry(lx, ly, self.cell)
                own = np.repeat(own, 64, axis=0)
                keep = self._keep(c, r, own)
                cells.append(lx * self.ny + ly)
                counts.append(keep.sum(axis=1))
                ids.append(own[keep].astype(np.int32))  # row-major: cell by cell
        cells, counts, ids = np.concatenate(cells), np.concatenate(counts), np.concatenate(ids)
        starts = np.r_[0, np.cumsum(counts)[:-1]]
        order = np.argsort(cells, kind="stable")
        self.counts = np.zeros(self.nx * self.ny, dtype=np.int64)
        self.counts[cells[order]] = counts[order]
        self.offsets = np.r_[0, np.cumsum(self.counts)]
        # Each cell's slice of ``ids``, in cell order (every cell appears once).
        take = np.repeat(starts[order] - self.offsets[:-1][cells[order]], counts[order]) + np.arange(len(ids))
        self.ids = ids[take]

    def _refine(self, ix, iy, size, cand):
        """The lists of cells (ix, iy) of ``size`` degrees, filtered from ``cand``, padded with -1."""
        c, r = self._cell_geometry(ix, iy, size)
        keep = self._keep(c, r, np.broadcast_to(cand, (len(c), cand.shape[1])))
        k = max(int(keep.sum(axis=1).max()), 1)
        rank = np.cumsum(keep, axis=1) - 1
        out = np.full((len(keep), k), -1, dtype=np.int64)
        rows, cols = np.nonzero(keep)
        out[rows, rank[rows, cols]] = np.broadcast_to(cand, keep.shape)[rows, cols]
        return out

    # ---- query ----------------------------------------------------------------------
    def nearest(self, q, lon, lat):
        """The nearest segment of each point whose cell has a list.

        Parameters
        ----------
        q : numpy.ndarray
            (m, 3) ECEF query points.
        lon, lat : numpy.ndarray
            The same points in degrees.

        Returns
        -------
        chord, foot, vertex, ok
            Chord distance (m), foot (m, 3), first vertex of the nearest segment, and where the
            grid answered (elsewhere the other outputs are undefined).
        """
        m = len(q)
        chord = np.full(m, np.inf)
        foot = np.zeros((m, 3))
        vertex = np.zeros(m, dtype=np.int64)
        ix = np.floor((lon - self.lon0) / self.cell).astype(np.int64)
        iy = np.floor((lat - self.lat0) / self.cell).astype(np.int64)
        ok = (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny)
        cell = np.where(ok, ix * self.ny + iy, 0)
        ok &= (self.counts[cell] <= MAX_CANDIDATES) & (self.counts[cell] > 0)
        rows = np.flatnonzero(ok)
        # Points with as many candidates side by side: a chunk is padded to its longest list only.
        # (as int16, at most MAX_CANDIDATES: numpy sorts small integers by radix, ~10x faster)
        rows = rows[np.argsort(self.counts[cell[rows]].astype(np.int16), kind="stable")]
        chunks = _chunks(rows, self.counts[cell[rows]])
        # Chunks on both cores when one is idle: numpy releases the GIL on these arrays.
        for r, (c, f, v) in zip(chunks, map_if_spare(lambda r: self._nearest_in_cells(q[r], cell[r]), chunks)):
            chord[r], foot[r], vertex[r] = c, f, v
        return chord, foot, vertex, ok

    def _nearest_in_cells(self, q, cell):
        """Nearest segment of points ``q`` among their cells' pieces: pieces, then quarters, then
        segments, each step keeping the candidates whose lower bound is no more than the point's
        smallest upper bound (no other candidate can hold a nearer segment)."""
        counts = self.counts[cell]
        k = int(counts.max())
        slot = np.arange(k)
        valid = slot < counts[:, None]
        p = np.take(self.ids, np.where(valid, self.offsets[cell][:, None] + slot, 0)).astype(np.int64)
        qt = np.ascontiguousarray(q.T)
        pk = np.take(self.PK, p, axis=1)
        d, _ = _packed_distance(qt[:, :, None], pk)
        np.copyto(d, np.inf, where=~valid)
        h = pk[8]
        # Flat indices row by row, so the rows r come sorted.
        kept = np.flatnonzero(d - h <= (d + h).min(axis=1)[:, None])
        r = kept // k
        piece = np.take(p, kept)
        n = len(q)
        # Quarters of the pieces kept.
        qk = np.take(self.QK, piece[:, None] * 4 + np.arange(4), axis=1)
        d4, _ = _packed_distance(np.take(qt, r, axis=1)[:, :, None], qk)
        h4 = qk[8]
        upper = _group_min((d4 + h4).min(axis=1), r, n)
        kept = np.flatnonzero(d4 - h4 <= np.take(upper, r)[:, None])
        rows = np.take(r, kept >> 2)
        quarter = np.take(piece, kept >> 2) * 4 + (kept & 3)
        # Segments of the quarters kept.
        ds, ts = _packed_distance(np.take(qt, rows, axis=1)[:, :, None], np.take(self.SQ, quarter, axis=1))
        j = np.argmin(ds, axis=1)
        dj = np.take_along_axis(ds, j[:, None], axis=1)[:, 0]
        tj = np.take_along_axis(ts, j[:, None], axis=1)[:, 0]
        best = _group_min(dj, rows, n)
        hit = np.flatnonzero(dj == np.take(best, rows))
        pick = hit[np.r_[True, rows[hit][1:] != rows[hit][:-1]]]  # one per point, in point order
        seg = (quarter[pick] % 4) * self.step + j[pick]
        piece = quarter[pick] // 4
        sk = self.SK[piece, seg]
        foot = sk[:, 0:3] + tj[pick][:, None] * sk[:, 3:6]
        return best, foot, self.pa[piece] + seg


def _chunks(rows, counts):
    """``rows`` (sorted by their ``counts``) cut into chunks of at most :data:`CHUNK` points and
    about :data:`CHUNK_PAIRS` point-candidate pairs (a chunk is padded to its longest list)."""
    out, i = [], 0
    while i < len(rows):
        k = max(int(counts[min(i + CHUNK, len(rows)) - 1]), 1)
        size = max(64, min(CHUNK, CHUNK_PAIRS // k))
        out.append(rows[i : i + size])
        i += size
    return out


def _packed(a, ab, h):
    """Segments a → a + ab ((m, 3) each) and offsets h packed by component: (9, m) rows
    ax ay az abx aby abz |ab|² 1/|ab|² (0 for a point) h."""
    ab2 = np.einsum("ik,ik->i", ab, ab)
    inv = np.divide(1.0, ab2, out=np.zeros_like(ab2), where=ab2 > 0)
    return np.ascontiguousarray(np.vstack([a.T, ab.T, ab2, inv, h]))


def _packed_distance(q, g):
    """:func:`_distance` for :func:`_packed` segments ``g`` (rows first) and points ``q``
    ((3, ...) broadcasting against ``g[0]``); each component contiguous, updated in place."""
    wx, wy, wz = q[0] - g[0], q[1] - g[1], q[2] - g[2]
    wab = wx * g[3]
    wab += wy * g[4]
    wab += wz * g[5]
    t = wab * g[7]
    np.clip(t, 0.0, 1.0, out=t)
    d2 = np.multiply(wx, wx, out=wx)
    d2 += np.multiply(wy, wy, out=wy)
    d2 += np.multiply(wz, wz, out=wz)
    # |w - t ab|² = |w|² - t (2 w·ab - t |ab|²)
    corr = t * g[6]
    corr -= wab
    corr -= wab
    corr *= t
    d2 += corr
    np.maximum(d2, 0.0, out=d2)
    return np.sqrt(d2, out=d2), t


def _group_min(values, rows, n: int):
    """Smallest of ``values`` for each of the ``n`` points (``rows`` sorted, every point present)."""
    starts = np.searchsorted(rows, np.arange(n))
    return np.minimum.reduceat(values, starts)


def _children(ix, iy):
    """The 8 × 8 sub-cells of each cell, in the order of np.repeat(..., 64)."""
    sub = np.arange(64)
    return (ix[:, None] * 8 + sub // 8).ravel(), (iy[:, None] * 8 + sub % 8).ravel()


def _distance(q, a, ab, ab2):
    """Chord distance from q to the segments a → a + ab (|ab|² = ab2), and the foot's parameter."""
    w = q - a
    wab = np.einsum("...k,...k->...", w, ab)
    t = np.clip(wab / np.where(ab2 > 0, ab2, 1.0), 0.0, 1.0)
    d2 = np.einsum("...k,...k->...", w, w) - t * (2 * wab - t * ab2)
    return np.sqrt(np.maximum(d2, 0.0)), t
