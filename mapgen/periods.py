"""The period control: line widths proportional to what each route carried, period by period.

For each period (``periods.csv``) and route, the figure named in ``flows.csv``
sets the line's width. A route that ran but has no figure for the period is
drawn thin and faint; a route that did not run in it is drawn grey. Each
period says what its widths measure, with a legend of sample widths.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from mapgen import style
from mapgen.i18n import ENGLISH, Locale
from mapgen.templating import render
from routes.atlas import Atlas
from routes.model import Figure, TimeSlice

FIGURE, NO_FIGURE, NOT_RUNNING = "figure", "none", "idle"


def flow_kind(unit: str) -> str:
    """What a width measures: ``percent`` (a share), ``tons`` (any tonnage) or ``aircraft``.

    >>> flow_kind("long_tons"), flow_kind("aircraft")
    ('tons', 'aircraft')
    """
    return style.FLOW_KINDS[unit]


def flow_width(figure: Figure) -> float:
    """The width in pixels of a route whose figure for the period is ``figure``.

    Proportional to the value (the low end of a range), never below ``style.FLOW_MIN_PX``.

    >>> from routes.model import Period
    >>> share = Figure(
    ...     "f", "arctic", "", "share_of_deliveries", 40, "percent", Period("1942", "1942"), "about", "s", "q"
    ... )
    >>> flow_width(share)
    12.8
    """
    return round(
        max(style.FLOW_MIN_PX, figure.value * style.FLOW_PX_PER_UNIT[flow_kind(figure.unit)]), 2
    )


@dataclass(frozen=True)
class SliceFlows:
    """One period of the control and the figure (or none) behind each route's width."""

    slice: TimeSlice
    figures: dict[str, Figure | None]  # route id -> figure

    @property
    def kinds(self) -> list[str]:
        """What the widths of this period measure, in the order of ``style.FLOW_KINDS``."""
        found = {flow_kind(f.unit) for f in self.figures.values() if f is not None}
        return [kind for kind in dict.fromkeys(style.FLOW_KINDS.values()) if kind in found]

    def width(self, route_id: str) -> float | None:
        figure = self.figures.get(route_id)
        return flow_width(figure) if figure is not None else None


def slice_flows(atlas: Atlas, group_id: str, route_ids: tuple[str, ...]) -> list[SliceFlows]:
    return [
        SliceFlows(s, {r: atlas.flow_figure(s.id, r, group_id) for r in route_ids})
        for s in atlas.slices_of(group_id)
    ]


def default_slice(slices: list[SliceFlows]) -> SliceFlows | None:
    """The period the map opens on: the one that covers all the others (the whole war)."""
    if not slices:
        return None
    return max(
        slices, key=lambda s: (s.slice.period.last_day - s.slice.period.first_day, -slices.index(s))
    )


def route_status(atlas: Atlas, flows: SliceFlows, route_id: str) -> str:
    """Whether a route in a period has a figure, ran without one, or did not run at all."""
    if flows.figures.get(route_id) is not None:
        return FIGURE
    route, period = atlas.routes[route_id].period, flows.slice.period
    runs = route.first_day <= period.last_day and period.first_day <= route.last_day
    return NO_FIGURE if runs else NOT_RUNNING


def period_control(
    atlas: Atlas, slices: list[SliceFlows], route_ids: tuple[str, ...], loc: Locale = ENGLISH
) -> dict:
    """What atlas.js needs for the control: per period, each route's width, status and headline,
    what the widths measure, and the width legend (HTML made by templates)."""
    initial = default_slice(slices)
    return {
        "initial": initial.slice.id if initial else None,
        "slices": [
            {
                "id": s.slice.id,
                "label": s.slice.label,
                "start": s.slice.period.first_day.isoformat(),
                "end": s.slice.period.last_day.isoformat(),
                "all": s is initial,  # the period that covers the others shows every figure
                "routes": {
                    r: {
                        "width": s.width(r),
                        "status": route_status(atlas, s, r),
                        "headline": headline(atlas, s, r, loc),
                    }
                    for r in route_ids
                },
                "measure": measure(atlas, s, route_ids, loc),
            }
            for s in slices
        ],
    }


def headline(atlas: Atlas, flows: SliceFlows, route_id: str, loc: Locale) -> Markup:
    """One line on a route for the period: its figure and source, or why there is none."""
    figure = flows.figures.get(route_id)
    status = route_status(atlas, flows, route_id)
    source = atlas.sources[figure.source] if figure is not None else None
    return render(
        "headline.html",
        loc=loc,
        status=status,
        label=flows.slice.label,
        figure=figure,
        value_text=loc.value(figure, atlas.units[figure.unit]) if figure is not None else "",
        metric=atlas.metrics[figure.metric] if figure is not None else "",
        source=source,
        route_period=loc.period(atlas.routes[route_id].period),
    )


def measure(atlas: Atlas, flows: SliceFlows, route_ids: tuple[str, ...], loc: Locale) -> Markup:
    """What the widths show in this period, and sample widths for each measure and state."""
    samples = []
    for kind in flows.kinds:
        for value, unit in style.FLOW_SAMPLES[kind]:
            sample = Figure(
                "sample", "", "", "", float(value), unit, flows.slice.period, "exactly", "", ""
            )
            px = max(style.FLOW_MIN_PX, value * style.FLOW_PX_PER_UNIT[kind])
            samples.append(
                {"px": px, "label": loc.value(sample, atlas.units.get(unit, unit)), "kind": kind}
            )
    return render(
        "measure.html",
        loc=loc,
        label=flows.slice.label,
        kinds=flows.kinds,
        samples=samples,
        statuses=[route_status(atlas, flows, r) for r in route_ids],
    )
