"""Everything one map page draws, as plain data: the JSON island that atlas.js reads.

Python decides what is drawn, where, in which style and with which words;
the page's script only draws it and answers the reader. Nothing here is
JavaScript; a card is data (see :mod:`mapgen.popups`), written as text by the
page; HTML fragments (the period's measure and headlines) come from the
templates, escaped there.
"""

from __future__ import annotations

import math

from geo import geodesic_circle, marks_along
from geo.cache import cached, code_of, source_digest
from mapgen import basemap, labels, style
from mapgen.charts import route_colours_for
from mapgen.convoys import convoy_scene
from mapgen.drawing import DrawnMap, draw_map
from mapgen.encoding import encode_polyline
from mapgen.i18n import Locale
from mapgen.periods import period_control, slice_flows
from mapgen.popups import event_card, leg_card, leg_label, place_card, routes_of_places
from mapgen.specs import MapSpec
from routes.atlas import Atlas
from routes.model import Place

KM_PER_DEGREE = 111.2  # of latitude
# Markers closer than this (about 4 km) would still cover each other fully zoomed in: they are set apart.
SAME_PLACE_DEG = 0.04
SHIFT_PX = 13.0
COORD_DIGITS = 3  # about 110 m: finer than any source places a route, and keeps pages small
# Place names go first for the places where legs start and end, ports and airfields before the rest.
KIND_PRIORITY = {
    "port": 0,
    "airfield": 0,
    "anchorage": 1,
    "factory": 1,
    "facility": 1,
    "camp": 1,
    "shipyard": 1,
    "power_station": 1,
    "city": 2,
    "rail_station": 2,
    "border_crossing": 2,
}
WAYPOINT_PRIORITY = 5  # straits, capes, bays and islands: names of the way, not of the ends


def _line(coords) -> str:
    return encode_polyline([(lat, lon) for lon, lat in coords], COORD_DIGITS)


def _compact(values: list) -> list:
    """Whole numbers as integers, so the page says 9, not 9.0."""
    return [int(v) if isinstance(v, float) and v.is_integer() else v for v in values]


def label_text(place: Place) -> str:
    """A short label: the place's ``label``, else its name before any parenthesis or comma.

    >>> from routes.model import Place
    >>> label_text(Place("k", ("r",), "Krasnovodsk (today Türkmenbaşy)", "port", 53.0, 40.0, "s"))
    'Krasnovodsk'
    """
    return place.label or place.name.split(" (")[0].split(",")[0]


def map_scene(atlas: Atlas, spec: MapSpec, loc: Locale, *, drawn: DrawnMap | None = None) -> dict:
    """The scene of one map; ``atlas`` is already in the map's language."""
    drawn = drawn or draw_map(atlas, spec.route_ids)
    colours = route_colours_for(atlas, spec.route_ids)
    west, south, east, north = drawn.bounds
    span = east - west
    window_west = west - max(0.0, 360.0 - span) / 2  # the subject in the middle of the drawn world
    border_set = basemap.border_set_of(atlas, spec.name, spec.period)
    on_routes = routes_of_places(atlas, [p for p, _ in drawn.places], spec.route_ids)
    minor = minor_places(drawn)
    shifts = marker_shifts(
        [(p.id, lon, p.lat) for p, lon in drawn.places]
        + [(e.id, lon, _handle_lat(e)) for e, lon in drawn.events]
    )
    scene = {
        "lang": loc.lang,
        "view": {"bounds": [[south, west], [north, east]], "west": window_west},
        "styles": style.page_styles(),
        "basemap": {
            "precision": basemap.LAND_DIGITS,
            "land": basemap.encoded_land(window_west),
            "borders": basemap.encoded_borders(window_west, border_set),
            "set": border_set,
            "attribution": " · ".join(
                (
                    loc.t("attribution.land"),
                    loc.t(f"attribution.borders_{border_set}"),
                    loc.t("attribution.places"),
                )
            ),
        },
        "precision": COORD_DIGITS,
        "routes": _routes(atlas, drawn, colours, loc),
        "places": [
            {
                "id": place.id,
                "kind": place.kind,
                "at": [round(place.lat, 4), round(lon, 4)],
                "name": place.name,
                "routes": on_routes[place.id],
                "card": place_card(atlas, place, on_routes[place.id], loc),
                **({"shift": shifts[place.id]} if place.id in shifts else {}),
                **({"minor": True} if place.id in minor else {}),
            }
            for place, lon in drawn.places
        ],
        "events": [
            _event(atlas, event, lon, loc, shifts.get(event.id)) for event, lon in drawn.events
        ],
        "labels": _labels(
            atlas, spec, drawn, (window_west, -85.0, window_west + 360.0, 85.0), shifts
        ),
        "periods": None,
        "canvas": sum(len(ds) for ds in drawn.legs.values()) + len(drawn.places) + len(drawn.events)
        > style.CANVAS_ABOVE_FEATURES,
    }
    slices = slice_flows(atlas, spec.name, spec.route_ids)
    if slices:
        scene["periods"] = period_control(atlas, slices, spec.route_ids, loc)
    convoys = convoy_scene(atlas, spec.route_ids, drawn, loc)
    if convoys:
        scene["convoys"] = convoys
    return scene


MAJOR_KINDS = ("port", "anchorage", "factory", "facility", "camp", "shipyard", "power_station")


def minor_places(drawn: DrawnMap) -> set[str]:
    """Places on the way (a station, a strait, an airfield between two legs), drawn smaller when
    the map is zoomed out, so the routes' ends and the routes themselves stand out."""
    degree: dict[str, int] = {}
    for legs in drawn.legs.values():
        for d in legs:
            for place_id in (d.leg.from_place, d.leg.to_place):
                degree[place_id] = degree.get(place_id, 0) + 1
    return {p.id for p, _ in drawn.places if p.kind not in MAJOR_KINDS and degree.get(p.id, 0) != 1}


def marker_shifts(points: list[tuple[str, float, float]]) -> dict[str, tuple[float, float]]:
    """Pixel offsets that set apart markers drawn at (nearly) the same position, so that each can be
    clicked even fully zoomed in (a city and its factory, a strait and a ship lost near it): each
    group is laid on a small ring around its true position. ``points`` are ``(key, lon, lat)``.

    >>> marker_shifts([("a", 10.0, 50.0), ("b", 10.001, 50.0), ("c", 20.0, 50.0)])
    {'a': (0.0, -13.0), 'b': (0.0, 13.0)}
    """
    groups: list[list[tuple[str, float, float]]] = []
    for key, lon, lat in points:
        for group in groups:
            _, lon0, lat0 = group[0]
            if (
                abs(lat - lat0) < SAME_PLACE_DEG
                and abs(lon - lon0) * math.cos(math.radians(lat0)) < SAME_PLACE_DEG
            ):
                group.append((key, lon, lat))
                break
        else:
            groups.append([(key, lon, lat)])
    shifts = {}
    for group in groups:
        if len(group) < 2:
            continue
        radius = max(
            SHIFT_PX, SHIFT_PX / math.sin(math.pi / len(group)) if len(group) > 2 else SHIFT_PX
        )
        for index, (key, _, _) in enumerate(group):
            angle = -math.pi / 2 + 2 * math.pi * index / len(group)
            shifts[key] = (
                round(radius * math.cos(angle), 1) + 0.0,
                round(radius * math.sin(angle), 1) + 0.0,
            )
    return shifts


def _routes(atlas: Atlas, drawn: DrawnMap, colours: dict[str, str], loc: Locale) -> list[dict]:
    out = []
    for route_id, legs in drawn.legs.items():
        route = atlas.routes[route_id]
        with_arrows = len(legs) <= style.ARROWS_UP_TO_LEGS
        out.append(
            {
                "id": route_id,
                "name": route.name,
                "colour": colours[route_id],
                "legs": [
                    {
                        "id": d.leg.id,
                        "mode": d.leg.mode,
                        "ends": [d.leg.from_place, d.leg.to_place],
                        "line": _line(d.coords),
                        "name": leg_label(atlas, d.leg),  # the page puts the route's name before it
                        "card": leg_card(atlas, route, d.leg, loc),
                        "arrows": [
                            [round(lat, 3), round(lon, 3), round(angle, 1)]
                            for lon, lat, angle in (
                                marks_along(d.coords, every_km=style.ARROW_SPACING_KM)
                                if with_arrows
                                else []
                            )
                        ],
                    }
                    for d in legs
                ],
            }
        )
    return out


def _handle_lat(event) -> float:
    """Where a loss's marker goes: its position, or the northern edge of its circle when rough."""
    return event.lat + (event.radius_km / KM_PER_DEGREE if event.approximate else 0.0)


def _event(atlas: Atlas, event, lon: float, loc: Locale, shift=None) -> dict:
    return {
        **({"shift": shift} if shift else {}),
        "id": event.id,
        "kind": event.kind,
        "route": event.route,
        # A loss known only roughly is drawn as the circle where it happened, its marker on the
        # circle's northern edge: its centre is often a named place (a strait), whose marker it would hide.
        "at": [round(_handle_lat(event), 4), round(lon, 4)],
        "name": loc.t("tooltip.approximate", name=event.name) if event.approximate else event.name,
        **({"title": event.name} if event.approximate else {}),  # the card's heading
        "area": _line(geodesic_circle(lon, event.lat, event.radius_km))
        if event.approximate
        else None,
        "card": event_card(atlas, event, loc),
    }


def _labels(
    atlas: Atlas,
    spec: MapSpec,
    drawn: DrawnMap,
    window: tuple[float, float, float, float],
    shifts: dict,
) -> list[dict]:
    """Place and country names with the zooms and sides at which each shows (see mapgen.labels)."""
    if len(drawn.places) > style.PLACE_NAMES_UP_TO:
        return []
    ends: dict[str, int] = {}
    for legs in drawn.legs.values():
        for d in legs:
            for place_id in (d.leg.from_place, d.leg.to_place):
                ends[place_id] = ends.get(place_id, 0) + 1
    candidates, markers = [], []
    for order, (place, lon) in enumerate(drawn.places):
        radius = style.PLACE_STYLES[place.kind]["radius"] + style.MARKER_OUTLINE["width"]
        markers.append((place.id, lon, place.lat, radius, shifts.get(place.id, (0.0, 0.0))))
        kind = KIND_PRIORITY.get(place.kind, WAYPOINT_PRIORITY)
        priority = (
            (kind if place.id in ends else kind + 2)
            - min(ends.get(place.id, 0), 9) / 10
            + order / 10_000
        )
        candidates.append(
            labels.Candidate(
                place.id,
                label_text(place),
                lon,
                place.lat,
                priority,
                radius,
                shift=shifts.get(place.id, (0.0, 0.0)),
            )
        )
    for event, lon in drawn.events:
        markers.append(
            (
                event.id,
                lon,
                _handle_lat(event),
                style.EVENT_STYLES[event.kind]["radius"] + 1,
                shifts.get(event.id, (0.0, 0.0)),
            )
        )
    view = drawn.bounds  # country names go where the map opens, not off its edges
    border_set = basemap.border_set_of(atlas, spec.name, spec.period)

    def compute() -> list[dict]:
        countries = basemap.country_candidates(atlas, spec.period, view, window[0], border_set)
        return _placed_labels(candidates + countries, markers)

    # Placing the names is half of a build's time: kept, and shipped, like the sea tracks.
    key = {
        "places": [
            [c.key, c.text, c.lon, c.lat, c.priority, c.radius_px, list(c.shift)]
            for c in candidates
        ],
        "markers": [[m[0], m[1], m[2], m[3], list(m[4])] for m in markers],
        "countries": [
            [
                c.id,
                c.name,
                c.lon,
                c.lat,
                c.borders_name,
                str(c.period.first_day),
                str(c.period.last_day),
            ]
            for c in atlas.countries
        ],
        "period": [str(spec.period.first_day), str(spec.period.last_day)],
        "view": list(view),
        "west": window[0],
        "borders": border_set,
        "code": code_of([labels, style])
        + basemap.code_and_data_digest()
        + source_digest((__file__,)),
    }
    return cached("labels", key, compute)


def _placed_labels(candidates: list, markers: list) -> list[dict]:
    """The names that show, with the zooms and sides placed for each (see mapgen.labels)."""
    placed = labels.place_labels(candidates, markers)
    out = []
    for c in candidates:
        if c.key not in placed:
            continue
        label = {"text": c.text, "zooms": [_compact(run) for run in placed[c.key]]}
        if c.key.startswith("country:"):  # a country's name: centred, at one of its anchors
            label["at"] = [round(c.lat, 3), round(c.lon, 3)]
            label["kind"] = "ussr" if c.main else "country"
            if c.anchors:
                label["anchors"] = [[round(lat, 3), round(lon, 3)] for lon, lat in c.anchors]
        else:  # a place's name, beside its marker (the page takes the marker's position)
            label["for"] = c.key
            label["offset"] = _compact([c.radius_px + labels.GAP_PX])[0]
            if c.shift != (0.0, 0.0):
                label["shift"] = list(c.shift)
        out.append(label)
    return out
