"""Periods, flow widths and charts: the data that drives them and its validation."""

from __future__ import annotations

import csv
import shutil

import pytest
from test_loader import edit_csv, only_problem

from geo import marks_along
from mapgen import style
from mapgen.drawing import draw_legs
from mapgen.periods import default_slice, flow_width, slice_flows
from routes import load_atlas

ATLAS = load_atlas()
LEND_LEASE = "lend_lease_1941_45"
SEA_ROUTES = ("arctic", "pacific", "persian_corridor")


def append_row(folder, name, row):
    with (folder / name).open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(row)


def test_the_seed_share_table_drives_1942_and_1943():
    for year, months in (("1942", ("1942", "1942")), ("1943", ("1943-01", "1943-09"))):
        for route in SEA_ROUTES:
            figure = ATLAS.flow_figure(year, route, LEND_LEASE)
            assert figure is not None and figure.source == "libmonster-mtc"
            assert (figure.period.start, figure.period.end) == months
            assert figure.unit == "percent"


def test_every_period_compares_like_with_like():
    for flows in slice_flows(ATLAS, LEND_LEASE, tuple(r.id for r in ATLAS.routes_in(LEND_LEASE))):
        units = {f.unit for f in flows.figures.values() if f is not None}
        assert len({"percent" if u == "percent" else "tons" for u in units}) <= 1, flows.slice.id


def test_whole_war_is_the_default_and_uses_tonnage():
    slices = slice_flows(ATLAS, LEND_LEASE, SEA_ROUTES)
    initial = default_slice(slices)
    assert initial.slice.id == "war"
    assert initial.kinds == ["tons"]
    every_route = slice_flows(ATLAS, LEND_LEASE, tuple(r.id for r in ATLAS.routes_in(LEND_LEASE)))
    assert default_slice(every_route).kinds == [
        "tons",
        "aircraft",
    ]  # the air ferry: by aircraft delivered


@pytest.mark.parametrize("route", SEA_ROUTES)
def test_width_is_proportional_to_the_figure(route):
    figure = ATLAS.flow_figure("war", route, LEND_LEASE)
    assert flow_width(figure) == pytest.approx(
        figure.value * style.FLOW_PX_PER_UNIT[figure.unit], abs=0.01
    )


def test_widths_rank_like_the_figures():
    war = {r: ATLAS.flow_figure("war", r, LEND_LEASE) for r in SEA_ROUTES}
    by_value = sorted(SEA_ROUTES, key=lambda r: war[r].value)
    by_width = sorted(SEA_ROUTES, key=lambda r: flow_width(war[r]))
    assert by_value == by_width


def test_years_without_sourced_figures_have_no_flows():
    for year in ("1944", "1945"):
        assert all(ATLAS.flow_figure(year, r, LEND_LEASE) is None for r in SEA_ROUTES)


def test_direction_marks_follow_each_leg():
    tracks = draw_legs(ATLAS, ("arctic",))["arctic"]
    for leg, coords in tracks:
        marks = marks_along(coords, every_km=style.ARROW_SPACING_KM)
        assert marks
        heading_east = coords[-1][0] > coords[0][0]
        # the middle mark of an outbound convoy leg points east (angle within ±90°), a return west
        angle = marks[len(marks) // 2][2]
        assert (abs(angle) < 90) == heading_east, (leg.id, angle)


class TestValidation:
    def test_flow_for_an_unknown_period(self, data_copy):
        append_row(data_copy, "flows.csv", [LEND_LEASE, "1946", "arctic", "arctic_cargo_s02"])
        assert only_problem(data_copy, "unknown-period").field == "period"

    def test_flow_figure_of_another_route(self, data_copy):
        append_row(data_copy, "flows.csv", [LEND_LEASE, "1944", "arctic", "pacific_cargo_s03"])
        assert "'pacific'" in only_problem(data_copy, "figure-of-other-route").message

    def test_flow_figure_not_a_share_or_tonnage(self, data_copy):
        append_row(data_copy, "flows.csv", [LEND_LEASE, "1944", "arctic", "arctic_convoys_total"])
        assert "'convoys'" in only_problem(data_copy, "bad-flow-unit").message

    def test_flows_of_one_period_must_share_a_kind(self, data_copy):
        edit_rows = [r for r in csv.reader((data_copy / "flows.csv").open(encoding="utf-8"))]
        with (data_copy / "flows.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            for row in edit_rows:
                if row[1:3] == ["1942", "pacific"]:
                    row[3] = "pacific_cargo_s03"
                writer.writerow(row)
        assert only_problem(data_copy, "mixed-flow-units").field == "figure"

    def test_chart_with_unknown_figure(self, data_copy):
        edit_csv(
            data_copy, "charts.csv", "alsib_types", "figures", "alsib_fighters;alsib_zeppelins"
        )
        assert "'alsib_zeppelins'" in only_problem(data_copy, "unknown-figure").message

    def test_chart_grouping_must_be_known(self, data_copy):
        edit_csv(data_copy, "charts.csv", "alsib_types", "group_by", "colour")
        assert only_problem(data_copy, "unknown-choice").field == "group_by"

    def test_period_files_are_optional(self, data_copy):
        for name in ("periods.csv", "flows.csv", "charts.csv"):
            (data_copy / name).unlink()
        shutil.rmtree(data_copy / "tours")  # optional too; its steps name periods of periods.csv
        atlas = load_atlas(data_copy)
        assert atlas.slices == () and atlas.flows == () and atlas.charts == ()
