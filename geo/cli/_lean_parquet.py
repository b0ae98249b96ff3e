"""The fast lane of a streamed batch without distances, plain Parquet → Parquet, kept in Arrow.

A Parquet file without GeoParquet metadata whose points are its float64 ``lat`` and ``lon``
columns (:func:`lean_parquet`) is read one record batch at a time. A batch whose coordinates are
all present, finite, in range and need no wrapping keeps the columns it was read with — no
pandas round trip — and gets the verdict columns beside them: classified by
``check_points(lat=, lon=, geometry=False, distances=False)``, converted to Arrow once (zone
fields stay dictionary arrays), the columns that are empty without distances added as nulls.
Any other batch (a missing or bad coordinate, an integer column with gaps, which the general
reader turns into pandas' nullable integers) goes the general way, so every batch comes out as
the general path writes it (tested). Batches are classified on the pool's threads while the
calling thread reads and writes.
"""

from __future__ import annotations

import numpy as np

from geo._threads import imap_chunks, workers
from geo.cli._lean_batch import lean_names
from geo.errors import InputError
from geo.inputs.values import in_plain_range
from geo.results import DISTANCE_COLUMNS

__all__ = ["lean_parquet", "stream"]

#: Result columns that are empty for every valid point when there are no distances.
EMPTY_WITHOUT_DISTANCES = (*DISTANCE_COLUMNS, "error")


def lean_parquet(path, result_columns, lat_col, lon_col):
    """The file's column names if the lane applies to it, else None.

    Parameters
    ----------
    path : Path
        A Parquet file.
    result_columns : sequence of str
        The columns the results add.
    lat_col, lon_col : str or None
        Columns named by the user.

    Returns
    -------
    list of str or None
        None for a GeoParquet, an unreadable file, coordinates that are not float64 ``lat`` and
        ``lon`` (:func:`geo.cli._lean_batch.lean_names`), or a column whose type pandas would
        change (only numbers, booleans and text are kept as they are read).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.ParquetFile(path).schema_arrow
    except Exception:  # noqa: BLE001 - unreadable: the general reader says why
        return None
    if b"geo" in (schema.metadata or {}):
        return None
    names = lean_names(schema.names, result_columns, lat_col, lon_col)
    if names is None or not all(pa.types.is_float64(schema.field(c).type) for c in ("lat", "lon")):
        return None
    plain = (pa.types.is_integer, pa.types.is_floating, pa.types.is_boolean, pa.types.is_string, pa.types.is_large_string)
    if not all(any(t(f.type) for t in plain) for f in schema):
        return None
    return names


def _batches(path, rows: int):
    """(record batch, its first row number) of the file, ``rows`` at a time, read here."""
    import pyarrow.parquet as pq

    from geo.inputs.files import one_line

    # No pre-buffering: its cache keeps every row group read until the end (the memory grew
    # with the file: 700 MB at 20 M rows against 390 MB at 4 M).
    f = pq.ParquetFile(path, pre_buffer=False)
    # Decoded in this thread: the pool's threads are classifying meanwhile.
    it = f.iter_batches(batch_size=rows, use_threads=False)
    start = 0
    while True:
        try:
            b = next(it)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - OSError, ArrowInvalid: the file is damaged
            raise InputError(f"cannot read input file {path}: {one_line(exc)}") from exc
        if len(b):
            yield b, start
            start += len(b)


class LeanParquet:
    """Result tables of record batches (see the module docstring).

    Parameters
    ----------
    added : list of str
        The result columns the output adds (after the input's).
    classify : callable
        ``classify(lat, lon, columns)`` → the verdict columns ``columns`` of valid points.
    general : callable
        ``general(df)`` → the results table of a chunk read into pandas (the general path).
    table_of : callable
        ``table_of(results)`` → that table in Arrow, as the general path writes it.
    """

    def __init__(self, added, classify, general, table_of):
        self.added = added
        self.asked = [c for c in added if c not in EMPTY_WITHOUT_DISTANCES]
        self.classify = classify
        self.general = general
        self.table_of = table_of
        self.template = None

    def _general(self, batch, start):
        import pandas as pd

        from geo.inputs.files import parquet_frame

        df = parquet_frame(batch)
        df.index = pd.RangeIndex(start, start + len(df))
        res = self.general(df)
        return self.table_of(res), res

    def first(self, batch):
        """Learn the output's column types and metadata from the general path's table of the
        first row (call once, before :meth:`batch`)."""
        self.template = self._general(batch.slice(0, 1), 0)[0].schema

    def batch(self, item):
        """(Arrow table, results table) of one (batch, first row number)."""
        import pyarrow as pa

        batch, start = item
        lat, lon = batch.column("lat"), batch.column("lon")
        if lat.null_count or lon.null_count or any(
            pa.types.is_integer(c.type) and c.null_count for c in batch.columns
        ):
            return self._general(batch, start)
        la, lo = lat.to_numpy(), lon.to_numpy()
        if not in_plain_range(la, lo):
            return self._general(batch, start)
        res = self.classify(la, lo, self.asked)
        verdict = pa.Table.from_pandas(res, preserve_index=False, nthreads=1)
        n, t = len(batch), self.template
        arrays = list(batch.columns)
        for name in self.added:
            kind = t.field(name).type
            if name in self.asked:
                col = verdict.column(name)
                arrays.append(col if col.type == kind else col.cast(kind))
            else:
                arrays.append(pa.nulls(n, kind if not pa.types.is_null(kind) else pa.large_string()))
        names = batch.schema.names + self.added
        table = pa.Table.from_arrays(arrays, names=names).replace_schema_metadata(t.metadata)
        res.index = np.arange(start, start + n)
        res["error"] = None  # for the counts: no bad row here
        return table, res


def stream(path, sink, *, chunk_rows: int, added, classify, general, table_of, count) -> None:
    """Write the results of the Parquet file ``path`` to ``sink`` (``sink.write_arrow(table)``).

    Parameters
    ----------
    path : Path
        A file :func:`lean_parquet` accepts.
    sink : object
        Has ``write_arrow(pyarrow.Table)``.
    chunk_rows : int
    added, classify, general, table_of
        As for :class:`LeanParquet`.
    count : callable
        Called with each written batch's results table.
    """
    lane = LeanParquet(added, classify, general, table_of)
    batches = _batches(path, chunk_rows)
    first = next(batches, None)
    if first is None:
        return
    lane.first(first[0])

    def all_batches():
        yield first
        yield from batches

    # This thread reads and writes about half the work: it counts as one of the cores, so one
    # batch fewer is in flight than for the CSV lane (measured: less time, CPU and memory).
    for table, res in imap_chunks(lane.batch, all_batches(), ahead=workers()):
        sink.write_arrow(table)
        count(res)
