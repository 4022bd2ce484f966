"""The few custom folium/branca elements the atlas needs.

folium does almost everything; these cover what it does not: a page with
``<html lang>`` and an escaped ``<title>``, a map that loads nothing from a
CDN, inlined vendored assets, Leaflet controls holding our own (escaped)
HTML, a shared table of popup texts, and stable element ids.
"""

from __future__ import annotations

import base64
import json
import re
from collections import OrderedDict
from functools import cache
from importlib.resources import files

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from folium.template import Template
from html import escape

VENDOR = files("mapgen").joinpath("vendor", "leaflet")

# branca renders each element's script, then compiles the result as a Jinja
# template once more. Text from the data could then be read as Jinja: a place
# named "{{ 7*7 }}" would become "49", and "{% ... %}" could break the build.
# So every JSON that folium's templates write ("tojson") spells a "{" that
# opens a Jinja tag as "\u007b", which JavaScript reads back as "{".
_JINJA_OPENERS = re.compile(r"\{(?=[{%#])")


def _jinja_inert_dumps(obj, **kwargs) -> str:
    return _JINJA_OPENERS.sub(r"\\u007b", json.dumps(obj, **kwargs))


def jinja_inert_text(text: str) -> str:
    """Already-escaped HTML text for an attribute, with braces as character references."""
    return text.replace("{", "&#123;").replace("}", "&#125;")


class AtlasFigure(Figure):
    """An HTML page: ``lang`` and an escaped ``title`` set, the map in ``<main>``
    followed by ``after_map``, the scripts, then ``after_script`` (both already escaped HTML).

    ``skip_text`` labels a link, first on the page, that lets keyboard users
    jump past the map to the text under it (``#atlas-text``).
    """

    _template = Template(
        "<!DOCTYPE html>\n"
        "<html lang=\"{{ this.lang|e }}\">\n"
        "<head>\n"
        "<meta charset=\"utf-8\">\n"
        "<title>{{ this.title|e }}</title>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{%- if this.skip_text %}\n"
        "<a class=\"atlas-skip\" href=\"#atlas-text\">{{ this.skip_text|e }}</a>\n"
        "{%- endif %}\n"
        "<main>\n"
        "{{ this.html.render(**kwargs) }}\n"
        "{{ this.after_map }}\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "{{ this.after_script }}\n"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(
        self, *, title: str, lang: str = "en", skip_text: str = "", after_map: str = "", after_script: str = ""
    ):
        super().__init__(title=title)
        self._name = "AtlasFigure"
        self.lang = lang
        self.skip_text = skip_text
        self.after_map = after_map
        # After the scripts: the browser draws the map before it reads this (the text under the map).
        self.after_script = after_script

    def render(self, **kwargs) -> str:
        # Rendering adds pieces to the page's head and script (folium's "addTo"
        # lines among them, under fresh random names); drop them afterwards so a
        # second render or save gives the same page instead of doubling them.
        parts = (self.header, self.html, self.script)
        before = [OrderedDict(part._children) for part in parts]
        try:
            return super().render(**kwargs)
        finally:
            for part, children in zip(parts, before):
                part._children = children


class OfflineMap(folium.Map):
    """A folium Map that links no CDN asset and lets readers zoom the page.

    folium's own template disables pinch-zoom (``user-scalable=no``) and
    calls jQuery for ``keep_in_front``; this one does neither.
    """

    default_js: list = []
    default_css: list = []

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <style>
                html, body { width: 100%; margin: 0; padding: 0; }
                /* The map fills the window (or the frame it is embedded in); the
                   figures as text follow below it. */
                #{{ this.get_name() }} { position: relative; width: 100%; height: 100vh; }
                .leaflet-container { font-size: {{ this.font_size }}; }
            </style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
            <div class="folium-map atlas-map" id={{ this.get_name()|tojson }}
                 role="region" aria-label="{{ this.aria_label }}"></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            {%- if this.control_scale %}
            (function () {
                var scale = L.control.scale({{ this.scale_options|tojson }});
                {%- if this.scale_units %}
                // Leaflet writes "km" and "m"; put them in the map's language.
                var units = {{ this.scale_units|tojson }};
                scale._updateScale = function (el, text, ratio) {
                    text = text.replace(/ (km|m)$/, function (all, unit) { return " " + units[unit]; });
                    L.Control.Scale.prototype._updateScale.call(this, el, text, ratio);
                };
                {%- endif %}
                scale.addTo({{ this.get_name() }});
            })();
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, *args, aria_label: str = "Map", scale_units: dict | None = None, imperial: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.aria_label = jinja_inert_text(escape(aria_label, quote=True))
        self.scale_options = {"position": "bottomleft", "maxWidth": 160, "imperial": imperial}
        self.scale_units = scale_units


class RawHtml(Element):
    """Text placed in the page exactly as given (already escaped or trusted)."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "RawHtml"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


@cache
def atlas_script() -> str:
    """The atlas's own JS (period control, popup filtering), for the page's head."""
    js = files("mapgen").joinpath("templates", "atlas.js").read_text(encoding="utf-8")
    if "</script" in js.lower():
        raise ValueError("atlas.js contains '</script' and cannot be inlined")
    return f"<script>\n{js}</script>"


@cache
def polyline_script() -> str:
    """The vendored @mapbox/polyline decoder, for the encoded basemap."""
    js = files("mapgen").joinpath("vendor", "polyline", "polyline.js").read_text(encoding="utf-8")
    if "</script" in js.lower():
        raise ValueError("vendored polyline.js contains '</script' and cannot be inlined")
    return f"<script>\n{js}</script>"


@cache
def leaflet_assets() -> str:
    """Leaflet's CSS and JS from the vendored npm package, for the page's head.

    The CSS refers to images by relative URL; the layer-control icons are
    inlined as data URIs and the default-marker hint (never used here) is
    removed, so the page requests nothing.
    """
    css = VENDOR.joinpath("leaflet.css").read_text(encoding="utf-8")
    for name in ("layers.png", "layers-2x.png"):
        data = base64.b64encode(VENDOR.joinpath(name).read_bytes()).decode("ascii")
        css = _replace_once(css, f"url(images/{name})", f"url(data:image/png;base64,{data})")
    css = _replace_once(css, "url(images/marker-icon.png)", "none")
    js = VENDOR.joinpath("leaflet.js").read_text(encoding="utf-8")
    if "</script" in js.lower():
        raise ValueError("vendored leaflet.js contains '</script' and cannot be inlined")
    return f"<style>\n{css}\n</style>\n<script>\n{js}\n</script>"


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"expected exactly one {old!r} in the vendored Leaflet CSS")
    return text.replace(old, new)


class HtmlControl(MacroElement):
    """A Leaflet control (a box in a corner of the map) holding escaped HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
            {{ this.get_name() }}.onAdd = function (map) {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                {%- if this.label %}
                div.setAttribute("role", "region");
                div.setAttribute("aria-label", {{ this.label|tojson }});
                {%- endif %}
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str, css_class: str, label: str = ""):
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position
        self.css_class = css_class
        self.label = label


class PopupLibrary(MacroElement):
    """Popup HTML shared by many features, declared once as a JS object.

    Every leg of a route shows the route's figures; storing them once keeps
    the page small.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.var_name }} = {{ this.entries|tojson }};
        {% endmacro %}
        """
    )

    # A fixed name: the popup functions refer to it before element ids are made stable.
    var_name = "atlas_route_popups"

    def __init__(self, entries: dict[str, str] | None = None):
        super().__init__()
        self._name = "PopupLibrary"
        self.entries = entries if entries is not None else {}


class EncodedLand(Layer):
    """The offline basemap: land polygons as encoded polylines, drawn on a canvas.

    A base layer of the layer control (folium lists ``Layer`` children there).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            // Its own pane below the routes' (overlayPane, 400), above any tiles (200).
            {{ this._parent.get_name() }}.createPane("atlasLand").style.zIndex = 250;
            var {{ this.get_name() }} = L.polygon([], {{ this.options|tojavascript }});
            // Decoded and drawn just after the first frame, so the routes show without waiting for it.
            (function (layer, encoded) {
                atlas.afterFirstPaint(function () {
                    layer.setLatLngs(encoded.map(function (rings) {
                        return rings.map(function (ring) { return polyline.decode(ring, {{ this.precision }}); });
                    }));
                });
            })({{ this.get_name() }}, {{ this.polygons|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, polygons: list[list[str]], *, precision: int, name: str, options: dict):
        super().__init__(name=name, overlay=False, control=True, show=True)
        self._name = "EncodedLand"
        self.polygons = polygons
        self.precision = precision
        self.options = options


class PeriodControl(MacroElement):
    """The year control: buttons per period that restyle the route widths (atlas.js)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = atlas.periods({{ this._parent.get_name() }}, {{ this.config|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict):
        super().__init__()
        self._name = "PeriodControl"
        self.config = config


class DirectionArrows(MacroElement):
    """Arrowheads along legs, pointing the way the cargo went; drawn as non-interactive markers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.arrows|tojson }}.forEach(function (a) {
                L.marker([a[0], a[1]], {
                    icon: L.divIcon({
                        className: "atlas-arrow",
                        html: '<svg width="{{ this.size }}" height="{{ this.size }}" viewBox="-7 -7 14 14" aria-hidden="true" style="transform: rotate(' + a[2] + 'deg)"><path d="M -5 -5 L 6 0 L -5 5 Z" fill="#ffffff" stroke="{{ this.colour }}" stroke-width="2"/></svg>',
                        iconSize: [{{ this.size }}, {{ this.size }}],
                        iconAnchor: [{{ this.size // 2 }}, {{ this.size // 2 }}]
                    }),
                    interactive: false,
                    keyboard: false
                }).addTo({{ this._parent.get_name() }});
            });
        {% endmacro %}
        """
    )

    def __init__(self, arrows: list[tuple[float, float, float]], *, colour: str, size: int):
        super().__init__()
        self._name = "DirectionArrows"
        self.arrows = [[round(lat, 4), round(lon, 4), round(angle, 1)] for lat, lon, angle in arrows]
        self.colour = colour
        self.size = size


class ZoomButtons(MacroElement):
    """Leaflet's zoom buttons, with their titles in the map's language."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.control.zoom({zoomInTitle: {{ this.zoom_in|tojson }}, zoomOutTitle: {{ this.zoom_out|tojson }}})
                .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, zoom_in: str, zoom_out: str):
        super().__init__()
        self._name = "ZoomButtons"
        self.zoom_in = zoom_in
        self.zoom_out = zoom_out


class OverlayId(MacroElement):
    """Names an overlay for links to a view (``#layers=arctic,places``); added to the overlay."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            atlas.overlay({{ this.overlay_id|tojson }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, overlay_id: str):
        super().__init__()
        self._name = "OverlayId"
        self.overlay_id = overlay_id


class ShowSoon(MacroElement):
    """Added to an overlay created hidden: shows it just after the first frame (atlas.showSoon)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            atlas.showSoon({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "ShowSoon"


class PageBehaviour(MacroElement):
    """Last on the page: the view in the address, embedding, small screens, printing (atlas.js)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            atlas.page({{ this._parent.get_name() }}, {
                layersControl: {{ this.layer_control.get_name() }},
                text: {{ this.text|tojson }}
            });
            atlas.state({{ this._parent.get_name() }}, {{ this.period_control.get_name() if this.period_control else "null" }});
        {% endmacro %}
        """
    )

    def __init__(self, *, layer_control, period_control, text: dict):
        super().__init__()
        self._name = "PageBehaviour"
        self.layer_control = layer_control
        self.period_control = period_control
        self.text = text


class FitView(MacroElement):
    """Open the map on the routes, leaving room for the panels (atlas.fit)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            atlas.fit({{ this._parent.get_name() }}, {{ this.bounds|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "FitView"
        self.bounds = bounds


def assign_stable_ids(figure: Figure) -> None:
    """Replace branca's random element ids with ids counted in tree order.

    Two builds of the same data then give the same bytes.
    """
    counter = iter(range(1_000_000))

    def visit(element: Element) -> None:
        element._id = str(next(counter))
        children = list(element._children.values())
        for child in children:
            visit(child)
        element._children = OrderedDict((child.get_name(), child) for child in children)

    visit(figure)
    for part in (figure.header, figure.html, figure.script):
        visit(part)


def _make_tojson_inert() -> None:
    """Install the inert JSON writer in the Jinja environments of the templates we render."""
    from folium import FeatureGroup, GeoJson, LayerControl, TileLayer
    from folium.map import ElementAddToElement

    classes = (
        GeoJson, FeatureGroup, LayerControl, TileLayer, ElementAddToElement, folium.Map, OfflineMap,
        HtmlControl, PopupLibrary, EncodedLand, PeriodControl, DirectionArrows, FitView, AtlasFigure, ZoomButtons,
        OverlayId, PageBehaviour, ShowSoon,
    )
    for environment in {id(c._template.environment): c._template.environment for c in classes}.values():
        environment.policies["json.dumps_function"] = _jinja_inert_dumps


_make_tojson_inert()
