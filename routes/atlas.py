"""The :class:`Atlas`: every record of one data folder, with the lookups maps need.

The records themselves are in :mod:`routes.model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from routes.model import (
    BASE_LANGUAGE,
    LANGUAGES,
    TRANSLATED_FIELDS,
    Chart,
    Country,
    Event,
    Figure,
    Flow,
    Group,
    Leg,
    Place,
    Route,
    Source,
    TimeSlice,
    Tour,
    TranslationKey,
)
from routes.model_convoys import Convoy, ConvoyDispute, ConvoyLoss, ConvoyPause


@dataclass(frozen=True)
class Atlas:
    """Everything in one data folder, validated and cross-referenced."""

    routes: dict[str, Route]
    legs: tuple[Leg, ...]
    places: dict[str, Place]
    events: dict[str, Event]
    figures: tuple[Figure, ...]
    sources: dict[str, Source]
    metrics: dict[str, str]
    units: dict[str, str]
    groups: dict[str, Group] = field(default_factory=dict)
    slices: tuple[TimeSlice, ...] = ()
    flows: tuple[Flow, ...] = ()
    charts: tuple[Chart, ...] = ()
    countries: tuple[Country, ...] = ()
    # the sailings of convoys (convoys.csv), other sources' values and sourced sinkings
    convoys: tuple[Convoy, ...] = ()
    convoy_disputes: tuple[ConvoyDispute, ...] = ()
    convoy_losses: tuple[ConvoyLoss, ...] = ()
    convoy_pauses: tuple[ConvoyPause, ...] = ()
    tours: tuple[Tour, ...] = ()
    # language -> (kind, id, field) -> text, from the data's <field>_<lang> columns
    translations: dict[str, dict[TranslationKey, str]] = field(default_factory=dict)

    def in_language(self, lang: str) -> Atlas:
        """The same atlas with every translated text in ``lang``.

        Text without a translation stays in English; the loader reports such
        gaps for the languages each group declares, so a map never shows them.

        >>> from routes import load_atlas
        >>> load_atlas().in_language("ru").places["murmansk"].name
        'Мурманск'
        """
        if lang == BASE_LANGUAGE:
            return self
        if lang not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
        if lang not in self._in_languages:  # a build asks once per map and page: make it once
            self._in_languages[lang] = self._translated(lang)
        return self._in_languages[lang]

    @cached_property
    def _in_languages(self) -> dict[str, Atlas]:
        return {}

    def _translated(self, lang: str) -> Atlas:
        table = self.translations.get(lang, {})

        def tr(kind: str, key: str, record):
            changes = {
                f: table[(kind, key, f)] for f in TRANSLATED_FIELDS[kind] if (kind, key, f) in table
            }
            return replace(record, **changes) if changes else record

        return replace(
            self,
            groups={k: tr("group", k, g) for k, g in self.groups.items()},
            routes={k: tr("route", k, r) for k, r in self.routes.items()},
            places={k: tr("place", k, p) for k, p in self.places.items()},
            legs=tuple(tr("leg", leg.id, leg) for leg in self.legs),
            events={k: tr("event", k, e) for k, e in self.events.items()},
            figures=tuple(tr("figure", f.id, f) for f in self.figures),
            metrics={k: table.get(("metric", k, "name"), v) for k, v in self.metrics.items()},
            units={k: table.get(("unit", k, "name"), v) for k, v in self.units.items()},
            slices=tuple(tr("period", f"{s.group}/{s.id}", s) for s in self.slices),
            charts=tuple(tr("chart", c.id, c) for c in self.charts),
            countries=tuple(tr("country", c.id, c) for c in self.countries),
            sources={k: tr("source", k, v) for k, v in self.sources.items()},
            convoys=tuple(tr("convoy", c.id, c) for c in self.convoys),
            convoy_disputes=tuple(tr("convoy_dispute", d.key, d) for d in self.convoy_disputes),
            convoy_losses=tuple(tr("convoy_loss", c.key, c) for c in self.convoy_losses),
            convoy_pauses=tuple(tr("convoy_pause", p.key, p) for p in self.convoy_pauses),
            tours=tuple(
                replace(t, steps=tuple(tr("step", f"{t.id}/{s.number}", s) for s in t.steps))
                for t in self.tours
            ),
        )

    def translation_needs(self, group_id: str) -> list[tuple[str, str, str, str]]:
        """Every non-empty text the map of ``group_id`` shows: (kind, id, field, English text)."""
        from routes.load.translations import translation_needs

        return translation_needs(self, group_id)

    def slices_of(self, group_id: str) -> list[TimeSlice]:
        return [s for s in self.slices if s.group == group_id]

    def flow_figure(self, slice_id: str, route_id: str, group_id: str) -> Figure | None:
        for flow in self.flows:
            if (flow.group, flow.slice, flow.route) == (group_id, slice_id, route_id):
                return self.figure(flow.figure)
        return None

    def tours_of(self, group_id: str) -> list[Tour]:
        """The guided tours of a map, by number."""
        return sorted((t for t in self.tours if t.group == group_id), key=lambda t: t.number)

    def charts_of(self, group_id: str) -> list[Chart]:
        return [c for c in self.charts if c.group == group_id]

    def routes_in(self, group_id: str) -> list[Route]:
        return [route for route in self.routes.values() if route.group == group_id]

    # Indexes, made on first use: a voyage-by-voyage data set has thousands of legs and figures,
    # and looking each one's figures up by scanning them all would grow with the square.
    @cached_property
    def _legs_by_route(self) -> dict[str, list[Leg]]:
        index: dict[str, list[Leg]] = {}
        for leg in self.legs:
            index.setdefault(leg.route, []).append(leg)
        return index

    @cached_property
    def _figures_by_subject(self) -> dict[tuple[str, str], list[Figure]]:
        index: dict[tuple[str, str], list[Figure]] = {}
        for fig in self.figures:
            index.setdefault((fig.route, fig.feature), []).append(fig)
        return index

    @cached_property
    def _figures_by_feature(self) -> dict[str, list[Figure]]:
        index: dict[str, list[Figure]] = {}
        for fig in self.figures:
            if fig.feature:
                index.setdefault(fig.feature, []).append(fig)
        return index

    @cached_property
    def _figures_by_id(self) -> dict[str, Figure]:
        return {fig.id: fig for fig in self.figures}

    def legs_of(self, route_id: str) -> list[Leg]:
        return list(self._legs_by_route.get(route_id, ()))

    def places_of(self, route_ids: list[str] | tuple[str, ...]) -> list[Place]:
        """Places used by the given routes, each once, in data order."""
        wanted = set(route_ids)
        used = {
            p for leg in self.legs if leg.route in wanted for p in (leg.from_place, leg.to_place)
        }
        return [
            place
            for place in self.places.values()
            if wanted.intersection(place.routes) or place.id in used
        ]

    def events_of(self, route_ids: list[str] | tuple[str, ...]) -> list[Event]:
        wanted = set(route_ids)
        return [event for event in self.events.values() if event.route in wanted]

    def figures_about(self, subject: str, feature: str = "") -> list[Figure]:
        """Figures whose ``route`` is ``subject`` and whose ``feature`` matches."""
        return list(self._figures_by_subject.get((subject, feature), ()))

    def figures_for_feature(self, feature_id: str) -> list[Figure]:
        return list(self._figures_by_feature.get(feature_id, ()))

    def figure(self, figure_id: str) -> Figure:
        return self._figures_by_id[figure_id]

    # Convoys: one sailing each; ``sailed_with`` marks one whose ships sailed in another's.
    def convoy(self, convoy_id: str) -> Convoy:
        return self._convoys_by_id[convoy_id]

    @cached_property
    def _convoys_by_id(self) -> dict[str, Convoy]:
        return {convoy.id: convoy for convoy in self.convoys}

    def convoys_of(self, route_ids: list[str] | tuple[str, ...]) -> list[Convoy]:
        wanted = set(route_ids)
        return [convoy for convoy in self.convoys if convoy.route in wanted]

    def convoys_in_month(
        self, month: str, route_ids: tuple[str, ...] | None = None
    ) -> list[Convoy]:
        """The sailings at sea on some day of ``month`` (``"1942-07"``), in table order.

        A convoy with no known arrival counts as at sea in the month it sailed only
        (:attr:`Convoy.at_sea`); one with no date at all is never at sea; one whose ships
        sailed in another convoy (``sailed_with``) is left out, as that one is listed.

        >>> from routes import load_atlas
        >>> [c.name for c in load_atlas().convoys_in_month("1942-07")]
        ['PQ 17', 'QP 13']
        """
        return [
            convoy
            for convoy in self.convoys
            if not convoy.sailed_with
            and (route_ids is None or convoy.route in route_ids)
            and convoy.at_sea_in(month)
        ]

    def disputes_of(self, convoy_id: str) -> list[ConvoyDispute]:
        return [d for d in self.convoy_disputes if d.convoy == convoy_id]

    def losses_of(self, convoy_id: str) -> list[ConvoyLoss]:
        return [loss for loss in self.convoy_losses if loss.convoy == convoy_id]
