"""A map a class can read and click (issue 8), on every map, in English and Russian, on a laptop
(1366x768), a classroom projector (1024x768) and a phone (390x844), in Debian's Chromium.

Each page is opened once per size and checked as a teacher would use it: the whole subject in
view, every place and loss opening its card on a centre click, a route's card clear of every
panel and control, names that never touch, the countries named, the basemap wherever the map
can go, and the fullscreen and play controls working.
"""

from __future__ import annotations

import json
import re

import pytest
from browser import card, click_path, hit, open_page

from mapgen.specs import atlas_languages, map_specs
from routes import load_atlas

pytestmark = pytest.mark.browser

ATLAS = load_atlas()
SPECS = [s for lang in atlas_languages(ATLAS) for s in map_specs(ATLAS, lang)]
SIZES = {"laptop": (1366, 768), "projector": (1024, 768), "phone": (390, 844)}
CASES = [(spec, size) for spec in SPECS for size in SIZES]


def scene_of(page) -> dict:
    return json.loads(page.locator("#atlas-scene").text_content())


def boxes_overlap(a, b, slack: float = 0.5) -> bool:
    return (
        a["x"] + slack < b["x"] + b["width"]
        and b["x"] + slack < a["x"] + a["width"]
        and a["y"] + slack < b["y"] + b["height"]
        and b["y"] + slack < a["y"] + a["height"]
    )


def control_boxes(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.leaflet-control')].map(c => c.getBoundingClientRect())
              .filter(r => r.width && r.height).map(r => ({x: r.x, y: r.y, width: r.width, height: r.height}))"""
    )


def visible_labels(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.atlas-label')].map(e => {
              const r = e.getBoundingClientRect();
              return {text: e.textContent, x: r.x, y: r.y, width: r.width, height: r.height};
           }).filter(r => r.width && r.x + r.width > 0 && r.y + r.height > 0
                          && r.x < innerWidth && r.y < innerHeight)"""
    )


def names_cut_by_the_edge(page) -> list[str]:
    """The names written beside places inside the map that run past the map's edge (a name that cannot
    be shown whole at the opening view is hidden until the map moves)."""
    return page.evaluate(
        """() => { const box = atlas.map().getContainer().getBoundingClientRect();
              return [...document.querySelectorAll('.atlas-label-place')].filter(e => {
                const at = e.parentElement.getBoundingClientRect(), r = e.getBoundingClientRect();
                const inside = at.x >= box.left && at.x <= box.right && at.y >= box.top && at.y <= box.bottom;
                const shown = getComputedStyle(e).visibility !== 'hidden';
                return inside && shown && r.width && (r.left < box.left - 1 || r.right > box.right + 1
                                             || r.top < box.top - 1 || r.bottom > box.bottom + 1);
              }).map(e => e.textContent); }"""
    )


def click_every_marker(page, headings: dict[str, str]) -> list[str]:
    """Click the centre of every place and loss marker, zooming in where others cover it; return the
    ids whose card did not open for them, or opened without its heading (``headings[id]``)."""
    ids = page.eval_on_selector_all(
        ".atlas-place, .atlas-event", "ms => ms.map(m => m.getAttribute('data-feature'))"
    )
    missed = []
    for feature_id in ids:
        marker = page.locator(f"[data-feature='{feature_id}'].leaflet-marker-icon")
        centre = page.evaluate(
            """id => { const m = document.querySelector(`.leaflet-marker-icon[data-feature="${id}"]`);
                const r = m.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
                const top = document.elementFromPoint(x, y);
                return (top && m.contains(top)) ? [x, y] : null; }""",
            feature_id,
        )
        if (
            centre is None
        ):  # covered by another marker or off screen: come closer, as a teacher would
            page.evaluate(
                """id => { const m = document.querySelector(`.leaflet-marker-icon[data-feature="${id}"]`);
                    const map = atlas.map(); const ll = map.layerPointToLatLng(L.DomUtil.getPosition(m));
                    map.setView(ll, Math.max(map.getZoom(), 8), {animate: false}); }""",
                feature_id,
            )
            box = marker.bounding_box()
            centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
        page.mouse.click(*centre)
        opened = page.locator(".atlas-card:not([hidden])").get_attribute("data-feature")
        if opened != feature_id:
            missed.append(f"{feature_id} (opened {opened})")
        elif (heading := page.locator(".atlas-card:not([hidden]) h2").text_content()) != headings[
            feature_id
        ]:
            missed.append(f"{feature_id} (headed {heading!r})")
        page.evaluate("atlas.closeCard()")
    page.evaluate("atlas.refit()")
    return missed


@pytest.mark.parametrize(
    "spec, size", CASES, ids=[f"{s.name}-{s.lang}-{size}" for s, size in CASES]
)
def test_a_class_can_read_and_click_the_map(browser, built_dir, spec, size):
    width, height = SIZES[size]
    page, log = open_page(browser, built_dir / spec.path, width=width, height=height)
    try:
        scene = scene_of(page)
        # The whole subject is in view when the map opens.
        view = page.evaluate(
            "(() => { const b = atlas.map().getBounds();"
            " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()"
        )
        (south, west), (north, east) = scene["view"]["bounds"]
        assert view[0] <= south and view[1] <= west and view[2] >= north and view[3] >= east, (
            view,
            scene["view"],
        )

        # Names: none touches another, with every layer on, and the countries are named.
        labels = visible_labels(page)
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                assert not boxes_overlap(a, b), (a["text"], b["text"])
        # ... and none of a place in view is cut by the map's edge ("ago" for Chicago).
        assert names_cut_by_the_edge(page) == []
        countries = page.eval_on_selector_all(
            ".atlas-label-country, .atlas-label-ussr", "ls => ls.map(l => l.textContent)"
        )
        assert countries, "no country is named"
        if (
            any(p["routes"] for p in scene["places"])
            and spec.name != "industrialization_1930s"
            or size != "phone"
        ):
            assert ATLAS.in_language(spec.lang).countries[0].name in countries  # the USSR

        # A route's card lies inside the window and clear of every panel and control.
        click_path(page, hit(spec.route_ids[0]))
        card(page).wait_for()
        # headed by the leg's name, which the scene writes once
        first_route = next(r for r in scene["routes"] if r["id"] == spec.route_ids[0])
        heading = page.locator(".atlas-card:not([hidden]) h2").text_content()
        assert heading in {leg["name"] for leg in first_route["legs"]}, heading
        box = page.locator(".atlas-card").bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0, box
        assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, box
        assert box["width"] <= width - 20
        for control in control_boxes(page):
            assert not boxes_overlap(box, control), control
        panel = page.locator("#atlas-panel")
        if panel.is_visible():
            assert not boxes_overlap(box, panel.bounding_box())
        page.keyboard.press("Escape")
        assert page.locator(".atlas-card").is_hidden()

        # Every place and loss opens its own card when its centre is clicked.
        headings = {f["id"]: f.get("title", f["name"]) for f in scene["places"] + scene["events"]}
        assert click_every_marker(page, headings) == []

        # The basemap is wherever the map can go: zoomed out and pushed to either side, the view stays
        # inside the land drawn (the world three times over).
        west_edge = scene["view"]["west"]
        for lng in (-2000, 2000):
            page.evaluate(
                f"(() => {{ const m = atlas.map(); m.setView([0, {lng}], m.getMinZoom(), {{animate: false}}); }})()"
            )
            bounds = page.evaluate(
                "(() => { const b = atlas.map().getBounds(); return [b.getWest(), b.getEast()]; })()"
            )
            assert bounds[0] >= west_edge - 360 - 1e-6 and bounds[1] <= west_edge + 720 + 1e-6, (
                lng,
                bounds,
            )
        assert log.console_errors == [] and log.external_requests == []
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_fullscreen_and_play_controls_work(browser, built_dir, lang):
    spec = next(s for s in SPECS if s.name == "lend_lease_1941_45" and s.lang == lang)
    page, log = open_page(browser, built_dir / spec.path, width=1366, height=768)
    try:
        button = page.locator(".leaflet-control-zoom-fullscreen")
        assert button.is_visible() and button.get_attribute("aria-label")
        button.click()
        page.wait_for_function("document.fullscreenElement !== null")
        # the whole page goes full screen, so the key and the controls stay in view
        assert page.evaluate("document.fullscreenElement.className") == "atlas-app"
        button.click()
        page.wait_for_function("document.fullscreenElement === null")

        play = page.locator(".atlas-periods .atlas-play")
        steps = [s.id for s in ATLAS.slices_of(spec.name) if s.id != "war"]
        play.click()
        assert play.get_attribute("aria-pressed") == "true"
        assert page.evaluate("atlas.current()") == steps[0]
        page.wait_for_function(f"atlas.current() === {json.dumps(steps[1])}", timeout=5000)
        assert (
            page.locator(f".atlas-period-button[data-period='{steps[1]}']").get_attribute(
                "aria-pressed"
            )
            == "true"
        )
        play.click()  # pause
        assert play.get_attribute("aria-pressed") == "false"
        paused = page.evaluate("atlas.current()")
        page.wait_for_timeout(2600)
        assert page.evaluate("atlas.current()") == paused
        assert log.console_errors == []
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_period_control_says_what_it_shows(browser, built_dir, lang):
    spec = next(s for s in SPECS if s.name == "lend_lease_1941_45" and s.lang == lang)
    page, _ = open_page(browser, built_dir / spec.path)
    try:
        words = {
            "en": (
                "share of all deliveries",
                "tons shipped",
                "aircraft delivered",
                "no source gives",
            ),
            "ru": ("доля маршрута", "тоннаж", "перегнанных самолётов", "ни один источник"),
        }[lang]
        said = {}
        for time_slice in ATLAS.slices_of(spec.name):
            page.evaluate(f"atlas.period({json.dumps(time_slice.id)})")
            said[time_slice.id] = page.locator(".atlas-measure").inner_text().lower()
        assert words[0] in said["1942"] and words[1] in said["war"] and words[2] in said["war"]
        assert words[3] in said["1944"] and words[3] in said["1945"]
        # ALSIB did not run in 1941: drawn grey, and the list says so
        page.evaluate("atlas.period('1941')")
        assert (
            page.locator(".atlas-period-list li[data-route='alsib']").get_attribute("data-status")
            == "idle"
        )
    finally:
        page.close()


def leg_ends_at_its_places(scene: dict) -> list[str]:
    """Legs whose drawn line does not start and end at its places (within 5 km), from the page's scene."""
    from geo import path_length_km

    precision = scene["precision"]

    def decode(text: str) -> list[tuple[float, float]]:
        index, lat, lng, out = 0, 0, 0, []
        while index < len(text):
            values = []
            for _ in range(2):
                shift = result = 0
                while True:
                    byte = ord(text[index]) - 63
                    index += 1
                    result |= (byte & 0x1F) << shift
                    shift += 5
                    if byte < 0x20:
                        break
                values.append(~(result >> 1) if result & 1 else result >> 1)
            lat += values[0]
            lng += values[1]
            out.append((lat / 10**precision, lng / 10**precision))
        return out

    places = {p["id"]: p["at"] for p in scene["places"]}
    wrong = []
    for route in scene["routes"]:
        for leg in route["legs"]:
            line = decode(leg["line"])
            start, end = leg["ends"]
            for point, place in ((line[0], start), (line[-1], end)):
                at = places[place]
                if path_length_km([(point[1], point[0]), (at[1], at[0])]) > 5.0:
                    wrong.append(f"{leg['id']}: {point} is not at {place} {at}")
    return wrong


@pytest.mark.parametrize("spec", SPECS, ids=[f"{s.name}-{s.lang}" for s in SPECS])
def test_every_leg_starts_and_ends_at_its_places(built_dir, spec):
    text = (built_dir / spec.path).read_text(encoding="utf-8")
    scene = json.loads(re.search(r'id="atlas-scene">(.*?)</script>', text, re.S).group(1))
    assert leg_ends_at_its_places(scene) == []


def test_the_starter_data_makes_a_correct_map(tmp_path):
    """`supply-atlas new` then `build --data`: the starter route is drawn between its own ports."""
    from click.testing import CliRunner

    from mapgen.cli import cli

    runner = CliRunner()
    assert runner.invoke(cli, ["new", str(tmp_path / "mine")]).exit_code == 0
    result = runner.invoke(
        cli,
        [
            "build",
            "--data",
            str(tmp_path / "mine"),
            "--out",
            str(tmp_path / "out"),
            "--no-thumbnails",
        ],
    )
    assert result.exit_code == 0, result.stderr
    page = next((tmp_path / "out").glob("*.html"), None)
    pages = [p for p in (tmp_path / "out").glob("*.html") if p.name != "index.html"]
    assert page is not None and pages
    for path in pages:
        scene = json.loads(
            re.search(r'id="atlas-scene">(.*?)</script>', path.read_text("utf-8"), re.S).group(1)
        )
        assert leg_ends_at_its_places(scene) == []
