"""Turn figures, periods and sources into escaped HTML for popups and panels.

Every piece of text that comes from a data file passes through
:func:`html.escape` here; nothing else in ``mapgen`` builds HTML from data.
"""

from __future__ import annotations

from html import escape

from routes.model import Atlas, Figure, Period, Source, parse_iso_partial

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QUALIFIER_WORDS = {"exactly": "", "about": "about ", "nearly": "nearly ", "more than": "more than ", "up to": "up to "}


def format_number(value: float) -> str:
    """
    >>> format_number(3350.0), format_number(0.5), format_number(4546000.0)
    ('3,350', '0.5', '4,546,000')
    """
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def format_value(figure: Figure, unit_name: str) -> str:
    """A figure's value as a reader says it, e.g. ``about 100,000 tons``.

    >>> from routes.model import Figure, Period
    >>> f = Figure("x", "arctic", "", "m", 9.8e9, "usd", Period("1941", "1945"), "about", "s", "q")
    >>> format_value(f, "US dollars")
    'about US$ 9,800 million'
    """
    def number(v: float) -> str:
        if figure.unit == "usd" and v >= 1e6:
            return f"{format_number(v / 1e6)} million"
        return format_number(v)

    amount = number(figure.value)
    if figure.value_high is not None:
        amount += "–" + number(figure.value_high)
    if figure.unit == "percent":
        text = f"{amount}%"
    elif figure.unit == "usd":
        text = f"US$ {amount}"
    else:
        text = f"{amount} {unit_name}"
    return QUALIFIER_WORDS[figure.qualifier] + text


def _format_date(text: str) -> str:
    parts = text.split("-")
    day = parse_iso_partial(text)
    if len(parts) == 1:
        return str(day.year)
    if len(parts) == 2:
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_period(period: Period) -> str:
    """
    >>> format_period(Period("1936-10", "1939-01"))
    'Oct 1936 – Jan 1939'
    >>> format_period(Period("1943-01", "1943-09")), format_period(Period("1942", "1942"))
    ('Jan–Sep 1943', '1942')
    >>> format_period(Period("1942-07-04", "1942-07-10"))
    '4–10 Jul 1942'
    """
    start, end = period.start, period.end
    if start == end:
        return _format_date(start)
    s, e = start.split("-"), end.split("-")
    if len(s) == len(e) == 1:
        return f"{start}–{end}"
    if len(s) == len(e) == 2 and s[0] == e[0]:
        return f"{MONTHS[int(s[1]) - 1]}–{MONTHS[int(e[1]) - 1]} {s[0]}"
    if len(s) == len(e) == 3 and s[:2] == e[:2]:
        return f"{int(s[2])}–{int(e[2])} {MONTHS[int(s[1]) - 1]} {s[0]}"
    return f"{_format_date(start)} – {_format_date(end)}"


def source_html(source: Source) -> str:
    """The source as a link (when it has an address) with author and year."""
    label = escape(source.title)
    if source.address:
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


def figures_table(atlas: Atlas, figures: list[Figure], *, caption: str = "Figures") -> str:
    """An HTML table of figures; disputed figures share one row, with every source."""
    if not figures:
        return ""
    rows = []
    for group in _dispute_groups(figures):
        label = escape(atlas.metrics[group[0].metric])
        values = []
        for fig in group:
            quote = (
                f"<details><summary>quote</summary><q>{escape(fig.quote)}</q></details>" if fig.quote else ""
            )
            note = f"<div class=\"atlas-fig-note\">{escape(fig.note)}</div>" if fig.note else ""
            values.append(
                f'<li data-start="{fig.period.first_day.isoformat()}" data-end="{fig.period.last_day.isoformat()}">'
                
                f"<span class=\"atlas-value\">{escape(format_value(fig, atlas.units[fig.unit]))}</span>"
                f" <span class=\"atlas-period\">({escape(format_period(fig.period))})</span>"
                f"<div class=\"atlas-source\">Source: {source_html(atlas.sources[fig.source])}</div>"
                f"{note}{quote}</li>"
            )
        disputed = len(group) > 1
        badge = "<div class=\"atlas-disputed-badge\">Sources disagree</div>" if disputed else ""
        css = " class=\"atlas-disputed\"" if disputed else ""
        rows.append(f"<tr{css}><th scope=\"row\">{label}{badge}</th><td><ul>{''.join(values)}</ul></td></tr>")
    return (
        f"<table class=\"atlas-figures\"><caption>{escape(caption)}</caption>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def sources_list(atlas: Atlas, source_ids: tuple[str, ...]) -> str:
    items = "".join(f"<li>{source_html(atlas.sources[s])}</li>" for s in source_ids if s in atlas.sources)
    return f"<ul class=\"atlas-sources\">{items}</ul>" if items else ""

