"""geo on canonical fixtures: a line across ±180, a polar line, a degenerate line."""

from __future__ import annotations

import math

import pytest
from shapely import LineString
from shapely.geometry import Point

from geo import (
    covering_window,
    geodesic_circle,
    geodesic_path,
    join_antimeridian,
    land,
    land_crossings,
    leg_track,
    max_longitude_step,
    path_length_km,
    sea_track,
    shift_into_window,
    split_antimeridian,
    unwrap,
    wrap_longitude,
)

# Canonical fixtures, (lon, lat)
ACROSS_180 = [(170.0, 60.0), (-175.0, 62.0), (-160.0, 63.0)]  # Chukotka to Alaska, stored wrapped
POLAR = [(-120.0, 80.0), (60.0, 80.0)]  # the geodesic passes over the North Pole
DEGENERATE = [(33.1, 68.97), (33.1, 68.97)]  # a line of zero length


def assert_close(a, b, tol=1e-6):
    assert len(a) == len(b), (a, b)
    for p, q in zip(a, b, strict=True):
        assert math.isclose(p[0], q[0], abs_tol=tol) and math.isclose(p[1], q[1], abs_tol=tol), (
            p,
            q,
        )


class TestUnwrapAndSplit:
    def test_unwrap_makes_the_crossing_continuous(self):
        line = unwrap(ACROSS_180)
        assert max_longitude_step(line) < 180
        assert line[0] == ACROSS_180[0]
        assert line[1][0] == pytest.approx(185.0)

    def test_split_cuts_at_the_antimeridian_and_parts_meet(self):
        parts = split_antimeridian(ACROSS_180)
        assert len(parts) == 2
        west, east = parts
        assert west[-1][0] == 180.0 and east[0][0] == -180.0
        assert west[-1][1] == pytest.approx(east[0][1])
        # the cut is where the straight segment 170 -> 185 crosses 180: two thirds of the way
        assert west[-1][1] == pytest.approx(60.0 + 2.0 * (2 / 3))
        for part in parts:
            assert all(-180 <= lon <= 180 for lon, _ in part)

    def test_split_keeps_every_input_point(self):
        parts = split_antimeridian(ACROSS_180)
        kept = [p for part in parts for p in part]
        for lon, lat in ACROSS_180:
            assert any(
                math.isclose(lon, q[0], abs_tol=1e-9) and math.isclose(lat, q[1]) for q in kept
            )

    def test_join_is_the_inverse_of_split(self):
        joined = join_antimeridian(split_antimeridian(ACROSS_180))
        without_cut = [p for p in joined if not math.isclose(abs(wrap_longitude(p[0])), 180.0)]
        assert_close(without_cut, unwrap(ACROSS_180))

    def test_a_line_that_does_not_cross_is_one_part(self):
        assert split_antimeridian([(10.0, 0.0), (20.0, 1.0)]) == [[(10.0, 0.0), (20.0, 1.0)]]

    def test_an_unwrapped_line_far_east_is_moved_back(self):
        assert split_antimeridian([(190.0, 0.0), (200.0, 0.0)]) == [[(-170.0, 0.0), (-160.0, 0.0)]]

    def test_degenerate_line_survives_split_and_unwrap(self):
        assert unwrap(DEGENERATE) == DEGENERATE
        assert split_antimeridian(DEGENERATE) == [DEGENERATE]

    @pytest.mark.parametrize(
        "lon, wrapped",
        [(-203.4, 156.6), (540.0, 180.0), (180.0, 180.0), (-180.0, -180.0), (0.0, 0.0)],
    )
    def test_wrap_longitude(self, lon, wrapped):
        assert wrap_longitude(lon) == pytest.approx(wrapped)


class TestWindow:
    def test_window_takes_the_short_way_across_the_pacific(self):
        west = covering_window([lon for lon, _ in ACROSS_180])
        assert west == 170.0

    def test_window_of_a_european_map_does_not_wrap(self):
        assert covering_window([-5.0, 30.0, 33.0]) == -5.0

    def test_shift_into_window_moves_a_whole_line(self):
        moved = shift_into_window(ACROSS_180, 100.0)
        assert all(100.0 <= lon < 460.0 for lon, _ in moved)
        assert max_longitude_step(moved) < 180


class TestGeodesics:
    def test_densified_line_keeps_its_endpoints_and_length(self):
        path = geodesic_path(ACROSS_180, max_step_km=50)
        assert_close([path[0]], [ACROSS_180[0]])
        assert wrap_longitude(path[-1][0]) == pytest.approx(ACROSS_180[-1][0])
        assert path[-1][1] == pytest.approx(ACROSS_180[-1][1])
        assert path_length_km(path) == pytest.approx(path_length_km(unwrap(ACROSS_180)), rel=1e-3)
        steps = [path_length_km([a, b]) for a, b in zip(path, path[1:], strict=False)]
        assert max(steps) <= 50.0 + 1e-6

    def test_polar_geodesic_goes_over_the_pole(self):
        path = geodesic_path(POLAR, max_step_km=100)
        assert max(lat for _, lat in path) > 89.5
        assert path_length_km(path) == pytest.approx(
            2 * 10 * 111.7, rel=0.01
        )  # 20 degrees of meridian

    def test_polar_line_splits_without_losing_its_ends(self):
        parts = split_antimeridian(geodesic_path(POLAR, max_step_km=100))
        assert parts[0][0] == pytest.approx(POLAR[0])
        assert wrap_longitude(parts[-1][-1][0]) == pytest.approx(POLAR[-1][0])

    def test_degenerate_line_densifies_to_itself(self):
        assert geodesic_path(DEGENERATE) == DEGENERATE
        assert path_length_km(DEGENERATE) == 0.0

    def test_circle_is_closed_and_at_the_radius(self):
        ring = geodesic_circle(179.5, 65.0, 100.0, points=36)
        assert ring[0] == ring[-1]
        for lon, lat in ring[:-1]:
            assert path_length_km([(179.5, 65.0), (lon, lat)]) == pytest.approx(100.0, rel=1e-6)
        assert max_longitude_step(ring) < 180  # drawn continuously across 180

    def test_non_positive_step_is_refused(self):
        with pytest.raises(ValueError, match="max_step_km"):
            geodesic_path(POLAR, max_step_km=0)


class TestSea:
    def test_closing_suez_sends_the_ships_round_africa(self):
        new_york, bandar_shahpur = (-74.0, 40.6), (49.10, 30.43)
        via_suez = sea_track([new_york, bandar_shahpur])
        round_cape = sea_track([new_york, bandar_shahpur], closed_passages=["suez"])
        assert min(lat for _, lat in via_suez) > -15
        assert min(lat for _, lat in round_cape) < -33  # past the Cape of Good Hope
        assert path_length_km(round_cape) > path_length_km(via_suez) * 1.3

    def test_pacific_crossing_is_unwrapped(self):
        track = sea_track([(-122.33, 47.61), (131.87, 43.11)])
        assert max_longitude_step(track) < 180
        assert (
            min(lon for lon, _ in track) < -180
        )  # drawn west across the Pacific, not round the world

    def test_unknown_passage_is_refused_by_name(self):
        with pytest.raises(ValueError, match="panamaa"):
            sea_track([(0, 50), (1, 51)], closed_passages=["panamaa"])

    def test_leg_track_keeps_non_sea_legs_on_their_stations(self):
        stations = [[(131.87, 43.11), (135.10, 48.46), (113.49, 52.04)]]
        line = leg_track(stations, "rail")
        for station in stations[0]:
            assert any(p == pytest.approx(station) for p in line)


class TestLand:
    @pytest.mark.parametrize(
        "name, lon, lat",
        [
            ("Moscow", 37.6, 55.75),
            ("Chukotka (east of 180)", -175.0, 66.0),
            ("Chukotka (west of 180)", 175.0, 66.0),
            ("Wrangel Island (east of 180)", -179.5, 71.3),
            ("Wrangel Island (west of 180)", 179.5, 71.3),
            ("Tehran", 51.4, 35.7),
            ("Iceland", -19.0, 64.8),
        ],
    )
    def test_land_is_land(self, name, lon, lat):
        assert land("50m").contains(Point(lon, lat)), name

    @pytest.mark.parametrize(
        "name, lon, lat",
        [
            ("White Sea", 36.0, 66.0),
            ("Caspian Sea", 50.5, 41.5),
            ("Black Sea", 34.0, 43.0),
            ("Barents Sea", 40.0, 72.0),
            ("Bering Strait", -168.9, 65.7),
            ("Mediterranean", 5.0, 40.0),
        ],
    )
    @pytest.mark.parametrize("resolution", ["50m", "110m"])
    def test_seas_are_open(self, name, lon, lat, resolution):
        assert not land(resolution).contains(Point(lon, lat)), name

    def test_no_land_polygon_wraps_round_the_world(self):
        # the bug this guards against: a ring cut at 180 read flat becomes a band across Siberia
        assert all(p.bounds[2] - p.bounds[0] < 300 for p in land("50m").geoms)

    def test_crossings_of_a_line_over_iberia(self):
        pieces = land_crossings([(-10.0, 40.0), (10.0, 40.0)], resolution="110m")
        assert sorted(round(p.length) for p in pieces) == [1, 9]

    def test_crossings_work_on_unwrapped_lines(self):
        # across Chukotka, written east of 180
        pieces = land_crossings([(185.0, 66.5), (175.0, 66.5)])
        assert pieces and sum(p.length for p in pieces) > 5
        assert all(isinstance(p, LineString) for p in pieces)


def test_the_passage_lists_match_searoute():
    from searoute.classes.passages import Passage

    from geo.sea import PASSAGES
    from routes.load.schema import SEA_PASSAGES

    theirs = sorted(
        v for k, v in vars(Passage).items() if isinstance(v, str) and not k.startswith("_")
    )
    assert list(PASSAGES) == theirs
    assert SEA_PASSAGES is PASSAGES  # written once, in geo
