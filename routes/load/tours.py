"""Pass 8, guided tours: ``tours/<map id>-<number>.csv``, one row a step (optional).

Reading (:func:`load_tours`) checks each step on its own; :func:`check_tours`, run
once the atlas is whole, checks what a step names against its map: its layers,
period, place, card and figures, that its view shows something of the map, that
its text keeps to ``MAX_STEP_WORDS``, and that every number its words write, in
every language the map is built in, is one of the map's sourced figures.
"""

from __future__ import annotations

import os
import re
import stat

from routes.atlas import Atlas
from routes.errors import Code
from routes.load.context import LoadContext, shown
from routes.load.csvfile import read_csv
from routes.load.fields import check_text, split_list, take_translations
from routes.load.files import is_hidden
from routes.load.numbers import stray_numbers
from routes.load.schema import (
    MAX_STEP_WORDS,
    MAX_TOUR_STEPS,
    TOUR_FILE,
    TOUR_SCHEMA,
    TOURS_FOLDER,
)
from routes.model import BASE_LANGUAGE, Group, Tour, TourStep

COORDINATE = re.compile(r"^-?[0-9]{1,3}(\.[0-9]+)?$")
BASE_LAYERS = ("places", "names", "borders")


def tour_files(ctx: LoadContext) -> list[str]:
    """The names of the files in ``tours/`` (hidden ones left out), or none if there is no folder."""
    folder = ctx.folder / TOURS_FOLDER
    label = ctx.label(TOURS_FOLDER)
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return []
    except OSError as exc:
        ctx.add(label, "", "", f"cannot be read: {exc.strerror}", Code.UNREADABLE_FILE)
        return []
    if stat.S_ISLNK(info.st_mode):
        ctx.add(
            label,
            "",
            "",
            "is a symbolic link; a data folder is read only inside itself: put the folder itself here",
            Code.SYMLINK,
        )
        return []
    if not stat.S_ISDIR(info.st_mode):
        ctx.add(label, "", "", "is a file; tours go in a folder of that name", Code.NOT_A_FILE)
        return []
    try:
        return sorted(name for name in os.listdir(folder) if not is_hidden(name))
    except OSError as exc:
        ctx.add(label, "", "", f"cannot be listed: {exc.strerror}", Code.UNREADABLE_FILE)
        return []


def load_tours(ctx: LoadContext, groups: dict[str, Group]) -> list[Tour]:
    tours = []
    for name in tour_files(ctx):
        path = f"{TOURS_FOLDER}/{name}"
        file = ctx.label(path)
        match = TOUR_FILE.match(name)
        if not match:
            ctx.add(
                file,
                "",
                "",
                "is not named <map id>-<number>.csv (e.g. spain_1936_39-1.csv), so it names no "
                "map and no tour",
                Code.BAD_TOUR_NAME,
            )
            continue
        group, number = match[1], int(match[2])
        if group not in groups:
            if "groups.csv" not in ctx.unreadable and group not in ctx.broken_ids:
                ctx.add(
                    file,
                    "",
                    "",
                    f"names the map {group!r}, which is not in groups.csv "
                    f"(the maps are: {', '.join(groups) or 'none'})",
                    Code.UNKNOWN_GROUP,
                )
            continue
        tour_id = f"{group}-{number}"
        steps = [
            step
            for index, (record, row) in enumerate(read_csv(ctx, path, TOUR_SCHEMA), start=1)
            if (step := _step(ctx, file, record, row, tour_id, index)) is not None
        ]
        if len(steps) > MAX_TOUR_STEPS:
            ctx.add(
                file,
                "",
                "step",
                f"the tour has {len(steps)} steps; keep it to {MAX_TOUR_STEPS} (a class "
                "follows a short one; split a long one into two tours)",
                Code.BAD_STEP,
            )
        if steps:
            tours.append(Tour(tour_id, group, number, tuple(steps)))
    return tours


def _step(ctx, file, record, row, tour_id: str, index: int) -> TourStep | None:
    if row["step"] != str(index):
        ctx.add(
            file,
            record,
            "step",
            f"{shown(row['step'])}: steps are numbered 1, 2, 3... in order; this one is {index}",
            Code.BAD_STEP,
        )
        return None
    record = f"{record} (step {index})"
    title = check_text(ctx, file, record, "title", row["title"])
    text = check_text(ctx, file, record, "text", row["text"])
    view = _view(ctx, file, record, row["view"]) if row["view"] else None
    if row["view"] and row["place"]:
        ctx.add(
            file,
            record,
            "place",
            "a step frames a view or centres on a place, not both: leave one empty",
            Code.BAD_VIEW,
        )
    _answers(ctx, file, record, row.get("question", ""), row.get("answer", ""), "")
    key = f"{tour_id}/{index}"
    found = take_translations(ctx, "step", key, file, record, row)
    for lang_column in {c.rsplit("_", 1)[1] for c in found}:
        _answers(
            ctx,
            file,
            record,
            found.get(f"question_{lang_column}", ""),
            found.get(f"answer_{lang_column}", ""),
            f"_{lang_column}",
        )
    return TourStep(
        tour=tour_id,
        number=index,
        title=title,
        text=text,
        layers=split_list(row["layers"]) or None,
        period=row["period"],
        view=view,
        place=row["place"],
        feature=row["feature"],
        figures=split_list(row["figures"]),
        question=row["question"],
        answer=row["answer"],
    )


def _answers(ctx, file, record, question: str, answer: str, suffix: str) -> None:
    """The answer key has one answer for each question (one a line)."""
    asked = [line for line in question.splitlines() if line.strip()]
    answered = [line for line in answer.splitlines() if line.strip()]
    if len(asked) != len(answered):
        ctx.add(
            file,
            record,
            f"answer{suffix}",
            f"{len(answered)} answer(s) for {len(asked)} question(s): write one answer a line, "
            "for each question a line",
            Code.QUESTION_WITHOUT_ANSWER,
        )


def _view(ctx, file, record, text: str) -> tuple[float, float, float, float] | None:
    parts = [part.strip() for part in text.split(";")]
    problem = None
    if len(parts) != 4 or not all(COORDINATE.match(p) for p in parts):
        problem = "is not a box west;south;east;north in degrees (e.g. -25;58;60;78)"
    else:
        west, south, east, north = (float(p) for p in parts)
        if not (-85 <= south < north <= 85):
            problem = "needs -85 <= south < north <= 85"
        elif not (-540 <= west < east <= 540 and east - west <= 360):
            problem = "needs west < east, at most 360 degrees apart (east may pass 180)"
    if problem:
        ctx.add(file, record, "view", f"{shown(text)} {problem}", Code.BAD_VIEW)
        return None
    return west, south, east, north


def check_tours(ctx: LoadContext, atlas: Atlas) -> None:
    """What each step names exists on its map, and every number it writes is a figure of it."""
    for tour in atlas.tours:
        group = atlas.groups[tour.group]
        route_ids = tuple(r.id for r in atlas.routes_in(tour.group))
        events = atlas.events_of(route_ids)
        places = {p.id: p for p in atlas.places_of(route_ids)}
        legs = {leg.id: leg for r in route_ids for leg in atlas.legs_of(r)}
        layers = set(route_ids) | set(BASE_LAYERS) | ({"losses"} if events else set())
        periods = {s.id for s in atlas.slices_of(tour.group)}
        figures = [f for f in atlas.figures if f.route in route_ids or f.route == tour.group]
        figure_ids = {f.id for f in figures}
        positions = [(p.lon, p.lat) for p in places.values()] + [
            point for leg in legs.values() for part in leg.parts for point in part
        ]
        for step in tour.steps:
            file, record = ctx.translation_sites[("step", f"{tour.id}/{step.number}")]

            def add(field, message, code, file=file, record=record):
                ctx.add(file, record, field, message, code)

            for layer in step.layers or ():
                if layer not in layers:
                    add(
                        "layers",
                        f"{shown(layer)} is not a layer of the map {tour.group!r} "
                        f"(its layers: {', '.join(sorted(layers))})",
                        Code.UNKNOWN_LAYER,
                    )
            if step.period and step.period not in periods and "periods.csv" not in ctx.unreadable:
                listed = ", ".join(sorted(periods)) if periods else "none: it has no year control"
                add(
                    "period",
                    f"{shown(step.period)} is not a period of the map {tour.group!r} ({listed})",
                    Code.UNKNOWN_PERIOD,
                )
            if step.place and step.place not in places:
                add(
                    "place",
                    f"{shown(step.place)} is not a place on the map {tour.group!r}",
                    Code.UNKNOWN_PLACE,
                )
            if step.feature:
                _check_feature(add, step, legs, places, {e.id: e for e in events}, tour.group)
            for figure_id in step.figures:
                if figure_id not in figure_ids and figure_id not in ctx.broken_ids:
                    add(
                        "figures",
                        f"{shown(figure_id)} is not a figure of the map {tour.group!r}",
                        Code.UNKNOWN_FIGURE,
                    )
            if step.view and positions and not _shows_any(step.view, positions):
                add(
                    "view",
                    f"{';'.join(f'{v:g}' for v in step.view)} shows nothing of the map "
                    f"{tour.group!r}: no route or place of it lies in the box",
                    Code.VIEW_OFF_MAP,
                )
            if "figures.csv" in ctx.unreadable:
                continue
            for lang in group.languages:
                _check_words(ctx, add, step, tour.id, lang, figures)


def _check_feature(add, step, legs, places, events, group_id) -> None:
    shown_layers = set(step.layers) if step.layers else None
    if step.feature in legs:
        needs = {legs[step.feature].route}
    elif step.feature in events:
        needs = {events[step.feature].route, "losses"}
    elif step.feature in places:
        needs = {"places"}
    else:
        add(
            "feature",
            f"{shown(step.feature)} is not a leg, place or loss on the map {group_id!r}",
            Code.UNKNOWN_FEATURE,
        )
        return
    hidden = sorted(needs - shown_layers) if shown_layers is not None else []
    if hidden:
        add(
            "feature",
            f"{step.feature!r} is on a layer the step hides: add {', '.join(hidden)} to its layers",
            Code.FEATURE_HIDDEN,
        )


def _check_words(ctx, add, step: TourStep, tour_id: str, lang: str, figures) -> None:
    table = ctx.translations.get(lang, {})
    suffix = "" if lang == BASE_LANGUAGE else f"_{lang}"
    for field in ("title", "text", "question", "answer"):
        if lang == BASE_LANGUAGE:
            text = getattr(step, field)
        else:
            text = table.get(("step", f"{tour_id}/{step.number}", field), "")
        if field == "text" and len(text.split()) > MAX_STEP_WORDS:
            add(
                field + suffix,
                f"has {len(text.split())} words; a step says it in at most {MAX_STEP_WORDS}",
                Code.TOO_MANY_WORDS,
            )
        for number in stray_numbers(text, lang, figures):
            add(
                field + suffix,
                f"{number.text!r} is no figure of the map {step.tour.rsplit('-', 1)[0]!r}: "
                "a tour states the map's sourced figures only, written as the map writes them",
                Code.NOT_A_FIGURE,
            )


def _shows_any(view: tuple[float, float, float, float], positions) -> bool:
    """Whether the box holds any of ``positions`` (lon, lat), its longitudes taken round the globe."""
    west, south, east, north = view
    return any(
        south <= lat <= north and any(west <= lon + turn <= east for turn in (-360, 0, 360, 720))
        for lon, lat in positions
    )
