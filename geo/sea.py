"""Sea legs that follow water, computed offline with ``searoute``.

searoute finds the shortest path on a marine network. Left alone it takes
today's shortest path (Suez, the Corinth canal, the Northwest Passage), so a
leg is routed waypoint by waypoint through positions history put the ships
at, with the passages that were closed to them closed.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from geo.antimeridian import Position, unwrap, wrap_longitude

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
    track: list[Position] = []
    for origin, destination in zip(points, points[1:], strict=False):
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
        track.extend(coords if not track else coords[1:])
    line = unwrap(track)
    # searoute repeats a node where two network edges meet; a repeated point draws nothing
    return [p for i, p in enumerate(line) if i == 0 or p != line[i - 1]]
