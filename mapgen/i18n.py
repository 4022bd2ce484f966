"""The maps' own words in each language, and numbers, dates and plurals as each language writes them.

Texts from the data (route, place and metric names, notes, unit names) are
translated in the data files (``name_ru`` beside ``name``) and reach this
module already in the map's language. Everything else a reader sees
(headings, legends, buttons) is in a message catalogue per language,
``mapgen/locales/<lang>.toml``, which a translator edits with any text
editor. Numbers, dates and plural forms come from Babel (CLDR data).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from babel import Locale as BabelLocale
from babel.dates import format_date
from babel.numbers import format_decimal

from routes.model import PLURAL_FORMS, Figure, Period, parse_iso_partial

CATALOGUE_LANGUAGES = ("en", "ru")
# CLDR plural categories in the order a unit's forms are written in the data ("судно|судна|судов"):
# one (1, 21), few (2-4, 22-24), many (5-20, 25-30); "other" (fractions) takes the genitive singular.
PLURAL_ORDER = {"one": 0, "few": 1, "many": 2, "other": 1}
# Russian prepositions that put the number's noun in the genitive ("около 21 судна", "более 5 судов").
GENITIVE_QUALIFIERS = {"ru": ("about", "more than", "up to")}


@cache
def messages(lang: str) -> dict[str, str]:
    """The catalogue of ``lang`` as flat keys: ``[map] hint = ...`` is ``"map.hint"``."""
    if lang not in CATALOGUE_LANGUAGES:
        raise ValueError(
            f"no messages for language {lang!r}; there are: {', '.join(CATALOGUE_LANGUAGES)}"
        )
    with files("mapgen").joinpath("locales", f"{lang}.toml").open("rb") as handle:
        tree = tomllib.load(handle)
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            else:
                flat[name] = value

    walk("", tree)
    return flat


@dataclass(frozen=True)
class Locale:
    """One language's words and its number and date formats."""

    lang: str

    def __post_init__(self) -> None:
        messages(self.lang)  # fails early for a language without a catalogue

    def t(self, key: str, **values) -> str:
        """The message ``key``, with ``{name}`` fields filled in (values are not escaped here)."""
        return messages(self.lang)[key].format(**values)

    def number(self, value: float) -> str:
        """
        >>> Locale("en").number(4546000.0), Locale("en").number(0.5)
        ('4,546,000', '0.5')
        >>> Locale("ru").number(4546000.0), Locale("ru").number(22.7)
        ('4\\xa0546\\xa0000', '22,7')
        """
        return format_decimal(value, format="#,##0.######", locale=self.lang)

    def unit(self, name: str, value: float, qualifier: str = "exactly") -> str:
        """The form of a unit's name that goes with ``value`` (CLDR plural rules).

        >>> ru = Locale("ru")
        >>> [ru.unit("судно|судна|судов", n) for n in (1, 3, 11, 22, 35, 0.5)]
        ['судно', 'судна', 'судов', 'судна', 'судов', 'судна']
        >>> ru.unit("судно|судна|судов", 21, "about"), ru.unit("судно|судна|судов", 22, "about")
        ('судна', 'судов')
        """
        forms = name.split("|")
        if len(forms) == 1:
            return name
        if len(forms) != PLURAL_FORMS.get(self.lang, 1):
            raise ValueError(
                f"{name!r} has {len(forms)} forms; {self.lang} uses {PLURAL_FORMS.get(self.lang, 1)}"
            )
        index = PLURAL_ORDER[BabelLocale(self.lang).plural_form(value)]
        if qualifier in GENITIVE_QUALIFIERS.get(self.lang, ()):
            index = 1 if index == 0 else 2  # genitive: singular for ...1, plural otherwise
        return forms[index]

    def value(self, figure: Figure, unit_name: str) -> str:
        """A figure's value as a reader says it, e.g. ``about 100,000 tons``.

        >>> from routes.model import Figure, Period
        >>> f = Figure("x", "arctic", "", "m", 9.8e9, "usd", Period("1941", "1945"), "about", "s", "q")
        >>> Locale("en").value(f, "US dollars"), Locale("ru").value(f, "доллар США|доллара США|долларов США")
        ('about US$ 9,800 million', 'около 9\\xa0800 млн долл. США')
        >>> g = Figure("y", "arctic", "", "m", 35, "ships", Period("1942", "1942"), "exactly", "s", "q", value_high=36)
        >>> Locale("ru").value(g, "судно|судна|судов")
        '35–36 судов'
        """
        last = figure.value_high if figure.value_high is not None else figure.value
        millions = figure.unit == "usd" and figure.value >= 1e6
        scale = 1e6 if millions else 1.0
        amount = self.number(figure.value / scale)
        if figure.value_high is not None:
            amount += "–" + self.number(figure.value_high / scale)
        if millions:
            text = self.t("value.usd_million", amount=amount)
        elif figure.unit == "percent":
            text = self.t("value.percent", amount=amount)
        elif figure.unit == "usd":
            text = self.t("value.usd", amount=amount)
        else:
            text = f"{amount} {self.unit(unit_name, last, figure.qualifier)}"
        if figure.qualifier == "exactly":
            return text
        return f"{self.t('qualifier.' + figure.qualifier)} {text}"

    def date(self, text: str) -> str:
        """A date as precise as the source gives it.

        >>> Locale("en").date("1942-07-04"), Locale("ru").date("1942-07-04"), Locale("ru").date("1936-10")
        ('4 Jul 1942', '4 июля 1942', 'окт. 1936')
        """
        parts = text.split("-")
        day = parse_iso_partial(text)
        if len(parts) == 1:
            return str(day.year)
        if len(parts) == 2:
            return f"{self.month(day.month)} {day.year}"
        return format_date(day, self.t("date.day_month_year"), locale=self.lang)

    def month(self, number: int) -> str:
        """A month's short name as it stands alone: ``Jul``, ``июль``, ``сент.``."""
        return format_date(dt.date(2000, number, 1), "LLL", locale=self.lang)

    def month_name(self, month: str) -> str:
        """A month of a year in full, as it stands alone: ``July 1942``, ``июль 1942``.

        >>> Locale("en").month_name("1942-07"), Locale("ru").month_name("1942-07")
        ('July 1942', 'июль 1942')
        """
        return format_date(parse_iso_partial(month), "LLLL y", locale=self.lang)

    def period(self, period: Period) -> str:
        """
        >>> en, ru = Locale("en"), Locale("ru")
        >>> en.period(Period("1936-10", "1939-01")), ru.period(Period("1936-10", "1939-01"))
        ('Oct 1936 – Jan 1939', 'окт. 1936 – янв. 1939')
        >>> en.period(Period("1943-01", "1943-09")), ru.period(Period("1943-01", "1943-09"))
        ('Jan–Sep 1943', 'янв.–сент. 1943')
        >>> en.period(Period("1942-07-04", "1942-07-10")), ru.period(Period("1942-07-04", "1942-07-10"))
        ('4–10 Jul 1942', '4–10 июля 1942')
        >>> en.period(Period("1941", "1945")), en.period(Period("1942", "1942"))
        ('1941–1945', '1942')
        """
        start, end = period.start, period.end
        if start == end:
            return self.date(start)
        s, e = start.split("-"), end.split("-")
        if len(s) == len(e) == 1:
            return f"{start}–{end}"
        if len(s) == len(e) == 2 and s[0] == e[0]:
            return f"{self.month(int(s[1]))}–{self.month(int(e[1]))} {s[0]}"
        if len(s) == len(e) == 3 and s[:2] == e[:2]:
            last = format_date(
                parse_iso_partial(end), self.t("date.day_month_year"), locale=self.lang
            )
            return f"{int(s[2])}–{last}"
        return f"{self.date(start)} – {self.date(end)}"


ENGLISH = Locale("en")
