"""Ready for the classroom, in a real browser: embedding, links to a view, keyboard, axe, print,
export.

Every page is opened from disk in Debian's Chromium with every non-file request aborted.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import FIND_MAP_JS, card, click_path, hit, layer_box, open_page, wait_drawn
from click.testing import CliRunner

from mapgen.cli import cli
from mapgen.i18n import Locale
from mapgen.panel import footnote_name
from mapgen.periods import flow_width
from mapgen.specs import atlas_languages, language_folder, map_specs
from routes import load_atlas

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
ATLAS = load_atlas()
SPECS = {(s.name, s.lang): s for lang in atlas_languages(ATLAS) for s in map_specs(ATLAS, lang)}
WWII = SPECS[("lend_lease_1941_45", "en")]
WWII_RU = SPECS[("lend_lease_1941_45", "ru")]
SPAIN = SPECS[("spain_1936_39", "en")]


def run_cli(*args):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def opened(browser, built_dir):
    """Open built pages (closed after the test).

    opened(spec or path, fragment=..., width=..., height=...)
    """
    pages = []

    def open_(target, **options):
        path = built_dir / target.path if hasattr(target, "path") else Path(target)
        page, log = open_page(browser, path, **options)
        pages.append(page)
        return page, log

    yield open_
    for page in pages:
        page.close()


def route_classes(page_or_frame) -> set[str]:
    """The routes whose legs are drawn now."""
    return set(
        page_or_frame.evaluate(
            "Array.from(document.querySelectorAll('path.atlas-leg')).map(p => "
            "p.getAttribute('class').match(/atlas-route-(\\S+)/)[1])"
        )
    )


def map_view(page) -> tuple[float, float, float]:
    return tuple(
        page.evaluate(
            f"(() => {{ const m = {FIND_MAP_JS}; const c = m.getCenter(); "
            "return [m.getZoom(), c.lat, c.lng]; })()"
        )
    )


def layer_checkbox(page_or_frame, label: str):
    return layer_box(page_or_frame, label)


# -- embedding -------------------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def test_embed_prints_a_valid_titled_responsive_iframe():
    code, out, _ = run_cli("embed", "lend_lease_1941_45")
    assert code == 0
    parser = Tags()
    parser.feed(out)
    assert [tag for tag, _ in parser.tags] == ["div", "iframe"]
    attrs = parser.tags[1][1]
    names = [name for name, _ in attrs]
    assert len(names) == len(set(names))
    values = dict(attrs)
    assert values["src"] == WWII.filename and values["title"] == WWII.title
    assert "allowfullscreen" in values and values["allowfullscreen"] is None  # a boolean attribute
    assert "width: 100%" in values["style"] and "height: 100%" in values["style"]
    assert not re.search(r'"[a-z]', out.replace('="', "=")), (
        "an attribute glued to the previous one"
    )
    assert "padding-bottom: 62.5%" in dict(parser.tags[0][1])["style"]  # 16:10 by default


def test_embed_options_and_errors():
    code, out, _ = run_cli(
        "embed", "spain_1936_39", "--lang", "ru", "--bare", "--aspect", "9:16", "--view", "#year=x"
    )
    assert code == 0 and 'src="ru/spain-1936-39.html?chrome=0#year=x"' in out and "177.778%" in out
    assert run_cli("embed", "atlantis")[0] == 2  # usage errors: status 2, as click's
    code, _, err = run_cli("embed", "spain_1936_39", "--aspect", "wide")
    assert code == 2 and err.startswith("Error: 'wide' is not an aspect ratio")


def host_page(folder: Path, snippet: str, box_width: int) -> Path:
    host = folder / "lesson.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Lesson</title></head>"
        "<body style='margin:0'><h1>Lesson</h1><p style='height:300px'>Before the map.</p>"
        f"<div style='width:{box_width}px'>{snippet}</div>"
        "<p style='height:2000px'>After the map.</p></body></html>",
        encoding="utf-8",
    )
    return host


@pytest.mark.parametrize(
    "spec, width, height, aspect",
    [(WWII, 640, 400, "16:10"), (WWII_RU, 360, 640, "9:16")],
    ids=["640x400-en", "360x640-ru"],
)
def test_embedded_map_fills_its_box_and_stays_usable(
    browser, built_dir, tmp_path, spec, width, height, aspect
):
    site = tmp_path / "site"
    (site / "ru").mkdir(parents=True)
    shutil.copy(built_dir / spec.path, site / spec.path)
    code, snippet, _ = run_cli("embed", spec.name, "--lang", spec.lang, "--aspect", aspect)
    assert code == 0
    page, log = open_page(
        browser, host_page(site, snippet, width), width=1000, height=800, wait=False
    )
    try:
        frame = page.frames[1]
        wait_drawn(frame)
        box = page.locator("iframe").bounding_box()
        assert (round(box["width"]), round(box["height"])) == (width, height)
        inside = frame.evaluate(
            "[document.querySelector('.atlas-map').clientWidth, document.querySelector('.atlas-map').clientHeight"
            " + document.querySelector('#atlas-panel').offsetHeight, document.documentElement.scrollHeight,"
            " document.body.className]"
        )
        # the map and the folded sheet under it fill the frame; nothing to scroll inside it
        assert inside[0] == width and abs(inside[1] - height) <= 1 and inside[2] == height
        assert "atlas-embedded" in inside[3] and "atlas-panel-closed" in inside[3]

        # No scroll trap: the wheel over the map scrolls the lesson, and leaves the map as it was.
        zoom = frame.evaluate(f"{FIND_MAP_JS}.getZoom()")
        page.mouse.move(box["x"] + width / 2, box["y"] + height / 2)
        page.mouse.wheel(0, 300)
        page.wait_for_function("scrollY > 0")
        assert frame.evaluate(f"{FIND_MAP_JS}.getZoom()") == zoom
        box = page.locator("iframe").bounding_box()

        # The sheet starts folded; it opens and each box still toggles its route.
        first_route = ATLAS.in_language(spec.lang).routes[spec.route_ids[0]]
        toggle = frame.locator(".atlas-panel-toggle")
        assert toggle.is_visible()
        toggle.click()
        layer_checkbox(frame, first_route.name).click()
        assert first_route.id not in route_classes(frame)
        layer_checkbox(frame, first_route.name).click()
        assert first_route.id in route_classes(frame)

        # The year buttons work and the routes can be clicked for their figures.
        frame.locator(".atlas-period-button[data-period='1942']").click()
        assert (
            frame.locator(".atlas-period-button[data-period='1942']").get_attribute("aria-pressed")
            == "true"
        )
        toggle.click()  # fold the sheet again, for the whole map
        click_path(page, hit(spec.route_ids[1]), frame=frame)
        card(frame).wait_for()
        assert "atlas-panel-closed" in frame.evaluate(
            "document.body.className"
        )  # a card folds the sheet

        # Once the reader has clicked the map, the wheel zooms it.
        frame.locator(".atlas-card-close").click()
        page.mouse.move(box["x"] + width / 2, box["y"] + height * 0.6)
        page.mouse.wheel(0, -400)
        # Leaflet zooms after a debounce and an animation: wait for it, however loaded the machine
        # (a fixed 400 ms failed under load).
        frame.wait_for_function(f"{FIND_MAP_JS}.getZoom() !== {zoom}")
        assert log.console_errors == [] and log.external_requests == []
    finally:
        page.close()


def test_bare_embed_shows_only_the_map(opened):
    page, log = opened(SPAIN, fragment="?chrome=0", width=800, height=500)
    assert not page.locator("#atlas-panel").is_visible()
    assert not page.locator(".atlas-legend").is_visible()
    assert page.locator(".leaflet-control-zoom").is_visible()
    assert page.locator("path.atlas-leg").count() > 0 and log.console_errors == []


# -- links to a view -------------------------------------------------------------------------


def test_a_link_to_a_view_opens_that_view(opened):
    page, log = opened(WWII, fragment="#layers=arctic,pacific&year=1942&view=4/62.0/20.0")
    assert route_classes(page) == {"arctic", "pacific"}
    assert page.locator(".atlas-place").count() == 0 and page.locator(".atlas-event").count() == 0
    assert (
        page.locator(".atlas-period-button[aria-pressed='true']").get_attribute("data-period")
        == "1942"
    )
    assert map_view(page) == (4, 62.0, 20.0)
    arctic_1942 = ATLAS.flow_figure("1942", "arctic", WWII.name)
    widths = page.eval_on_selector_all(
        "path.atlas-leg.atlas-route-arctic", "ps => ps.map(p => p.getAttribute('stroke-width'))"
    )
    assert {float(w) for w in widths} == {flow_width(arctic_1942)}
    assert log.console_errors == []


def test_changing_the_map_writes_the_view_into_the_address(opened, browser, built_dir):
    page, _ = opened(WWII)
    layer_checkbox(page, ATLAS.routes["persian_corridor"].name).click()
    page.locator(".atlas-period-button[data-period='1943']").click()
    zoom = map_view(page)[0]
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function(f"{FIND_MAP_JS}.getZoom() > {zoom}")
    page.wait_for_function(f"location.hash.includes('view=' + {FIND_MAP_JS}.getZoom() + '/')")
    hash_ = page.evaluate("location.hash")
    fields = dict(part.split("=", 1) for part in hash_[1:].split("&"))
    assert fields["year"] == "1943"
    assert "persian_corridor" not in fields["layers"].split(",") and "arctic" in fields[
        "layers"
    ].split(",")
    view = map_view(page)
    assert fields["view"].split("/")[0] == f"{view[0]:g}"
    # the language link keeps the view
    assert page.locator("a.atlas-keep-view").get_attribute("href") == f"ru/{WWII.filename}{hash_}"

    again, _ = opened(WWII, fragment=hash_)
    assert route_classes(again) == route_classes(page)
    assert (
        again.locator(".atlas-period-button[aria-pressed='true']").get_attribute("data-period")
        == "1943"
    )
    assert map_view(again) == pytest.approx(view, abs=1e-3)


@pytest.mark.parametrize(
    "fragment",
    [
        "#layers=<img src=x onerror=alert(1)>",
        "#layers=%3Cscript%3Ealert(1)%3C/script%3E&year=1942",
        "#view=999/0/0",
        "#view=4/100/20",
        "#view=NaN/1/2&layers=arctic,,pacific",
        "#year=%E0%A4%A",
        "#year=');alert(1);//",
        "#layers=atlantis",
        "#atlas-text",
        "#" + "layers=arctic&" * 400,
        "#view=4/62/20/9",
    ],
)
def test_malformed_addresses_are_ignored_safely(opened, fragment):
    page, log = opened(WWII, fragment=fragment)
    assert log.dialogs == [] and log.console_errors == []
    assert page.locator("path.atlas-leg").count() > 0
    assert page.locator(".atlas-period-button[aria-pressed='true']").count() == 1
    assert route_classes(page) == set(WWII.route_ids)  # nothing valid asked to hide a route


def test_opening_a_map_leaves_its_address_alone(opened):
    """The places and losses, added just after the first frame, write no view into the address."""
    page, _ = opened(WWII)
    assert page.evaluate("location.hash") == ""
    assert page.locator(".atlas-place").count() == len(ATLAS.places_of(WWII.route_ids))
    assert page.locator(".atlas-event").count() == len(ATLAS.events_of(WWII.route_ids))


def test_the_address_follows_a_hash_typed_in_later(opened):
    page, _ = opened(WWII)
    page.evaluate("location.hash = '#layers=alsib&year=1944'")
    page.wait_for_function(
        "document.querySelectorAll('path.atlas-leg.atlas-route-arctic').length === 0"
    )
    assert route_classes(page) == {"alsib"}
    assert (
        page.locator(".atlas-period-button[aria-pressed='true']").get_attribute("data-period")
        == "1944"
    )


# -- keyboard and accessibility --------------------------------------------------------------


def focused(page) -> dict:
    return page.evaluate(
        """(() => { const e = document.activeElement; const label = e.closest('label');
                    return {tag: e.tagName, type: e.type || '',
                            label: label ? label.textContent.trim() : '',
                            text: (e.textContent || '').trim(),
                            period: e.getAttribute('data-period') || ''}; })()"""
    )


@pytest.mark.parametrize("spec", [WWII, WWII_RU], ids=["en", "ru"])
def test_keyboard_reaches_and_toggles_every_layer_and_year(opened, spec):
    page, log = opened(spec)
    local = ATLAS.in_language(spec.lang)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "atlas-skip"
    routes_left = {local.routes[r].name: r for r in spec.route_ids}
    years_left = {s.id for s in ATLAS.slices_of(spec.name)}
    for _ in range(150):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["type"] == "checkbox" and now["label"] in routes_left:
            route = routes_left.pop(now["label"])
            page.keyboard.press("Space")
            assert route not in route_classes(page)
            page.keyboard.press("Space")
            assert route in route_classes(page)
        elif now["tag"] == "BUTTON" and now["period"] in years_left:
            years_left.discard(now["period"])
            page.keyboard.press("Space")
            assert (
                page.locator(f".atlas-period-button[data-period='{now['period']}']").get_attribute(
                    "aria-pressed"
                )
                == "true"
            )
        if not routes_left and not years_left:
            break
    assert routes_left == {} and years_left == set()
    assert log.console_errors == []


def test_skip_link_jumps_to_the_figures(opened):
    page, _ = opened(SPAIN)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "atlas-text"
    assert page.locator("#atlas-text").is_visible()


def figures_shown_on(spec) -> list:
    return [f for f in ATLAS.figures if f.route in spec.route_ids or f.route == spec.name]


@pytest.mark.parametrize("spec", list(SPECS.values()), ids=[f"{n}-{lang}" for n, lang in SPECS])
def test_every_figure_is_also_in_the_text_under_the_map(opened, spec):
    page, _ = opened(spec)
    items = page.locator("#atlas-text li[data-start]")
    assert items.count() == len(figures_shown_on(spec))
    sources = {
        ATLAS.sources[f.source].address
        for f in figures_shown_on(spec)
        if ATLAS.sources[f.source].address
    }
    links = set(
        page.eval_on_selector_all(
            "#atlas-text .atlas-source-list a", "as => as.map(a => a.getAttribute('href'))"
        )
    )
    assert sources <= links
    # each figure names its source, linked to the source's full entry under the tables
    cites = page.eval_on_selector_all(
        "#atlas-text li[data-start] .atlas-source a.atlas-cite",
        "as => as.map(a => a.getAttribute('href'))",
    )
    assert len(cites) == items.count()
    assert all(page.locator(f"li{href}").count() == 1 for href in set(cites))


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


PAGES = [s.path for s in SPECS.values()] + [
    language_folder(lang) + "index.html" for lang in atlas_languages(ATLAS)
]


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation(opened, built_dir, path):
    page, _ = opened(built_dir / path, wait=not path.endswith("index.html"))
    assert axe_violations(page) == []


def test_axe_finds_no_serious_violation_with_popup_charts_and_small_screen(opened):
    page, _ = opened(WWII, width=640, height=400)
    page.locator(".atlas-panel-toggle").click()
    page.locator(".atlas-figures-box > summary").click()
    assert axe_violations(page) == []
    click_path(page, hit("arctic"))
    card(page).wait_for()
    assert axe_violations(page) == []


def test_layer_and_year_controls_have_labels(opened):
    page, _ = opened(WWII_RU)
    names = page.eval_on_selector_all(
        ".atlas-layers input", "inputs => inputs.map(i => i.closest('label').textContent.trim())"
    )
    assert all(names) and ATLAS.in_language("ru").routes["arctic"].name in names
    assert page.locator(".atlas-period-buttons").get_attribute("aria-label")


# -- Russian in the browser ------------------------------------------------------------------


def test_russian_map_speaks_russian(opened):
    page, log = opened(WWII_RU)
    russian = ATLAS.in_language("ru")
    assert page.evaluate("document.documentElement.lang") == "ru"
    click_path(page, hit("arctic"))
    popup = card(page)
    popup.wait_for()
    text = popup.inner_text()
    assert russian.routes["arctic"].name in text and "Источник:" in text
    assert "км" in page.locator(".leaflet-control-scale").inner_text()
    page.locator(".atlas-card-close").click()
    page.locator("a.atlas-keep-view").click()
    page.wait_for_url(re.compile(r"/lend-lease-1941-45\.html"))
    assert page.evaluate("document.documentElement.lang") == "en"
    assert log.console_errors == []


# -- print and export ------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def distinct_colours(browser, data: bytes) -> int:
    """How many colours a picture has (a blank export has one or two), counted in the browser."""
    import base64

    page = browser.new_page()
    try:
        page.set_content(
            f"<img id='i' src='data:image/png;base64,{base64.b64encode(data).decode()}'>"
        )
        return page.evaluate(
            """() => new Promise(done => { const i = document.getElementById('i');
                const go = () => { const c = document.createElement('canvas');
                  c.width = i.naturalWidth; c.height = i.naturalHeight;
                  const x = c.getContext('2d'); x.drawImage(i, 0, 0);
                  const d = x.getImageData(0, 0, c.width, c.height).data; const seen = new Set();
                  for (let k = 0; k < d.length; k += 4 * 7) {
                    seen.add((d[k] << 16) | (d[k + 1] << 8) | d[k + 2]);
                  }
                  done(seen.size); };
                i.complete ? go() : i.onload = go; })"""
        )
    finally:
        page.close()


def pdf_pages(data: bytes) -> list[list[float]]:
    """The media box of each page of a PDF (Chromium writes one /MediaBox per /Page)."""
    assert data.startswith(b"%PDF-")
    boxes = [
        [float(v) for v in box.split()]
        for box in re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", data)
    ]
    assert len(boxes) == len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    return boxes


def test_export_writes_png_and_pdf_of_the_chosen_size(browser, tmp_path):
    from mapgen.export import export_maps

    written = export_maps(tmp_path, [SPAIN.name], size=(1200, 800), browser=browser)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "ru/spain-1936-39.pdf",
        "ru/spain-1936-39.png",
        "spain-1936-39.pdf",
        "spain-1936-39.png",
    ]
    picture = (tmp_path / "spain-1936-39.png").read_bytes()
    assert png_size(picture) == (1200, 800)
    assert distinct_colours(browser, picture) > 100
    assert pdf_pages((tmp_path / "spain-1936-39.pdf").read_bytes()) == [
        [0, 0, 900, 600]
    ]  # 1200x800 px in pt


def test_export_command(tmp_path):
    # in its own process: Playwright's sync API runs one session per thread, and the tests hold one
    command = [
        sys.executable,
        "-m",
        "mapgen",
        "export",
        "spain_1936_39",
        "--lang",
        "en",
        "--format",
        "png",
        "--size",
        "800x600",
        "--out",
        str(tmp_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {tmp_path / 'spain-1936-39.png'}"
    assert png_size((tmp_path / "spain-1936-39.png").read_bytes()) == (800, 600)
    code, _, err = run_cli("export", "--size", "huge", "--out", str(tmp_path))
    assert code == 2 and err.startswith("Error: 'huge' is not a size")


@pytest.mark.parametrize("spec", [WWII, WWII_RU], ids=["en", "ru"])
def test_print_layout_shows_title_legend_scale_and_sources(opened, spec):
    page, _ = opened(spec)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    for shown in (
        "#atlas-panel h1",
        ".atlas-legend li",
        ".leaflet-control-scale",
        ".atlas-print-footnote",
        ".atlas-measure",
        ".atlas-layers li",
    ):
        assert page.locator(shown).first.is_visible(), shown
    # the colour key: each route's line, drawn beside its name
    assert page.locator(".atlas-layers .atlas-swatch-slot svg line").count() >= len(spec.route_ids)
    for hidden in (
        ".leaflet-control-zoom",
        ".atlas-panel-toggle",
        ".atlas-period-buttons",
        "#atlas-text",
        ".atlas-nav",
        ".atlas-layers input",
    ):
        assert not page.locator(hidden).first.is_visible(), hidden
    size = page.evaluate(
        f"(() => {{ const m = {FIND_MAP_JS}; const c = m.getContainer(); "
        "return [m.getSize().x, m.getSize().y, c.clientWidth, c.clientHeight, innerHeight]; })()"
    )
    assert size[0:2] == size[2:4]  # Leaflet measured the printed map
    footnote = page.locator(".atlas-print-footnote").bounding_box()
    assert footnote["y"] + footnote["height"] <= size[4] + 1  # the sources fit on the page
    footnote_text = page.locator(".atlas-print-footnote").inner_text()
    local = ATLAS.in_language(spec.lang)  # short names of sources are translated
    loc = Locale(spec.lang)
    for figure in figures_shown_on(spec):
        assert footnote_name(local.sources[figure.source], loc) in footnote_text


def test_the_browsers_own_print_is_one_landscape_page(opened):
    page, _ = opened(SPAIN)
    data = page.pdf(format="A4", landscape=True, prefer_css_page_size=True, print_background=True)
    boxes = pdf_pages(data)
    assert len(boxes) == 1 and [round(v) for v in boxes[0]] == [0, 0, 842, 595]
