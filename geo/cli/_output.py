"""Writing results: JSON to stdout, tables to files atomically, maps when asked."""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
from pathlib import Path

from geo.errors import InputError

TABLE_FORMATS = {".csv": "csv", ".geojson": "geojson", ".json": "geojson", ".parquet": "parquet", ".gpkg": "gpkg"}


def _clean(v):
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    if hasattr(v, "item") and not isinstance(v, (list, tuple, dict, str)):
        try:
            return _clean(v.item())
        except (AttributeError, ValueError):
            pass
    if v is not None and type(v).__name__ in ("NAType", "NaTType"):
        return None
    return v


def print_json(obj) -> None:
    json.dump(_jsonable(obj), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _jsonable(obj):
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    return _clean(obj)


def atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)`` then move the file into place; nothing half-written is left."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        os.unlink(tmp)  # some drivers refuse to write over an existing file
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def table_format(path) -> str:
    fmt = TABLE_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"output {path}: unknown extension; use one of {', '.join(TABLE_FORMATS)}")
    return fmt


def write_table(gdf, path) -> None:
    """Write a results GeoDataFrame as CSV, GeoJSON, GeoParquet or GeoPackage by extension."""
    fmt = table_format(path)

    def write(tmp: Path):
        if fmt == "csv":
            gdf.drop(columns=gdf.geometry.name).to_csv(tmp, index=False)
        elif fmt == "parquet":
            gdf.to_parquet(tmp, index=False)
        elif fmt == "gpkg":
            # The layer is named after the final file, not the temporary one.
            layer = re.sub(r"\W+", "_", Path(path).stem).strip("_") or "results"
            gdf.to_file(tmp, driver="GPKG", engine="pyogrio", layer=layer)
        else:
            tmp.write_text(gdf.to_json(drop_id=True, na="null", ensure_ascii=False), encoding="utf-8")

    atomic_write(Path(path), write)


def save_map(results, path, **kwargs) -> None:
    """Draw results on an HTML map (see geo.maps) and tell the user where it went."""
    from geo import maps

    maps.save(maps.result_map(results, **kwargs), path)
    print(f"eezcheck: map written to {path}", file=sys.stderr)


def report_bad_rows(listed, total: int, what: str = "kept with an 'error' column") -> int:
    """List bad rows on stderr — ``listed`` is ``[(1-based row, message), …]`` — and return exit code 2."""
    from geo.inputs import MAX_LISTED_PROBLEMS

    print(f"eezcheck: {total} bad row(s) {what}:", file=sys.stderr)
    for row, msg in list(listed)[:MAX_LISTED_PROBLEMS]:
        print(f"  row {row}: {msg}", file=sys.stderr)
    if total > MAX_LISTED_PROBLEMS:
        print(f"  ... and {total - MAX_LISTED_PROBLEMS} more", file=sys.stderr)
    return 2


def add_compare_option(p, what: str) -> None:
    """``--compare [NAME|PATH]``: the verdict under a second data set (default: downloaded Marine Regions)."""
    p.add_argument(
        "--compare",
        nargs="?",
        const="marineregions",
        default=None,
        metavar="NAME|PATH",
        help=f"{what} under other zone data (default: the downloaded Marine Regions layers); put it after the positional arguments",
    )
