"""The precomputed entries the package ships (geo/data/precomputed/) are exactly what a build of
the shipped data needs, with the values it would compute: a fresh machine's first build routes
nothing and cuts no land. When the data or the code that routes or cuts changes, this fails and
names the command that writes them again."""

from __future__ import annotations

import json

import pytest

from geo.cache import PRECOMPUTED_ENV, precomputed_path
from mapgen.precompute import NAMESPACES, needed_entries

REFRESH = "python -m mapgen.precompute (then commit geo/data/precomputed/)"


@pytest.fixture(scope="module")
def needed():
    return needed_entries()


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_the_shipped_entries_are_current(namespace, needed):
    path = precomputed_path(namespace)
    assert path.is_file(), f"{path} is missing; run: {REFRESH}"
    shipped = json.loads(path.read_text(encoding="utf-8"))["entries"]
    wanted = needed[namespace]
    stale = sorted(set(shipped) - set(wanted))
    missing = sorted(set(wanted) - set(shipped))
    assert not missing and not stale, (
        f"{namespace}: {len(missing)} entries a build needs are not shipped and {len(stale)} "
        "shipped are "
        f"not needed (the data or the code that computes them changed); run: {REFRESH}"
    )
    for name, entry in wanted.items():
        assert shipped[name] == entry, (
            f"{namespace}: entry {name} differs from a fresh computation; run: {REFRESH}"
        )


def test_there_is_something_to_ship(needed):
    assert len(needed["sea-tracks"]) >= 10 and len(needed["land"]) >= 5


def test_a_first_build_computes_nothing(tmp_path, monkeypatch):
    from mapgen import build_all

    monkeypatch.setenv("SUPPLY_ATLAS_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.delenv(PRECOMPUTED_ENV, raising=False)
    build_all(tmp_path / "site", ["spain_1936_39", "lend_lease_1941_45"])
    assert not (tmp_path / "empty-cache").exists(), "a build of the shipped data computed something"
