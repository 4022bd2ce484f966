"""Curved lines for schematic links (who helped whom), drawn as they read on a Web Mercator map.

A link is not a route, so it is not a great circle (which from Chicago to
Siberia runs over the Pole and looks like a flight path); it is a gentle arc
in the map's own projection, bulging to the left of travel, so that links
between the same regions can be fanned out by bending each a little more.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from geo.antimeridian import Position

MAX_LAT = 85.0511  # Web Mercator's edge


def _to_mercator(lon: float, lat: float) -> tuple[float, float]:
    lat = max(min(lat, MAX_LAT), -MAX_LAT)
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _from_mercator(x: float, y: float) -> Position:
    return math.degrees(x), math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def curved_path(
    start: Sequence[float], end: Sequence[float], *, bend: float, steps: int = 32
) -> list[Position]:
    """A quadratic Bézier arc from ``start`` to ``end`` (``(lon, lat)``, unwrapped), its middle
    moved sideways by ``bend`` times the chord, to the left of travel for a positive bend.

    The ends are kept exactly.

    >>> arc = curved_path((0.0, 0.0), (10.0, 0.0), bend=0.2, steps=4)
    >>> arc[0], arc[-1], round(arc[2][1], 2)
    ((0.0, 0.0), (10.0, 0.0), 2.0)
    """
    if steps < 2:
        raise ValueError(f"steps must be at least 2, got {steps!r}")
    x0, y0 = _to_mercator(*start)
    x1, y1 = _to_mercator(*end)
    dx, dy = x1 - x0, y1 - y0
    chord = math.hypot(dx, dy)
    if chord == 0:
        return [(float(start[0]), float(start[1])), (float(end[0]), float(end[1]))]
    cx = (x0 + x1) / 2 - dy / chord * bend * chord * 2
    cy = (y0 + y1) / 2 + dx / chord * bend * chord * 2
    points: list[Position] = [(float(start[0]), float(start[1]))]
    for i in range(1, steps):
        t = i / steps
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
        points.append(_from_mercator(x, y))
    points.append((float(end[0]), float(end[1])))
    return points
