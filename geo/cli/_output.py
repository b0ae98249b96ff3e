"""Writing results: JSON to stdout, tables to files atomically, maps when asked; output paths checked first."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

from geo._files import atomic_write, atomic_write_text
from geo.errors import EEZCheckError, InputError
from geo.inputs import MAX_LISTED_PROBLEMS
from geo.results import DEFAULT_REFERENCE

TABLE_FORMATS = {".csv": "csv", ".geojson": "geojson", ".json": "geojson", ".parquet": "parquet", ".gpkg": "gpkg"}

#: Exit code of a streamed run that stopped part-way (its stdout is incomplete; no file is written).
STOPPED_EXIT = 5


class OutputStopped(EEZCheckError):
    """A streamed run stopped part-way: what reached stdout is incomplete, an output file was not written."""

    exit_code = STOPPED_EXIT


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
    json.dump(_jsonable(obj), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write("\n")


def _jsonable(obj):
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    return _clean(obj)


def check_output(path, *, option: str = "-o", directory: bool = False) -> Path:
    """An output path that can be written, checked before any work (a long run never fails at
    its last step): in a folder that exists and is writable, and not a directory — or, with
    ``directory`` (a dataset of files), not an existing file or a directory holding anything."""
    p = Path(path).expanduser()
    if directory and p.exists() and (not p.is_dir() or any(p.iterdir())):
        raise InputError(
            f"{option} {path}: already exists{' and is not empty' if p.is_dir() else ''}; eezcheck never deletes "
            "what is there: give a new path, or remove it first"
        )
    if not directory and p.is_dir():
        raise InputError(f"{option} {path}: is a directory; give a file name")
    parent = p.parent
    if not parent.is_dir():
        raise InputError(f"{option} {path}: the folder {parent} does not exist; create it first")
    try:  # a real write, not os.access: that says yes to root even on read-only places
        fd, probe = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".probe", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(f"{option} {path}: cannot write in the folder {parent} ({exc.strerror or exc})") from None
    return p


def write_file(path, write) -> None:
    """:func:`geo._files.atomic_write`, with a failed write (disk full, permissions) as one line."""
    try:
        atomic_write(Path(path), write)
    except OSError as exc:
        raise EEZCheckError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from exc


def source_id(label: str) -> str:
    """A short id for a zone data attribution, written on every CSV row instead of its full
    text (the data set's name and a digest of the full text, e.g. ``eezcheck bundled zones #1a2b3c4d``)."""
    import hashlib

    return f"{label.split(':', 1)[0][:40]} #{hashlib.sha1(label.encode('utf-8')).hexdigest()[:8]}"


def csv_sidecar_path(path) -> Path:
    """``OUT.csv.json``: the full attribution of the ids in a results CSV's ``data_source`` column."""
    return Path(str(path) + ".json")


def short_sources(df):
    """``df`` with its ``data_source`` column holding :func:`source_id` ids, and ``{id: full text}``.

    A categorical column (as :func:`geo.classify.check_points` makes it) is renamed in one step
    (its categories), not row by row; ``df`` is not changed.
    """
    import pandas as pd

    if "data_source" not in df.columns:
        return df, {}
    col = df["data_source"]
    if not isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype("category")
    labels = [str(v) for v in col.cat.categories]
    ids = {label: source_id(label) for label in labels}
    out = df.copy(deep=False)
    out["data_source"] = col.cat.rename_categories([ids[label] for label in labels])
    return out, {i: label for label, i in ids.items()}


def write_csv_sidecar(path, sources: dict) -> None:
    """Write ``OUT.csv.json`` naming the full attribution of each ``data_source`` id in ``path``."""
    body = {"file": Path(path).name, "data_source": sources,
            "note": "the data_source column of the CSV holds these ids; each is the zone data its row was classified with"}
    try:
        atomic_write_text(csv_sidecar_path(path), json.dumps(body, ensure_ascii=False, indent=1) + "\n")
    except OSError as exc:
        raise EEZCheckError(f"cannot write {csv_sidecar_path(path)}: {exc.strerror or exc}") from exc


def table_format(path) -> str:
    fmt = TABLE_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"output {path}: unknown extension; use one of {', '.join(TABLE_FORMATS)}")
    return fmt


def write_table(gdf, path) -> None:
    """Write a results GeoDataFrame as CSV, GeoJSON, GeoParquet or GeoPackage by extension."""
    fmt = table_format(path)
    sources = [{}]  # the CSV's data_source ids and their full text, for its sidecar

    def write(tmp: Path):
        if fmt == "csv":
            lean, sources[0] = short_sources(gdf.drop(columns=gdf.geometry.name))
            lean.to_csv(tmp, index=False)
        elif fmt == "parquet":
            gdf.to_parquet(tmp, index=False)
        elif fmt == "gpkg":
            # The layer is named after the final file, not the temporary one.
            layer = re.sub(r"\W+", "_", Path(path).stem).strip("_") or "results"
            gdf.to_file(tmp, driver="GPKG", engine="pyogrio", layer=layer)
        else:
            tmp.write_text(_geojson(gdf), encoding="utf-8")

    write_file(path, write)
    if sources[0]:
        write_csv_sidecar(path, sources[0])


def _geojson(gdf) -> str:
    """Strict JSON: a bad row's point (NaN coordinates) is a null geometry; NaN values are null."""
    import shapely

    geoms = np.asarray(gdf.geometry.values, dtype=object)
    bad = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    bad[~bad] = ~np.isfinite(shapely.bounds(geoms[~bad])).all(axis=1)
    out = gdf
    if bad.any():
        out = gdf.copy()
        out.loc[bad, gdf.geometry.name] = None
    text = out.to_json(drop_id=True, na="null", ensure_ascii=False)
    json.loads(text, parse_constant=_refuse_constant)  # never write NaN/Infinity tokens
    return text


def _refuse_constant(name):
    raise ValueError(f"GeoJSON output would hold {name}")


def save_map(results, path, **kwargs) -> None:
    """Draw results on an HTML map (see geo.maps) and tell the user where it went."""
    from geo import maps  # lazy: folium, only when a map is asked for

    maps.save(maps.result_map(results, **kwargs), path)
    print(f"eezcheck: map written to {path}", file=sys.stderr)


def report_bad_rows(listed, total: int, what: str = "kept with an 'error' column") -> int:
    """List bad rows on stderr — ``listed`` is ``[(1-based row, message), …]`` — and return exit code 2."""
    print(f"eezcheck: {total} bad row(s) {what}:", file=sys.stderr)
    for row, msg in list(listed)[:MAX_LISTED_PROBLEMS]:
        print(f"  row {row}: {msg}", file=sys.stderr)
    if total > MAX_LISTED_PROBLEMS:
        print(f"  ... and {total - MAX_LISTED_PROBLEMS} more", file=sys.stderr)
    return 2


class _CompareFlag(argparse.Action):
    """``--compare``: a flag (it takes no value, so it never swallows a positional argument such as
    the latitude in ``eezcheck point --compare 41.5 137.8``); a data set named by
    ``--compare-with`` is kept whichever comes first."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, self.dest, None) is None:
            setattr(namespace, self.dest, DEFAULT_REFERENCE)


def add_compare_option(p, what: str) -> None:
    """``--compare`` (a flag: the default reference, the downloaded Marine Regions layers) and
    ``--compare-with NAME|PATH`` (another data set; implies ``--compare``). Both set
    ``args.compare``: None, or the reference data to compare with.

    Parameters
    ----------
    p : argparse.ArgumentParser
        The command's parser (``point`` and ``batch`` take the same two options).
    what : str
        What the comparison adds, for the help text.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> _ = parser.add_argument("lat"); add_compare_option(parser, "also give the verdict")
    >>> parser.parse_args(["--compare", "41.5"]).compare, parser.parse_args(["--compare", "41.5"]).lat
    ('marineregions', '41.5')
    >>> parser.parse_args(["1", "--compare-with", "bundled"]).compare
    'bundled'
    """
    p.add_argument(
        "--compare",
        action=_CompareFlag,
        default=None,
        help=f"{what} under the reference zone data, the downloaded Marine Regions layers ('eezcheck data download'); "
        "a flag, it takes no value (another data set: --compare-with)",
    )
    p.add_argument(
        "--compare-with",
        dest="compare",
        metavar="NAME|PATH",
        default=None,
        help="compare with this zone data instead: a name from 'eezcheck data list' or a zone file (implies --compare)",
    )
