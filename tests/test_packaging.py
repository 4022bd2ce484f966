"""The fixed package names geo/routes/mapgen belong to this distribution alone (see STYLE.md)."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]


def test_each_package_name_maps_to_this_distribution_only():
    owners = importlib.metadata.packages_distributions()
    for package in ("geo", "routes", "mapgen"):
        assert set(owners.get(package, [])) == {PROJECT}, (
            f"{package!r} is installed by {owners.get(package)}; another distribution "
            "(PyPI 'Routes' or a 'geo' package) would overwrite this project's files"
        )


def test_packages_import_from_this_checkout():
    import geo
    import mapgen
    import routes

    for module in (geo, routes, mapgen):
        assert Path(module.__file__).resolve().is_relative_to(ROOT)


def test_console_script_is_declared():
    scripts = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="console_scripts")}
    assert scripts.get("supply-atlas") == "mapgen.cli:main"


def test_package_data_is_shipped():
    from importlib.resources import files

    assert files("geo").joinpath("data", "land-50m.json").is_file()
    assert files("mapgen").joinpath("vendor", "leaflet", "LICENSE").is_file()
    assert files("routes").joinpath("data", "figures.csv").is_file()


def test_every_data_file_is_declared_as_package_data():
    """A non-editable install gets the vendored scripts, templates, data and the teachers' template:
    every tracked non-Python file in the packages matches a package-data pattern."""
    import fnmatch
    import subprocess

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]
    tracked = subprocess.run(
        ["git", "ls-files", "geo", "routes", "mapgen"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for path in tracked:
        package, _, inside = path.partition("/")
        if path.endswith(".py"):
            continue
        assert any(fnmatch.fnmatch(inside, pattern) for pattern in patterns[package]), (
            f"{path} would be missing from a wheel: add it to [tool.setuptools.package-data]"
        )


def test_ci_runs_the_readmes_test_command_and_the_linter():
    """What is configured is enforced: CI runs exactly the README's test command, and ruff."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"Run the tests[^\n]*\n\n```sh\n(.+?)\n```", readme, re.S)
    assert block, "the README lost its test command"
    command = block.group(1).strip()
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert command in ci and ".venv/bin/ruff check . || lint=$?" in ci
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.startswith("ruff") for dep in extras["optional-dependencies"]["test"])
