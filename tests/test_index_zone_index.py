"""ZoneIndex (geo.index.zone_index): which zone is reported where several cover a point, what a
state claims (through the one ownership rule), and the claim store it is given."""

from __future__ import annotations

import numpy as np
import shapely

from geo.index import TargetClaim, ZoneIndex
from geo.index.grid import HIGH_SEAS
from geo.zones.model import DataSource, Zones, claim_roles


def _zones(rows):
    import geopandas as gpd

    geoms, zt, sov, names = zip(*rows)
    table = gpd.GeoDataFrame(
        {"zone_type": list(zt), "sovereigns": [tuple(s) for s in sov], "name": list(names), "mrgid": [None] * len(rows)},
        geometry=list(geoms),
        crs="EPSG:4326",
    )
    return Zones(table=table, source=DataSource("test", "1", "CC0", "nobody"))


def test_same_type_tie_goes_to_the_targets_own_then_shared_then_table_order():
    a = shapely.box(0, 0, 1, 1)
    idx = ZoneIndex(_zones([
        (a, "land", ("KOR",), "korean land"),
        (a, "land", ("JPN", "KOR"), "disputed land"),
        (a, "land", ("JPN",), "japanese land"),
        (shapely.box(2, 0, 3, 1), "land", ("KOR", "JPN"), "disputed, KOR first"),
        (shapely.box(2, 0, 3, 1), "land", ("CHN",), "chinese land"),
    ]))
    where = lambda lon, target: idx.names[idx.locate(np.array([lon]), np.array([0.5]), target)[0]]  # noqa: E731
    assert where(0.5, "JPN") == "japanese land"  # own beats shared and other
    assert where(0.5, "KOR") == "korean land"
    assert where(0.5, "CHN") == "korean land"  # nobody's: table order
    # Shared beats another's; the first-listed claimant of disputed land is not its owner.
    assert where(2.5, "JPN") == "disputed, KOR first"
    assert where(2.5, "KOR") == "disputed, KOR first"
    assert where(2.5, "CHN") == "chinese land"
    assert idx.target_priority(np.arange(5), "JPN").tolist() == [2, 1, 0, 1, 2]
    assert idx.locate(np.array([5.0]), np.array([0.5]), "JPN")[0] == HIGH_SEAS


def test_claim_uses_the_ownership_rule(synthetic_v12_zones):
    idx = ZoneIndex(synthetic_v12_zones)
    claim = TargetClaim(idx, "JPN")
    own, shared = claim_roles(idx.zone_type, idx.sovereigns, "JPN")
    assert np.array_equal(claim.own, own) and np.array_equal(claim.shared, shared)
    assert claim.exists and shared.any() and own.any()


class _Store:
    def __init__(self, kept=None):
        self.kept, self.saved, self.asked = kept, [], []

    def load(self, target):
        self.asked.append(target)
        return self.kept

    def save(self, claim):
        self.saved.append(claim)


def test_claim_store_is_asked_first_and_given_what_was_built():
    idx = ZoneIndex(_zones([(shapely.box(0, 0, 1, 1), "eez", ("JPN",), "A"), (shapely.box(1, 0, 2, 1), "eez", ("KOR",), "B")]))
    assert idx.claim_store is None and isinstance(idx.claim("KOR"), TargetClaim)  # no store: just built
    idx.claim_store = store = _Store()
    built = idx.claim("JPN")
    assert store.asked == ["JPN"] and store.saved == [built] and built.exists
    other = ZoneIndex(_zones([(shapely.box(0, 0, 1, 1), "eez", ("JPN",), "A")]))
    other.claim_store = kept = _Store((True, built.outer_limit, None))
    got = other.claim("JPN")
    assert kept.saved == [] and got.outer_limit is built.outer_limit and got.land is None
    assert got.area.equals(shapely.box(0, 0, 1, 1))  # the polygons are built on first use


def test_outer_limit_drops_the_antimeridian_cut_only_where_the_claim_goes_on():
    from geo.index.zone_index import outer_limit

    east, west = shapely.box(170, 50, 180, 60), shapely.box(-180, 55, -170, 65)  # overlap 55–60°N at the seam
    limit = outer_limit(shapely.union_all([east, west]))
    on_seam = shapely.intersection(limit, shapely.LineString([(180, -90), (180, 90)]))
    assert abs(shapely.length(on_seam) - 5.0) < 1e-9  # 50–55°N stays: nothing of the claim beyond it
    assert abs(shapely.length(limit) - (40 + 20 + 5 + 5)) < 1e-9
    alone = outer_limit(east)  # a zone that simply ends at 180°: its edge there is a limit
    assert shapely.length(alone) == shapely.length(shapely.boundary(east))
    idx = ZoneIndex(_zones([(east, "eez", ("USA",), "E"), (west, "eez", ("USA",), "W")]))
    d = TargetClaim(idx, "USA").outer_limit.query(np.array([179.9, -179.9]), np.array([57.5, 57.5]))[0]
    assert (d > 250_000).all()  # the nearest limit is 2.5° of latitude away, not the cut 6 km away
