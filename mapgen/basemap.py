"""The map under the routes: land, the borders of the period, the USSR's outline, country names.

The land and borders of the whole world are shipped once per page, inside
the map's longitude window; atlas.js draws them again a turn of the globe
to the east and to the west, so the basemap covers every place a reader
can pan to. Everything is encoded as polylines and cached on disk.
"""

from __future__ import annotations

import importlib
from importlib.resources import files

import shapely

from geo import borders as geo_borders
from geo import land_in_window
from geo.antimeridian import into_window
from geo.cache import cached, code_of, source_digest
from mapgen import encoding
from mapgen.encoding import encode_polyline
from mapgen.labels import Candidate
from routes.atlas import Atlas
from routes.model import Period

LAND_DIGITS = 2  # about 1 km: the land is drawn at world scale
LAND_SIMPLIFY_DEG = 0.05  # under a pixel at the zooms that show a whole route
LAND_MIN_AREA_DEG2 = 0.1  # smaller islands are left out
BORDER_SIMPLIFY_DEG = 0.08
# The border set each kind of map draws: the world of 1938 (countries and borders), or
# today's borders faintly under the USSR's outline of June 1941.
BORDER_SETS = {
    "1938": {"lines": "borders-1938", "lines_style": "period", "ussr": ("borders-1938", "USSR")},
    "1941": {"lines": "borders-present", "lines_style": "present", "ussr": ("ussr-1941", "USSR")},
}
COUNTRY_MIN_AREA_DEG2 = 6.0  # smaller parts of a country in view get no name
# Country names go after the names of the places where routes start and end, before those of the
# straits and capes on the way; the USSR, the subject of every map, before every other name.
USSR_PRIORITY = -1.0
COUNTRY_PRIORITY = 4.5


def _rings(polygon) -> list[str]:
    return [
        encode_polyline([(lat, lon) for lon, lat in ring.coords], LAND_DIGITS)
        for ring in (polygon.exterior, *polygon.interiors)
    ]


def _lines(geometry) -> list[str]:
    return [
        encode_polyline([(lat, lon) for lon, lat in line.coords], LAND_DIGITS)
        for line in geo_borders.lines_of(geometry)
    ]


def code_and_data_digest() -> str:
    """A digest of what the land and borders are made from: the code that cuts them and its data."""
    land_module = importlib.import_module("geo.land")  # the module, not geo.land(), the function
    shipped = files("geo").joinpath("data", land_module.DRAWING_LAND_FILE)
    border_files = tuple(
        str(files("geo").joinpath("data", f"{name}.geojson")) for name in geo_borders.BORDER_FILES
    )
    return (
        code_of([land_module, geo_borders, encoding])
        + source_digest((__file__,))
        + source_digest((str(shipped), *border_files))
    )


def _key(west: float, *extra) -> dict:
    return {
        "west": west,
        "extra": list(extra),
        "digits": LAND_DIGITS,
        "code": code_and_data_digest(),
    }


def encoded_land(west: float) -> list[list[str]]:
    """The world's land in the window ``[west, west + 360)``, one list of encoded rings per polygon."""

    def compute() -> list[list[str]]:
        land = shapely.simplify(
            land_in_window(west, east=west + 360.0), LAND_SIMPLIFY_DEG, preserve_topology=True
        )
        return [_rings(p) for p in geo_borders.polygons_of(land) if p.area >= LAND_MIN_AREA_DEG2]

    return cached("land", _key(west), compute)


def encoded_borders(west: float, border_set: str) -> dict:
    """The period's land borders (lines) and the USSR's outline (polygons) in the window."""
    chosen = BORDER_SETS[border_set]

    def compute() -> dict:
        lines = shapely.simplify(
            geo_borders.in_window(geo_borders.border_lines(chosen["lines"]), west),
            BORDER_SIMPLIFY_DEG,
        )
        file, name = chosen["ussr"]
        ussr = shapely.simplify(
            geo_borders.in_window(geo_borders.countries(file)[name], west), BORDER_SIMPLIFY_DEG
        )
        return {
            "lines": _lines(lines),
            "style": chosen["lines_style"],
            "ussr": [_rings(p) for p in geo_borders.polygons_of(ussr)],
        }

    return cached("borders", _key(west, border_set), compute)


def border_set_of(atlas: Atlas, group_id: str, period: Period) -> str:
    """The border set a map draws: the group's choice, else 1938 for maps that end by 1941."""
    chosen = atlas.groups[group_id].borders
    if chosen:
        return chosen
    return "1938" if period.last_day.year <= 1941 else "1941"


def country_candidates(
    atlas: Atlas,
    period: Period,
    view: tuple[float, float, float, float],
    west: float,
    border_set: str = "1938",
) -> list[Candidate]:
    """Names for the countries of the map's period that have enough land in ``view``
    (west, south, east, north, in window longitudes); one name per country polygon,
    the one valid at the end of the period."""
    shapes = dict(geo_borders.countries("borders-1938"))
    shapes["USSR"] = geo_borders.countries(BORDER_SETS[border_set]["ussr"][0])["USSR"]
    chosen: dict[str, object] = {}
    for country in sorted(atlas.countries, key=lambda c: c.period.last_day):
        if (
            country.period.first_day <= period.last_day
            and period.first_day <= country.period.last_day
        ):
            chosen[country.id if country.lon is not None else country.borders_name] = country
    candidates = []
    for country in chosen.values():
        polygons = shapes.get(country.borders_name)
        if country.lon is not None:
            lon = into_window(country.lon, west)
            if view[0] <= lon <= view[2] and view[1] <= country.lat <= view[3]:
                candidates.append(
                    Candidate(
                        f"country:{country.id}", country.name, lon, country.lat, COUNTRY_PRIORITY
                    )
                )
            continue
        if polygons is None:
            continue
        in_view = shapely.intersection(geo_borders.in_window(polygons, west), shapely.box(*view))
        if (
            in_view.is_empty
            or max((p.area for p in geo_borders.polygons_of(in_view)), default=0)
            < COUNTRY_MIN_AREA_DEG2
        ):
            continue
        points = geo_borders.label_points(in_view, view)
        if points:
            main = country.id == "ussr"
            shape = geo_borders.in_window(polygons, west)
            shapely.prepare(shape)
            candidates.append(
                Candidate(
                    f"country:{country.id}",
                    country.name,
                    points[0][0],
                    points[0][1],
                    USSR_PRIORITY if main else COUNTRY_PRIORITY,
                    anchors=tuple(points[1:]),
                    area=shape,
                    main=main,
                )
            )
    return candidates
