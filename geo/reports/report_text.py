"""A read report in words: what was read (with spans), the scenarios side by side, the verdicts.

Text from the report is shown as it is, with control and other unprintable characters escaped;
nothing from it is ever used as a format string or template.
"""

from __future__ import annotations

from geo.names import possessive
from geo.reports.sampler import probability_text
from geo.reports.scenarios import implied_sea
from geo.reports.seas import sea_areas

__all__ = ["report_summary", "printable", "scenario_rows"]

#: Facts listed per kind in the summary (``--json`` has them all).
MAX_LISTED = 6
_KIND_WORDS = {
    "launch": "launch site", "date": "date", "time": "time", "range": "range", "apogee": "apogee",
    "direction": "direction", "sea": "landing area", "offset": "position", "ring": "distance from a place",
    "reference": "reference", "verdict": "EEZ verdict",
}


def printable(s: str, limit: int = 80) -> str:
    """``s`` with unprintable characters escaped and cut to ``limit`` characters.

    Examples
    --------
    >>> printable("a\\x00b{{7*7}}")
    'a\\\\x00b{{7*7}}'
    """
    out = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in s)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _fact_value(f) -> str:
    v = f.value
    if f.kind in ("range", "apogee"):
        return f"{v['km']:,.0f} km"
    if f.kind == "direction":
        return f"{v['degrees']:g}° ± {v['halfwidth_deg']:g}°"
    if f.kind == "sea":
        return v["name"]
    if f.kind == "verdict":
        return v["verdict"] + (" (hedged)" if v["hedged"] else "")
    if isinstance(v, dict) and "place" in v:
        return v["place"]
    return str(v)


def _read_lines(report) -> list[str]:
    lines = [f"Read from the report ({len(report.text):,} characters):"]
    by_source: dict[str, list] = {}
    for f in report.facts:
        if f.kind != "source":
            by_source.setdefault(f.source or "", []).append(f)
    from geo.reports.extract import SOURCES

    for src, facts in by_source.items():
        lines.append(f"  {SOURCES.get(src, 'unattributed') if src else 'unattributed'}:")
        counts: dict[str, int] = {}
        for f in facts:
            counts[f.kind] = counts.get(f.kind, 0) + 1
            if counts[f.kind] > MAX_LISTED:
                continue
            lines.append(f"    {_KIND_WORDS.get(f.kind, f.kind)}: {printable(_fact_value(f), 40)}"
                         f"  ← \"{printable(f.text)}\" [{f.start}:{f.end}]")
        for kind, n in counts.items():
            if n > MAX_LISTED:
                lines.append(f"    … and {n - MAX_LISTED:,} more {_KIND_WORDS.get(kind, kind)} mentions (see --json)")
    return lines


def _cell(fig, attr, value) -> str:
    if value is None:
        return "—"
    return value + (f" (from {fig.borrowed[attr]})" if attr in fig.borrowed else "")


def scenario_rows(report) -> list[tuple[str, list[str]]]:
    """The scenarios side by side: one row per figure or result, one value per scenario (the
    summary's table, and the notebook's).

    Parameters
    ----------
    report : geo.reports.article.Report

    Returns
    -------
    list of (str, list of str)
        (what, [its text in each scenario, "—" where it has none]).

    Examples
    --------
    >>> scenario_rows(read_report("..."))[0][0]  # doctest: +SKIP
    'launch site'
    """
    t = report.target
    rows: list[tuple[str, list[str]]] = []

    def add(name, values):
        rows.append((name, values))

    sc = report.scenarios
    add("launch site", [_cell(s.figures, "launch", s.figures.launch.name_en if s.figures.launch else None) for s in sc])
    add("range", [_cell(s.figures, "range", f"{s.figures.range.mid_km:,.0f} km" if s.figures.range else None) for s in sc])
    add("direction", [_cell(s.figures, "direction", f"{s.figures.direction.degrees:g}° ± {s.figures.direction.halfwidth_deg:g}°"
                            if s.figures.direction else None) for s in sc])
    add("landing sea", [_sea_cell(s.figures) for s in sc])
    add("position", [printable(s.figures.offset.text, 40) if s.figures.offset else
                     (" + ".join(f"{d.mid_km:,.0f} km from {p.name_en}" for p, d in s.figures.rings) or "—") for s in sc])
    add("method", [s.method or "—" for s in sc])
    add(f"P(in {possessive(t)} EEZ)", [_p_text(s.estimate)[0].removeprefix("= ") if s.estimate else "—" for s in sc])
    add("call", [s.estimate.call if s.estimate else "no estimate" for s in sc])
    add("landing point", [f"{s.estimate.landing_lat:.2f}°N {s.estimate.landing_lon:.2f}°E" if s.estimate else "—" for s in sc])
    add("sea area", [_sea_area_name(s.sea_area) if s.estimate else "—" for s in sc])
    add("to the EEZ limit", [_limit(s) for s in sc])
    add("stated verdict", [(s.figures.verdict["verdict"] + (" (hedged)" if s.figures.verdict["hedged"] else ""))
                           if s.figures.verdict else "—" for s in sc])
    return rows


def _p_text(e) -> tuple[str, str]:
    return probability_text(e.p_in_target_eez, e.p_stderr, e.n_samples)


def _sea_cell(fig) -> str:
    if fig.sea is not None:
        return _cell(fig, "sea", fig.sea.label)
    sea = implied_sea(fig.reference)
    return f"{sea.label} (implied by {fig.reference[0].name_en})" if sea is not None else "—"


def _limit(s) -> str:
    if s.estimate is None or s.estimate.result.distance_to_target_eez_km is None:
        return "—"
    d = s.estimate.result.distance_to_target_eez_km
    return f"{abs(d):,.0f} km {'inside' if d >= 0 else 'outside'}"


def _table(report) -> list[str]:
    rows = scenario_rows(report)
    heads = [s.label for s in report.scenarios]
    w0 = max(len(r[0]) for r in rows)
    widths = [max([len(h)] + [len(r[1][i]) for r in rows]) for i, h in enumerate(heads)]
    widths = [min(w, 44) for w in widths]
    fmt = lambda cells: "  " + "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    lines = ["Scenarios (one per source's figures):", "  " + " " * w0 + fmt(heads)]
    for name, values in rows:
        lines.append("  " + name.ljust(w0) + fmt(values))
    return lines


def _verdict_lines(report) -> list[str]:
    stated = report.stated_verdicts()
    lines = ["Stated verdicts and the tool's calls:"]
    estimates = {s.label: s.estimate for s in report.scenarios}
    if not stated:
        lines.append("  the report states no EEZ verdict")
    for c in report.comparisons():
        hedge = " (hedged)" if c["hedged"] else ""
        verdict = {True: "agrees", False: "DISAGREES", None: "too close to call"}[c["agrees"]]
        lines.append(f"  {c['stated_by']} states {c['stated_verdict']}{hedge}; from {c['scenario']}'s figures the tool says "
                     f"{c['call']} (p {_p_text(estimates[c['scenario']])[0]}) — {verdict}")
    for s in report.scenarios:
        if s.estimate is None:
            lines.append(f"  {s.label}: no estimate — {s.missing}")
    return lines


def report_summary(report) -> str:
    """The whole summary (see the module docstring)."""
    lines = _read_lines(report) + [""] + _table(report) + [""] + _verdict_lines(report) + ["", "Uncertainty:"]
    for s in report.scenarios:
        if s.estimate is not None:
            note = _p_text(s.estimate)[1]
            lines.append(f"  {s.label}: {printable(s.estimate.uncertainty, 600)}" + (f"; P from {s.estimate.n_samples:,} samples: {note}" if note else ""))
    sources = {s.estimate.data_source for s in report.scenarios if s.estimate is not None}
    lines.extend(f"data: {d}" for d in sources)
    return "\n".join(lines)


def _sea_area_name(sea_id: str | None) -> str:
    """A sea area's English name for the printed table (JSON keeps the id)."""
    names = {a.sea_id: a.name_en for a in sea_areas()}
    return names.get(sea_id, sea_id) if sea_id else "—"
