"""Line widths proportional to what each route carried, period by period."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from mapgen import style
from mapgen.i18n import ENGLISH, Locale
from mapgen.text import link_address
from routes.model import Atlas, Figure, TimeSlice


def flow_kind(unit: str) -> str:
    """``"percent"`` for shares, ``"tons"`` for any tonnage."""
    return "percent" if unit == "percent" else "tons"


def flow_width(figure: Figure) -> float:
    """The width in pixels of a route whose figure for the period is ``figure``.

    Proportional to the value (the low end of a range), never below
    ``style.FLOW_MIN_PX``.

    >>> from routes.model import Period
    >>> share = Figure("f", "arctic", "", "share_of_deliveries", 40, "percent", Period("1942", "1942"), "about", "s", "q")
    >>> flow_width(share)
    12.8
    """
    return round(max(style.FLOW_MIN_PX, figure.value * style.FLOW_PX_PER_UNIT[figure.unit]), 2)


@dataclass(frozen=True)
class SliceFlows:
    """One period of the year control and the figure (or none) behind each route's width."""

    slice: TimeSlice
    figures: dict[str, Figure | None]  # route id -> figure

    @property
    def kind(self) -> str | None:
        units = {flow_kind(f.unit) for f in self.figures.values() if f is not None}
        return units.pop() if units else None

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
    return max(slices, key=lambda s: (s.slice.period.last_day - s.slice.period.first_day, -slices.index(s)))


def period_control_config(
    atlas: Atlas,
    slices: list[SliceFlows],
    route_ids: tuple[str, ...],
    colours: dict[str, str],
    loc: Locale = ENGLISH,
) -> dict:
    """What atlas.js needs for the year control: per period, each route's width,
    the summary of figures behind the widths, and the width legend (all escaped HTML)."""
    initial = default_slice(slices)
    return {
        "heading": loc.t("periods.heading"),
        # texts atlas.js shows; {shown}, {total} and {label} are filled in there
        "text": {
            "aria": loc.t("periods.aria"),
            "filtered": loc.t("periods.filtered", shown="{shown}", total="{total}", label="{label}"),
            "showAll": loc.t("periods.show_all"),
        },
        "initial": initial.slice.id if initial else None,
        "noFigure": style.NO_FIGURE_STYLE,
        "slices": [
            {
                "id": s.slice.id,
                "label": s.slice.label,
                "start": s.slice.period.first_day.isoformat(),
                "end": s.slice.period.last_day.isoformat(),
                "all": s is initial,  # the period that covers the others shows every figure
                "routes": {r: s.width(r) for r in route_ids},
                "summary": _summary_html(atlas, s, route_ids, colours, loc),
                "legend": _legend_html(atlas, s, loc),
            }
            for s in slices
        ],
    }


def _summary_html(
    atlas: Atlas, flows: SliceFlows, route_ids: tuple[str, ...], colours: dict[str, str], loc: Locale
) -> str:
    """One line per route: its figure for the period (or "no figure") and a link to the source."""
    items = []
    for route_id in route_ids:
        figure = flows.figures.get(route_id)
        swatch = f'<span class="atlas-swatch" style="background:{colours[route_id]}"></span>'
        name = escape(atlas.routes[route_id].name)
        if figure is None:
            detail = f'<span class="atlas-no-figure">{escape(loc.t("periods.no_figure"))}</span>'
        else:
            source = atlas.sources[figure.source]
            link_text = escape(source.short or source.publisher or source.title)
            address = link_address(source.address)
            link = (
                f'<a href="{escape(address, quote=True)}" title="{escape(source.title, quote=True)}" '
                f'target="_blank" rel="noopener noreferrer">{link_text}</a>'
                if address
                else f'<span title="{escape(source.title, quote=True)}">{link_text}</span>'
            )
            detail = (
                f'<span class="atlas-value">{escape(loc.value(figure, atlas.units[figure.unit]))}</span> '
                f'<span class="atlas-period">({escape(loc.period(figure.period))})</span> {link}'
            )
        items.append(f'<li data-route="{escape(route_id, quote=True)}">{swatch}<b>{name}</b>: {detail}</li>')
    return f'<ul class="atlas-period-list">{"".join(items)}</ul>'


def _legend_html(atlas: Atlas, flows: SliceFlows, loc: Locale) -> str:
    kind = flows.kind
    samples = []
    if kind is not None:
        for value, unit in style.FLOW_SAMPLES[kind]:
            px = max(style.FLOW_MIN_PX, value * style.FLOW_PX_PER_UNIT[unit])
            sample = Figure("sample", "", "", "", float(value), unit, flows.slice.period, "exactly", "", "")
            label = escape(loc.value(sample, atlas.units.get(unit, unit)))
            samples.append(_sample_line(px, None, label))
        intro = escape(loc.t("periods.width_" + kind, label=flows.slice.label))
    else:
        intro = escape(loc.t("periods.none", label=flows.slice.label))
    no_figure = style.NO_FIGURE_STYLE
    samples.append(_sample_line(no_figure["weight"], no_figure["dashArray"], escape(loc.t("periods.no_figure_sample"))))
    return f'<p>{intro}</p><ul class="atlas-width-samples">{"".join(samples)}</ul>'


def _sample_line(px: float, dash: str | None, label: str) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    height = max(12, int(px) + 4)
    return (
        f'<li><svg width="48" height="{height}" aria-hidden="true"><line x1="2" y1="{height / 2}" x2="46" '
        f'y2="{height / 2}" stroke="#444" stroke-width="{px:g}"{dash_attr}/></svg><span>{label}</span></li>'
    )
