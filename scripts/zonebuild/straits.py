"""The five specified sea areas (特定海域), where Japan's territorial sea is 3 NM wide.

Act on the Territorial Sea, Supplementary Provisions para. 2; Enforcement Order Art. 3 (the
extent of each area: Schedule 2, middle column) and Art. 4 (the outer limit of the territorial
sea there: Schedule 2, lower column). ``scripts/data/law/specified_sea_areas.csv`` holds the
lines of Schedule 2, one row a line (start, bearing, length or end, the point it passes), and the
named points they use; Schedule 1 points are referred to as ``S1:<item>:<label>``.

Inside an area the territorial sea reaches 3 NM from the baselines; the lower column makes the
limit the 3-NM line plus the area's side lines from the 3-NM line out to the 12-NM line. So the
build takes out of the 12-NM territorial sea the part of each area beyond 3 NM; that water is
then contiguous zone (within 24 NM) like any other water beyond the territorial sea.

Construction (in a local azimuthal equidistant projection centred on each strait, where
distances within 100 km are true to better than 1 m in 20 km): every "at N° for 3 NM" point is an
exact ``Geod.fwd`` point; "to the 12-NM line" is the first point along the line (50 m steps, then
bisection to 1 m) whose distance to Japan's baselines (land and internal waters) reaches 12 NM;
lines meeting lines are intersected as straight lines (over < 60 km a geodesic departs from the
projected straight line by < 10 m). Lines that lie wholly beyond the 12-NM line — the "open"
continuations and the lines touching the 12-NM line (Soya line 4, Tsushima West lines 5 and 9) —
bound no territorial sea; the ring follows the open lines ``FAR_NM`` out and closes there, which
gives the same territorial sea.
"""
from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer

from zonebuild.common import GEOD, NM, TS_M, log, read_csv
from zonebuild.geometry import area_km2, polygons_only
from zonebuild.straight import point_table

THREE_NM = 3 * NM
FAR_NM = 25.0
STEP_M = 50.0
REACH_M = 120_000.0  # the longest a line is followed looking for the 12-NM line

# Each area's boundary as a ring of points: Schedule 1 points (``S1:i:a..b`` = the points a to b
# of item i in order), named points (``P:``), ends of lines (``Lk.end``: a "for 3 NM" line;
# ``Lk.12nm``: where line k reaches the 12-NM line; ``Lk.far``: FAR_NM along line k) and
# meeting points of two lines (``LaxLb``). Read against Schedule 2 (see the CSV's notes).
RINGS = {
    "soya": ["S1:13:ヤ", "S1:13:マ", "L2.12nm", "L3.far", "L7.far", "L6.12nm", "L5.end"],
    "tsugaru": ["S1:12:ル", "S1:12:ヲ", "S1:12:ワ", "L2.end", "L3.12nm", "L4xL12", "L11.end",
                "S1:13:ホ..ワ", "L9.end", "L10xL7", "L6.12nm", "L5.end"],
    "tsushima_east": ["L2xL1", "S1:9:ツ", "L4xL3", "L4.12nm", "L7.12nm", "L6.end", "S1:10:ル..ト",
                      "L8.end", "L9.12nm", "L2.12nm"],
    "tsushima_west": ["S1:10:ソ..ヰ", "L2.end", "L3.12nm", "L4.far", "L8.far", "L7.12nm", "L6.end"],
    "osumi": ["S1:9:ロ..ホ", "L7.end", "L8xL5", "L4.12nm", "P:kuchinoerabu_nozaki",
              "P:kuchinoerabu_megasaki", "P:mage_shimonomisaki", "P:mage_kaminomisaki", "P:kishika",
              "L1xL11", "L10.12nm", "L9.end"],
}
IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマ"


class Area:
    """One specified sea area: its lines, resolved lazily in a local projection."""

    def __init__(self, area_id: str, rows: list[dict], s1: dict, base_lonlat):
        self.id = area_id
        self.lines = {int(r["line_no"]): r for r in rows if r["line_no"]}
        self.named = {r["start"]: (float(r["lon"]), float(r["lat"])) for r in rows if r["kind"] == "point"}
        self.s1 = s1
        self._cache: dict[str, tuple[float, float]] = {}
        pts = np.array([q for t in RINGS[area_id] if not t.startswith("L")
                        for q in (self.chain(t) if ".." in t else [self.lonlat(t)])])
        lon0, lat0 = pts.mean(axis=0)
        self.fwd = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +ellps=WGS84",
                                        always_xy=True)
        self.inv = Transformer.from_crs(self.fwd.target_crs, "EPSG:4326", always_xy=True)
        box = (lon0 - 1.5, lat0 - 1.2, lon0 + 1.5, lat0 + 1.2)
        self.base = shapely.transform(shapely.clip_by_rect(base_lonlat, *box), self._xy_many)
        shapely.prepare(self.base)

    def _xy_many(self, c):
        return np.column_stack(self.fwd.transform(c[:, 0], c[:, 1]))

    def xy(self, lonlat) -> np.ndarray:
        return np.array(self.fwd.transform(*lonlat))

    def lonlat(self, token: str) -> tuple[float, float]:
        """(lon, lat) of a point token (see RINGS)."""
        if token.startswith("S1:"):
            return self.s1[token]
        if token.startswith("P:"):
            return self.named[token]
        if token not in self._cache:
            self._cache[token] = self._construct(token)
        return self._cache[token]

    def chain(self, token: str) -> list[tuple[float, float]]:
        """``S1:i:a..b`` -> the Schedule 1 points a..b of item i in order (either direction)."""
        head, b = token.split("..")
        _, item, a = head.split(":")
        ia, ib = IROHA.index(a), IROHA.index(b)
        step = 1 if ib >= ia else -1
        return [self.s1[f"S1:{item}:{IROHA[k]}"] for k in range(ia, ib + step, step)
                if f"S1:{item}:{IROHA[k]}" in self.s1]

    # --- lines -----------------------------------------------------------------------------
    def start(self, k: int) -> tuple[float, float]:
        r = self.lines[k]
        if r["kind"] == "through":
            return self.lonlat(f"L{k}xL{int(r['start'].split(':L')[1])}")
        return self.lonlat(r["start"])

    def through(self, k: int) -> tuple[float, float]:
        """The point a 'through' line passes: ``P:name@<bearing>/<NM>``."""
        name, spec = self.lines[k]["through"].split("@")
        az, dist = (float(v) for v in spec.split("/"))
        lon, lat = self.named[name]
        x, y, _ = GEOD.fwd(lon, lat, az, dist * NM)
        return x, y

    def direction(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(a projected point of line k, its unit direction) — line k as a straight line."""
        r = self.lines[k]
        if r["kind"] in ("baseline", "segment"):
            p, q = self.xy(self.lonlat(r["start"])), self.xy(self.lonlat(r["end"]))
        else:
            origin = self.through(k) if r["kind"] == "through" else self.lonlat(r["start"])
            x, y, _ = GEOD.fwd(*origin, float(r["bearing_deg"]), 10_000.0)
            p, q = self.xy(origin), self.xy((x, y))
        return p, (q - p) / np.linalg.norm(q - p)

    def _construct(self, token: str) -> tuple[float, float]:
        if "x" in token:
            a, b = (int(t[1:]) for t in token.split("x"))
            (p, u), (q, v) = self.direction(a), self.direction(b)
            t = np.linalg.solve(np.column_stack([u, -v]), q - p)[0]
            return tuple(self.inv.transform(*(p + t * u)))
        k, what = token[1:].split(".")
        k = int(k)
        r, origin = self.lines[k], self.start(int(k))
        az = float(r["bearing_deg"])
        if what == "end":
            x, y, _ = GEOD.fwd(*origin, az, float(r["distance_nm"]) * NM)
            return x, y
        if what == "far":
            x, y, _ = GEOD.fwd(*origin, az, FAR_NM * NM)
            return x, y
        if what == "12nm":
            return self.reach(origin, az)
        raise ValueError(f"{self.id}: unknown point token {token!r}")

    def reach(self, origin, az: float) -> tuple[float, float]:
        """First point from origin along azimuth az at 12 NM from the baselines."""
        s = np.arange(0.0, REACH_M, STEP_M)
        lon, lat, _ = GEOD.fwd(np.full(len(s), origin[0]), np.full(len(s), origin[1]), np.full(len(s), az), s)
        d = shapely.distance(shapely.points(self._xy_many(np.column_stack([lon, lat]))), self.base)
        over = np.nonzero(d >= TS_M)[0]
        if not len(over) or over[0] == 0:
            raise ValueError(f"{self.id}: a line from {origin} at {az}° does not reach the 12-NM line")
        lo, hi = s[over[0] - 1], s[over[0]]
        while hi - lo > 1.0:
            mid = (lo + hi) / 2
            x, y, _ = GEOD.fwd(*origin, az, mid)
            if shapely.distance(shapely.Point(self.xy((x, y))), self.base) >= TS_M:
                hi = mid
            else:
                lo = mid
        x, y, _ = GEOD.fwd(*origin, az, hi)
        return x, y

    # --- the area --------------------------------------------------------------------------
    def ring(self) -> list[tuple[float, float]]:
        out = []
        for t in RINGS[self.id]:
            out += self.chain(t) if ".." in t else [self.lonlat(t)]
        return out

    def beyond_three_nm(self):
        """The part of the area farther than 3 NM from the baselines (lon/lat)."""
        poly = shapely.make_valid(shapely.Polygon(self._xy_many(np.array(self.ring()))))
        band = shapely.buffer(self.base, THREE_NM, quad_segs=32)
        cut = polygons_only(shapely.difference(polygons_only(poly), band))
        return shapely.transform(cut, lambda c: np.column_stack(self.inv.transform(c[:, 0], c[:, 1])))


def specified_areas(name: str) -> dict[str, list[dict]]:
    """{area_id: its rows} of a specified-sea-areas table, in table order."""
    rows = read_csv(name)
    return {a: [r for r in rows if r["area_id"] == a] for a in dict.fromkeys(r["area_id"] for r in rows)}


def three_nm_exclusion(name: str, baselines_table: str, base_lonlat):
    """(the water of all specified sea areas beyond 3 NM from the baselines — not territorial
    sea —, {area_id: the area's boundary ring as [[lon, lat], ...]}).

    ``base_lonlat``: the target's baselines as area (its land and internal waters)."""
    s1 = point_table(baselines_table)
    parts, rings = [], {}
    for area_id, rows in specified_areas(name).items():
        area = Area(area_id, rows, s1, base_lonlat)
        g = area.beyond_three_nm()
        log(f"specified sea area {area_id}: {area_km2(g):,.0f} km² beyond 3 NM (not territorial sea)")
        parts.append(g)
        rings[area_id] = [[round(x, 6), round(y, 6)] for x, y in area.ring()]
    g = polygons_only(shapely.union_all(parts)) if parts else shapely.from_wkt("MULTIPOLYGON EMPTY")
    return g, rings
