"""The Monte Carlo sampler: every random landing point an estimate uses is drawn here.

One seeded generator (``numpy.random.default_rng(seed)``), ``n`` draws at a time, no Python
loop per sample. What it draws:

* **origins** — Uniform over a disc (a reference feature's size, :func:`disc_points`) or a
  circular Normal (a position error, :func:`normal_points`), laid out in the local tangent plane
  by :func:`geo.geodesy.disc_offset` (its error bound is stated and tested there);
* **ground ranges** — Uniform(low, high) + Normal(0, σ), kept within [0, half a meridian];
* **bearings** — Uniform(centre ± half-width) + Normal(0, σ);
* **landing points** — ``Geod.fwd`` from the origins (exact on WGS84), :func:`landing_points`;

and :func:`hit_fraction` turns the verdicts of the samples into p and its standard error
√(p(1 − p)/n); :func:`probability_text` is how every output writes them (with a 95 % bound, not
"± 0.000", when no sample or every sample hit). Same seed, same samples: draws happen in a fixed order (origin azimuths, origin
distances, ranges, range noise, bearings, bearing noise), each only when its spread is > 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from geo.errors import InputError
from geo.geodesy import GEOD, HALF_MERIDIAN_M, disc_offset, wrap_lon
from geo.reports.numerals import read_number

__all__ = [
    "DEFAULT_SAMPLES",
    "MAX_SAMPLES",
    "Spread",
    "check_samples",
    "check_seed",
    "make_rng",
    "uniform_plus_normal",
    "disc_points",
    "normal_points",
    "landing_points",
    "hit_fraction",
    "probability_text",
]

DEFAULT_SAMPLES = 20_000
#: The most samples one estimate draws (≈ 100 MB of working arrays; p to ± 0.0004 at worst).
MAX_SAMPLES = 2_000_000


def check_samples(samples) -> int:
    """The number of samples asked for, as a whole number in [1, :data:`MAX_SAMPLES`].

    Parameters
    ----------
    samples : int, float or str
        ``20000``, ``2e4``, ``"20,000"``.

    Returns
    -------
    int

    Examples
    --------
    >>> check_samples("2e4")
    20000
    """
    try:
        if isinstance(samples, bool):
            raise ValueError
        v = read_number(samples.strip(), "samples", samples) if isinstance(samples, str) else float(samples)
    except (TypeError, ValueError, InputError):
        raise InputError(f"samples = {samples!r} is not a whole number") from None
    if not (math.isfinite(v) and v == int(v)):
        raise InputError(f"samples = {samples!r} is not a whole number")
    if not 1 <= v <= MAX_SAMPLES:
        raise InputError(f"samples = {samples!r} ({v:,.0f}) must be between 1 and {MAX_SAMPLES:,}")
    return int(v)


def check_seed(seed) -> int | None:
    """A random seed: None (fresh randomness each time) or a whole number ≥ 0.

    Parameters
    ----------
    seed : int, str or None

    Returns
    -------
    int or None

    Examples
    --------
    >>> check_seed("7"), check_seed(None)
    (7, None)
    """
    if seed is None:
        return None
    text = seed.strip() if isinstance(seed, str) else seed
    if isinstance(text, str) and text.isdigit():
        return int(text)
    if isinstance(text, (int, np.integer)) and not isinstance(text, bool) and text >= 0:
        return int(text)
    raise InputError(f"seed = {seed!r}: give a whole number ≥ 0 (the same seed gives the same answer)")


def make_rng(seed) -> np.random.Generator:
    """The generator every draw of one estimate comes from.

    Parameters
    ----------
    seed : int or None
        Checked by :func:`check_seed`.

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> float(make_rng(0).uniform()) == float(make_rng(0).uniform())
    True
    """
    return np.random.default_rng(check_seed(seed))


@dataclass(frozen=True)
class Spread:
    """Uniform(``low``, ``high``) + Normal(0, ``sd``): how one quantity is drawn."""

    low: float
    high: float
    sd: float = 0.0


def uniform_plus_normal(rng: np.random.Generator, spread: Spread, n: int) -> np.ndarray:
    """``n`` draws of Uniform(low, high) + Normal(0, sd); each part drawn only if it is wide.

    Parameters
    ----------
    rng : numpy.random.Generator
    spread : Spread
    n : int

    Returns
    -------
    numpy.ndarray
        Shape (n,).

    Examples
    --------
    >>> uniform_plus_normal(make_rng(0), Spread(5.0, 5.0), 3).tolist()
    [5.0, 5.0, 5.0]
    """
    out = rng.uniform(spread.low, spread.high, n) if spread.high > spread.low else np.full(n, float(spread.low))
    if spread.sd > 0:
        out = out + rng.normal(0.0, spread.sd, n)
    return out


def disc_points(rng: np.random.Generator, lon0: float, lat0: float, radius_km: float, n: int):
    """``n`` points uniform over a disc of ``radius_km`` around (lon0, lat0).

    Parameters
    ----------
    rng : numpy.random.Generator
    lon0, lat0 : float
        Centre, degrees.
    radius_km : float
        0 gives the centre n times (no draws).
    n : int

    Returns
    -------
    lon, lat : numpy.ndarray

    Examples
    --------
    >>> lon, lat = disc_points(make_rng(1), 139.0, 35.0, 10.0, 4)
    >>> lon.shape
    (4,)
    """
    if radius_km <= 0:
        return np.full(n, float(lon0)), np.full(n, float(lat0))
    az = rng.uniform(0.0, 360.0, n)
    d = radius_km * 1000.0 * np.sqrt(rng.uniform(0.0, 1.0, n))  # uniform over the area: r ∝ √U
    return disc_offset(lon0, lat0, az, d)


def normal_points(rng: np.random.Generator, lon0: float, lat0: float, sd_km: float, n: int):
    """``n`` points of a circular Normal position error (σ ``sd_km`` per axis) around (lon0, lat0).

    Parameters
    ----------
    rng : numpy.random.Generator
    lon0, lat0 : float
        Centre, degrees.
    sd_km : float
        σ per axis, km (> 0).
    n : int

    Returns
    -------
    lon, lat : numpy.ndarray
        Longitudes in [-180, 180), latitudes clipped to [-90, 90].

    Examples
    --------
    >>> lon, lat = normal_points(make_rng(1), 139.0, 35.0, 5.0, 4)
    >>> bool(abs(lat - 35.0).max() < 1.0)
    True
    """
    az = rng.uniform(0.0, 360.0, n)
    # |offset| of a circular bivariate Normal is Rayleigh(σ).
    d = sd_km * 1000.0 * np.sqrt(-2.0 * np.log1p(-rng.uniform(0.0, 1.0, n)))
    lon, lat = disc_offset(lon0, lat0, az, d)
    return wrap_lon(lon), np.clip(lat, -90.0, 90.0)


def landing_points(
    rng: np.random.Generator, n: int, *, lon0: float, lat0: float, origin_radius_km: float, range_km: Spread, bearing_deg: Spread
):
    """``n`` landing points: origins over a disc, then ranges along bearings (``Geod.fwd``).

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int
    lon0, lat0 : float
        The reference point, degrees.
    origin_radius_km : float
        Origins are uniform over this disc around it (0: the point itself).
    range_km : Spread
        Ground range, km (kept within [0, half a meridian]).
    bearing_deg : Spread
        Forward azimuth at the origin, degrees.

    Returns
    -------
    lat, lon : numpy.ndarray
        Longitudes in [-180, 180).

    Examples
    --------
    >>> lat, lon = landing_points(make_rng(0), 2, lon0=139.0, lat0=35.0, origin_radius_km=0.0,
    ...                           range_km=Spread(100.0, 100.0), bearing_deg=Spread(90.0, 90.0))
    >>> bool(abs(lat[0] - lat[1]) < 1e-12)
    True
    """
    n = int(n)
    lon_o, lat_o = disc_points(rng, lon0, lat0, origin_radius_km, n)
    dist = np.clip(uniform_plus_normal(rng, range_km, n), 0.0, HALF_MERIDIAN_M / 1000.0)
    az = uniform_plus_normal(rng, bearing_deg, n)
    lon, lat, _ = GEOD.fwd(lon_o, lat_o, az, dist * 1000.0)
    return np.asarray(lat), wrap_lon(lon)


def hit_fraction(hits) -> tuple[float, float]:
    """The fraction p of samples that hit, and its standard error √(p(1 − p)/n).

    Parameters
    ----------
    hits : array-like of bool

    Returns
    -------
    p, stderr : float

    Examples
    --------
    >>> hit_fraction([True, False, True, True])
    (0.75, 0.21650635094610965)
    """
    h = np.asarray(hits, dtype=bool)
    p = float(h.mean())
    return p, math.sqrt(p * (1.0 - p) / h.size)


def probability_text(p: float, stderr: float, n: int, *, decimals: int = 3) -> tuple[str, str]:
    """How p and its standard error are written, the same way in every output.

    A standard error of 0 would say p is exact, but 0 hits out of n only bound p: then the text
    is "< x" with the one-sided 95 % bound 1 − 0.05^(1/n) (≈ 3/n, the rule of three) in a note,
    rounded up to ``decimals``; every sample hitting mirrors it ("> x"). Otherwise p ± stderr,
    with as many more decimals as the standard error needs to show a non-zero digit.

    Parameters
    ----------
    p, stderr : float
        As :func:`hit_fraction` returns them.
    n : int
        Samples drawn (0: no sampling, the plain verdict: p is 0 or 1 exactly).
    decimals : int
        Decimals of p (at least).

    Returns
    -------
    value, note : str
        ``value`` follows "P(…)": "= 0.991 ± 0.001", "< 0.001", "> 0.999" (or "= 1" without
        samples); ``note`` is "" or says which bound was used.

    Examples
    --------
    >>> probability_text(0.991, 0.00067, 20000)
    ('= 0.991 ± 0.001', '')
    >>> probability_text(0.0, 0.0, 20000)
    ('< 0.001', 'no sample inside: 95 % upper bound 0.00015')
    >>> probability_text(1.0, 0.0, 500)
    ('> 0.994', 'every sample inside: 95 % lower bound 0.994')
    >>> probability_text(0.99995, 0.00005, 20000)
    ('= 0.99995 ± 0.00005', '')
    """
    if not n:
        return f"= {p:g}", ""
    k = round(p * n)
    if 0 < k < n:
        d = decimals  # more decimals while the error, or p itself, would read as exact
        while d < 9 and (round(stderr, d) == 0 or round(p, d) in (0.0, 1.0)):
            d += 1
        return f"= {p:.{d}f} ± {stderr:.{d}f}", ""
    bound = 1.0 - 0.05 ** (1.0 / n)
    scale = 10**decimals
    shown = max(math.ceil(bound * scale - 1e-9), 1) / scale  # rounded up: "< shown" stays true
    exact = np.format_float_positional(bound, precision=2, unique=False, fractional=False, trim="-")
    if k == 0:
        return f"< {shown:.{decimals}f}", f"no sample inside: 95 % upper bound {exact}"
    places = len(exact.split(".")[1]) if "." in exact else 0
    return f"> {1 - shown:.{decimals}f}", f"every sample inside: 95 % lower bound {1 - float(exact):.{places}f}"
