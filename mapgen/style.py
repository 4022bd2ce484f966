"""Every colour, line pattern and size used on the maps, in one place.

Route colours are the Okabe-Ito palette, chosen to stay distinguishable for
readers with colour-vision deficiency; the mode of each leg is told by its
dash pattern, so routes and modes can be read without colour too.
"""

from __future__ import annotations

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


# Leaflet path options per mode: dash pattern and width.
# Dashed lines get square ends: round caps turn short dashes into dots once a
# line is widened to show what it carried.
MODE_STYLES = {
    "sea": {"weight": 4, "dashArray": None, "lineCap": "round"},
    "rail": {"weight": 4, "dashArray": "12 5 2 5", "lineCap": "butt"},
    "road": {"weight": 3, "dashArray": "3 6", "lineCap": "butt"},
    "air": {"weight": 3, "dashArray": "14 9", "lineCap": "butt"},
    "river": {"weight": 3, "dashArray": "7 4", "lineCap": "butt"},
    "link": {"weight": 2.5, "dashArray": "6 5", "lineCap": "butt"},
}
# Circle markers: fill colour and radius in pixels, by kind of place.
PLACE_STYLES = {
    "port": {"fillColor": "#1f3b73", "radius": 5},
    "anchorage": {"fillColor": "#1f3b73", "radius": 5},
    "airfield": {"fillColor": "#6b2c5f", "radius": 5},
    "rail_station": {"fillColor": "#444444", "radius": 4},
    "border_crossing": {"fillColor": "#444444", "radius": 4},
    "city": {"fillColor": "#444444", "radius": 4},
    "strait": {"fillColor": "#ffffff", "radius": 4},
    "bay": {"fillColor": "#ffffff", "radius": 4},
    "cape": {"fillColor": "#ffffff", "radius": 4},
    "island": {"fillColor": "#ffffff", "radius": 4},
    "facility": {"fillColor": "#E69F00", "radius": 6},
    "factory": {"fillColor": "#8C510A", "radius": 6},
    "shipyard": {"fillColor": "#1f3b73", "radius": 6},
    "power_station": {"fillColor": "#8C510A", "radius": 6},
    "camp": {"fillColor": "#E69F00", "radius": 6},
}
PLACE_MARKER = {"color": "#111111", "weight": 1, "opacity": 1, "fillOpacity": 0.95}

EVENT_COLOURS = {"sinking": "#B00020", "detention": "#5A3E00"}
EVENT_MARKER = {"radius": 6, "weight": 2, "opacity": 1, "fillOpacity": 0.35}
EVENT_AREA = {"weight": 1.5, "opacity": 0.9, "fillOpacity": 0.12, "dashArray": "4 4"}

LAND_STYLE = {
    "color": "#9a9384",
    "weight": 0.6,
    "fillColor": "#f3efe4",
    "fillOpacity": 1,
    "opacity": 1,
    "interactive": False,
}

# Flow widths: a line's width is proportional to its route's figure for the selected period.
# Pixels per unit, fixed per kind of figure so periods of the same kind compare on sight.
FLOW_PX_PER_UNIT = {"percent": 0.32, "tons": 2.0e-6, "long_tons": 2.0e-6}
FLOW_MIN_PX = 1.0  # so that a very small figure still shows
# Sample lines for the width legend, by kind of figure: (value, unit id)
FLOW_SAMPLES = {"percent": ((10, "percent"), (40, "percent")), "tons": ((1_000_000, "tons"), (5_000_000, "tons"))}
# A route with no sourced figure for the period: thin, fine dashes, faded. Never drawn as zero.
NO_FIGURE_STYLE = {"weight": 1.5, "dashArray": "2 5", "opacity": 0.65, "lineCap": "butt"}

# Direction arrows along each leg
ARROW_SPACING_KM = 2500.0  # one arrow per this much of a leg, at least one per leg
ARROW_SIZE_PX = 14
ARROWS_UP_TO_LEGS = 200  # a route with more legs than this gets no arrows

# Large data sets (a voyage-by-voyage table): above this many legs, places and losses on
# one map, Leaflet draws them on a canvas instead of one SVG element each.
CANVAS_ABOVE_FEATURES = 1500
PLACE_NAMES_UP_TO = 500  # above this many places the map has no layer of names
PLACE_NAMES_SHOWN_UP_TO = 40  # above this many the names layer starts unticked (labels would cover the routes)
