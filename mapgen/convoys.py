"""The Arctic convoys month by month: what a page needs to draw them, and the tables under it.

The scene gets, for a map whose routes have convoys, every month from the first sailing to the
last with the convoys at sea in it and its counts (or, for a month with none, why), each convoy's
line (shared by the convoys that took the same way), its card's data, and the sinkings whose
position a source prints. atlas.js builds the cards from the data, so each text is written once.
"""

from __future__ import annotations

import shapely
from markupsafe import Markup
from shapely.geometry import LineString

from geo import marks_along
from geo.antimeridian import into_window
from mapgen import style
from mapgen.convoy_tracks import convoy_ends, convoy_line, usual_ports
from mapgen.drawing import DrawnMap
from mapgen.encoding import encode_polyline
from mapgen.i18n import Locale
from mapgen.templating import render
from routes.atlas import Atlas
from routes.convoys import monthly_series, published_comparison, undated
from routes.model import Period
from routes.model_convoys import CONVOY_COUNTS, Convoy, ConvoyDispute

COORD_DIGITS = 3
SIMPLIFY_DEG = 0.02
ARROWS_EVERY_KM = 1500.0  # about two arrows on a voyage to North Russia


def convoy_width(convoy: Convoy) -> float:
    """The line's width in pixels: by the merchant ships that sailed, thin where not known."""
    if convoy.ships_sailed is None:
        return style.CONVOY_MIN_PX
    return round(
        min(
            style.CONVOY_MAX_PX,
            style.CONVOY_MIN_PX + convoy.ships_sailed * style.CONVOY_PX_PER_SHIP,
        ),
        1,
    )


def convoy_when(convoy: Convoy, loc: Locale) -> str:
    if convoy.departed and convoy.arrived:
        return loc.period(Period(convoy.departed, convoy.arrived))
    if convoy.departed:
        return loc.t("convoys.sailed_only", date=loc.date(convoy.departed))
    if convoy.arrived:
        return loc.t("convoys.arrived_only", date=loc.date(convoy.arrived))
    return loc.t("convoys.undated")


def _shown_value(atlas: Atlas, dispute: ConvoyDispute, loc: Locale) -> str:
    if dispute.field in ("departed_from", "arrived_at"):
        return " / ".join(atlas.places[p].name for p in str(dispute.value).split(";"))
    if dispute.field in ("departed", "arrived"):
        return loc.date(str(dispute.value))
    return loc.number(int(dispute.value))


def _short(source) -> str:
    return source.short or source.publisher or source.author or source.title


def _line(coords) -> str:
    # Drawn at the scale of a whole route: points within 0.02° of the line add nothing.
    simple = shapely.simplify(LineString(coords), SIMPLIFY_DEG).coords
    return encode_polyline([(lat, lon) for lon, lat in simple], COORD_DIGITS)


def convoy_scene(atlas: Atlas, route_ids: tuple[str, ...], drawn: DrawnMap, loc: Locale) -> dict:
    """The convoys of a map's routes for its page; empty when they have none. ``atlas`` is in
    the map's language."""
    convoys = atlas.convoys_of(route_ids)
    series = monthly_series(convoys)
    if not series:
        return {}
    usual = usual_ports(convoys)
    places = {p.id: (lon, p.lat) for p, lon in drawn.places}
    for place in atlas.places.values():
        places.setdefault(place.id, (into_window(place.lon, drawn.west), place.lat))
    tracks: list[dict] = []  # the convoys that took the same way share one
    items = []
    for convoy in convoys:
        ends = convoy_ends(convoy, usual)
        if convoy.sailed_with or convoy.at_sea is None or ends is None:
            continue
        lines = [
            line
            for start in ends.departures
            for end in ends.arrivals
            if (line := convoy_line(drawn.legs.get(convoy.route, []), places, start, end, convoy))
        ]
        if not lines:
            continue
        track = {
            "lines": [_line(line) for line in lines],
            "arrows": [
                [round(lat, 3), round(lon, 3), round(angle)]
                for line in lines
                for lon, lat, angle in marks_along(line, every_km=ARROWS_EVERY_KM)
            ],
        }
        if track not in tracks:
            tracks.append(track)
        items.append(
            {
                "id": convoy.id,
                "name": convoy.name,
                "dir": convoy.direction,
                "track": tracks.index(track),
                "width": convoy_width(convoy),
                "when": convoy_when(convoy, loc),
                "from": list(ends.departures),  # place ids: the page has their names
                "to": list(ends.arrivals),
                **({"assumed": True} if ends.assumed else {}),
                "n": [getattr(convoy, field) for field in CONVOY_COUNTS],
                # which of the counts (by index) are read from the account, not printed
                **(
                    {"inferred": [k for k, f in enumerate(CONVOY_COUNTS) if f in convoy.inferred]}
                    if set(convoy.inferred) & set(CONVOY_COUNTS)
                    else {}
                ),
                "disputes": [
                    [d.field, _shown_value(atlas, d, loc), d.source]
                    for d in atlas.disputes_of(convoy.id)
                ],
                "note": convoy.note,
                "sources": list(convoy.sources),
            }
        )
    months, quiet = _months(atlas, series, route_ids, loc)
    return {
        "tracks": tracks,
        "items": items,
        "months": months,
        "quiet": quiet,
        "losses": [
            {
                "convoy": loss.convoy,
                "at": [round(loss.lat, 4), round(into_window(loss.lon, drawn.west), 4)],
                "name": loss.ship,
                "when": loc.date(loss.date),
                "sources": list(loss.sources),
                "note": loss.note,
            }
            for convoy in convoys
            for loss in atlas.losses_of(convoy.id)
            if not loss.event  # the same sinking is already on the map as the route's loss
        ],
        "words": convoy_words(loc),
        # the short names other sources are cited by on the cards (the list under the map has
        # every source in full)
        "cite": {
            d.source: _short(atlas.sources[d.source])
            for convoy in convoys
            for d in atlas.disputes_of(convoy.id)
        },
    }


def _months(
    atlas: Atlas, series: list[dict], route_ids: tuple[str, ...], loc: Locale
) -> tuple[list[dict], list[str]]:
    """Each month with the convoys at sea and its counts; a month with none names, in
    ``quiet``, why (the same words for each month of a pause, written once)."""
    pauses = [p for p in atlas.convoy_pauses if p.route in route_ids]
    no_dates = [c.name for c in undated(atlas.convoys_of(route_ids)) if not c.sailed_with]
    months: list[dict] = []
    quiet: list[str] = []
    for month in series:
        entry = {
            "id": month["month"],
            "label": loc.month_name(month["month"]),
            "at": month["east"]["at_sea"] + month["west"]["at_sea"],
            "east": [month["east"][k] for k in ("sailed", "arrived", "sunk")],
            "west": [month["west"][k] for k in ("sailed", "arrived", "sunk")],
        }
        if not entry["at"]:
            pause = next((p for p in pauses if p.covers(month["month"])), None)
            why = render(
                "convoy_quiet.html",
                loc=loc,
                pause=pause,
                source=atlas.sources[pause.source] if pause else None,
                undated=no_dates,
            )
            if why not in quiet:
                quiet.append(why)
            entry["why"] = quiet.index(why)
        months.append(entry)
    return months, quiet


def convoy_words(loc: Locale) -> dict[str, str]:
    """The words of the month control and of a convoy's card."""
    keys = (
        "kicker",
        "east",
        "west",
        "ships_sailed",
        "ships_arrived",
        "ships_returned",
        "ships_sunk",
        "escorts_lost",
        "unknown",
        "inferred",
        "others",
        "assumed",
        "sources",
        "at_sea",
        "nothing",
        "sunk_here",
        "departed_from",
        "departed",
        "arrived_at",
        "arrived",
        "chart",
        "sailed",
        "sunk",
        "item",
        "item_sailed",
        "sunk_kicker",
    )
    fields = {f: "{" + f + "}" for f in ("month", "name", "sailed", "sunk")}
    return {key: loc.t("convoys." + key, **fields) for key in keys}


def convoy_tables_html(atlas: Atlas, route_ids: tuple[str, ...], loc: Locale) -> Markup:
    """Under the map: the table's totals beside the published ones, and the months in figures.
    ``atlas`` is in the map's language."""
    convoys = atlas.convoys_of(route_ids)
    series = monthly_series(convoys)
    if not series:
        return Markup("")
    figures = [f for f in atlas.figures if f.route in route_ids]
    compared = []
    for row in published_comparison(convoys, figures):
        figure = atlas.figure(row["figure"])
        compared.append(
            {
                **row,
                "label": atlas.metrics[figure.metric],
                "published_text": loc.value(figure, atlas.units[figure.unit]),
                "source": atlas.sources[figure.source],
                "direction_text": loc.t("convoys." + row["direction"] + "_all"),
            }
        )
    return render(
        "convoy_tables.html",
        loc=loc,
        compared=compared,
        months=[
            {
                "label": loc.month_name(m["month"]),
                "east": [m["east"][k] for k in ("sailed", "arrived", "sunk")],
                "west": [m["west"][k] for k in ("sailed", "arrived", "sunk")],
                "blank": bool(m["east"]["blank"] or m["west"]["blank"]),
            }
            for m in series
        ],
        undated=[c.name for c in undated(convoys) if not c.sailed_with],
    )
