"""Build the atlas maps (folium/Leaflet) from the route data.

>>> import mapgen
>>> [spec.filename for spec in mapgen.list_maps()][:2]
['lend-lease-1941-45.html', 'spain-1936-39.html']

The names below are imported on first use, so that the command line starts
(and answers Ctrl-C) before folium loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mapgen.page import build_map, render_page
    from mapgen.site import build_all
    from mapgen.specs import MapSpec, map_specs

_WHERE = {
    "MapSpec": "mapgen.specs",
    "map_specs": "mapgen.specs",
    "build_map": "mapgen.page",
    "render_page": "mapgen.page",
    "render": "mapgen.page",  # the name earlier versions had
    "build_all": "mapgen.site",
}


def __getattr__(name: str):
    if name in _WHERE:
        import importlib

        module = importlib.import_module(_WHERE[name])
        return getattr(module, "render_page" if name == "render" else name)
    raise AttributeError(f"module 'mapgen' has no attribute {name!r}")


def list_maps(data_dir=None) -> list[MapSpec]:
    """The maps a data folder (default: the shipped data) makes."""
    from mapgen.specs import map_specs
    from routes import load_atlas

    return map_specs(load_atlas(data_dir))


__all__ = ["MapSpec", "build_all", "build_map", "list_maps", "map_specs", "render", "render_page"]
