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
    PeriodControl,
    PopupLibrary,
    RawHtml,
    assign_stable_ids,
    atlas_script,
    leaflet_assets,
    polyline_script,
)
from mapgen.flows import period_control_config, slice_flows
from mapgen.text import figures_table, format_period
from routes import Atlas, Period, Problem, RouteDataError, load_atlas

# Basemap drawn around the data (degrees): enough to fill a wide screen at the
# opening zoom and a little panning, not the whole world for a European map.
LAND_PADDING_LON = 60.0
LAND_PADDING_LAT = 20.0
PLACE_NAMES_SHOWN_UP_TO = 40  # places; above that the names overlay starts unticked


@dataclass(frozen=True)
class MapSpec:
    """What the command line lists: one map per group of routes."""

    name: str  # the group id, used on the command line
    filename: str
    title: str
    summary: str
    period: Period
    route_ids: tuple[str, ...]


def map_specs(atlas: Atlas) -> list[MapSpec]:
    specs = []
    for group in atlas.groups.values():
        routes = atlas.routes_in(group.id)
        if not routes:
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
            )
        )
    return specs


def _spec(atlas: Atlas, name: str) -> MapSpec:
    specs = {s.name: s for s in map_specs(atlas)}
    if name not in specs:
        raise KeyError(f"no map named {name!r}; the maps are: {', '.join(specs) or 'none'}")
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


def build_map(name: str, *, data_dir: str | Path | None = None, atlas: Atlas | None = None) -> folium.Map:
    """Build one atlas map as a folium Map, ready to show in a notebook or save.

    Parameters
    ----------
    name : the map's name, as ``supply-atlas list`` shows it (a group id in
        ``groups.csv``), e.g. ``"lend_lease_1941_45"``.
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
    spec = _spec(atlas, name)
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

    figure = AtlasFigure(title=spec.title, lang="en")
    m = OfflineMap(
        location=[(south_edge + north_edge) / 2, (west_edge + east_edge) / 2],
        zoom_start=3,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        min_zoom=1,
        zoom_snap=0.25,  # fit the routes closely rather than to the next whole zoom level
        zoom_delta=0.5,
        world_copy_jump=False,
        aria_label=f"Interactive map: {spec.title}",
    )
    figure.add_child(m)
    figure.header.add_child(RawHtml(leaflet_assets()), name="leaflet")
    figure.header.add_child(RawHtml(polyline_script()), name="polyline_js")
    figure.header.add_child(RawHtml(atlas_script()), name="atlas_js")
    css = files("mapgen").joinpath("templates", "atlas.css").read_text(encoding="utf-8")
    figure.header.add_child(RawHtml(f"<style>\n{css}</style>"), name="atlas_css")

    layers.add_land(m, west=frame[0], east=frame[2], south=frame[1], north=frame[3])
    layers.add_online_basemap(m)

    library = PopupLibrary()
    library.add_to(m)
    colours = route_colours_for(atlas, spec.route_ids)
    charts = atlas.charts_of(spec.name)
    for route in routes:
        route_charts = "".join(chart_html(atlas, c, route_colours=colours) for c in charts if c.route == route.id)
        layers.add_route_layer(
            m, atlas, route, drawn[route.id], colour=colours[route.id], library=library, charts_html=route_charts
        )
    layers.add_places_layer(m, atlas, placed)
    # Labels help on small maps; on a map with many places they would cover the routes.
    layers.add_place_names(m, placed, show=len(placed) <= PLACE_NAMES_SHOWN_UP_TO)
    if placed_events:
        layers.add_events_layer(m, atlas, placed_events)

    modes = [mode for mode in style.MODE_STYLES if any(d.leg.mode == mode for ds in drawn.values() for d in ds)]
    kinds = [kind for kind in style.PLACE_STYLES if any(p.kind == kind for p in places)]
    event_kinds = [kind for kind in style.EVENT_KIND_LABELS if any(e.kind == kind for e in events)]
    layers.add_legend(m, layers.legend_html(modes, kinds, event_kinds, any(e.approximate for e in events)))
    map_charts = [chart_html(atlas, c, route_colours=colours) for c in charts if not c.route]
    layers.add_title_panel(m, title_panel_html(atlas, spec, map_charts))
    slices = slice_flows(atlas, spec.name, spec.route_ids)
    if slices:
        PeriodControl(period_control_config(atlas, slices, spec.route_ids, colours)).add_to(m)
    folium.LayerControl(position="topright", collapsed=False).add_to(m)
    FitView([[south_edge, west_edge], [north_edge, east_edge]]).add_to(m)
    assign_stable_ids(figure)
    return m


def title_panel_html(atlas: Atlas, spec: MapSpec, charts: list[str] = ()) -> str:
    """Title, one-paragraph summary, and the map-wide figures and charts, folded away."""
    totals = atlas.figures_about(spec.name)
    folded = (
        f"<details><summary>Totals for all routes ({len(totals)} figures)</summary>"
        + figures_table(atlas, totals, caption=format_period(spec.period))
        + "</details>"
        if totals
        else ""
    )
    if charts:
        folded += f"<details><summary>Charts ({len(charts)})</summary>{''.join(charts)}</details>"
    specs = {s.name: s for s in map_specs(atlas)}
    links = [
        f'<a href="{escape(specs[other].filename, quote=True)}">{escape(specs[other].title)}</a>'
        for other in atlas.groups[spec.name].see_also
        if other in specs
    ]
    folded += (
        '<p class="atlas-nav"><a href="index.html">All maps</a>'
        + ("; see also: " + ", ".join(links) if links else "")
        + "</p>"
    )
    return (
        f"<h1>{escape(spec.title)}</h1>"
        f"<p>{escape(spec.summary)}</p>"
        f"<p class=\"atlas-hint\">Click a route, a place or a loss for its figures and their sources.</p>"
        + folded
    )


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


def build_all(
    out_dir: str | Path, names: list[str] | None = None, *, data_dir: str | Path | None = None
) -> list[Path]:
    """Build maps (all, or those named) and the index page into ``out_dir``.

    Every map is rendered in memory first; files are written only when all
    succeeded, each atomically, so a failure leaves ``out_dir`` as it was.
    """
    atlas = load_atlas(data_dir)
    specs = map_specs(atlas)
    known = {s.name for s in specs}
    unknown = [n for n in names or [] if n not in known]
    if unknown:
        raise KeyError(f"no map named {', '.join(map(repr, unknown))}; the maps are: {', '.join(sorted(known))}")
    chosen = [s for s in specs if not names or s.name in names]
    pages = {s.filename: render(build_map(s.name, atlas=atlas)) for s in chosen}
    if not names:
        # Pictures are made separately (supply-atlas thumbnails); link those that exist.
        pictures = {s.name: f"thumbnails/{Path(s.filename).stem}.jpg" for s in specs}
        present = {name: rel for name, rel in pictures.items() if (Path(out_dir) / rel).is_file()}
        pages["index.html"] = index_html(specs, present)
    out = Path(out_dir)
    written = []
    for filename, text in pages.items():
        write_atomically(out / filename, text)
        written.append(out / filename)
    return written


def index_html(specs: list[MapSpec], thumbnails: dict[str, str] | None = None) -> str:
    """The atlas front page: for each map a picture (where one exists), its title, period and summary."""
    thumbnails = thumbnails or {}
    cards = []
    for s in specs:
        picture = (
            f'<img src="{escape(thumbnails[s.name], quote=True)}" width="480" height="300" '
            f'alt="Map: {escape(s.title, quote=True)}">'
            if s.name in thumbnails
            else ""
        )
        cards.append(
            f'<li class="card"><a href="{escape(s.filename, quote=True)}">{picture}'
            f"<span class=\"title\">{escape(s.title)}</span></a>"
            f"<span class=\"period\">{escape(format_period(s.period))}</span>"
            f"<p>{escape(s.summary)}</p></li>"
        )
    items = "\n".join(cards)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Supply routes into and out of the USSR: an atlas</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; max-width: 72rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }}
ul.maps {{ list-style: none; padding: 0; display: grid; gap: 1.5rem;
          grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); }}
.card a {{ text-decoration: none; color: #0b4f8a; }}
.card img {{ display: block; width: 100%; height: auto; border: 1px solid #ccc; border-radius: 4px; }}
.card .title {{ display: block; font-weight: 700; font-size: 1.1rem; margin-top: 0.4rem; }}
.card .period {{ color: #555; }} .card p {{ margin: 0.25rem 0 0; }}
</style>
</head>
<body>
<main>
<h1>Supply routes into and out of the USSR: an atlas</h1>
<p>Interactive maps that open from this folder without an internet connection. Each route, place
and loss can be clicked for its figures, each with its period and source.</p>
<ul class="maps">
{items}
</ul>
<p>Basemap: Natural Earth (public domain). Place positions mostly from GeoNames (CC BY 4.0).
Maps drawn with Leaflet 1.9.4 (BSD-2-Clause).</p>
</main>
</body>
</html>
"""
