"""What ``eezcheck map`` reads: any file this tool writes, with no flags needed.

- a points table, or a results file from ``batch -o`` (CSV, whose ``data_source`` ids are looked
  up in its ``OUT.csv.json``; GeoJSON, GeoPackage, Parquet);
- a table from ``impact --batch -o``, whose points are its landing points (``landing_lat``,
  ``landing_lon``);
- the JSON that ``point``, ``impact``, ``batch``, ``history`` and ``report`` print with ``--json``
  (saved to a file): one row per point, estimate or report scenario.

Rows the file itself gives no position (a history statement or report scenario that names no
landing, an ``impact --batch`` row with an error) keep the file's own reason, for the bad-row list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import InputError
from geo.inputs import LAT_NAMES, LON_NAMES, find_column, read_points

__all__ = ["LANDING_COLUMNS", "MapInput", "read_map_input", "json_rows"]

#: The columns of an impact estimate's landing point (``impact``, ``history``, ``report`` output).
LANDING_COLUMNS = ("landing_lat", "landing_lon")
# Fields in which the tool's outputs say why a row has no position.
_REASON_FIELDS = ("missing", "error")
# A report scenario's own fields kept beside its estimate's.
_SCENARIO_FIELDS = ("method", "missing", "p_in_target_eez", "p_stderr", "call", "landing_lat", "landing_lon",
                    "distance_to_target_eez_km", "sea_area", "uncertainty", "description")


@dataclass
class MapInput:
    """The table to draw, the columns its points are in, and the rows the file gives no position.

    What :func:`read_map_input` returns, so ``eezcheck map`` can list rows it cannot place
    in the file's own words instead of dropping them.

    Parameters
    ----------
    frame : pandas.DataFrame or geopandas.GeoDataFrame
        The rows, in the file's order.
    lat_col, lon_col : column label, optional
        The latitude/longitude columns (degrees); None: found by name (or a point geometry)
        as ``check_points`` does.
    unplaced : dict, optional
        Row label → why the file has no position for that row.

    Examples
    --------
    >>> import pandas as pd
    >>> mi = MapInput(pd.DataFrame({"landing_lat": [35.0], "landing_lon": [140.0]}), *LANDING_COLUMNS)
    >>> mi.lat_col, mi.unplaced
    ('landing_lat', {})
    """

    frame: object
    lat_col: object = None
    lon_col: object = None
    unplaced: dict = field(default_factory=dict)


def _scalar(v):
    """A JSON value as one table cell: lists of plain values joined with ';' (as the CSVs write
    ``sovereigns``); objects and nested lists (a report's figures, sampling details) left out."""
    if isinstance(v, list):
        if all(x is None or isinstance(x, (str, int, float, bool)) for x in v):
            return ";".join("" if x is None else str(x) for x in v)
        return _DROP
    if isinstance(v, dict):
        return _DROP
    return v


_DROP = object()
_SIDECAR_MAX_BYTES = 1 << 20  # the OUT.csv.json we write is a few hundred bytes per zone edition
_ATTRIBUTION_MAX_CHARS = 2000


def _flat(record: dict) -> dict:
    return {str(k): s for k, v in record.items() if (s := _scalar(v)) is not _DROP}


def _scenario_row(s: dict) -> dict:
    row = {"name": s.get("label")}
    row.update(_flat({k: s.get(k) for k in _SCENARIO_FIELDS if k in s}))
    if isinstance(s.get("estimate"), dict):
        row.update(_flat(s["estimate"]))
    return row


def json_rows(data, where: str = "the JSON") -> list[dict]:
    """The rows of a ``--json`` output of this tool, each a flat dict.

    Parameters
    ----------
    data : object
        Parsed JSON: a list of rows (``batch``, ``impact --batch``, ``history``), one point or
        estimate (``point``, ``impact``), or a report (``report``: a row per scenario).
    where : str
        Names the input in an error.

    Returns
    -------
    list of dict

    Raises
    ------
    InputError
        Not one of those shapes.

    Examples
    --------
    >>> json_rows({"lat": 41.5, "lon": 137.8, "sovereigns": ["JPN"], "reported": {"text": ""}})
    [{'lat': 41.5, 'lon': 137.8, 'sovereigns': 'JPN'}]
    >>> json_rows({"target": "JPN", "scenarios": [{"label": "Japan", "call": "outside", "landing_lat": 40.0}]})
    [{'name': 'Japan', 'call': 'outside', 'landing_lat': 40.0}]
    """
    if isinstance(data, dict) and isinstance(data.get("scenarios"), list):
        return [_scenario_row(s) for s in data["scenarios"] if isinstance(s, dict)]
    if isinstance(data, dict) and any(k in data for k in ("lat", "landing_lat")):
        return [_flat(data)]
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        return [_flat(r) for r in data]
    raise InputError(
        f"{where} is not a points file: expected the JSON of 'eezcheck point/impact/batch/history/report --json' "
        "(a point, a list of rows, or a report), or GeoJSON (a FeatureCollection)"
    )


def _read_json(p: Path):
    """The rows of a ``--json`` output, or None for GeoJSON (read as a vector file)."""
    import pandas as pd

    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"cannot read input file {p}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"input file {p} is not valid JSON ({exc})") from None
    except RecursionError:  # arrays/objects nested deeper than json can decode: no output of ours
        raise InputError(f"input file {p} is not a points file: its JSON is nested too deeply") from None
    if isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"):
        return None
    rows = json_rows(data, f"input file {p}")
    if not rows:
        raise InputError(f"input file {p} holds no rows")
    df = pd.DataFrame.from_records(rows)
    if "error" not in df.columns and _holds_verdicts(df.assign(error=None)):
        df["error"] = None  # 'point'/'impact --json' leave out the error field of a good row
    return df


def _expand_sources(df, p: Path):
    """A results CSV's ``data_source`` ids replaced by the full attribution its ``OUT.csv.json`` gives."""
    side = Path(str(p) + ".json")
    if "data_source" not in getattr(df, "columns", ()) or not side.is_file():
        return df
    try:
        if side.stat().st_size > _SIDECAR_MAX_BYTES:
            return df  # far larger than any sidecar we write: not ours, not read
        ids = json.loads(side.read_text(encoding="utf-8")).get("data_source")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError, RecursionError):
        return df  # not the sidecar we write: the ids stay as they are
    if not isinstance(ids, dict):
        return df
    # Only text attributions of a readable length replace an id (a list or 30 MB string is not ours).
    ids = {k: v for k, v in ids.items() if isinstance(v, str) and len(v) <= _ATTRIBUTION_MAX_CHARS}
    out = df.copy()
    out["data_source"] = [ids.get(v, v) if isinstance(v, str) else v for v in out["data_source"]]
    return out


def _blank(col):
    """True where a column holds nothing: NaN/None or empty text (vectorised: results files are big)."""
    return col.isna() | (col.astype(str).str.strip() == "")


def _unplaced(df, lat_col, lon_col) -> dict:
    """Rows without a coordinate whose file says why (its ``missing`` or ``error`` field)."""
    reasons = [c for c in _REASON_FIELDS if c in df.columns]
    if not reasons or lat_col not in df.columns or lon_col not in df.columns:
        return {}
    without = _blank(df[lat_col]) | _blank(df[lon_col])
    out = {}
    for label, row in df.loc[without, reasons].iterrows():  # only the rows without a position
        why = next((str(row[c]) for c in reasons if not _blank(row[[c]]).iloc[0]), None)
        if why is not None:
            out[label] = why if why.lower().startswith("no position") else f"no position in the file: {why}"
    return out


def _holds_verdicts(df) -> bool:
    """Every result column is there (a results file, or the JSON of one estimate): drawn as it is."""
    from geo.classify import RESULT_COLUMNS

    return all(c in df.columns for c in RESULT_COLUMNS)


def read_map_input(path, *, layer=None, lat_col=None, lon_col=None) -> MapInput:
    """Read a file to map, finding where its points are.

    Parameters
    ----------
    path : path-like
        A points or results table, an ``impact --batch`` table, or a ``--json`` output.
    layer : str, optional
        The layer of a file with several (GeoPackage).
    lat_col, lon_col : optional
        The coordinate columns, if the user named them (then used as given).

    Returns
    -------
    MapInput
        Points in ``landing_lat``/``landing_lon`` when the table has them and no ``lat``-like column
        says otherwise (an estimate's point is where it lands); else found by name.

    Raises
    ------
    InputError
        Unreadable file, or no coordinates: the message lists the file's columns.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "h.json")
    >>> _ = open(f, "w").write('[{"landing_lat": 40.0, "landing_lon": 135.0, "call": "outside"}]')
    >>> read_map_input(f).lat_col
    'landing_lat'
    """
    p = Path(path)
    df = _read_json(p) if p.suffix.lower() == ".json" else None
    if df is None:
        df = _expand_sources(read_points(p, layer=layer), p)
    if lat_col is not None or lon_col is not None or hasattr(df, "crs"):
        return MapInput(df, lat_col, lon_col)
    if all(c in df.columns for c in LANDING_COLUMNS) and not _holds_verdicts(df):
        # An estimate's point is where it lands; an input's own lat/lon (a stated position) stay
        # in the popup under another name, as check_points takes one pair of coordinates.
        df = df.rename(columns={c: f"{c} (input)" for c in ("lat", "lon") if c in df.columns})
        return MapInput(df, *LANDING_COLUMNS, _unplaced(df, *LANDING_COLUMNS))
    # Named here, on the whole file: the message then lists every column the user has.
    lat = find_column(df, LAT_NAMES, "latitude", "lat_col")
    lon = find_column(df, LON_NAMES, "longitude", "lon_col")
    return MapInput(df, None, None, _unplaced(df, lat, lon))
