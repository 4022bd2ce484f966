"""Pass 1, reading CSV tables: rows as dictionaries, each row's problem once, at its first line.

A header problem (a column missing, unknown or written twice, or cells
separated by semicolons as a European Excel saves them) is one error for the
file. A row longer than the header, or shorter by a required cell, is one
error for the row; a cell too long for the reader is one error for the file.
"""

from __future__ import annotations

import csv
import io

from routes.errors import Code
from routes.load.context import LoadContext, shown
from routes.load.files import read_text
from routes.load.schema import CSV_COLUMNS

Row = tuple[str, dict[str, str]]  # (record label, cells by column)


def read_csv(ctx: LoadContext, name: str, schema: str | None = None) -> list[Row]:
    """The rows of a table as ``(record label, fields)``; an unreadable file gives none.

    ``schema`` names its columns in ``CSV_COLUMNS`` when that is not the file's name (a tour)."""
    schema = schema or name
    text = read_text(ctx, name)
    if text is None:
        return []
    file = ctx.label(name)
    if _wrong_delimiter(ctx, name, text, schema):
        ctx.unreadable.add(name)
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        return _broken(ctx, name, 1, exc)
    if not _header_ok(ctx, name, header, schema):
        ctx.unreadable.add(name)
        return []
    required, _ = CSV_COLUMNS[schema]
    needed = (
        max(header.index(column) for column in required) + 1
    )  # shorter rows lack a required cell
    rows: list[Row] = []
    while True:
        first_line = reader.line_num + 1  # a record may span lines: it is named by its first
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            return rows + _broken(ctx, name, first_line, exc)
        if not any(cell.strip() for cell in cells):
            continue
        ident = (
            cells[header.index("id")].strip()
            if "id" in header and header.index("id") < len(cells)
            else ""
        )
        record = f"line {first_line} (id {shown(ident)})" if ident else f"line {first_line}"
        if len(cells) > len(header):
            ctx.add(
                file,
                record,
                "",
                f"row has {len(cells)} cells, the header {len(header)} (a comma in a cell that is "
                "not quoted?)",
                Code.EXTRA_CELLS,
            )
            _remember_broken(ctx, name, ident)
            continue
        if len(cells) < needed:
            ctx.add(
                file,
                record,
                "",
                f"row has {len(cells)} cells, the header {len(header)}: "
                f"{', '.join(header[len(cells) : needed])} "
                "missing (a line break in a cell that is not quoted?)",
                Code.SHORT_ROW,
            )
            _remember_broken(ctx, name, ident)
            continue
        fields = {column: "" for column in header}
        fields.update({column: cell.strip() for column, cell in zip(header, cells, strict=False)})
        rows.append((record, fields))
    return rows


def _wrong_delimiter(ctx: LoadContext, name: str, text: str, schema: str) -> bool:
    first = text.lstrip("\r\n").split("\n", 1)[0]
    required, optional = CSV_COLUMNS[schema]
    for delimiter, called in ((";", "semicolons (';')"), ("\t", "tabs")):
        cells = [cell.strip().strip('"') for cell in first.split(delimiter)]
        if "," not in first and len(cells) > 1 and set(cells) & set(required + optional):
            ctx.add(
                ctx.label(name),
                "header",
                "",
                f"cells are separated by {called}, not commas; save it as CSV with ',' as the "
                "separator "
                "(Excel: 'CSV UTF-8 (Comma delimited)'; LibreOffice: Field delimiter ',')",
                Code.WRONG_DELIMITER,
            )
            return True
    return False


def _header_ok(ctx: LoadContext, name: str, header: list[str], schema: str) -> bool:
    file = ctx.label(name)
    required, optional = CSV_COLUMNS[schema]
    twice = list(dict.fromkeys(column for column in header if header.count(column) > 1))
    for column in twice:
        ctx.add(file, "header", column, "is a column twice; keep one", Code.DUPLICATE_COLUMN)
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required and c not in optional]
    guessed = len(missing) == 1 and len(unknown) == 1
    for column in missing:
        # a misspelt column shows as one missing and one unknown: say it once, with the guess
        guess = f" (is {shown(unknown[0])} meant to be {column!r}?)" if guessed else ""
        ctx.add(file, "header", column, f"required column is missing{guess}", Code.MISSING_COLUMN)
    for column in () if guessed else unknown:
        ctx.add(
            file,
            "header",
            column[:60],
            f"unknown column (expected {', '.join(required + optional)})",
            Code.UNKNOWN_COLUMN,
        )
    return not missing and not twice


def _broken(ctx: LoadContext, name: str, line: int, exc: csv.Error) -> list[Row]:
    """A row the CSV reader cannot read ends the file: what follows it cannot be trusted."""
    if "field larger than field limit" in str(exc):
        message = (
            f"a cell is longer than {csv.field_size_limit():,} characters (a quote left open?)"
        )
        code = Code.CELL_TOO_LONG
    else:
        message, code = f"is not a CSV row: {exc}", Code.BAD_CSV
    ctx.add(ctx.label(name), f"line {line}", "", message, code)
    ctx.unreadable.add(name)
    return []


def _remember_broken(ctx: LoadContext, name: str, ident: str) -> None:
    """A row that could not be read: what refers to its id is not reported again."""
    if not ident:
        return
    ctx.broken_ids.add(ident)
    if name == "routes.csv":
        ctx.route_ids_seen.add(ident)
    elif name == "figures.csv":
        ctx.figure_ids_seen.add(ident)
