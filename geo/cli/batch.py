"""``eezcheck batch IN [-o OUT]``: a table of points in, the same rows with verdicts out.

Bad rows are kept, never dropped: their ``error`` column says what is wrong (row, field, value),
their input values stay as they were, the verdict fields stay empty, every bad row is listed on
stderr, and the exit code is 2 — after the output has been written in full. Row order and count
always equal the input's; no input column is replaced or dropped.

Large files stream: CSV or (Geo)Parquet in, CSV (file or stdout) or Parquet out, read and
written ``--chunk-size`` rows at a time, so memory stays flat whatever the row count (see
``benchmarks/bench_batch_memory.py``). Parquet out is GeoParquet unless the input is a Parquet
without geometry: then its lat/lon columns stay the points and no geometry is added (the verdict
columns are dictionary-encoded, the attribution is in the file's ``data_source`` metadata).
Without distances, plain CSV lines take a fast lane (:mod:`geo.cli._lean_batch`, same bytes), and so do
plain Parquet files, kept in Arrow (:mod:`geo.cli._lean_parquet`, same table); chunks are classified
on all cores while the main thread reads and writes. The output file appears complete or not at all (written
under a temporary name, then renamed). A streamed run that stops part-way (a later part of the
file cannot be read) exits with code 5: what reached stdout is incomplete, and no output file is
written. A progress bar shows on stderr when it is a terminal.
``--engine dask`` classifies a (partitioned) GeoParquet on dask-geopandas partitions instead; it
writes a new directory and never deletes what is already there.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
import tempfile
from pathlib import Path

from geo._threads import map_chunks, workers
from geo.classify import RESULT_COLUMNS, check_points
from geo.cli import add_common_options
from geo.cli._output import (
    STOPPED_EXIT,
    OutputStopped,
    add_compare_option,
    check_output,
    print_json,
    report_bad_rows,
    save_map,
    short_sources,
    table_format,
    write_csv_sidecar,
    write_file,
    write_table,
)
from geo.cli.map_options import map_options
from geo.compare import compare_record, report_differences
from geo.errors import EEZCheckError, InputError
from geo.index.cache import load_index
from geo.inputs import MAX_LISTED_PROBLEMS, read_point_chunks, read_points
from geo.results import json_record
from geo.zones.catalog import resolve_zones

#: Rows per chunk when streaming (a chunk's results take roughly 1 KB per row).
CHUNK_ROWS = 200_000
_STREAM_IN = (".csv", ".txt", ".tsv", ".parquet")
_STREAM_OUT = (".csv", ".parquet")


def register(sub) -> None:
    p = sub.add_parser(
        "batch",
        help="check a CSV/GeoJSON/GeoPackage/Parquet file of points",
        description=__doc__.split("\n\n")[0].replace("``", "") + " Bad rows are kept with an 'error' column and the exit code is 2.",
        epilog=f"Exit codes: 0 ok; 2 bad input (with bad rows: after the full output is written); "
        f"{STOPPED_EXIT} a streamed run stopped part-way (stdout incomplete, no file written); 3 zone data problem.",
    )
    p.add_argument("input", help="IN.csv (lat/lon columns), IN.geojson, IN.gpkg or IN.parquet")
    p.add_argument("-o", "--output", metavar="OUT", default=None, help="OUT.csv|.geojson|.parquet|.gpkg (default: CSV on stdout)")
    p.add_argument("--layer", metavar="NAME", default=None, help="the layer to read from a file with several (GeoPackage)")
    p.add_argument("--lat-col", default=None, help="name of the latitude column (default: found by name)")
    p.add_argument("--lon-col", default=None, help="name of the longitude column (default: found by name)")
    p.add_argument("--no-distance", action="store_true", help="skip the distance columns (faster)")
    p.add_argument(
        "--engine",
        choices=("pandas", "dask"),
        default="pandas",
        help="pandas: in this process, streaming big CSV/Parquet files in chunks (default); dask: dask-geopandas "
        "partitions of a GeoParquet file or directory, written as a new partitioned Parquet directory (extra 'dask')",
    )
    p.add_argument("--chunk-size", type=int, default=CHUNK_ROWS, metavar="ROWS", help=f"rows per streamed chunk (default {CHUNK_ROWS:,})")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_common_options(p)
    add_compare_option(p, "add the verdict (ref_* columns and 'differs')")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.chunk_size < 1:
        raise InputError(f"--chunk-size {args.chunk_size}: give a positive number of rows")
    if args.map:
        check_output(args.map, option="--map")
    map_options(args)  # checked before the work
    if args.engine == "dask":
        return _run_dask(args)
    if args.output:
        check_output(args.output)  # fail on a bad path or extension before the work
        table_format(args.output)
    if _streamable(args):
        return _run_stream(args)
    return _run_in_memory(args)


def _classify(df, args, zones, **kw):
    # A GeoDataFrame without --lat-col/--lon-col is read from its point geometry. Chunks run
    # side by side: the zone index is safe to query from several threads (geo.index.zone_index).
    return check_points(
        df, lat_col=args.lat_col, lon_col=args.lon_col, target=args.target, zones=zones,
        distances=not args.no_distance, errors="keep", **kw,
    )


def _summary(res) -> str:
    bad = res["error"].notna()
    counts = res.loc[~bad, "eez_status"].value_counts().to_dict()
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no valid rows"


def _run_in_memory(args) -> int:
    df = read_points(args.input, layer=args.layer)
    zones = resolve_zones(args.zones)
    res = _classify(df, args, zones, compare=args.compare)
    # Row labels in messages are 1-based data lines of the file (header excluded).
    if args.output:
        write_table(res, args.output)
        print(f"eezcheck: {len(res)} rows written to {args.output}", file=sys.stderr)
    elif args.json:
        records = res.drop(columns=res.geometry.name).to_dict(orient="records")
        print_json([compare_record(r) if args.compare else json_record(r) for r in records])
    else:
        res.drop(columns=res.geometry.name).to_csv(sys.stdout, index=False)
    print(f"eezcheck: {len(res)} rows; {_summary(res)}", file=sys.stderr)
    if args.compare:
        report_differences(res, file=sys.stderr)
    bad = res["error"].notna()
    if args.map:
        save_map(res[~bad], args.map, zones=zones, target=args.target, **map_options(args))
    if bad.any():
        return report_bad_rows(((i + 1, m) for i, m in res.loc[bad, "error"].items()), int(bad.sum()))
    return 0


# --------------------------------------------------------------------------- streaming


def _streamable(args) -> bool:
    """Stream when input and output are both chunk-friendly and nothing needs the whole table."""
    if args.compare or args.map or args.json or args.layer is not None:
        return False
    if Path(args.input).suffix.lower() not in _STREAM_IN:
        return False
    return args.output is None or Path(args.output).suffix.lower() in _STREAM_OUT


def _total_rows(path: Path):
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        except Exception:  # noqa: BLE001 - the progress bar can do without a total
            return None
    return None


class _ParquetSink:
    """GeoParquet written chunk by chunk with one schema: text columns as large strings even in
    a chunk where pandas saw only missing values."""

    def __init__(self, path):
        self.path = path
        self.writer = None
        self.schema = None

    def write(self, gdf):
        import geopandas as gpd

        # A GeoDataFrame, not any table with a column named "geometry" (a plain Parquet's text column).
        self.write_arrow(_geoparquet_table(gdf) if isinstance(gdf, gpd.GeoDataFrame) else _plain_table(gdf))

    def write_arrow(self, table):
        """Write an Arrow table (the first one sets the file's schema)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.writer is None:
            fields = [
                pa.field(f.name, pa.large_string() if pa.types.is_null(f.type) or pa.types.is_string(f.type) else f.type)
                for f in table.schema
            ]
            self.schema = pa.schema(fields, metadata=table.schema.metadata)
            # Dictionary pages only where they pay: text and the verdicts; the input's own numbers
            # (coordinates, ids — nearly all distinct) stay plain, no larger than they came.
            dictionary = [f.name for f in fields if f.name in RESULT_COLUMNS and f.name not in ("lat", "lon") or not (
                pa.types.is_integer(f.type) or pa.types.is_floating(f.type))]
            # Min/max statistics for every column but the dictionary-encoded text verdicts: theirs
            # took a quarter of the writing time, and a row group of scattered points holds most
            # of their few values anyway.
            stats = [f.name for f in fields if not pa.types.is_dictionary(f.type)]
            self.writer = pq.ParquetWriter(self.path, self.schema, use_dictionary=dictionary, write_statistics=stats)
        self.writer.write_table(table.cast(self.schema))

    def close(self):
        if self.writer is not None:
            self.writer.close()


def _plain_parquet(path: Path) -> bool:
    """A Parquet file without GeoParquet metadata (points in lat/lon columns)."""
    if path.suffix.lower() != ".parquet":
        return False
    try:
        import pyarrow.parquet as pq

        return b"geo" not in (pq.ParquetFile(path).schema_arrow.metadata or {})
    except Exception:  # noqa: BLE001 - unreadable: the reader says why
        return False


def _plain_table(df):
    """A results table without geometry as Arrow: verdict columns dictionary-encoded (from the
    categoricals), the attribution once in the file's metadata."""
    import pyarrow as pa

    # One thread (pyarrow would start a pool per call): chunks are already shared out over the cores.
    table = pa.Table.from_pandas(df, preserve_index=False, nthreads=1)
    meta = {**(table.schema.metadata or {}), b"data_source": str(df.attrs.get("data_source", "")).encode("utf-8")}
    return table.replace_schema_metadata(meta)


def _geoparquet_table(gdf):
    """An Arrow table of ``gdf`` in GeoParquet 1.0 layout: the geometry as WKB, last, described by
    the file's ``geo`` metadata (its CRS; geometry types left open, as a chunk cannot know them all)."""
    import json

    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import shapely

    name = gdf.geometry.name
    table = pa.Table.from_pandas(pd.DataFrame(gdf.drop(columns=name)), preserve_index=False, nthreads=1)
    wkb = shapely.to_wkb(np.asarray(gdf.geometry.values, dtype=object))
    table = table.append_column(name, pa.array(wkb, type=pa.binary()))
    column = {"encoding": "WKB", "geometry_types": []}
    if gdf.crs is not None:
        column["crs"] = gdf.crs.to_json_dict()
    geo = {"version": "1.0.0", "primary_column": name, "columns": {name: column}}
    meta = {**(table.schema.metadata or {}), b"geo": json.dumps(geo).encode()}
    if gdf.attrs.get("data_source"):  # the attribution once per file (the column is dictionary-encoded)
        meta[b"data_source"] = str(gdf.attrs["data_source"]).encode("utf-8")
    return table.replace_schema_metadata(meta)


class _Stream:
    """Result chunks of a streamed run, with the counts the summary needs."""

    def __init__(self, args):
        import tqdm

        self.args = args
        self.path = Path(args.input)
        self.zones = resolve_zones(args.zones)
        load_index(self.zones)  # here, once: not by each thread that classifies a first chunk
        # CSV out has no geometry column: the points are not built at all; nor for Parquet out
        # from a Parquet without geometry (its lat/lon columns stay the points).
        self.geometry = args.output is not None and Path(args.output).suffix.lower() != ".csv" and not _plain_parquet(self.path)
        self.rows = self.bad = 0
        self.counts: dict = {}
        self.bad_rows: list = []
        self.bar = tqdm.tqdm(
            total=_total_rows(self.path), unit=" rows", unit_scale=True, file=sys.stderr, mininterval=0.5,
            disable=args.quiet or not sys.stderr.isatty(), desc="eezcheck",
        )

    def results(self):
        """Classified chunks; each is counted once the caller has written it (when it asks for the next)."""
        # As many chunks as cores classified side by side (numpy, shapely and pyproj release the GIL).
        for group in _groups(read_point_chunks(self.path, self.args.chunk_size), workers()):
            for res in map_chunks(lambda df: _classify(df, self.args, self.zones, geometry=self.geometry), group):
                yield res
                self._count(res)
        if self.rows == 0:  # raised inside the write: a half-made output file is removed
            raise InputError(f"input file {self.path} has no rows")

    def _count(self, res):
        bad = res["error"].notna()
        for k, v in res.loc[~bad, "eez_status"].value_counts().items():
            self.counts[k] = self.counts.get(k, 0) + int(v)
        self.rows += len(res)
        self.bad += int(bad.sum())
        if len(self.bad_rows) < MAX_LISTED_PROBLEMS:
            self.bad_rows.extend(list(res.loc[bad, "error"].items())[: MAX_LISTED_PROBLEMS - len(self.bad_rows)])
        self.bar.update(len(res))


def _groups(chunks, n: int):
    """Lists of up to ``n`` non-empty chunks; the chunks read before a read error still come
    first (then the error)."""
    chunks = iter(chunks)
    while True:
        group, ended = [], False
        try:
            for _ in range(n):
                df = next(chunks, None)
                if df is None:
                    ended = True
                    break
                if len(df):
                    group.append(df)
        except EEZCheckError:
            if group:
                yield group
            raise
        if group:
            yield group
        if ended:
            return


def _write_csv(fh, chunks, sources: dict | None = None) -> None:
    """CSV rows of every chunk; with ``sources``, ``data_source`` holds short ids (their full text
    collected in ``sources`` for the file's sidecar), else the full text (stdout has no sidecar)."""
    import geopandas as gpd

    first = True
    for res in chunks:
        if isinstance(res, gpd.GeoDataFrame):  # a plain table's own "geometry" column is data: kept
            res = res.drop(columns=res.geometry.name)
        if sources is not None:
            res, ids = short_sources(res)
            sources.update(ids)
        res.to_csv(fh, index=False, header=first)
        first = False


def _write_csv_file(tmp: Path, chunks, sources: dict) -> None:
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        _write_csv(fh, chunks, sources)


def _write_parquet(tmp: Path, chunks) -> None:
    sink = _ParquetSink(tmp)
    try:
        for res in chunks:
            sink.write(res)
    finally:
        sink.close()


def _lean_csv(run, tmp, sources) -> bool:
    """CSV → CSV without distances by :mod:`geo.cli._lean_batch` (same bytes, much faster); False
    when the file does not suit it (then nothing was written)."""
    from geo.classify import RESULT_COLUMNS
    from geo.cli._lean_batch import lean_header, stream

    if not run.args.no_distance or run.path.suffix.lower() != ".csv":
        return False
    with open(run.path, "rb") as fh:
        names = lean_header(fh.readline().rstrip(b"\n"), RESULT_COLUMNS, run.args.lat_col, run.args.lon_col)
    if names is None:
        return False
    added = [c for c in RESULT_COLUMNS if c not in ("lat", "lon")]
    kw = dict(chunk_rows=run.args.chunk_size, names=names, count=run._count,
              classify=lambda lat, lon: check_points(lat=lat, lon=lon, target=run.args.target, zones=run.zones,
                                                     distances=False, geometry=False, columns=added),
              general=lambda df: _classify(df, run.args, run.zones, geometry=False),
              shorten=(lambda r: r) if sources is None else lambda r: _short(r, sources))
    if tmp is None:
        sys.stdout.flush()
        stream(run.path, sys.stdout.buffer, **kw)
        sys.stdout.buffer.flush()
    else:
        with open(tmp, "wb") as fh:
            stream(run.path, fh, **kw)
    if run.rows == 0:
        raise InputError(f"input file {run.path} has no rows")
    return True


def _short(res, sources):
    res, ids = short_sources(res)
    sources.update(ids)
    return res


def _lean_parquet(run, tmp) -> bool:
    """Plain Parquet → Parquet without distances by :mod:`geo.cli._lean_parquet` (the same table,
    kept in Arrow); False when the file does not suit it (then nothing was written)."""
    from geo.cli._lean_parquet import lean_parquet, stream

    if not run.args.no_distance or run.geometry or Path(run.args.output).suffix.lower() != ".parquet":
        return False
    if lean_parquet(run.path, RESULT_COLUMNS, run.args.lat_col, run.args.lon_col) is None:
        return False
    added = [c for c in RESULT_COLUMNS if c not in ("lat", "lon")]
    sink = _ParquetSink(tmp)
    try:
        stream(run.path, sink, chunk_rows=run.args.chunk_size, added=added, count=run._count, table_of=_plain_table,
               classify=lambda lat, lon, cols: check_points(lat=lat, lon=lon, target=run.args.target, zones=run.zones,
                                                            distances=False, geometry=False, columns=cols),
               general=lambda df: _classify(df, run.args, run.zones, geometry=False))
    finally:
        sink.close()
    if run.rows == 0:
        raise InputError(f"input file {run.path} has no rows")
    return True


def _run_stream(args) -> int:
    run = _Stream(args)
    out = args.output
    try:
        if out is None:
            if not _lean_csv(run, None, None):
                _write_csv(sys.stdout, run.results())
        elif Path(out).suffix.lower() == ".csv":
            sources: dict = {}
            write_file(out, lambda tmp: _lean_csv(run, tmp, sources) or _write_csv_file(tmp, run.results(), sources))
            write_csv_sidecar(out, sources)
        else:
            write_file(out, lambda tmp: _lean_parquet(run, tmp) or _write_parquet(tmp, run.results()))
    except EEZCheckError as exc:
        if run.rows == 0:
            raise  # nothing was classified: the error as it is
        where = "the CSV on stdout is incomplete" if out is None else f"nothing was written to {out}"
        raise OutputStopped(f"{exc}\neezcheck: stopped part-way after {run.rows} rows: {where}") from exc
    finally:
        run.bar.close()
    if out:
        print(f"eezcheck: {run.rows} rows written to {out}", file=sys.stderr)
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(run.counts.items()))
    print(f"eezcheck: {run.rows} rows; {summary or 'no valid rows'}", file=sys.stderr)
    if run.bad:
        return report_bad_rows(((i + 1, m) for i, m in run.bad_rows), run.bad)
    return 0


# --------------------------------------------------------------------------- dask


def _read_dask(path):
    import dask_geopandas

    try:
        return dask_geopandas.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - plain Parquet without geometry: read as a dask DataFrame
        try:
            import dask.dataframe as dd

            return dd.read_parquet(path)
        except Exception:  # noqa: BLE001
            raise InputError(f"cannot read input file {path}: {exc}") from exc


def _run_dask(args) -> int:
    if Path(args.input).suffix.lower() != ".parquet" and not Path(args.input).is_dir():
        raise InputError(f"--engine dask reads GeoParquet (a .parquet file or a directory of them), not {args.input}")
    if not args.output or Path(args.output).suffix.lower() != ".parquet":
        raise InputError("--engine dask writes GeoParquet: give -o OUT.parquet (written as a directory of partitions)")
    if args.map or args.json or args.compare or args.layer is not None:
        raise InputError("--engine dask does not take --map, --json, --compare or --layer")
    out = check_output(args.output, directory=True)
    try:
        import dask.dataframe as dd
        import dask_geopandas  # noqa: F401
    except ImportError:
        raise EEZCheckError("--engine dask needs the optional extra: pip install 'eezcheck[dask]'") from None
    res = _classify(_read_dask(args.input), args, resolve_zones(args.zones))
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        res.to_parquet(tmp, write_index=False)
        summary = dd.read_parquet(tmp, columns=["eez_status", "error"]).compute()
        os.replace(tmp, out)  # onto nothing, or an empty directory: never over what was there
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"eezcheck: {len(summary)} rows written to {out} ({res.npartitions} partitions)", file=sys.stderr)
    print(f"eezcheck: {len(summary)} rows; {_summary(summary)}", file=sys.stderr)
    bad = summary["error"].notna()
    if bad.any():
        print(f"eezcheck: {int(bad.sum())} bad row(s) kept with an 'error' column", file=sys.stderr)
        return 2
    return 0
