"""A teacher's or researcher's large data set (thousands of legs) builds and works on a canvas."""

from __future__ import annotations

import json

import pytest
from browser import card, layer_box, open_page, wait_drawn

from bench.synthetic import make_dataset
from mapgen import build_all, style

pytestmark = pytest.mark.browser

LEGS = 1600  # with as many places: above style.CANVAS_ABOVE_FEATURES


def test_thousands_of_legs_draw_on_a_canvas_and_stay_usable(browser, tmp_path):
    assert 2 * LEGS > style.CANVAS_ABOVE_FEATURES
    data = make_dataset(tmp_path / "data", LEGS)
    build_all(tmp_path / "out", data_dir=data)
    page, log = open_page(browser, tmp_path / "out" / "synthetic.html", wait=False)
    try:
        wait_drawn(page)
        assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
        assert page.locator("path.atlas-leg").count() == 0  # no SVG element per leg
        assert page.locator(".atlas-arrow").count() == 0  # routes of this many legs carry no arrows
        assert page.locator(".atlas-layers label", has_text="Place names").count() == 0
        # a leg still opens its card with its figure
        assert page.evaluate("atlas.openFeature('route_1_leg7')")
        text = card(page).text_content()  # the voyage is named in the leg's note, folded away
        assert "Voyage 7 of route_1" in text and "tons" in text
        page.evaluate("atlas.closeCard()")
        # a click on the canvas reaches a leg and a place (one canvas: a second on top would take
        # every click), looked at closely enough that nothing else is under the pointer
        legs = json.loads((data / "route_1.geojson").read_text(encoding="utf-8"))["features"]
        leg = next(f for f in legs if f["properties"].get("id") == "route_1_leg7")
        place = next(f for f in legs if f["properties"].get("id") == "route_1_p3")
        for feature_id, (lon, lat) in (
            ("route_1_leg7", leg["geometry"]["coordinates"][1]),  # a point the line passes through
            ("route_1_p3", place["geometry"]["coordinates"]),
        ):
            x, y = page.evaluate(
                """([lat, lon]) => { const m = atlas.map(); m.setView([lat, lon], 11, {animate: false});
                    const p = m.latLngToContainerPoint([lat, lon]), box = m.getContainer().getBoundingClientRect();
                    return [box.x + p.x, box.y + p.y]; }""",
                [lat, lon],
            )
            page.mouse.click(x, y)
            card(page).wait_for()
            opened = page.locator(".atlas-card:not([hidden])").get_attribute("data-feature")
            assert opened == feature_id
            page.evaluate("atlas.closeCard()")
        # and each route can still be hidden
        layer_box(page, "Route route_2").click()
        assert page.evaluate("atlas.layers()")["route_2"] is False
        assert page.evaluate("atlas.layers()")["route_1"] is True
        assert log.console_errors == [] and log.external_requests == []
    finally:
        page.close()
