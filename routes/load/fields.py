"""Pass 2, fields: each value of a record checked on its own (ids, text, numbers, dates, choices).

Every function reports what is wrong with one field, naming the file, the
record, the field and the value, and returns the usable value (or an empty
one) so that the other passes can go on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from routes.errors import Code
from routes.load.context import LoadContext, shown
from routes.load.schema import ID_PATTERN, NUMBER_PATTERN, translation_columns
from routes.model import PLURAL_FORMS, Period, parse_iso_partial


def check_id(
    ctx: LoadContext, file: str, record: str, field: str, value: object, seen: dict
) -> bool:
    """A new id: text, well formed and not used before (``seen`` maps ids to where they were)."""
    if value is None or value == "":
        ctx.add(file, record, field, "is empty", Code.EMPTY_ID)
        return False
    if not isinstance(value, str):
        ctx.add(
            file,
            record,
            field,
            f"{shown(value)} is not text: write the id in quotes",
            Code.NOT_TEXT,
        )
        return False
    if not ID_PATTERN.match(value):
        ctx.add(
            file,
            record,
            field,
            f"{shown(value)} is not a valid id (lower-case letters, digits, '_' and '-')",
            Code.BAD_ID,
        )
        return False
    if value in seen:
        ctx.add(
            file,
            record,
            field,
            f"{value!r} is used twice (also at {seen[value]})",
            Code.DUPLICATE_ID,
        )
        return False
    seen[value] = f"{file}: {record}"
    return True


def check_text(
    ctx: LoadContext, file: str, record: str, field: str, value: object, *, required=True
) -> str:
    if value is None or value == "":
        if required:
            ctx.add(file, record, field, "is empty", Code.EMPTY_FIELD)
        return ""
    if not isinstance(value, str):
        ctx.add(file, record, field, f"{shown(value)} is not text", Code.NOT_TEXT)
        return ""
    return value


def check_choice(
    ctx: LoadContext,
    file: str,
    record: str,
    field: str,
    value: object,
    choices: Sequence[str],
    code: Code,
) -> str:
    """``value`` if it is one of ``choices``; a value naming a record that could not be read
    is not reported again."""
    if isinstance(value, str) and value in choices:
        return value
    if not (isinstance(value, str) and value in ctx.broken_ids):
        listed = ", ".join(choices) if len(choices) <= 40 else ", ".join(choices[:40]) + ", ..."
        ctx.add(file, record, field, f"{shown(value)} is not one of {listed}", code)
    return ""


def check_period(
    ctx: LoadContext, file: str, record: str, start: object, end: object
) -> Period | None:
    ok = True
    for field, value in (("start", start), ("end", end)):
        if value is None or value == "":
            ctx.add(file, record, field, "is empty", Code.EMPTY_FIELD)
            ok = False
            continue
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            parse_iso_partial(value, last=(field == "end"))
        except ValueError:
            ctx.add(
                file,
                record,
                field,
                f"{shown(value)} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
                Code.BAD_DATE,
            )
            ok = False
    if not ok:
        return None
    period = Period(start, end)
    if period.first_day > period.last_day:
        ctx.add(file, record, "end", f"{end!r} is before start {start!r}", Code.INVERTED_PERIOD)
        return None
    return period


def check_number(
    ctx: LoadContext,
    file: str,
    record: str,
    field: str,
    value: object,
    *,
    required=True,
    at_most: float | None = None,
) -> float | None:
    """A number written in digits (``3350``, ``22.7``), or a JSON number; never negative.

    Text must be ASCII digits with an optional decimal point: ``1,000``, ``1_5``,
    ``1e3``, ``nan`` and full-width digits are refused, though Python reads some.
    """
    if value is None or value == "":
        if required:
            ctx.add(file, record, field, "is empty", Code.EMPTY_FIELD)
        return None
    if isinstance(value, str):
        if not NUMBER_PATTERN.match(value):
            ctx.add(
                file,
                record,
                field,
                f"{shown(value)} is not a number (write digits only, e.g. 3350 or 0.5)",
                Code.NOT_A_NUMBER,
            )
            return None
        number = float(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        ctx.add(file, record, field, f"{shown(value)} is not a number", Code.NOT_A_NUMBER)
        return None
    if not math.isfinite(number):
        ctx.add(file, record, field, f"{shown(value)} is not a finite number", Code.NOT_A_NUMBER)
        return None
    if number < 0:
        ctx.add(file, record, field, f"{shown(value)} is negative", Code.NEGATIVE_VALUE)
        return None
    if at_most is not None and number > at_most:
        ctx.add(
            file, record, field, f"{shown(value)} is more than {at_most:,g}", Code.VALUE_TOO_LARGE
        )
        return None
    return number


def check_sources(
    ctx: LoadContext, file: str, record: str, field: str, value: object
) -> tuple[str, ...]:
    if value is None:
        return ()  # a missing property: already reported as such
    if isinstance(value, str):
        items = [v.strip() for v in value.split(";") if v.strip()]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = value
    else:
        ctx.add(
            file, record, field, f"{shown(value)} is not a list of source ids", Code.BAD_SOURCES
        )
        return ()
    if not items:
        ctx.add(file, record, field, "names no source", Code.MISSING_SOURCE)
    return tuple(items)


def split_list(value: str) -> tuple[str, ...]:
    """``"a; b;"`` -> ``("a", "b")``: a cell listing ids."""
    return tuple(v.strip() for v in value.split(";") if v.strip())


def take_translations(
    ctx: LoadContext, kind: str, key: str, file: str, record: str, values: dict
) -> dict[str, str]:
    """Collect a record's ``<field>_<lang>`` texts; returns them for comparisons."""
    ctx.translation_sites[(kind, key)] = (file, record)
    found = {}
    for column in translation_columns(kind):
        text = values.get(column)
        if text == "" or text is None:
            continue  # an empty cell is a missing translation, reported if the map needs it
        if not isinstance(text, str):
            ctx.add(file, record, column, f"{shown(text)} is not text", Code.NOT_TEXT)
            continue
        field, lang = column.rsplit("_", 1)
        if kind == "unit":
            forms = text.split("|")
            if len(forms) not in (1, PLURAL_FORMS[lang]) or not all(f.strip() for f in forms):
                ctx.add(
                    file,
                    record,
                    column,
                    f"{shown(text)} must be one name or {PLURAL_FORMS[lang]} forms separated by "
                    "'|' "
                    "(e.g. 'судно|судна|судов' for 1, 2-4 and 5 ships)",
                    Code.BAD_PLURAL_FORMS,
                )
                continue
        ctx.translations[lang][(kind, key, field)] = text
        found[column] = text
    return found


def check_properties(  # of a GeoJSON feature: none unknown, none required missing
    ctx: LoadContext, file: str, record: str, props: dict, required, optional
) -> None:
    for key in props:
        if key not in required and key not in optional:
            ctx.add(
                file,
                record,
                key[:60],
                f"unknown property (expected {', '.join(required + optional)})",
                Code.UNKNOWN_PROPERTY,
            )
    for key in required:
        if key not in props:
            ctx.add(file, record, key, "required property is missing", Code.MISSING_PROPERTY)


def check_route_property(ctx: LoadContext, file: str, record: str, props: dict, route_id: str):
    if "route" in props and props["route"] != route_id:
        ctx.add(
            file,
            record,
            "route",
            f"{shown(props['route'])} does not match the file's route {route_id!r}",
            Code.ROUTE_MISMATCH,
        )
