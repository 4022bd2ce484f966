"""A teacher's or researcher's large data set (thousands of legs) builds and works on a canvas."""

from __future__ import annotations

import pytest
from browser import FIND_MAP_JS, open_page

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
        page.wait_for_selector(".atlas-map[data-land='drawn']", state="attached")
        assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
        assert page.locator("path.atlas-leg").count() == 0  # no SVG element per leg
        assert page.locator(".atlas-arrow").count() == 0  # routes of this many legs carry no arrows
        assert (
            page.locator(".leaflet-control-layers-overlays label", has_text="Place names").count()
            == 0
        )
        # a leg still opens its popup with its figure
        text = page.evaluate(
            f"""(() => {{ const map = {FIND_MAP_JS}; let leg = null;
                map.eachLayer(l => {{
                    if (!leg && l.feature && l.feature.properties.leg === 'route_1_leg7') leg = l;
                }});
                leg.fire('click', {{latlng: leg.getLatLngs()[1]}});
                return document.querySelector('.leaflet-popup .atlas-popup').innerText; }})()"""
        )
        assert "Voyage 7 of route_1" in text and "tons" in text
        # and each route can still be hidden
        box = page.locator(
            ".leaflet-control-layers-overlays label", has_text="Route route_2"
        ).locator("input")
        box.click()
        hidden = page.evaluate(
            f"""(() => {{ const map = {FIND_MAP_JS}; let shown = 0;
                map.eachLayer(l => {{
                    if (l.feature && l.feature.properties.route === 'route_2') shown += 1; }});
                return shown; }})()"""
        )
        assert hidden == 0
        assert log.console_errors == [] and log.external_requests == []
    finally:
        page.close()
