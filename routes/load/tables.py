"""Pass 3, tables: the groups (maps), routes, sources, metrics and units of a folder.

``figures.csv`` has a pass of its own (``routes.load.figures``), as have the
optional presentation tables (``routes.load.presentation``).
"""

from __future__ import annotations

from routes.addresses import address_problem
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
from routes.load.schema import CSV_KINDS, RESERVED_MAP_FILES
from routes.model import BASE_LANGUAGE, BORDER_SETS, LANGUAGES, Group, Route, Source


def load_groups(ctx: LoadContext, seen_ids: dict) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    file = ctx.label("groups.csv")
    files: dict[str, str] = {}  # the map's file name -> the group that makes it
    for record, row in read_csv(ctx, "groups.csv"):
        if not check_id(ctx, file, record, "id", row["id"], seen_ids):
            continue
        page = row["id"].replace("_", "-")
        if page in RESERVED_MAP_FILES:
            ctx.add(
                file,
                record,
                "id",
                f"{row['id']!r} would make the map {page}.html, the atlas's front page; "
                "choose another id",
                Code.CLASHING_MAP_NAME,
            )
        elif page in files:
            ctx.add(
                file,
                record,
                "id",
                f"{row['id']!r} and {files[page]!r} would both make the map {page}.html "
                "('_' becomes '-' in file names); choose another id",
                Code.CLASHING_MAP_NAME,
            )
        files.setdefault(page, row["id"])
        declared = split_list(row.get("languages", ""))
        for lang in declared:
            check_choice(ctx, file, record, "languages", lang, LANGUAGES, Code.UNKNOWN_LANGUAGE)
        if declared and BASE_LANGUAGE not in declared:
            ctx.add(
                file,
                record,
                "languages",
                f"{row['languages']!r} must include {BASE_LANGUAGE!r}, the data's language",
                Code.MISSING_BASE_LANGUAGE,
            )
        groups[row["id"]] = Group(
            id=row["id"],
            name=check_text(ctx, file, record, "name", row["name"]),
            summary=check_text(ctx, file, record, "summary", row["summary"]),
            see_also=split_list(row.get("see_also", "")),
            languages=tuple(lang for lang in declared if lang in LANGUAGES) or (BASE_LANGUAGE,),
            question=row.get("question", ""),
            level=row.get("level", ""),
            borders=check_choice(
                ctx, file, record, "borders", row["borders"], BORDER_SETS, Code.UNKNOWN_CHOICE
            )
            if row.get("borders")
            else "",
        )
        take_translations(ctx, "group", row["id"], file, record, row)
        ctx.feature_records[f"group:{row['id']}"] = (file, record)
    for group in groups.values():
        for other in group.see_also:
            if other not in groups and other not in ctx.broken_ids:
                file, record = ctx.feature_records[f"group:{group.id}"]
                ctx.add(
                    file,
                    record,
                    "see_also",
                    f"{shown(other)} is not a group id",
                    Code.UNKNOWN_GROUP,
                )
    return groups


def check_group(ctx: LoadContext, file: str, record: str, value: str, groups: dict) -> str:
    """A reference to a group; not reported when groups.csv itself could not be read."""
    if "groups.csv" in ctx.unreadable:
        return value if value in groups else ""
    return check_choice(ctx, file, record, "group", value, list(groups), Code.UNKNOWN_GROUP)


def load_routes(ctx: LoadContext, groups: dict[str, Group], seen_ids: dict) -> dict[str, Route]:
    routes: dict[str, Route] = {}
    file = ctx.label("routes.csv")
    for record, row in read_csv(ctx, "routes.csv"):
        if not check_id(ctx, file, record, "id", row["id"], seen_ids):
            continue
        ctx.route_ids_seen.add(row["id"])  # even if the row fails below: its file is not "unlisted"
        group = check_group(ctx, file, record, row["group"], groups)
        period = check_period(ctx, file, record, row["start"], row["end"])
        name = check_text(ctx, file, record, "name", row["name"])
        summary = check_text(ctx, file, record, "summary", row["summary"])
        take_translations(ctx, "route", row["id"], file, record, row)
        if group and period:
            routes[row["id"]] = Route(row["id"], name, group, period, summary)
    return routes


def load_sources(ctx: LoadContext) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    seen: dict[str, str] = {}
    file = ctx.label("sources.csv")
    for record, row in read_csv(ctx, "sources.csv"):
        if not check_id(ctx, file, record, "id", row["id"], seen):
            continue
        title = check_text(ctx, file, record, "title", row["title"])
        address = row["address"]
        problem = address_problem(address) if address else None
        if problem:
            ctx.add(file, record, "address", f"{shown(address)} {problem}", Code.BAD_ADDRESS)
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
        take_translations(ctx, "source", row["id"], file, record, row)
    return sources


def load_vocabulary(ctx: LoadContext, name: str) -> dict[str, str]:
    """``metrics.csv`` or ``units.csv``: id -> name."""
    vocabulary: dict[str, str] = {}
    seen: dict[str, str] = {}
    file = ctx.label(name)
    for record, row in read_csv(ctx, name):
        if check_id(ctx, file, record, "id", row["id"], seen):
            vocabulary[row["id"]] = check_text(ctx, file, record, "name", row["name"])
            take_translations(ctx, CSV_KINDS[name], row["id"], file, record, row)
    return vocabulary
