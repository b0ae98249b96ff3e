"""Median lines and distance limits: the spherical Voronoi diagram of the baseline samples on
the conformal sphere, and its cells cut by geodesic circles.

Error bounds: Voronoi edges are great-circle arcs on the conformal sphere, drawn as straight
lines in lon/lat after densifying to <= ``MAX_EDGE_KM``: deviation < L^2 tan(lat) / (8 R) <
0.02 km at 50 deg N. Where two neighbouring cells are cut by their two circles, the crossing
points on their shared edge are made identical (:func:`unify_crossings`), moving them by
< 0.3 km, so the zones meet without hair-thin notches.
"""
from __future__ import annotations

import numpy as np
import shapely

from zonebuild.common import GEOD, NM, log
from zonebuild.geodesy import circle_vertex_count, circle_vertex_radius, from_unit, geodesic_circles, to_unit
from zonebuild.geometry import repair

MAX_EDGE_KM = 20.0   # densification of Voronoi edges
# Dummy generators (no owner) outside this padding of the region bound the cells of edge samples.
DUMMY_PAD = (12.0, 7.0)


def dummy_generators(region) -> np.ndarray:
    """A 2-degree grid of points outside the region padded by DUMMY_PAD, and the poles."""
    W, S, E, N = region
    dW, dS, dE, dN = W - DUMMY_PAD[0], S - DUMMY_PAD[1], E + DUMMY_PAD[0], N + DUMMY_PAD[1]
    glon, glat = np.meshgrid(np.arange(0.0, 360.0, 2.0), np.arange(-88.0, 89.0, 2.0))
    glon, glat = glon.ravel(), glat.ravel()
    outside = ~((glon >= dW) & (glon <= dE) & (glat >= dS) & (glat <= dN))
    dummies = np.stack([glon[outside], glat[outside]], axis=1)
    return np.concatenate([dummies, [[0.0, 90.0], [0.0, -90.0]]])


def sample_cells(xy, region) -> np.ndarray:
    """Lon/lat Voronoi cells (on the conformal sphere) of the samples xy, in their order."""
    from scipy.spatial import SphericalVoronoi  # lazy: scipy is heavy

    dummies = dummy_generators(region)
    pts = to_unit(np.concatenate([xy[:, 0], dummies[:, 0]]), np.concatenate([xy[:, 1], dummies[:, 1]]))
    log(f"spherical Voronoi of {len(pts)} points")
    sv = SphericalVoronoi(pts, radius=1.0)
    sv.sort_vertices_of_regions()
    cells = voronoi_cells(sv, len(xy))
    log("cells ready")
    return cells


def voronoi_cells(sv, n_real: int) -> np.ndarray:
    """Lon/lat polygons of the first n_real Voronoi regions, edges densified to MAX_EDGE_KM.

    Each edge is densified canonically (from its lower to its higher vertex index), so two
    neighbouring cells share bit-identical edges.
    """
    regions = sv.regions[:n_real]
    counts = np.fromiter((len(r) for r in regions), int, n_real)
    a = np.fromiter((v for r in regions for v in r), int, counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    pos = np.arange(len(a)) - starts
    b = a[starts + (pos + 1) % np.repeat(counts, counts)]
    cell = np.repeat(np.arange(n_real), counts)
    V = sv.vertices / np.linalg.norm(sv.vertices, axis=1)[:, None]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    omega = np.arccos(np.clip(np.einsum("ij,ij->i", V[lo], V[hi]), -1, 1))
    nseg = np.maximum(1, np.ceil(omega * 6371.0 / MAX_EDGE_KM).astype(int))
    # each edge contributes its start vertex plus (nseg-1) interior points
    npts = nseg
    total = npts.sum()
    e_idx = np.repeat(np.arange(len(a)), npts)
    k = np.arange(total) - np.repeat(np.cumsum(npts) - npts, npts)  # 0..nseg-1
    forward = a <= b
    # parameter along lo->hi
    t = k / np.repeat(nseg, npts)
    t = np.where(np.repeat(forward, npts), t, 1.0 - t)
    om = omega[e_idx]
    so = np.sin(om)
    small = so < 1e-12
    w0 = np.where(small, 1.0 - t, np.sin((1 - t) * om) / np.where(small, 1, so))
    w1 = np.where(small, t, np.sin(t * om) / np.where(small, 1, so))
    P = w0[:, None] * V[lo[e_idx]] + w1[:, None] * V[hi[e_idx]]
    # exact vertex where k == 0 (avoid rounding in the slerp at t = 0 or 1)
    k0 = k == 0
    P[k0] = V[a[e_idx[k0]]]
    lon, lat = from_unit(P)
    ring_id = cell[e_idx]
    # unwrap longitudes within each cell around its first vertex
    first_lon = lon[np.searchsorted(ring_id, np.arange(n_real))]
    lon = first_lon[ring_id] + ((lon - first_lon[ring_id] + 180.0) % 360.0 - 180.0)
    rings = shapely.linearrings(np.stack([lon, lat], axis=1), indices=ring_id)
    polys = shapely.polygons(rings)
    bad = ~shapely.is_valid(polys)
    if bad.any():
        polys[bad] = [repair(p) for p in polys[bad]]
    return polys


def cut_cells(cells, xy, radius, sel) -> np.ndarray:
    """cell ∩ geodesic circle(sample, radius) for selected cells; empty for the others."""
    out = np.full(len(cells), shapely.from_wkt("POLYGON EMPTY"), dtype=object)
    idx = np.nonzero(sel)[0]
    if not len(idx):
        return out
    c = cells[idx]
    coords = shapely.get_coordinates(c)
    cnt = shapely.get_num_coordinates(c)
    owner = np.repeat(np.arange(len(idx)), cnt)
    _, _, d = GEOD.inv(np.repeat(xy[idx, 0], cnt), np.repeat(xy[idx, 1], cnt), coords[:, 0], coords[:, 1])
    dmax = np.zeros(len(idx))
    np.maximum.at(dmax, owner, d)
    inside = dmax <= radius
    out[idx[inside]] = c[inside]
    need = np.nonzero(~inside)[0]
    n = circle_vertex_count(radius)
    for s in range(0, len(need), 20000):
        j = need[s:s + 20000]
        circ = geodesic_circles(xy[idx[j], 0], xy[idx[j], 1], radius, n)
        # align circle longitudes with the (possibly >180) cell longitudes
        shift = np.round((shapely.get_x(shapely.centroid(c[j])) - xy[idx[j], 0]) / 360.0) * 360.0
        circ = np.array([shapely.transform(g, lambda q, s_=sh: q + [s_, 0]) if sh else g
                         for g, sh in zip(circ, shift)], dtype=object)
        out[idx[j]] = shapely.intersection(c[j], circ)
    if len(need):
        vertex_r = circle_vertex_radius(radius, n)
        out[idx[need]] = unify_crossings(out[idx[need]], c[need], xy[idx[need]], vertex_r)
    return out


def unify_crossings(clipped, orig, centres, radius, tol_deg: float = 0.003):
    """Make neighbouring cut cells meet exactly at the limit.

    ``radius``: the circle polygons' vertex radius (their vertices are not crossings).
    Two cells sharing a Voronoi edge are cut by two different circle polygons, whose
    chords cross the shared edge at points up to the chord sag (0.05 km) apart; between them a
    hair-thin notch of "nothing" would run back along the edge. The crossing points (vertices
    that are neither original cell vertices nor circle vertices) of different cells closer than
    tol_deg (~0.2-0.3 km, > the largest possible mismatch) are replaced by one of them.
    """
    from scipy.sparse import coo_matrix  # lazy: scipy is heavy
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    coords, gi = shapely.get_coordinates(clipped, return_index=True)
    ocoords = shapely.get_coordinates(orig)
    is_orig = np.isin(coords[:, 0] + 1j * coords[:, 1], ocoords[:, 0] + 1j * ocoords[:, 1])
    _, _, d = GEOD.inv(centres[gi, 0], centres[gi, 1], coords[:, 0], coords[:, 1])
    cand = np.nonzero(~is_orig & (np.abs(d - radius) > 1.0))[0]
    if len(cand) < 2:
        return clipped
    pairs = cKDTree(coords[cand]).query_pairs(tol_deg, output_type="ndarray")
    pairs = pairs[gi[cand[pairs[:, 0]]] != gi[cand[pairs[:, 1]]]]
    if not len(pairs):
        return clipped
    m = len(cand)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(m, m))
    _, comp = connected_components(graph, directed=False)
    first = np.full(comp.max() + 1, m)
    np.minimum.at(first, comp, np.arange(m))
    new = coords.copy()
    new[cand] = coords[cand[first[comp]]]
    out = shapely.set_coordinates(np.array([shapely.from_wkb(shapely.to_wkb(g)) for g in clipped], dtype=object), new)
    # a hair-thin cell can fold onto itself when its two crossings merge, and a thin strip (the
    # cell of a sample on a straight baseline) can lose its far end to a crossing of a cell that
    # is not its neighbour; a true merge moves a crossing <= tol_deg, changing a cut cell's area
    # by a few per cent at most: otherwise keep the cell as it was
    bad = ~shapely.is_valid(out) | (shapely.area(out) < 0.9 * shapely.area(clipped))
    out[bad] = clipped[bad]
    log(f"  unified {int((first[comp] != np.arange(m)).sum())} limit crossings (circle vertices at {radius / NM:.4f} NM)")
    return out
