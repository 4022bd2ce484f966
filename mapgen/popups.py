"""Popups written for a reader: what, when and how much first; the figures of the period next;
sources and how a line was drawn folded away last."""

from __future__ import annotations

from markupsafe import Markup

from mapgen.figures import figures_key
from mapgen.i18n import ENGLISH, Locale
from mapgen.templating import render
from routes.atlas import Atlas
from routes.model import Event, Leg, Place, Route


def leg_label(atlas: Atlas, leg: Leg) -> str:
    """``QP and RA return convoys: Murmansk → Loch Ewe``, or just the two places."""
    ends = f"{atlas.places[leg.from_place].name} → {atlas.places[leg.to_place].name}"
    return f"{leg.name}: {ends}" if leg.name else ends


def leg_popup(atlas: Atlas, route: Route, leg: Leg, loc: Locale = ENGLISH) -> Markup:
    refs = []
    if any(f.route == route.id for f in atlas.figures_for_feature(leg.id)):
        refs.append({"key": figures_key(route.id, leg.id), "caption": "leg", "route": ""})
    if atlas.figures_about(route.id):
        refs.append({"key": figures_key(route.id), "caption": "route", "route": ""})
    return render(
        "popup.html",
        loc=loc,
        kicker="route",
        routes=[route.id],
        when=f"{loc.t('mode.' + leg.mode)} · {loc.period(leg.period)}",
        headline_route=route.id,
        approximate=None,
        refs=refs,
        more="leg",
        more_notes=[leg.note] if leg.note else [],
        more_sources=[atlas.sources[s] for s in leg.sources if s in atlas.sources],
        position=None,
    )


def place_popup(atlas: Atlas, place: Place, on_routes: list[str], loc: Locale = ENGLISH) -> Markup:
    """A place's popup; its figures are those of the map's routes it is on (``on_routes``)."""
    refs = [
        {
            "key": figures_key(route_id, place.id),
            "caption": "figures",
            "route": route_id if len(on_routes) > 1 else "",
        }
        for route_id in on_routes
        if any(f.route == route_id for f in atlas.figures_for_feature(place.id))
    ]
    source = atlas.sources.get(place.coord_source)
    return render(
        "popup.html",
        loc=loc,
        kicker="kind." + place.kind,
        routes=on_routes,
        when="",
        headline_route="",
        approximate=None,
        refs=refs,
        more="place",
        more_notes=[place.note] if place.note else [],
        more_sources=[],
        position={"source": source, "ref": place.coord_ref} if source is not None else None,
    )


def routes_of_places(
    atlas: Atlas, places: list[Place], route_ids: tuple[str, ...]
) -> dict[str, list[str]]:
    """For each place, the routes of the map it belongs to: listed in their files, or at a leg's end."""
    ends: dict[str, set[str]] = {}
    for route_id in route_ids:
        for leg in atlas.legs_of(route_id):
            ends.setdefault(leg.from_place, set()).add(route_id)
            ends.setdefault(leg.to_place, set()).add(route_id)
    return {
        place.id: [r for r in route_ids if r in place.routes or r in ends.get(place.id, ())]
        for place in places
    }


def event_popup(atlas: Atlas, event: Event, loc: Locale = ENGLISH) -> Markup:
    refs = (
        [{"key": figures_key(event.route, event.id), "caption": "figures", "route": ""}]
        if atlas.figures_for_feature(event.id)
        else []
    )
    return render(
        "popup.html",
        loc=loc,
        kicker="event." + event.kind,
        routes=[event.route],
        when=loc.period(event.period),
        headline_route="",
        approximate=loc.number(event.radius_km) if event.approximate else None,
        refs=refs,
        more="event",
        more_notes=[event.note] if event.note else [],
        more_sources=[atlas.sources[s] for s in event.sources if s in atlas.sources],
        position=None,
    )
