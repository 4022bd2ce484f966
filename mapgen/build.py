"""Build the atlas maps: route data -> geometry -> folium -> self-contained HTML.

One map per group of routes in ``groups.csv``. :func:`build_map` is the
public entry point for Python users; :func:`build_all` is what the command
line runs.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from html import escape
from importlib.resources import files
from pathlib import Path

import folium

from geo import covering_window, leg_track, shift_into_window, wrap_longitude
from geo.sea import NoSeaRouteError
from mapgen import layers, style
from mapgen.charts import chart_html, route_colours_for
from mapgen.elements import (
    AtlasFigure,
    FitView,
    OfflineMap,
    PageBehaviour,
    PeriodControl,
    PopupLibrary,
    RawHtml,
    assign_stable_ids,
    ZoomButtons,
    atlas_script,
    leaflet_assets,
    polyline_script,
)
from mapgen.flows import period_control_config, slice_flows
from mapgen.i18n import Locale
from mapgen.publish import check_out_dir, publish_site
from mapgen.text import figures_key, figures_ref, figures_table
from routes import Atlas, Period, Problem, RouteDataError, load_atlas
from routes.errors import UsageError
from routes.export import data_files
from routes.model import BASE_LANGUAGE, LANGUAGES

# Basemap drawn around the data (degrees): enough to fill a wide screen at the
# opening zoom and a little panning, not the whole world for a European map.
LAND_PADDING_LON = 60.0
LAND_PADDING_LAT = 20.0
DATA_FOLDER = "data"  # beside each index: the figures and routes as CSV and GeoJSON


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


def map_specs(atlas: Atlas, lang: str = BASE_LANGUAGE) -> list[MapSpec]:
    """The maps built in ``lang``, titled in it."""
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
                filename=group.id.replace("_", "-") + ".html",
                title=group.name,
                summary=group.summary,
                period=Period(start, end),
                route_ids=tuple(r.id for r in routes),
                lang=lang,
                languages=group.languages,
            )
        )
    return specs


def _spec(atlas: Atlas, name: str, lang: str) -> MapSpec:
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
        raise KeyError(f"no map named {name!r}; the maps are: {', '.join(sorted(everywhere)) or 'none'}")
    return specs[name]


def draw_legs(atlas: Atlas, route_ids: tuple[str, ...]) -> dict[str, list[tuple]]:
    """The unwrapped track of every leg of the given routes, by route id."""
    tracks: dict[str, list[tuple]] = {}
    problems = []
    for route_id in route_ids:
        tracks[route_id] = []
        for leg in atlas.legs_of(route_id):
            try:
                coords = leg_track(leg.parts, leg.mode, track=leg.track, closed_passages=leg.closed_passages)
            except NoSeaRouteError as exc:
                problems.append(Problem(f"{route_id}.geojson", f"leg {leg.id!r}", "geometry", str(exc), "no-sea-route"))
                continue
            tracks[route_id].append((leg, coords))
    if problems:
        raise RouteDataError(problems)
    return tracks


def build_map(
    name: str, *, lang: str = BASE_LANGUAGE, data_dir: str | Path | None = None, atlas: Atlas | None = None
) -> folium.Map:
    """Build one atlas map as a folium Map, ready to show in a notebook or save.

    Parameters
    ----------
    name : the map's name, as ``supply-atlas list`` shows it (a group id in
        ``groups.csv``), e.g. ``"lend_lease_1941_45"``.
    lang : the language of the map's texts: ``"en"`` or ``"ru"`` (one the map
        declares in ``groups.csv``).
    data_dir : a data folder laid out like ``routes/data`` (default: the shipped data).
    atlas : an already loaded atlas (skips loading ``data_dir``).

    Returns
    -------
    folium.Map
        Self-contained: ``m.save("map.html")`` writes the same bytes as
        ``supply-atlas build``.

    Raises
    ------
    routes.RouteDataError
        If the data is invalid. ``KeyError`` if there is no such map.

    Examples
    --------
    >>> import mapgen
    >>> m = mapgen.build_map("spain_1936_39")
    >>> m.get_root().title
    'Soviet shipping to Republican Spain, 1936–39'
    """
    atlas = atlas if atlas is not None else load_atlas(data_dir)
    spec = _spec(atlas, name, lang)
    base_atlas = atlas  # the links name the maps in each language
    atlas = atlas.in_language(lang)
    loc = Locale(lang)
    routes = [atlas.routes[r] for r in spec.route_ids]
    tracks = draw_legs(atlas, spec.route_ids)
    places = atlas.places_of(spec.route_ids)
    events = atlas.events_of(spec.route_ids)

    all_lons = [lon for legs in tracks.values() for _, coords in legs for lon, _ in coords]
    all_lons += [p.lon for p in places] + [e.lon for e in events]
    west = covering_window(all_lons)

    def into_frame(lon: float) -> float:
        lon = wrap_longitude(lon)
        return lon + 360.0 if lon < west else lon

    drawn = {
        route_id: [layers.DrawnLeg(leg, shift_into_window(coords, west)) for leg, coords in legs]
        for route_id, legs in tracks.items()
    }
    placed = [(p, into_frame(p.lon)) for p in places]
    placed_events = [(e, into_frame(e.lon)) for e in events]

    lons = [lon for legs in drawn.values() for d in legs for lon, _ in d.coords]
    lons += [lon for _, lon in placed] + [lon for _, lon in placed_events]
    lats = [lat for legs in drawn.values() for d in legs for _, lat in d.coords]
    lats += [p.lat for p in places] + [e.lat for e in events]
    west_edge, east_edge = min(lons), max(lons)
    south_edge, north_edge = min(lats), max(lats)
    spare = max(0.0, 360.0 - (east_edge - west_edge))
    pad = min(LAND_PADDING_LON, spare / 2)
    frame = (
        west_edge - pad,
        max(south_edge - LAND_PADDING_LAT, -60.0),
        east_edge + pad,
        min(north_edge + LAND_PADDING_LAT, 84.0),
    )

    figure = AtlasFigure(
        title=spec.title,
        lang=lang,
        skip_text=loc.t("map.skip"),
        after_map=print_footnote_html(atlas, spec, loc),
        after_script=text_alternative_html(atlas, spec, loc),
    )
    m = OfflineMap(
        location=[(south_edge + north_edge) / 2, (west_edge + east_edge) / 2],
        zoom_start=3,
        tiles=None,
        control_scale=True,
        prefer_canvas=len(places) + len(events) + sum(len(ds) for ds in drawn.values()) > style.CANVAS_ABOVE_FEATURES,
        min_zoom=1,
        zoom_snap=0.25,  # fit the routes closely rather than to the next whole zoom level
        zoom_delta=0.5,
        world_copy_jump=False,
        aria_label=loc.t("map.aria", title=spec.title),
        zoom_control=False,  # added below with titles in the map's language
        # Miles only where English is read; Leaflet's unit names are English, so others get theirs.
        imperial=lang == BASE_LANGUAGE,
        scale_units=None if lang == BASE_LANGUAGE else {"km": loc.t("scale.km"), "m": loc.t("scale.m")},
    )
    figure.add_child(m)
    figure.header.add_child(RawHtml(leaflet_assets()), name="leaflet")
    figure.header.add_child(RawHtml(polyline_script()), name="polyline_js")
    figure.header.add_child(RawHtml(atlas_script()), name="atlas_js")
    css = files("mapgen").joinpath("templates", "atlas.css").read_text(encoding="utf-8")
    figure.header.add_child(RawHtml(f"<style>\n{css}</style>"), name="atlas_css")

    # Order matters for speed: panels and the view come first, so the layers are drawn once,
    # already framed (the land has its own pane, below the routes, whatever the order).
    ZoomButtons(loc.t("zoom.in"), loc.t("zoom.out")).add_to(m)
    colours = route_colours_for(atlas, spec.route_ids)
    charts = atlas.charts_of(spec.name)
    modes = [mode for mode in style.MODE_STYLES if any(d.leg.mode == mode for ds in drawn.values() for d in ds)]
    kinds = [kind for kind in style.PLACE_STYLES if any(p.kind == kind for p in places)]
    event_kinds = [kind for kind in style.EVENT_COLOURS if any(e.kind == kind for e in events)]
    layers.add_legend(m, layers.legend_html(modes, kinds, event_kinds, any(e.approximate for e in events), loc), loc)
    map_charts = [chart_html(atlas, c, route_colours=colours, loc=loc) for c in charts if not c.route]
    layers.add_title_panel(m, title_panel_html(base_atlas, spec, map_charts, loc), loc)
    FitView([[south_edge, west_edge], [north_edge, east_edge]]).add_to(m)

    layers.add_land(m, west=frame[0], east=frame[2], south=frame[1], north=frame[3], loc=loc)
    layers.add_online_basemap(m, loc)
    library = PopupLibrary()
    library.add_to(m)
    for route in routes:
        route_charts = "".join(
            chart_html(atlas, c, route_colours=colours, loc=loc) for c in charts if c.route == route.id
        )
        layers.add_route_layer(
            m, atlas, route, drawn[route.id], colour=colours[route.id], library=library, charts_html=route_charts,
            loc=loc,
        )
    layers.add_places_layer(m, atlas, placed, loc, spec.route_ids)
    # Labels help on small maps; on a map with many places they would cover the routes.
    if len(placed) <= style.PLACE_NAMES_UP_TO:
        layers.add_place_names(m, placed, show=len(placed) <= style.PLACE_NAMES_SHOWN_UP_TO, loc=loc)
    if placed_events:
        layers.add_events_layer(m, atlas, placed_events, loc)
    slices = slice_flows(atlas, spec.name, spec.route_ids)
    period_control = None
    if slices:
        period_control = PeriodControl(period_control_config(atlas, slices, spec.route_ids, colours, loc))
        period_control.add_to(m)
    layer_control = folium.LayerControl(position="topright", collapsed=False)
    layer_control.add_to(m)
    PageBehaviour(
        layer_control=layer_control,
        period_control=period_control,
        text={"openFull": loc.t("map.open_full"), "fold": loc.t("map.fold")},
    ).add_to(m)
    assign_stable_ids(figure)
    return m


def title_panel_html(atlas: Atlas, spec: MapSpec, charts: list[str] = (), loc: Locale | None = None) -> str:
    """Title, one-paragraph summary, the map-wide figures and charts folded away, and links.

    ``atlas`` is the atlas in English (the links name the maps in each language).
    """
    loc = loc or Locale(spec.lang)
    local = atlas.in_language(spec.lang)
    totals = local.figures_about(spec.name)
    folded = (
        f"<details><summary>{escape(loc.t('map.totals', count=len(totals)))}</summary>"
        + figures_ref(figures_key(spec.name), loc.period(spec.period))
        + "</details>"
        if totals
        else ""
    )
    if charts:
        folded += f"<details><summary>{escape(loc.t('map.charts', count=len(charts)))}</summary>{''.join(charts)}</details>"
    specs = {s.name: s for s in map_specs(atlas, spec.lang)}
    links = [
        f'<a href="{escape(specs[other].filename, quote=True)}">{escape(specs[other].title)}</a>'
        for other in atlas.groups[spec.name].see_also
        if other in specs
    ]
    nav = [f'<a href="index.html">{escape(loc.t("map.all_maps"))}</a>' + (
        f"; {escape(loc.t('map.see_also'))} " + ", ".join(links) if links else ""
    )]
    for other in spec.languages:
        if other != spec.lang:
            other_loc = Locale(other)
            href = relative_link(spec.lang, other, spec.filename)
            nav.append(
                f'<a class="atlas-keep-view" href="{escape(href, quote=True)}" hreflang="{other}" lang="{other}">'
                f"{escape(other_loc.t('language.name'))}</a>"
            )
    nav.append(f'<a class="atlas-text-link" href="#atlas-text">{escape(loc.t("map.text_link"))}</a>')
    folded += '<p class="atlas-nav">' + " · ".join(nav) + "</p>"
    return (
        f"<h1>{escape(spec.title)}</h1>"
        f"<p>{escape(spec.summary)}</p>"
        f"<p class=\"atlas-hint\">{escape(loc.t('map.hint'))}</p>"
        + folded
    )


def map_source_ids(atlas: Atlas, spec: MapSpec) -> list[str]:
    """Every source behind what a map draws and states, in order of first use."""
    ids: list[str] = []
    for route_id in spec.route_ids:
        for leg in atlas.legs_of(route_id):
            ids.extend(leg.sources)
    for event in atlas.events_of(spec.route_ids):
        ids.extend(event.sources)
    ids.extend(f.source for f in atlas.figures if f.route in spec.route_ids or f.route == spec.name)
    ids.extend(p.coord_source for p in atlas.places_of(spec.route_ids))
    return [i for i in dict.fromkeys(ids) if i in atlas.sources]


def print_footnote_html(atlas: Atlas, spec: MapSpec, loc: Locale) -> str:
    """The sources under a printed map, by short name (the page's table has them in full)."""
    names = dict.fromkeys(
        s.short or s.author or s.publisher or s.title for s in (atlas.sources[i] for i in map_source_ids(atlas, spec))
    )
    return (
        '<footer class="atlas-print-footnote">'
        f"<strong>{escape(loc.t('print.sources'))}:</strong> {escape('; '.join(names))}. "
        f"{escape(loc.t('print.made_with'))}</footer>"
    )


def text_alternative_html(atlas: Atlas, spec: MapSpec, loc: Locale) -> str:
    """Every figure of the map as HTML tables with their sources, under the map.

    For readers who cannot use the map (screen readers, keyboard, print), and
    for anyone who would rather read a table. ``atlas`` is in the map's language.
    """
    parts = [
        '<section id="atlas-text" class="atlas-text" tabindex="-1" aria-labelledby="atlas-text-heading">',
        f'<h2 id="atlas-text-heading">{escape(loc.t("text.heading", title=spec.title))}</h2>',
        f"<p>{escape(loc.t('text.intro'))}</p>",
    ]
    totals = atlas.figures_about(spec.name)
    if totals:
        parts.append(f"<h3>{escape(loc.t('text.map_wide'))}, {escape(loc.period(spec.period))}</h3>")
        parts.append(figures_table(atlas, totals, caption=loc.t("text.map_wide"), loc=loc, key=figures_key(spec.name)))
    for route_id in spec.route_ids:
        route = atlas.routes[route_id]
        parts.append(f"<h3>{escape(route.name)}, {escape(loc.period(route.period))}</h3>")
        parts.append(f"<p>{escape(route.summary)}</p>")
        parts.append(
            figures_table(
                atlas, atlas.figures_about(route_id), caption=loc.t("popup.route_figures"), loc=loc,
                key=figures_key(route_id),
            )
        )
        features = [
            *((leg.id, layers.leg_label(atlas, leg)) for leg in atlas.legs_of(route_id)),
            *((p.id, p.name) for p in atlas.places_of((route_id,)) if route_id in p.routes),
            *((e.id, e.name) for e in atlas.events_of((route_id,))),
        ]
        for feature_id, label in features:
            figures = [f for f in atlas.figures_for_feature(feature_id) if f.route == route_id]
            parts.append(figures_table(atlas, figures, caption=label, loc=loc, key=figures_key(route_id, feature_id)))
    parts.append("</section>")
    return "".join(parts)


def render(m: folium.Map) -> str:
    """The complete HTML page of a map built by :func:`build_map`."""
    return m.get_root().render()


def write_atomically(path: Path, text: str) -> None:
    """Write a text file so that readers see the old or the new version, never half of one."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)  # mkstemp makes the file private; a map is for everyone
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atlas_languages(atlas: Atlas) -> list[str]:
    """The languages any map is built in, English first."""
    declared = {lang for group in atlas.groups.values() for lang in group.languages}
    return [lang for lang in LANGUAGES if lang in declared]


def build_all(
    out_dir: str | Path,
    names: list[str] | None = None,
    *,
    data_dir: str | Path | None = None,
    languages: list[str] | None = None,
) -> list[Path]:
    """Build maps (all, or those named) and the index pages into ``out_dir``.

    English pages go into ``out_dir``, those of another language into a
    folder named after it (``out_dir/ru``). A full build also writes the
    data as ``data/figures.csv`` and ``data/routes.geojson`` beside each index. Every page is
    rendered in memory first, then the whole site is published at once
    (:func:`mapgen.publish.publish_site`): a failure leaves ``out_dir`` as it was.
    """
    check_out_dir(out_dir, data_dir)
    atlas = load_atlas(data_dir)
    everywhere = {s.name for s in map_specs(atlas)}
    unknown = [n for n in names or [] if n not in everywhere]
    if unknown:
        known = ", ".join(sorted(everywhere))
        raise UsageError(f"no map named {', '.join(map(repr, unknown))}; the maps are: {known}")
    available = atlas_languages(atlas)
    for lang in languages or []:
        if lang not in available:
            built = ", ".join(available)
            raise UsageError(f"no map is built in {lang!r}; the languages are: {built}")
    pages: dict[str, str] = {}
    for lang in languages or available:
        specs = map_specs(atlas, lang)
        chosen = [s for s in specs if not names or s.name in names]
        pages.update({s.path: render(build_map(s.name, lang=lang, atlas=atlas)) for s in chosen})
        if not names:
            # Pictures are made separately (supply-atlas thumbnails); link those that exist.
            folder = language_folder(lang)
            pictures = {s.name: f"thumbnails/{Path(s.filename).stem}.jpg" for s in specs}
            present = {name: rel for name, rel in pictures.items() if (Path(out_dir) / folder / rel).is_file()}
            others = [other for other in available if other != lang]
            data = {f"{DATA_FOLDER}/{name}": text for name, text in data_files(atlas, lang).items()}
            pages.update({folder + name: text for name, text in data.items()})
            pages[folder + "index.html"] = index_html(specs, present, Locale(lang), others, list(data))
    return publish_site(out_dir, pages)


def index_html(
    specs: list[MapSpec],
    thumbnails: dict[str, str] | None = None,
    loc: Locale | None = None,
    other_languages: list[str] = (),
    data_links: list[str] = (),
) -> str:
    """The atlas front page: for each map a picture (where one exists), its title, period and summary."""
    thumbnails = thumbnails or {}
    loc = loc or Locale(BASE_LANGUAGE)
    cards = []
    for s in specs:
        picture = (
            f'<img src="{escape(thumbnails[s.name], quote=True)}" width="480" height="300" '
            f'alt="{escape(loc.t("atlas.picture_alt", title=s.title), quote=True)}">'
            if s.name in thumbnails
            else ""
        )
        cards.append(
            f'<li class="card"><a href="{escape(s.filename, quote=True)}">{picture}'
            f"<span class=\"title\">{escape(s.title)}</span></a>"
            f"<span class=\"period\">{escape(loc.period(s.period))}</span>"
            f"<p>{escape(s.summary)}</p></li>"
        )
    items = "\n".join(cards)
    switch = "".join(
        f'<a href="{escape(relative_link(loc.lang, other, "index.html"), quote=True)}" hreflang="{other}" '
        f'lang="{other}">{escape(Locale(other).t("language.name"))}</a> '
        for other in other_languages
    )
    nav = f'<nav class="languages" aria-label="{escape(loc.t("language.name"), quote=True)}">{switch}</nav>\n' if switch else ""
    labels = {"figures.csv": loc.t("atlas.data.figures"), "routes.geojson": loc.t("atlas.data.routes")}
    downloads = (
        f"<p>{escape(loc.t('atlas.data'))} "
        + ", ".join(
            f'<a href="{escape(link, quote=True)}" download>{escape(labels.get(link.rsplit("/", 1)[-1], link))}</a>'
            for link in data_links
        )
        + ".</p>\n"
        if data_links
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="{loc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{escape(loc.t("atlas.title"))}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; max-width: 72rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }}
ul.maps {{ list-style: none; padding: 0; display: grid; gap: 1.5rem;
          grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); }}
.card a {{ text-decoration: none; color: #0b4f8a; }}
.card img {{ display: block; width: 100%; height: auto; border: 1px solid #ccc; border-radius: 4px; }}
.card .title {{ display: block; font-weight: 700; font-size: 1.1rem; margin-top: 0.4rem; }}
.card .period {{ color: #555; }} .card p {{ margin: 0.25rem 0 0; }}
nav.languages {{ float: right; }}
</style>
</head>
<body>
{nav}<main>
<h1>{escape(loc.t("atlas.title"))}</h1>
<p>{escape(loc.t("atlas.intro"))}</p>
<ul class="maps">
{items}
</ul>
{downloads}<p>{escape(loc.t("atlas.credits"))}</p>
</main>
</body>
</html>
"""
