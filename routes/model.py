"""Typed, immutable records for the route data.

Coordinates are GeoJSON order everywhere: ``(lon, lat)``.
Dates are ISO 8601 strings that may be reduced to a year (``"1942"``) or a
month (``"1943-09"``), as sources state them; :class:`Period` turns them into
first and last days for comparisons.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass

# "link" is a schematic connection (a firm to the plant it designed, a country to
# the army it armed), drawn as a great circle but not a transport route.
MODES = ("sea", "rail", "road", "air", "river", "link")
PLACE_KINDS = (
    "port",
    "anchorage",
    "airfield",
    "rail_station",
    "strait",
    "bay",
    "cape",
    "island",
    "border_crossing",
    "city",
    "facility",
    "factory",
    "shipyard",
    "power_station",
    "camp",
)
EVENT_KINDS = ("sinking", "detention")
QUALIFIERS = ("exactly", "about", "nearly", "more than", "up to")

# The data is written in English; other languages add ``<field>_<lang>`` columns
# and properties (``name_ru``). See routes/data/README.md, "Languages".
BASE_LANGUAGE = "en"
LANGUAGES = ("en", "ru")
LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}
# A unit's name in a language whose nouns agree with numbers lists its forms,
# separated by "|": Russian has three ("судно|судна|судов": 1, 2-4, 5 ships).
# A name with no "|" is used with every number (an abbreviation such as "км").
PLURAL_FORMS = {"en": 1, "ru": 3}
# Which text fields of each kind of record are translated (quotes and source
# titles are not: they are cited as published).
TRANSLATED_FIELDS = {
    "group": ("name", "summary", "question", "level"),
    "route": ("name", "summary"),
    "place": ("name", "label", "note"),
    "leg": ("name", "note"),
    "event": ("name", "note"),
    "figure": ("note",),
    "metric": ("name",),
    "unit": ("name",),
    "period": ("label",),
    "chart": ("title",),
    "country": ("name",),
    "source": (
        "short",
    ),  # a short name we give a source ("US accounting"); titles stay as published
    "convoy": ("note",),
    "convoy_dispute": ("note",),
    "convoy_loss": ("ship", "note"),
    "convoy_pause": ("note",),
    "step": ("title", "text", "question", "answer"),  # a step of a guided tour
}
# The border sets a map can draw (geo/data): the world of 1938, or, for wartime maps, today's
# borders faintly with the USSR's border of June 1941 on top.
BORDER_SETS = ("1938", "1941")
# What a line width can be proportional to, by the unit of its figure: a share of all deliveries,
# a tonnage, or (for an air ferry, which carried no tonnage) aircraft delivered. Within a period,
# shares and tonnages are not mixed; aircraft have a scale of their own.
FLOW_KINDS = {"percent": "percent", "tons": "tons", "long_tons": "tons", "aircraft": "aircraft"}
# A key of Atlas.translations: (kind of record, record id, field). Periods are
# "<group id>/<period id>", as period ids are unique only within their group.
TranslationKey = tuple[str, str, str]

LonLat = tuple[float, float]


@functools.lru_cache(
    maxsize=8192
)  # the convoy months ask for the same few hundred dates 30,000 times
def parse_iso_partial(text: str, *, last: bool = False) -> dt.date:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    With ``last=True`` a reduced date gives the last day it covers, so that
    ``"1943-09"`` as an end date means 30 September 1943.

    >>> parse_iso_partial("1942"), parse_iso_partial("1942", last=True)
    (datetime.date(1942, 1, 1), datetime.date(1942, 12, 31))
    >>> parse_iso_partial("1944-02", last=True)
    datetime.date(1944, 2, 29)
    """
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
        raise ValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
    if len(parts) > 2:
        day = int(parts[2])
    elif last:
        day = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
    else:
        day = 1
    return dt.date(year, month, day)


@dataclass(frozen=True)
class Period:
    """A span of time as a source states it (``start`` and ``end`` inclusive)."""

    start: str
    end: str

    @property
    def first_day(self) -> dt.date:
        return parse_iso_partial(self.start)

    @property
    def last_day(self) -> dt.date:
        return parse_iso_partial(self.end, last=True)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str
    publisher: str
    year: str
    address: str
    licence: str = ""
    note: str = ""
    short: str = ""  # a short name for chart labels, e.g. "Kumanev"


@dataclass(frozen=True)
class Group:
    """Routes shown together on one map (e.g. the four Lend-Lease routes)."""

    id: str
    name: str
    summary: str
    see_also: tuple[str, ...] = ()  # other groups' maps to link from this one
    languages: tuple[str, ...] = (BASE_LANGUAGE,)  # the languages its map is built in
    question: str = ""  # the question the map answers, for the front page
    level: str = ""  # who it is for, e.g. "Secondary school, ages 14-18"
    borders: str = ""  # a BORDER_SETS key; "" lets the map choose by its period


@dataclass(frozen=True)
class Country:
    """A country's name as it was in a period, to label it on the maps of that period.

    ``borders_name`` names its polygon in the 1938 border set; the label goes where
    the polygon meets the map's view, or at ``lon``/``lat`` when given.
    """

    id: str
    name: str
    period: Period
    borders_name: str = ""
    lon: float | None = None
    lat: float | None = None


@dataclass(frozen=True)
class Route:
    id: str
    name: str
    group: str
    period: Period
    summary: str


@dataclass(frozen=True)
class Place:
    id: str
    routes: tuple[str, ...]  # the route files that list this place
    name: str
    kind: str
    lon: float
    lat: float
    coord_source: str
    coord_ref: str = ""
    note: str = ""
    label: str = ""  # a short name for the map's labels, e.g. "Magnitogorsk"


@dataclass(frozen=True)
class Event:
    """A documented loss or detention at a position known exactly or roughly."""

    id: str
    route: str
    name: str
    kind: str
    lon: float
    lat: float
    period: Period
    sources: tuple[str, ...]
    radius_km: float = 0.0  # 0: the position is exact; otherwise an uncertainty radius
    note: str = ""

    @property
    def approximate(self) -> bool:
        return self.radius_km > 0


@dataclass(frozen=True)
class Leg:
    """One leg of a route, from one place to another by one mode.

    ``parts`` is the stored geometry: the historical waypoints, split at the
    antimeridian as RFC 7946 asks (one part when the leg does not cross it).
    """

    id: str
    route: str
    name: str
    from_place: str
    to_place: str
    mode: str
    period: Period
    sources: tuple[str, ...]
    parts: tuple[tuple[LonLat, ...], ...]
    note: str = ""
    closed_passages: tuple[str, ...] = ()
    track: str = "computed"  # "computed": routed by mode; "as_drawn": the waypoints as stored


@dataclass(frozen=True)
class Figure:
    id: str
    route: str
    feature: str  # "" when the figure is about the whole route (or group)
    metric: str
    value: float
    unit: str
    period: Period
    qualifier: str
    source: str
    quote: str
    value_high: float | None = None  # upper end when the source gives a range
    disputed_with: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class TimeSlice:
    """A period the map's year control offers, e.g. ``1942`` or the whole war."""

    group: str
    id: str
    label: str
    period: Period


@dataclass(frozen=True)
class Flow:
    """The figure that sets a route's line width in one time slice (a share or a tonnage)."""

    group: str
    slice: str
    route: str
    figure: str


CHART_GROUPINGS = ("route", "metric", "period")
CHART_SERIES = ("none", "period", "source")
CHART_SCALES = ("shared", "per_group")


@dataclass(frozen=True)
class Chart:
    """A bar chart of figures, grouped (bars of one group side by side) and coloured by series."""

    id: str
    group: str
    route: str  # "" for a chart about the whole map
    title: str
    figures: tuple[str, ...]
    group_by: str
    series_by: str
    scale: str


@dataclass(frozen=True)
class TourStep:
    """One step of a guided tour: its words, and what the map shows meanwhile.

    ``layers`` is None when the step shows every layer; ``view`` is a box
    ``(west, south, east, north)`` in degrees; ``place`` a place to centre on;
    ``feature`` a leg, place, loss or convoy whose card opens; ``month`` (``"1942-07"``)
    the month of the convoys shown. ``question`` and ``answer`` (for the worksheet) may hold
    several, one a line.
    """

    tour: str  # the tour's id: "<map id>-<number>"
    number: int
    title: str
    text: str
    layers: tuple[str, ...] | None = None
    period: str = ""
    month: str = ""
    view: tuple[float, float, float, float] | None = None
    place: str = ""
    feature: str = ""
    figures: tuple[str, ...] = ()
    question: str = ""
    answer: str = ""


@dataclass(frozen=True)
class Tour:
    """A guided tour of one map, from ``tours/<map id>-<number>.csv``."""

    id: str
    group: str
    number: int
    steps: tuple[TourStep, ...]
