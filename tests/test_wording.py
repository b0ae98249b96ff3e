"""The wording model: rounding steps, compass resolution, and what it does to a parsed report."""

from __future__ import annotations

import numpy as np
import pytest

from geo.errors import InputError
from geo.reports.phrases import parse_report
from geo.reports.wording import (
    BARE_NOISE,
    HEDGED_NOISE,
    calibrated_distance,
    compass_sector,
    distance_likelihood,
    reported_distance,
    rounding_step,
    sample_distance,
)


@pytest.mark.parametrize(
    "value, step",
    [(250, 50), (210, 10), (200, 100), (3200, 100), (1180, 10), (150, 50), (35, 5), (7, 1), (0.5, 1), (2000, 100)],
)
def test_rounding_step_is_the_coarsest_step_the_number_shows(value, step):
    assert rounding_step(value) == step


def test_single_distance_is_its_rounding_interval_plus_noise():
    d = reported_distance(250)
    assert (d.low_km, d.high_km) == (225.0, 275.0)
    assert d.sd_km == pytest.approx(HEDGED_NOISE * 250)
    bare = reported_distance(210, hedged=False)
    assert (bare.low_km, bare.high_km) == (205.0, 215.0) and bare.sd_km == pytest.approx(BARE_NOISE * 210)
    x = sample_distance(d, 200_000, np.random.default_rng(0))
    assert x.mean() == pytest.approx(250, abs=0.2)
    assert x.std() == pytest.approx(d.sigma_km, rel=0.01)


def test_range_and_nautical_miles():
    r = reported_distance(300, 350)
    assert (r.low_km, r.high_km) == (300.0, 350.0)
    nm = reported_distance(100, unit="nmi")
    assert nm.low_km == pytest.approx(50 * 1.852) and nm.high_km == pytest.approx(150 * 1.852)
    with pytest.raises(InputError, match="unit"):
        reported_distance(100, unit="league")
    with pytest.raises(InputError, match="finite"):
        reported_distance(-5)


def test_likelihood_is_flat_inside_and_falls_off_outside():
    d = reported_distance(300)
    lk = distance_likelihood(d, [250.0, 300.0, 350.0, 350.0 + d.sd_km, 500.0])
    assert lk[:3].tolist() == [1.0, 1.0, 1.0]
    assert lk[3] == pytest.approx(np.exp(-0.5), rel=1e-6)
    assert lk[4] < 1e-6


@pytest.mark.parametrize("word, half", [("west", 22.5), ("W", 22.5), ("西", 22.5), ("北西", 22.5), ("WNW", 11.25),
                                        ("北北西", 11.25), ("east-northeast", 11.25)])
def test_compass_resolution(word, half):
    assert compass_sector(word).halfwidth_deg == half


def test_degrees_keep_their_own_spread():
    b = compass_sector(275)
    assert b.degrees == 275 and b.halfwidth_deg not in (22.5,)


def test_parsed_reports_carry_the_model_wide_where_the_wording_is_ambiguous():
    # One model: parse_report (impact --text) reads the wording as the report reader does.
    wide = parse_report("about 200 km west of Oshima-Oshima")
    assert (wide.range_low_km, wide.range_high_km, wide.bearing_halfwidth_deg) == (150.0, 250.0, 22.5)
    fine = parse_report("about 210 km west-northwest of Oshima-Oshima")
    assert (fine.range_low_km, fine.range_high_km, fine.bearing_halfwidth_deg) == (205.0, 215.0, 11.25)
    assert "rounded to 100 km" in wide.rule and "8-point" in wide.rule and "16-point" in fine.rule


def test_the_wording_used_with_both_verdicts_is_too_close_to_call():
    # "about 200 km west of Oshima-Oshima": inside Japan's EEZ on 2023-02-18, outside on 2023-03-16.
    from geo.reports.landing import estimate_impact

    e = estimate_impact("about 200 km west of Oshima-Oshima", samples=4000)
    assert e.call == "too close to call", e.p_in_target_eez


@pytest.mark.parametrize("words, lo, hi", [("約700km", 650, 750), ("about 450 km", 425, 475), ("450-700", 450, 700),
                                          ("700±50", 650, 750), ("약 700km", 650, 750), (210, 205, 215)])
def test_calibrated_distance_reads_the_words_then_applies_the_model(words, lo, hi):
    d = calibrated_distance(words)
    assert (d.low_km, d.high_km) == (lo, hi)
    assert "% of the distance" in d.rule()
