"""Tables of figures with their sources: each in the page once, under the map, and shown
in popups and panels by reference (``atlas.fillFigures`` copies a table where a slot names it)."""

from __future__ import annotations

from markupsafe import Markup

from mapgen.i18n import ENGLISH, Locale
from mapgen.templating import render
from routes.atlas import Atlas
from routes.model import Figure


def figures_key(subject: str, feature: str = "") -> str:
    """The name of a table of figures: ``arctic/`` (the whole route), ``arctic/murmansk`` (a place on it).

    >>> figures_key("arctic"), figures_key("arctic", "murmansk")
    ('arctic/', 'arctic/murmansk')
    """
    return f"{subject}/{feature}"


def dispute_groups(figures: list[Figure]) -> list[list[Figure]]:
    """Figures grouped with those they are disputed with, in data order."""
    by_id = {f.id: f for f in figures}
    links: dict[str, set[str]] = {f.id: set() for f in figures}
    for figure in figures:
        for other in figure.disputed_with:
            if other in by_id:
                links[figure.id].add(other)
                links[other].add(figure.id)
    seen: set[str] = set()
    groups = []
    for figure in figures:
        if figure.id in seen:
            continue
        stack, group = [figure.id], []
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                group.append(current)
                stack.extend(links[current] - seen)
        groups.append(sorted((by_id[g] for g in group), key=figures.index))
    return groups


def figures_table(
    atlas: Atlas, figures: list[Figure], *, caption: str, loc: Locale = ENGLISH, key: str = ""
) -> Markup:
    """An HTML table of figures; disputed figures share one row, each with its source and quote.

    ``key`` (see :func:`figures_key`) names the table for the popups that show it.
    """
    if not figures:
        return Markup("")
    rows = [
        {
            "label": atlas.metrics[group[0].metric],
            "disputed": len(group) > 1,
            "items": [
                {
                    "value": loc.value(figure, atlas.units[figure.unit]),
                    "period": loc.period(figure.period),
                    "start": figure.period.first_day.isoformat(),
                    "end": figure.period.last_day.isoformat(),
                    "source": atlas.sources[figure.source],
                    "note": figure.note,
                    "quote": figure.quote,
                }
                for figure in group
            ],
        }
        for group in dispute_groups(figures)
    ]
    return render("figures_table.html", loc=loc, rows=rows, caption=caption, key=key)
