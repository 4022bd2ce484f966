"""Read a route-data folder, check every record, and return an :class:`Atlas`.

The folder layout and every field are described in ``routes/data/README.md``.
All problems found are reported together in one :class:`RouteDataError`;
each names the file, the record, the field and the bad value.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re

import numpy as np
from importlib.resources import files
from pathlib import Path

from pyproj import Geod

from routes.errors import ProblemList, RouteDataError
from routes.model import (
    BASE_LANGUAGE,
    CHART_GROUPINGS,
    CHART_SCALES,
    CHART_SERIES,
    EVENT_KINDS,
    FLOW_KINDS,
    LANGUAGE_NAMES,
    LANGUAGES,
    MODES,
    PLURAL_FORMS,
    PLACE_KINDS,
    QUALIFIERS,
    TRANSLATED_FIELDS,
    BORDER_SETS,
    Atlas,
    Chart,
    Country,
    Event,
    Figure,
    Flow,
    Group,
    Leg,
    Period,
    Place,
    Route,
    Source,
    TimeSlice,
    parse_iso_partial,
)

# Files larger than this are refused before they are read: the shipped data is
# well under 1 MB, and a runaway export should not be pulled into memory.
MAX_FILE_BYTES = 20 * 1024 * 1024

# A leg's first and last positions must lie this close to its places.
ENDPOINT_TOLERANCE_KM = 5.0
# A place on no leg's end that lies farther than this from every leg of its routes is
# checked for swapped latitude and longitude.
PLAUSIBLE_PLACE_KM = 300.0

# The sea passages searoute 1.6 can close (searoute.classes.passages.Passage), written out
# so that loading data does not import the router; tests/test_loader.py checks the list.
SEA_PASSAGES = [
    "babalmandab", "bering", "bosporus", "chili", "gibraltar", "malacca", "northwest", "ormuz", "panama",
    "south_africa", "suez", "sunda",
]
TRACKS = ("computed", "as_drawn")

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"']+$")

CSV_COLUMNS = {
    "groups.csv": (["id", "name", "summary"], ["see_also", "languages", "question", "level", "borders"]),
    "routes.csv": (["id", "name", "group", "start", "end", "summary"], []),
    "sources.csv": (["id", "title", "author", "publisher", "year", "address"], ["licence", "note", "short"]),
    "metrics.csv": (["id", "name"], []),
    "units.csv": (["id", "name"], []),
    "figures.csv": (
        ["id", "route", "metric", "value", "unit", "start", "end", "qualifier", "source", "quote"],
        ["feature", "value_high", "disputed_with", "note"],
    ),
    # Optional: how the maps present the figures (year control, line widths, charts).
    "periods.csv": (["group", "id", "label", "start", "end"], []),
    "flows.csv": (["group", "period", "route", "figure"], []),
    "charts.csv": (["id", "group", "title", "figures", "group_by", "series_by", "scale"], ["route"]),
    "countries.csv": (["id", "name", "start", "end"], ["borders_name", "lon", "lat"]),
}
OPTIONAL_FILES = ("periods.csv", "flows.csv", "charts.csv", "countries.csv")
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
}


def translation_columns(kind: str) -> list[str]:
    """``name_ru`` and the like: the optional translations of a kind of record."""
    return [f"{name}_{lang}" for name in TRANSLATED_FIELDS[kind] for lang in OTHER_LANGUAGES]


for _name, _kind in CSV_KINDS.items():
    CSV_COLUMNS[_name][1].extend(translation_columns(_kind))
FLOW_UNITS = tuple(FLOW_KINDS)

LEG_REQUIRED = ("route", "id", "from", "to", "mode", "start", "end", "note", "sources")
LEG_OPTIONAL = ("name", "closed_passages", "track", *translation_columns("leg"))
PLACE_REQUIRED = ("id", "name", "kind", "coord_source")
PLACE_OPTIONAL = ("coord_ref", "note", "route", "label", *translation_columns("place"))
EVENT_REQUIRED = ("id", "name", "kind", "start", "end", "sources")
EVENT_OPTIONAL = ("radius_km", "note", "route", *translation_columns("event"))

_geod = Geod(ellps="WGS84")


def _nearest_km(origin: tuple[float, float], points: list[tuple[float, float]]) -> float:
    """Great-circle distance from ``origin`` to the nearest of ``points`` (all ``(lon, lat)``)."""
    lons = np.radians([p[0] for p in points])
    lats = np.radians([p[1] for p in points])
    lon0, lat0 = np.radians(origin[0]), np.radians(origin[1])
    h = np.sin((lats - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lats) * np.sin((lons - lon0) / 2) ** 2
    return float(2 * 6371.0088 * np.arcsin(np.sqrt(h.min())))


def default_data_dir() -> Path:
    """The data folder shipped inside the ``routes`` package."""
    return Path(str(files("routes").joinpath("data")))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance between two ``(lon, lat)`` positions."""
    _, _, metres = _geod.inv(a[0], a[1], b[0], b[1])
    return metres / 1000.0


def load_atlas(data_dir: str | Path | None = None, *, languages: tuple[str, ...] = ()) -> Atlas:
    """Load and validate a route-data folder.

    Parameters
    ----------
    data_dir : path, optional
        A folder laid out like ``routes/data``. Defaults to the shipped data.
    languages : optional
        Languages to check every map's translations in, beyond those each
        group declares in its ``languages`` column (which are always checked).

    Raises
    ------
    RouteDataError
        With every problem found, each naming file, record, field and value.
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    problems = ProblemList()
    if not folder.is_dir():
        problems.add(str(folder), "", "", "is not a folder", "missing-folder")
        problems.raise_if_any()
    for lang in languages:
        if lang not in LANGUAGES:
            problems.add(str(folder), "", "", f"language {lang!r} is not one of {', '.join(LANGUAGES)}", "unknown-language")
    problems.raise_if_any()
    return _Loader(folder, problems, languages=tuple(languages)).load()


class _Loader:
    def __init__(self, folder: Path, problems: ProblemList, languages: tuple[str, ...] = ()):
        self.folder = folder
        self.problems = problems
        self.languages = languages
        # lang -> (kind, id, field) -> text; and where each translated record was read
        self.translations: dict[str, dict[tuple[str, str, str], str]] = {lang: {} for lang in OTHER_LANGUAGES}
        self.translation_sites: dict[tuple[str, str], tuple[str, str]] = {}
        self.place_translations: dict[str, dict[str, str]] = {}  # to compare a place written in two files
        # id -> (file, record) of each loaded feature and figure, for later messages
        self.feature_records: dict[str, tuple[str, str]] = {}
        self.figure_records: dict[str, str] = {}
        # Files that could not be read, and ids seen in records that failed their own checks:
        # references to them are not reported again, so one mistake gives one error.
        self.unreadable: set[str] = set()
        self.feature_ids_seen: dict[str, str] = {}  # feature id -> route id of its file
        self.figure_ids_seen: set[str] = set()
        self.route_ids_seen: set[str] = set()

    # -- reading ------------------------------------------------------------

    def label(self, name: str) -> str:
        return str(self.folder / name)

    def read_text(self, name: str) -> str | None:
        text = self._read_text(name)
        if text is None:
            self.unreadable.add(name)
        return text

    def _read_text(self, name: str) -> str | None:
        path = self.folder / name
        file = self.label(name)
        if name in OPTIONAL_FILES and not path.exists():
            return None
        if not path.is_file():
            self.problems.add(file, "", "", "file is missing", "missing-file")
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            self.problems.add(
                file, "", "",
                f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes",
                "file-too-large",
            )
            return None
        raw = path.read_bytes()
        if not raw.strip():
            self.problems.add(file, "", "", "file is empty", "empty-file")
            return None
        if raw.startswith(b"\xef\xbb\xbf"):
            self.problems.add(
                file, "", "",
                "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM",
                "byte-order-mark",
            )
            return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problems.add(
                file, f"line {line}", "",
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                "not-utf8",
            )
            return None

    def read_csv(self, name: str) -> list[tuple[str, dict[str, str]]]:
        """Rows as ``(record label, fields)``; header problems are reported once."""
        text = self.read_text(name)
        if text is None:
            if name in OPTIONAL_FILES and not (self.folder / name).exists():
                self.unreadable.discard(name)  # absent on purpose, not broken
            return []
        required, optional = CSV_COLUMNS[name]
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = reader.fieldnames or []
        file = self.label(name)
        missing = [c for c in required if c not in header]
        unknown = [c for c in header if c not in required and c not in optional]
        for column in missing:
            # a misspelt column shows as one missing and one unknown: say it once, with the guess
            guess = f" (is {unknown[0]!r} meant to be {column!r}?)" if len(missing) == 1 and len(unknown) == 1 else ""
            self.problems.add(file, "header", column, f"required column is missing{guess}", "missing-column")
        for column in unknown if not (len(missing) == 1 and len(unknown) == 1) else ():
            self.problems.add(
                file, "header", column,
                f"unknown column (expected {', '.join(required + optional)})",
                "unknown-column",
            )
        if missing:
            self.unreadable.add(name)
            return []
        rows = []
        for row in reader:
            line = reader.line_num
            if None in row:
                self.problems.add(file, f"line {line}", "", "row has more cells than the header", "extra-cells")
                continue
            fields = {key: (value or "").strip() for key, value in row.items()}
            if not any(fields.values()):
                continue
            ident = fields.get("id", "")
            record = f"line {line} (id {ident!r})" if ident else f"line {line}"
            rows.append((record, fields))
        return rows

    # -- field checks -------------------------------------------------------

    def take_translations(self, kind: str, key: str, file: str, record: str, values: dict) -> dict[str, str]:
        """Collect a record's ``<field>_<lang>`` texts; returns them for comparisons."""
        self.translation_sites[(kind, key)] = (file, record)
        found = {}
        for column in translation_columns(kind):
            if column not in values:
                continue
            text = values[column]
            if text == "" or text is None:
                continue  # an empty cell is a missing translation, reported if the map needs it
            if not isinstance(text, str):
                self.problems.add(file, record, column, f"{text!r} is not text", "not-text")
                continue
            field, lang = column.rsplit("_", 1)
            if kind == "unit":
                forms = text.split("|")
                if len(forms) not in (1, PLURAL_FORMS[lang]) or not all(f.strip() for f in forms):
                    self.problems.add(
                        file, record, column,
                        f"{text!r} must be one name or {PLURAL_FORMS[lang]} forms separated by '|' "
                        "(e.g. 'судно|судна|судов' for 1, 2-4 and 5 ships)",
                        "bad-plural-forms",
                    )
                    continue
            self.translations[lang][(kind, key, field)] = text
            found[column] = text
        return found

    def check_id(self, file: str, record: str, field: str, value: object, seen: dict) -> bool:
        if not isinstance(value, str) or not value:
            self.problems.add(file, record, field, "is empty", "empty-id")
            return False
        if not ID_PATTERN.match(value):
            self.problems.add(
                file, record, field,
                f"{value!r} is not a valid id (lower-case letters, digits, '_' and '-')",
                "bad-id",
            )
            return False
        if value in seen:
            self.problems.add(
                file, record, field, f"{value!r} is used twice (also at {seen[value]})", "duplicate-id"
            )
            return False
        seen[value] = f"{file}: {record}"
        return True

    def check_text(self, file: str, record: str, field: str, value: object, *, required=True) -> str:
        if value is None or value == "":
            if required:
                self.problems.add(file, record, field, "is empty", "empty-field")
            return ""
        if not isinstance(value, str):
            self.problems.add(file, record, field, f"{value!r} is not text", "not-text")
            return ""
        return value

    def check_choice(self, file, record, field, value, choices, code) -> str:
        if value not in choices:
            self.problems.add(
                file, record, field, f"{value!r} is not one of {', '.join(choices)}", code
            )
            return ""
        return value

    def check_period(self, file, record, start, end) -> Period | None:
        ok = True
        for field, value in (("start", start), ("end", end)):
            if not isinstance(value, str) or not value:
                self.problems.add(file, record, field, "is empty", "empty-field")
                ok = False
                continue
            try:
                parse_iso_partial(value, last=(field == "end"))
            except ValueError:
                self.problems.add(
                    file, record, field,
                    f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
                    "bad-date",
                )
                ok = False
        if not ok:
            return None
        period = Period(start, end)
        if period.first_day > period.last_day:
            self.problems.add(
                file, record, "end", f"{end!r} is before start {start!r}", "inverted-period"
            )
            return None
        return period

    def check_number(self, file, record, field, text, *, required=True) -> float | None:
        if text is None or text == "":
            if required:
                self.problems.add(file, record, field, "is empty", "empty-field")
            return None
        if isinstance(text, bool):
            number = math.nan
        elif isinstance(text, (int, float)):
            number = float(text)
        else:
            try:
                number = float(text)
            except ValueError:
                self.problems.add(
                    file, record, field,
                    f"{text!r} is not a number (write digits only, e.g. 3350 or 0.5)",
                    "not-a-number",
                )
                return None
        if not math.isfinite(number):
            self.problems.add(file, record, field, f"{text!r} is not a finite number", "not-a-number")
            return None
        if number < 0:
            self.problems.add(file, record, field, f"{text!r} is negative", "negative-value")
            return None
        return number

    def check_sources(self, file, record, field, value) -> tuple[str, ...]:
        if value is None:
            return ()  # a missing property: already reported as such
        if isinstance(value, str):
            items = [v.strip() for v in value.split(";") if v.strip()]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            items = value
        else:
            self.problems.add(file, record, field, f"{value!r} is not a list of source ids", "bad-sources")
            return ()
        if not items:
            self.problems.add(file, record, field, "names no source", "missing-source")
        return tuple(items)

    # -- tables -------------------------------------------------------------

    def load(self) -> Atlas:
        seen_ids: dict[str, str] = {}
        groups = self.load_groups(seen_ids)
        routes = self.load_routes(groups, seen_ids)
        sources = self.load_sources()
        metrics = self.load_vocabulary("metrics.csv")
        units = self.load_vocabulary("units.csv")
        legs, places, events = self.load_geojson(routes, seen_ids)
        figures = self.load_figures(routes, groups, legs, places, events, metrics, units)
        self.check_references(sources, legs, places, events, figures)
        by_id = {f.id: f for f in figures}
        slices = self.load_slices(groups)
        flows = self.load_flows(groups, routes, slices, by_id)
        charts = self.load_charts(groups, routes, by_id)
        countries = self.load_countries()
        self.problems.raise_if_any()
        atlas = Atlas(
            routes=routes,
            legs=tuple(legs),
            places=places,
            events=events,
            figures=tuple(figures),
            sources=sources,
            metrics=metrics,
            units=units,
            groups=groups,
            slices=tuple(slices),
            flows=tuple(flows),
            charts=tuple(charts),
            countries=tuple(countries),
            translations={lang: table for lang, table in self.translations.items() if table},
        )
        self.check_translations(atlas)
        self.problems.raise_if_any()
        return atlas

    def check_translations(self, atlas: Atlas) -> None:
        """Each map must have every text it shows in each language it is built in."""
        reported: set[tuple[str, str, str, str]] = set()
        for group in atlas.groups.values():
            for lang in dict.fromkeys(group.languages + self.languages):
                if lang == BASE_LANGUAGE:
                    continue
                table = self.translations.get(lang, {})
                for kind, key, field, text in atlas.translation_needs(group.id):
                    if (kind, key, field) in table or (lang, kind, key, field) in reported:
                        continue
                    reported.add((lang, kind, key, field))
                    file, record = self.translation_sites[(kind, key)]
                    shown = text if len(text) <= 60 else text[:57] + "..."
                    self.problems.add(
                        file, record, f"{field}_{lang}",
                        f"is missing: the map {group.id!r} is built in {LANGUAGE_NAMES[lang]} "
                        f"and needs a translation of {shown!r}",
                        "missing-translation",
                    )

    def load_groups(self, seen_ids) -> dict[str, Group]:
        groups = {}
        file = self.label("groups.csv")
        for record, row in self.read_csv("groups.csv"):
            if not self.check_id(file, record, "id", row["id"], seen_ids):
                continue
            declared = tuple(v.strip() for v in row.get("languages", "").split(";") if v.strip())
            for lang in declared:
                self.check_choice(file, record, "languages", lang, LANGUAGES, "unknown-language")
            if declared and BASE_LANGUAGE not in declared:
                self.problems.add(
                    file, record, "languages", f"{row['languages']!r} must include {BASE_LANGUAGE!r}, the data's language",
                    "unknown-language",
                )
            groups[row["id"]] = Group(
                id=row["id"],
                name=self.check_text(file, record, "name", row["name"]),
                summary=self.check_text(file, record, "summary", row["summary"]),
                see_also=tuple(v.strip() for v in row.get("see_also", "").split(";") if v.strip()),
                languages=tuple(lang for lang in declared if lang in LANGUAGES) or (BASE_LANGUAGE,),
                question=row.get("question", ""),
                level=row.get("level", ""),
                borders=self.check_choice(file, record, "borders", row["borders"], BORDER_SETS, "unknown-choice")
                if row.get("borders")
                else "",
            )
            self.take_translations("group", row["id"], file, record, row)
            self.feature_records[f"group:{row['id']}"] = (file, record)
        for group in groups.values():
            for other in group.see_also:
                if other not in groups:
                    file, record = self.feature_records[f"group:{group.id}"]
                    self.problems.add(file, record, "see_also", f"{other!r} is not a group id", "unknown-group")
        return groups

    def load_routes(self, groups, seen_ids) -> dict[str, Route]:
        routes = {}
        file = self.label("routes.csv")
        for record, row in self.read_csv("routes.csv"):
            if not self.check_id(file, record, "id", row["id"], seen_ids):
                continue
            self.route_ids_seen.add(row["id"])  # even if the row fails below: its file is not "unlisted"
            group = self.check_choice(file, record, "group", row["group"], list(groups), "unknown-group")
            period = self.check_period(file, record, row["start"], row["end"])
            name = self.check_text(file, record, "name", row["name"])
            summary = self.check_text(file, record, "summary", row["summary"])
            self.take_translations("route", row["id"], file, record, row)
            if group and period:
                routes[row["id"]] = Route(row["id"], name, group, period, summary)
        return routes

    def load_sources(self) -> dict[str, Source]:
        sources = {}
        seen: dict[str, str] = {}
        file = self.label("sources.csv")
        for record, row in self.read_csv("sources.csv"):
            if not self.check_id(file, record, "id", row["id"], seen):
                continue
            title = self.check_text(file, record, "title", row["title"])
            address = row["address"]
            if address and not URL_PATTERN.match(address):
                self.problems.add(
                    file, record, "address",
                    f"{address!r} is not an http(s) address",
                    "bad-address",
                )
                address = ""
            sources[row["id"]] = Source(
                id=row["id"],
                title=title,
                author=row["author"],
                publisher=row["publisher"],
                year=row["year"],
                address=address,
                licence=row.get("licence", ""),
                note=row.get("note", ""),
                short=row.get("short", ""),
            )
            self.take_translations("source", row["id"], file, record, row)
        return sources

    def load_vocabulary(self, name: str) -> dict[str, str]:
        vocabulary = {}
        seen: dict[str, str] = {}
        file = self.label(name)
        for record, row in self.read_csv(name):
            if self.check_id(file, record, "id", row["id"], seen):
                vocabulary[row["id"]] = self.check_text(file, record, "name", row["name"])
                self.take_translations(CSV_KINDS[name], row["id"], file, record, row)
        return vocabulary

    # -- GeoJSON ------------------------------------------------------------

    def load_geojson(self, routes, seen_ids):
        legs: list[Leg] = []
        places: dict[str, Place] = {}
        events: dict[str, Event] = {}
        place_origin: dict[str, str] = {}
        geojson_files = sorted(p.name for p in self.folder.glob("*.geojson"))
        for route_id in routes:
            if f"{route_id}.geojson" not in geojson_files:
                self.problems.add(
                    self.label(f"{route_id}.geojson"), "", "",
                    f"file is missing (routes.csv lists route {route_id!r})",
                    "missing-file",
                )
                self.unreadable.add(f"{route_id}.geojson")  # what refers to its features is not re-reported
        for name in geojson_files:
            route_id = name.removesuffix(".geojson")
            file = self.label(name)
            if "routes.csv" in self.unreadable:
                self.unreadable.add(name)  # without routes.csv no route file can be checked
                continue
            if route_id not in routes:
                if route_id in self.route_ids_seen:
                    self.unreadable.add(name)  # its row in routes.csv has its own problem
                    continue
                self.problems.add(
                    file, "", "",
                    f"route {route_id!r} is not listed in routes.csv",
                    "unknown-route",
                )
                continue
            collection = self.read_feature_collection(name)
            if collection is None:
                continue
            for index, feature in enumerate(collection):
                self.load_feature(
                    file, index, feature, route_id, seen_ids, legs, places, events, place_origin
                )
        self.check_leg_ends(legs, places)
        return legs, places, events

    def read_feature_collection(self, name: str) -> list | None:
        text = self.read_text(name)
        if text is None:
            return None
        file = self.label(name)
        self.unreadable.add(name)  # until it proves to be a FeatureCollection
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            self.problems.add(
                file, f"line {exc.lineno} column {exc.colno}", "",
                f"is not valid JSON: {exc.msg}",
                "malformed-json",
            )
            return None
        if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
            kind = document.get("type") if isinstance(document, dict) else type(document).__name__
            self.problems.add(
                file, "top level", "type",
                f"{kind!r} found; a route file must be one GeoJSON FeatureCollection",
                "not-feature-collection",
            )
            return None
        features = document.get("features")
        if not isinstance(features, list):
            self.problems.add(file, "top level", "features", "must be a list of Features", "not-feature-collection")
            return None
        self.unreadable.discard(name)
        return features

    def load_feature(self, file, index, feature, route_id, seen_ids, legs, places, events, place_origin):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            self.problems.add(file, f"feature #{index}", "type", "is not a GeoJSON Feature", "not-feature")
            return
        props = feature.get("properties")
        geometry = feature.get("geometry")
        ident = props.get("id") if isinstance(props, dict) else None
        if isinstance(ident, str) and ident:
            self.feature_ids_seen.setdefault(ident, route_id)
        record = f"feature #{index} (id {ident!r})" if ident else f"feature #{index}"
        if not isinstance(props, dict):
            self.problems.add(file, record, "properties", "must be an object", "bad-properties")
            return
        if not isinstance(geometry, dict) or "type" not in geometry:
            self.problems.add(file, record, "geometry", "is missing or not a geometry object", "bad-geometry")
            return
        gtype = geometry.get("type")
        if gtype in ("LineString", "MultiLineString"):
            self.load_leg(file, record, props, geometry, route_id, seen_ids, legs)
        elif gtype == "Point":
            kind = props.get("kind")
            if kind in EVENT_KINDS:
                self.load_event(file, record, props, geometry, route_id, seen_ids, events)
            else:
                self.load_place(file, record, props, geometry, route_id, seen_ids, places, place_origin)
        else:
            self.problems.add(
                file, record, "geometry",
                f"type {gtype!r}: legs are LineString or MultiLineString, places and events are Point",
                "wrong-geometry-type",
            )

    def check_unknown_properties(self, file, record, props, required, optional):
        for key in props:
            if key not in required and key not in optional:
                self.problems.add(
                    file, record, key,
                    f"unknown property (expected {', '.join(required + optional)})",
                    "unknown-property",
                )
        for key in required:
            if key not in props:
                self.problems.add(file, record, key, "required property is missing", "missing-property")

    def check_position(self, file, record, position, what="geometry") -> tuple[float, float] | None:
        if (
            not isinstance(position, list)
            or len(position) not in (2, 3)
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position)
        ):
            self.problems.add(file, record, what, f"{position!r} is not a [lon, lat] position", "bad-position")
            return None
        lon, lat = float(position[0]), float(position[1])
        if not (math.isfinite(lon) and math.isfinite(lat)):
            self.problems.add(file, record, what, f"{position!r} is not finite", "bad-position")
            return None
        if not -180 <= lon <= 180 or not -90 <= lat <= 90:
            hint = ""
            if -180 <= lat <= 180 and -90 <= lon <= 90:
                hint = "; GeoJSON order is [longitude, latitude]: are they swapped?"
            self.problems.add(
                file, record, what,
                f"{position!r} is outside longitude -180..180 / latitude -90..90{hint}",
                "coordinate-out-of-range",
            )
            return None
        return lon, lat

    def load_place(self, file, record, props, geometry, route_id, seen_ids, places, place_origin):
        self.check_unknown_properties(file, record, props, PLACE_REQUIRED, PLACE_OPTIONAL)
        position = self.check_position(file, record, geometry.get("coordinates"))
        ident = props.get("id")
        kind = self.check_choice(file, record, "kind", props.get("kind"), PLACE_KINDS + EVENT_KINDS, "unknown-kind")
        name = self.check_text(file, record, "name", props.get("name"))
        coord_source = self.check_text(file, record, "coord_source", props.get("coord_source"))
        self.check_route_property(file, record, props, route_id)
        translated = {k: props[k] for k in translation_columns("place") if k in props}
        if isinstance(ident, str) and ident in places:
            existing = places[ident]
            same = position is not None and (existing.lon, existing.lat) == position and (
                existing.name, existing.kind, existing.coord_source, existing.coord_ref, existing.note, existing.label
            ) == (
                name, kind, coord_source, str(props.get("coord_ref", "")), props.get("note", ""), props.get("label", "")
            ) and translated == self.place_translations.get(ident)
            if not same:
                self.problems.add(
                    file, record, "id",
                    f"place {ident!r} is also defined, differently, at {place_origin[ident]}",
                    "conflicting-place",
                )
            else:
                places[ident] = Place(**{**existing.__dict__, "routes": existing.routes + (route_id,)})
            return
        if not self.check_id(file, record, "id", ident, seen_ids):
            return
        place_origin[ident] = f"{file}: {record}"
        self.place_translations[ident] = translated
        self.take_translations("place", ident, file, record, props)
        if position and kind and name:
            self.feature_records[ident] = (file, record)
            places[ident] = Place(
                id=ident,
                routes=(route_id,),
                name=name,
                kind=kind,
                lon=position[0],
                lat=position[1],
                coord_source=coord_source,
                coord_ref=str(props.get("coord_ref", "")),
                note=self.check_text(file, record, "note", props.get("note"), required=False),
                label=self.check_text(file, record, "label", props.get("label"), required=False),
            )

    def load_event(self, file, record, props, geometry, route_id, seen_ids, events):
        self.check_unknown_properties(file, record, props, EVENT_REQUIRED, EVENT_OPTIONAL)
        position = self.check_position(file, record, geometry.get("coordinates"))
        ident = props.get("id")
        id_ok = self.check_id(file, record, "id", ident, seen_ids)
        name = self.check_text(file, record, "name", props.get("name"))
        period = self.check_period(file, record, props.get("start"), props.get("end"))
        sources = self.check_sources(file, record, "sources", props.get("sources"))
        radius = self.check_number(file, record, "radius_km", props.get("radius_km"), required=False)
        self.check_route_property(file, record, props, route_id)
        if id_ok:
            self.take_translations("event", ident, file, record, props)
        if id_ok and position and name and period:
            self.feature_records[ident] = (file, record)
            events[ident] = Event(
                id=ident,
                route=route_id,
                name=name,
                kind=props["kind"],
                lon=position[0],
                lat=position[1],
                period=period,
                sources=sources,
                radius_km=radius or 0.0,
                note=self.check_text(file, record, "note", props.get("note"), required=False),
            )

    def check_route_property(self, file, record, props, route_id):
        if "route" in props and props["route"] != route_id:
            self.problems.add(
                file, record, "route",
                f"{props['route']!r} does not match the file's route {route_id!r}",
                "unknown-route",
            )

    def load_leg(self, file, record, props, geometry, route_id, seen_ids, legs):
        self.check_unknown_properties(file, record, props, LEG_REQUIRED, LEG_OPTIONAL)
        ident = props.get("id")
        id_ok = self.check_id(file, record, "id", ident, seen_ids)
        if "route" in props:
            self.check_route_property(file, record, props, route_id)
        mode = self.check_choice(file, record, "mode", props.get("mode"), MODES, "unknown-mode")
        period = self.check_period(file, record, props.get("start"), props.get("end"))
        note = self.check_text(file, record, "note", props.get("note"), required=False)
        sources = self.check_sources(file, record, "sources", props.get("sources"))
        from_place = self.check_text(file, record, "from", props.get("from"))
        to_place = self.check_text(file, record, "to", props.get("to"))
        track = props.get("track", "computed")
        track = self.check_choice(file, record, "track", track, TRACKS, "unknown-track")
        closed = props.get("closed_passages", [])
        if not isinstance(closed, list):
            self.problems.add(file, record, "closed_passages", f"{closed!r} is not a list", "unknown-passage")
            closed = []
        for passage in closed:
            self.check_choice(file, record, "closed_passages", passage, SEA_PASSAGES, "unknown-passage")
        if closed and mode != "sea":
            self.problems.add(
                file, record, "closed_passages", "only sea legs pass through sea passages", "unknown-passage"
            )
        parts = self.check_leg_geometry(file, record, geometry)
        if id_ok:
            self.take_translations("leg", ident, file, record, props)
        if id_ok and mode and period and parts and from_place and to_place and track:
            legs.append(
                Leg(
                    id=ident,
                    route=route_id,
                    name=self.check_text(file, record, "name", props.get("name"), required=False),
                    from_place=from_place,
                    to_place=to_place,
                    mode=mode,
                    period=period,
                    sources=sources,
                    parts=parts,
                    note=note,
                    closed_passages=tuple(closed),
                    track=track,
                )
            )
            self.feature_records[ident] = (file, record)

    def check_leg_geometry(self, file, record, geometry):
        gtype = geometry["type"]
        coords = geometry.get("coordinates")
        raw_parts = [coords] if gtype == "LineString" else coords
        if not isinstance(raw_parts, list) or not raw_parts:
            self.problems.add(file, record, "geometry", "has no coordinates", "bad-geometry")
            return None
        parts = []
        for raw in raw_parts:
            if not isinstance(raw, list) or len(raw) < 2:
                self.problems.add(file, record, "geometry", "a line needs at least two positions", "bad-geometry")
                return None
            part = []
            for position in raw:
                checked = self.check_position(file, record, position)
                if checked is None:
                    return None
                part.append(checked)
            for a, b in zip(part, part[1:]):
                if abs(b[0] - a[0]) > 180:
                    self.problems.add(
                        file, record, "geometry",
                        f"segment {list(a)} -> {list(b)} jumps {abs(b[0] - a[0]):.1f} degrees of longitude; "
                        "split lines that cross the antimeridian into a MultiLineString (RFC 7946 3.1.9)",
                        "unsplit-antimeridian",
                    )
                    return None
            parts.append(tuple(part))
        for left, right in zip(parts, parts[1:]):
            end, start = left[-1], right[0]
            if not (abs(end[0]) == 180 and abs(start[0]) == 180 and end[0] == -start[0]
                    and math.isclose(end[1], start[1], abs_tol=1e-6)):
                self.problems.add(
                    file, record, "geometry",
                    f"parts must join at the antimeridian; {list(end)} does not meet {list(start)}",
                    "broken-multilinestring",
                )
                return None
        return tuple(parts)

    @property
    def any_geojson_unreadable(self) -> bool:
        return any(name.endswith(".geojson") for name in self.unreadable)

    def check_leg_ends(self, legs, places):
        swapped: dict[str, list[str]] = {}  # place id -> legs whose ends show its swap
        placed: set[str] = set()  # places some leg starts or ends at, as it should
        for leg in legs:
            file, record = self.feature_records[leg.id]
            for field, place_id, position in (
                ("from", leg.from_place, leg.parts[0][0]),
                ("to", leg.to_place, leg.parts[-1][-1]),
            ):
                place = places.get(place_id)
                if place is None:
                    if place_id not in self.feature_ids_seen and not self.any_geojson_unreadable:
                        self.problems.add(
                            file, record, field, f"{place_id!r} is not a place in any route file", "unknown-place"
                        )
                    continue
                gap = distance_km(position, (place.lon, place.lat))
                if gap <= ENDPOINT_TOLERANCE_KM:
                    placed.add(place_id)
                    continue
                if -90 <= place.lon <= 90 and distance_km(position, (place.lat, place.lon)) <= ENDPOINT_TOLERANCE_KM:
                    swapped.setdefault(place_id, []).append(leg.id)  # reported once, on the place
                    continue
                hint = ""
                if distance_km((position[1], position[0]), (place.lon, place.lat)) <= ENDPOINT_TOLERANCE_KM:
                    hint = "; this position has latitude and longitude swapped"
                self.problems.add(
                    file, record, field,
                    f"the line {'starts' if field == 'from' else 'ends'} at {list(position)}, "
                    f"{gap:,.0f} km from {place.name} {[place.lon, place.lat]}{hint}",
                    "swapped-coordinates" if hint else "endpoint-far-from-place",
                )
        for place_id, leg_ids in swapped.items():
            place = places[place_id]
            file, record = self.feature_records[place_id]
            self.problems.add(
                file, record, "geometry",
                f"{[place.lon, place.lat]} has latitude and longitude swapped: GeoJSON order is "
                f"[longitude, latitude], and {', '.join(map(repr, leg_ids))} "
                f"{'starts or ends' if len(leg_ids) == 1 else 'start or end'} at {[place.lat, place.lon]}",
                "swapped-coordinates",
            )
        self.check_places_near_their_routes(legs, places, placed | set(swapped))

    def check_places_near_their_routes(self, legs, places, checked: set[str]) -> None:
        """A place on no leg's end, far from its routes, that would lie by them if its latitude
        and longitude were swapped (a Murmansk at 33 N 68 E), is reported."""
        waypoints: dict[str, list[tuple[float, float]]] = {}
        for leg in legs:
            waypoints.setdefault(leg.route, []).extend(p for part in leg.parts for p in part)
        for place in places.values():
            if place.id in checked or not -90 <= place.lon <= 90:
                continue
            points = [p for route in place.routes for p in waypoints.get(route, ())]
            if not points:
                continue
            near = _nearest_km((place.lon, place.lat), points)
            if near > PLAUSIBLE_PLACE_KM and _nearest_km((place.lat, place.lon), points) <= PLAUSIBLE_PLACE_KM:
                file, record = self.feature_records[place.id]
                self.problems.add(
                    file, record, "geometry",
                    f"{[place.lon, place.lat]} is {near:,.0f} km from every leg of its route, which passes "
                    f"{[place.lat, place.lon]}: GeoJSON order is [longitude, latitude]; are they swapped?",
                    "swapped-coordinates",
                )

    # -- figures ------------------------------------------------------------

    def load_figures(self, routes, groups, legs, places, events, metrics, units) -> list[Figure]:
        figures = []
        seen: dict[str, str] = {}
        file = self.label("figures.csv")
        features: dict[str, tuple[str, ...]] = {i: (r,) for i, r in self.feature_ids_seen.items()}
        features.update({p.id: p.routes for p in places.values()})
        for record, row in self.read_csv("figures.csv"):
            id_ok = self.check_id(file, record, "id", row["id"], seen)
            self.figure_ids_seen.add(row["id"])
            subject = row["route"]
            if {"routes.csv", "groups.csv"} & self.unreadable:
                subject = subject if subject in routes or subject in groups else ""
            elif subject in self.route_ids_seen and subject not in routes:
                subject = ""  # a route whose own row has a problem: not reported again here
            elif subject not in routes and subject not in groups:
                self.problems.add(
                    file, record, "route",
                    f"{subject!r} is not a route or group id (routes: {', '.join(routes)}; "
                    f"groups: {', '.join(groups)})",
                    "unknown-route",
                )
                subject = ""
            feature = row.get("feature", "")
            if feature and not self.any_geojson_unreadable:
                owner = features.get(feature)
                if owner is None:
                    self.problems.add(
                        file, record, "feature", f"{feature!r} is not a leg, place or event id", "unknown-feature"
                    )
                elif subject and subject not in owner:
                    self.problems.add(
                        file, record, "feature", f"{feature!r} does not belong to route {subject!r}",
                        "unknown-feature",
                    )
            metric = unit = ""
            if "metrics.csv" not in self.unreadable:
                metric = self.check_choice(file, record, "metric", row["metric"], list(metrics), "unknown-metric")
            if "units.csv" not in self.unreadable:
                unit = self.check_choice(file, record, "unit", row["unit"], list(units), "unknown-unit")
            value = self.check_number(file, record, "value", row["value"])
            value_high = self.check_number(file, record, "value_high", row.get("value_high", ""), required=False)
            if value is not None and value_high is not None and value_high < value:
                self.problems.add(
                    file, record, "value_high", f"{row['value_high']!r} is below value {row['value']!r}",
                    "inverted-range",
                )
            if unit == "percent" and value is not None and value > 100:
                self.problems.add(file, record, "value", f"{row['value']!r} is more than 100 percent", "bad-percent")
            period = self.check_period(file, record, row["start"], row["end"])
            qualifier = self.check_choice(
                file, record, "qualifier", row["qualifier"], QUALIFIERS, "unknown-qualifier"
            )
            if not row["source"]:
                self.problems.add(file, record, "source", "is empty: every figure needs a source", "missing-source")
            quote = self.check_text(file, record, "quote", row["quote"])
            disputed = tuple(v.strip() for v in row.get("disputed_with", "").split(";") if v.strip())
            if id_ok:
                self.take_translations("figure", row["id"], file, record, row)
            if id_ok and subject and metric and unit and value is not None and period and qualifier and row["source"]:
                figures.append(
                    Figure(
                        id=row["id"],
                        route=subject,
                        feature=feature,
                        metric=metric,
                        value=value,
                        unit=unit,
                        period=period,
                        qualifier=qualifier,
                        source=row["source"],
                        quote=quote,
                        value_high=value_high,
                        disputed_with=disputed,
                        note=row.get("note", ""),
                    )
                )
                self.figure_records[row["id"]] = record
        return figures

    def check_references(self, sources, legs, places, events, figures):
        known_ids = self.figure_ids_seen
        figures_file = self.label("figures.csv")
        if "sources.csv" in self.unreadable:
            sources = _Everything()
        for fig in figures:
            record = self.figure_records[fig.id]
            if fig.source not in sources:
                self.problems.add(
                    figures_file, record, "source", f"{fig.source!r} is not in sources.csv", "unknown-source"
                )
            for other in fig.disputed_with:
                if other not in known_ids:
                    self.problems.add(
                        figures_file, record, "disputed_with", f"{other!r} is not a figure id", "unknown-figure"
                    )
                elif other == fig.id:
                    self.problems.add(
                        figures_file, record, "disputed_with", "a figure cannot dispute itself", "unknown-figure"
                    )
        for leg in legs:
            file, record = self.feature_records[leg.id]
            for source in leg.sources:
                if source not in sources:
                    self.problems.add(file, record, "sources", f"{source!r} is not in sources.csv", "unknown-source")
        for event in events.values():
            file, record = self.feature_records[event.id]
            for source in event.sources:
                if source not in sources:
                    self.problems.add(file, record, "sources", f"{source!r} is not in sources.csv", "unknown-source")
        for place in places.values():
            file, record = self.feature_records[place.id]
            if place.coord_source and place.coord_source not in sources:
                self.problems.add(
                    file, record, "coord_source", f"{place.coord_source!r} is not in sources.csv", "unknown-source"
                )


    # -- presentation tables (optional) ------------------------------------

    def load_slices(self, groups) -> list[TimeSlice]:
        slices = []
        seen_by_group: dict[str, dict[str, str]] = {}  # period ids are unique within a group
        file = self.label("periods.csv")
        for record, row in self.read_csv("periods.csv"):
            group = self.check_choice(file, record, "group", row["group"], list(groups), "unknown-group")
            seen = seen_by_group.setdefault(group, {})
            id_ok = self.check_id(file, record, "id", row["id"], seen)
            label = self.check_text(file, record, "label", row["label"])
            period = self.check_period(file, record, row["start"], row["end"])
            if id_ok and group:
                self.take_translations("period", f"{group}/{row['id']}", file, record, row)
            if id_ok and group and label and period:
                slices.append(TimeSlice(group, row["id"], label, period))
        return slices

    def load_flows(self, groups, routes, slices, figures) -> list[Flow]:
        flows = []
        file = self.label("flows.csv")
        known_slices = {(s.group, s.id): s for s in slices}
        units_in_slice: dict[tuple[str, str], tuple[str, str]] = {}
        taken: set[tuple[str, str, str]] = set()
        for record, row in self.read_csv("flows.csv"):
            key = (row["group"], row["period"])
            if key not in known_slices:
                self.problems.add(
                    file, record, "period", f"{row['period']!r} is not a period of group {row['group']!r} in periods.csv",
                    "unknown-period",
                )
                continue
            route = routes.get(row["route"])
            if "routes.csv" in self.unreadable:
                if route is None:
                    continue  # not re-reported: routes.csv itself could not be read
            elif route is None or route.group != row["group"]:
                self.problems.add(
                    file, record, "route", f"{row['route']!r} is not a route of group {row['group']!r}", "unknown-route"
                )
                continue
            figure = figures.get(row["figure"])
            if figure is None:
                if row["figure"] not in self.figure_ids_seen and "figures.csv" not in self.unreadable:
                    self.problems.add(file, record, "figure", f"{row['figure']!r} is not a figure id", "unknown-figure")
                continue
            if figure.route != route.id:
                self.problems.add(
                    file, record, "figure", f"{figure.id!r} is a figure of {figure.route!r}, not of {route.id!r}",
                    "unknown-figure",
                )
                continue
            if figure.unit not in FLOW_UNITS:
                self.problems.add(
                    file, record, "figure",
                    f"{figure.id!r} is in {figure.unit!r}; a line width needs one of {', '.join(FLOW_UNITS)}",
                    "bad-flow-unit",
                )
                continue
            unit_kind = FLOW_KINDS[figure.unit]
            # an air ferry's aircraft have their own scale; shares and tonnages must not mix
            first = units_in_slice.setdefault((*key, unit_kind == "aircraft"), (unit_kind, record))
            if first[0] != unit_kind:
                self.problems.add(
                    file, record, "figure",
                    f"{figure.id!r} is in {figure.unit!r} but {first[1]} of the same period is not: "
                    "widths in one period must compare like with like",
                    "mixed-flow-units",
                )
                continue
            if (*key, route.id) in taken:
                self.problems.add(file, record, "route", f"{route.id!r} already has a flow in this period", "duplicate-id")
                continue
            taken.add((*key, route.id))
            flows.append(Flow(row["group"], row["period"], route.id, figure.id))
        return flows

    def load_charts(self, groups, routes, figures) -> list[Chart]:
        charts = []
        seen: dict[str, str] = {}
        file = self.label("charts.csv")
        for record, row in self.read_csv("charts.csv"):
            id_ok = self.check_id(file, record, "id", row["id"], seen)
            group = self.check_choice(file, record, "group", row["group"], list(groups), "unknown-group")
            route = row.get("route", "")
            if route and (route not in routes or routes[route].group != group):
                if "routes.csv" not in self.unreadable:
                    self.problems.add(
                        file, record, "route", f"{route!r} is not a route of group {group!r}", "unknown-route"
                    )
                route = None
            figure_ids = tuple(v.strip() for v in row["figures"].split(";") if v.strip())
            if not figure_ids:
                self.problems.add(file, record, "figures", "names no figure", "empty-field")
            missing = [
                f for f in figure_ids
                if f not in figures and f not in self.figure_ids_seen and "figures.csv" not in self.unreadable
            ]
            for figure_id in missing:
                self.problems.add(file, record, "figures", f"{figure_id!r} is not a figure id", "unknown-figure")
            group_by = self.check_choice(file, record, "group_by", row["group_by"], CHART_GROUPINGS, "unknown-choice")
            series_by = self.check_choice(file, record, "series_by", row["series_by"], CHART_SERIES, "unknown-choice")
            scale = self.check_choice(file, record, "scale", row["scale"], CHART_SCALES, "unknown-choice")
            title = self.check_text(file, record, "title", row["title"])
            if id_ok:
                self.take_translations("chart", row["id"], file, record, row)
            usable = all(f in figures for f in figure_ids)
            if id_ok and group and route is not None and figure_ids and usable and group_by and series_by and scale:
                charts.append(Chart(row["id"], group, route, title, figure_ids, group_by, series_by, scale))
        return charts


    def load_countries(self) -> list[Country]:
        countries = []
        seen: dict[str, str] = {}
        file = self.label("countries.csv")
        for record, row in self.read_csv("countries.csv"):
            id_ok = self.check_id(file, record, "id", row["id"], seen)
            name = self.check_text(file, record, "name", row["name"])
            period = self.check_period(file, record, row["start"], row["end"])
            position = [row.get("lon", ""), row.get("lat", "")]
            lon = lat = None
            if any(position):
                try:
                    lon, lat = (float(v) for v in position)
                except ValueError:
                    self.problems.add(file, record, "lon", f"{position!r}: give both lon and lat as numbers, or neither",
                                      "not-a-number")
                else:
                    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                        self.problems.add(file, record, "lon", f"({lon}, {lat}) is not a position", "coordinate-out-of-range")
            if id_ok:
                self.take_translations("country", row["id"], file, record, row)
            if id_ok and name and period:
                countries.append(Country(row["id"], name, period, row.get("borders_name", ""), lon, lat))
        return countries


class _Everything:
    """Stands in for a table that could not be read: every id is taken as known."""

    def __contains__(self, item) -> bool:
        return True


__all__ = ["load_atlas", "default_data_dir", "distance_km", "RouteDataError", "SEA_PASSAGES"]
