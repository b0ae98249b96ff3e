"""Points files: CSV/TSV (cells kept as text, so a bad value is reported as written), GeoParquet
or Parquet, and any GDAL vector file (one layer, or the one named); whole or in chunks."""

from __future__ import annotations

from pathlib import Path

from geo.errors import InputError
from geo.inputs.values import ECHO_CHARS, column_list, quoted

# pandas, geopandas, pyarrow and pyogrio are imported inside the readers.

__all__ = ["read_points", "read_point_chunks", "csv_text_chunks", "parquet_frame"]

_CSV_SUFFIXES = (".csv", ".txt", ".tsv")


def _check_header(p: Path, sep: str) -> None:
    """Two columns with the same name are ambiguous (pandas would quietly rename the second)."""
    import csv

    with open(p, newline="", encoding="utf-8-sig") as fh:
        header = next(csv.reader(fh, delimiter=sep), [])
    seen: dict = {}
    for i, name in enumerate(header, start=1):
        seen.setdefault(name.strip(), []).append(i)
    dup = {n: cols for n, cols in seen.items() if len(cols) > 1}
    if dup:
        what = "; ".join(f"{quoted(n)} is columns {', '.join(map(str, cols))}" for n, cols in dup.items())
        raise InputError(f"input file {p}: ambiguous column names: {what}; rename one of each")


def _read_csv(p: Path, chunksize=None):
    """The CSV as text cells (a table, or an iterator of ``chunksize``-row tables)."""
    import pandas as pd

    sep = "\t" if p.suffix.lower() == ".tsv" else ","
    # index_col=False: a row longer than the header must not turn its first cells into an index
    # (which would shift every value one column left); it is refused below instead.
    kw = dict(dtype=str, keep_default_na=False, sep=sep, index_col=False)
    try:
        _check_header(p, sep)
        if chunksize is None:
            return _strictly(p, lambda: pd.read_csv(p, **kw), sep)
        reader = pd.read_csv(p, chunksize=chunksize, **kw)
    except pd.errors.EmptyDataError:
        raise InputError(f"input file {p} is empty; expected a header row with lat and lon columns") from None
    return _strict_chunks(p, reader, sep)


def _strictly(p: Path, read, sep: str = ","):
    """``read()`` with pandas' "more fields than the header" warning (it drops data) an error."""
    import warnings

    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.ParserWarning)
        try:
            return read()
        except pd.errors.ParserError as exc:  # the reader's own words name the line
            raise InputError(f"cannot read input file {p}: {one_line(exc)}") from None
        except pd.errors.ParserWarning:
            raise InputError(
                f"input file {p}: {_long_row(p, sep)}; quote values that hold the separator, "
                "or name every column"
            ) from None


def _long_row(p: Path, sep: str) -> str:
    """Which data row has more fields than the header (pandas' warning does not say): looked for
    only once the read has failed, so a good file is never read twice."""
    import csv

    try:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            rows = csv.reader(fh, delimiter=sep)
            width = len(next(rows, []))
            for i, fields in enumerate((f for f in rows if f), start=1):  # blank lines are no rows
                if len(fields) > width:
                    return (f"a row has more fields than the header has column names (row {i}: {len(fields)} "
                            f"fields, the header names {width})")
    except (OSError, UnicodeDecodeError, csv.Error):
        pass
    return "a row has more fields than the header has column names"


def _strict_chunks(p: Path, reader, sep: str = ","):
    with reader:
        while (chunk := _strictly(p, lambda: next(reader, None), sep)) is not None:
            yield chunk


def csv_text_chunks(source, size: int, *, names, first_row: int = 0, label=None):
    """Data lines of a comma-separated CSV without its header (an open binary file positioned
    at a line start, or bytes), read exactly as :func:`read_point_chunks` reads a CSV.

    Parameters
    ----------
    source : binary file or bytes
    size : int
        Rows per chunk.
    names : list of str
        The header's column names.
    first_row : int
        The 0-based row number of the first line (the tables' index starts there).
    label : str or Path, optional
        The file, for messages.

    Returns
    -------
    iterator of pandas.DataFrame
        Text cells; a row longer than the header is an :class:`~geo.errors.InputError`.

    Examples
    --------
    >>> [c["lat"].tolist() for c in csv_text_chunks(b"1,2\\n3,4\\n", 10, names=["lat", "lon"])]
    [['1', '3']]
    """
    import io

    import pandas as pd

    fh = io.BytesIO(source) if isinstance(source, bytes) else source
    reader = pd.read_csv(fh, header=None, names=names, chunksize=size, dtype=str, keep_default_na=False,
                         sep=",", index_col=False)
    p = Path(label) if label is not None else Path("<input>")
    for chunk in _strict_chunks(p, reader):
        chunk.index = chunk.index + first_row
        yield chunk


def _layer_name(p: Path, layer):
    """The layer to read: ``layer``, or the file's only layer; several layers need ``layer``."""
    import pyogrio

    try:
        names = [str(n) for n, _ in pyogrio.list_layers(p)]
    except Exception:  # noqa: BLE001 - not a layered format: read_file reports the real problem
        return layer
    if layer is not None:
        if str(layer) not in names:
            raise InputError(f"input file {p} has no layer {quoted(layer)}; its layers are: {column_list(names)}")
        return str(layer)
    if len(names) > 1:
        raise InputError(f"input file {p} has {len(names)} layers ({column_list(names)}); choose one with --layer NAME (layer=)")
    return None


def read_points(path, *, layer: str | None = None):
    """Read a points table: CSV/TSV (cells kept as text), GeoParquet/Parquet, or any GDAL vector file.

    Parameters
    ----------
    path : str or Path
    layer : str, optional
        The layer of a multi-layer file (GeoPackage …); required when it has several.

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        At least one row; unreadable, empty or ambiguous files are an :class:`~geo.errors.InputError`.

    Examples
    --------
    >>> read_points("points.csv")  # doctest: +SKIP
    """
    import pandas as pd

    p = Path(path)
    if not p.exists():
        raise InputError(f"input file {p} does not exist")
    suffix = p.suffix.lower()
    if layer is not None and suffix in (*_CSV_SUFFIXES, ".parquet"):
        raise InputError(f"--layer is for files with layers (GeoPackage …), not {p.name}")
    try:
        if suffix in _CSV_SUFFIXES:
            df = _read_csv(p)
        elif suffix == ".parquet":
            import geopandas as gpd

            try:
                df = gpd.read_parquet(p)
            except (ValueError, TypeError):  # plain Parquet: no geometry
                import pyarrow.parquet as pq

                df = parquet_frame(pq.read_table(p))
        else:
            import geopandas as gpd

            df = gpd.read_file(p, engine="pyogrio", layer=_layer_name(p, layer))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - OSError, UnicodeDecodeError, parser and pyogrio errors alike
        raise InputError(f"cannot read input file {p}: {one_line(exc)}") from exc
    if len(df) == 0:
        raise InputError(f"input file {p} has no rows")
    return df


def one_line(exc) -> str:
    """The message of ``exc`` on one line, cut to a few hundred characters (for error messages)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 4 * ECHO_CHARS else text[: 4 * ECHO_CHARS] + "…"


def read_point_chunks(path, size: int):
    """A CSV or (Geo)Parquet file as tables of ``size`` rows, indexed by the file's row numbers.

    Parameters
    ----------
    path : str or Path
    size : int
        Rows per chunk.

    Returns
    -------
    iterator of pandas.DataFrame or geopandas.GeoDataFrame
        CSV cells as text (as :func:`read_points`); GeoParquet chunks are GeoDataFrames. A read
        error is an :class:`~geo.errors.InputError`, raised when the chunk holding it is reached.

    Examples
    --------
    >>> sum(len(c) for c in read_point_chunks("points.csv", 100_000))  # doctest: +SKIP
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"input file {p} does not exist")
    if p.suffix.lower() == ".parquet":
        yield from _parquet_chunks(p, size)
        return
    try:
        yield from _read_csv(p, chunksize=size)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - OSError, UnicodeDecodeError, parser errors
        raise InputError(f"cannot read input file {p}: {one_line(exc)}") from exc


def parquet_frame(table):
    """A plain Parquet's Arrow table (or record batch) as a DataFrame whose columns are all the
    file's columns, in its order: a pandas index stored in the file comes back as a column.

    Parameters
    ----------
    table : pyarrow.Table or pyarrow.RecordBatch

    Returns
    -------
    pandas.DataFrame
        Dtypes restored from the pandas metadata as ``to_pandas`` does, integers as pandas'
        nullable integers (a gap keeps the column integer); a range index that the file keeps
        only in its metadata stays the index.

    Examples
    --------
    >>> import pandas as pd, pyarrow as pa
    >>> t = pa.Table.from_pandas(pd.DataFrame({"lat": [1.0]}, index=pd.Index([7], name="id")))
    >>> parquet_frame(t).columns.tolist()
    ['lat', 'id']
    """
    import json

    meta = table.schema.metadata or {}
    pandas_meta = json.loads(meta[b"pandas"]) if b"pandas" in meta else None
    # The rows are numbered by the caller: an index written by pandas is data like any column
    # (an id), which the results table would otherwise drop.
    if pandas_meta and any(isinstance(c, str) for c in pandas_meta.get("index_columns", [])):
        pandas_meta["index_columns"] = []
        for c in pandas_meta.get("columns", []):
            if c.get("name") is None:  # an unnamed index: its column keeps its name in the file
                c["name"] = c.get("field_name")
        table = table.replace_schema_metadata({**meta, b"pandas": json.dumps(pandas_meta).encode()})
    # Integers as pandas' nullable integers: numpy's would turn a column with a gap into floats,
    # rounding values beyond 2**53 (ids) and writing 7 as 7.0.
    return table.to_pandas(types_mapper=_nullable_integer)


def _nullable_integer(arrow_type):
    """pandas' nullable integer dtype of an Arrow integer type (None for any other type)."""
    import pandas as pd
    import pyarrow as pa

    if not pa.types.is_integer(arrow_type):
        return None
    return pd.api.types.pandas_dtype(f"{'' if pa.types.is_signed_integer(arrow_type) else 'U'}Int{arrow_type.bit_width}")


def _parquet_chunks(p: Path, size: int):
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        f = pq.ParquetFile(p, pre_buffer=False)  # pre-buffering keeps every row group read until the end
    except Exception as exc:  # noqa: BLE001 - OSError, ArrowInvalid
        raise InputError(f"cannot read input file {p}: {one_line(exc)}") from exc
    geo_meta = (f.schema_arrow.metadata or {}).get(b"geo")
    start = 0
    for batch in f.iter_batches(batch_size=size):
        table = pa.Table.from_batches([batch])
        if geo_meta is not None:
            import geopandas as gpd

            df = gpd.GeoDataFrame.from_arrow(table.replace_schema_metadata({b"geo": geo_meta}))
        else:
            df = parquet_frame(table)
        df.index = pd.RangeIndex(start, start + len(df))
        start += len(df)
        yield df
