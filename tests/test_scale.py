"""check_points on dask-geopandas partitions, on a local Dask cluster: same answers as in memory."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from tests.conftest import run_cli

if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
    pytest.importorskip("dask_geopandas")
    pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c, Client(c) as client:
        yield client


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory):
    """A GeoParquet dataset in 4 files, with one bad point (latitude 95)."""
    import geopandas as gpd

    rng = np.random.default_rng(21)
    n = 4000
    lat = rng.uniform(10, 52, n)
    lat[1234] = 95.0
    gdf = gpd.GeoDataFrame({"id": np.arange(n)}, geometry=gpd.points_from_xy(rng.uniform(110, 165, n), lat), crs="EPSG:4326")
    d = tmp_path_factory.mktemp("dask") / "points"
    d.mkdir()
    for i in range(4):
        gdf.iloc[i * 1000 : (i + 1) * 1000].to_parquet(d / f"part.{i}.parquet")
    return d, gdf


def test_check_points_on_a_dask_geodataframe(cluster, partitioned, synthetic_v10_path):
    import dask_geopandas

    from geo.classify import check_points
    from geo.results import uniform_text

    d, gdf = partitioned
    ddf = dask_geopandas.read_parquet(d)
    res = check_points(ddf, zones=synthetic_v10_path, errors="keep")
    assert isinstance(res, dask_geopandas.GeoDataFrame) and res.npartitions == 4
    got = res.compute()
    want = uniform_text(check_points(gdf, zones=synthetic_v10_path, errors="keep"))
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
    assert got["error"].notna().sum() == 1 and len(set(got["eez_status"].dropna())) == 3


def test_dask_dataframe_with_lat_lon_columns(cluster, synthetic_v10_path):
    import dask.dataframe as dd

    from geo.classify import check_points
    from geo.results import uniform_text

    rng = np.random.default_rng(22)
    df = pd.DataFrame({"lat": rng.uniform(20, 45, 1000), "lon": rng.uniform(120, 150, 1000)})
    got = check_points(dd.from_pandas(df, npartitions=3), zones=synthetic_v10_path, distances=False).compute()
    want = uniform_text(check_points(df, zones=synthetic_v10_path, distances=False))
    pd.testing.assert_frame_equal(got, want)


def test_batch_engine_dask(partitioned, synthetic_v10_path, tmp_path):
    import geopandas as gpd

    from geo.classify import check_points
    from geo.results import uniform_text

    d, gdf = partitioned
    out = tmp_path / "out.parquet"
    r = run_cli("batch", d, "-o", out, "--engine", "dask", "--zones", synthetic_v10_path, "--no-distance")
    assert r.returncode == 2, r.stderr  # the bad row is kept and reported
    assert "4000 rows" in r.stderr and "1 bad row" in r.stderr
    got = gpd.read_parquet(out).sort_values("id").reset_index(drop=True)
    want = uniform_text(check_points(gdf, zones=synthetic_v10_path, distances=False, errors="keep"))
    # Parquet stores the bad row's POINT (NaN NaN) as an empty point: compare the rest.
    pd.testing.assert_frame_equal(pd.DataFrame(got.drop(columns="geometry")), pd.DataFrame(want.drop(columns="geometry")))
    ok = want["error"].isna().to_numpy()
    assert got.geometry[ok].geom_equals_exact(want.geometry[ok], 0).all() and got.geometry[~ok].is_empty.all()
    bad = run_cli("batch", d, "-o", tmp_path / "x.csv", "--engine", "dask", "--zones", synthetic_v10_path)
    assert bad.returncode == 2 and "GeoParquet" in bad.stderr


def test_map_table_is_generic(cluster):
    """Any table function runs over the partitions; an empty partition gets the function's empty output."""
    import dask.dataframe as dd

    from geo.scale import is_dask, map_table

    df = pd.DataFrame({"a": np.arange(10), "b": list("abcdefghij")})
    ddf = dd.from_pandas(df, npartitions=3)
    ddf = dd.concat([ddf, dd.from_pandas(df.iloc[:0], npartitions=1)])  # and an empty partition
    seen = []

    def stand_in(sample):
        seen.append(list(sample.columns))
        return sample.assign(a=1)

    out = map_table(ddf, lambda part: part.assign(c=part["a"] * 2), stand_in=stand_in)
    assert is_dask(out) and not is_dask(df) and list(out.columns) == ["a", "b", "c"]
    got = out.compute()
    assert got["c"].tolist() == [2 * i for i in range(10)] and seen[0] == ["a", "b"]


def test_dask_input_refuses_compare(cluster, synthetic_v10_path):
    import dask.dataframe as dd

    from geo.classify import check_points
    from geo.errors import InputError

    ddf = dd.from_pandas(pd.DataFrame({"lat": [30.0], "lon": [140.0]}), npartitions=1)
    with pytest.raises(InputError, match="compare= does not take dask input"):
        check_points(ddf, zones=synthetic_v10_path, compare=synthetic_v10_path)
