"""Issue 12, the data: every Arctic convoy, sourced, checked, totalled and exported.

The shipped table is checked convoy by convoy (each value against the sentence quoted for it),
the lookups and totals against what the table says, and the loader against bad rows.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import replace

import pytest
from test_loader import edit_csv, only_problem, rewrite_csv

from geo.geodesic import distance_km
from routes import Convoy, load_atlas
from routes.convoys import convoy_totals, monthly_series, published_comparison, undated
from routes.export import CONVOY_COLUMNS, convoys_csv
from routes.model import parse_iso_partial
from routes.model_convoys import CONVOY_COUNTS, CONVOY_FIELDS

ATLAS = load_atlas()
CONVOYS = list(ATLAS.convoys)
BY_NAME = {convoy.name: convoy for convoy in CONVOYS}

EXPECTED = [
    "Dervish",
    *(f"PQ {n}" for n in range(1, 7)),
    "PQ 7A",
    "PQ 7B",
    *(f"PQ {n}" for n in range(8, 19)),
    *(f"QP {n}" for n in range(1, 16)),
    *("JW 51A", "JW 51B", "JW 52", "JW 53", "JW 54A", "JW 54B", "JW 55A", "JW 55B"),
    *("JW 56A", "JW 56B", "JW 57", "JW 58", "JW 59", "JW 60", "JW 61", "JW 61A"),
    *(f"JW {n}" for n in range(62, 68)),
    *("RA 51", "RA 52", "RA 53", "RA 54A", "RA 54B", "RA 55A", "RA 55B", "RA 56", "RA 57"),
    *("RA 58", "RA 59", "RA 59A", "RA 60", "RA 61", "RA 61A"),
    *(f"RA {n}" for n in range(62, 68)),
]
# Numbers up to twenty as the quotes write them in words (English, German).
WORDS = [
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split(),
    "null ein zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
    "fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig".split(),
]
TENS = {2: "twenty", 3: "thirty", 4: "forty"}


def printed(number: int, quote: str) -> bool:
    """``number`` appears in ``quote``: in digits, or in words ("eight", "zehn", "twenty-two")."""
    if re.search(rf"(?<![\d.,]){number}(?!\d)", quote):
        return True
    low = quote.lower()
    if number <= 20:
        return any(re.search(rf"\b{words[number]}", low) for words in WORDS)
    tens, ones = divmod(number, 10)
    return tens in TENS and ones > 0 and bool(re.search(f"{TENS[tens]}[- ]{WORDS[0][ones]}", low))


# -- the table as shipped ---------------------------------------------------------------------


def test_every_sailing_is_in_the_table_once():
    names = [convoy.name for convoy in CONVOYS]
    assert sorted(names) == sorted(EXPECTED)
    assert len(names) == len(set(names)) == 78
    assert len({convoy.id for convoy in CONVOYS}) == 78


def test_outward_convoys_sail_east_and_homeward_convoys_west():
    for convoy in CONVOYS:
        expected = "east" if convoy.name.startswith(("PQ", "JW", "Dervish")) else "west"
        assert convoy.direction == expected, convoy.name
    assert {"east", "west"} == {convoy.direction for convoy in CONVOYS}


def test_pq_10_sailed_in_pq_9_and_is_counted_there():
    pq10 = BY_NAME["PQ 10"]
    assert pq10.sailed_with == BY_NAME["PQ 9"].id
    assert all(getattr(pq10, field) is None for field in CONVOY_COUNTS)
    assert [c.sailed_with for c in CONVOYS if c.sailed_with] == [BY_NAME["PQ 9"].id]


@pytest.mark.parametrize("convoy", CONVOYS, ids=[c.id for c in CONVOYS])
def test_every_value_has_its_source_and_sentence(convoy):
    assert convoy.sources and all(s in ATLAS.sources for s in convoy.sources)
    assert convoy.quote.strip()
    assert set(convoy.inferred) <= set(CONVOY_FIELDS)
    for field in CONVOY_COUNTS:
        value = getattr(convoy, field)
        if value is None or field in convoy.inferred:
            continue
        assert printed(value, convoy.quote), f"{field} {value} is not in the quote"
    for field in ("departed", "arrived"):
        date = getattr(convoy, field)
        if len(date) == 10 and field not in convoy.inferred:
            day = int(date[8:])
            assert re.search(rf"(?<!\d){day}(?!\d)", convoy.quote), f"{field} {date}"
    if convoy.inferred:  # how each was read is written beside it
        assert convoy.gaps.strip()
    if any(getattr(convoy, field) == 0 for field in CONVOY_COUNTS):
        zero = [f for f in CONVOY_COUNTS if getattr(convoy, f) == 0]
        assert set(zero) <= set(convoy.inferred), "a zero is always read from 'no loss'"


@pytest.mark.parametrize("convoy", CONVOYS, ids=[c.id for c in CONVOYS])
def test_a_convoy_adds_up(convoy):
    if convoy.departed and convoy.arrived:
        last = parse_iso_partial(convoy.arrived, last=True)
        assert last >= parse_iso_partial(convoy.departed)
    if convoy.ships_sailed is not None:
        parts = [convoy.ships_arrived, convoy.ships_returned, convoy.ships_sunk]
        assert sum(p or 0 for p in parts) <= convoy.ships_sailed
    for place in convoy.departed_from + convoy.arrived_at:
        assert "arctic" in ATLAS.places[place].routes, place
    if convoy.direction == "east" and convoy.arrived_at:  # outward convoys end in North Russia
        assert ATLAS.places[convoy.arrived_at[0]].lon > 30


def test_the_disputed_values_are_sourced_and_differ_from_the_table():
    assert len(ATLAS.convoy_disputes) >= 60
    pq17 = {d.value for d in ATLAS.disputes_of("pq17") if d.field == "ships_sunk"}
    assert BY_NAME["PQ 17"].ships_sunk == 24 and {23, 22, 21} <= pq17
    for dispute in ATLAS.convoy_disputes:
        convoy = ATLAS.convoy(dispute.convoy)
        assert dispute.source in ATLAS.sources and dispute.quote.strip()
        assert dispute.value != getattr(convoy, dispute.field) or dispute.source not in (
            convoy.sources
        ), dispute.key
        if dispute.field in CONVOY_COUNTS:
            assert printed(dispute.value, dispute.quote) or dispute.note, dispute.key


def test_the_sunk_ships_lie_where_and_when_their_convoy_sailed():
    assert len(ATLAS.convoy_losses) >= 20
    for loss in ATLAS.convoy_losses:
        convoy = ATLAS.convoy(loss.convoy)
        first, last = convoy.at_sea
        assert first <= parse_iso_partial(loss.date) <= last, loss.key
        assert -25 < loss.lon < 60 and 60 < loss.lat < 80, loss.key  # the Arctic route's seas
        assert loss.sources and all(s in ATLAS.sources for s in loss.sources)
        if loss.event:  # the same sinking as a loss of the route file: its position, not a copy
            event = ATLAS.events[loss.event]
            assert (loss.lon, loss.lat) == (event.lon, event.lat) and not loss.quote
        else:
            assert loss.quote
    for convoy in CONVOYS:
        ships = {loss.ship for loss in ATLAS.losses_of(convoy.id)}
        if convoy.ships_sunk is not None:
            assert len(ships) <= convoy.ships_sunk, convoy.name


def test_the_pq_17_losses_of_the_route_file_are_linked_not_repeated():
    linked = {loss.event for loss in ATLAS.losses_of("pq17")}
    assert len(linked) == 8 and all(event.startswith("pq17_") for event in linked)
    for loss in ATLAS.convoy_losses:
        if not loss.event:
            near = [
                e
                for e in ATLAS.events.values()
                if distance_km((e.lon, e.lat), (loss.lon, loss.lat)) < 1
            ]
            assert not near, f"{loss.ship} repeats {near[0].id}"


def test_the_russian_table_has_every_note():
    russian = load_atlas(languages=("ru",)).in_language("ru")
    for english, local in zip(CONVOYS, russian.convoys, strict=True):
        assert bool(local.note) == bool(english.note)
        assert local.note != english.note or not english.note, english.name
        assert re.search("[а-яё]", local.note) or not english.note
    assert russian.convoy("pq17").name == "PQ 17"  # convoy names are not translated


# -- months at sea --------------------------------------------------------------------------------


def names_in(month: str) -> list[str]:
    return [convoy.name for convoy in ATLAS.convoys_in_month(month)]


def test_convoys_at_sea_in_chosen_months():
    assert names_in("1941-08") == ["Dervish"]
    assert names_in("1942-07") == ["PQ 17", "QP 13"]
    assert "JW 55B" in names_in("1943-12") and "JW 51B" in names_in("1942-12")
    assert names_in("1945-05") == ["RA 66", "JW 67", "RA 67"]


@pytest.mark.parametrize("month", ["1942-08", "1943-06", "1943-09", "1944-06", "1944-07"])
def test_no_convoy_at_sea_in_the_pauses(month):
    assert names_in(month) == []


def test_a_convoy_whose_arrival_is_not_known_is_at_sea_in_its_month_of_sailing_only():
    sailed = Convoy("x", "X 1", "arctic", "east", ("s",), "q", departed="1943-03-01")
    assert sailed.at_sea_in("1943-03") and not sailed.at_sea_in("1943-04")
    arrived = replace(sailed, departed="", arrived="1943-04-03")
    assert arrived.at_sea_in("1943-04") and not arrived.at_sea_in("1943-03")
    long = replace(sailed, departed="1942-12-30", arrived="1943-02")
    assert [long.at_sea_in(m) for m in ("1942-11", "1942-12", "1943-01", "1943-02", "1943-03")] == [
        False,
        True,
        True,
        True,
        False,
    ]
    assert replace(sailed, departed="").at_sea is None


def test_undated_sailings_are_listed_apart():
    names = {convoy.name for convoy in undated(CONVOYS)}
    assert {"RA 58", "JW 63", "RA 63"} <= names
    assert not any(names_in(m) and set(names_in(m)) & names for m in ("1944-04", "1945-01"))


# -- totals, the published totals, and the series ---------------------------------------------------


def test_totals_count_blanks_apart():
    table = [
        Convoy("a", "A", "r", "east", ("s",), "q", ships_sailed=10, ships_sunk=2),
        Convoy("b", "B", "r", "east", ("s",), "q", ships_sailed=5),
        Convoy("c", "C", "r", "west", ("s",), "q", ships_sunk=1),
        Convoy("d", "D", "r", "east", ("s",), "q", ships_sailed=3, sailed_with="a"),
    ]
    totals = convoy_totals(table)
    assert totals["east"]["convoys"] == 3 and totals["east"]["sailings"] == 2
    assert totals["east"]["ships_sailed"] == {"sum": 15, "known": 2, "blank": 0}
    assert totals["east"]["ships_sunk"] == {"sum": 2, "known": 1, "blank": 1}
    assert totals["all"]["ships_sunk"] == {"sum": 3, "known": 2, "blank": 1}


def test_the_shipped_totals_beside_the_published_ones():
    totals = convoy_totals(CONVOYS)
    assert totals["all"]["convoys"] == 78 and totals["east"]["sailings"] == 41
    assert totals["west"]["sailings"] == 36
    east = [c for c in CONVOYS if c.direction == "east" and not c.sailed_with]
    assert totals["east"]["ships_sailed"]["sum"] == sum(c.ships_sailed or 0 for c in east)
    found = {row["figure"]: row for row in published_comparison(CONVOYS, ATLAS.figures)}
    assert not found["arctic_convoys_total"]["differs"]  # 78
    assert not found["arctic_convoys_sent_kumanev"]["differs"]  # 41 out
    assert not found["arctic_return_convoys_kumanev"]["differs"]  # 36 back
    lost = found["arctic_lost_kumanev"]  # 83 sunk: the table's sum, and how many rows are blank
    assert lost["published"] == 83 and lost["table"] == totals["all"]["ships_sunk"]["sum"]
    assert lost["blank"] == totals["all"]["ships_sunk"]["blank"] > 0
    assert "arctic_early_convoys" not in found  # a figure of part of the war is not compared


def test_the_monthly_series_adds_up_to_the_table():
    series = monthly_series(CONVOYS)
    assert series[0]["month"] == "1941-08" and series[-1]["month"] == "1945-05"
    assert len(series) == 46
    july = next(m for m in series if m["month"] == "1942-07")
    assert july["east"]["sunk"] == 24 and july["east"]["arrived"] == 11
    assert july["east"]["at_sea"] == ["pq17"] and july["west"]["at_sea"] == ["qp13"]
    for direction in ("east", "west"):
        dated = [
            c for c in CONVOYS if c.direction == direction and c.departed and not c.sailed_with
        ]
        assert sum(m[direction]["sailed"] for m in series) == sum(
            c.ships_sailed or 0 for c in dated
        )
    june_1943 = next(m for m in series if m["month"] == "1943-06")
    assert june_1943["east"] == {"sailed": 0, "arrived": 0, "sunk": 0, "at_sea": [], "blank": []}


# -- the published file ---------------------------------------------------------------------------


def read_export(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_export_has_the_columns_of_the_issue_and_every_convoy():
    text = convoys_csv(ATLAS)
    issue = (
        "convoy direction departed_from departed arrived_at arrived ships_sailed ships_arrived "
        "ships_returned ships_sunk source quote"
    ).split()
    assert set(issue) <= set(CONVOY_COLUMNS) == set(read_export(text)[0])
    rows = {row["convoy"]: row for row in read_export(text)}
    assert sorted(rows) == sorted(EXPECTED)
    pq17 = rows["PQ 17"]
    assert (pq17["departed_from_name"], pq17["arrived_at_name"]) == ("Hvalfjörður", "Arkhangelsk")
    assert pq17["ships_sunk"] == "24" and pq17["ships_returned"] == ""
    assert "ships_sunk 23" in pq17["other_sources_say"]
    assert convoys_csv(ATLAS) == text  # the same bytes every time
    russian = read_export(convoys_csv(load_atlas(languages=("ru",)), "ru"))
    assert russian[0]["departed_from_name"] == "Ливерпуль"


def test_the_export_cannot_run_as_a_formula():
    atlas = replace(ATLAS, convoys=(replace(ATLAS.convoys[0], note="=HYPERLINK(1)"),))
    assert read_export(convoys_csv(atlas))[0]["note"] == "'=HYPERLINK(1)"


# -- what the loader refuses --------------------------------------------------------------------


def edit_row(folder, name, match, column, value):
    """Set ``column`` in the first row of ``name`` whose cells include every value of ``match``."""

    def change(rows):
        header = rows[0]
        row = next(r for r in rows[1:] if all(r[header.index(k)] == v for k, v in match.items()))
        row[header.index(column)] = value

    rewrite_csv(folder / name, change)


@pytest.mark.parametrize(
    "column, value, code, field",
    [
        ("arrived", "1942-06-01", "inverted-period", "arrived"),
        ("ships_sunk", "36", "more-ships-than-sailed", "ships_sunk"),
        ("ships_arrived", "12", "more-ships-than-sailed", "ships_sailed"),
        ("departed_from", "hvalfjord", "unknown-place", "departed_from"),
        ("direction", "north", "unknown-choice", "direction"),
        ("departed", "27 June 1942", "bad-date", "departed"),
        ("ships_sailed", "35.5", "not-a-whole-number", "ships_sailed"),
        ("ships_sailed", "thirty-five", "not-a-number", "ships_sailed"),
        ("source", "", "missing-source", "source"),
        ("source", "hearsay", "unknown-source", "source"),
        ("route", "arctik", "unknown-route", "route"),
        ("convoy", "PQ 16", "duplicate-id", "convoy"),
        ("sailed_with", "pq99", "unknown-convoy", "sailed_with"),
        ("inferred", "ships_lost", "unknown-choice", "inferred"),
    ],
)
def test_a_bad_convoy_is_one_problem_naming_it(data_copy, column, value, code, field):
    edit_csv(data_copy, "convoys.csv", "pq17", column, value)
    problem = only_problem(data_copy, code)
    assert problem.file.endswith("convoys.csv") and problem.field == field
    assert "'pq17'" in problem.record


def test_a_convoy_id_used_twice_is_one_problem(data_copy):
    edit_csv(data_copy, "convoys.csv", "qp2", "id", "qp3")  # QP 2 has no disputes or losses
    problem = only_problem(data_copy, "duplicate-id")
    assert problem.field == "id" and "'qp3' is used twice" in problem.message


def test_a_bad_dispute_or_loss_is_one_problem(data_copy):
    edit_row(data_copy, "convoy_disputes.csv", {"convoy": "pq17", "value": "23"}, "convoy", "pq71")
    problem = only_problem(data_copy, "unknown-convoy")
    assert problem.file.endswith("convoy_disputes.csv") and "pq71" in problem.record


def test_a_loss_names_an_event_or_a_position_not_both(data_copy):
    edit_row(data_copy, "convoy_losses.csv", {"ship": "Carlton"}, "lon", "24.5833")
    assert only_problem(data_copy, "loss-given-twice").field == "lon"


def test_a_loss_needs_its_position(data_copy):
    edit_row(data_copy, "convoy_losses.csv", {"ship": "Induna"}, "lat", "95")
    assert only_problem(data_copy, "coordinate-out-of-range").field == "lat"


def test_a_folder_without_convoys_has_none(data_copy):
    for name in ("convoys.csv", "convoy_disputes.csv", "convoy_losses.csv", "convoy_pauses.csv"):
        (data_copy / name).unlink()
    shutil.rmtree(data_copy / "tours")  # optional too; a step of the Lend-Lease tour shows PQ 17
    atlas = load_atlas(data_copy)
    assert atlas.convoys == () and atlas.convoys_in_month("1942-07") == []
    assert (
        monthly_series(atlas.convoys) == [] and convoy_totals(atlas.convoys)["all"]["convoys"] == 0
    )


def test_a_russian_map_needs_the_russian_note_of_each_convoy(data_copy):
    edit_csv(data_copy, "convoys.csv", "pq17", "note_ru", "")
    problem = only_problem(data_copy, "missing-translation")
    assert problem.file.endswith("convoys.csv") and problem.field == "note_ru"
