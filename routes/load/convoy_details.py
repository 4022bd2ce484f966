"""Pass 3, tables (optional), continued: other sources' values for convoys, their losses, pauses.

``convoy_disputes.csv`` holds another source's value for one field of a sailing (shown beside the
table's own); ``convoy_losses.csv`` a ship sunk at a position a source prints, or the loss of a
route file (``event``) that is the same sinking; ``convoy_pauses.csv`` months in which no convoy
of a route sailed, and why. :mod:`routes.load.convoys` reads the sailings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routes.errors import Code
from routes.load.context import LoadContext, shown
from routes.load.csvfile import read_csv
from routes.load.fields import check_choice, check_text, take_translations
from routes.load.schema import NUMBER_PATTERN
from routes.model import Period, parse_iso_partial
from routes.model_convoys import CONVOY_FIELDS, ConvoyDispute, ConvoyLoss, ConvoyPause

if TYPE_CHECKING:
    from routes.load.convoys import ConvoyChecks

PORT_FIELDS = ("departed_from", "arrived_at")
DATE_FIELDS = ("departed", "arrived")


def _labelled(record: str, row: dict) -> str:
    """A row of the disputes or losses, named by its convoy: ``line 4 (convoy 'pq17')``."""
    return f"{record} (convoy {shown(row['convoy'])})" if row.get("convoy") else record


def load_disputes(checks: ConvoyChecks) -> list[ConvoyDispute]:
    ctx = checks.ctx
    file = ctx.label("convoy_disputes.csv")
    disputes: list[ConvoyDispute] = []
    seen: dict[str, str] = {}
    for line, row in read_csv(ctx, "convoy_disputes.csv"):
        record = _labelled(line, row)
        convoy = checks.convoy_of(file, record, row["convoy"])
        field = check_choice(
            ctx, file, record, "field", row["field"], CONVOY_FIELDS, Code.UNKNOWN_CHOICE
        )
        value = _disputed_value(checks, file, record, field, row["value"]) if field else None
        cited = checks.cited_once(file, record, row)
        if not (convoy and field and value not in (None, "") and cited):
            continue
        dispute = ConvoyDispute(convoy, field, value, *cited, row.get("note", ""))
        if dispute.key in seen:
            ctx.add(
                file,
                record,
                "value",
                f"the same value is written twice (also at {seen[dispute.key]})",
                Code.DUPLICATE_ID,
            )
            continue
        seen[dispute.key] = record
        take_translations(ctx, "convoy_dispute", dispute.key, file, record, row)
        disputes.append(dispute)
    return disputes


def _disputed_value(
    checks: ConvoyChecks, file: str, record: str, field: str, value: str
) -> str | int | None:
    if not value:
        checks.ctx.add(file, record, "value", "is empty", Code.EMPTY_FIELD)
        return None
    if field in PORT_FIELDS:
        places = checks.port(file, record, "value", value)
        return ";".join(places) if places else None
    if field in DATE_FIELDS:
        return checks.date(file, record, "value", value)
    return checks.count(file, record, "value", value)


def load_losses(checks: ConvoyChecks) -> list[ConvoyLoss]:
    ctx = checks.ctx
    file = ctx.label("convoy_losses.csv")
    losses: list[ConvoyLoss] = []
    for line, row in read_csv(ctx, "convoy_losses.csv"):
        record = _labelled(line, row)
        convoy = checks.convoy_of(file, record, row["convoy"])
        ship = check_text(ctx, file, record, "ship", row["ship"])
        date = checks.date(file, record, "date", row["date"]) if row["date"] else None
        if not row["date"]:
            ctx.add(file, record, "date", "is empty", Code.EMPTY_FIELD)
        event_id = row.get("event", "")
        if event_id:
            given = [c for c in ("lon", "lat", "source", "quote") if row.get(c)]
            if given:
                ctx.add(
                    file,
                    record,
                    given[0],
                    f"is given, but the loss is the event {event_id!r}, whose position and sources are used",
                    Code.LOSS_GIVEN_TWICE,
                )
                continue
            if event_id not in checks.events:
                ctx.add(
                    file,
                    record,
                    "event",
                    f"{shown(event_id)} is not a loss of a route file",
                    Code.UNKNOWN_FEATURE,
                )
                continue
            event = checks.events.get(event_id) if isinstance(checks.events, dict) else None
            position = (event.lon, event.lat) if event else None
            cited = (event.sources, "") if event else None
        else:
            position = _position(ctx, file, record, row)
            cited = checks.cited(file, record, row)
        if convoy and ship and date and position and cited:
            loss = ConvoyLoss(
                convoy,
                ship,
                date,
                *position,
                sources=cited[0],
                quote=cited[1],
                event=event_id,
                note=row.get("note", ""),
            )
            take_translations(ctx, "convoy_loss", loss.key, file, record, row)
            losses.append(loss)
    return losses


def _position(ctx: LoadContext, file: str, record: str, row: dict) -> tuple[float, float] | None:
    position = []
    for field, limit in (("lon", 180.0), ("lat", 90.0)):
        value = row.get(field, "")
        if not value:
            ctx.add(
                file,
                record,
                field,
                "is empty: give the position the source prints, or an event",
                Code.EMPTY_FIELD,
            )
            return None
        if not NUMBER_PATTERN.match(value):
            ctx.add(
                file,
                record,
                field,
                f"{shown(value)} is not a number (e.g. 73.4667 or -10.6833)",
                Code.NOT_A_NUMBER,
            )
            return None
        if abs(float(value)) > limit:
            ctx.add(
                file,
                record,
                field,
                f"{shown(value)} is outside -{limit:g}..{limit:g}",
                Code.COORDINATE_OUT_OF_RANGE,
            )
            return None
        position.append(float(value))
    return position[0], position[1]


def load_pauses(checks: ConvoyChecks) -> list[ConvoyPause]:
    """Months without a sailing, each with the sentence of a source that says why."""
    ctx = checks.ctx
    file = ctx.label("convoy_pauses.csv")
    pauses: list[ConvoyPause] = []
    for record, row in read_csv(ctx, "convoy_pauses.csv"):
        route = row["route"] if row["route"] in checks.routes else ""
        if not route and "routes.csv" not in ctx.unreadable:
            ctx.add(
                file,
                record,
                "route",
                f"{shown(row['route'])} is not a route id",
                Code.UNKNOWN_ROUTE,
            )
        dates = [checks.date(file, record, field, row[field]) for field in ("start", "end")]
        for field, value in zip(("start", "end"), dates, strict=True):
            if value == "":
                ctx.add(file, record, field, "is empty", Code.EMPTY_FIELD)
        note = check_text(ctx, file, record, "note", row["note"])
        cited = checks.cited_once(file, record, row)
        if not (route and all(dates) and note and cited):
            continue
        if parse_iso_partial(dates[1], last=True) < parse_iso_partial(dates[0]):
            ctx.add(
                file,
                record,
                "end",
                f"{dates[1]!r} is before the start {dates[0]!r}",
                Code.INVERTED_PERIOD,
            )
            continue
        pause = ConvoyPause(route, Period(dates[0], dates[1]), note, *cited)
        take_translations(ctx, "convoy_pause", pause.key, file, record, row)
        pauses.append(pause)
    return pauses
