"""What a Python user would write with folium alone: the five routes' GeoJSON files, one
FeatureGroup per route, a layer control, default settings (OpenStreetMap tiles, CDN assets).

    python bench/peers/plain_folium.py OUT.html
"""

import json
import sys
from pathlib import Path

import folium

DATA = Path(__file__).resolve().parents[2] / "routes" / "data"
ROUTES = ["arctic", "pacific", "persian_corridor", "alsib", "spain"]

m = folium.Map(location=[50, 60], zoom_start=2)
for route in ROUTES:
    collection = json.loads((DATA / f"{route}.geojson").read_text(encoding="utf-8"))
    group = folium.FeatureGroup(name=route)
    folium.GeoJson(
        collection,
        tooltip=folium.GeoJsonTooltip(fields=["id", "name"], aliases=["id", "name"]),
    ).add_to(group)
    group.add_to(m)
folium.LayerControl().add_to(m)
m.save(sys.argv[1])
