"""What a Python user would write with geopandas: read the five routes' GeoJSON files into
one GeoDataFrame and call explore(), coloured by route, with default settings.

    python bench/peers/explore.py OUT.html
"""

import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "routes" / "data"
ROUTES = ["arctic", "pacific", "persian_corridor", "alsib", "spain"]

frames = []
for route in ROUTES:
    frame = gpd.read_file(DATA / f"{route}.geojson")
    frame["route"] = route
    frames.append(frame[["route", "id", "name", "geometry"]])
routes = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")
routes.explore(column="route", tooltip=["route", "id", "name"]).save(sys.argv[1])
