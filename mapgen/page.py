"""One map page: a folium Map inside a page of our own, with one boundary between Python and the page.

Python writes data, never JavaScript: the whole scene (see :mod:`mapgen.scene`)
goes into one ``<script type="application/json">`` island, and ``atlas.js``, a
file of its own, reads it and draws. The panel and the figures under the map
are HTML from templates. folium makes the ``L.map`` (so the returned object
is a real folium Map, to show in a notebook or add layers to); nothing from
the data passes through folium's templates, which compile their own output
as Jinja a second time.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from functools import cache
from importlib.resources import files
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template
from rcssmin import cssmin
from rjsmin import jsmin

from mapgen.drawing import draw_map
from mapgen.i18n import Locale
from mapgen.panel import footnote_html, panel_html, text_html
from mapgen.scene import map_scene
from mapgen.specs import find_spec
from mapgen.tours import tour_scene
from routes import Atlas, load_atlas
from routes.model import BASE_LANGUAGE, EVENT_KINDS, PLACE_KINDS

VENDOR = files("mapgen").joinpath("vendor")
SCENE_ID = "atlas-scene"


def island_json(data) -> str:
    """JSON for a ``<script type="application/json">``: UTF-8 as it is, with ``<``, ``>`` and
    ``&`` escaped so no text can close the script or open a comment.

    >>> island_json({"a": "</script><!--é"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003c!--é"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _inline(kind: str, text: str, what: str) -> str:
    closing = f"</{kind}"
    if closing in text.lower():
        raise ValueError(f"{what} contains {closing!r} and cannot be inlined")
    return f"<{kind}>\n{text}\n</{kind}>"


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"expected exactly one {old!r} in the vendored Leaflet CSS")
    return text.replace(old, new)


@cache
def page_assets() -> str:
    """Leaflet, its fullscreen control, the polyline decoder, and the atlas's own CSS and JS, inlined.

    Leaflet's CSS refers to images by relative URL, for its layer control and
    default marker, which the maps do not use: those references are removed,
    so the page requests nothing.
    """
    leaflet = VENDOR.joinpath("leaflet")
    css = leaflet.joinpath("leaflet.css").read_text(encoding="utf-8")
    # The maps use neither Leaflet's layer control nor its default marker: their images are dropped.
    for name in ("layers.png", "layers-2x.png", "marker-icon.png"):
        css = _replace_once(css, f"url(images/{name})", "none")

    def text(*path) -> str:
        return files("mapgen").joinpath(*path).read_text(encoding="utf-8")

    # Minified as they are inlined (licence comments kept): the pages are read over school networks.
    parts = [
        _inline("style", cssmin(css, keep_bang_comments=True), "leaflet.css"),
        _inline(
            "style",
            cssmin(
                text("vendor", "leaflet.fullscreen", "Control.FullScreen.css"),
                keep_bang_comments=True,
            ),
            "fullscreen css",
        ),
        _inline("style", cssmin(text("templates", "atlas.css")), "atlas.css"),
        _inline("style", cssmin(text("templates", "tour.css")), "tour.css"),
        _inline("script", text("vendor", "leaflet", "leaflet.js"), "leaflet.js"),
        _inline(
            "script",
            jsmin(
                text("vendor", "leaflet.fullscreen", "Control.FullScreen.umd.js"),
                keep_bang_comments=True,
            ),
            "fullscreen js",
        ),
        _inline("script", text("vendor", "polyline", "polyline.js"), "polyline.js"),
        _inline("script", jsmin(text("templates", "atlas.js")), "atlas.js"),
        # the guided tours: a script of their own, driving the map through atlas's hooks
        _inline("script", jsmin(text("templates", "tour.js")), "tour.js"),
    ]
    return "\n".join(parts)


class RawHtml(Element):
    """Text placed in the page exactly as given (our own assets)."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "RawHtml"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class AtlasFigure(Figure):
    """The page: ``lang`` and ``title`` set, the panel beside the map, the scene's JSON island,
    the scripts, then the figures as tables (``text``). Panel and text are template output."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang|e }}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>{{ this.title|e }}</title>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        '<a class="atlas-skip" href="#atlas-text">{{ this.skip_text|e }}</a>\n'
        '<main class="atlas-app">\n'
        "{{ this.panel }}\n"
        '<div class="atlas-stage">\n'
        "{{ this.html.render(**kwargs) }}\n"
        "</div>\n"
        "{{ this.footnote }}\n"
        "</main>\n"
        '<script type="application/json" id="' + SCENE_ID + '">{{ this.scene }}</script>\n'
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "{{ this.text }}\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(
        self,
        *,
        title: str,
        lang: str,
        skip_text: str,
        panel: str,
        footnote: str,
        scene: str,
        text: str,
    ):
        super().__init__(title=title)
        self._name = "AtlasFigure"
        self.lang, self.skip_text = lang, skip_text
        self.panel, self.footnote, self.scene, self.text = panel, footnote, scene, text

    def render(self, **kwargs) -> str:
        # Rendering adds pieces to the page's head and script (folium's "addTo" lines among them,
        # under fresh names); drop them afterwards so a second render gives the same page.
        parts = (self.header, self.html, self.script)
        before = [OrderedDict(part._children) for part in parts]
        try:
            return super().render(**kwargs)
        finally:
            for part, children in zip(parts, before, strict=False):
                part._children = children


class OfflineMap(folium.Map):
    """A folium Map that links no CDN asset and lets readers zoom the page (folium's own
    template disables pinch-zoom and loads jQuery); atlas.js sets everything else."""

    default_js: list = []
    default_css: list = []

    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <div class="folium-map atlas-map" id={{ this.get_name()|tojson }} role="region"></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }},
                {center: {{ this.location|tojson }}, ...{{ this.options|tojavascript }}});
        {% endmacro %}
        """
    )


class SceneScript(MacroElement):
    """Hands the map and its scene to atlas.js; added last, so folium's own children come first."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            atlas.start({{ this._parent.get_name() }}, document.getElementById("atlas-scene"));
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "SceneScript"


def assign_stable_ids(figure: Figure) -> None:
    """Replace branca's random element ids with ids counted in tree order, so that two builds
    of the same data give the same bytes."""
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


def build_map(
    name: str,
    *,
    lang: str = BASE_LANGUAGE,
    data_dir: str | Path | None = None,
    atlas: Atlas | None = None,
) -> folium.Map:
    """Build one atlas map as a folium Map, ready to show in a notebook or save.

    Parameters
    ----------
    name : the map's name, as ``supply-atlas list`` shows it (a group id in
        ``groups.csv``), e.g. ``"lend_lease_1941_45"``.
    lang : the language of the map's texts: ``"en"`` or ``"ru"`` (one the map
        declares in ``groups.csv``).
    data_dir : a data folder laid out like ``routes/data`` (default: the shipped data).
    atlas : an already loaded atlas (skips loading ``data_dir``).

    Returns
    -------
    folium.Map
        Self-contained: ``m.save("map.html")`` writes the same bytes as
        ``supply-atlas build``.

    Raises
    ------
    routes.RouteDataError
        If the data is invalid. ``KeyError`` if there is no such map.

    Examples
    --------
    >>> import mapgen
    >>> m = mapgen.build_map("spain_1936_39")
    >>> m.get_root().title
    'Soviet shipping to Republican Spain, 1936–39'
    """
    atlas = atlas if atlas is not None else load_atlas(data_dir)
    spec = find_spec(atlas, name, lang)
    local = atlas.in_language(lang)
    loc = Locale(lang)
    drawn = draw_map(local, spec.route_ids)
    scene = map_scene(local, spec, loc, drawn=drawn)
    scene["tours"] = tour_scene(local, spec.name, drawn)
    scene["text"] = page_words(loc)
    scene["title"] = spec.title
    figure = AtlasFigure(
        title=spec.title,
        lang=lang,
        skip_text=loc.t("map.skip"),
        panel=panel_html(atlas, spec, scene, loc),
        footnote=footnote_html(local, spec, loc),
        scene=island_json(scene),
        text=text_html(local, spec, loc),
    )
    m = OfflineMap(
        location=[0, 0], zoom_start=2, tiles=None, zoom_control=False, control_scale=False
    )
    figure.add_child(m)
    figure.header.add_child(RawHtml(page_assets()), name="assets")
    SceneScript().add_to(m)
    assign_stable_ids(figure)
    return m


def render_page(m: folium.Map) -> str:
    """The complete HTML page of a map built by :func:`build_map`."""
    return m.get_root().render()


def page_words(loc: Locale) -> dict[str, str]:
    """The words atlas.js shows, in the map's language."""
    keys = {
        "zoomIn": "zoom.in",
        "zoomOut": "zoom.out",
        "fullscreen": "fullscreen.enter",
        "fullscreenExit": "fullscreen.exit",
        "filtered": "periods.filtered",
        "showAll": "periods.show_all",
        "openFull": "map.open_full",
        "km": "scale.km",
        "m": "scale.m",
        "close": "popup.close",
    }
    words = {
        name: loc.t(key, shown="{shown}", total="{total}", label="{label}")
        for name, key in keys.items()
    }
    words["aria"] = loc.t("map.aria", title="{title}")
    # the standard words of the cards: kinds of place and loss, captions, "more" summaries
    words.update({f"kind.{kind}": loc.t(f"kind.{kind}") for kind in PLACE_KINDS})
    words.update({f"event.{kind}": loc.t(f"event.{kind}") for kind in EVENT_KINDS})
    words.update(
        {
            "caption.leg": loc.t("popup.leg_figures"),
            "caption.route": loc.t("popup.route_figures"),
            "caption.figures": loc.t("popup.figures"),
            "more.leg": loc.t("popup.more_leg"),
            "more.place": loc.t("popup.more_place"),
            "more.event": loc.t("popup.more_event"),
            "approximateLabel": loc.t("popup.approximate_label"),
            "approximate": loc.t("popup.approximate", radius="{radius}"),
            "sources": loc.t("popup.sources"),
            "positionFrom": loc.t("popup.position_from"),
            "record": loc.t("popup.record", ref="{ref}"),
        }
    )
    return words
