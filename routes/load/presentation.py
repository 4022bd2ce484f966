"""Pass 3, tables (optional): how the maps present figures: year control, line widths, charts."""

from __future__ import annotations

from routes.errors import Code
from routes.load.context import LoadContext, shown
from routes.load.csvfile import read_csv
from routes.load.fields import (
    check_choice,
    check_id,
    check_period,
    check_text,
    split_list,
    take_translations,
)
from routes.load.schema import FLOW_UNITS
from routes.load.tables import check_group
from routes.model import (
    CHART_GROUPINGS,
    CHART_SCALES,
    CHART_SERIES,
    FLOW_KINDS,
    Chart,
    Country,
    Figure,
    Flow,
    Group,
    Route,
    TimeSlice,
)


def load_slices(ctx: LoadContext, groups: dict[str, Group]) -> list[TimeSlice]:
    slices = []
    seen_by_group: dict[str, dict[str, str]] = {}  # period ids are unique within a group
    file = ctx.label("periods.csv")
    for record, row in read_csv(ctx, "periods.csv"):
        group = check_group(ctx, file, record, row["group"], groups)
        seen = seen_by_group.setdefault(group, {})
        id_ok = check_id(ctx, file, record, "id", row["id"], seen)
        label = check_text(ctx, file, record, "label", row["label"])
        period = check_period(ctx, file, record, row["start"], row["end"])
        if id_ok and group:
            take_translations(ctx, "period", f"{group}/{row['id']}", file, record, row)
        if id_ok and group and label and period:
            slices.append(TimeSlice(group, row["id"], label, period))
    return slices


def load_flows(
    ctx: LoadContext, routes: dict[str, Route], slices: list[TimeSlice], figures: dict[str, Figure]
) -> list[Flow]:
    flows = []
    file = ctx.label("flows.csv")
    known_slices = {(s.group, s.id): s for s in slices}
    units_in_slice: dict[tuple, tuple[str, str]] = {}
    taken: set[tuple[str, str, str]] = set()
    for record, row in read_csv(ctx, "flows.csv"):
        key = (row["group"], row["period"])
        if key not in known_slices:
            if "periods.csv" not in ctx.unreadable and row["group"] not in ctx.broken_ids:
                ctx.add(
                    file,
                    record,
                    "period",
                    f"{shown(row['period'])} is not a period of group {shown(row['group'])} in "
                    "periods.csv",
                    Code.UNKNOWN_PERIOD,
                )
            continue
        route = routes.get(row["route"])
        if route is None and ("routes.csv" in ctx.unreadable or row["route"] in ctx.route_ids_seen):
            continue  # not re-reported: routes.csv, or the route's row, has its own problem
        if route is None or route.group != row["group"]:
            ctx.add(
                file,
                record,
                "route",
                f"{shown(row['route'])} is not a route of group {row['group']!r}",
                Code.ROUTE_NOT_IN_GROUP,
            )
            continue
        figure = figures.get(row["figure"])
        if figure is None:
            if row["figure"] not in ctx.figure_ids_seen and "figures.csv" not in ctx.unreadable:
                ctx.add(
                    file,
                    record,
                    "figure",
                    f"{shown(row['figure'])} is not a figure id",
                    Code.UNKNOWN_FIGURE,
                )
            continue
        if figure.route != route.id:
            ctx.add(
                file,
                record,
                "figure",
                f"{figure.id!r} is a figure of {figure.route!r}, not of {route.id!r}",
                Code.FIGURE_OF_OTHER_ROUTE,
            )
            continue
        if figure.unit not in FLOW_UNITS:
            ctx.add(
                file,
                record,
                "figure",
                f"{figure.id!r} is in {figure.unit!r}; a line width needs one of "
                f"{', '.join(FLOW_UNITS)}",
                Code.BAD_FLOW_UNIT,
            )
            continue
        unit_kind = FLOW_KINDS[figure.unit]
        # an air ferry's aircraft have a scale of their own; shares and tonnages must not mix
        first = units_in_slice.setdefault((*key, unit_kind == "aircraft"), (unit_kind, record))
        if first[0] != unit_kind:
            ctx.add(
                file,
                record,
                "figure",
                f"{figure.id!r} is in {figure.unit!r} but {first[1]} of the same period is not: "
                "widths in one period must compare like with like",
                Code.MIXED_FLOW_UNITS,
            )
            continue
        if (*key, route.id) in taken:
            ctx.add(
                file,
                record,
                "route",
                f"{route.id!r} already has a flow in this period",
                Code.DUPLICATE_FLOW,
            )
            continue
        taken.add((*key, route.id))
        flows.append(Flow(row["group"], row["period"], route.id, figure.id))
    return flows


def load_charts(
    ctx: LoadContext, groups: dict[str, Group], routes: dict[str, Route], figures: dict[str, Figure]
) -> list[Chart]:
    charts = []
    seen: dict[str, str] = {}
    file = ctx.label("charts.csv")
    for record, row in read_csv(ctx, "charts.csv"):
        id_ok = check_id(ctx, file, record, "id", row["id"], seen)
        group = check_group(ctx, file, record, row["group"], groups)
        route = row.get("route", "")
        if route and (route not in routes or routes[route].group != group):
            if "routes.csv" not in ctx.unreadable and route not in ctx.route_ids_seen - set(routes):
                ctx.add(
                    file,
                    record,
                    "route",
                    f"{shown(route)} is not a route of group {group!r}",
                    Code.ROUTE_NOT_IN_GROUP,
                )
            route = None
        figure_ids = split_list(row["figures"])
        if not figure_ids:
            ctx.add(file, record, "figures", "names no figure", Code.EMPTY_FIELD)
        missing = [
            f
            for f in figure_ids
            if f not in figures
            and f not in ctx.figure_ids_seen
            and "figures.csv" not in ctx.unreadable
        ]
        for figure_id in missing:
            ctx.add(
                file,
                record,
                "figures",
                f"{shown(figure_id)} is not a figure id",
                Code.UNKNOWN_FIGURE,
            )
        group_by = check_choice(
            ctx, file, record, "group_by", row["group_by"], CHART_GROUPINGS, Code.UNKNOWN_CHOICE
        )
        series_by = check_choice(
            ctx, file, record, "series_by", row["series_by"], CHART_SERIES, Code.UNKNOWN_CHOICE
        )
        scale = check_choice(
            ctx, file, record, "scale", row["scale"], CHART_SCALES, Code.UNKNOWN_CHOICE
        )
        title = check_text(ctx, file, record, "title", row["title"])
        if id_ok:
            take_translations(ctx, "chart", row["id"], file, record, row)
        usable = all(f in figures for f in figure_ids)
        if (
            id_ok
            and group
            and route is not None
            and figure_ids
            and usable
            and group_by
            and series_by
            and scale
        ):
            charts.append(
                Chart(row["id"], group, route, title, figure_ids, group_by, series_by, scale)
            )
    return charts


def load_countries(ctx: LoadContext) -> list[Country]:
    """``countries.csv``: the names the maps give countries in a period, and where a name goes."""
    countries = []
    seen: dict[str, str] = {}
    file = ctx.label("countries.csv")
    for record, row in read_csv(ctx, "countries.csv"):
        id_ok = check_id(ctx, file, record, "id", row["id"], seen)
        name = check_text(ctx, file, record, "name", row["name"])
        period = check_period(ctx, file, record, row["start"], row["end"])
        position = [row.get("lon", ""), row.get("lat", "")]
        lon = lat = None
        if any(position):
            try:
                lon, lat = (float(v) for v in position)
            except ValueError:
                ctx.add(
                    file,
                    record,
                    "lon",
                    f"{shown(position)}: give both lon and lat as numbers, or neither",
                    Code.NOT_A_NUMBER,
                )
            else:
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    ctx.add(
                        file,
                        record,
                        "lon",
                        f"({lon}, {lat}) is not a position",
                        Code.COORDINATE_OUT_OF_RANGE,
                    )
                    lon = lat = None
        if id_ok:
            take_translations(ctx, "country", row["id"], file, record, row)
        if id_ok and name and period:
            countries.append(
                Country(row["id"], name, period, row.get("borders_name", ""), lon, lat)
            )
    return countries
