"""Which maps a data folder makes, in which languages, and where each page goes."""

from __future__ import annotations

from dataclasses import dataclass

from routes import Atlas, Period
from routes.model import BASE_LANGUAGE, LANGUAGES


@dataclass(frozen=True)
class MapSpec:
    """What the command line lists: one map per group of routes (and language)."""

    name: str  # the group id, used on the command line
    filename: str
    title: str
    summary: str
    period: Period
    route_ids: tuple[str, ...]
    lang: str = BASE_LANGUAGE
    languages: tuple[str, ...] = (BASE_LANGUAGE,)  # all the languages the map is built in
    question: str = ""
    level: str = ""

    @property
    def path(self) -> str:
        """Where the page goes in the output folder: English at the top, others in a folder each."""
        return language_folder(self.lang) + self.filename


def language_folder(lang: str) -> str:
    """``""`` for English, ``"ru/"`` for Russian: the pages of a language, relative to the output folder."""
    return "" if lang == BASE_LANGUAGE else f"{lang}/"


def relative_link(from_lang: str, to_lang: str, filename: str) -> str:
    """A link from a page in one language's folder to a page in another's.

    >>> relative_link("en", "ru", "a.html"), relative_link("ru", "en", "a.html"), relative_link("ru", "ru", "a.html")
    ('ru/a.html', '../a.html', 'a.html')
    """
    if from_lang == to_lang:
        return filename
    up = "" if from_lang == BASE_LANGUAGE else "../"
    return up + language_folder(to_lang) + filename


def page_filename(group_id: str) -> str:
    """``lend_lease_1941_45`` -> ``lend-lease-1941-45.html``."""
    return group_id.replace("_", "-") + ".html"


def map_specs(atlas: Atlas, lang: str = BASE_LANGUAGE) -> list[MapSpec]:
    """The maps built in ``lang``, titled in it, in the order of the data."""
    local = atlas.in_language(lang)
    specs = []
    for group in local.groups.values():
        routes = local.routes_in(group.id)
        if not routes or lang not in group.languages:
            continue
        start = min((r.period for r in routes), key=lambda p: p.first_day).start
        end = max((r.period for r in routes), key=lambda p: p.last_day).end
        specs.append(
            MapSpec(
                name=group.id,
                filename=page_filename(group.id),
                title=group.name,
                summary=group.summary,
                period=Period(start, end),
                route_ids=tuple(r.id for r in routes),
                lang=lang,
                languages=group.languages,
                question=group.question,
                level=group.level,
            )
        )
    return specs


def find_spec(atlas: Atlas, name: str, lang: str) -> MapSpec:
    """The map ``name`` in ``lang``; ``KeyError`` with the maps there are if there is none."""
    if lang not in LANGUAGES:
        raise KeyError(f"no language {lang!r}; the languages are: {', '.join(LANGUAGES)}")
    specs = {s.name: s for s in map_specs(atlas, lang)}
    if name not in specs:
        everywhere = {s.name for s in map_specs(atlas)}
        if name in everywhere:
            group = atlas.groups[name]
            raise KeyError(
                f"the map {name!r} is not built in {lang!r}; its languages are: {', '.join(group.languages)} "
                "(the 'languages' column of groups.csv)"
            )
        raise KeyError(
            f"no map named {name!r}; the maps are: {', '.join(sorted(everywhere)) or 'none'}"
        )
    return specs[name]


def atlas_languages(atlas: Atlas) -> list[str]:
    """The languages any map is built in, English first."""
    declared = {lang for group in atlas.groups.values() for lang in group.languages}
    return [lang for lang in LANGUAGES if lang in declared]
