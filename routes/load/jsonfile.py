"""Pass 1, reading GeoJSON: a parsed document, or its one problem (malformed, nested too deep,
a lone surrogate) with the file marked unreadable.

Python builds a JSON integer whole, however long; one of more than
``MAX_INTEGER_DIGITS`` digits is read as a float instead (infinite when too large
for one) and then refused where a number is checked. Nesting is checked without
recursion, before anything else walks the document.
"""

from __future__ import annotations

import json
import re

from routes.errors import Code
from routes.load.context import LoadContext
from routes.load.files import read_text
from routes.load.schema import MAX_INTEGER_DIGITS, MAX_JSON_DEPTH

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _integer(text: str) -> int | float:
    # A 401-digit coordinate would be built as an exact integer; as a float it is infinite.
    return int(text) if len(text.lstrip("-")) <= MAX_INTEGER_DIGITS else float(text)


def read_json(ctx: LoadContext, name: str) -> object | None:
    """The parsed document, or None with its one problem reported (and the file unreadable)."""
    text = read_text(ctx, name)
    if text is None:
        return None
    file = ctx.label(name)
    try:
        document = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        ctx.add(
            file,
            f"line {exc.lineno} column {exc.colno}",
            "",
            f"is not valid JSON: {exc.msg}",
            Code.MALFORMED_JSON,
        )
        ctx.unreadable.add(name)
        return None
    except RecursionError:
        document = None
    if document is None or _too_deep(document):
        ctx.add(
            file,
            "",
            "",
            f"nests arrays and objects more than {MAX_JSON_DEPTH} deep; a route file needs seven "
            "at most",
            Code.NESTED_TOO_DEEPLY,
        )
        ctx.unreadable.add(name)
        return None
    where = _lone_surrogate(document)
    if where is not None:
        record, key = where
        ctx.add(
            file,
            record,
            key,
            "holds a lone surrogate (a \\ud800 to \\udfff escape that is no character); write the "
            "character itself",
            Code.LONE_SURROGATE,
        )
        ctx.unreadable.add(name)
        return None
    return document


def _too_deep(document: object) -> bool:
    stack = [(document, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, list):
            stack.extend((value, depth + 1) for value in item)
    return False


def _lone_surrogate(document: object) -> tuple[str, str] | None:
    """Where the first lone surrogate is: ``(record, property)`` as messages name them."""
    features = document.get("features") if isinstance(document, dict) else None
    if isinstance(features, list):
        for index, feature in enumerate(features):
            found = _surrogate_key(feature)
            if found is not None:
                props = feature.get("properties") if isinstance(feature, dict) else None
                ident = props.get("id") if isinstance(props, dict) else None
                clean = isinstance(ident, str) and not _SURROGATE.search(ident)
                return (
                    f"feature #{index} (id {ident!r})" if clean and ident else f"feature #{index}"
                ), found
    found = _surrogate_key(document)
    return None if found is None else ("top level", found)


def _surrogate_key(item: object, key: str = "") -> str | None:
    stack = [(item, key)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str) and _SURROGATE.search(value):
            return where
        if isinstance(value, dict):
            for k, v in value.items():
                if _SURROGATE.search(k):
                    return _SURROGATE.sub("?", k)
                stack.append((v, k if where in ("", "properties", "geometry") else where))
        elif isinstance(value, list):
            stack.extend((v, where) for v in value)
    return None
