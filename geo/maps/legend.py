"""The map's legend (verdict counts, swatches of every drawn layer, the zone data) and the
one-line data attribution for the map's corner. All text in them is HTML-escaped here.
"""

from __future__ import annotations

import re

from geo.maps.style import VERDICT_COLOURS, ZONE_STYLE, esc, verdict_colour
from geo.names import possessive

__all__ = ["verdict_counts", "count_text", "legend_html", "short_attribution", "swatch"]

_ATTRIBUTION_MAX = 90


def verdict_counts(verdicts) -> dict:
    """How many points of each verdict category (None: without a verdict), in legend order.

    Parameters
    ----------
    verdicts : iterable of str or None
        One per drawn point, from :func:`geo.maps.style.verdict_of`.

    Returns
    -------
    dict
        Every key of :data:`VERDICT_COLOURS`, then None.

    Examples
    --------
    >>> verdict_counts(["inside", "disputed", "inside", None])
    {'inside': 2, 'disputed': 1, 'too close to call': 0, 'outside': 0, None: 1}
    """
    counts = {k: 0 for k in (*VERDICT_COLOURS, None)}
    for v in verdicts:
        counts[v if v in VERDICT_COLOURS else None] += 1
    return counts


def count_text(counts: dict) -> str:
    """The verdict counts in words ("2 inside, 1 disputed"), the legend's summary line.

    Parameters
    ----------
    counts : dict
        From :func:`verdict_counts`.

    Returns
    -------
    str
        Plain text; empty when nothing is counted.

    Examples
    --------
    >>> count_text(verdict_counts(["inside", "disputed", "inside", None]))
    '2 inside, 1 disputed, 1 without verdict'
    """
    bits = [f"{counts[k]} {k}" for k in VERDICT_COLOURS if counts.get(k)]
    if counts.get(None):
        bits.append(f"{counts[None]} without verdict")
    return ", ".join(bits)


def swatch(style: dict, kind: str = "area") -> str:
    """A small SVG picture of a point, launch marker, line or area drawn in ``style``.

    Parameters
    ----------
    style : dict
        Leaflet path style (fillColor, color, dashArray, fillOpacity).
    kind : str
        "point", "launch", "line" or "area".

    Returns
    -------
    str
        An ``<svg>`` element.

    Examples
    --------
    >>> swatch({"fillColor": "#d62728"}, "point").startswith("<svg")
    True
    """
    if kind == "point":
        return (
            '<svg width="16" height="16"><circle cx="8" cy="8" r="6" stroke="#fff" stroke-width="2" '
            f'fill="{esc(style["fillColor"])}"/></svg>'
        )
    if kind == "launch":
        return '<svg width="16" height="16"><polygon points="8,1 15,14 1,14" fill="#111" stroke="#fff"/></svg>'
    if kind == "line":
        return (
            '<svg width="24" height="12"><line x1="1" y1="6" x2="23" y2="6" '
            f'stroke="{esc(style["color"])}" stroke-width="2" stroke-dasharray="{esc(style.get("dashArray", ""))}"/></svg>'
        )
    return (
        '<svg width="24" height="14"><rect x="1" y="1" width="22" height="12" '
        f'fill="{esc(style["fillColor"])}" fill-opacity="{style.get("fillOpacity", 1)}" '
        f'stroke="{esc(style["color"])}" stroke-width="1.2" stroke-dasharray="{esc(style.get("dashArray", ""))}"/></svg>'
    )


def _item(sw: str, label: str) -> str:
    return f'<div class="eezcheck-item">{sw}<span>{esc(label)}</span></div>'


def _verdict_part(target: str, counts: dict) -> list[str]:
    poss = possessive(target)
    parts = [f"<h4>{esc(poss)} EEZ — verdicts</h4>"]
    if sum(counts.values()):
        parts.append(f'<div class="eezcheck-summary">{esc(count_text(counts))}</div>')
    labels = {"inside": f"inside {poss} EEZ", "outside": f"outside {poss} EEZ",
              "disputed": "disputed (shared waters)", "too close to call": "too close to call"}
    for k in VERDICT_COLOURS:
        parts.append(_item(swatch({"fillColor": verdict_colour(k)}, "point"), f"{labels[k]} ({counts[k]})"))
    if counts[None]:
        parts.append(_item(swatch({"fillColor": verdict_colour(None)}, "point"), f"no verdict ({counts[None]})"))
    return parts


def legend_html(target: str, counts: dict, zone_keys, *, sites: bool, tracks: bool, rings: bool, regions: bool,
                level: float, source, note: str | None = None) -> str:
    """The legend's HTML.

    Parameters
    ----------
    target : str
    counts : dict
        From :func:`verdict_counts`.
    zone_keys : sequence of (key, layer name)
        The zone layers drawn (keys of :data:`geo.maps.style.ZONE_STYLE`).
    sites, tracks, rings, regions : bool
        Whether launch sites, ground tracks, range rings, uncertainty regions are drawn.
    level : float
        The uncertainty regions' level.
    source : geo.zones.DataSource
        The zone data, named at the bottom.
    note : str, optional
        Plain text shown last (e.g. what an offline copy leaves out).

    Returns
    -------
    str

    Examples
    --------
    >>> from geo.zones.model import DataSource
    >>> src = DataSource("Zones <x>", "2024", "CC BY 4.0", "VLIZ")
    >>> page = legend_html("JPN", verdict_counts(["inside"]), [], sites=False, tracks=False, rings=False,
    ...                    regions=False, level=0.9, source=src)
    >>> "1 inside" in page and "Zones &lt;x&gt;" in page
    True
    """
    parts = _verdict_part(target, counts)
    parts.append('<details class="eezcheck-more" open><summary>Zones and lines</summary>')
    if sites:
        parts.append(_item(swatch({}, "launch"), "launch site"))
    if tracks:
        parts.append(_item(swatch({"color": "#222222", "dashArray": "8 5"}, "line"), "ground track (geodesic)"))
    if rings:
        parts.append(_item(swatch({"color": "#444444", "dashArray": "2 4"}, "line"), "range ring (geodesic)"))
    if regions:
        region_style = {"color": "#555555", "fillColor": "#555555", "fillOpacity": 0.12, "dashArray": "5 4"}
        parts.append(_item(swatch(region_style), f"{level:.0%} uncertainty region"))
    for key, name in zone_keys:
        parts.append(_item(swatch(ZONE_STYLE[key]), name))
    parts.append(
        f'<div class="eezcheck-source">Zones: {esc(source.dataset)}, {esc(source.edition)} '
        f"({esc(source.licence)}). Drawn simplified; verdicts use the full data.</div>"
    )
    if note:
        parts.append(f'<div class="eezcheck-note">{esc(note)}</div>')
    parts.append("</details>")
    return "".join(parts)


def short_attribution(src) -> str:
    """One line for the map's corner: dataset, edition, licence and whom to credit.

    Parameters
    ----------
    src : geo.zones.DataSource

    Returns
    -------
    str
        Plain text (the page escapes it).

    Examples
    --------
    >>> from geo.zones.model import DataSource
    >>> short_attribution(DataSource("Marine Regions", "v12", "CC BY 4.0", "Flanders Marine Institute. More."))
    'Zones: Marine Regions v12, CC BY 4.0, © Flanders Marine Institute'
    """
    credit = (src.attribution or "").strip()
    first = re.split(r"\. |; ", credit)[0].rstrip(".").strip()
    if len(first) > _ATTRIBUTION_MAX:
        first = first[: _ATTRIBUTION_MAX - 3].rstrip() + "…"
    if first and not first.startswith(("©", "(c)", "Copyright")):
        first = "© " + first
    text = f"Zones: {src.dataset} {src.edition}, {src.licence}"
    return text + (f", {first}" if first else "")
