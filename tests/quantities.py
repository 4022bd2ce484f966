"""Read the quantities a sentence states, independently of the data files.

Used to check that each figure's value is the number its quoted sentence
gives, and that every number of the seed sentences the atlas must cover is in
the figures table. Handles thousands written with commas, dots or spaces,
decimal commas, "thousand"/"million" (and their Russian abbreviations),
ranges such as "80-90 thousand" and a few number words.
"""

from __future__ import annotations

import re

SPACES = re.compile(r"[\u00a0\u202f\u2009]")
NUMBER = re.compile(
    r"(?<![\w.,])"  # not the tail of a longer token
    r"(\d{1,3}(?:(?:,|\.| )\d{3})+|\d+)"  # integer part, thousands grouped by , . or space
    r"(?:[.,](\d{1,2}|\d{4,}))?"  # decimal part (a 3-digit group is thousands, not decimals)
    r"(?![\w])"
)
SCALE = re.compile(r"\s*(?:[-–]\s*[\d.,]+\s*)?(thousand|million|тыс|млн|миллион)", re.IGNORECASE)
SCALES = {"thousand": 1e3, "тыс": 1e3, "million": 1e6, "млн": 1e6, "миллион": 1e6}
UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "три": 3,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
WORD_NUMBER = re.compile(
    r"\b(?:(?P<tens>" + "|".join(TENS) + r")(?:[- ](?P<unit_after>" + "|".join(UNITS) + r"))?"
    r"|(?P<unit>" + "|".join(UNITS) + r"))\b(?:\s+(?P<scale>hundred|thousand|million))?",
    re.IGNORECASE,
)
WORD_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6}


def _integer(group: str) -> float:
    return float(re.sub(r"[,. ]", "", group))


def numbers_in(text: str, *, words: bool = False) -> list[tuple[float, int, int]]:
    """``(value, start, end)`` for each number in ``text``, scaled by a following
    thousand/million. With ``words``, number words ("three thousand") count too."""
    text = SPACES.sub(" ", text)
    found = []
    for match in NUMBER.finditer(text):
        whole, decimals = match.group(1), match.group(2)
        value = _integer(whole) + (float(f"0.{decimals}") if decimals else 0.0)
        scale = SCALE.match(text, match.end())
        if scale:
            value *= SCALES[scale.group(1).lower()]
        found.append((value, match.start(), match.end()))
    if words:
        for match in WORD_NUMBER.finditer(text):
            if match.group("tens"):
                value = TENS[match.group("tens").lower()] + UNITS.get(
                    (match.group("unit_after") or "").lower(), 0
                )
            else:
                value = UNITS[match.group("unit").lower()]
            if match.group("scale"):
                value *= WORD_SCALES[match.group("scale").lower()]
            found.append((float(value), match.start(), match.end()))
    return found


def values_in(text: str, *, words: bool = False) -> set[float]:
    return {value for value, _, _ in numbers_in(text, words=words)}


def stated_quantities(sentence: str) -> set[float]:
    """The quantities a sentence states: its numbers without years, days of the
    month or convoy names (PQ-17).

    >>> sentence = "From October 1936 to July 1937, they detained 96 Soviet ships, three were sunk."
    >>> sorted(stated_quantities(sentence))
    [3.0, 96.0]
    """
    # citation markers ("[1] (pp. 1-2)", "[2] (p. 207)") are not quantities
    text = re.sub(r"\[\d+\]|\(pp?\.\s*[\d\s,-]+\)", " ", SPACES.sub(" ", sentence))
    quantities = set()
    for value, start, end in numbers_in(text, words=True):
        before = text[max(0, start - 3) : start]
        is_year = 1900 <= value <= 1950 and float(value).is_integer() and not SCALE.match(text, end)
        # a calibre ("3-inch") or a kind of plan ("five-year") is not a quantity
        is_compound = (
            text[end : end + 5] == "-inch"
            or text[end : end + 3] == "-mm"
            or text[end : end + 5] == "-year"
        )
        is_denominator = before.endswith("/")  # "2/3" states two thirds: the 3 is the unit
        if is_year or is_compound or is_denominator or before.endswith(("PQ-", "PQ ")):
            continue
        quantities.add(value)
    return quantities


def same_number(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
