"""Baselines: who owns which disputed feature, and the baseline samples with their owners.

The coastline (boundary of the land union) is sampled every <= ``spacing_km``; each sample
belongs to the territory whose land it lies on. Tiny features missing from the source come from
the target's baseline-points table. Error bound: sampling every s km makes the distance to the
sampled set exceed the distance to the polyline by at most s^2 / (8 d), i.e. < 0.01 km at
d >= 12 NM (0.0003 km at 200 NM) for s = 1 km.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from zonebuild.common import log, read_csv
from zonebuild.geodesy import ecef, to_unit
from zonebuild.target import Target, merged_code

KM_PER_DEG_LAT = 111.32


@dataclass
class DisputedFeatures:
    """The target's table of disputed features: rows, sorted feature ids and one row per id."""

    rows: list[dict]

    @classmethod
    def of(cls, target: Target) -> "DisputedFeatures":
        return cls(read_csv(target.disputed_features))

    @property
    def ids(self) -> list[str]:
        return sorted({r["feature_id"] for r in self.rows})

    def meta(self, fid: str) -> dict:
        """The first row of feature fid (name, claimants, Marine Regions order, mrgid)."""
        return next(r for r in self.rows if r["feature_id"] == fid)

    def index_at(self, x, y, holder=None, labels=None) -> np.ndarray:
        """Feature index (into ``ids``) of each position, -1 outside every box; with labels,
        only positions labelled with the row's ``holder_in_source`` (rows without one skipped)."""
        ids = self.ids
        out = np.full(len(x), -1)
        for r in self.rows:
            m = ((x >= float(r["lon_min"])) & (x <= float(r["lon_max"]))
                 & (y >= float(r["lat_min"])) & (y <= float(r["lat_max"])))
            if labels is not None:
                if not r["holder_in_source"]:
                    continue
                m &= labels == r["holder_in_source"]
            out[m] = ids.index(r["feature_id"])
        return out

    def of_polygons(self, polys, labels) -> np.ndarray:
        """Feature index of each land polygon held by a feature's holder inside its box."""
        rep = shapely.point_on_surface(polys)
        return self.index_at(shapely.get_x(rep), shapely.get_y(rep), labels=labels)

    def claimants_at(self, lon: float, lat: float):
        """Claimants (Marine Regions order) of the feature at a position, or None."""
        for r in self.rows:
            if float(r["lon_min"]) <= lon <= float(r["lon_max"]) and float(r["lat_min"]) <= lat <= float(r["lat_max"]):
                return r["mr_order"]
        return None


def coast_samples(land_all, gwin, spacing_km: float) -> np.ndarray:
    """Points <= spacing_km apart on the boundary of the land union (none on the window frame)."""
    deg = spacing_km / KM_PER_DEG_LAT  # <= spacing_km in latitude, less in longitude
    rings = []
    for p in shapely.get_parts(land_all):
        rings.append(shapely.get_exterior_ring(p))
        rings.extend(shapely.get_interior_ring(p, i) for i in range(shapely.get_num_interior_rings(p)))
    rings = shapely.segmentize(np.array(rings, dtype=object), deg)
    xy = np.concatenate([shapely.get_coordinates(r)[:-1] for r in rings])
    eps = 1e-9
    on_frame = ((np.abs(xy[:, 0] - gwin[0]) < eps) | (np.abs(xy[:, 0] - gwin[2]) < eps)
                | (np.abs(xy[:, 1] - gwin[1]) < eps) | (np.abs(xy[:, 1] - gwin[3]) < eps))
    return xy[~on_frame]


def sample_owners(xy, polys, labels, feat_of_poly, spacing_km: float):
    """(territory, feature index) of each coast sample: those of the source polygon with the
    nearest boundary point (the samples lie on source boundaries up to floating-point noise;
    KD-tree on the densified source rings)."""
    from scipy.spatial import cKDTree  # lazy: scipy is heavy

    deg = spacing_km / KM_PER_DEG_LAT
    src = shapely.segmentize(shapely.get_exterior_ring(polys), deg / 2)
    src_xy, src_i = shapely.get_coordinates(src, return_index=True)
    _, nn = cKDTree(ecef(src_xy[:, 0], src_xy[:, 1])).query(ecef(xy[:, 0], xy[:, 1]))
    idx = src_i[nn]
    return labels[idx], feat_of_poly[idx]


def point_baselines(target: Target, disputed: DisputedFeatures):
    """(xy, territory, feature index) of the target's extra baseline points."""
    extra = read_csv(target.baseline_points)
    ex = np.array([[float(r["lon"]), float(r["lat"])] for r in extra])
    exlab = np.array([merged_code(r["territory"]) for r in extra])
    exfeat = disputed.index_at(ex[:, 0], ex[:, 1])
    return ex, exlab, exfeat


def drop_duplicates(xy, lab, feat):
    """Drop the later point of every pair closer than ~13 m (SphericalVoronoi rejects
    generators closer than 1e-6 radius, ~6 m): far below the error budget."""
    from scipy.spatial import cKDTree  # lazy: scipy is heavy

    pairs = cKDTree(to_unit(xy[:, 0], xy[:, 1])).query_pairs(2e-6, output_type="ndarray")
    keep = np.ones(len(xy), bool)
    keep[np.maximum(pairs[:, 0], pairs[:, 1])] = False
    return xy[keep], lab[keep], feat[keep]


def baseline_samples(target, disputed, land_all, gwin, polys, labels, feat_of_poly, spacing_km,
                     extra_lines=()):
    """All baseline samples: (xy, territory, feature index), duplicates removed.

    ``extra_lines``: (lon/lat LineString, territory) baselines in the water (closing lines),
    sampled like the coast.
    """
    log("sampling coast")
    xy = coast_samples(land_all, gwin, spacing_km)
    lab, feat = sample_owners(xy, polys, labels, feat_of_poly, spacing_km)
    parts = [(xy, lab, feat), point_baselines(target, disputed)]
    for line, code in extra_lines:
        lxy = line_samples(line, spacing_km)
        # a baseline drawn along a disputed feature (Schedule 1 items 14 and 15) is that feature's
        parts.append((lxy, np.full(len(lxy), code), disputed.index_at(lxy[:, 0], lxy[:, 1])))
    xy, lab, feat = (np.concatenate([p[i] for p in parts]) for i in range(3))
    return drop_duplicates(xy, lab, feat)


def line_samples(line, spacing_km: float) -> np.ndarray:
    """Vertices of a lon/lat (multi)line densified to <= spacing_km (endpoints included)."""
    seg = shapely.segmentize(line, spacing_km / KM_PER_DEG_LAT)
    return shapely.get_coordinates(seg)
