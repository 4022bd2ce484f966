"""Where each convoy is drawn: along its route's legs, between its own ports.

No source gives a convoy's track as positions. A convoy is drawn along the legs of its route (the
tracks the sources describe), preferring legs in service while it was at sea: from the point of
those legs nearest its port of departure to the point nearest its port of arrival, with each port
joined to them at sea. Where the table leaves a port blank (a source names only "Iceland"), the
port most of the convoys of the same series and direction used stands in, and the card says so.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from geo import leg_track, path_length_km
from geo.geodesic import distance_km
from mapgen.drawing import DrawnLeg
from routes.model_convoys import Convoy

# A port closer than this to the legs is on them; a farther one is joined to them at sea.
ON_TRACK_KM = 5.0
# Legs out of service while a convoy was at sea cost more. Homeward convoys ran the outward
# tracks in reverse; an outward convoy runs a leg backwards (the homeward track) only when no
# outward leg will do.
OUT_OF_SERVICE_COST = 3.0
OUTWARD_AGAINST_LEG_COST = 2.0
# Leg ends closer than this are also joined at sea (Arkhangelsk and Murmansk, by the White Sea),
# so a convoy between them and the far end of another leg need not go round by a third port.
JUNCTION_KM = 800.0

Position = tuple[float, float]


@dataclass(frozen=True)
class ConvoyEnds:
    departures: tuple[str, ...]
    arrivals: tuple[str, ...]
    assumed: bool  # a port stands in for one the table leaves blank


def series_of(convoy: Convoy) -> str:
    """``PQ`` for ``PQ 17``; a convoy without a series (``Dervish``) is its own."""
    return convoy.name.split(" ")[0]


def usual_ports(convoys: list[Convoy]) -> dict[tuple[str, str, str], str]:
    """For each series, direction and end (``from``, ``to``): the port most of its convoys used
    (the first in table order among equals)."""
    counts: dict[tuple[str, str, str], Counter] = {}
    for convoy in convoys:
        for end, ports in (("from", convoy.departed_from), ("to", convoy.arrived_at)):
            if ports:
                key = (series_of(convoy), convoy.direction, end)
                counts.setdefault(key, Counter())[ports[0]] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in counts.items()}


def convoy_ends(convoy: Convoy, usual: dict[tuple[str, str, str], str]) -> ConvoyEnds | None:
    """The ports a convoy is drawn between, or None when neither the table nor its series
    gives one."""
    found = []
    for end, ports in (("from", convoy.departed_from), ("to", convoy.arrived_at)):
        stand_in = usual.get((series_of(convoy), convoy.direction, end))
        found.append(ports or ((stand_in,) if stand_in else ()))
    if not all(found):
        return None
    assumed = not (convoy.departed_from and convoy.arrived_at)
    return ConvoyEnds(tuple(found[0]), tuple(found[1]), assumed)


def _overlaps(leg_period, convoy: Convoy) -> bool:
    days = convoy.at_sea
    return days is None or (leg_period.first_day <= days[1] and days[0] <= leg_period.last_day)


def _legs_between(
    legs: list[DrawnLeg], start: str, end: str, convoy: Convoy
) -> list[Position] | None:
    """The cheapest chain of legs from place ``start`` to place ``end``, as one line."""
    edges: dict[str, list[tuple[str, float, list[Position]]]] = {}
    ends = {
        n: c
        for d in legs
        for n, c in ((d.leg.from_place, d.coords[0]), (d.leg.to_place, d.coords[-1]))
    }
    joined_at_sea = {tuple(sorted((d.leg.from_place, d.leg.to_place))) for d in legs}
    for a, b in sorted((a, b) for a in ends for b in ends if a < b and (a, b) not in joined_at_sea):
        if distance_km(ends[a], ends[b]) <= JUNCTION_KM:
            line = _at_sea(ends[a], ends[b], keep=0)
            edges.setdefault(a, []).append((b, path_length_km(line), line))
            edges.setdefault(b, []).append((a, path_length_km(line), line[::-1]))
    for drawn in legs:
        leg = drawn.leg
        cost = path_length_km(drawn.coords) * (
            1.0 if _overlaps(leg.period, convoy) else OUT_OF_SERVICE_COST
        )
        edges.setdefault(leg.from_place, []).append((leg.to_place, cost, drawn.coords))
        edges.setdefault(leg.to_place, []).append(
            (
                leg.from_place,
                cost * (OUTWARD_AGAINST_LEG_COST if convoy.direction == "east" else 1.0),
                drawn.coords[::-1],
            )
        )
    queue: list[tuple[float, int, str, list[Position]]] = [(0.0, 0, start, [])]
    done: set[str] = set()
    tie = 0
    while queue:
        cost, _, node, line = heapq.heappop(queue)
        if node == end:
            return line
        if node in done:
            continue
        done.add(node)
        for other, step, coords in edges.get(node, ()):
            if other not in done:
                tie += 1
                joined = line + coords[1:] if line else list(coords)
                heapq.heappush(queue, (cost + step, tie, other, joined))
    return None


def _nearest(line: list[Position], point: Position, start: int = 0) -> int:
    return min(range(start, len(line)), key=lambda k: distance_km(line[k], point))


def _at_sea(origin: Position, destination: Position, *, keep: int) -> list[Position]:
    """A line at sea between two points, in the longitudes of its point ``keep`` (0 or -1)."""
    line = leg_track([[origin, destination]], "sea")
    anchor = (origin, destination)[keep]
    shift = 360.0 * round((anchor[0] - line[keep][0]) / 360.0)
    return [(lon + shift, lat) for lon, lat in line]


def convoy_line(
    legs: list[DrawnLeg], places: dict[str, Position], start: str, end: str, convoy: Convoy
) -> list[Position] | None:
    """The line of one convoy from port ``start`` to port ``end`` (positions in the map's
    window, by place id), along its route's ``legs``."""
    if not legs:
        return None
    origin, destination = places[start], places[end]
    nodes = {n: places[n] for d in legs for n in (d.leg.from_place, d.leg.to_place) if n in places}
    first = min(nodes, key=lambda n: distance_km(nodes[n], origin))
    last = min(nodes, key=lambda n: distance_km(nodes[n], destination))
    trunk = _legs_between(legs, first, last, convoy) if first != last else [nodes[first]]
    if trunk is None:
        return None
    i = _nearest(trunk, origin)
    j = _nearest(trunk, destination, i)
    line = trunk[i : j + 1]
    if distance_km(origin, line[0]) > ON_TRACK_KM:
        line = _at_sea(origin, line[0], keep=-1)[:-1] + line
    else:
        line = [origin] + line[1:]
    if distance_km(destination, line[-1]) > ON_TRACK_KM:
        line = line[:-1] + _at_sea(line[-1], destination, keep=0)
    else:
        line = line[:-1] + [destination]
    return line if len(line) >= 2 else None
