"""geo.maps.assets and offline maps: where Leaflet is found (the ``offline`` extra, a folder, a
checkout's npm copies), what an offline page holds, the notice of an online page whose scripts
do not load, and the map options every map-drawing command takes.

No browser here (tests/test_maps_browser.py opens these pages in Chromium).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

from geo import maps
from geo.classify import check_points
from geo.cli import build_parser
from geo.maps import assets, elements
from tests.test_maps import IN_CI, JS_DIR, features, make_impact, sample_points

OFFLINE_INSTALL = "pip install 'eezcheck[offline]'"


def need_assets():
    """The checkout's npm copies (Leaflet and the plugins)."""
    try:
        found = maps.find_assets(JS_DIR)
    except maps.MapAssetsError as exc:
        found, exc_text = None, str(exc)
    if found is None or found.plugins is None:
        msg = "map assets not installed (run: npm ci --prefix tests/js)" + (f": {exc_text}" if found is None else "")
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return found


def extra_dist() -> Path:
    """Leaflet's dist folder of the installed ``offline`` extra (XStatic-Leaflet)."""
    spec = importlib.util.find_spec(assets.EXTRA_MODULE) if importlib.util.find_spec("xstatic") else None
    if spec is None:
        msg = f"the offline extra is not installed ({OFFLINE_INSTALL}; pip install -e '.[test]' includes it)"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return Path(list(spec.submodule_search_locations)[0]) / "data"


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(assets.ASSETS_ENV, raising=False)


def _dist_copy(tmp_path: Path, version: str = "1.9.3") -> Path:
    """A folder holding a Leaflet build that says it is ``version`` (the extra's files, banner edited)."""
    src = extra_dist()
    dist = tmp_path / "leaflet-dist"
    shutil.copytree(src, dist, ignore=shutil.ignore_patterns("*.map", "*-src*"))
    js = dist / "leaflet.js"
    js.write_text(js.read_text(encoding="utf-8").replace("Leaflet 1.9.3,", f"Leaflet {version},", 1), encoding="utf-8")
    return dist


# --------------------------------------------------------------------------- where the files are found


def test_the_offline_extra_is_found_by_default(no_env):
    dist = extra_dist()
    found = maps.find_assets()
    assert found.leaflet == dist and "eezcheck[offline] extra" in found.origin
    assert assets.leaflet_version(found.leaflet) == "1.9.3"
    for name in ("leaflet.js", "leaflet.css", "images/layers.png", "images/marker-icon.png"):
        assert (found.leaflet / name).is_file(), name


def test_the_extra_is_the_same_leaflet_as_npm():
    dist, npm = extra_dist(), need_assets().leaflet
    assert (dist / "leaflet.js").read_bytes() == (npm / "leaflet.js").read_bytes()
    assert (dist / "leaflet.css").read_bytes() == (npm / "leaflet.css").read_bytes()


def test_without_the_extra_the_checkout_is_used(no_env, monkeypatch):
    need_assets()
    monkeypatch.setattr(assets, "EXTRA_MODULE", "eezcheck_no_such_package.leaflet")
    found = maps.find_assets()
    assert found.leaflet == JS_DIR / "node_modules" / "leaflet" / "dist"
    assert found.plugins == JS_DIR / "node_modules"


def test_nothing_installed_says_the_pip_command(no_env, monkeypatch, tmp_path):
    monkeypatch.setattr(assets, "EXTRA_MODULE", "eezcheck_no_such_package.leaflet")
    monkeypatch.setattr(assets, "CHECKOUT_ASSETS", tmp_path / "no-checkout")
    with pytest.raises(maps.MapAssetsError) as e:
        maps.find_assets()
    msg = str(e.value)
    assert OFFLINE_INSTALL in msg and "--assets DIR" in msg and "npm install --prefix DIR leaflet@1.9.3" in msg


def test_a_folder_of_leaflet_files(no_env, tmp_path):
    dist = _dist_copy(tmp_path)
    found = maps.find_assets(dist)
    assert found.leaflet == dist and found.plugins is None  # the plugins come only from npm


def test_the_environment_variable(monkeypatch, tmp_path):
    dist = _dist_copy(tmp_path)
    monkeypatch.setenv(assets.ASSETS_ENV, str(dist))
    assert maps.find_assets().leaflet == dist
    monkeypatch.setenv(assets.ASSETS_ENV, str(tmp_path / "empty"))
    with pytest.raises(maps.MapAssetsError, match=r"\$EEZCHECK_ASSETS\) holds no Leaflet 1\.9"):
        maps.find_assets()  # a folder named on purpose is not silently replaced by another


def test_an_npm_folder_gives_the_plugins_too(no_env):
    found = need_assets()
    assert found.leaflet == JS_DIR / "node_modules" / "leaflet" / "dist" and found.plugins == JS_DIR / "node_modules"
    assert maps.find_assets(JS_DIR / "node_modules") == found


def test_another_leaflet_release_is_refused(no_env, tmp_path):
    with pytest.raises(maps.MapAssetsError, match=r"has Leaflet 2\.0\.0; the maps need Leaflet 1\.9\.x"):
        maps.find_assets(_dist_copy(tmp_path, "2.0.0"))
    assert maps.find_assets(_dist_copy(tmp_path / "b", "1.9.4")).leaflet.is_dir()  # any 1.9 will do


def test_a_plugin_at_another_version_is_refused(no_env, tmp_path):
    nm = tmp_path / "node_modules"
    shutil.copytree(extra_dist(), nm / "leaflet" / "dist", ignore=shutil.ignore_patterns("*.map", "*-src*"))
    for pkg in assets.PLUGINS:
        (nm / pkg.package).mkdir(parents=True)
        version = "9.9.9" if pkg is assets.PLUGINS[0] else pkg.version
        (nm / pkg.package / "package.json").write_text(json.dumps({"version": version}))
    with pytest.raises(maps.MapAssetsError, match=rf"{re.escape(assets.PLUGINS[0].package)} in .* is version 9\.9\.9"):
        maps.find_assets(tmp_path)


def test_every_url_of_an_online_map_has_a_local_copy(synthetic_v10_zones):
    page = maps.to_html(maps.result_map(zones=synthetic_v10_zones, simplify_km=5))
    urls = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=\"(https?://[^\"]+)\"", page)
    assert len(urls) == 6  # Leaflet + 2 plugins, JS and CSS each (the mouse position is own script)
    nm = JS_DIR / "node_modules"
    for url in urls:
        assert maps.local_asset(url, nm) is not None, url
    lock = json.loads((JS_DIR / "package-lock.json").read_text())["packages"]
    for pkg in maps.CDN_PACKAGES:  # the versions in the URLs are the ones the lock file pins
        assert lock[f"node_modules/{pkg.package}"]["version"] == pkg.version
        assert pkg.version in pkg.prefix


# --------------------------------------------------------------------------- offline pages


def _self_contained(page: str) -> None:
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert not re.search(r"<link[^>]*\shref=", page)
    assert not re.search(r"url\(\s*['\"]?https?:", page)
    assert "tile.openstreetmap" not in page and "{z}/{x}/{y}" not in page


def test_offline_map_from_the_extra(no_env, synthetic_v10_zones, tmp_path):
    """Leaflet from the extra, no plugins (no npm folder given): no ruler or full-screen button,
    and the legend says so; the mouse position and NM scale are there (own script)."""
    dist = extra_dist()
    imp = make_impact(synthetic_v10_zones)
    m = maps.result_map(zones=synthetic_v10_zones, impacts=[imp], offline=True, assets_dir=dist)
    out = maps.save(m, tmp_path / "off.html")
    page = out.read_text(encoding="utf-8")
    _self_contained(page)
    assert (dist / "leaflet.js").read_text(encoding="utf-8")[-2000:].strip()[:500] in page
    assert "url(data:image/png;base64," in page  # leaflet.css's images inlined
    assert "L.Control.Measure" not in page and "L.control.fullscreen" not in page
    assert "eezcheck-coords" in page and "L.Control.Scale.extend" in page
    legend = [c for c in m._children.values() if isinstance(c, elements.Legend)][0]
    assert "without the ruler and the full-screen button" in json.loads(legend.html_js)
    assert features(m, "Land (")  # drawn from the zone data, as a layer
    assert 'id="eezcheck-no-scripts"' not in page  # inlined scripts always load
    assert not list(tmp_path.glob(".off.html.*"))  # atomic write left no temporary file


def test_offline_map_with_the_npm_plugins(no_env, synthetic_v10_zones, tmp_path):
    found = need_assets()
    m = maps.result_map(zones=synthetic_v10_zones, impacts=[make_impact(synthetic_v10_zones)], offline=True, assets_dir=JS_DIR)
    page = maps.save(m, tmp_path / "off.html").read_text(encoding="utf-8")
    _self_contained(page)
    assert "L.Control.Measure" in page and "L.control.fullscreen" in page
    measure = (found.plugins / "leaflet-measure" / "dist" / "leaflet-measure.min.js").read_text(encoding="utf-8")
    assert measure[-300:].strip()[:200] in page  # the npm copy, inlined
    legend = [c for c in m._children.values() if isinstance(c, elements.Legend)][0]
    assert "without the ruler" not in json.loads(legend.html_js)


def test_offline_without_assets_says_how_to_get_them(synthetic_v10_zones, tmp_path):
    with pytest.raises(maps.MapAssetsError) as e:
        maps.result_map(zones=synthetic_v10_zones, offline=True, assets_dir=tmp_path)
    msg = str(e.value)
    assert OFFLINE_INSTALL in msg and str(tmp_path) in msg


# --------------------------------------------------------------------------- online pages that cannot load


def test_online_page_says_when_its_scripts_do_not_load(synthetic_v10_zones):
    m = maps.result_map(check_points(sample_points(), zones=synthetic_v10_zones), zones=synthetic_v10_zones, simplify_km=5)
    page = maps.to_html(m)
    # The notice is plain HTML in the body, visible with no script at all ...
    notice = re.search(r'<div id="eezcheck-no-scripts" class="eezcheck-no-scripts"[^>]*>(.*?)</div>', page, re.S)
    assert notice, "no notice in the page"
    text = re.sub(r"<[^>]+>", " ", notice.group(1))
    assert "could not load its scripts" in text and "--offline" in text
    assert "pip install &#x27;eezcheck[offline]&#x27;" in text  # escaped, shown as text
    assert re.search(r"\d+ inside", text)  # what the map would have shown
    assert ".eezcheck-no-scripts{position:fixed" in page  # styled by inline CSS, not by a script
    # ... and the page's script removes it as its very last step, only if Leaflet is there.
    script = page[page.rindex("<script>"):]
    last = script[script.rindex("getElementById('eezcheck-no-scripts')"):]
    assert "window.L" in last and "removeChild" in last
    assert "L." not in last.split("removeChild", 1)[1]  # nothing of the map runs after it


# --------------------------------------------------------------------------- the CLI's map options


@pytest.mark.parametrize("argv", [
    ["point", "41.5", "137.8"],
    ["batch", "in.csv"],
    ["impact", "--text", "about 210 km west of Oshima-Oshima"],
    ["history"],
])
def test_every_command_that_draws_a_map_takes_the_map_options(argv):
    parser = build_parser()
    args = parser.parse_args([*argv, "--map", "m.html", "--offline", "--assets", "DIR"])
    assert (args.map, args.offline, args.assets) == ("m.html", True, "DIR")
    args = parser.parse_args(["map", "in.csv", "-o", "m.html", "--offline", "--assets", "DIR"])
    assert (args.offline, args.assets) == (True, "DIR")


def _help(cli, command) -> str:
    return " ".join(cli(command, "--help").stdout.split())


def test_map_help_says_what_it_prints(cli):
    text = _help(cli, "map")
    assert "instead of a human summary" not in text
    assert "JSON summary of the map" in text
    assert "needs --assets" not in text and OFFLINE_INSTALL in text


def test_cli_offline_without_map_or_with_assets_alone(cli, tmp_path):
    r = cli("point", "41.5", "137.8", "--offline")
    assert r.returncode == 2 and "--offline and --assets go with --map" in r.stderr
    r = cli("point", "41.5", "137.8", "--map", tmp_path / "p.html", "--assets", tmp_path)
    assert r.returncode == 2 and "add --offline" in r.stderr and not (tmp_path / "p.html").exists()


@pytest.mark.parametrize("argv", [["point", "41.5", "137.8"], ["history"], ["report", "about 210 km west of Oshima-Oshima"]])
def test_cli_map_must_be_an_html_file(cli, tmp_path, argv):
    # As 'eezcheck map -o' says: a map is an HTML file, checked before the work.
    r = cli(*argv, "--map", tmp_path / "m.txt")
    assert r.returncode == 2 and "a map is an HTML file" in r.stderr and not (tmp_path / "m.txt").exists()
    assert r.stdout == ""


def test_cli_offline_without_assets_fails_before_the_work(cli, synthetic_v10_path, tmp_path):
    src = tmp_path / "pts.csv"
    sample_points().to_csv(src, index=False)
    r = cli("batch", src, "-o", tmp_path / "r.csv", "--zones", synthetic_v10_path, "--map", tmp_path / "m.html", "--offline",
            env={"EEZCHECK_ASSETS": str(tmp_path)})
    assert r.returncode == 2 and OFFLINE_INSTALL in r.stderr
    assert not (tmp_path / "m.html").exists() and not (tmp_path / "r.csv").exists()


def test_cli_impact_map_offline(cli, tmp_path):
    extra_dist()
    out = tmp_path / "impact.html"
    r = cli("impact", "--from", "Sunan", "--bearing", "80", "--range", "900", "--samples", "2000", "--map", out,
            "--offline")
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    _self_contained(page)
    assert "eezcheck-track" in page and "eezcheck-uncertainty" in page and "eezcheck-legend" in page


def test_cli_map_offline(cli, synthetic_v10_path, tmp_path):
    extra_dist()
    src = tmp_path / "pts.csv"
    sample_points().to_csv(src, index=False)
    out = tmp_path / "m.html"
    r = cli("map", src, "-o", out, "--zones", synthetic_v10_path, "--offline", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["offline"] is True
    _self_contained(out.read_text(encoding="utf-8"))
