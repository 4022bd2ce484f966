"""Checks that find the next historical error: drawn lines, territories, positions, words.

Each test here guards against a kind of error found in the atlas once (issue 9):
a sea track that ran out to a waypoint and straight back, a railway drawn across
Manchukuo, an airfield placed 290 km from the wartime field, an internal label or
an English sentence in a Russian popup, a seed figure left off the maps.
The references they compare with live in ``tests/reference/`` (no network needed).
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import pytest
from conftest import SHARED
from quantities import same_number, stated_quantities
from shapely import LineString, Point, union_all
from shapely.geometry import shape

from geo import land, leg_track, path_length_km, sharp_turns, wrap_longitude
from geo.antimeridian import split_antimeridian
from geo.geodesic import distance_km
from routes import load_atlas

ATLAS = load_atlas()
RUSSIAN = ATLAS.translations["ru"]
REFERENCE = Path(__file__).parent / "reference"
GROUP_OF = {route.id: route.group for route in ATLAS.routes.values()}


def ids(items):
    return [item.id for item in items]


@cache
def drawn(leg_id: str):
    leg = next(leg for leg in ATLAS.legs if leg.id == leg_id)
    return leg_track(leg.parts, leg.mode, track=leg.track, closed_passages=leg.closed_passages)


# -- drawn lines ------------------------------------------------------------------------------


@pytest.mark.parametrize("leg", ATLAS.legs, ids=ids(ATLAS.legs))
def test_no_drawn_line_doubles_back(leg):
    """A turn of more than 150 degrees between steps of 15 km or more is a spike, not a route."""
    turns = sharp_turns(drawn(leg.id), min_step_km=15.0, max_turn_deg=150.0)
    assert not turns, (
        f"{leg.id} doubles back at {[(round(x, 2), round(y, 2), round(t)) for x, y, t in turns]}"
    )


def test_a_spike_is_found():
    out_and_back = [(26.2, 40.1), (26.4, 40.2), (26.77, 40.44), (26.4, 40.2), (25.77, 39.67)]
    assert sharp_turns(out_and_back)


@pytest.mark.parametrize(
    "leg", [leg for leg in ATLAS.legs if len(leg.parts) > 1], ids=lambda leg: leg.id
)
def test_the_antimeridian_cut_is_not_a_waypoint(leg):
    """The line drawn across 180 degrees does not bend at the point where the storage cuts it."""
    seam_latitudes = [part[-1][1] for part in leg.parts[:-1]]
    line = drawn(leg.id)
    for lat in seam_latitudes:
        at_seam = [p for p in line if abs(wrap_longitude(p[0])) == 180.0 and abs(p[1] - lat) < 1e-9]
        assert not at_seam, f"{leg.id} is drawn through its storage cut at 180°, {lat:.3f}"


# -- rail and road legs inside the territory they ran through ---------------------------------


def _borders(name: str):
    return json.loads(files("geo").joinpath("data", name).read_text(encoding="utf-8"))


@cache
def territories() -> dict[str, object]:
    """``{"USSR": polygon, "Iran": polygon, ...}``: the 1938 countries, and the USSR of June 1941."""
    found: dict[str, list] = {}
    for feature in _borders("borders-1938.geojson")["features"]:
        if feature["properties"].get("kind") != "country":
            continue  # the land borders as lines
        found.setdefault(feature["properties"]["name"], []).append(shape(feature["geometry"]))
    polygons = {name: union_all(parts) for name, parts in found.items()}
    polygons["USSR 1941"] = union_all(
        [shape(f["geometry"]) for f in _borders("ussr-1941.geojson")["features"]]
    )
    return polygons


def territory_table() -> dict[str, tuple[list[str], str]]:
    with open(REFERENCE / "territories.csv", encoding="utf-8") as handle:
        return {
            row["leg"]: (row["territories"].split(";"), row["why"])
            for row in csv.DictReader(handle)
        }


LAND_LEGS = [leg for leg in ATLAS.legs if leg.mode in ("rail", "road")]
# How far outside its territories a line may stray: the 1938 borders are generalised
# (historical-basemaps: "approximate" precision in places), and a station on a border river
# can fall on the wrong bank.
BORDER_SLACK_KM = 10.0


def test_every_rail_and_road_leg_says_where_it_ran():
    table = territory_table()
    missing = [leg.id for leg in LAND_LEGS if leg.id not in table]
    assert not missing, f"add these legs to tests/reference/territories.csv: {missing}"
    names = territories()
    unknown = {t for listed, _ in table.values() for t in listed if t not in names}
    assert not unknown, f"not a territory in geo/data: {sorted(unknown)}"


@pytest.mark.parametrize("leg", LAND_LEGS, ids=ids(LAND_LEGS))
def test_rail_and_road_legs_stay_in_their_territory(leg):
    listed, _ = territory_table()[leg.id]
    names = territories()
    area = union_all([names[t] for t in listed]).buffer(BORDER_SLACK_KM / 111.0)
    outside = []
    for part in split_antimeridian(drawn(leg.id)):
        line = LineString(part)
        stray = line.difference(area)
        for piece in getattr(stray, "geoms", [stray]):
            if not piece.is_empty and path_length_km(list(piece.coords)) > 1.0:
                outside.append([round(v, 2) for v in piece.coords[0]])
    assert not outside, f"{leg.id} leaves {'/'.join(listed)} at {outside}"


def test_a_line_across_manchukuo_is_caught():
    khabarovsk, chita = (135.0971, 48.46204), (113.49171, 52.04311)
    straight = LineString([khabarovsk, chita]).difference(
        territories()["USSR 1941"].buffer(BORDER_SLACK_KM / 111.0)
    )
    assert path_length_km(list(getattr(straight, "geoms", [straight])[0].coords)) > 300


# -- every position against its reference -------------------------------------------------------


def gazetteer() -> dict[str, dict[str, str]]:
    with open(REFERENCE / "gazetteer.csv", encoding="utf-8") as handle:
        return {row["place"]: row for row in csv.DictReader(handle)}


PLACES = list(ATLAS.places.values())
POSITION_TOLERANCE_KM = 25.0


@pytest.mark.parametrize("place", PLACES, ids=ids(PLACES))
def test_place_is_where_its_reference_puts_it(place):
    row = gazetteer().get(place.id)
    assert row, f"{place.id} has no row in tests/reference/gazetteer.csv"
    assert row["source"] == place.coord_source, (place.id, row["source"], place.coord_source)
    assert row["ref"] == place.coord_ref, (place.id, row["ref"], place.coord_ref)
    assert row["where_read"].strip(), place.id
    gap = distance_km((place.lon, place.lat), (float(row["lon"]), float(row["lat"])))
    assert gap <= POSITION_TOLERANCE_KM, (
        f"{place.id} is {gap:.1f} km from its reference {row['ref'] or row['source']}"
    )


@pytest.mark.parametrize("place", PLACES, ids=ids(PLACES))
def test_every_place_names_the_record_of_its_position(place):
    source = ATLAS.sources[place.coord_source]
    if place.coord_source in ("geonames", "ourairports"):
        assert place.coord_ref, f"{place.id}: a GeoNames id or an OurAirports ident is needed"
    else:
        assert source.address.startswith(("http://", "https://")), place.id


def test_the_gazetteer_has_no_stale_rows():
    assert set(gazetteer()) <= set(ATLAS.places)


def test_geonames_rows_are_geonames_ids():
    for place, row in gazetteer().items():
        if row["source"] == "geonames":
            assert row["ref"].isdigit(), place


def test_airfields_are_the_wartime_fields():
    """Moses Point was once drawn at Mountain Village (PAMO), 290 km away; Oymyakon's field is at Tomtor."""
    moses = ATLAS.places["moses_point"]
    assert distance_km((moses.lon, moses.lat), (-162.06, 64.70)) < 5
    oymyakon = ATLAS.places["oymyakon"]
    assert (
        distance_km((oymyakon.lon, oymyakon.lat), (143.18, 63.25)) < 5
    )  # Aeroport, 2 km from Tomtor
    for place in PLACES:
        if place.kind == "airfield" and place.coord_source == "ourairports":
            assert place.coord_ref.split()[0] != "PAMO", place.id


# -- positions on water -------------------------------------------------------------------------

SEA_POINT_KINDS = ("strait", "bay")


@pytest.mark.parametrize("event", list(ATLAS.events.values()), ids=list(ATLAS.events))
def test_a_loss_at_sea_is_drawn_at_sea(event):
    assert not land("50m").contains(Point(wrap_longitude(event.lon), event.lat)), (
        f"{event.id} is drawn on land at 1:50m; put the circle's centre where the source puts the ship"
    )


@pytest.mark.parametrize(
    "place",
    [p for p in PLACES if p.kind in SEA_POINT_KINDS and p.id != "bosporus"],
    ids=lambda p: p.id,
)
def test_a_strait_or_bay_is_drawn_on_its_water(place):
    # The Bosporus is closed at 1:50m: no point of it is water there.
    assert not land("50m").contains(Point(place.lon, place.lat)), place.id


# -- what readers see ----------------------------------------------------------------------------

INTERNAL_LABELS = re.compile(
    r"seed 0\d\d|seed article|справочн\w* лист|reference sheet|older Wikipedia|newer Wikipedia|"
    r"research notes|research\.md|\bfacts\.md|\.\./shared",
    re.IGNORECASE,
)


def reader_texts():
    """(where, text) for every text a map shows: names, notes, summaries, titles, in both languages."""
    for group in ATLAS.groups.values():
        yield f"group {group.id}", group.name + " " + group.summary
    for route in ATLAS.routes.values():
        yield f"route {route.id}", route.name + " " + route.summary
    for leg in ATLAS.legs:
        yield f"leg {leg.id}", leg.name + " " + leg.note
    for place in PLACES:
        yield f"place {place.id}", " ".join((place.name, place.label, place.note))
    for event in ATLAS.events.values():
        yield f"event {event.id}", event.name + " " + event.note
    for figure in ATLAS.figures:
        yield f"figure {figure.id}", figure.note
    for source in ATLAS.sources.values():
        yield (
            f"source {source.id}",
            " ".join((source.title, source.author, source.publisher, source.short)),
        )
    for chart in ATLAS.charts:
        yield f"chart {chart.id}", chart.title
    for key, text in RUSSIAN.items():
        yield "-".join(key) + " (ru)", text


def test_no_internal_label_reaches_a_reader():
    found = [
        (where, INTERNAL_LABELS.search(text).group(0))
        for where, text in reader_texts()
        if INTERNAL_LABELS.search(text)
    ]
    assert not found, found


MACHINE_TRANSLATION = "seed-003-industrialization"


def test_the_machine_translation_is_cited_as_what_it_is():
    source = ATLAS.sources[MACHINE_TRANSLATION]
    assert (
        "machine translation" in source.title.lower()
        or "machine translation" in source.publisher.lower()
    )
    assert "unknown" in (source.title + source.author + source.publisher).lower()


# -- Russian -------------------------------------------------------------------------------------


def _citable_names() -> list[str]:
    names = set()
    for source in ATLAS.sources.values():
        for text in (source.title, source.short, source.publisher, source.author):
            if text:
                names.add(text)
                names.update(p.strip() for p in re.split(r"[,:(]", text) if len(p.strip()) > 3)
    return sorted(names, key=len, reverse=True)


LATIN_WORD = r"[A-Za-z][A-Za-z'’.-]*"
ENGLISH_RUN = re.compile(rf"\b{LATIN_WORD}(?:[ ,]+{LATIN_WORD})+")


def english_in(text: str) -> list[str]:
    """Runs of two or more Latin words with a lower-case word among them, outside quotes and source names."""
    text = re.sub(r"«[^»]*»|\"[^\"]*\"|“[^”]*”", " ", text)  # quotations and ship or firm names
    for name in _citable_names():
        text = text.replace(name, " ")
    runs = []
    for match in ENGLISH_RUN.finditer(text):
        words = re.findall(LATIN_WORD, match.group(0))
        if any(w[0].islower() and len(w) > 2 for w in words):
            runs.append(match.group(0))
    return runs


def test_english_is_found_in_a_russian_text():
    assert english_in("Согласно older Wikipedia text, конвои шли")
    assert english_in("Суда проходили южнее Мальты (Shigin, Загадки золотых конвоев).") == []


@pytest.mark.parametrize("key", sorted(RUSSIAN), ids="-".join)
def test_a_russian_text_has_no_english_sentence(key):
    assert not english_in(RUSSIAN[key]), (key, english_in(RUSSIAN[key]))


STANDARD_TERMS = [
    # (wrong, right): the standard Russian names and terms
    (re.compile(r"[Аа]рктическ\w+ конво"), "Северные конвои"),
    (re.compile(r"Тихоокеанский путь|тихоокеанский путь"), "Тихоокеанский маршрут"),
    (re.compile(r"Пути ленд-лиза"), "Маршруты ленд-лиза"),
    (re.compile(r"шоссе"), "дорога, грунтовая дорога, тракт (not a paved highway)"),
]


@pytest.mark.parametrize("key", sorted(RUSSIAN), ids="-".join)
def test_a_russian_text_uses_the_standard_terms(key):
    for wrong, right in STANDARD_TERMS:
        assert not wrong.search(RUSSIAN[key]), (
            f"{key}: {wrong.search(RUSSIAN[key]).group(0)!r}, use {right!r}"
        )


def test_the_standard_route_names():
    assert RUSSIAN[("route", "arctic", "name")] == "Северные конвои"
    assert RUSSIAN[("route", "pacific", "name")] == "Тихоокеанский маршрут"
    assert RUSSIAN[("group", "lend_lease_1941_45", "name")].startswith("Маршруты ленд-лиза")


def test_warships_are_korabli_and_merchant_ships_sudа():
    russian_units = {k[1]: v for k, v in RUSSIAN.items() if k[0] == "unit"}
    for figure in ATLAS.figures:
        if figure.metric.startswith("warships"):
            assert russian_units[figure.unit].startswith("корабл"), figure.id
        if figure.metric.startswith(("merchant_ships", "transports", "ships_")):
            assert not russian_units.get(figure.unit, "").startswith("корабл"), figure.id


# -- notes belong to the map they appear on ------------------------------------------------------


@pytest.mark.parametrize("place", PLACES, ids=ids(PLACES))
def test_a_place_on_two_maps_has_no_note_of_one_of_them(place):
    """A note is about one map's story; a place shared by two maps gets a record per map instead."""
    maps = {GROUP_OF[r] for r in place.routes}
    assert len(maps) == 1 or not place.note, (
        f"{place.id} is on {sorted(maps)} with the note {place.note!r}"
    )


# -- the founding texts, whole --------------------------------------------------------------------

SEEDS = {
    "seeds/000_5a095301f783de93.txt": "libmonster-mtc",
    "seeds/003_4232caa910adabe3.txt": MACHINE_TRANSLATION,
}
# Sentences of the founding texts with a quantity that no map is about, and why.
NOT_MAPPED = {
    "up to the end of the 40s": "what the article covers",
    "established in 1921": "the founding of a department",
    "By 1938, the growth in the volume": "a reorganisation",
    "by a decision of January 5, 1939": "a reorganisation",
    "On Easter night, April 16, 1922": "a date, mapped as Rapallo's note",
    "signed by Lenin, Trotsky and Chicherin": "a date",
    "secret post-letter No. 791": "a letter number",
    "In April 1925, in Moscow": "a date, mapped as Lipetsk's note",
    "In October 1926, an agreement": "a date, mapped as Kama's note",
    "In 1933, after Hitler came to power": "a date",
    "after the signing of the Soviet-German treaty in August 1939": "a date",
    "In the autumn of 1930, a Soviet delegation": "a date",
    "in the second half of the 1930s": "a decade",
    "revolution of 1911-1913": "background",
    "In 1923, Sun Yat - sen": "a date",
    "in July 1926 began a campaign": "a date",
    "After the death of Sun Yat-sen in 1927": "a date",
    "In 1931, Japan invaded": "a date",
    "In August 1937, a non-aggression pact": "a date",
    "In July 1936, reactionary forces": "a date",
    "transferred to the State Bank of the USSR in October 1936": "a date",
    "On November 20, 1917": "a date",
    "At the beginning of 1921": "a date",
    "April 27, 1942": "a reorganisation",
    "every day at 6 am": "a time of day",
    "The approximate ratio of the number of goods": "the table's heading (the table is mapped)",
    "2023-2025, LIBRARY.KG": "the site's footer",
    "On August 14, 1933": "a press quotation",
    "[1] (p.3) The availability of these credits": "a page reference",
    "by one country to another state": "a definition",
    "791 of August 20 of the same year": "a letter's number and date",
    "The remaining one-third was built": "the text repeating itself; the thirds are mapped",
    "The three largest steel plants": "the three plants are each on the map",
    "the two old plants in Moscow and Yaroslavl": "the plants are each on the map",
    "These three plants, together with a smaller Moscow assembly plant": "the plants are each on the map",
}


def seed_sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [s for s in re.split(r"(?<=[.!?])(?<!U\.S\.)(?<!\(p\.)(?<!\(pp\.)\s+", flat) if s]


@pytest.fixture(scope="module")
def seeds():
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"the founding texts are not at {SHARED / 'seeds'}")
    return {name: (SHARED / name).read_text(encoding="utf-8") for name in SEEDS}


def test_every_quantity_of_the_founding_texts_is_on_a_map(seeds):
    missing = []
    for name, source in SEEDS.items():
        figures = [f for f in ATLAS.figures if f.source == source]
        for sentence in seed_sentences(seeds[name]):
            wanted = stated_quantities(sentence)
            if not wanted or any(fragment in sentence for fragment in NOT_MAPPED):
                continue
            # one-cell lines of the shares table are checked by test_data.test_seed_shares_table_is_mapped
            if re.fullmatch(r"\d+%|9 months of 1943|1942|\d\.", sentence.strip()):
                continue
            values = [
                v
                for f in figures
                if _overlaps(f.quote, sentence)
                for v in (f.value, f.value_high)
                if v is not None
            ]
            lost = [w for w in wanted if not any(same_number(w, v) for v in values)]
            if lost:
                missing.append((name, lost, sentence[:120]))
    assert not missing, missing


def _overlaps(quote: str, sentence: str) -> bool:
    quote = " ".join(quote.split())
    return quote in sentence or sentence in quote or quote[:60] in sentence


# Facts of the founding texts that carry no digits but belong on the maps (issue 9): each is
# found, with the words that name it, in the map's data (figure, leg, place or summary).
SEED_FACTS = [
    (
        "leg",
        "germany_naval_visit_1929",
        ("two Soviet cruisers", "Aurora", "Profintern", "two destroyers", "Lenin", "Rykov"),
    ),
    ("route", "czechoslovakia", ("Czechoslovak army corps",)),
    ("route", "yugoslavia", ("infantry brigade", "tank brigade")),
    ("figure", "ind_german_credit_1939_term", ("7",)),
    ("place", "moscow_assembly_plant", ("1940",)),
    ("place", "hungry_steppe", ("Davis", "1913", "June 1929")),
    ("group", "industrialization_1930s", ("British credit guarantees", "1929")),
]


def _text_of(kind: str, key: str) -> str:
    if kind == "leg":
        leg = next(leg for leg in ATLAS.legs if leg.id == key)
        return leg.name + " " + leg.note
    if kind == "route":
        return ATLAS.routes[key].summary
    if kind == "figure":
        figure = ATLAS.figure(key)
        return f"{figure.value:g} {figure.note}"
    if kind == "place":
        place = ATLAS.places[key]
        return place.name + " " + place.note
    return ATLAS.groups[key].summary


@pytest.mark.parametrize("kind, key, words", SEED_FACTS, ids=[k for _, k, _ in SEED_FACTS])
def test_the_founding_texts_facts_without_digits_are_mapped(kind, key, words):
    text = _text_of(kind, key)
    assert all(word in text for word in words), (key, [w for w in words if w not in text])
