"""Make the shipped border files of ``geo/data`` from their published sources.

Run by hand when a source changes (see ``geo/data/README.md``)::

    python geo/data/make_borders.py HISTORICAL_BASEMAPS_GEOJSON_DIR WORLD_ATLAS_DIR

The first folder holds ``world_1938.geojson`` and ``world_1945.geojson`` of
aourednik/historical-basemaps; the second the unpacked npm package
``world-atlas@2.0.2`` (``countries-50m.json``). Writes ``borders-1938.geojson``,
``ussr-1941.geojson`` and ``borders-present.geojson`` beside this script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiLineString, MultiPolygon, Polygon, box, mapping, shape

SIMPLIFY_DEG = 0.02  # about 2 km: finer than any of the maps shows
DIGITS = 3
HERE = Path(__file__).resolve().parent
# Territory the USSR held on 22 June 1941 but not in 1938, taken from the 1945 USSR where it
# overlaps the 1938 states it was annexed from in 1939-40 (see README.md for the sources).
ANNEXED_1939_40_FROM = ("Poland", "Romania", "Finland")
ANNEXED_WHOLE_1940 = ("Estonia", "Latvia", "Lithuania")
# Petsamo, ceded by Finland only in 1944, lies north of this latitude; the 1940 cessions south of it.
PETSAMO_SOUTH_EDGE = 68.6


def _rounded(geometry):
    return shapely.set_precision(geometry, 10.0**-DIGITS)


def _polygonal(geometry) -> MultiPolygon:
    parts = [
        g
        for g in getattr(geometry, "geoms", [geometry])
        if isinstance(g, Polygon) and not g.is_empty
    ]
    return MultiPolygon(parts)


def _countries(path: Path) -> dict[str, MultiPolygon]:
    """Polygons by name, with territories under a power (SUBJECTO) kept apart; valid and simplified."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    by_name: dict[str, list] = {}
    for feature in collection["features"]:
        if not feature["geometry"]:
            continue
        name = feature["properties"]["NAME"] or ""
        subject = feature["properties"].get("SUBJECTO") or name
        # A region drawn apart but ruled by the USSR (1938's "Armenia") belongs to it.
        key = (
            "USSR"
            if subject == "USSR" and name != "USSR" and not name.startswith(("Korea", "Germany"))
            else name
        )
        by_name.setdefault(key, []).append(shapely.make_valid(shape(feature["geometry"])))
    return {
        name: _polygonal(
            shapely.simplify(shapely.union_all(parts), SIMPLIFY_DEG, preserve_topology=True)
        )
        for name, parts in by_name.items()
        if name and name != "None"
    }


def _internal_borders(polygons: list) -> MultiLineString:
    """The land borders between the polygons: their outlines without the coastline."""
    outlines = shapely.union_all([p.boundary for p in polygons])
    coast = shapely.union_all(polygons).boundary.buffer(0.03)
    lines = shapely.line_merge(outlines.difference(coast))
    parts = [
        g
        for g in getattr(lines, "geoms", [lines])
        if g.geom_type == "LineString" and g.length > 0.05
    ]
    return MultiLineString(parts)


def _feature(geometry, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": mapping(_rounded(geometry))}


def _write(name: str, features: list[dict]) -> None:
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    (HERE / name).write_text(text + "\n", encoding="utf-8")


def _topojson_lines(path: Path) -> MultiLineString:
    """The arcs of a TopoJSON object shared by two different countries: today's land borders."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    scale, translate = topo["transform"]["scale"], topo["transform"]["translate"]

    def decoded(arc):
        x = y = 0
        out = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            out.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        return out

    owners: dict[int, set] = {}
    for index, geometry in enumerate(topo["objects"]["countries"]["geometries"]):
        rings = geometry.get("arcs", [])
        polygons = rings if geometry["type"] == "MultiPolygon" else [rings]
        for polygon in polygons:
            for ring in polygon:
                for arc in ring:
                    owners.setdefault(arc if arc >= 0 else ~arc, set()).add(index)
    shared = [decoded(topo["arcs"][arc]) for arc, who in sorted(owners.items()) if len(who) > 1]
    lines = [shapely.simplify(shapely.LineString(a), SIMPLIFY_DEG) for a in shared if len(a) > 1]
    return MultiLineString([line for line in lines if line.length > 0])


def main(historical: Path, world_atlas: Path) -> None:
    w1938 = _countries(historical / "world_1938.geojson")
    w1945 = _countries(historical / "world_1945.geojson")
    borders = _internal_borders(list(w1938.values()))
    _write(
        "borders-1938.geojson",
        [_feature(borders, kind="borders")]
        + [
            _feature(geometry, kind="country", name=name)
            for name, geometry in sorted(w1938.items())
        ],
    )
    gained = [w1945["USSR"].intersection(w1938[n]) for n in ANNEXED_1939_40_FROM]
    gained[ANNEXED_1939_40_FROM.index("Finland")] = gained[
        ANNEXED_1939_40_FROM.index("Finland")
    ].intersection(box(-180, -90, 180, PETSAMO_SOUTH_EDGE))
    ussr_1941 = shapely.union_all([w1938["USSR"], *gained, *(w1938[n] for n in ANNEXED_WHOLE_1940)])
    ussr_1941 = _polygonal(shapely.simplify(ussr_1941.buffer(0.01).buffer(-0.01), SIMPLIFY_DEG))
    _write("ussr-1941.geojson", [_feature(ussr_1941, kind="country", name="USSR")])
    _write(
        "borders-present.geojson",
        [_feature(_topojson_lines(world_atlas / "countries-50m.json"), kind="borders")],
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
