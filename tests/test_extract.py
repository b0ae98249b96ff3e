"""Facts read from running text, with spans into the text as given."""

from __future__ import annotations

import pytest

from geo.errors import InputError
from geo.reports.extract import MAX_TEXT_CHARS, extract_facts, normalise, sentences
from tests.report_texts import EN_2025_11_07, JA_2025_11_07, KO_2025_11_07


def _facts(text):
    facts, _, _ = extract_facts(text)
    return facts


def _by_kind(text):
    out = {}
    for f in _facts(text):
        out.setdefault(f.kind, []).append(f)
    return out


@pytest.mark.parametrize("text", [EN_2025_11_07, KO_2025_11_07, JA_2025_11_07])
def test_every_span_is_the_text_it_came_from(text):
    for f in _facts(text):
        assert text[f.start:f.end] == f.text and f.text.strip()


def test_english_report():
    k = _by_kind(EN_2025_11_07)
    assert [f.text for f in k["launch"]] == ["Taegwan area", "North Pyongan Province"]
    assert k["launch"][0].value["id"] == "taegwan"
    assert [f.value["km"] for f in k["range"]] == [700.0, 450.0]
    assert [f.text for f in k["range"]] == ["flew around 700 km", "flew about 450 km"]
    assert k["apogee"][0].value["km"] == 80.0
    assert k["sea"][0].value["sea_ids"] == ["sea_of_japan"] and k["sea"][0].text == "the East Sea"
    assert k["direction"][0].value == {"degrees": 90.0, "halfwidth_deg": 45.0, "words": "toward its eastern waters"}
    assert k["verdict"][0].value == {"verdict": "outside", "hedged": True, "target": "JPN"}
    assert k["date"][0].value == "2025-11-07" and k["time"][0].value == "12:35"
    assert {f.value for f in k["source"]} == {"ROK", "JPN"}


def test_korean_report():
    k = _by_kind(KO_2025_11_07)
    assert k["launch"][1].text == "대관 일대" and k["launch"][1].value["id"] == "taegwan"
    assert k["sea"][0].text == "동해상"  # the East Sea, not the Tonghae launch site
    assert [f.text for f in k["range"]] == ["약 700km를 비행", "약 450km를 비행"]
    assert k["verdict"][0].value["verdict"] == "outside" and k["verdict"][0].value["hedged"]
    assert k["time"][0].value == "12:35"


def test_japanese_report():
    k = _by_kind(JA_2025_11_07)
    assert [f.text for f in k["range"]] == ["約450km飛翔", "約700km飛行"]
    assert k["verdict"][0].text == "我が国の排他的経済水域（EEZ）外"
    assert k["sea"][0].text == "日本海" and k["date"][0].value == "2025-11-07"
    ref = [f for f in k["reference"] if f.value["id"] == "korean_peninsula"][0]
    assert ref.value["role"] == "landing" and ref.value["direction_deg"] == 90.0
    assert [f for f in k["reference"] if f.value["id"] == "nk_west_coast"][0].value["role"] == "launch"


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("It fell about 250 km west of Okushiri Island.", "offset", "Okushiri Island"),
        ("奥尻島の西約250kmの日本海に落下", "offset", "Okushiri Island"),
        ("It fell about 350 km east of the Korean Peninsula.", "offset", "Korean Peninsula"),
        ("It fell about 300 km from the Oga Peninsula.", "ring", "Oga Peninsula"),
        ("男鹿半島から約300km", "ring", "Oga Peninsula"),
        ("It fell about 200 km off Aomori Prefecture.", "ring", "Aomori Prefecture"),
        ("It came down off the east coast of North Korea.", "reference", "North Korea's east coast"),
        ("It came down east of the Philippines.", "reference", "Philippines"),
    ],
)
def test_positions(text, kind, value):
    hits = [f for f in _facts(text) if f.kind == kind]
    assert hits and hits[0].value["place"] == value


@pytest.mark.parametrize(
    "text, verdict",
    [
        ("It fell inside Japan's EEZ.", "inside"),
        ("It is believed to have fallen outside Japan's exclusive economic zone.", "outside"),
        ("It was estimated not to have fallen in Japan's EEZ.", "outside"),
        ("No missile flight into Japan's territorial sea or EEZ was confirmed.", "outside"),
        ("It did not reach Japan's territory or EEZ.", "outside"),
        ("EEZ内に落下", "inside"),
        ("我が国のEEZ外に落下", "outside"),
        ("EEZ内への落下は確認されていない", "outside"),
        ("일본 EEZ 안에 떨어졌다", "inside"),
    ],
)
def test_verdicts(text, verdict):
    v = [f for f in _facts(text) if f.kind == "verdict"]
    assert len(v) == 1 and v[0].value["verdict"] == verdict


def test_japan_as_a_source_is_not_a_reference_and_the_sea_of_japan_is_not_a_source():
    k = _by_kind("Japan said the missile fell in the Sea of Japan, east of Japan.")
    assert [f.text for f in k["source"]] == ["Japan"]
    assert k["sea"][0].text == "the Sea of Japan" and k["reference"][0].text == "Japan"


def test_a_range_from_a_launch_site_is_not_a_ring():
    k = _by_kind("It flew 700 km from the Taegwan area.")
    assert "ring" not in k and k["range"][0].value["km"] == 700.0


def test_normalisation_maps_back_to_the_original_positions():
    text = "約７００ｋｍ飛翔\x07し、日本海に落下"
    norm, where = normalise(text)
    assert norm.startswith("約700km飛翔 し")  # control character → space
    facts = _facts(text)
    rng = [f for f in facts if f.kind == "range"][0]
    assert rng.text == "約７００ｋｍ飛翔" and rng.value["km"] == 700.0


def test_sentences_split_on_full_stops_semicolons_and_japanese_stops_but_not_on_abbreviations():
    norm = "The U.S. Indo-Pacific Command said it flew 3.5 km. Japan said no; Seoul said yes。次"
    parts = [norm[a:b] for a, b in sentences(norm)]
    assert parts == ["The U.S. Indo-Pacific Command said it flew 3.5 km.", "Japan said no", " Seoul said yes", "次"]


def test_indo_pacific_is_not_the_pacific():
    assert not [f for f in _facts("U.S. Indo-Pacific Command said so.") if f.kind == "sea"]


def test_hostile_text():
    with pytest.raises(InputError, match="give the text"):
        extract_facts(None)
    with pytest.raises(InputError, match="limit"):
        extract_facts("x" * (MAX_TEXT_CHARS + 1))
    assert _facts("") == []
    facts = _facts("{{7*7}} ${7*7} flew about 700 km {% raw %}")
    assert [f.text for f in facts] == ["flew about 700 km"]
