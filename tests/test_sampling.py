"""Rejection sampling of constrained positions, and SampledLocation as a report for estimate_impact."""

from __future__ import annotations

import numpy as np
import pytest

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reports.landing import estimate_impact
from geo.reports.places import find_place
from geo.reports.sampling import SampledLocation, proposal, rejection_sample, sampled_location
from geo.reports.wording import reported_distance


def _box(m, rng):
    return rng.uniform(0, 10, m), rng.uniform(0, 10, m)


def test_rejection_keeps_exactly_n_points_that_satisfy_the_constraint():
    lat, lon = rejection_sample(_box, lambda la, lo, r: (la > 9) & (lo > 9), 5000, np.random.default_rng(3), what="corner")
    assert len(lat) == len(lon) == 5000
    assert (lat > 9).all() and (lon > 9).all()
    # Same generator state, same draws.
    again = rejection_sample(_box, lambda la, lo, r: (la > 9) & (lo > 9), 5000, np.random.default_rng(3), what="corner")
    assert np.array_equal(lat, again[0])


def test_contradictory_constraints_are_an_error_naming_them():
    with pytest.raises(InputError, match="no landing point satisfies the impossible corner"):
        rejection_sample(_box, lambda la, lo, r: la > 11, 10, np.random.default_rng(0), what="the impossible corner")


def test_proposal_draws_the_ring():
    sado = find_place("Sado")
    loc = proposal(sado, distance=reported_distance(300), origin_radius_km=0.0)
    lat, lon = loc.sample(5000, np.random.default_rng(0))
    _, _, d = GEOD.inv(np.full(5000, sado.lon), np.full(5000, sado.lat), lon, lat)
    d = d / 1000
    assert d.min() > 250 - 5 * 9 and d.max() < 350 + 5 * 9
    az, _, _ = GEOD.inv(np.full(5000, sado.lon), np.full(5000, sado.lat), lon, lat)
    assert np.histogram(np.mod(az, 360), bins=4, range=(0, 360))[0].min() > 1000  # every direction


def test_sampled_location_is_an_estimable_report_with_a_nominal_point_on_the_constraint():
    sado = find_place("Sado")
    ring = proposal(sado, distance=reported_distance(300), origin_radius_km=0.0)

    def north_half(n, rng):
        return rejection_sample(ring.sample, lambda la, lo, r: la > sado.lat, n, rng, what="north of Sado")

    loc = sampled_location(sado, north_half, method="test", rule="north half of a ring")
    assert isinstance(loc, SampledLocation) and loc.has_uncertainty
    assert loc.lat > sado.lat  # the nominal point is a sample, so it meets the constraint
    e1 = estimate_impact(reported=loc, samples=3000, seed=5)
    e2 = estimate_impact(reported=loc, samples=3000, seed=5)
    assert e1.n_samples == 3000 and (e1.samples_lat > sado.lat).all()
    assert e1.p_in_target_eez == e2.p_in_target_eez
    assert e1.uncertainty == "north half of a ring"
    assert loc.to_dict()["method"] == "test"
