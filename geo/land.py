"""Natural Earth land (public domain), shipped as TopoJSON from npm ``world-atlas``.

Used twice: as the offline basemap drawn under the routes, and by the tests
that check sea legs stay on water. See ``geo/data/README.md`` for versions
and licences.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files

import shapely
from shapely import LineString, MultiPolygon, Polygon, STRtree, box
from shapely.affinity import translate

from geo.antimeridian import max_longitude_step, split_antimeridian, unwrap

RESOLUTIONS = ("50m", "110m")
# The basemap's land is simplified once, ahead of time, and shipped (geo/data): reading
# and simplifying the TopoJSON took half of a build. tests/test_geo.py checks that the
# shipped file equals a fresh simplification; `python -m geo.drawing_land` rewrites it.
DRAWING_SIMPLIFY_DEG = 0.03
DRAWING_LAND_FILE = "land-50m-drawing.wkb"


@cache
def land(resolution: str = "50m") -> MultiPolygon:
    """All land north of Antarctica at a Natural Earth resolution, as one valid MultiPolygon.

    >>> land("110m").geom_type
    'MultiPolygon'
    """
    if resolution not in RESOLUTIONS:
        raise ValueError(f"resolution must be one of {RESOLUTIONS}, got {resolution!r}")
    import geopandas  # reads TopoJSON through GDAL; imported here as it is slow to load

    path = files("geo").joinpath("data", f"land-{resolution}.json")
    raw = geopandas.read_file(str(path)).geometry.iloc[0]  # world-atlas holds one "land" feature
    # world-atlas keeps rings whole across 180 degrees (Chukotka, Wrangel Island,
    # Fiji, Antarctica), which a flat reading turns into bands around the world:
    # cut those few polygons at the antimeridian.
    # Antarctica is left out: no route goes near it, and its ring runs round the
    # South Pole, which the cut below would read as enclosing the North Pole.
    kept = [p for p in raw.geoms if p.bounds[3] > -60.0]
    fixed = [_cut_at_antimeridian(p) if _jumps_antimeridian(p) else p for p in kept]
    polygons = MultiPolygon(
        [part for p in fixed for part in _polygons_of(p) if len(part.exterior.coords) >= 4]
    )
    # The quantized TopoJSON also has self-touching rings (e.g. at Novaya Zemlya).
    # make_valid would then fill the White Sea; buffer(0) rebuilds the rings by
    # winding and keeps the seas open.
    repaired = polygons.buffer(0)
    if isinstance(repaired, Polygon):
        repaired = MultiPolygon([repaired])
    return repaired


def _jumps_antimeridian(polygon: Polygon) -> bool:
    rings = [polygon.exterior, *polygon.interiors]
    return any(max_longitude_step(list(ring.coords)) > 180.0 for ring in rings)


def _cut_at_antimeridian(polygon: Polygon):
    # Unwrap the rings into one continuous frame, then cut that frame into
    # 360-degree slices and move each back into -180..180. Valid because no land
    # polygon north of Antarctica contains a pole. (The antimeridian package
    # gives the same polygons but takes 20 times as long on Eurasia's 10,000
    # points, a third of the whole build.)
    shell = unwrap(polygon.exterior.coords)
    shell_middle = (min(x for x, _ in shell) + max(x for x, _ in shell)) / 2
    holes = []
    for ring in polygon.interiors:
        hole = unwrap(ring.coords)
        turns = round((shell_middle - hole[0][0]) / 360.0)  # put the hole in the shell's frame
        holes.append([(x + 360.0 * turns, y) for x, y in hole])
    whole = Polygon(shell, holes).buffer(0)
    slices = []
    for turns in (-1, 0, 1):
        piece = whole.intersection(box(-180.0 + 360.0 * turns, -90.0, 180.0 + 360.0 * turns, 90.0))
        if not piece.is_empty:
            slices.append(translate(piece, xoff=-360.0 * turns))
    return shapely.union_all(slices)


@cache
def _land_index(resolution: str) -> tuple[STRtree, tuple[Polygon, ...]]:
    polygons = tuple(land(resolution).geoms)
    return STRtree(polygons), polygons


def land_crossings(
    coords: Sequence[Sequence[float]], *, resolution: str = "50m"
) -> list[LineString]:
    """The pieces of a line (unwrapped or not) that lie on land.

    Returned pieces use longitudes in -180..180.

    >>> pieces = land_crossings([(-10.0, 40.0), (10.0, 40.0)], resolution="110m")
    >>> sorted(round(p.length) for p in pieces)  # Iberia, then Sardinia
    [1, 9]
    """
    tree, polygons = _land_index(resolution)
    pieces: list[LineString] = []
    for part in split_antimeridian(coords):
        if len(part) < 2:
            continue
        line = LineString(part)
        for index in tree.query(line, predicate="intersects"):
            overlap = line.intersection(polygons[index])
            pieces.extend(_lines_of(overlap))
    return pieces


def land_in_window(
    west: float,
    *,
    resolution: str = "50m",
    simplify_deg: float = DRAWING_SIMPLIFY_DEG,
    min_area_deg2: float = 0.02,
    south: float = -60.0,
    north: float = 85.0,
    east: float | None = None,
) -> MultiPolygon:
    """Land for drawing in the longitude frame ``[west, east]`` (unwrapped).

    Parts of the frame beyond 180 degrees get a copy of the land moved by 360,
    so a map framed on the Pacific shows both shores. Land is simplified
    (``simplify_deg``) and islands smaller than ``min_area_deg2`` are dropped
    to keep the page small; Antarctica is cut off at ``south``.
    """
    east = west + 360.0 if east is None else east
    base = _simplified_land(resolution, simplify_deg)
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        window = box(max(west, -180.0 + shift), south, min(east, 180.0 + shift), north)
        if window.is_empty or window.area == 0 or window.bounds[0] >= window.bounds[2]:
            continue
        clipped = base.intersection(translate(window, xoff=-shift))
        pieces.extend(translate(p, xoff=shift) for p in _polygons_of(clipped))
    # Join only the polygons cut by a 180-degree line inside the frame (Chukotka,
    # Wrangel Island): a union of the whole world would cost most of the build.
    seams = [180.0 + 360.0 * k for k in range(-2, 2) if west < 180.0 + 360.0 * k < east]
    cut = [p for p in pieces if any(p.bounds[0] - 1e-9 <= x <= p.bounds[2] + 1e-9 for x in seams)]
    whole = [p for p in pieces if not any(p is q for q in cut)]
    if cut:
        whole.extend(_polygons_of(shapely.union_all(cut)))
    return MultiPolygon([p for p in whole if p.area >= min_area_deg2])


def simplify_land(resolution: str, simplify_deg: float) -> MultiPolygon:
    """:func:`land` simplified for drawing, keeping seas open (topology preserved)."""
    return land(resolution).simplify(simplify_deg, preserve_topology=True)


@cache
def _simplified_land(resolution: str, simplify_deg: float) -> MultiPolygon:
    if (resolution, simplify_deg) == ("50m", DRAWING_SIMPLIFY_DEG):
        return shapely.from_wkb(files("geo").joinpath("data", DRAWING_LAND_FILE).read_bytes())
    return simplify_land(resolution, simplify_deg)


def drawing_land_wkb() -> bytes:
    """The bytes of the shipped drawing land, computed afresh from the TopoJSON."""
    return shapely.to_wkb(simplify_land("50m", DRAWING_SIMPLIFY_DEG))


def _lines_of(geometry) -> list[LineString]:
    if isinstance(geometry, LineString):
        return [geometry] if geometry.length > 0 else []
    if hasattr(geometry, "geoms"):
        return [g for item in geometry.geoms for g in _lines_of(item)]
    return []


def _polygons_of(geometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.is_empty else []
    if hasattr(geometry, "geoms"):
        return [g for item in geometry.geoms for g in _polygons_of(item)]
    return []
