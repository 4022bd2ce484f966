"""What the convoy table adds up to: totals by direction, a month-by-month series, and the
published totals beside them. Pure functions of the records; plain data out, for charts and tables.

A sailing whose ships sailed in another convoy (``sailed_with``, PQ 10 in PQ 9) is counted in
that one only. A blank cell is never read as zero: each sum says how many sailings it covers
(``known``) and how many have the cell blank (``blank``).
"""

from __future__ import annotations

from collections.abc import Iterable

from routes.model import Figure, parse_iso_partial
from routes.model_convoys import CONVOY_COUNTS, CONVOY_DIRECTIONS, Convoy

DIRECTIONS = (*CONVOY_DIRECTIONS, "all")
# The published figures a total of the table can be set beside: metric -> (direction, measure).
# "convoys" counts the rows, "sailings" the rows that sailed on their own (PQ 10 sailed in PQ 9);
# the other measures sum a column of the table.
PUBLISHED_MEASURES = {
    "convoys": ("all", "convoys"),
    "convoys_sent": ("east", "sailings"),
    "convoys_arrived": ("east", "sailings"),
    "convoys_departed": ("west", "sailings"),
    "merchant_ships": ("all", "ships_sailed"),
    "transports_sent": ("east", "ships_sailed"),
    "transports_arrived": ("east", "ships_arrived"),
    "transports_departed": ("west", "ships_sailed"),
    "ships_turned_back": ("east", "ships_returned"),
    "merchant_ships_lost": ("all", "ships_sunk"),
}


def sailings(convoys: Iterable[Convoy]) -> list[Convoy]:
    """The convoys that are sailings of their own (not ``sailed_with`` another)."""
    return [convoy for convoy in convoys if not convoy.sailed_with]


def convoy_totals(convoys: Iterable[Convoy]) -> dict[str, dict]:
    """Convoys, sailings and ship counts by direction (``east``, ``west``, ``all``).

    >>> from routes import load_atlas
    >>> totals = convoy_totals(load_atlas().convoys)
    >>> totals["all"]["convoys"], totals["all"]["sailings"], sorted(totals["east"]["ships_sunk"])
    (78, 77, ['blank', 'known', 'sum'])
    """
    convoys = list(convoys)
    rows = sailings(convoys)
    totals = {}
    for direction in DIRECTIONS:
        chosen = [c for c in rows if direction in ("all", c.direction)]
        totals[direction] = {
            "convoys": sum(1 for c in convoys if direction in ("all", c.direction)),
            "sailings": len(chosen),
        }
        for field in CONVOY_COUNTS:
            values = [getattr(c, field) for c in chosen]
            known = [v for v in values if v is not None]
            totals[direction][field] = {
                "sum": sum(known),
                "known": len(known),
                "blank": len(values) - len(known),
            }
    return totals


def published_comparison(convoys: Iterable[Convoy], figures: Iterable[Figure]) -> list[dict]:
    """The table's totals beside each published whole-war total it can be compared with.

    A figure compares if its metric is in :data:`PUBLISHED_MEASURES` and its period covers every
    dated sailing. ``differs`` says whether the table's sum (of the sailings where the cell is
    filled) is not the published number; ``blank`` how many sailings have the cell blank.
    """
    convoys = list(convoys)
    days = [day for c in sailings(convoys) if c.at_sea for day in c.at_sea]
    if not days:
        return []
    first, last = min(days), max(days)
    totals = convoy_totals(convoys)
    found = []
    for figure in figures:
        measure = PUBLISHED_MEASURES.get(figure.metric)
        if measure is None or figure.period.first_day > first or figure.period.last_day < last:
            continue
        direction, what = measure
        if what in ("convoys", "sailings"):
            table, known, blank = totals[direction][what], totals[direction][what], 0
        else:
            cell = totals[direction][what]
            table, known, blank = cell["sum"], cell["known"], cell["blank"]
        found.append(
            {
                "figure": figure.id,
                "source": figure.source,
                "published": figure.value,
                "qualifier": figure.qualifier,
                "direction": direction,
                "measure": what,
                "table": table,
                "known": known,
                "blank": blank,
                "differs": table != figure.value,
            }
        )
    return found


def _month(date: str) -> str:
    return parse_iso_partial(date).isoformat()[:7]


def months_between(start: str, end: str) -> list[str]:
    """``"1941-11"``, ``"1942-02"`` -> every month from one to the other.

    >>> months_between("1941-11", "1942-02")
    ['1941-11', '1941-12', '1942-01', '1942-02']
    """
    year, month = (int(p) for p in start.split("-")[:2])
    found = []
    while f"{year:04d}-{month:02d}" <= end[:7]:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def monthly_series(convoys: Iterable[Convoy], start: str = "", end: str = "") -> list[dict]:
    """Ships sailed, arrived and sunk in each month, east- and westbound, for a chart.

    Ships sailed count in the month the convoy sailed, ships arrived in the month it arrived,
    ships sunk in the month it arrived (the end of the voyage), or the month it sailed when
    its arrival is not known. A month lists the sailings at sea in it and, in ``blank``, those
    whose count for that month is not known. Months run from ``start`` to ``end`` (by default
    the first and last month any sailing was at sea).

    >>> from routes import load_atlas
    >>> july = [m for m in monthly_series(load_atlas().convoys) if m["month"] == "1942-07"][0]
    >>> july["east"]["sunk"], july["east"]["at_sea"]
    (24, ['pq17'])
    """
    rows = [c for c in sailings(convoys) if c.at_sea]
    if not rows and not (start and end):
        return []
    start = start or min(c.at_sea[0] for c in rows).isoformat()[:7]
    end = end or max(c.at_sea[1] for c in rows).isoformat()[:7]
    series = {
        month: {
            "month": month,
            **{
                d: {"sailed": 0, "arrived": 0, "sunk": 0, "at_sea": [], "blank": []}
                for d in CONVOY_DIRECTIONS
            },
        }
        for month in months_between(start, end)
    }
    for convoy in rows:
        bins = (
            ("sailed", convoy.departed, convoy.ships_sailed),
            ("arrived", convoy.arrived, convoy.ships_arrived),
            ("sunk", convoy.arrived or convoy.departed, convoy.ships_sunk),
        )
        for key, date, count in bins:
            if not date or _month(date) not in series:
                continue
            cell = series[_month(date)][convoy.direction]
            if count is None:
                cell["blank"].append(convoy.id)
            else:
                cell[key] += count
        for month in series:
            if convoy.at_sea_in(month):
                series[month][convoy.direction]["at_sea"].append(convoy.id)
    for month in series.values():
        for direction in CONVOY_DIRECTIONS:
            month[direction]["blank"] = sorted(set(month[direction]["blank"]))
    return list(series.values())


def undated(convoys: Iterable[Convoy]) -> list[Convoy]:
    """The sailings with neither date known: they are in no month of the series."""
    return [convoy for convoy in sailings(convoys) if convoy.at_sea is None]
