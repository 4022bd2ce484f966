"""Small composable functions that add one kind of layer or panel to a map."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import importlib
from importlib.resources import files

import folium
import xyzservices
from folium.utilities import JsCode

from geo import geodesic_circle, land_in_window, marks_along
from geo.cache import cached, code_of, source_digest
from mapgen import encoding, style
from mapgen.encoding import encode_polyline
from mapgen.elements import DirectionArrows, EncodedLand, HtmlControl, OverlayId, PopupLibrary, ShowSoon
from mapgen.i18n import ENGLISH, Locale
from mapgen.text import figures_key, figures_ref, sources_list
from routes.model import Atlas, Event, Leg, Place, Route

COORD_DIGITS = 3  # about 110 m: finer than any source places a route, and keeps pages small
LAND_DIGITS = 2


@dataclass(frozen=True)
class DrawnLeg:
    leg: Leg
    coords: list[tuple[float, float]]  # unwrapped and moved into the map's frame


def _round_coords(value, digits: int):
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(float(v), digits) for v in value]
        return [_round_coords(v, digits) for v in value]
    return value


def _feature(geometry: dict, properties: dict, digits: int = COORD_DIGITS) -> dict:
    rounded = {"type": geometry["type"], "coordinates": _round_coords(geometry["coordinates"], digits)}
    return {"type": "Feature", "geometry": rounded, "properties": properties}


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def add_land(m: folium.Map, *, west: float, east: float, south: float, north: float, loc: Locale = ENGLISH) -> None:
    """The offline basemap: Natural Earth land, encoded compactly and drawn on a canvas."""
    attribution = escape(loc.t("attribution"))
    polygons = encoded_land(west, east, south, north)
    EncodedLand(
        polygons,
        precision=LAND_DIGITS,
        name=escape(loc.t("layer.land")),
        options={
            **{k: v for k, v in style.LAND_STYLE.items()},
            "renderer": JsCode('L.canvas({padding: 0.5, pane: "atlasLand"})'),
            "pane": "atlasLand",
            "attribution": attribution,
        },
    ).add_to(m)


def encoded_land(west: float, east: float, south: float, north: float) -> list[list[str]]:
    """The land in a frame as encoded polylines (one list of rings per polygon), cached on disk."""
    land_module = importlib.import_module("geo.land")  # the module, not geo.land(), the function
    shipped = files("geo").joinpath("data", land_module.DRAWING_LAND_FILE)

    def compute() -> list[list[str]]:
        land = land_in_window(west, east=east, south=south, north=north)
        return [
            [encode_polyline([(lat, lon) for lon, lat in ring.coords], LAND_DIGITS) for ring in (p.exterior, *p.interiors)]
            for p in land.geoms
        ]

    key = {
        "frame": [west, east, south, north],
        "digits": LAND_DIGITS,
        "code": code_of([land_module, encoding]),
        "land": source_digest((str(shipped),)),
    }
    return cached("land", key, compute)


def add_online_basemap(m: folium.Map, loc: Locale = ENGLISH) -> None:
    """An optional online basemap; never shown by default (it needs the internet).

    Esri's shaded relief has no modern borders or place names (right for a
    historical map) and needs no API key.
    """
    provider: xyzservices.TileProvider = xyzservices.providers.Esri.WorldShadedRelief
    folium.TileLayer(
        tiles=provider,
        name=escape(loc.t("layer.relief")),
        overlay=False,
        show=False,
    ).add_to(m)


def leg_label(atlas: Atlas, leg: Leg) -> str:
    ends = f"{atlas.places[leg.from_place].name} → {atlas.places[leg.to_place].name}"
    return f"{leg.name}: {ends}" if leg.name else ends


def route_popup_html(atlas: Atlas, route: Route, charts_html: str = "", loc: Locale = ENGLISH) -> str:
    """The part of every leg's popup that is about the whole route (and its charts)."""
    figures = atlas.figures_about(route.id)
    table = (
        figures_ref(figures_key(route.id), loc.t("popup.route_figures"))
        if figures
        else f'<p class="atlas-no-figures">{escape(loc.t("popup.no_route_figures"))}</p>'
    )
    return (
        f"<h3>{escape(route.name)}, {escape(loc.period(route.period))}</h3>"
        f"<p>{escape(route.summary)}</p>" + table + charts_html
    )


def leg_popup_html(atlas: Atlas, route: Route, leg: Leg, loc: Locale = ENGLISH) -> str:
    parts = [
        f"<h2>{escape(route.name)}</h2>",
        f"<p><strong>{escape(leg_label(atlas, leg))}</strong><br>"
        f"{escape(loc.t('mode.' + leg.mode))} · {escape(loc.period(leg.period))}</p>",
    ]
    if leg.note:
        parts.append(f"<p class=\"atlas-note\">{escape(leg.note)}</p>")
    if atlas.figures_for_feature(leg.id):
        parts.append(figures_ref(figures_key(route.id, leg.id), loc.t("popup.leg_figures")))
    if leg.sources:
        parts.append(f"<p>{escape(loc.t('popup.leg_sources'))}</p>" + sources_list(atlas, leg.sources))
    return "".join(parts)


def add_route_layer(
    m: folium.Map,
    atlas: Atlas,
    route: Route,
    drawn: list[DrawnLeg],
    *,
    colour: str,
    library: PopupLibrary,
    charts_html: str = "",
    loc: Locale = ENGLISH,
) -> folium.FeatureGroup:
    """One overlay per route: its legs styled by mode, arrows showing direction, and popups.

    Where the map has a year control, atlas.js sets the line widths by period.
    """
    # The layer control doubles as the route legend: each entry shows the route's line.
    group = folium.FeatureGroup(
        name=f"{_line_sample(colour, None, 5)}<span>{escape(route.name)}</span>", overlay=True, show=True
    )
    features = []
    for item in drawn:
        leg = item.leg
        path_style = {"color": colour, "opacity": 0.9, **style.MODE_STYLES[leg.mode]}
        features.append(
            _feature(
                {"type": "LineString", "coordinates": item.coords},
                {
                    "route": route.id,
                    "leg": leg.id,
                    "mode": leg.mode,
                    "css": f"atlas-leg atlas-route-{route.id} atlas-mode-{leg.mode}",
                    "tooltip": escape(
                        f"{route.name}: {atlas.places[leg.from_place].name} → {atlas.places[leg.to_place].name}"
                    ),
                    "popup": leg_popup_html(atlas, route, leg, loc),
                    "style": {k: v for k, v in path_style.items() if v is not None},
                },
            )
        )
    library.entries[route.id] = route_popup_html(atlas, route, charts_html, loc)
    folium.GeoJson(
        _collection(features),
        control=False,
        on_each_feature=JsCode(_bind_js(library, shared_key="route", register=True)),
    ).add_to(group)
    # Arrows are markers in the page; on a route of thousands of voyages they would be
    # thousands of markers, so such a route is drawn without them.
    arrows = (
        [mark for item in drawn for mark in marks_along(item.coords, every_km=style.ARROW_SPACING_KM)]
        if len(drawn) <= style.ARROWS_UP_TO_LEGS
        else []
    )
    if arrows:
        DirectionArrows([(lat, lon, angle) for lon, lat, angle in arrows], colour=colour, size=style.ARROW_SIZE_PX).add_to(
            group
        )
    OverlayId(route.id).add_to(group)
    group.add_to(m)
    return group


def _bind_js(library: PopupLibrary | None = None, shared_key: str = "", *, register: bool = False) -> str:
    """JS run for each feature: set its CSS class, bind its tooltip and popup.

    Popup and tooltip texts are HTML escaped in Python; JS only joins them.
    ``register`` hands route legs to atlas.js, which restyles them by period.
    """
    shared = f" + ({library.var_name}[p.{shared_key}] || \"\")" if library is not None else ""
    return (
        "function (feature, layer) {\n"
        "  var p = feature.properties;\n"
        "  layer.options.className = p.css;\n"
        + ("  atlas.register(layer);\n" if register else "")
        + "  if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }\n"
        "  layer.bindPopup(function () {\n"
        "    var div = document.createElement('div');\n"
        "    div.className = 'atlas-popup';\n"
        f"    div.innerHTML = p.popup{shared};\n"
        "    atlas.fillFigures(div);\n"
        "    return div;\n"
        "  }, {maxWidth: 420, minWidth: 260, autoPanPaddingTopLeft: [20, 90], autoPanPaddingBottomRight: [20, 20]});\n"
        "  atlas.keyboard(layer, p.tooltip);\n"
        "}"
    )


def place_popup_html(atlas: Atlas, place: Place, loc: Locale = ENGLISH, route_ids: tuple[str, ...] = ()) -> str:
    """A place's popup; its figures are those of the map's routes (``route_ids``)."""
    kind = loc.t("kind." + place.kind)
    source = atlas.sources.get(place.coord_source)
    parts = [f"<h2>{escape(place.name)}</h2>", f"<p>{escape(kind)}</p>"]
    if place.note:
        parts.append(f"<p class=\"atlas-note\">{escape(place.note)}</p>")
    for route_id in route_ids:
        if route_id in place.routes and any(f.route == route_id for f in atlas.figures_for_feature(place.id)):
            caption = loc.t("popup.figures") + (f": {atlas.routes[route_id].name}" if len(route_ids) > 1 else "")
            parts.append(figures_ref(figures_key(route_id, place.id), caption))
    if source is not None:
        ref = f" ({escape(loc.t('popup.record', ref=place.coord_ref))})" if place.coord_ref else ""
        parts.append(f"<p>{escape(loc.t('popup.position_from'))} {sources_list(atlas, (source.id,))}{ref}</p>")
    return "".join(parts)


def add_places_layer(
    m: folium.Map, atlas: Atlas, places: list[tuple[Place, float]], loc: Locale = ENGLISH,
    route_ids: tuple[str, ...] = (),
) -> folium.FeatureGroup:
    """Ports, airfields, stations and straits as circle markers, each with a popup."""
    label = escape(loc.t("layer.places"))
    # shown just after the first frame (ShowSoon), so the routes show first
    group = folium.FeatureGroup(
        name=f"{_dot_sample('#1f3b73', '#111111', 5)}<span>{label}</span>", overlay=True, show=False
    )
    features = [
        _feature(
            {"type": "Point", "coordinates": [lon, place.lat]},
            {
                "css": f"atlas-place atlas-kind-{place.kind}",
                "tooltip": escape(place.name),
                "popup": place_popup_html(atlas, place, loc, route_ids),
                "style": {**style.PLACE_MARKER, **style.PLACE_STYLES[place.kind]},
            },
        )
        for place, lon in places
    ]
    folium.GeoJson(
        _collection(features),
        control=False,
        marker=folium.CircleMarker(radius=5),
        on_each_feature=JsCode(_bind_js()),
    ).add_to(group)
    OverlayId("places").add_to(group)
    ShowSoon().add_to(group)
    group.add_to(m)
    return group


def add_place_names(
    m: folium.Map, places: list[tuple[Place, float]], *, show: bool, loc: Locale = ENGLISH
) -> folium.FeatureGroup:
    """An overlay of place names, as labels a class can read off the projected map."""
    group = folium.FeatureGroup(name=f"<span>{escape(loc.t('layer.names'))}</span>", overlay=True, show=False)
    features = [
        _feature(
            {"type": "Point", "coordinates": [lon, place.lat]},
            {"label": escape(_label_text(place))},
        )
        for place, lon in places
    ]
    folium.GeoJson(
        _collection(features),
        control=False,
        marker=folium.CircleMarker(radius=0, opacity=0, fillOpacity=0, interactive=False),
        on_each_feature=JsCode(
            "function (feature, layer) {\n"
            "  layer.bindTooltip(feature.properties.label, {permanent: true, direction: 'right', offset: [6, 0],"
            " className: 'atlas-label', interactive: false});\n"
            "}"
        ),
    ).add_to(group)
    OverlayId("names").add_to(group)
    if show:
        ShowSoon().add_to(group)
    group.add_to(m)
    return group


def _label_text(place: Place) -> str:
    """A short label: the place's ``label``, else its name before any parenthesis or comma
    ("Krasnovodsk (today Türkmenbaşy)" -> "Krasnovodsk", "Cleveland, Ohio" -> "Cleveland")."""
    return place.label or place.name.split(" (")[0].split(",")[0]


def event_popup_html(atlas: Atlas, event: Event, loc: Locale = ENGLISH) -> str:
    parts = [
        f"<h2>{escape(event.name)}</h2>",
        f"<p>{escape(loc.t('event.' + event.kind))} · {escape(loc.period(event.period))}</p>",
    ]
    if event.approximate:
        # the message holds its own markup (<strong>); the radius is a number
        parts.append(f"<p>{loc.t('popup.approximate', radius=loc.number(event.radius_km))}</p>")
    if event.note:
        parts.append(f"<p class=\"atlas-note\">{escape(event.note)}</p>")
    if atlas.figures_for_feature(event.id):
        parts.append(figures_ref(figures_key(event.route, event.id), loc.t("popup.figures")))
    parts.append(f"<p>{escape(loc.t('popup.sources'))}</p>" + sources_list(atlas, event.sources))
    return "".join(parts)


def add_events_layer(
    m: folium.Map, atlas: Atlas, events: list[tuple[Event, float]], loc: Locale = ENGLISH
) -> folium.FeatureGroup:
    """Losses and detentions: a ringed point where the position is known, an area where it is not."""
    colour = style.EVENT_COLOURS["sinking"]
    group = folium.FeatureGroup(
        name=f"{_dot_sample(colour, colour, 5, opacity=0.35)}<span>{escape(loc.t('layer.losses'))}</span>",
        overlay=True,
        show=False,  # shown just after the first frame (ShowSoon)
    )
    points, areas = [], []
    for event, lon in events:
        colour = style.EVENT_COLOURS[event.kind]
        properties = {
            "css": f"atlas-event atlas-event-{event.kind}" + (" atlas-approximate" if event.approximate else ""),
            "tooltip": escape(loc.t("tooltip.approximate", name=event.name) if event.approximate else event.name),
            "popup": event_popup_html(atlas, event, loc),
        }
        if event.approximate:
            ring = geodesic_circle(lon, event.lat, event.radius_km)
            areas.append(
                _feature(
                    {"type": "Polygon", "coordinates": [ring]},
                    {**properties, "style": {"color": colour, "fillColor": colour, **style.EVENT_AREA}},
                )
            )
        else:
            points.append(
                _feature(
                    {"type": "Point", "coordinates": [lon, event.lat]},
                    {**properties, "style": {"color": colour, "fillColor": colour, **style.EVENT_MARKER}},
                )
            )
    if areas:
        folium.GeoJson(_collection(areas), control=False, on_each_feature=JsCode(_bind_js())).add_to(group)
    if points:
        folium.GeoJson(
            _collection(points),
            control=False,
            marker=folium.CircleMarker(radius=6),
            on_each_feature=JsCode(_bind_js()),
        ).add_to(group)
    OverlayId("losses").add_to(group)
    ShowSoon().add_to(group)
    group.add_to(m)
    return group


def _line_sample(colour: str, dash: str | None, weight: float) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="36" height="12" aria-hidden="true"><line x1="1" y1="6" x2="35" y2="6" '
        f'stroke="{colour}" stroke-width="{weight}"{dash_attr}/></svg>'
    )


def _dot_sample(fill: str, stroke: str, radius: float, *, dashed: bool = False, opacity: float = 1) -> str:
    dash = ' stroke-dasharray="3 2"' if dashed else ""
    return (
        f'<svg width="16" height="16" aria-hidden="true"><circle cx="8" cy="8" r="{radius}" fill="{fill}" '
        f'fill-opacity="{opacity}" stroke="{stroke}" stroke-width="1.5"{dash}/></svg>'
    )


def legend_html(
    modes: list[str], place_kinds: list[str], event_kinds: list[str], has_approximate: bool, loc: Locale = ENGLISH
) -> str:
    """The legend: mode patterns, place and loss symbols actually on the map.

    Route colours are shown in the layer control, next to each route's tick box.
    """
    out = [f"<h2>{escape(loc.t('legend.legs'))}</h2><ul>"]
    for mode in modes:
        mode_style = style.MODE_STYLES[mode]
        out.append(
            f"<li>{_line_sample('#333333', mode_style['dashArray'], 3)}"
            f"<span>{escape(loc.t('mode.' + mode))}</span></li>"
        )
    if place_kinds:
        out.append(f"</ul><h2>{escape(loc.t('legend.places'))}</h2><ul>")
        # kinds drawn alike share one line of the legend
        by_fill: dict[str, list[str]] = {}
        for kind in place_kinds:
            by_fill.setdefault(style.PLACE_STYLES[kind]["fillColor"], []).append(loc.t("kind." + kind))
        for fill, labels in by_fill.items():
            label = ", ".join([labels[0]] + [lab.lower() for lab in labels[1:]])
            out.append(f"<li>{_dot_sample(fill, '#111111', 5)}<span>{escape(label)}</span></li>")
    if event_kinds:
        out.append(f"</ul><h2>{escape(loc.t('legend.losses'))}</h2><ul>")
        for kind in event_kinds:
            colour = style.EVENT_COLOURS[kind]
            out.append(
                f"<li>{_dot_sample(colour, colour, 5, opacity=0.35)}"
                f"<span>{escape(loc.t('event.' + kind))}</span></li>"
            )
        if has_approximate:
            out.append(
                f"<li>{_dot_sample('#B00020', '#B00020', 7, dashed=True, opacity=0.12)}"
                f"<span>{escape(loc.t('legend.approximate'))}</span></li>"
            )
    out.append("</ul>")
    return f"<details open><summary>{escape(loc.t('legend.title'))}</summary>" + "".join(out) + "</details>"


def add_legend(m: folium.Map, html: str, loc: Locale = ENGLISH) -> None:
    HtmlControl(html, position="bottomright", css_class="atlas-panel atlas-legend", label=loc.t("legend.title")).add_to(m)


def add_title_panel(m: folium.Map, html: str, loc: Locale = ENGLISH) -> None:
    HtmlControl(
        html, position="topleft", css_class="atlas-panel atlas-title", label=loc.t("map.about")
    ).add_to(m)
