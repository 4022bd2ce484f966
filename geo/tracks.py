"""The line drawn for one leg, by its mode of transport."""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Sequence
from functools import cache

from geo import antimeridian, geodesic, sea
from geo.antimeridian import Position, join_antimeridian, wrap_longitude
from geo.cache import cached, code_of
from geo.geodesic import geodesic_path
from geo.sea import sea_track


@cache
def _searoute_version() -> str:
    return importlib.metadata.version("searoute")


def leg_track(
    parts: Sequence[Sequence[Sequence[float]]],
    mode: str,
    *,
    track: str = "computed",
    closed_passages: Sequence[str] = (),
    max_step_km: float = 50.0,
) -> list[Position]:
    """Turn a leg's stored waypoints into the unwrapped line to draw.

    Parameters
    ----------
    parts : the stored geometry, split at the antimeridian (one part if not)
    mode : ``"sea"`` legs are routed on water through their waypoints with
        :func:`geo.sea.sea_track`; every other mode (air, rail, road, river)
        runs through its waypoints along geodesics: air legs fly great
        circles, rail and road legs pass their stations.
    track : ``"as_drawn"`` keeps any mode on its stored waypoints (used where
        searoute has no water, e.g. the Caspian Sea).

    A ``"link"`` (a schematic connection, not a route) is returned as its
    stored points, so the map draws it straight: a great circle from Chicago
    to Siberia would pass the Pole and look like a real route.

    >>> parts = [[(-165.44, 64.51), (180.0, 65.2)], [(-180.0, 65.2), (177.52, 64.73)]]
    >>> line = leg_track(parts, "air")
    >>> line[0], line[-1]
    ((-165.44, 64.51), (-182.48, 64.73))
    """
    waypoints = _waypoints(parts)
    if mode == "link":
        return waypoints
    if mode == "sea" and track == "computed":
        key = {
            "waypoints": [list(p) for p in waypoints],
            "closed": list(closed_passages),
            "searoute": _searoute_version(),  # its network ships with it
            "code": code_of([sea, antimeridian, geodesic, importlib.import_module("geo.land")]),
        }
        line = cached(
            "sea-tracks", key, lambda: sea_track(waypoints, closed_passages=closed_passages)
        )
        return [(lon, lat) for lon, lat in line]
    return geodesic_path(waypoints, max_step_km=max_step_km)


def _waypoints(parts: Sequence[Sequence[Sequence[float]]]) -> list[Position]:
    """The leg's waypoints as one unwrapped line, without the points where its parts meet.

    A leg stored across the antimeridian is cut there (RFC 7946); the cut is a
    point of the storage, not a place the ships or aircraft steered for, so it
    is not a waypoint of the drawn line.

    >>> _waypoints([[(170.0, 50.0), (180.0, 51.0)], [(-180.0, 51.0), (-170.0, 52.0)]])
    [(170.0, 50.0), (190.0, 52.0)]
    """
    line = join_antimeridian(parts)
    seams = {
        round(float(part[-1][1]), 9)
        for part, following in zip(parts, parts[1:], strict=False)
        if part
        and following
        and abs(float(part[-1][0])) == 180.0
        and abs(float(following[0][0])) == 180.0
    }
    if not seams:
        return line
    return [
        p
        for i, p in enumerate(line)
        if i in (0, len(line) - 1)
        or not (abs(wrap_longitude(p[0])) == 180.0 and round(p[1], 9) in seams)
    ]
