"""Pass 8, guided tours, continued: once the atlas is whole, what each step names is checked
against its map: its layers, period, month of convoys, place, card and figures, that its view
shows something of the map, that its text keeps to ``MAX_STEP_WORDS``, and that every number its
words write, in every language the map is built in, is one of the map's sourced figures.
"""

from __future__ import annotations

from routes.atlas import Atlas
from routes.convoys import months_between
from routes.errors import Code
from routes.load.context import LoadContext, shown
from routes.load.numbers import stray_numbers
from routes.load.schema import MAX_STEP_WORDS
from routes.load.tours import BASE_LAYERS
from routes.model import BASE_LANGUAGE, TourStep


def check_tours(ctx: LoadContext, atlas: Atlas) -> None:
    """What each step names exists on its map, and every number it writes is a figure of it."""
    for tour in atlas.tours:
        group = atlas.groups[tour.group]
        route_ids = tuple(r.id for r in atlas.routes_in(tour.group))
        events = atlas.events_of(route_ids)
        places = {p.id: p for p in atlas.places_of(route_ids)}
        legs = {leg.id: leg for r in route_ids for leg in atlas.legs_of(r)}
        convoys = {c.id: c for c in atlas.convoys_of(route_ids) if not c.sailed_with}
        layers = (
            set(route_ids)
            | set(BASE_LAYERS)
            | ({"losses"} if events else set())
            | ({"convoys"} if convoys else set())
        )
        months = convoy_months(convoys.values())
        periods = {s.id for s in atlas.slices_of(tour.group)}
        figures = [f for f in atlas.figures if f.route in route_ids or f.route == tour.group]
        figure_ids = {f.id for f in figures}
        positions = [(p.lon, p.lat) for p in places.values()] + [
            point for leg in legs.values() for part in leg.parts for point in part
        ]
        for step in tour.steps:
            file, record = ctx.translation_sites[("step", f"{tour.id}/{step.number}")]

            def add(field, message, code, file=file, record=record):
                ctx.add(file, record, field, message, code)

            for layer in step.layers or ():
                if layer not in layers:
                    add(
                        "layers",
                        f"{shown(layer)} is not a layer of the map {tour.group!r} "
                        f"(its layers: {', '.join(sorted(layers))})",
                        Code.UNKNOWN_LAYER,
                    )
            if step.period and step.period not in periods and "periods.csv" not in ctx.unreadable:
                listed = ", ".join(sorted(periods)) if periods else "none: it has no year control"
                add(
                    "period",
                    f"{shown(step.period)} is not a period of the map {tour.group!r} ({listed})",
                    Code.UNKNOWN_PERIOD,
                )
            if step.place and step.place not in places:
                add(
                    "place",
                    f"{shown(step.place)} is not a place on the map {tour.group!r}",
                    Code.UNKNOWN_PLACE,
                )
            if step.month and step.month not in months:
                span = f"{months[0]} to {months[-1]}" if months else "none: it has no convoys"
                add(
                    "month",
                    f"{shown(step.month)} is not a month of the convoys of the map "
                    f"{tour.group!r} (YYYY-MM, {span})",
                    Code.UNKNOWN_PERIOD,
                )
            if step.feature in convoys:
                _check_convoy(add, step, convoys[step.feature], months)
            elif step.feature:
                _check_feature(add, step, legs, places, {e.id: e for e in events}, tour.group)
            for figure_id in step.figures:
                if figure_id not in figure_ids and figure_id not in ctx.broken_ids:
                    add(
                        "figures",
                        f"{shown(figure_id)} is not a figure of the map {tour.group!r}",
                        Code.UNKNOWN_FIGURE,
                    )
            if step.view and positions and not _shows_any(step.view, positions):
                add(
                    "view",
                    f"{';'.join(f'{v:g}' for v in step.view)} shows nothing of the map "
                    f"{tour.group!r}: no route or place of it lies in the box",
                    Code.VIEW_OFF_MAP,
                )
            if "figures.csv" in ctx.unreadable:
                continue
            for lang in group.languages:
                _check_words(ctx, add, step, tour.id, lang, figures)


def convoy_months(convoys) -> list[str]:
    """Every month from the first day a convoy was at sea to the last."""
    days = [day for c in convoys if c.at_sea for day in c.at_sea]
    return months_between(min(days).isoformat(), max(days).isoformat()) if days else []


def _check_convoy(add, step, convoy, months: list[str]) -> None:
    """A convoy's card opens only where its line is drawn: in a month it was at sea."""
    if step.layers is not None and "convoys" not in step.layers:
        add(
            "feature",
            f"{step.feature!r} is on a layer the step hides: add convoys to its layers",
            Code.FEATURE_HIDDEN,
        )
    if step.month in months and not convoy.at_sea_in(step.month):  # else said already
        add(
            "month",
            f"{shown(step.month)} is not a month in which {convoy.name} was at sea: give the "
            "month whose convoys the step shows",
            Code.FEATURE_HIDDEN,
        )
    if not step.month:
        add(
            "month",
            f"is empty: a step opening {convoy.name}'s card shows a month it was at sea",
            Code.EMPTY_FIELD,
        )


def _check_feature(add, step, legs, places, events, group_id) -> None:
    shown_layers = set(step.layers) if step.layers else None
    if step.feature in legs:
        needs = {legs[step.feature].route}
    elif step.feature in events:
        needs = {events[step.feature].route, "losses"}
    elif step.feature in places:
        needs = {"places"}
    else:
        add(
            "feature",
            f"{shown(step.feature)} is not a leg, place, loss or convoy on the map {group_id!r}",
            Code.UNKNOWN_FEATURE,
        )
        return
    hidden = sorted(needs - shown_layers) if shown_layers is not None else []
    if hidden:
        add(
            "feature",
            f"{step.feature!r} is on a layer the step hides: add {', '.join(hidden)} to its layers",
            Code.FEATURE_HIDDEN,
        )


def _check_words(ctx, add, step: TourStep, tour_id: str, lang: str, figures) -> None:
    table = ctx.translations.get(lang, {})
    suffix = "" if lang == BASE_LANGUAGE else f"_{lang}"
    for field in ("title", "text", "question", "answer"):
        if lang == BASE_LANGUAGE:
            text = getattr(step, field)
        else:
            text = table.get(("step", f"{tour_id}/{step.number}", field), "")
        if field == "text" and len(text.split()) > MAX_STEP_WORDS:
            add(
                field + suffix,
                f"has {len(text.split())} words; a step says it in at most {MAX_STEP_WORDS}",
                Code.TOO_MANY_WORDS,
            )
        for number in stray_numbers(text, lang, figures):
            add(
                field + suffix,
                f"{number.text!r} is no figure of the map {step.tour.rsplit('-', 1)[0]!r}: "
                "a tour states the map's sourced figures only, written as the map writes them",
                Code.NOT_A_FIGURE,
            )


def _shows_any(view: tuple[float, float, float, float], positions) -> bool:
    """Whether the box holds any of ``positions`` (lon, lat), its longitudes taken round the globe."""
    west, south, east, north = view
    return any(
        south <= lat <= north and any(west <= lon + turn <= east for turn in (-360, 0, 360, 720))
        for lon, lat in positions
    )
