"""The uncertainty region of an impact estimate: the central part of its Monte Carlo samples.

Method: the samples go to a local azimuthal equidistant projection centred on the landing point
(:func:`geo.geodesy.local_aeqd`; distances and azimuths from the centre exact); those whose
Mahalanobis distance from the samples' mean is within the ``level`` quantile are kept, and their
convex hull, grown by 1 m, is the region. It holds at least ``level`` of the samples by
construction; :attr:`UncertaintyRegion.fraction` says how many it holds (tested by projecting
the samples again).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from geo.geodesy import LINE_MAX_SEGMENT_M, local_aeqd

__all__ = ["UncertaintyRegion", "uncertainty_region"]

_MIN_SAMPLES = 5


@dataclass(frozen=True)
class UncertaintyRegion:
    """A region holding ``fraction`` (≥ ``level``) of an impact's ``n_samples`` samples.

    ``lon``/``lat`` are its closed outline (longitudes unwrapped around the landing point, so a
    region across the antimeridian stays in one piece).
    """

    lon: np.ndarray
    lat: np.ndarray
    level: float
    fraction: float
    n_samples: int

    def describe(self) -> str:
        """One line, e.g. "90% region of 400 samples (holds 90.2%)".

        Examples
        --------
        >>> r = UncertaintyRegion(np.zeros(4), np.zeros(4), 0.9, 0.9025, 400)
        >>> r.describe()
        '90% region of 400 samples (holds 90.2%)'
        """
        return f"{self.level:.0%} region of {self.n_samples} samples (holds {self.fraction:.1%})"


def uncertainty_region(*, lat, lon, samples_lat, samples_lon, level: float = 0.9) -> UncertaintyRegion | None:
    """The central ``level`` of a sample cloud around the landing point (lat, lon), or None.

    Parameters
    ----------
    lat, lon : float
        The landing point, degrees: the projection's centre.
    samples_lat, samples_lon : array-like or None
        The Monte Carlo landing points, degrees (non-finite ones are left out).
    level : float
        Share of the samples the region is to hold, in (0, 1).

    Returns
    -------
    UncertaintyRegion or None
        The hull, its edges densified to ≤ 5 km before returning to lon/lat. None if there are
        fewer than 5 finite samples, they do not span an area, or ``level`` is not in (0, 1).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> r = uncertainty_region(lat=40.0, lon=138.0, samples_lat=40 + rng.normal(0, 0.2, 500),
    ...                        samples_lon=138 + rng.normal(0, 0.3, 500), level=0.9)
    >>> r.fraction >= 0.9, r.n_samples
    (True, 500)
    """
    if samples_lat is None or samples_lon is None or not 0 < level < 1:
        return None
    s_lat = np.asarray(samples_lat, dtype=float).ravel()
    s_lon = np.asarray(samples_lon, dtype=float).ravel()
    ok = np.isfinite(s_lat) & np.isfinite(s_lon)
    s_lat, s_lon = s_lat[ok], s_lon[ok]
    if s_lat.size < _MIN_SAMPLES:
        return None
    fwd, inv = local_aeqd(lat, lon)
    xy = np.column_stack(fwd.transform(s_lon, s_lat))
    hull = _central_hull(xy, level)
    if hull is None:
        return None
    inside = shapely.covers(hull, shapely.points(xy))
    hull = shapely.segmentize(hull, LINE_MAX_SEGMENT_M)
    hx, hy = np.asarray(hull.exterior.coords).T
    h_lon, h_lat = inv.transform(hx, hy)
    h_lon = lon + ((np.asarray(h_lon) - lon + 180.0) % 360.0) - 180.0
    return UncertaintyRegion(
        lon=h_lon, lat=np.asarray(h_lat), level=float(level), fraction=float(inside.mean()), n_samples=int(xy.shape[0])
    )


def _central_hull(xy: np.ndarray, level: float):
    """Convex hull of the points within the ``level`` quantile of Mahalanobis distance, grown
    by 1 m (same vertex count) so the points on it stay inside after the round trip; None if
    it has no area."""
    d = xy - xy.mean(axis=0)
    d2 = np.einsum("ij,jk,ik->i", d, np.linalg.pinv(np.cov(xy, rowvar=False)), d)
    hull = shapely.convex_hull(shapely.multipoints(xy[d2 <= np.quantile(d2, level)]))
    if hull.geom_type != "Polygon" or hull.area <= 0:
        return None
    return shapely.buffer(hull, 1.0, join_style="mitre")
