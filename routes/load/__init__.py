"""The loader, in passes over one :class:`~routes.load.context.LoadContext`.

1. ``files``, ``csvfile``, ``jsonfile``: read each file (only regular files inside the folder);
2. ``fields``: check each value on its own (used by the passes below);
3. ``tables``, ``figures``, ``presentation``, ``convoys``: the CSV tables;
4. ``features``, ``legs``: the legs, places and losses of the route files;
5. ``geometry``: positions, lines, legs that meet their places;
6. ``references``: sources and disputes that resolve;
7. ``translations``: every text each map shows, in each of its languages;
8. ``tours``: the guided tours, checked against their maps (``numbers`` reads their figures).

:func:`routes.load_atlas` is the entry point.
"""

from __future__ import annotations

from pathlib import Path

from routes.atlas import Atlas
from routes.errors import Code, ProblemList
from routes.load.context import LoadContext
from routes.load.convoys import load_convoys
from routes.load.features import load_features
from routes.load.figures import load_figures
from routes.load.geometry import check_leg_ends
from routes.load.presentation import load_charts, load_countries, load_flows, load_slices
from routes.load.references import check_references
from routes.load.tables import load_groups, load_routes, load_sources, load_vocabulary
from routes.load.tour_checks import check_tours
from routes.load.tours import load_tours
from routes.load.translations import check_translations
from routes.model import LANGUAGES


def load(folder: Path, languages: tuple[str, ...] = ()) -> Atlas:
    """Run every pass over ``folder``; raise one RouteDataError with all that is wrong."""
    problems = ProblemList()
    if not folder.is_dir():
        problems.add(str(folder), "", "", "is not a folder", Code.MISSING_FOLDER)
    for lang in languages:
        if lang not in LANGUAGES:
            problems.add(
                str(folder),
                "",
                "",
                f"language {lang!r} is not one of {', '.join(LANGUAGES)}",
                Code.UNKNOWN_LANGUAGE,
            )
    problems.raise_if_any()
    ctx = LoadContext(folder, problems, languages=tuple(languages))
    seen_ids: dict[str, str] = {}
    groups = load_groups(ctx, seen_ids)
    routes = load_routes(ctx, groups, seen_ids)
    sources = load_sources(ctx)
    metrics = load_vocabulary(ctx, "metrics.csv")
    units = load_vocabulary(ctx, "units.csv")
    found = load_features(ctx, routes, seen_ids)
    check_leg_ends(ctx, found.legs, found.places)
    figures = load_figures(ctx, routes, groups, found.places, metrics, units)
    check_references(ctx, sources, found.legs, found.places, found.events, figures)
    by_id = {f.id: f for f in figures}
    slices = load_slices(ctx, groups)
    flows = load_flows(ctx, routes, slices, by_id)
    charts = load_charts(ctx, groups, routes, by_id)
    countries = load_countries(ctx)
    convoys, disputes, losses, pauses = load_convoys(
        ctx, routes, found.places, found.events, sources, seen_ids
    )
    tours = load_tours(ctx, groups)
    problems.raise_if_any()
    atlas = Atlas(
        routes=routes,
        legs=tuple(found.legs),
        places=found.places,
        events=found.events,
        figures=tuple(figures),
        sources=sources,
        metrics=metrics,
        units=units,
        groups=groups,
        slices=tuple(slices),
        flows=tuple(flows),
        charts=tuple(charts),
        countries=tuple(countries),
        convoys=tuple(convoys),
        convoy_disputes=tuple(disputes),
        convoy_losses=tuple(losses),
        convoy_pauses=tuple(pauses),
        tours=tuple(tours),
        translations={lang: table for lang, table in ctx.translations.items() if table},
    )
    check_tours(ctx, atlas)
    check_translations(ctx, atlas)
    problems.raise_if_any()
    return atlas
