"""Geometry for the atlas: antimeridian handling, geodesics, sea routing, land.

Small pure functions on ``(lon, lat)`` sequences, in the style of shapely 2.
This package knows nothing of the route data or of maps.
"""

from geo.antimeridian import (
    covering_window,
    join_antimeridian,
    max_longitude_step,
    shift_into_window,
    split_antimeridian,
    unwrap,
    wrap_longitude,
)
from geo.geodesic import geodesic_circle, geodesic_path, marks_along, path_length_km, sharp_turns
from geo.land import land, land_crossings, land_in_window
from geo.sea import PASSAGES, NoSeaRouteError, sea_track
from geo.tracks import leg_track

__all__ = [
    "PASSAGES",
    "NoSeaRouteError",
    "covering_window",
    "geodesic_circle",
    "geodesic_path",
    "join_antimeridian",
    "land",
    "land_crossings",
    "land_in_window",
    "leg_track",
    "marks_along",
    "max_longitude_step",
    "path_length_km",
    "sea_track",
    "sharp_turns",
    "shift_into_window",
    "split_antimeridian",
    "unwrap",
    "wrap_longitude",
]
