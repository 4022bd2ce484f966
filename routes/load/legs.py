"""Pass 4, features: a leg of a route file (a LineString or MultiLineString), field by field."""

from __future__ import annotations

from routes.errors import Code
from routes.load.context import shown
from routes.load.fields import (
    check_choice,
    check_id,
    check_period,
    check_properties,
    check_route_property,
    check_sources,
    check_text,
    take_translations,
)
from routes.load.geometry import check_leg_geometry
from routes.load.schema import LEG_OPTIONAL, LEG_REQUIRED, SEA_PASSAGES, TRACKS
from routes.model import MODES, Leg


def load_leg(ctx, file, record, props, geometry, route_id, seen_ids, legs: list[Leg]) -> None:
    """One leg of a route file, added to ``legs`` if it is whole."""
    check_properties(ctx, file, record, props, LEG_REQUIRED, LEG_OPTIONAL)
    ident = props.get("id")
    id_ok = check_id(ctx, file, record, "id", ident, seen_ids)
    check_route_property(ctx, file, record, props, route_id)
    mode = check_choice(ctx, file, record, "mode", props.get("mode"), MODES, Code.UNKNOWN_MODE)
    period = check_period(ctx, file, record, props.get("start"), props.get("end"))
    note = check_text(ctx, file, record, "note", props.get("note"), required=False)
    sources = check_sources(ctx, file, record, "sources", props.get("sources"))
    from_place = check_text(ctx, file, record, "from", props.get("from"))
    to_place = check_text(ctx, file, record, "to", props.get("to"))
    track = check_choice(
        ctx, file, record, "track", props.get("track", "computed"), TRACKS, Code.UNKNOWN_TRACK
    )
    closed = props.get("closed_passages", [])
    if not isinstance(closed, list):
        ctx.add(
            file, record, "closed_passages", f"{shown(closed)} is not a list", Code.BAD_PASSAGES
        )
        closed = []
    for passage in closed:
        check_choice(
            ctx, file, record, "closed_passages", passage, SEA_PASSAGES, Code.UNKNOWN_PASSAGE
        )
    if closed and mode != "sea":
        ctx.add(
            file,
            record,
            "closed_passages",
            "only sea legs pass through sea passages",
            Code.PASSAGE_ON_LAND_LEG,
        )
    parts = check_leg_geometry(ctx, file, record, geometry)
    if id_ok:
        take_translations(ctx, "leg", ident, file, record, props)
    if id_ok and mode and period and parts and from_place and to_place and track:
        legs.append(
            Leg(
                id=ident,
                route=route_id,
                name=check_text(ctx, file, record, "name", props.get("name"), required=False),
                from_place=from_place,
                to_place=to_place,
                mode=mode,
                period=period,
                sources=sources,
                parts=parts,
                note=note,
                closed_passages=tuple(closed),
                track=track,
            )
        )
        ctx.feature_records[ident] = (file, record)
