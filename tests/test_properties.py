"""Properties that hold for any input, checked with hypothesis.

geo: unwrapping then wrapping gives the input back; splitting at the antimeridian keeps every
point and joins back; densified geodesics keep their points, endpoints and length.
routes: any valid generated data folder loads and builds; any single-field corruption of it
gives the error for that field, and only that one.
"""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from geo import (
    geodesic_path,
    join_antimeridian,
    path_length_km,
    split_antimeridian,
    unwrap,
    wrap_longitude,
)
from mapgen import build_map, render
from routes import RouteDataError, load_atlas

longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
latitudes = st.floats(min_value=-80, max_value=80, allow_nan=False)
positions = st.tuples(longitudes, latitudes)
lines = st.lists(positions, min_size=2, max_size=12)


def same_longitude(a: float, b: float) -> bool:
    return math.isclose((a - b + 180.0) % 360.0 - 180.0, 0.0, abs_tol=1e-7)


def dedupe(line):
    return [
        p for i, p in enumerate(line) if i == 0 or (p[0], p[1]) != (line[i - 1][0], line[i - 1][1])
    ]


# -- geo -------------------------------------------------------------------------------------


@given(lines)
def test_unwrap_then_wrap_gives_the_input(line):
    unwrapped = unwrap(line)
    assert all(abs(b[0] - a[0]) <= 180.0 for a, b in zip(unwrapped, unwrapped[1:], strict=False))
    for (lon, lat), (back_lon, back_lat) in zip(line, unwrapped, strict=False):
        assert same_longitude(wrap_longitude(back_lon), lon) and back_lat == lat
    assert -180.0 <= wrap_longitude(unwrapped[-1][0]) <= 180.0


@given(lines)
def test_split_at_the_antimeridian_keeps_every_point(line):
    line = dedupe(line)
    assume(len(line) >= 2)
    parts = split_antimeridian(line)
    flat = [p for part in parts for p in part]
    assert all(-180.0 <= lon <= 180.0 for lon, _ in flat)
    for left, right in zip(parts, parts[1:], strict=False):  # parts meet at 180 at one latitude
        assert abs(left[-1][0]) == 180.0 and left[-1][0] == -right[0][0]
        assert math.isclose(left[-1][1], right[0][1], abs_tol=1e-9)
    for part in parts:
        assert all(abs(b[0] - a[0]) <= 180.0 for a, b in zip(part, part[1:], strict=False))
    # every input point is in the output, in order (crossing points are added between them)
    position = 0
    for lon, lat in line:
        while position < len(flat) and not (
            same_longitude(flat[position][0], lon)
            and math.isclose(flat[position][1], lat, abs_tol=1e-7)
        ):
            position += 1
        assert position < len(flat), f"{(lon, lat)} lost"
    # and joining the parts gives the unwrapped line back (with the crossings)
    joined = join_antimeridian(parts)
    assert same_longitude(joined[0][0], line[0][0]) and same_longitude(joined[-1][0], line[-1][0])
    assert all(abs(b[0] - a[0]) <= 180.0 for a, b in zip(joined, joined[1:], strict=False))


@given(lines, st.floats(min_value=20, max_value=2000))
def test_densified_geodesics_keep_points_endpoints_and_length(line, step_km):
    line = dedupe(line)
    assume(len(line) >= 2)
    path = geodesic_path(line, max_step_km=step_km)
    assert path[0] == line[0]
    assert same_longitude(path[-1][0], line[-1][0]) and path[-1][1] == line[-1][1]
    assert math.isclose(path_length_km(path), path_length_km(line), rel_tol=1e-6, abs_tol=1e-6)
    assert all(
        path_length_km([a, b]) <= step_km * 1.001 + 1e-9
        for a, b in zip(path, path[1:], strict=False)
    )
    assert all(abs(b[0] - a[0]) <= 180.0 for a, b in zip(path, path[1:], strict=False))


# -- routes: generated data folders ------------------------------------------------------------

names = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
MODES = ["air", "rail", "road", "sea"]


@st.composite
def datasets(draw) -> dict:
    """A valid data folder as Python data: a map of 1-3 routes, of 1-3 legs through its places."""
    route_ids = draw(
        st.lists(ids, min_size=1, max_size=3, unique=True).map(lambda xs: [f"r_{x}" for x in xs])
    )
    routes, files, figures = [], {}, []
    for route in route_ids:
        count = draw(st.integers(min_value=2, max_value=4))
        lon0 = draw(st.floats(min_value=-150, max_value=120))
        lat0 = draw(st.floats(min_value=-50, max_value=60))
        places = [
            (f"{route}_p{i}", round(lon0 + 3.0 * i, 4), round(lat0 + draw(st.floats(-2, 2)), 4))
            for i in range(count)
        ]
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": pid,
                    "name": draw(names),
                    "kind": "port",
                    "coord_source": "src",
                },
            }
            for pid, lon, lat in places
        ]
        for i, ((a, alon, alat), (b, blon, blat)) in enumerate(
            zip(places, places[1:], strict=False)
        ):
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": [[alon, alat], [blon, blat]]},
                    "properties": {
                        "route": route,
                        "id": f"{route}_l{i}",
                        "from": a,
                        "to": b,
                        "mode": draw(st.sampled_from(MODES)),
                        "start": "1941",
                        "end": "1945",
                        "note": draw(names),
                        "sources": ["src"],
                        "track": "as_drawn",
                    },
                }
            )
        files[f"{route}.geojson"] = {"type": "FeatureCollection", "features": features}
        routes.append([route, draw(names), "g", "1941", "1945", draw(names)])
        for k in range(draw(st.integers(min_value=0, max_value=3))):
            start = draw(st.integers(min_value=1920, max_value=1945))
            value = draw(
                st.floats(min_value=0, max_value=1e9, allow_nan=False).map(lambda v: round(v, 2))
            )
            figures.append(
                [
                    f"{route}_f{k}",
                    route,
                    "",
                    "cargo",
                    repr(value),
                    "",
                    "tons",
                    str(start),
                    str(draw(st.integers(min_value=start, max_value=1945))),
                    draw(st.sampled_from(["exactly", "about", "more than"])),
                    "src",
                    draw(names),
                    "",
                    "",
                ]
            )
    return {
        "files": files,
        "groups.csv": [["id", "name", "summary"], ["g", draw(names), draw(names)]],
        "routes.csv": [["id", "name", "group", "start", "end", "summary"], *routes],
        "sources.csv": [
            ["id", "title", "author", "publisher", "year", "address"],
            ["src", draw(names), "", "", "", "https://example.org/source"],
        ],
        "metrics.csv": [["id", "name"], ["cargo", draw(names)]],
        "units.csv": [["id", "name"], ["tons", "tons"]],
        "figures.csv": [
            [
                "id",
                "route",
                "feature",
                "metric",
                "value",
                "value_high",
                "unit",
                "start",
                "end",
                "qualifier",
                "source",
                "quote",
                "disputed_with",
                "note",
            ],
            *figures,
        ],
    }


def write(dataset: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, document in dataset["files"].items():
        (folder / name).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    for name, rows in dataset.items():
        if name.endswith(".csv"):
            with (folder / name).open("w", encoding="utf-8", newline="") as out:
                csv.writer(out, lineterminator="\n").writerows(rows)
    return folder


# Each example writes and loads a data folder (and builds a map): 25 keep the suite quick;
# ATLAS_PROPERTY_EXAMPLES=500 runs a thorough search.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("ATLAS_PROPERTY_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(datasets())
def test_any_valid_dataset_loads_and_builds(dataset):
    with tempfile.TemporaryDirectory() as scratch:
        atlas = load_atlas(write(dataset, Path(scratch) / "data"))
        assert len(atlas.routes) == len(dataset["routes.csv"]) - 1
        assert len(atlas.figures) == len(dataset["figures.csv"]) - 1
        html = render(build_map("g", atlas=atlas))
        assert html.startswith("<!DOCTYPE html>") and all(
            f'data-layer="{r}"' in html for r in atlas.routes
        )


# Each corruption: where it goes, the field it breaks, and the bad values to try.
CORRUPTIONS = {
    "figure value": ("figures.csv", "value", ["-1", "nan", "inf", "lots", "1,000", ""]),
    "figure unit": ("figures.csv", "unit", ["kilotons", ""]),
    "figure start": ("figures.csv", "start", ["1942/03", "March 1942", "42", ""]),
    "figure qualifier": ("figures.csv", "qualifier", ["roughly", ""]),
    "figure source": ("figures.csv", "source", ["nowhere", ""]),
    "route group": ("routes.csv", "group", ["h", ""]),
    "route end": ("routes.csv", "end", ["1945-13", "soon"]),
    "leg mode": ("geojson-leg", "mode", ["ship", "", 3]),
    "leg to": ("geojson-leg", "to", ["nowhere"]),
    "place kind": ("geojson-place", "kind", ["harbour", None]),
    "place position": (
        "geojson-place",
        "geometry",
        [[200.0, 10.0], [10.0, 95.0], ["a", "b"], [1.0]],
    ),
}


@PROPERTY_SETTINGS
@given(datasets(), st.sampled_from(sorted(CORRUPTIONS)), st.data())
def test_one_corrupted_field_gives_its_own_error(dataset, corruption, data):
    target, field, bad_values = CORRUPTIONS[corruption]
    bad = data.draw(st.sampled_from(bad_values))
    if target.endswith(".csv"):
        rows = dataset[target]
        assume(len(rows) > 1)
        row = data.draw(st.sampled_from(rows[1:]))
        row[rows[0].index(field)] = bad
        expected_file, record = target, row[0]
    else:
        name = data.draw(st.sampled_from(sorted(dataset["files"])))
        kind = "LineString" if target == "geojson-leg" else "Point"
        feature = data.draw(
            st.sampled_from(
                [f for f in dataset["files"][name]["features"] if f["geometry"]["type"] == kind]
            )
        )
        if field == "geometry":
            feature["geometry"]["coordinates"] = bad
        else:
            feature["properties"][field] = bad
        expected_file, record = name, feature["properties"]["id"]
    with tempfile.TemporaryDirectory() as scratch:
        with pytest.raises(RouteDataError) as caught:
            load_atlas(write(dataset, Path(scratch) / "data"))
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert (
        problem.file.endswith(expected_file) and record in problem.record and problem.field == field
    ), str(problem)
