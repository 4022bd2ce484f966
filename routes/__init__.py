"""The historical route data and its loader.

>>> from routes import load_atlas
>>> atlas = load_atlas()
>>> sorted(atlas.routes)
['alsib', 'arctic', 'pacific', 'persian_corridor', 'spain']
"""

from routes.errors import Problem, RouteDataError
from routes.frames import to_geodataframes
from routes.loader import default_data_dir, load_atlas
from routes.model import MODES, Atlas, Event, Figure, Group, Leg, Period, Place, Route, Source

__all__ = [
    "Atlas",
    "Event",
    "Figure",
    "Group",
    "Leg",
    "MODES",
    "Period",
    "Place",
    "Problem",
    "Route",
    "RouteDataError",
    "Source",
    "default_data_dir",
    "load_atlas",
    "to_geodataframes",
]
