"""Pass 6, references: the sources a record names, and the figures it disputes, exist."""

from __future__ import annotations

from routes.errors import Code
from routes.load.context import Everything, LoadContext, shown
from routes.model import Event, Figure, Leg, Place, Source


def check_references(
    ctx: LoadContext,
    sources: dict[str, Source],
    legs: list[Leg],
    places: dict[str, Place],
    events: dict[str, Event],
    figures: list[Figure],
) -> None:
    known = Everything() if "sources.csv" in ctx.unreadable else set(sources) | ctx.broken_ids
    figures_file = ctx.label("figures.csv")
    for fig in figures:
        record = ctx.figure_records[fig.id]
        if fig.source not in known:
            ctx.add(
                figures_file,
                record,
                "source",
                f"{shown(fig.source)} is not in sources.csv",
                Code.UNKNOWN_SOURCE,
            )
        for other in fig.disputed_with:
            if other == fig.id:
                ctx.add(
                    figures_file,
                    record,
                    "disputed_with",
                    "a figure cannot dispute itself",
                    Code.SELF_DISPUTE,
                )
            elif other not in ctx.figure_ids_seen:
                ctx.add(
                    figures_file,
                    record,
                    "disputed_with",
                    f"{shown(other)} is not a figure id",
                    Code.UNKNOWN_FIGURE,
                )
    for feature_id, named in (
        *((leg.id, leg.sources) for leg in legs),
        *((event.id, event.sources) for event in events.values()),
    ):
        file, record = ctx.feature_records[feature_id]
        for source in named:
            if source not in known:
                ctx.add(
                    file,
                    record,
                    "sources",
                    f"{shown(source)} is not in sources.csv",
                    Code.UNKNOWN_SOURCE,
                )
    for place in places.values():
        file, record = ctx.feature_records[place.id]
        if place.coord_source and place.coord_source not in known:
            ctx.add(
                file,
                record,
                "coord_source",
                f"{shown(place.coord_source)} is not in sources.csv",
                Code.UNKNOWN_SOURCE,
            )
