"""The verdict's shape: one point's :class:`PointResult`, and the columns of a results table.

:func:`geo.classify.check_points` works out, per point, a *code* (which zone, or high seas,
unknown, invalid) and a few numbers; :class:`VerdictTables` holds each code's answers (zone
type, name, sovereigns, ``eez_status``) so that every column is one array lookup, and
:func:`result_columns` turns codes and numbers into the table's columns. Reference columns
(``ref_*`` and ``differs``, the verdict under a second data set) are merged by
:func:`merge_reference`.

Whether a zone is the target's own, shared or another state's is decided by
:func:`geo.zones.model.claim_roles` (the one ownership rule), never here.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass

import numpy as np

from geo.geodesy import km_to_nm
from geo.names import adjective, country_name, possessive
from geo.zones.model import claim_roles, territory_name

# pandas and pyarrow are imported inside the functions that build tables: PointResult (and so
# 'eezcheck point') needs neither.

__all__ = [
    "EEZ_STATUSES",
    "RESULT_COLUMNS",
    "DISTANCE_COLUMNS",
    "REF_COLUMNS",
    "TEXT_COLUMNS",
    "DEFAULT_REFERENCE",
    "PointResult",
    "VerdictTables",
    "result_columns",
    "category_column",
    "points_array",
    "uniform_text",
    "merge_reference",
    "LIST_COLUMNS",
    "json_record",
    "html_table",
]

EEZ_STATUSES = ("inside", "disputed", "outside")

#: Result columns filled only when distances are asked for (empty for every row otherwise).
DISTANCE_COLUMNS = (
    "distance_to_target_eez_km",
    "distance_to_target_eez_nm",
    "nearest_limit_lat",
    "nearest_limit_lon",
    "nearest_territory",
    "nearest_territory_km",
    "nearest_territory_bearing",
)

RESULT_COLUMNS = [
    "lat",
    "lon",
    "zone_type",
    "zone_name",
    "sovereigns",
    "mrgid",
    "target",
    "eez_status",
    "in_target_eez",
    *DISTANCE_COLUMNS,
    "data_source",
    "error",
]

#: Columns added beside :data:`RESULT_COLUMNS` by a comparison with a second data set.
REF_COLUMNS = [
    "ref_zone_type",
    "ref_zone_name",
    "ref_sovereigns",
    "ref_eez_status",
    "ref_in_target_eez",
    "ref_distance_to_target_eez_km",
    "ref_data_source",
    "differs",
]

#: The reference data of a comparison when none is named: the downloaded Marine Regions layers.
DEFAULT_REFERENCE = "marineregions"

#: Result columns holding text (or nothing): one string dtype for every part of a big table.
TEXT_COLUMNS = ("zone_type", "zone_name", "sovereigns", "target", "eez_status", "nearest_territory", "data_source", "error")

#: Columns holding a list of ISO codes: a JSON list in ``--json`` output (``[]``: no state; null:
#: no verdict, a bad row), the codes joined by ";" in a table file (one value per cell).
LIST_COLUMNS = ("sovereigns", "ref_sovereigns")


def json_record(row: dict) -> dict:
    """A results-table row as its JSON object: :data:`LIST_COLUMNS` as lists, as
    :meth:`PointResult.to_dict` writes them (the one JSON schema of every command).

    Parameters
    ----------
    row : dict
        One row of a results table (``DataFrame.to_dict(orient="records")``).

    Returns
    -------
    dict
        A new dict; every other value as it was.

    Examples
    --------
    >>> json_record({"sovereigns": "JPN;KOR", "ref_sovereigns": "", "name": "a;b"})
    {'sovereigns': ['JPN', 'KOR'], 'ref_sovereigns': [], 'name': 'a;b'}
    >>> json_record({"sovereigns": None})
    {'sovereigns': None}
    """
    out = dict(row)
    for k in LIST_COLUMNS:
        v = out.get(k)
        if isinstance(v, str):
            out[k] = [s for s in v.split(";") if s]
        elif isinstance(v, (list, tuple)):
            out[k] = list(v)
        elif k in out and (v is None or v != v or type(v).__name__ == "NAType"):
            out[k] = None
    return out


_ZONE_WORDS = {
    "eez": "EEZ",
    "territorial_sea": "territorial sea",
    "contiguous_zone": "contiguous zone",
    "internal_waters": "internal waters",
    "overlapping_claim": "overlapping claim",
    "joint_regime": "joint regime",
    "high_seas": "high seas",
    "unknown": "unknown",
    "land": "land",
}


@dataclass(frozen=True)
class PointResult:
    """The verdict for one point. ``sovereigns`` is a tuple of ISO 3166-1 alpha-3 codes."""

    lat: float
    lon: float
    zone_type: str
    zone_name: str | None
    sovereigns: tuple[str, ...]
    mrgid: int | None
    target: str
    eez_status: str
    in_target_eez: bool
    distance_to_target_eez_km: float | None
    distance_to_target_eez_nm: float | None
    nearest_limit_lat: float | None
    nearest_limit_lon: float | None
    nearest_territory: str | None
    nearest_territory_km: float | None
    nearest_territory_bearing: float | None
    data_source: str

    def to_dict(self) -> dict:
        """The fields as a JSON-ready dict (``sovereigns`` a list)."""
        d = asdict(self)
        d["sovereigns"] = list(self.sovereigns)
        return d

    def _repr_html_(self) -> str:
        """A notebook shows the verdict as a small table (every text escaped: data is only data)."""
        return html_table(self.summary().splitlines()[0], list(self.to_dict().items()))

    def summary(self) -> str:
        """The verdict in words, e.g. "inside Japan's EEZ, 112 km (60 NM) from its limit"."""
        lines = [f"{_fmt_latlon(self.lat, self.lon)}: {self._verdict()}."]
        lines.append(
            f"  zone: {_ZONE_WORDS.get(self.zone_type, self.zone_type)}" + (f" — {self.zone_name}" if self.zone_name else "")
            + (f" ({';'.join(self.sovereigns)})" if self.sovereigns else "")
            + (f", MRGID {self.mrgid}" if self.mrgid is not None else "")
        )
        if self.nearest_territory is not None and self.nearest_territory_km is not None:
            if self.nearest_territory_bearing is None:  # the point is on that land
                lines.append(f"  on {adjective(self.target)} territory: {self.nearest_territory}")
            else:
                lines.append(
                    f"  nearest {adjective(self.target)} territory: {self.nearest_territory}, "
                    f"{self.nearest_territory_km:,.0f} km, bearing {self.nearest_territory_bearing:.0f}°"
                )
        lines.append(f"  data: {self.data_source}")
        return "\n".join(lines)

    def _verdict(self) -> str:
        t = self.target
        d = self.distance_to_target_eez_km
        dist = ""
        if d is not None and np.isfinite(d):
            dist = f", {abs(d):,.0f} km ({abs(self.distance_to_target_eez_nm):,.0f} NM) "
            dist += "from its limit" if d >= 0 else "beyond its limit"
        words = _ZONE_WORDS.get(self.zone_type, self.zone_type)
        on_in = "on" if self.zone_type == "land" else "in"
        if self.eez_status == "inside":
            return f"inside {possessive(t)} EEZ{dist}" + (f" — {on_in} its {words}" if self.zone_type != "eez" else "")
        if self.eez_status == "disputed":
            others = ", ".join(country_name(s) for s in self.sovereigns if s != t)
            kind = {"overlapping_claim": "an overlapping claim", "land": "land claimed"}.get(self.zone_type, "a joint regime")
            head = f"inside {possessive(t)} claimed EEZ{dist} — {kind} with {others} ({self.zone_name})"
            return head + ("; Japanese statements count it as inside" if t == "JPN" else "")
        head = f"outside {possessive(t)} EEZ{dist}"
        if self.zone_type == "high_seas":
            return head + " — on the high seas"
        if self.zone_type == "unknown":
            return head + " — outside the region the zone data covers"
        if self.sovereigns:
            owner = " / ".join(country_name(s) for s in self.sovereigns)
            return head + f" — {on_in} {owner}'s {words}".replace("s's", "s'")
        return head


def _html_cell(v) -> str:
    import html

    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        text = "—"
    elif isinstance(v, (bool, np.bool_)):
        text = "yes" if v else "no"
    elif isinstance(v, (float, np.floating)):
        text = f"{v:,.6g}"
    elif isinstance(v, (list, tuple)):
        text = "; ".join(map(str, v)) or "—"
    else:
        text = str(v)
    return html.escape(text, quote=True)


def html_table(title: str, rows, *, header=None, note: str = "") -> str:
    """A small HTML summary for notebooks (``_repr_html_``): a title, a table, a note.

    Every value is text to show, escaped with :func:`html.escape` — a zone or place name holding
    markup (``<script>``) or template syntax (``{{ }}``) is shown as written, never run or
    rendered; nothing here is a template.

    Parameters
    ----------
    title : str
        The first line (e.g. the verdict in words).
    rows : iterable of sequence
        ``(name, value, …)``: a field's name, then one value per column.
    header : sequence of str, optional
        Column headings after the name column (e.g. scenario labels).
    note : str
        A line under the table.

    Returns
    -------
    str
        An HTML fragment.

    Examples
    --------
    >>> html_table("a <b>", [("name", "{{x}}"), ("km", 1234.5)])
    '<div class="eezcheck"><p><strong>a &lt;b&gt;</strong></p><table><tr><th style="text-align:left">name</th><td style="text-align:left">{{x}}</td></tr><tr><th style="text-align:left">km</th><td style="text-align:left">1,234.5</td></tr></table></div>'
    """
    import html

    cell = '<td style="text-align:left">{}</td>'.format
    head = '<th style="text-align:left">{}</th>'.format
    parts = ['<div class="eezcheck">', f"<p><strong>{html.escape(str(title), quote=True)}</strong></p>", "<table>"]
    if header:
        parts.append("<tr><th></th>" + "".join(head(html.escape(str(h), quote=True)) for h in header) + "</tr>")
    for name, *values in rows:
        parts.append("<tr>" + head(html.escape(str(name), quote=True)) + "".join(cell(_html_cell(v)) for v in values) + "</tr>")
    parts.append("</table>")
    if note:
        parts.append(f"<p>{html.escape(str(note), quote=True)}</p>")
    parts.append("</div>")
    return "".join(parts)


def _fmt_latlon(lat: float, lon: float) -> str:
    return f"{abs(lat):.4f}°{'N' if lat >= 0 else 'S'} {abs(lon):.4f}°{'E' if lon >= 0 else 'W'}"


class VerdictTables:
    """Per-code answers, so every column is one array lookup (no Python loop per point).

    Codes: ``0..nz-1`` the zone of that row of the index; ``high_seas`` (= nz); ``invalid``
    (= nz + 1), a bad input row; ``unknown`` (= nz + 2), outside the region the data covers.

    Parameters
    ----------
    idx : geo.index.ZoneIndex
        The zone index (its ``zone_type``, ``names``, ``sovereigns``, ``mrgid``, ``region``).
    target : str
        The state asked about (ISO 3166-1 alpha-3).

    Examples
    --------
    >>> from geo.index import index_for  # doctest: +SKIP
    >>> t = VerdictTables(index_for(zones), "JPN")  # doctest: +SKIP
    >>> t.status[t.high_seas]  # doctest: +SKIP
    'outside'
    """

    def __init__(self, idx, target: str):
        nz = len(idx.zone_type)
        m = nz + 3
        self.high_seas, self.invalid, self.unknown = nz, nz + 1, nz + 2
        zt = np.empty(m, dtype=object)
        name = np.full(m, None, dtype=object)
        sov = np.empty(m, dtype=object)
        mrgid = np.zeros(m, dtype=np.int64)
        mrgid_na = np.ones(m, dtype=bool)
        zt[:nz] = idx.zone_type
        name[:nz] = idx.names
        sov[:nz] = [tuple(s) for s in idx.sovereigns]
        has = np.array([v is not None for v in idx.mrgid], dtype=bool)
        mrgid[:nz][has] = np.array([int(v) for v in idx.mrgid[has]], dtype=np.int64)
        mrgid_na[:nz] = ~has
        zt[self.high_seas] = "high_seas"
        zt[self.invalid] = None
        zt[self.unknown] = "unknown"
        name[self.unknown] = _region_text(idx.region)
        for k in (self.high_seas, self.invalid, self.unknown):
            sov[k] = ()
        own, shared = claim_roles(np.where(zt == None, "", zt), list(sov), target)  # noqa: E711 - elementwise
        status = np.where(shared, "disputed", np.where(own, "inside", "outside")).astype(object)
        status[self.invalid] = None
        self.zone_type, self.zone_name, self.sov, self.mrgid, self.mrgid_na = zt, name, sov, mrgid, mrgid_na
        self.sov_text = np.array([";".join(s) for s in sov], dtype=object)
        self.sov_text[self.invalid] = None  # a bad row has no verdict: no sovereigns (not "none")
        self.status = status
        self.inside = own | shared
        #: Land the target owns or shares: a point on it is on its territory (distance 0).
        self.own_land = (zt == "land") & self.inside
        #: Each land zone's name as territory (:func:`geo.zones.model.territory_name`).
        self.territory = np.array([territory_name(v) if t == "land" else None for v, t in zip(name, zt)], dtype=object)
        self._categories: dict = {}

    def category(self, field: str, code: np.ndarray):
        """``getattr(self, field)[code]`` as :func:`category_column` makes it, the categories
        worked out once per table (these tables are kept per index and target)."""
        import pandas as pd

        found = self._categories.get(field)
        if found is None:
            found = self._categories[field] = _category_codes(getattr(self, field))
        dtype, code_of = found
        return pd.Categorical.from_codes(code_of[code], dtype=dtype, validate=False)


def _region_text(region) -> str:
    if region is None:
        return "outside the zone data's region"
    w, s, e, n = region
    ns = lambda v: f"{abs(v):g}°{'N' if v >= 0 else 'S'}"  # noqa: E731
    ew = lambda v: f"{abs(v):g}°{'E' if v >= 0 else 'W'}"  # noqa: E731
    return f"outside the zone data's region ({ew(w)}–{ew(e)}, {ns(s)}–{ns(n)}): no verdict on its zone"


def category_column(values: np.ndarray, code: np.ndarray):
    """``values[code]`` as a pandas categorical: one small integer per row pointing into the
    distinct values (no Python object per row). The categories are every distinct value of
    ``values`` — the whole zone table, not only the codes used — so every chunk or partition
    classified with the same index has the same categories (one schema for a streamed file).

    Examples
    --------
    >>> category_column(np.array(["eez", None, "eez"], dtype=object), np.array([2, 1, 0])).tolist()
    ['eez', nan, 'eez']
    """
    import pandas as pd

    dtype, code_of = _category_codes(values)
    # The codes come from code_of, so they are valid: no check pass over a million of them.
    return pd.Categorical.from_codes(code_of[code], dtype=dtype, validate=False)


def _category_codes(values: np.ndarray):
    """(the categorical dtype of ``values``' distinct texts, each value's code in it; -1 for None)."""
    import pandas as pd

    present = np.array([v is not None for v in values], dtype=bool)
    categories, inverse = np.unique(values[present].astype(str), return_inverse=True)
    # The code width pandas itself chooses for so many categories (so it keeps the array as it is).
    width = np.int8 if len(categories) < 127 else np.int16 if len(categories) < 32767 else np.int32
    code_of = np.full(len(values), -1, dtype=width)
    code_of[present] = inverse
    return pd.CategoricalDtype(pd.Index(categories, dtype=object), ordered=False), code_of


def _constant_text(value: str, n: int):
    """A text column holding one value: a categorical of one category (one byte per row)."""
    import pandas as pd

    dtype = pd.CategoricalDtype(pd.Index([value], dtype=object), ordered=False)
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), dtype=dtype, validate=False)


def points_array(lon: np.ndarray, lat: np.ndarray):
    """A geopandas point array (EPSG:4326), built in one vectorised call with the cyclic garbage
    collector paused: a million new shapely objects would otherwise set off several full
    collections during the build (about 5x its time), and points hold no reference cycles.

    Examples
    --------
    >>> len(points_array(np.array([137.8]), np.array([41.5])))
    1
    """
    import geopandas as gpd
    import shapely

    with gc_paused():
        # shapely.points makes only points: no per-object check (from_shapely's) is needed.
        return gpd.array.GeometryArray(shapely.points(lon, lat), crs="EPSG:4326")


@contextlib.contextmanager
def gc_paused():
    """The cyclic garbage collector off for the block (as it was after): millions of new shapely
    objects, which hold no reference cycles, would otherwise be scanned by collections inside it.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def result_columns(c: dict, keep=RESULT_COLUMNS) -> dict:
    """Column name → array, in :data:`RESULT_COLUMNS` order, from classification output ``c``.

    Parameters
    ----------
    c : dict
        ``tables`` (a :class:`VerdictTables`), ``code``, ``valid``, ``lat``, ``lon``, ``target``,
        ``data_source``, ``error`` and the numeric distance columns, one value per point.
    keep : collection of str
        The columns to build (default all).

    Returns
    -------
    dict of str to array
        pandas extension arrays where the table has them (``mrgid`` Int64, ``in_target_eez``
        boolean; zone fields, ``target`` and ``data_source`` as categoricals — codes into the
        zone table, each text held once; ``error`` and ``nearest_territory`` as objects).

    Examples
    --------
    >>> list(result_columns(c)) == RESULT_COLUMNS  # doctest: +SKIP
    True
    """
    import pandas as pd

    t, code, valid = c["tables"], c["code"], c["valid"]
    n = len(code)
    all_valid = bool(valid.all())
    make = {
        "lat": lambda: c["lat"],
        "lon": lambda: c["lon"],
        "zone_type": lambda: t.category("zone_type", code),
        "zone_name": lambda: t.category("zone_name", code),
        "sovereigns": lambda: t.category("sov_text", code),
        "mrgid": lambda: pd.arrays.IntegerArray(t.mrgid[code], t.mrgid_na[code]),  # gathers: new arrays
        "target": lambda: _constant_text(c["target"], n),
        "eez_status": lambda: t.category("status", code),
        "in_target_eez": lambda: (
            pd.arrays.BooleanArray(t.inside[code], np.zeros(n, dtype=bool)) if all_valid
            else pd.arrays.BooleanArray(np.where(valid, t.inside[code], False), ~valid)
        ),
        "distance_to_target_eez_km": lambda: c["distance_to_target_eez_km"],
        "distance_to_target_eez_nm": lambda: (
            km_to_nm(c["distance_to_target_eez_km"]) if c.get("measured", True) else c["distance_to_target_eez_km"]
        ),  # not measured: the same empty (NaN) array
        "nearest_limit_lat": lambda: c["nearest_limit_lat"],
        "nearest_limit_lon": lambda: c["nearest_limit_lon"],
        "nearest_territory": lambda: c["nearest_territory"],
        "nearest_territory_km": lambda: c["nearest_territory_km"],
        "nearest_territory_bearing": lambda: c["nearest_territory_bearing"],
        "data_source": lambda: _constant_text(c["data_source"], n),
        "error": lambda: c["error"],
    }
    return {k: make[k]() for k in RESULT_COLUMNS if k in keep}


def uniform_text(df):
    """The text result columns of ``df`` as pandas ``str`` (NaN for missing), whatever pandas
    inferred — one schema for every partition or chunk of a big table. Changes ``df`` in place
    and returns it.

    Examples
    --------
    >>> import pandas as pd
    >>> str(uniform_text(pd.DataFrame({"error": [None]}))["error"].dtype)
    'str'
    """
    import pandas as pd

    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    for c in TEXT_COLUMNS:
        if c in df.columns and df[c].dtype != dtype:
            if isinstance(df[c].dtype, pd.CategoricalDtype):  # categories converted once, not per row
                df[c] = df[c].astype(dtype)
            else:
                df[c] = df[c].astype(object).where(df[c].notna(), None).astype(dtype)
    return df


def merge_reference(results, reference, ok):
    """``results`` plus :data:`REF_COLUMNS` taken from ``reference`` (a new table).

    Parameters
    ----------
    results : geopandas.GeoDataFrame
        A results table (:data:`RESULT_COLUMNS`).
    reference : pandas.DataFrame or None
        The results under the reference data for the rows where ``ok`` is True, in order.
    ok : numpy.ndarray of bool
        The rows of ``results`` that were compared (valid input); the others get empty ``ref_*``
        fields and ``differs`` NA.

    Returns
    -------
    geopandas.GeoDataFrame
        ``differs`` is True where the two ``eez_status`` verdicts disagree.

    Examples
    --------
    >>> merged = merge_reference(res, ref, res["error"].isna().to_numpy())  # doctest: +SKIP
    """
    import pandas as pd

    out = results.copy()
    n = len(out)
    at = np.flatnonzero(ok)
    cols = {c: np.full(n, None, dtype=object) for c in REF_COLUMNS[:-1]}  # in REF_COLUMNS order
    cols["ref_in_target_eez"] = pd.array([pd.NA] * n, dtype="boolean")
    cols["ref_distance_to_target_eez_km"] = np.full(n, np.nan)
    differs = pd.array([pd.NA] * n, dtype="boolean")
    if len(at) and reference is not None:
        for c in cols:
            src = reference[c.removeprefix("ref_")]
            if c == "ref_in_target_eez":
                cols[c][at] = src.array
            elif c == "ref_distance_to_target_eez_km":
                cols[c][at] = src.to_numpy(dtype=float)
            else:
                cols[c][at] = src.to_numpy(dtype=object)
        differs[at] = out["eez_status"].to_numpy(dtype=object)[at] != cols["ref_eez_status"][at]
    for c, v in cols.items():
        out[c] = v
    out["differs"] = differs
    return out
