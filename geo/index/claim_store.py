"""What a state claims, kept between processes: the vertex arrays of its outer limit and land
lines beside a cache entry, and the lines rebuilt from them without scipy.

One file per target, ``claim-<ISO3>.<checksum>.npz``, written atomically; its name carries the
checksum of its bytes, so a damaged file is recognised (and removed, and rebuilt) before use.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np

from geo._files import atomic_write_bytes
from geo.geodesy import NearestLine, to_ecef
from geo.index.integrity import DamagedCache, bytes_digest, remove_stale_temps, warn_damaged

__all__ = ["ClaimStore", "CellStore", "cached_line"]

_TARGET = re.compile(r"[A-Z]{3}")
_LINES = ("outer_limit", "land")


class ClaimStore:
    """Target claims kept in a cache entry folder (see the module docstring).

    Parameters
    ----------
    entry : pathlib.Path
        The entry folder.

    Examples
    --------
    >>> store = ClaimStore(Path("/nonexistent"))
    >>> store.load("JPN") is None
    True
    """

    def __init__(self, entry: Path):
        self.entry = Path(entry)

    def load(self, target: str):
        """The kept claim of ``target``, or None if none is kept (or it was damaged: then it is
        removed, with one line on stderr, and the caller rebuilds it).

        Parameters
        ----------
        target : str
            ISO 3166-1 alpha-3 code.

        Returns
        -------
        tuple or None
            ``(exists, outer_limit, land)``: a bool and two :class:`~geo.geodesy.NearestLine`
            (or None).
        """
        if not _TARGET.fullmatch(target):
            return None
        found = _load_checked(self.entry, f"claim-{target}", _read_claim)
        if found is not None:
            self._keep_cells(found[1], found[2])
        return found

    def save(self, claim) -> None:
        """Keep ``claim`` (a :class:`~geo.index.zone_index.TargetClaim`); an unwritable cache is
        not an error (it costs speed only).

        Parameters
        ----------
        claim : TargetClaim
        """
        if not _TARGET.fullmatch(claim.target):
            return
        self._keep_cells(claim.outer_limit, claim.land)
        try:
            remove_stale_temps(self.entry)
        except OSError:
            pass
        _save_checked(self.entry, f"claim-{claim.target}", _claim_arrays(claim))

    def _keep_cells(self, *lines) -> None:
        """The lines' candidate grids (built on their first large query) are kept here too."""
        for line in lines:
            if line is not None:
                line.cell_store = CellStore(self.entry)


class CellStore:
    """Candidate grids of lines (:mod:`geo.segment_cells`) in a cache entry folder, one
    ``cells-<key>.<checksum>.npz`` each; a damaged one is removed and rebuilt.

    Parameters
    ----------
    entry : pathlib.Path
        The entry folder.

    Examples
    --------
    >>> CellStore(Path("/nonexistent")).load("0" * 32) is None
    True
    """

    def __init__(self, entry: Path):
        self.entry = Path(entry)

    def load(self, key: str):
        """The arrays kept under ``key``, or None.

        Parameters
        ----------
        key : str
            :func:`geo.segment_cells.cells_key` of the line.

        Returns
        -------
        dict of numpy.ndarray or None
        """
        return _load_checked(self.entry, f"cells-{key}", _read_arrays)

    def save(self, key: str, arrays: dict) -> None:
        """Keep ``arrays`` under ``key``; an unwritable cache costs speed only.

        Parameters
        ----------
        key : str
        arrays : dict of numpy.ndarray
        """
        _save_checked(self.entry, f"cells-{key}", arrays)


def _load_checked(entry: Path, stem: str, parse):
    """``parse(bytes)`` of the first ``<stem>.<checksum>.npz`` in ``entry`` whose bytes match the
    checksum in its name, or None; a damaged file is removed, with one line on stderr."""
    try:
        files = sorted(entry.glob(f"{stem}.*.npz"))
    except OSError:
        return None
    for f in files:
        try:
            data = f.read_bytes()
            if bytes_digest(data) != f.name.split(".")[1]:
                raise DamagedCache("checksum mismatch")
            return parse(data)
        except Exception as exc:  # noqa: BLE001 - damage shows in many ways; never answer from it
            warn_damaged(f, exc)
            f.unlink(missing_ok=True)
    return None


def _save_checked(entry: Path, stem: str, arrays: dict) -> None:
    """Write ``arrays`` atomically as ``<stem>.<checksum>.npz``; an unwritable cache costs speed only."""
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    data = buf.getvalue()
    try:
        atomic_write_bytes(entry / f"{stem}.{bytes_digest(data)}.npz", data, fsync=False)
    except OSError:
        pass


def _read_arrays(data: bytes) -> dict:
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def _claim_arrays(claim) -> dict:
    arrays = {"exists": np.array(claim.exists)}
    for name in _LINES:
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
    return arrays


def _read_claim(data: bytes):
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        exists = bool(z["exists"])
        lines = {}
        for name in _LINES:
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
            from scipy.spatial import cKDTree  # lazy: scipy costs more than 'eezcheck point' itself

            self._tree = cKDTree(self.xyz)
        return self._tree.query(q, k=k)


def cached_line(lon, lat, line_idx, labels, k) -> NearestLine:
    """A :class:`geo.geodesy.NearestLine` rebuilt from its vertex arrays (no segmentizing, and
    no scipy until a large batch needs the k-d tree). Its ``query`` is NearestLine's own.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        The line vertices, degrees.
    line_idx : numpy.ndarray
        Which line each vertex belongs to.
    labels : numpy.ndarray
        Each vertex's label (e.g. the island's name).
    k : int
        Nearest vertices tried per query point.

    Returns
    -------
    NearestLine

    Examples
    --------
    >>> line = cached_line(np.array([140.0, 141.0]), np.array([35.0, 35.0]), np.array([0, 0]), np.array([0, 0]), 2)
    >>> round(float(line.query(np.array([140.0]), np.array([35.5]))[0][0]) / 1000)  # km, due north of a vertex
    55
    """
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
