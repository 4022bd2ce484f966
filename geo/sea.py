"""Sea legs that follow water, computed offline with ``searoute``.

A leg runs waypoint by waypoint through positions history put the ships at.
Between two waypoints in open water the ships steered a straight course, so
the line is the great circle wherever that stays on water (Natural Earth 50m
land). Where land is in the way, searoute finds the shortest path on a marine
network; left alone it takes today's shortest path (Suez, the Corinth canal,
the Northwest Passage), so the passages that were closed to the ships are
closed.

searoute joins a waypoint to its network by a straight spur from the nearest
node, so a line routed through waypoint after waypoint runs out along that
spur to the waypoint and straight back again. Each waypoint is therefore
joined to the paths on either side of it by the shortest pair of straight
courses that stay on water (Natural Earth 50m land): the line passes through
every waypoint and does not double back to reach it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from geo.antimeridian import Position, unwrap, wrap_longitude
from geo.geodesic import GEOD, geodesic_circle, geodesic_path

# The passages searoute 1.6 can close (searoute.classes.passages.Passage), written out so
# that importing geo does not load the router and its network; a test checks the list.
PASSAGES = (
    "babalmandab",
    "bering",
    "bosporus",
    "chili",
    "gibraltar",
    "malacca",
    "northwest",
    "ormuz",
    "panama",
    "south_africa",
    "suez",
    "sunda",
)

# A 1940s merchant ship could not use the Northwest Passage: always closed.
ALWAYS_CLOSED = ("northwest",)

# How a waypoint is joined to the network paths on either side of it: by a straight course
# from a path point at most SHORTCUT_KM away, that crosses no more than LAND_ALLOWANCE_KM of
# land further than NEAR_WAYPOINT_KM from the waypoint (a port or a strait point may itself
# lie on the coarse coastline of Natural Earth 50m).
SHORTCUT_KM = 600.0
NEAR_WAYPOINT_KM = 10.0
NEAR_PORT_KM = 5.0  # round the first and last waypoints (ports, whose town centre may be inland)
LAND_ALLOWANCE_KM = 0.5
# Between two waypoints in open water the ships steered a straight course: the great
# circle, drawn in steps of this length, wherever it stays on water.
GREAT_CIRCLE_STEP_KM = 50.0


class NoSeaRouteError(ValueError):
    """searoute found no path between two waypoints with the given passages closed."""


def sea_track(
    waypoints: Sequence[Sequence[float]], *, closed_passages: Sequence[str] = ()
) -> list[Position]:
    """Route at sea through each waypoint in turn and return one unwrapped line.

    Parameters
    ----------
    waypoints : sequence of (lon, lat)
        At least two; longitudes may be unwrapped.
    closed_passages : sequence of str
        searoute passage names (see ``PASSAGES``) the ships could not use,
        in addition to ``ALWAYS_CLOSED``.

    The line starts and ends at the first and last waypoints and passes
    through every one between them.

    >>> track = sea_track([(-74.0, 40.6), (18.47, -34.7)], closed_passages=["suez"])
    >>> track[0], track[-1]
    ((-74.0, 40.6), (18.47, -34.7))
    """
    unknown = [p for p in closed_passages if p not in PASSAGES]
    if unknown:
        raise ValueError(
            f"unknown sea passage(s) {unknown}; expected some of {', '.join(PASSAGES)}"
        )
    if len(waypoints) < 2:
        raise ValueError("a sea track needs at least two waypoints")
    # here, not at the top: it loads a marine network (0.15 s) that cached tracks do not need
    import searoute

    restrictions = sorted(set(ALWAYS_CLOSED) | set(closed_passages))
    points = [(wrap_longitude(float(w[0])), float(w[1])) for w in waypoints]
    paths: list[list[Position]] = []
    last = len(points) - 1
    for k, (origin, destination) in enumerate(zip(points, points[1:], strict=False)):
        course = geodesic_path([origin, destination], max_step_km=GREAT_CIRCLE_STEP_KM)
        # land near a waypoint at sea is excused (a strait point on the coarse coast), not near a port at either end
        if _on_water(
            course, ends=(k > 0, k + 1 < last)
        ):  # open water: the ships steered a straight course
            if paths:
                shift = paths[-1][-1][0] - course[0][0]
                course = [(lon + shift, lat) for lon, lat in course]
            paths.append(course)
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # searoute warns, then returns an empty line
            feature = searoute.searoute(
                list(origin), list(destination), append_orig_dest=True, restrictions=restrictions
            )
        coords = [(float(x), float(y)) for x, y in feature.geometry.coordinates]
        if len(coords) < 2:
            raise NoSeaRouteError(
                f"no sea route from {list(origin)} to {list(destination)} "
                f"with {', '.join(restrictions)} closed"
            )
        path = unwrap([origin, *coords[1:-1], destination])
        if paths:  # continue in the frame of longitudes the line has reached
            shift = paths[-1][-1][0] - path[0][0]
            path = [(lon + shift, lat) for lon, lat in path]
        paths.append(path)
    line = _through_waypoints(paths)
    # searoute repeats a node where two network edges meet; a repeated point draws nothing
    return [p for i, p in enumerate(line) if i == 0 or p != line[i - 1]]


def _through_waypoints(paths: list[list[Position]]) -> list[Position]:
    """Join the paths between consecutive waypoints, cutting the spurs out to each waypoint.

    ``paths[k]`` runs from waypoint ``k`` to waypoint ``k + 1``. At each waypoint the
    line arrives by a straight course from the best point of the path before it and
    leaves by a straight course to the best point of the path after it.
    """
    paths = [list(p) for p in paths]
    start = paths[0][0]
    paths[0] = [start, *paths[0][_best_exit(start, paths[0], excuse=False) :]]
    end = paths[-1][-1]
    paths[-1] = [*paths[-1][: _best_entry(end, paths[-1], excuse=False) + 1], end]
    line = list(paths[0])
    last_waypoint = 0  # index in line of the waypoint the line has passed last
    for following in paths[1:]:
        waypoint = following[0]
        entry = last_waypoint + _best_entry(
            waypoint, line[last_waypoint:]
        )  # never cut a waypoint out
        line = [*line[: entry + 1], waypoint]
        last_waypoint = len(line) - 1
        line.extend(following[_best_exit(waypoint, following) :])
    return line


def _best_entry(waypoint: Position, path: list[Position], *, excuse: bool = True) -> int:
    """Index of the point of ``path`` (which ends at ``waypoint``) to sail straight from."""
    reversed_path = path[::-1]
    return len(path) - 1 - _best_exit(waypoint, reversed_path, excuse=excuse)


def _best_exit(waypoint: Position, path: list[Position], *, excuse: bool = True) -> int:
    """Index of the point of ``path`` (which starts at ``waypoint``) to sail straight to.

    Minimises the straight course from the waypoint plus the rest of the path,
    over points within ``SHORTCUT_KM`` whose straight course stays on water (land
    near the waypoint excused only with ``excuse``: a strait point, not a port);
    the path's own first step is the fallback.
    """
    if len(path) < 3:
        return 1
    remaining = [0.0] * len(path)  # length of path[i:] in metres
    for i in range(len(path) - 2, -1, -1):
        a, b = path[i], path[i + 1]
        remaining[i] = remaining[i + 1] + GEOD.inv(a[0], a[1], b[0], b[1])[2]
    best, best_cost = 1, remaining[0]
    for i in range(1, len(path)):
        straight = GEOD.inv(waypoint[0], waypoint[1], path[i][0], path[i][1])[2]
        if straight > SHORTCUT_KM * 1000.0:
            continue
        cost = straight + remaining[i]
        if cost < best_cost - 1.0 and (
            i == 1 or _on_water([waypoint, path[i]], ends=(excuse, False))
        ):
            best, best_cost = i, cost
    return best


def _on_water(line: list[Position], *, ends: tuple[bool, bool] = (True, True)) -> bool:  # noqa: C901
    """Whether ``line`` crosses no more than ``LAND_ALLOWANCE_KM`` of land away from its ends.

    Land within ``NEAR_WAYPOINT_KM`` of an end named in ``ends`` (the first, the
    last), or within ``NEAR_PORT_KM`` of the other, does not count: a strait point
    or a port's town centre may lie on the coarse coast.
    """
    from shapely import Polygon

    from geo.land import land_crossings

    pieces = land_crossings(line)
    if not pieces:
        return True
    zones = [
        Polygon(
            [
                (wrap_longitude(lon), lat)
                for lon, lat in geodesic_circle(
                    wrap_longitude(end[0]), end[1], NEAR_WAYPOINT_KM if excused else NEAR_PORT_KM
                )
            ]
        )
        for end, excused in zip((line[0], line[-1]), ends, strict=False)
    ]
    on_land_km = 0.0
    for piece in pieces:
        rest = piece
        for zone in zones:
            if zone.is_valid and not rest.is_empty:
                rest = rest.difference(zone)
        for part in getattr(rest, "geoms", [rest]):
            if not part.is_empty:
                coords = list(part.coords)
                on_land_km += (
                    sum(
                        GEOD.inv(a[0], a[1], b[0], b[1])[2]
                        for a, b in zip(coords, coords[1:], strict=False)
                    )
                    / 1000.0
                )
    return on_land_km <= LAND_ALLOWANCE_KM
