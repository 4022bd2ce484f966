"""Checks parametrised over every shipped leg, place, loss and figure.

The expected values come from outside the data files: Natural Earth land, and
the reference sheet and founding texts in ../shared, through the copies of what
these tests use in tests/reference/ (see its README). Where ../shared is present
the copies are checked against it, and every seed figure's quote against its text.
"""

from __future__ import annotations

import csv
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest
from quantities import same_number, stated_quantities, values_in
from shapely import Polygon, union_all

from geo import (
    geodesic_circle,
    land_crossings,
    leg_track,
    max_longitude_step,
    path_length_km,
    shift_into_window,
)
from geo.geodesic import distance_km
from routes import load_atlas

ATLAS = load_atlas()
ROOT_TESTS = __import__("pathlib").Path(__file__).parent
SEED_SOURCE = "libmonster-mtc"
SEED_FILE = "seeds/000_5a095301f783de93.txt"
SEED3_SOURCE = "seed-003-industrialization"
SEED3_FILE = "seeds/003_4232caa910adabe3.txt"
IN_WORDS = "written in words"
REFERENCE = Path(__file__).parent / "reference"

# Sea legs may cross land only where the coast is finer than Natural Earth 50m:
# at named ports, anchorages and straits.
LAND_PIECE_KM = 5.0
PORT_ZONE_KM = 30.0
REFERENCE_TOLERANCE_KM = 25.0


def ids(items):
    return [item.id for item in items]


SEA_LEGS = [leg for leg in ATLAS.legs if leg.mode == "sea"]


@cache
def drawn(leg_id: str):
    leg = next(leg for leg in ATLAS.legs if leg.id == leg_id)
    return leg_track(leg.parts, leg.mode, track=leg.track, closed_passages=leg.closed_passages)


@cache
def port_zones():
    named = [p for p in ATLAS.places.values() if p.kind in ("port", "anchorage", "strait", "bay")]
    return union_all([Polygon(geodesic_circle(p.lon, p.lat, PORT_ZONE_KM)) for p in named])


@pytest.mark.parametrize("leg", SEA_LEGS, ids=ids(SEA_LEGS))
def test_sea_leg_stays_on_water(leg):
    zones = port_zones()
    on_land = []
    for piece in land_crossings(drawn(leg.id)):
        outside = piece.difference(zones)
        for part in getattr(outside, "geoms", [outside]):
            if not part.is_empty and path_length_km(list(part.coords)) > LAND_PIECE_KM:
                on_land.append([round(v, 2) for v in part.coords[0]])
    assert not on_land, f"{leg.id} crosses land (Natural Earth 50m) starting at {on_land}"


@pytest.mark.parametrize("leg", ATLAS.legs, ids=ids(ATLAS.legs))
def test_drawn_leg_never_jumps_half_the_world(leg):
    for west in (-180.0, -100.0, 0.0, 100.0):  # whatever frame a map chooses
        assert max_longitude_step(shift_into_window(drawn(leg.id), west)) < 180.0


@pytest.mark.parametrize("leg", ATLAS.legs, ids=ids(ATLAS.legs))
def test_drawn_leg_starts_and_ends_at_its_places(leg):
    line = drawn(leg.id)
    for end, place_id in ((line[0], leg.from_place), (line[-1], leg.to_place)):
        place = ATLAS.places[place_id]
        assert distance_km(end, (place.lon, place.lat)) < 5.0, place_id


@pytest.mark.parametrize("leg", ATLAS.legs, ids=ids(ATLAS.legs))
def test_leg_has_sources_and_a_note(leg):
    assert leg.sources and all(s in ATLAS.sources for s in leg.sources)
    assert leg.note.strip(), "a leg's note says what the sources support and what is placed by hand"


# -- places against the reference sheet ------------------------------------------------------


def reference_coordinates(text: str) -> dict[str, tuple[float, float]]:
    """``{"GN 524305": (lat, lon), "OA KGTF": ..., "C07": ...}`` from the sheet's waypoints."""
    found = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6:
            continue
        lats, lons, source = cells[2], cells[3], cells[5]
        lat_values = re.findall(r"-?\d+\.\d+", lats)
        lon_values = re.findall(r"-?\d+\.\d+", lons)
        keys = re.findall(r"GN \d+|OA [A-Z0-9]{4}|\bC\d\d\b", source.split("(town")[0])
        for key, lat, lon in zip(keys, lat_values, lon_values, strict=False):
            found.setdefault(key, (float(lat), float(lon)))
        for key, lat, lon in re.findall(r"(GN \d+): (-?\d+\.\d+), (-?\d+\.\d+)", source):
            found.setdefault(key, (float(lat), float(lon)))
    return found


def reference_key(place) -> str:
    if place.coord_source == "geonames":
        return f"GN {place.coord_ref}"
    if place.coord_source == "ourairports":
        return f"OA {place.coord_ref.split()[0]}"
    match = re.match(r"c(\d\d)-", place.coord_source)
    return f"C{match.group(1)}" if match else ""


@cache
def reference_table() -> dict[str, tuple[float, float]]:
    """The sheet's positions, as copied into tests/reference/coordinates.csv."""
    with (REFERENCE / "coordinates.csv").open(encoding="utf-8", newline="") as f:
        return {row["key"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(f)}


def test_reference_sheet_is_read():
    table = reference_table()
    assert table["GN 524305"] == (68.96778, 33.09922)  # Murmansk
    assert table["OA KGTF"] == (47.4795, -111.369)
    assert len(table) > 80


def test_the_copy_of_the_sheet_is_the_sheet(shared_dir):
    sheet = reference_coordinates(
        (shared_dir / "reference" / "facts.md").read_text(encoding="utf-8")
    )
    assert reference_table() == sheet


@pytest.mark.parametrize("place", list(ATLAS.places.values()), ids=list(ATLAS.places))
def test_place_matches_the_reference_sheet(place):
    table = reference_table()
    key = reference_key(place)
    if key not in table:
        assert place.coord_source in ATLAS.sources  # sourced elsewhere (see sources.csv)
        return
    lat, lon = table[key]
    gap = distance_km((place.lon, place.lat), (lon, lat))
    assert gap <= REFERENCE_TOLERANCE_KM, f"{place.id} is {gap:.1f} km from the sheet's {key}"


# The routes the reference sheet's waypoint tables cover (its sections 2 to 6).
SHEET_ROUTES = {"arctic", "pacific", "persian_corridor", "alsib", "spain"}


def test_most_places_are_checked_against_the_sheet():
    table = reference_table()
    covered = [p for p in ATLAS.places.values() if set(p.routes) & SHEET_ROUTES]
    # places the sheet does not cover (e.g. the Trans-Siberian's stations) are checked by test_history
    import csv

    with open(ROOT_TESTS / "reference" / "gazetteer.csv", encoding="utf-8") as handle:
        gazetteer = {row["place"] for row in csv.DictReader(handle)}
    checked = [p for p in covered if reference_key(p) in table or p.id in gazetteer]
    assert len(checked) >= 0.8 * len(covered)


# -- figures --------------------------------------------------------------------------------


@pytest.mark.parametrize("figure", ATLAS.figures, ids=ids(ATLAS.figures))
def test_figure_source_resolves_to_an_address(figure):
    source = ATLAS.sources[figure.source]
    assert source.title and source.address.startswith(("http://", "https://"))


@pytest.mark.parametrize("figure", ATLAS.figures, ids=ids(ATLAS.figures))
def test_figure_value_is_the_number_its_quote_states(figure):
    stated = values_in(figure.quote, words=IN_WORDS in figure.note)
    for value in (figure.value, figure.value_high):
        if value is not None:
            assert any(same_number(value, s) for s in stated), f"{value} not in {sorted(stated)}"


@pytest.mark.parametrize("figure", ATLAS.figures, ids=ids(ATLAS.figures))
def test_disputes_point_both_ways_or_to_the_same_metric(figure):
    for other_id in figure.disputed_with:
        other = ATLAS.figure(other_id)
        # a dispute across metrics (a share sunk against ships lost) must be declared on both sides
        both_ways = figure.id in other.disputed_with
        assert other.metric == figure.metric or other.unit == figure.unit or both_ways, (
            figure.id,
            other_id,
        )


SEED_FIGURES = [f for f in ATLAS.figures if f.source == SEED_SOURCE]
SEED3_FIGURES = [f for f in ATLAS.figures if f.source == SEED3_SOURCE]


def normalise(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "figure", SEED_FIGURES + SEED3_FIGURES, ids=ids(SEED_FIGURES + SEED3_FIGURES)
)
def test_seed_quote_is_verbatim(figure, seeds_dir):
    seed_file = SEED_FILE if figure.source == SEED_SOURCE else SEED3_FILE
    seed = normalise((seeds_dir / seed_file).read_text(encoding="utf-8"))
    assert normalise(figure.quote) in seed


# The seed sentences about the five routes that the issue asks to be mapped in full.
REQUIRED_SEED_SENTENCES = [
    "each of which consisted of 20 to 30 transports",
    "8 convoys arrived in our ports",
    "only 11 out of 35 transports reached our ports",
    "On the ships sunk by the Germans",
    "738 transports arrived in the North",
    "about 300 thousand tons of chromium",
    "The Japanese delayed 178 of our transports",
    "only the sea route took up to 70 days",
    "4,546 thousand tons of cargo passed through Iran",
    "lend-lease property worth about $ 9,800 million",
    "4 percent of the USSR's industrial output",
    "they detained 96 Soviet ships",
    "648 aircraft, 347 tanks, 1186 guns",
    "21 aircraft, 16 tanks, 243 guns",
    "an additional $ 85 million loan",
    "about three thousand Soviet volunteers",
    # seed 000, part I and the end of part II (the other maps of the atlas)
    "in the amount of 27 million marks",
    "400 thousand 3-inch shells",
    "About 50 German pilots and 70-100 technical specialists",
    "for a total of about 17 million marks",
    "totaling $ 250 million",
    "897 aircraft, 975 guns and howitzers",
    "By February 1938, there were 3,665",
    "About two hundred of them remained",
    "Turkey in 1921 was supplied",
    "Two Polish armies",
    "Their total number exceeded 550 thousand",
    "about 960,000 rifles, carbines and submachine guns",
]
# Seed 003 (foreign technology): every sentence with a quantity, bar the 1933 press quotation.
REQUIRED_SEED3_SENTENCES = [
    "approved more than seventy agreements",
    "Of the 104 technical assistance agreements",
    "about 200 technical assistance agreements",
    "about 2/3 of the large enterprises",
    "the rest of the 20 original iron and steel plants",
    "about 6,800 foreign specialists",
    "400-500 American Finns",
    "In 1932, 200 Germans were in Magnitogorsk",
    "350 construction workers",
    "with some 80 U.S. manufacturers",
    "the interest rate was as high as 15-20%",
    "loans of 200 million lire",
    "for five years at an interest rate of only 6 percent",
]


def seed_sentence(seed: str, fragment: str) -> str:
    # a full stop ends a sentence, except in "U.S." and page references "(p. 3)"
    for sentence in re.split(r"(?<=[.!?])(?<!U\.S\.)(?<!\(p\.)(?<!\(pp\.)\s+", normalise(seed)):
        if fragment in sentence:
            return sentence
    raise AssertionError(f"the seed has no sentence with {fragment!r}")


SEED_CASES = [(SEED_FILE, f) for f in REQUIRED_SEED_SENTENCES] + [
    (SEED3_FILE, f) for f in REQUIRED_SEED3_SENTENCES
]
# The whole sentences, as copied from the founding texts (tests/reference/seed_sentences.toml).
SENTENCES = {
    (item["seed"], item["fragment"]): item["text"]
    for item in tomllib.loads((REFERENCE / "seed_sentences.toml").read_text(encoding="utf-8"))[
        "sentence"
    ]
}


def test_every_required_sentence_is_copied():
    assert set(SENTENCES) == set(SEED_CASES)


@pytest.mark.parametrize("seed_file, fragment", SEED_CASES, ids=[f for _, f in SEED_CASES])
def test_the_copied_sentence_is_the_seeds(seed_file, fragment, seeds_dir):
    seed = (seeds_dir / seed_file).read_text(encoding="utf-8")
    assert SENTENCES[(seed_file, fragment)] == seed_sentence(seed, fragment)


@pytest.mark.parametrize("seed_file, fragment", SEED_CASES, ids=[f for _, f in SEED_CASES])
def test_every_number_of_the_seed_sentence_is_a_figure(seed_file, fragment):
    sentence = SENTENCES[(seed_file, fragment)]
    wanted = stated_quantities(sentence)
    assert wanted, sentence
    figures = SEED_FIGURES if seed_file == SEED_FILE else SEED3_FIGURES
    mapped = [f for f in figures if fragment in normalise(f.quote)]
    mapped_values = [v for f in mapped for v in (f.value, f.value_high) if v is not None]
    missing = [w for w in wanted if not any(same_number(w, v) for v in mapped_values)]
    assert not missing, f"seed numbers {missing} of {sentence!r} are not in figures.csv"


def seed_shares_table(seed: str) -> list[list[str]]:
    """The seed's table: route, share in 1942, share in the first 9 months of 1943."""
    lines = [line.strip() for line in seed.splitlines()]
    start = lines.index("9 months of 1943") + 1
    return [lines[i : i + 3] for i in range(start, start + 9, 3)]


def copied_shares_table() -> list[list[str]]:
    with (REFERENCE / "seed_shares.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


def test_the_copied_shares_table_is_the_seeds(seeds_dir):
    assert copied_shares_table() == seed_shares_table(
        (seeds_dir / SEED_FILE).read_text(encoding="utf-8")
    )


def test_seed_shares_table_is_mapped():
    rows = copied_shares_table()
    route_of = {
        "Via northern ports": "arctic",
        "Via ports in the Far East": "pacific",
        "Across the Persian Gulf": "persian_corridor",
    }
    assert [row[0] for row in rows] == list(route_of)
    for label, share_1942, share_1943 in rows:
        shares = {
            f.period.start: f.value
            for f in SEED_FIGURES
            if f.route == route_of[label] and f.metric == "share_of_deliveries"
        }
        assert shares.get("1942") == float(share_1942.rstrip("%")), label
        assert shares.get("1943-01") == float(share_1943.rstrip("%")), label
        nine_months = next(
            f for f in SEED_FIGURES if f.route == route_of[label] and f.period.start == "1943-01"
        )
        assert nine_months.period.end == "1943-09"


def test_pq17_disagreement_is_kept():
    sunk = [
        f
        for f in ATLAS.figures
        if f.feature == "arctic_iceland_arkhangelsk" and f.metric == "ships_sunk"
    ]
    assert {f.value for f in sunk} >= {23.0, 24.0}
    assert len({f.source for f in sunk}) >= 2
    assert all(f.disputed_with for f in sunk)
