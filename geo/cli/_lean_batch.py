"""The fast lane of a streamed batch without distances, CSV → CSV (Parquet: :mod:`geo.cli._lean_parquet`).

A plain data line (no quote character, every field present, ``lat``/``lon`` ordinary numbers in
range, no longitude to wrap) comes out as its own bytes followed by the verdict fields — which,
without distances, depend only on the zone the point falls in: each distinct verdict is formatted
once (by pandas, exactly as the general path formats it) and appended to every line that has it.
A block holding any other line goes the general way (``fallback``), so the output is byte for byte
what :func:`geo.classify.check_points` plus ``DataFrame.to_csv`` write (tested), at a fraction of
the cost: no per-row Python object, no re-formatting of the input's cells.
"""

from __future__ import annotations

import io

import numpy as np

from geo._threads import imap_chunks
from geo.inputs.values import in_plain_range

__all__ = ["LeanCSV", "lean_header", "lean_names"]

#: Bytes read from the file at a time.
BLOCK_BYTES = 8 << 20


def lean_header(header: bytes, result_columns, lat_col, lon_col):
    """The input's field names if the fast lane applies to this file, else None.

    Parameters
    ----------
    header : bytes
        The file's first line, without its line end.
    result_columns : sequence of str
        The columns the results add.
    lat_col, lon_col : str or None
        Columns named by the user (the lane needs ``lat`` and ``lon`` found by name or given).

    Returns
    -------
    list of str or None
    """
    import csv

    if header.startswith(b"\xef\xbb\xbf") or b"\r" in header or b"\n" in header:
        return None
    try:
        names = next(csv.reader([header.decode("utf-8")]))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    return lean_names(names, result_columns, lat_col, lon_col)


def lean_names(names, result_columns, lat_col, lon_col):
    """``names`` (a list) if a table with these columns suits a fast lane, else None: distinct,
    untrimmed names, the coordinates in the columns literally called ``lat`` and ``lon`` (the
    only ones named like coordinates), no other column a result would replace.

    Parameters
    ----------
    names : sequence of str
    result_columns, lat_col, lon_col
        As for :func:`lean_header`.

    Returns
    -------
    list of str or None

    Examples
    --------
    >>> lean_names(["id", "lat", "lon"], ["lat", "lon", "eez_status"], None, None)
    ['id', 'lat', 'lon']
    >>> lean_names(["lat", "lon", "latitude"], ["lat", "lon"], None, None) is None
    True
    """
    from geo.inputs.columns import LAT_NAMES, LON_NAMES

    names = list(names)
    if not all(isinstance(n, str) for n in names):
        return None
    if len(set(names)) != len(names) or any(n != n.strip() or not n for n in names):
        return None
    lat = [n for n in names if n.lower() in LAT_NAMES]
    lon = [n for n in names if n.lower() in LON_NAMES]
    # Only the columns literally called lat and lon, which the results check in place.
    if (lat_col or "lat") != "lat" or (lon_col or "lon") != "lon" or lat != ["lat"] or lon != ["lon"]:
        return None
    if set(names) & (set(result_columns) - {"lat", "lon"}):
        return None
    return names


class LeanCSV:
    """Classify blocks of data lines (see the module docstring).

    Parameters
    ----------
    names : list of str
        The header's field names (:func:`lean_header`).
    classify : callable
        ``classify(lat, lon)`` → results table of the verdict columns for valid points
        (``check_points(lat=, lon=, geometry=False, distances=False, columns=...)``).
    fallback : callable
        ``fallback(block, n_lines, first_row)`` → (CSV bytes of those lines without header,
        results table) by the general path; ``first_row``: the 0-based row number of the first.
    shorten : callable
        ``shorten(table)`` → the table as it is written (``data_source`` ids for a file).

    Examples
    --------
    >>> LeanCSV(["lat", "lon"], None, None, None).ilon
    1
    """

    def __init__(self, names, classify, fallback, shorten):
        self.names = names
        self.ilat, self.ilon = names.index("lat"), names.index("lon")
        self.classify = classify
        self.fallback = fallback
        self.shorten = shorten

    def block(self, block: bytes, n_lines: int, first_row: int):
        """CSV bytes for ``block`` (``n_lines`` whole data lines, each ending in a line feed),
        and their results table."""
        parsed = self._coordinates(block, n_lines)
        if parsed is None:
            return self.fallback(block, n_lines, first_row)
        res = self.classify(*parsed)
        res.index = np.arange(first_row, first_row + len(res))
        return self._join(block, self.shorten(res)), res

    def _coordinates(self, block, n_lines):
        """(lat, lon) arrays if every line is plain (see the module docstring), else None."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv

        if not n_lines or b"\r" in block or block.startswith(b"\n") or b"\n\n" in block:
            return None
        try:
            block.decode("utf-8")  # the general path refuses a file that is not UTF-8
        except UnicodeDecodeError:
            return None
        names = [f"c{i}" for i in range(len(self.names))]
        try:
            table = pcsv.read_csv(
                pa.py_buffer(block),
                # One thread: the blocks themselves are shared out over the cores (geo._threads).
                read_options=pcsv.ReadOptions(column_names=names, block_size=len(block) + 1, use_threads=False),
                parse_options=pcsv.ParseOptions(newlines_in_values=False),
                convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                    include_columns=[names[self.ilat], names[self.ilon]],
                                                    strings_can_be_null=False),
            )
            lat = pc.cast(table.column(0), pa.float64()).to_numpy()
            lon = pc.cast(table.column(1), pa.float64()).to_numpy()
        except (pa.ArrowInvalid, ValueError):
            return None  # a field count off, an empty or odd number: the general path says what
        if len(lat) != n_lines:
            return None
        # (pandas trims nothing from a field and arrow's number parser takes no spaces: the
        # values here are the ones the general path checks.)
        return (lat, lon) if in_plain_range(lat, lon) else None

    def _join(self, block: bytes, res) -> bytes:
        """Each line, a comma and its verdict fields (formatted once per distinct verdict), in
        Arrow: no Python object per line."""
        import pyarrow as pa
        import pyarrow.compute as pc

        uniq, first, inverse = _distinct_rows(res)
        rows = res.iloc[first].to_csv(index=False, header=False, lineterminator="\n").split("\n")
        if len(rows) != len(uniq) + 1:  # a verdict field holds a line end (a zone name of odd data): row by row
            rows = [res.iloc[[i]].to_csv(index=False, header=False, lineterminator="\n")[:-1] for i in first]
        suffixes = pa.array([("," + t + "\n").encode("utf-8") for t in rows[: len(uniq)]], type=pa.large_binary())
        ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
        offsets = np.r_[0, ends + 1].astype(np.int64)
        lines = pa.Array.from_buffers(pa.large_binary(), len(ends), [None, pa.py_buffer(offsets), pa.py_buffer(block)])
        lines = pc.binary_slice(lines, 0, -1)  # without the line feed
        joined = pc.binary_join_element_wise(lines, suffixes.take(pa.array(inverse)), pa.scalar(b"", type=pa.large_binary()))
        off = np.frombuffer(joined.buffers()[1], dtype=np.int64)
        return joined.buffers()[2].to_pybytes()[off[0] : off[len(joined)]]


def _distinct_rows(res):
    """(distinct keys, a row holding each, each row's key number) of the rows of ``res``, from
    its columns' codes (every column is categorical or has few values). Hashed, not sorted: the
    keys come in the order they first appear."""
    import pandas as pd

    key = np.zeros(len(res), dtype=np.int64)
    span = 1
    for col in res.columns:
        c = res[col]
        if isinstance(c.dtype, pd.CategoricalDtype):
            codes = c.cat.codes.to_numpy().astype(np.int64) + 1
        elif c.isna().all():
            continue  # no distances here, no error: empty on every row
        else:
            codes = pd.factorize(c, use_na_sentinel=False)[0].astype(np.int64)
        m = int(codes.max(initial=0)) + 1
        if codes.min(initial=0) == codes.max(initial=0):
            continue  # the same on every row
        if span * m > 2**62:  # renumbered before the combined key could overflow
            key = pd.factorize(key)[0].astype(np.int64)
            span = int(key.max(initial=0)) + 1
        key = key * m + codes
        span *= m
    inverse, uniq = pd.factorize(key)
    row = np.empty(len(uniq), dtype=np.int64)
    row[inverse] = np.arange(len(key))  # any row of a key will do: its fields are the same
    return uniq, row, inverse


def data_blocks(fh, chunk_rows: int):
    """Blocks of at most ``chunk_rows`` whole data lines of a binary file opened after its
    header: (bytes, number of lines, file offset); every line ends in a line feed (one is added
    to a last line without)."""
    start = fh.tell()
    buf = b""
    while True:
        data = fh.read(BLOCK_BYTES)
        buf += data
        ends = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10)
        pos = k = 0
        while len(ends) - k >= chunk_rows:
            end = int(ends[k + chunk_rows - 1]) + 1
            yield buf[pos:end], chunk_rows, start + pos
            pos, k = end, k + chunk_rows
        if not data:
            rest = buf[pos:]
            if rest:
                rest += b"" if rest.endswith(b"\n") else b"\n"
                yield rest, rest.count(b"\n"), start + pos
            return
        buf, start = buf[pos:], start + pos


def stream(path, out, *, chunk_rows: int, names, classify, general, shorten, count) -> None:
    """Write the results CSV of ``path`` to the binary file ``out`` (header first).

    Parameters
    ----------
    path : Path
        The input CSV (its header gave ``names``, see :func:`lean_header`).
    out : binary file
    chunk_rows : int
    names : list of str
    classify : callable
        As for :class:`LeanCSV`.
    general : callable
        ``general(df)`` → the results table of a chunk of text cells (the general path).
    shorten : callable
        As for :class:`LeanCSV`.
    count : callable
        Called with each written chunk's results table.
    """
    from geo.errors import InputError
    from geo.inputs.files import csv_text_chunks, read_point_chunks

    def written(res) -> bytes:
        return shorten(res).to_csv(index=False, header=False, lineterminator="\n").encode("utf-8")

    def fallback(block, n_lines, first_row):
        try:
            (df,) = csv_text_chunks(block, n_lines + 1, names=names, first_row=first_row, label=path)
        except (InputError, UnicodeDecodeError):  # the general reader says what is wrong, naming the file
            raise _Handoff from None
        res = general(df)
        return written(res), res

    lean = LeanCSV(names, classify, fallback, shorten)
    rows = 0
    with open(path, "rb") as fh:
        header = fh.readline().rstrip(b"\n")
        blocks = data_blocks(fh, chunk_rows)

        def numbered():
            start = 0  # if every line is a row (else renumbered below)
            for block, n, _ in blocks:
                if b'"' in block:  # a quoted field may hold a line end: CSV proper from here on
                    raise _Handoff
                yield block, n, start
                start += n

        def one(item):
            return item, lean.block(*item)

        try:
            # Blocks classified side by side on the cores while this thread reads and writes, in order.
            for (block, n, start), (data, res) in imap_chunks(one, numbered()):
                if start != rows:  # a blank line before it: numbered again, in turn
                    data, res = lean.block(block, n, rows)
                if not rows and len(res):
                    out.write(_header(header, res, names))
                out.write(data)
                rows += len(res)
                count(res)
        except _Handoff:
            # The rest by the general reader, which reads the file from its start (so its messages
            # name the file's own lines); the rows already written are skipped.
            for df in read_point_chunks(path, chunk_rows):
                df = df[df.index >= rows]
                if len(df):
                    res = general(df)
                    if not rows:
                        out.write(_header(header, res, names))
                    out.write(written(res))
                    rows += len(res)
                    count(res)


class _Handoff(Exception):
    """This part of the file is for the general reader."""


def _header(header: bytes, res, names) -> bytes:
    """The output's header line, quoted as pandas quotes it (only where needed)."""
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(names + [c for c in res.columns if c not in names])
    return buf.getvalue().encode("utf-8")
