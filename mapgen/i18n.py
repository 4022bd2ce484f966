"""The maps' own words in each language, and numbers and dates as each language writes them.

Texts from the data (route, place and metric names, notes, unit names) are
translated in the data files (``name_ru`` beside ``name``) and reach this
module already in the map's language; this module holds everything else a
reader sees: headings, legends, buttons, tooltips, and the formatting of
values, units and periods.
"""

from __future__ import annotations

from dataclasses import dataclass

from routes.model import PLURAL_FORMS, Figure, Period, parse_iso_partial

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "language.name": "English",
        "atlas.title": "Supply routes into and out of the USSR: an atlas",
        "atlas.intro": (
            "Interactive maps that open from this folder without an internet connection. Each route, place "
            "and loss can be clicked for its figures, each with its period and source."
        ),
        "atlas.credits": (
            "Basemap: Natural Earth (public domain). Place positions mostly from GeoNames (CC BY 4.0). "
            "Maps drawn with Leaflet 1.9.4 (BSD-2-Clause)."
        ),
        "atlas.data": "The data behind the maps, for your own analysis:",
        "atlas.data.figures": "every figure with its source (CSV)",
        "atlas.data.routes": "routes, places and losses (GeoJSON)",
        "atlas.picture_alt": "Map: {title}",
        "map.aria": "Interactive map: {title}",
        "map.hint": "Click a route, a place or a loss for its figures and their sources.",
        "map.totals": "Totals for all routes ({count} figures)",
        "map.charts": "Charts ({count})",
        "map.all_maps": "All maps",
        "map.see_also": "see also:",
        "map.other_language": "Русский",
        "map.text_link": "The figures as a table",
        "map.skip": "Skip to the figures as a table",
        "map.about": "About this map",
        "map.fold": "Show or hide the description",
        "map.open_full": "Open the full map",
        "text.heading": "{title}: the figures on this map",
        "text.intro": (
            "Every figure the map shows, route by route, with its period and source. "
            "Where sources disagree, each value is given with its source."
        ),
        "text.map_wide": "The whole map",
        "text.sources": "Sources",
        "print.sources": "Sources",
        "print.made_with": "Made with the supply-route atlas; basemap Natural Earth; places GeoNames (CC BY 4.0).",
        "layer.land": "Land (Natural Earth, offline)",
        "layer.relief": "Shaded relief (online, Esri)",
        "layer.places": "Places",
        "layer.names": "Place names",
        "layer.losses": "Losses and detentions",
        "layer.control": "Layers",
        "attribution": (
            "Land: Natural Earth (public domain), via world-atlas 2.0.2 | "
            "Places: GeoNames (CC BY 4.0), OurAirports (public domain)"
        ),
        "scale.km": "km",
        "scale.m": "m",
        "zoom.in": "Zoom in",
        "zoom.out": "Zoom out",
        "popup.route_figures": "Figures for the whole route",
        "popup.no_route_figures": "No figure for the whole route was found in the sources.",
        "popup.leg_figures": "Figures for this leg",
        "popup.leg_sources": "Sources for this leg:",
        "popup.figures": "Figures",
        "popup.position_from": "Position from:",
        "popup.record": "record {ref}",
        "popup.approximate": (
            "<strong>Approximate position</strong>: the shaded circle ({radius} km) shows where the sources place it."
        ),
        "popup.sources": "Sources:",
        "tooltip.approximate": "{name} (approximate position)",
        "figures.quote": "quote",
        "figures.source": "Source:",
        "figures.disputed": "Sources disagree",
        "legend.title": "Legend",
        "legend.legs": "Legs",
        "legend.places": "Places",
        "legend.losses": "Losses",
        "legend.approximate": "Position known only roughly",
        "mode.sea": "by sea",
        "mode.rail": "by rail",
        "mode.road": "by road",
        "mode.air": "by air",
        "mode.river": "by river",
        "mode.link": "link (who helped whom; not a transport route)",
        "kind.port": "Port",
        "kind.anchorage": "Anchorage",
        "kind.airfield": "Airfield",
        "kind.rail_station": "Railway station",
        "kind.strait": "Strait or passage",
        "kind.bay": "Bay or inlet",
        "kind.cape": "Cape",
        "kind.island": "Island",
        "kind.border_crossing": "Border crossing",
        "kind.city": "City",
        "kind.facility": "Joint school or test site",
        "kind.factory": "Factory or works",
        "kind.shipyard": "Shipyard",
        "kind.power_station": "Power station",
        "kind.camp": "Formation camp",
        "event.sinking": "Ship sunk",
        "event.detention": "Ship detained",
        "periods.heading": "Line width: what each route carried",
        "periods.aria": "Period",
        "periods.no_figure": "no figure",
        "periods.no_figure_sample": "no figure for this period",
        "periods.width_percent": "Width is proportional to the share of all deliveries to the USSR, {label}:",
        "periods.width_tons": "Width is proportional to the tons carried (as the sources count them), {label}:",
        "periods.none": "No sourced figure gives what the routes carried in {label}.",
        "periods.filtered": "{shown} of {total} figures cover {label}.",
        "periods.show_all": "Show all periods",
        "chart.source": "Source:",
        "chart.sources": "Sources:",
        "chart.per_group": "Bars are scaled within each group.",
        "qualifier.about": "about",
        "qualifier.nearly": "nearly",
        "qualifier.more than": "more than",
        "qualifier.up to": "up to",
        "value.usd": "US$ {amount}",
        "value.usd_million": "US$ {amount} million",
        "value.percent": "{amount}%",
    },
    "ru": {
        "language.name": "Русский",
        "atlas.title": "Пути поставок в СССР и из СССР: атлас",
        "atlas.intro": (
            "Интерактивные карты, которые открываются из этой папки без подключения к интернету. "
            "На каждый маршрут, пункт и потерю можно нажать и увидеть цифры, каждую — с периодом и источником."
        ),
        "atlas.credits": (
            "Подложка: Natural Earth (общественное достояние). Координаты пунктов в основном из GeoNames "
            "(CC BY 4.0). Карты построены с помощью Leaflet 1.9.4 (BSD-2-Clause)."
        ),
        "atlas.data": "Данные, по которым построены карты, для самостоятельного анализа:",
        "atlas.data.figures": "все цифры с источниками (CSV)",
        "atlas.data.routes": "маршруты, пункты и потери (GeoJSON)",
        "atlas.picture_alt": "Карта: {title}",
        "map.aria": "Интерактивная карта: {title}",
        "map.hint": "Нажмите на маршрут, пункт или потерю, чтобы увидеть цифры и их источники.",
        "map.totals": "Итоги по всем маршрутам (цифр: {count})",
        "map.charts": "Диаграммы ({count})",
        "map.all_maps": "Все карты",
        "map.see_also": "см. также:",
        "map.other_language": "English",
        "map.text_link": "Цифры в виде таблицы",
        "map.skip": "Перейти к таблице цифр",
        "map.about": "Об этой карте",
        "map.fold": "Показать или скрыть описание",
        "map.open_full": "Открыть полную карту",
        "text.heading": "{title}: цифры на этой карте",
        "text.intro": (
            "Все цифры, которые показывает карта, по маршрутам, с периодом и источником. "
            "Где источники расходятся, приведено каждое значение со своим источником."
        ),
        "text.map_wide": "Карта в целом",
        "text.sources": "Источники",
        "print.sources": "Источники",
        "print.made_with": (
            "Атлас путей поставок; подложка Natural Earth; координаты пунктов GeoNames (CC BY 4.0)."
        ),
        "layer.land": "Суша (Natural Earth, без интернета)",
        "layer.relief": "Рельеф (нужен интернет, Esri)",
        "layer.places": "Пункты",
        "layer.names": "Названия пунктов",
        "layer.losses": "Потери и задержания",
        "layer.control": "Слои",
        "attribution": (
            "Суша: Natural Earth (общественное достояние), через world-atlas 2.0.2 | "
            "Пункты: GeoNames (CC BY 4.0), OurAirports (общественное достояние)"
        ),
        "scale.km": "км",
        "scale.m": "м",
        "zoom.in": "Приблизить",
        "zoom.out": "Отдалить",
        "popup.route_figures": "Цифры по всему маршруту",
        "popup.no_route_figures": "Цифр по маршруту в целом в источниках не найдено.",
        "popup.leg_figures": "Цифры по этому участку",
        "popup.leg_sources": "Источники по этому участку:",
        "popup.figures": "Цифры",
        "popup.position_from": "Координаты:",
        "popup.record": "запись {ref}",
        "popup.approximate": (
            "<strong>Место известно приблизительно</strong>: заштрихованный круг ({radius} км) показывает, "
            "где его помещают источники."
        ),
        "popup.sources": "Источники:",
        "tooltip.approximate": "{name} (место приблизительно)",
        "figures.quote": "цитата",
        "figures.source": "Источник:",
        "figures.disputed": "Источники расходятся",
        "legend.title": "Условные обозначения",
        "legend.legs": "Участки пути",
        "legend.places": "Пункты",
        "legend.losses": "Потери",
        "legend.approximate": "Место известно лишь приблизительно",
        "mode.sea": "морем",
        "mode.rail": "по железной дороге",
        "mode.road": "по шоссе",
        "mode.air": "по воздуху",
        "mode.river": "по реке",
        "mode.link": "связь (кто кому помогал; не транспортный путь)",
        "kind.port": "Порт",
        "kind.anchorage": "Якорная стоянка",
        "kind.airfield": "Аэродром",
        "kind.rail_station": "Железнодорожная станция",
        "kind.strait": "Пролив или проход",
        "kind.bay": "Залив или бухта",
        "kind.cape": "Мыс",
        "kind.island": "Остров",
        "kind.border_crossing": "Пограничный переход",
        "kind.city": "Город",
        "kind.facility": "Совместная школа или полигон",
        "kind.factory": "Завод или комбинат",
        "kind.shipyard": "Верфь",
        "kind.power_station": "Электростанция",
        "kind.camp": "Место формирования",
        "event.sinking": "Судно потоплено",
        "event.detention": "Судно задержано",
        "periods.heading": "Толщина линии: что перевёз каждый маршрут",
        "periods.aria": "Период",
        "periods.no_figure": "нет данных",
        "periods.no_figure_sample": "нет данных за этот период",
        "periods.width_percent": "Толщина пропорциональна доле во всех поставках в СССР (период «{label}»):",
        "periods.width_tons": "Толщина пропорциональна перевезённому тоннажу по данным источников (период «{label}»):",
        "periods.none": "Период «{label}»: ни один источник не даёт цифр перевозок по маршрутам.",
        "periods.filtered": "За период «{label}»: {shown} из {total} цифр.",
        "periods.show_all": "Показать все периоды",
        "chart.source": "Источник:",
        "chart.sources": "Источники:",
        "chart.per_group": "Столбцы масштабированы в пределах каждой группы.",
        "qualifier.about": "около",
        "qualifier.nearly": "почти",
        "qualifier.more than": "более",
        "qualifier.up to": "до",
        "value.usd": "{amount} долл. США",
        "value.usd_million": "{amount} млн долл. США",
        "value.percent": "{amount}\u00a0%",
    },
}

MONTHS_SHORT = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."),
}
# With a day the month is in the genitive in Russian ("4 июля"), as it is spoken.
MONTHS_WITH_DAY = {
    "en": MONTHS_SHORT["en"],
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ),
}
# Russian prepositions that put the number's noun in the genitive ("около 21 судна", "более 5 судов").
GENITIVE_QUALIFIERS = {"ru": ("about", "more than", "up to")}


@dataclass(frozen=True)
class Locale:
    """One language's words and number and date formats."""

    lang: str

    def __post_init__(self) -> None:
        if self.lang not in MESSAGES:
            raise ValueError(f"no messages for language {self.lang!r}; there are: {', '.join(MESSAGES)}")

    def t(self, key: str, **values) -> str:
        """The message ``key``, with ``{name}`` fields filled in (values are not escaped here)."""
        return MESSAGES[self.lang][key].format(**values)

    def number(self, value: float) -> str:
        """
        >>> Locale("en").number(4546000.0), Locale("en").number(0.5)
        ('4,546,000', '0.5')
        >>> Locale("ru").number(4546000.0), Locale("ru").number(22.7)
        ('4\\xa0546\\xa0000', '22,7')
        """
        if float(value).is_integer():
            text = f"{int(value):,}"
        else:
            text = f"{value:,.6f}".rstrip("0").rstrip(".")
        if self.lang == "ru":
            text = text.replace(",", "\u00a0").replace(".", ",")
        return text

    def unit(self, name: str, value: float, qualifier: str = "exactly") -> str:
        """The form of a unit's name that goes with ``value``.

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
            raise ValueError(f"{name!r} has {len(forms)} forms; {self.lang} uses {PLURAL_FORMS.get(self.lang, 1)}")
        index = _russian_plural(value)
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
        def amount_of(v: float, scale: float = 1.0) -> str:
            return self.number(v / scale)

        last = figure.value_high if figure.value_high is not None else figure.value
        if figure.unit == "usd" and figure.value >= 1e6:
            amount = amount_of(figure.value, 1e6)
            if figure.value_high is not None:
                amount += "–" + amount_of(figure.value_high, 1e6)
            text = self.t("value.usd_million", amount=amount)
        else:
            amount = self.number(figure.value)
            if figure.value_high is not None:
                amount += "–" + self.number(figure.value_high)
            if figure.unit == "percent":
                text = self.t("value.percent", amount=amount)
            elif figure.unit == "usd":
                text = self.t("value.usd", amount=amount)
            else:
                text = f"{amount} {self.unit(unit_name, last, figure.qualifier)}"
        if figure.qualifier == "exactly":
            return text
        return f"{self.t('qualifier.' + figure.qualifier)} {text}"

    def date(self, text: str) -> str:
        """
        >>> Locale("en").date("1942-07-04"), Locale("ru").date("1942-07-04"), Locale("ru").date("1936-10")
        ('4 Jul 1942', '4 июля 1942', 'окт. 1936')
        """
        parts = text.split("-")
        day = parse_iso_partial(text)
        if len(parts) == 1:
            return str(day.year)
        if len(parts) == 2:
            return f"{MONTHS_SHORT[self.lang][day.month - 1]} {day.year}"
        return f"{day.day} {MONTHS_WITH_DAY[self.lang][day.month - 1]} {day.year}"

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
            months = MONTHS_SHORT[self.lang]
            return f"{months[int(s[1]) - 1]}–{months[int(e[1]) - 1]} {s[0]}"
        if len(s) == len(e) == 3 and s[:2] == e[:2]:
            return f"{int(s[2])}–{int(e[2])} {MONTHS_WITH_DAY[self.lang][int(s[1]) - 1]} {s[0]}"
        return f"{self.date(start)} – {self.date(end)}"


def _russian_plural(value: float) -> int:
    """0: the form for 1, 21...; 1: for 2-4, 22-24... and fractions; 2: for 5-20, 25-30..."""
    if not float(value).is_integer():
        return 1
    n = int(value)
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


ENGLISH = Locale("en")
