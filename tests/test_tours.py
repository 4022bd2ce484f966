"""Guided tours: the data and its checks, and the tours in a real browser on every map, in both
languages, on a laptop, a phone and in a sandboxed frame (one page per map, to keep the run short)."""

from __future__ import annotations

import re

import pytest
from browser import open_page

from routes import load_atlas
from routes.load.numbers import figures_written, numbers_in, stray_numbers
from routes.model import Figure, Period

ATLAS = load_atlas()
SPECS = [(group.id, lang) for group in ATLAS.groups.values() for lang in group.languages]


def test_every_map_has_a_tour_of_5_to_10_steps_in_each_of_its_languages():
    for group in ATLAS.groups.values():
        tours = ATLAS.tours_of(group.id)
        assert tours and tours[0].number == 1, group.id
        for lang in group.languages:
            for tour in ATLAS.in_language(lang).tours_of(group.id):
                assert 5 <= len(tour.steps) <= 10, tour.id
                for step in tour.steps:
                    assert step.title and step.text and step.question and step.answer, (
                        tour.id,
                        step.number,
                    )


def test_every_number_a_tour_writes_is_a_figure_of_its_map():
    """The loader's rule, restated over the shipped tours: each number is a sourced figure."""
    for tour in ATLAS.tours:
        route_ids = {r.id for r in ATLAS.routes_in(tour.group)}
        figures = [f for f in ATLAS.figures if f.route in route_ids or f.route == tour.group]
        for lang in ATLAS.groups[tour.group].languages:
            for step in ATLAS.in_language(lang).tours_of(tour.group)[tour.number - 1].steps:
                for field in ("title", "text", "question", "answer"):
                    assert stray_numbers(getattr(step, field), lang, figures) == []
                # every number of the text is among the figures the step names (the worksheet cites
                # their sources); a step that names none writes no number
                named = [f for f in figures if f.id in step.figures]
                assert stray_numbers(step.text, lang, named) == [], (tour.id, step.number, lang)
                if named:
                    assert figures_written(step.text, lang, named), (tour.id, step.number)


@pytest.mark.parametrize(
    "text, lang, numbers",
    [
        ("PQ 17 lost 24 of 35 ships in July 1942", "en", ["24", "35"]),
        ("3,964,000 tons; 22.7 percent; US$ 9,800 million", "en", ["3,964,000", "22.7", "9,800"]),
        ("the 1st and 2nd brigades, 65 T-34s, U-255, the 1930s", "en", ["65"]),
        ("on 4 July 1942, 80,000–90,000 tons", "en", ["80,000", "90,000"]),
        ("3\u00a0964\u00a0000 т и 22,7 %", "ru", ["3\u00a0964\u00a0000", "22,7"]),
        ("4 июля 1942 г., 1-я армия, Т-34, PQ-17, 1930-е годы", "ru", []),
        ("1 394 км", "ru", ["1 394"]),
    ],
)
def test_numbers_are_read_as_each_language_writes_them(text, lang, numbers):
    assert [n.text for n in numbers_in(text, lang)] == numbers


def test_a_number_written_otherwise_than_the_map_writes_it_is_refused():
    figure = Figure(
        "f", "arctic", "", "m", 3964000.0, "tons", Period("1941", "1945"), "about", "s", "q"
    )
    assert stray_numbers("about 3,964,000 tons", "en", [figure]) == []
    assert [n.text for n in stray_numbers("about 3964000 tons", "en", [figure])] == ["3964000"]
    assert stray_numbers("около 3 964 000 т", "ru", [figure]) == []
    assert [n.text for n in stray_numbers("около 3,964,000 т", "ru", [figure])] != []


def test_the_page_holds_each_step_as_data_and_its_words_escaped(built_dir):
    html = (built_dir / "lend-lease-1941-45.html").read_text(encoding="utf-8")
    island = re.search(r'id="atlas-scene">(.*?)</script>', html, re.S)[1]
    assert '"tours":[{"n":1,"steps":[' in island and "<" not in island
    assert 'class="atlas-tour-start"' in html and 'aria-live="polite"' in html


# -- in the browser ---------------------------------------------------------------------------


def shown_step(page_or_frame) -> dict:
    return page_or_frame.evaluate(
        """(() => { const box = document.getElementById('atlas-tour');
             return {hidden: box.hidden, title: box.querySelector('.atlas-tour-title').textContent,
                     count: box.querySelector('.atlas-tour-count').textContent,
                     hash: location.hash, current: atlasTour.current(),
                     focused: document.activeElement === box.querySelector('.atlas-tour-step'),
                     live: box.querySelector('.atlas-tour-step').getAttribute('aria-live'),
                     layers: atlas.layers(), period: atlas.current(),
                     card: (document.querySelector('.atlas-card:not([hidden])') || {getAttribute: () => null})
                           .getAttribute('data-feature')}; })()"""
    )


def expect_step(page_or_frame, local, tour, number: int, *, focused=True) -> dict:
    try:
        page_or_frame.wait_for_function(
            f"atlasTour.current() && atlasTour.current().step === {number}", timeout=20_000
        )
    except Exception as exc:
        state = page_or_frame.evaluate("[location.href, JSON.stringify(atlasTour.current())]")
        raise AssertionError(f"step {number} not shown: {state}") from exc
    step = tour.steps[number - 1]
    seen = shown_step(page_or_frame)
    assert not seen["hidden"] and seen["title"] == step.title
    assert f"{number}" in seen["count"] and f"{len(tour.steps)}" in seen["count"]
    assert seen["live"] == "polite"
    if focused:
        assert seen["focused"], "focus is on the step's text"
    if step.layers is not None:
        assert {k for k, on in seen["layers"].items() if on} == set(step.layers) & set(
            seen["layers"]
        )
    else:
        assert all(seen["layers"].values())
    if step.period:
        assert seen["period"] == step.period
    assert seen["card"] == (step.feature or None)
    return seen


@pytest.mark.parametrize("name, lang", SPECS, ids=[f"{n}-{lang}" for n, lang in SPECS])
def test_a_tour_opens_steps_and_follows_the_address(browser, built_dir, name, lang):
    """From the address, with the buttons and the keys, Back and an edited address; then on a phone."""
    local = ATLAS.in_language(lang)
    tour = local.tours_of(name)[0]
    path = built_dir / ("" if lang == "en" else f"{lang}/") / (name.replace("_", "-") + ".html")
    page, log = open_page(browser, path, width=1366, height=768, fragment="#tour=1&step=3")
    try:
        seen = expect_step(page, local, tour, 3)
        assert "tour=1&step=3" in seen["hash"] and "layers=" in seen["hash"]
        page.keyboard.press("ArrowRight")
        assert "step=4" in expect_step(page, local, tour, 4)["hash"]
        page.locator(".atlas-tour-prev").click()
        expect_step(page, local, tour, 3)
        page.go_back()  # Back returns to the step before
        expect_step(page, local, tour, 4, focused=False)
        page.evaluate("location.hash = '#tour=1'")  # an edited address: the tour's first step
        expect_step(page, local, tour, 1, focused=False)
        assert page.locator(".atlas-tour-prev").is_disabled()
        page.keyboard.press("Escape")
        page.wait_for_function("document.getElementById('atlas-tour').hidden")
        assert "tour=" not in page.evaluate("location.hash")
        page.locator(".atlas-panel-head .atlas-tour-start").click()
        expect_step(page, local, tour, 1)
        for number in range(2, len(tour.steps) + 1):  # every step, to the last
            page.locator(".atlas-tour-next").click()
            expect_step(page, local, tour, number)

        # On a phone the step shows above the folded sheet, under the map, which keeps most of the screen.
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_function("document.body.classList.contains('atlas-panel-closed')")
        page.evaluate("location.hash = '#tour=1&step=2'")
        expect_step(page, local, tour, 2, focused=False)
        boxes = page.evaluate(
            """(() => { const r = e => document.querySelector(e).getBoundingClientRect();
                 return {map: r('.atlas-map'), step: r('#atlas-tour'), next: r('.atlas-tour-next')}; })()"""
        )
        assert boxes["step"]["top"] >= boxes["map"]["bottom"] - 1, "the step covers no map"
        assert boxes["map"]["height"] >= 844 * 0.4
        assert boxes["next"]["bottom"] <= 844 and boxes["step"]["left"] >= 0
        assert boxes["step"]["right"] <= 390
        assert log.console_errors == [] and log.external_requests == []
    finally:
        page.close()


def test_tours_work_in_a_sandboxed_frame_without_storage(browser, built_dir, tmp_path):
    """LMS editors sandbox frames: no same origin, so no storage and no cookies. Every map draws, its
    tour opens from the address and steps, and nothing throws."""
    frames = "".join(
        f'<iframe sandbox="allow-scripts" width="480" height="400" title="{name}-{lang}" '
        f'src="{(built_dir / ("" if lang == "en" else f"{lang}/") / (name.replace("_", "-") + ".html")).as_uri()}'
        f'#tour=1&step=2"></iframe>'
        for name, lang in SPECS
    )
    host = tmp_path / "lesson.html"
    host.write_text(f"<!DOCTYPE html><html><body>{frames}</body></html>", encoding="utf-8")
    page, log = open_page(browser, host, width=1400, height=900, wait=False)
    try:
        assert len(page.frames) == len(SPECS) + 1
        for name, lang in SPECS:
            path = ("" if lang == "en" else f"{lang}/") + name.replace("_", "-") + ".html"
            frame = next(f for f in page.frames[1:] if f.url.split("#")[0].endswith("/" + path))
            # Chromium holds back the animation frames of a frame of another origin off screen
            frame.frame_element().scroll_into_view_if_needed()
            frame.wait_for_selector(
                ".atlas-map[data-drawn='all']", state="attached", timeout=60_000
            )
            tour = ATLAS.in_language(lang).tours_of(name)[0]
            expect_step(frame, None, tour, 2, focused=False)
            storage = "(() => { try { return !!localStorage; } catch (e) { return 'blocked'; } })()"
            assert frame.evaluate(storage) == "blocked"
            frame.locator(".atlas-tour-next").click()
            expect_step(frame, None, tour, 3, focused=False)
        assert log.console_errors == [] and log.external_requests == []
    finally:
        page.close()
