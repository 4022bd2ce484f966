"""The atlas's data as plain files for students: every figure as CSV, the geography as GeoJSON,
and, where the data has convoys, every convoy as CSV.

The GeoJSON carries the lines the maps draw (sea legs routed on water, air
legs as great circles), split at the antimeridian as RFC 7946 asks, with
each leg's historical waypoints kept apart in its properties.
"""

from __future__ import annotations

import json

from geo import split_antimeridian
from mapgen.drawing import draw_legs
from routes.atlas import Atlas
from routes.export import convoys_csv, figures_csv
from routes.model import BASE_LANGUAGE

COORD_DIGITS = 4


def _geometry(coords) -> dict:
    parts = [
        [[round(lon, COORD_DIGITS), round(lat, COORD_DIGITS)] for lon, lat in part]
        for part in split_antimeridian(coords)
    ]
    parts = [part for part in parts if len(part) >= 2]
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def routes_geojson(atlas: Atlas, lang: str = BASE_LANGUAGE) -> str:
    """Legs (as drawn), places and losses as one RFC 7946 FeatureCollection."""
    local = atlas.in_language(lang)
    tracks = {
        leg.id: coords
        for legs in draw_legs(local, tuple(local.routes)).values()
        for leg, coords in legs
    }
    features = []
    for leg in local.legs:
        route = local.routes[leg.route]
        features.append(
            {
                "type": "Feature",
                "geometry": _geometry(tracks[leg.id]),
                "properties": {
                    "feature": "leg",
                    "id": leg.id,
                    "map": route.group,
                    "route": leg.route,
                    "route_name": route.name,
                    "name": leg.name,
                    "from": leg.from_place,
                    "from_name": local.places[leg.from_place].name,
                    "to": leg.to_place,
                    "to_name": local.places[leg.to_place].name,
                    "mode": leg.mode,
                    "start": leg.period.start,
                    "end": leg.period.end,
                    "note": leg.note,
                    "sources": list(leg.sources),
                    "waypoints": [[list(p) for p in part] for part in leg.parts],
                },
            }
        )
    for place in local.places.values():
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": {
                    "feature": "place",
                    "id": place.id,
                    "name": place.name,
                    "kind": place.kind,
                    "routes": list(place.routes),
                    "note": place.note,
                    "position_source": place.coord_source,
                    "position_record": place.coord_ref,
                },
            }
        )
    for event in local.events.values():
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [event.lon, event.lat]},
                "properties": {
                    "feature": "loss",
                    "id": event.id,
                    "name": event.name,
                    "kind": event.kind,
                    "route": event.route,
                    "start": event.period.start,
                    "end": event.period.end,
                    "uncertainty_km": event.radius_km,
                    "note": event.note,
                    "sources": list(event.sources),
                },
            }
        )
    return (
        json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1
        )
        + "\n"
    )


DATA_FILES = {
    "figures.csv": figures_csv,
    "routes.geojson": routes_geojson,
    "convoys.csv": convoys_csv,
}
# Files written only when the data has what they hold (a folder of one's own may have no convoys).
OPTIONAL_DATA = {"convoys.csv": lambda atlas: bool(atlas.convoys)}


def data_files(atlas: Atlas, lang: str = BASE_LANGUAGE) -> dict[str, str]:
    """``{"figures.csv": text, "routes.geojson": text, "convoys.csv": text}`` for one language."""
    return {
        name: make(atlas, lang)
        for name, make in DATA_FILES.items()
        if OPTIONAL_DATA.get(name, bool)(atlas)
    }
