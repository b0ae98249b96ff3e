"""A local stand-in for the Marine Regions WFS (GeoServer), for tests without internet.

Serves WFS 2.0 GetFeature requests on 127.0.0.1 (ephemeral port) from the v12 reference extract
in ``../shared/data/marineregions/`` the way the real service does: lower-case attribute names
(mrgid, geoname, pol_type, iso_sov1 …), ``bbox`` filtering (axis order from the CRS named in the
bbox), ``srsName`` axis order (GeoServer's rules: ``EPSG:4326`` and
``http://www.opengis.net/gml/srs/epsg.xml#4326`` are lon/lat; the URN and
``http://www.opengis.net/def/crs/EPSG/0/4326`` forms are lat/lon), paging with
``count``/``startIndex`` and ``numberMatched``/``numberReturned`` in the FeatureCollection.

Layer ``eez`` is the v12 extract (its missing ``pol_type`` is derived from ``geoname``);
``eez_12nm`` is one synthetic test square south of Honshu (not Marine Regions data);
``eez_24nm`` is empty.

Failure modes (``server.mode``), applied from the ``server.fail_from``-th GetFeature request on:
(``server.fail_times`` of them, or all when None): ``"http500"``, ``"cut"`` (Content-Length larger than the body, then the connection closes),
``"badjson"``, ``"slow"`` (sleeps ``server.slow_seconds`` before answering), ``"swap"`` (always
answers in lat/lon order, whatever was asked), ``"xml"`` (a 200 answer holding an OWS exception).
"""

from __future__ import annotations

import json
import threading
import time
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
#: the synthetic square) that leaves out Russia's huge polygon, whose repair takes seconds.
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


class WFSServer:
    """``with WFSServer(path) as srv: srv.url`` — a WFS on 127.0.0.1 for one test."""

    def __init__(self, v12_path: Path, *, layers: dict | None = None):
        self._data = layers or _load_layers(Path(v12_path))
        self.mode = "ok"
        self.fail_from = 1
        self.fail_times = None  # how many requests fail from fail_from on (None: all)
        self.slow_seconds = 3.0
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

        class Handler(_Handler):
            srv = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
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

    def _send(self, status: int, body: bytes, ctype: str, *, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to do
        self.close_connection = True

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
        if failing and srv.mode == "http500":
            self._send(500, b"Internal Server Error: the test server was told to fail", "text/plain")
            return
        if failing and srv.mode == "slow":
            time.sleep(srv.slow_seconds)
        status, doc = srv.feature_collection(params)
        if isinstance(doc, str):
            self._send(status, doc.encode("utf-8"), "application/xml")
            return
        body = json.dumps(doc).encode("utf-8")
        if failing and srv.mode == "badjson":
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
