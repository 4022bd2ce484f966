"""Synthetic data folders of any size, laid out like routes/data, for the scale benchmark.

A voyage-by-voyage table: N places along a few routes, and N legs between
neighbouring places (sea legs drawn as stored, rail and air legs), each leg
with one sourced figure of cargo carried, as a teacher's or researcher's own
data set would have; and two periods with each route's cargo in each, so the
map has a period control. Seeded, so the same N gives the same folder.
"""

from __future__ import annotations

import csv
import json
import math
import random
from pathlib import Path

ROUTE_COUNT = 4
MODES = ("sea", "rail", "air")


def make_dataset(folder: Path, legs: int, *, seed: int = 1941) -> Path:
    """Write a valid data folder with ``legs`` legs and as many places; return the folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    routes = [f"route_{i}" for i in range(min(ROUTE_COUNT, legs))]
    per_route = [
        legs // len(routes) + (1 if i < legs % len(routes) else 0) for i in range(len(routes))
    ]
    figures = []
    for r, (route, count) in enumerate(zip(routes, per_route, strict=False)):
        features = []
        # a random walk of places across the northern hemisphere, 100-600 km apart
        lon, lat = -60.0 + 40.0 * r, 40.0 + 5.0 * r
        places = []
        for i in range(count + 1):
            places.append((f"{route}_p{i}", round(lon, 4), round(lat, 4)))
            bearing = rng.uniform(0, 2 * math.pi)
            step = rng.uniform(1.0, 5.0)
            lon = lon + step * math.cos(bearing) / max(math.cos(math.radians(lat)), 0.3)
            lon = max(min(lon, 170.0), -170.0)  # the walk stays off the antimeridian
            lat = min(max(lat + step * math.sin(bearing), 5.0), 75.0)
        for pid, plon, plat in places:
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [plon, plat]},
                    "properties": {
                        "id": pid,
                        "name": f"Place {pid}",
                        "kind": "port",
                        "coord_source": "synthetic",
                    },
                }
            )
        for i in range(count):
            (a, alon, alat), (b, blon, blat) = places[i], places[i + 1]
            mode = MODES[i % len(MODES)]
            leg_id = f"{route}_leg{i}"
            mid = [
                round((alon + blon) / 2 + rng.uniform(-0.5, 0.5), 4),
                round((alat + blat) / 2, 4),
            ]
            coords = [[alon, alat], mid, [blon, blat]]
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": coords},
                    "properties": {
                        "route": route,
                        "id": leg_id,
                        "from": a,
                        "to": b,
                        "mode": mode,
                        "start": "1942",
                        "end": "1943",
                        "note": f"Voyage {i} of {route}.",
                        "sources": ["synthetic"],
                        "track": "as_drawn",
                    },
                }
            )
            figures.append(
                [
                    f"{leg_id}_cargo",
                    route,
                    leg_id,
                    "cargo",
                    str(rng.randint(100, 9000)),
                    "",
                    "tons",
                    "1942",
                    "1943",
                    "about",
                    "synthetic",
                    f"Voyage {i} carried cargo.",
                    "",
                    "",
                ]
            )
        (folder / f"{route}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
        )

    def write(name: str, rows: list[list[str]]) -> None:
        with (folder / name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(rows)

    write(
        "groups.csv",
        [["id", "name", "summary"], ["synthetic", f"{legs} synthetic voyages", "Scale test."]],
    )
    write(
        "routes.csv",
        [["id", "name", "group", "start", "end", "summary"]]
        + [[r, f"Route {r}", "synthetic", "1942", "1943", "Synthetic."] for r in routes],
    )
    write(
        "sources.csv",
        [
            ["id", "title", "author", "publisher", "year", "address"],
            ["synthetic", "Synthetic data", "", "bench", "", ""],
        ],
    )
    # Two periods, each route's cargo in each: the map gets a period control to switch.
    years = ("1942", "1943")
    write(
        "periods.csv",
        [["group", "id", "label", "start", "end"]]
        + [["synthetic", year, year, year, year] for year in years],
    )
    route_figures = [
        [f"{route}_{year}", route, "", "cargo", str(rng.randint(1000, 90000)), "", "tons", year]
        + [year, "about", "synthetic", f"The route carried cargo in {year}.", "", ""]
        for route in routes
        for year in years
    ]
    figures += route_figures
    write(
        "flows.csv",
        [["group", "period", "route", "figure"]]
        + [["synthetic", row[7], row[1], row[0]] for row in route_figures],
    )
    write("metrics.csv", [["id", "name"], ["cargo", "Cargo carried"]])
    write("units.csv", [["id", "name"], ["tons", "tons"]])
    write(
        "figures.csv",
        [
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
            ]
        ]
        + figures,
    )
    return folder
