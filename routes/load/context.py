"""What the loader's passes share: the folder, the problems found, and what each pass learnt.

Each pass (``files``, ``fields``, ``tables``, ``features``, ``geometry``,
``references``, ``translations``) is a module of functions taking a
:class:`LoadContext`; ``routes.load.load`` runs them in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from routes.errors import Code, ProblemList
from routes.load.schema import OTHER_LANGUAGES

SHOWN_CHARACTERS = 60  # a bad value is quoted in a message up to this length


def shown(value: object) -> str:
    """A bad value as a message quotes it: ``repr``, cut short, on one line.

    >>> print(shown("a\\x1b[2Jb"), shown("x" * 100)[-6:])
    'a\\x1b[2Jb' xx...'
    """
    if isinstance(value, str) and len(value) > SHOWN_CHARACTERS:
        return repr(value[:SHOWN_CHARACTERS] + "...")
    if isinstance(value, (list, tuple, dict)):
        text = repr(value)
        return text if len(text) <= 2 * SHOWN_CHARACTERS else text[: 2 * SHOWN_CHARACTERS] + "..."
    return repr(value)


@dataclass
class LoadContext:
    folder: Path
    problems: ProblemList
    languages: tuple[str, ...] = ()
    # lang -> (kind, id, field) -> text; and where each translated record was read
    translations: dict[str, dict[tuple[str, str, str], str]] = field(
        default_factory=lambda: {lang: {} for lang in OTHER_LANGUAGES}
    )
    translation_sites: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    place_translations: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # a place written twice
    # id -> (file, record) of each loaded feature and figure, for later messages
    feature_records: dict[str, tuple[str, str]] = field(default_factory=dict)
    figure_records: dict[str, str] = field(default_factory=dict)
    # Files that could not be read, and ids of records that failed their own checks:
    # references to them are not reported again, so one mistake gives one error.
    unreadable: set[str] = field(default_factory=set)
    feature_ids_seen: dict[str, str] = field(
        default_factory=dict
    )  # feature id -> route of its file
    figure_ids_seen: set[str] = field(default_factory=set)
    route_ids_seen: set[str] = field(default_factory=set)
    broken_ids: set[str] = field(default_factory=set)  # rows that could not be read as a whole

    def label(self, name: str) -> str:
        """How messages name a file of the folder."""
        return str(self.folder / name)

    def add(self, file: str, record: str, field_name: str, message: str, code: Code) -> None:
        self.problems.add(file, record, field_name, message, code)

    @property
    def any_geojson_unreadable(self) -> bool:
        return any(name.endswith(".geojson") for name in self.unreadable)


class Everything:
    """Stands in for a table that could not be read: every id is taken as known."""

    def __contains__(self, item) -> bool:
        return True
