"""The atlas as GeoDataFrames, for analysis in notebooks."""

from __future__ import annotations

from routes.atlas import Atlas


def to_geodataframes(atlas: Atlas) -> dict:
    """Return ``{"legs", "places", "events", "figures"}`` as (Geo)DataFrames.

    Leg geometries are the stored waypoints (split at the antimeridian as in
    the GeoJSON files), not the drawn tracks; ``geo`` computes those.
    """
    import geopandas as gpd  # imported here: heavy, and only notebooks need it
    import pandas as pd
    from shapely.geometry import LineString, MultiLineString, Point

    legs = gpd.GeoDataFrame(
        [
            {
                "id": leg.id,
                "route": leg.route,
                "name": leg.name,
                "from": leg.from_place,
                "to": leg.to_place,
                "mode": leg.mode,
                "start": leg.period.start,
                "end": leg.period.end,
                "note": leg.note,
                "geometry": LineString(leg.parts[0])
                if len(leg.parts) == 1
                else MultiLineString([list(p) for p in leg.parts]),
            }
            for leg in atlas.legs
        ],
        crs="EPSG:4326",
    )
    places = gpd.GeoDataFrame(
        [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "routes": ",".join(p.routes),
                "geometry": Point(p.lon, p.lat),
            }
            for p in atlas.places.values()
        ],
        crs="EPSG:4326",
    )
    events = gpd.GeoDataFrame(
        [
            {
                "id": e.id,
                "route": e.route,
                "name": e.name,
                "kind": e.kind,
                "start": e.period.start,
                "end": e.period.end,
                "radius_km": e.radius_km,
                "geometry": Point(e.lon, e.lat),
            }
            for e in atlas.events.values()
        ],
        crs="EPSG:4326",
    )
    figures = pd.DataFrame(
        [
            {
                "id": f.id,
                "route": f.route,
                "feature": f.feature,
                "metric": f.metric,
                "value": f.value,
                "value_high": f.value_high,
                "unit": f.unit,
                "start": f.period.start,
                "end": f.period.end,
                "qualifier": f.qualifier,
                "source": f.source,
                "disputed_with": ";".join(f.disputed_with),
            }
            for f in atlas.figures
        ]
    )
    return {"legs": legs, "places": places, "events": events, "figures": figures}
