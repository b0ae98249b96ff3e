"""Download Marine Regions zone layers from its public OGC WFS into the user cache.

One GeoJSON file per layer, ``<cache>/marineregions/<layer>.geojson``, plus a JSON sidecar
``<layer>.json`` (read by :func:`geo.zones.read_zones`) recording the dataset, edition, licence,
attribution, SHA-256 of the file, retrieval time, the exact query, the layer and the feature count.

WFS 2.0 axis order: in WFS 2.0 ``EPSG:4326`` as a URN or ``http://www.opengis.net/def/crs/EPSG/0/4326``
means latitude/longitude. We ask for ``http://www.opengis.net/gml/srs/epsg.xml#4326``, which
GeoServer (the Marine Regions server) defines as strict longitude/latitude, for both the output
and the ``bbox`` filter, and we still check what came back (:func:`_fix_axis_order`).

Nothing half-written: pages are gathered in memory, the file and its sidecar are written to
temporary files in the cache directory and moved into place only when every page arrived and
parsed; any failure raises one :class:`geo.errors.DownloadError` and leaves the cache as it was.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from geo._files import CACHE_ENV, cache_dir  # noqa: F401 (re-exported)
from geo.errors import DownloadError, InputError
from geo.zones.marineregions import (  # noqa: F401 (LAYERS, DEFAULT_BBOX, WFS_EDITION, LICENCE re-exported)
    DEFAULT_BBOX,
    LAYERS,
    LICENCE,
    WFS_EDITION,
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
    "CACHE_ENV",
    "DownloadResult",
    "cache_dir",
    "download_dir",
    "layer_path",
    "download_layer",
    "download",
    "parse_bbox",
    "parse_layers",
]

DEFAULT_WFS_URL = "https://geo.vliz.be/geoserver/MarineRegions/wfs"
WFS_ENV = "EEZCHECK_WFS_URL"

#: GeoServer's strict longitude/latitude spelling of WGS 84 (see the module docstring).
LONLAT_CRS = "http://www.opengis.net/gml/srs/epsg.xml#4326"

PAGE_SIZE = 50  # full-resolution EEZ polygons are large: a modest page keeps each response sane
DEFAULT_TIMEOUT = (10.0, 120.0)  # (connect, read) seconds; read = longest silence between bytes
DEFAULT_RETRIES = 3
_MAX_PAGES = 10_000  # a server that never stops paging is a bug, not data


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


# --------------------------------------------------------------------------- locations


def parse_layers(text: str) -> list[str]:
    """``"eez,eez_12nm"`` → ``["eez", "eez_12nm"]`` (validated, duplicates removed)."""
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
    """``"W,S,E,N"`` or a 4-sequence → a validated (west, south, east, north) tuple in degrees."""
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
    return url or os.environ.get(WFS_ENV) or DEFAULT_WFS_URL


# --------------------------------------------------------------------------- HTTP


def _session(retries: int, backoff: float):
    """A requests Session that retries connection failures and 429/5xx with backoff."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,  # we report the final status ourselves, with the server's words
    )
    s = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    from geo import __version__

    s.headers["User-Agent"] = f"eezcheck/{__version__} (+maritime zone checker)"
    s.headers["Accept"] = "application/json"
    return s


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


def _get_page(session, url: str, params: dict, *, timeout, progress, what: str, body_retries: int) -> dict:
    """One GetFeature page as parsed JSON. Raises DownloadError saying what went wrong."""
    import requests

    attempt = 0
    while True:
        attempt += 1
        try:
            with session.get(url, params=params, timeout=timeout, stream=True) as r:
                if r.status_code != 200:
                    text = _server_words(r.content[:2000])
                    raise DownloadError(
                        f"{what}: the server at {url} answered HTTP {r.status_code} {r.reason or ''}".rstrip()
                        + f" (page from feature {params['startIndex']})"
                        + (f": {text}" if text else "")
                        + ". Nothing was saved; try again later."
                    )
                chunks = []
                for chunk in r.iter_content(chunk_size=1 << 16):
                    chunks.append(chunk)
                    progress.update(len(chunk))
                body = b"".join(chunks)
        except DownloadError:
            raise
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
            # A connection cut mid-body: urllib3 does not retry a body, so we retry the page.
            if attempt <= body_retries:
                continue
            raise DownloadError(
                f"{what}: the connection was cut before the whole response arrived ({_cut_detail(exc)}); nothing was saved. Try again."
            ) from exc
        except requests.exceptions.Timeout as exc:
            raise DownloadError(_timeout_message(what, url, timeout)) from exc
        except requests.exceptions.ConnectionError as exc:
            if _is_read_timeout(exc):
                raise DownloadError(_timeout_message(what, url, timeout)) from exc
            raise DownloadError(
                f"{what}: cannot reach {url} ({_reason(exc)}). Are you offline? Nothing was saved."
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise DownloadError(f"{what}: request to {url} failed ({_short(exc)}); nothing was saved.") from exc
        break
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        head = body[:200].decode("utf-8", "replace").strip()
        if head.startswith("<"):
            detail = f"the server sent XML instead: {_server_words(body[:4000])}"
        else:
            detail = f"{exc}; {len(body):,} bytes received"
        raise DownloadError(f"{what}: the server's answer is not valid JSON ({detail}). Nothing was saved.") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise DownloadError(f"{what}: the server's answer is JSON but not a GeoJSON FeatureCollection; nothing was saved.")
    return doc


def _server_words(raw: bytes) -> str:
    """The useful part of an error body: an OWS ExceptionText, else the first line of text."""
    import re

    text = raw.decode("utf-8", "replace")
    m = re.search(r"<(?:\w+:)?ExceptionText>(.*?)</(?:\w+:)?ExceptionText>", text, re.S)
    if m:
        return "WFS exception: " + " ".join(m.group(1).split())[:300]
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.split())[:200]


def _timeout_message(what: str, url: str, timeout) -> str:
    secs = timeout[1] if isinstance(timeout, (tuple, list)) else timeout
    return f"{what}: timed out after {secs:g} s waiting for {url}; nothing was saved. Try again, or allow longer with --timeout."


def _reason(exc) -> str:
    """The innermost cause of a requests ConnectionError, without the long URL."""
    inner = exc.args[0] if exc.args else exc
    inner = getattr(inner, "reason", inner)
    return _short(inner)


def _cut_detail(exc) -> str:
    import re

    m = re.search(r"IncompleteRead\((\d+) bytes read, (\d+) more expected\)", str(exc))
    if m:
        return f"{int(m.group(1)):,} bytes received, {int(m.group(2)):,} more announced"
    return _short(exc)


def _is_read_timeout(exc) -> bool:
    """requests reports a read timeout retried to exhaustion (or met mid-body) as ConnectionError."""
    from urllib3.exceptions import ReadTimeoutError

    inner = exc.args[0] if exc.args else None
    return isinstance(inner, ReadTimeoutError) or isinstance(getattr(inner, "reason", None), ReadTimeoutError)


def _short(exc) -> str:
    msg = str(exc)
    return msg if len(msg) <= 200 else msg[:200] + "…"


def _int_or_none(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return None  # GeoServer may say "unknown"


# --------------------------------------------------------------------------- axis order


def _coords_bounds(features) -> tuple[float, float, float, float] | None:
    """(xmin, ymin, xmax, ymax) over every coordinate of the features, as sent."""
    xmin = ymin = math.inf
    xmax = ymax = -math.inf

    def walk(c):
        nonlocal xmin, ymin, xmax, ymax
        if c and isinstance(c[0], (int, float)):
            x, y = c[0], c[1]
            xmin, xmax = min(xmin, x), max(xmax, x)
            ymin, ymax = min(ymin, y), max(ymax, y)
        else:
            for cc in c:
                walk(cc)

    for f in features:
        g = f.get("geometry") or {}
        walk(g.get("coordinates") or [])
    return None if xmin == math.inf else (xmin, ymin, xmax, ymax)


def _swap(c):
    if c and isinstance(c[0], (int, float)):
        return [c[1], c[0], *c[2:]]
    return [_swap(cc) for cc in c]


def _overlaps(b, bbox) -> bool:
    return b[0] <= bbox[2] and b[2] >= bbox[0] and b[1] <= bbox[3] and b[3] >= bbox[1]


def _fix_axis_order(features: list, bbox, what: str) -> tuple[list, bool]:
    """Return features in lon/lat order, swapping them if the server sent lat/lon.

    Evidence, in order: a y beyond ±90 is impossible as a latitude (then x must be within ±90);
    otherwise the coordinates must meet the requested bbox, and if only the swapped ones do, the
    server used lat/lon. Anything else is refused rather than guessed.
    """
    b = _coords_bounds(features)
    if b is None:
        return features, False
    lat_ok = -90 <= b[1] and b[3] <= 90
    swapped_lat_ok = -90 <= b[0] and b[2] <= 90
    if lat_ok and _overlaps(b, bbox):
        return features, False  # as requested (when both orders would fit, trust the request)
    if swapped_lat_ok and _overlaps((b[1], b[0], b[3], b[2]), bbox):
        out = []
        for f in features:
            g = dict(f.get("geometry") or {})
            if g.get("coordinates") is not None:
                g["coordinates"] = _swap(g["coordinates"])
            out.append({**f, "geometry": g})
        return out, True
    raise DownloadError(
        f"{what}: the coordinates the server sent (x {b[0]:.1f}..{b[2]:.1f}, y {b[1]:.1f}..{b[3]:.1f}) do not match the "
        f"requested region {bbox} in either axis order; nothing was saved."
    )


# --------------------------------------------------------------------------- writing


def _atomic_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path`` (fsynced); return the temp path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _unlink(Path(tmp))
        raise
    return Path(tmp)


def _unlink(p: Path) -> None:
    try:
        p.unlink()
    except FileNotFoundError:
        pass


def _commit(data_path: Path, data: bytes, sidecar_path: Path, sidecar: dict) -> None:
    """Move the data file and its sidecar into place together, or leave both as they were."""
    tmp_data = _atomic_bytes(data_path, data)
    tmp_side = None
    old_side = None
    try:
        tmp_side = _atomic_bytes(sidecar_path, (json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        # The sidecar of an older download must never describe the new file (or vice versa):
        # drop the old sidecar first, then move data, then the new sidecar.
        if sidecar_path.exists():
            old_side = sidecar_path.with_name(f".{sidecar_path.name}.old")
            os.replace(sidecar_path, old_side)
        os.replace(tmp_data, data_path)
        tmp_data = None
        os.replace(tmp_side, sidecar_path)
        tmp_side = None
    except BaseException:
        # Put the old sidecar back only if its data file is still the old one.
        if tmp_data is not None and old_side is not None and old_side.exists() and not sidecar_path.exists():
            os.replace(old_side, sidecar_path)
        raise
    finally:
        for t in (tmp_data, tmp_side):
            if t is not None:
                _unlink(t)
        if old_side is not None:
            _unlink(old_side)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- download


def _progress(desc: str, quiet: bool):
    from tqdm import tqdm

    return tqdm(desc=desc, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr, disable=quiet, leave=False)


def download_layer(
    layer: str = "eez",
    *,
    bbox=DEFAULT_BBOX,
    url: str | None = None,
    dest: Path | None = None,
    page_size: int = PAGE_SIZE,
    timeout=DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = 0.5,
    edition: str | None = None,
    quiet: bool = False,
    session=None,
) -> DownloadResult:
    """Fetch one Marine Regions layer for ``bbox`` and save it atomically in the cache.

    ``dest`` defaults to :func:`layer_path`. ``timeout`` is seconds (or (connect, read)).
    Raises :class:`~geo.errors.DownloadError` on any failure; then nothing was written.
    """
    layer = check_layer(layer)
    bbox = parse_bbox(bbox)
    if int(page_size) < 1:
        raise InputError(f"page_size = {page_size!r} must be a positive integer")
    url = wfs_url(url)
    dest = Path(dest) if dest is not None else layer_path(layer)
    sess = session or _session(retries, backoff)
    features: list = []
    seen_ids: set = set()
    matched = None
    pages = 0
    start = 0
    retrieved = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    what = f"downloading {LAYERS[layer]}"
    try:
        with _progress(f"{layer}", quiet) as bar:
            while True:
                params = _query(layer, bbox, start, page_size)
                doc = _get_page(sess, url, params, timeout=timeout, progress=bar, what=what, body_retries=retries)
                pages += 1
                page = doc["features"]
                matched = _int_or_none(doc.get("numberMatched", doc.get("totalFeatures"))) if matched is None else matched
                for f in page:
                    fid = f.get("id")
                    if fid is not None and fid in seen_ids:
                        continue  # an unstable server order can repeat a feature across pages
                    if fid is not None:
                        seen_ids.add(fid)
                    features.append(f)
                start += len(page)
                if len(page) == 0 or len(page) < page_size:
                    break
                if matched is not None and start >= matched:
                    break
                if pages >= _MAX_PAGES:
                    raise DownloadError(f"{what}: the server kept sending pages ({pages}); nothing was saved.")
    finally:
        if session is None:
            sess.close()
    if matched is not None and len(features) < matched:
        raise DownloadError(
            f"{what}: the server announced {matched} features but sent {len(features)}; nothing was saved. Try again."
        )
    features, swapped = _fix_axis_order(features, bbox, what)
    if not features:
        return DownloadResult(layer=layer, path=None, sidecar=None, feature_count=0, sha256=None, pages=pages)

    collection = {"type": "FeatureCollection", "features": features}
    data = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    query = {k: v for k, v in _query(layer, bbox, 0, page_size).items() if k not in ("count", "startIndex")}
    meta = {
        **layer_provenance(layer, edition=edition, retrieved=retrieved.date().isoformat()),
        "description": f"WFS layer {LAYERS[layer]}, bbox {','.join(f'{v:g}' for v in bbox)}",
        "source": "Marine Regions WFS",
        "layer": layer,
        "type_name": LAYERS[layer],
        "url": url,
        "query": query,
        "page_size": page_size,
        "pages": pages,
        "bbox": list(bbox),
        "number_matched": matched,
        "feature_count": len(features),
        "axis_order_fixed": swapped,
        "retrieved": retrieved.isoformat().replace("+00:00", "Z"),
        "file": dest.name,
        "bytes": len(data),
        "sha256": _sha256(data),
    }
    sidecar = dest.with_suffix(".json")
    try:
        _commit(dest, data, sidecar, meta)
    except OSError as exc:
        raise DownloadError(f"{what}: cannot write {dest} ({exc}); nothing was saved.") from exc
    return DownloadResult(
        layer=layer, path=dest, sidecar=sidecar, feature_count=len(features), sha256=meta["sha256"], pages=pages, metadata=meta
    )


def download(layers=("eez", "eez_12nm", "eez_24nm"), **kwargs) -> list[DownloadResult]:
    """Download several layers (see :func:`download_layer`). A failure stops at that layer;
    layers already saved stay (each is complete and consistent on its own)."""
    if isinstance(layers, str):
        layers = parse_layers(layers)
    return [download_layer(layer, **kwargs) for layer in layers]
