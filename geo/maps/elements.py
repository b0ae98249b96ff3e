"""The folium/branca elements of a map page: layers of features, setup, legend, scale bar,
mouse position, layer control, the notice shown when the scripts do not load, and the page.

Every element renders its macros once into literal text (:class:`Safe`), so no data — a CSV
cell, a zone name, a layer name — is ever read as template source; data reaches the page's
scripts only as JSON from :func:`js_json`. folium is imported here at the top: this module is
loaded only when a map is drawn (``geo.maps`` names load lazily).
"""

from __future__ import annotations

import json
import re

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from geo.maps.assets import inline_assets
from geo.maps.style import JS_HELPER, esc, patterns_svg

__all__ = ["js_json", "Literal", "Safe", "LayerControl", "Page", "Features", "Setup", "Legend", "NmScale", "MouseCoords",
           "ScriptsNotice"]


_JS_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
# Inside JSON strings only (structural braces must stay): HTML-significant characters, the JS
# line separators and Jinja's delimiters become \uXXXX escapes, so no data can close the
# <script> element or be read as template source by any later rendering pass.
_JS_ESCAPES = {c: f"\\u{ord(c):04x}" for c in "<>&{}%#\u2028\u2029"}
_JS_ESCAPE_RE = re.compile("[" + re.escape("".join(_JS_ESCAPES)) + "]")


def js_json(obj) -> str:
    r"""JSON safe to put inside ``<script>``: data stays data (no '</script', no '{{', no '{%').

    Parameters
    ----------
    obj : object
        JSON-serialisable data (no NaN).

    Returns
    -------
    str
        Compact JSON whose strings have ``< > & { } % #`` and U+2028/9 as ``\uXXXX`` escapes.

    Examples
    --------
    >>> js_json({"name": "</script>{{ x }}"})
    '{"name":"\\u003c/script\\u003e\\u007b\\u007b x \\u007d\\u007d"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JS_STRING.sub(lambda m: _JS_ESCAPE_RE.sub(lambda c: _JS_ESCAPES[c.group()], m.group()), text)


class Literal(Element):
    """Text placed in the page as it is: never parsed as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs):
        return self.text


class Safe(MacroElement):
    """A MacroElement whose rendered macros go into the page as literal text.

    branca's MacroElement wraps each rendered macro in ``Element(text)``, which compiles the
    text as a *new* Jinja template: any data in it (a CSV cell, a zone name, a layer name)
    would be evaluated on that second pass. Here the macros are rendered once, from this
    element's own template source, and the result is only ever text."""

    def render(self, **kwargs):
        figure = self.get_root()
        module = self._template.module.__dict__
        for part, holder in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = module.get(part)
            if macro is not None:
                holder.add_child(Literal(macro(self, kwargs)), name=self.get_name())
        for child in list(self._children.values()):
            child.render(**kwargs)


class LayerControl(folium.LayerControl, Safe):
    """folium's layer control, its layer names kept as text."""


class Page(Figure):
    """The HTML page; in offline mode (``assets`` given) its render() inlines the CDN files."""

    def __init__(self, *, title=None, assets=None):
        super().__init__(title=esc(title) if title else None)
        self.assets = assets  # a geo.maps.assets.MapAssets, or None (online)

    def render(self, **kwargs):
        out = super().render(**kwargs)
        if self.assets is not None:
            out = inline_assets(out, self.assets)
        return out


class Features(folium.map.Layer, Safe):
    """A GeoJSON layer whose popups/tooltips are built safely by the eezcheck helper."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }}_meta = {{ this.meta_js }};
        var {{ this.get_name() }} = L.geoJSON({{ this.data_js }}, {
            pane: {{ this.pane_js }},
            style: function (f) { return eezcheck.style(f, {{ this.get_name() }}_meta); },
            pointToLayer: function (f, ll) {
                return eezcheck.point(f, ll, {{ this.pane_js }}, {{ this.get_name() }}_meta);
            },
            onEachFeature: function (f, l) { eezcheck.bind(f, l, {{ this.get_name() }}_meta); }
        });
        {% endmacro %}
        """
    )

    def __init__(self, features, *, name, pane="overlayPane", show=True, meta=None, control=True):
        super().__init__(name=esc(name), overlay=True, control=control, show=show)
        self._name = "EEZCheckFeatures"
        self.features = features
        self.meta = meta or {}  # keys/fixed/styles shared by the features (see geo.maps.layers.result_features)
        self.data_js = js_json({"type": "FeatureCollection", "features": features})
        self.meta_js = js_json(self.meta)
        self.pane_js = js_json(pane)

    def resolved(self):
        """The features with their shared popup rows and style filled in (as the page does)."""
        out = []
        for f in self.features:
            p = dict(f["properties"])
            if "_v" in p:
                vals = iter(p.pop("_v"))
                fixed = self.meta.get("fixed", {})
                p["_rows"] = [[k, fixed[k] if k in fixed else next(vals)] for k in self.meta["keys"]]
            if "_s" in p:
                p["_style"] = self.meta["styles"][p.pop("_s")]
            out.append({**f, "properties": p})
        return out


class Setup(Safe):
    """CSS, SVG patterns, panes, the popup helper and the data attribution."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro html(this, kwargs) %}{{ this.svg }}{% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.helper }}
        (function (m) {
            m.createPane('eezcheck-under-tiles').style.zIndex = 150;  // below the tiles (200)
            m.createPane('eezcheck-lines').style.zIndex = 420;
            m.createPane('eezcheck-points').style.zIndex = 450;
            m.attributionControl.addAttribution({{ this.attribution_js }});
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, attribution: str, css: str):
        super().__init__()
        self._name = "EEZCheckSetup"
        self.css = css
        self.svg = patterns_svg()
        self.helper = JS_HELPER
        self.attribution_js = js_json(esc(attribution))


class Legend(Safe):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (m) {
            var legend = L.control({position: 'bottomleft'});
            legend.onAdd = function () {
                var div = L.DomUtil.create('div', 'eezcheck-legend');
                div.innerHTML = {{ this.html_js }};
                // On a short map the details start folded so the legend does not hide the data.
                var more = div.querySelector('details');
                if (more && m.getSize().y < 700) { more.open = false; }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo(m);
            // Fit the data, keeping it clear of the legend when the map is wide enough.
            var w = legend.getContainer().offsetWidth, size = m.getSize();
            var left = size.x > 2.5 * w ? w + 25 : 25;
            m.fitBounds({{ this.bounds_js }}, {paddingTopLeft: [left, 25], paddingBottomRight: [60, 25]});
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, legend_html: str, bounds):
        super().__init__()
        self._name = "EEZCheckLegend"
        self.html_js = js_json(legend_html)
        self.bounds = [[float(v) for v in corner] for corner in bounds]  # [[south, west], [north, east]]
        self.bounds_js = js_json(self.bounds)


class NmScale(Safe):
    """Leaflet's scale bar, with nautical miles in place of feet and miles."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (m) {
            var NmScale = L.Control.Scale.extend({
                _updateImperial: function (maxMeters) {
                    var maxNm = maxMeters / 1852, nm = this._getRoundNum(maxNm);
                    this._updateScale(this._iScale, nm + ' NM', nm / maxNm);
                }
            });
            new NmScale({position: 'bottomleft', maxWidth: 160}).addTo(m);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "EEZCheckScale"

class MouseCoords(Safe):
    """The mouse position in the bottom-right corner, degrees to 4 decimals with N/S and E/W.

    A few lines of our own script rather than a plugin, so every map has it, offline ones too.
    Takes no parameters; add it to a ``folium.Map``.

    Examples
    --------
    >>> m = folium.Map(tiles=None)
    >>> _ = m.add_child(MouseCoords())
    >>> "eezcheck-coords" in m.get_root().render()
    True
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (m) {
            function fmt(d, pos, neg) { return Math.abs(d).toFixed(4) + '\u00b0 ' + (d >= 0 ? pos : neg); }
            var Coords = L.Control.extend({
                onAdd: function () {
                    var div = L.DomUtil.create('div', 'leaflet-control-mouseposition eezcheck-coords');
                    m.on('mousemove', function (e) {
                        var ll = e.latlng.wrap();
                        div.textContent = fmt(ll.lat, 'N', 'S') + '  ' + fmt(ll.lng, 'E', 'W');
                    });
                    m.on('mouseout', function () { div.textContent = ''; });
                    return div;
                }
            });
            new Coords({position: 'bottomright'}).addTo(m);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "EEZCheckCoords"


class ScriptsNotice(Safe):
    """Plain text over the page saying that the map's scripts did not load and how to get an
    offline copy.

    It needs no script to show: the page's own script removes it as its last step, so it stays
    whenever Leaflet (or anything before that step) failed. Add it to the map last.

    Parameters
    ----------
    paragraphs : iterable of str
        Plain text (HTML-escaped here); a string starting with ``"$ "`` is shown as a command.

    Examples
    --------
    >>> ScriptsNotice(["Scripts did not load.", "$ eezcheck map --offline"]).notice  # doctest: +ELLIPSIS
    '<div id="eezcheck-no-scripts" ...><p>Scripts did not load.</p><pre>eezcheck map --offline</pre></div>'
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}{{ this.notice }}{% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var notice = document.getElementById('eezcheck-no-scripts');
            if (notice && window.L) { notice.parentNode.removeChild(notice); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, paragraphs):
        """``paragraphs``: plain-text strings; a string starting with "$ " is shown as a command."""
        super().__init__()
        self._name = "EEZCheckScriptsNotice"
        body = "".join(f"<pre>{esc(t[2:])}</pre>" if t.startswith("$ ") else f"<p>{esc(t)}</p>" for t in paragraphs)
        self.notice = f'<div id="eezcheck-no-scripts" class="eezcheck-no-scripts" role="alert">{body}</div>'


