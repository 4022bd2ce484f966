"""The errors the atlas raises, and the problems the loader finds in a data folder.

Every error a person can fix is an :class:`AtlasError`; the command line turns
each into ``Error: ...`` lines in one place (``mapgen/cli.py``) and exits with
its status. Anything else that escapes is a bug and shows as one.

- :class:`RouteDataError`: the data folder has problems (status 1). The loader
  never stops at the first: it collects every :class:`Problem` and raises one
  error carrying them all, so a person fixing a folder sees everything at once.
- :class:`UsageError`: the command was asked for something that does not exist
  or cannot be (status 2, as click's own usage errors).
- :class:`OutputError`: a result could not be written (status 1).
- :class:`SetupError`: the machine lacks something a command needs, e.g.
  Chromium (status 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AtlasError(Exception):
    """An error a person can fix, said in words; never a bug."""

    exit_status = 1

    def lines(self) -> list[str]:
        """What the command line prints, one ``Error:`` line each."""
        return [str(self)]


class UsageError(AtlasError, ValueError):
    """A command or function was asked for something that does not exist or cannot be.

    Also a :class:`ValueError`, as Python callers expect of a bad argument.
    """

    exit_status = 2


class OutputError(AtlasError):
    """A file or folder could not be written; what was there before is unchanged."""


class SetupError(AtlasError):
    """This machine lacks something the command needs (a browser, a library)."""


class Code(StrEnum):
    """The kind of a :class:`Problem`: one meaning each, stable for tests and tools."""

    # the folder and its files
    MISSING_FOLDER = "missing-folder"  # the data folder does not exist or is not a folder
    MISSING_FILE = "missing-file"  # a file the folder needs is not there
    NOT_A_FILE = "not-a-file"  # a folder, device or pipe stands where a file should
    SYMLINK = "symlink"  # a data file is a symbolic link
    OUTSIDE_FOLDER = "outside-folder"  # a data file resolves outside its folder
    UNREADABLE_FILE = "unreadable-file"  # the system refused to open a file
    FILE_TOO_LARGE = "file-too-large"  # over MAX_FILE_BYTES; never read
    EMPTY_FILE = "empty-file"  # nothing but white space
    NOT_UTF8 = "not-utf8"  # bytes that are not UTF-8, in no encoding we recognise
    UTF16 = "utf16"  # saved as UTF-16 ("Unicode text")
    WINDOWS_1251 = "windows-1251"  # saved in the Windows Cyrillic code page
    LONE_SURROGATE = "lone-surrogate"  # a JSON \ud800-style escape that is no character
    # CSV tables
    WRONG_DELIMITER = "wrong-delimiter"  # cells separated by ';' or tabs, not commas
    MISSING_COLUMN = "missing-column"  # a required column is not in the header
    UNKNOWN_COLUMN = "unknown-column"  # a header names a column the table does not have
    DUPLICATE_COLUMN = "duplicate-column"  # a header names a column twice
    EXTRA_CELLS = "extra-cells"  # a row longer than the header
    SHORT_ROW = "short-row"  # a row shorter than the header, missing required cells
    CELL_TOO_LONG = "cell-too-long"  # a cell over the CSV reader's limit
    BAD_CSV = "bad-csv"  # any other CSV syntax error
    # GeoJSON route files
    MALFORMED_JSON = "malformed-json"  # not JSON
    NESTED_TOO_DEEPLY = "nested-too-deeply"  # arrays and objects nested beyond any route file
    NOT_FEATURE_COLLECTION = "not-feature-collection"  # the top level is not a FeatureCollection
    BAD_FEATURES = "bad-features"  # a FeatureCollection whose "features" is not a list
    EMPTY_ROUTE = "empty-route"  # a route file with no feature: its map would have nothing to draw
    NOT_FEATURE = "not-feature"  # an item of "features" is not a Feature
    BAD_PROPERTIES = "bad-properties"  # a Feature's properties are not an object
    BAD_GEOMETRY = "bad-geometry"  # a Feature's geometry is missing or not an object
    WRONG_GEOMETRY_TYPE = "wrong-geometry-type"  # e.g. a leg drawn as a Polygon
    UNKNOWN_PROPERTY = "unknown-property"
    MISSING_PROPERTY = "missing-property"
    # positions and lines
    BAD_POSITION = "bad-position"  # not a [lon, lat] pair of numbers
    NOT_FINITE = "not-finite"  # a coordinate that is infinite or not a number
    COORDINATE_OUT_OF_RANGE = "coordinate-out-of-range"
    SWAPPED_COORDINATES = "swapped-coordinates"  # latitude and longitude look swapped
    ENDPOINT_FAR_FROM_PLACE = "endpoint-far-from-place"
    TOO_FEW_POSITIONS = "too-few-positions"  # a line of fewer than two positions
    ZERO_LENGTH_LEG = "zero-length-leg"  # every position of a leg is the same
    UNSPLIT_ANTIMERIDIAN = "unsplit-antimeridian"
    BROKEN_MULTILINESTRING = "broken-multilinestring"  # parts that do not meet at 180 degrees
    NO_SEA_ROUTE = "no-sea-route"  # the sea router finds no way between two waypoints
    # ids and fields
    EMPTY_ID = "empty-id"
    BAD_ID = "bad-id"  # not lower-case letters, digits, '_' and '-'
    DUPLICATE_ID = "duplicate-id"
    CLASHING_MAP_NAME = "clashing-map-name"  # two maps (or a map and the index) would share a file
    EMPTY_FIELD = "empty-field"  # a required field is empty
    NOT_TEXT = "not-text"  # a number, list or object where text belongs
    NOT_A_NUMBER = "not-a-number"  # not digits (e.g. '1,000', '1_5', 'nan')
    NOT_A_WHOLE_NUMBER = "not-a-whole-number"  # a count of ships written with a fraction
    NEGATIVE_VALUE = "negative-value"
    VALUE_TOO_LARGE = "value-too-large"  # e.g. an uncertainty radius wider than a continent
    INVERTED_RANGE = "inverted-range"  # value_high below value
    BAD_PERCENT = "bad-percent"  # a share over 100 percent
    BAD_DATE = "bad-date"  # not YYYY, YYYY-MM or YYYY-MM-DD
    INVERTED_PERIOD = "inverted-period"  # ends before it starts (a convoy arrives before it sails)
    MORE_SHIPS_THAN_SAILED = (
        "more-ships-than-sailed"  # sunk, or arrived + returned + sunk, > sailed
    )
    BAD_ADDRESS = "bad-address"  # not an http(s) address a link may point to
    BAD_PLURAL_FORMS = "bad-plural-forms"
    BAD_SOURCES = "bad-sources"  # not a list of source ids
    MISSING_SOURCE = "missing-source"  # no source named
    BAD_PASSAGES = "bad-passages"  # closed_passages is not a list
    PASSAGE_ON_LAND_LEG = "passage-on-land-leg"  # closed_passages on a leg that is not by sea
    CONFLICTING_PLACE = "conflicting-place"  # one place written differently in two files
    # choices
    UNKNOWN_LANGUAGE = "unknown-language"
    MISSING_BASE_LANGUAGE = "missing-base-language"  # languages without 'en'
    UNKNOWN_MODE = "unknown-mode"
    UNKNOWN_KIND = "unknown-kind"
    UNKNOWN_QUALIFIER = "unknown-qualifier"
    UNKNOWN_TRACK = "unknown-track"
    UNKNOWN_PASSAGE = "unknown-passage"
    UNKNOWN_CHOICE = "unknown-choice"  # a chart's group_by...; a convoy's direction or field
    # references
    UNKNOWN_GROUP = "unknown-group"
    UNKNOWN_ROUTE = "unknown-route"  # names no route (or group, for a figure)
    UNLISTED_ROUTE_FILE = "unlisted-route-file"  # a route file with no row in routes.csv
    ROUTE_MISMATCH = "route-mismatch"  # a feature's route is not its file's
    ROUTE_NOT_IN_GROUP = "route-not-in-group"  # a flow's or chart's route is not on its map
    UNKNOWN_PLACE = "unknown-place"
    UNKNOWN_FEATURE = "unknown-feature"
    FEATURE_OF_OTHER_ROUTE = "feature-of-other-route"
    UNKNOWN_FIGURE = "unknown-figure"
    SELF_DISPUTE = "self-dispute"
    FIGURE_OF_OTHER_ROUTE = "figure-of-other-route"  # a flow's figure is about another route
    UNKNOWN_METRIC = "unknown-metric"
    UNKNOWN_UNIT = "unknown-unit"
    UNKNOWN_SOURCE = "unknown-source"
    UNKNOWN_PERIOD = "unknown-period"
    UNKNOWN_CONVOY = "unknown-convoy"  # a dispute, loss or sailed_with names no convoy
    LOSS_GIVEN_TWICE = "loss-given-twice"  # a convoy's loss names an event and a position too
    # presentation tables and translations
    BAD_FLOW_UNIT = "bad-flow-unit"
    MIXED_FLOW_UNITS = "mixed-flow-units"
    DUPLICATE_FLOW = "duplicate-flow"  # two widths for one route in one period
    MISSING_TRANSLATION = "missing-translation"
    # guided tours
    BAD_TOUR_NAME = "bad-tour-name"  # a file in tours/ not named <map id>-<number>.csv
    BAD_STEP = "bad-step"  # steps not numbered 1, 2, 3... in order, or too many
    UNKNOWN_LAYER = "unknown-layer"  # a layer the map does not have
    BAD_VIEW = "bad-view"  # not a box west;south;east;north, or a view and a place at once
    VIEW_OFF_MAP = "view-off-map"  # a view that shows nothing of the map
    FEATURE_HIDDEN = "feature-hidden"  # a card to open on a layer the step hides
    NOT_A_FIGURE = "not-a-figure"  # a number in a tour's text that is no figure of the map
    TOO_MANY_WORDS = "too-many-words"  # a step's text over MAX_STEP_WORDS
    QUESTION_WITHOUT_ANSWER = "question-without-answer"  # the answer key needs one per question


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one record of one file.

    ``code`` says what kind of problem it is (for tests and for tools);
    ``message`` is the sentence a person reads.
    """

    file: str
    record: str
    field: str
    message: str
    code: Code

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f": {self.record}"
        if self.field:
            where += f": field {self.field!r}"
        return f"{where}: {self.message}"


class RouteDataError(AtlasError):
    """The route data could not be loaded; ``problems`` lists why."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the route data"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))

    @property
    def codes(self) -> list[Code]:
        return [p.code for p in self.problems]

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class ProblemList:
    """Collects problems while a data folder is checked."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, record: str, field: str, message: str, code: Code) -> None:
        self.items.append(Problem(file, record, field, message, Code(code)))

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise RouteDataError(self.items)
