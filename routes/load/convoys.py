"""Pass 3, tables (optional): the sailings of convoys (``convoys.csv``), checked field by field.

``convoys.csv`` has one row per sailing; ``convoy_disputes.csv`` another source's value for one
field of a sailing; ``convoy_losses.csv`` a ship sunk at a position a source prints, or the loss
of a route file that is the same sinking. A folder without these files has no convoys.
"""

from __future__ import annotations

from routes.errors import Code
from routes.load.context import Everything, LoadContext, shown
from routes.load.convoy_details import (
    DATE_FIELDS,
    PORT_FIELDS,
    load_disputes,
    load_losses,
    load_pauses,
)
from routes.load.csvfile import read_csv
from routes.load.fields import (
    check_choice,
    check_id,
    check_number,
    check_sources,
    check_text,
    split_list,
    take_translations,
)
from routes.model import Event, Place, Route, Source, parse_iso_partial
from routes.model_convoys import (
    CONVOY_COUNTS,
    CONVOY_DIRECTIONS,
    CONVOY_FIELDS,
    Convoy,
    ConvoyDispute,
    ConvoyLoss,
    ConvoyPause,
)

ISO_DATE = "is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"


class ConvoyChecks:
    """What the rows of the three tables are checked against; a table that could not be read
    stands for every id, so one mistake gives one error."""

    def __init__(self, ctx, routes, places, events, sources):
        self.ctx = ctx
        self.routes = routes
        self.places = Everything() if ctx.any_geojson_unreadable else places
        self.events = Everything() if ctx.any_geojson_unreadable else events
        self.sources = Everything() if "sources.csv" in ctx.unreadable else sources
        self.convoys: dict[str, Convoy] | Everything = {}

    def port(self, file, record, field, value) -> tuple[str, ...]:
        found = split_list(value)
        for place in found:
            if place not in self.places:
                self.ctx.add(
                    file, record, field, f"{shown(place)} is not a place id", Code.UNKNOWN_PLACE
                )
                return ()
        return found

    def date(self, file, record, field, value) -> str | None:
        """``value`` if it is an ISO date; "" if empty; None (reported) otherwise."""
        if not value:
            return ""
        try:
            parse_iso_partial(value)
        except ValueError:
            self.ctx.add(file, record, field, f"{shown(value)} {ISO_DATE}", Code.BAD_DATE)
            return None
        return value

    def count(self, file, record, field, value) -> int | None:
        number = check_number(self.ctx, file, record, field, value, required=False)
        if number is not None and not number.is_integer():
            self.ctx.add(
                file,
                record,
                field,
                f"{shown(value)} is not a whole number of ships",
                Code.NOT_A_WHOLE_NUMBER,
            )
            return None
        return None if number is None else int(number)

    def cited(self, file, record, row) -> tuple[tuple[str, ...], str] | None:
        """The row's sources, all known, and its quote; None (reported) if either is wanting."""
        if not row.get("source"):
            self.ctx.add(
                file, record, "source", "is empty: every value needs a source", Code.MISSING_SOURCE
            )
            return None
        named = check_sources(self.ctx, file, record, "source", row["source"])
        for source in named:
            if source not in self.sources:
                self.ctx.add(
                    file,
                    record,
                    "source",
                    f"{shown(source)} is not in sources.csv",
                    Code.UNKNOWN_SOURCE,
                )
                return None
        quote = check_text(self.ctx, file, record, "quote", row.get("quote"))
        return (named, quote) if named and quote else None

    def cited_once(self, file, record, row) -> tuple[str, str] | None:
        """The row's one source and its quote: a dispute or a pause is one source's word."""
        cited = self.cited(file, record, row)
        if cited and len(cited[0]) > 1:
            self.ctx.add(
                file,
                record,
                "source",
                "names more than one source: give each its own row",
                Code.BAD_SOURCES,
            )
            return None
        return (cited[0][0], cited[1]) if cited else None

    def convoy_of(self, file, record, value) -> str:
        if value in self.convoys:
            return value
        if value not in self.ctx.broken_ids:
            self.ctx.add(
                file, record, "convoy", f"{shown(value)} is not a convoy id", Code.UNKNOWN_CONVOY
            )
        return ""


def load_convoys(
    ctx: LoadContext,
    routes: dict[str, Route],
    places: dict[str, Place],
    events: dict[str, Event],
    sources: dict[str, Source],
    seen_ids: dict,
) -> tuple[list[Convoy], list[ConvoyDispute], list[ConvoyLoss], list[ConvoyPause]]:
    checks = ConvoyChecks(ctx, routes, places, events, sources)
    convoys = _load_sailings(checks, seen_ids)
    checks.convoys = Everything() if "convoys.csv" in ctx.unreadable else {c.id: c for c in convoys}
    return convoys, load_disputes(checks), load_losses(checks), load_pauses(checks)


def _load_sailings(checks: ConvoyChecks, seen_ids: dict) -> list[Convoy]:
    ctx = checks.ctx
    file = ctx.label("convoys.csv")
    convoys: list[Convoy] = []
    names: dict[str, str] = {}
    companions: list[tuple[str, str, str]] = []
    for record, row in read_csv(ctx, "convoys.csv"):
        if not check_id(ctx, file, record, "id", row["id"], seen_ids):
            continue
        name = check_text(ctx, file, record, "convoy", row["convoy"])
        if name in names:
            ctx.add(
                file,
                record,
                "convoy",
                f"{name!r} is used twice (also at {names[name]})",
                Code.DUPLICATE_ID,
            )
            ctx.broken_ids.add(row["id"])
            continue
        names[name] = record
        route = _route(checks, file, record, row["route"])
        direction = check_choice(
            ctx, file, record, "direction", row["direction"], CONVOY_DIRECTIONS, Code.UNKNOWN_CHOICE
        )
        ports = {
            field: checks.port(file, record, field, row.get(field, "")) for field in PORT_FIELDS
        }
        dates = {
            field: checks.date(file, record, field, row.get(field, "")) for field in DATE_FIELDS
        }
        counts = {
            field: checks.count(file, record, field, row.get(field, "")) for field in CONVOY_COUNTS
        }
        inferred = split_list(row.get("inferred", ""))
        for field in inferred:
            check_choice(ctx, file, record, "inferred", field, CONVOY_FIELDS, Code.UNKNOWN_CHOICE)
        take_translations(ctx, "convoy", row["id"], file, record, row)
        cited = checks.cited(file, record, row)
        if (
            None in dates.values()
            or not (name and route and direction and cited)
            or not _order_ok(ctx, file, record, dates)
            or not _counts_ok(ctx, file, record, counts)
        ):
            ctx.broken_ids.add(row["id"])  # what refers to it is not reported again
            continue
        if row.get("sailed_with"):
            companions.append((record, row["id"], row["sailed_with"]))
        convoys.append(
            Convoy(
                id=row["id"],
                name=name,
                route=route,
                direction=direction,
                sources=cited[0],
                quote=cited[1],
                departed_from=ports["departed_from"],
                departed=dates["departed"] or "",
                arrived_at=ports["arrived_at"],
                arrived=dates["arrived"] or "",
                sailed_with=row.get("sailed_with", ""),
                note=row.get("note", ""),
                inferred=inferred,
                gaps=row.get("gaps", ""),
                **counts,
            )
        )
    known = {convoy.id: convoy for convoy in convoys}
    for record, convoy_id, other in companions:
        if other == convoy_id or (other not in known and other not in ctx.broken_ids):
            ctx.add(
                file,
                record,
                "sailed_with",
                f"{shown(other)} is not another convoy's id",
                Code.UNKNOWN_CONVOY,
            )
    return convoys


def _route(checks: ConvoyChecks, file: str, record: str, value: str) -> str:
    ctx = checks.ctx
    if value in checks.routes:
        return value
    if "routes.csv" in ctx.unreadable or value in ctx.route_ids_seen or value in ctx.broken_ids:
        return ""  # a route whose own row has a problem: not reported again here
    ctx.add(file, record, "route", f"{shown(value)} is not a route id", Code.UNKNOWN_ROUTE)
    return ""


def _order_ok(ctx: LoadContext, file: str, record: str, dates: dict[str, str | None]) -> bool:
    """A convoy arrives on or after the day it sails (a reduced date covers all its days)."""
    departed, arrived = dates["departed"], dates["arrived"]
    if departed and arrived and parse_iso_partial(arrived, last=True) < parse_iso_partial(departed):
        ctx.add(
            file,
            record,
            "arrived",
            f"{arrived!r} is before it sailed on {departed!r}",
            Code.INVERTED_PERIOD,
        )
        return False
    return True


def _counts_ok(ctx: LoadContext, file: str, record: str, counts: dict[str, int | None]) -> bool:
    """No more ships arrive, turn back or are sunk, alone or together, than sailed."""
    sailed = counts["ships_sailed"]
    if sailed is None:
        return True
    for field, what in (
        ("ships_sunk", "sunk"),
        ("ships_arrived", "arrived"),
        ("ships_returned", "turned back"),
    ):
        if (counts[field] or 0) > sailed:
            ctx.add(
                file,
                record,
                field,
                f"{counts[field]} ships {what}, more than the {sailed} that sailed",
                Code.MORE_SHIPS_THAN_SAILED,
            )
            return False
    parts = [counts[f] or 0 for f in ("ships_arrived", "ships_returned", "ships_sunk")]
    if sum(parts) > sailed:
        ctx.add(
            file,
            record,
            "ships_sailed",
            f"{sailed} ships sailed, but {parts[0]} arrived + {parts[1]} turned back + {parts[2]} sunk "
            f"= {sum(parts)}",
            Code.MORE_SHIPS_THAN_SAILED,
        )
        return False
    return True
