"""The words around a map: the side panel (a bottom sheet on phones), the figures and sources
under the map, and the sources under a printed map. All HTML from templates."""

from __future__ import annotations

import re

from markupsafe import Markup

from mapgen import style
from mapgen.charts import chart_html, route_colours_for
from mapgen.convoys import convoy_tables_html
from mapgen.figures import figures_key, figures_table
from mapgen.i18n import Locale
from mapgen.popups import leg_label, routes_of_places
from mapgen.specs import MapSpec, map_specs, relative_link
from mapgen.templating import render
from routes import Atlas
from routes.model import Source


def legend_groups(local: Atlas, spec: MapSpec, scene: dict, loc: Locale) -> list[dict]:
    """The key: the line patterns, places and losses on this map, and its borders."""
    modes = list(dict.fromkeys(leg["mode"] for route in scene["routes"] for leg in route["legs"]))
    groups = [
        {
            "heading": loc.t("legend.legs"),
            "items": [
                {"swatch": "mode", "data": {"mode": mode}, "label": loc.t("mode." + mode)}
                for mode in style.MODE_STYLES
                if mode in modes
            ]
            + (
                [
                    {
                        "swatch": "arrow",
                        "data": {},
                        "label": loc.t(
                            "legend.arrows_link" if modes == ["link"] else "legend.arrows"
                        ),
                    }
                ]
                if any(leg["arrows"] for route in scene["routes"] for leg in route["legs"])
                else []
            ),
        }
    ]
    kinds = [kind for kind in style.PLACE_STYLES if any(p["kind"] == kind for p in scene["places"])]
    if kinds:
        by_fill: dict[str, list[str]] = {}
        for kind in kinds:
            by_fill.setdefault(
                style.PLACE_STYLES[kind]["fill"] + str(style.PLACE_STYLES[kind]["radius"]), []
            ).append(kind)
        groups.append(
            {
                "heading": loc.t("legend.places"),
                "items": [
                    {
                        "swatch": "place",
                        "data": {"kind": same[0]},
                        "label": ", ".join(
                            [loc.t("kind." + same[0])]
                            + [loc.t("kind." + k).lower() for k in same[1:]]
                        ),
                    }
                    for same in by_fill.values()
                ],
            }
        )
    event_kinds = [
        kind for kind in style.EVENT_STYLES if any(e["kind"] == kind for e in scene["events"])
    ]
    if event_kinds:
        items = [
            {"swatch": "event", "data": {"kind": kind}, "label": loc.t("event." + kind)}
            for kind in event_kinds
        ]
        if any(e["area"] for e in scene["events"]):
            items.append({"swatch": "area", "data": {}, "label": loc.t("legend.approximate")})
        groups.append({"heading": loc.t("legend.losses"), "items": items})
    if scene.get("convoys"):
        groups.append(
            {
                "heading": loc.t("convoys.layer"),
                "items": [
                    {"swatch": "convoy", "data": {"dir": d}, "label": loc.t(f"convoys.legend_{d}")}
                    for d in ("east", "west")
                ],
            }
        )
    border_set = scene["basemap"]["set"]
    groups.append(
        {
            "heading": loc.t("legend.borders"),
            "items": [
                {
                    "swatch": "ussr",
                    "data": {},
                    "label": loc.t(
                        "legend.ussr_1938" if border_set == "1938" else "legend.ussr_1941"
                    ),
                },
                {
                    "swatch": "border",
                    "data": {"style": "period" if border_set == "1938" else "present"},
                    "label": loc.t(
                        "legend.borders_1938" if border_set == "1938" else "legend.borders_present"
                    ),
                },
            ],
        }
    )
    return groups


def panel_html(atlas: Atlas, spec: MapSpec, scene: dict, loc: Locale) -> Markup:
    """The side panel (a bottom sheet on phones): title, what the map shows, the period, layers,
    the key, figures and charts, and links. ``atlas`` is in English (the links name each map)."""
    local = atlas.in_language(spec.lang)
    colours = route_colours_for(local, spec.route_ids)
    overlays = [
        {"id": route["id"], "label": route["name"], "swatch": "route", "colour": route["colour"]}
        for route in scene["routes"]
    ]
    overlays.append(
        {"id": "places", "label": loc.t("layers.places"), "swatch": "place", "colour": ""}
    )
    if scene["labels"]:
        overlays.append(
            {"id": "names", "label": loc.t("layers.names"), "swatch": "label", "colour": ""}
        )
    if scene["events"]:
        overlays.append(
            {"id": "losses", "label": loc.t("layers.losses"), "swatch": "event", "colour": ""}
        )
    if scene.get("convoys"):
        overlays.append(
            {"id": "convoys", "label": loc.t("convoys.layer"), "swatch": "convoy", "colour": ""}
        )
    overlays.append(
        {"id": "borders", "label": loc.t("layers.borders"), "swatch": "border", "colour": ""}
    )
    specs = {s.name: s for s in map_specs(atlas, spec.lang)}
    see_also = [
        {"href": specs[other].filename, "title": specs[other].title}
        for other in atlas.groups[spec.name].see_also
        if other in specs
    ]
    languages = [
        {
            "href": relative_link(spec.lang, other, spec.filename),
            "lang": other,
            "name": Locale(other).t("language.name"),
        }
        for other in spec.languages
        if other != spec.lang
    ]
    charts = [
        chart_html(local, c, route_colours=colours, loc=loc) for c in local.charts_of(spec.name)
    ]
    return render(
        "panel.html",
        loc=loc,
        title=spec.title,
        summary=spec.summary,
        periods=(scene["periods"] or {}).get("slices", []),
        period_routes=[
            {"id": r["id"], "name": r["name"], "colour": r["colour"]} for r in scene["routes"]
        ],
        overlays=overlays,
        legend=legend_groups(local, spec, scene, loc),
        totals=len(local.figures_about(spec.name)),
        totals_key=figures_key(spec.name),
        charts=[Markup(c) for c in charts],
        see_also=see_also,
        languages=languages,
        convoy_months=len(scene.get("convoys", {}).get("months", [])),
        tours=scene.get("tours", []),
    )


def map_source_ids(atlas: Atlas, spec: MapSpec) -> list[str]:
    """Every source behind what a map draws and states, in order of first use."""
    ids: list[str] = []
    for route_id in spec.route_ids:
        for leg in atlas.legs_of(route_id):
            ids.extend(leg.sources)
    for event in atlas.events_of(spec.route_ids):
        ids.extend(event.sources)
    ids.extend(f.source for f in atlas.figures if f.route in spec.route_ids or f.route == spec.name)
    ids.extend(p.coord_source for p in atlas.places_of(spec.route_ids))
    for convoy in atlas.convoys_of(spec.route_ids):
        ids.extend(convoy.sources)
        ids.extend(d.source for d in atlas.disputes_of(convoy.id))
        ids.extend(s for loss in atlas.losses_of(convoy.id) for s in loss.sources)
    ids.extend(p.source for p in atlas.convoy_pauses if p.route in spec.route_ids)
    return [i for i in dict.fromkeys(ids) if i in atlas.sources]


# Copies of Wikipedia (mirrors, language editions, translations) are one work for a printed
# credit line: named one by one, the Russian list no longer fits under an A4 map.
_WIKIPEDIA = re.compile(r"wikipedi|википеди", re.IGNORECASE)


def footnote_name(source: Source, loc: Locale) -> str:
    """How a source is named under a printed map: its short name, or Wikipedia for any copy of it."""
    if any(_WIKIPEDIA.search(text) for text in (source.short, source.publisher, source.title)):
        return loc.t("print.wikipedia")
    return source.short or source.author or source.publisher or source.title


def footnote_html(atlas: Atlas, spec: MapSpec, loc: Locale) -> Markup:
    """The sources under a printed map, by short name (the page's table has them in full)."""
    names = dict.fromkeys(footnote_name(atlas.sources[i], loc) for i in map_source_ids(atlas, spec))
    return render("footnote.html", loc=loc, names=list(names))


def text_html(atlas: Atlas, spec: MapSpec, loc: Locale) -> Markup:
    """Every figure of the map as tables with their sources, under the map: for screen readers,
    keyboards and print, and for anyone who would rather read. ``atlas`` is in the map's language."""
    totals = atlas.figures_about(spec.name)
    on_routes = routes_of_places(atlas, atlas.places_of(spec.route_ids), spec.route_ids)
    routes = []
    for route_id in spec.route_ids:
        route = atlas.routes[route_id]
        tables = [
            figures_table(
                atlas,
                atlas.figures_about(route_id),
                caption=loc.t("popup.route_figures"),
                loc=loc,
                key=figures_key(route_id),
            )
        ]
        features = [
            *((leg.id, leg_label(atlas, leg)) for leg in atlas.legs_of(route_id)),
            *(
                (p.id, p.name)
                for p in atlas.places_of(spec.route_ids)
                if route_id in on_routes[p.id]
            ),
            *((e.id, e.name) for e in atlas.events_of((route_id,))),
        ]
        for feature_id, label in features:
            figures = [f for f in atlas.figures_for_feature(feature_id) if f.route == route_id]
            tables.append(
                figures_table(
                    atlas, figures, caption=label, loc=loc, key=figures_key(route_id, feature_id)
                )
            )
        routes.append(
            {
                "name": route.name,
                "period": loc.period(route.period),
                "summary": route.summary,
                "tables": tables,
            }
        )
    convoys = convoy_tables_html(atlas, spec.route_ids, loc)
    return render(
        "text.html",
        convoys=convoys,
        loc=loc,
        title=spec.title,
        map_period=loc.period(spec.period),
        totals=figures_table(
            atlas, totals, caption=loc.t("text.map_wide"), loc=loc, key=figures_key(spec.name)
        )
        if totals
        else "",
        routes=routes,
        sources=[atlas.sources[i] for i in map_source_ids(atlas, spec)],
    )
