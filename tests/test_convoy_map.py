"""Issue 12, the map: the Arctic convoys month by month on the WWII map, in both languages.

The scene is checked in Python (every dated convoy drawn between its ports, at sea; each month's
convoys and counts; why a month has none), the page in Chromium (the convoys at sea in a chosen
month and none in a pause, the address keeping the month, the slider, play, the chart, the cards).
"""

from __future__ import annotations

from functools import cache

import pytest
from browser import card, open_page
from shapely.geometry import Polygon
from shapely.ops import unary_union
from test_own_data import decode_polyline

from geo import geodesic_circle, land_crossings, path_length_km
from geo.geodesic import distance_km
from mapgen.convoy_tracks import convoy_ends, usual_ports
from mapgen.i18n import Locale
from mapgen.scene import map_scene
from mapgen.specs import find_spec
from routes import load_atlas
from routes.convoys import months_between

ATLAS = load_atlas()
MAP = "lend_lease_1941_45"
ROUTES = find_spec(ATLAS, MAP, "en").route_ids
CONVOYS = ATLAS.convoys_of(ROUTES)
PORT_ZONE_KM = 30.0  # the coast near a port is finer than Natural Earth 50m
LAND_PIECE_KM = 5.0


@cache
def scene(lang: str = "en") -> dict:
    return map_scene(ATLAS.in_language(lang), find_spec(ATLAS, MAP, lang), Locale(lang))


def lines_of(item: dict, data: dict) -> list[list[tuple[float, float]]]:
    """A convoy's drawn lines as (lon, lat), longitudes of the map's window."""
    precision = scene()["precision"]
    return [
        [(lon, lat) for lat, lon in decode_polyline(text, precision)]
        for text in data["tracks"][item["track"]]["lines"]
    ]


def drawable(convoy) -> bool:
    return (
        not convoy.sailed_with
        and convoy.at_sea is not None
        and convoy_ends(convoy, usual_ports(CONVOYS)) is not None
    )


def test_every_dated_convoy_is_drawn():
    drawn = {item["id"] for item in scene()["convoys"]["items"]}
    assert drawn == {c.id for c in CONVOYS if drawable(c)}
    assert len(drawn) >= 65  # of 78: not PQ 10 (its ship sailed in PQ 9) nor the undated


@pytest.mark.parametrize("convoy", [c for c in CONVOYS if drawable(c)], ids=lambda c: c.id)
def test_a_convoy_is_drawn_from_its_port_to_its_port_at_sea(convoy):
    data = scene()["convoys"]
    item = next(i for i in data["items"] if i["id"] == convoy.id)
    ends = convoy_ends(convoy, usual_ports(CONVOYS))
    starts = [ATLAS.places[p] for p in ends.departures]
    arrivals = [ATLAS.places[p] for p in ends.arrivals]
    zones = unary_union(
        [Polygon(geodesic_circle(p.lon, p.lat, PORT_ZONE_KM)) for p in ATLAS.places.values()]
    )
    for line in lines_of(item, data):
        first, last = line[0], line[-1]
        # positions in the window may be a whole turn away from the place's own longitude
        assert min(distance_km(first, (p.lon, p.lat)) for p in starts) < 1.0, first
        assert min(distance_km(last, (p.lon, p.lat)) for p in arrivals) < 1.0, last
        for piece in land_crossings(line):
            outside = piece.difference(zones)
            for part in getattr(outside, "geoms", [outside]):
                if not part.is_empty:
                    assert path_length_km(list(part.coords)) <= LAND_PIECE_KM, (
                        f"{convoy.name} crosses land at {list(part.coords)[0]}"
                    )
    assert (
        item["assumed"]
        if not (convoy.departed_from and convoy.arrived_at)
        else "assumed" not in item
    )


def test_wider_convoys_carried_more_ships():
    items = [i for i in scene()["convoys"]["items"] if i["n"][0] is not None]
    by_ships = sorted(items, key=lambda i: i["n"][0])
    assert by_ships[0]["width"] < by_ships[-1]["width"]
    assert all(a["width"] <= b["width"] for a, b in zip(by_ships, by_ships[1:], strict=False))


def test_the_months_run_from_the_first_sailing_to_the_last():
    months = scene()["convoys"]["months"]
    assert [m["id"] for m in months] == months_between("1941-08", "1945-05")
    drawn = {item["id"] for item in scene()["convoys"]["items"]}
    for month in months:
        at_sea = {c.id for c in ATLAS.convoys_in_month(month["id"], ROUTES)}
        assert set(month["at"]) == at_sea, month["id"]
        assert set(month["at"]) <= drawn | {c.id for c in CONVOYS if not drawable(c)}
    july = next(m for m in months if m["id"] == "1942-07")
    assert {"pq17", "qp13"} <= set(july["at"]) and july["east"][2] == 24  # PQ 17's 24 sunk


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_month_without_convoys_says_why(lang):
    data = scene(lang)["convoys"]
    quiet = [m for m in data["months"] if not m["at"]]
    assert {m["id"] for m in quiet} >= {"1942-08", "1943-06", "1944-06"}
    pauses = {p.period.start: p for p in ATLAS.in_language(lang).convoy_pauses}
    for month in quiet:
        why = data["quiet"][month["why"]]
        pause = next((p for p in pauses.values() if p.covers(month["id"])), None)
        if pause:
            assert (
                pause.note.replace("'", "&#39;") in why and f"#atlas-source-{pause.source}" in why
            )
        else:  # no pause is sourced for the month: the convoys without dates are named
            assert "JW 63" in why and "RA 63" in why, month["id"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_cards_have_what_a_class_asks(lang):
    data = scene(lang)["convoys"]
    pq17 = next(i for i in data["items"] if i["id"] == "pq17")
    convoy = ATLAS.in_language(lang).convoy("pq17")
    assert pq17["n"] == [35, 11, None, 24, None]
    assert pq17["note"] == convoy.note and pq17["sources"] == list(convoy.sources)
    assert {tuple(d[:2]) for d in pq17["disputes"]} >= {("ships_sunk", "23"), ("ships_sunk", "21")}
    assert all(d[2] in data["cite"] for d in pq17["disputes"])
    assert pq17["from"] == ["hvalfjordur"] and pq17["to"] == ["arkhangelsk"]
    assert ("1942" in pq17["when"]) and (
        ("Jun" in pq17["when"]) if lang == "en" else "июн" in pq17["when"]
    )


def open_wwii(browser, built_dir, lang: str, fragment: str = "", **size):
    spec = find_spec(ATLAS, MAP, lang)
    return open_page(browser, built_dir / spec.path, fragment=fragment, **size)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_month_control_shows_the_convoys_at_sea(browser, built_dir, lang):
    page, log = open_wwii(browser, built_dir, lang, "#month=1942-07", width=1366, height=768)
    try:
        assert page.evaluate("atlas.currentMonth()") == "1942-07"
        drawn = page.eval_on_selector_all(
            "path.atlas-convoy", "ps => ps.map(p => p.getAttribute('data-convoy'))"
        )
        assert set(drawn) == {"pq17", "qp13"}
        assert page.locator("path.atlas-convoy-west[data-convoy='qp13']").count()
        # a month in the pause of 1943: nothing drawn, and why, with its source
        page.evaluate(  # months from August 1941: the 23rd is June 1943
            """() => { const s = document.querySelector('.atlas-month-slider');
                s.value = '22'; s.dispatchEvent(new Event('input')); }"""
        )
        assert page.evaluate("atlas.currentMonth()") == "1943-06"
        assert page.locator("path.atlas-convoy").count() == 0
        why = page.locator(".atlas-month-at .atlas-month-why")
        assert why.is_visible() and why.locator("a.atlas-cite").count() == 1
        assert "month=1943-06" in page.evaluate("location.hash")
        # the chart picks a month; the list opens a convoy's card
        page.locator(".atlas-month-chart g[data-k='11']").click()  # July 1942
        assert page.evaluate("atlas.currentMonth()") == "1942-07"
        page.locator(".atlas-month-convoy[data-convoy='pq17']").click()
        card(page).wait_for()
        text = card(page).text_content()
        assert "PQ 17" in text and "24" in text and "35" in text
        assert ("Sunk" if lang == "en" else "Потоплено") in text
        page.keyboard.press("Escape")
        # the convoy's line opens its card too
        page.locator("path.atlas-convoy[data-convoy='pq17']").focus()
        page.keyboard.press("Enter")
        card(page).wait_for()
        assert page.locator(".atlas-card:not([hidden])").get_attribute("data-feature") == "pq17"
        page.keyboard.press("Escape")
        # play moves on a month at a time, and stops when clicked again
        page.locator(".atlas-month-play").click()
        page.wait_for_function("atlas.currentMonth() !== '1942-07'", timeout=5000)
        page.locator(".atlas-month-play").click()
        assert page.locator(".atlas-month-play").get_attribute("aria-pressed") == "false"
        # the convoys are a layer like the others
        page.evaluate("atlas.month('1942-07')")
        page.locator(".atlas-layers input[data-layer='convoys']").uncheck()
        assert page.locator("path.atlas-convoy").count() == 0
        page.locator(".atlas-layers input[data-layer='convoys']").check()
        assert page.locator("path.atlas-convoy").count() == 2
        assert log.console_errors == [] and log.external_requests == []
    finally:
        page.close()


def test_a_month_survives_a_reload_and_bad_months_are_ignored(browser, built_dir):
    for fragment, expected in (("#month=1944-12", "1944-12"), ("#month=1944-13", "1941-08")):
        page, log = open_wwii(browser, built_dir, "en", fragment)
        try:
            assert page.evaluate("atlas.currentMonth()") == expected
            assert log.console_errors == []
        finally:
            page.close()


def test_on_a_phone_the_month_and_its_convoys_are_in_the_sheet(browser, built_dir):
    page, log = open_wwii(browser, built_dir, "ru", "#month=1943-06", width=390, height=844)
    try:
        page.locator(".atlas-panel-toggle").click()
        page.locator(".atlas-convoys").scroll_into_view_if_needed()
        assert page.locator(".atlas-month-slider").is_visible()
        assert page.locator(".atlas-month-why").is_visible()
        assert log.console_errors == []
    finally:
        page.close()
