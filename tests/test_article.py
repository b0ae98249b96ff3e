"""geo.read_report: a whole report in, one estimate per source's figures out."""

from __future__ import annotations

import json
import time

import pytest

import geo
from geo.errors import InputError
from geo.reports.article import attribute, read_report
from geo.reports.extract import extract_facts
from tests.report_texts import EN_2025_11_07, JA_2025_11_07, KO_2025_11_07

SAMPLES = 4000


def _by_label(report):
    return {s.label: s for s in report.scenarios}


@pytest.mark.parametrize("text", [EN_2025_11_07, KO_2025_11_07, JA_2025_11_07], ids=["en", "ko", "ja"])
def test_2025_11_07_japan_outside_korea_a_probability_beside_japans_verdict(text):
    r = geo.read_report(text, samples=SAMPLES)
    s = _by_label(r)
    assert set(s) == {"South Korea", "Japan"}
    japan, korea = s["Japan"], s["South Korea"]
    # Japan's figure: 450 km from Taegwan (borrowed from South Korea's account) → outside.
    assert japan.figures.range.mid_km == 450 and japan.figures.launch.id == "taegwan"
    assert japan.figures.borrowed["launch"] == "South Korea"
    assert japan.estimate.call == "outside" and japan.estimate.p_in_target_eez < 0.01
    assert japan.figures.verdict["verdict"] == "outside" and japan.figures.verdict["hedged"]
    # South Korea's 700 km into the East Sea reaches Japan's limit: a probability and its call.
    assert korea.figures.range.mid_km == 700 and korea.figures.launch.id == "taegwan"
    assert 0.1 < korea.estimate.p_in_target_eez < 0.9 and korea.estimate.call == "too close to call"
    assert korea.sea_area == "sea_of_japan" and korea.sea_area_shares() == {"sea_of_japan": 1.0}
    assert korea.estimate.result.distance_to_target_eez_km is not None
    # Side by side with Japan's stated verdict.
    comp = {(c["scenario"], c["stated_by"]): c for c in r.comparisons()}
    assert comp[("Japan", "Japan")]["agrees"] is True
    assert comp[("South Korea", "Japan")]["agrees"] is None and comp[("South Korea", "Japan")]["stated_verdict"] == "outside"
    text_out = r.summary()
    assert "South Korea" in text_out and "Japan states outside (hedged)" in text_out and "too close to call" in text_out


def test_attribution_by_sentence_and_proximity():
    t = ("The JCS said the missile flew about 700 km. It landed in the East Sea. "
         "Japan's defense ministry said it flew about 450 km; Seoul said it was launched from Sunan.")
    facts, norm, where = extract_facts(t)
    got = {(f.kind, f.text): f.source for f in attribute(facts, norm, where) if f.kind != "source"}
    assert got[("range", "flew about 700 km")] == "ROK"
    assert got[("sea", "the East Sea")] == "ROK"  # a sentence without a source continues the previous one
    assert got[("range", "flew about 450 km")] == "JPN"
    assert got[("launch", "Sunan")] == "ROK"  # the clause after ';' names its own source


def test_source_after_the_fact_in_its_sentence():
    t = "The missile flew about 700 km before landing in the East Sea, the JCS said."
    facts, norm, where = extract_facts(t)
    assert {f.source for f in attribute(facts, norm, where)} == {"ROK"}


def test_a_stated_position_is_estimated_and_compared_with_its_verdict():
    r = read_report("Japan's Ministry of Defense said the missile fell about 150 km northwest of Okushiri Island, "
                    "inside Japan's EEZ.", samples=SAMPLES)
    (s,) = r.scenarios
    assert s.label == "Japan" and s.method == "stated position"
    assert s.estimate.call == "inside" and r.comparisons()[0]["agrees"] is True


def test_the_wording_used_with_both_verdicts_is_too_close_to_call():
    r = read_report("It fell about 200 km west of Oshima-Oshima.", samples=SAMPLES)
    assert r.scenarios[0].estimate.call == "too close to call"


def test_several_positions_from_one_source_are_several_scenarios():
    r = read_report("Japan said one fell about 200 km west of Oshima-Oshima and another about 250 km west of "
                    "Oshima-Oshima.", samples=2000)
    assert [s.label for s in r.scenarios] == ["Japan (1)", "Japan (2)"]


@pytest.mark.parametrize(
    "text, method",
    [
        ("It fell about 350 km east of the Korean Peninsula.", "stated position, from the coast"),
        ("It fell about 3,200 km east of Japan.", "stated position, from the coast"),
        ("It fell about 200 km off Aomori Prefecture.", "distance from a place, any direction"),
        ("It fell about 300 km from the Oga Peninsula.", "distance from a place, any direction"),
        ("It fell about 500 km from Sado and 300 km from the Oki Islands.", "distances from two places"),
        ("A missile fired from Sunan flew about 400 km and fell off the east coast of North Korea.",
         "range + landing sea, bearing unknown"),
        ("A missile fired from Sunan flew about 700 km east-northeast.", "range + direction from the launch site"),
    ],
)
def test_issue_wordings_get_an_estimate(text, method):
    (s,) = read_report(text, samples=2000).scenarios
    assert s.method == method and s.estimate is not None


@pytest.mark.parametrize(
    "text, missing",
    [
        ("It landed off the east coast of North Korea.", "North Korea's east coast\\) without a distance"),
        ("It fell east of Japan.", "reference \\(Japan\\) without a distance"),
        ("It came down east of the Philippines.", "Philippines"),
        ("The missile travelled around 700 km before landing in the East Sea.", "missing the launch site"),
        ("Seoul said a missile from Sunan flew about 700 km.", "missing a landing sea .* or a direction"),
        ("Japan said it fell outside its EEZ.", "an EEZ verdict \\(outside\\); missing a range"),
    ],
)
def test_wordings_without_a_position_say_what_is_missing(text, missing):
    with pytest.raises(InputError, match=missing):
        read_report(text, samples=1000)


def test_contradictory_figures_say_so():
    with pytest.raises(InputError, match="no direction 60 km from Sunan lands in the Sea of Japan"):
        read_report("A missile fired from Sunan flew about 60 km and fell in the East Sea.", samples=1000)


def test_json_is_complete_and_serialisable():
    d = read_report(EN_2025_11_07, samples=2000).to_dict()
    json.dumps(d)
    assert {s["label"] for s in d["scenarios"]} == {"South Korea", "Japan"}
    k = {s["label"]: s for s in d["scenarios"]}
    assert k["Japan"]["call"] == "outside" and k["Japan"]["sea_area"] == "sea_of_japan"
    assert k["Japan"]["figures"]["borrowed"]["launch"] == "South Korea"
    assert any(f["kind"] == "range" and f["text"] == "flew around 700 km" for f in d["facts"])
    assert d["stated_verdicts"][0]["source"] == "Japan"


def test_hostile_text():
    with pytest.raises(InputError, match="empty"):
        read_report("")
    with pytest.raises(InputError, match="empty"):
        read_report("   \n\t ")
    with pytest.raises(InputError, match="nothing to estimate"):
        read_report("{{7*7}} {% for x in y %} ${7*7} \x00\x1b[31m")
    # Control characters and template payloads around a real report: read, shown literally.
    t = "\x00{{7*7}}\x1b " + EN_2025_11_07 + " {% raw %}"
    r = read_report(t, samples=1000)
    assert {s.label for s in r.scenarios} == {"South Korea", "Japan"}
    out = r.summary()
    assert "49" not in out.replace("0.49", "") or "{{7*7}}" not in out  # never evaluated
    assert "\x00" not in out and "\x1b" not in out


def test_a_megabyte_of_text_is_read_in_reasonable_time():
    filler = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit 12 34. " * 16000)[:1_000_000]
    t0 = time.perf_counter()
    r = read_report(filler + EN_2025_11_07, samples=1000)
    assert time.perf_counter() - t0 < 60
    assert {s.label for s in r.scenarios} == {"South Korea", "Japan"}
