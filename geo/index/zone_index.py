"""The zone index: which zone covers each point, and what each state claims.

Built once per :class:`~geo.zones.Zones` and cached (``index_for``), or read from the on-disk
compiled cache (:mod:`geo.index.cache`, ``ZoneIndex.from_arrays``). Point location is vectorised:
a compiled lon/lat grid answers points in cells no zone edge meets (most of them) with one array
lookup; the rest get the exact test — one ``STRtree.query(points, predicate="intersects")`` call
(GEOS prepares the polygons), the covering zones ranked with numpy, no Python loop per point.
The grid gives the exact test's answer for every point (see :mod:`geo.index.grid`).

Boundary rule (covers, not contains): a point on a zone's edge belongs to that zone. When several
zones cover a point (an edge shared by two zones, or overlapping layers such as a Marine Regions
12 NM layer over its EEZ layer), the reported zone is the most landward type
(``geo.zones.ZONE_TYPES`` order); between zones of the same type the target state's own wins, then
one it shares (:func:`geo.zones.model.claim_roles`), so a point exactly on Japan's outer limit
counts as inside Japan's EEZ; then the first in the table.
A point no zone covers is HIGH_SEAS: which holes of zone polygons are land is decided by the data
layer (:mod:`geo.zones` adds land rows for them), not here.
"""

from __future__ import annotations

import functools
import threading

import numpy as np
import shapely
import shapely.affinity

from geo.geodesy import NearestLine
from geo.index.grid import BOUNDARY, HIGH_SEAS, Grid, build_grid
from geo.zones.model import OTHER, ZONE_TYPES, DataSource, Zones, claim_role, claim_roles, territory_name

__all__ = ["ZoneIndex", "TargetClaim", "index_for", "outer_limit", "HIGH_SEAS"]

#: Below this many points, locate() does not compile a grid it does not have yet.
GRID_MIN_POINTS = 20_000
#: Up to this many points, the exact test filters zones by bounding box instead of building an
#: STRtree (and decodes only the candidate geometries of a compiled index).
_FEW_POINTS = 16


class TargetClaim:
    """What one state claims: its zones, its outer limit, and its land (for 'nearest territory')."""

    def __init__(self, index: "ZoneIndex", target: str):
        self.target = target
        zt = index.zone_type
        self.own, self.shared = claim_roles(zt, index.sovereigns, target)
        own = self.own
        claimed = own | self.shared
        self.exists = bool(claimed.any())
        self.outer_limit = None
        self.land = None
        if not self.exists:
            return
        # The target's land is in the union, so a gap left in it is another state's zone or
        # high seas (e.g. the Shikoku Basin pocket in Japan's EEZ): its edge is a limit.
        self.area = shapely.union_all(index.geoms[claimed])
        self.outer_limit = NearestLine([outer_limit(self.area)])
        land_rows = np.flatnonzero((own | self.shared) & (zt == "land"))
        rocks, rock_names = _baseline_rocks(index, target)
        if len(land_rows) or rocks:
            names = [territory_name(n) for n in list(index.names[land_rows]) + rock_names]
            self.land = NearestLine(list(index.geoms[land_rows]) + rocks, labels=np.asarray(names, dtype=object))
            self.land_geoms = index.geoms[land_rows]
            self.land_tree = shapely.STRtree(self.land_geoms)


_EAST = shapely.LineString([(180.0, -90.0), (180.0, 90.0)])
_WEST = shapely.LineString([(-180.0, -90.0), (-180.0, 90.0)])


def outer_limit(area):
    """The edge of a claimed area, without the seam where a zone crossing the antimeridian was cut
    in two at ±180° (the claim goes on across it there: no limit).

    Parameters
    ----------
    area : shapely geometry
        The union of the claimed zones.

    Returns
    -------
    shapely geometry
        Its boundary, less the stretches of ±180° that the area meets on both sides.

    Examples
    --------
    >>> east, west = shapely.box(170, 50, 180, 60), shapely.box(-180, 50, -170, 60)
    >>> limit = outer_limit(shapely.union_all([east, west]))
    >>> round(float(shapely.length(limit)), 6)  # the two 20° parallels and the two outer meridians
    60.0
    """
    edge = shapely.boundary(area)
    minx, _, maxx, _ = shapely.bounds(area)
    if minx > -180.0 or maxx < 180.0:
        return edge
    # Latitudes where the area touches the meridian from both sides: the cut, not a limit.
    both = shapely.intersection(shapely.intersection(edge, _EAST), shapely.affinity.translate(shapely.intersection(edge, _WEST), 360.0))
    if shapely.length(both) == 0:
        return edge
    seam = shapely.union(both, shapely.affinity.translate(both, -360.0))
    return shapely.line_merge(shapely.difference(edge, seam))


def _baseline_rocks(index, target):
    """Rocks too small for the coastline data that the bundled zones list as baseline points
    (Okinotorishima, Sofu-gan …): territory for 'nearest territory' too, as ~zero-length lines."""
    rocks, names = [], []
    for b in index.baseline_points:
        claimants = tuple((b.get("disputed") or b.get("territory") or "").split(";"))
        if claim_role("land", claimants, target) != OTHER:
            # GEOS refuses zero-length lines: 1e-7° (≈ 1 cm) is far below any stated accuracy.
            rocks.append(shapely.LineString([(b["lon"], b["lat"]), (b["lon"] + 1e-7, b["lat"])]))
            names.append(b.get("name") or "rock")
    return rocks, names


def _warm_up(parts) -> None:
    """Make GEOS build now, in this thread, what a prepared polygon builds lazily on its first
    point queries — in GEOS 3.12+ (``PreparedPolygon::getPointLocator``) a simple locator on the
    first, an indexed one on the second, whose interval tree is built on its first lookup. Those
    lazy steps are not thread-safe (libgeos/geos#825): two threads on a fresh polygon free each
    other's locator ("double free or corruption"). Once built, a point query only reads them.
    (Only point queries are made of these polygons: GEOS's segment intersector, used for lines
    and areas, keeps state while it works and is never safe to share.)"""
    b = shapely.bounds(parts)
    # A point inside each part's envelope passes GEOS's envelope test and reaches the locator.
    probe = shapely.points((b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2)
    for _ in range(2):
        shapely.intersects(parts, probe)


class _CachedClaim:
    """A TargetClaim whose lines come from the compiled cache; the polygons (``area`` …) are
    built on first use only."""

    def __init__(self, index: "ZoneIndex", target: str, exists, outer_limit, land):
        self.target = target
        self.own, self.shared = claim_roles(index.zone_type, index.sovereigns, target)
        self.exists = exists
        self.outer_limit = outer_limit
        self.land = land
        self._index = index

    def __getattr__(self, name):
        if name in ("area", "land_geoms", "land_tree"):
            full = TargetClaim(self._index, self.target)
            for k in ("area", "land_geoms", "land_tree"):
                if hasattr(full, k):
                    setattr(self, k, getattr(full, k))
            return getattr(full, name)
        raise AttributeError(name)


class ZoneIndex:
    """Point location in a zone table."""

    def __init__(self, zones: Zones):
        t = zones.table
        self.zone_types = tuple(ZONE_TYPES)
        self.zones = zones
        self._source = zones.source
        self.source_label = zones.source.label
        self._geoms = np.asarray(t.geometry.values, dtype=object)
        self.zone_type = t["zone_type"].to_numpy(dtype=object)
        self.sovereigns = np.empty(len(t), dtype=object)
        self.sovereigns[:] = list(t["sovereigns"])
        self.names = t["name"].to_numpy(dtype=object)
        self.mrgid = t["mrgid"].to_numpy(dtype=object, na_value=None)
        self.baseline_points = list((zones.metadata or {}).get("baseline_points") or [])
        region = (zones.metadata or {}).get("region")
        self.region = tuple(float(v) for v in region) if region else None
        self._setup()

    @classmethod
    def from_arrays(
        cls, *, wkb, offsets, bounds, zone_type, sovereigns, names, mrgid, source, source_label, grid: Grid,
        zone_types, claim_store=None, baseline_points=(), region=None,
    ):
        """An index read from the compiled cache: geometries are decoded from WKB when needed.

        Parameters
        ----------
        wkb : bytes-like
            The zones' geometries as WKB, one after another (e.g. a read-only memory map of the
            file, which stays valid if the file is deleted); ``offsets`` (n + 1) delimit them.
        offsets, bounds : numpy.ndarray
            WKB offsets and (n, 4) bounding boxes.
        zone_type, sovereigns, names, mrgid : numpy.ndarray
            The zone attributes (object arrays; ``sovereigns`` holds tuples).
        source : dict or DataSource
            Where the data came from; ``source_label`` its one-line label.
        grid : Grid
            The compiled grid.
        zone_types : sequence of str
            The zone type ranking when it was compiled.
        claim_store : object, optional
            Keeps target claims between processes: ``load(target)`` → ``(exists, outer_limit,
            land)`` or None, ``save(claim)``.
        baseline_points, region
            As in the zone data's metadata.

        Returns
        -------
        ZoneIndex
        """
        self = object.__new__(cls)
        self.zone_types = tuple(zone_types)
        self.zones = None
        self._source = source if isinstance(source, DataSource) else DataSource(**source)
        self.source_label = source_label
        self._geoms = None
        self._wkb = wkb
        self._offsets = offsets
        self._bounds = bounds
        self.zone_type = zone_type
        self.sovereigns = sovereigns
        self.names = names
        self.mrgid = mrgid
        self.baseline_points = list(baseline_points)
        self.region = tuple(region) if region else None
        self._setup()
        self._grid = grid
        self.claim_store = claim_store
        return self

    def _setup(self):
        rank = {t: i for i, t in enumerate(self.zone_types)}
        self.rank = np.array([rank[z] for z in self.zone_type], dtype=np.int64)
        self._priority = {}
        self._tree = None
        self._grid = None
        self._decoded = {}
        self.claim_store = None
        # The lazily built parts (geometries, tree, grid) are built once, by one thread.
        self._build_lock = threading.RLock()
        if self._geoms is not None:
            self._bounds = shapely.bounds(self._geoms)

    @property
    def source(self):
        """The :class:`~geo.zones.DataSource` of the zone data."""
        return self._source

    # ---- geometry access ---------------------------------------------------------------
    @property
    def geoms(self) -> np.ndarray:
        if self._geoms is None:
            with self._build_lock:
                if self._geoms is None:
                    blob, o = self._wkb, self._offsets
                    self._geoms = shapely.from_wkb([blob[o[i] : o[i + 1]] for i in range(len(o) - 1)])
        return self._geoms

    def _geoms_at(self, rows) -> np.ndarray:
        """Geometries of some rows; a compiled index decodes only these."""
        if self._geoms is not None:
            return self._geoms[rows]
        out = np.empty(len(rows), dtype=object)
        missing = [r for r in rows if r not in self._decoded]
        if missing:
            blob, o = self._wkb, self._offsets
            for r, g in zip(missing, shapely.from_wkb([blob[o[r] : o[r + 1]] for r in missing])):
                self._decoded[r] = g
        out[:] = [self._decoded[r] for r in rows]
        return out

    @property
    def tree(self):
        """STRtree over the zones' polygon parts (a multipolygon spanning the antimeridian has a
        world-wide bounding box; its parts do not). ``zone_pairs`` maps hits back to zones.

        Built once, by one thread, with the parts prepared and warmed up (:func:`_warm_up`), so
        that any number of threads may then query it at once."""
        if self._tree is None:
            with self._build_lock:
                if self._tree is None:
                    parts, owner = shapely.get_parts(self.geoms, return_index=True)
                    # Prepared once: STRtree.query(predicate=...) would prepare the *points*, testing
                    # each against an unprepared polygon — slow for polygons of 10^5 vertices.
                    shapely.prepare(parts)
                    _warm_up(parts)
                    self._parts = parts
                    self._part_zone = owner.astype(np.int64)
                    tree = shapely.STRtree(parts)
                    tree.query(shapely.points(0.0, 0.0))  # GEOS builds the tree itself on its first query
                    self._tree = tree  # last: a thread that sees the tree finds everything ready
        return self._tree

    def zone_pairs(self, pts):
        """(point, zone) pairs where the zone covers the point, each pair once."""
        pi, parts = self.tree.query(pts)  # bounding boxes
        hit = shapely.intersects(self._parts[parts], pts[pi])
        pi, parts = pi[hit], parts[hit]
        zi = self._part_zone[parts]
        if len(pi) and len(self.geoms) != len(self._part_zone):
            key = np.unique(pi * len(self.geoms) + zi)
            pi, zi = key // len(self.geoms), key % len(self.geoms)
        return pi, zi

    @property
    def grid(self):
        """The compiled grid (:class:`geo.index.grid.Grid`), built on first use (by one thread)."""
        if self._grid is None:
            with self._build_lock:
                if self._grid is None:
                    self._grid = build_grid(self)
        return self._grid

    def target_priority(self, rows, target: str | None) -> np.ndarray:
        """How much each zone row is ``target``'s: 0 its own, 1 shared with it, 2 another's.

        The tie-break between covering zones of the same type (:func:`geo.zones.model.claim_roles`).

        Parameters
        ----------
        rows : array-like of int
            Zone rows.
        target : str or None
            ISO 3166-1 alpha-3 code; None ranks every zone 0.

        Returns
        -------
        numpy.ndarray of int8
        """
        if target is None:
            return np.zeros(len(rows), dtype=np.int8)
        pri = self._priority.get(target)
        if pri is None:
            own, shared = claim_roles(self.zone_type, self.sovereigns, target)
            pri = np.where(own, 0, np.where(shared, 1, 2)).astype(np.int8)
            self._priority[target] = pri
        return pri[rows]

    # ---- point location -------------------------------------------------------------
    def locate(self, lon, lat, target: str | None = None) -> np.ndarray:
        """Row of the zone reported for each point (thread-safe).

        Parameters
        ----------
        lon, lat : array-like of float
            Degrees; non-finite values give HIGH_SEAS.
        target : str, optional
            Breaks ties between covering zones of the same type (:meth:`target_priority`).

        Returns
        -------
        numpy.ndarray of int64
            Zone row, or HIGH_SEAS (-1) where no zone covers the point.

        Examples
        --------
        >>> from geo.index.cache import load_index
        >>> idx = load_index("bundled")
        >>> str(idx.zone_type[idx.locate([137.8], [41.5], "JPN")[0]])
        'eez'
        """
        lon = np.asarray(lon, dtype=float).reshape(-1)
        lat = np.asarray(lat, dtype=float).reshape(-1)
        ok = np.isfinite(lon) & np.isfinite(lat)
        all_ok = bool(ok.all())
        lo, la = (lon, lat) if all_ok else (lon[ok], lat[ok])
        if not lo.size:
            return np.full(lon.size, HIGH_SEAS, dtype=np.int64)
        if self._grid is not None or lo.size >= GRID_MIN_POINTS:
            sub = self.grid.lookup(lo, la).astype(np.int64)
            exact = np.flatnonzero(sub == BOUNDARY)
            if len(exact):
                sub[exact] = self.locate_exact(lo[exact], la[exact], target)
        else:
            sub = self.locate_exact(lo, la, target)
        if all_ok:
            return sub
        result = np.full(lon.size, HIGH_SEAS, dtype=np.int64)
        result[ok] = sub
        return result

    def locate_exact(self, lon, lat, target: str | None = None) -> np.ndarray:
        """:meth:`locate` by exact point-in-polygon tests only (no grid): the reference the grid
        is tested against.

        Parameters
        ----------
        lon, lat : numpy.ndarray
            Finite coordinates, degrees.
        target : str, optional
            Breaks ties between covering zones of the same type (:meth:`target_priority`).

        Returns
        -------
        numpy.ndarray of int64
            Zone row, or HIGH_SEAS.
        """
        lon = np.asarray(lon, dtype=float).reshape(-1)
        lat = np.asarray(lat, dtype=float).reshape(-1)
        m = lon.size
        pts = shapely.points(lon, lat)
        if m <= _FEW_POINTS:
            pi, zi = self._few_pairs(pts, lon, lat)
        else:
            pi, zi = self.zone_pairs(pts)
        sub = np.full(m, HIGH_SEAS, dtype=np.int64)
        if len(pi):
            # Sort pairs by point, then rank, then the target's first, then table order; keep the first.
            order = np.lexsort((zi, self.target_priority(zi, target), self.rank[zi], pi))
            pi_s, zi_s = pi[order], zi[order]
            first = np.r_[True, pi_s[1:] != pi_s[:-1]]
            sub[pi_s[first]] = zi_s[first]
        return sub

    def _candidates(self, lon, lat, rows=None):
        b = self._bounds
        m = (b[:, 0] <= lon) & (lon <= b[:, 2]) & (b[:, 1] <= lat) & (lat <= b[:, 3])
        if rows is not None:
            m &= rows
        return np.flatnonzero(m)

    def _few_pairs(self, pts, lon, lat):
        pis, zis = [], []
        for i in range(len(pts)):
            cand = self._candidates(lon[i], lat[i])
            if len(cand):
                hit = cand[shapely.intersects(self._geoms_at(cand), pts[i])]
                pis.append(np.full(len(hit), i, dtype=np.int64))
                zis.append(hit.astype(np.int64))
        if not pis:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        return np.concatenate(pis), np.concatenate(zis)

    # ---- claims -----------------------------------------------------------------------
    @functools.lru_cache(maxsize=16)  # noqa: B019 - one index per Zones, few targets
    def claim(self, target: str):
        """What ``target`` claims (:class:`TargetClaim`), from the claim store when it has it.

        Parameters
        ----------
        target : str
            ISO 3166-1 alpha-3 code.

        Returns
        -------
        TargetClaim
            Or one with the same attributes whose lines came from the claim store.
        """
        store = self.claim_store
        if store is None:
            return TargetClaim(self, target)
        cached = store.load(target)  # None when not kept, or damaged (the store says so)
        if cached is not None:
            return _CachedClaim(self, target, *cached)
        full = TargetClaim(self, target)
        store.save(full)
        return full


@functools.lru_cache(maxsize=8)
def index_for(zones: Zones) -> ZoneIndex:
    """The index of ``zones``, built on first use and kept for the process.

    Parameters
    ----------
    zones : Zones
        A loaded zone table (``geo.zones.load_zones``).

    Returns
    -------
    ZoneIndex

    Examples
    --------
    >>> from geo.zones import load_zones  # doctest: +SKIP
    >>> int(index_for(load_zones(None)).locate([137.8], [41.5], "JPN")[0]) >= 0  # doctest: +SKIP
    True
    """
    return ZoneIndex(zones)
