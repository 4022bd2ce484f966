"""Every figure of the atlas as a CSV file for students and spreadsheets.

Names, notes and unit names are in the chosen language; quotes stay as
the sources print them. The geography as drawn (GeoJSON) needs the routing
of :mod:`geo`, so it is written by :mod:`mapgen.datafiles`.
"""

from __future__ import annotations

from routes.atlas import Atlas
from routes.model import BASE_LANGUAGE
from routes.model_convoys import CONVOY_COUNTS

FIGURE_COLUMNS = (
    "id",
    "map",
    "map_name",
    "route",
    "route_name",
    "feature",
    "feature_name",
    "metric",
    "metric_name",
    "value",
    "value_high",
    "unit",
    "unit_name",
    "qualifier",
    "start",
    "end",
    "source",
    "source_title",
    "source_author",
    "source_publisher",
    "source_year",
    "source_address",
    "quote",
    "disputed_with",
    "note",
)


# A spreadsheet reads a cell that starts with one of these as a formula (or, for tab and
# carriage return, as the start of one): OWASP's CSV-injection advice is to put a single
# quote before it, which Excel and LibreOffice show as text and do not display.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value: str) -> str:
    """A cell a spreadsheet shows as the text it is, never runs as a formula.

    >>> as_text_cell("=SUM(A1:A9)"), as_text_cell("- 23 ships"), as_text_cell("Murmansk")
    ("'=SUM(A1:A9)", "'- 23 ships", 'Murmansk')
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_line(cells: list[str]) -> str:
    r"""One row of CSV, a cell quoted where it holds a comma, a quote or a line break.

    Python's writer leaves a bare ``\r`` unquoted when rows end in ``\n``, and a
    reader then splits the row there; this quotes it too, and is otherwise the same.

    >>> csv_line(["a", "b,c", "d\rf"])
    'a,"b,c","d\rf"\n'
    >>> csv_line(['a "b" c'])
    '"a ""b"" c"\n'
    """
    return ",".join(_quoted(cell) for cell in cells) + "\n"


def _quoted(cell: str) -> str:
    if any(char in cell for char in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _unit_name(name: str) -> str:
    """A unit's name for a table heading: the form used with most numbers (the last listed)."""
    return name.split("|")[-1]


def figures_csv(atlas: Atlas, lang: str = BASE_LANGUAGE) -> str:
    """One row per figure, with the names of what it is about and its source in full.

    >>> from routes import load_atlas
    >>> rows = figures_csv(load_atlas()).splitlines()
    >>> rows[0].split(",")[:4]
    ['id', 'map', 'map_name', 'route']
    """
    local = atlas.in_language(lang)
    features = {
        leg.id: leg.name
        or f"{local.places[leg.from_place].name} – {local.places[leg.to_place].name}"
        for leg in local.legs
    }
    features.update({p.id: p.name for p in local.places.values()})
    features.update({e.id: e.name for e in local.events.values()})
    rows = []
    for figure in local.figures:
        route = local.routes.get(figure.route)
        group_id = route.group if route else figure.route
        source = local.sources[figure.source]
        rows.append(
            [
                figure.id,
                group_id,
                local.groups[group_id].name,
                figure.route if route else "",
                route.name if route else "",
                figure.feature,
                features.get(figure.feature, ""),
                figure.metric,
                local.metrics[figure.metric],
                _number(figure.value),
                _number(figure.value_high),
                figure.unit,
                _unit_name(local.units[figure.unit]),
                figure.qualifier,
                figure.period.start,
                figure.period.end,
                source.id,
                source.title,
                source.author,
                source.publisher,
                source.year,
                source.address,
                figure.quote,
                ";".join(figure.disputed_with),
                figure.note,
            ]
        )
    return csv_line(list(FIGURE_COLUMNS)) + "".join(
        csv_line([as_text_cell(c) for c in row]) for row in rows
    )


CONVOY_COLUMNS = (
    "id",
    "convoy",
    "direction",
    "sailed_with",
    "departed_from",
    "departed_from_name",
    "departed",
    "arrived_at",
    "arrived_at_name",
    "arrived",
    "ships_sailed",
    "ships_arrived",
    "ships_returned",
    "ships_sunk",
    "escorts_lost",
    "note",
    "source",
    "source_title",
    "source_address",
    "quote",
    "read_from_context",
    "gaps",
    "other_sources_say",
)


def convoys_csv(atlas: Atlas, lang: str = BASE_LANGUAGE) -> str:
    """One row per convoy: ports as ids and names, counts blank where no source states them.

    ``read_from_context`` names the values the quote does not print (read, e.g., from "all
    ships arrived safely"); ``other_sources_say`` lists the disputed values beside the table's
    own. The ``gaps`` column stays in English.

    >>> from routes import load_atlas
    >>> rows = convoys_csv(load_atlas()).splitlines()
    >>> rows[0].split(",")[:4], rows[1].split(",")[:3]
    (['id', 'convoy', 'direction', 'sailed_with'], ['dervish', 'Dervish', 'east'])
    """
    local = atlas.in_language(lang)

    def names(place_ids: tuple[str, ...]) -> str:
        return "; ".join(local.places[p].name for p in place_ids if p in local.places)

    rows = []
    for convoy in local.convoys:
        sources = [local.sources[s] for s in convoy.sources]
        disputed = [
            f"{d.field} {d.value} ({d.source})" + (f": {d.note}" if d.note else "")
            for d in local.disputes_of(convoy.id)
        ]
        rows.append(
            [
                convoy.id,
                convoy.name,
                convoy.direction,
                convoy.sailed_with,
                ";".join(convoy.departed_from),
                names(convoy.departed_from),
                convoy.departed,
                ";".join(convoy.arrived_at),
                names(convoy.arrived_at),
                convoy.arrived,
                *(_number(getattr(convoy, field)) for field in CONVOY_COUNTS),
                convoy.note,
                "; ".join(s.id for s in sources),
                "; ".join(s.title for s in sources),
                "; ".join(s.address for s in sources),
                convoy.quote,
                ";".join(convoy.inferred),
                convoy.gaps,
                "; ".join(disputed),
            ]
        )
    return csv_line(list(CONVOY_COLUMNS)) + "".join(
        csv_line([as_text_cell(c) for c in row]) for row in rows
    )
