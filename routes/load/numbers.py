"""Numbers written in a text, and whether each is one of a map's sourced figures.

A guided tour may state only the map's own figures. The check reads every number
in a step's words as the language writes it (``3,964,000`` and ``22.7`` in English,
``3 964 000`` and ``22,7`` in Russian) and compares it with the figures' values,
written the same way (as :meth:`mapgen.i18n.Locale.number` writes them on the
map). What is not a quantity is left alone: a year of 1900–1959 (``1942``, ``1930s``, ``1930-е``),
a day before a month's name (``4 July``, ``4 июля``), an ordinal (``1st``, ``2-я``)
and a designation (``PQ 17``, ``T-34``, ``U-255``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from babel.numbers import format_decimal

from routes.model import Figure

NUMBER_FORMAT = "#,##0.######"  # as mapgen.i18n.Locale.number writes a figure
# A thousands separator as each language writes it (Russian: a space, no-break or narrow no-break)
# and its decimal mark.
SEPARATORS = {"en": (",", "."), "ru": (" \u00a0\u202f", ",")}
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()


@dataclass(frozen=True)
class Written:
    """A number as a text writes it: the characters, and their value."""

    text: str
    value: float


def _pattern(lang: str) -> re.Pattern:
    thousands, decimal = SEPARATORS[lang]
    sep = "[" + re.escape(thousands) + "]"
    return re.compile(
        rf"(?<![\w.,])(\d{{1,3}}(?:{sep}\d{{3}})+|\d+)(?:{re.escape(decimal)}\d+)?(?![\d])"
    )


def _plain(text: str, lang: str) -> float:
    thousands, decimal = SEPARATORS[lang]
    for char in thousands:
        text = text.replace(char, "")
    return float(text.replace(decimal, "."))


def numbers_in(text: str, lang: str) -> list[Written]:
    """The quantities written in ``text``; years, days, ordinals and designations are skipped.

    >>> [n.text for n in numbers_in("In 1942 PQ 17 lost 24 of 35 ships, 3,350 vehicles, 22.7%", "en")]
    ['24', '35', '3,350', '22.7']
    >>> [n.value for n in numbers_in("4 июля 1942 г. 22,7 % и 3\\u00a0964\\u00a0000 т, 1-я армия, Т-34", "ru")]
    [22.7, 3964000.0]
    """
    found = []
    for match in _pattern(lang).finditer(text):
        written = match.group(0)
        before, after = text[: match.start()], text[match.end() :]
        if re.fullmatch(r"19[0-5]\d", written) and not re.match(r"[\d]", after):
            continue  # a year, or a decade ("1930s", "1930-е")
        if re.match(r"(?:st|nd|rd|th)\b|-[а-яё]{1,3}\b", after, re.IGNORECASE):
            continue  # an ordinal: 1st, 2-я, 3-й
        if re.search(r"[A-Za-zА-Яа-яЁё]-$|\b[A-ZА-ЯЁ]{1,4}[ \u00a0]$", before):
            continue  # a designation: T-34, U-255, PQ 17, JW 51
        if re.match(r"[ \u00a0]*(?:" + "|".join(MONTHS) + r")\b", after, re.IGNORECASE):
            continue  # a day of a month
        found.append(Written(written, _plain(written, lang)))
    return found


@functools.lru_cache(
    maxsize=4096
)  # a tour checks every step against all the figures: 0.5 s a build
def figure_texts(figure: Figure, lang: str) -> frozenset[str]:
    """The ways a figure's numbers are written in ``lang``: its value, its upper end, and a sum of
    US dollars in millions, as the maps write it (``US$ 9,800 million``).

    >>> sorted(figure_texts(Figure("x", "r", "", "m", 9.8e9, "usd", None, "about", "s", "q"), "en"))
    ['9,800', '9,800,000,000']
    """
    values = [figure.value] + ([figure.value_high] if figure.value_high is not None else [])
    if figure.unit == "usd" and figure.value >= 1e6:
        values += [v / 1e6 for v in values]
    return frozenset(normal(format_decimal(v, format=NUMBER_FORMAT, locale=lang)) for v in values)


def normal(text: str) -> str:
    """A number's text with any kind of space as a plain space, for comparing."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


def stray_numbers(text: str, lang: str, figures: list[Figure]) -> list[Written]:
    """The numbers of ``text`` that are written as none of ``figures`` is."""
    allowed = set().union(*(figure_texts(f, lang) for f in figures)) if figures else set()
    return [n for n in numbers_in(text, lang) if normal(n.text) not in allowed]


def figures_written(text: str, lang: str, figures: list[Figure]) -> list[Figure]:
    """The figures whose numbers ``text`` writes, in the order of ``figures``."""
    written = {normal(n.text) for n in numbers_in(text, lang)}
    return [f for f in figures if figure_texts(f, lang) & written]
