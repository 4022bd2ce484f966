"""The records of the convoy tables: each sailing (``convoys.csv``), other sources' values for
it (``convoy_disputes.csv``), its sourced sinkings (``convoy_losses.csv``), and the months in
which no convoy sailed, with why (``convoy_pauses.csv``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from routes.model import Period, parse_iso_partial

# A convoy sailed east (to the USSR) or west (home); what a source may state about a sailing.
CONVOY_DIRECTIONS = ("east", "west")
CONVOY_COUNTS = ("ships_sailed", "ships_arrived", "ships_returned", "ships_sunk", "escorts_lost")
CONVOY_FIELDS = ("departed_from", "departed", "arrived_at", "arrived", *CONVOY_COUNTS)


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Convoy:
    """One sailing of a convoy (``convoys.csv``): where and when, and what became of its ships.

    Ports are place ids (several where the convoy sailed or arrived in sections); dates are
    ISO and may be reduced (``"1944-04"``); a count is None where no source states it.
    ``inferred`` names the fields read from the context of the quote rather than printed in it.
    """

    id: str
    name: str  # as the sources write it: "PQ 17", "JW 51B"
    route: str
    direction: str
    sources: tuple[str, ...]
    quote: str
    departed_from: tuple[str, ...] = ()
    departed: str = ""
    arrived_at: tuple[str, ...] = ()
    arrived: str = ""
    ships_sailed: int | None = None
    ships_arrived: int | None = None
    ships_returned: int | None = None
    ships_sunk: int | None = None
    escorts_lost: int | None = None
    sailed_with: str = ""  # the convoy this one's ships sailed in (PQ 10 in PQ 9)
    note: str = ""
    inferred: tuple[str, ...] = ()
    gaps: str = ""

    @property
    def at_sea(self) -> tuple[dt.date, dt.date] | None:
        """First and last day at sea, or None when neither date is known.

        A convoy whose arrival is not known counts as at sea to the end of the month it sailed;
        one whose departure is not known, from the start of the month it arrived.

        >>> Convoy("x", "X", "r", "east", ("s",), "q", departed="1942-06-27").at_sea
        (datetime.date(1942, 6, 27), datetime.date(1942, 6, 30))
        """
        if self.departed and self.arrived:
            return parse_iso_partial(self.departed), parse_iso_partial(self.arrived, last=True)
        if self.departed:
            first = parse_iso_partial(self.departed)
            return first, _month_end(first)
        if self.arrived:
            return parse_iso_partial(self.arrived).replace(day=1), parse_iso_partial(
                self.arrived, last=True
            )
        return None

    def at_sea_in(self, month: str) -> bool:
        """At sea on some day of ``month`` (``"1942-07"``)."""
        span = self.at_sea
        return span is not None and (
            span[0] <= parse_iso_partial(month, last=True) and span[1] >= parse_iso_partial(month)
        )


@dataclass(frozen=True)
class ConvoyDispute:
    """Another source's value for one field of a convoy, shown beside the table's own."""

    convoy: str
    field: str
    value: str | int  # a place id, an ISO date, or a count
    source: str
    quote: str
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.convoy}/{self.field}/{self.value}/{self.source}"


@dataclass(frozen=True)
class ConvoyLoss:
    """A merchant ship of a convoy sunk at a position a source prints.

    ``event`` names the loss of a route file that is the same sinking; its position and
    sources are then the event's.
    """

    convoy: str
    ship: str
    date: str
    lon: float
    lat: float
    sources: tuple[str, ...]
    quote: str = ""
    event: str = ""
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.convoy}/{self.ship}/{self.event or ';'.join(self.sources)}"


@dataclass(frozen=True)
class ConvoyPause:
    """Months in which no convoy of a route sailed, and why, as a source says it."""

    route: str
    period: Period
    note: str
    source: str
    quote: str

    @property
    def key(self) -> str:
        return f"{self.route}/{self.period.start}"

    def covers(self, month: str) -> bool:
        """Whether ``month`` (``"1943-06"``) lies in the pause."""
        return self.period.first_day <= parse_iso_partial(month) <= self.period.last_day
