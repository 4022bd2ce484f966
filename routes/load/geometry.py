"""Pass 5, geometry: positions in range, lines split at 180 degrees, legs that meet their places.

Distances come from :mod:`geo.geodesic` (geodesics on the WGS84 ellipsoid), as
everywhere else in the atlas.
"""

from __future__ import annotations

import math

from geo.geodesic import distance_km, nearest_km
from routes.errors import Code
from routes.load.context import LoadContext, shown
from routes.load.schema import ENDPOINT_TOLERANCE_KM, PLAUSIBLE_PLACE_KM
from routes.model import Leg, Place


def check_position(
    ctx: LoadContext, file: str, record: str, position: object
) -> tuple[float, float] | None:
    """A ``[lon, lat]`` (or ``[lon, lat, height]``) position in range, as floats."""
    if (
        not isinstance(position, list)
        or len(position) not in (2, 3)
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position)
    ):
        ctx.add(
            file,
            record,
            "geometry",
            f"{shown(position)} is not a [lon, lat] position",
            Code.BAD_POSITION,
        )
        return None
    lon, lat = float(position[0]), float(position[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        ctx.add(file, record, "geometry", f"{shown(position)} is not finite", Code.NOT_FINITE)
        return None
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        hint = ""
        if -180 <= lat <= 180 and -90 <= lon <= 90:
            hint = "; GeoJSON order is [longitude, latitude]: are they swapped?"
        ctx.add(
            file,
            record,
            "geometry",
            f"{shown(position)} is outside longitude -180..180 / latitude -90..90{hint}",
            Code.COORDINATE_OUT_OF_RANGE,
        )
        return None
    return lon, lat


def check_leg_geometry(ctx: LoadContext, file: str, record: str, geometry: dict):
    """A leg's parts as tuples of positions, or None with its one problem reported."""
    gtype = geometry["type"]
    coords = geometry.get("coordinates")
    raw_parts = [coords] if gtype == "LineString" else coords
    if not isinstance(raw_parts, list) or not raw_parts:
        ctx.add(file, record, "geometry", "has no coordinates", Code.TOO_FEW_POSITIONS)
        return None
    parts = []
    for raw in raw_parts:
        if not isinstance(raw, list) or len(raw) < 2:
            ctx.add(
                file,
                record,
                "geometry",
                "a line needs at least two positions",
                Code.TOO_FEW_POSITIONS,
            )
            return None
        part = []
        for position in raw:
            checked = check_position(ctx, file, record, position)
            if checked is None:
                return None
            part.append(checked)
        for a, b in zip(part, part[1:], strict=False):
            if abs(b[0] - a[0]) > 180:
                ctx.add(
                    file,
                    record,
                    "geometry",
                    f"segment {list(a)} -> {list(b)} jumps {abs(b[0] - a[0]):.1f} degrees of "
                    "longitude; "
                    "split lines that cross the antimeridian into a MultiLineString (RFC 7946 "
                    "3.1.9)",
                    Code.UNSPLIT_ANTIMERIDIAN,
                )
                return None
        parts.append(tuple(part))
    for left, right in zip(parts, parts[1:], strict=False):
        end, start = left[-1], right[0]
        if not (
            abs(end[0]) == 180
            and abs(start[0]) == 180
            and end[0] == -start[0]
            and math.isclose(end[1], start[1], abs_tol=1e-6)
        ):
            ctx.add(
                file,
                record,
                "geometry",
                f"parts must join at the antimeridian; {list(end)} does not meet {list(start)}",
                Code.BROKEN_MULTILINESTRING,
            )
            return None
    if len({p for part in parts for p in part}) == 1:
        ctx.add(
            file,
            record,
            "geometry",
            f"every position is {list(parts[0][0])}: a leg must go somewhere",
            Code.ZERO_LENGTH_LEG,
        )
        return None
    return tuple(parts)


def check_leg_ends(ctx: LoadContext, legs: list[Leg], places: dict[str, Place]) -> None:
    """Each leg starts and ends at its places; a place whose coordinates look swapped: said once."""
    swapped: dict[str, list[str]] = {}  # place id -> legs whose ends show its swap
    placed: set[str] = set()  # places some leg starts or ends at, as it should
    for leg in legs:
        file, record = ctx.feature_records[leg.id]
        for field, place_id, position in (
            ("from", leg.from_place, leg.parts[0][0]),
            ("to", leg.to_place, leg.parts[-1][-1]),
        ):
            place = places.get(place_id)
            if place is None:
                if place_id not in ctx.feature_ids_seen and not ctx.any_geojson_unreadable:
                    ctx.add(
                        file,
                        record,
                        field,
                        f"{shown(place_id)} is not a place in any route file",
                        Code.UNKNOWN_PLACE,
                    )
                continue
            gap = distance_km(position, (place.lon, place.lat))
            if gap <= ENDPOINT_TOLERANCE_KM:
                placed.add(place_id)
                continue
            if (
                -90 <= place.lon <= 90
                and distance_km(position, (place.lat, place.lon)) <= ENDPOINT_TOLERANCE_KM
            ):
                swapped.setdefault(place_id, []).append(leg.id)  # reported once, on the place
                continue
            swap_here = (
                distance_km((position[1], position[0]), (place.lon, place.lat))
                <= ENDPOINT_TOLERANCE_KM
            )
            hint = "; this position has latitude and longitude swapped" if swap_here else ""
            ctx.add(
                file,
                record,
                field,
                f"the line {'starts' if field == 'from' else 'ends'} at {list(position)}, "
                f"{gap:,.0f} km from {place.name} {[place.lon, place.lat]}{hint}",
                Code.SWAPPED_COORDINATES if hint else Code.ENDPOINT_FAR_FROM_PLACE,
            )
    for place_id, leg_ids in swapped.items():
        place = places[place_id]
        file, record = ctx.feature_records[place_id]
        ctx.add(
            file,
            record,
            "geometry",
            f"{[place.lon, place.lat]} has latitude and longitude swapped: GeoJSON order is "
            f"[longitude, latitude], and {', '.join(map(repr, leg_ids))} "
            f"{'starts or ends' if len(leg_ids) == 1 else 'start or end'} at "
            f"{[place.lat, place.lon]}",
            Code.SWAPPED_COORDINATES,
        )
    _check_places_near_their_routes(ctx, legs, places, placed | set(swapped))


def _check_places_near_their_routes(
    ctx: LoadContext, legs: list[Leg], places: dict[str, Place], checked: set[str]
):
    """A place on no leg's end, far from its routes, that would lie by them if its latitude
    and longitude were swapped (a Murmansk at 33 N 68 E), is reported."""
    waypoints: dict[str, list[tuple[float, float]]] = {}
    for leg in legs:
        waypoints.setdefault(leg.route, []).extend(p for part in leg.parts for p in part)
    for place in places.values():
        if place.id in checked or not -90 <= place.lon <= 90:
            continue
        points = [p for route in place.routes for p in waypoints.get(route, ())]
        if not points:
            continue
        near = nearest_km((place.lon, place.lat), points)
        if (
            near > PLAUSIBLE_PLACE_KM
            and nearest_km((place.lat, place.lon), points) <= PLAUSIBLE_PLACE_KM
        ):
            file, record = ctx.feature_records[place.id]
            ctx.add(
                file,
                record,
                "geometry",
                f"{[place.lon, place.lat]} is {near:,.0f} km from every leg of its route, which "
                "passes "
                f"{[place.lat, place.lon]}: GeoJSON order is [longitude, latitude]; are they "
                "swapped?",
                Code.SWAPPED_COORDINATES,
            )
