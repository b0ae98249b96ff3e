"""The command line, run as a user runs it: a subprocess."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.conftest import run_cli


def test_point_json(synthetic_v10_path):
    r = run_cli("point", "39.0", "137.0", "--json", "--zones", synthetic_v10_path)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    for key in (
        "lat", "lon", "zone_type", "zone_name", "sovereigns", "mrgid", "target", "eez_status",
        "in_target_eez", "distance_to_target_eez_km", "distance_to_target_eez_nm", "data_source",
    ):
        assert key in d
    assert d["eez_status"] == "inside" and d["in_target_eez"] is True and d["mrgid"] == 8487
    assert d["sovereigns"] == ["JPN"]
    assert d["distance_to_target_eez_nm"] == pytest.approx(d["distance_to_target_eez_km"] / 1.852)


def test_point_human(synthetic_v10_path):
    r = run_cli("point", "30", "124", "--zones", synthetic_v10_path)
    assert r.returncode == 0
    assert "outside Japan's EEZ" in r.stdout and "beyond its limit" in r.stdout and "China" in r.stdout
    assert "data: Marine Regions" in r.stdout
    assert r.stderr == ""


def test_point_other_target_and_0_360(synthetic_v10_path):
    r = run_cli("point", "34.45", "124.75", "--target", "KOR", "--json", "--zones", synthetic_v10_path)
    assert json.loads(r.stdout)["eez_status"] == "inside"
    r = run_cli("point", "-10", "200", "--json", "--zones", synthetic_v10_path)
    assert r.returncode == 0 and json.loads(r.stdout)["lon"] == pytest.approx(-160)


@pytest.mark.parametrize(
    "args,code,msg",
    [
        (["point", "95", "135"], 2, "lat = '95' is outside [-90, 90]"),
        (["point", "abc", "135"], 2, "lat = 'abc' is not a number"),
        (["point", "40", "135", "--target", "Japan"], 2, "not an ISO 3166-1 alpha-3 code"),
        (["point", "40", "135", "--zones", "/nonexistent.shp"], 3, "does not exist"),
        (["point", "40"], 2, "the following arguments are required: lon"),
    ],
)
def test_point_errors(args, code, msg):
    r = run_cli(*args)
    assert r.returncode == code
    assert msg in r.stderr
    assert r.stdout == ""


def test_batch_csv_keeps_every_row(tmp_path, synthetic_v10_path):
    src = tmp_path / "in.csv"
    src.write_text("id,lat,lon,note\n1,39,137,a\n2,abc,135,b\n3,30,124,c\n4,95,135,d\n5,32,160,e\n")
    out = tmp_path / "out.csv"
    r = run_cli("batch", src, "-o", out, "--zones", synthetic_v10_path)
    assert r.returncode == 2  # bad rows were present
    assert "row 2: lat = 'abc' is not a number" in r.stderr
    assert "row 4: lat = '95' is outside [-90, 90]" in r.stderr
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert df["id"].tolist() == ["1", "2", "3", "4", "5"]
    assert df["note"].tolist() == ["a", "b", "c", "d", "e"]
    assert df["eez_status"].tolist() == ["inside", "", "outside", "", "outside"]
    assert df.loc[1, "error"] and not df.loc[0, "error"]


@pytest.mark.parametrize("ext", ["geojson", "parquet", "gpkg"])
def test_batch_formats(tmp_path, synthetic_v10_path, ext):
    import geopandas as gpd

    src = tmp_path / "in.csv"
    src.write_text("latitude,longitude\n39,137\n30,124\n")
    out = tmp_path / f"out.{ext}"
    r = run_cli("batch", src, "-o", out, "--zones", synthetic_v10_path, "--no-distance")
    assert r.returncode == 0, r.stderr
    g = gpd.read_parquet(out) if ext == "parquet" else gpd.read_file(out)
    assert g["eez_status"].tolist() == ["inside", "outside"]
    assert g.crs.to_epsg() == 4326
    # and a GeoJSON of points is valid input too
    if ext == "geojson":
        r2 = run_cli("batch", out, "--zones", synthetic_v10_path, "--json")
        assert r2.returncode == 0, r2.stderr
        assert [row["eez_status"] for row in json.loads(r2.stdout)] == ["inside", "outside"]


def test_batch_stdout_csv(tmp_path, synthetic_v10_path):
    src = tmp_path / "in.csv"
    src.write_text("y,x\n39,137\n")
    r = run_cli("batch", src, "--zones", synthetic_v10_path)
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].startswith("y,x,lat,lon,zone_type")
    assert "1 rows" in r.stderr


@pytest.mark.parametrize(
    "content,msg",
    [
        ("", "is empty"),
        ("lat,lon\n", "has no rows"),
        ("lat,latitude,lon\n1,1,1\n", "ambiguous latitude columns"),
        ("a,b\n1,2\n", "no latitude column found"),
    ],
)
def test_batch_bad_files(tmp_path, content, msg):
    src = tmp_path / "in.csv"
    src.write_text(content)
    r = run_cli("batch", src, "-o", tmp_path / "out.csv")
    assert r.returncode == 2
    assert msg in r.stderr
    assert not (tmp_path / "out.csv").exists()


def test_batch_unknown_output_extension(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("lat,lon\n1,1\n")
    r = run_cli("batch", src, "-o", tmp_path / "out.xlsx")
    assert r.returncode == 2 and "unknown extension" in r.stderr


def test_help_and_version():
    r = run_cli("--help")
    assert r.returncode == 0
    for cmd in ("point", "batch"):
        assert cmd in r.stdout
    assert run_cli("--version").stdout.startswith("eezcheck ")
