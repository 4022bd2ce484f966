"""What a data folder holds (files, columns, properties) and the limits the loader keeps.

The folder layout and every field are described in ``routes/data/README.md``.
"""

from __future__ import annotations

import re

from geo.sea import PASSAGES  # the sea passages a leg may close: geo owns the list
from routes.model import BASE_LANGUAGE, FLOW_KINDS, LANGUAGES, TRANSLATED_FIELDS
from routes.model_convoys import CONVOY_FIELDS

# Files larger than this are refused before they are read: the shipped data is
# well under 1 MB, and a runaway export should not be pulled into memory.
MAX_FILE_BYTES = 20 * 1024 * 1024
# GeoJSON nests at most five levels (collection, features, feature, geometry, parts,
# positions); deeper input is refused before anything walks it.
MAX_JSON_DEPTH = 32
# A JSON integer of more digits than this is read as a float (infinite if too large for
# one) and then refused as a coordinate or number: Python would otherwise build it whole.
MAX_INTEGER_DIGITS = 20
# A leg's first and last positions must lie this close to its places.
ENDPOINT_TOLERANCE_KM = 5.0
# A place on no leg's end that lies farther than this from every leg of its routes is
# checked for swapped latitude and longitude.
PLAUSIBLE_PLACE_KM = 300.0
# A loss known only roughly is drawn as a circle of its radius; wider than this it is no position.
MAX_RADIUS_KM = 1000.0

SEA_PASSAGES = PASSAGES
TRACKS = ("computed", "as_drawn")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Digits only, as the data README asks: no signs but a leading '-' (refused as negative),
# no exponents, separators, '_' or non-ASCII digits.
NUMBER_PATTERN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$", re.ASCII)
# A map's file name is its group id with '_' as '-'; these names are taken by the site itself.
RESERVED_MAP_FILES = ("index",)

CSV_COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    "groups.csv": (
        ["id", "name", "summary"],
        ["see_also", "languages", "question", "level", "borders"],
    ),
    "routes.csv": (["id", "name", "group", "start", "end", "summary"], []),
    "sources.csv": (
        ["id", "title", "author", "publisher", "year", "address"],
        ["licence", "note", "short"],
    ),
    "metrics.csv": (["id", "name"], []),
    "units.csv": (["id", "name"], []),
    "figures.csv": (
        ["id", "route", "metric", "value", "unit", "start", "end", "qualifier", "source", "quote"],
        ["feature", "value_high", "disputed_with", "note"],
    ),
    # Optional: how the maps present the figures (year control, line widths, charts).
    "periods.csv": (["group", "id", "label", "start", "end"], []),
    "flows.csv": (["group", "period", "route", "figure"], []),
    "charts.csv": (
        ["id", "group", "title", "figures", "group_by", "series_by", "scale"],
        ["route"],
    ),
    # Optional: the countries the maps name, as they were named in their period.
    "countries.csv": (["id", "name", "start", "end"], ["borders_name", "lon", "lat"]),
    # Optional: the sailings of convoys, other sources' values for them, and their sourced losses.
    "convoys.csv": (
        ["id", "convoy", "route", "direction", "source", "quote"],
        ["sailed_with", *CONVOY_FIELDS, "note", "inferred", "gaps"],
    ),
    "convoy_disputes.csv": (["convoy", "field", "value", "source", "quote"], ["note"]),
    "convoy_losses.csv": (
        ["convoy", "ship", "date"],
        ["lon", "lat", "event", "source", "quote", "note"],
    ),
    "convoy_pauses.csv": (["route", "start", "end", "note", "source", "quote"], []),
}
CONVOY_FILES = ("convoys.csv", "convoy_disputes.csv", "convoy_losses.csv", "convoy_pauses.csv")
OPTIONAL_FILES = ("periods.csv", "flows.csv", "charts.csv", "countries.csv", *CONVOY_FILES)
# Guided tours (optional): tours/<map id>-<number>.csv, one row a step; all read with this schema.
TOURS_FOLDER = "tours"
TOUR_SCHEMA = "tour"
TOUR_FILE = re.compile(r"^([a-z0-9][a-z0-9_-]*)-([1-9][0-9]?)\.csv$")
MAX_TOUR_STEPS = 20
MAX_STEP_WORDS = 80  # a step's text: what a class reads in half a minute
CSV_COLUMNS[TOUR_SCHEMA] = (
    ["step", "title", "text"],
    ["layers", "period", "month", "view", "place", "feature", "figures", "question", "answer"],
)
OTHER_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != BASE_LANGUAGE)
# The kind of record (for translations) held by each table.
CSV_KINDS = {
    "groups.csv": "group",
    "routes.csv": "route",
    "figures.csv": "figure",
    "metrics.csv": "metric",
    "units.csv": "unit",
    "periods.csv": "period",
    "charts.csv": "chart",
    "countries.csv": "country",
    "sources.csv": "source",
    "convoys.csv": "convoy",
    "convoy_disputes.csv": "convoy_dispute",
    "convoy_losses.csv": "convoy_loss",
    "convoy_pauses.csv": "convoy_pause",
}


def translation_columns(kind: str) -> list[str]:
    """``name_ru`` and the like: the optional translations of a kind of record."""
    return [f"{name}_{lang}" for name in TRANSLATED_FIELDS[kind] for lang in OTHER_LANGUAGES]


for _name, _kind in (*CSV_KINDS.items(), (TOUR_SCHEMA, "step")):
    CSV_COLUMNS[_name][1].extend(translation_columns(_kind))
# Units a line width can be proportional to: a share, a tonnage, or aircraft (routes.model.FLOW_KINDS).
FLOW_UNITS = tuple(FLOW_KINDS)

LEG_REQUIRED = ("route", "id", "from", "to", "mode", "start", "end", "note", "sources")
LEG_OPTIONAL = ("name", "closed_passages", "track", *translation_columns("leg"))
PLACE_REQUIRED = ("id", "name", "kind", "coord_source")
PLACE_OPTIONAL = ("coord_ref", "note", "route", "label", *translation_columns("place"))
EVENT_REQUIRED = ("id", "name", "kind", "start", "end", "sources")
EVENT_OPTIONAL = ("radius_km", "note", "route", *translation_columns("event"))
