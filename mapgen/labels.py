"""Where the map's names go, decided at build time for every zoom level, so that none overlaps.

Leaflet draws a label as text beside a point; which labels show at a zoom
is decided here once, greedily by priority (the ports of the routes first,
country names last), trying four sides of each place. Text widths are
estimated from the characters with generous widths (the page's font is the
reader's system font), so the estimate errs towards hiding a label rather
than letting two touch; the browser tests measure the real boxes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely

ZOOM_STEP = 0.25  # the map's zoomSnap: every zoom a reader can reach
MIN_ZOOM, MAX_ZOOM = 0.0, 9.0
SIDES = ("r", "l", "t", "b")
PLACE_FONT_PX = 12.0
COUNTRY_FONT_PX = 11.0
COUNTRY_LETTER_SPACING_EM = 0.08
MAIN_COUNTRY_FONT_PX = 14.0  # the USSR, the subject of every map
MAIN_COUNTRY_LETTER_SPACING_EM = 0.14
BOLD = 1.1  # how much wider bold text runs
LINE_HEIGHT = 1.25
HALO_PX = 2.0  # the white halo around the text, counted in its box
GAP_PX = 3.0  # between a marker and its label

# Character widths in em of a wide sans-serif (DejaVu Sans, Debian's default), rounded up.
_NARROW = set("ilj.,:;'!|()[]1ftrI-’ ")
_WIDE = set("mwMWШЩЖЮФшщжюфыЫ@%")
_CAPITAL_WIDTH, _LOWER_WIDTH, _NARROW_WIDTH, _WIDE_WIDTH = 0.76, 0.63, 0.36, 0.96


def text_width(text: str, size_px: float, *, letter_spacing_em: float = 0.0) -> float:
    """An upper estimate of the width of ``text`` in pixels.

    >>> round(text_width("Murmansk", 12))
    65
    """
    em = 0.0
    for char in text:
        if char in _WIDE:
            em += _WIDE_WIDTH
        elif char in _NARROW:
            em += _NARROW_WIDTH
        elif char.isupper() or char.isdigit():
            em += _CAPITAL_WIDTH
        else:
            em += _LOWER_WIDTH
        em += letter_spacing_em
    return em * size_px


@dataclass(frozen=True)
class Candidate:
    """A name to place: beside a marker of ``radius_px`` (a place), or centred (a country)."""

    key: str
    text: str
    lon: float  # in the map's window
    lat: float
    priority: float  # lower goes first
    radius_px: float = 0.0  # 0: centred on the point (country names)
    anchors: tuple[tuple[float, float], ...] = ()  # other points a centred name may go, best first
    area: object = (
        None  # a country's shape: its name goes only where it fits inside (shapely, prepared)
    )
    shift: tuple[float, float] = (
        0.0,
        0.0,
    )  # pixels its marker is set apart from others at the same place
    main: bool = False  # the map's main country, named larger


def project(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixels at ``zoom`` (Leaflet's EPSG:3857 with 256-pixel tiles)."""
    scale = 256.0 * 2.0**zoom
    lat = max(min(lat, 85.0511), -85.0511)
    x = (lon + 180.0) / 360.0 * scale
    y = (
        (1.0 - math.log(math.tan(math.radians(lat)) + 1.0 / math.cos(math.radians(lat))) / math.pi)
        / 2.0
        * scale
    )
    return x, y


def _box(candidate: Candidate, side: str, x: float, y: float) -> tuple[float, float, float, float]:
    if side.startswith("c"):
        size, spacing = (
            (MAIN_COUNTRY_FONT_PX, MAIN_COUNTRY_LETTER_SPACING_EM)
            if candidate.main
            else (COUNTRY_FONT_PX, COUNTRY_LETTER_SPACING_EM)
        )
        width = text_width(candidate.text.upper(), size, letter_spacing_em=spacing) * (
            BOLD if candidate.main else 1.0
        )
        height = size * LINE_HEIGHT
        return (
            x - width / 2 - HALO_PX,
            y - height / 2 - HALO_PX,
            x + width / 2 + HALO_PX,
            y + height / 2 + HALO_PX,
        )
    width = text_width(candidate.text, PLACE_FONT_PX) + 2 * HALO_PX
    height = PLACE_FONT_PX * LINE_HEIGHT + 2 * HALO_PX
    offset = candidate.radius_px + GAP_PX
    if side == "r":
        return (x + offset, y - height / 2, x + offset + width, y + height / 2)
    if side == "l":
        return (x - offset - width, y - height / 2, x - offset, y + height / 2)
    if side == "t":
        return (x - width / 2, y - offset - height, x + width / 2, y - offset)
    return (x - width / 2, y + offset, x + width / 2, y + offset + height)


def unproject(x: float, y: float, zoom: float) -> tuple[float, float]:
    """The inverse of :func:`project`."""
    scale = 256.0 * 2.0**zoom
    lon = x / scale * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y / scale))))
    return lon, lat


def _inside(area, box, zoom: float) -> bool:
    """Whether a name's box lies within a country (its corners and the middles of its sides)."""
    x0, y0, x1, y1 = box
    points = [
        unproject(x, y, zoom)
        for x, y in (
            (x0, y0),
            (x1, y0),
            (x0, y1),
            (x1, y1),
            ((x0 + x1) / 2, y0),
            ((x0 + x1) / 2, y1),
        )
    ]
    return bool(shapely.contains_xy(area, [p[0] for p in points], [p[1] for p in points]).all())


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Grid:
    """Boxes in buckets of 64 pixels, so a placement looks only at its neighbours."""

    CELL = 64.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list] = {}

    def _cells(self, box):
        for i in range(int(box[0] // self.CELL), int(box[2] // self.CELL) + 1):
            for j in range(int(box[1] // self.CELL), int(box[3] // self.CELL) + 1):
                yield (i, j)

    def hits(self, box, ignore=None) -> bool:
        return any(
            owner != ignore and _overlaps(box, other)
            for cell in self._cells(box)
            for owner, other in self.cells.get(cell, ())
        )

    def add(self, box, owner) -> None:
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append((owner, box))


def place_labels(candidates: list[Candidate], markers: list[tuple]) -> dict[str, list[list]]:
    """For each candidate, the zoom ranges it shows in and on which side: ``[[from, to, side], ...]``.

    ``markers`` are ``(key, lon, lat, radius_px)``, optionally with a pixel ``(dx, dy)`` it is set apart
    by: no label covers a marker but its own.
    A candidate that never fits is left out.

    Two places 3 km apart: their names go to either side, and swap sides once the
    places are far enough apart on screen for each name to sit on its own side.

    >>> near = [Candidate("a", "Alpha", 10.0, 50.0, 1, 6), Candidate("b", "Beta", 10.05, 50.0, 2, 6)]
    >>> place_labels(near, [("a", 10.0, 50.0, 6), ("b", 10.05, 50.0, 6)])
    {'a': [[0.0, 5.75, 'r'], [6.0, 9.0, 'l']], 'b': [[0.0, 5.75, 'l'], [6.0, 9.0, 'r']]}
    """
    ordered = sorted(candidates, key=lambda c: (c.priority, c.key))
    shown: dict[str, list[tuple[float, str]]] = {c.key: [] for c in ordered}
    steps = int(round((MAX_ZOOM - MIN_ZOOM) / ZOOM_STEP))
    for step in range(steps + 1):
        zoom = MIN_ZOOM + step * ZOOM_STEP
        grid, points = _Grid(), _Grid()  # the names placed so far, and the markers
        for key, lon, lat, radius, *shift in markers:
            x, y = project(lon, lat, zoom)
            if shift:
                x, y = x + shift[0][0], y + shift[0][1]
            points.add((x - radius - 1, y - radius - 1, x + radius + 1, y + radius + 1), key)
        for candidate in ordered:
            for side, (lon, lat) in _positions(candidate):
                x, y = project(lon, lat, zoom)
                x, y = x + candidate.shift[0], y + candidate.shift[1]
                box = _box(candidate, side, x, y)
                if candidate.area is not None and not _inside(candidate.area, box, zoom):
                    continue
                # the main country's name may lie over markers (it lets their clicks through), never over names
                if not grid.hits(box, ignore=candidate.key) and (
                    candidate.main or not points.hits(box, ignore=candidate.key)
                ):
                    grid.add(box, candidate.key)
                    shown[candidate.key].append((zoom, side))
                    break
    return {key: _ranges(steps_shown) for key, steps_shown in shown.items() if steps_shown}


def _positions(candidate: Candidate):
    """Where a name may go, best first: four sides of a place, or a country's anchors ("c0", "c1"...)."""
    if candidate.radius_px:
        return [(side, (candidate.lon, candidate.lat)) for side in SIDES]
    points = ((candidate.lon, candidate.lat), *candidate.anchors)
    return [(f"c{index}", point) for index, point in enumerate(points)]


def _ranges(steps: list[tuple[float, str]]) -> list[list]:
    """Consecutive zoom steps with the same side, as ``[from, to, side]``."""
    runs: list[list] = []
    for zoom, side in steps:
        if runs and runs[-1][2] == side and math.isclose(runs[-1][1] + ZOOM_STEP, zoom):
            runs[-1][1] = zoom
        else:
            runs.append([zoom, zoom, side])
    return runs
