"""What a card says of a leg, a place or a loss, as data: atlas.js writes the card (what, when
and how much first; the figures of the period next; sources and how a line was drawn folded away
last). Standard words (kinds, captions) and each source are written once in the page."""

from __future__ import annotations

from mapgen.figures import figures_key
from mapgen.i18n import ENGLISH, Locale
from routes.atlas import Atlas
from routes.model import Event, Leg, Place, Route


def leg_label(atlas: Atlas, leg: Leg) -> str:
    """``QP and RA return convoys: Murmansk → Loch Ewe``, or just the two places."""
    ends = f"{atlas.places[leg.from_place].name} → {atlas.places[leg.to_place].name}"
    return f"{leg.name}: {ends}" if leg.name else ends


def _card(**fields) -> dict:
    """A card's data, without its empty fields: atlas.js builds the card from it."""
    return {key: value for key, value in fields.items() if value}


def leg_card(atlas: Atlas, route: Route, leg: Leg, loc: Locale = ENGLISH) -> dict:
    refs = []
    if any(f.route == route.id for f in atlas.figures_for_feature(leg.id)):
        refs.append([figures_key(route.id, leg.id), "leg"])
    if atlas.figures_about(route.id):
        refs.append([figures_key(route.id), "route"])
    return _card(
        kicker="route",
        routes=[route.id],
        when=f"{loc.t('mode.' + leg.mode)} · {loc.period(leg.period)}",
        headline=route.id,
        refs=refs,
        notes=[leg.note] if leg.note else [],
        sources=[s for s in leg.sources if s in atlas.sources],
    )


def place_card(atlas: Atlas, place: Place, on_routes: list[str], loc: Locale = ENGLISH) -> dict:
    """A place's card; its figures are those of the map's routes it is on (``on_routes``)."""
    refs = [
        [figures_key(route_id, place.id), "figures", *([route_id] if len(on_routes) > 1 else [])]
        for route_id in on_routes
        if any(f.route == route_id for f in atlas.figures_for_feature(place.id))
    ]
    position = (
        [place.coord_source, *([place.coord_ref] if place.coord_ref else [])]
        if place.coord_source in atlas.sources
        else []
    )
    return _card(
        kicker="kind." + place.kind,
        routes=on_routes,
        refs=refs,
        notes=[place.note] if place.note else [],
        position=position,
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


def event_card(atlas: Atlas, event: Event, loc: Locale = ENGLISH) -> dict:
    refs = (
        [[figures_key(event.route, event.id), "figures"]]
        if atlas.figures_for_feature(event.id)
        else []
    )
    return _card(
        kicker="event." + event.kind,
        routes=[event.route],
        when=loc.period(event.period),
        approximate=loc.number(event.radius_km) if event.approximate else "",
        refs=refs,
        notes=[event.note] if event.note else [],
        sources=[s for s in event.sources if s in atlas.sources],
    )
