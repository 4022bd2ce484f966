"""Build the atlas maps (folium/Leaflet) from the route data.

>>> import mapgen
>>> [spec.name for spec in mapgen.list_maps()]
['lend_lease_1941_45', 'spain_1936_39']
"""

from mapgen.build import MapSpec, build_all, build_map, map_specs, render


def list_maps(data_dir=None) -> list[MapSpec]:
    """The maps a data folder (default: the shipped data) makes."""
    from routes import load_atlas

    return map_specs(load_atlas(data_dir))


__all__ = ["MapSpec", "build_all", "build_map", "list_maps", "map_specs", "render"]
