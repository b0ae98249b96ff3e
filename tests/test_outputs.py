"""One output schema for every command (docs/output.md): lists are JSON lists, what was not
given is null (never ""), a launch without a name gets none, ``data list`` shows editions (never a
file's date on disk), p at 0 or 1 is a bound (never "± 0.000"), and territory names have one style."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geo
from geo.reports.sampler import probability_text
from geo.results import RESULT_COLUMNS, json_record
from geo.zones.model import territory_name
from tests.conftest import run_cli

SAMPLES = "2000"


def _empty_strings(obj, path=""):
    """Paths of every "" in a JSON value."""
    if isinstance(obj, dict):
        return [p for k, v in obj.items() for p in _empty_strings(v, f"{path}.{k}")]
    if isinstance(obj, list):
        return [p for i, v in enumerate(obj) for p in _empty_strings(v, f"{path}[{i}]")]
    return [path] if obj == "" else []


def _json(*args, code=0):
    r = run_cli(*args)
    assert r.returncode == code, r.stderr
    return json.loads(r.stdout)


# ------------------------------------------------------------------------------ sovereigns


def test_sovereigns_are_a_list_in_every_json_output_and_joined_in_csv(tmp_path):
    csv = tmp_path / "pts.csv"
    csv.write_text("name,lat,lon\nkr,37.24,131.87\nsea,20,160\nbad,x,1\n")
    point = _json("point", "37.24", "131.87", "--json")
    rows = _json("batch", csv, "--json", code=2)
    assert point["sovereigns"] == rows[0]["sovereigns"] == ["JPN", "KOR"]
    assert rows[1]["sovereigns"] == []  # high seas: no state
    assert rows[2]["sovereigns"] is None  # a bad row: no verdict at all
    table = run_cli("batch", csv).stdout.splitlines()
    head = table[0].split(",")
    assert table[1].split(",")[head.index("sovereigns")] == "JPN;KOR"
    est = _json("impact", "--text", "about 210 km west of Oshima-Oshima", "--json", "--samples", SAMPLES)
    assert est["sovereigns"] == ["JPN"]
    launches = tmp_path / "launches.csv"
    launches.write_text("text,lat,lon\n,37.24,131.87\nabout 210 km west of Oshima-Oshima,,\n")
    rows = _json("impact", "--batch", launches, "--json", "--samples", SAMPLES)
    assert [r["sovereigns"] for r in rows] == [["JPN", "KOR"], ["JPN"]]


def test_json_record_is_the_point_results_layout():
    r = geo.check_point(lat=37.24, lon=131.87)
    df = geo.check_points(lat=[37.24], lon=[131.87])
    rec = json_record(df.drop(columns="geometry").to_dict(orient="records")[0])
    assert rec["sovereigns"] == r.to_dict()["sovereigns"] == list(r.sovereigns)
    assert set(RESULT_COLUMNS) - {"error"} == set(r.to_dict())


# ------------------------------------------------------------------------------ null, not ""


@pytest.mark.parametrize("args", [
    ("--from", "40.21,125.2", "--bearing", "E", "--range", "700"),
    ("--from", "Sunan", "--bearing", "E", "--range", "700"),
    ("--text", "about 210 km west of Oshima-Oshima"),
    ("--text", "about 210 km west of Oshima-Oshima", "--from", "Sunan"),
], ids=["coordinates", "site", "text", "text+site"])
def test_impact_json_has_null_where_nothing_was_given(args):
    d = _json("impact", *args, "--json", "--samples", SAMPLES)
    assert _empty_strings(d) == []
    text = args[args.index("--text") + 1] if "--text" in args else None
    assert d["input_text"] == d["reported"]["text"] == text


def test_impact_batch_json_has_null_for_the_tools_own_empty_fields(tmp_path):
    launches = tmp_path / "launches.csv"
    launches.write_text("text,lat,lon\n,41.5,137.8\n")
    (row,) = _json("impact", "--batch", launches, "--json", "--samples", SAMPLES)
    own = {k: v for k, v in row.items() if k not in ("text", "lat", "lon")}  # input cells stay as read
    assert _empty_strings(own) == [] and own["uncertainty"] is None


def test_report_json_has_null_where_nothing_was_given(tmp_path):
    from tests.report_texts import EN_2025_11_07

    f = tmp_path / "report.txt"
    f.write_text(EN_2025_11_07, encoding="utf-8")
    assert _empty_strings(_json("report", f, "--json", "--samples", "500")) == []


def test_history_json_has_null_where_a_record_is_empty():
    rows = _json("history", "--json", "--samples", "100")
    assert len(rows) > 100 and _empty_strings(rows) == []
    assert any(r["time_jst"] is None for r in rows)  # some statements give no time


def test_every_estimate_states_its_spreads_in_json(tmp_path):
    # Positions sampled from a coast, a ring or the directions into a sea carry their spreads too.
    d = _json("impact", "--text", "about 350 km east of the Korean Peninsula", "--json", "--samples", "300")
    assert d["reported"]["bearing_spread"] == "8-point word" and d["reported"]["range_spread"].startswith("hedged")
    from tests.report_texts import EN_2025_11_07

    f = tmp_path / "report.txt"
    f.write_text(EN_2025_11_07 + " Another statement said it fell about 300 km from the Oga Peninsula.", encoding="utf-8")
    scenarios = [s for s in _json("report", f, "--json", "--samples", "300")["scenarios"] if s.get("estimate")]
    assert scenarios
    for s in scenarios:
        rep = s["estimate"]["reported"]
        assert rep["bearing_spread"] and rep["range_spread"], (s["label"], s["method"], rep)


# ------------------------------------------------------------------------------ launch sites


def test_a_launch_given_as_coordinates_is_printed_without_a_name():
    r = run_cli("impact", "--from", "40.21,125.2", "--bearing", "E", "--range", "700", "--samples", SAMPLES)
    assert r.returncode == 0, r.stderr
    assert "  launch: 40.21°N 125.20°E\n" in r.stdout and "()" not in r.stdout
    named = run_cli("impact", "--from", "Sunan", "--bearing", "E", "--range", "700", "--samples", SAMPLES).stdout
    assert re.search(r"\n  launch: Sunan \(39\.\d\d°N 125\.\d\d°E\)\n", named)


def test_an_unnamed_launch_sites_popup_names_nothing(tmp_path):
    from geo.maps.inputs import Site
    from geo.maps.layers import site_feature

    props = site_feature(Site(40.21, 125.2, None))["properties"]
    assert [k for k, _ in props["_rows"]] == ["lat", "lon"]
    assert "launch site" not in json.dumps(props) and props["_tooltip"] == "Launch site: 40.21°N 125.20°E"
    assert site_feature(Site(39.2, 125.7, "Sunan"))["properties"]["_rows"][0] == ["name", "Sunan"]
    out = tmp_path / "m.html"
    r = run_cli("impact", "--from", "40.21,125.2", "--bearing", "E", "--range", "700", "--samples", "500", "--map", out)
    assert r.returncode == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert "Launch site: 40.21°N 125.20°E" in html and not re.search(r'\["name",\s*"launch site"\]', html)


# ------------------------------------------------------------------------------ data list


def test_data_list_shows_editions_never_a_files_date_on_disk(tmp_path, synthetic_v12_path):
    old = tmp_path / "eez_v12_old.geojson"
    shutil.copyfile(synthetic_v12_path, old)
    os.utime(old, (978307200, 978307200))  # 2001-01-01 on disk
    r = run_cli("data", "list", "--zones", old, env={"EEZCHECK_CACHE_DIR": str(tmp_path / "cache")})
    assert r.returncode == 0, r.stderr
    head, *rows = r.stdout.splitlines()
    assert head.split() == ["NAME", "EDITION", "RETRIEVED", "FEATURES", "LICENCE", "PATH"]
    assert "2001-01-01" not in r.stdout
    bundled_edition = json.loads((geo.zones.bundled_path().with_suffix(".json")).read_text())["edition"]
    assert rows[0].split()[1:4] == ["bundled", bundled_edition, "-"]
    assert "v12 (2023-10-25)" in rows[-1]
    listed = json.loads(run_cli("data", "list", "--json", env={"EEZCHECK_CACHE_DIR": str(tmp_path / "cache")}).stdout)
    assert listed[0]["edition"] == bundled_edition and listed[0]["retrieved"] is None and "date" not in listed[0]


# ------------------------------------------------------------------------------ p at 0 or 1


@given(n=st.integers(1, 2_000_000), every=st.booleans())
@settings(max_examples=200, deadline=None)
def test_no_hit_or_every_hit_is_a_true_bound(n, every):
    value, note = probability_text(float(every), 0.0, n)
    bound = 1.0 - 0.05 ** (1.0 / n)
    shown = float(value[2:])
    assert value.startswith("> " if every else "< ") and "±" not in value and "95 %" in note
    assert (1.0 - shown >= bound - 1e-12) if every else (shown >= bound - 1e-12)


@given(n=st.integers(2, 2_000_000), data=st.data())
@settings(max_examples=200, deadline=None)
def test_a_standard_error_is_never_written_as_zero(n, data):
    k = data.draw(st.integers(1, n - 1))
    p = k / n
    value, note = probability_text(p, (p * (1 - p) / n) ** 0.5, n)
    est, err = value.removeprefix("= ").split(" ± ")
    assert note == "" and float(err) > 0 and 0 < float(est) < 1


def test_p_zero_reads_as_a_bound_in_impact_output_and_on_its_map(tmp_path):
    out = tmp_path / "m.html"
    r = run_cli("impact", "--from", "40.21,125.2", "--bearing", "E", "--range", "300", "--samples", SAMPLES, "--map", out)
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.startswith("  P(in Japan's EEZ)"))
    assert line.startswith("  P(in Japan's EEZ) < 0.002 (") and "no sample inside: 95 % upper bound 0.0015" in line
    assert "± 0.0" not in r.stdout
    html = out.read_text(encoding="utf-8").replace("\\u003c", "<")  # the popup's JSON escapes "<"
    assert "P(in Japan's EEZ) < 0.01" in html and "± 0.00" not in html


# ------------------------------------------------------------------------------ territory names


@pytest.mark.parametrize("raw, want", [
    ("Japan: Oshima-Oshima", "Oshima-Oshima"),
    ("Japan: islets off Honshu", "islets off Honshu"),
    ("Disputed land Southern Kuril Islands (Etorofu/Kunashiri/Shikotan/Habomai)",
     "Southern Kuril Islands (Etorofu/Kunashiri/Shikotan/Habomai)"),
    ("Takeshima Higashijima (Dokdo Dongdo)", "Takeshima Higashijima (Dokdo Dongdo)"),
    ("Okinotorishima (Kita-kojima / Higashi-kojima)", "Okinotorishima (Kita-kojima/Higashi-kojima)"),
    ("Japan (land left out of its EEZ polygon)", "Japan"),
    ("Japan: Honshu (bundled land layer)", "Honshu"),
    (None, None),
])
def test_territory_name_style(raw, want):
    assert territory_name(raw) == want


def _style_ok(name: str) -> bool:
    return not (re.match(r"^[^:()]+: ", name) or name.startswith("Disputed land") or name.endswith("polygon)")
                or name.endswith("(bundled land layer)") or " / " in name)


def test_every_nearest_territory_of_the_bundled_zones_has_the_one_style(bundled_zones):
    import numpy as np

    lat, lon = np.meshgrid(np.arange(20.0, 47.0, 0.5), np.arange(122.0, 155.0, 0.5))
    df = geo.check_points(lat=lat.ravel(), lon=lon.ravel(), zones=bundled_zones, geometry=False)
    names = set(df["nearest_territory"].dropna())
    assert len(names) > 30 and all(_style_ok(n) for n in names), sorted(n for n in names if not _style_ok(n))
    at = lambda la, lo: geo.check_point(lat=la, lon=lo, zones=bundled_zones).nearest_territory  # noqa: E731
    assert at(41.5, 137.8) == "Oshima-Oshima"
    assert at(43.8, 146.5).startswith("Southern Kuril Islands (")
    assert at(35.7, 139.7) == "Honshu"  # on land: the land's territory name, not its zone name
    assert geo.check_point(lat=35.7, lon=139.7, zones=bundled_zones).zone_name == "Japan: Honshu"


def test_marine_regions_land_gets_the_same_style(synthetic_v10_zones, synthetic_v12_zones):
    import numpy as np

    lat, lon = np.meshgrid(np.arange(25.0, 46.0, 1.0), np.arange(125.0, 150.0, 1.0))
    for zones in (synthetic_v10_zones, synthetic_v12_zones):
        df = geo.check_points(lat=lat.ravel(), lon=lon.ravel(), zones=zones, geometry=False)
        names = set(df["nearest_territory"].dropna())
        assert names and all(_style_ok(n) for n in names), sorted(names)
