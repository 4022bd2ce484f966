"""Pass 7, translations: each map has every text it shows in each language it is built in."""

from __future__ import annotations

from routes.atlas import Atlas
from routes.errors import Code
from routes.load.context import LoadContext
from routes.model import BASE_LANGUAGE, LANGUAGE_NAMES, TRANSLATED_FIELDS


def translation_needs(atlas: Atlas, group_id: str) -> list[tuple[str, str, str, str]]:
    """Every non-empty text the map of ``group_id`` shows: (kind, id, field, English text)."""
    group = atlas.groups[group_id]
    route_ids = tuple(r.id for r in atlas.routes_in(group_id))
    needs: list[tuple[str, str, str, str]] = []

    def need(kind: str, key: str, record) -> None:
        for name in TRANSLATED_FIELDS[kind]:
            text = getattr(record, name)
            if text:
                needs.append((kind, key, name, text))

    need("group", group.id, group)
    for other in group.see_also:  # linked by name from this map
        if other in atlas.groups:
            needs.append(("group", other, "name", atlas.groups[other].name))
    for route_id in route_ids:
        need("route", route_id, atlas.routes[route_id])
        for leg in atlas.legs_of(route_id):
            need("leg", leg.id, leg)
    for place in atlas.places_of(route_ids):
        need("place", place.id, place)
    for event in atlas.events_of(route_ids):
        need("event", event.id, event)
    shown = [f for f in atlas.figures if f.route in route_ids or f.route == group_id]
    for figure in shown:
        need("figure", figure.id, figure)
    for source_id in dict.fromkeys(f.source for f in shown):
        if source_id in atlas.sources:
            need("source", source_id, atlas.sources[source_id])
    for metric in dict.fromkeys(f.metric for f in shown):
        needs.append(("metric", metric, "name", atlas.metrics[metric]))
    for unit in dict.fromkeys(f.unit for f in shown):
        needs.append(("unit", unit, "name", atlas.units[unit]))
    for time_slice in atlas.slices_of(group_id):
        need("period", f"{group_id}/{time_slice.id}", time_slice)
    for chart in atlas.charts_of(group_id):
        need("chart", chart.id, chart)
    for country in atlas.countries:  # which ones a map names depends on its view: all of them
        need("country", country.id, country)
    for convoy in atlas.convoys_of(route_ids):
        need("convoy", convoy.id, convoy)
        for dispute in atlas.disputes_of(convoy.id):
            need("convoy_dispute", dispute.key, dispute)
        for loss in atlas.losses_of(convoy.id):
            need("convoy_loss", loss.key, loss)
    for pause in atlas.convoy_pauses:
        if pause.route in route_ids:
            need("convoy_pause", pause.key, pause)
    for tour in atlas.tours_of(group_id):
        for step in tour.steps:
            need("step", f"{tour.id}/{step.number}", step)
    return needs


def check_translations(ctx: LoadContext, atlas: Atlas) -> None:
    """A missing translation is one error, at the record that lacks it."""
    reported: set[tuple[str, str, str, str]] = set()
    for group in atlas.groups.values():
        for lang in dict.fromkeys(group.languages + ctx.languages):
            if lang == BASE_LANGUAGE:
                continue
            table = ctx.translations.get(lang, {})
            for kind, key, field, text in translation_needs(atlas, group.id):
                if (kind, key, field) in table or (lang, kind, key, field) in reported:
                    continue
                reported.add((lang, kind, key, field))
                file, record = ctx.translation_sites[(kind, key)]
                shown = text if len(text) <= 60 else text[:57] + "..."
                ctx.add(
                    file,
                    record,
                    f"{field}_{lang}",
                    f"is missing: the map {group.id!r} is built in {LANGUAGE_NAMES[lang]} "
                    f"and needs a translation of {shown!r}",
                    Code.MISSING_TRANSLATION,
                )
