"""The compiled zone index: which zone covers each point, and what each state claims.

Built once per :class:`~geo.zones.Zones` and cached (``index_for``). Point location is
vectorised: one ``STRtree.query(points, predicate="intersects")`` call for all points (GEOS
prepares the polygons), then the covering zones are ranked with numpy — no Python loop per point.

Boundary rule (covers, not contains): a point on a zone's edge belongs to that zone. When several
zones cover a point (an edge shared by two zones, or overlapping layers such as a Marine Regions
12 NM layer over its EEZ layer), the reported zone is the most landward type
(``geo.zones.ZONE_TYPES`` order); between zones of the same type the target state's wins, so a
point exactly on Japan's outer limit counts as inside Japan's EEZ; then the first in the table.
"""

from __future__ import annotations

import functools

import numpy as np
import shapely

from geo.geodesy import NearestLine
from geo.zones import SHARED_ZONE_TYPES, ZONE_TYPES, Zones

__all__ = ["ZoneIndex", "TargetClaim", "index_for", "HIGH_SEAS", "INFERRED_LAND"]

HIGH_SEAS = -1
#: Rows found only in a hole of a zone polygon (Marine Regions EEZ polygons leave land out).
INFERRED_LAND = -2

_RANK = {t: i for i, t in enumerate(ZONE_TYPES)}


class TargetClaim:
    """What one state claims: its zones, its outer limit, and its land (for 'nearest territory')."""

    def __init__(self, index: "ZoneIndex", target: str):
        self.target = target
        zt = index.zone_type
        sov = index.sovereigns
        party = np.array([target in s for s in sov])
        own = np.array([len(s) > 0 and s[0] == target for s in sov]) & ~np.isin(zt, SHARED_ZONE_TYPES)
        self.own = own  # zones that are the target's alone
        self.shared = party & np.isin(zt, SHARED_ZONE_TYPES)
        claimed = own | self.shared
        self.exists = bool(claimed.any())
        self.outer_limit = None
        self.land = None
        if not self.exists:
            return
        union = shapely.union_all(index.geoms[claimed])
        # Gaps in the union that no other state's zone reaches are the target's own islands
        # (Marine Regions EEZ polygons exclude land): fill them so coastlines are not taken for
        # the outer limit. Gaps holding another state's zone stay as a limit.
        others = index.geoms[~claimed & (zt != "land")]
        other_tree = shapely.STRtree(others) if len(others) else None
        polys = []
        for poly in shapely.get_parts(union):
            keep = []
            for ring in poly.interiors:
                hole = shapely.Polygon(ring)
                hits = other_tree.query(hole, predicate="intersects") if other_tree is not None else []
                if any(shapely.intersection(others[j], hole).area > 0 for j in hits):
                    keep.append(ring)
            polys.append(shapely.Polygon(poly.exterior, keep))
        self.area = shapely.union_all(polys)
        self.outer_limit = NearestLine([shapely.boundary(self.area)])
        land_rows = np.flatnonzero(own & (zt == "land"))
        if len(land_rows):
            names = index.names[land_rows]
            self.land = NearestLine(index.geoms[land_rows], labels=np.asarray(names, dtype=object))
            self.land_geoms = index.geoms[land_rows]
            self.land_tree = shapely.STRtree(self.land_geoms)


class ZoneIndex:
    """Point location in a zone table."""

    def __init__(self, zones: Zones):
        t = zones.table
        self.zones = zones
        self.geoms = np.asarray(t.geometry.values, dtype=object)
        self.zone_type = t["zone_type"].to_numpy(dtype=object)
        self.sovereigns = np.empty(len(t), dtype=object)
        self.sovereigns[:] = list(t["sovereigns"])
        self.names = t["name"].to_numpy(dtype=object)
        self.mrgid = t["mrgid"].to_numpy(dtype=object, na_value=None)
        self.rank = np.array([_RANK[z] for z in self.zone_type])
        self.tree = shapely.STRtree(self.geoms)
        self._holes = None

    # ---- point location -------------------------------------------------------------
    def locate(self, lon, lat, target: str | None = None) -> np.ndarray:
        """Row of the zone reported for each point; HIGH_SEAS (-1) or INFERRED_LAND (-2) if none.

        For INFERRED_LAND the zone whose hole holds the point is in ``self.last_hole_owner``.
        """
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        n = lon.size
        result = np.full(n, HIGH_SEAS, dtype=np.int64)
        self.last_hole_owner = np.full(n, -1, dtype=np.int64)
        ok = np.isfinite(lon) & np.isfinite(lat)
        if not ok.any():
            return result
        pts = shapely.points(lon[ok], lat[ok])
        pi, zi = self.tree.query(pts, predicate="intersects")
        if len(pi):
            is_target = np.zeros(len(zi), dtype=bool)
            if target is not None:
                is_target = np.array([len(s) > 0 and s[0] == target for s in self.sovereigns[zi]])
            # Sort pairs by point, then rank, then target first, then table order; keep the first.
            order = np.lexsort((zi, ~is_target, self.rank[zi], pi))
            pi_s, zi_s = pi[order], zi[order]
            first = np.r_[True, pi_s[1:] != pi_s[:-1]]
            sub = np.full(len(pts), HIGH_SEAS, dtype=np.int64)
            sub[pi_s[first]] = zi_s[first]
        else:
            sub = np.full(len(pts), HIGH_SEAS, dtype=np.int64)
        # Points no zone covers: land if they sit in a hole of a zone polygon, else high seas.
        free = np.flatnonzero(sub == HIGH_SEAS)
        if len(free):
            holes, owners = self._hole_index()
            if holes is not None:
                hp, hz = holes.query(pts[free], predicate="intersects")
                if len(hp):
                    sub[free[hp]] = INFERRED_LAND
                    owner = np.full(len(pts), -1, dtype=np.int64)
                    owner[free[hp]] = owners[hz]
                    self.last_hole_owner[np.flatnonzero(ok)] = owner
        result[ok] = sub
        return result

    def _hole_index(self):
        if self._holes is None:
            rings, owners = [], []
            for i, g in enumerate(self.geoms):
                if self.zone_type[i] == "land":
                    continue
                for poly in shapely.get_parts(g):
                    for ring in poly.interiors:
                        rings.append(shapely.Polygon(ring))
                        owners.append(i)
            if rings:
                holes = np.asarray(rings, dtype=object)
                # A hole filled by another zone (e.g. land polygons of the bundled data) is not land.
                self._holes = (shapely.STRtree(holes), np.asarray(owners))
            else:
                self._holes = (None, None)
        return self._holes

    @functools.lru_cache(maxsize=16)  # noqa: B019 - one index per Zones, few targets
    def claim(self, target: str) -> TargetClaim:
        return TargetClaim(self, target)


@functools.lru_cache(maxsize=8)
def index_for(zones: Zones) -> ZoneIndex:
    """The compiled index of ``zones``, built on first use and kept for the process."""
    return ZoneIndex(zones)
