"""Pass 4, features: the legs, places and losses of each route file (``<route id>.geojson``)."""

from __future__ import annotations

from routes.errors import Code
from routes.load.context import LoadContext, shown
from routes.load.fields import (
    check_choice,
    check_id,
    check_number,
    check_period,
    check_properties,
    check_route_property,
    check_sources,
    check_text,
    take_translations,
)
from routes.load.files import data_file_names
from routes.load.geometry import check_position
from routes.load.jsonfile import read_json
from routes.load.legs import load_leg
from routes.load.schema import (
    EVENT_OPTIONAL,
    EVENT_REQUIRED,
    MAX_RADIUS_KM,
    PLACE_OPTIONAL,
    PLACE_REQUIRED,
    translation_columns,
)
from routes.model import EVENT_KINDS, PLACE_KINDS, Event, Leg, Place, Route


class Features:
    """What the route files hold: legs, places (each once) and losses."""

    def __init__(self) -> None:
        self.legs: list[Leg] = []
        self.places: dict[str, Place] = {}
        self.events: dict[str, Event] = {}
        self.place_origin: dict[str, str] = {}  # where each place was first written


def load_features(ctx: LoadContext, routes: dict[str, Route], seen_ids: dict) -> Features:
    found = Features()
    geojson_files = data_file_names(ctx, ".geojson")
    for route_id in routes:
        if f"{route_id}.geojson" not in geojson_files:
            ctx.add(
                ctx.label(f"{route_id}.geojson"),
                "",
                "",
                f"file is missing (routes.csv lists route {route_id!r})",
                Code.MISSING_FILE,
            )
            ctx.unreadable.add(
                f"{route_id}.geojson"
            )  # what refers to its features is not re-reported
    for name in geojson_files:
        route_id = name.removesuffix(".geojson")
        if "routes.csv" in ctx.unreadable:
            ctx.unreadable.add(name)  # without routes.csv no route file can be checked
            continue
        if route_id not in routes:
            if route_id in ctx.route_ids_seen:
                ctx.unreadable.add(name)  # its row in routes.csv has its own problem
                continue
            ctx.add(
                ctx.label(name),
                "",
                "",
                f"route {shown(route_id)} is not listed in routes.csv",
                Code.UNLISTED_ROUTE_FILE,
            )
            continue
        collection = _feature_collection(ctx, name)
        if collection == []:
            ctx.add(
                ctx.label(name),
                "top level",
                "features",
                "is empty: a route needs at least one leg, place or loss to draw",
                Code.EMPTY_ROUTE,
            )
            ctx.unreadable.add(name)  # what referred to its features is not reported again
        for index, feature in enumerate(collection or ()):
            _load_feature(ctx, ctx.label(name), index, feature, route_id, seen_ids, found)
    return found


def _feature_collection(ctx: LoadContext, name: str) -> list | None:
    document = read_json(ctx, name)
    if document is None:
        return None
    file = ctx.label(name)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        kind = document.get("type") if isinstance(document, dict) else type(document).__name__
        ctx.add(
            file,
            "top level",
            "type",
            f"{shown(kind)} found; a route file must be one GeoJSON FeatureCollection",
            Code.NOT_FEATURE_COLLECTION,
        )
        ctx.unreadable.add(name)
        return None
    features = document.get("features")
    if not isinstance(features, list):
        ctx.add(file, "top level", "features", "must be a list of Features", Code.BAD_FEATURES)
        ctx.unreadable.add(name)
        return None
    return features


def _load_feature(
    ctx: LoadContext, file: str, index: int, feature, route_id: str, seen_ids: dict, found: Features
):
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        ctx.add(file, f"feature #{index}", "type", "is not a GeoJSON Feature", Code.NOT_FEATURE)
        return
    props = feature.get("properties")
    geometry = feature.get("geometry")
    ident = props.get("id") if isinstance(props, dict) else None
    if isinstance(ident, str) and ident:
        ctx.feature_ids_seen.setdefault(ident, route_id)
    record = (
        f"feature #{index} (id {shown(ident)})"
        if isinstance(ident, str) and ident
        else f"feature #{index}"
    )
    if not isinstance(props, dict):
        ctx.add(file, record, "properties", "must be an object", Code.BAD_PROPERTIES)
        return
    if not isinstance(geometry, dict) or "type" not in geometry:
        ctx.add(file, record, "geometry", "is missing or not a geometry object", Code.BAD_GEOMETRY)
        return
    gtype = geometry.get("type")
    if gtype in ("LineString", "MultiLineString"):
        load_leg(ctx, file, record, props, geometry, route_id, seen_ids, found.legs)
    elif gtype == "Point":
        if props.get("kind") in EVENT_KINDS:
            _load_event(ctx, file, record, props, geometry, route_id, seen_ids, found)
        else:
            _load_place(ctx, file, record, props, geometry, route_id, seen_ids, found)
    else:
        ctx.add(
            file,
            record,
            "geometry",
            f"type {shown(gtype)}: legs are LineString or MultiLineString, places and events are "
            "Point",
            Code.WRONG_GEOMETRY_TYPE,
        )


def _load_place(ctx, file, record, props, geometry, route_id, seen_ids, found: Features) -> None:
    check_properties(ctx, file, record, props, PLACE_REQUIRED, PLACE_OPTIONAL)
    position = check_position(ctx, file, record, geometry.get("coordinates"))
    ident = props.get("id")
    kind = check_choice(
        ctx, file, record, "kind", props.get("kind"), PLACE_KINDS + EVENT_KINDS, Code.UNKNOWN_KIND
    )
    name = check_text(ctx, file, record, "name", props.get("name"))
    coord_source = check_text(ctx, file, record, "coord_source", props.get("coord_source"))
    check_route_property(ctx, file, record, props, route_id)
    translated = {k: props[k] for k in translation_columns("place") if k in props}
    places = found.places
    if isinstance(ident, str) and ident in places:
        existing = places[ident]
        same = (
            position is not None
            and (existing.lon, existing.lat) == position
            and (
                existing.name,
                existing.kind,
                existing.coord_source,
                existing.coord_ref,
                existing.note,
                existing.label,
            )
            == (
                name,
                kind,
                coord_source,
                str(props.get("coord_ref", "")),
                props.get("note", ""),
                props.get("label", ""),
            )
            and translated == ctx.place_translations.get(ident)
        )
        if not same:
            ctx.add(
                file,
                record,
                "id",
                f"place {ident!r} is also defined, differently, at {found.place_origin[ident]}",
                Code.CONFLICTING_PLACE,
            )
        else:
            places[ident] = Place(**{**existing.__dict__, "routes": existing.routes + (route_id,)})
        return
    if not check_id(ctx, file, record, "id", ident, seen_ids):
        return
    found.place_origin[ident] = f"{file}: {record}"
    ctx.place_translations[ident] = translated
    take_translations(ctx, "place", ident, file, record, props)
    if position and kind and name:
        ctx.feature_records[ident] = (file, record)
        places[ident] = Place(
            id=ident,
            routes=(route_id,),
            name=name,
            kind=kind,
            lon=position[0],
            lat=position[1],
            coord_source=coord_source,
            coord_ref=str(props.get("coord_ref", "")),
            note=check_text(ctx, file, record, "note", props.get("note"), required=False),
            label=check_text(ctx, file, record, "label", props.get("label"), required=False),
        )


def _load_event(ctx, file, record, props, geometry, route_id, seen_ids, found: Features) -> None:
    check_properties(ctx, file, record, props, EVENT_REQUIRED, EVENT_OPTIONAL)
    position = check_position(ctx, file, record, geometry.get("coordinates"))
    ident = props.get("id")
    id_ok = check_id(ctx, file, record, "id", ident, seen_ids)
    name = check_text(ctx, file, record, "name", props.get("name"))
    period = check_period(ctx, file, record, props.get("start"), props.get("end"))
    sources = check_sources(ctx, file, record, "sources", props.get("sources"))
    radius = check_number(
        ctx,
        file,
        record,
        "radius_km",
        props.get("radius_km"),
        required=False,
        at_most=MAX_RADIUS_KM,
    )
    check_route_property(ctx, file, record, props, route_id)
    if id_ok:
        take_translations(ctx, "event", ident, file, record, props)
    if id_ok and position and name and period:
        ctx.feature_records[ident] = (file, record)
        found.events[ident] = Event(
            id=ident,
            route=route_id,
            name=name,
            kind=props["kind"],
            lon=position[0],
            lat=position[1],
            period=period,
            sources=sources,
            radius_km=radius or 0.0,
            note=check_text(ctx, file, record, "note", props.get("note"), required=False),
        )
