"""The maps in a real browser: Debian's Chromium via Playwright, every non-file request aborted.

A missing browser fails these tests; it never skips them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from browser import FIND_MAP_JS, card, click_path, hit, layer_box, open_page, wait_drawn
from test_loader import edit_csv, edit_geojson, set_prop

from mapgen import build_all, list_maps
from mapgen.i18n import ENGLISH
from mapgen.style import MODE_STYLES
from routes import load_atlas

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
# The README's pictures, committed; the tests write theirs elsewhere unless asked to refresh them:
# ATLAS_SCREENSHOT_DIR=docs/screenshots .venv/bin/python -m pytest tests/test_browser.py -k draws
README_SCREENSHOTS = ROOT / "docs" / "screenshots"
ATLAS = load_atlas()
SPECS = list_maps()
LAND_RGB = (243, 239, 228)  # mapgen.style.LAND_STYLE fillColor #f3efe4
SEA_RGB = (207, 224, 236)  # .atlas-map background #cfe0ec in mapgen/templates/atlas.css


def format_value(figure, unit_name):
    return ENGLISH.value(figure, unit_name)


@pytest.fixture
def page_of(browser, built_dir):
    pages = []

    def open_map(spec, **size):
        page, log = open_page(browser, built_dir / spec.filename, **size)
        pages.append(page)
        return page, log

    yield open_map
    for page in pages:
        page.close()


def land_pixel(page, lat: float, lon: float) -> tuple[int, int, int]:
    """The colour of the offline basemap's canvas at a position."""
    return tuple(
        page.evaluate(
            """([lat, lon, find]) => {
            const map = eval(find);
            const canvas = document.querySelector('.leaflet-atlasLand-pane canvas');
            const rect = canvas.getBoundingClientRect();
            const box = map.getContainer().getBoundingClientRect();
            const p = map.latLngToContainerPoint([lat, lon]);
            const scale = canvas.width / rect.width;
            const x = Math.round((box.left + p.x - rect.left) * scale);
            const y = Math.round((box.top + p.y - rect.top) * scale);
            const d = canvas.getContext('2d').getImageData(x, y, 1, 1).data;
            return d[3] === 0 ? [-1, -1, -1] : [d[0], d[1], d[2]];
        }""",
            [lat, lon, FIND_MAP_JS],
        )
    )


def near(colour, expected, tolerance=6):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """Where the pictures of the maps go: a scratch folder; the suite rewrites no tracked file."""
    chosen = os.environ.get("ATLAS_SCREENSHOT_DIR")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_map_draws_routes_land_and_controls_offline(page_of, spec, screenshots):
    page, log = page_of(spec)
    legs = [leg for leg in ATLAS.legs if leg.route in spec.route_ids]
    assert page.locator("path.atlas-leg").count() == len(legs)
    assert page.locator(".atlas-place").count() == len(ATLAS.places_of(spec.route_ids))
    assert near(land_pixel(page, 50.0, 10.0), LAND_RGB), "Germany should be drawn as land"
    canvas_sea = land_pixel(page, 42.5, 37.5)  # the eastern Black Sea: nothing drawn on the canvas
    assert canvas_sea == (-1, -1, -1) or near(canvas_sea, SEA_RGB)
    for control in (".atlas-legend", ".leaflet-control-scale", ".atlas-layers", "#atlas-panel h1"):
        assert page.locator(control).is_visible(), control
    assert page.title() == spec.title
    assert log.external_requests == []
    assert log.console_errors == []
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshots / f"{spec.name}.png"))
    assert (screenshots / f"{spec.name}.png").stat().st_size > 20_000


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_legs_are_styled_by_mode(page_of, spec):
    """Sea legs are solid, air legs dashed, rail and road carry a white line on top (ties or a centre line)."""
    page, _ = page_of(spec)
    page.evaluate("atlas.period('war')")
    for mode in {leg.mode for leg in ATLAS.legs if leg.route in spec.route_ids}:
        dashes = page.locator(f"path.atlas-leg.atlas-mode-{mode}").first.get_attribute(
            "stroke-dasharray"
        )
        assert (dashes is None) == (mode not in ("air", "link")), mode
        # the white line on top: on every leg of a mode that has one, on no other
        legs = page.locator(f"path.atlas-leg.atlas-mode-{mode}").count()
        inner = page.locator(f"path.atlas-leg-inner.atlas-mode-{mode}:not([stroke='none'])")
        assert inner.count() == (legs if MODE_STYLES[mode]["inner"] else 0), mode


def overlay_checkbox(page, label_text: str):
    return layer_box(page, label_text)


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_each_overlay_toggles_exactly_its_own_features(page_of, spec):
    page, log = page_of(spec)
    overlays = [(ATLAS.routes[r].name, f"path.atlas-leg.atlas-route-{r}") for r in spec.route_ids]
    overlays.append(("Places", ".atlas-place"))
    if ATLAS.events_of(spec.route_ids):
        overlays.append(("Losses and detentions", ".atlas-event"))
    counts = {selector: page.locator(selector).count() for _, selector in overlays}
    assert all(counts.values())
    for label, selector in overlays:
        box = overlay_checkbox(page, label)
        box.click()
        assert page.locator(selector).count() == 0, f"unticking {label} left its features"
        for other, other_selector in overlays:
            if other == label or other_selector in (".atlas-place", ".atlas-event"):
                continue  # places and losses go with their routes
            assert page.locator(other_selector).count() == counts[other_selector], (
                f"{label} hid {other}"
            )
        box.click()
        assert page.locator(selector).count() == counts[selector], (
            f"ticking {label} did not restore it"
        )
    assert log.console_errors == []


@pytest.mark.parametrize("route_id", sorted(ATLAS.routes))
def test_clicking_a_route_opens_its_figures_with_sources(page_of, route_id):
    spec = next(s for s in SPECS if route_id in s.route_ids)
    page, log = page_of(spec)
    click_path(page, hit(route_id))
    popup = card(page)
    popup.wait_for()
    text = popup.inner_text()
    assert ATLAS.routes[route_id].name in text
    route_figures = ATLAS.figures_about(route_id)
    for figure in route_figures[:3]:
        assert format_value(figure, ATLAS.units[figure.unit]) in text
        address = ATLAS.sources[figure.source].address
        assert popup.locator(f'a[href="{address}"]').count() >= 1
    assert log.console_errors == []


def test_pq17_popup_shows_both_disputed_values_and_sources(page_of):
    spec = next(s for s in SPECS if "arctic" in s.route_ids)
    page, _ = page_of(spec)
    index = [leg.id for leg in ATLAS.legs_of("arctic")].index("arctic_iceland_arkhangelsk")
    click_path(page, hit("arctic", index))
    popup = card(page)
    popup.wait_for()
    text = popup.inner_text()
    assert "PQ convoys, summer track to the White Sea" in text
    assert "Sources disagree" in text
    assert "23 ships" in text and "24 ships" in text
    for figure_id in ("pq17_sunk_s24", "pq17_sunk_s25"):
        address = ATLAS.sources[ATLAS.figure(figure_id).source].address
        assert popup.locator(f'a[href="{address}"]').count() >= 1


def test_pacific_crossing_is_drawn_the_short_way(page_of):
    spec = next(s for s in SPECS if "pacific" in s.route_ids)
    page, _ = page_of(spec)
    steps = page.evaluate(
        """find => { const map = eval(find); const out = [];
            map.eachLayer(l => {
                if (!(l.options && /atlas-leg atlas-route-pacific/.test(l.options.className || '')
                      && l.getLatLngs)) return;
                const ll = l.getLatLngs();
                for (let i = 1; i < ll.length; i++) out.push(Math.abs(ll[i].lng - ll[i - 1].lng));
            });
            return out; }""",
        FIND_MAP_JS,
    )
    assert steps and max(steps) < 180
    # on screen, the Pacific legs span less than half the map's width
    width = page.evaluate("() => document.querySelector('.atlas-map').clientWidth")
    boxes = [
        page.locator("path.atlas-leg.atlas-route-pacific").nth(i).bounding_box() for i in range(2)
    ]
    assert all(b["width"] < width / 2 for b in boxes)


INJECTIONS = {
    "route": "<img src=x onerror=\"alert('route')\">Arctic {{ 7*7 }}",
    "place": "</script><script>alert('place')</script>Murmansk {% if x %}",
    "source": "`${alert('source')}` \" ' <b>bold</b> {# note #}",
    "note": "<svg onload=alert('note')> {{ config }}",
}


def test_text_from_data_is_shown_literally_and_never_runs(browser, data_copy, tmp_path):
    edit_csv(data_copy, "routes.csv", "arctic", "name", INJECTIONS["route"])
    edit_csv(data_copy, "sources.csv", "libmonster-mtc", "title", INJECTIONS["source"])
    edit_geojson(data_copy, "arctic", "murmansk", set_prop("name", INJECTIONS["place"]))
    edit_geojson(data_copy, "arctic", "arctic_return", set_prop("note", INJECTIONS["note"]))
    build_all(tmp_path / "out", ["lend_lease_1941_45"], data_dir=data_copy)  # never over the data
    page, log = open_page(browser, tmp_path / "out" / "lend-lease-1941-45.html")
    try:
        assert page.locator("path.atlas-leg.atlas-route-arctic").count() == len(
            ATLAS.legs_of("arctic")
        )
        assert page.locator(".atlas-layers").inner_text().count("onerror") == 1
        index = [leg.id for leg in ATLAS.legs_of("arctic")].index("arctic_return")
        click_path(page, hit("arctic", index))
        popup = card(page)
        popup.wait_for()
        popup.locator("details.atlas-more").evaluate(
            "d => { d.open = true; }"
        )  # the note is folded away
        text = popup.inner_text()
        for injected in INJECTIONS.values():
            assert injected in text or injected in page.locator("body").inner_text(), injected
        assert page.locator("img[src='x'], svg[onload], b:text('bold')").count() == 0
        assert log.dialogs == []
        assert log.console_errors == []
    finally:
        page.close()


def test_index_page_links_open_the_maps(browser, built_dir):
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    try:
        page.goto((built_dir / "index.html").as_uri())
        links = page.locator("main li.card > a.title")
        assert links.count() == len(SPECS)
        first = links.first.inner_text()
        links.first.click()
        wait_drawn(page)
        assert page.title() == first
    finally:
        page.close()


def test_screenshots_for_the_readme_exist():
    # made by test_map_draws_routes_land_and_controls_offline with ATLAS_SCREENSHOT_DIR set (above)
    for spec in SPECS:
        shot = README_SCREENSHOTS / f"{spec.name}.png"
        assert shot.is_file() and shot.stat().st_size > 20_000, shot
        assert json.dumps(str(shot))


# -- issue 3: widths by period, the year control, charts, direction ------------------------

from mapgen import style as map_style  # noqa: E402
from mapgen.periods import flow_width  # noqa: E402

WWII = next(s for s in SPECS if s.name == "lend_lease_1941_45")


def stroke_widths(page, route_id: str) -> set[float]:
    widths = page.locator(f"path.atlas-leg.atlas-route-{route_id}").evaluate_all(
        "paths => paths.map(p => parseFloat(p.getAttribute('stroke-width')))"
    )
    return set(widths)


@pytest.mark.parametrize("period", [s.id for s in ATLAS.slices_of(WWII.name)])
def test_route_width_follows_its_figure_in_each_period(page_of, period):
    page, log = page_of(WWII)
    button = page.locator(f"button[data-period='{period}']")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    summary = page.locator(".atlas-period-list")
    for route_id in WWII.route_ids:
        figure = ATLAS.flow_figure(period, route_id, WWII.name)
        widths = stroke_widths(page, route_id)
        line = summary.locator(f"li[data-route='{route_id}']")
        route = ATLAS.routes[route_id].period
        slice_ = next(s for s in ATLAS.slices_of(WWII.name) if s.id == period).period
        ran = route.first_day <= slice_.last_day and slice_.first_day <= route.last_day
        if (
            figure is None and ran
        ):  # ran, but no source gives its share: thin and faint, in its own pattern
            assert widths == {map_style.NO_FIGURE["weight"]}, (period, route_id)
            assert line.get_attribute("data-status") == "none"
            assert "no figure" in line.inner_text()
        elif figure is None:  # did not run: grey
            assert widths == {map_style.NOT_RUNNING["weight"]}, (period, route_id)
            colours = page.locator(f"path.atlas-leg.atlas-route-{route_id}").evaluate_all(
                "paths => paths.map(p => p.getAttribute('stroke'))"
            )
            assert set(colours) == {map_style.NOT_RUNNING["color"]}
            assert (
                line.get_attribute("data-status") == "idle" and "not running" in line.inner_text()
            )
        else:
            assert widths == {flow_width(figure)}, (period, route_id)
            assert format_value(figure, ATLAS.units[figure.unit]) in line.inner_text()
            address = ATLAS.sources[figure.source].address
            assert line.locator(f'a[href="{address}"]').count() == 1
    # the control says what the widths measure
    measure = page.locator(".atlas-measure").inner_text()
    assert any(
        word in measure for word in ("share of all deliveries", "tons shipped", "no source gives")
    ), measure
    assert log.console_errors == []


def test_switching_period_changes_widths_and_popups(page_of):
    page, _ = page_of(WWII)
    war_width = stroke_widths(page, "arctic")
    page.locator("button[data-period='1943']").click()
    assert stroke_widths(page, "arctic") != war_width
    click_path(page, hit("arctic"))
    popup = card(page)
    popup.wait_for()
    note = popup.locator(".atlas-period-note")
    assert "cover 1943" in note.inner_text()
    visible = popup.locator("li[data-start]:not([hidden])")
    for i in range(visible.count()):
        start, end = (
            visible.nth(i).get_attribute("data-start"),
            visible.nth(i).get_attribute("data-end"),
        )
        assert start <= "1943-12-31" and end >= "1943-01-01"
    hidden_before = popup.locator("li[data-start][hidden]").count()
    assert hidden_before > 0
    note.locator("button").click()
    assert popup.locator("li[data-start][hidden]").count() == 0


@pytest.mark.parametrize("chart", ATLAS.charts, ids=[c.id for c in ATLAS.charts])
def test_chart_numbers_equal_the_figures_table(browser, built_dir, chart):
    spec = next(s for s in SPECS if s.name == chart.group)
    page, log = open_page(browser, built_dir / spec.filename)
    try:
        page.locator(".atlas-figures-box > summary").click()  # the charts sit in the panel, folded
        figure_el = page.locator(f"figure.atlas-chart[data-chart='{chart.id}']")
        figure_el.wait_for()
        bars = figure_el.locator("g.atlas-bar")
        assert bars.count() == len(chart.figures)
        for i in range(bars.count()):
            bar = bars.nth(i)
            figure = ATLAS.figure(bar.get_attribute("data-figure"))
            assert figure.id in chart.figures
            assert float(bar.get_attribute("data-value")) == figure.value
            label = format_value(figure, ATLAS.units[figure.unit])
            assert label in bar.text_content()
        widths = [
            float(bars.nth(i).locator("rect").get_attribute("width")) for i in range(bars.count())
        ]
        values = [
            ATLAS.figure(bars.nth(i).get_attribute("data-figure")).value
            for i in range(bars.count())
        ]
        if chart.scale == "shared":  # one scale: longer bar, larger figure
            order = sorted(range(len(values)), key=lambda i: values[i])
            assert [widths[i] for i in order] == sorted(widths)
        for source_id in {ATLAS.figure(f).source for f in chart.figures}:
            address = ATLAS.sources[source_id].address
            assert figure_el.locator(f".atlas-chart-sources a[href='{address}']").count() == 1
        assert log.console_errors == []
    finally:
        page.close()


def test_direction_arrows_toggle_with_their_route(page_of):
    page, _ = page_of(WWII)
    arrows = page.locator(".atlas-arrow")
    total = arrows.count()
    assert total >= len(ATLAS.legs_of("arctic"))
    overlay_checkbox(page, "Arctic convoys").click()
    assert 0 < page.locator(".atlas-arrow").count() < total
    overlay_checkbox(page, "Arctic convoys").click()
    assert page.locator(".atlas-arrow").count() == total


def test_thumbnails_are_taken_in_the_browser(browser, built_dir, tmp_path):
    import shutil as _shutil

    from test_build import jpeg_size

    from mapgen.thumbnails import HEIGHT, WIDTH, make_thumbnails

    out = tmp_path / "maps"
    (out / "ru").mkdir(parents=True)
    _shutil.copy(built_dir / WWII.filename, out / WWII.filename)
    _shutil.copy(built_dir / "ru" / WWII.filename, out / "ru" / WWII.filename)
    written = make_thumbnails(out, [WWII.name], browser=browser)
    assert [p.relative_to(out).as_posix() for p in written] == [
        "thumbnails/lend-lease-1941-45.jpg",
        "ru/thumbnails/lend-lease-1941-45.jpg",
    ]
    for picture in written:
        data = picture.read_bytes()
        assert jpeg_size(data) == (WIDTH, HEIGHT) and len(data) > 5_000


def test_thumbnails_need_the_maps_built_first(tmp_path):
    from click.testing import CliRunner

    from mapgen.cli import cli

    result = CliRunner().invoke(cli, ["thumbnails", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: build the maps first")


def test_map_links_to_related_maps(browser, built_dir):
    spec = next(s for s in SPECS if s.name == "mtc_1920_41")
    page, log = open_page(browser, built_dir / spec.filename)
    try:
        link = page.locator(
            "#atlas-panel .atlas-nav a", has_text="Soviet shipping to Republican Spain"
        )
        link.click()
        page.wait_for_selector("path.atlas-leg.atlas-route-spain", state="attached")
        assert page.title() == next(s for s in SPECS if s.name == "spain_1936_39").title
        assert log.external_requests == []
    finally:
        page.close()
