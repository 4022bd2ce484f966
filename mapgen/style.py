"""Every colour, line pattern and size on the maps, in one place.

Route colours are the Okabe-Ito palette, chosen to stay distinguishable for
readers with colour-vision deficiency; the mode of each leg is told by its
pattern, so routes and modes can be read without colour too. These values
reach the page as data: atlas.js draws the map and the legend's swatches
from them with the same functions.

Patterns are in units of the line's width, so that a line keeps its look at
every width: rail is a line with white ties across its middle, road a line
with a white centre line, air a dashed line.
"""

from __future__ import annotations

from routes.model import FLOW_KINDS  # noqa: F401  (what a width measures, by unit)

# Okabe-Ito (https://easystats.github.io/see/reference/scale_color_okabeito.html)
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")

ROUTE_COLOURS = {
    "arctic": "#0072B2",  # blue
    "pacific": "#009E73",  # bluish green
    "persian_corridor": "#D55E00",  # vermillion
    "alsib": "#CC79A7",  # reddish purple
    "spain": "#E69F00",  # orange
}


def route_colour(route_id: str, order: int) -> str:
    """The colour of a route; routes from other data folders take the palette in order."""
    return ROUTE_COLOURS.get(route_id, OKABE_ITO[order % len(OKABE_ITO)])


# Per mode: the base width in pixels, the base line's dashes (in widths; None: solid) and an
# optional white line drawn on top (its width and dashes in widths).
MODE_STYLES = {
    "sea": {"weight": 4, "dash": None, "inner": None},
    "rail": {"weight": 4, "dash": None, "inner": {"width": 0.5, "dash": [1.5, 1.5]}},
    "road": {"weight": 4, "dash": None, "inner": {"width": 0.34, "dash": None}},
    "air": {"weight": 3, "dash": [2.4, 1.6], "inner": None},
    "river": {"weight": 4, "dash": None, "inner": {"width": 0.4, "dash": [0.5, 1.5]}},
    "link": {"weight": 2.5, "dash": [3, 2], "inner": None},
}
LINE_OPACITY = 0.9
# A route that ran in a period but has no figure for it: thin and faint, in its own pattern.
NO_FIGURE = {"weight": 2.0, "opacity": 0.45}
# A route that did not run in a period: grey and thin.
NOT_RUNNING = {"weight": 1.5, "opacity": 0.7, "color": "#8a8a8a"}

# Markers: filled, outlined, on a hit area a finger can use.
MARKER_HIT_PX = 24
PLACE_STYLES = {
    "port": {"fill": "#1f3b73", "radius": 5.5},
    "anchorage": {"fill": "#1f3b73", "radius": 5.5},
    "airfield": {"fill": "#6b2c5f", "radius": 5.5},
    "rail_station": {"fill": "#4a4a4a", "radius": 4.5},
    "border_crossing": {"fill": "#4a4a4a", "radius": 4.5},
    "city": {"fill": "#4a4a4a", "radius": 4.5},
    "strait": {"fill": "#ffffff", "radius": 4.5},
    "bay": {"fill": "#ffffff", "radius": 4.5},
    "cape": {"fill": "#ffffff", "radius": 4.5},
    "island": {"fill": "#ffffff", "radius": 4.5},
    "facility": {"fill": "#E69F00", "radius": 6},
    "factory": {"fill": "#8C510A", "radius": 6},
    "shipyard": {"fill": "#1f3b73", "radius": 6},
    "power_station": {"fill": "#8C510A", "radius": 6},
    "camp": {"fill": "#E69F00", "radius": 6},
}
MARKER_OUTLINE = {"stroke": "#111111", "width": 1.5}
EVENT_STYLES = {
    "sinking": {"fill": "#B00020", "radius": 6, "cross": "#ffffff"},
    "detention": {"fill": "#8a6100", "radius": 6, "cross": None},
}
# A loss whose position is known only roughly: a dashed circle of its uncertainty, and a ring at its centre.
EVENT_AREA = {"weight": 1.5, "opacity": 0.9, "fillOpacity": 0.1, "dash": [3, 3]}

LAND_STYLE = {
    "color": "#b3ab99",
    "weight": 0.6,
    "fillColor": "#f3efe4",
    "fillOpacity": 1,
    "opacity": 1,
}
BORDER_STYLES = {
    "period": {"color": "#8f8677", "weight": 0.9, "opacity": 0.9, "dash": None},
    "present": {"color": "#9c9488", "weight": 0.7, "opacity": 0.6, "dash": [4, 3]},
    "ussr": {
        "color": "#8b1a1a",
        "weight": 1.4,
        "opacity": 0.75,
        "fillColor": "#c0392b",
        "fillOpacity": 0.06,
    },
}

# Flow widths: a line's width is proportional to its route's figure for the selected period.
# What each unit measures, and pixels per unit of each measure, fixed so periods compare on sight.
FLOW_PX_PER_UNIT = {"percent": 0.32, "tons": 2.0e-6, "aircraft": 1.0e-3}
FLOW_MIN_PX = 1.0  # so that a very small figure still shows
# Sample lines for the width legend, by measure: (value, unit id)
FLOW_SAMPLES = {
    "percent": ((10, "percent"), (40, "percent")),
    "tons": ((1_000_000, "tons"), (5_000_000, "tons")),
    "aircraft": ((2_000, "aircraft"), (8_000, "aircraft")),
}

# Direction arrows along each leg
# A convoy of the month: a dark line on a white casing, over its route's colour, as wide as its
# merchant ships (40 ships: 8 px); a convoy home is dashed.
CONVOY_STYLES = {
    "east": {"color": "#1b1b1b", "dash": None},
    "west": {"color": "#1b1b1b", "dash": [2.0, 1.2]},
    "casing": {"color": "#ffffff", "extra": 3.0, "opacity": 0.9},
}
CONVOY_MIN_PX = 2.0
CONVOY_MAX_PX = 9.0
CONVOY_PX_PER_SHIP = 0.15
ARROW_SPACING_KM = 2500.0  # one arrow per this much of a leg, at least one per leg
ARROW_SIZE_PX = 14
ARROWS_UP_TO_LEGS = 200  # a route with more legs than this gets no arrows

# Links (who helped whom) are drawn as curves, bent more the more links share a corridor.
LINK_BEND = 0.14
LINK_BEND_STEP = 0.07

# Large data sets (a voyage-by-voyage table): above this many legs, places and losses on
# one map, Leaflet draws them on a canvas instead of one SVG element each.
CANVAS_ABOVE_FEATURES = 1500
PLACE_NAMES_UP_TO = 500  # above this many places the map has no layer of names


def page_styles() -> dict:
    """The styles atlas.js draws with (lines, markers, legend swatches)."""
    return {
        "modes": MODE_STYLES,
        "opacity": LINE_OPACITY,
        "noFigure": NO_FIGURE,
        "notRunning": NOT_RUNNING,
        "places": PLACE_STYLES,
        "outline": MARKER_OUTLINE,
        "events": EVENT_STYLES,
        "eventArea": EVENT_AREA,
        "hit": MARKER_HIT_PX,
        "land": LAND_STYLE,
        "borders": BORDER_STYLES,
        "arrow": ARROW_SIZE_PX,
        "convoys": CONVOY_STYLES,
    }
