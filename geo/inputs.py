"""Points as the user gives them: read from files, found in their columns, checked and normalised.

Everything a user hands to :func:`geo.check_points` passes through here once: the file reader
(CSV cells kept as text, so a bad value is reported as written), the columns that hold the
coordinates (found by name, never guessed between two), the coordinates themselves (numbers in
range, 0–360 longitudes wrapped) and the target state's code. Errors name the row, field and
value, with long values cut to :data:`ECHO_CHARS` characters.

pandas, geopandas, shapely and pyogrio are imported inside the functions that read tables, so
``eezcheck point`` (coordinates only) does not load them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from geo.errors import InputError

__all__ = [
    "coordinates",
    "describe_problems",
    "problem_text",
    "quoted",
    "MAX_LISTED_PROBLEMS",
    "ECHO_CHARS",
    "LAT_NAMES",
    "LON_NAMES",
    "find_column",
    "check_target",
    "PointInput",
    "point_input",
    "check_column_clash",
    "stand_in_points",
    "read_points",
    "read_point_chunks",
]

#: How many bad rows an error message spells out before it says "... and N more".
MAX_LISTED_PROBLEMS = 20
#: Echoed values longer than this are cut (with "…") so one bad cell cannot flood a message.
ECHO_CHARS = 80
#: Column names (lower case) taken as latitude / longitude when none is given.
LAT_NAMES = ("lat", "latitude", "y", "lat_deg", "latitude_deg")
LON_NAMES = ("lon", "lng", "long", "longitude", "x", "lon_deg", "longitude_deg")
_LISTED_COLUMNS = 30
_CSV_SUFFIXES = (".csv", ".txt", ".tsv")


def quoted(value, limit: int = ECHO_CHARS) -> str:
    """``repr(value)``, cut to ``limit`` characters plus "…" when longer.

    Examples
    --------
    >>> quoted("abc")
    "'abc'"
    >>> len(quoted("x" * 500))
    81
    """
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _column_list(columns) -> str:
    names = [str(c) if len(str(c)) <= ECHO_CHARS else str(c)[:ECHO_CHARS] + "…" for c in columns]
    more = len(names) - _LISTED_COLUMNS
    return ", ".join(names[:_LISTED_COLUMNS]) + (f", … ({more} more)" if more > 0 else "")


def problem_text(field: str, value, why: str) -> str:
    """One problem as the user reads it, e.g. ``lat = 'abc' is not a number``."""
    return f"{field} = {quoted(value)} {why}"


# --------------------------------------------------------------------------- coordinates


def _as_float(values, field: str) -> tuple[np.ndarray, list]:
    """Convert to float64, recording (row, field, value, reason) for anything that is not a number."""
    arr = np.asarray(values, dtype=object).reshape(-1)
    out = np.empty(arr.shape, dtype=float)
    problems = []
    for i, v in enumerate(arr):
        try:
            if isinstance(v, (bool, np.bool_)):
                raise TypeError
            out[i] = float(v)
        except (TypeError, ValueError):
            out[i] = np.nan
            if v is None or (isinstance(v, str) and not v.strip()):
                problems.append((i, field, v, "is missing"))
            else:
                problems.append((i, field, v, "is not a number"))
    return out, problems


def coordinates(lon, lat, *, rows: Sequence | None = None, errors: str = "raise"):
    """Validate and normalise longitudes and latitudes.

    Parameters
    ----------
    lon, lat : array-like
        Decimal degrees, as numbers or text; one of each per point.
    rows : sequence, optional
        The row labels to name in messages (default 0, 1, …).
    errors : {"raise", "keep"}
        ``"raise"``: any problem raises :class:`~geo.errors.InputError` naming every bad row;
        ``"keep"``: bad rows come back as NaN and the caller reports them.

    Returns
    -------
    lon, lat : numpy.ndarray of float
        The input's length; longitudes in [180, 360) wrapped to [-180, 180); NaN for bad rows.
    problems : list of (row, field, value, reason)

    Examples
    --------
    >>> lon, lat, problems = coordinates([200.0], [41.5])
    >>> float(lon[0]), problems
    (-160.0, [])
    """
    if errors not in ("raise", "keep"):
        raise ValueError(f"errors must be 'raise' or 'keep', not {quoted(errors)}")
    lon_in = np.asarray(lon, dtype=object).reshape(-1)
    lat_in = np.asarray(lat, dtype=object).reshape(-1)
    if lon_in.shape != lat_in.shape:
        raise InputError(
            f"lon and lat have different lengths ({lon_in.size} and {lat_in.size}); give one of each per point"
        )
    n = lon_in.size
    rows = list(range(n)) if rows is None else list(rows)
    try:
        lon_f = np.asarray(lon_in, dtype=float)
        lat_f = np.asarray(lat_in, dtype=float)
        problems: list = []
    except (TypeError, ValueError):
        lon_f, p1 = _as_float(lon_in, "lon")
        lat_f, p2 = _as_float(lat_in, "lat")
        problems = p1 + p2
    already = {(r, f) for r, f, _, _ in problems}
    bad_lat = ~(np.abs(lat_f) <= 90)  # catches NaN too
    bad_lon = ~((lon_f >= -180) & (lon_f < 360))
    for i in np.flatnonzero(bad_lat):
        if (i, "lat") not in already:
            reason = "is missing (NaN)" if np.isnan(lat_f[i]) else "is outside [-90, 90]"
            problems.append((i, "lat", lat_in[i], reason))
    for i in np.flatnonzero(bad_lon):
        if (i, "lon") not in already:
            reason = "is missing (NaN)" if np.isnan(lon_f[i]) else "is outside [-180, 360)"
            problems.append((i, "lon", lon_in[i], reason))
    # Report in input order, with the caller's row labels.
    problems = [(rows[i], f, v, why) for i, f, v, why in sorted(problems, key=lambda p: (p[0], p[1]))]
    bad = bad_lat | bad_lon
    lon_f = np.where(bad, np.nan, lon_f)
    lat_f = np.where(bad, np.nan, lat_f)
    # 0-360 longitudes (common in ocean data) become -180..180.
    lon_f = np.where(lon_f >= 180, lon_f - 360, lon_f)
    if problems and errors == "raise":
        raise InputError(describe_problems(problems), problems)
    return lon_f, lat_f, problems


def describe_problems(problems) -> str:
    """One message listing bad rows as 'row R: field F = V is ...' (no row for a lone point, R None)."""
    lines = [f"{'' if r is None else f'row {r}: '}{problem_text(f, v, why)}" for r, f, v, why in problems[:MAX_LISTED_PROBLEMS]]
    more = len(problems) - MAX_LISTED_PROBLEMS
    if more > 0:
        lines.append(f"... and {more} more")
    head = "invalid coordinate" if len(problems) == 1 else f"{len(problems)} invalid coordinates"
    return (
        f"{head} (latitude must be in [-90, 90], longitude in [-180, 360), decimal degrees):\n  "
        + "\n  ".join(lines)
    )


def check_target(target) -> str:
    """The target state's ISO 3166-1 alpha-3 code, upper case; anything else is an InputError.

    Examples
    --------
    >>> check_target(" kor ")
    'KOR'
    """
    if not isinstance(target, str) or len(target.strip()) != 3 or not target.strip().isalpha():
        raise InputError(f"target = {quoted(target)} is not an ISO 3166-1 alpha-3 code (e.g. JPN, KOR, CHN)")
    return target.strip().upper()


# --------------------------------------------------------------------------- columns


def find_column(df, names, what: str, option: str):
    """The one column of ``df`` whose name (any case, spaces trimmed) is in ``names``.

    Parameters
    ----------
    df : pandas.DataFrame
    names : sequence of str
        Lower-case candidate names, e.g. :data:`LAT_NAMES`.
    what : str
        What the column holds, for messages ("latitude").
    option : str
        The keyword that names it explicitly (``lat_col``; also shown as ``--lat-col``).

    Returns
    -------
    The column label. None found, or several (``lat`` and ``latitude``, ``LAT`` and ``Lat``), is
    an :class:`~geo.errors.InputError` naming them.

    Examples
    --------
    >>> import pandas as pd
    >>> find_column(pd.DataFrame({"Latitude": [1.0], "x": [2.0]}), LAT_NAMES, "latitude", "lat_col")
    'Latitude'
    """
    how = f"{option}= / --{option.replace('_', '-')}"
    found = [c for c in df.columns if str(c).lower().strip() in names]
    if not found:
        raise InputError(
            f"no {what} column found (looked for {', '.join(names)}); name it with {how}. "
            f"Columns are: {_column_list(df.columns)}"
        )
    if len(found) > 1:
        raise InputError(f"ambiguous {what} columns: {_column_list(found)}; choose one with {how}")
    return found[0]


@dataclass
class PointInput:
    """What :func:`point_input` made of the user's points.

    ``frame``: the input table (None for ``lat=``/``lon=`` arrays); ``lon``/``lat``: the raw
    values, one per row; ``rows``: row labels for messages; ``lat_col``/``lon_col``: the columns
    they came from (None for a point geometry or arrays); ``bad_geometry``: row position → why a
    row has no usable point (``errors="keep"``).
    """

    frame: object
    lon: np.ndarray
    lat: np.ndarray
    rows: list
    lat_col: object = None
    lon_col: object = None
    bad_geometry: dict = field(default_factory=dict)


def point_input(data=None, *, lat=None, lon=None, lat_col=None, lon_col=None, errors: str = "raise") -> PointInput:
    """The raw coordinates of a table or of ``lat=``/``lon=`` arrays (checked later by :func:`coordinates`).

    Parameters
    ----------
    data : pandas.DataFrame or geopandas.GeoDataFrame, optional
        A table with latitude/longitude columns (``lat_col``/``lon_col``, else found by name),
        or a GeoDataFrame of points in any CRS (read from its geometry unless columns are given).
    lat, lon : array-like, optional
        The coordinates themselves, when there is no table.
    errors : {"raise", "keep"}
        What to do with rows whose geometry is not a point.

    Returns
    -------
    PointInput

    Examples
    --------
    >>> point_input(lat=[41.5], lon=[137.8]).lat.tolist()
    [41.5]
    """
    if data is None:
        if lat is None or lon is None:
            raise InputError("give a table (DataFrame/GeoDataFrame) or both lat= and lon=")
        lon_a = np.asarray(lon, dtype=object).reshape(-1)
        lat_a = np.asarray(lat, dtype=object).reshape(-1)
        return PointInput(None, lon_a, lat_a, list(range(len(lon_a))))
    import geopandas as gpd
    import pandas as pd

    if isinstance(data, gpd.GeoDataFrame) and lat_col is None and lon_col is None:
        return _geometry_points(data, errors)
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"check_points takes a DataFrame or GeoDataFrame, not {type(data).__name__}; or pass lat= and lon=")
    lat_name = lat_col if lat_col is not None else find_column(data, LAT_NAMES, "latitude", "lat_col")
    lon_name = lon_col if lon_col is not None else find_column(data, LON_NAMES, "longitude", "lon_col")
    for name, kind in ((lat_name, "lat_col"), (lon_name, "lon_col")):
        if name not in data.columns:
            raise InputError(f"column {quoted(name)} ({kind}) not found; columns are: {_column_list(data.columns)}")
        if list(data.columns).count(name) > 1:
            raise InputError(f"ambiguous {kind}: the table has {list(data.columns).count(name)} columns named {quoted(name)}")
    _refuse_second_coordinate(data, {"lat": f"column {quoted(lat_name)}", "lon": f"column {quoted(lon_name)}"},
                              {"lat": lat_name, "lon": lon_name})
    return PointInput(
        data, data[lon_name].to_numpy(dtype=object), data[lat_name].to_numpy(dtype=object), list(data.index),
        lat_col=lat_name, lon_col=lon_name,
    )


def _refuse_second_coordinate(frame, source: dict, names: dict) -> None:
    """The result's lat/lon (the checked coordinates) would silently replace another column.
    A results table checked again (see :func:`check_column_clash`) is re-checked in place."""
    if _holds_results(frame):
        return
    for result_col, kind in (("lat", "latitude"), ("lon", "longitude")):
        if result_col in frame.columns and result_col != names.get(result_col):
            raise InputError(
                f"the input has a column {result_col!r} besides the {kind} {source[result_col]}: the result's "
                f"{result_col!r} (the checked {kind}) would replace it; rename that column"
                + (" (or give lat_col/lon_col, --lat-col/--lon-col, to check the columns instead)" if not names else "")
            )


def _geometry_points(data, errors: str) -> PointInput:
    """Points of a GeoDataFrame's geometry, in EPSG:4326; rows without a point are bad rows."""
    import shapely

    if data.crs is None:
        raise InputError("the GeoDataFrame has no CRS; set it (e.g. gdf.set_crs('EPSG:4326'))")
    _refuse_second_coordinate(data, {"lat": "of its point geometry", "lon": "of its point geometry"}, {})
    g = data.geometry
    if not g.crs.equals("EPSG:4326"):
        g = g.to_crs("EPSG:4326")
    types = g.geom_type.to_numpy(dtype=object)
    is_point = types == "Point"
    kind = [t if isinstance(t, str) else "missing" for t in types]
    bad = [(r, "geometry", k, "is not a Point") for r, k, ok in zip(data.index, kind, is_point) if not ok]
    if bad and errors != "keep":
        raise InputError(
            f"{len(bad)} row(s) have no point geometry (check_points classifies points; "
            "errors='keep' keeps them as bad rows):\n  "
            + "\n  ".join(f"row {r}: geometry is {k}, not a Point" for r, _, k, _ in bad[:MAX_LISTED_PROBLEMS]),
            bad,
        )
    geoms = np.asarray(g.values)
    x = np.full(len(g), np.nan)
    y = np.full(len(g), np.nan)
    x[is_point] = shapely.get_x(geoms[is_point])
    y[is_point] = shapely.get_y(geoms[is_point])
    reasons = {int(i): f"geometry is {kind[i]}, not a Point" for i in np.flatnonzero(~is_point)}
    return PointInput(data, x, y, list(data.index), bad_geometry=reasons)


def stand_in_points(sample, *, lat_col=None, lon_col=None):
    """``sample`` (a one-row table with made-up values) with a valid point put in: a row that
    :func:`point_input` accepts, as a partitioned run needs to learn its output's columns.

    Parameters
    ----------
    sample : pandas.DataFrame or geopandas.GeoDataFrame
        One row, with the real table's columns and dtypes.
    lat_col, lon_col : optional
        The coordinate columns, as given to :func:`point_input`.

    Returns
    -------
    The row, holding 35°N 140°E in its point geometry or its coordinate columns.

    Examples
    --------
    >>> import pandas as pd
    >>> stand_in_points(pd.DataFrame({"lat": ["?"], "lon": ["?"]}))["lat"].tolist()
    ['35.0']
    """
    import geopandas as gpd
    import pandas as pd

    row = sample.copy()
    if isinstance(row, gpd.GeoDataFrame) and lat_col is None and lon_col is None:
        pt = gpd.GeoSeries(gpd.points_from_xy([140.0], [35.0]), crs="EPSG:4326", index=row.index)
        crs = row.crs
        return row.set_geometry(pt.to_crs(crs) if crs is not None else pt.set_crs(None, allow_override=True), crs=crs)
    row = pd.DataFrame(row)
    lat = lat_col if lat_col is not None else find_column(row, LAT_NAMES, "latitude", "lat_col")
    lon = lon_col if lon_col is not None else find_column(row, LON_NAMES, "longitude", "lon_col")
    for col, v in ((lat, 35.0), (lon, 140.0)):
        numeric = pd.api.types.is_numeric_dtype(row[col].dtype)
        row[col] = pd.Series([v if numeric else str(v)], index=row.index).astype(row[col].dtype)
    return row


def _holds_results(frame) -> bool:
    # A results table (from check_points or 'eezcheck batch') holds these two beside its verdicts.
    return {"eez_status", "data_source"} <= set(frame.columns)


def check_column_clash(frame, result_columns, *, in_place=("lat", "lon")) -> None:
    """Refuse input columns that result columns would silently replace.

    Parameters
    ----------
    frame : pandas.DataFrame
        The input table.
    result_columns : sequence of str
        The columns the result adds (:data:`geo.results.RESULT_COLUMNS`).
    in_place : sequence of str
        Result columns that may take over an input column of the same name (the coordinates,
        checked in place; :func:`point_input` refuses a *second* such column).

    Raises
    ------
    InputError
        Naming the clashing columns, unless ``frame`` is itself a results table (it has
        ``eez_status`` and ``data_source``) being checked again.

    Examples
    --------
    >>> import pandas as pd
    >>> check_column_clash(pd.DataFrame({"lat": [1], "lon": [2], "name": ["a"]}), ["lat", "lon", "error"])
    """
    if _holds_results(frame):
        return
    clash = [c for c in frame.columns if c in result_columns and c not in in_place]
    if clash:
        raise InputError(
            f"the input has column(s) {', '.join(quoted(c) for c in clash)} named like result columns, which would "
            "replace them; rename them"
        )


# --------------------------------------------------------------------------- files


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
            return _strictly(p, lambda: pd.read_csv(p, **kw))
        reader = pd.read_csv(p, chunksize=chunksize, **kw)
    except pd.errors.EmptyDataError:
        raise InputError(f"input file {p} is empty; expected a header row with lat and lon columns") from None
    return _strict_chunks(p, reader)


def _strictly(p: Path, read):
    """``read()`` with pandas' "more fields than the header" warning (it drops data) an error."""
    import warnings

    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.ParserWarning)
        try:
            return read()
        except pd.errors.ParserWarning:
            raise InputError(
                f"input file {p}: a row has more fields than the header has column names; quote values that hold "
                "the separator, or name every column"
            ) from None


def _strict_chunks(p: Path, reader):
    with reader:
        while (chunk := _strictly(p, lambda: next(reader, None))) is not None:
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
            raise InputError(f"input file {p} has no layer {quoted(layer)}; its layers are: {_column_list(names)}")
        return str(layer)
    if len(names) > 1:
        raise InputError(f"input file {p} has {len(names)} layers ({_column_list(names)}); choose one with --layer NAME (layer=)")
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
                df = pd.read_parquet(p)
        else:
            import geopandas as gpd

            df = gpd.read_file(p, engine="pyogrio", layer=_layer_name(p, layer))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - OSError, UnicodeDecodeError, parser and pyogrio errors alike
        raise InputError(f"cannot read input file {p}: {_one_line(exc)}") from exc
    if len(df) == 0:
        raise InputError(f"input file {p} has no rows")
    return df


def _one_line(exc) -> str:
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
        raise InputError(f"cannot read input file {p}: {_one_line(exc)}") from exc


def _parquet_chunks(p: Path, size: int):
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        f = pq.ParquetFile(p)
    except Exception as exc:  # noqa: BLE001 - OSError, ArrowInvalid
        raise InputError(f"cannot read input file {p}: {_one_line(exc)}") from exc
    geo_meta = (f.schema_arrow.metadata or {}).get(b"geo")
    start = 0
    for batch in f.iter_batches(batch_size=size):
        table = pa.Table.from_batches([batch])
        if geo_meta is not None:
            import geopandas as gpd

            df = gpd.GeoDataFrame.from_arrow(table.replace_schema_metadata({b"geo": geo_meta}))
        else:
            df = table.to_pandas()
        df.index = pd.RangeIndex(start, start + len(df))
        start += len(df)
        yield df
