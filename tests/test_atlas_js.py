"""atlas.js's pure functions (``atlas.pure``), called in Chromium on a blank page.

They decide what a reader's address may set, how lines are dashed, which side a name
shows on and where a card goes; a wrong answer here is a wrong map everywhere.
"""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from mapgen.style import page_styles

ATLAS_JS = files("mapgen").joinpath("templates", "atlas.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pure(browser):
    """A blank page with only atlas.js on it (no Leaflet: the pure functions need none)."""
    page = browser.new_page()
    page.route("**/*", lambda r: r.abort())
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content("<!doctype html><meta charset=utf-8><body></body>")
    page.add_script_tag(content=ATLAS_JS)
    page.evaluate(f"window.styles = {json.dumps(page_styles())}")
    assert not errors, errors

    def call(expression: str, *args):
        return page.evaluate(
            f"(args) => {{ const p = atlas.pure; return {expression}; }}", list(args)
        )

    yield call
    page.close()


# ---- parseHash: what an address may set ----


def test_a_well_formed_hash_is_read(pure):
    assert pure("p.parseHash(args[0])", "#layers=arctic,places&year=1942&view=4.5/65.2/-20.25") == {
        "layers": ["arctic", "places"],
        "year": "1942",
        "view": {"zoom": 4.5, "lat": 65.2, "lng": -20.25},
    }
    assert pure("p.parseHash(args[0])", "#layers=") == {"layers": []}
    assert pure("p.parseHash(args[0])", "#layers%3D=x&year=1943") == {"year": "1943"}


@pytest.mark.parametrize(
    "hash_",
    [
        "",
        "layers=arctic",  # no '#'
        "#layers=Arctic",  # ids are lower case
        "#layers=arctic,,places",
        "#layers=<img src=x onerror=alert(1)>",
        "#year=1942;alert(1)",
        "#year=" + "9" * 41,
        "#view=4/91/0",  # beyond the poles Leaflet draws
        "#view=4/0/541",
        "#view=21/0/0",
        "#view=4/0",
        "#view=4e1/0/0",
        "#view=%E0%A4%A",  # a broken percent-escape
        "#layers=" + "a," * 1000 + "a",  # longer than any real address
        "#=x&year",
    ],
)
def test_a_malformed_hash_sets_nothing(pure, hash_):
    assert pure("p.parseHash(args[0])", hash_) == {}


def test_parse_hash_never_throws_on_what_is_not_text(pure):
    assert pure("[null, undefined, 42, {}, []].map(h => p.parseHash(h))") == [{}] * 5


def test_a_good_key_survives_a_bad_neighbour(pure):
    assert pure("p.parseHash(args[0])", "#view=99/0/0&year=1944&layers=x<y") == {"year": "1944"}


# ---- line styles: what the key shows is what the map draws ----


def test_dashes_are_given_in_line_widths(pure):
    assert pure("p.scaledDashes([2.4, 1.6], 5)") == "12 8"
    assert pure("p.scaledDashes([3, 2], 2.5)") == "7.5 5"
    assert pure("[p.scaledDashes(null, 5), p.scaledDashes([], 5)]") == [None, None]


def test_each_mode_is_drawn_as_the_style_says(pure):
    styles = page_styles()
    for mode, spec in styles["modes"].items():
        drawn = pure("p.lineStyles(styles, args[0], '#123456', 6, 'figure')", mode)
        assert drawn["base"]["color"] == "#123456" and drawn["base"]["weight"] == 6
        if spec["dash"]:
            assert drawn["base"]["dashArray"] == " ".join(
                f"{round(n * 6 * 10) / 10:g}" for n in spec["dash"]
            )
            assert drawn["base"]["lineCap"] == "butt"
        else:
            assert drawn["base"]["dashArray"] is None
        assert (drawn["inner"] is not None) == bool(spec["inner"]), mode
        if spec["inner"]:
            assert drawn["inner"]["color"] == "#ffffff"
            assert drawn["inner"]["weight"] == pytest.approx(max(1, spec["inner"]["width"] * 6))


def test_a_thin_rail_line_has_no_ties(pure):
    """Below 2.5 px a white centre line would hide the colour altogether."""
    assert pure("p.lineStyles(styles, 'rail', '#123456', 2, 'figure').inner") is None


def test_a_route_without_a_figure_or_not_running_is_drawn_thin(pure):
    styles = page_styles()
    none = pure("p.lineStyles(styles, 'sea', '#123456', 12, 'none').base")
    assert (none["weight"], none["opacity"], none["color"]) == (
        styles["noFigure"]["weight"],
        styles["noFigure"]["opacity"],
        "#123456",
    )
    idle = pure("p.lineStyles(styles, 'sea', '#123456', 12, 'idle').base")
    assert (idle["weight"], idle["color"]) == (
        styles["notRunning"]["weight"],
        styles["notRunning"]["color"],
    )


def test_a_width_left_out_is_the_modes_own(pure):
    styles = page_styles()
    assert (
        pure("p.lineStyles(styles, 'air', '#123456', null, 'figure').base.weight")
        == (styles["modes"]["air"]["weight"])
    )
    # an unknown mode is drawn as sea rather than not at all
    assert pure("p.lineStyles(styles, 'canal', '#123456', 5, 'figure').base.dashArray") is None


def test_swatches_are_well_formed_svg_whatever_the_colour(pure):
    """A colour comes from data: a quote in it must not end the attribute."""
    hostile = '#fff" onload="alert(1)'
    for expression in (
        "p.lineSvg(styles, 'rail', args[0], 5, 'figure')",
        "p.placeSvg({...styles, places: {port: {radius: 5, fill: args[0]}}}, 'port', 20)",
        "p.eventSvg({...styles, events: {sinking: {radius: 5, fill: args[0], cross: args[0]}}}, "
        "'sinking', 20, false)",
    ):
        result = pure(
            f"""(() => {{
                const svg = new DOMParser().parseFromString({expression}, 'image/svg+xml');
                const bad = svg.querySelector('parsererror');
                const handlers = [...svg.querySelectorAll('*')]
                    .flatMap(e => [...e.attributes].map(a => a.name))
                    .filter(n => n.startsWith('on'));
                return {{ok: !bad, handlers}};
            }})()""",
            hostile,
        )
        assert result == {"ok": True, "handlers": []}, expression


def test_a_rough_loss_is_a_dashed_ring_without_a_cross(pure):
    exact = pure("p.eventSvg(styles, 'sinking', 20, false)")
    rough = pure("p.eventSvg(styles, 'sinking', 20, true)")
    assert "stroke-dasharray" in rough and "<path" not in rough
    assert "stroke-dasharray" not in exact and "<path" in exact


# ---- labels, messages, zoom ----


def test_a_label_shows_on_the_side_placed_for_its_zoom(pure):
    zooms = [[2, 3.75, "right"], [4, 5, "left"], [6, 7, "top"]]
    sides = pure(
        "[1.75, 2, 3, 3.75, 3.8, 4.5, 5.5, 6, 7, 12].map(z => p.labelSide(args[0], z))", zooms
    )
    assert sides == [None, "right", "right", "right", None, "left", None, "top", "top", None]
    # a last run reaching the deepest zoom the placer computes holds for every zoom beyond
    assert pure("p.labelSide([[3, 9, 'bottom']], 14)") == "bottom"
    assert pure("p.labelSide([], 5)") is None


def test_messages_fill_their_fields_and_keep_unknown_ones(pure):
    assert pure("p.fill('{shown} of {total} {what}', {shown: 3, total: 7})") == "3 of 7 {what}"
    # a value that looks like a field is not filled again
    assert pure("p.fill('{a} {b}', {a: '{b}', b: 'x'})") == "{b} x"


def test_min_zoom_shows_the_span_asked_for(pure):
    assert pure("p.minZoomFor(256, 360)") == pytest.approx(0)
    assert pure("p.minZoomFor(512, 360)") == pytest.approx(1)
    zoom = pure("p.minZoomFor(1366, 1070)")
    assert 1366 * 360 / (256 * 2**zoom) == pytest.approx(1070)  # the world is 256 px at zoom 0
    assert pure("p.minZoomFor(100, 360)") == 0  # never below zero


# ---- cardPlace: the card goes beside what was clicked, never over a control ----

CARD_CASES = [
    # (map size, controls, clicked point, narrow)
    ({"x": 1040, "y": 768}, [], {"x": 800, "y": 300}, False),
    ({"x": 1040, "y": 768}, [], {"x": 200, "y": 300}, False),
    ({"x": 1040, "y": 768}, [], None, False),
    (
        {"x": 1040, "y": 768},
        [{"left": 10, "top": 10, "right": 44, "bottom": 120}],
        {"x": 900, "y": 600},
        False,
    ),
    (
        {"x": 700, "y": 500},
        [
            {"left": 650, "top": 10, "right": 690, "bottom": 60},
            {"left": 600, "top": 440, "right": 690, "bottom": 490},
        ],
        {"x": 100, "y": 250},
        False,
    ),
    ({"x": 390, "y": 560}, [], {"x": 200, "y": 400}, True),
    ({"x": 390, "y": 560}, [], {"x": 200, "y": 100}, True),
    (
        {"x": 390, "y": 560},
        [{"left": 340, "top": 10, "right": 380, "bottom": 100}],
        {"x": 120, "y": 300},
        True,
    ),
]


@pytest.mark.parametrize(("size", "controls", "point", "narrow"), CARD_CASES)
def test_the_card_covers_neither_the_point_nor_a_control(pure, size, controls, point, narrow):
    box = pure("p.cardPlace(args[0], args[1], args[2], args[3])", size, controls, point, narrow)
    left, top, width = box["left"], box["top"], box["width"]
    if "anchorBottom" in box:  # a band at the bottom grows upwards from its anchor
        bottom = size["y"] - box["anchorBottom"]
        top = max(top, bottom - box["maxHeight"])
    else:
        bottom = top + box["maxHeight"]
    right = left + width
    assert 0 <= left and right <= size["x"] and 0 <= top and bottom <= size["y"], box
    assert width >= min(300, size["x"] / 2 - 20)
    for c in controls:
        apart = c["right"] <= left or c["left"] >= right or c["bottom"] <= top or c["top"] >= bottom
        assert apart, (box, c)
    if point:
        assert not (left <= point["x"] <= right and top <= point["y"] <= bottom), (box, point)


def test_on_a_wide_map_the_card_takes_the_side_away_from_the_point(pure):
    size = {"x": 1040, "y": 768}
    right = pure("p.cardPlace(args[0], [], {x: 200, y: 300}, false)", size)
    left = pure("p.cardPlace(args[0], [], {x: 900, y: 300}, false)", size)
    assert right["left"] > size["x"] / 2 > left["left"] + left["width"]
