"""How an impact estimate and a read report show in a notebook (``_repr_html_``): a small table
of what ``summary()`` says, built by :func:`geo.results.html_table`, so every text — place names,
quoted report text, zone names — is escaped and shown as written."""

from __future__ import annotations

from geo.names import possessive
from geo.reports.describe import format_latlon
from geo.reports.report_text import scenario_rows
from geo.reports.sampler import probability_text
from geo.results import html_table

__all__ = ["impact_html", "report_html"]

#: The nominal landing point's verdict fields shown under an estimate.
_VERDICT_FIELDS = ("eez_status", "zone_type", "zone_name", "sovereigns", "distance_to_target_eez_km",
                   "nearest_territory", "nearest_territory_km", "data_source")


def impact_html(est) -> str:
    """An :class:`~geo.reports.landing.ImpactEstimate` as an HTML table.

    Parameters
    ----------
    est : ImpactEstimate

    Returns
    -------
    str

    Examples
    --------
    >>> from geo.reports.landing import estimate_impact
    >>> "<table>" in impact_html(estimate_impact("about 210 km west of Oshima-Oshima", samples=500))
    True
    """
    rows = [("landing point", format_latlon(est.landing_lat, est.landing_lon, 4)),
            ("description", est.description + (f" ({est.description_ja})" if est.description_ja else ""))]
    if est.launch_lat is not None:
        at = format_latlon(est.launch_lat, est.launch_lon, 2)
        rows.append(("launch", f"{est.launch_name} ({at})" if est.launch_name else at))
    if est.n_samples:
        value, note = probability_text(est.p_in_target_eez, est.p_stderr, est.n_samples)
        rows.append((f"P(in {possessive(est.target)} EEZ)", f"{value.removeprefix('= ')}" + (f" ({note})" if note else "")))
        rows.append(("Monte Carlo", f"n = {est.n_samples:,}, seed {est.seed}"))
    rows.append(("call", est.call))
    if est.uncertainty:
        rows.append(("uncertainty", est.uncertainty))
    if est.track is not None:
        rows.append(("ground track", est.track.summary()))
    point = est.result.to_dict()
    rows += [(k, point.get(k)) for k in _VERDICT_FIELDS]
    return html_table(f"Landing point {format_latlon(est.landing_lat, est.landing_lon, 4)}: {est.call}", rows)


def report_html(report) -> str:
    """A :class:`~geo.reports.article.Report` as an HTML table: the scenarios side by side, then
    each stated verdict beside the tool's calls.

    Parameters
    ----------
    report : Report

    Returns
    -------
    str

    Examples
    --------
    >>> report_html(read_report("..."))  # doctest: +SKIP
    """
    verdicts = [
        f"{c['stated_by']} states {c['stated_verdict']}{' (hedged)' if c['hedged'] else ''}; from {c['scenario']}'s "
        f"figures the tool says {c['call']}" for c in report.comparisons()
    ] or ["the report states no EEZ verdict"]
    title = f"Report: {len(report.facts)} facts read, {len(report.scenarios)} scenario(s) (one per source's figures)"
    rows = [(name, *values) for name, values in scenario_rows(report)]
    return html_table(title, rows, header=[s.label for s in report.scenarios], note=" · ".join(verdicts))
