"""The supply-atlas command line: exit codes, 'Error: ...' lines, output left intact on failure."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from test_loader import edit_csv

from mapgen.cli import cli


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output, result.stderr


def test_validate_shipped_data(atlas):
    code, out, _ = run("validate")
    assert code == 0
    assert out.startswith(f"OK: {len(atlas.routes)} routes, {len(atlas.legs)} legs")
    assert out.rstrip().endswith(f", {len(atlas.convoys)} convoys") and atlas.convoys


def test_list_names_each_map(atlas):
    code, out, _ = run("list")
    assert code == 0
    names = [line.split("\t")[0] for line in out.strip().splitlines()]
    assert names == list(atlas.groups)


def test_validate_bad_folder_prints_errors_and_exits_1(data_copy):
    edit_csv(data_copy, "figures.csv", "arctic_chromium", "value", "-300000")
    code, _, err = run("validate", str(data_copy))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("Error: ") for line in lines)
    assert "figures.csv" in lines[0] and "arctic_chromium" in lines[0] and "'value'" in lines[0]
    assert "Traceback" not in err


def test_build_unknown_map_name(tmp_path):
    code, _, err = run("build", "atlantis", "--out", str(tmp_path))
    assert code == 2  # a usage error, as click's
    assert err.startswith("Error: no map named 'atlantis'")
    assert list(tmp_path.iterdir()) == []


def test_build_one_map_by_name(tmp_path):
    code, out, _ = run("build", "spain_1936_39", "--out", str(tmp_path))
    assert code == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")) == [
        "ru/spain-1936-39.html",
        "spain-1936-39.html",
    ]
    assert "wrote" in out


def test_build_one_language(tmp_path):
    code, _, _ = run("build", "spain_1936_39", "--lang", "ru", "--out", str(tmp_path))
    assert code == 0
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")] == [
        "ru/spain-1936-39.html"
    ]
    assert '<html lang="ru">' in (tmp_path / "ru" / "spain-1936-39.html").read_text(
        encoding="utf-8"
    )


def test_build_in_a_language_the_data_does_not_declare(tmp_path, data_copy):
    rows = (data_copy / "groups.csv").read_text(encoding="utf-8").replace(",en;ru\n", ",en\n")
    (data_copy / "groups.csv").write_text(rows, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run("build", "--lang", "ru", "--data", str(data_copy), "--out", str(out))
    assert code == 2
    assert err.startswith("Error: no map is built in 'ru'")
    assert not out.exists()


def test_failed_build_leaves_existing_maps_untouched(tmp_path, data_copy):
    out = tmp_path / "output"
    out.mkdir()
    existing = out / "lend-lease-1941-45.html"
    existing.write_text("the teacher's copy", encoding="utf-8")
    os.utime(existing, (1_000_000_000, 1_000_000_000))
    edit_csv(data_copy, "figures.csv", "spain_loan", "route", "spian")
    code, _, err = run("build", "--out", str(out), "--data", str(data_copy))
    assert code == 1 and err.startswith("Error: ")
    assert existing.read_text(encoding="utf-8") == "the teacher's copy"
    assert existing.stat().st_mtime == 1_000_000_000
    assert sorted(p.name for p in out.iterdir()) == [
        "lend-lease-1941-45.html"
    ]  # no half-written files


@pytest.mark.parametrize("command", [[], ["build"], ["list"], ["validate"]])
def test_every_command_has_help(command):
    code, out, _ = run(*command, "--help")
    assert code == 0 and "Usage:" in out


def test_python_dash_m_mapgen_reports_errors_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mapgen", "validate", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
