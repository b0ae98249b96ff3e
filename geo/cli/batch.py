"""``eezcheck batch IN [-o OUT]``: a table of points in, the same rows with verdicts out.

Bad rows are kept, never dropped: their ``error`` column says what is wrong (row, field, value),
the verdict fields stay empty, every bad row is listed on stderr, and the exit code is 2 — after
the output has been written in full. Row order and count always equal the input's.

Large files stream: CSV or GeoParquet in, CSV (file or stdout) or GeoParquet out, read and
written ``--chunk-size`` rows at a time, so memory stays flat whatever the row count (see
``benchmarks/bench_batch_memory.py``); the output file appears complete or not at all (written
under a temporary name, then renamed). A progress bar shows on stderr when it is a terminal.
``--engine dask`` classifies a (partitioned) GeoParquet on dask-geopandas partitions instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.cli import add_common_options
from geo.cli._output import add_compare_option

#: Rows per chunk when streaming (a chunk's results take roughly 1 KB per row).
CHUNK_ROWS = 200_000
_STREAM_IN = (".csv", ".txt", ".parquet")
_STREAM_OUT = (".csv", ".parquet")


def register(sub) -> None:
    p = sub.add_parser(
        "batch",
        help="check a CSV/GeoJSON/GeoPackage/Parquet file of points",
        description=__doc__.split("\n\n")[0].replace("``", "") + " Bad rows are kept with an 'error' column and the exit code is 2.",
    )
    p.add_argument("input", help="IN.csv (lat/lon columns), IN.geojson, IN.gpkg or IN.parquet")
    p.add_argument("-o", "--output", metavar="OUT", default=None, help="OUT.csv|.geojson|.parquet|.gpkg (default: CSV on stdout)")
    p.add_argument("--lat-col", default=None, help="name of the latitude column (default: found by name)")
    p.add_argument("--lon-col", default=None, help="name of the longitude column (default: found by name)")
    p.add_argument("--no-distance", action="store_true", help="skip the distance columns (faster)")
    p.add_argument(
        "--engine",
        choices=("pandas", "dask"),
        default="pandas",
        help="pandas: in this process, streaming big CSV/Parquet files in chunks (default); dask: dask-geopandas "
        "partitions of a GeoParquet file or directory, written as a partitioned Parquet directory (extra 'dask')",
    )
    p.add_argument("--chunk-size", type=int, default=CHUNK_ROWS, metavar="ROWS", help=f"rows per streamed chunk (default {CHUNK_ROWS:,})")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_common_options(p)
    add_compare_option(p, "add the verdict (ref_* columns and 'differs')")
    p.set_defaults(func=run)


def read_points(path: str | Path, *, lat_col=None, lon_col=None):
    """Read an input table; CSV cells are kept as text so bad values are reported as written."""
    import pandas as pd

    from geo.errors import InputError

    p = Path(path)
    if not p.exists():
        raise InputError(f"input file {p} does not exist")
    suffix = p.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            try:
                df = pd.read_csv(p, dtype=str, keep_default_na=False, sep=None if suffix == ".tsv" else ",", engine="python")
            except pd.errors.EmptyDataError:
                raise InputError(f"input file {p} is empty; expected a header row with lat and lon columns") from None
        elif suffix == ".parquet":
            import geopandas as gpd

            try:
                df = gpd.read_parquet(p)
            except (ValueError, TypeError):
                df = pd.read_parquet(p)
        else:
            import geopandas as gpd

            df = gpd.read_file(p, engine="pyogrio")
    except InputError:
        raise
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read input file {p}: {exc}") from exc
    except Exception as exc:  # pyogrio's DataSourceError and friends
        raise InputError(f"cannot read input file {p}: {exc}") from exc
    if len(df) == 0:
        raise InputError(f"input file {p} has no rows")
    return df


def run(args: argparse.Namespace) -> int:
    from geo.zones.catalog import resolve_zones
    from geo.classify import check_points
    from geo.cli._output import print_json, save_map, table_format, write_table

    if args.output:
        table_format(args.output)  # fail on a bad extension before the work
    if args.chunk_size < 1:
        from geo.errors import InputError

        raise InputError(f"--chunk-size {args.chunk_size}: give a positive number of rows")
    if args.engine == "dask":
        return _run_dask(args)
    if _streamable(args):
        return _run_stream(args)
    df = read_points(args.input, lat_col=args.lat_col, lon_col=args.lon_col)
    zones = resolve_zones(args.zones)
    # A GeoDataFrame without --lat-col/--lon-col is read from its point geometry.
    res = check_points(
        df,
        lat_col=args.lat_col,
        lon_col=args.lon_col,
        target=args.target,
        zones=zones,
        distances=not args.no_distance,
        errors="keep",
    )
    if getattr(args, "compare", None):
        from geo.compare import attach_reference

        res = attach_reference(res, reference=args.compare, target=args.target, distances=not args.no_distance)
    # Row labels in messages are 1-based data lines of the file (header excluded).
    if args.output:
        write_table(res, args.output)
        print(f"eezcheck: {len(res)} rows written to {args.output}", file=sys.stderr)
    elif args.json:
        records = res.drop(columns=res.geometry.name).to_dict(orient="records")
        if getattr(args, "compare", None):
            from geo.compare import compare_record

            records = [compare_record(r) for r in records]
        print_json(records)
    else:
        res.drop(columns=res.geometry.name).to_csv(sys.stdout, index=False)
    bad = res["error"].notna()
    counts = res.loc[~bad, "eez_status"].value_counts().to_dict()
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
    print(f"eezcheck: {len(res)} rows; {summary or 'no valid rows'}", file=sys.stderr)
    if getattr(args, "compare", None):
        from geo.compare import report_differences

        report_differences(res, file=sys.stderr)
    if args.map:
        save_map(res[~bad], args.map, zones=zones, target=args.target)
    if bad.any():
        from geo.cli._output import report_bad_rows

        return report_bad_rows(((i + 1, m) for i, m in res.loc[bad, "error"].items()), int(bad.sum()))
    return 0


# --------------------------------------------------------------------------- streaming


def _streamable(args) -> bool:
    """Stream when input and output are both chunk-friendly and nothing needs the whole table."""
    if getattr(args, "compare", None) or args.map or args.json:
        return False
    if Path(args.input).suffix.lower() not in _STREAM_IN:
        return False
    return args.output is None or Path(args.output).suffix.lower() in _STREAM_OUT


def _chunks(path: Path, size: int):
    """DataFrames of ``size`` rows (CSV cells as text, as :func:`read_points` keeps them), with the
    file's row numbers as index; GeoParquet chunks are GeoDataFrames."""
    import pandas as pd

    from geo.errors import InputError

    if not path.exists():
        raise InputError(f"input file {path} does not exist")
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            f = pq.ParquetFile(path)
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read input file {path}: {exc}") from exc
        geo_meta = (f.schema_arrow.metadata or {}).get(b"geo")
        start = 0
        for batch in f.iter_batches(batch_size=size):
            import pyarrow as pa

            table = pa.Table.from_batches([batch])
            if geo_meta is not None:
                import geopandas as gpd

                df = gpd.GeoDataFrame.from_arrow(table.replace_schema_metadata({b"geo": geo_meta}))
            else:
                df = table.to_pandas()
            df.index = pd.RangeIndex(start, start + len(df))
            start += len(df)
            yield df
        return
    try:
        reader = pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=size)
        yield from reader
    except pd.errors.EmptyDataError:
        raise InputError(f"input file {path} is empty; expected a header row with lat and lon columns") from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read input file {path}: {exc}") from exc


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
        import pyarrow as pa
        import pyarrow.parquet as pq

        # The GeoParquet table geopandas' own to_parquet writes ('geo' metadata included).
        from geopandas.io.arrow import _geopandas_to_arrow

        table = _geopandas_to_arrow(gdf, index=False, geometry_encoding="WKB")
        if self.writer is None:
            fields = []
            for f in table.schema:
                t = f.type
                if pa.types.is_null(t) or pa.types.is_string(t):
                    t = pa.large_string()
                fields.append(pa.field(f.name, t))
            meta = dict(table.schema.metadata or {})
            if b"geo" in meta:
                import json

                geo = json.loads(meta[b"geo"])
                for col in geo.get("columns", {}).values():
                    col.pop("bbox", None)  # the first chunk's extent is not the file's
                meta[b"geo"] = json.dumps(geo).encode()
            self.schema = pa.schema(fields, metadata=meta)
            self.writer = pq.ParquetWriter(self.path, self.schema)
        self.writer.write_table(table.cast(self.schema))

    def close(self):
        if self.writer is not None:
            self.writer.close()


def _run_stream(args) -> int:
    import tqdm

    from geo.zones.catalog import resolve_zones
    from geo.classify import check_points
    from geo.cli._output import atomic_write
    from geo.errors import InputError
    from geo.inputs import MAX_LISTED_PROBLEMS

    path = Path(args.input)
    zones = resolve_zones(args.zones)
    counts: dict = {}
    bad_rows: list = []
    state = {"rows": 0, "bad": 0}
    bar = tqdm.tqdm(
        total=_total_rows(path), unit=" rows", unit_scale=True, file=sys.stderr, mininterval=0.5,
        disable=args.quiet or not sys.stderr.isatty(), desc="eezcheck",
    )

    def classify(df):
        if getattr(df, "geometry", None) is not None and args.lat_col is None and args.lon_col is None and hasattr(df, "crs"):
            return check_points(df, target=args.target, zones=zones, distances=not args.no_distance, errors="keep")
        return check_points(
            df, lat_col=args.lat_col, lon_col=args.lon_col, target=args.target, zones=zones,
            distances=not args.no_distance, errors="keep",
        )

    def tally(res):
        bad = res["error"].notna()
        for k, v in res.loc[~bad, "eez_status"].value_counts().items():
            counts[k] = counts.get(k, 0) + int(v)
        state["rows"] += len(res)
        state["bad"] += int(bad.sum())
        if len(bad_rows) < MAX_LISTED_PROBLEMS:
            bad_rows.extend(list(res.loc[bad, "error"].items())[: MAX_LISTED_PROBLEMS - len(bad_rows)])
        bar.update(len(res))

    def write_csv(fh):
        first = True
        for df in _chunks(path, args.chunk_size):
            if len(df) == 0:
                continue
            res = classify(df)
            res.drop(columns=res.geometry.name).to_csv(fh, index=False, header=first)
            first = False
            tally(res)
        if first:  # inside the write: the half-made output file is removed
            raise InputError(f"input file {path} has no rows")

    try:
        if args.output is None:
            write_csv(sys.stdout)
        elif Path(args.output).suffix.lower() == ".csv":
            def write(tmp: Path):
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    write_csv(fh)

            atomic_write(Path(args.output), write)
        else:
            def write(tmp: Path):
                sink = _ParquetSink(tmp)
                try:
                    for df in _chunks(path, args.chunk_size):
                        if len(df) == 0:
                            continue
                        res = classify(df)
                        sink.write(res)
                        tally(res)
                finally:
                    sink.close()
                if sink.writer is None:
                    raise InputError(f"input file {path} has no rows")

            atomic_write(Path(args.output), write)
    finally:
        bar.close()
    if state["rows"] == 0:
        raise InputError(f"input file {path} has no rows")
    if args.output:
        print(f"eezcheck: {state['rows']} rows written to {args.output}", file=sys.stderr)
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
    print(f"eezcheck: {state['rows']} rows; {summary or 'no valid rows'}", file=sys.stderr)
    if state["bad"]:
        from geo.cli._output import report_bad_rows

        return report_bad_rows(((i + 1, m) for i, m in bad_rows), state["bad"])
    return 0


def _run_dask(args) -> int:
    from geo.errors import InputError

    if Path(args.input).suffix.lower() != ".parquet" and not Path(args.input).is_dir():
        raise InputError(f"--engine dask reads GeoParquet (a .parquet file or a directory of them), not {args.input}")
    if not args.output or Path(args.output).suffix.lower() != ".parquet":
        raise InputError("--engine dask writes GeoParquet: give -o OUT.parquet (written as a directory of partitions)")
    if args.map or args.json or getattr(args, "compare", None):
        raise InputError("--engine dask does not take --map, --json or --compare")
    try:
        import dask_geopandas
    except ImportError:
        from geo.errors import EEZCheckError

        raise EEZCheckError("--engine dask needs the optional extra: pip install 'eezcheck[dask]'") from None
    import shutil
    import tempfile

    from geo.zones.catalog import resolve_zones
    from geo.classify import check_points

    zones = resolve_zones(args.zones)
    try:
        ddf = dask_geopandas.read_parquet(args.input)
    except Exception as exc:  # noqa: BLE001 - plain Parquet without geometry: read as a dask DataFrame
        try:
            import dask.dataframe as dd

            ddf = dd.read_parquet(args.input)
        except Exception:  # noqa: BLE001
            raise InputError(f"cannot read input file {args.input}: {exc}") from exc
    res = check_points(
        ddf, lat_col=args.lat_col, lon_col=args.lon_col, target=args.target, zones=zones,
        distances=not args.no_distance, errors="keep",
    )
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        res.to_parquet(tmp, write_index=False)
        import dask.dataframe as dd

        summary = dd.read_parquet(tmp, columns=["eez_status", "error"]).compute()
        if out.exists():
            shutil.rmtree(out) if out.is_dir() else out.unlink()
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    bad = summary["error"].notna()
    counts = summary.loc[~bad, "eez_status"].value_counts().to_dict()
    print(f"eezcheck: {len(summary)} rows written to {out} ({res.npartitions} partitions)", file=sys.stderr)
    print(f"eezcheck: {len(summary)} rows; " + (", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no valid rows"), file=sys.stderr)
    if bad.any():
        print(f"eezcheck: {int(bad.sum())} bad row(s) kept with an 'error' column", file=sys.stderr)
        return 2
    return 0
