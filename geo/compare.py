"""Verdicts under two zone data sets side by side (e.g. the bundled zones vs Marine Regions).

``compare_points`` returns the usual :func:`geo.classify.check_points` table plus the reference
data's verdict in ``ref_*`` columns and ``differs`` — True where the two ``eez_status`` verdicts
(inside / disputed / outside) disagree, NA for rows that are invalid input. ``compare_point``
does the same for one point and returns a small frozen dataclass.

The reference defaults to ``"marineregions"``, the layers downloaded with ``eezcheck data
download``; any name or path ``--zones`` takes works (see :mod:`geo.zones.catalog`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo.classify import attach_reference, check_point, check_points
from geo.results import DEFAULT_REFERENCE, REF_COLUMNS, PointResult, json_record

__all__ = [
    "REF_COLUMNS",
    "DEFAULT_REFERENCE",
    "PointComparison",
    "compare_point",
    "compare_points",
    "attach_reference",
    "compare_record",
    "report_differences",
]


@dataclass(frozen=True)
class PointComparison:
    """One point's verdict under ``zones`` (``result``) and under the reference data."""

    result: PointResult
    reference: PointResult
    differs: bool

    def to_dict(self) -> dict:
        """The reference side as the ``compare`` object of the JSON output."""
        r = self.reference
        return {
            "zone_type": r.zone_type,
            "zone_name": r.zone_name,
            "sovereigns": list(r.sovereigns),
            "mrgid": r.mrgid,
            "eez_status": r.eez_status,
            "in_target_eez": r.in_target_eez,
            "distance_to_target_eez_km": r.distance_to_target_eez_km,
            "data_source": r.data_source,
            "differs": self.differs,
        }

    def summary(self) -> str:
        """Both verdicts, one line each, and whether they differ."""
        a, b = self.result, self.reference
        lines = [
            f"  compare: {'VERDICTS DIFFER' if self.differs else 'same verdict'} ({a.eez_status} vs {b.eez_status})",
            f"    this data:  {_verdict_line(a)}",
            f"    reference:  {_verdict_line(b)}",
            f"    reference data: {b.data_source}",
        ]
        return "\n".join(lines)


def _verdict_line(r) -> str:
    d = r.distance_to_target_eez_km
    dist = f", {d:+,.0f} km to the limit" if d is not None and np.isfinite(d) else ""
    sov = f" ({';'.join(r.sovereigns)})" if r.sovereigns else ""
    return f"{r.eez_status:<8} — {r.zone_type}: {r.zone_name or '-'}{sov}{dist}"


def compare_point(
    *, lat: float, lon: float, zones=None, reference=DEFAULT_REFERENCE, target: str = "JPN", distances: bool = True
) -> PointComparison:
    """Classify one point under ``zones`` and under ``reference``.

    Parameters
    ----------
    lat, lon, target, distances
        As for :func:`geo.classify.check_point`.
    zones, reference : ``zones=`` values
        The data to check, and the data to compare with (default: downloaded Marine Regions).

    Returns
    -------
    PointComparison

    Examples
    --------
    >>> compare_point(lat=39.0, lon=133.0).differs  # doctest: +SKIP
    True
    """
    a = check_point(lat=lat, lon=lon, target=target, zones=zones, distances=distances)
    b = check_point(lat=lat, lon=lon, target=target, zones=reference, distances=distances)
    return PointComparison(result=a, reference=b, differs=a.eez_status != b.eez_status)


def compare_points(
    data=None, *, lat=None, lon=None, zones=None, reference=DEFAULT_REFERENCE, target: str = "JPN", **kw
):
    """``check_points`` under ``zones`` plus the reference data's verdict (:data:`REF_COLUMNS`).

    Parameters
    ----------
    data, lat, lon, zones, target
        As for :func:`geo.classify.check_points`.
    reference : a ``zones=`` value
        The data to compare with (default: the downloaded Marine Regions layers).
    **kw
        ``lat_col``, ``lon_col``, ``distances``, ``errors`` of :func:`geo.classify.check_points`.

    Returns
    -------
    geopandas.GeoDataFrame
        The reference classifies the checked coordinates of the valid rows, so a bad row is
        reported once, in ``error``, with empty ``ref_*`` fields and ``differs`` NA.

    Examples
    --------
    >>> compare_points(lat=[30.0], lon=[140.0], zones="bundled")["differs"].tolist()  # doctest: +SKIP
    [False]
    """
    res = check_points(data, lat=lat, lon=lon, target=target, zones=zones, **kw)
    return attach_reference(res, reference=reference, target=target, distances=kw.get("distances", True))


def compare_record(row: dict) -> dict:
    """Move a result record's ``ref_*`` fields and ``differs`` into a nested ``compare`` object
    (the JSON layout of ``eezcheck batch --compare --json``)."""
    row = json_record(row)
    rec = {k: v for k, v in row.items() if k not in REF_COLUMNS}
    rec["compare"] = {k.removeprefix("ref_"): row.get(k) for k in REF_COLUMNS}
    return rec


def report_differences(results, *, file, limit: int = 20) -> int:
    """Print how many rows' verdicts differ and list the first ``limit``; returns the count."""
    d = results["differs"].fillna(False).to_numpy(dtype=bool)
    ref = results["ref_data_source"].dropna()
    what = ref.iloc[0].split(";")[0] if len(ref) else "the reference data"
    print(f"eezcheck: compare with {what}: {int(d.sum())} of {int(results['differs'].notna().sum())} verdicts differ", file=file)
    for i in np.flatnonzero(d)[:limit]:
        row = results.iloc[i]
        print(
            f"  row {i + 1}: {float(row['lat']):.4f}, {float(row['lon']):.4f}: {row['eez_status']} ({row['zone_type']}) "
            f"vs {row['ref_eez_status']} ({row['ref_zone_type']})",
            file=file,
        )
    if d.sum() > limit:
        print(f"  ... and {int(d.sum()) - limit} more", file=file)
    return int(d.sum())
