"""A local stand-in for the Marine Regions WFS (GeoServer), for tests without internet.

Serves WFS 2.0 GetFeature requests on 127.0.0.1 (ephemeral port) from a v12-schema file (the
tests serve the synthetic one of ``tests/synthetic.py``) the way the real service does: lower-case attribute names
(mrgid, geoname, pol_type, iso_sov1 …), ``bbox`` filtering (axis order from the CRS named in the
bbox), ``srsName`` axis order (GeoServer's rules: ``EPSG:4326`` and
``http://www.opengis.net/gml/srs/epsg.xml#4326`` are lon/lat; the URN and
``http://www.opengis.net/def/crs/EPSG/0/4326`` forms are lat/lon), paging with
``count``/``startIndex`` and ``numberMatched``/``numberReturned`` in the FeatureCollection.

Layer ``eez`` is that file (its missing ``pol_type`` is derived from ``geoname``);
``eez_12nm`` is one synthetic test square south of Honshu (not Marine Regions data);
``eez_24nm`` is empty.

Failure modes (``server.mode``), applied from the ``server.fail_from``-th GetFeature request on:
(``server.fail_times`` of them, or all when None): ``"http500"``, ``"cut"`` (Content-Length larger than the body, then the connection closes),
``"badjson"``, ``"slow"`` (sleeps ``server.slow_seconds`` before answering), ``"swap"`` (always
answers in lat/lon order, whatever was asked), ``"xml"`` (a 200 answer holding an OWS exception).

Hostile modes (same schedule):

* ``"drip"`` — the body one ``drip_bytes`` every ``drip_seconds`` (never silent long enough for a
  read timeout); ``"drip-headers"`` — the status line and headers the same way;
* ``"gzip-bomb"`` — ``server.payload`` (from :func:`gzip_bomb`) with ``Content-Encoding: gzip``;
* ``"retry-after"`` — HTTP 503 with ``Retry-After: server.retry_after``;
* ``"endless"`` — ignores ``startIndex`` (always the first page) and says ``numberMatched:
  "unknown"``; ``"endless-noid"`` — the same without feature ids; ``"repeat"`` — each page starts
  one feature early (so it repeats the previous page's last feature); ``"fresh"`` — full pages of
  new features forever, count unknown; ``"growing"`` — ``numberMatched`` grows with every page;
* ``"bad"`` — feature ``server.bad_index`` of the page is spoiled as ``server.bad`` says (a key of
  :data:`SPOIL`: a Point, null feature, NaN or infinite coordinate, latitude 95, …).

Every mode stops by itself: a drip gives up after ``drip_max_seconds`` or when the client leaves,
and :meth:`WFSServer.stop` ends every answer in progress.
"""

from __future__ import annotations

import json
import math
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

LONLAT_SRS = {
    "epsg:4326",
    "crs:84",
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "http://www.opengis.net/gml/srs/epsg.xml#4326",
    "http://www.opengis.net/def/crs/ogc/1.3/crs84",
}
LATLON_SRS = {
    "urn:ogc:def:crs:epsg::4326",
    "urn:x-ogc:def:crs:epsg:4326",
    "http://www.opengis.net/def/crs/epsg/0/4326",
}

#: A local port nothing listens on: a download that forgot the test server fails fast.
DEAD_URL = "http://127.0.0.1:9/geoserver/MarineRegions/wfs"

#: A region holding every test point (Japan's and South Korea's EEZs, the Liancourt Rocks area,
#: the synthetic square) that leaves out some zones (Russia's, the Kurils', Canada's …), so a cut is seen.
TEST_BBOX = (122.0, 24.0, 141.0, 40.0)

#: The synthetic 12 NM test square (lon/lat), well inside Japan's EEZ south of Honshu.
SYNTHETIC_12NM_BOX = (137.5, 32.5, 138.5, 33.5)
SYNTHETIC_12NM_MRGID = 999001


def _pol_type(geoname: str) -> str:
    g = (geoname or "").lower()
    if g.startswith("overlapping claim"):
        return "Overlapping claim"
    if g.startswith("joint regime"):
        return "Joint regime"
    return "200NM"


def _swap(c):
    if c and isinstance(c[0], (int, float)):
        return [c[1], c[0], *c[2:]]
    return [_swap(cc) for cc in c]


def _load_layers(v12_path: Path) -> dict:
    import geopandas as gpd
    import shapely

    gdf = gpd.read_file(v12_path, engine="pyogrio")
    gdf.columns = [c.lower() if c != gdf.geometry.name else c for c in gdf.columns]
    gdf["pol_type"] = [_pol_type(g) for g in gdf["geoname"]]
    gdf = gdf.sort_values("mrgid", kind="stable").reset_index(drop=True)
    eez = json.loads(gdf.to_json(drop_id=True))["features"]
    for f in eez:
        f["id"] = f"eez.{f['properties']['mrgid']}"
    w, s, e, n = SYNTHETIC_12NM_BOX
    square = shapely.box(w, s, e, n)
    twelve = [
        {
            "type": "Feature",
            "id": "eez_12nm.1",
            "geometry": shapely.geometry.mapping(square) | {"coordinates": [[list(p) for p in square.exterior.coords]]},
            "properties": {
                "mrgid": SYNTHETIC_12NM_MRGID,
                "geoname": "Japanese Territorial Sea (12NM) — synthetic test square",
                "pol_type": "12NM",
                "iso_sov1": "JPN",
                "sovereign1": "Japan",
                "iso_ter1": "JPN",
                "territory1": "Japan",
            },
        }
    ]
    layers = {"MarineRegions:eez": eez, "MarineRegions:eez_12nm": twelve, "MarineRegions:eez_24nm": []}
    bounds = {}
    for name, feats in layers.items():
        bounds[name] = [shapely.bounds(shapely.geometry.shape(f["geometry"])).tolist() for f in feats]
    return {"features": layers, "bounds": bounds}


def _square(x: float, y: float, size: float = 1.0) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def synthetic_layers(squares) -> dict:
    """Layers for :class:`WFSServer` without the reference data: one EEZ feature per
    ``(x, y, size, iso3)`` square (lon/lat degrees), MRGID 900001, 900002, …"""
    feats = []
    for k, (x, y, size, iso) in enumerate(squares, start=1):
        feats.append(
            {
                "type": "Feature",
                "id": f"eez.{900000 + k}",
                "geometry": _square(x, y, size),
                "properties": {"mrgid": 900000 + k, "geoname": f"Synthetic EEZ {k}", "pol_type": "200NM", "iso_sov1": iso},
            }
        )
    bounds = [[x, y, x + size, y + size] for x, y, size, _ in squares]
    return {
        "features": {"MarineRegions:eez": feats, "MarineRegions:eez_12nm": [], "MarineRegions:eez_24nm": []},
        "bounds": {"MarineRegions:eez": bounds, "MarineRegions:eez_12nm": [], "MarineRegions:eez_24nm": []},
    }


def gzip_bomb(expanded: int, *, head: bytes = b'{"type": "FeatureCollection", "features": [') -> bytes:
    """A gzip stream of ``head`` followed by spaces, ``expanded`` bytes in all once inflated
    (built block by block: never ``expanded`` bytes in memory)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip framing
    out = [z.compress(head)]
    block = b" " * (1 << 20)
    left = expanded - len(head)
    while left > 0:
        out.append(z.compress(block[: min(left, len(block))]))
        left -= len(block)
    out.append(z.flush())
    return b"".join(out)


#: How ``"bad"`` mode spoils one feature (a function of the feature, returning its replacement).
SPOIL = {
    "point": lambda f: {**f, "geometry": {"type": "Point", "coordinates": [135.0, 35.0]}},
    "linestring": lambda f: {**f, "geometry": {"type": "LineString", "coordinates": [[135.0, 35.0], [136.0, 36.0]]}},
    "null-geometry": lambda f: {**f, "geometry": None},
    "null-feature": lambda f: None,
    "properties-list": lambda f: {**f, "properties": [1, 2]},
    "properties-null": lambda f: {**f, "properties": None},
    "nan": lambda f: _set_first_position(f, [math.nan, 35.0]),
    "inf": lambda f: _set_first_position(f, [math.inf, 35.0]),
    "lat95": lambda f: _set_first_position(f, [135.0, 95.0]),
    "lon400": lambda f: _set_first_position(f, [400.0, 35.0]),
    "text-coordinate": lambda f: _set_first_position(f, ["135", "35"]),
    "short-ring": lambda f: {**f, "geometry": {"type": "Polygon", "coordinates": [[[135.0, 35.0], [136.0, 35.0], [135.0, 35.0]]]}},
    "nan-property": lambda f: {**f, "properties": {**f["properties"], "area_km2": math.nan}},
}


def _set_first_position(f: dict, pos: list) -> dict:
    g = json.loads(json.dumps(f["geometry"]))
    ring = g["coordinates"][0] if g["type"] == "Polygon" else g["coordinates"][0][0]
    ring[0] = list(pos)
    ring[-1] = list(pos)  # still closed
    return {**f, "geometry": g}


class WFSServer:
    """``with WFSServer(path) as srv: srv.url`` — a WFS on 127.0.0.1 for one test."""

    def __init__(self, v12_path: Path | None, *, layers: dict | None = None):
        self._data = layers or _load_layers(Path(v12_path))
        self.mode = "ok"
        self.fail_from = 1
        self.fail_times = None  # how many requests fail from fail_from on (None: all)
        self.slow_seconds = 3.0
        self.drip_seconds = 0.5  # "drip": one piece this often …
        self.drip_bytes = 1  # … of this many bytes,
        self.drip_max_seconds = 30.0  # giving up after this long
        self.payload = b""  # "gzip-bomb": the body sent
        self.retry_after = "86400"  # "retry-after": the header sent
        self.bad = "point"  # "bad": a key of SPOIL …
        self.bad_index = 0  # … applied to this feature of the page
        self.stopping = threading.Event()
        self.requests: list[dict] = []  # GetFeature query parameters, lower-case keys, in order
        self._lock = threading.Lock()
        self._httpd = None
        self._thread = None

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/geoserver/MarineRegions/wfs"

    def start(self) -> "WFSServer":
        server = self
        self.stopping.clear()

        class Handler(_Handler):
            srv = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # a drip in progress ends
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=5)
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def reset(self, mode: str = "ok", *, fail_from: int = 1, fail_times: int | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown test server mode {mode!r}; one of {sorted(MODES)}")
        self.mode = mode
        self.fail_from = fail_from
        self.fail_times = fail_times
        self.requests.clear()

    # ------------------------------------------------------------------ answering
    def feature_collection(self, params: dict) -> tuple[int, dict | str]:
        """(status, FeatureCollection or exception XML) for GetFeature ``params`` (lower-case keys)."""
        if params.get("service", "WFS").upper() != "WFS" or params.get("request", "").lower() != "getfeature":
            return 400, _exception("OperationNotSupported", "only GetFeature is served here")
        type_name = params.get("typenames") or params.get("typename") or ""
        if type_name not in self._data["features"]:
            return 400, _exception("InvalidParameterValue", f"Feature type {type_name} unknown")
        if params.get("outputformat", "").lower() not in ("application/json", "json"):
            return 400, _exception("InvalidParameterValue", "this test server only speaks application/json")
        srs = params.get("srsname", "EPSG:4326").lower()
        if srs not in LONLAT_SRS | LATLON_SRS:
            return 400, _exception("InvalidParameterValue", f"srsName {srs} unknown")
        feats = self._data["features"][type_name]
        bounds = self._data["bounds"][type_name]
        if "bbox" in params:
            parts = params["bbox"].split(",")
            try:
                a, b, c, d = (float(v) for v in parts[:4])
            except ValueError:
                return 400, _exception("InvalidParameterValue", f"bad bbox {params['bbox']}")
            bcrs = (parts[4] if len(parts) > 4 else "urn:ogc:def:crs:EPSG::4326").lower()  # 2.0 default: lat/lon
            w, s, e, n = (b, a, d, c) if bcrs in LATLON_SRS else (a, b, c, d)
            keep = [i for i, (x0, y0, x1, y1) in enumerate(bounds) if x0 <= e and x1 >= w and y0 <= n and y1 >= s]
            feats = [feats[i] for i in keep]
        matched = len(feats)
        start = int(params.get("startindex", 0))
        count = int(params.get("count", 10**9))
        page = feats[start : start + count]
        latlon = srs in LATLON_SRS or self.mode == "swap"
        if latlon:
            page = [{**f, "geometry": {**f["geometry"], "coordinates": _swap(f["geometry"]["coordinates"])}} for f in page]
        return 200, {
            "type": "FeatureCollection",
            "features": page,
            "totalFeatures": matched,
            "numberMatched": matched,
            "numberReturned": len(page),
            "timeStamp": "2026-11-25T00:00:00.000Z",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}},
        }


    def hostile_page(self, doc: dict, params: dict, mode: str) -> dict:
        """The FeatureCollection as the paging and content modes spoil it."""
        start = int(params.get("startindex", 0))
        count = int(params.get("count", 10**9))
        if mode in ("endless", "endless-noid", "fresh"):
            doc = {**doc, "numberMatched": "unknown", "totalFeatures": "unknown"}
        if mode == "endless-noid":
            doc["features"] = [{k: v for k, v in f.items() if k != "id"} for f in doc["features"]]
        elif mode == "fresh":
            doc["features"] = [
                {"type": "Feature", "id": f"fresh.{i}", "geometry": _square(130.0, 30.0), "properties": {"mrgid": 800000 + i}}
                for i in range(start, start + count)
            ]
        elif mode == "growing":
            doc["numberMatched"] = doc["totalFeatures"] = start + 2 * count
        elif mode == "bad" and len(doc["features"]) > self.bad_index:
            feats = list(doc["features"])
            feats[self.bad_index] = SPOIL[self.bad](feats[self.bad_index])
            doc = {**doc, "features": feats}
        return doc


#: Every mode :meth:`WFSServer.reset` accepts.
MODES = frozenset(
    {"ok", "swap", "http500", "cut", "badjson", "slow", "xml", "drip", "drip-headers", "gzip-bomb", "retry-after"}
    | {"endless", "endless-noid", "repeat", "fresh", "growing", "bad"}
)


def _exception(code: str, text: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" '
        f'version="2.0.0"><ows:Exception exceptionCode="{code}"><ows:ExceptionText>{text}</ows:ExceptionText>'
        "</ows:Exception></ows:ExceptionReport>"
    )


class _Handler(BaseHTTPRequestHandler):
    srv: WFSServer

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str, *, length: int | None = None, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to do
        self.close_connection = True

    def _drip(self, data: bytes, *, head: bytes = b"") -> None:
        """Send ``head`` at once, then ``data`` a few bytes at a time, never silent long enough
        for a read timeout."""
        srv = self.srv
        ends = time.monotonic() + srv.drip_max_seconds
        try:
            self.wfile.write(head)
        except OSError:
            return
        for i in range(0, len(data), srv.drip_bytes):
            if time.monotonic() > ends or srv.stopping.is_set():
                break
            try:
                self.wfile.write(data[i : i + srv.drip_bytes])
                self.wfile.flush()
            except OSError:
                break  # the client gave up
            srv.stopping.wait(srv.drip_seconds)
        self.close_connection = True

    def _head(self, status: int, length: int) -> bytes:
        return (
            f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n"
            "Connection: close\r\n\r\n"
        ).encode("ascii")

    def do_GET(self):  # noqa: N802 - http.server's name
        srv = self.srv
        url = urlsplit(self.path)
        params = {k.lower(): v for k, v in parse_qsl(url.query, keep_blank_values=True)}
        with srv._lock:
            srv.requests.append(params)
            nth = len(srv.requests)
        failing = srv.mode not in ("ok", "swap") and nth >= srv.fail_from
        if srv.fail_times is not None and nth >= srv.fail_from + srv.fail_times:
            failing = False
        mode = srv.mode if failing else "ok"
        if mode == "http500":
            self._send(500, b"Internal Server Error: the test server was told to fail", "text/plain")
            return
        if mode == "retry-after":
            self._send(503, b"Service Unavailable: come back later", "text/plain", headers={"Retry-After": srv.retry_after})
            return
        if mode == "gzip-bomb":
            self._send(200, srv.payload, "application/json", headers={"Content-Encoding": "gzip"})
            return
        if mode == "slow":
            time.sleep(srv.slow_seconds)
        if mode in ("endless", "endless-noid"):
            params = {**params, "startindex": "0"}
        elif mode == "repeat" and int(params.get("startindex", 0)) > 0:
            params = {**params, "startindex": str(int(params["startindex"]) - 1)}
        status, doc = srv.feature_collection(params)
        if isinstance(doc, str):
            self._send(status, doc.encode("utf-8"), "application/xml")
            return
        body = json.dumps(srv.hostile_page(doc, params, mode)).encode("utf-8")
        if mode == "drip":
            self._drip(body, head=self._head(200, len(body)))
        elif mode == "drip-headers":
            self._drip(self._head(200, len(body)) + body)
        elif failing and srv.mode == "badjson":
            self._send(200, body[: len(body) // 2] + b"<<not json", "application/json")
        elif failing and srv.mode == "xml":
            self._send(200, _exception("NoApplicableCode", "java.lang.OutOfMemoryError").encode(), "application/json")
        elif failing and srv.mode == "cut":
            half = body[: max(1, len(body) // 2)]
            self._send(200, half, "application/json", length=len(body) + 1000)
        else:
            self._send(200, body, "application/json;charset=UTF-8")


def cache_files(d) -> list[str]:
    """Every file under a cache directory, hidden temporaries included (for 'nothing written')."""
    d = Path(d)
    return sorted(p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file()) if d.exists() else []
