"""Country borders shipped in ``geo/data`` (see its README for sources and licences).

Three files, each read once: ``borders-1938`` (countries and their land
borders), ``ussr-1941`` (one outline) and ``borders-present`` (today's land
borders, lines only). Which one a map draws is the data's choice; this
module only reads, cuts and moves them into a map's longitude window.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

import shapely
from shapely import LineString, MultiLineString, MultiPolygon, Polygon, box
from shapely.affinity import translate
from shapely.geometry import shape
from shapely.ops import polylabel

BORDER_FILES = ("borders-1938", "ussr-1941", "borders-present")


@cache
def _features(name: str) -> tuple[dict, ...]:
    if name not in BORDER_FILES:
        raise ValueError(f"no border file {name!r}; there are {', '.join(BORDER_FILES)}")
    text = files("geo").joinpath("data", f"{name}.geojson").read_text(encoding="utf-8")
    return tuple(json.loads(text)["features"])


@cache
def border_lines(name: str) -> MultiLineString:
    """The land borders of a border file (the coastline is the land's, not drawn twice).

    >>> border_lines("borders-1938").geom_type
    'MultiLineString'
    """
    found = [shape(f["geometry"]) for f in _features(name) if f["properties"]["kind"] == "borders"]
    return found[0] if found else MultiLineString([])


@cache
def countries(name: str) -> dict[str, MultiPolygon]:
    """The country polygons of a border file by the name its source gives them.

    >>> sorted(countries("ussr-1941"))
    ['USSR']
    """
    out = {}
    for feature in _features(name):
        if feature["properties"]["kind"] == "country":
            geometry = shape(feature["geometry"])
            out[feature["properties"]["name"]] = (
                geometry if isinstance(geometry, MultiPolygon) else MultiPolygon([geometry])
            )
    return out


def in_window(geometry, west: float):
    """``geometry`` (longitudes in -180..180) cut and moved into the window ``[west, west + 360)``.

    >>> line = LineString([(-170, 60), (-160, 60)])
    >>> in_window(line, 0.0).bounds
    (190.0, 60.0, 200.0, 60.0)
    """
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        window = box(west - shift, -90.0, west + 360.0 - shift, 90.0)
        clipped = geometry.intersection(window)
        if not clipped.is_empty:
            pieces.append(translate(clipped, xoff=shift))
    return shapely.union_all(pieces) if pieces else geometry.intersection(box(0, 0, 0, 0))


def lines_of(geometry) -> list[LineString]:
    """The non-empty lines of any geometry."""
    if isinstance(geometry, LineString):
        return [geometry] if geometry.length > 0 else []
    return [g for part in getattr(geometry, "geoms", ()) for g in lines_of(part)]


def polygons_of(geometry) -> list[Polygon]:
    """The non-empty polygons of any geometry."""
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.is_empty else []
    return [g for part in getattr(geometry, "geoms", ()) for g in polygons_of(part)]


def label_points(
    polygons, view: tuple[float, float, float, float], *, count: int = 12
) -> list[tuple[float, float]]:
    """Where a name of ``polygons`` may go inside ``view`` (west, south, east, north), best first:
    the pole of inaccessibility of the largest part in view, then other points well inside it,
    spread apart. Empty if no part is in view.

    >>> label_points(MultiPolygon([box(0, 0, 10, 4)]), (0, 0, 5, 4))[0]
    (2.0, 2.0)
    """
    parts = polygons_of(shapely.intersection(polygons, box(*view)))
    if not parts:
        return []
    largest = max(parts, key=lambda p: p.area)
    best = polylabel(largest, tolerance=0.1)
    west, south, east, north = largest.bounds
    grid = [
        shapely.Point(
            west + (east - west) * (i + 0.5) / 16, south + (north - south) * (j + 0.5) / 10
        )
        for i in range(16)
        for j in range(10)
    ]
    inside = sorted(
        (p for p in grid if largest.contains(p)),
        key=lambda p: (-round(largest.exterior.distance(p), 3), p.x, p.y),
    )
    spacing = max(east - west, north - south) / 12
    chosen = [best]
    for point in inside:
        if len(chosen) >= count:
            break
        if all(point.distance(other) >= spacing for other in chosen):
            chosen.append(point)
    return [(round(p.x, 3), round(p.y, 3)) for p in chosen]
