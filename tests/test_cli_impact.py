"""``eezcheck impact`` as a user runs it: a subprocess, stdout/stderr and exit codes."""

from __future__ import annotations

import json

import pandas as pd
import pytest


def test_text_json_adds_the_estimate_to_the_point_fields(cli, synthetic_v10_path, synthetic_v10_zones):
    from geo.reports.landing import estimate_impact

    r = cli("impact", "--text", "奥尻島の西200～250キロ", "--zones", synthetic_v10_path, "--json", "--samples", "3000", "--seed", "5")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    for k in ("lat", "lon", "zone_type", "eez_status", "in_target_eez", "data_source"):
        assert k in d
    api = estimate_impact("奥尻島の西200～250キロ", zones=synthetic_v10_zones, samples=3000, seed=5)
    assert d["landing_lat"] == pytest.approx(api.landing_lat) and d["landing_lon"] == pytest.approx(api.landing_lon)
    assert d["p_in_target_eez"] == api.p_in_target_eez and d["call"] == api.call
    assert d["description"] == api.description == "about 230 km west of Okushiri Island"
    # Same seed, same answer; another seed, (almost surely) another p.
    again = json.loads(cli("impact", "--text", "奥尻島の西200～250キロ", "--zones", synthetic_v10_path, "--json", "--samples", "3000", "--seed", "5").stdout)
    assert again["p_in_target_eez"] == d["p_in_target_eez"]


def test_from_bearing_range_human_output(cli, synthetic_v10_path):
    r = cli("impact", "--from", "Wonsan", "--bearing", "E", "--range", "700", "--range-sd", "35", "--zones", synthetic_v10_path, "--samples", "2000")
    assert r.returncode == 0, r.stderr
    assert "Landing point:" in r.stdout and "P(in Japan's EEZ)" in r.stdout and "→ inside" in r.stdout
    assert "launch: Wonsan" in r.stdout and "does not cross" in r.stdout


def test_from_lat_lon_with_exact_bearing_gives_the_plain_verdict(cli, synthetic_v10_path):
    r = cli("impact", "--from", "39.2,125.7", "--bearing", "90", "--bearing-sd", "0", "--range", "700", "--range-sd", "0",
            "--zones", synthetic_v10_path, "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["n_samples"] == 0 and d["p_in_target_eez"] in (0.0, 1.0)
    assert d["call"] == ("inside" if d["in_target_eez"] else "outside")
    assert d["uncertainty"] == "distance 700 km → 700 km exactly (σ 0 km given); direction 90° exactly"


def test_a_bare_bearing_and_range_state_their_spread(cli, synthetic_v10_path):
    # Once --bearing 90 silently meant zero spread while --bearing E meant ±11.25°.
    r = cli("impact", "--from", "39.2,125.7", "--bearing", "90", "--range", "700", "--zones", synthetic_v10_path, "--samples", "1000")
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.strip().startswith("uncertainty:"))
    assert "direction 90° → Uniform(85°, 95°) (bare number: default ±5°)" in line
    # The wording model: 700 shows a 100 km rounding step; bare: σ 1 % of 700.
    assert ("distance 700 km (rounded to 100 km) → Uniform(650, 750) km + Normal σ 7 km (bare number: 1% of the "
            "distance)") in line
    d = json.loads(cli("impact", "--from", "39.2,125.7", "--bearing", "90", "--range", "700", "--zones", synthetic_v10_path,
                       "--samples", "1000", "--json").stdout)
    assert d["n_samples"] == 1000 and d["reported"]["bearing_spread"] == "bare number: default ±5°"
    assert d["reported"]["bearing_halfwidth_deg"] == 5 and d["reported"]["range_sd_km"] == 7


@pytest.mark.parametrize(
    "bearing, rng, expect",
    [
        ("60-120", "about 700", "Uniform(60°, 120°)"),
        ("E±30", "~700", "Uniform(60°, 120°)"),
        ("E+-30", "700±50", "Uniform(650, 750) km"),
        ("E to ENE", "700+-50", "Uniform(56.25°, 101.25°)"),
        ("東から東北東", "450-700", "Uniform(450, 700) km"),
        ("E", "約700", "Uniform(650, 750) km + Normal σ 21 km (hedged"),  # the wording model
        ("E", "約700", "Uniform(67.5°, 112.5°) (8-point word)"),
        ("ENE", "700", "Uniform(56.25°, 78.75°) (16-point word)"),
    ],
)
def test_sectors_and_ranges_on_the_command_line(cli, synthetic_v10_path, bearing, rng, expect):
    r = cli("impact", "--from", "Wonsan", "--bearing", bearing, "--range", rng, "--zones", synthetic_v10_path, "--samples", "500", "--json")
    assert r.returncode == 0, r.stderr
    assert expect in json.loads(r.stdout)["uncertainty"]


def test_overflight_is_reported(cli, synthetic_v10_path):
    r = cli("impact", "--text", "岩手県釜石市の東約3200km", "--from", "Mupyong-ri", "--zones", synthetic_v10_path, "--json", "--samples", "500")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["overflies_target"] is True and d["crossings"]
    assert d["call"] == "outside"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--text", "about 250 km west of Atlantis"], "unknown place 'Atlantis'"),
        (["--text", "about 250 km wset of Okushiri"], "'wset' is not a compass direction"),
        (["--from", "Nowhere-ri", "--bearing", "E", "--range", "700"], "unknown place 'Nowhere-ri'"),
        (["--from", "Sunan", "--bearing", "E"], "--range"),
        (["--from", "Sunan", "--bearing", "sideways", "--range", "700"], "sideways"),
        (["--from", "Sunan", "--bearing", "E", "--range", "far"], "range"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(cli, synthetic_v10_path, args, fragment):
    r = cli("impact", *args, "--zones", synthetic_v10_path)
    assert r.returncode == 2
    assert fragment in r.stderr and "Traceback" not in r.stderr


def test_batch_keeps_bad_rows_and_exits_2(cli, synthetic_v10_path, tmp_path):
    src = tmp_path / "launches.csv"
    pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "text": ["北海道渡島大島の西約210キロ", "", "about 250 km west of Atlantis", ""],
            "launch": ["Sunan", "Wonsan", "", ""],
            "bearing": ["", "E", "", ""],
            "range_km": ["", "700", "", ""],
            "lat": ["", "", "", "41.0"],
            "lon": ["", "", "", "157.3"],
        }
    ).to_csv(src, index=False)
    out = tmp_path / "out.csv"
    r = cli("impact", "--batch", src, "-o", out, "--zones", synthetic_v10_path, "--samples", "1000")
    assert r.returncode == 2, r.stderr
    assert "row 3" in r.stderr and "Atlantis" in r.stderr
    res = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(res["id"]) == ["1", "2", "3", "4"]  # order and count kept
    assert res.loc[2, "error"] and not res.loc[0, "error"]
    assert res.loc[0, "call"] == "inside" and res.loc[3, "call"] == "outside"
    assert res.loc[3, "n_samples"] == "0"  # a bare point: plain verdict
    assert float(res.loc[0, "p_in_target_eez"]) > 0.9


def test_batch_never_replaces_an_input_column(cli, synthetic_v10_path, tmp_path):
    src = tmp_path / "launches.csv"
    pd.DataFrame(
        {"launch": ["Wonsan", "Sunan"], "bearing": ["E", "90"], "range_km": ["about 700", "700±50"], "range_sd_km": ["", "30"]}
    ).to_csv(src, index=False)
    out = tmp_path / "out.csv"
    r = cli("impact", "--batch", src, "-o", out, "--zones", synthetic_v10_path, "--samples", "500")
    assert r.returncode == 0, r.stderr
    res = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(res["range_km"]) == ["about 700", "700±50"] and list(res["bearing"]) == ["E", "90"]
    assert list(res["range_sd_km"]) == ["", "30"]
    assert [float(v) for v in res["nominal_range_km"]] == [700.0, 700.0]
    assert [float(v) for v in res["nominal_bearing_deg"]] == [90.0, 90.0]
    assert "σ 30 km (given)" in res.loc[1, "uncertainty"] and "default ±5°" in res.loc[1, "uncertainty"]
    # A column an estimate would replace is refused, not overwritten.
    clash = tmp_path / "clash.csv"
    pd.DataFrame({"launch": ["Wonsan"], "bearing": ["E"], "range_km": ["700"], "call": ["mine"]}).to_csv(clash, index=False)
    r = cli("impact", "--batch", clash, "--zones", synthetic_v10_path, "--samples", "100")
    assert r.returncode == 2 and "'call'" in r.stderr and "rename" in r.stderr and "Traceback" not in r.stderr
    # An estimates table estimated again is fine: same rows, same input columns.
    again = cli("impact", "--batch", out, "--zones", synthetic_v10_path, "--samples", "500")
    assert again.returncode == 0, again.stderr
    from io import StringIO

    res2 = pd.read_csv(StringIO(again.stdout), dtype=str, keep_default_na=False)
    assert list(res2.columns) == list(res.columns) and list(res2["range_km"]) == ["about 700", "700±50"]


def test_batch_of_past_launches_to_stdout(cli, synthetic_v10_path, tmp_path):
    from pathlib import Path

    past = Path(__file__).resolve().parent / "data" / "past_launches.csv"
    df = pd.read_csv(past, dtype=str, keep_default_na=False).rename(columns={"statement": "text", "launch_site": "launch"})
    f = tmp_path / "past_launches_batch.csv"
    df[["date", "text", "launch"]].to_csv(f, index=False)
    r = cli("impact", "--batch", f, "--zones", synthetic_v10_path, "--samples", "500")
    assert r.returncode == 0, r.stderr
    from io import StringIO

    res = pd.read_csv(StringIO(r.stdout), dtype=str, keep_default_na=False)
    assert len(res) == len(df) and set(res["call"]) <= {"inside", "outside", "too close to call"}


def test_map_option(cli, synthetic_v10_path, tmp_path):
    try:
        import inspect

        from geo import maps

        ok = "impacts" in inspect.signature(maps.result_map).parameters
    except (ImportError, AttributeError):
        ok = False
    if not ok:
        pytest.skip("geo.maps.result_map(impacts=...) is not in this checkout yet (maps engineer)")
    out = tmp_path / "impact.html"
    r = cli("impact", "--text", "奥尻島の西約250km", "--from", "Sunan", "--zones", synthetic_v10_path, "--map", out, "--samples", "500")
    assert r.returncode == 0, r.stderr
    assert out.exists() and out.stat().st_size > 0
