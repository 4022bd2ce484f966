"""Pass 3, tables: ``figures.csv``, every number a source states, with its period and quote."""

from __future__ import annotations

from routes.errors import Code
from routes.load.context import LoadContext, shown
from routes.load.csvfile import read_csv
from routes.load.fields import (
    check_choice,
    check_id,
    check_number,
    check_period,
    check_text,
    split_list,
    take_translations,
)
from routes.model import QUALIFIERS, Figure, Group, Place, Route


def load_figures(
    ctx: LoadContext,
    routes: dict[str, Route],
    groups: dict[str, Group],
    places: dict[str, Place],
    metrics: dict[str, str],
    units: dict[str, str],
) -> list[Figure]:
    figures = []
    seen: dict[str, str] = {}
    file = ctx.label("figures.csv")
    features: dict[str, tuple[str, ...]] = {i: (r,) for i, r in ctx.feature_ids_seen.items()}
    features.update({p.id: p.routes for p in places.values()})
    for record, row in read_csv(ctx, "figures.csv"):
        id_ok = check_id(ctx, file, record, "id", row["id"], seen)
        ctx.figure_ids_seen.add(row["id"])
        subject = _subject(ctx, file, record, row["route"], routes, groups)
        feature = row.get("feature", "")
        if feature and not ctx.any_geojson_unreadable:
            owner = features.get(feature)
            if owner is None:
                ctx.add(
                    file,
                    record,
                    "feature",
                    f"{shown(feature)} is not a leg, place or event id",
                    Code.UNKNOWN_FEATURE,
                )
            elif subject and subject not in owner:
                ctx.add(
                    file,
                    record,
                    "feature",
                    f"{feature!r} does not belong to route {subject!r}",
                    Code.FEATURE_OF_OTHER_ROUTE,
                )
        metric = unit = ""
        if "metrics.csv" not in ctx.unreadable:
            metric = check_choice(
                ctx, file, record, "metric", row["metric"], list(metrics), Code.UNKNOWN_METRIC
            )
        if "units.csv" not in ctx.unreadable:
            unit = check_choice(
                ctx, file, record, "unit", row["unit"], list(units), Code.UNKNOWN_UNIT
            )
        value = check_number(ctx, file, record, "value", row["value"])
        value_high = check_number(
            ctx, file, record, "value_high", row.get("value_high", ""), required=False
        )
        if value is not None and value_high is not None and value_high < value:
            ctx.add(
                file,
                record,
                "value_high",
                f"{row['value_high']!r} is below value {row['value']!r}",
                Code.INVERTED_RANGE,
            )
        if unit == "percent" and value is not None and value > 100:
            ctx.add(
                file,
                record,
                "value",
                f"{row['value']!r} is more than 100 percent",
                Code.BAD_PERCENT,
            )
        period = check_period(ctx, file, record, row["start"], row["end"])
        qualifier = check_choice(
            ctx, file, record, "qualifier", row["qualifier"], QUALIFIERS, Code.UNKNOWN_QUALIFIER
        )
        if not row["source"]:
            ctx.add(
                file, record, "source", "is empty: every figure needs a source", Code.MISSING_SOURCE
            )
        quote = check_text(ctx, file, record, "quote", row["quote"])
        if id_ok:
            take_translations(ctx, "figure", row["id"], file, record, row)
        if (
            id_ok
            and subject
            and metric
            and unit
            and value is not None
            and period
            and qualifier
            and row["source"]
        ):
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
                    disputed_with=split_list(row.get("disputed_with", "")),
                    note=row.get("note", ""),
                )
            )
            ctx.figure_records[row["id"]] = record
    return figures


def _subject(
    ctx: LoadContext, file: str, record: str, subject: str, routes: dict, groups: dict
) -> str:
    """The route or group a figure is about, or "" (reported unless its own row was)."""
    if subject in routes or subject in groups:
        return subject
    if (
        {"routes.csv", "groups.csv"} & ctx.unreadable
        or subject in ctx.route_ids_seen
        or subject in ctx.broken_ids
    ):
        return ""  # a route whose own row has a problem: not reported again here
    ctx.add(
        file,
        record,
        "route",
        f"{shown(subject)} is not a route or group id (routes: {', '.join(list(routes)[:40])}; "
        f"groups: {', '.join(list(groups)[:40])})",
        Code.UNKNOWN_ROUTE,
    )
    return ""
