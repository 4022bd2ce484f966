"""The build cache (geo.cache) and the vectorised polyline encoder give what they replace."""

from __future__ import annotations

import json
import random

import polyline
import pytest

from geo.cache import cached, code_of
from mapgen import build_all
from mapgen.basemap import encoded_land
from mapgen.encoding import encode_polyline


@pytest.mark.parametrize("precision", [2, 5])
def test_encoder_matches_the_reference(precision):
    rng = random.Random(7)
    points = [(rng.uniform(-85, 85), rng.uniform(-400, 400)) for _ in range(3000)]
    halves = [
        (0.005, -0.005),
        (0.015, 1.125),
        (-0.025, 0.035),
        (12.345, -67.895),
    ]  # ties round away from 0
    for coords in (points, halves, [(0.0, 0.0)], [(1.0, 2.0), (1.0, 2.0)]):
        assert encode_polyline(coords, precision) == polyline.encode(coords, precision)


def test_the_land_encoding_matches_the_reference(monkeypatch):
    import importlib

    import shapely

    from mapgen.basemap import LAND_MIN_AREA_DEG2, LAND_SIMPLIFY_DEG

    monkeypatch.setenv("SUPPLY_ATLAS_CACHE", "off")
    land = importlib.import_module("geo.land").land_in_window(-30.0, east=330.0)
    land = shapely.simplify(land, LAND_SIMPLIFY_DEG, preserve_topology=True)
    ours = encoded_land(-30.0)
    rings = [
        [
            polyline.encode([(lat, lon) for lon, lat in r.coords], 2)
            for r in (p.exterior, *p.interiors)
        ]
        for p in land.geoms
        if p.area >= LAND_MIN_AREA_DEG2
    ]
    assert ours == rings


def test_cached_values_come_back_exactly(tmp_path, monkeypatch):
    monkeypatch.setenv("SUPPLY_ATLAS_CACHE", str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return [[0.1 + 0.2, 1e-17], [-179.99999999999997, 65.2]]

    first = cached("test", {"k": 1}, compute)
    second = cached("test", {"k": 1}, compute)
    assert first == second and len(calls) == 1
    cached("test", {"k": 2}, compute)
    assert len(calls) == 2


def test_a_broken_cache_entry_is_recomputed(tmp_path, monkeypatch):
    monkeypatch.setenv("SUPPLY_ATLAS_CACHE", str(tmp_path))
    cached("test", "key", lambda: [1, 2])
    (entry,) = (tmp_path / "test").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert cached("test", "key", lambda: [3]) == [3]
    assert json.loads(entry.read_text(encoding="utf-8")) == [3]


def test_an_unwritable_cache_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("SUPPLY_ATLAS_CACHE", str(blocker / "cache"))
    assert cached("test", "key", lambda: [5]) == [5]


def test_the_key_follows_the_code():
    import geo.antimeridian
    import geo.sea

    assert code_of([geo.sea]) != code_of([geo.antimeridian])
    assert code_of([geo.sea, geo.antimeridian]) == code_of([geo.antimeridian, geo.sea])


def test_cold_warm_shipped_and_uncached_builds_are_identical(tmp_path, monkeypatch):
    maps = ["spain_1936_39", "lend_lease_1941_45"]
    monkeypatch.setenv("SUPPLY_ATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(
        "SUPPLY_ATLAS_PRECOMPUTED", "off"
    )  # as before the package shipped its entries
    build_all(tmp_path / "cold", maps, languages=["en"])
    build_all(tmp_path / "warm", maps, languages=["en"])
    assert any((tmp_path / "cache" / "sea-tracks").iterdir())
    monkeypatch.delenv("SUPPLY_ATLAS_PRECOMPUTED")
    monkeypatch.setenv("SUPPLY_ATLAS_CACHE", str(tmp_path / "fresh-machine"))
    build_all(tmp_path / "shipped", maps, languages=["en"])
    monkeypatch.setenv("SUPPLY_ATLAS_CACHE", "off")
    build_all(tmp_path / "none", maps, languages=["en"])
    for name in ("spain-1936-39.html", "lend-lease-1941-45.html"):
        cold = (tmp_path / "cold" / name).read_bytes()
        assert (
            cold
            == (tmp_path / "warm" / name).read_bytes()
            == (tmp_path / "none" / name).read_bytes()
        )
        assert cold == (tmp_path / "shipped" / name).read_bytes()


def test_shipped_entries_are_read_before_the_cache_folder(tmp_path, monkeypatch):
    from geo.cache import entry_name, write_precomputed

    monkeypatch.setenv("SUPPLY_ATLAS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "shipped" / "test.json"
    write_precomputed(
        "test", {entry_name("test", {"k": 1}): {"key": {"k": 1}, "value": [1, 2]}}, path
    )
    monkeypatch.setattr("geo.cache.precomputed_path", lambda namespace: path)
    assert cached("test", {"k": 1}, lambda: [9]) == [1, 2]
    assert cached("test", {"k": 2}, lambda: [9]) == [9]
    assert not (tmp_path / "cache" / "test" / f"{entry_name('test', {'k': 1})}.json").exists()
    monkeypatch.setenv("SUPPLY_ATLAS_PRECOMPUTED", "off")
    assert cached("test", {"k": 1}, lambda: [9]) == [9]
