"""Errors raised when route data is invalid.

The loader never stops at the first problem: it collects every
:class:`Problem` it finds and raises one :class:`RouteDataError` that
carries them all, so a person fixing a data folder sees everything at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one record of one file.

    ``code`` is a short stable identifier of the kind of problem (for tests
    and for tools); ``message`` is the sentence a person reads.
    """

    file: str
    record: str
    field: str
    message: str
    code: str

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f": {self.record}"
        if self.field:
            where += f": field {self.field!r}"
        return f"{where}: {self.message}"


class RouteDataError(Exception):
    """The route data could not be loaded; ``problems`` lists why."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the route data"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


class ProblemList:
    """Collects problems while a file is checked."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, record: str, field: str, message: str, code: str) -> None:
        self.items.append(Problem(file, record, field, message, code))

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise RouteDataError(self.items)
