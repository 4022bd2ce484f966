"""Where everything on a map is drawn: legs routed by mode, and every position moved into one
longitude window, so that a map across the Pacific is drawn the short way."""

from __future__ import annotations

from dataclasses import dataclass

from geo import covering_window, leg_track, shift_into_window
from geo.antimeridian import into_window
from geo.curves import curved_path
from geo.sea import NoSeaRouteError
from mapgen import style
from routes import Atlas, Event, Leg, Place, Problem, RouteDataError


@dataclass(frozen=True)
class DrawnLeg:
    leg: Leg
    coords: list[tuple[float, float]]  # unwrapped and moved into the map's window


@dataclass(frozen=True)
class DrawnMap:
    """A map's geometry: the window's west edge, and everything placed in it."""

    west: float
    legs: dict[str, list[DrawnLeg]]  # by route id, in data order
    places: list[tuple[Place, float]]  # each with its longitude in the window
    events: list[tuple[Event, float]]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """West, south, east and north of everything drawn (window longitudes)."""
        lons = [lon for legs in self.legs.values() for d in legs for lon, _ in d.coords]
        lats = [lat for legs in self.legs.values() for d in legs for _, lat in d.coords]
        lons += [lon for _, lon in self.places] + [lon for _, lon in self.events]
        lats += [p.lat for p, _ in self.places] + [e.lat for e, _ in self.events]
        return min(lons), min(lats), max(lons), max(lats)


def draw_legs(
    atlas: Atlas, route_ids: tuple[str, ...]
) -> dict[str, list[tuple[Leg, list[tuple[float, float]]]]]:
    """The unwrapped track of every leg of the given routes, by route id.

    Sea legs are routed on water, others run along great circles through their
    waypoints; links are curved arcs (see :func:`link_bends`).
    """
    tracks: dict[str, list[tuple[Leg, list[tuple[float, float]]]]] = {}
    problems = []
    bends = link_bends(atlas, route_ids)
    for route_id in route_ids:
        tracks[route_id] = []
        for leg in atlas.legs_of(route_id):
            try:
                coords = leg_track(
                    leg.parts, leg.mode, track=leg.track, closed_passages=leg.closed_passages
                )
            except NoSeaRouteError as exc:
                problems.append(
                    Problem(
                        f"{route_id}.geojson",
                        f"leg {leg.id!r}",
                        "geometry",
                        str(exc),
                        "no-sea-route",
                    )
                )
                continue
            if leg.mode == "link" and len(coords) == 2:
                coords = curved_path(coords[0], coords[1], bend=bends[leg.id])
            tracks[route_id].append((leg, coords))
    if problems:
        raise RouteDataError(problems)
    return tracks


def link_bends(atlas: Atlas, route_ids: tuple[str, ...]) -> dict[str, float]:
    """How much each link bends: links between the same two regions fan out, each bent more."""
    seen: dict[tuple, int] = {}
    bends = {}
    for route_id in route_ids:
        for leg in atlas.legs_of(route_id):
            if leg.mode != "link":
                continue
            start, end = atlas.places[leg.from_place], atlas.places[leg.to_place]
            corridor = tuple(round(v / 15.0) for v in (start.lon, start.lat, end.lon, end.lat))
            rank = seen.get(corridor, 0)
            seen[corridor] = rank + 1
            bends[leg.id] = style.LINK_BEND + style.LINK_BEND_STEP * (rank % 4)
    return bends


def draw_map(atlas: Atlas, route_ids: tuple[str, ...]) -> DrawnMap:
    """Route every leg and place every point of the given routes in one window."""
    tracks = draw_legs(atlas, route_ids)
    places = atlas.places_of(route_ids)
    events = atlas.events_of(route_ids)
    all_lons = [lon for legs in tracks.values() for _, coords in legs for lon, _ in coords]
    all_lons += [p.lon for p in places] + [e.lon for e in events]
    west = covering_window(all_lons)
    legs = {
        route_id: [DrawnLeg(leg, shift_into_window(coords, west)) for leg, coords in route_legs]
        for route_id, route_legs in tracks.items()
    }
    return DrawnMap(
        west=west,
        legs=legs,
        places=[(p, into_window(p.lon, west)) for p in places],
        events=[(e, into_window(e.lon, west)) for e in events],
    )
