"""Outputs: the shapefile, its JSON sidecar (provenance, checksums) and the folder's README,
written into a work folder and then moved into place by atomic renames."""
from __future__ import annotations

import datetime as _dt
import json
import os
import struct
from pathlib import Path

from zonebuild.baselines import DisputedFeatures
from zonebuild.common import DATA_DIR, EDITION, NM, read_csv, sha256_file
from zonebuild.source import SOURCE
from zonebuild.target import Target

#: Blocks of the README written by other scripts, kept across builds: placeholder -> (start, end, stub)
KEPT_BLOCKS = {
    "{{COMPARISON}}": ("<!-- comparison:start -->", "<!-- comparison:end -->",
                       "(run `python scripts/compare_zones.py --write-readme`)"),
    "{{AGREED_LINES}}": ("<!-- agreed-lines:start -->", "<!-- agreed-lines:end -->",
                         "(run `python scripts/compare_zones.py --agreed-lines --write-readme`)"),
}


def write_outputs(rows, workdir: Path, target: Target, stats: dict, previous_readme: Path) -> None:
    """Write ``<stem>.shp`` (+ sidecar files), ``<stem>.json`` and the README into workdir."""
    import geopandas as gpd  # lazy: heavy
    import pandas as pd

    stem = target.output_stem
    df = gpd.GeoDataFrame(
        {
            "zone_type": [r[0] for r in rows],
            "sovereigns": [r[1] for r in rows],
            "name": [r[2] for r in rows],
            "mrgid": pd.array([r[3] for r in rows], dtype="Int64"),
        },
        geometry=[r[4] for r in rows],
        crs="EPSG:4326",
    )
    shp = workdir / f"{stem}.shp"
    df.to_file(shp, driver="ESRI Shapefile", engine="pyogrio", layer_options={"ENCODING": "UTF-8"})
    fix_dbf_date(workdir / f"{stem}.dbf", EDITION)
    files = {p.name: sha256_file(p) for p in sorted(workdir.glob(f"{stem}.*"))}
    meta = metadata(target, stats, files)
    (workdir / f"{stem}.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (workdir / target.readme).write_text(readme_text(meta, stats, rows, target, previous_readme), encoding="utf-8")


def data_sources(target: Target) -> list[dict]:
    """The small tables of ``scripts/data/`` the zones are computed from, with checksums."""
    names = [target.baseline_points, target.disputed_features]
    names += [w.closing_lines for w in target.internal_waters]
    names += [n for n in (target.straight_baselines, target.specified_sea_areas) if n]
    return [{"name": f"scripts/data/{n}", "version": EDITION, "licence": "facts",
             "sha256": sha256_file(DATA_DIR / n)} for n in names]


def build_command(target: Target) -> str:
    """The command that rebuilds these files."""
    cmd = "python scripts/build_zones.py"
    if target.iso3 != "JPN":
        cmd += f" --target {target.iso3}"
    if not target.default_region:
        cmd += " --region " + ",".join(f"{v:g}" for v in target.region)
    return cmd


def metadata(target: Target, stats: dict, files: dict) -> dict:
    """The JSON sidecar read by the loader."""
    disputed = DisputedFeatures.of(target)
    return {
        "dataset": "eezcheck bundled zones",
        "edition": EDITION,
        "description": (f"computed from OpenStreetMap coastline ({SOURCE['name']}@{SOURCE['version']}) "
                        f"{target.description}"),
        "licence": "ODbL-1.0",
        "attribution": "© OpenStreetMap contributors; zones computed by the eezcheck developers "
                       "(a Derivative Database under ODbL 1.0)",
        "sources": [
            {"name": SOURCE["name"], "version": SOURCE["version"], "licence": SOURCE["licence"],
             "sha256": SOURCE["sha256"], "attribution": SOURCE["attribution"]},
            *data_sources(target),
        ],
        "build_command": build_command(target),
        "region": list(target.region),
        "crs": "EPSG:4326",
        "nautical_mile_m": NM,
        "baseline_samples": stats["samples"],
        # features that generate zones but have no land polygon here (tiny rocks missing from
        # the source): a loader can use them, e.g. for "nearest territory"
        "baseline_points": [
            {"name": r["name"], "lon": float(r["lon"]), "lat": float(r["lat"]),
             "territory": r["territory"], "disputed": disputed.claimants_at(float(r["lon"]), float(r["lat"]))}
            for r in read_csv(target.baseline_points)
        ],
        # the specified sea areas (3-NM territorial sea) as built: a loader or test can tell
        # where the territorial sea is 3 NM wide
        **({"specified_sea_areas": [{"id": k, "ring": v} for k, v in stats["specified_sea_areas"].items()]}
           if stats.get("specified_sea_areas") else {}),
        "files": files,
    }


def kept_block(previous_readme: Path, start: str, end: str, stub: str) -> str:
    """The block between start and end of the previous README, or a stub block."""
    block = f"{start}\n{stub}\n{end}"
    if previous_readme.exists():
        t = previous_readme.read_text(encoding="utf-8")
        a, b = t.find(start), t.find(end)
        if a >= 0 and b > a:
            block = t[a:b + len(end)]
    return block


def readme_text(meta: dict, stats: dict, rows, target: Target, previous_readme: Path) -> str:
    """The output folder's README from the target's template; the blocks other scripts write
    (KEPT_BLOCKS) are kept from the previous README."""
    tmpl = (DATA_DIR / target.readme_template).read_text(encoding="utf-8")
    files = "\n".join(f"| `{k}` | `{v}` |" for k, v in meta["files"].items())
    srcs = "\n".join(f"| {s_['name']} | {s_['version']} | {s_['licence']} | `{s_['sha256']}` |" for s_ in meta["sources"])
    counts = {}
    for r in rows:
        counts[r[0]] = counts.get(r[0], 0) + 1
    for placeholder, (start, end, stub) in KEPT_BLOCKS.items():
        tmpl = tmpl.replace(placeholder, kept_block(previous_readme, start, end, stub))
    return (tmpl.replace("{{EDITION}}", EDITION)
            .replace("{{SOURCE_NAME}}", SOURCE["name"]).replace("{{SOURCE_VERSION}}", SOURCE["version"])
            .replace("{{SOURCE_SHA256}}", SOURCE["sha256"])
            .replace("{{SOURCES_TABLE}}", srcs).replace("{{FILES_TABLE}}", files)
            .replace("{{REGION}}", ", ".join(f"{v:g}" for v in target.region))
            .replace("{{SAMPLES}}", f"{stats['samples']:,}")
            .replace("{{ROWS}}", ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))))


def fix_dbf_date(path: Path, iso: str) -> None:
    """DBF headers carry the write date; pin it to the edition so builds are byte-identical."""
    d = _dt.date.fromisoformat(iso)
    with open(path, "r+b") as f:
        f.seek(1)
        f.write(struct.pack("<BBB", d.year - 1900, d.month, d.day))


def install(workdir: Path, out_dir: Path) -> None:
    """Move the finished files into out_dir (each by an atomic rename)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for p in sorted(workdir.iterdir()):
        os.replace(p, out_dir / p.name)
