"""Lines that cross the antimeridian (180 degrees of longitude).

Two representations are used, one for storing and one for drawing:

* **split** (RFC 7946 section 3.1.9): longitudes stay within -180..180 and a
  line that crosses 180 is cut into parts that meet there. This is what the
  GeoJSON files hold.
* **unwrapped**: one continuous line whose longitudes may run past 180 (e.g.
  -165 to -203), so that each step is shorter than 180 degrees. This is what
  Leaflet needs to draw the Pacific crossing the short way.

All positions are ``(lon, lat)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from shapely import LineString, MultiLineString

Position = tuple[float, float]


def wrap_longitude(lon: float) -> float:
    """Bring a longitude into -180..180 (180 itself is kept).

    >>> wrap_longitude(-203.4), wrap_longitude(540.0), wrap_longitude(180.0)
    (156.6, 180.0, 180.0)
    """
    if -180.0 <= lon <= 180.0:
        return lon
    wrapped = math.fmod(lon + 180.0, 360.0)
    if wrapped < 0:
        wrapped += 360.0
    result = wrapped - 180.0
    return 180.0 if result == -180.0 and lon > 0 else round(result, 10)


def unwrap(coords: Iterable[Sequence[float]]) -> list[Position]:
    """Shift longitudes by multiples of 360 so that no step exceeds 180 degrees.

    The first position is kept as it is.

    >>> unwrap([(170.0, 50.0), (-170.0, 52.0), (-160.0, 53.0)])
    [(170.0, 50.0), (190.0, 52.0), (200.0, 53.0)]
    """
    out: list[Position] = []
    for lon, lat, *_ in coords:
        lon, lat = float(lon), float(lat)
        if out:
            previous = out[-1][0]
            lon += 360.0 * round((previous - lon) / 360.0)
        out.append((lon, lat))
    return out


def max_longitude_step(coords: Sequence[Sequence[float]]) -> float:
    """The largest change of longitude between consecutive positions.

    >>> max_longitude_step([(170, 0), (190, 0), (185, 1)])
    20.0
    """
    return max(
        (abs(float(b[0]) - float(a[0])) for a, b in zip(coords, coords[1:], strict=False)),
        default=0.0,
    )


def split_antimeridian(coords: Sequence[Sequence[float]]) -> list[list[Position]]:
    """Cut a line where it crosses the antimeridian (RFC 7946 section 3.1.9).

    The input may be split-free and unwrapped, or use longitudes in -180..180
    with a jump; it is unwrapped first. Each returned part has longitudes in
    -180..180, and consecutive parts meet at +180 / -180 at the same latitude.
    Every input position is kept, in order (the line is walked segment by
    segment, so a line that doubles back on itself splits as it goes).

    >>> split_antimeridian([(170.0, 50.0), (190.0, 52.0)])
    [[(170.0, 50.0), (180.0, 51.0)], [(-180.0, 51.0), (-170.0, 52.0)]]
    >>> split_antimeridian([(10.0, 0.0), (20.0, 0.0)])
    [[(10.0, 0.0), (20.0, 0.0)]]
    """
    line = unwrap(coords)
    if len(line) < 2:
        return [[(wrap_longitude(lon), lat) for lon, lat in line]]
    parts: list[list[Position]] = []
    current_world: int | None = None
    for (lon1, lat1), (lon2, lat2) in zip(line, line[1:], strict=False):
        # the meridians 180 + 360k strictly between the ends cut the segment into pieces
        low, high = sorted((lon1, lon2))
        cuts = [
            180.0 + 360.0 * k
            for k in range(math.ceil((low - 180.0) / 360.0), math.floor((high - 180.0) / 360.0) + 1)
        ]
        cuts = [m for m in cuts if low < m < high]
        if lon2 < lon1:
            cuts.reverse()
        points = [(lon1, lat1)]
        for meridian in cuts:
            fraction = (meridian - lon1) / (lon2 - lon1)
            points.append((meridian, lat1 + fraction * (lat2 - lat1)))
        points.append((lon2, lat2))
        for start, end in zip(points, points[1:], strict=False):
            world = math.floor(
                ((start[0] + end[0]) / 2 + 180.0) / 360.0
            )  # the copy of the world it lies in
            shift = 360.0 * world
            piece = [
                (_on_the_edge(start[0] - shift), start[1]),
                (_on_the_edge(end[0] - shift), end[1]),
            ]
            if world == current_world:
                parts[-1].append(piece[1])
            else:
                parts.append(piece)
                current_world = world
    return parts


def _on_the_edge(lon: float) -> float:
    """A longitude a rounding error from 180 or -180 is put on it, so parts meet exactly there."""
    if lon >= 180.0 - 1e-9:
        return 180.0
    if lon <= -180.0 + 1e-9:
        return -180.0
    return lon


def join_antimeridian(parts: Sequence[Sequence[Sequence[float]]]) -> list[Position]:
    """Inverse of :func:`split_antimeridian`: one continuous, unwrapped line.

    The duplicate position where two parts meet is dropped.

    >>> join_antimeridian([[(170.0, 50.0), (180.0, 51.0)], [(-180.0, 51.0), (-170.0, 52.0)]])
    [(170.0, 50.0), (180.0, 51.0), (190.0, 52.0)]
    """
    joined = unwrap([position for part in parts for position in part])
    out: list[Position] = []
    for position in joined:
        # the same position twice (where parts meet); absolute tolerance only: 1e-9 of 360 is 40 cm
        if (
            out
            and math.isclose(out[-1][0], position[0], rel_tol=0, abs_tol=1e-9)
            and math.isclose(out[-1][1], position[1], rel_tol=0, abs_tol=1e-9)
        ):
            continue
        out.append(position)
    return out


def covering_window(longitudes: Iterable[float]) -> float:
    """West edge of the shortest arc of longitude that contains every value.

    Used to choose the map's frame: its 360 degrees start here, so nothing in
    the data falls across the frame's edge.

    >>> covering_window([170.0, -170.0, 175.0])  # the short way across 180
    170.0
    >>> covering_window([-10.0, 30.0])
    -10.0
    """
    values = sorted({wrap_longitude(lon) % 360.0 for lon in longitudes})
    if not values:
        return -180.0
    # The widest empty gap between neighbours (circularly) is what the window leaves out.
    gaps = [(values[(i + 1) % len(values)] - values[i]) % 360.0 for i in range(len(values))]
    if len(values) == 1:
        gaps = [360.0]
    widest = max(range(len(values)), key=lambda i: (gaps[i], -i))
    west = values[(widest + 1) % len(values)]
    return wrap_longitude(west if west <= 180.0 else west - 360.0)


# Longitudes closer than this count as equal when placing a line in a window: the window's
# edge is itself computed from the data, and a rounding error there must not move a line
# (or a place) a whole turn of the globe away from the rest (the starter data's bug).
WINDOW_TOLERANCE_DEG = 1e-6


def shift_into_window(coords: Sequence[Sequence[float]], west: float) -> list[Position]:
    """Unwrap a line and move it by a multiple of 360 into ``[west, west + 360)``.

    The line is placed so that its westernmost point is inside the window;
    a line shorter than the window then lies wholly inside it. A point a
    rounding error west of the edge counts as on it.

    >>> shift_into_window([(-170.0, 60.0), (170.0, 65.0)], 100.0)
    [(190.0, 60.0), (170.0, 65.0)]
    >>> shift_into_window([(-21.930000000000003, 64.3), (-20.0, 65.0)], -21.93)[0]
    (-21.930000000000003, 64.3)
    """
    line = unwrap(coords)
    if not line:
        return []
    westmost = min(lon for lon, _ in line)
    shift = 360.0 * window_turns(westmost, west)
    return [(lon + shift, lat) for lon, lat in line]


def window_turns(lon: float, west: float) -> int:
    """How many whole turns to add to ``lon`` to bring it into ``[west, west + 360)``.

    >>> window_turns(-170.0, 100.0), window_turns(500.0, 100.0), window_turns(99.9999999999, 100.0)
    (1, -1, 0)
    """
    return math.ceil((west - WINDOW_TOLERANCE_DEG - lon) / 360.0) or 0


def into_window(lon: float, west: float) -> float:
    """A longitude moved by whole turns into ``[west, west + 360)``.

    >>> into_window(-170.0, 100.0), into_window(-21.930000000000003, -21.93)
    (190.0, -21.930000000000003)
    """
    return lon + 360.0 * window_turns(lon, west)


def _lines_of(geometry) -> list[LineString]:
    if isinstance(geometry, LineString):
        return [geometry] if geometry.length > 0 else []
    if isinstance(geometry, MultiLineString):
        return [g for g in geometry.geoms if g.length > 0]
    if hasattr(geometry, "geoms"):
        return [g for item in geometry.geoms for g in _lines_of(item)]
    return []
