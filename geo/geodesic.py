"""Great-circle geometry on the WGS84 ellipsoid, via ``pyproj.Geod``.

``shapely.segmentize`` would densify in flat longitude/latitude space; an
aircraft or a long straight course follows the geodesic instead. Every
distance in the atlas is measured here, along the same ellipsoid.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pyproj import Geod

from geo.antimeridian import Position, unwrap

GEOD = Geod(ellps="WGS84")


def geodesic_path(
    coords: Sequence[Sequence[float]], *, max_step_km: float = 100.0
) -> list[Position]:
    """Densify a line along geodesics so no step is longer than ``max_step_km``.

    The given positions are all kept, in order; the result is unwrapped (see
    :func:`geo.antimeridian.unwrap`).

    >>> path = geodesic_path([(-165.44, 64.51), (177.52, 64.73)], max_step_km=200)
    >>> path[0], path[-1], len(path)
    ((-165.44, 64.51), (-182.48, 64.73), 6)
    """
    if max_step_km <= 0:
        raise ValueError(f"max_step_km must be positive, got {max_step_km!r}")
    points = [(float(c[0]), float(c[1])) for c in coords]
    if not points:
        return []
    out: list[Position] = [points[0]]
    for (lon1, lat1), (lon2, lat2) in zip(points, points[1:], strict=False):
        _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
        between = max(0, math.ceil(metres / 1000.0 / max_step_km) - 1)
        if between:
            out.extend(GEOD.npts(lon1, lat1, lon2, lat2, between))
        out.append((lon2, lat2))
    return unwrap(out)


def distance_km(a: Sequence[float], b: Sequence[float]) -> float:
    """Geodesic distance in kilometres between two ``(lon, lat)`` positions.

    >>> round(distance_km((0.0, 0.0), (1.0, 0.0)), 1), distance_km((10.0, 60.0), (10.0, 60.0))
    (111.3, 0.0)
    """
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


def nearest_km(origin: Sequence[float], points: Sequence[Sequence[float]]) -> float:
    """Geodesic distance in kilometres from ``origin`` to the nearest of ``points`` (lon, lat).

    >>> round(nearest_km((0.0, 0.0), [(0.0, 2.0), (1.0, 0.0)]), 1)
    111.3
    """
    if not points:
        raise ValueError("nearest_km needs at least one point")
    count = len(points)
    _, _, metres = GEOD.inv(
        [origin[0]] * count, [origin[1]] * count, [p[0] for p in points], [p[1] for p in points]
    )
    return min(metres) / 1000.0


def path_length_km(coords: Sequence[Sequence[float]]) -> float:
    """Geodesic length of a line in kilometres (longitudes may be unwrapped).

    >>> round(path_length_km([(0.0, 0.0), (1.0, 0.0)]), 1)
    111.3
    """
    total = 0.0
    for a, b in zip(coords, coords[1:], strict=False):
        total += GEOD.inv(a[0], a[1], b[0], b[1])[2]
    return total / 1000.0


def geodesic_circle(
    lon: float, lat: float, radius_km: float, *, points: int = 72
) -> list[Position]:
    """A closed ring of positions ``radius_km`` from a centre, unwrapped around it.

    Used to draw a position known only roughly as an area.

    >>> ring = geodesic_circle(10.0, 60.0, 50.0, points=8)
    >>> len(ring), ring[0] == ring[-1]
    (9, True)
    """
    if radius_km <= 0:
        raise ValueError(f"radius_km must be positive, got {radius_km!r}")
    azimuths = [360.0 * i / points for i in range(points)]
    lons, lats, _ = GEOD.fwd(
        [lon] * points, [lat] * points, azimuths, [radius_km * 1000.0] * points
    )
    ring = unwrap([(lon, lat)] + list(zip(lons, lats, strict=True)))[1:]
    return ring + [ring[0]]


def marks_along(
    coords: Sequence[Sequence[float]], *, every_km: float
) -> list[tuple[float, float, float]]:
    """Evenly spaced marks along a line, each with the way the line runs there.

    Returns ``(lon, lat, angle)`` where ``angle`` is the direction of travel on
    a Web Mercator map, in degrees clockwise from east (as CSS ``rotate`` takes
    it). A line shorter than ``every_km`` gets one mark at its middle.

    >>> [tuple(round(v, 1) for v in m) for m in marks_along([(0, 0), (10, 0)], every_km=5000)]
    [(5.0, 0.0, 0.0)]
    >>> round(marks_along([(0, 0), (0, 10)], every_km=5000)[0][2])  # northward: up the screen
    -90
    """
    if every_km <= 0:
        raise ValueError(f"every_km must be positive, got {every_km!r}")
    points = [(float(c[0]), float(c[1])) for c in coords]
    lengths = [path_length_km([a, b]) for a, b in zip(points, points[1:], strict=False)]
    total = sum(lengths)
    if total == 0:
        return []
    count = max(1, int(total // every_km))
    spacing = total / count
    targets = [spacing * (i + 0.5) for i in range(count)]
    marks = []
    walked = 0.0
    segment = 0
    for target in targets:
        while segment < len(lengths) - 1 and walked + lengths[segment] < target:
            walked += lengths[segment]
            segment += 1
        (lon1, lat1), (lon2, lat2) = points[segment], points[segment + 1]
        share = (target - walked) / lengths[segment] if lengths[segment] else 0.0
        lon = lon1 + (lon2 - lon1) * share
        lat = lat1 + (lat2 - lat1) * share
        marks.append((lon, lat, _mercator_angle(lon1, lat1, lon2, lat2)))
    return marks


def _mercator_angle(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    def y(lat: float) -> float:
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    return math.degrees(math.atan2(y(lat1) - y(lat2), lon2 - lon1)) + 0.0  # + 0.0: no "-0.0"


def sharp_turns(
    coords: Sequence[Sequence[float]], *, min_step_km: float = 15.0, max_turn_deg: float = 150.0
) -> list[tuple[float, float, float]]:
    """Where a line doubles back on itself: ``(lon, lat, turn)`` for each turn sharper than ``max_turn_deg``.

    The line is walked in steps of at least ``min_step_km`` (shorter wiggles,
    e.g. round a pier, are not turns); the turn at the end of a step is the
    change of geodesic bearing between it and the next step, 0 (straight on) to
    180 degrees (straight back). A route that runs out to a point and back
    again turns by nearly 180 degrees there.

    >>> sharp_turns([(0.0, 0.0), (1.0, 0.0), (2.0, 0.0)])
    []
    >>> [(lon, lat, round(turn)) for lon, lat, turn in sharp_turns([(0.0, 0.0), (1.0, 0.0), (0.1, 0.01)])]
    [(1.0, 0.0, 179)]
    """
    if min_step_km <= 0:
        raise ValueError(f"min_step_km must be positive, got {min_step_km!r}")
    kept: list[Position] = []
    for lon, lat, *_ in coords:
        if not kept or GEOD.inv(kept[-1][0], kept[-1][1], lon, lat)[2] >= min_step_km * 1000.0:
            kept.append((float(lon), float(lat)))
    turns = []
    for (lon1, lat1), (lon2, lat2), (lon3, lat3) in zip(kept, kept[1:], kept[2:], strict=False):
        arriving = (
            GEOD.inv(lon2, lat2, lon1, lat1)[0] + 180.0
        )  # the bearing the line has on arrival
        leaving = GEOD.inv(lon2, lat2, lon3, lat3)[0]
        turn = abs((leaving - arriving + 180.0) % 360.0 - 180.0)
        if turn > max_turn_deg:
            turns.append((lon2, lat2, turn))
    return turns
