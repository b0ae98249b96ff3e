"""How a map looks: verdict colours and words, zone styles, the page's CSS and popup script,
and popup values as text.

Safety: no user text reaches HTML as markup. Popups, tooltips and the points' data are built
in the browser by :data:`JS_HELPER` with ``textContent``; text put into HTML here goes through
:func:`esc`.
"""

from __future__ import annotations

import html
import math

import numpy as np

from geo.geodesy import NM
from geo.names import country_name, possessive

__all__ = ["VERDICT_COLOURS", "NO_VERDICT_COLOUR", "ZONE_STYLE", "ZONE_KIND_WORDS", "CSS", "JS_HELPER", "patterns_svg",
           "format_value", "esc", "km_nm", "verdict_of", "verdict_colour", "headline", "point_style"]

#: Verdict categories, in legend order, and their colours (distinct hues, also in grey scale).
VERDICT_COLOURS = {
    "inside": "#d62728",
    "disputed": "#ff7f0e",
    "too close to call": "#9467bd",
    "outside": "#1f77b4",
}
#: Colour of a point without a verdict.
NO_VERDICT_COLOUR = "#7f7f7f"
_VERDICT_TEXT = {
    "inside": "inside {p} EEZ",
    "disputed": "disputed — in waters {p_name} claims with another state",
    "too close to call": "too close to call",
    "outside": "outside {p} EEZ",
}


#: The page's CSS: legend, popups (never taller than 60 % of the window: they scroll), tooltips,
#: launch-site marker, mouse position, the notice shown when the scripts do not load, and a sea
#: colour that shows wherever no tile covers the map (offline, or tiles that fail).
CSS = """
.leaflet-container{background:#cfe0ee}
.eezcheck-legend{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:6px;
 box-shadow:0 1px 5px rgba(0,0,0,.35);font:12px/1.3 system-ui,sans-serif;max-width:290px;color:#222}
.eezcheck-legend h4{margin:0 0 4px;font-size:13px}
.eezcheck-legend .eezcheck-summary{font-weight:600;margin-bottom:6px}
.eezcheck-legend summary{margin-top:4px;font-weight:600;color:#555;cursor:pointer}
.eezcheck-legend .eezcheck-item{display:flex;align-items:center;gap:6px;margin:1px 0}
.eezcheck-legend svg{flex:none}
.eezcheck-legend .eezcheck-source{margin-top:6px;color:#555;font-size:11px}
.eezcheck-popup{font:12px/1.35 system-ui,sans-serif;max-height:60vh;overflow-y:auto;overscroll-behavior:contain;
 padding-right:6px}
.eezcheck-popup-title{font-weight:700;font-size:13px;margin-bottom:3px;word-break:break-word}
.eezcheck-popup-verdict{font-weight:600;border-left:5px solid #888;padding-left:6px;margin:3px 0 6px}
.eezcheck-popup table{border-collapse:collapse}
.eezcheck-popup th{text-align:left;font-weight:400;color:#555;padding:1px 8px 1px 0;vertical-align:top;white-space:nowrap}
.eezcheck-popup td{padding:1px 0;word-break:break-word}
.eezcheck-tooltip{white-space:pre-line;max-width:320px}
.eezcheck-tooltip.eezcheck-label{white-space:pre;max-width:none;font-weight:600}
.eezcheck-launch svg{display:block}
.eezcheck-coords{background:rgba(255,255,255,.75);padding:0 5px;font:11px/1.5 system-ui,sans-serif;color:#333}
.eezcheck-coords:empty{display:none}
.eezcheck-legend .eezcheck-note{margin-top:6px;color:#555;font-size:11px}
.eezcheck-no-scripts{position:fixed;inset:0;z-index:10000;overflow:auto;background:#fff;color:#222;padding:2em;
 font:16px/1.5 system-ui,sans-serif}
.eezcheck-no-scripts pre{background:#f3f3f3;padding:.6em .9em;white-space:pre-wrap}
"""

# Written for this project: builds popups/tooltips with textContent so user text is never markup.
JS_HELPER = """
var eezcheck = (function () {
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  // A point's popup rows: its own, or the layer's keys zipped with its values (smaller pages).
  function rows(p, meta) {
    if (p._rows) { return p._rows; }
    if (!p._v || !meta.keys) { return []; }
    var out = [], j = 0, fixed = meta.fixed || {};
    meta.keys.forEach(function (k) {
      out.push([k, Object.prototype.hasOwnProperty.call(fixed, k) ? fixed[k] : p._v[j++]]);
    });
    return out;
  }
  function style(f, meta) {
    var p = f.properties || {};
    return p._style || (meta.styles && meta.styles[p._s]) || {};
  }
  function popup(p, meta) {
    var div = el('div', 'eezcheck-popup');
    if (p._title) { div.appendChild(el('div', 'eezcheck-popup-title', p._title)); }
    if (p._headline) {
      var h = el('div', 'eezcheck-popup-verdict', p._headline);
      h.style.borderLeftColor = p._colour || style({properties: p}, meta).fillColor || '#888';
      div.appendChild(h);
    }
    var t = el('table');
    rows(p, meta).forEach(function (r) {
      var tr = t.insertRow();
      tr.appendChild(el('th', null, r[0]));
      tr.appendChild(el('td', null, r[1]));
    });
    div.appendChild(t);
    return div;
  }
  function bind(f, layer, meta) {
    var p = f.properties || {};
    var tip = p._tooltip || (p._title && p._headline ? p._title + '\\n' + p._headline : null);
    if (tip) {
      layer.bindTooltip(el('div', p._permanent ? 'eezcheck-tooltip eezcheck-label' : 'eezcheck-tooltip', tip),
        p._permanent ? {permanent: true, direction: p._permanent === 'left' ? 'left' : 'right'}
        : {sticky: !p._point, direction: 'top'});  // _permanent: a label always shown (report scenarios)
    }
    if (p._rows || p._v) {
      // Pan clear of the controls in the corners when a popup opens.
      layer.bindPopup(function () { return popup(p, meta); }, {maxWidth: 420, minWidth: 240,
        autoPanPaddingTopLeft: [60, 130], autoPanPaddingBottomRight: [70, 40]});
    }
  }
  function point(f, latlng, pane, meta) {
    var p = f.properties || {};
    if (p._point === 'launch') {
      return L.marker(latlng, {pane: pane, keyboard: true,
        icon: L.divIcon({className: 'eezcheck-launch', iconSize: [18, 16], iconAnchor: [9, 10],
          html: '<svg width="18" height="16"><polygon points="9,1 17,15 1,15" fill="#111" stroke="#fff" stroke-width="1.5"/></svg>'})});
    }
    return L.circleMarker(latlng, Object.assign({pane: pane}, style(f, meta)));
  }
  return {bind: bind, point: point, popup: popup, style: style, rows: rows};
})();
"""



def patterns_svg() -> str:
    """SVG fill patterns for shared zones, referenced as fillColor ``url(#id)`` by the paths.

    Returns
    -------
    str
        An invisible ``<svg>`` holding the hatch patterns.

    Examples
    --------
    >>> 'id="eezcheck-hatch-overlap"' in patterns_svg()
    True
    """
    oc, jc = VERDICT_COLOURS["disputed"], "#8c564b"
    return (
        '<svg aria-hidden="true" style="position:absolute;width:0;height:0;overflow:hidden">'
        "<defs>"
        '<pattern id="eezcheck-hatch-overlap" patternUnits="userSpaceOnUse" width="8" height="8" '
        'patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{oc}" fill-opacity="0.12"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{oc}" stroke-width="3"/></pattern>'
        '<pattern id="eezcheck-hatch-joint" patternUnits="userSpaceOnUse" width="9" height="9" '
        'patternTransform="rotate(-45)">'
        f'<rect width="9" height="9" fill="{jc}" fill-opacity="0.12"/>'
        f'<line x1="0" y1="0" x2="0" y2="9" stroke="{jc}" stroke-width="2"/>'
        f'<line x1="0" y1="0" x2="9" y2="0" stroke="{jc}" stroke-width="2"/></pattern>'
        '<pattern id="eezcheck-hatch-other" patternUnits="userSpaceOnUse" width="8" height="8" '
        'patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#8c8c8c" stroke-width="2"/></pattern>'
        "</defs></svg>"
    )


#: Leaflet path style of each zone layer (its key: a zone type, "land", "neighbour" or
#: "neighbour_shared").
ZONE_STYLE = {
    "land": dict(color="#a39e93", weight=0.6, fillColor="#efebe3", fillOpacity=1.0),
    "neighbour": dict(color="#8c8c8c", weight=0.8, fillColor="#c7c7c7", fillOpacity=0.25),
    "neighbour_shared": dict(color="#8c8c8c", weight=0.8, dashArray="3 3", fillColor="url(#eezcheck-hatch-other)", fillOpacity=0.6),
    "eez": dict(color="#2b6cb0", weight=1.2, fillColor="#9ecae1", fillOpacity=0.35),
    "contiguous_zone": dict(color="#2171b5", weight=1, fillColor="#6baed6", fillOpacity=0.4),
    "territorial_sea": dict(color="#08519c", weight=1, fillColor="#3182bd", fillOpacity=0.45),
    "internal_waters": dict(color="#08306b", weight=0.8, fillColor="#08519c", fillOpacity=0.45),
    "overlapping_claim": dict(color=VERDICT_COLOURS["disputed"], weight=1.5, dashArray="6 4",
                              fillColor="url(#eezcheck-hatch-overlap)", fillOpacity=0.9),
    "joint_regime": dict(color="#8c564b", weight=1.5, dashArray="6 4",
                         fillColor="url(#eezcheck-hatch-joint)", fillOpacity=0.9),
}
#: The words for the target's own zone layers.
ZONE_KIND_WORDS = {
    "eez": "EEZ",
    "contiguous_zone": "contiguous zone",
    "territorial_sea": "territorial sea",
    "internal_waters": "internal waters",
    "overlapping_claim": "overlapping claims",
    "joint_regime": "joint regimes",
    "land": "land",
}


# --------------------------------------------------------------------------- values as text


def format_value(key: str, v) -> str:
    """A value as popup text, formatted by what its column name says it is.

    Parameters
    ----------
    key : str
        The column name (``*_lat``/``*_lon``: 5 decimals; ``*_km``/``*_nm``: 1 decimal;
        ``*bearing*``: whole degrees; ``p_*``: 3 decimals).
    v : object
        The value; None, NaN and pandas' NA are an em dash, booleans yes/no, lists joined by "; ".

    Returns
    -------
    str

    Examples
    --------
    >>> format_value("distance_to_target_eez_km", 1234.56), format_value("lat", 41.5), format_value("x", None)
    ('1,234.6', '41.50000', '—')
    """
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "—"
    if type(v).__name__ in ("NAType", "NaTType"):
        return "—"
    if hasattr(v, "item") and not isinstance(v, (str, bytes, list, tuple, np.ndarray)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v) or "—"
    if isinstance(v, float):
        return _format_float(key.lower(), v)
    return str(v)


def _format_float(k: str, v: float) -> str:
    if not math.isfinite(v):
        return "—"
    if k.endswith(("lat", "lon")) or "_lat" in k or "_lon" in k:
        return f"{v:.5f}"
    if k.endswith(("_km", "_nm")):
        return f"{v:,.1f}"
    if "bearing" in k:
        return f"{v:.0f}°"
    if k.startswith("p_") or k == "p":
        return f"{v:.3f}"
    return f"{v:.6g}"


def esc(s) -> str:
    """``s`` as HTML text (quotes too).

    Parameters
    ----------
    s : object
        Anything; its ``str()`` is escaped.

    Returns
    -------
    str

    Examples
    --------
    >>> esc('<b a="1">')
    '&lt;b a=&quot;1&quot;&gt;'
    """
    return html.escape(str(s), quote=True)


def km_nm(m) -> str:
    """A distance in metres as whole km and NM.

    Parameters
    ----------
    m : float
        Metres.

    Returns
    -------
    str

    Examples
    --------
    >>> km_nm(926_000)
    '926 km (500 NM)'
    """
    return f"{m / 1000:,.0f} km ({m / NM:,.0f} NM)"


# --------------------------------------------------------------------------- verdicts


def verdict_of(item) -> str | None:
    """The verdict category (a key of :data:`VERDICT_COLOURS`) a map shows for a result or an
    impact, or None. Every map colours and counts its points by this one rule.

    An impact's ``call`` says how sure the landing is to be in the target's claimed waters
    (disputed ones count as inside, as Japanese statements count them); its landing point's
    ``eez_status`` says whose waters they are. So "too close to call" and "outside" are the
    call's; an "inside" call is "disputed" where the landing point is in a shared zone (as the
    same point is on a map of results), else "inside". Without a call: ``eez_status``.

    Parameters
    ----------
    item : mapping or object
        A results row (dict, with or without a ``call`` column), a
        :class:`~geo.classify.PointResult`, or an :class:`~geo.reports.landing.ImpactEstimate`
        (its ``call`` and its ``result``'s ``eez_status``).

    Returns
    -------
    str or None
        None if the item has neither a known call nor a known status.

    Examples
    --------
    >>> verdict_of({"eez_status": "disputed"}), verdict_of({"call": "inside", "eez_status": "disputed"})
    ('disputed', 'disputed')
    >>> verdict_of({"call": "too close to call", "eez_status": "disputed"}), verdict_of({"eez_status": None})
    ('too close to call', None)
    """
    call, status = _call_and_status(item)
    status = status if isinstance(status, str) and status in VERDICT_COLOURS else None
    if not (isinstance(call, str) and call in VERDICT_COLOURS):
        return status
    if call == "inside" and status == "disputed":
        return "disputed"
    return call


def _call_and_status(item):
    if isinstance(item, dict):
        return item.get("call"), item.get("eez_status")
    status = getattr(item, "eez_status", None)
    if status is None:
        status = getattr(getattr(item, "result", None), "eez_status", None)
    return getattr(item, "call", None), status


def verdict_colour(verdict: str | None) -> str:
    """The fill colour of a verdict category (grey for None).

    Parameters
    ----------
    verdict : str or None
        A key of :data:`VERDICT_COLOURS`.

    Returns
    -------
    str

    Examples
    --------
    >>> verdict_colour("outside"), verdict_colour(None)
    ('#1f77b4', '#7f7f7f')
    """
    return VERDICT_COLOURS.get(verdict, NO_VERDICT_COLOUR)


def headline(verdict: str | None, target: str, rec: dict | None = None) -> str:
    """The popup's verdict line, e.g. "Inside Japan's EEZ" or "Disputed — … with South Korea".

    Parameters
    ----------
    verdict : str or None
        A key of :data:`VERDICT_COLOURS`, or None (then ``rec["error"]`` is shown).
    target : str
        The state asked about (ISO 3166-1 alpha-3).
    rec : dict, optional
        The result row: a disputed headline names the other claimants and the zone.

    Returns
    -------
    str

    Examples
    --------
    >>> headline("inside", "JPN"), headline(None, "JPN", {"error": "lat = 'x' is not a number"})
    ("Inside Japan's EEZ", "no verdict: lat = 'x' is not a number")
    """
    if verdict is None:
        err = rec.get("error") if rec else None
        return f"no verdict: {err}" if isinstance(err, str) and err else "no verdict"
    text = _VERDICT_TEXT[verdict].format(p=possessive(target), p_name=country_name(target))
    if verdict == "disputed" and rec is not None:
        zone = rec.get("zone_name")
        sov = rec.get("sovereigns") or ""
        codes = list(sov) if isinstance(sov, (list, tuple)) else str(sov).replace(",", ";").split(";")
        others = [c.strip() for c in codes if c.strip() and c.strip() != target]
        if others:
            kind = (rec.get("zone_type") or "").replace("_", " ")
            text = f"disputed — {kind} of {country_name(target)} with " + ", ".join(country_name(o) for o in others)
        if isinstance(zone, str) and zone:
            text += f" ({zone})"
    return text[0].upper() + text[1:]


def point_style(verdict: str | None, cls: str, radius: int = 8) -> dict:
    """Leaflet circle-marker style of a point of verdict ``verdict``.

    Parameters
    ----------
    verdict : str or None
        A key of :data:`VERDICT_COLOURS`.
    cls : str
        The kind of point ("result", "impact"), for the CSS class.
    radius : int
        Marker radius, pixels.

    Returns
    -------
    dict

    Examples
    --------
    >>> point_style("too close to call", "impact")["className"]
    'eezcheck-point eezcheck-impact eezcheck-verdict-too-close-to-call'
    """
    return {
        "radius": radius,
        "color": "#ffffff",
        "weight": 2,
        "fillColor": verdict_colour(verdict),
        "fillOpacity": 0.95,
        "className": f"eezcheck-point eezcheck-{cls} eezcheck-verdict-{(verdict or 'none').replace(' ', '-')}",
    }
