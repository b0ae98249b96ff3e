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
import pandas as pd

__all__ = [
    "REF_COLUMNS",
    "PointComparison",
    "compare_point",
    "compare_points",
    "attach_reference",
    "compare_record",
    "report_differences",
]

#: Columns added beside :data:`geo.classify.RESULT_COLUMNS`.
REF_COLUMNS = [
    "ref_zone_type",
    "ref_zone_name",
    "ref_sovereigns",
    "ref_eez_status",
    "ref_in_target_eez",
    "ref_distance_to_target_eez_km",
    "ref_data_source",
    "differs",
]

DEFAULT_REFERENCE = "marineregions"


def _zones(spec):
    from geo.zones.catalog import resolve_zones

    return resolve_zones(spec)


@dataclass(frozen=True)
class PointComparison:
    """One point's verdict under ``zones`` (``result``) and under the reference data."""

    result: object  # geo.classify.PointResult
    reference: object  # geo.classify.PointResult
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
    """Classify one point under ``zones`` and under ``reference``; see :class:`PointComparison`."""
    from geo.classify import check_point

    a = check_point(lat=lat, lon=lon, target=target, zones=_zones(zones), distances=distances)
    b = check_point(lat=lat, lon=lon, target=target, zones=_zones(reference), distances=distances)
    return PointComparison(result=a, reference=b, differs=a.eez_status != b.eez_status)


def compare_points(
    data=None, *, lat=None, lon=None, zones=None, reference=DEFAULT_REFERENCE, target: str = "JPN", **kw
):
    """``check_points`` under ``zones`` plus the reference data's verdict (:data:`REF_COLUMNS`).

    ``kw`` goes to :func:`geo.classify.check_points` (``lat_col``, ``lon_col``, ``distances``,
    ``errors``). The reference classifies the validated coordinates of the valid rows, so a bad
    row is reported once, in ``error``, with empty ``ref_*`` fields and ``differs`` NA.
    """
    from geo.classify import check_points

    res = check_points(data, lat=lat, lon=lon, target=target, zones=_zones(zones), **kw)
    return attach_reference(res, reference=reference, target=target, distances=kw.get("distances", True))


def attach_reference(results, *, reference=DEFAULT_REFERENCE, target: str = "JPN", distances: bool = True):
    """Add the :data:`REF_COLUMNS` to a ``check_points`` result (a new GeoDataFrame)."""
    from geo.classify import check_points

    out = results.copy()
    n = len(out)
    ok = out["error"].isna().to_numpy() & np.isfinite(out["lat"].to_numpy(dtype=float)) & np.isfinite(out["lon"].to_numpy(dtype=float))
    ref_zones = _zones(reference)
    cols = {
        "ref_zone_type": np.full(n, None, dtype=object),
        "ref_zone_name": np.full(n, None, dtype=object),
        "ref_sovereigns": np.full(n, None, dtype=object),
        "ref_eez_status": np.full(n, None, dtype=object),
        "ref_in_target_eez": pd.array([pd.NA] * n, dtype="boolean"),
        "ref_distance_to_target_eez_km": np.full(n, np.nan),
        "ref_data_source": np.full(n, None, dtype=object),
    }
    if ok.any():
        ref = check_points(
            lat=out["lat"].to_numpy(dtype=float)[ok],
            lon=out["lon"].to_numpy(dtype=float)[ok],
            target=target,
            zones=ref_zones,
            distances=distances,
        )
        for c in cols:
            src = c.removeprefix("ref_")
            vals = ref[src].to_numpy(dtype=object) if src != "in_target_eez" else ref[src].array
            if c == "ref_in_target_eez":
                arr = cols[c]
                arr[np.flatnonzero(ok)] = vals
            elif c == "ref_distance_to_target_eez_km":
                cols[c][ok] = ref[src].to_numpy(dtype=float)
            else:
                cols[c][ok] = vals
    for c, v in cols.items():
        out[c] = v
    differs = pd.array([pd.NA] * n, dtype="boolean")
    if ok.any():
        differs[np.flatnonzero(ok)] = out["eez_status"].to_numpy(dtype=object)[ok] != cols["ref_eez_status"][ok]
    out["differs"] = differs
    return out


def compare_record(row: dict) -> dict:
    """Move a result record's ``ref_*`` fields and ``differs`` into a nested ``compare`` object
    (the JSON layout of ``eezcheck batch --compare --json``)."""
    rec = {k: v for k, v in row.items() if k not in REF_COLUMNS}
    cmp = {k.removeprefix("ref_"): row.get(k) for k in REF_COLUMNS}
    if isinstance(cmp.get("sovereigns"), str):
        cmp["sovereigns"] = [s for s in cmp["sovereigns"].split(";") if s]
    rec["compare"] = cmp
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
            f"  row {i + 1}: {row['lat']:.4f}, {row['lon']:.4f}: {row['eez_status']} ({row['zone_type']}) "
            f"vs {row['ref_eez_status']} ({row['ref_zone_type']})",
            file=file,
        )
    if d.sum() > limit:
        print(f"  ... and {int(d.sum()) - limit} more", file=file)
    return int(d.sum())
