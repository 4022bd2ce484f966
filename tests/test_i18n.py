"""Two languages: every text a map shows exists in each language it is built in, numbers kept."""

from __future__ import annotations

import re
import string

import pytest
from test_loader import edit_csv, edit_geojson, only_problem, set_prop

from mapgen.i18n import CATALOGUE_LANGUAGES, Locale, messages
from routes import load_atlas
from routes.model import LANGUAGES, TRANSLATED_FIELDS, Figure, Period

MESSAGES = {lang: messages(lang) for lang in CATALOGUE_LANGUAGES}

ATLAS = load_atlas()
RUSSIAN = ATLAS.translations["ru"]


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_of_the_data_has_the_maps_own_words():
    assert set(LANGUAGES) <= set(MESSAGES)


@pytest.mark.parametrize("lang", [lang for lang in MESSAGES if lang != "en"])
def test_message_catalogues_match(lang):
    assert MESSAGES[lang].keys() == MESSAGES["en"].keys()
    for key, english in MESSAGES["en"].items():
        assert fields_of(MESSAGES[lang][key]) == fields_of(english), key
        same = (
            "atlas.credits",
            "attribution.land",
            "attribution.places",
            "date.day_month_year",
            "scale.km",
            "scale.m",
        )
        assert MESSAGES[lang][key] != english or key in same, f"{key} is not translated"


def english_text(kind: str, key: str, field: str) -> str:
    if kind == "metric":
        return ATLAS.metrics[key]
    if kind == "unit":
        return ATLAS.units[key]
    if kind == "leg":
        return getattr(next(leg for leg in ATLAS.legs if leg.id == key), field)
    if kind == "figure":
        return getattr(ATLAS.figure(key), field)
    if kind == "period":
        group, period = key.split("/")
        return next(s.label for s in ATLAS.slices if (s.group, s.id) == (group, period))
    if kind == "chart":
        return next(c.title for c in ATLAS.charts if c.id == key)
    if kind == "step":
        tour, number = key.split("/")
        steps = next(t.steps for t in ATLAS.tours if t.id == tour)
        return getattr(steps[int(number) - 1], field)
    if kind == "country":
        return next(c.name for c in ATLAS.countries if c.id == key)
    if kind == "source":
        return getattr(ATLAS.sources[key], field)
    if kind == "convoy":
        return getattr(ATLAS.convoy(key), field)
    if kind in ("convoy_dispute", "convoy_loss", "convoy_pause"):
        records = {
            "convoy_dispute": ATLAS.convoy_disputes,
            "convoy_loss": ATLAS.convoy_losses,
            "convoy_pause": ATLAS.convoy_pauses,
        }[kind]
        return getattr(next(r for r in records if r.key == key), field)
    table = {
        "group": ATLAS.groups,
        "route": ATLAS.routes,
        "place": ATLAS.places,
        "event": ATLAS.events,
    }[kind]
    return getattr(table[key], field)


def numbers_in(text: str, lang: str) -> set[str]:
    """The numbers written in digits, with each language's separators removed."""
    if lang == "en":
        text = re.sub(r"\b(1[89])(\d\d)[–-](\d\d)\b", r"\1\2–\1\3", text)  # 1941–45 is 1941–1945
        text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    else:
        text = re.sub(r"(?<=\d)[\u00a0\u202f ](?=\d{3}\b)", "", text)
        text = re.sub(r"(?<=\d),(?=\d)", ".", text)
    return set(re.findall(r"\d+(?:\.\d+)?", text))


@pytest.mark.parametrize("key", sorted(RUSSIAN), ids="-".join)
def test_a_translation_keeps_every_number(key):
    english, russian = english_text(*key), RUSSIAN[key]
    assert numbers_in(russian, "ru") == numbers_in(english, "en"), (english, russian)


@pytest.mark.parametrize("key", sorted(RUSSIAN), ids="-".join)
def test_a_russian_text_is_russian(key):
    text = RUSSIAN[key]
    if key[0] == "source" and text == english_text(*key):
        return  # a source's short name may be its own name (a web site's), the same in every language
    assert re.search("[А-Яа-яЁё]", text) or not re.search("[A-Za-z]", text), text


def test_every_map_is_translated_whole():
    for group in ATLAS.groups.values():
        assert "ru" in group.languages
        for kind, key, field, _ in ATLAS.translation_needs(group.id):
            assert (kind, key, field) in RUSSIAN


def test_the_atlas_in_russian():
    russian = ATLAS.in_language("ru")
    assert russian.routes["arctic"].name == RUSSIAN[("route", "arctic", "name")]
    assert russian.places["murmansk"].name == "Мурманск"
    assert russian.metrics != ATLAS.metrics and russian.units != ATLAS.units
    assert ATLAS.in_language("en") is ATLAS
    with pytest.raises(ValueError):
        ATLAS.in_language("xx")


# -- the loader's checks ---------------------------------------------------------------------


def test_a_missing_translation_names_file_record_and_field(data_copy):
    edit_geojson(data_copy, "arctic", "murmansk", lambda f: f["properties"].pop("name_ru"))
    problem = only_problem(data_copy, "missing-translation")
    assert problem.file.endswith("arctic.geojson") and "murmansk" in problem.record
    assert (
        problem.field == "name_ru"
        and "'Murmansk'" in problem.message
        and "Russian" in problem.message
    )


def test_an_empty_cell_is_a_missing_translation(data_copy):
    edit_csv(data_copy, "metrics.csv", "share_of_deliveries", "name_ru", "")
    problem = only_problem(data_copy, "missing-translation")
    assert problem.file.endswith("metrics.csv") and problem.field == "name_ru"


def test_a_map_in_english_only_needs_no_translation(data_copy):
    text = (data_copy / "groups.csv").read_text(encoding="utf-8").replace(",en;ru\n", ",en\n")
    (data_copy / "groups.csv").write_text(text, encoding="utf-8")
    edit_csv(data_copy, "metrics.csv", "share_of_deliveries", "name_ru", "")
    atlas = load_atlas(data_copy)
    assert all(group.languages == ("en",) for group in atlas.groups.values())
    # ...but validate --lang ru still finds the gap
    with pytest.raises(Exception) as caught:
        load_atlas(data_copy, languages=("ru",))
    assert [p.code for p in caught.value.problems] == ["missing-translation"]


def test_an_unknown_language(data_copy):
    edit_csv(data_copy, "groups.csv", "spain_1936_39", "languages", "en;fr")
    problem = only_problem(data_copy, "unknown-language")
    assert problem.field == "languages" and "'fr'" in problem.message


def test_english_is_always_a_language(data_copy):
    edit_csv(data_copy, "groups.csv", "spain_1936_39", "languages", "ru")
    assert only_problem(data_copy, "missing-base-language").field == "languages"


@pytest.mark.parametrize("forms", ["судно|судна", "судно||судов", "a|b|c|d"])
def test_russian_unit_names_have_three_forms(data_copy, forms):
    edit_csv(data_copy, "units.csv", "ships", "name_ru", forms)
    problem = only_problem(data_copy, "bad-plural-forms")
    assert problem.file.endswith("units.csv") and problem.field == "name_ru"


def test_a_place_in_two_files_has_one_translation(data_copy):
    edit_geojson(data_copy, "pacific", "krasnoyarsk", set_prop("name_ru", "Красноярскъ"))
    problem = only_problem(data_copy, "conflicting-place")
    assert problem.file.endswith("pacific.geojson")


def test_a_translation_must_be_text(data_copy):
    edit_geojson(data_copy, "arctic", "loch_ewe", set_prop("note_ru", 7))
    assert only_problem(data_copy, "not-text").field == "note_ru"


def test_every_translated_field_has_its_column():
    from routes.load.schema import CSV_COLUMNS, EVENT_OPTIONAL, LEG_OPTIONAL, PLACE_OPTIONAL

    assert "name_ru" in CSV_COLUMNS["metrics.csv"][1] and "note_ru" in CSV_COLUMNS["figures.csv"][1]
    for kind, optional in (
        ("place", PLACE_OPTIONAL),
        ("leg", LEG_OPTIONAL),
        ("event", EVENT_OPTIONAL),
    ):
        assert all(f"{field}_ru" in optional for field in TRANSLATED_FIELDS[kind])


# -- numbers, units and dates in Russian -----------------------------------------------------


@pytest.mark.parametrize(
    "value, qualifier, expected",
    [
        (1, "exactly", "1 судно"),
        (22, "exactly", "22 судна"),
        (35, "exactly", "35 судов"),
        (111, "exactly", "111 судов"),
        (21, "about", "около 21 судна"),
        (614, "more than", "более 614 судов"),
        (3964000, "about", "около 3\u00a0964\u00a0000 судов"),
    ],
)
def test_russian_numbers_agree_with_their_unit(value, qualifier, expected):
    figure = Figure(
        "x", "arctic", "", "m", value, "ships", Period("1942", "1942"), qualifier, "s", "q"
    )
    assert Locale("ru").value(figure, "судно|судна|судов") == expected


def test_russian_dates():
    ru = Locale("ru")
    assert ru.period(Period("1942-07-04", "1942-07-10")) == "4–10 июля 1942"
    assert ru.period(Period("1941-08", "1945-05")) == "авг. 1941 – май 1945"
    assert ru.number(22.7) == "22,7"


def test_the_catalogues_are_files_a_translator_can_edit():
    """Each language's words are a TOML file in mapgen/locales, not Python code."""
    from importlib.resources import files

    for lang in CATALOGUE_LANGUAGES:
        text = files("mapgen").joinpath("locales", f"{lang}.toml").read_text(encoding="utf-8")
        assert text.count("=") >= len(MESSAGES[lang])


def test_numbers_and_dates_come_from_cldr():
    """Babel formats them: the Russian group separator is a no-break space, months are CLDR's."""
    import datetime as dt

    from babel.dates import format_date

    ru = Locale("ru")
    assert ru.number(1234567.5) == "1\u00a0234\u00a0567,5"
    assert ru.month(9) == format_date(dt.date(2000, 9, 1), "LLL", locale="ru")
