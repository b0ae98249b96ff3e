"""Download Marine Regions zone layers from its public OGC WFS into the user cache.

One GeoJSON file per layer, ``<cache>/marineregions/<layer>.geojson``, plus a JSON sidecar
``<layer>.json`` (read by :func:`geo.zones.read_zones`) recording the dataset, edition, licence,
attribution, SHA-256 of the file, retrieval time, the exact query, the layer and the feature count.

WFS 2.0 axis order: in WFS 2.0 ``EPSG:4326`` as a URN or ``http://www.opengis.net/def/crs/EPSG/0/4326``
means latitude/longitude. We ask for ``http://www.opengis.net/gml/srs/epsg.xml#4326``, which
GeoServer (the Marine Regions server) defines as strict longitude/latitude, for both the output
and the ``bbox`` filter, and we still check what came back
(:func:`geo.zones.feature_checks.decide_axis_order`): an order the bbox cannot decide is an error.

Bounded: each page within the time and size limits of :mod:`geo.zones.wfs`; its content checked
(:mod:`geo.zones.feature_checks`) before anything is kept; paging stops at ``numberMatched``, and
a server that repeats a page or a feature id, changes its count, or pages past
:data:`MAX_PAGES` / :data:`MAX_FEATURES` / :data:`MAX_LAYER_MB` is refused.

Nothing half-written: pages are gathered in memory, the file and its sidecar are written to
temporary files in the cache directory and moved into place only when every page arrived and
passed its checks; any failure (or SIGTERM turned into an exception by the CLI) raises and leaves
the cache as it was.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from geo._files import atomic_write, sidecar_path
from geo.errors import DownloadError, InputError
from geo.zones import wfs
from geo.zones.feature_checks import check_features, check_ranges, decide_axis_order, swap_axes
from geo.zones.marineregions import (  # noqa: F401 (DEFAULT_BBOX, download_dir re-exported)
    DEFAULT_BBOX,
    LAYERS,
    check_layer,
    download_dir,
    layer_path,
    layer_provenance,
)

__all__ = [
    "DEFAULT_WFS_URL",
    "DEFAULT_BBOX",
    "LAYERS",
    "WFS_ENV",
    "DownloadOptions",
    "DownloadResult",
    "check_options",
    "download_dir",
    "layer_path",
    "download_layer",
    "download",
    "parse_bbox",
    "parse_layers",
    "wfs_url",
]

DEFAULT_WFS_URL = "https://geo.vliz.be/geoserver/MarineRegions/wfs"
WFS_ENV = "EEZCHECK_WFS_URL"

#: GeoServer's strict longitude/latitude spelling of WGS 84 (see the module docstring).
LONLAT_CRS = "http://www.opengis.net/gml/srs/epsg.xml#4326"

PAGE_SIZE = 50  # full-resolution EEZ polygons are large: a modest page keeps each response sane
DEFAULT_TIMEOUT = (10.0, 120.0)  # (connect, read) seconds; read = longest silence between bytes
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5  # seconds before the first retry, doubled for each further one
MAX_PAGE_MB = 512.0  # a page's body after decompression (the real pages are a few MB)
#: Bounds on one layer (the real ones hold a few hundred features in a few hundred MB):
#: a server that never stops paging is a bug, not data.
MAX_PAGES = 10_000
MAX_FEATURES = 100_000
MAX_LAYER_MB = 4096.0


@dataclass(frozen=True)
class DownloadResult:
    """One downloaded layer: where it is and what was recorded about it."""

    layer: str
    path: Path | None  # None when the layer had no features in the bbox (nothing written)
    sidecar: Path | None
    feature_count: int
    sha256: str | None
    pages: int
    metadata: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class DownloadOptions:
    """Validated paging and limits of a download (see :func:`check_options`)."""

    page_size: int
    limits: wfs.Limits


# --------------------------------------------------------------------------- arguments


def parse_layers(text: str) -> list[str]:
    """Layer names from a comma-separated list, validated, duplicates removed.

    Parameters
    ----------
    text : str
        E.g. ``"eez,eez_12nm"``.

    Returns
    -------
    list of str

    Examples
    --------
    >>> parse_layers("eez, eez_12nm,eez")
    ['eez', 'eez_12nm']
    """
    names = [s for s in (p.strip() for p in str(text).split(",")) if s]
    if not names:
        raise InputError(f"--layers = {text!r} names no layer; use e.g. --layers eez,eez_12nm,eez_24nm")
    out = []
    for n in names:
        n = check_layer(n)
        if n not in out:
            out.append(n)
    return out


def parse_bbox(value) -> tuple[float, float, float, float]:
    """A validated (west, south, east, north) box in degrees.

    Parameters
    ----------
    value : str or sequence
        ``"W,S,E,N"`` or four numbers.

    Returns
    -------
    tuple of 4 float

    Examples
    --------
    >>> parse_bbox("110,10,170,55")
    (110.0, 10.0, 170.0, 55.0)
    """
    parts = value.split(",") if isinstance(value, str) else list(value)
    how = "give --bbox W,S,E,N in degrees, e.g. 110,10,170,55"
    if len(parts) != 4:
        raise InputError(f"bbox = {value!r} must have 4 numbers (west,south,east,north); {how}")
    try:
        w, s, e, n = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise InputError(f"bbox = {value!r} holds a value that is not a number; {how}") from None
    if not all(math.isfinite(v) for v in (w, s, e, n)):
        raise InputError(f"bbox = {value!r} holds a non-finite value; {how}")
    if not (-90 <= s < n <= 90):
        raise InputError(f"bbox = {value!r}: south and north must satisfy -90 <= south < north <= 90; {how}")
    if not (-180 <= w < e <= 180):
        raise InputError(
            f"bbox = {value!r}: west and east must satisfy -180 <= west < east <= 180 "
            f"(a box across the antimeridian must be split in two downloads); {how}"
        )
    return (w, s, e, n)


def wfs_url(url: str | None = None) -> str:
    """The WFS endpoint: ``url``, else ``$EEZCHECK_WFS_URL``, else :data:`DEFAULT_WFS_URL`.

    Parameters
    ----------
    url : str, optional

    Returns
    -------
    str

    Examples
    --------
    >>> wfs_url("http://127.0.0.1:8080/wfs")
    'http://127.0.0.1:8080/wfs'
    """
    return url or os.environ.get(WFS_ENV) or DEFAULT_WFS_URL


def check_options(
    *,
    page_size=PAGE_SIZE,
    timeout=DEFAULT_TIMEOUT,
    deadline=None,
    max_page_mb=MAX_PAGE_MB,
    retries=DEFAULT_RETRIES,
    backoff=DEFAULT_BACKOFF,
) -> DownloadOptions:
    """Validate a download's paging and limits; :class:`~geo.errors.InputError` names a bad one.

    Parameters
    ----------
    page_size : int
        Features a request (1 or more).
    timeout, deadline, max_page_mb, retries, backoff
        See :func:`geo.zones.wfs.check_limits` (``max_page_mb`` is its ``max_mb``).

    Returns
    -------
    DownloadOptions

    Examples
    --------
    >>> check_options(timeout=5).limits.deadline
    20.0
    >>> check_options(page_size=0)
    Traceback (most recent call last):
    geo.errors.InputError: --page-size = 0 must be a whole number, 1 or more
    """
    if not wfs.is_whole(page_size) or page_size < 1:
        raise InputError(f"--page-size = {page_size!r} must be a whole number, 1 or more")
    limits = wfs.check_limits(timeout=timeout, deadline=deadline, max_mb=max_page_mb, retries=retries, backoff=backoff)
    return DownloadOptions(int(page_size), limits)


# --------------------------------------------------------------------------- paging


def _query(layer: str, bbox, start: int, count: int) -> dict:
    w, s, e, n = bbox
    return {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typeNames": LAYERS[layer],
        "outputFormat": "application/json",
        "srsName": LONLAT_CRS,
        # WFS 2.0 reads the bbox in the axis order of the CRS named after it: lon/lat here.
        "bbox": f"{w:g},{s:g},{e:g},{n:g},{LONLAT_CRS}",
        "count": str(count),
        "startIndex": str(start),
    }


class _Pager:
    """One layer's pages as they arrive, and the rules that stop a server paging without end."""

    def __init__(self, page_size: int, what: str):
        self.page_size = page_size
        self.what = what
        self.features: list = []
        self.checked: list = []
        self.pages = 0
        self.matched: int | None = None
        self.nbytes = 0
        self._ids: dict = {}  # feature id → the page that sent it
        self._previous = None

    @property
    def start(self) -> int:
        return len(self.features)

    def take(self, doc: dict, nbytes: int) -> bool:
        """Check and keep one page; return whether to ask for the next."""
        self.pages += 1
        page = doc["features"]
        self._count(wfs.as_int(doc.get("numberMatched", doc.get("totalFeatures"))))
        if page and page == self._previous:
            self._refuse(f"page {self.pages} is the same as page {self.pages - 1} (the server ignores startIndex?)")
        checked = check_features(page, page=self.pages, first=self.start, what=self.what)
        for f, c in zip(page, checked):
            fid = f.get("id")
            key = fid if isinstance(fid, (str, int, float)) else json.dumps(fid, sort_keys=True, default=str)
            if fid is not None and key in self._ids:
                self._refuse(f"{c.label} repeats a feature page {self._ids[key]} sent (its paging is not stable)")
            self._ids[key] = self.pages
        self.features += page
        self.checked += checked
        self.nbytes += nbytes
        self._previous = page
        more = bool(page) and len(page) >= self.page_size and (self.matched is None or self.start < self.matched)
        self._bounded(more)
        return more

    def _count(self, matched: int | None) -> None:
        if self.pages == 1:
            self.matched = matched
        elif matched is not None and self.matched is not None and matched != self.matched:
            self._refuse(f"the number of matching features changed from {self.matched} to {matched} on page {self.pages}")

    def _bounded(self, more: bool) -> None:
        if self.matched is not None and self.start > self.matched:
            self._refuse(f"{self.pages} pages brought {self.start} features, more than the {self.matched} announced")
        if (more and self.pages >= MAX_PAGES) or self.start > MAX_FEATURES or self.nbytes > MAX_LAYER_MB * 2**20:
            self._refuse(
                f"the server kept sending pages ({self.pages} pages, {self.start:,} features, {self.nbytes:,} bytes; "
                f"a layer may have at most {MAX_PAGES:,} pages, {MAX_FEATURES:,} features, {MAX_LAYER_MB:g} MiB)"
            )

    def _refuse(self, why: str):
        raise DownloadError(f"{self.what}: {why}; nothing was saved. Try again later.")


def _fetch(layer: str, bbox, url: str, opts: DownloadOptions, what: str, quiet: bool, session) -> _Pager:
    """Every page of one layer, each checked as it arrives."""
    from tqdm import tqdm  # lazy: heavy for `eezcheck point`

    sess = session or wfs.session()
    pager = _Pager(opts.page_size, what)
    bar = tqdm(desc=layer, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr, disable=quiet, leave=False)
    try:
        with bar:
            more = True
            while more:
                params = _query(layer, bbox, pager.start, opts.page_size)
                page_what = f"{what}, page {pager.pages + 1}"
                doc, nbytes = wfs.get_page(sess, url, params, opts.limits, what=page_what, progress=bar)
                more = pager.take(doc, nbytes)
    finally:
        if session is None:
            sess.close()
    if pager.matched is not None and pager.start < pager.matched:
        raise DownloadError(
            f"{what}: the server announced {pager.matched} features but sent {pager.start}; nothing was saved. Try again."
        )
    return pager


# --------------------------------------------------------------------------- writing


def _commit(data_path: Path, data: bytes, side_path: Path, sidecar: dict) -> None:
    """Move the data file and its sidecar into place together, or leave both as they were.

    Both are written to temporary files first (:func:`geo._files.atomic_write`). The old
    sidecar is set aside just before the data file is replaced, so an old sidecar never
    describes new data, and is put back if the data file could not be replaced.
    """
    side_bytes = (json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    aside = side_path.with_name(f".{side_path.name}.old")

    def write_sidecar_then_data(tmp_side: Path) -> None:
        tmp_side.write_bytes(side_bytes)

        def write_data(tmp_data: Path) -> None:
            tmp_data.write_bytes(data)
            if side_path.exists():
                os.replace(side_path, aside)

        try:
            atomic_write(data_path, write_data, fsync=True)
        except BaseException:
            if aside.exists() and not side_path.exists():
                os.replace(aside, side_path)  # the data file is still the old one, so is its sidecar
            raise

    try:
        atomic_write(side_path, write_sidecar_then_data, fsync=True)  # moved into place after the data
    finally:
        aside.unlink(missing_ok=True)


def _geojson(features: list, what: str) -> bytes:
    """The layer's file: one compact FeatureCollection, strict JSON."""
    try:
        text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError as exc:  # a NaN deep inside a property
        raise DownloadError(f"{what}: the server's features hold a value that is not valid JSON ({exc}); nothing was saved.") from exc
    return text.encode("utf-8")


def _metadata(layer, bbox, url, opts: DownloadOptions, pager: _Pager, *, edition, retrieved, swapped, dest, data) -> dict:
    query = {k: v for k, v in _query(layer, bbox, 0, opts.page_size).items() if k not in ("count", "startIndex")}
    return {
        **layer_provenance(layer, edition=edition, retrieved=retrieved.date().isoformat()),
        "description": f"WFS layer {LAYERS[layer]}, bbox {','.join(f'{v:g}' for v in bbox)}",
        "source": "Marine Regions WFS",
        "layer": layer,
        "type_name": LAYERS[layer],
        "url": url,
        "query": query,
        "page_size": opts.page_size,
        "pages": pager.pages,
        "bbox": list(bbox),
        "number_matched": pager.matched,
        "feature_count": len(pager.features),
        "axis_order_fixed": swapped,
        "retrieved": retrieved.isoformat().replace("+00:00", "Z"),
        "file": dest.name,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


# --------------------------------------------------------------------------- download


def download_layer(
    layer: str = "eez",
    *,
    bbox=DEFAULT_BBOX,
    url: str | None = None,
    dest: Path | None = None,
    page_size: int = PAGE_SIZE,
    timeout=DEFAULT_TIMEOUT,
    deadline: float | None = None,
    max_page_mb: float = MAX_PAGE_MB,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    edition: str | None = None,
    quiet: bool = False,
    session=None,
) -> DownloadResult:
    """Fetch one Marine Regions layer for ``bbox`` and save it atomically in the cache.

    Parameters
    ----------
    layer : str
        ``eez``, ``eez_12nm`` or ``eez_24nm``.
    bbox : (west, south, east, north) or "W,S,E,N"
        The region, in degrees.
    url : str, optional
        The WFS endpoint (see :func:`wfs_url`).
    dest : Path, optional
        Where to save it (default :func:`layer_path`); the sidecar goes beside it.
    page_size, timeout, deadline, max_page_mb, retries, backoff
        Features a request, and the limits of each (see :func:`check_options`).
    edition : str, optional
        The Marine Regions edition to record (default: the one the WFS is assumed to serve).
    quiet : bool
        No progress bar.
    session : requests.Session, optional
        Default :func:`geo.zones.wfs.session`, whose watchdog enforces the deadline mid-read.

    Returns
    -------
    DownloadResult
        ``path`` None when no feature meets the bbox (nothing written).

    Raises
    ------
    InputError
        A bad argument (before any request).
    DownloadError
        Any failure of the server or its data; then nothing was written.

    Examples
    --------
    >>> download_layer("eez", url="http://127.0.0.1:9/wfs", timeout=1, retries=0, quiet=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    geo.errors.DownloadError: downloading MarineRegions:eez, page 1: cannot reach ... Nothing was saved.
    """
    layer = check_layer(layer)
    bbox = parse_bbox(bbox)
    opts = check_options(
        page_size=page_size, timeout=timeout, deadline=deadline, max_page_mb=max_page_mb, retries=retries, backoff=backoff
    )
    url = wfs_url(url)
    dest = Path(dest) if dest is not None else layer_path(layer)
    retrieved = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    what = f"downloading {LAYERS[layer]}"
    pager = _fetch(layer, bbox, url, opts, what, quiet, session)
    if not pager.features:
        return DownloadResult(layer=layer, path=None, sidecar=None, feature_count=0, sha256=None, pages=pager.pages)
    swapped = decide_axis_order(pager.checked, bbox, what)
    check_ranges(pager.checked, swapped, what)
    data = _geojson(swap_axes(pager.features) if swapped else pager.features, what)
    meta = _metadata(layer, bbox, url, opts, pager, edition=edition, retrieved=retrieved, swapped=swapped, dest=dest, data=data)
    side = sidecar_path(dest)
    try:
        _commit(dest, data, side, meta)
    except OSError as exc:
        raise DownloadError(f"{what}: cannot write {dest} ({exc}); nothing was saved.") from exc
    return DownloadResult(
        layer=layer, path=dest, sidecar=side, feature_count=len(pager.features), sha256=meta["sha256"], pages=pager.pages, metadata=meta
    )


def download(layers=("eez", "eez_12nm", "eez_24nm"), **kwargs) -> list[DownloadResult]:
    """Download several layers (see :func:`download_layer`).

    A failure stops at that layer; layers already saved stay (each is complete and consistent
    on its own).

    Parameters
    ----------
    layers : sequence of str or str
        Layer names, or a comma-separated string.
    **kwargs
        Passed to :func:`download_layer`.

    Returns
    -------
    list of DownloadResult

    Examples
    --------
    >>> [r.layer for r in download("eez_24nm", url="http://127.0.0.1:9/wfs", retries=0, quiet=True)]  # doctest: +SKIP
    ['eez_24nm']
    """
    if isinstance(layers, str):
        layers = parse_layers(layers)
    return [download_layer(layer, **kwargs) for layer in layers]
