"""Bad data gives its own clear error naming file, record, field and value; all problems at once."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import pytest

from routes import RouteDataError, load_atlas, to_geodataframes
from routes.load.schema import MAX_FILE_BYTES


def rewrite_json(path: Path, change) -> None:
    """Load a JSON file, let ``change`` edit the document, write it back."""
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def rewrite_csv(path: Path, change) -> None:
    """Read a CSV file's rows (header first), let ``change`` edit them, write them back."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def feature(document: dict, ident: str) -> dict:
    for item in document["features"]:
        if item["properties"].get("id") == ident:
            return item
    raise AssertionError(f"no feature {ident!r}")


def edit_geojson(folder: Path, route: str, feature_id: str, change) -> None:
    rewrite_json(
        folder / f"{route}.geojson", lambda document: change(feature(document, feature_id))
    )


def edit_csv(folder: Path, name: str, row_id: str, field: str, value: str) -> None:
    def change(rows):
        row = next((r for r in rows[1:] if r and r[0] == row_id), None)
        assert row is not None, f"no row {row_id} in {folder / name}"
        row[rows[0].index(field)] = value

    rewrite_csv(folder / name, change)


def problems_of(folder: Path) -> list:
    with pytest.raises(RouteDataError) as caught:
        load_atlas(folder)
    return caught.value.problems


def only_problem(folder: Path, code: str):
    problems = problems_of(folder)
    assert [p.code for p in problems] == [code], [str(p) for p in problems]
    return problems[0]


def set_prop(key, value):
    def change(feature):
        feature["properties"][key] = value

    return change


def set_coords(coords):
    def change(feature):
        feature["geometry"]["coordinates"] = coords

    return change


class TestShippedData:
    def test_loads(self, atlas):
        assert {"arctic", "pacific", "persian_corridor", "alsib", "spain"} <= set(atlas.routes)
        assert {r.id for r in atlas.routes_in("lend_lease_1941_45")} == {
            "arctic",
            "pacific",
            "persian_corridor",
            "alsib",
        }
        assert {
            "lend_lease_1941_45",
            "spain_1936_39",
            "mtc_1920_41",
            "liberation_1943_45",
            "industrialization_1930s",
        } == set(atlas.groups)

    def test_geodataframes(self, atlas):
        frames = to_geodataframes(atlas)
        assert len(frames["legs"]) == len(atlas.legs)
        assert frames["legs"].crs.to_epsg() == 4326
        assert set(frames["legs"]["mode"]) <= {"sea", "rail", "road", "air", "river", "link"}
        assert len(frames["figures"]) == len(atlas.figures)


class TestGeoJsonProblems:
    def test_malformed_json(self, data_copy):
        path = data_copy / "arctic.geojson"
        path.write_text(path.read_text(encoding="utf-8")[:-40], encoding="utf-8")
        problem = only_problem(data_copy, "malformed-json")
        assert problem.file.endswith("arctic.geojson")
        assert "line" in problem.record and "column" in problem.record

    def test_not_a_feature_collection(self, data_copy):
        (data_copy / "alsib.geojson").write_text(
            '{"type": "Feature", "properties": {}}', encoding="utf-8"
        )
        problem = only_problem(data_copy, "not-feature-collection")
        assert "'Feature'" in problem.message

    def test_wrong_geometry_type(self, data_copy):
        edit_geojson(
            data_copy,
            "spain",
            "spain_mediterranean",
            lambda f: f["geometry"].update(type="Polygon"),
        )
        problem = only_problem(data_copy, "wrong-geometry-type")
        assert "spain_mediterranean" in problem.record and problem.field == "geometry"

    def test_swapped_coordinates_of_a_place(self, data_copy):
        # Murmansk written as [lat, lon]: 68.97°E 33.10°N is in Pakistan; the legs no longer meet it
        edit_geojson(data_copy, "arctic", "murmansk", set_coords([68.96778, 33.09922]))
        problems = problems_of(data_copy)
        # one problem, on the place, naming the legs that show it (not one per leg)
        assert [p.code for p in problems] == ["swapped-coordinates"]
        assert "murmansk" in problems[0].record and problems[0].field == "geometry"
        assert problems[0].file.endswith("arctic.geojson")
        assert "latitude and longitude swapped" in problems[0].message
        assert "'arctic_iceland_murmansk'" in problems[0].message

    def test_latitude_out_of_range_hints_at_swap(self, data_copy):
        edit_geojson(data_copy, "alsib", "nome", set_coords([64.5129, -165.44]))
        problems = problems_of(data_copy)
        assert problems[0].code == "coordinate-out-of-range"
        assert "swapped" in problems[0].message and "nome" in problems[0].record

    def test_empty_id(self, data_copy):
        edit_geojson(data_copy, "pacific", "nakhodka", set_prop("id", ""))
        assert only_problem(data_copy, "empty-id").field == "id"

    def test_duplicate_leg_id(self, data_copy):
        edit_geojson(
            data_copy, "spain", "spain_sevastopol_bosporus", set_prop("id", "spain_odessa_bosporus")
        )
        problem = only_problem(data_copy, "duplicate-id")
        assert "spain_odessa_bosporus" in problem.message

    def test_leg_to_unknown_place(self, data_copy):
        edit_geojson(data_copy, "pacific", "pacific_main", set_prop("to", "atlantis"))
        problem = only_problem(data_copy, "unknown-place")
        assert problem.field == "to" and "'atlantis'" in problem.message

    def test_unknown_mode(self, data_copy):
        edit_geojson(data_copy, "alsib", "alsib_nome_uelkal", set_prop("mode", "balloon"))
        problem = only_problem(data_copy, "unknown-mode")
        assert "'balloon'" in problem.message and "sea, rail, road, air, river" in problem.message

    def test_leg_route_must_match_file(self, data_copy):
        edit_geojson(data_copy, "alsib", "alsib_nome_uelkal", set_prop("route", "pacific"))
        assert only_problem(data_copy, "route-mismatch").field == "route"

    def test_line_across_180_must_be_split(self, data_copy):
        edit_geojson(
            data_copy,
            "alsib",
            "alsib_uelkal_seymchan",
            lambda f: f.update(
                geometry={
                    "type": "LineString",
                    "coordinates": [[-179.283, 65.533], [152.39431, 62.93242]],
                }
            ),
        )
        problem = only_problem(data_copy, "unsplit-antimeridian")
        assert "MultiLineString" in problem.message

    def test_leg_period_inverted(self, data_copy):
        edit_geojson(data_copy, "arctic", "arctic_return", set_prop("end", "1940"))
        problem = only_problem(data_copy, "inverted-period")
        assert problem.field == "end" and "'1940'" in problem.message

    def test_unknown_property_is_a_typo(self, data_copy):
        edit_geojson(data_copy, "arctic", "arctic_return", set_prop("sorces", ["x"]))
        assert only_problem(data_copy, "unknown-property").field == "sorces"

    def test_unknown_passage(self, data_copy):
        edit_geojson(
            data_copy, "persian_corridor", "persian_sea", set_prop("closed_passages", ["suezz"])
        )
        assert "'suezz'" in only_problem(data_copy, "unknown-passage").message

    def test_leg_source_must_resolve(self, data_copy):
        edit_geojson(data_copy, "spain", "spain_mediterranean", set_prop("sources", ["nowhere"]))
        assert only_problem(data_copy, "unknown-source").field == "sources"


class TestTableProblems:
    def test_figure_with_unknown_route(self, data_copy):
        edit_csv(data_copy, "figures.csv", "spain_loan", "route", "spian")
        problem = only_problem(data_copy, "unknown-route")
        assert (
            problem.file.endswith("figures.csv")
            and "spain_loan" in problem.record
            and "'spian'" in problem.message
        )

    def test_negative_tonnage(self, data_copy):
        edit_csv(data_copy, "figures.csv", "arctic_chromium", "value", "-300000")
        problem = only_problem(data_copy, "negative-value")
        assert problem.field == "value" and "arctic_chromium" in problem.record

    @pytest.mark.parametrize("bad", ["NaN", "inf", "3,350", "about 100", ""])
    def test_value_must_be_a_finite_number(self, data_copy, bad):
        edit_csv(data_copy, "figures.csv", "pq17_vehicles_lost", "value", bad)
        code = "empty-field" if bad == "" else "not-a-number"
        assert only_problem(data_copy, code).field == "value"

    def test_figure_without_source(self, data_copy):
        edit_csv(data_copy, "figures.csv", "spain_loan", "source", "")
        problem = only_problem(data_copy, "missing-source")
        assert "every figure needs a source" in problem.message

    def test_figure_source_must_resolve(self, data_copy):
        edit_csv(data_copy, "figures.csv", "spain_loan", "source", "hearsay")
        assert "'hearsay'" in only_problem(data_copy, "unknown-source").message

    def test_unknown_unit(self, data_copy):
        edit_csv(data_copy, "figures.csv", "spain_loan", "unit", "roubles")
        assert only_problem(data_copy, "unknown-unit").field == "unit"

    def test_unknown_metric(self, data_copy):
        edit_csv(data_copy, "figures.csv", "spain_loan", "metric", "gold")
        assert only_problem(data_copy, "unknown-metric").field == "metric"

    def test_inverted_figure_period(self, data_copy):
        edit_csv(data_copy, "figures.csv", "spain_loan", "end", "1937")
        assert only_problem(data_copy, "inverted-period").field == "end"

    def test_bad_date(self, data_copy):
        edit_csv(data_copy, "figures.csv", "spain_loan", "start", "autumn 1938")
        assert only_problem(data_copy, "bad-date").field == "start"

    def test_percent_over_100(self, data_copy):
        edit_csv(data_copy, "figures.csv", "arctic_share_1942", "value", "140")
        assert only_problem(data_copy, "bad-percent").field == "value"

    def test_disputed_with_unknown_figure(self, data_copy):
        edit_csv(data_copy, "figures.csv", "pq17_sunk_s25", "disputed_with", "pq17_sunk_s99")
        assert "'pq17_sunk_s99'" in only_problem(data_copy, "unknown-figure").message

    def test_feature_of_another_route(self, data_copy):
        edit_csv(data_copy, "figures.csv", "spain_loan", "feature", "arctic_return")
        assert only_problem(data_copy, "feature-of-other-route").field == "feature"

    def test_source_address_must_be_http(self, data_copy):
        edit_csv(data_copy, "sources.csv", "s17-wiki-alsib", "address", "javascript:alert(1)")
        assert only_problem(data_copy, "bad-address").field == "address"

    def test_missing_column(self, data_copy):
        path = data_copy / "figures.csv"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("qualifier,", "", 1), encoding="utf-8")
        problem = problems_of(data_copy)[0]
        assert problem.code == "missing-column" and problem.field == "qualifier"

    def test_route_file_for_unlisted_route(self, data_copy):
        (data_copy / "atlantis.geojson").write_text(
            '{"type": "FeatureCollection", "features": []}', encoding="utf-8"
        )
        assert only_problem(data_copy, "unlisted-route-file").file.endswith("atlantis.geojson")


class TestFileProblems:
    def test_empty_file(self, data_copy):
        (data_copy / "units.csv").write_text("", encoding="utf-8")
        problems = problems_of(data_copy)
        assert problems[0].code == "empty-file" and problems[0].file.endswith("units.csv")

    @pytest.mark.parametrize("name", ["figures.csv", "spain.geojson"])
    def test_a_utf8_byte_order_mark_is_read(self, data_copy, atlas, name):
        """Excel's "CSV UTF-8" starts the file with one: a teacher's first try must work."""
        path = data_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        loaded = load_atlas(data_copy)
        assert loaded.figures == atlas.figures and loaded.legs == atlas.legs

    def test_not_utf8(self, data_copy):
        path = data_copy / "sources.csv"
        path.write_bytes(path.read_bytes().replace("Ленд".encode(), "Ленд".encode("cp1251")))
        problem = only_problem(data_copy, "not-utf8")
        assert problem.record.startswith("line ")

    def test_oversized_file_is_refused_without_reading(self, data_copy):
        path = data_copy / "pacific.geojson"
        with path.open("wb") as f:
            f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing to read
        assert only_problem(data_copy, "file-too-large").file.endswith("pacific.geojson")

    def test_missing_route_file(self, data_copy):
        (data_copy / "alsib.geojson").unlink()
        assert only_problem(data_copy, "missing-file").file.endswith("alsib.geojson")

    def test_folder_that_does_not_exist(self, tmp_path):
        assert only_problem(tmp_path / "nowhere", "missing-folder")


def test_every_problem_is_reported_at_once(data_copy):
    edit_csv(data_copy, "figures.csv", "spain_loan", "value", "-1")
    edit_csv(data_copy, "figures.csv", "arctic_chromium", "unit", "bushels")
    edit_geojson(data_copy, "pacific", "pacific_main", set_prop("mode", "canoe"))
    codes = sorted(p.code for p in problems_of(data_copy))
    assert codes == ["negative-value", "unknown-mode", "unknown-unit"]


def test_error_message_names_file_record_field_and_value(data_copy):
    edit_csv(data_copy, "figures.csv", "arctic_chromium", "value", "-300000")
    with pytest.raises(RouteDataError) as caught:
        load_atlas(data_copy)
    text = str(caught.value.problems[0])
    assert (
        "figures.csv" in text
        and "arctic_chromium" in text
        and "'value'" in text
        and "'-300000'" in text
    )


def test_see_also_must_name_a_group(data_copy):
    edit_csv(data_copy, "groups.csv", "spain_1936_39", "see_also", "narnia")
    assert only_problem(data_copy, "unknown-group").field == "see_also"


class TestSpreadsheetsAsTeachersSaveThem:
    """Issue 10: files as spreadsheets and file managers leave them."""

    def test_hidden_files_are_ignored(self, data_copy, atlas):
        (data_copy / "._spain.geojson").write_bytes(
            b"\x00\x05\x16\x07 AppleDouble"
        )  # macOS, on a USB stick
        (data_copy / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
        (data_copy / "~$figures.csv").write_bytes(b"\x0bteacher\x00")  # Excel's lock file
        (data_copy / ".hidden.geojson").write_text("{", encoding="utf-8")
        assert load_atlas(data_copy).legs == atlas.legs

    def test_a_record_over_several_lines_is_named_by_its_first(self, data_copy):
        def first_lines(path):
            with path.open(encoding="utf-8", newline="") as f:
                reader, starts, line = csv.reader(f), {}, 1
                for row in reader:
                    starts[row[0]] = line
                    line = reader.line_num + 1
            return starts

        edit_csv(data_copy, "figures.csv", "pq17_sunk_s24", "note", "a note\nover\nthree lines")
        edit_csv(data_copy, "figures.csv", "spain_loan", "note", "one\ntwo")
        edit_csv(data_copy, "figures.csv", "spain_loan", "value", "-1")
        start = first_lines(data_copy / "figures.csv")["spain_loan"]
        problem = only_problem(data_copy, "negative-value")
        assert problem.record == f"line {start} (id 'spain_loan')"

    def test_a_row_missing_only_its_last_optional_cells_is_read(self, data_copy):
        path = data_copy / "groups.csv"
        path.write_text(
            path.read_text(encoding="utf-8") + "extra_map,A map,With no routes\n", encoding="utf-8"
        )
        assert load_atlas(data_copy).groups["extra_map"].summary == "With no routes"

    def test_a_short_row_is_one_problem_and_what_refers_to_it_is_not_reported(self, data_copy):
        rows = (data_copy / "routes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        broken = next(i for i, row in enumerate(rows) if row.startswith("italy,"))
        rows[broken] = "italy,Italy\n"
        (data_copy / "routes.csv").write_text("".join(rows), encoding="utf-8")
        problem = only_problem(data_copy, "short-row")  # not also its file, figures, charts...
        assert "italy" in problem.record and "group, start, end, summary missing" in problem.message

    def test_a_device_where_a_file_should_be(self, data_copy):
        (data_copy / "units.csv").unlink()
        try:
            os.mknod(
                data_copy / "units.csv", 0o644 | stat.S_IFCHR, os.makedev(1, 3)
            )  # like /dev/null
        except PermissionError:
            pytest.skip("making a device needs CAP_MKNOD")
        problem = only_problem(data_copy, "not-a-file")
        assert problem.file.endswith("units.csv") and problem.message == "is a device, not a file"

    def test_a_symbolic_link_is_never_opened(self, data_copy, tmp_path):
        secret = tmp_path / "secret.csv"
        secret.write_text("id,name\nsecret_value,do not print me\n", encoding="utf-8")
        (data_copy / "metrics.csv").unlink()
        (data_copy / "metrics.csv").symlink_to(secret)
        problems = problems_of(data_copy)
        assert [p.code for p in problems] == ["symlink"]
        assert "secret" not in str(problems[0]).replace(str(tmp_path), "")

    def test_a_data_folder_given_through_a_link_is_read(self, data_copy, tmp_path, atlas):
        (tmp_path / "linked").symlink_to(data_copy, target_is_directory=True)
        assert load_atlas(tmp_path / "linked").legs == atlas.legs

    @pytest.mark.parametrize(
        "bad", ["1_000", "１５", "1e3", "+5", "0x10", "٣", "1 000", "Infinity"]
    )
    def test_numbers_are_ascii_digits(self, data_copy, bad):
        edit_csv(data_copy, "figures.csv", "spain_loan", "value", bad)
        assert only_problem(data_copy, "not-a-number").field == "value"
