"""Turn figures, periods and sources into escaped HTML for popups and panels.

Every piece of text that comes from a data file passes through
:func:`html.escape` here; nothing else in ``mapgen`` builds HTML from data.
"""

from __future__ import annotations

from html import escape

from mapgen.i18n import ENGLISH, Locale
from routes.addresses import web_address
from routes.model import Atlas, Figure, Source


def format_value(figure: Figure, unit_name: str, loc: Locale = ENGLISH) -> str:
    """A figure's value as a reader says it, e.g. ``about 100,000 tons`` (:meth:`Locale.value`)."""
    return loc.value(figure, unit_name)


def link_address(address: str) -> str | None:
    """``address`` if it is a web address a link may point to, else None.

    The one check of :mod:`routes.addresses`, as the loader makes it: the loader
    refuses other addresses, and this guards maps built from an Atlas made in
    Python, so a ``javascript:`` address can never become a link.

    >>> link_address("https://example.org/a?b=1"), link_address("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    >>> link_address("HTTPS://example.org"), link_address(" https://x")
    ('HTTPS://example.org', None)
    """
    return web_address(address)


def source_html(source: Source) -> str:
    """The source as a link (when it has a web address) with author and year."""
    label = escape(source.title)
    if link_address(source.address):
        label = (
            f'<a href="{escape(source.address, quote=True)}" target="_blank" '
            f'rel="noopener noreferrer">{label}</a>'
        )
    extra = ", ".join(escape(x) for x in (source.author, source.publisher, source.year) if x)
    return label + (f" <span class=\"atlas-src-extra\">({extra})</span>" if extra else "")


def _dispute_groups(figures: list[Figure]) -> list[list[Figure]]:
    """Figures grouped with those they are disputed with (in data order)."""
    by_id = {f.id: f for f in figures}
    links: dict[str, set[str]] = {f.id: set() for f in figures}
    for f in figures:
        for other in f.disputed_with:
            if other in by_id:
                links[f.id].add(other)
                links[other].add(f.id)
    seen: set[str] = set()
    groups = []
    for f in figures:
        if f.id in seen:
            continue
        stack, group = [f.id], []
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            group.append(current)
            stack.extend(links[current] - seen)
        groups.append(sorted((by_id[g] for g in group), key=figures.index))
    return groups


def figures_key(subject: str, feature: str = "") -> str:
    """A figure table's name: ``arctic/`` (a whole route), ``arctic/murmansk`` (a place on it)."""
    return f"{subject}/{feature}"


def figures_ref(key: str, caption: str) -> str:
    """A slot a popup fills with the table ``key`` from the text under the map (atlas.fillFigures):
    each table is in the page once, however many popups show it."""
    return (
        f'<div class="atlas-figures-ref" data-ref="{escape(key, quote=True)}" '
        f'data-caption="{escape(caption, quote=True)}"></div>'
    )


def figures_table(
    atlas: Atlas, figures: list[Figure], *, caption: str, loc: Locale = ENGLISH, key: str = ""
) -> str:
    """An HTML table of figures; disputed figures share one row, with every source.

    ``key`` (see :func:`figures_key`) names the table for the popups that show it.
    """
    if not figures:
        return ""
    rows = []
    for group in _dispute_groups(figures):
        label = escape(atlas.metrics[group[0].metric])
        values = []
        for fig in group:
            quote = (
                f"<details><summary>{escape(loc.t('figures.quote'))}</summary><q>{escape(fig.quote)}</q></details>"
                if fig.quote
                else ""
            )
            note = f"<div class=\"atlas-fig-note\">{escape(fig.note)}</div>" if fig.note else ""
            values.append(
                f'<li data-start="{fig.period.first_day.isoformat()}" '
                f'data-end="{fig.period.last_day.isoformat()}">'
                '<span class="atlas-value">'
                f"{escape(loc.value(fig, atlas.units[fig.unit]))}</span>"
                f" <span class=\"atlas-period\">({escape(loc.period(fig.period))})</span>"
                f"<div class=\"atlas-source\">{escape(loc.t('figures.source'))} "
                f"{source_html(atlas.sources[fig.source])}</div>"
                f"{note}{quote}</li>"
            )
        disputed = len(group) > 1
        badge = (
            f"<div class=\"atlas-disputed-badge\">{escape(loc.t('figures.disputed'))}</div>"
            if disputed
            else ""
        )
        css = " class=\"atlas-disputed\"" if disputed else ""
        cells = f"<th scope=\"row\">{label}{badge}</th><td><ul>{''.join(values)}</ul></td>"
        rows.append(f"<tr{css}>{cells}</tr>")
    named = f' data-figures="{escape(key, quote=True)}"' if key else ""
    return (
        f"<table class=\"atlas-figures\"{named}><caption>{escape(caption)}</caption>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def sources_list(atlas: Atlas, source_ids: tuple[str, ...]) -> str:
    items = "".join(
        f"<li>{source_html(atlas.sources[s])}</li>" for s in source_ids if s in atlas.sources
    )
    return f"<ul class=\"atlas-sources\">{items}</ul>" if items else ""

