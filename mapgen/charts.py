"""Inline SVG bar charts of figures, drawn from ``charts.csv`` (no script, no library).

Each bar carries ``data-figure`` and ``data-value`` so tests can compare a
chart with the figures table; each chart names its sources under it.
"""

from __future__ import annotations

from markupsafe import Markup

from mapgen import style
from mapgen.i18n import ENGLISH, Locale
from mapgen.templating import render
from routes.atlas import Atlas
from routes.model import Chart, Figure

WIDTH = 350
LABEL_WIDTH = 112  # left column for series labels (none when a chart has one series)
BAR_MAX = 110
ROW = 18
HEADER = 17
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")


def _group_label(atlas: Atlas, chart: Chart, figure: Figure, loc: Locale) -> str:
    if chart.group_by == "route":
        return atlas.routes[figure.route].name
    if chart.group_by == "metric":
        return atlas.metrics[figure.metric]
    return loc.period(figure.period)


def _series_label(atlas: Atlas, chart: Chart, figure: Figure, loc: Locale) -> str:
    if chart.series_by == "period":
        return loc.period(figure.period)
    if chart.series_by == "source":
        source = atlas.sources[figure.source]
        return source.short or source.publisher or source.title
    return ""


def chart_html(
    atlas: Atlas, chart: Chart, *, route_colours: dict[str, str], loc: Locale = ENGLISH
) -> Markup:
    """A ``<figure>`` with the chart's title, the SVG bars and the sources under it."""
    figures = [atlas.figure(f) for f in chart.figures]
    groups: dict[str, list[Figure]] = {}
    for figure in figures:
        groups.setdefault(_group_label(atlas, chart, figure, loc), []).append(figure)
    series = list(dict.fromkeys(_series_label(atlas, chart, f, loc) for f in figures))
    overall_max = max(f.value for f in figures) or 1.0

    label_width = LABEL_WIDTH if chart.series_by != "none" else 0
    bar_max = BAR_MAX + (LABEL_WIDTH - label_width)
    rows: list[dict] = []
    y = 4
    for group_label, members in groups.items():
        group_max = (
            (max(f.value for f in members) or 1.0) if chart.scale == "per_group" else overall_max
        )
        rows.append({"group": group_label, "y": y})
        y += HEADER
        for figure in members:
            label = _series_label(atlas, chart, figure, loc)
            index = series.index(label)
            if chart.group_by == "route":
                colour = route_colours.get(figure.route, SERIES_COLOURS[0])
                opacity = 1.0 if index == 0 else 0.55
            else:
                colour, opacity = SERIES_COLOURS[index % len(SERIES_COLOURS)], 1.0
            rows.append(
                {
                    "group": "",
                    "y": y,
                    "figure": figure.id,
                    "value": _plain_number(figure.value),
                    "label": label,
                    "length": max(1.0, round(bar_max * figure.value / group_max, 1)),
                    "colour": colour,
                    "opacity": opacity,
                    "text": loc.value(figure, atlas.units[figure.unit]),
                }
            )
            y += ROW
        y += 4
    return render(
        "chart.html",
        loc=loc,
        chart_id=chart.id,
        title=chart.title,
        width=WIDTH,
        height=y + 2,
        label_width=label_width,
        bar_height=ROW - 6,
        rows=rows,
        sources=[atlas.sources[s] for s in dict.fromkeys(f.source for f in figures)],
        per_group=chart.scale == "per_group",
    )


def _plain_number(value: float) -> str:
    """Digits only, for data attributes: ``4546000``, ``22.7``."""
    return f"{value:f}".rstrip("0").rstrip(".")


def route_colours_for(atlas: Atlas, route_ids: tuple[str, ...]) -> dict[str, str]:
    return {
        route_id: style.route_colour(route_id, order) for order, route_id in enumerate(route_ids)
    }
