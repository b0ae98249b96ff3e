"""``--compare`` on ``point`` and ``batch`` as a user types it: a flag that never takes the next
word (the latitude), and ``--compare-with NAME|PATH`` for other zone data. Subprocesses, a
private cache holding the synthetic v12 file as the "downloaded" Marine Regions layer."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import run_cli


@pytest.fixture
def downloaded(tmp_path, synthetic_v12_path):
    """A cache in which the synthetic v12 GeoJSON stands for the downloaded EEZ layer."""
    cache = tmp_path / "cache"
    (cache / "marineregions").mkdir(parents=True)
    shutil.copyfile(synthetic_v12_path, cache / "marineregions" / "eez.geojson")
    return {"EEZCHECK_CACHE_DIR": str(cache)}


def test_the_reported_command_keeps_its_latitude(downloaded):
    r = run_cli("point", "--compare", "41.5", "137.8", "--json", env=downloaded)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["lat"], out["lon"]) == (41.5, 137.8)
    assert "Marine Regions" in out["compare"]["data_source"] and "eez.geojson" in out["compare"]["data_source"]


@pytest.mark.parametrize("where", ["first", "between", "last"])
def test_compare_is_a_flag_wherever_it_stands(downloaded, where):
    args = {"first": ["--compare", "41.5", "137.8"], "between": ["41.5", "--compare", "137.8"],
            "last": ["41.5", "137.8", "--compare"]}[where]
    r = run_cli("point", *args, env=downloaded)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("41.5000°N 137.8000°E: ") and "reference data: Marine Regions" in r.stdout


def test_without_a_download_the_flag_still_parses_and_says_what_to_do(tmp_path):
    r = run_cli("point", "--compare", "41.5", "137.8", env={"EEZCHECK_CACHE_DIR": str(tmp_path / "empty")})
    assert r.returncode == 3 and "eezcheck data download" in r.stderr
    assert "required" not in r.stderr


def test_compare_with_names_the_reference_in_either_order(downloaded, synthetic_v10_path):
    for args in (["--compare-with", synthetic_v10_path, "--compare"], ["--compare", "--compare-with", synthetic_v10_path]):
        r = run_cli("point", *args, "39", "133", "--json", env=downloaded)
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert (out["lat"], out["lon"]) == (39, 133)
        assert synthetic_v10_path.name in out["compare"]["data_source"]


def test_the_old_valued_form_is_refused_with_the_new_spelling(downloaded):
    r = run_cli("point", "--compare=marineregions", "41.5", "137.8", env=downloaded)
    assert r.returncode == 2 and r.stdout == ""
    assert "--compare-with NAME|PATH" in r.stderr and "Traceback" not in r.stderr


def test_batch_takes_the_same_flag_before_its_input(downloaded, tmp_path, synthetic_v10_path):
    csv = tmp_path / "pts.csv"
    csv.write_text("lat,lon\n41.5,137.8\n")
    r = run_cli("batch", "--compare", csv, "--json", env=downloaded)
    assert r.returncode == 0, r.stderr
    (rec,) = json.loads(r.stdout)
    assert rec["lat"] == "41.5" and "Marine Regions" in rec["compare"]["data_source"]
    r = run_cli("batch", "--compare-with", synthetic_v10_path, csv, "--json", env=downloaded)
    assert r.returncode == 0, r.stderr
    assert synthetic_v10_path.name in json.loads(r.stdout)[0]["compare"]["data_source"]


@pytest.mark.parametrize("command", ["point", "batch"])
def test_help_says_compare_takes_no_value(command):
    r = run_cli(command, "--help")
    assert r.returncode == 0
    text = " ".join(r.stdout.split())
    assert "--compare " in text and "it takes no value" in text
    assert "--compare-with NAME|PATH" in text and "implies --compare" in text
