"""Teachers' own data: a template to start from, build --data, validate, and the data as files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from browser import card, click_path, hit, open_page
from click.testing import CliRunner
from shapely import Polygon, union_all
from shapely.geometry import LineString
from test_data import LAND_PIECE_KM, PORT_ZONE_KM
from test_loader import edit_csv

from geo import geodesic_circle, land_crossings, leg_track, path_length_km
from mapgen.cli import cli
from mapgen.datafiles import routes_geojson
from routes import load_atlas
from routes.export import FIGURE_COLUMNS, figures_csv

ATLAS = load_atlas()


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def own_folder(tmp_path) -> Path:
    folder = tmp_path / "my-atlas"
    code, out, _ = run("new", folder)
    assert code == 0 and f"supply-atlas validate {folder}" in out
    return folder


def test_new_starts_a_valid_folder_of_ones_own(own_folder):
    assert {p.name for p in own_folder.iterdir()} >= {
        "groups.csv",
        "routes.csv",
        "figures.csv",
        "sources.csv",
        "metrics.csv",
        "units.csv",
        "dervish.geojson",
        "README.md",
    }
    code, out, _ = run("validate", own_folder)
    assert code == 0 and out.startswith("OK: 1 routes, 1 legs, 2 places")


def test_new_never_overwrites(own_folder):
    before = (own_folder / "figures.csv").read_bytes()
    code, _, err = run("new", own_folder)
    assert code == 1 and err.startswith("Error: ") and "not empty" in err
    assert (own_folder / "figures.csv").read_bytes() == before


def test_the_example_sails_on_water(own_folder):
    """As for the shipped data: no piece on land longer than 5 km, outside 30 km of its ports."""
    atlas = load_atlas(own_folder)
    zones = union_all(
        [Polygon(geodesic_circle(p.lon, p.lat, PORT_ZONE_KM)) for p in atlas.places.values()]
    )
    for leg in atlas.legs:
        for piece in land_crossings(leg_track(leg.parts, leg.mode, track=leg.track)):
            outside = piece.difference(zones)
            for part in getattr(outside, "geoms", [outside]):
                assert part.is_empty or path_length_km(list(part.coords)) <= LAND_PIECE_KM, leg.id


def test_build_own_data_into_own_folder(own_folder, tmp_path, browser):
    out = tmp_path / "my-maps"
    # in its own process: the build drives Chromium for the front page's pictures, and Playwright's
    # sync API runs one session per thread (the tests hold one)
    result = subprocess.run(
        [sys.executable, "-m", "mapgen", "build", "--data", str(own_folder), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (
        sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
        == [
            "data/figures.csv",
            "data/routes.geojson",
            "index.html",
            "my-map.html",
            "thumbnails/my-map.jpg",
        ]
    )  # the build photographs the map for the front page itself (Chromium is installed for the tests)
    assert 'src="thumbnails/my-map.jpg"' in (out / "index.html").read_text(encoding="utf-8")
    page, log = open_page(browser, out / "my-map.html")
    try:
        click_path(page, hit("dervish"))
        popup = card(page)
        popup.wait_for()
        text = popup.inner_text()
        assert "Operation Dervish" in text and "15 aircraft" in text and "6 ships" in text
        assert log.console_errors == [] and log.external_requests == []
    finally:
        page.close()


def test_a_mistake_in_own_data_is_named_and_nothing_is_written(own_folder, tmp_path):
    edit_csv(own_folder, "figures.csv", "dervish_hurricanes", "value", "-15")
    out = tmp_path / "my-maps"
    code, _, err = run("build", "--data", own_folder, "--out", out)
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [
        f"Error: {own_folder / 'figures.csv'}: line 2 (id 'dervish_hurricanes'): field 'value': "
        "'-15' is negative"
    ]
    assert not out.exists()


def test_own_data_in_russian_needs_every_translation(own_folder, tmp_path):
    edit_csv(own_folder, "groups.csv", "my_map", "languages", "en;ru")
    code, _, err = run("validate", own_folder)
    assert code == 1
    fields = {line.split("field ")[1].split(":")[0] for line in err.splitlines()}
    assert fields == {"'name_ru'", "'summary_ru'", "'note_ru'", "'short_ru'"}


# -- the data as files --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_figures_csv_has_every_figure_with_its_source(lang):
    rows = list(csv.DictReader(io.StringIO(figures_csv(ATLAS, lang))))
    assert tuple(rows[0].keys()) == FIGURE_COLUMNS
    assert [r["id"] for r in rows] == [f.id for f in ATLAS.figures]
    for row, figure in zip(rows, ATLAS.figures, strict=False):
        assert float(row["value"]) == figure.value
        assert row["source_address"] == ATLAS.sources[figure.source].address
        assert row["quote"] == figure.quote
    local = ATLAS.in_language(lang)
    assert {r["metric_name"] for r in rows} <= set(local.metrics.values())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_routes_geojson_is_rfc7946(lang):
    document = json.loads(routes_geojson(ATLAS, lang))
    assert document["type"] == "FeatureCollection"
    kinds = [f["properties"]["feature"] for f in document["features"]]
    assert kinds.count("leg") == len(ATLAS.legs)
    assert kinds.count("place") == len(ATLAS.places) and kinds.count("loss") == len(ATLAS.events)
    for feature in document["features"]:
        geometry = feature["geometry"]
        lines = {
            "Point": lambda c: [[c]],
            "LineString": lambda c: [c],
            "MultiLineString": lambda c: c,
        }
        for line in lines[geometry["type"]](geometry["coordinates"]):
            assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in line)
            assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(line, line[1:], strict=False))
    if lang == "ru":
        names = {f["properties"]["id"]: f["properties"]["name"] for f in document["features"]}
        assert names["murmansk"] == "Мурманск"


def decode_polyline(text: str, digits: int) -> list[tuple[float, float]]:
    """Google's encoded polyline, as the page decodes it: ``[(lat, lon), ...]``."""
    values, number, shift = [], 0, 0
    for char in text:
        chunk = ord(char) - 63
        number |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            values.append(~(number >> 1) if number & 1 else number >> 1)
            number, shift = 0, 0
    points, lat, lon = [], 0, 0
    for dlat, dlon in zip(values[::2], values[1::2], strict=True):
        lat, lon = lat + dlat, lon + dlon
        points.append((lat / 10**digits, lon / 10**digits))
    return points


def test_the_exported_legs_are_the_lines_the_maps_draw():
    """A student who opens routes.geojson in QGIS sees the lines of the maps (within 0.01°),
    not the waypoints they were drawn through."""
    from mapgen.i18n import ENGLISH
    from mapgen.scene import map_scene
    from mapgen.specs import map_specs

    exported = {
        f["properties"]["id"]: f["geometry"]
        for f in json.loads(routes_geojson(ATLAS, "en"))["features"]
        if f["properties"]["feature"] == "leg"
    }
    checked = 0
    for spec in map_specs(ATLAS, "en"):
        scene = map_scene(ATLAS, spec, ENGLISH)
        for route in scene["routes"]:
            for leg in route["legs"]:
                drawn = [
                    (lon, lat) for lat, lon in decode_polyline(leg["line"], scene["precision"])
                ]
                geometry = exported[leg["id"]]
                parts = (
                    [geometry["coordinates"]]
                    if geometry["type"] == "LineString"
                    else geometry["coordinates"]
                )
                # the page draws in its own window of longitudes; the file keeps to [-180, 180]
                west = scene["view"]["west"]
                in_window = [
                    (west + (lon - west) % 360, lat) for part in parts for lon, lat in part
                ]
                distance = LineString(drawn).hausdorff_distance(LineString(in_window))
                assert distance < 0.01, (leg["id"], distance)
                checked += 1
    assert checked == len(ATLAS.legs)


def test_export_data_command(tmp_path):
    code, out, _ = run("export-data", "--lang", "ru", "--out", tmp_path)
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "convoys.csv",
        "figures.csv",
        "routes.geojson",
    ]
    assert (tmp_path / "figures.csv").read_text(encoding="utf-8") == figures_csv(ATLAS, "ru")


def test_the_front_page_offers_the_data(built_dir):
    index = (built_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="data/figures.csv"' in index and 'href="data/routes.geojson"' in index
    assert (built_dir / "data" / "figures.csv").read_text(encoding="utf-8") == figures_csv(
        ATLAS, "en"
    )
    assert (built_dir / "ru" / "data" / "routes.geojson").read_text(
        encoding="utf-8"
    ) == routes_geojson(ATLAS, "ru")
