"""Pass 8, guided tours: ``tours/<map id>-<number>.csv``, one row a step (optional).

Reading (:func:`load_tours`) checks each step on its own; :mod:`routes.load.tour_checks`,
run once the atlas is whole, checks what a step names against its map.
"""

from __future__ import annotations

import os
import re
import stat

from routes.errors import Code
from routes.load.context import LoadContext, shown
from routes.load.csvfile import read_csv
from routes.load.fields import check_text, split_list, take_translations
from routes.load.files import is_hidden
from routes.load.schema import (
    MAX_TOUR_STEPS,
    TOUR_FILE,
    TOUR_SCHEMA,
    TOURS_FOLDER,
)
from routes.model import Group, Tour, TourStep

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
        month=row.get("month", ""),
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
