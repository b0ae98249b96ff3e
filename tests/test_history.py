"""geo.past_launches() and eezcheck history: the shipped past statements with this tool's estimate."""

from __future__ import annotations

import json

import pytest

import geo
from geo.cli.history import summary_text
from geo.reports.history import ESTIMATE_COLUMNS, agreement, past_launches, past_statements, row_figures

SAMPLES = 1000


@pytest.fixture(scope="module")
def table():  # one run of every past statement (~20 s)
    return past_launches(samples=SAMPLES)


def test_the_table_ships_with_its_sources():
    df = past_launches(estimate=False)
    assert len(df) == len(past_statements()) >= 100
    assert set(df["official_verdict"]) == {"inside", "outside", "unknown"}
    assert (df["official_verdict"] == "inside").sum() >= 17
    assert df["source"].str.startswith("http").all()
    assert df["reported_range_km"].dtype.kind == "f"
    assert list(df.columns[:3]) == ["date", "time_jst", "missile"]


def test_every_row_comes_back_in_order_with_an_estimate_or_a_reason(table):
    rows = past_statements()
    assert table["date"].tolist() == [r["date"] for r in rows]
    assert table["statement"].tolist() == [r["statement"] for r in rows]
    assert set(ESTIMATE_COLUMNS) <= set(table.columns)
    has = table["p_in_target_eez"].notna()
    assert has.sum() >= 80
    assert table.loc[~has, "missing"].notna().all()  # no position: says what is missing
    assert table.loc[has, "call"].isin(["inside", "outside", "too close to call"]).all()


def test_no_past_statement_is_called_confidently_wrong(table):
    assert (table["agreement"] == "disagrees").sum() == 0
    confident = table[table["agreement"] == "agrees"]
    assert len(confident) >= 40


def test_the_wording_used_with_both_verdicts_is_too_close_to_call(table):
    rows = table[table["statement"].str.contains("渡島大島の西") & table["statement"].str.contains("200")]
    assert set(rows["official_verdict"]) == {"inside", "outside"}
    assert set(rows["call"]) == {"too close to call"}


@pytest.mark.parametrize(
    "date, text, call",
    [
        ("2017-08-29", "1,180 km east of Cape Erimo", "outside"),
        ("2022-03-24", "青森県龍飛岬の西約170km", "inside"),
        ("2022-11-18", "渡島大島の西約210キロ", "inside"),
        ("2025-11-07", "朝鮮半島の東", "outside"),
    ],
)
def test_clear_cases_stay_confident(table, date, text, call):
    r = table[(table["date"] == date) & table["statement"].str.contains(text)].iloc[0]
    assert r["call"] == call and r["agreement"] == "agrees"


def test_row_figures_never_read_the_verdict_as_a_position():
    fig = row_figures({"statement": "日本のEEZ外", "statement_en": "outside Japan's EEZ", "launch_site": "Sunan",
                       "reported_range_km": "350"})
    assert fig.sea is None and fig.offset is None and fig.reference is None and fig.verdict["verdict"] == "outside"


def test_agreement_words():
    assert agreement("inside", "inside") == "agrees"
    assert agreement("inside", "outside") == "disagrees"
    assert agreement("too close to call", "inside") == "too close to call"
    assert agreement(None, "inside") == "no estimate"
    assert agreement("inside", "unknown") == "no verdict"


def test_geo_exports():
    assert "past_launches" in geo.__all__ and "read_report" in geo.__all__
    assert geo.past_launches is past_launches


@pytest.mark.slow
def test_cli_history_json_and_map(cli, tmp_path):
    out = tmp_path / "history.html"
    r = cli("history", "--json", "--samples", "300", "--map", out, timeout=600)
    assert r.returncode == 0, r.stderr[-1000:]
    rows = json.loads(r.stdout)
    assert len(rows) == len(past_statements())
    assert {"date", "statement", "official_verdict", "source", "p_in_target_eez", "call", "agreement"} <= set(rows[0])
    assert out.exists() and out.stat().st_size > 10_000 and "map written" in r.stderr


def test_history_in_words(table):
    text = summary_text(table)
    assert text.startswith(f"{len(table)} statements, 2016-02-07 to ")
    assert "Japan stated 17 landings inside its EEZ" in text and "Against the stated verdicts" in text
    assert len(text.splitlines()) == len(table) + 6


def test_cli_history_bad_options(cli, tmp_path):
    r = cli("history", "--samples", "0")
    assert r.returncode == 2 and "samples" in r.stderr
    r = cli("history", "--map", tmp_path / "missing" / "m.html")
    assert r.returncode == 2 and "does not exist" in r.stderr
