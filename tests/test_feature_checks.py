"""geo.zones.feature_checks: polygon features, axis order decided by the bbox, coordinate ranges."""

from __future__ import annotations

import copy
import math

import pytest

from geo.errors import DownloadError
from geo.zones.feature_checks import Checked, check_features, check_ranges, decide_axis_order, swap_axes


def _feature(x=130.0, y=30.0, fid="eez.1", kind="Polygon"):
    ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y]]
    coords = [ring] if kind == "Polygon" else [[ring], [[[x + 2, y], [x + 3, y], [x + 3, y + 1], [x + 2, y]]]]
    return {"type": "Feature", "id": fid, "properties": {"mrgid": 1}, "geometry": {"type": kind, "coordinates": coords}}


def test_good_features_give_their_extent():
    got = check_features([_feature(), _feature(kind="MultiPolygon", fid=7)], page=3, first=100, what="eez")
    assert got[0] == Checked("page 3, feature 101 (id 'eez.1')", (130.0, 30.0, 131.0, 31.0))
    assert got[1] == Checked("page 3, feature 102 (id 7)", (130.0, 30.0, 133.0, 31.0))


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (lambda f: None, "is null"),
        (lambda f: [f], "a list of 1, not a GeoJSON Feature"),
        (lambda f: {**f, "type": "feature"}, "type 'feature'"),
        (lambda f: {**f, "properties": "x"}, "properties are str 'x'"),
        (lambda f: {**f, "properties": {"a": math.inf}}, "property 'a' = inf"),
        (lambda f: {**f, "geometry": {"type": "GeometryCollection", "geometries": []}}, "'GeometryCollection'"),
        (lambda f: {**f, "geometry": {"type": "Polygon", "coordinates": []}}, "its coordinates hold no ring"),
        (lambda f: {**f, "geometry": {"type": "MultiPolygon", "coordinates": []}}, "its MultiPolygon has no coordinates"),
        (lambda f: {**f, "geometry": {"type": "Polygon"}}, "hold no ring"),
        (lambda f: {**f, "geometry": {"type": "MultiPolygon", "coordinates": [[]]}}, "polygon 1, coordinates hold no ring"),
        (lambda f: {**f, "geometry": {"type": "Polygon", "coordinates": [[[1, 2]] * 4, [[1, 2, 3, 4]] * 4]}}, "ring 2: positions"),
        (lambda f: {**f, "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [1], [1, 2], [1, 2]]]}}, "ring 1: positions"),
        (lambda f: {**f, "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3, None], [1, 2], [1, 2]]]}}, "positions"),
        (lambda f: {**f, "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3, math.nan], [5, 6], [1, 2]]]}}, "position 2 [3, nan] is not finite"),
    ],
)
def test_bad_features_are_named(spoil, words):
    feats = [_feature(fid="a"), spoil(_feature(fid="b"))]
    with pytest.raises(DownloadError) as info:
        check_features(feats, page=2, first=50, what="downloading MarineRegions:eez")
    msg = str(info.value)
    assert msg.startswith("downloading MarineRegions:eez: page 2, feature 52") and words in msg and "nothing was saved" in msg, msg


def test_axis_order_is_decided_by_the_bbox_or_refused():
    japan = [Checked("f", (130.0, 30.0, 131.0, 31.0))]
    latlon = [Checked("f", (30.0, 130.0, 31.0, 131.0))]
    bbox = (110.0, 10.0, 170.0, 55.0)
    assert decide_axis_order(japan, bbox, "eez") is False
    assert decide_axis_order(latlon, bbox, "eez") is True
    with pytest.raises(DownloadError, match="cannot be told"):
        decide_axis_order([Checked("f", (25.0, 28.0, 27.0, 30.0))], (20.0, 20.0, 40.0, 40.0), "eez")
    with pytest.raises(DownloadError, match="in either axis order"):
        decide_axis_order([Checked("f", (0.0, 0.0, 1.0, 1.0))], bbox, "eez")
    # One feature that only fits one way decides for all of them.
    box = (20.0, 30.0, 50.0, 40.0)
    either = Checked("a", (32.0, 33.0, 34.0, 35.0))
    with pytest.raises(DownloadError, match="cannot be told"):
        decide_axis_order([either], box, "eez")
    assert decide_axis_order([either, Checked("b", (45.0, 35.0, 46.0, 36.0))], box, "eez") is False
    assert decide_axis_order([either, Checked("b", (35.0, 45.0, 36.0, 46.0))], box, "eez") is True


def test_ranges_in_the_decided_order():
    check_ranges([Checked("f", (-180.0, -90.0, 360.0, 90.0))], False, "eez")
    with pytest.raises(DownloadError, match="f: a latitude of 95 is outside -90..90"):
        check_ranges([Checked("f", (130.0, 30.0, 131.0, 95.0))], False, "eez")
    with pytest.raises(DownloadError, match="a longitude of -181 is outside -180..360"):
        check_ranges([Checked("f", (30.0, -181.0, 31.0, 131.0))], True, "eez")


def test_swap_axes_leaves_its_input_alone():
    feats = [_feature(kind="MultiPolygon")]
    before = copy.deepcopy(feats)
    out = swap_axes(feats)
    assert feats == before
    assert out[0]["geometry"]["coordinates"][1][0][1] == [30.0, 133.0] and out[0]["properties"] == {"mrgid": 1}
    assert swap_axes(out) == feats
