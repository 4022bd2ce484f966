"""A map's guided tours as the page's scene holds them: each step's words and what it shows.

Python decides where each step looks: a step's box, the place it centres on or
the feature whose card it opens becomes one box of ``[[south, west], [north, east]]``
in the map's own longitudes (a Pacific map runs past 180°), which the page fits to
any screen. The page's ``tour.js`` only shows the words and drives the map.
"""

from __future__ import annotations

import math

from mapgen.drawing import DrawnMap
from routes.atlas import Atlas
from routes.model import TourStep

PLACE_SPAN_DEG = 9.0  # a place is shown with about 1,000 km around it
FEATURE_MARGIN_DEG = 1.5  # round a leg's line, so its ends are not on the map's edge
POINT_SPAN_DEG = 4.0  # round a lone place or loss whose card opens


def tour_scene(atlas: Atlas, group_id: str, drawn: DrawnMap) -> list[dict]:
    """The tours of a map for its scene; ``atlas`` is in the map's language."""
    west, _, east, _ = drawn.bounds
    middle = (west + east) / 2
    return [
        {
            "n": tour.number,
            "steps": [_step(step, drawn, middle) for step in tour.steps],
        }
        for tour in atlas.tours_of(group_id)
    ]


def _step(step: TourStep, drawn: DrawnMap, middle: float) -> dict:
    return {
        "title": step.title,
        "text": step.text,
        "layers": list(step.layers) if step.layers is not None else None,
        "period": step.period or None,
        "month": step.month or None,
        "bounds": step_bounds(step, drawn, middle),
        "feature": step.feature or None,
    }


def _box(west: float, south: float, east: float, north: float, middle: float) -> list:
    """``[[south, west], [north, east]]``, turned by whole turns so its centre is near ``middle``."""
    turn = 360.0 * round((middle - (west + east) / 2) / 360.0)
    return [
        [round(max(south, -85.0), 3), round(west + turn, 3)],
        [round(min(north, 85.0), 3), round(east + turn, 3)],
    ]


def _around(lon: float, lat: float, span: float, middle: float) -> list:
    wide = span / max(math.cos(math.radians(lat)), 0.2)
    return _box(lon - wide, lat - span, lon + wide, lat + span, middle)


def step_bounds(step: TourStep, drawn: DrawnMap, middle: float) -> list | None:
    """The box a step shows, or None for the whole map."""
    if step.view:
        return _box(*step.view, middle)
    places = {p.id: (lon, p.lat) for p, lon in drawn.places}
    if step.place in places:
        return _around(*places[step.place], PLACE_SPAN_DEG, middle)
    if not step.feature:
        return None
    for legs in drawn.legs.values():
        for d in legs:
            if d.leg.id == step.feature:
                lons = [lon for lon, _ in d.coords]
                lats = [lat for _, lat in d.coords]
                m = FEATURE_MARGIN_DEG
                return _box(min(lons) - m, min(lats) - m, max(lons) + m, max(lats) + m, middle)
    points = places | {e.id: (lon, e.lat) for e, lon in drawn.events}
    if step.feature in points:
        return _around(*points[step.feature], POINT_SPAN_DEG, middle)
    return None
