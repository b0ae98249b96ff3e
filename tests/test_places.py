"""The gazetteer: every row sourced and plausible; names found however they are written."""

from __future__ import annotations

import csv
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.reports.places import PLACE_KINDS, Place, all_places, find_place, lookup_place, normalize_name

CSV = Path(__file__).resolve().parents[1] / "geo" / "data" / "places.csv"


def test_every_row_is_complete_and_sourced():
    rows = list(csv.DictReader(CSV.open(encoding="utf-8")))
    assert len(rows) == len(all_places()) >= 40
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["source"].strip(), r["id"]
        assert r["name_en"].strip() and r["name_ja"].strip(), r["id"]
        assert r["kind"] in PLACE_KINDS, r
        if r["kind"] == "region":
            continue  # large references (the Korean Peninsula, Japan, …): tests/test_references.py
        assert r["country"] in ("JPN", "PRK"), r
        lat, lon, radius = float(r["lat"]), float(r["lon"]), float(r["radius_km"])
        # Japan and the Korean peninsula, including Okinotorishima and Minamitorishima.
        assert 20 <= lat <= 46 and 122 <= lon <= 154, r
        assert 0 < radius <= 300, r
        assert round(lat, 2) == lat and round(lon, 2) == lon, "coordinates to 0.01°"


@pytest.mark.parametrize(
    "name",
    [
        "Sunan", "Wonsan", "Kalma", "Sinpo", "Tongchang-ri", "Sohae", "Musudan-ri", "Tonghae", "Kusong", "Hamhung",
        "Sukchon", "Jangyon", "Pyongsong", "Kaechon", "Yangdok", "Tongchon",
    ],
)
def test_north_korean_launch_areas_are_listed(name):
    p = find_place(name)
    assert p.kind == "launch_site" and p.country == "PRK"
    assert 37.5 < p.lat < 43 and 124 < p.lon < 131


@pytest.mark.parametrize(
    "name",
    [
        "Okushiri Island", "Oshima-Oshima", "Hegura-jima", "Sado Island", "Oki Islands", "Oga Peninsula",
        "Shakotan Peninsula", "Noto Peninsula", "Cape Erimo", "Cape Tappi", "Kyuroku-jima", "Okinotorishima",
        "Minamitorishima", "Tsushima", "Cape Shiriya", "Cape Nosappu",
    ],
)
def test_ministry_of_defense_reference_places_are_listed(name):
    p = find_place(name)
    assert p.country == "JPN" and p.kind in ("island", "cape", "peninsula")


@pytest.mark.parametrize(
    "spelling, pid",
    [
        ("okushiri island", "okushiri"),
        ("OKUSHIRI", "okushiri"),
        ("Okushiri-tō", "okushiri"),
        ("ＯＫＵＳＨＩＲＩ　ＩＳＬＡＮＤ", "okushiri"),  # full-width letters and space
        ("奥尻島", "okushiri"),
        ("渡島大島", "oshima_oshima"),
        ("Oshima Oshima", "oshima_oshima"),
        ("渡島半島", "oshima_peninsula"),
        ("Tonghae", "tonghae"),
        ("musudanri", "tonghae"),
        ("舞水端里", "tonghae"),
        ("Dongchang-ri", "sohae"),
        ("龍飛岬", "tappi"),
        ("竜飛崎", "tappi"),
        ("佐渡ヶ島", "sado"),
        ("佐渡ケ島", "sado"),
        ("Wŏnsan", "wonsan"),
        ("Erimo", "erimo"),
        ("襟裳岬", "erimo"),
    ],
)
def test_names_match_case_width_and_accent_insensitively(spelling, pid):
    assert find_place(spelling).id == pid


def test_oshima_oshima_and_the_oshima_peninsula_are_different_places():
    assert find_place("Oshima-Oshima").id != find_place("Oshima Peninsula").id
    assert find_place("渡島大島").id != find_place("渡島半島").id


def test_kana_voicing_is_not_stripped():
    # Decomposing kana would turn ガ into カ; the key must keep them apart.
    assert normalize_name("ガ") != normalize_name("カ")


def test_unknown_name_lists_close_matches():
    with pytest.raises(InputError) as exc:
        find_place("Okushri")
    msg = str(exc.value)
    assert "unknown place 'Okushri'" in msg and "Okushiri Island" in msg
    assert lookup_place("Atlantis") is None
    with pytest.raises(InputError, match="Known places"):
        find_place("Atlantis")


def test_place_is_frozen():
    p = find_place("Sado")
    assert isinstance(p, Place)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.lat = 0.0  # type: ignore[misc]


def test_filtering_by_kind_and_country():
    sites = all_places(kind="launch_site")
    assert sites and all(p.kind == "launch_site" for p in sites)
    refs = all_places(kind=("island", "cape"), country="JPN")
    assert refs and all(p.country == "JPN" and p.kind in ("island", "cape") for p in refs)


def test_gazetteer_is_read_lazily():
    code = (
        "import geo.reports.places as m; assert m._load.cache_info().currsize == 0; "
        "m.find_place('Sunan'); m.find_place('Sado'); assert m._load.cache_info().misses == 1"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_sea_names_are_no_place_aliases():
    # 동해/서해 (East/West Sea) and 西海 name seas in reports; the launch sites keep their full names.
    from geo.reports.seas import find_sea

    for sea_word in ("동해", "서해", "East Sea", "日本海"):
        assert lookup_place(sea_word) is None, sea_word
        assert find_sea(sea_word), sea_word
    assert lookup_place("西海") is None  # "west sea": no place of that name either
    assert find_place("동해위성발사장").id == "tonghae"
    assert find_place("서해위성발사장").id == "sohae"
