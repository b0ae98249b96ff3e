"""The build: land -> baselines -> Voronoi cells -> cut bands -> pieces -> files."""
from __future__ import annotations

import time
from pathlib import Path

import shapely

from zonebuild.baselines import DisputedFeatures, baseline_samples
from zonebuild.common import OUT_DIR, log
from zonebuild.geometry import polygons_only
from zonebuild.internal import internal_waters
from zonebuild.limits import assemble, cut_bands, sample_owner, sea_pieces
from zonebuild.naming import land_pieces_by_owner
from zonebuild.output import write_outputs
from zonebuild.source import fetch_source, land_union, load_land
from zonebuild.straight import straight_baseline_waters
from zonebuild.straits import three_nm_exclusion
from zonebuild.target import Target
from zonebuild.voronoi import sample_cells

# Coast within this padding of the region can own waters inside it (200 NM = 370.4 km).
GEN_PAD = (9.0, 5.0)
MAX_SPACING_KM = 1.0  # baseline sample spacing


def generator_window(region) -> tuple[float, float, float, float]:
    """The region padded by GEN_PAD: land there can own waters inside the region."""
    W, S, E, N = region
    return (W - GEN_PAD[0], S - GEN_PAD[1], E + GEN_PAD[0], N + GEN_PAD[1])


def build(target: Target, spacing_km: float, workdir: Path, simplify: bool = False,
          previous_readme: Path | None = None) -> dict:
    """Build the target's zones into workdir; returns {'samples': n, 'seconds': s}."""
    t0 = time.time()
    tgz, js = fetch_source()
    gwin = generator_window(target.region)

    log("loading land")
    polys, labels = load_land(js, gwin)
    disputed = DisputedFeatures.of(target)
    feat_of_poly = disputed.of_polygons(polys, labels)
    log(f"{len(polys)} land polygons; union")
    land_all = land_union(polys)

    # closing lines of internal waters are baselines (measured from like the coast)
    internal, closing = internal_waters(target, land_all)
    if target.straight_baselines:
        straight_iw, straight_lines = straight_baseline_waters(target.straight_baselines, land_all, internal)
        internal = polygons_only(shapely.union(internal, straight_iw))
        closing = closing + straight_lines
    xy, lab, feat = baseline_samples(target, disputed, land_all, gwin, polys, labels, feat_of_poly,
                                     spacing_km, extra_lines=[(c, target.iso3) for c in closing])
    n_real = len(xy)
    log(f"{n_real} baseline samples")
    cells = sample_cells(xy, target.region)
    cut = cut_bands(cells, xy, lab, feat, target.iso3)
    owner = sample_owner(lab, feat, disputed.ids)
    not_ts, rings = None, {}
    if target.specified_sea_areas:
        own_land = shapely.union_all(polys[labels == target.iso3])
        not_ts, rings = three_nm_exclusion(target.specified_sea_areas, target.straight_baselines,
                                           shapely.union(own_land, internal))
    pieces = sea_pieces(cut, owner, lab, disputed, target, internal, not_ts)
    land_pieces = land_pieces_by_owner(polys, labels, feat_of_poly, disputed, land_all, target)
    out = assemble(land_pieces + pieces, land_all, target.region, simplify)

    stats = {"samples": int(n_real), "seconds": round(time.time() - t0, 1), "specified_sea_areas": rings}
    write_outputs(out, workdir, target, stats, previous_readme or OUT_DIR / target.readme)
    return stats
