"""``eezcheck report`` as a user runs it (a subprocess)."""

from __future__ import annotations

import json

from tests.report_texts import EN_2025_11_07, JA_2025_11_07, KO_2025_11_07


def test_report_text_argument(cli):
    r = cli("report", EN_2025_11_07, "--samples", "3000")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Read from the report" in out and '"flew around 700 km"' in out and '"Taegwan area"' in out
    assert "Scenarios" in out and "South Korea" in out and "Japan" in out
    assert "Japan states outside (hedged); from Japan's figures the tool says outside" in out
    assert "from South Korea's figures the tool says too close to call" in out
    assert "data: " in out and r.stderr == ""
    sea_row = next(line for line in out.splitlines() if line.strip().startswith("sea area"))
    assert "Sea of Japan (East Sea)" in sea_row and "sea_of_japan" not in sea_row  # the name, not the id


def test_report_json_from_stdin(cli):
    r = cli("report", "-", "--json", "--samples", "2000", input=KO_2025_11_07)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    calls = {s["label"]: s["call"] for s in d["scenarios"]}
    assert calls == {"South Korea": "too close to call", "Japan": "outside"}
    assert all({"start", "end", "text", "source"} <= set(f) for f in d["facts"])


def test_report_from_a_file(cli, tmp_path):
    f = tmp_path / "report.txt"
    f.write_text(JA_2025_11_07, encoding="utf-8")
    r = cli("report", f, "--json", "--samples", "2000", "--seed", "3")
    assert r.returncode == 0, r.stderr
    assert {s["label"] for s in json.loads(r.stdout)["scenarios"]} == {"Japan", "South Korea"}


def test_same_seed_same_answer(cli):
    a = json.loads(cli("report", EN_2025_11_07, "--json", "--samples", "2000", "--seed", "7").stdout)
    b = json.loads(cli("report", EN_2025_11_07, "--json", "--samples", "2000", "--seed", "7").stdout)
    assert [s["p_in_target_eez"] for s in a["scenarios"]] == [s["p_in_target_eez"] for s in b["scenarios"]]


def test_nothing_usable_is_a_clear_error(cli):
    r = cli("report", "It landed off the east coast of North Korea.")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("eezcheck: error: nothing to estimate") and "without a distance" in r.stderr
    assert "Traceback" not in r.stderr


def test_hostile_inputs(cli, tmp_path):
    r = cli("report", "")
    assert r.returncode == 2 and "empty" in r.stderr
    r = cli("report", "-", input="")
    assert r.returncode == 2 and "empty" in r.stderr
    r = cli("report", "{{7*7}} {% raw %} ${7*7}")
    assert r.returncode == 2 and "nothing to estimate" in r.stderr and "Traceback" not in r.stderr
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\xff\xfe\x00flew 700 km")
    r = cli("report", binary)
    assert r.returncode == 2 and "not UTF-8" in r.stderr
    r = cli("report", "\x07{{7*7}} " + EN_2025_11_07, "--samples", "1000")
    assert r.returncode == 0 and "\x07" not in r.stdout
    r = cli("report", EN_2025_11_07, "--samples", "0")
    assert r.returncode == 2 and "samples" in r.stderr


def test_a_megabyte_on_stdin(cli):
    filler = ("Lorem ipsum dolor sit amet 12 34. " * 40000)[:1_000_000]
    r = cli("report", "-", "--json", "--samples", "1000", input=filler + EN_2025_11_07, timeout=300)
    assert r.returncode == 0, r.stderr[-500:]
    assert {s["label"] for s in json.loads(r.stdout)["scenarios"]} == {"South Korea", "Japan"}
