"""Build the atlas maps (folium/Leaflet) from the route data.

>>> import mapgen
>>> [spec.filename for spec in mapgen.list_maps()][:2]
['lend-lease-1941-45.html', 'spain-1936-39.html']
"""

from mapgen.page import build_map, render_page
from mapgen.site import build_all
from mapgen.specs import MapSpec, map_specs


def list_maps(data_dir=None) -> list[MapSpec]:
    """The maps a data folder (default: the shipped data) makes."""
    from routes import load_atlas

    return map_specs(load_atlas(data_dir))


render = render_page  # the name earlier versions had

__all__ = ["MapSpec", "build_all", "build_map", "list_maps", "map_specs", "render", "render_page"]
