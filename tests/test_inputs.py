from __future__ import annotations

import numpy as np
import pytest

from geo.errors import InputError
from geo.inputs import MAX_LISTED_PROBLEMS, coordinates


def test_wraps_0_360():
    lon, lat, problems = coordinates([200.0, 359.5, -180.0, 179.9], [0, 0, 0, 0])
    np.testing.assert_allclose(lon, [-160.0, -0.5, -180.0, 179.9])
    assert problems == []


def test_every_bad_row_is_listed_in_order():
    with pytest.raises(InputError) as exc:
        coordinates([1, "x", 400, 2], [95, 1, 2, None], rows=["r1", "r2", "r3", "r4"])
    msg = str(exc.value)
    assert "4 invalid coordinates" in msg
    order = [msg.index(s) for s in ("row 'r1'" if False else "row r1", "row r2", "row r3", "row r4")]
    assert order == sorted(order)
    assert "lon = 'x' is not a number" in msg and "lat = None is missing" in msg
    assert [p[0] for p in exc.value.problems] == ["r1", "r2", "r3", "r4"]


def test_keep_mode_returns_nan():
    lon, lat, problems = coordinates([1, 2], [np.nan, 3], errors="keep")
    assert np.isnan(lon[0]) and lat[1] == 3 and len(problems) == 1


def test_long_lists_are_cut():
    with pytest.raises(InputError, match=r"\.\.\. and 5 more"):
        coordinates([0] * (MAX_LISTED_PROBLEMS + 5), [100] * (MAX_LISTED_PROBLEMS + 5))


def test_length_mismatch():
    with pytest.raises(InputError, match="different lengths"):
        coordinates([1, 2], [1])


# --------------------------------------------------------------------------- messages, target, columns

import pandas as pd  # noqa: E402

from geo.inputs import (  # noqa: E402
    ECHO_CHARS,
    LAT_NAMES,
    check_column_clash,
    check_target,
    find_column,
    point_input,
    quoted,
    read_point_chunks,
    read_points,
    stand_in_points,
)


def test_quoted_cuts_long_values():
    assert quoted("abc") == "'abc'"
    long = quoted("x" * 1000)
    assert len(long) == ECHO_CHARS + 1 and long.endswith("…")
    with pytest.raises(InputError) as exc:
        coordinates(["1"], ["y" * 1000])
    assert len(str(exc.value).splitlines()[-1]) < 2 * ECHO_CHARS


@pytest.mark.parametrize("bad", ["Japan", "JP", 392, None, "J1N", "x" * 500])
def test_check_target(bad):
    assert check_target(" kor ") == "KOR"
    with pytest.raises(InputError, match="not an ISO 3166-1 alpha-3 code") as exc:
        check_target(bad)
    assert len(str(exc.value)) < 200


@pytest.mark.parametrize(
    "columns,match",
    [
        (["lat", "latitude"], "ambiguous latitude columns: lat, latitude"),
        (["LAT", "Lat"], "ambiguous latitude columns: LAT, Lat"),
        (["lat", " Lat "], "ambiguous latitude columns"),
        (["a", "b"], "no latitude column found"),
    ],
)
def test_find_column_refuses_to_guess(columns, match):
    with pytest.raises(InputError, match=match):
        find_column(pd.DataFrame([[1] * len(columns)], columns=columns), LAT_NAMES, "latitude", "lat_col")
    assert find_column(pd.DataFrame({" Latitude ": [1]}), LAT_NAMES, "latitude", "lat_col") == " Latitude "


def test_point_input_duplicate_labels_are_ambiguous():
    df = pd.DataFrame([[1, 2, 3]], columns=["lat", "lat", "lon"])
    with pytest.raises(InputError, match="ambiguous"):
        point_input(df)


def test_a_second_lat_beside_a_point_geometry_is_refused():
    import geopandas as gpd

    g = gpd.GeoDataFrame({"lat": [1.0]}, geometry=gpd.points_from_xy([137.0], [39.0]), crs=4326)
    with pytest.raises(InputError, match="column 'lat' besides the latitude of its point geometry"):
        point_input(g)
    g["lon"] = [2.0]
    chosen = point_input(g, lat_col="lat", lon_col="lon")  # the columns chosen over the geometry: no clash
    assert (chosen.lat_col, chosen.lat.tolist()) == ("lat", [1.0])


def test_column_clash_and_results_tables():
    check_column_clash(pd.DataFrame({"lat": [1], "lon": [1], "id": [1]}), ["lat", "lon", "error"])
    with pytest.raises(InputError, match="'error' named like result columns"):
        check_column_clash(pd.DataFrame({"lat": [1], "error": ["x"]}), ["lat", "lon", "error"])
    check_column_clash(pd.DataFrame({"error": ["x"], "eez_status": ["inside"], "data_source": ["d"]}), ["error"])


def test_stand_in_points_keeps_dtypes():
    row = stand_in_points(pd.DataFrame({"Latitude": pd.Series(["?"], dtype=object), "lon": [0.5], "id": [7]}))
    assert row["Latitude"].tolist() == ["35.0"] and row["lon"].tolist() == [140.0] and row["id"].tolist() == [7]


# --------------------------------------------------------------------------- files


def test_read_points_csv_keeps_text_and_refuses_duplicate_headers(tmp_path):
    p = tmp_path / "in.csv"
    p.write_text("id,lat,lon\n007,abc,137.8\n")
    df = read_points(p)
    assert df.to_dict("records") == [{"id": "007", "lat": "abc", "lon": "137.8"}]
    p.write_text("lat,note,lat,lon\n1,a,2,3\n")
    with pytest.raises(InputError, match="ambiguous column names: 'lat' is columns 1, 3"):
        read_points(p)
    with pytest.raises(InputError, match="ambiguous column names"):
        next(read_point_chunks(p, 10))


@pytest.mark.parametrize(
    "content,match",
    [
        ("", "is empty"),
        ("lat,lon\n", "has no rows"),
        # pandas would make the first cells an index and shift every value one column left
        ("lat,lon\n39,137,x\n", "a row has more fields than the header"),
        ("lat,lon\n39,137\n40,138,x\n", "Expected 2 fields in line 3, saw 3"),
        (b"lat,lon\n\xff\xfe,1\n", "cannot read"),
    ],
)
def test_read_points_bad_csv(tmp_path, content, match):
    p = tmp_path / "in.csv"
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(InputError, match=match):
        read_points(p)
    if "no rows" not in match:  # (a header alone is no chunk at all: the caller says "no rows")
        with pytest.raises(InputError, match=match):
            list(read_point_chunks(p, 1))


def test_read_points_layers(tmp_path):
    import geopandas as gpd

    g = gpd.GeoDataFrame({"name": ["a"]}, geometry=gpd.points_from_xy([137.0], [39.0]), crs=4326)
    p = tmp_path / "two.gpkg"
    g.to_file(p, layer="first", engine="pyogrio")
    g.assign(name="b").to_file(p, layer="second", engine="pyogrio")
    with pytest.raises(InputError, match=r"has 2 layers \(first, second\); choose one with --layer NAME"):
        read_points(p)
    assert read_points(p, layer="second")["name"].tolist() == ["b"]
    with pytest.raises(InputError, match="no layer 'third'"):
        read_points(p, layer="third")
    one = tmp_path / "one.gpkg"
    g.to_file(one, layer="only", engine="pyogrio")
    assert read_points(one)["name"].tolist() == ["a"]
    csv = tmp_path / "x.csv"
    csv.write_text("lat,lon\n1,2\n")
    with pytest.raises(InputError, match="--layer is for files with layers"):
        read_points(csv, layer="a")


def test_read_point_chunks_numbers_rows_across_chunks(tmp_path):
    p = tmp_path / "in.csv"
    p.write_text("lat,lon\n" + "".join(f"{i},1\n" for i in range(25)))
    chunks = list(read_point_chunks(p, 10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert chunks[2].index.tolist() == list(range(20, 25)) and chunks[2]["lat"].tolist()[0] == "20"
